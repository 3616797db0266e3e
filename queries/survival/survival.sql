-- Follow-up of each woman with a first invasive breast cancer (the registry's incidence count,
-- as incident_women), every diagnosis year in the data: read from the extracts, since the
-- shared tables start with the clinical years. Exit is the first of death and emigration; the
-- follow-up date censors later. The net survival estimates are computed from these rows in
-- Python (report.compute.survival_results), before the shared tables are built.
select
    t.tumour_id,
    t.diagnosis_date,
    t.age_at_diagnosis,
    p.birth_year,
    p.death_date,
    p.emigration_date,
    c.region_id,
    coalesce(t.stage, 'unknown') as stage
from tumours as t
inner join patients as p on t.patient_id = p.patient_id
left join counties as c on t.county_code = c.county_code
where t.invasive and t.first_breast_cancer and p.sex = 'f';
