-- Breast-conserving surgery for small DCIS.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        not any_mastectomy as achieved
    from tumour_facts
    where
        -- [dcis] ductal carcinoma in situ only (D05.1): LCIS and other in situ are not DCIS
        dcis
        -- [operated] operated
        and operated
        -- [size_20] DCIS up to 20 mm in extent can usually be removed with the breast conserved
        and tumour_size_mm <= 20
)

select * from indicator_rollup(cases)
