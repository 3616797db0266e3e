-- Adjuvant chemotherapy started within the guideline's number of days after the operation
-- (the last operation on or before the first course).
with last_operation as (
    select
        o.tumour_id,
        max(s.surgery_date) as surgery_date
    from tumour_facts as o
    inner join surgeries as s
        on o.tumour_id = s.tumour_id and o.adjuvant_chemotherapy_start >= s.surgery_date
    group by o.tumour_id
),

cases as (
    select
        f.period,
        f.surgery_hospital_id as hospital_id,
        f.adjuvant_chemotherapy_start - l.surgery_date
        <= getvariable('adjuvant_chemotherapy_days') as achieved
    from tumour_facts as f
    inner join last_operation as l on f.tumour_id = l.tumour_id
    where
        -- [invasive] invasive cancer
        f.invasive
        -- [operated] operated
        and f.operated
        -- [adjuvant_chemotherapy] adjuvant chemotherapy started after an operation
        and f.adjuvant_chemotherapy_start is not null
        -- [no_neoadjuvant] chemotherapy before the operation changes the timing
        and not f.neoadjuvant
        -- [m0] M0 only: stage IV is treated with palliative intent
        and f.stage is distinct from 'IV'
)

select * from indicator_rollup(cases)
