"""Distributions against a baseline (akimstat.stats.distribution)."""

import numpy as np
import pytest
from results.stats_references import AGRESTI_PARTY_ID, CENSUS_2009_ETHNICITY, NAVARRO_CRAMERS_V
from scipy import stats

from akimstat.errors import AkimstatError
from akimstat.stats import compare_distribution_counts, compare_distribution_shares


def test_homogeneity_matches_agresti_party_identification():
    ref = AGRESTI_PARTY_ID
    res = compare_distribution_counts(ref["female"], ref["male"])
    assert res.statistic == pytest.approx(ref["statistic"], abs=ref["atol"])
    assert res.df == ref["df"] and res.method == "chi-square" and res.n_simulations == 0


def test_cramers_v_matches_navarro_example():
    ref = NAVARRO_CRAMERS_V
    res = compare_distribution_counts(ref["condition1"], ref["condition2"])
    assert res.cramers_v == pytest.approx(ref["cramers_v"], abs=ref["atol"])


def test_goodness_of_fit_against_census_shares():
    count = {"kazakh": 2000, "russian": 300, "uzbek": 40, "ukrainian": 20, "uighur": 25,
             "tatar": 15, "german": 14, "others": 40}
    res = compare_distribution_shares(count, CENSUS_2009_ETHNICITY)
    n = sum(count.values())
    expected = [n * CENSUS_2009_ETHNICITY[k] for k in count]
    ref = stats.chisquare(list(count.values()), expected)
    assert res.statistic == pytest.approx(ref.statistic) and res.pvalue == pytest.approx(ref.pvalue)
    assert res.df == 7 and res.nobs == n


def test_small_expected_counts_get_reproducible_monte_carlo_pvalue():
    a, b = {"x": 3, "y": 1, "z": 9}, {"x": 1, "y": 4, "z": 8}
    one = compare_distribution_counts(a, b, n_simulations=2000, seed=7)
    two = compare_distribution_counts(a, b, n_simulations=2000, seed=7)
    assert one == two
    assert "Monte Carlo" in one.method and one.seed == 7 and one.min_expected < 5
    # Monte Carlo conditions on both margins; for a 2 x 2 table the exact conditional
    # p-value is a hypergeometric sum over tables with X2 >= observed.
    table = np.array([[1, 7], [6, 2]])
    res = compare_distribution_counts({"x": 1, "y": 7}, {"x": 6, "y": 2}, n_simulations=20_000, seed=1)
    x2 = lambda a: stats.chi2_contingency([[a, 8 - a], [7 - a, 1 + a]], correction=False).statistic
    hyper = stats.hypergeom(16, 7, 8)  # population 16, 7 "x", 8 drawn in the first row
    exact = sum(hyper.pmf(a) for a in range(0, 8) if x2(a) >= x2(table[0, 0]) - 1e-9)
    assert "Monte Carlo" in res.method
    assert res.pvalue == pytest.approx(exact, abs=0.01)


def test_goodness_of_fit_monte_carlo_close_to_exact_multinomial():
    count, shares = np.array([1, 3, 6]), np.array([0.2, 0.3, 0.5])
    res = compare_distribution_shares(dict(zip("abc", count)), dict(zip("abc", shares)),
                                      n_simulations=20_000, seed=3)
    # Exact: sum of multinomial probabilities of outcomes with X2 >= observed.
    n, exp = count.sum(), count.sum() * shares
    x2 = lambda c: (((c - exp) ** 2) / exp).sum()
    exact = sum(stats.multinomial.pmf([i, j, n - i - j], n, shares)
                for i in range(n + 1) for j in range(n + 1 - i)
                if x2(np.array([i, j, n - i - j])) >= x2(count) - 1e-9)
    assert res.pvalue == pytest.approx(exact, abs=0.01)


