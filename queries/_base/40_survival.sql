-- The women followed for relative survival: one row per woman's first invasive breast cancer
-- (the registry's incidence count), every diagnosis year in the data. Exit is the first of
-- death and emigration; the follow-up date censors later in the computation.
create or replace view survival_women as
select
    f.tumour_id,
    f.diagnosis_date,
    f.age_at_diagnosis,
    p.birth_year,
    p.death_date,
    p.emigration_date,
    c.region_id,
    coalesce(f.stage, 'unknown') as stage
from incident_women as f
inner join patients as p on f.patient_id = p.patient_id
left join counties as c on f.county_code = c.county_code;
