"""The synthetic data generator and the committed synthetic dataset (data/synthetic)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from report import synth
from report.ingest import schema
from report.synth.draw import expit, intercepts, quota
from report.synth.output import ids
from report.synth.tumours import MEN, WOMEN

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "data" / "synthetic"
REFERENCE = ROOT / "data" / "reference"
TABLES = ("patients", "tumours", "forms", "assessments", "surgeries", "treatments", "pathology")
SMALL = 0.05


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return synth.generate(tmp_path_factory.mktemp("small"), seed=7, scale=SMALL)


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    """The committed dataset, with tumours joined to sex and year of diagnosis."""
    frames = {n: pq.read_table(COMMITTED / "extracts" / f"{n}.parquet").to_pandas()
              for n in TABLES}
    t = frames["tumours"].merge(frames["patients"][["patient_id", "sex"]], on="patient_id")
    t["year"] = pd.to_datetime(t["diagnosis_date"]).dt.year
    frames["tumours"] = t
    return frames


@pytest.fixture(scope="module")
def facts(data) -> pd.DataFrame:
    """Per tumour what the indicators need, computed here independently of the generator."""
    t, s, a, tr = data["tumours"], data["surgeries"], data["assessments"], data["treatments"]
    ops = s[s["breast_procedure"].isin(["bcs", "mastectomy"])]
    ops = ops.sort_values(["surgery_date", "surgery_id"]).drop_duplicates("tumour_id")
    f = t.merge(ops[["tumour_id", "hospital_id", "surgery_date"]], on="tumour_id", how="left")
    f["operated"] = f["hospital_id"].notna()
    neo = set(a.loc[a["neoadjuvant"] == True, "tumour_id"])  # noqa: E712
    neo |= set(tr.loc[tr["setting"] == "neoadjuvant", "tumour_id"])
    f["neo"] = f["tumour_id"].isin(neo)
    f["any_mastectomy"] = f["tumour_id"].isin(s.loc[s["breast_procedure"] == "mastectomy",
                                                    "tumour_id"])
    f["any_reoperation"] = f["tumour_id"].isin(s.loc[s["reoperation"], "tumour_id"])
    return f


def _rate(frame: pd.DataFrame, column: str, year: int) -> float:
    return float(frame.loc[frame["year"] == year, column].astype(float).mean())


# --- determinism and scale -------------------------------------------------------------------

def test_same_seed_gives_identical_files(small, tmp_path):
    again = synth.generate(tmp_path / "again", seed=7, scale=SMALL)
    for name in TABLES:
        path = Path("extracts") / f"{name}.parquet"
        assert (again / path).read_bytes() == (small / path).read_bytes(), name
    assert (again / "dataset.yml").read_bytes() == (small / "dataset.yml").read_bytes()


def test_other_seed_gives_other_data(small, tmp_path):
    other = synth.generate(tmp_path / "other", seed=8, scale=SMALL)
    path = Path("extracts") / "tumours.parquet"
    assert (other / path).read_bytes() != (small / path).read_bytes()


def test_scale_multiplies_yearly_counts(small):
    t = pq.read_table(small / "extracts" / "tumours.parquet").to_pandas()
    p = pq.read_table(small / "extracts" / "patients.parquet").to_pandas()
    t = t.merge(p, on="patient_id")
    t["year"] = pd.to_datetime(t["diagnosis_date"]).dt.year
    first = t[t["invasive"] & t["first_breast_cancer"]]
    for sex, counts in (("f", WOMEN), ("m", MEN)):
        got = first[first["sex"] == sex].groupby("year").size().reindex(list(counts), fill_value=0)
        assert got.tolist() == [round(SMALL * n) for n in counts.values()]


def test_years_before_the_clinical_forms_have_patients_and_tumours_only(small):
    t = pq.read_table(small / "extracts" / "tumours.parquet").to_pandas()
    early = set(t.loc[pd.to_datetime(t["diagnosis_date"]).dt.year < 2014, "tumour_id"])
    assert early
    for name in ("forms", "assessments", "surgeries", "treatments"):
        rows = pq.read_table(small / "extracts" / f"{name}.parquet").to_pandas()
        assert not early & set(rows["tumour_id"]), name


def test_dataset_yml_says_synthetic(small):
    meta = yaml.safe_load((small / "dataset.yml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert meta["seed"] == 7 and meta["scale"] == SMALL
    assert meta["diagnosis_years"] == [2005, 2024]
    assert meta["clinical_years"] == [2014, 2024]
    assert meta["follow_up_date"] == "2025-06-30"
    assert meta["generator_version"].endswith(f"synth.{synth.SYNTH_VERSION}")
    assert "syntetisk" in meta["notice_nb"] and "synthetic" in meta["notice_en"]


def test_follow_up_before_last_diagnosis_year_is_refused(tmp_path):
    with pytest.raises(ValueError):
        synth.generate(tmp_path, scale=SMALL, follow_up=date(2024, 6, 30))


def test_committed_dataset_is_what_the_generator_writes(tmp_path):
    fresh = synth.generate(tmp_path / "fresh")
    for name in TABLES:
        path = Path("extracts") / f"{name}.parquet"
        assert (fresh / path).read_bytes() == (COMMITTED / path).read_bytes(), name


def test_committed_reference_is_what_the_generator_writes(tmp_path):
    synth.write_reference(tmp_path)
    for path in tmp_path.glob("*.csv"):
        assert path.read_bytes() == (REFERENCE / path.name).read_bytes(), path.name


# --- schema -----------------------------------------------------------------------------------

ARROW = {"string": pa.types.is_string, "int": pa.types.is_integer,
         "bool": pa.types.is_boolean, "date": pa.types.is_date32}


@pytest.mark.parametrize("table", schema.EXTRACTS, ids=lambda t: t.name)
def test_every_contract_column_present_with_right_type(table):
    arrow = pq.read_table(COMMITTED / "extracts" / f"{table.name}.parquet")
    for column in table.columns:
        assert column.name in arrow.column_names, column.name
        values = arrow.column(column.name)
        assert ARROW[column.type](values.type), (column.name, values.type)
        if not column.nullable:
            assert values.null_count == 0, column.name
        if column.allowed is not None:
            seen = set(values.drop_null().unique().to_pylist())
            assert seen <= set(column.allowed), (column.name, seen - set(column.allowed))
    if table.key:
        keys = arrow.select(list(table.key)).to_pandas()
        assert not keys.duplicated().any()


def test_rows_sorted_by_id(data):
    for name, key in (("patients", "patient_id"), ("tumours", "tumour_id"),
                      ("forms", "form_id"), ("surgeries", "surgery_id")):
        assert data[name][key].is_monotonic_increasing, name
    assert data["tumours"]["tumour_id"].str.fullmatch(r"t\d{7}").all()


def test_no_direct_identifiers(data):
    forbidden = {"name", "address", "fnr", "national_id", "birth_date", "personal_number"}
    for frame in data.values():
        assert not forbidden & set(frame.columns)
        for column in frame.select_dtypes(include=["object", "string"]).columns:
            assert not frame[column].astype(str).str.fullmatch(r"\d{11}").any(), column


# --- calibration of the committed dataset ----------------------------------------------------

def test_committed_women_and_men_per_year_match_registry(data):
    t = data["tumours"]
    first = t[t["invasive"] & t["first_breast_cancer"]]
    assert first[first["sex"] == "f"].groupby("year").size().to_dict() == WOMEN
    assert first[first["sex"] == "m"].groupby("year").size().to_dict() == MEN


def test_dcis_about_ten_percent_and_a_few_second_primaries(data):
    t = data["tumours"]
    women = sum(WOMEN.values())
    assert 0.09 < (~t["invasive"]).sum() / women < 0.12
    assert t.loc[~t["invasive"], "icd10"].str.fullmatch(r"D05\.[0179]").all()
    assert t.loc[t["invasive"], "icd10"].str.fullmatch(r"C50\.\d").all()
    assert (t.loc[~t["invasive"], "stage"].dropna() == "0").all()
    assert 0.005 < (~t["first_breast_cancer"]).sum() / women < 0.04


def test_age_median_62_and_few_under_40(data):
    t = data["tumours"]
    women = t[(t["sex"] == "f") & t["invasive"]]["age_at_diagnosis"]
    assert 61 <= women.median() <= 63
    assert 0.04 <= (women < 40).mean() <= 0.055
    assert 0.80 <= (women >= 50).mean() <= 0.85


def test_screen_detected_about_a_third_and_fewer_in_2020(data):
    t = data["tumours"]
    share = t.groupby("year")["screen_detected"].mean()
    assert 0.32 < t["screen_detected"].mean() < 0.40
    assert share[2020] < share.drop(2020).min() - 0.05


def test_stage_and_receptor_distribution(data):
    inv = data["tumours"][data["tumours"]["invasive"]]
    stage = inv["stage"].value_counts(normalize=True)
    assert 0.43 <= stage["I"] <= 0.50 and 0.33 <= stage["II"] <= 0.40
    assert 0.08 <= stage["III"] <= 0.115 and 0.04 <= stage["IV"] <= 0.055
    receptors = ["er_positive", "pr_positive", "her2_positive"]
    known = inv.dropna(subset=receptors)[receptors].astype(bool)
    assert 0.80 <= known["er_positive"].mean() <= 0.86
    assert 0.12 <= known["her2_positive"].mean() <= 0.15
    triple = ~known["er_positive"] & ~known["pr_positive"] & ~known["her2_positive"]
    assert 0.09 <= triple.mean() <= 0.12


def test_primary_operation_volumes(facts):
    ops = facts[facts["invasive"] & facts["operated"]]
    volume = ops[ops["year"] == 2024].groupby("hospital_id").size()
    assert len(volume) == 17
    assert 25 <= volume.min() <= 45 and 430 <= volume.max() <= 560
    assert 4 <= (volume < 100).sum() <= 5


def test_merged_hospital_has_no_cases_after_valid_to(data):
    hospitals = pd.read_csv(REFERENCE / "hospitals.csv", dtype=str, keep_default_na=False)
    merged = hospitals[hospitals["valid_to"] != ""].iloc[0]
    end = pd.Timestamp(merged["valid_to"])
    for name, column in (("surgeries", "surgery_date"), ("treatments", "start_date"),
                         ("forms", "received_date"), ("assessments", "referral_date")):
        frame = data[name]
        at = frame[frame["hospital_id"] == merged["hospital_id"]]
        assert len(at) > 0 or name == "treatments"
        assert (pd.to_datetime(at[column]).dropna() <= end).all(), name


def test_two_hospitals_under_80_percent_surgery_coverage_2022(data, facts):
    forms = data["forms"]
    operated = facts[facts["operated"] & (facts["year"] == 2022)]
    reported = operated["tumour_id"].isin(forms.loc[forms["form_type"] == "surgery", "tumour_id"])
    coverage = reported.groupby(operated["hospital_id"]).mean()
    assert (coverage < 0.80).sum() == 2
    assert 0.89 <= reported.mean() <= 0.93


def test_assessment_rows_exactly_when_an_assessment_form_came(data):
    forms = data["forms"]
    assessed = set(forms.loc[forms["form_type"] == "assessment", "tumour_id"])
    assert set(data["assessments"]["tumour_id"]) == assessed


def test_national_indicators_near_targets(facts, data):
    f, a = facts, data["assessments"]
    inv_op = f[f["invasive"] & f["operated"]].copy()
    inv_op["single"] = ~inv_op["any_reoperation"]
    assert 0.89 <= _rate(inv_op, "single", 2024) <= 0.95
    small = inv_op[(inv_op["tumour_size_mm"] <= 30) & (inv_op["multifocal"] == False)  # noqa: E712
                   & ~inv_op["neo"]].copy()
    small["bcs"] = ~small["any_mastectomy"]
    assert _rate(small, "bcs", 2022) == pytest.approx(0.874, abs=0.02)
    assert _rate(small, "bcs", 2024) == pytest.approx(0.900, abs=0.02)
    assessed = f.merge(a, on="tumour_id", suffixes=("", "_assessment"))
    mri = assessed[assessed["invasive"] & ~assessed["neo"] & assessed["mri"].notna()]
    assert _rate(mri, "mri", 2024) == pytest.approx(0.372, abs=0.03)
    assert _rate(mri, "mri", 2014) == pytest.approx(0.20, abs=0.03)
    preop = assessed[assessed["invasive"] & assessed["operated"] & ~assessed["neo"]
                     & assessed["preop_needle_diagnosis"].notna()]
    assert _rate(preop, "preop_needle_diagnosis", 2024) == pytest.approx(0.93, abs=0.02)


def test_indicators_vary_by_hospital(facts):
    ops = facts[facts["invasive"] & facts["operated"] & (facts["year"] == 2024)]
    single = (~ops["any_reoperation"]).groupby(ops["hospital_id"]).mean()
    assert single.max() - single.min() > 0.08


def _primary_resections(data) -> pd.DataFrame:
    """The report on each invasive, not neoadjuvant-treated tumour's first operation."""
    p, s, t = data["pathology"], data["surgeries"], data["tumours"]
    neo = set(data["treatments"].loc[data["treatments"]["setting"] == "neoadjuvant",
                                      "tumour_id"])
    r = p[p["specimen"] == "resection"].merge(s[["surgery_id", "surgery_date"]], on="surgery_id")
    r = r.merge(t[["tumour_id", "invasive", "year"]], on="tumour_id")
    r = r[r["invasive"] & ~r["tumour_id"].isin(neo)]
    return r.sort_values(["surgery_date", "surgery_id"]).drop_duplicates("tumour_id")


