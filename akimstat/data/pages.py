"""A published total over some oblasts, stored as what it is, and the totals its own rows
contradict.

A press page often prints the rows of the oblasts it covers and a total of its own ("of the 350
akims elected, 40 are women"). The total is not national when the page covers 9 of 14 oblasts:
it is stored with the scope of those oblasts, their codes joined by ``+``
(``KZ-11+KZ-19+...``, docs/adding-a-cycle.md), and reports never read it as the nation's (a
national figure of such a cycle is the sum of the oblasts' rows, with its coverage). The
reconciliation sets each such total against its oblasts' own rows (`group_totals`), and each
national total against the regional rows of the same page that add up to it over fewer
oblasts than existed (`partial_national`): both are contradictions, listed by ``validate``
and in About the data.
"""

from __future__ import annotations

import pandas as pd

from akimstat.params import NATIONAL

SEPARATOR = "+"


def is_group(scope) -> bool:
    """Return whether `scope` names several oblasts (``KZ-11+KZ-19``)."""
    return isinstance(scope, str) and SEPARATOR in scope


def members(scope: str) -> list[str]:
    """Return the oblasts a scope names: itself, or the codes joined by ``+``."""
    return [code.strip() for code in scope.split(SEPARATOR)] if is_group(scope) else [scope]


def valid_scope(scope, regions) -> bool:
    """Return whether `scope` is national, a region code or two or more distinct region codes
    joined by ``+`` (the validator's rule)."""
    if not isinstance(scope, str):
        return False
    codes = members(scope)
    return scope == NATIONAL or (all(c in regions for c in codes) and len(set(codes)) == len(codes))


def _member_rows(data, found: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """The rows of `codes` among `found`, one per oblast: the page's own where it gives one."""
    rows = found[found["scope"].isin(codes)].sort_values("source", kind="stable")
    own = rows["source"].isin(set(found.loc[found["scope"].map(is_group), "source"]))
    return rows.assign(_own=~own).sort_values(["_own", "source"], kind="stable").drop_duplicates("scope")


def group_totals(data, row_of) -> list[dict]:
    """Return each total over some oblasts (scope ``A+B+...``) that its oblasts' own rows
    exceed, or, when every oblast gives one, differ from: counts of a category and the
    totals (nobs) of a table. `row_of` builds a reconciliation row (`reconcile.rows._row`)."""
    rows = []
    counts = data.counts
    for (cycle, universe, variable, category), found in counts.groupby(
            ["cycle", "universe", "variable", "category"], sort=True):
        for _, total in found[found["scope"].map(is_group)].iterrows():
            codes = members(total["scope"])
            given = _member_rows(data, found, codes)
            for column, item in (("count", f"{variable}.{category}"), ("nobs", variable)):
                parts = given[column].dropna()
                if pd.isna(total[column]) or parts.empty:
                    continue
                value, summed = int(total[column]), int(parts.sum())
                if summed > value or len(parts) == len(codes) and summed != value:
                    rows.append(row_of(cycle, total["scope"], "group_total", item, value, total["source"],
                                       summed, ", ".join(sorted(set(given["source"]))), universe=universe,
                                       used_because="sum_of_regions",
                                       detail=f"{len(parts)} of {len(codes)} oblasts"))
    return _once(rows)


def partial_national(data, row_of, existing, territory) -> list[dict]:
    """Return each national table whose own page's regional tables add up to its total over
    fewer oblasts than existed: a total of those oblasts, read as national. `existing(cycle)`
    gives the oblasts that existed, `territory(cycle, code)` the one code of a territory."""
    rows = []
    counts = data.counts[data.counts["nobs"].notna()]
    for (cycle, universe, variable, source), found in counts.groupby(
            ["cycle", "universe", "variable", "source"], sort=True):
        national = found[found["scope"] == NATIONAL]
        regional = found[~found["scope"].isin([NATIONAL]) & ~found["scope"].map(is_group)].drop_duplicates("scope")
        if national.empty or regional.empty:
            continue
        total, oblasts = int(national["nobs"].iloc[0]), existing(cycle)
        covered = sorted({territory(cycle, code) for code in regional["scope"]} & set(oblasts))
        if 0 < len(covered) < len(oblasts) and int(regional["nobs"].sum()) == total:
            rows.append(row_of(cycle, NATIONAL, "coverage", variable, len(covered), source, len(oblasts),
                               "regions.csv", universe=universe, unit="regions",
                               detail=f"the national total {total} is the sum of {len(covered)} oblasts: "
                                      + ", ".join(covered)))
    return rows


def _once(rows: list[dict]) -> list[dict]:
    """One row per (cycle, scope, item, source): a table's total is checked once."""
    seen, kept = set(), []
    for row in rows:
        key = (row["cycle"], row["scope"], row["item"], row["source"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept
