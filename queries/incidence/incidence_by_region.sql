-- Women's invasive cases by region of residence and five-year age group, with person-years
-- and standard weights: the input for age-standardised rates per region.
with cases as (
    select
        f.period as year,
        c.region_id,
        five_year_group(f.age_at_diagnosis) as age_group,
        count(*) as cases
    from incident_cases as f
    inner join counties as c on f.county_code = c.county_code
    where f.sex = 'f'
    group by all
),

person_years as (
    select
        p.year,
        c.region_id,
        p.age_group,
        sum(p.population) as person_years
    from population as p
    inner join counties as c on p.county_code = c.county_code
    where p.sex = 'f'
    group by all
)

select
    p.year,
    p.region_id,
    s.standard,
    p.age_group,
    coalesce(c.cases, 0) as cases,
    p.person_years,
    s.weight
from person_years as p
inner join standard_populations as s on p.age_group = s.age_group
left join cases as c
    on p.year = c.year and p.region_id = c.region_id and p.age_group = c.age_group
where p.year in (select distinct k.year from cases as k)
