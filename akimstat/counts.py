"""Reduce record-level data and published aggregates to one tidy form of counts.

Tidy counts have the columns ``cycle, scope, universe, variable, category, count, nobs``:
`nobs` is the total the count is part of. Every statistic works from this form, whether the
numbers came from a register or from a published table.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["cycle", "scope", "universe", "variable", "category", "count", "nobs"]
VARIABLES = ("sex", "profession", "unit_type", "education", "ethnicity")
AGE_BANDS = (25, 35, 45, 55, 65)  # lower edges; the last band is open


def age_band_labels(edges=AGE_BANDS) -> list[str]:
    """Return labels of age bands: '<25', '25-34', ..., '65+'."""
    labels = [f"<{edges[0]}"]
    labels += [f"{lo}-{hi - 1}" for lo, hi in zip(edges[:-1], edges[1:])]
    return labels + [f"{edges[-1]}+"]


def with_age_groups(records: pd.DataFrame, threshold: int = 55, edges=AGE_BANDS) -> pd.DataFrame:
    """Return records with `age_under` ('under' / 'not_under' the threshold) and `age_band`."""
    bins = [-1, *edges, 200]
    out = records.copy()
    out["age_under"] = (out["age"] < threshold).map({True: "under", False: "not_under"})
    out["age_band"] = pd.cut(out["age"].astype(int), bins=bins, right=False,
                             labels=age_band_labels(edges)).astype(str)
    return out


def counts_from_records(records: pd.DataFrame, codes, threshold: int = 55,
                        scope: str = "region", edges=AGE_BANDS) -> pd.DataFrame:
    """Return tidy counts of every variable, nationally and by `scope` (a column of records).

    Categories with no akims get an explicit zero, so that distributions of two cycles line up.
    """
    grouped = with_age_groups(records, threshold, edges)
    categories = {var: codes.category_codes(var) for var in VARIABLES}
    categories["age_under"] = ["under", "not_under"]
    categories["age_band"] = age_band_labels(edges)
    parts = []
    for variable, levels in categories.items():
        parts.append(_count(grouped.assign(scope="national"), variable, levels))
        parts.append(_count(grouped.assign(scope=grouped[scope]), variable, levels))
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def _count(frame: pd.DataFrame, variable: str, levels: list[str]) -> pd.DataFrame:
    table = pd.crosstab([frame["cycle"], frame["scope"]],
                        pd.Categorical(frame[variable], categories=levels), dropna=False)
    table.columns.name = "category"
    long = table.stack().rename("count").reset_index()
    long["nobs"] = long.groupby(["cycle", "scope"])["count"].transform("sum")
    long = long[long["nobs"] > 0]  # crosstab adds empty (cycle, scope) pairs
    long["category"] = long["category"].astype(str)
    return long.assign(universe="akims", variable=variable).astype({"count": "Int64", "nobs": "Int64"})


def counts_from_published(published: pd.DataFrame) -> pd.DataFrame:
    """Return the published counts in tidy form, keeping the published percentage beside them.

    A count or total the source does not give stays missing: filling it in is an assumption the
    statistics make explicitly (e.g. the baseline denominator), not something done here.
    """
    return published[COLUMNS + ["percent"]].copy()


def count_of(counts: pd.DataFrame, cycle: str, scope: str, variable: str, category: str,
             universe: str = "akims") -> tuple[int, int]:
    """Return ``(count, nobs)`` of one category; KeyError naming it when absent."""
    rows = counts[(counts["cycle"] == cycle) & (counts["scope"] == scope)
                  & (counts["universe"] == universe) & (counts["variable"] == variable)
                  & (counts["category"] == category)]
    if rows.empty:
        raise KeyError(f"no count for {variable}={category} in cycle {cycle}, scope {scope}")
    row = rows.iloc[0]
    return int(row["count"]), int(row["nobs"])


def distribution(counts: pd.DataFrame, cycle: str, scope: str, variable: str,
                 universe: str = "akims") -> pd.Series:
    """Return the counts of every category of one variable, indexed by category."""
    rows = counts[(counts["cycle"] == cycle) & (counts["scope"] == scope)
                  & (counts["universe"] == universe) & (counts["variable"] == variable)]
    return rows.set_index("category")["count"].astype(int)
