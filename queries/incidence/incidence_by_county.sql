-- Women's invasive cases by county of residence and five-year age group, with person-years
-- and standard weights: the input for age-standardised rates per county.
with cases as (
    select
        period as year,
        county_code,
        five_year_group(age_at_diagnosis) as age_group,
        count(*) as cases
    from incident_cases
    where sex = 'f'
    group by all
),

person_years as (
    select
        year,
        county_code,
        age_group,
        sum(population) as person_years
    from population
    where sex = 'f'
    group by all
)

select
    p.year,
    p.county_code,
    s.standard,
    p.age_group,
    coalesce(c.cases, 0) as cases,
    p.person_years,
    s.weight
from person_years as p
inner join standard_populations as s on p.age_group = s.age_group
left join cases as c
    on p.year = c.year and p.county_code = c.county_code and p.age_group = c.age_group
where p.year in (select distinct k.year from cases as k)
