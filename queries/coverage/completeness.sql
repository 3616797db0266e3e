-- Completeness of key variables: the share of invasive cases (first breast cancer) with the
-- variable recorded, per unit and year of diagnosis, by the hospital responsible for the case.
with counted as (
    -- per hospital and year: the cases, and how many have each variable recorded
    select
        period as year,
        responsible_hospital_id as hospital_id,
        count(*) as cases,
        count(stage) as stage,
        count(grade) as grade,
        count(tumour_size_mm) as tumour_size_mm,
        count(er_positive) as er_positive,
        count(pr_positive) as pr_positive,
        count(her2_positive) as her2_positive,
        count(histology) as histology,
        count(screen_detected) as screen_detected
    from incident_cases
    group by period, responsible_hospital_id
),

long as (
    unpivot counted
    on stage, grade, tumour_size_mm, er_positive, pr_positive, her2_positive, histology,
    screen_detected
    into name category value hits
)

select
    year,
    category as variable,
    unit_level,
    unit_id,
    cases,
    hits as recorded
from counted_rollup(long)
