-- Share of invasive cases found in the Mammography Programme, for the invited ages (50-69),
-- the other ages and all. Cases with unknown detection mode are left out of the share.
with cases as (
    select
        period as year,
        screen_detected,
        case when age_at_diagnosis between 50 and 69 then '50-69' else 'other' end as age_band
    from incident_women
    where screen_detected is not null
)

select
    year,
    coalesce(age_band, 'all') as age_band,
    count_if(screen_detected) as screen_detected,
    count(*) as cases
from cases
group by grouping sets ((year, age_band), (year))
