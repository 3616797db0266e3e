-- Coverage (dekningsgrad) per clinical form type: tumours with at least one form of the type
-- over the tumours that should have one, per unit and year of diagnosis. A tumour belongs to
-- the hospital responsible for it (tumour_facts.responsible_hospital_id).
with received as (
    -- one row per tumour: which form types arrived
    select
        tumour_id,
        bool_or(form_type = 'assessment') as assessment,
        bool_or(form_type = 'radiology') as radiology,
        bool_or(form_type = 'pathology') as pathology,
        bool_or(form_type = 'surgery') as surgery,
        bool_or(form_type = 'postop_checkup') as postop_checkup,
        bool_or(form_type = 'oncology') as oncology
    from forms
    group by tumour_id
),

treated as (
    select distinct tumour_id from treatments
),

wide as (
    select
        f.period as year,
        f.responsible_hospital_id as hospital_id,
        f.operated,
        t.tumour_id is not null as treated,
        coalesce(r.assessment, false) as assessment,
        coalesce(r.radiology, false) as radiology,
        coalesce(r.pathology, false) as pathology,
        coalesce(r.surgery, false) as surgery,
        coalesce(r.postop_checkup, false) as postop_checkup,
        coalesce(r.oncology, false) as oncology
    from tumour_facts as f
    left join received as r on f.tumour_id = r.tumour_id
    left join treated as t on f.tumour_id = t.tumour_id
),

-- which tumours should have which form: every tumour an assessment, radiology and pathology
-- form; operated tumours a surgery and a post-operative check-up form; tumours given
-- oncological treatment an oncology form
cases as (
    select
        year,
        hospital_id,
        'assessment' as category,
        assessment as achieved
    from wide
    union all
    select
        year,
        hospital_id,
        'radiology' as category,
        radiology as achieved
    from wide
    union all
    select
        year,
        hospital_id,
        'pathology' as category,
        pathology as achieved
    from wide
    union all
    select
        year,
        hospital_id,
        'surgery' as category,
        surgery as achieved
    from wide
    where operated
    union all
    select
        year,
        hospital_id,
        'postop_checkup' as category,
        postop_checkup as achieved
    from wide
    where operated
    union all
    select
        year,
        hospital_id,
        'oncology' as category,
        oncology as achieved
    from wide
    where treated
)

select
    year,
    category as form_type,
    unit_level,
    unit_id,
    cases as expected,
    hits as reported
from category_rollup(cases)
