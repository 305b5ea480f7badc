"""Age of the corps: summary, share under a threshold, bands, and comparison of two corps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from akimstat.errors import AkimstatError
from akimstat.stats.proportion import Share, share_interval

DEFAULT_BAND_EDGES = (25, 35, 45, 55, 65)


@dataclass(frozen=True)
class AgeSummary:
    """Mean, median, youngest, oldest and the share under ``threshold`` (Wilson interval)."""

    nobs: int
    mean: float
    median: float
    youngest: float
    oldest: float
    threshold: float
    under: Share


@dataclass(frozen=True)
class AgeDifference:
    """Difference in mean age (Welch interval) and Mann-Whitney U test of two corps."""

    mean: float
    mean_base: float
    estimate: float
    low: float
    high: float
    statistic: float
    pvalue: float
    mannwhitney_statistic: float
    mannwhitney_pvalue: float
    alpha: float
    method: str = "welch-t; mann-whitney-u"


def _ages(ages) -> np.ndarray:
    a = pd.to_numeric(pd.Series(ages), errors="coerce").dropna().to_numpy(float)
    if a.size == 0:
        raise AkimstatError("no ages to summarise")
    return a


def age_summary(ages: Sequence[float], threshold: float = 55, alpha: float = 0.05) -> AgeSummary:
    """Summary of ages, with the share strictly under ``threshold`` and its Wilson interval.

    Missing ages are dropped; ``nobs`` counts the ages used.
    """
    a = _ages(ages)
    under = share_interval(int((a < threshold).sum()), a.size, alpha)
    return AgeSummary(a.size, float(a.mean()), float(np.median(a)), float(a.min()), float(a.max()), threshold, under)


def age_bands(ages: Sequence[float], edges: Sequence[float] = DEFAULT_BAND_EDGES) -> pd.Series:
    """Counts per age band, bands closed on the left: ``<25, 25-34, ..., 65+`` by default.

    Parameters
    ----------
    ages : sequence of float
    edges : sequence of float
        Increasing inner band edges; an open band is added below the first and above the
        last, so every age falls in exactly one band.

    Returns
    -------
    pandas.Series
        Counts indexed by band label ("<25", "25-34", ..., "65+"), zero bands included.
    """
    a, edges = _ages(ages), list(edges)
    if sorted(set(edges)) != edges:
        raise AkimstatError(f"band edges must be strictly increasing, got {edges}")
    labels = [f"<{edges[0]:g}"]
    labels += [f"{lo:g}-{hi - 1:g}" for lo, hi in zip(edges, edges[1:])]
    labels += [f"{edges[-1]:g}+"]
    bins = pd.cut(a, [-np.inf, *edges, np.inf], right=False, labels=labels)
    return pd.Series(bins).value_counts(sort=False).rename("count").rename_axis("band")


def age_difference(ages: Sequence[float], ages_base: Sequence[float], alpha: float = 0.05) -> AgeDifference:
    """Compare ages of two corps when records exist on both sides.

    Returns
    -------
    AgeDifference
        ``estimate`` = mean - mean_base with Welch's interval (``low``, ``high``) and
        Welch t test (``statistic``, ``pvalue``); Mann-Whitney U (two-sided) for a shift
        in the whole distribution.

    References
    ----------
    Welch, B. L. (1947). The generalization of Student's problem when several different
    population variances are involved. Biometrika 34, 28-35.
    Mann, H. B. & Whitney, D. R. (1947). Ann. Math. Statist. 18, 50-60.
    """
    a, b = _ages(ages), _ages(ages_base)
    t = stats.ttest_ind(a, b, equal_var=False)
    ci = t.confidence_interval(1 - alpha)
    mw = stats.mannwhitneyu(a, b, alternative="two-sided")
    return AgeDifference(
        float(a.mean()), float(b.mean()), float(a.mean() - b.mean()), float(ci.low), float(ci.high),
        float(t.statistic), float(t.pvalue), float(mw.statistic), float(mw.pvalue), alpha,
    )
