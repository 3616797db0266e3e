-- Postoperative radiotherapy after breast-conserving surgery for invasive cancer.
with cases as (
    select
        f.period,
        f.surgery_hospital_id as hospital_id,
        -- the outcome: a postoperative (adjuvant) radiotherapy course (tumour_facts)
        f.adjuvant_radiotherapy as achieved
    from tumour_facts as f
    where
        -- [invasive] invasive cancer
        f.invasive
        -- [operated] operated
        and f.operated
        -- [conserved] a breast later removed by mastectomy is no longer a conserved breast
        and not f.any_mastectomy
        -- [axilla_staged] the registry's population: the axilla staged (sentinel node or dissection)
        and f.axilla_staged
        -- [m0] M0 only: stage IV is left out (EUSOMA: radiotherapy in M0 invasive cancer)
        and f.stage is distinct from 'IV'
        -- [followed_up] operated long enough before the follow-up date to have started radiotherapy
        and f.primary_surgery_date + to_days(
            getvariable('follow_up_days_radiotherapy_after_bcs')
        ) <= getvariable('follow_up_date')
        -- [alive_in_norway] died or emigrated within that time: left out
        and (
            f.exit_date is null
            or f.exit_date > f.primary_surgery_date + to_days(
                getvariable('follow_up_days_radiotherapy_after_bcs')
            )
        )
)

select * from indicator_rollup(cases)
