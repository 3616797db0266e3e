-- Follow-up of each woman with a first invasive breast cancer; the net survival estimates
-- are computed from these rows in Python (report.compute.survival_results).
select * from survival_women
