"""The net survival estimator (report.compute.survival) against R's relsurv, a hand-worked
period example and an independent Kaplan-Meier."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import numpy as np
import pandas as pd
import pytest

from report.compute import expected, ratetable, survival
from report.compute import survival_plan as plan
from report.compute import survival_runs as sr
from report.paths import DEFAULT_REFERENCE as REFERENCE

HORIZON = 3653
YEARS = (1, 5, 10)


def _life() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "life_tables.csv")


def _cohort(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    """Women diagnosed over six years, background deaths drawn year by year from the life
    table, an excess hazard by a stage-like mix, some emigration, follow-up to 2025-06-30."""
    rng = np.random.default_rng(seed)
    life = _life()
    first, last = life["year"].min(), life["year"].max()
    q = life[life["sex"] == "f"].pivot(index="age", columns="year",
                                        values="death_probability").to_numpy()
    age_days = rng.integers(30, 92, n) * ratetable.YEAR_DAYS + rng.uniform(0, 365, n)
    diag = (np.datetime64(f"{first}-01-01") + rng.integers(0, 6 * 365, n)).astype(np.int64)
    death = np.full(n, np.iinfo(np.int64).max)
    alive = np.ones(n, dtype=bool)
    year0 = (diag.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970)
    for j in range(13):
        age = np.minimum((age_days / ratetable.YEAR_DAYS).astype(int) + j, q.shape[0] - 1)
        year = np.clip(year0 + j, first, last) - first
        dies = alive & (rng.random(n) < q[age, year])
        death[dies] = j * 365 + rng.integers(1, 365, dies.sum())
        alive &= ~dies
    excess = rng.choice([0.0005, 0.01, 0.05, 0.2], n, p=[0.45, 0.35, 0.15, 0.05])
    death = np.minimum(death, np.floor(rng.exponential(1 / excess) * 365.241).astype(np.int64)
                       + 1)
    emigrated = np.where(rng.random(n) < 0.02, rng.integers(30, 3000, n), death.max())
    potential = np.datetime64("2025-06-30").astype(np.int64) - diag
    time = np.minimum.reduce([death, emigrated, potential])
    return pd.DataFrame({"time": time, "status": (death == time).astype(int),
                         "age": age_days, "diag_day": diag,
                         "diag": diag.astype("datetime64[D]").astype(str)})


RSCRIPT = textwrap.dedent("""
    suppressMessages(library(relsurv))
    args <- commandArgs(trailingOnly = TRUE)
    life <- read.csv(args[1])
    table_of <- function(s) {
      x <- life[life$sex == s, ]
      m <- matrix(NA_real_, max(x$age) + 1, diff(range(x$year)) + 1)
      m[cbind(x$age + 1, x$year - min(x$year) + 1)] <- 1 - x$death_probability
      m
    }
    rt <- transrate(table_of("m"), table_of("f"), yearlim = range(life$year), int.length = 1)
    d <- read.csv(args[2]); d$year <- as.Date(d$diag); d$sex <- 2
    for (method in c("pohar-perme", "ederer2")) {
      f <- rs.surv(Surv(time, status) ~ 1, data = d, ratetable = rt, method = method,
                   rmap = list(age = age, sex = sex, year = year))
      for (t in floor(c(1, 5, 10) * 365.241)) {
        i <- max(which(f$time <= t))
        cat(method, t, sprintf("%.12f", f$surv[i]), sprintf("%.12f", f$std.err[i]),
            sprintf("%.12f", f$lower[i]), sprintf("%.12f", f$upper[i]), "\\n")
      }
    }
