-- Women's invasive cases and person-years by five-year age group, with each standard
-- population's weight: the input for crude and age-standardised rates per year and standard.
with cases as (
    select
        period as year,
        five_year_group(age_at_diagnosis) as age_group,
        count(*) as cases
    from incident_cases
    where sex = 'f'
    group by all
),

person_years as (
    select
        year,
        age_group,
        sum(population) as person_years
    from population
    where sex = 'f'
    group by all
)

select
    p.year,
    s.standard,
    p.age_group,
    coalesce(c.cases, 0) as cases,
    p.person_years,
    s.weight
from person_years as p
inner join standard_populations as s on p.age_group = s.age_group
left join cases as c on p.year = c.year and p.age_group = c.age_group
where p.year in (select distinct k.year from cases as k)
