-- Neoadjuvant (preoperative) systemic treatment of operated invasive cancer without distant
-- metastases and with known receptors, by subtype (and 'all') and unit, by the hospital of
-- the first operation.
with cases as (
    select
        period as year,
        subtype,
        surgery_hospital_id as hospital_id,
        neoadjuvant as achieved
    from tumour_facts
    where
        invasive
        and operated
        -- stage IV disease is treated with palliative intent, not neoadjuvant
        and stage is distinct from 'IV'
        -- receptors unknown: few per hospital, and no subtype to compare
        and subtype != 'unknown'
),

both_levels as (
    select
        year,
        subtype as category,
        hospital_id,
        achieved
    from cases
    union all
    select
        year,
        'all' as category,
        hospital_id,
        achieved
    from cases
)

select
    year,
    category as subtype,
    unit_level,
    unit_id,
    hits as neoadjuvant,
    cases
from category_rollup(both_levels)
