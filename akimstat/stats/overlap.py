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
import pandas as pd
from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable, mcnemar

from akimstat.errors import AkimstatError
from akimstat.stats.age import AgeDifference, age_difference
from akimstat.stats.distribution import DistributionTest, compare_distribution_counts
from akimstat.stats.proportion import ShareDifference, share_difference

ALTERNATIVES = ("two-sided", "larger", "smaller")

#: Below this many discordant pairs McNemar's test uses the exact binomial distribution
#: (the rule of statsmodels' ``mcnemar`` documentation).
MIN_DISCORDANT = 25


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


@dataclass(frozen=True)
class PairedShareChange:
    """Change of a binary trait within the same people (McNemar).

    ``discordant`` = (gained, lost): people with the trait now but not before, and the
    reverse. ``estimate`` = (gained - lost) / nobs with a Wald interval; ``statistic`` is
    McNemar's chi-square (or, exact, the smaller discordant count), ``method`` says which.
    """

    nobs: int
    discordant: tuple
    estimate: float
    low: float
    high: float
    statistic: float
    pvalue: float
    alpha: float
    method: str


@dataclass(frozen=True)
class LinkedCorps:
    """The two corps split by person: ``stayers`` (one row per person, the baseline's
    columns suffixed ``_base``), ``entrants`` (only in the current corps) and ``leavers``
    (only in the baseline). Records without a person id count as entrants or leavers."""

    stayers: pd.DataFrame
    entrants: pd.DataFrame
    leavers: pd.DataFrame


@dataclass(frozen=True)
class LinkedShareChange:
    """One share's change between linked corps, in its three views (see module notes)."""

    variable: str
    category: str
    change: OverlapShareDifference
    entrants_vs_leavers: ShareDifference | None
    stayers: PairedShareChange | None
    n_stayers: int
    n_entrants: int
    n_leavers: int


@dataclass(frozen=True)
class LinkedMeanChange:
    """One mean's change between linked corps: the overlapping-samples t test, and entrants
    against leavers (Welch and Mann-Whitney, as :func:`akimstat.stats.age_difference`)."""

    variable: str
    change: OverlapMeanDifference
    entrants_vs_leavers: AgeDifference | None
    n_stayers: int
    n_entrants: int
    n_leavers: int


@dataclass(frozen=True)
class MarginalHomogeneity:
    """Stuart-Maxwell test that the same people's distribution over categories did not change.

    ``changed`` people moved category; with none, ``statistic`` is 0 and ``pvalue`` 1.
    """

    statistic: float
    df: int
    pvalue: float
    changed: int
    nobs: int
    method: str = "stuart-maxwell"


@dataclass(frozen=True)
class LinkedDistributionChange:
    """A distribution's change between linked corps: entrants against leavers (the only people
    who can change the corps' mix, by :func:`akimstat.stats.compare_distribution_counts`) and
    the stayers' own moves between categories (Stuart-Maxwell)."""

    variable: str
    entrants_vs_leavers: DistributionTest | None
    stayers: MarginalHomogeneity | None
    n_stayers: int
    n_entrants: int
    n_leavers: int


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


def paired_share_change(paired: Sequence[Sequence[int]] | np.ndarray, alpha: float = 0.05) -> PairedShareChange:
    """Change of a binary trait within the same units: McNemar's test.

    Parameters
    ----------
    paired : 2x2 array of int
        Rows: current value (with the trait, without); columns: baseline value (with,
        without), as in :func:`overlap_share_difference`.
    alpha : float
        1 - confidence level of the interval.

    Returns
    -------
    PairedShareChange

    Notes
    -----
    With b = paired[0][1] (gained the trait) and c = paired[1][0] (lost it), McNemar's
    statistic (b - c)^2 / (b + c) is referred to chi-square with 1 df, without continuity
    correction; with fewer than 25 discordant pairs the p-value is the exact binomial one
    (b out of b + c with probability 1/2), and ``statistic`` is min(b, c), as statsmodels
    gives it. The interval of (b - c) / n is Wald's, with variance
    ((b + c) - (b - c)^2 / n) / n^2 (Agresti 2002, 10.1).

    References
    ----------
    McNemar, Q. (1947). Note on the sampling error of the difference between correlated
    proportions or percentages. Psychometrika 12, 153-157.
    Agresti, A. (2002). Categorical Data Analysis, 2nd ed., 10.1.
    """
    table = np.asarray(paired, dtype=float)
    if table.shape != (2, 2) or (table < 0).any() or table.sum() == 0:
        raise AkimstatError(f"paired must be a non-empty 2x2 table of counts, got {table.tolist()}")
    n, b, c = table.sum(), table[0, 1], table[1, 0]
    exact = b + c < MIN_DISCORDANT
    res = mcnemar(table, exact=exact, correction=False)
    estimate = (b - c) / n
    half = stats.norm.ppf(1 - alpha / 2) * np.sqrt(max((b + c) - (b - c) ** 2 / n, 0)) / n
    pvalue = 1.0 if b + c == 0 else float(res.pvalue)
    return PairedShareChange(int(n), (int(b), int(c)), float(estimate), float(estimate - half),
                             float(estimate + half), float(res.statistic) if b + c else 0.0, pvalue,
                             alpha, "mcnemar-exact" if exact else "mcnemar")


