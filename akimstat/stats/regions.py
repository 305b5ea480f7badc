"""Regions against the national share: z-scores, funnel limits, overdispersion, adjusted p-values.

Follows Spiegelhalter (2005). No ranking is produced: a funnel plot shows which regions are
outside the limits expected from chance alone, not an order of merit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats
from scipy.stats import mstats
from statsmodels.stats.multitest import multipletests

from akimstat.errors import AkimstatError

LEVELS = (0.95, 0.998)
ADJUSTMENTS = ("none", "multiplicative", "additive")
SCALES = ("logit", "proportion")


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
    """Per-region table plus the overdispersion estimate and the adjustment applied.

    ``scale`` is the scale on which widened limits were drawn ("logit" keeps them inside
    0-100%); :meth:`limits` gives the applied limits at any denominators (for a chart).
    """

    table: pd.DataFrame
    p0: float
    overdispersion: Overdispersion
    adjustment: str
    levels: tuple
    scale: str = "logit"

    @property
    def phi(self) -> float:
        """Multiplicative overdispersion applied (1 when none)."""
        return self.overdispersion.phi if self.adjustment == "multiplicative" else 1.0

    @property
    def tau2(self) -> float:
        """Additive between-region variance applied (0 when none)."""
        return self.overdispersion.tau2 if self.adjustment == "additive" else 0.0

    def limits(self, nobs) -> pd.DataFrame:
        """The limits this comparison flags regions by, at denominators ``nobs`` (as
        :func:`funnel_limits` returns them)."""
        return funnel_limits(self.p0, nobs, self.levels, phi=self.phi, tau2=self.tau2, scale=self.scale)


@dataclass(frozen=True)
class ChangeComparison:
    """Whether regions' changes can be told apart.

    ``statistic``/``df``/``pvalue``: Cochran's Q test that every region changed by the same
    amount; ``i2`` the share of the variation among changes beyond chance (Higgins &
    Thompson). ``pairs``: every pair of regions with the difference of their changes, its z
    test and Holm-adjusted p-value. ``distinguishable`` is True when Q rejects at ``alpha``;
    ``ordered_pairs`` lists (higher, lower) for the pairs whose Holm p-value is below
    ``alpha``: the only comparisons of two regions a report may state. ``excluded``: regions
    left out because their change has no variance (no one with the trait on either side).
    """

    statistic: float
    df: int
    pvalue: float
    i2: float
    distinguishable: bool
    pairs: pd.DataFrame
    ordered_pairs: tuple
    excluded: tuple
    alpha: float
    method: str = "cochran-q; pairwise z, holm"


def _se(p0: float, nobs) -> np.ndarray:
    return np.sqrt(p0 * (1 - p0) / np.asarray(nobs, float))


def funnel_limits(
    p0: float,
    nobs: Sequence[int] | np.ndarray,
    levels: Sequence[float] = LEVELS,
    phi: float = 1.0,
    tau2: float = 0.0,
    method: str = "binomial",
    scale: str = "logit",
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
    scale : {"logit", "proportion"}
        Scale of the normal-form limits. "logit" (default): p0 and the half-width are taken
        to the logit scale and back, so limits stay inside (0, 1); "proportion": p0 +- the
        half-width, which can fall below 0 or above 1 for small shares and large widening.

    Returns
    -------
    pandas.DataFrame
        Columns nobs, level, low, high (one row per denominator and level).

    Notes
    -----
    Binomial limits: for tail probability q, r_q is the q-quantile of Bin(n, p0),
    a = (F(r_q) - q) / (F(r_q) - F(r_q - 1)), and the limit is (r_q - a) / n, clipped to
    [0, 1] (at r_q = 0 the interpolation would reach below 0).

    Logit limits: expit(logit(p0) +- z sqrt(phi s^2 + tau2) / (p0 (1 - p0))), the delta
    method's map of the same standard error to the logit scale (Spiegelhalter 2005 suggests
    transformed scales for proportions). They agree with the proportion-scale limits to
    first order near p0 and are asymmetric, as binomial limits are.

    References
    ----------
    Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
    Stat Med 24, 1185-1202 (appendix on exact binomial limits; sections on overdispersion).
    """
    if scale not in SCALES:
        raise AkimstatError(f"scale must be one of {SCALES}, got {scale!r}")
    n = np.asarray(nobs, float)
    rows = []
    for level in levels:
        q = (1 - level) / 2
        if method == "binomial" and phi == 1 and tau2 == 0:
            low, high = (_binomial_limit(p, n, p0) for p in (q, 1 - q))
        else:
            half = stats.norm.ppf(1 - q) * np.sqrt(phi * _se(p0, n) ** 2 + tau2)
            if scale == "logit":
                centre, half = special.logit(p0), half / (p0 * (1 - p0))
                low, high = special.expit(centre - half), special.expit(centre + half)
            else:
                low, high = p0 - half, p0 + half
        rows.append(pd.DataFrame({"nobs": n, "level": level, "low": low, "high": high}))
    return pd.concat(rows, ignore_index=True)


