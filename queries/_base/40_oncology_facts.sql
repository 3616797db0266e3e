-- One row per tumour (tumour_facts) with what the oncology indicators ask about it: which
-- systemic treatments and radiotherapy it had before or after its operation, the start of
-- the first adjuvant chemotherapy, and the most positive lymph nodes any operation found.
create or replace view oncology_facts as
with courses as (
    select
        tumour_id,
        -- curative treatment: before (neoadjuvant) or after (adjuvant) the operation
        bool_or(treatment = 'endocrine' and setting != 'palliative') as endocrine,
        bool_or(treatment = 'anti_her2' and setting != 'palliative') as anti_her2,
        bool_or(treatment = 'chemotherapy' and setting != 'palliative') as chemotherapy,
        bool_or(treatment = 'radiotherapy' and setting = 'adjuvant') as adjuvant_radiotherapy,
        min(start_date) filter (
            where treatment = 'chemotherapy' and setting = 'adjuvant'
        ) as adjuvant_chemotherapy_start
    from treatments
    group by tumour_id
),

nodes as (
    select
        tumour_id,
        max(positive_nodes) as positive_nodes
    from surgeries
    group by tumour_id
)

select
    f.*,
    c.adjuvant_chemotherapy_start,
    n.positive_nodes,
    coalesce(c.endocrine, false) as endocrine,
    coalesce(c.anti_her2, false) as anti_her2,
    coalesce(c.chemotherapy, false) as chemotherapy,
    coalesce(c.adjuvant_radiotherapy, false) as adjuvant_radiotherapy,
    coalesce(n.positive_nodes > 0, false) as node_positive
from tumour_facts as f
left join courses as c on f.tumour_id = c.tumour_id
left join nodes as n on f.tumour_id = n.tumour_id;
