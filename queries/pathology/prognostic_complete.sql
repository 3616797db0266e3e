-- Complete prognostic and predictive factors recorded for operated invasive cancer. The
-- extract has no separate pT and pN: tumour size and stage stand for them.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        histology is not null
        and grade is not null
        and er_positive is not null
        and pr_positive is not null
        and her2_positive is not null
        and tumour_size_mm is not null
        and stage is not null as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [no_neoadjuvant] after neoadjuvant treatment the operation specimen may hold no tumour to describe
        and not neoadjuvant
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
)

select * from indicator_rollup(cases)
