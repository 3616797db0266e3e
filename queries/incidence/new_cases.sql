-- New cases per year by sex: first invasive breast cancers (the registry's count) and, beside
-- them, carcinoma in situ: ductal (DCIS, D05.1), lobular (LCIS, D05.0) and other (D05.7/9).
with counted as (
    select
        period as year,
        sex,
        tumour_type
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
