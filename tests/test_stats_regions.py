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
    lim = funnel_limits(p0, n, method="normal")
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
        assert lim[col].to_numpy() == pytest.approx((r - a) / n)
        # The interpolated limit lies between the two attainable proportions around it.
        assert np.all((r - 1) / n <= lim[col].to_numpy()) and np.all(lim[col].to_numpy() <= r / n)


def test_binomial_limits_approach_normal_limits_for_large_n():
    exact = funnel_limits(0.3, [20_000])
    normal = funnel_limits(0.3, [20_000], method="normal")
    assert exact[["low", "high"]].to_numpy() == pytest.approx(normal[["low", "high"]].to_numpy(), abs=2e-4)


def test_limits_widen_with_overdispersion():
    base = funnel_limits(0.2, [100], method="normal")
    mult = funnel_limits(0.2, [100], phi=2.0)
    add = funnel_limits(0.2, [100], tau2=0.001)
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
