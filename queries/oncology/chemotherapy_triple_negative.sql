-- Chemotherapy, before or after the operation, for triple-negative invasive cancer larger
-- than 10 mm or with positive lymph nodes.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        chemotherapy as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [triple_negative] oestrogen, progesterone and HER2 receptors all negative
        and subtype = 'triple_negative'
        -- [larger_or_node_positive] tumour larger than 10 mm, or positive lymph nodes
        and (tumour_size_mm > 10 or node_positive)
        -- [m0] M0 only: stage IV is treated with palliative intent
        and stage is distinct from 'IV'
        -- [followed_up] operated long enough before the follow-up date to have started
        and primary_surgery_date + to_days(
            getvariable('follow_up_days_chemotherapy_triple_negative')
        ) <= getvariable('follow_up_date')
        -- [alive_in_norway] died or emigrated within that time: left out
        and (
            exit_date is null
            or exit_date > primary_surgery_date + to_days(
                getvariable('follow_up_days_chemotherapy_triple_negative')
            )
        )
)

select * from indicator_rollup(cases)
