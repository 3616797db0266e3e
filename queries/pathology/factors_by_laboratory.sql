-- Prognostic and predictive factors recorded on the first operation's specimen, by reporting
-- laboratory (and 'all' laboratories): reports, and reports with each factor.
with reports as (
    select
        year,
        laboratory_id,
        grade is not null as grade,
        ki67_percent is not null as ki67_percent,
        er_positive is not null as er_positive,
        pr_positive is not null as pr_positive,
        her2_positive is not null as her2_positive
    from primary_resections
),

long as (
    unpivot reports
    on grade, ki67_percent, er_positive, pr_positive, her2_positive
    into name variable value recorded
)

select
    year,
    coalesce(laboratory_id, 'all') as laboratory_id,
    variable,
    count(*) as cases,
    count_if(recorded) as recorded
from long
group by grouping sets ((year, laboratory_id, variable), (year, variable))
