-- Breast MRI during assessment, for patients not given neoadjuvant treatment.
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
        -- [no_neoadjuvant] neoadjuvant treated patients have their own MRI indicator
        and not neoadjuvant
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
        -- [mri_answered] an unreported answer is left out and counted in completeness
        and mri is not null
)

select * from indicator_rollup(cases)
