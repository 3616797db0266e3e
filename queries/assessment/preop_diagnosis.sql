-- Malignancy confirmed by needle biopsy or cytology before the first operation.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        preop_needle_diagnosis as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [no_neoadjuvant] after neoadjuvant treatment the diagnosis is always made before treatment starts
        and not neoadjuvant
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
        -- [answered] an unreported answer is neither a yes nor a no: left out, counted in completeness
        and preop_needle_diagnosis is not null
)

select * from indicator_rollup(cases)
