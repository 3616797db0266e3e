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


def _exact_limit(p: float, n: int, q: float) -> float:
    """Spiegelhalter's interpolated binomial limit, summed by hand with math.comb."""
    import math

    cdf = [0.0]
    for k in range(n + 1):
        cdf.append(cdf[-1] + math.comb(n, k) * p**k * (1 - p) ** (n - k))
    r = next(k for k in range(n + 1) if cdf[k + 1] >= q)  # cdf[k + 1] = F(k)
    a = (cdf[r + 1] - q) / (cdf[r + 1] - cdf[r])
    return (r - a) / n


@pytest.mark.parametrize("p, n", [(0.9, 100), (0.95, 10), (0.5, 25), (0.8, 37)])
def test_funnel_limits_are_the_interpolated_exact_binomial_limits(p, n):
    for z, q in ((stats.Z95, 0.975), (stats.Z998, 0.999)):
        low, high = stats.funnel_limits(p, [n], z=z)
        assert low[0] == pytest.approx(_exact_limit(p, n, 1 - q) * 100, abs=1e-6)
        assert high[0] == pytest.approx(_exact_limit(p, n, q) * 100, abs=1e-6)


def test_seven_of_ten_at_95_percent_is_inside_the_998_limits_but_below_the_95_limits():
    # exact P(X <= 7 | n = 10, p = 0.95) = 0.0115: not an outlier at 99.8 %, one at 95 %;
    # the normal approximation (0.95 - 3.09 * 0.069 = 0.737) called it an outlier at 99.8 %
    low95, _ = stats.funnel_limits(0.95, [10])
    low998, _ = stats.funnel_limits(0.95, [10], z=stats.Z998)
    assert low998[0] < 70 < low95[0]


def test_funnel_limits_narrow_as_n_grows():
    low, high = stats.funnel_limits(0.5, [25, 400], z=2)
    assert low[0] < low[1] < 50 < high[1] < high[0]


def test_funnel_limits_stay_within_0_and_100_near_the_edges():
    low, high = stats.funnel_limits(0.98, [10], z=stats.Z998)
    assert 99.9 < high[0] <= 100  # all ten of ten is inside
    assert 0 <= low[0] < 98
    low, high = stats.funnel_limits(0.02, [10], z=stats.Z998)
    assert low[0] == 0 and 0 < high[0] < 100


def test_funnel_limits_reject_a_fractional_denominator():
    with pytest.raises(ValueError, match="whole number"):
        stats.funnel_limits(0.9, [10.5])


def test_funnel_limits_reject_a_percentage_given_as_p():
    with pytest.raises(ValueError, match="0..1"):
        stats.funnel_limits(90, [100])


def test_change_p_value_is_fishers_exact_two_sided():
    # 8/10 -> 10/10: hypergeometric P over tables at least as extreme, summed by hand:
    # margins 18 successes, 2 failures in 20; P(first row has 8) = C(18,8)C(2,2)/C(20,10)
    import math

    total = math.comb(20, 10)
    p8 = math.comb(18, 8) * math.comb(2, 2) / total   # the observed table (and its mirror)
    assert stats.change_p_value(8, 10, 10, 10) == pytest.approx(2 * p8)
    assert stats.change_p_value(8, 10, 10, 10) > stats.CHANGE_LEVEL  # 80 -> 100 % on 10
    assert stats.change_p_value(50, 100, 80, 100) < stats.CHANGE_LEVEL


def test_funnel_denominators_are_every_whole_number_then_log_spaced():
    assert list(stats.funnel_denominators(8, 40)) == list(range(8, 41))
    big = stats.funnel_denominators(8, 60000)
    assert list(big[:1993]) == list(range(8, 2001))
    assert big[-1] == 60000 and len(big) < 2500 and (big[1:] > big[:-1]).all()
