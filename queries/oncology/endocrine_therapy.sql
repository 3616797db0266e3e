-- Endocrine therapy, before or after the operation, for hormone-receptor-positive invasive
-- cancer.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        endocrine as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [hormone_receptor_positive] oestrogen or progesterone receptor positive
        and (er_positive or pr_positive)
        -- [m0] M0 only: stage IV is treated with palliative intent
        and stage is distinct from 'IV'
        -- [followed_up] operated long enough before the follow-up date to have started
        and primary_surgery_date + to_days(
            getvariable('follow_up_days_endocrine_therapy')
        ) <= getvariable('follow_up_date')
        -- [alive_in_norway] died or emigrated within that time: left out
        and (
            exit_date is null
            or exit_date > primary_surgery_date + to_days(
                getvariable('follow_up_days_endocrine_therapy')
            )
        )
)

select * from indicator_rollup(cases)
