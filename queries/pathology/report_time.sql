-- Days from the first operation to its final pathology report, by reporting laboratory (and
-- 'all'), with the share within the guideline's number of days.
with reports as (
    select
        year,
        laboratory_id,
        days,
        days <= getvariable('pathology_report_days') as within_guideline
    from primary_resections
)

select
    year,
    coalesce(laboratory_id, 'all') as laboratory_id,
    count(*) as reports,
    count_if(within_guideline) as within_guideline,
    quantile_cont(days, 0.25) as q1_days,
    median(days) as median_days,
    quantile_cont(days, 0.75) as q3_days
from reports
group by grouping sets ((year, laboratory_id), (year))
