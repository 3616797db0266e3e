-- At least ten lymph nodes examined after axillary dissection.
with dissections as (
    select
        s.tumour_id,
        arg_min(s.hospital_id, s.surgery_date) as hospital_id,
        arg_min(s.nodes_examined, s.surgery_date) as nodes_examined
    from surgeries as s
    -- [dissection] axillary dissections
    where s.axillary_procedure = 'dissection'
    group by s.tumour_id
),

cases as (
    select
        f.period,
        d.hospital_id,
        d.nodes_examined >= 10 as achieved
    from dissections as d
    inner join tumour_facts as f on d.tumour_id = f.tumour_id
    where
        -- [count_known] an unreported node count on the first dissection is left out
        d.nodes_examined is not null
        -- [invasive] invasive cancer only (EUSOMA)
        and f.invasive
        -- [no_neoadjuvant] after neoadjuvant treatment fewer nodes are found: not counted (EUSOMA)
        and not f.neoadjuvant
        -- [m0] non-metastatic disease: stage IV is left out (EUSOMA's indicators are for M0)
        and f.stage is distinct from 'IV'
)

select * from indicator_rollup(cases)
