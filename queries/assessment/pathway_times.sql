-- Days from referral received to the start of treatment, per region and nation and by the
-- first treatment (surgery or drug treatment), with the share within the standard time.
with starts as (
    select
        f.period as year,
        u.region_id,
        case
            when
                f.first_neoadjuvant_start < f.primary_surgery_date
                or f.primary_surgery_date is null then 'drug'
            else 'surgery'
        end as first_treatment,
        least(f.first_neoadjuvant_start, f.primary_surgery_date) - f.referral_date as days
    from tumour_facts as f
    inner join unit_tree as u on f.assessment_hospital_id = u.hospital_id
    where f.assessed and f.referral_date is not null
),

timed as (
    select
        *,
        days <= case first_treatment
            when 'drug' then getvariable('drug_days')
            else getvariable('surgery_days')
        end as within_standard
    from starts
    where days is not null
)

select
    year,
    first_treatment,
    case when grouping(region_id) = 0 then 'region' else 'nation' end as unit_level,
    coalesce(region_id, 'norway') as unit_id,
    count(*) as patients,
    count_if(within_standard) as within_standard,
    quantile_cont(days, 0.25) as q1_days,
    median(days) as median_days,
    quantile_cont(days, 0.75) as q3_days
from timed
group by grouping sets ((year, first_treatment, region_id), (year, first_treatment))
