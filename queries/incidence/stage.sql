-- Stage at diagnosis of invasive cases, with an 'all' row per year as the total.
with cases as (
    select
        period as year,
        coalesce(stage, 'unknown') as stage
    from incident_women
)

select
    year,
    coalesce(stage, 'all') as stage,
    count(*) as cases
from cases
group by grouping sets ((year, stage), (year))
