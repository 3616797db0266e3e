-- Breast MRI before neoadjuvant treatment, needed to measure the response to it.
with cases as (
    select
        period,
        assessment_hospital_id as hospital_id,
        mri as achieved
    from tumour_facts
    where
        invasive
        and assessed
        and neoadjuvant
        -- an unreported answer is left out and counted in completeness
        and mri is not null
)

select * from indicator_rollup(cases)
