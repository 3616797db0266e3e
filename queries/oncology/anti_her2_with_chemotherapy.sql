-- Anti-HER2 treatment for HER2-positive invasive cancer treated with chemotherapy.
with cases as (
    select
        period,
        surgery_hospital_id as hospital_id,
        anti_her2 as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [operated] operated
        and operated
        -- [her2_positive] HER2 positive
        and her2_positive
        -- [chemotherapy] chemotherapy before or after the operation
        and chemotherapy
        -- [m0] M0 only: stage IV is treated with palliative intent
        and stage is distinct from 'IV'
        -- [followed_up] operated long enough before the follow-up date to have started
        and primary_surgery_date + to_days(
            getvariable('follow_up_days_anti_her2_with_chemotherapy')
        ) <= getvariable('follow_up_date')
        -- [alive_in_norway] died or emigrated within that time: left out
        and (
            exit_date is null
            or exit_date > primary_surgery_date + to_days(
                getvariable('follow_up_days_anti_her2_with_chemotherapy')
            )
        )
)

select * from indicator_rollup(cases)