def test_reported_grade_near_the_public_distribution(data):
    # FACTS (operated invasive, 2015): G1 22.5 %, G2 43.9 %, G3 26.1 %, unknown 7.4 %; among
    # the known that is 24.3 / 47.4 / 28.2 %
    r = _primary_resections(data)
    shares = r["grade"].dropna().astype(int).value_counts(normalize=True)
    assert shares[1] == pytest.approx(0.243, abs=0.04)
    assert shares[2] == pytest.approx(0.474, abs=0.04)
    assert shares[3] == pytest.approx(0.282, abs=0.04)


def test_laboratories_differ_in_grade_ki67_and_report_time(data):
    r = _primary_resections(data)
    r = r[r["year"] >= 2022]
    by_lab = r.groupby("laboratory_id")
    grade3 = by_lab["grade"].apply(lambda g: (g.dropna() == 3).mean())
    ki67 = by_lab["ki67_percent"].median()
    days = (pd.to_datetime(r["report_date"]) - pd.to_datetime(r["surgery_date"])).dt.days
    median_days = days.groupby(r["laboratory_id"]).median()
    assert len(grade3) == 8
    assert grade3.max() - grade3.min() > 0.05
    assert ki67.max() / ki67.min() > 1.3
    assert median_days.max() - median_days.min() >= 5


