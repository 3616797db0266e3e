-- Breast-conserving surgery for small invasive tumours (national quality indicator).
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        -- conserved = no mastectomy in any operation, so a later conversion counts against it
        not any_mastectomy as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [size_30] tumours up to 30 mm can usually be removed with the breast conserved
        and tumour_size_mm <= 30
        -- [unifocal] several tumours in the breast are an accepted reason for mastectomy
        and multifocal = false
        -- [no_neoadjuvant] after neoadjuvant treatment the size at diagnosis no longer decides the operation
        and not neoadjuvant
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
)

select * from indicator_rollup(cases)
