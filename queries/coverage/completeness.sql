-- Completeness of key variables: the share of invasive cases (first breast cancer) with the
-- variable recorded, per unit and year of diagnosis, by the hospital responsible for the case.
with cases as (
    select
        period as year,
        responsible_hospital_id as hospital_id,
        stage is not null as stage,
        grade is not null as grade,
        tumour_size_mm is not null as tumour_size_mm,
        er_positive is not null as er_positive,
        pr_positive is not null as pr_positive,
        her2_positive is not null as her2_positive,
        histology is not null as histology,
        screen_detected is not null as screen_detected
    from incident_cases
),

long as (
    unpivot cases
    on stage, grade, tumour_size_mm, er_positive, pr_positive, her2_positive, histology,
    screen_detected
    into name variable value recorded
)

select
    l.year,
    l.variable,
    case
        when grouping(u.hospital_id) = 0 then 'hospital'
        when grouping(u.trust_id) = 0 then 'trust'
        when grouping(u.region_id) = 0 then 'region'
        else 'nation'
    end as unit_level,
    coalesce(u.hospital_id, u.trust_id, u.region_id, 'norway') as unit_id,
    count(*) as cases,
    count_if(l.recorded) as recorded
from long as l
inner join unit_tree as u on l.hospital_id = u.hospital_id
group by grouping sets (
    (l.year, l.variable, u.hospital_id),
    (l.year, l.variable, u.trust_id),
    (l.year, l.variable, u.region_id),
    (l.year, l.variable)
)
