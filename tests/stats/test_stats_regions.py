"""Regions against the national share: funnel limits, overdispersion (akimstat.stats.regions).

Checked against the formulas of Spiegelhalter (2005, Stat Med 24:1185-1202), recomputed here
independently of the module.
"""

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from akimstat.errors import AkimstatError
from akimstat.stats import compare_regions, funnel_limits, overdispersion
from akimstat.stats.regions import holm

REGIONS = [f"KZ-{i:02d}" for i in range(17)]


def test_normal_limits_are_p0_plus_minus_z_se():
    p0, n = 0.1, np.array([50, 200, 1000])
    lim = funnel_limits(p0, n, method="normal", scale="proportion")
    se = np.sqrt(p0 * (1 - p0) / n)
    # z for 95% and 99.8% two-sided: 1.959964 and 3.090232 (standard normal tables).
    for level, z in [(0.95, 1.959964), (0.998, 3.090232)]:
        part = lim[lim["level"] == level]
        assert part["low"].to_numpy() == pytest.approx(p0 - z * se, abs=1e-6)
        assert part["high"].to_numpy() == pytest.approx(p0 + z * se, abs=1e-6)


def test_binomial_limits_use_spiegelhalter_interpolation():
    p0, n = 0.1, np.array([20, 57, 150, 400])
    lim = funnel_limits(p0, n, levels=[0.95])
    for q, col in [(0.025, "low"), (0.975, "high")]:
        r = stats.binom.ppf(q, n, p0)
        a = (stats.binom.cdf(r, n, p0) - q) / (stats.binom.cdf(r, n, p0) - stats.binom.cdf(r - 1, n, p0))
        # Clipped at 0: at n = 20 the lower quantile is 0 and (0 - a) / n would be -0.04.
        assert lim[col].to_numpy() == pytest.approx(np.clip((r - a) / n, 0, 1))
        # The interpolated limit lies between the two attainable proportions around it.
        assert np.all((r - 1) / n <= lim[col].to_numpy()) and np.all(lim[col].to_numpy() <= r / n)


def test_binomial_lower_limit_is_not_negative_for_small_denominators():
    # p0 = 0.05, n = 20: the 2.5% quantile of Bin(20, 0.05) is 0 and the interpolation
    # (0 - a) / n would be negative.
    lim = funnel_limits(0.05, [20, 30, 40], levels=[0.95, 0.998])
    assert (lim["low"] >= 0).all() and (lim["low"] == 0).any()


def test_binomial_limits_approach_normal_limits_for_large_n():
    exact = funnel_limits(0.3, [20_000])
    normal = funnel_limits(0.3, [20_000], method="normal")
    assert exact[["low", "high"]].to_numpy() == pytest.approx(normal[["low", "high"]].to_numpy(), abs=2e-4)


def test_limits_widen_with_overdispersion():
    base = funnel_limits(0.2, [100], method="normal", scale="proportion")
    mult = funnel_limits(0.2, [100], phi=2.0, scale="proportion")
    add = funnel_limits(0.2, [100], tau2=0.001, scale="proportion")
    assert (mult["high"] - 0.2).to_numpy() == pytest.approx(np.sqrt(2) * (base["high"] - 0.2).to_numpy())
    se2 = 0.2 * 0.8 / 100
    assert (add["high"] - 0.2).to_numpy() == pytest.approx(
        stats.norm.ppf([0.975, 0.999]) * np.sqrt(se2 + 0.001))


def test_overdispersion_phi_and_tau2_by_hand_without_winsorising():
    count, nobs, p0 = np.array([10, 30, 12, 40, 25]), np.array([100, 120, 90, 150, 110]), 0.2
    res = overdispersion(count, nobs, p0, winsor=0)
    s2 = p0 * (1 - p0) / nobs
    z = (count / nobs - p0) / np.sqrt(s2)
    phi = np.mean(z**2)
    w = 1 / s2
    tau2 = (5 * phi - 4) / (w.sum() - (w**2).sum() / w.sum())  # DerSimonian-Laird form
    assert res.phi == pytest.approx(phi) and res.tau2 == pytest.approx(max(tau2, 0))
    assert res.df == 4 and res.pvalue == pytest.approx(stats.chi2.sf(5 * phi, 4))


def test_winsorising_pulls_in_the_extreme_z_scores():
    nobs = np.full(10, 100)
    count = np.array([5, 18, 19, 20, 20, 21, 21, 22, 23, 60])
    res = overdispersion(count, nobs, 0.2, winsor=0.1)
    z = np.sort((count / nobs - 0.2) / np.sqrt(0.2 * 0.8 / 100))
    z[0], z[-1] = z[1], z[-2]  # 10% of 10 units: one at each end
    assert res.phi == pytest.approx(np.mean(z**2))


