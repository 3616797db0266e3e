-- Start of treatment within the standard time of the cancer pathway, counted from the day the
-- referral was received: surgery within 32 days, drug treatment within 29 (settings.yml).
with starts as (
    select
        period,
        assessment_hospital_id as hospital_id,
        referral_date,
        -- the first treatment decides which standard time applies
        case
            when
                first_neoadjuvant_start < primary_surgery_date
                or primary_surgery_date is null then 'drug'
            else 'surgery'
        end as first_treatment,
        least(first_neoadjuvant_start, primary_surgery_date) as treatment_start
    from tumour_facts
    where
        -- [assessed] with an assessment form
        assessed
        -- [referral_known] without a referral date the pathway cannot be timed
        and referral_date is not null
),

cases as (
    select
        period,
        hospital_id,
        case first_treatment
            when 'drug' then treatment_start - referral_date <= getvariable('drug_days')
            else treatment_start - referral_date <= getvariable('surgery_days')
        end as achieved
    from starts
    -- [treated] patients never treated with surgery or neoadjuvant drugs are outside the pathway target
    where treatment_start is not null
)

select * from indicator_rollup(cases)
