-- One row per tumour with what the indicators ask about it: the primary operation, whether it
-- was ever followed by a mastectomy or a reoperation, neoadjuvant treatment, the oncological
-- treatments and positive nodes, and the hospital responsible for it. Period = year of diagnosis. A table, not a view: every query reads it.
-- Only the years with clinical forms: earlier diagnoses serve survival alone (survival_women).
-- The joins run in the order written, each building on the aggregated side: with the year
-- filter DuckDB underestimates the tumours by half and builds on them instead, which at 100x
-- national volume needs more memory than the limit in report.ingest.extracts.
set disabled_optimizers = 'join_order';

create or replace table tumour_facts as
with ordered_operations as (
    -- every operation of a tumour numbered by date, then surgery_id
    select
        tumour_id,
        hospital_id,
        surgery_date,
        breast_procedure,
        axillary_procedure,
        immediate_reconstruction,
        positive_nodes,
        breast_procedure in ('bcs', 'mastectomy') as on_breast,
        row_number() over (
            partition by tumour_id order by surgery_date, surgery_id
        ) as sequence
    from surgeries
),

operations as (
    -- one row per tumour. An operation on the breast itself (breast-conserving surgery or
    -- mastectomy) can be the primary operation; axilla-only operations and reconstruction
    -- cannot.
    select
        tumour_id,
        count(*) filter (where on_breast) as breast_operations,
        arg_min(hospital_id, sequence) filter (where on_breast) as surgery_hospital_id,
        arg_min(surgery_date, sequence) filter (where on_breast) as primary_surgery_date,
        count(*) filter (where breast_procedure = 'mastectomy') > 0 as any_mastectomy,
        -- the first mastectomy: its reconstruction, and its hospital
        arg_min(immediate_reconstruction, sequence) filter (
            where breast_procedure = 'mastectomy'
        ) as immediate_reconstruction,
        arg_min(hospital_id, sequence) filter (
            where breast_procedure = 'mastectomy'
        ) as mastectomy_hospital_id,
        -- the axilla staged by a sentinel node biopsy or a dissection, in any operation
        bool_or(axillary_procedure in ('sentinel', 'dissection')) as axilla_staged,
        -- positive lymph nodes found in any operation
        max(positive_nodes) > 0 as node_positive
    from ordered_operations
    group by tumour_id
),

treatment_summary as (
    -- any oncological treatment, the start of the first neoadjuvant course, and for the
    -- oncology indicators which systemic treatments and radiotherapy the tumour had before or
    -- after its operation (curative: neoadjuvant or adjuvant, not palliative) and the start of
    -- the first adjuvant chemotherapy
    select
        tumour_id,
        count(*) filter (where setting = 'neoadjuvant') > 0 as neoadjuvant_course,
        min(start_date) filter (where setting = 'neoadjuvant') as first_start,
        bool_or(treatment = 'endocrine' and setting != 'palliative') as endocrine,
        bool_or(treatment = 'anti_her2' and setting != 'palliative') as anti_her2,
        bool_or(treatment = 'chemotherapy' and setting != 'palliative') as chemotherapy,
        bool_or(treatment = 'radiotherapy' and setting = 'adjuvant') as adjuvant_radiotherapy,
        min(start_date) filter (
            where treatment = 'chemotherapy' and setting = 'adjuvant'
        ) as adjuvant_chemotherapy_start
    from treatments
    group by tumour_id
),

final as (
    select
        t.tumour_id,
        t.patient_id,
        year(t.diagnosis_date) as period,
        t.diagnosis_date,
        p.sex,
        -- the first of death and emigration: the end of what the registry can follow
        least(p.death_date, p.emigration_date) as exit_date,
        t.age_at_diagnosis,
        t.county_code,
        t.invasive,
        -- ICD-10 D05.1 is ductal carcinoma in situ; D05.0 lobular (LCIS), D05.7/D05.9 other
        t.icd10 = 'D05.1' as dcis,
        case
            when t.invasive then 'invasive'
            when t.icd10 = 'D05.1' then 'dcis'
            when t.icd10 = 'D05.0' then 'lcis'
            else 'other_in_situ'
        end as tumour_type,
        t.first_breast_cancer,
        t.screen_detected,
        t.stage,
        t.tumour_size_mm,
        t.multifocal,
        t.grade,
        t.er_positive,
        t.pr_positive,
        t.her2_positive,
        t.histology,
        -- receptor-based subtype, shared by the subtype and neoadjuvant results
        case
            when t.her2_positive then 'her2_positive'
            when
                t.her2_positive = false and (t.er_positive or t.pr_positive)
                then 'hormone_receptor_positive'
            when
                t.her2_positive = false and t.er_positive = false and t.pr_positive = false
                then 'triple_negative'
            else 'unknown'
        end as subtype,
        coalesce(o.breast_operations, 0) > 0 as operated,
        o.surgery_hospital_id,
        o.primary_surgery_date,
        coalesce(o.any_mastectomy, false) as any_mastectomy,
        o.immediate_reconstruction,
        o.mastectomy_hospital_id,
        -- a further operation on the primary tumour is a later operation on the breast; axilla-
        -- only operations and reconstruction are not (the registry's "kun ett kirurgisk inngrep
        -- på primærtumor")
        coalesce(o.breast_operations, 0) > 1 as any_reoperation,
        coalesce(o.axilla_staged, false) as axilla_staged,
        coalesce(a.neoadjuvant, false) or coalesce(ts.neoadjuvant_course, false) as neoadjuvant,
        ts.first_start as first_neoadjuvant_start,
        ts.tumour_id is not null as treated,
        ts.adjuvant_chemotherapy_start,
        coalesce(ts.endocrine, false) as endocrine,
        coalesce(ts.anti_her2, false) as anti_her2,
        coalesce(ts.chemotherapy, false) as chemotherapy,
        coalesce(ts.adjuvant_radiotherapy, false) as adjuvant_radiotherapy,
        coalesce(o.node_positive, false) as node_positive,
        a.tumour_id is not null as assessed,
        a.hospital_id as assessment_hospital_id,
        a.referral_date,
        a.preop_needle_diagnosis,
        a.mri,
        -- the hospital a tumour belongs to for coverage: where it was operated, else where it
        -- was assessed, else the hospital serving the county of residence
        coalesce(o.surgery_hospital_id, a.hospital_id, c.catchment_hospital_id) as responsible_hospital_id
    from tumours as t
    inner join patients as p on t.patient_id = p.patient_id
    left join counties as c on t.county_code = c.county_code
    left join operations as o on t.tumour_id = o.tumour_id
    left join treatment_summary as ts on t.tumour_id = ts.tumour_id
    left join assessments as a on t.tumour_id = a.tumour_id
    where year(t.diagnosis_date) >= getvariable('first_clinical_year')
)

select * from final;

reset disabled_optimizers;