""")


def _relsurv(tmp_path, data: pd.DataFrame) -> pd.DataFrame:
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript with relsurv is needed: apt-get install r-cran-relsurv (.ci/run)")
    (tmp_path / "check.R").write_text(RSCRIPT, encoding="utf-8")
    data.to_csv(tmp_path / "data.csv", index=False)
    run = subprocess.run(["Rscript", str(tmp_path / "check.R"), str(REFERENCE / "life_tables.csv"),
                          str(tmp_path / "data.csv")], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines() if line.strip()]
    return pd.DataFrame(rows, columns=["method", "day", "surv", "se", "lower", "upper"]).astype(
        {"day": int, "surv": float, "se": float, "lower": float, "upper": float})


def _ours(data: pd.DataFrame, method: str, integration: str = "daily") -> survival.Curves:
    table = ratetable.rate_table(_life(), "f")
    n = len(data)
    seg = expected.segments(table, data["age"].to_numpy(), data["diag_day"].to_numpy(),
                            data["time"].to_numpy())
    return survival.estimate(seg, np.arange(n), np.zeros(n, dtype=int), data["time"].to_numpy(),
                             data["status"].to_numpy() == 1, np.zeros(n, dtype=int), 1, HORIZON,
                             method, integration)


@pytest.fixture(scope="module")
def cohort_and_r(tmp_path_factory):
    data = _cohort()
    return data, _relsurv(tmp_path_factory.mktemp("relsurv"), data)


@pytest.mark.parametrize("method", ["pohar-perme", "ederer2"])
def test_cohort_estimates_equal_relsurv_within_five_hundredths_of_a_point(cohort_and_r, method):
    data, r = cohort_and_r
    ours = _ours(data, method)
    for row in r[r["method"] == method].itertuples():
        assert ours.surv[0, row.day - 1] == pytest.approx(row.surv, abs=0.0005)
        assert ours.se[0, row.day - 1] == pytest.approx(row.se, rel=1e-6)
        low, high = survival.interval(ours.surv[0, row.day - 1], ours.se[0, row.day - 1])
        assert (low, high) == pytest.approx((row.lower, row.upper), abs=0.0005)


def test_relsurv_integration_reproduces_relsurv_to_rounding(cohort_and_r):
    """The only difference from relsurv is how the population hazard is integrated between
    exit times: with relsurv's running mean the estimates agree to rounding."""
    data, r = cohort_and_r
    ours = _ours(data, "pohar-perme", integration="relsurv")
    for row in r[r["method"] == "pohar-perme"].itertuples():
        assert ours.surv[0, row.day - 1] == pytest.approx(row.surv, abs=1e-9)


def _period(rows, hazard: float, horizon: int = 40) -> survival.Curves:
    """ROWS: (entry, exit, died) in days since diagnosis, everyone the same age and date."""
    entry, exit, died = (np.array(c) for c in zip(*rows, strict=True))
    n = len(entry)
    table = ratetable.constant(hazard)
    seg = expected.segments(table, np.full(n, 50 * 365.241), np.full(n, 19000), exit)
    return survival.estimate(seg, np.arange(n), entry, exit, died.astype(bool),
                             np.zeros(n, dtype=int), 1, horizon)


def test_period_estimate_with_late_entries_matches_hand_worked_example():
    # a: 0-10 dies; b: enters 5, dies 20; c: 0-15 censored; d: enters 12, dies 30.
    # Everyone has the same expected survival, so the weights cancel: at day 10 three are at
    # risk (d not yet entered), at day 20 two (b, d), at day 30 one.
    lam = 0.001
    curves = _period([(0, 10, 1), (5, 20, 1), (0, 15, 0), (12, 30, 1)], lam)
    s10 = 1 - (1 / 3 - 10 * lam)
    s15 = s10 * (1 + 5 * lam)
    s20 = s15 * (1 - (1 / 2 - 5 * lam))
    s30 = s20 * (1 - (1 - 10 * lam))
    for day, value in ((9, 1.0), (10, s10), (14, s10), (15, s15), (20, s20), (30, s30)):
        assert curves.surv[0, day - 1] == pytest.approx(value, rel=1e-9)
    assert curves.se[0, 19] == pytest.approx(np.sqrt(1 / 9 + 1 / 4), rel=1e-9)
    assert list(curves.at_risk[0, [4, 5, 11, 12, 15, 20, 29]]) == [2, 3, 2, 3, 2, 1, 1]


def test_period_window_covering_all_follow_up_gives_the_cohort_estimate():
    data = _cohort(n=800, seed=3)
    table = ratetable.rate_table(_life(), "f")
    n = len(data)
    seg = expected.segments(table, data["age"].to_numpy(), data["diag_day"].to_numpy(),
                            data["time"].to_numpy())
    cohort = survival.estimate(seg, np.arange(n), np.zeros(n, dtype=int),
                               data["time"].to_numpy(), data["status"].to_numpy() == 1,
                               np.zeros(n, dtype=int), 1, HORIZON)
    window = survival.period_followup(data["diag_day"].to_numpy(), data["time"].to_numpy(),
                                      data["status"].to_numpy() == 1,
                                      start=int(data["diag_day"].min()),
                                      end=int((data["diag_day"] + data["time"]).max()) + 1)
    assert window.keep.all() and (window.entry == 0).all()
    period = survival.estimate(seg, np.arange(n), window.entry, window.exit, window.died,
                               np.zeros(n, dtype=int), 1, HORIZON)
    np.testing.assert_allclose(period.surv, cohort.surv, rtol=1e-12)


def test_period_window_truncates_on_the_left_and_censors_at_its_end():
    diag = np.array([100, 200, 300])
    time = np.array([400, 50, 900])
    window = survival.period_followup(diag, time, np.array([True, True, False]), start=250,
                                      end=600)
    # the second ended (day 250) before the window: out; the others enter at day 150 and 0
    assert list(window.keep) == [True, False, True]
    assert list(window.entry[window.keep]) == [150, 0]
    assert list(window.exit[window.keep]) == [400, 300]
    assert list(window.died[window.keep]) == [True, False]


