import pytest

from report.compute import stats


def test_wilson_half_of_ten():
    # centre 0.5; half-width 1.96*sqrt(0.025 + 1.96^2/400)/(1 + 1.96^2/10) = 0.26341
    low, high = stats.wilson(5, 10)
    assert low == pytest.approx(0.23659, abs=1e-5)
    assert high == pytest.approx(0.76341, abs=1e-5)


def test_wilson_zero_successes_has_upper_bound_z2_over_n_plus_z2():
    low, high = stats.wilson(0, 10)
    assert low == 0
    assert high == pytest.approx(3.8415 / 13.8415, abs=1e-4)


def test_wilson_all_successes_mirrors_zero():
    low, high = stats.wilson(10, 10)
    assert high == 1
    assert low == pytest.approx(1 - 3.8415 / 13.8415, abs=1e-4)


@pytest.mark.parametrize(("k", "n"), [(3, 0), (-1, 10), (11, 10)])
def test_wilson_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError):
        stats.wilson(k, n)


def test_crude_rate_is_per_100000():
    assert stats.crude_rate(4199, 2_750_000) == pytest.approx(152.69, abs=0.01)


def test_age_standardised_rate_weights_age_specific_rates():
    # rates 100 and 200 per 100 000, weights 60/40 -> 0.6*100 + 0.4*200 = 140
    rate, low, high = stats.age_standardised([10, 40], [10_000, 20_000], [60, 40])
    assert rate == pytest.approx(140.0)
    assert low < rate < high


def test_age_standardised_ci_with_one_group_is_the_exact_poisson_interval():
    # 100 events in 100 000 person-years: exact Poisson 95 % limits 81.36 and 121.63
    rate, low, high = stats.age_standardised([100], [100_000], [1])
    assert rate == pytest.approx(100.0)
    assert low == pytest.approx(81.36, abs=0.01)
    assert high == pytest.approx(121.63, abs=0.01)


@pytest.mark.parametrize(
    ("percent", "moderate", "high", "direction", "expected"),
    [
        (91.0, 80, 90, "higher", "high"),
        (90.0, 80, 90, "higher", "high"),
        (85.0, 80, 90, "higher", "moderate"),
        (79.9, 80, 90, "higher", "low"),
        (65.0, None, 70, "higher", "low"),
        (45.0, 40, None, "higher", "moderate"),
        (5.0, 10, 5, "lower", "high"),
        (8.0, 10, 5, "lower", "moderate"),
    ],
)
def test_target_status(percent, moderate, high, direction, expected):
    assert stats.target_status(percent, moderate, high, direction) == expected


def test_funnel_limits_ninety_percent_of_a_hundred_is_plus_minus_5_88():
    # 1.96 * sqrt(0.9 * 0.1 / 100) = 1.96 * 0.03 = 0.0588
    low, high = stats.funnel_limits(0.9, [100], z=1.96)
    assert low[0] == pytest.approx(84.12)
    assert high[0] == pytest.approx(95.88)


def test_funnel_limits_narrow_as_n_grows():
    low, high = stats.funnel_limits(0.5, [25, 400], z=2)
    # 2 * sqrt(0.25 / 25) = 0.2; 2 * sqrt(0.25 / 400) = 0.05
    assert list(low) == pytest.approx([30, 45])
    assert list(high) == pytest.approx([70, 55])


def test_funnel_limits_are_clipped_to_0_and_100():
    low, high = stats.funnel_limits(0.98, [10], z=stats.Z998)
    assert high[0] == 100
    assert 0 <= low[0] < 98


def test_funnel_limits_reject_a_percentage_given_as_p():
    with pytest.raises(ValueError, match="0..1"):
        stats.funnel_limits(90, [100])
