-- Nottingham grade of invasive cases, with an 'all' row per year as the total.
with cases as (
    select
        period as year,
        coalesce(grade::varchar, 'unknown') as grade
    from incident_women
)

select
    year,
    coalesce(grade, 'all') as grade,
    count(*) as cases
from cases
group by grouping sets ((year, grade), (year))
