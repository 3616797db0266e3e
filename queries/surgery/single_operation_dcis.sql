-- Only one operation on the primary tumour for ductal carcinoma in situ (DCIS).
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        not any_reoperation as achieved
    from tumour_facts
    where
        -- [dcis] ductal carcinoma in situ only (D05.1): LCIS and other in situ are not DCIS
        dcis
        -- [operated] operated
        and operated
)

select * from indicator_rollup(cases)
