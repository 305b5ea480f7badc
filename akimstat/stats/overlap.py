"""Changes between two corps that share people: partially overlapping samples.

The corps of one cycle and the baseline corps are linked by person id. Stayers are in both
(paired observations), entrants only in the current corps and leavers only in the baseline
(independent observations). Treating the two corps as independent samples overstates the
variance of every change: only entrants and leavers can make the corps differ.

Three views of one change, all computed from the linked records:

- the change of the corps' share or mean, by the partially overlapping samples tests
  (Derrick et al. 2015 for proportions, Derrick et al. 2017 for means);
- entrants against leavers, two disjoint groups compared with the ordinary two-sample
  methods of :mod:`akimstat.stats.proportion` and :mod:`akimstat.stats.age`;
- stayers' own change of a binary trait (McNemar), which is zero for a trait that does not
  change (sex), and informative for one that does (under the age threshold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from akimstat.errors import AkimstatError

ALTERNATIVES = ("two-sided", "larger", "smaller")

@dataclass(frozen=True)
class OverlapShareDifference:
    """Change of a share between two partially overlapping samples.

    ``estimate`` = share - share_base, its standard error ``se`` (under no change, as the
    test uses it), the interval ``low``/``high`` and the z test (``statistic``,
    ``pvalue``) of Derrick et al. (2015). ``correlation`` is the phi
    coefficient of the paired observations; ``nobs_paired`` how many there are.
    """

    share: float
    share_base: float
    estimate: float
    se: float
    low: float
    high: float
    statistic: float
    pvalue: float
    correlation: float
    nobs: int
    nobs_base: int
    nobs_paired: int
    alpha: float
    alternative: str
    method: str = "partially-overlapping-z"


@dataclass(frozen=True)
class OverlapMeanDifference:
    """Change of a mean between two partially overlapping samples.

    ``estimate`` = mean - mean_base, its standard error ``se``, the interval ``low``/``high``
    and the t test
    (``statistic``, ``df``, ``pvalue``) of Derrick et al. (2017); ``method`` says whether
    the variances were pooled ("partially-overlapping-t, equal variances") or not.
    """

    mean: float
    mean_base: float
    estimate: float
    se: float
    low: float
    high: float
    statistic: float
    df: float
    pvalue: float
    correlation: float
    nobs: int
    nobs_base: int
    nobs_paired: int
    alpha: float
    alternative: str
    method: str


def _check_alternative(alternative: str) -> None:
    if alternative not in ALTERNATIVES:
        raise AkimstatError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")


def _pvalue(statistic: float, alternative: str, dist) -> float:
    if alternative == "larger":
        return float(dist.sf(statistic))
    if alternative == "smaller":
        return float(dist.cdf(statistic))
    return float(2 * dist.sf(abs(statistic)))


def _interval(estimate: float, se: float, alpha: float, alternative: str, dist) -> tuple[float, float]:
    if alternative == "two-sided":
        half = dist.ppf(1 - alpha / 2) * se
        return estimate - half, estimate + half
    half = dist.ppf(1 - alpha) * se
    return (estimate - half, np.inf) if alternative == "larger" else (-np.inf, estimate + half)


def _correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of the paired observations; 0 when either side does not vary, as
    in Derrick's R package (the variance term then falls back to independent samples), or
    when there are fewer than 2 pairs."""
    if x.size < 2 or x.std() == 0 or y.std() == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def overlap_share_difference(
    paired: Sequence[Sequence[int]] | np.ndarray,
    count_only: int,
    nobs_only: int,
    count_base_only: int,
    nobs_base_only: int,
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> OverlapShareDifference:
    """Change of a share between two samples that share some units (z test of Derrick et al.).

    Parameters
    ----------
    paired : 2x2 array of int
        The paired units: rows are the current value (with the trait, without), columns the
        baseline value (with, without). ``paired[0][1]`` have the trait now but not before.
    count_only, nobs_only : int
        Units only in the current sample (entrants): with the trait, and in all.
    count_base_only, nobs_base_only : int
        Units only in the baseline sample (leavers): with the trait, and in all.
    alpha : float
        1 - confidence level of the interval.
    alternative : {"two-sided", "larger", "smaller"}
        Alternative of the test (current share larger/smaller than the baseline).

    Returns
    -------
    OverlapShareDifference

    Notes
    -----
    With n1 = paired + nobs_only and n2 = paired + nobs_base_only units, shares p1 and p2,
    the pooled share p = (n1 p1 + n2 p2) / (n1 + n2) and r the phi coefficient of the n12
    paired units,

        z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2 - 2 r n12 / (n1 n2))),

    the test the authors call z8 and recommend, referred to the standard normal. With no
    paired units it is the pooled two-proportion z test (r is 0 with fewer than 2 pairs). The interval is the test's:
    (p1 - p2) +- z_{1-alpha/2} times the same standard error, as R's
    ``Partiallyoverlapping::Prop.test`` gives it. When the paired units do not vary on one
    side (all with the trait, or none) r is taken as 0, as in that package.

    References
    ----------
    Derrick, B., Dobson-McKittrick, A., Toher, D. & White, P. (2015). Test statistics for
    comparing two proportions with partially overlapping samples. Journal of Applied
    Quantitative Methods 10(3), 1-14.
    """
    _check_alternative(alternative)
    table = np.asarray(paired, dtype=float)
    if table.shape != (2, 2) or (table < 0).any():
        raise AkimstatError(f"paired must be a 2x2 table of non-negative counts, got {table.tolist()}")
    for count, nobs in ((count_only, nobs_only), (count_base_only, nobs_base_only)):
        if nobs < 0 or not 0 <= count <= max(nobs, 0):
            raise AkimstatError(f"need 0 <= count <= nobs, got count={count}, nobs={nobs}")
    n12 = int(table.sum())
    if nobs_only + nobs_base_only == 0 or n12 + min(nobs_only, nobs_base_only) == 0:
        raise AkimstatError("need units in both samples and at least one in only one of them "
                            f"(got {n12} paired, {nobs_only} and {nobs_base_only} unpaired); "
                            "with paired units only, use paired_share_change")
    n1, n2 = n12 + nobs_only, n12 + nobs_base_only
    p1 = (table[0].sum() + count_only) / n1
    p2 = (table[:, 0].sum() + count_base_only) / n2
    x = np.repeat([1, 1, 0, 0], table.ravel().astype(int))   # current value of each pair
    y = np.repeat([1, 0, 1, 0], table.ravel().astype(int))   # baseline value of each pair
    r = _correlation(x, y)
    pooled = (n1 * p1 + n2 * p2) / (n1 + n2)
    se = float(np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2 - 2 * r * n12 / (n1 * n2))))
    estimate = p1 - p2
    dist = stats.norm
    if se == 0:  # every unit alike on both sides: no change, nothing to test
        statistic, pvalue = 0.0, 1.0
    else:
        statistic = estimate / se
        pvalue = _pvalue(statistic, alternative, dist)
    low, high = _interval(estimate, se, alpha, alternative, dist)
    return OverlapShareDifference(float(p1), float(p2), float(estimate), se, float(max(low, -1)),
                                  float(min(high, 1)), float(statistic), pvalue, r, n1, n2, n12,
                                  alpha, alternative)