def test_positive_nodes_follow_stage_and_never_exceed_nodes_examined(data):
    s = data["surgeries"].merge(data["tumours"][["tumour_id", "stage"]], on="tumour_id")
    known = s.dropna(subset=["positive_nodes"])
    assert (known["positive_nodes"] <= known["nodes_examined"]).all()
    assert s.loc[s["axillary_procedure"] == "none", "positive_nodes"].isna().all()
    positive = (known["positive_nodes"] > 0).groupby(known["stage"]).mean()
    assert positive["I"] < 0.1 < positive["II"] < positive["III"]


def test_pathology_reports_follow_their_operation_and_diagnosis(data):
    p = data["pathology"].merge(data["tumours"][["tumour_id", "diagnosis_date"]],
                                on="tumour_id")
    assert (p["report_date"] >= p["diagnosis_date"]).all()
    r = p.merge(data["surgeries"][["surgery_id", "surgery_date"]], on="surgery_id")
    assert (r["report_date"] >= r["surgery_date"]).all()
    assert (p["specimen"] == "resection").eq(p["surgery_id"].notna()).all()


def test_dates_in_order_and_within_follow_up(data):
    t = data["tumours"].merge(data["patients"][["patient_id", "birth_year", "death_date"]],
                              on="patient_id")
    assert ((t["year"] - t["birth_year"] - t["age_at_diagnosis"]).isin([0, 1])).all()
    died = t.dropna(subset=["death_date"])
    assert (pd.to_datetime(died["death_date"]) > pd.to_datetime(died["diagnosis_date"])).all()
    diagnosis = dict(zip(t["tumour_id"], pd.to_datetime(t["diagnosis_date"]), strict=True))
    s = data["surgeries"]
    assert (pd.to_datetime(s["surgery_date"]) >= s["tumour_id"].map(diagnosis)).all()
    a = data["assessments"].dropna(subset=["referral_date", "first_visit_date", "decision_date"])
    assert (a["referral_date"] <= a["first_visit_date"]).all()
    assert (a["first_visit_date"] <= a["decision_date"]).all()
    end = pd.Timestamp("2025-06-30")
    for name, column in (("forms", "received_date"), ("surgeries", "surgery_date"),
                         ("treatments", "start_date"), ("patients", "death_date")):
        assert (pd.to_datetime(data[name][column]).dropna() <= end).all(), name


