-- Primary operations for invasive breast cancer per hospital and year of operation: the
-- first operation on the breast for each invasive tumour.
select
    year(primary_surgery_date) as year,
    surgery_hospital_id as hospital_id,
    count(*) as primary_operations
from tumour_facts
where invasive and operated
group by all