def _binomial_limit(q: float, n: np.ndarray, p0: float) -> np.ndarray:
    r = stats.binom.ppf(q, n, p0)
    f_r, f_below = stats.binom.cdf(r, n, p0), stats.binom.cdf(r - 1, n, p0)
    a = (f_r - q) / (f_r - f_below)
    # At r_q = 0 the interpolation reaches below 0 (down to -1/n): no share is below 0.
    return np.clip((r - a) / n, 0, 1)


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
    scale: str = "logit",
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
    scale : {"logit", "proportion"}
        Scale of the widened limits (see :func:`funnel_limits`); "logit" keeps them in 0-100%.

    Returns
    -------
    RegionComparison
        ``table`` indexed by region: count, nobs, share, z, pvalue, pvalue_holm, pvalue_bh,
        and for each level L (as percent, e.g. 95, 99.8): low_L, high_L, flag_L in
        {"below", "within", "above"}, from the applied (widened) limits; low_plain_L,
        high_plain_L, flag_plain_L from the exact binomial limits without overdispersion;
        z_plain, pvalue_plain, pvalue_plain_holm without overdispersion. Without
        overdispersion the two sets agree.

    Notes
    -----
    Each region is part of the national total, so p0 is not independent of the region; with
    17-20 regions of similar size this is a small effect and is ignored, as is usual.
    Holm controls the family-wise error rate, Benjamini-Hochberg the false discovery rate.
    When widened limits are on the logit scale, z is on that scale too,
    (logit(y) - logit(p0)) p0 (1 - p0) / sqrt(phi s^2 + tau2), so that z and the limits flag
    the same regions; a share of 0 or 1 uses the empirical logit log((x + 1/2) / (n - x + 1/2))
    (Cox 1970), so that its p-value is finite.
    """
    if adjustment not in ADJUSTMENTS:
        raise AkimstatError(f"adjustment must be one of {ADJUSTMENTS}, got {adjustment!r}")
    count, nobs = np.asarray(count, float), np.asarray(nobs, float)
    p0 = count.sum() / nobs.sum() if p0 is None else p0
    if not 0 < p0 < 1:
        raise AkimstatError(f"target share must be strictly between 0 and 1, got {p0}")
    od = overdispersion(count, nobs, p0, winsor)
    applied = adjustment if od.pvalue < alpha else "none"
    result = RegionComparison(pd.DataFrame(), float(p0), od, applied, tuple(levels), scale)
    share = count / nobs
    z_plain = (share - p0) / _se(p0, nobs)
    spread = np.sqrt(result.phi * _se(p0, nobs) ** 2 + result.tau2)
    if applied == "none" or scale == "proportion":
        z = (share - p0) / spread
    else:
        edge = (count == 0) | (count == nobs)
        with np.errstate(divide="ignore"):
            logit = np.where(edge, np.log((count + 0.5) / (nobs - count + 0.5)), special.logit(share))
        z = (logit - special.logit(p0)) * p0 * (1 - p0) / spread
    p, p_plain = 2 * stats.norm.sf(np.abs(z)), 2 * stats.norm.sf(np.abs(z_plain))
    table = pd.DataFrame(
        {"count": count.astype(int), "nobs": nobs.astype(int), "share": share, "z": z, "pvalue": p,
         "pvalue_holm": holm(p), "pvalue_bh": multipletests(p, method="fdr_bh")[1],
         "z_plain": z_plain, "pvalue_plain": p_plain, "pvalue_plain_holm": holm(p_plain)},
        index=pd.Index(regions, name="region"),
    )
    _add_flags(table, result.limits(nobs), levels, "")
    _add_flags(table, funnel_limits(p0, nobs, levels), levels, "plain_")
    return RegionComparison(table, float(p0), od, applied, tuple(levels), scale)


def _add_flags(table: pd.DataFrame, limits: pd.DataFrame, levels, prefix: str) -> None:
    """Add low_, high_ and flag_ columns (with ``prefix`` after the underscore) per level."""
    share = table["share"].to_numpy()
    for level in levels:
        lim = limits[limits["level"] == level]
        tag = f"{prefix}{level * 100:g}"
        low, high = lim["low"].to_numpy(), lim["high"].to_numpy()
        table[f"low_{tag}"], table[f"high_{tag}"] = low, high
        table[f"flag_{tag}"] = np.select([share < low, share > high], ["below", "above"], "within")


def compare_changes(
    estimate,
    se,
    regions: Sequence[str],
    alpha: float = 0.05,
) -> ChangeComparison:
    """Can the regions' changes be told apart? Heterogeneity test and Holm-adjusted pairs.

    Parameters
    ----------
    estimate : array of float
        Each region's change (e.g. of a share, in proportion units).
    se : array of float
        Its standard error (e.g. ``se`` of :func:`akimstat.stats.overlap_share_difference`).
    regions : sequence of str
        Region codes, same order.
    alpha : float
        Level of the heterogeneity test and of the Holm-adjusted pairwise tests.

    Returns
    -------
    ChangeComparison

    Notes
    -----
    Regions hold different people, so their changes are independent. Cochran's
    Q = sum w_i (d_i - d_w)^2, with w_i = 1 / se_i^2 and d_w the weighted mean change, is
    referred to chi-square with k - 1 df; I^2 = max(0, (Q - df) / Q). A report ranks or
    orders regions only by the pairs in ``ordered_pairs``; when Q does not reject, it says
    the regions' changes cannot be told apart. Holm's adjustment is over all k (k - 1) / 2
    pairs, so pairwise differences are declared only when they survive the whole family.

    References
    ----------
    Cochran, W. G. (1954). The combination of estimates from different experiments.
    Biometrics 10, 101-129.
    Higgins, J. P. T. & Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis.
    Stat Med 21, 1539-1558.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scand J Stat 6.
    """
    d, s = np.asarray(estimate, float), np.asarray(se, float)
    names = np.asarray(list(regions), dtype=object)
    if not d.shape == s.shape == names.shape:
        raise AkimstatError(f"estimate, se and regions differ in length: {d.size}, {s.size}, {names.size}")
    if (s < 0).any() or np.isnan(s).any() or np.isnan(d).any():
        raise AkimstatError("standard errors must be non-negative numbers and estimates not missing")
    keep = s > 0
    d, s, excluded, names = d[keep], s[keep], tuple(names[~keep]), names[keep]
    k = d.size
    if k < 2:
        raise AkimstatError(f"need at least 2 regions with a variance to compare, got {k}")
    w = 1 / s**2
    q = float(np.sum(w * (d - np.sum(w * d) / w.sum()) ** 2))
    pvalue = float(stats.chi2.sf(q, k - 1))
    i, j = np.triu_indices(k, 1)
    diff = d[i] - d[j]
    z = diff / np.sqrt(s[i] ** 2 + s[j] ** 2)
    p = 2 * stats.norm.sf(np.abs(z))
    pairs = pd.DataFrame({"region": names[i], "other": names[j], "difference": diff, "z": z,
                          "pvalue": p, "pvalue_holm": holm(p)})
    apart = pairs[pairs["pvalue_holm"] < alpha]
    ordered = tuple((a, b) if v > 0 else (b, a)
                    for a, b, v in zip(apart["region"], apart["other"], apart["difference"]))
    return ChangeComparison(q, k - 1, pvalue, max(0.0, (q - (k - 1)) / q) if q > 0 else 0.0,
                            pvalue < alpha, pairs, ordered, excluded, alpha)
