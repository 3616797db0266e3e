-- Breast MRI before neoadjuvant treatment, needed to measure the response to it.
with cases as (
    select
        period,
        assessment_hospital_id as hospital_id,
        mri as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [assessed] with an assessment form
        and assessed
        -- [neoadjuvant] given neoadjuvant treatment
        and neoadjuvant
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
        -- [mri_answered] an unreported answer is left out and counted in completeness
        and mri is not null
)

select * from indicator_rollup(cases)
