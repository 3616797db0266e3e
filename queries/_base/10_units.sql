-- The hospital tree every unit-level result rolls up: hospital -> trust -> region -> nation.
create or replace view unit_tree as
select
    h.hospital_id,
    h.trust_id,
    t.region_id
from hospitals as h
inner join trusts as t on h.trust_id = t.trust_id;

-- An indicator from one row per case (period, hospital_id, achieved) to one row per unit and
-- period, for hospital, trust, region and nation alike.
-- The SQL linter cannot parse DuckDB table macros, hence the noqa range.
-- noqa: disable=all
create or replace macro indicator_rollup(cases) as table
with per_hospital as (
    -- counted per hospital first: the rollup then sums a few hundred rows, not every case
    select period, hospital_id, count_if(achieved) as hits, count(*) as cases
    from query_table(cases)
    group by period, hospital_id
)
select
    case
        when grouping(u.hospital_id) = 0 then 'hospital'
        when grouping(u.trust_id) = 0 then 'trust'
        when grouping(u.region_id) = 0 then 'region'
        else 'nation'
    end as unit_level,
    coalesce(u.hospital_id, u.trust_id, u.region_id, 'norway') as unit_id,
    c.period,
    sum(c.hits)::bigint as numerator,
    sum(c.cases)::bigint as denominator
from per_hospital as c
inner join unit_tree as u on c.hospital_id = u.hospital_id
group by grouping sets (
    (c.period, u.hospital_id),
    (c.period, u.trust_id),
    (c.period, u.region_id),
    (c.period)
);

-- The same rollup for results with a category beside the unit (form type, variable), from
-- counts already made per hospital: (year, category, hospital_id, hits, cases), one row per
-- hospital that has cases, to cases and hits per unit. Counting per hospital in the result's
-- own query first lets it count several categories in one pass over its cases.
create or replace macro counted_rollup(counted) as table
select
    c.year,
    c.category,
    case
        when grouping(u.hospital_id) = 0 then 'hospital'
        when grouping(u.trust_id) = 0 then 'trust'
        when grouping(u.region_id) = 0 then 'region'
        else 'nation'
    end as unit_level,
    coalesce(u.hospital_id, u.trust_id, u.region_id, 'norway') as unit_id,
    sum(c.cases)::bigint as cases,
    sum(c.hits)::bigint as hits
from query_table(counted) as c
inner join unit_tree as u on c.hospital_id = u.hospital_id
group by grouping sets (
    (c.year, c.category, u.hospital_id),
    (c.year, c.category, u.trust_id),
    (c.year, c.category, u.region_id),
    (c.year, c.category)
);

-- The same from one row per case (year, category, hospital_id, achieved).
create or replace macro category_rollup(cases) as table
with per_hospital as (
    select year, category, hospital_id, count_if(achieved) as hits, count(*) as cases
    from query_table(cases)
    group by year, category, hospital_id
)
select * from counted_rollup(per_hospital);
-- noqa: enable=all
