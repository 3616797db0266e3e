-- Immediate breast reconstruction at mastectomy, for women under 70.
with cases as (
    select
        period,
        -- credited to the hospital that did the (first) mastectomy
        mastectomy_hospital_id as hospital_id,
        immediate_reconstruction as achieved
    from tumour_facts
    where
        -- [mastectomy] a mastectomy
        any_mastectomy
        -- [women] women
        and sex = 'f'
        -- [under_70] the recommendation covers women under 70 at diagnosis
        and age_at_diagnosis < 70
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and stage is distinct from 'IV'
        -- [answered] an unreported answer on the first mastectomy is left out
        and immediate_reconstruction is not null
)

select * from indicator_rollup(cases)
