"""Regions against the national share: z-scores, funnel limits, overdispersion, adjusted p-values.

Follows Spiegelhalter (2005). No ranking is produced: a funnel plot shows which regions are
outside the limits expected from chance alone, not an order of merit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import mstats
from statsmodels.stats.multitest import multipletests

from akimstat.errors import AkimstatError

LEVELS = (0.95, 0.998)
ADJUSTMENTS = ("none", "multiplicative", "additive")


@dataclass(frozen=True)
class Overdispersion:
    """Overdispersion of region shares around the target ``p0``.

    ``phi`` is the mean squared winsorised z-score; under no overdispersion ``n_units * phi``
    is approximately chi-square with ``n_units - 1`` df (``statistic``, ``pvalue``).
    ``tau2`` is the DerSimonian-Laird between-region variance (0 when phi <= (I-1)/I).
    """

    phi: float
    tau2: float
    statistic: float
    df: int
    pvalue: float
    n_units: int
    winsor: float


@dataclass(frozen=True)
class RegionComparison:
    """Per-region table plus the overdispersion estimate and the adjustment applied."""

    table: pd.DataFrame
    p0: float
    overdispersion: Overdispersion
    adjustment: str
    levels: tuple


def _se(p0: float, nobs) -> np.ndarray:
    return np.sqrt(p0 * (1 - p0) / np.asarray(nobs, float))


def funnel_limits(
    p0: float,
    nobs: Sequence[int] | np.ndarray,
    levels: Sequence[float] = LEVELS,
    phi: float = 1.0,
    tau2: float = 0.0,
    method: str = "binomial",
) -> pd.DataFrame:
    """Funnel-plot control limits for a proportion with target ``p0`` over denominators.

    Parameters
    ----------
    p0 : float
        Target share (e.g. the national share).
    nobs : array of int
        Denominators at which to compute limits (a grid for plotting, or the regions').
    levels : sequence of float
        Two-sided coverage of the limits; 0.95 and 0.998 by default (about 2 and 3 s.d.).
    phi, tau2 : float
        Overdispersion: multiplicative factor (limits p0 +- z sqrt(phi) s) or additive
        between-unit variance (limits p0 +- z sqrt(s^2 + tau2)); s^2 = p0 (1 - p0) / n.
    method : {"binomial", "normal"}
        Without overdispersion, "binomial" gives exact binomial limits with Spiegelhalter's
        interpolation, "normal" the normal approximation. With phi != 1 or tau2 > 0 the
        normal form is used, as in Spiegelhalter (2005).

    Returns
    -------
    pandas.DataFrame
        Columns nobs, level, low, high (one row per denominator and level).

    Notes
    -----
    Binomial limits: for tail probability q, r_q is the q-quantile of Bin(n, p0),
    a = (F(r_q) - q) / (F(r_q) - F(r_q - 1)), and the limit is (r_q - a) / n.

    References
    ----------
    Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
    Stat Med 24, 1185-1202 (appendix on exact binomial limits; sections on overdispersion).
    """
    n = np.asarray(nobs, float)
    rows = []
    for level in levels:
        q = (1 - level) / 2
        if method == "binomial" and phi == 1 and tau2 == 0:
            low, high = (_binomial_limit(p, n, p0) for p in (q, 1 - q))
        else:
            half = stats.norm.ppf(1 - q) * np.sqrt(phi * _se(p0, n) ** 2 + tau2)
            low, high = p0 - half, p0 + half
        rows.append(pd.DataFrame({"nobs": n, "level": level, "low": low, "high": high}))
    return pd.concat(rows, ignore_index=True)


def _binomial_limit(q: float, n: np.ndarray, p0: float) -> np.ndarray:
    r = stats.binom.ppf(q, n, p0)
    f_r, f_below = stats.binom.cdf(r, n, p0), stats.binom.cdf(r - 1, n, p0)
    a = (f_r - q) / (f_r - f_below)
    return (r - a) / n


def overdispersion(count, nobs, p0: float, winsor: float = 0.1) -> Overdispersion:
    """Estimate overdispersion from winsorised z-scores (Spiegelhalter 2005).

    Parameters
    ----------
    count, nobs : array of int
        Region counts and denominators.
    p0 : float
        Target share.
    winsor : float
        Share of z-scores set to the nearest remaining value at each end (10% by default),
        so a few outlying regions do not inflate phi.

    Returns
    -------
    Overdispersion
    """
    count, nobs = np.asarray(count, float), np.asarray(nobs, float)
    s = _se(p0, nobs)
    z = (count / nobs - p0) / s
    zw = np.asarray(mstats.winsorize(z, limits=(winsor, winsor)))
    units = z.size
    phi = float(np.mean(zw**2))
    w = 1 / s**2
    tau2 = max(0.0, (units * phi - (units - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    stat = units * phi
    return Overdispersion(phi, float(tau2), stat, units - 1, float(stats.chi2.sf(stat, units - 1)), units, winsor)


def holm(pvalues) -> np.ndarray:
    """Holm-adjusted p-values, the same numbers as statsmodels' ``multipletests(p, "holm")``,
    which runs a full garbage collection on every call (~0.1 s in a kernel's large heap)."""
    p = np.asarray(pvalues, float)
    order = np.argsort(p)
    adjusted = np.minimum(np.maximum.accumulate(p[order] * np.arange(len(p), 0, -1)), 1)
    out = np.empty_like(adjusted)
    out[order] = adjusted
    return out


def compare_regions(
    count,
    nobs,
    regions: Sequence[str],
    p0: float | None = None,
    levels: Sequence[float] = LEVELS,
    alpha: float = 0.05,
    adjustment: str = "additive",
    winsor: float = 0.1,
) -> RegionComparison:
    """Each region's share against the national share.

    Parameters
    ----------
    count, nobs : array of int
        Region counts and denominators.
    regions : sequence of str
        Region codes, same order.
    p0 : float, optional
        Target share; default the pooled share sum(count) / sum(nobs) (the national one).
    levels : sequence of float
        Funnel coverage levels.
    alpha : float
        Level of the overdispersion test.
    adjustment : {"additive", "multiplicative", "none"}
        Widening applied *if* the overdispersion test rejects at ``alpha``; the result's
        ``adjustment`` says what was actually applied ("none" if not overdispersed).
    winsor : float
        Winsorisation for the overdispersion estimate.

    Returns
    -------
    RegionComparison
        ``table`` indexed by region: count, nobs, share, z, pvalue, pvalue_holm, pvalue_bh,
        and for each level L (as percent, e.g. 95, 99.8): low_L, high_L, flag_L in
        {"below", "within", "above"}. z and p-values use the applied adjustment.

    Notes
    -----
    Each region is part of the national total, so p0 is not independent of the region; with
    17-20 regions of similar size this is a small effect and is ignored, as is usual.
    Holm controls the family-wise error rate, Benjamini-Hochberg the false discovery rate.
    """
    if adjustment not in ADJUSTMENTS:
        raise AkimstatError(f"adjustment must be one of {ADJUSTMENTS}, got {adjustment!r}")
    count, nobs = np.asarray(count, float), np.asarray(nobs, float)
    p0 = count.sum() / nobs.sum() if p0 is None else p0
    if not 0 < p0 < 1:
        raise AkimstatError(f"target share must be strictly between 0 and 1, got {p0}")
    od = overdispersion(count, nobs, p0, winsor)
    applied = adjustment if od.pvalue < alpha else "none"
    phi = od.phi if applied == "multiplicative" else 1.0
    tau2 = od.tau2 if applied == "additive" else 0.0
    share = count / nobs
    z = (share - p0) / np.sqrt(phi * _se(p0, nobs) ** 2 + tau2)
    p = 2 * stats.norm.sf(np.abs(z))
    table = pd.DataFrame(
        {"count": count.astype(int), "nobs": nobs.astype(int), "share": share, "z": z, "pvalue": p,
         "pvalue_holm": holm(p),
         "pvalue_bh": multipletests(p, method="fdr_bh")[1]},
        index=pd.Index(regions, name="region"),
    )
    limits = funnel_limits(p0, nobs, levels, phi=phi, tau2=tau2)
    for level in levels:
        lim = limits[limits["level"] == level]
        tag = f"{level * 100:g}"
        table[f"low_{tag}"], table[f"high_{tag}"] = lim["low"].to_numpy(), lim["high"].to_numpy()
        table[f"flag_{tag}"] = np.select(
            [share < table[f"low_{tag}"], share > table[f"high_{tag}"]], ["below", "above"], "within"
        )
    return RegionComparison(table, float(p0), od, applied, tuple(levels))
