-- Coverage (dekningsgrad) per clinical form type, counted per patient as the registry reports
-- it ("of 4 129 unique patients, assessment forms for 3 792"): patients with at least one form
-- of the type over the patients who should have one, per unit and year of diagnosis. A patient
-- counts once a year however many tumours she had, at the hospital responsible for her first
-- tumour of that year (tumour_facts.responsible_hospital_id; ties by tumour_id).
with received as (
    -- one row per tumour: which form types arrived, one bit per type (one aggregate over
    -- every form, not one per type)
    select
        tumour_id,
        bit_or(
            case form_type
                when 'assessment' then 1
                when 'radiology' then 2
                when 'pathology' then 4
                when 'surgery' then 8
                when 'postop_checkup' then 16
                when 'oncology' then 32
                else 0
            end
        ) as form_types
    from forms
    group by tumour_id
),

per_patient as (
    -- one row per patient and year of diagnosis: a form for any of her tumours of the year
    -- counts; she should have a surgery form if any of them was operated
    select
        f.period as year,
        f.patient_id,
        arg_min(f.responsible_hospital_id, (f.diagnosis_date, f.tumour_id)) as hospital_id,
        bool_or(f.operated) as operated,
        bool_or(f.treated) as treated,
        coalesce(bit_or(r.form_types), 0) as form_types
    from tumour_facts as f
    left join received as r on f.tumour_id = r.tumour_id
    group by f.period, f.patient_id
),

wide as (
    select
        year,
        hospital_id,
        operated,
        treated,
        form_types & 1 != 0 as assessment,
        form_types & 2 != 0 as radiology,
        form_types & 4 != 0 as pathology,
        form_types & 8 != 0 as surgery,
        form_types & 16 != 0 as postop_checkup,
        form_types & 32 != 0 as oncology
    from per_patient
),

-- which patients should have which form: every patient an assessment, radiology and pathology
-- form; operated patients a surgery and a post-operative check-up form; patients given
-- oncological treatment an oncology form. Counted per hospital and year first (a hospital
-- without a patient who should have the form has no row for it)
counted as (
    select
        year,
        hospital_id,
        count(*) as patients,
        count_if(operated) as operated,
        count_if(treated) as treated,
        count_if(assessment) as assessment,
        count_if(radiology) as radiology,
        count_if(pathology) as pathology,
        count_if(operated and surgery) as surgery,
        count_if(operated and postop_checkup) as postop_checkup,
        count_if(treated and oncology) as oncology
    from wide
    group by year, hospital_id
),

cases as (
    select
        year,
        hospital_id,
        'assessment' as category,
        assessment as hits,
        patients as cases
    from counted
    union all
    select
        year,
        hospital_id,
        'radiology' as category,
        radiology as hits,
        patients as cases
    from counted
    union all
    select
        year,
        hospital_id,
        'pathology' as category,
        pathology as hits,
        patients as cases
    from counted
    union all
    select
        year,
        hospital_id,
        'surgery' as category,
        surgery as hits,
        operated as cases
    from counted
    where operated > 0
    union all
    select
        year,
        hospital_id,
        'postop_checkup' as category,
        postop_checkup as hits,
        operated as cases
    from counted
    where operated > 0
    union all
    select
        year,
        hospital_id,
        'oncology' as category,
        oncology as hits,
        treated as cases
    from counted
    where treated > 0
)

select
    year,
    category as form_type,
    unit_level,
    unit_id,
    cases as expected,
    hits as reported
from counted_rollup(cases)