def test_deaths_follow_stage(data):
    t = data["tumours"].merge(data["patients"][["patient_id", "death_date"]], on="patient_id")
    t = t[t["invasive"] & (t["year"] <= 2019)]
    years = (pd.to_datetime(t["death_date"]) - pd.to_datetime(t["diagnosis_date"])).dt.days / 365.25
    dead5 = years < 5
    by_stage = dead5.groupby(t["stage"]).mean()
    assert by_stage["IV"] > 0.5 > by_stage["III"] > by_stage["I"]
    assert 0.82 < 1 - dead5.mean() < 0.90  # observed; relative survival about 92 %


# --- reference tables ----------------------------------------------------------------------

def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


REAL_HOSPITAL_WORDS = (
    "ullevål", "rikshospitalet", "radium", "haukeland", "st. olav", "stavanger", "ahus",
    "akershus universitetssykehus", "drammen", "kalnes", "tønsberg", "skien", "kristiansand",
    "arendal", "lillehammer", "gjøvik", "hamar", "ålesund", "molde", "tromsø", "bodø",
    "haugesund", "førde", "diakonhjemmet", "lovisenberg", "bærum", "levanger", "namsos",
)


def test_hospitals_are_fictional_and_one_merged():
    hospitals = _read("hospitals.csv")
    assert [h["hospital_id"] for h in hospitals] == [f"h{i:02d}" for i in range(1, 19)]
    for h in hospitals:
        for word in REAL_HOSPITAL_WORDS:
            assert word not in h["name_nb"].lower() and word not in h["name_en"].lower()
    merged = [h for h in hospitals if h["valid_to"]]
    assert len(merged) == 1 and merged[0]["valid_to"] == "2019-12-31"
    into = next(h for h in hospitals if h["hospital_id"] == merged[0]["merged_into"])
    assert into["trust_id"] == merged[0]["trust_id"]
    assert sum(h["operates"] == "true" and not h["valid_to"] for h in hospitals) == 17


