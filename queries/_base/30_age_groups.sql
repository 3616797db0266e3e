-- Age groups shared by the incidence results: five-year groups for standardisation (as in
-- the population and standard population tables) and ten-year bands for publication.
-- The SQL linter cannot parse DuckDB macros, hence the noqa range.
-- noqa: disable=all
create or replace macro five_year_group(age) as
    case
        when age >= 85 then '85+'
        else lpad((age // 5 * 5)::varchar, 2, '0') || '-' || lpad((age // 5 * 5 + 4)::varchar, 2, '0')
    end;

create or replace macro published_band(age) as
    case
        when age < 30 then '00-29'
        when age >= 80 then '80+'
        else (age // 10 * 10)::varchar || '-' || (age // 10 * 10 + 9)::varchar
    end;
-- noqa: enable=all

-- the registry's incidence count: a person's first invasive breast cancer
create or replace view incident_cases as
select * from tumour_facts
where invasive and first_breast_cancer;

-- The same for women: the distributions of stage, grade, subtype and screening describe
-- women's breast cancer (men, about 1 % of cases, are counted in new_cases)
create or replace view incident_women as
select * from incident_cases
where sex = 'f';
