-- Invasive cases and population by ten-year age band, with an 'all' row per year and sex.
with cases as (
    select
        period as year,
        sex,
        published_band(age_at_diagnosis) as age_group
    from incident_cases
),

person_years as (
    -- the population on 1 January stands for the year's person-years
    select
        year,
        sex,
        published_band(cast(left(age_group, 2) as integer)) as age_group,
        sum(population) as person_years
    from population
    group by all
),

counted as (
    select
        year,
        sex,
        coalesce(age_group, 'all') as age_group,
        count(*) as cases
    from cases
    group by grouping sets ((year, sex, age_group), (year, sex))
),

population_bands as (
    select
        year,
        sex,
        coalesce(age_group, 'all') as age_group,
        sum(person_years) as person_years
    from person_years
    group by grouping sets ((year, sex, age_group), (year, sex))
)

select
    p.year,
    p.sex,
    p.age_group,
    coalesce(c.cases, 0) as cases,
    p.person_years
from population_bands as p
left join counted as c
    on p.year = c.year and p.sex = c.sex and p.age_group = c.age_group
where p.year in (select distinct k.year from counted as k)