def _kaplan_meier(time, event, day):
    """An independent Kaplan-Meier: product over distinct death times up to DAY."""
    s = 1.0
    for t in sorted(set(time[event])):
        if t > day:
            break
        at_risk = sum(1 for x in time if x >= t)
        deaths = sum(1 for x, e in zip(time, event, strict=True) if x == t and e)
        s *= 1 - deaths / at_risk
    return s


@pytest.mark.parametrize("method", ["ederer2", "pohar-perme"])
def test_with_expected_survival_one_net_survival_is_kaplan_meier(method):
    rng = np.random.default_rng(11)
    n = 300
    time = rng.integers(1, 400, n)  # many ties
    event = rng.random(n) < 0.6
    table = ratetable.constant(0.0)
    seg = expected.segments(table, np.full(n, 60 * 365.241), np.full(n, 18000), time)
    curves = survival.estimate(seg, np.arange(n), np.zeros(n, dtype=int), time, event,
                               np.zeros(n, dtype=int), 1, 400, method)
    for day in (1, 50, 137, 250, int(time.max())):
        assert curves.surv[0, day - 1] == pytest.approx(_kaplan_meier(time, event, day),
                                                        rel=1e-12)


def test_expected_cumulative_hazard_equals_the_day_by_day_sum():
    table = ratetable.rate_table(_life(), "f")
    rng = np.random.default_rng(5)
    n = 40
    age = rng.uniform(20, 99, n) * ratetable.YEAR_DAYS
    diag = np.datetime64("2014-03-01").astype(np.int64) + rng.integers(0, 3000, n)
    last = rng.integers(1, 4000, n)
    seg = expected.segments(table, age, diag, last)
    ours = expected.cumulative_hazard(seg, np.arange(n), last)
    flat = table.hazard
    for i in range(n):
        days = np.arange(last[i])
        by_day = sum(flat[table.age_cell(age[i] + days), table.year_cell(diag[i] + days)])
        assert ours[i] == pytest.approx(by_day, rel=1e-10)


def test_groups_are_estimated_independently():
    data = _cohort(n=600, seed=9)
    n = len(data)
    table = ratetable.rate_table(_life(), "f")
    seg = expected.segments(table, data["age"].to_numpy(), data["diag_day"].to_numpy(),
                            data["time"].to_numpy())
    half = np.arange(n) % 2
    both = survival.estimate(seg, np.arange(n), np.zeros(n, dtype=int), data["time"].to_numpy(),
                             data["status"].to_numpy() == 1, half, 2, HORIZON)
    for g in (0, 1):
        idx = np.flatnonzero(half == g)
        alone = survival.estimate(seg, idx, np.zeros(len(idx), dtype=int),
                                  data["time"].to_numpy()[idx],
                                  data["status"].to_numpy()[idx] == 1,
                                  np.zeros(len(idx), dtype=int), 1, HORIZON)
        np.testing.assert_allclose(both.surv[g], alone.surv[0], rtol=1e-10)
        assert both.patients[g] == len(idx)