def test_no_overdispersion_no_adjustment_and_pvalues_adjusted():
    rng = np.random.default_rng(2013)
    nobs = rng.integers(80, 250, 17)
    count = rng.binomial(nobs, 0.1)
    res = compare_regions(count, nobs, REGIONS)
    t = res.table
    assert res.adjustment == "none" and res.p0 == pytest.approx(count.sum() / nobs.sum())
    assert t["pvalue_holm"].to_numpy() == pytest.approx(multipletests(t["pvalue"], method="holm")[1])
    assert t["pvalue_bh"].to_numpy() == pytest.approx(multipletests(t["pvalue"], method="fdr_bh")[1])
    assert (t["pvalue_holm"] >= t["pvalue"] - 1e-12).all()
    assert set(t["flag_95"]) <= {"below", "within", "above"}
    assert not any("rank" in c for c in t.columns)


@pytest.mark.parametrize("p", [[0.01, 0.04, 0.03, 0.2], [0.5, 0.5, 0.01, 0.5, 0.9], [0.3], [0.4, 0.6, 1.0],
                               np.random.default_rng(5).uniform(0, 0.2, 17)])
def test_holm_is_statsmodels_holm_to_the_bit(p):
    assert holm(p).tolist() == multipletests(p, method="holm")[1].tolist()


def test_overdispersed_regions_get_additive_or_multiplicative_limits():
    rng = np.random.default_rng(1)
    nobs = rng.integers(100, 200, 17)
    count = rng.binomial(nobs, rng.beta(4, 16, 17))  # true shares vary between regions
    add = compare_regions(count, nobs, REGIONS)
    mult = compare_regions(count, nobs, REGIONS, adjustment="multiplicative")
    off = compare_regions(count, nobs, REGIONS, adjustment="none")
    assert add.overdispersion.pvalue < 0.05
    assert (add.adjustment, mult.adjustment, off.adjustment) == ("additive", "multiplicative", "none")
    width = lambda r: (r.table["high_95"] - r.table["low_95"]).to_numpy()
    assert np.all(width(add) > width(off)) and np.all(width(mult) > width(off))
    assert (off.table["flag_95"] != "within").sum() >= (add.table["flag_95"] != "within").sum()


def test_unknown_adjustment_raises():
    with pytest.raises(AkimstatError):
        compare_regions([1, 2], [10, 10], ["a", "b"], adjustment="rank")


def test_target_share_must_be_inside_zero_one():
    with pytest.raises(AkimstatError):
        compare_regions([0, 0], [10, 10], ["a", "b"])


# -- widened limits stay inside 0-100%, with plain and widened flags side by side ----------

def _overdispersed(seed=3, k=17):
    rng = np.random.default_rng(seed)
    nobs = rng.integers(25, 90, k)
    return rng.binomial(nobs, rng.beta(1.2, 10, k)), nobs  # small shares, very unequal


def test_widened_limits_stay_between_zero_and_one():
    count, nobs = _overdispersed()
    res = compare_regions(count, nobs, REGIONS)
    assert res.adjustment == "additive"
    low, high = res.table.filter(like="low_").to_numpy(), res.table.filter(like="high_").to_numpy()
    assert (low >= 0).all() and (high <= 1).all()
    assert (res.table.filter(regex=r"^low_\d").to_numpy() > 0).all()  # logit limits never touch 0
    grid = res.limits(np.arange(10, 200, 5))
    assert grid["low"].min() > 0 and grid["high"].max() < 1
    # The proportion-scale widening, as before, goes below zero here: the fault fixed.
    old = compare_regions(count, nobs, REGIONS, scale="proportion")
    assert (old.table["low_99.8"] < 0).any()


def test_logit_limits_are_the_same_standard_error_mapped_to_the_logit_scale():
    p0, n, tau2 = 0.1, np.array([30, 100, 400]), 0.002
    lim = funnel_limits(p0, n, levels=[0.95], tau2=tau2)
    half = 1.959964 * np.sqrt(p0 * (1 - p0) / n + tau2) / (p0 * (1 - p0))
    logit = np.log(p0 / (1 - p0))
    assert lim["low"].to_numpy() == pytest.approx(1 / (1 + np.exp(-(logit - half))), abs=1e-6)
    assert lim["high"].to_numpy() == pytest.approx(1 / (1 + np.exp(-(logit + half))), abs=1e-6)
    # Near p0 (small widening, large n) the two scales agree.
    near = funnel_limits(0.3, [50_000], phi=1.5)
    flat = funnel_limits(0.3, [50_000], phi=1.5, scale="proportion")
    assert near[["low", "high"]].to_numpy() == pytest.approx(flat[["low", "high"]].to_numpy(), abs=1e-4)


