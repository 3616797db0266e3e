"""The oncology indicators recomputed from the committed extracts with pandas, independently
of the SQL, and compared with what the queries give, nationally and per hospital, every year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from report.compute import registry, results
from report.ingest import extracts

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "data" / "synthetic"
CURATIVE = ("neoadjuvant", "adjuvant")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(DATASET / "extracts" / f"{n}.parquet")
            for n in ("patients", "tumours", "surgeries", "treatments", "assessments")}


@pytest.fixture(scope="module")
def follow_up() -> pd.Timestamp:
    meta = yaml.safe_load((DATASET / "dataset.yml").read_text("utf-8"))
    return pd.Timestamp(meta["follow_up_date"])


@pytest.fixture(scope="module")
def tumours(frames) -> pd.DataFrame:
    """One row per tumour: the primary operation, mastectomy, treatments, nodes."""
    t = frames["tumours"].merge(frames["patients"], on="patient_id")
    t["period"] = pd.to_datetime(t["diagnosis_date"]).dt.year
    t["exit"] = pd.to_datetime(t[["death_date", "emigration_date"]].min(axis=1))
    s = frames["surgeries"].copy()
    s["surgery_date"] = pd.to_datetime(s["surgery_date"])
    breast = s[s["breast_procedure"] != "none"].sort_values(["surgery_date", "surgery_id"])
    first = breast.drop_duplicates("tumour_id").set_index("tumour_id")
    t["hospital_id"] = t["tumour_id"].map(first["hospital_id"])
    t["surgery_date"] = t["tumour_id"].map(first["surgery_date"])
    mast = breast[breast["breast_procedure"] == "mastectomy"].drop_duplicates("tumour_id")
    t["mastectomy_hospital_id"] = t["tumour_id"].map(mast.set_index("tumour_id")["hospital_id"])
    t["node_positive"] = t["tumour_id"].map(s.groupby("tumour_id")["positive_nodes"].max()) > 0
    tr = frames["treatments"].copy()
    tr["start_date"] = pd.to_datetime(tr["start_date"])
    for kind in ("endocrine", "anti_her2", "chemotherapy"):
        given = tr[(tr["treatment"] == kind) & tr["setting"].isin(CURATIVE)]
        t[kind] = t["tumour_id"].isin(given["tumour_id"])
    radio = tr[(tr["treatment"] == "radiotherapy") & (tr["setting"] == "adjuvant")]
    t["radiotherapy"] = t["tumour_id"].isin(radio["tumour_id"])
    a = frames["assessments"]
    t["neoadjuvant"] = t["tumour_id"].isin(tr.loc[tr["setting"] == "neoadjuvant", "tumour_id"])
    t["neoadjuvant"] |= t["tumour_id"].isin(a.loc[a["neoadjuvant"] == True,  # noqa: E712
                                                  "tumour_id"])
    chemo = tr[(tr["treatment"] == "chemotherapy") & (tr["setting"] == "adjuvant")]
    t["chemo_start"] = t["tumour_id"].map(chemo.groupby("tumour_id")["start_date"].min())
    before = s.merge(t[["tumour_id", "chemo_start"]], on="tumour_id")
    before = before[before["surgery_date"] <= before["chemo_start"]]
    t["last_operation"] = t["tumour_id"].map(before.groupby("tumour_id")["surgery_date"].max())
    return t


def _followed(t: pd.DataFrame, indicator_id: str, follow_up: pd.Timestamp) -> pd.Series:
    days = pd.Timedelta(days=registry.catalogue().get(indicator_id).follow_up_days)
    reached = t["surgery_date"] + days
    return (reached <= follow_up) & (t["exit"].isna() | (t["exit"] > reached))


def expected(t: pd.DataFrame, indicator_id: str, follow_up: pd.Timestamp,
             days: int) -> tuple[pd.DataFrame, pd.Series, str]:
    """(cases, achieved, hospital column) of one indicator, by its definition in words."""
    base = t["invasive"] & t["surgery_date"].notna() & (t["stage"] != "IV")
    followed = _followed(t, indicator_id, follow_up)
    triple = (t["er_positive"] == False) & (t["pr_positive"] == False) & (  # noqa: E712
        t["her2_positive"] == False)  # noqa: E712
    if indicator_id == "endocrine_therapy":
        hr = (t["er_positive"] == True) | (t["pr_positive"] == True)  # noqa: E712
        keep, outcome = base & hr & followed, "endocrine"
    elif indicator_id == "anti_her2_with_chemotherapy":
        keep = base & (t["her2_positive"] == True) & t["chemotherapy"] & followed  # noqa: E712
        outcome = "anti_her2"
    elif indicator_id == "chemotherapy_triple_negative":
        larger = (t["tumour_size_mm"] > 10) | t["node_positive"]
        keep, outcome = base & triple & larger & followed, "chemotherapy"
    elif indicator_id == "radiotherapy_after_mastectomy":
        keep = (t["invasive"] & t["mastectomy_hospital_id"].notna() & t["node_positive"]
                & (t["stage"] != "IV") & followed)
        cases = t[keep]
        return cases, cases["radiotherapy"], "mastectomy_hospital_id"
    else:
        keep = base & t["chemo_start"].notna() & ~t["neoadjuvant"] & t["last_operation"].notna()
        cases = t[keep]
        return cases, (cases["chemo_start"] - cases["last_operation"]).dt.days <= days, \
            "hospital_id"
    cases = t[keep]
    return cases, cases[outcome], "hospital_id"


@pytest.fixture(scope="module")
def computed() -> dict[str, pd.DataFrame]:
    catalogue = registry.catalogue()
    con = extracts.load(DATASET)
    try:
        results.prepare(con, catalogue, registry.settings())
        return {i.id: con.execute(i.sql).df() for i in catalogue.indicators}
    finally:
        con.close()


ONCOLOGY = ("endocrine_therapy", "anti_her2_with_chemotherapy", "chemotherapy_triple_negative",
            "radiotherapy_after_mastectomy", "adjuvant_chemotherapy_start")


@pytest.mark.parametrize("indicator_id", ONCOLOGY)
def test_indicator_matches_a_pandas_recomputation(indicator_id, tumours, follow_up, computed):
    settings = yaml.safe_load((ROOT / "queries" / "settings.yml").read_text("utf-8"))
    days = settings["oncology"]["adjuvant_chemotherapy_days"]
    cases, achieved, hospital = expected(tumours, indicator_id, follow_up, days)
    got = computed[indicator_id]
    nation = got[got["unit_level"] == "nation"].set_index("period")
    want = pd.DataFrame({"numerator": achieved.groupby(cases["period"]).sum(),
                         "denominator": cases.groupby("period").size()})
    assert len(want) >= 5 and want["denominator"].min() > 0
    assert nation[["numerator", "denominator"]].sort_index().astype(int).equals(
        want.sort_index().astype(int))
    per_hospital = pd.DataFrame({
        "numerator": achieved.groupby([cases["period"], cases[hospital]]).sum(),
        "denominator": cases.groupby(["period", hospital]).size()})
    got_h = got[got["unit_level"] == "hospital"].set_index(["period", "unit_id"])
    got_h.index = got_h.index.set_names(per_hospital.index.names)
    assert got_h[["numerator", "denominator"]].sort_index().astype(int).equals(
        per_hospital.sort_index().astype(int))
