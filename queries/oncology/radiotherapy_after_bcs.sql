-- Postoperative radiotherapy after breast-conserving surgery for invasive cancer.
with irradiated as (
    select distinct tumour_id
    from treatments
    where treatment = 'radiotherapy' and setting = 'adjuvant'
),

cases as (
    select
        f.period,
        f.surgery_hospital_id as hospital_id,
        i.tumour_id is not null as achieved
    from tumour_facts as f
    left join irradiated as i on f.tumour_id = i.tumour_id
    where
        f.invasive
        and f.operated
        -- a breast later removed by mastectomy is no longer a conserved breast
        and not f.any_mastectomy
)

select * from indicator_rollup(cases)