def test_plain_and_widened_flags_are_both_returned():
    count, nobs = _overdispersed()
    res = compare_regions(count, nobs, REGIONS)
    plain = compare_regions(count, nobs, REGIONS, adjustment="none")
    t = res.table
    assert t["flag_plain_95"].tolist() == plain.table["flag_95"].tolist()
    assert t["pvalue_plain"].to_numpy() == pytest.approx(plain.table["pvalue"].to_numpy())
    assert t["pvalue_plain_holm"].to_numpy() == pytest.approx(plain.table["pvalue_holm"].to_numpy())
    assert (t["flag_plain_95"] != "within").sum() > (t["flag_95"] != "within").sum()
    # z and the widened limits flag the same regions (shares strictly between 0 and 1).
    inside = (t["count"] > 0) & (t["count"] < t["nobs"])
    by_z = np.select([t["z"] < -1.959964, t["z"] > 1.959964], ["below", "above"], "within")
    assert (by_z[inside] == t.loc[inside, "flag_95"]).all()
    # Without overdispersion the two sets agree.
    calm = compare_regions(*_calm(), REGIONS)
    assert calm.adjustment == "none"
    assert calm.table["flag_95"].tolist() == calm.table["flag_plain_95"].tolist()


def _calm():
    rng = np.random.default_rng(2013)
    nobs = rng.integers(80, 250, 17)
    return rng.binomial(nobs, 0.1), nobs


def test_region_comparison_limits_are_the_table_limits():
    count, nobs = _overdispersed()
    res = compare_regions(count, nobs, REGIONS)
    lim = res.limits(nobs)
    assert lim.loc[lim["level"] == 0.95, "low"].to_numpy() == pytest.approx(res.table["low_95"].to_numpy())


# -- can regions' changes be told apart? --------------------------------------------------

def test_cochran_q_matches_metafor_bcg():
    from results.stats_references import METAFOR_BCG_Q as ref

    from akimstat.stats import compare_changes

    a, b, c, d = np.array(ref["trials"], float).T
    yi = np.log(a / (a + b)) - np.log(c / (c + d))
    vi = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    res = compare_changes(yi, np.sqrt(vi), [f"t{i}" for i in range(13)])
    assert res.statistic == pytest.approx(ref["q"], abs=ref["atol"]) and res.df == ref["df"]
    assert res.pvalue < 1e-4 and res.distinguishable


def test_changes_within_chance_cannot_be_told_apart():
    from akimstat.stats import compare_changes

    # Changes of 5.8, 5.7 and 5.6 points with intervals of about +-7 (the 2013 "grew most" list).
    res = compare_changes([0.058, 0.057, 0.056, 0.01, -0.02], [0.036] * 5, ["SKO", "AKT", "PAV", "X", "Y"])
    assert not res.distinguishable and res.ordered_pairs == ()
    assert len(res.pairs) == 10 and (res.pairs["pvalue_holm"] >= res.pairs["pvalue"]).all()


def test_distinct_changes_are_ordered_only_where_holm_allows():
    from akimstat.stats import compare_changes

    res = compare_changes([0.20, 0.19, 0.0], [0.02, 0.02, 0.02], ["A", "B", "C"], alpha=0.05)
    assert res.distinguishable
    assert set(res.ordered_pairs) == {("A", "C"), ("B", "C")}  # A and B stay tied
    p = res.pairs.set_index(["region", "other"])
    z = 0.01 / np.sqrt(2 * 0.02**2)
    assert p.loc[("A", "B"), "pvalue"] == pytest.approx(2 * stats.norm.sf(z))
    assert p["pvalue_holm"].to_numpy() == pytest.approx(multipletests(p["pvalue"], method="holm")[1])


def test_regions_without_variance_are_set_aside():
    from akimstat.stats import compare_changes

    res = compare_changes([0.0, 0.05, -0.02], [0.0, 0.03, 0.03], ["none", "A", "B"])
    assert res.excluded == ("none",) and len(res.pairs) == 1
    with pytest.raises(AkimstatError):
        compare_changes([0.1], [0.01], ["A"])