def overlap_mean_difference(
    x_only: Sequence[float],
    x_base_only: Sequence[float],
    x_paired: Sequence[float],
    x_base_paired: Sequence[float],
    alpha: float = 0.05,
    alternative: str = "two-sided",
    equal_var: bool = False,
    mu: float = 0.0,
) -> OverlapMeanDifference:
    """Difference of two means from samples with paired and unpaired units (Derrick et al.).

    Parameters
    ----------
    x_only, x_base_only : sequence of float
        Values of the units only in the current sample, and only in the baseline.
    x_paired, x_base_paired : sequence of float
        Current and baseline values of the paired units, in the same order.
    alpha : float
        1 - confidence level of the interval.
    alternative : {"two-sided", "larger", "smaller"}
    equal_var : bool
        Pool the two variances (T_new1 of the paper) or not (T_new2, the default, with a
        Welch-type degrees of freedom).
    mu : float
        Difference of means under the null hypothesis.

    Returns
    -------
    OverlapMeanDifference

    Notes
    -----
    With n1, n2 the sizes of the two whole samples, s1, s2 their standard deviations, n12
    paired units with correlation r, and na, nb the unpaired units of each sample,

        T_new2 = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2 - 2 r s1 s2 n12 / (n1 n2)),
        df = (n12 - 1) + (v_welch - n12 + 1) (na + nb) / (na + nb + 2 n12),

    where v_welch is Welch's degrees of freedom for the two whole samples; T_new1 uses the
    pooled standard deviation instead, with df = (n12 - 1) + (na + nb) (na + nb + n12 - 1)
    / (na + nb + 2 n12). Both reduce to the paired t test when na = nb = 0 and to Student's
    or Welch's test when n12 = 0. The interval is the estimate +- t_{df} times the same
    standard error, as R's ``Partiallyoverlapping::Partover.test`` gives it.

    References
    ----------
    Derrick, B., Russ, B., Toher, D. & White, P. (2017). Test statistics for the comparison
    of means for two samples that include both paired and independent observations.
    Journal of Modern Applied Statistical Methods 16(1), 137-157.
    Derrick, B., Toher, D. & White, P. (2017). How to compare the means of two samples that
    include paired observations and independent observations: a companion to Derrick,
    Russ, Toher and White (2017). The Quantitative Methods for Psychology 13(2), 120-126.
    """
    _check_alternative(alternative)
    a, b = np.asarray(x_only, float), np.asarray(x_base_only, float)
    pa, pb = np.asarray(x_paired, float), np.asarray(x_base_paired, float)
    if pa.size != pb.size:
        raise AkimstatError(f"paired values must come in pairs, got {pa.size} and {pb.size}")
    one, two = np.concatenate([a, pa]), np.concatenate([b, pb])
    n1, n2, n12, unpaired = one.size, two.size, pa.size, a.size + b.size
    if min(n1, n2) < 2:
        raise AkimstatError(f"each sample needs at least 2 values, got {n1} and {n2}")
    v1, v2 = one.var(ddof=1), two.var(ddof=1)
    r = _correlation(pa, pb)
    estimate = one.mean() - two.mean()
    if equal_var:
        pooled = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
        se = pooled * np.sqrt(1 / n1 + 1 / n2 - 2 * r * n12 / (n1 * n2))
        df = (n12 - 1) + (unpaired + n12 - 1) / (unpaired + 2 * n12) * unpaired
        method = "partially-overlapping-t, equal variances"
    else:
        se = np.sqrt(v1 / n1 + v2 / n2 - 2 * r * n12 * np.sqrt(v1 * v2) / (n1 * n2))
        welch = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
        df = (n12 - 1) + (welch - n12 + 1) / (unpaired + 2 * n12) * unpaired
        method = "partially-overlapping-t, unequal variances"
    dist = stats.t(df)
    if se == 0:
        statistic, pvalue = (0.0, 1.0) if estimate == mu else (np.copysign(np.inf, estimate - mu), 0.0)
    else:
        statistic = (estimate - mu) / se
        pvalue = _pvalue(statistic, alternative, dist)
    low, high = _interval(estimate, se, alpha, alternative, dist)
    return OverlapMeanDifference(float(one.mean()), float(two.mean()), float(estimate), float(se), float(low),
                                 float(high), float(statistic), float(df), float(pvalue), r, n1, n2,
                                 n12, alpha, alternative, method)


