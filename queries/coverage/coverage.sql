-- Coverage (dekningsgrad) per clinical form type: tumours with at least one form of the type
-- over the tumours that should have one, per unit and year of diagnosis. A tumour belongs to
-- the hospital responsible for it (tumour_facts.responsible_hospital_id).
with form_types as (
    select
        unnest([
            'assessment', 'radiology', 'pathology', 'surgery', 'postop_checkup', 'oncology'
        ]) as form_type
),

treated as (
    select distinct tumour_id from treatments
),

expected as (
    -- which tumours should have which form: every tumour an assessment, radiology and
    -- pathology form; operated tumours a surgery and a post-operative check-up form; tumours
    -- given oncological treatment an oncology form
    select
        f.tumour_id,
        f.period as year,
        f.responsible_hospital_id as hospital_id,
        form_types.form_type
    from tumour_facts as f
    cross join form_types
    where
        form_types.form_type in ('assessment', 'radiology', 'pathology')
        or (form_types.form_type in ('surgery', 'postop_checkup') and f.operated)
        or (
            form_types.form_type = 'oncology'
            and f.tumour_id in (select t.tumour_id from treated as t)
        )
),

received as (
    select distinct
        tumour_id,
        form_type
    from forms
),

cases as (
    select
        e.year,
        e.form_type,
        e.hospital_id,
        r.tumour_id is not null as reported
    from expected as e
    left join received as r on e.tumour_id = r.tumour_id and e.form_type = r.form_type
)

select
    c.year,
    c.form_type,
    case
        when grouping(u.hospital_id) = 0 then 'hospital'
        when grouping(u.trust_id) = 0 then 'trust'
        when grouping(u.region_id) = 0 then 'region'
        else 'nation'
    end as unit_level,
    coalesce(u.hospital_id, u.trust_id, u.region_id, 'norway') as unit_id,
    count(*) as expected,
    count_if(c.reported) as reported
from cases as c
inner join unit_tree as u on c.hospital_id = u.hospital_id
group by grouping sets (
    (c.year, c.form_type, u.hospital_id),
    (c.year, c.form_type, u.trust_id),
    (c.year, c.form_type, u.region_id),
    (c.year, c.form_type)
)