def test_a_window_is_the_sum_of_its_calendar_years():
    """The sums are additive: a period window computed as the sum of its calendar years'
    sums (each year's end only a slice boundary) gives the estimate of the window itself."""
    data = _cohort(n=1500, seed=4)
    table = ratetable.rate_table(_life(), "f")
    diag, time = data["diag_day"].to_numpy(), data["time"].to_numpy()
    died = data["status"].to_numpy() == 1
    seg = expected.segments(table, data["age"].to_numpy(), diag, time)
    jan1 = ratetable.jan1_days(2017, 2020)
    whole = survival.period_followup(diag, time, died, int(jan1[0]), int(jan1[-1]))
    keep = np.flatnonzero(whole.keep)
    direct = survival.estimate(seg, keep, whole.entry[keep], whole.exit[keep], whole.died[keep],
                               np.zeros(len(keep), dtype=int), 1, 1500)
    total = None
    for start, end in zip(jan1[:-1], jan1[1:], strict=True):
        part = survival.period_followup(diag, time, died, int(start), int(end))
        idx = np.flatnonzero(part.keep)
        departed = part.exit[idx] == time[idx]
        if end == jan1[-1]:
            departed = np.ones(len(idx), dtype=bool)
        own = np.flatnonzero(seg.year == int(str(np.datetime64(int(start), "D"))[:4]))
        sums = survival.accumulate(seg, idx, part.entry[idx], part.exit[idx], part.died[idx],
                                   np.zeros(len(idx), dtype=int), 1, 1500, departed=departed,
                                   rows=own)  # a calendar year's own segments only
        total = sums if total is None else total + sums
    summed = survival.finish(total, np.array([len(keep)]))
    np.testing.assert_allclose(summed.surv, direct.surv, rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(summed.se, direct.se, rtol=1e-9, equal_nan=True)


def _women(data: pd.DataFrame, seed: int = 3):
    data = data.sort_values("diag_day", kind="stable").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    n = len(data)
    diag = data["diag_day"].to_numpy()
    return data, plan.Women(
        diag=diag.astype(np.int32),
        year=(diag.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
              ).astype(np.int16),
        age_days=data["age"].to_numpy(), time=data["time"].to_numpy().astype(np.int32),
        died=data["status"].to_numpy() == 1, region=rng.integers(0, 2, n).astype(np.int8),
        stage=rng.integers(0, 5, n).astype(np.int8),
        age_group=np.minimum(data["age"].to_numpy() // (20 * ratetable.YEAR_DAYS) - 1, 3)
        .astype(np.int8))


@pytest.mark.parametrize("chunk, parts, beside", [(250, 3, 10**9), (10**9, 2, 0)])
def test_chunks_and_side_by_side_runs_give_the_estimate_of_all_women_at_once(
        monkeypatch, chunk, parts, beside):
    """Every analysis tallied chunk by chunk in runs, in this process or (BESIDE 0) the later
    runs in a worker process, equals the estimator applied to the whole window or cohort at
    once."""
    data, w = _women(_cohort(n=1200, seed=11))
    monkeypatch.setattr(sr, "CHUNK", chunk)
    monkeypatch.setattr(sr, "PARTS", parts)
    monkeypatch.setattr(sr, "BESIDE", beside)
    table = ratetable.rate_table(_life(), "f")
    s = plan.SurvivalSettings(standard="icss_1", window_years=3, years=(1, 5), min_patients=1,
                            min_deaths=1)
    done = sr.estimate_all(w, table, 2012, s, 4, ["r0", "r1"], ["a", "b", "c", "d"])
    seg = expected.segments(table, w.age_days, w.diag, w.time)
    for e in done:
        a = e.analysis
        k = sr.kept(w, a)
        keep = np.flatnonzero(k.keep)
        horizon = sr.horizon_days(max(a.years))
        region = w.region[keep].astype(int)
        direct = survival.estimate(seg, keep, k.entry[keep], k.exit[keep], k.died[keep],
                                   region, 2, horizon)
        nation = survival.estimate(seg, keep, k.entry[keep], k.exit[keep], k.died[keep],
                                   np.zeros(len(keep), dtype=int), 1, horizon)
        for row, key in enumerate(e.groups):
            if key[2] != "all":
                continue
            want = nation.surv[0] if key[0] == "nation" else direct.surv[int(key[1][1])]
            np.testing.assert_allclose(e.curves.surv[row], want, rtol=1e-9, equal_nan=True)


def test_a_single_woman_leaves_the_other_runs_empty(monkeypatch):
    data, w = _women(_cohort(n=40, seed=5).iloc[:1])
    monkeypatch.setattr(sr, "PARTS", 3)
    table = ratetable.rate_table(_life(), "f")
    s = plan.SurvivalSettings(standard="icss_1", window_years=3, years=(1, 5), min_patients=1,
                            min_deaths=1)
    done = sr.estimate_all(w, table, 2012, s, 4, ["r0", "r1"], ["a", "b", "c", "d"])
    monkeypatch.setattr(sr, "PARTS", 1)
    alone = sr.estimate_all(w, table, 2012, s, 4, ["r0", "r1"], ["a", "b", "c", "d"])
    assert sum(int(e.curves.patients[0]) for e in done) >= 1
    for split, whole in zip(done, alone, strict=True):
        np.testing.assert_array_equal(split.curves.at_risk, whole.curves.at_risk)
        np.testing.assert_allclose(split.curves.surv, whole.curves.surv, rtol=1e-12,
                                   equal_nan=True)


def test_a_worker_that_cannot_start_leaves_the_estimates_as_they_are(monkeypatch):
    """Without a worker process every run is tallied here: the same estimates."""
    data, w = _women(_cohort(n=300, seed=8))
    table = ratetable.rate_table(_life(), "f")
    s = plan.SurvivalSettings(standard="icss_1", window_years=3, years=(1, 5), min_patients=1,
                              min_deaths=1)
    monkeypatch.setattr(sr, "BESIDE", 0)
    here = sr.estimate_all(w, table, 2012, s, 4, ["r0", "r1"], ["a", "b", "c", "d"])
    monkeypatch.setattr(sr.beside.sys, "executable", "/nonexistent/python")
    without = sr.estimate_all(w, table, 2012, s, 4, ["r0", "r1"], ["a", "b", "c", "d"])
    for a, b in zip(here, without, strict=True):
        np.testing.assert_array_equal(a.curves.surv, b.curves.surv)
