"""A distribution over categories against a baseline distribution.

Baseline with counts: Pearson chi-square test of homogeneity with Cramer's V. Baseline with
shares only: chi-square goodness of fit. When expected counts are small the p-value is
computed by Monte Carlo with a fixed seed, or small categories are merged into a named
category; the result records which.
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
    conditions on both margins, as R's ``chisq.test(simulate.p.value=TRUE)`` does.

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
    method, pvalue, sims = "chi-square", float(res.pvalue), 0
    if expected.min() < MIN_EXPECTED:
        tables = stats.random_table(table.sum(1), table.sum(0)).rvs(n_simulations, random_state=seed)
        sample = (((tables - expected) ** 2) / expected).sum(axis=(1, 2))
        method, pvalue, sims = "chi-square, Monte Carlo p-value", _pvalue_monte_carlo(res.statistic, sample), n_simulations
    return DistributionTest(
        float(res.statistic), int(res.dof), pvalue, v, method, tuple(count.index),
        int(count.sum()), float(expected.min()), merged, merge_into if merged else None,
        sims, seed if sims else None,
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
        ``cramers_v`` here is sqrt(X2 / (N (k - 1))), the goodness-of-fit analogue.
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
    v = float(np.sqrt(res.statistic / (n * (k - 1)))) if k > 1 else np.nan
    method, pvalue, sims = "chi-square goodness of fit", float(res.pvalue), 0
    if expected.min() < MIN_EXPECTED:
        draws = np.random.default_rng(seed).multinomial(int(n), shares.to_numpy(), n_simulations)
        sample = (((draws - expected.to_numpy()) ** 2) / expected.to_numpy()).sum(axis=1)
        method, pvalue, sims = "chi-square goodness of fit, Monte Carlo p-value", _pvalue_monte_carlo(res.statistic, sample), n_simulations
    return DistributionTest(
        float(res.statistic), k - 1, pvalue, v, method, tuple(count.index), int(n),
        float(expected.min()), merged, merge_into if merged else None, sims, seed if sims else None,
        folded,
    )