def test_counties_and_regions():
    counties = {c["county_code"]: c for c in _read("counties.csv")}
    assert len(counties) == 15 and counties["03"]["region_id"] == "sorost"
    assert counties["46"]["region_id"] == "vest" and counties["15"]["region_id"] == "midt"
    assert counties["56"]["region_id"] == "nord"
    hospital_ids = {h["hospital_id"] for h in _read("hospitals.csv")}
    assert {c["catchment_hospital_id"] for c in counties.values()} <= hospital_ids


def test_population_2022_county_totals_are_the_public_figures():
    pop = pd.read_csv(REFERENCE / "population.csv", dtype={"county_code": str})
    totals = pop[pop["year"] == 2022].groupby("county_code")["population"].sum()
    assert totals["03"] == pytest.approx(699_827, abs=30)
    assert totals.sum() == pytest.approx(5_425_270, abs=300)
    assert pop["age_group"].nunique() == 18


def test_standard_population_weights_sum_to_100000():
    std = pd.read_csv(REFERENCE / "standard_populations.csv")
    sums = std.groupby("standard")["weight"].sum()
    assert sums.to_dict() == {"europe_2013": 100_000, "icss_1": 100_000,
                              "norway_2014": 100_000, "world_segi": 100_000}


def test_life_table_probabilities_rise_with_age():
    life = pd.read_csv(REFERENCE / "life_tables.csv")
    women = life[(life["year"] == 2024) & (life["sex"] == "f")].set_index("age")
    assert np.all(np.diff(women.loc[10:100, "death_probability"]) > 0)
    assert women.loc[60, "death_probability"] < 0.01 < women.loc[85, "death_probability"]


# --- drawing helpers ------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(0, 60), min_size=1, max_size=6),
       shares=st.lists(st.floats(0, 1), min_size=6, max_size=6), seed=st.integers(0, 2**32 - 1))
def test_quota_selects_exactly_the_rounded_share_of_every_group(sizes, shares, seed):
    group = np.repeat(np.arange(len(sizes)), sizes)
    share = np.array(shares[: len(sizes)])
    chosen = quota(np.random.default_rng(seed), group, share)
    got = np.bincount(group[chosen], minlength=len(sizes))
    assert got.tolist() == np.round(share * np.array(sizes)).astype(int).tolist()


@settings(max_examples=30, deadline=None)
@given(targets=st.lists(st.floats(0.02, 0.98), min_size=1, max_size=4),
       seed=st.integers(0, 2**32 - 1))
def test_intercepts_hit_the_group_targets(targets, seed):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, len(targets), 500)
    lp = rng.choice([-1.5, 0.0, 0.7, 2.0], 500)
    a = intercepts(lp, group, np.array(targets))
    for g, target in enumerate(targets):
        if (group == g).any():
            assert expit(a[g] + lp[group == g]).mean() == pytest.approx(target, abs=1e-6)


def test_ids_are_zero_padded_and_refuse_overflow():
    assert ids("p", np.array([1, 4711, 9_999_999])).to_pylist() == [
        "p0000001", "p0004711", "p9999999"]
    with pytest.raises(ValueError):
        ids("t", np.array([10_000_000]))