def link_corps(records: pd.DataFrame, records_base: pd.DataFrame, id_column: str = "person_id") -> LinkedCorps:
    """Split two corps into stayers, entrants and leavers by person id.

    Parameters
    ----------
    records, records_base : DataFrame
        Records of the current and the baseline corps, each with ``id_column``.
    id_column : str
        Column linking a person across cycles; a person appears at most once per corps.

    Returns
    -------
    LinkedCorps

    Notes
    -----
    Only as good as the link: a person with two ids counts as a leaver and an entrant, which
    makes the corps look less overlapping and the tests conservative.
    """
    for name, frame in (("records", records), ("records_base", records_base)):
        ids = frame[id_column].dropna()
        if ids.duplicated().any():
            raise AkimstatError(f"{name}: {id_column} {ids[ids.duplicated()].iloc[0]!r} appears twice")
    base_ids = set(records_base[id_column].dropna())
    ids = set(records[id_column].dropna())
    staying = records[id_column].isin(base_ids) & records[id_column].notna()
    stayers = records[staying].merge(records_base, on=id_column, suffixes=("", "_base"))
    leaving = ~(records_base[id_column].isin(ids) & records_base[id_column].notna())
    return LinkedCorps(stayers, records[~staying], records_base[leaving])


def linked_share_change(
    records: pd.DataFrame,
    records_base: pd.DataFrame,
    variable: str,
    category: str,
    alpha: float = 0.05,
    id_column: str = "person_id",
) -> LinkedShareChange:
    """Change of the share of ``category`` of ``variable`` between two corps linked by person.

    Parameters
    ----------
    records, records_base : DataFrame
        Records of the current and the baseline corps.
    variable, category : str
        The trait: records whose ``variable`` equals ``category`` have it (missing values
        count as not having it; drop them first to exclude them).
    alpha : float
        1 - confidence level.
    id_column : str
        Person id column (see :func:`link_corps`).

    Returns
    -------
    LinkedShareChange
        ``change``: :func:`overlap_share_difference` of the two corps; ``entrants_vs_leavers``:
        :func:`akimstat.stats.share_difference` of entrants against leavers (None when
        either group is empty); ``stayers``: :func:`paired_share_change` (None without
        stayers).
    """
    parts = link_corps(records, records_base, id_column)
    has = lambda frame, column=variable: (frame[column] == category).to_numpy()  # noqa: E731
    now, before = has(parts.stayers), has(parts.stayers, f"{variable}_base")
    paired = [[int((now & before).sum()), int((now & ~before).sum())],
              [int((~now & before).sum()), int((~now & ~before).sum())]]
    ne, nl = len(parts.entrants), len(parts.leavers)
    change = overlap_share_difference(paired, int(has(parts.entrants).sum()), ne,
                                      int(has(parts.leavers).sum()), nl, alpha)
    versus = (share_difference(int(has(parts.entrants).sum()), ne, int(has(parts.leavers).sum()), nl, alpha)
              if ne and nl else None)
    stayers = paired_share_change(paired, alpha) if len(parts.stayers) else None
    return LinkedShareChange(variable, category, change, versus, stayers, len(parts.stayers), ne, nl)


def linked_mean_change(
    records: pd.DataFrame,
    records_base: pd.DataFrame,
    variable: str = "age",
    alpha: float = 0.05,
    id_column: str = "person_id",
    equal_var: bool = False,
) -> LinkedMeanChange:
    """Change of the mean of ``variable`` between two corps linked by person.

    Records with a missing value are left out (a stayer missing on either side counts in
    neither the paired nor the unpaired part). Returns a :class:`LinkedMeanChange`:
    :func:`overlap_mean_difference` of the corps, and entrants against leavers by
    :func:`akimstat.stats.age_difference` (None when either group has fewer than 2 values).
    """
    parts = link_corps(records, records_base, id_column)
    pairs = parts.stayers[[variable, f"{variable}_base"]].apply(pd.to_numeric, errors="coerce").dropna()
    entrants = pd.to_numeric(parts.entrants[variable], errors="coerce").dropna()
    leavers = pd.to_numeric(parts.leavers[variable], errors="coerce").dropna()
    change = overlap_mean_difference(entrants, leavers, pairs[variable], pairs[f"{variable}_base"],
                                     alpha, equal_var=equal_var)
    versus = age_difference(entrants, leavers, alpha) if min(len(entrants), len(leavers)) >= 2 else None
    return LinkedMeanChange(variable, change, versus, len(parts.stayers), len(parts.entrants),
                            len(parts.leavers))


