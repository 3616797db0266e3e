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
    into name category value achieved
)

select
    year,
    category as variable,
    unit_level,
    unit_id,
    cases,
    hits as recorded
from category_rollup(long)
