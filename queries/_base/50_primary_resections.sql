-- The final pathology report on the specimen of each invasive tumour's first operation, for
-- tumours without neoadjuvant treatment (after it the specimen may hold no tumour to grade)
-- and without distant metastases: what the laboratories are compared on. Year = year of
-- diagnosis. A table: four results read it.
create or replace table primary_resections as
with ranked as (
    select
        f.period as year,
        p.laboratory_id,
        p.grade,
        p.ki67_percent,
        p.er_positive,
        p.pr_positive,
        p.her2_positive,
        p.report_date - s.surgery_date as days,
        row_number() over (
            partition by p.tumour_id order by s.surgery_date, s.surgery_id, p.report_date, p.report_id
        ) as sequence
    from pathology as p
    inner join surgeries as s on p.surgery_id = s.surgery_id
    inner join tumour_facts as f on p.tumour_id = f.tumour_id
    where
        p.specimen = 'resection'
        and f.invasive
        and not f.neoadjuvant
        and f.stage is distinct from 'IV'
)

select * exclude (sequence) from ranked
where sequence = 1;