def linked_share_changes_by(
    records: pd.DataFrame,
    records_base: pd.DataFrame,
    variable: str,
    category: str,
    by: str = "region",
    alpha: float = 0.05,
    id_column: str = "person_id",
) -> pd.DataFrame:
    """Each group's (e.g. region's) change of a share, allowing for the people it kept.

    Parameters
    ----------
    records, records_base : DataFrame
        Records of both corps, with columns ``by``, ``variable`` and ``id_column``.
    variable, category, alpha, id_column
        As in :func:`linked_share_change`.
    by : str
        Grouping column: a person counts as a stayer of a group only if in it in both corps.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (those with records in both corps): share, share_base, change, se,
        low, high, statistic, pvalue (the partially overlapping z test), n_stayers,
        n_entrants, n_leavers, change_entrants_vs_leavers. ``change`` and ``se`` are what
        :func:`akimstat.stats.compare_changes` takes.
    """
    rows = {}
    for group, now in records.groupby(by, sort=True):
        before = records_base[records_base[by] == group]
        if before.empty:
            continue
        res = linked_share_change(now, before, variable, category, alpha, id_column)
        c = res.change
        versus = res.entrants_vs_leavers.estimate if res.entrants_vs_leavers else np.nan
        rows[group] = {"share": c.share, "share_base": c.share_base, "change": c.estimate, "se": c.se,
                       "low": c.low, "high": c.high, "statistic": c.statistic, "pvalue": c.pvalue,
                       "n_stayers": res.n_stayers, "n_entrants": res.n_entrants,
                       "n_leavers": res.n_leavers, "change_entrants_vs_leavers": versus}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by)


def marginal_homogeneity(table) -> MarginalHomogeneity:
    """Stuart-Maxwell test of marginal homogeneity of a square table of the same people's
    categories before (columns) and now (rows).

    Notes
    -----
    The statistic d' V^-1 d, with d the differences of the k - 1 first row and column margins
    and V their covariance under homogeneity, is referred to chi-square with k - 1 df
    (statsmodels ``SquareTable.homogeneity``). For a 2 x 2 table it is McNemar's statistic.
    Categories nobody holds on either side are dropped first; with nobody moving there is
    nothing to test (statistic 0, p-value 1).

    References
    ----------
    Stuart, A. (1955). A test for homogeneity of the marginal distributions in a two-way
    classification. Biometrika 42, 412-416. Maxwell, A. E. (1970). Comparing the
    classification of subjects by two independent judges. Br J Psychiatry 116, 651-655.
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1] or (t < 0).any():
        raise AkimstatError(f"need a square table of counts, got shape {t.shape}")
    used = (t.sum(0) + t.sum(1)) > 0
    t = t[np.ix_(used, used)]
    changed = int(t.sum() - np.trace(t))
    if changed == 0 or len(t) < 2:
        return MarginalHomogeneity(0.0, max(len(t) - 1, 0), 1.0, changed, int(t.sum()))
    res = SquareTable(t, shift_zeros=False).homogeneity(method="stuart_maxwell")
    return MarginalHomogeneity(float(res.statistic), int(res.df), float(res.pvalue), changed, int(t.sum()))


def linked_distribution_change(
    records: pd.DataFrame,
    records_base: pd.DataFrame,
    variable: str,
    n_simulations: int = 10_000,
    seed: int = 0,
    id_column: str = "person_id",
) -> LinkedDistributionChange:
    """Change of the distribution of ``variable`` between two corps linked by person.

    Replaces the chi-square test of homogeneity of the two corps, which treats 1,747 shared
    people as two independent samples and so finds "no change" almost by construction (the
    2013 profession mix: p = 0.998). The corps' mix can change only through entrants, leavers
    and stayers who change category: the result tests the first two against each other and the
    third by marginal homogeneity.
    """
    parts = link_corps(records, records_base, id_column)
    versus = None
    if len(parts.entrants) and len(parts.leavers):
        versus = compare_distribution_counts(parts.entrants[variable].value_counts(),
                                             parts.leavers[variable].value_counts(), n_simulations, seed)
    stayers = None
    if len(parts.stayers):
        table = pd.crosstab(parts.stayers[variable], parts.stayers[f"{variable}_base"])
        cats = table.index.union(table.columns)
        stayers = marginal_homogeneity(table.reindex(index=cats, columns=cats, fill_value=0).to_numpy())
    return LinkedDistributionChange(variable, versus, stayers, len(parts.stayers), len(parts.entrants),
                                    len(parts.leavers))
