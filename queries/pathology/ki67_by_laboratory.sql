-- Ki-67 on the first operation's specimen in bands, by reporting laboratory, with 'all' rows
-- for every laboratory together and for every band. Reports without Ki-67 are left out here
-- (factors_by_laboratory counts them).
with reports as (
    select
        year,
        laboratory_id,
        case
            when ki67_percent <= 10 then '00-10'
            when ki67_percent <= 20 then '11-20'
            when ki67_percent <= 30 then '21-30'
            else '31-100'
        end as ki67_band
    from primary_resections
    where ki67_percent is not null
)

select
    year,
    coalesce(laboratory_id, 'all') as laboratory_id,
    coalesce(ki67_band, 'all') as ki67_band,
    count(*) as cases
from reports
group by grouping sets (
    (year, laboratory_id, ki67_band), (year, laboratory_id), (year, ki67_band), (year)
)
