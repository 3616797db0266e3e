-- Receptor-based subtype of invasive cases, with an 'all' row per year as the total.
with cases as (
    select
        period as year,
        subtype
    from incident_women
)

select
    year,
    coalesce(subtype, 'all') as subtype,
    count(*) as cases
from cases
group by grouping sets ((year, subtype), (year))
