-- Neoadjuvant (preoperative) systemic treatment by subtype, for invasive cases without distant
-- metastases, with an 'all' row per year.
with cases as (
    select
        period as year,
        neoadjuvant,
        case
            when her2_positive then 'her2_positive'
            when
                her2_positive = false and (er_positive or pr_positive)
                then 'hormone_receptor_positive'
            when
                her2_positive = false and er_positive = false and pr_positive = false
                then 'triple_negative'
            else 'unknown'
        end as subtype
    from incident_cases
    -- stage IV disease is treated with palliative intent, not neoadjuvant
    where stage is distinct from 'IV'
)

select
    year,
    coalesce(subtype, 'all') as subtype,
    count_if(neoadjuvant) as neoadjuvant,
    count(*) as cases
from cases
group by grouping sets ((year, subtype), (year))