def test_merging_small_categories_is_recorded():
    count = {"kazakh": 60, "russian": 30, "german": 1, "others": 9}
    res = compare_distribution_shares(count, CENSUS_2009_ETHNICITY, merge_into="others")
    assert "german" in res.merged and res.merged_into == "others"
    assert "german" not in res.categories and res.nobs == 100


def test_shares_must_sum_to_one_and_cover_counts():
    with pytest.raises(AkimstatError):
        compare_distribution_shares({"a": 1, "b": 2}, {"a": 0.5, "b": 0.4})
    with pytest.raises(AkimstatError):
        compare_distribution_shares({"a": 1, "c": 2}, {"a": 0.5, "b": 0.5})


def test_groups_without_census_share_are_counted_in_others():
    count = {"kazakh": 60, "russian": 25, "korean": 3, "chechen": 2, "others": 10}
    res = compare_distribution_shares(count, CENSUS_2009_ETHNICITY)
    assert set(res.folded) == {"korean", "chechen"} and "korean" not in res.categories
    assert res.nobs == 100


# -- effect size of a goodness-of-fit test; Monte Carlo p-values with their error ----------

def test_goodness_of_fit_gives_cohens_w_not_cramers_v():
    from results.stats_references import COHEN_W as ref

    res = compare_distribution_shares(ref["count"], ref["shares"], others=None)
    assert res.cohens_w == pytest.approx(ref["cohens_w"], abs=ref["atol"])
    assert np.isnan(res.cramers_v)  # Cramer's V belongs to a two-way table


def test_homogeneity_gives_both_effect_sizes():
    ref = NAVARRO_CRAMERS_V
    res = compare_distribution_counts(ref["condition1"], ref["condition2"])
    assert res.cohens_w == pytest.approx(res.cramers_v)  # 2 x k table: min(r, c) - 1 = 1
    assert res.pvalue_method == "asymptotic" and res.pvalue_se == 0 and res.pvalue_decimals is None
    assert res.pvalue_asymptotic == res.pvalue


def test_monte_carlo_pvalue_carries_its_standard_error_and_supported_decimals():
    a, b = {"x": 3, "y": 1, "z": 9}, {"x": 1, "y": 4, "z": 8}
    res = compare_distribution_counts(a, b, n_simulations=10_000, seed=7)
    assert res.pvalue_method == "monte-carlo"
    assert res.pvalue_se == pytest.approx(np.sqrt(res.pvalue * (1 - res.pvalue) / 10_000))
    assert res.pvalue_decimals == 2  # se ~ 0.005: a third decimal would be noise
    assert res.pvalue_asymptotic == pytest.approx(stats.chi2_contingency(
        [[3, 1, 9], [1, 4, 8]], correction=False).pvalue)
    fit = compare_distribution_shares(dict(zip("abc", [1, 3, 6])), dict(zip("abc", [0.2, 0.3, 0.5])),
                                      n_simulations=10_000, seed=3)
    assert fit.pvalue_method == "monte-carlo" and fit.pvalue_decimals == 2


def test_monte_carlo_standard_error_matches_the_spread_over_seeds():
    a, b = {"x": 3, "y": 1, "z": 9}, {"x": 1, "y": 4, "z": 8}
    runs = [compare_distribution_counts(a, b, n_simulations=2000, seed=s) for s in range(60)]
    spread = np.std([r.pvalue for r in runs], ddof=1)
    se = np.mean([r.pvalue_se for r in runs])
    # The sample SD of 60 runs is within about 20% of the true SD (chi-square with 59 df).
    assert spread == pytest.approx(se, rel=0.3)


@pytest.mark.parametrize("se, decimals", [(0.005, 2), (0.0049, 2), (0.0021, 2), (0.0004, 3),
                                          (0.00004, 4), (0.06, 0), (0.03, 1), (0.0, 4)])
def test_supported_decimals_keep_the_last_digit_above_twice_the_error(se, decimals):
    from akimstat.stats.distribution import supported_decimals

    assert supported_decimals(se) == decimals
