-- Neoadjuvant (preoperative) systemic treatment by subtype, for invasive cases without distant
-- metastases, with an 'all' row per year.
with cases as (
    select
        period as year,
        neoadjuvant,
        subtype
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
