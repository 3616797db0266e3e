-- New cases per year by sex: first invasive breast cancers (the registry's count) and, beside
-- them, carcinoma in situ (D05).
with counted as (
    select
        period as year,
        sex,
        case when invasive then 'invasive' else 'in_situ' end as tumour_type
    from tumour_facts
    where (invasive and first_breast_cancer) or not invasive
)

select
    year,
    sex,
    tumour_type,
    count(*) as cases
from counted
group by year, sex, tumour_type
