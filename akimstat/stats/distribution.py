"""A distribution over categories against a baseline distribution.

Baseline with counts: Pearson chi-square test of homogeneity with Cramer's V. Baseline with
shares only: chi-square goodness of fit with Cohen's w. When expected counts are small the
p-value is computed by Monte Carlo with a fixed seed, or small categories are merged into a
named category; the result records which, and a Monte Carlo p-value carries its standard
error and the number of decimals it supports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from akimstat.errors import AkimstatError
from akimstat.stats.diversity import fold_others
from akimstat.stats.proportion import MIN_EXPECTED


@dataclass(frozen=True)
class DistributionTest:
    """Result of a homogeneity or goodness-of-fit test.

    ``merged`` lists the categories with small expected counts merged into ``merged_into``
    before testing; ``folded`` the categories absent from the baseline shares counted in
    "others"; ``min_expected`` is the smallest expected count of the table actually tested.

    Effect size: ``cramers_v`` for a homogeneity test (NaN for goodness of fit, where
    Cramer's V is not defined), ``cohens_w`` = sqrt(X2 / N) for both.

    The p-value: ``pvalue_method`` is "asymptotic" (chi-square distribution with ``df``) or
    "monte-carlo"; ``pvalue_asymptotic`` is the chi-square one in either case.
    A Monte Carlo p-value has the simulation's standard error ``pvalue_se`` and
    ``pvalue_decimals``, the decimals it supports (print no more); both are 0 and None for
    an asymptotic p-value.
    """

    statistic: float
    df: int
    pvalue: float
    cramers_v: float
    method: str
    categories: tuple
    nobs: int
    min_expected: float
    merged: tuple = ()
    merged_into: str | None = None
    n_simulations: int = 0
    seed: int | None = None
    folded: tuple = ()
    cohens_w: float = np.nan
    pvalue_method: str = "asymptotic"
    pvalue_asymptotic: float = np.nan
    pvalue_se: float = 0.0
    pvalue_decimals: int | None = None


def _aligned(count, base) -> tuple[pd.Series, pd.Series]:
    count, base = pd.Series(count, dtype=float), pd.Series(base, dtype=float)
    index = count.index.union(base.index, sort=False)
    return count.reindex(index, fill_value=0), base.reindex(index, fill_value=0)


def _merge(count: pd.Series, base: pd.Series, small: pd.Index, into: str):
    if into not in count.index:
        raise AkimstatError(f"cannot merge into {into!r}: no such category")
    small = small.drop(into, errors="ignore")
    count, base = count.copy(), base.copy()
    count[into] += count[small].sum()
    base[into] += base[small].sum()
    return count.drop(small), base.drop(small), tuple(small)


def _pvalue_monte_carlo(observed_stat, sample_stats) -> float:
    # (1 + #{T* >= T}) / (B + 1): never 0, valid for finite B (Davison & Hinkley 1997, 4.2).
    exceed = np.sum(sample_stats >= observed_stat * (1 - 1e-12))
    return float((1 + exceed) / (len(sample_stats) + 1))


def monte_carlo_se(pvalue: float, n_simulations: int) -> float:
    """Standard error of a Monte Carlo p-value from ``n_simulations`` draws.

    Notes
    -----
    The count of simulated statistics at least as large as the observed one is binomial
    with ``n_simulations`` trials and probability the true p-value, so the estimate's
    standard error is sqrt(p (1 - p) / B) (Davison & Hinkley 1997, 4.2.5).
    """
    if n_simulations < 1:
        raise AkimstatError(f"need at least one simulation, got {n_simulations}")
    return float(np.sqrt(pvalue * (1 - pvalue) / n_simulations))


def supported_decimals(se: float, most: int = 4) -> int:
    """Decimals a Monte Carlo estimate with standard error ``se`` supports (at most ``most``).

    The last printed digit is kept only if the standard error is under half its unit:
    d = floor(-log10(2 se)). With 10,000 simulations that is 2 decimals for p-values
    between about 0.03 and 0.97, 3 below about 0.002.
    """
    if se <= 0:
        return most
    return int(min(most, max(0, np.floor(-np.log10(2 * se)))))


def _monte_carlo_fields(pvalue: float, n_simulations: int) -> dict:
    se = monte_carlo_se(pvalue, n_simulations)
    return {"pvalue_method": "monte-carlo", "pvalue_se": se, "pvalue_decimals": supported_decimals(se)}


def compare_distribution_counts(
    count: Mapping | pd.Series,
    count_base: Mapping | pd.Series,
    n_simulations: int = 10_000,
    seed: int = 0,
    merge_into: str | None = None,
) -> DistributionTest:
    """Chi-square test of homogeneity of two distributions given as counts.

    Parameters
    ----------
    count, count_base : mapping or Series
        Counts per category; a category missing on one side counts 0 there.
    n_simulations : int
        Monte Carlo tables drawn (fixed margins) when an expected count is below 5.
    seed : int
        Seed of the Monte Carlo generator, so reports are reproducible.
    merge_into : str, optional
        If given, categories whose expected count is below 5 are merged into this one
        (e.g. "other") before testing, instead of a Monte Carlo p-value.

    Returns
    -------
    DistributionTest

    Notes
    -----
    Cramer's V = sqrt(X2 / (N (min(r, c) - 1))) (Agresti 2007, 2.4). The Monte Carlo p-value
    conditions on both margins, as R's ``chisq.test(simulate.p.value=TRUE)`` does; its
    standard error and supported decimals are in the result (see :func:`monte_carlo_se`).

    References
    ----------
    Agresti, A. (2007). An Introduction to Categorical Data Analysis, 2nd ed., 2.4.
    Hope, A. C. A. (1968). A simplified Monte Carlo significance test procedure. JRSS B 30.
    """
    count, base = _aligned(count, count_base)
    keep = (count + base) > 0
    count, base = count[keep], base[keep]
    table = np.vstack([count, base])
    expected = stats.contingency.expected_freq(table)
    merged = ()
    if merge_into is not None and expected.min() < MIN_EXPECTED:
        small = count.index[expected.min(axis=0) < MIN_EXPECTED]
        count, base, merged = _merge(count, base, small, merge_into)
        table = np.vstack([count, base])
        expected = stats.contingency.expected_freq(table)
    res = stats.chi2_contingency(table, correction=False)
    v = float(stats.contingency.association(table.astype(int), method="cramer"))
    method, pvalue, sims, mc = "chi-square", float(res.pvalue), 0, {}
    if expected.min() < MIN_EXPECTED:
        tables = stats.random_table(table.sum(1), table.sum(0)).rvs(n_simulations, random_state=seed)
        sample = (((tables - expected) ** 2) / expected).sum(axis=(1, 2))
        method, pvalue, sims = "chi-square, Monte Carlo p-value", _pvalue_monte_carlo(res.statistic, sample), n_simulations
        mc = _monte_carlo_fields(pvalue, sims)
    return DistributionTest(
        float(res.statistic), int(res.dof), pvalue, v, method, tuple(count.index),
        int(count.sum()), float(expected.min()), merged, merge_into if merged else None,
        sims, seed if sims else None, cohens_w=float(np.sqrt(res.statistic / table.sum())),
        pvalue_asymptotic=float(res.pvalue), **mc,
    )


def compare_distribution_shares(
    count: Mapping | pd.Series,
    shares: Mapping | pd.Series,
    n_simulations: int = 10_000,
    seed: int = 0,
    merge_into: str | None = None,
    others: str | None = "others",
) -> DistributionTest:
    """Chi-square goodness of fit of counts to a baseline given only as shares.

    Parameters
    ----------
    count : mapping or Series
        Counts per category.
    shares : mapping or Series
        Baseline shares per category (e.g. census population shares); must sum to 1 within
        0.001 and cover every category of ``count``, or hold an ``others`` category.
    n_simulations, seed, merge_into
        As in :func:`compare_distribution_counts`; the Monte Carlo draws multinomial
        samples of size N from ``shares``.
    others : str or None
        Residual category of ``shares``: categories of ``count`` without a baseline share
        are counted in it (listed in ``folded``). None: such categories are an error.

    Returns
    -------
    DistributionTest
        ``cohens_w`` = sqrt(X2 / N) is the effect size; ``cramers_v`` is NaN, since Cramer's
        V belongs to a two-way table (sqrt(X2 / (N (k - 1))) was reported under that name
        before, wrongly).

    Notes
    -----
    Cohen's w = sqrt(sum (p_i - p0_i)^2 / p0_i) with observed shares p_i and baseline shares
    p0_i, which equals sqrt(X2 / N) (Cohen 1988, 7.2). Against the shares of a whole
    population (a census), the test asks whether the corps could be a random draw from
    that population: usually not a meaningful null hypothesis, which is why
    :func:`akimstat.stats.representation_ratios` is the descriptive view.

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, 2nd ed., ch. 7.
    """
    count, folded = pd.Series(count, dtype=float), ()
    if others is not None and others in pd.Series(shares).index:
        folded = tuple(k for k in count.index if k not in pd.Series(shares).index)
        count = fold_others(count, list(pd.Series(shares).index), others)
    count, shares = _aligned(count, shares)
    if not np.isclose(shares.sum(), 1, atol=1e-3):
        raise AkimstatError(f"baseline shares sum to {shares.sum():.4f}, not 1")
    if (shares[count > 0] == 0).any():
        missing = list(shares.index[(shares == 0) & (count > 0)])
        raise AkimstatError(f"categories with counts but no baseline share: {missing}")
    shares = shares / shares.sum()
    n = count.sum()
    merged = ()
    if merge_into is not None and (n * shares).min() < MIN_EXPECTED:
        small = count.index[n * shares < MIN_EXPECTED]
        count, shares, merged = _merge(count, shares, small, merge_into)
    expected = n * shares
    res = stats.chisquare(count, expected)
    k = len(count)
    method, pvalue, sims, mc = "chi-square goodness of fit", float(res.pvalue), 0, {}
    if expected.min() < MIN_EXPECTED:
        draws = np.random.default_rng(seed).multinomial(int(n), shares.to_numpy(), n_simulations)
        sample = (((draws - expected.to_numpy()) ** 2) / expected.to_numpy()).sum(axis=1)
        method, pvalue, sims = "chi-square goodness of fit, Monte Carlo p-value", _pvalue_monte_carlo(res.statistic, sample), n_simulations
        mc = _monte_carlo_fields(pvalue, sims)
    return DistributionTest(
        float(res.statistic), k - 1, pvalue, np.nan, method, tuple(count.index), int(n),
        float(expected.min()), merged, merge_into if merged else None, sims, seed if sims else None,
        folded, cohens_w=float(np.sqrt(res.statistic / n)), pvalue_asymptotic=float(res.pvalue), **mc,
    )
