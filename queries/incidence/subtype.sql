-- Receptor-based subtype of invasive cases, with an 'all' row per year as the total.
with cases as (
    select
        period as year,
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
)

select
    year,
    coalesce(subtype, 'all') as subtype,
    count(*) as cases
from cases
group by grouping sets ((year, subtype), (year))
