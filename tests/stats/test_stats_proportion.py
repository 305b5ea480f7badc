"""Shares, Wilson intervals and changes against a baseline (akimstat.stats.proportion)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from results.stats_references import NEWCOMBE_DIFFERENCE, NEWCOMBE_WILSON
from scipy import stats

from akimstat.errors import AkimstatError
from akimstat.stats import add_share_intervals, share_difference, share_interval, share_vs_reference

FAST = settings(max_examples=60, deadline=None)


@pytest.mark.parametrize("count, nobs, low, high", NEWCOMBE_WILSON["cases"])
def test_wilson_matches_newcombe_1998a(count, nobs, low, high):
    res = share_interval(count, nobs)
    assert (res.low, res.high) == pytest.approx((low, high), abs=NEWCOMBE_WILSON["atol"])
    assert res.method == "wilson" and res.estimate == count / nobs


@pytest.mark.parametrize("count, nobs, count_base, nobs_base, low, high", NEWCOMBE_DIFFERENCE["cases"])
def test_difference_interval_matches_newcombe_1998b(count, nobs, count_base, nobs_base, low, high):
    res = share_difference(count, nobs, count_base, nobs_base)
    assert (res.low, res.high) == pytest.approx((low, high), abs=NEWCOMBE_DIFFERENCE["atol"])
    assert res.interval_method == "newcombe"


@pytest.mark.parametrize("case", [(6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20), (10, 10, 0, 20)])
def test_difference_interval_is_newcombe_formula_from_wilson_limits(case):
    # Newcombe 1998b eq. for method 10: L = d - sqrt((p1-l1)^2 + (u2-p2)^2),
    # U = d + sqrt((u1-p1)^2 + (p2-l2)^2), with Wilson limits li, ui.
    a, b = share_interval(*case[:2]), share_interval(*case[2:])
    d = a.estimate - b.estimate
    low = d - np.hypot(a.estimate - a.low, b.high - b.estimate)
    high = d + np.hypot(a.high - a.estimate, b.estimate - b.low)
    res = share_difference(*case)
    assert (res.low, res.high) == pytest.approx((low, high), abs=1e-12)


def test_difference_interval_stays_inside_minus_one_one():
    res = share_difference(0, 1, 158, 158)  # found by hypothesis: -1 - 2e-16 before clipping
    assert res.low == -1 and res.high <= 1


def test_large_counts_use_score_test_equal_to_pearson_chi_square():
    res = share_difference(56, 70, 48, 80)
    pearson = stats.chi2_contingency([[56, 14], [48, 32]], correction=False)
    assert res.method == "score"
    assert res.statistic**2 == pytest.approx(pearson.statistic, rel=1e-10)
    assert res.pvalue == pytest.approx(pearson.pvalue, rel=1e-8)


def test_small_expected_counts_use_fisher_exact():
    res = share_difference(9, 10, 3, 10)
    assert res.method == "fisher-exact"
    assert res.pvalue == pytest.approx(stats.fisher_exact([[9, 1], [3, 7]]).pvalue)


def test_change_against_assumed_baseline_denominator():
    # "248 women" before the election; the denominator is not published and must be given.
    res = share_difference(count=300, nobs=2454, count_base=248, nobs_base=2500)
    assert res.count_change == 52
    assert res.relative_change == pytest.approx((300 / 2454) / (248 / 2500) - 1)
    assert res.low < res.estimate < res.high


def test_share_vs_reference_is_one_sample_score_test():
    # "74.5% under 55" is published only as a share.
    count, nobs, p0 = 1700, 2454, 0.745
    res = share_vs_reference(count, nobs, p0)
    z = (count / nobs - p0) / np.sqrt(p0 * (1 - p0) / nobs)
    assert res.method == "score"
    assert res.statistic == pytest.approx(z)
    assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert res.share.low < res.share.estimate < res.share.high


def test_share_vs_reference_small_uses_exact_binomial():
    res = share_vs_reference(3, 20, 0.05)
    assert res.method == "binomial-exact"
    assert res.pvalue == pytest.approx(stats.binomtest(3, 20, 0.05).pvalue)


def test_bad_counts_raise():
    with pytest.raises(AkimstatError):
        share_interval(5, 4)
    with pytest.raises(AkimstatError):
        share_vs_reference(1, 4, 1.0)


@FAST
@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from([0.01, 0.05, 0.1]))
def test_interval_contains_estimate(cn, alpha):
    res = share_interval(*cn, alpha=alpha)
    assert 0 <= res.low <= res.estimate <= res.high <= 1


@FAST
@given(st.integers(1, 3000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.integers(1, 3000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_difference_interval_contains_estimate(a, b):
    res = share_difference(*a, *b)
    assert -1 <= res.low <= res.estimate <= res.high <= 1
    assert 0 <= res.pvalue <= 1


@FAST
@given(st.lists(st.integers(0, 500), min_size=1, max_size=8).filter(lambda c: sum(c) > 0))
def test_add_share_intervals_shares_sum_to_one(counts):
    frame = pd.DataFrame({"cycle": 2013, "scope": "national", "variable": "ethnicity",
                          "category": [f"c{i}" for i in range(len(counts))], "count": counts})
    out = add_share_intervals(frame)
    assert out["share"].sum() == pytest.approx(1)
    assert (out["low"] <= out["share"] + 1e-12).all() and (out["share"] <= out["high"] + 1e-12).all()
    assert (out["nobs"] == sum(counts)).all()


# -- a baseline known only as a share: one-sample tests checked against R ----------------

from results.stats_references import R_ONE_SAMPLE  # noqa: E402


@pytest.mark.parametrize("count, nobs, p0, alternative, z, p, atol", R_ONE_SAMPLE["score"])
def test_share_vs_reference_score_matches_r_prop_test(count, nobs, p0, alternative, z, p, atol):
    res = share_vs_reference(count, nobs, p0, alternative=alternative)
    assert res.method == "score"
    assert res.statistic == pytest.approx(z, abs=R_ONE_SAMPLE["z_atol"])
    assert res.pvalue == pytest.approx(p, abs=atol)


@pytest.mark.parametrize("count, nobs, p0, p", R_ONE_SAMPLE["exact"])
def test_share_vs_reference_exact_matches_r_binom_test(count, nobs, p0, p):
    res = share_vs_reference(count, nobs, p0, method="binomial-exact")
    assert res.method == "binomial-exact" and res.pvalue == pytest.approx(p, abs=R_ONE_SAMPLE["atol"])


def test_share_vs_reference_interval_is_the_wilson_interval_less_the_baseline():
    res = share_vs_reference(1700, 2454, 0.745)
    assert (res.low, res.high) == pytest.approx((res.share.low - 0.745, res.share.high - 0.745))
    assert res.low < res.estimate < res.high
    with pytest.raises(AkimstatError):
        share_vs_reference(10, 20, 0.5, method="wald")


def test_share_only_baseline_is_not_a_two_sample_test_on_an_imputed_count():
    # 74.5% of an assumed 2,457 "is" 1,830: the two-sample test invents a sampling error for
    # the baseline and gives a larger p-value than the one-sample test against 0.745.
    one = share_vs_reference(1750, 2454, 0.745)
    two = share_difference(1750, 2454, 1830, 2457)
    assert one.pvalue < two.pvalue / 10
