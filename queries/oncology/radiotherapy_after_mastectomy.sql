-- Postoperative radiotherapy after mastectomy for invasive cancer with positive lymph nodes.
with cases as (
    select
        period,
        mastectomy_hospital_id as hospital_id,
        adjuvant_radiotherapy as achieved
    from tumour_facts
    where
        -- [invasive] invasive cancer
        invasive
        -- [mastectomy] the breast removed (as the first operation or later)
        and any_mastectomy
        -- [node_positive] metastasis in at least one lymph node
        and node_positive
        -- [m0] M0 only: stage IV is treated with palliative intent
        and stage is distinct from 'IV'
        -- [followed_up] operated long enough before the follow-up date to have started
        and primary_surgery_date + to_days(
            getvariable('follow_up_days_radiotherapy_after_mastectomy')
        ) <= getvariable('follow_up_date')
        -- [alive_in_norway] died or emigrated within that time: left out
        and (
            exit_date is null
            or exit_date > primary_surgery_date + to_days(
                getvariable('follow_up_days_radiotherapy_after_mastectomy')
            )
        )
)

select * from indicator_rollup(cases)
