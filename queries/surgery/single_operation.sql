-- Only one operation on the primary tumour (no reoperation) for invasive cancer.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        not any_reoperation as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
)

select * from indicator_rollup(cases)
