"""The corps of two cycles linked by person id: stayers, entrants and leavers; the change of a share
or mean with the overlap taken into account (:mod:`akimstat.stats.overlap`), entrants against
leavers, stayers' own change of a binary trait (McNemar) and of a categorical one (marginal
homogeneity, Stuart-Maxwell)."""

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
from akimstat.stats.overlap import OverlapMeanDifference, OverlapShareDifference, overlap_mean_difference, overlap_share_difference


#: Below this many discordant pairs McNemar's test uses the exact binomial distribution

#: (the rule of statsmodels' ``mcnemar`` documentation).

MIN_DISCORDANT = 25


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
    # Integer codes for the ids of both corps (-1: none): a million string ids compared as
    # strings, in isin, duplicated and merge, cost seconds; as integers, milliseconds.
    codes = pd.factorize(pd.concat([records[id_column], records_base[id_column]], ignore_index=True))[0]
    now, before = codes[: len(records)], codes[len(records):]
    for name, frame, ids in (("records", records, now), ("records_base", records_base, before)):
        repeated = np.flatnonzero(pd.Series(ids).duplicated().to_numpy() & (ids >= 0))
        if len(repeated):
            raise AkimstatError(f"{name}: {id_column} {frame[id_column].iloc[repeated[0]]!r} appears twice")
    row_before = np.full(codes.max(initial=-1) + 2, -1)  # row of each id in the baseline; the last, for -1, stays -1
    row_before[before[before >= 0]] = np.flatnonzero(before >= 0)
    staying, leaving = row_before[now] >= 0, ~np.isin(before, now[now >= 0]) | (before < 0)
    return LinkedCorps(_side_by_side(records[staying], records_base.iloc[row_before[now[staying]]], id_column),
                       records[~staying], records_base[leaving])


def _side_by_side(records: pd.DataFrame, records_base: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """Return the rows of two frames in the same order side by side, as ``records.merge(
    records_base, on=id_column, suffixes=("", "_base"))`` would join them (their ids are equal)."""
    base = records_base.drop(columns=id_column)
    base.columns = [f"{c}_base" if c in records.columns else c for c in base.columns]
    return pd.concat([records.reset_index(drop=True), base.reset_index(drop=True)], axis=1)


def linked_share_change(
    records: pd.DataFrame,
    records_base: pd.DataFrame,
    variable: str,
    category: str,
    alpha: float = 0.05,
    id_column: str = "person_id",
    parts: LinkedCorps | None = None,
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
    parts : LinkedCorps, optional
        ``link_corps(records, records_base, id_column)`` when the caller has it already (a
        report's sections compare the same two corps once per variable and category).

    Returns
    -------
    LinkedShareChange
        ``change``: :func:`overlap_share_difference` of the two corps; ``entrants_vs_leavers``:
        :func:`akimstat.stats.share_difference` of entrants against leavers (None when
        either group is empty); ``stayers``: :func:`paired_share_change` (None without
        stayers).
    """
    parts = parts if parts is not None else link_corps(records, records_base, id_column)
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
    parts: LinkedCorps | None = None,
) -> LinkedMeanChange:
    """Change of the mean of ``variable`` between two corps linked by person.

    Records with a missing value are left out (a stayer missing on either side counts in
    neither the paired nor the unpaired part). Returns a :class:`LinkedMeanChange`:
    :func:`overlap_mean_difference` of the corps, and entrants against leavers by
    :func:`akimstat.stats.age_difference` (None when either group has fewer than 2 values).
    """
    parts = parts if parts is not None else link_corps(records, records_base, id_column)
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
    parts_by: dict | None = None,
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
    parts_by : dict, optional
        ``linked_corps_by(records, records_base, by, id_column)`` when the caller has it.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (those with records in both corps): share, share_base, change, se,
        low, high, statistic, pvalue (the partially overlapping z test), n_stayers,
        n_entrants, n_leavers, change_entrants_vs_leavers. ``change`` and ``se`` are what
        :func:`akimstat.stats.compare_changes` takes.
    """
    rows = {}
    parts_by = parts_by if parts_by is not None else linked_corps_by(records, records_base, by, id_column)
    for group, parts in parts_by.items():
        res = linked_share_change(None, None, variable, category, alpha, id_column, parts=parts)
        c = res.change
        versus = res.entrants_vs_leavers
        rows[group] = {"share": c.share, "share_base": c.share_base, "change": c.estimate, "se": c.se,
                       "low": c.low, "high": c.high, "statistic": c.statistic, "pvalue": c.pvalue,
                       "n_stayers": res.n_stayers, "n_entrants": res.n_entrants,
                       "n_leavers": res.n_leavers, "change_entrants_vs_leavers": versus.estimate if versus else np.nan,
                       "pvalue_entrants_vs_leavers": versus.pvalue if versus else np.nan}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by)


def linked_corps_by(records: pd.DataFrame, records_base: pd.DataFrame, by: str = "region",
                    id_column: str = "person_id") -> dict[str, LinkedCorps]:
    """Return each group's (e.g. region's) two corps linked (:func:`link_corps`), for the groups
    with records in both: a person is a stayer of a group only if in it in both corps."""
    before = dict(tuple(records_base.groupby(by, sort=True)))
    return {group: link_corps(now, before[group], id_column)
            for group, now in records.groupby(by, sort=True) if group in before}


def entrants_vs_leavers_by(parts_by: dict[str, LinkedCorps], variable: str, n_simulations: int = 10_000,
                           seed: int = 0) -> pd.DataFrame:
    """Each group's test that its entrants' and leavers' mixes of ``variable`` are alike, as
    :func:`linked_distribution_change` tests them: indexed by group, its
    ``pvalue_entrants_vs_leavers`` (NaN without entrants or leavers)."""
    rows = {}
    for group, parts in parts_by.items():
        versus = _mixes_compared(parts, variable, n_simulations, seed)
        rows[group] = {"pvalue_entrants_vs_leavers": versus.pvalue if versus else np.nan}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["pvalue_entrants_vs_leavers"])


def _mixes_compared(parts: LinkedCorps, variable: str, n_simulations: int, seed: int) -> DistributionTest | None:
    """Return the test that the entrants' and leavers' mixes of ``variable`` are alike (None
    without entrants or without leavers)."""
    if not (len(parts.entrants) and len(parts.leavers)):
        return None
    return compare_distribution_counts(parts.entrants[variable].value_counts(),
                                       parts.leavers[variable].value_counts(), n_simulations, seed)


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
    parts: LinkedCorps | None = None,
) -> LinkedDistributionChange:
    """Change of the distribution of ``variable`` between two corps linked by person.

    Replaces the chi-square test of homogeneity of the two corps, which treats 1,747 shared
    people as two independent samples and so finds "no change" almost by construction (the
    2013 profession mix: p = 0.998). The corps' mix can change only through entrants, leavers
    and stayers who change category: the result tests the first two against each other and the
    third by marginal homogeneity. `parts` as in :func:`linked_share_change`.
    """
    parts = parts if parts is not None else link_corps(records, records_base, id_column)
    versus = _mixes_compared(parts, variable, n_simulations, seed)
    stayers = None
    if len(parts.stayers):
        table = pd.crosstab(parts.stayers[variable], parts.stayers[f"{variable}_base"])
        cats = table.index.union(table.columns)
        stayers = marginal_homogeneity(table.reindex(index=cats, columns=cats, fill_value=0).to_numpy())
    return LinkedDistributionChange(variable, versus, stayers, len(parts.stayers), len(parts.entrants),
                                    len(parts.leavers))
