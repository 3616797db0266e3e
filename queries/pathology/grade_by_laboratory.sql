-- Nottingham grade on the first operation's specimen, by reporting laboratory, with 'all'
-- rows for every laboratory together and for every grade. Reports without a grade are left
-- out here (factors_by_laboratory counts them).
with reports as (
    select
        year,
        laboratory_id,
        grade::varchar as grade
    from primary_resections
    where grade is not null
)

select
    year,
    coalesce(laboratory_id, 'all') as laboratory_id,
    coalesce(grade, 'all') as grade,
    count(*) as cases
from reports
group by grouping sets ((year, laboratory_id, grade), (year, laboratory_id), (year, grade), (year))
