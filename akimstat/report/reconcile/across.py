"""Contradictions across sources: two sources giving one table or figure differently, and the
regions' tables against the national one."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd

from akimstat.data import pages


from akimstat.report.choice import chosen_figure, figure_rank, main_source, table_rank
from akimstat.data.dataset import Dataset
from akimstat.params import NATIONAL
from akimstat.report.reconcile.rows import ADDITIVE_UNITS, _existing, _percent, _plain, _row, _territory, _used, _used_of
from akimstat.report.reconcile.rows import _figure_used




def across_sources(data: Dataset) -> list[dict]:
    """Return each quantity two sources give differently: a count (or a share, when one source
    gives a percentage only) of one cycle, territory, universe, variable and category, the
    total of one table, or a single figure of one key. Each other source is set against the one
    the reports use (the main source of a table, the first figure listed)."""
    return [*_tables_across(data), *_figures_across(data)]


def _tables_across(data: Dataset) -> list[dict]:
    rows = []
    counts = data.counts.assign(_terr=[_territory(data, c, s) for c, s in zip(data.counts["cycle"], data.counts["scope"])])
    for (cycle, terr, universe, variable), table in counts.groupby(["cycle", "_terr", "universe", "variable"], sort=False):
        if table["source"].nunique() < 2:
            continue
        main, tied = main_source(data, table)
        mine = table[table["source"] == main]
        because = "unresolved_table" if tied and _used_of(data, cycle, universe) == "main_source" else \
            _used_of(data, cycle, universe)
        for other, theirs in table[table["source"] != main].groupby("source", sort=False):
            n_main, n_other = mine["nobs"].dropna(), theirs["nobs"].dropna()
            if len(n_main) and len(n_other) and int(n_main.iloc[0]) != int(n_other.iloc[0]):
                rows.append(_row(cycle, mine["scope"].iloc[0], "sources", variable, int(n_main.iloc[0]), main,
                                 int(n_other.iloc[0]), other, universe=universe, used=int(n_main.iloc[0]),
                                 used_because=because, detail="total"))
                continue
            nobs = int(n_main.iloc[0]) if len(n_main) else int(n_other.iloc[0]) if len(n_other) else None
            for _, theirs_row in theirs.iterrows():
                found = mine[mine["category"] == theirs_row["category"]]
                if found.empty:
                    continue
                row = _compare(found.iloc[0], theirs_row, nobs)
                if row is not None:
                    value, other_value, unit = row
                    scope, category = found["scope"].iloc[0], theirs_row["category"]
                    used = _used(data, cycle, scope, universe, value, because, variable, category)
                    if unit == "percent" and used[1] == "records":
                        used = (math.nan, "records")  # a share, not the records' count
                    rows.append(_row(cycle, scope, "sources", f"{variable}.{category}", value, main,
                                     other_value, other, universe=universe, unit=unit, used=used[0],
                                     used_because=used[1]))
    return rows


def _compare(mine, theirs, nobs: int | None):
    """Return (value, other value, unit) when two rows of one category disagree: their counts,
    else their shares (a percentage matches a count at the percentage's rounding)."""
    if pd.notna(mine["count"]) and pd.notna(theirs["count"]):
        a, b = int(mine["count"]), int(theirs["count"])
        return None if a == b else (a, b, "count")
    shares = []
    for row in (mine, theirs):
        parsed = _percent(row["percent"])
        if parsed is not None:
            shares.append((parsed[0], Fraction(1, 2 * 10 ** parsed[1])))
        elif pd.notna(row["count"]) and nobs:
            shares.append((Fraction(100 * int(row["count"]), nobs), Fraction(0)))
        else:
            return None
    (a, ta), (b, tb) = shares
    if abs(a - b) <= ta + tb:
        return None
    return round(float(a), 2), round(float(b), 2), "percent"


def _figures_across(data: Dataset) -> list[dict]:
    rows = []
    figures = data.figures.assign(_terr=[_territory(data, c, s) for c, s in zip(data.figures["cycle"], data.figures["scope"])])
    for (cycle, terr, key), found in figures.groupby(["cycle", "_terr", "key"], sort=True):
        found = found.sort_values(["source", "scope"], kind="stable")  # never the order of rows
        first = chosen_figure(data, found)[0]
        first = found.iloc[0] if first is None else first
        for _, other in found.iterrows():
            if other["source"] == first["source"] or float(other["value"]) == float(first["value"]):
                continue
            rows.append(_row(cycle, first["scope"], "sources", key, _plain(first["value"]), first["source"],
                             _plain(other["value"]), other["source"], unit=first["unit"],
                             **_figure_used(data, cycle, first["scope"], key)))
    return rows


def regions_against_nation(data: Dataset) -> list[dict]:
    """Return each national figure or count that the regions' figures contradict: the regions'
    sum exceeds it, or, when every region that existed gives one, differs from it."""
    rows = []
    figures = data.figures[data.figures["unit"].isin(ADDITIVE_UNITS)]
    for (cycle, key), found in figures.groupby(["cycle", "key"], sort=False):
        regional = _by_territory(data, cycle, found[(found["scope"] != NATIONAL) & ~found["scope"].map(pages.is_group)],
                                 lambda row: figure_rank(data, row))
        if not regional:
            continue
        total, sources = sum(float(r["value"]) for r in regional.values()), _joined(regional)
        every = set(regional) >= set(_existing(data, cycle))
        for _, national in found[found["scope"] == NATIONAL].iterrows():
            value = float(national["value"])
            if total > value or every and total != value:
                rows.append(_row(cycle, NATIONAL, "regions_nation", key, _plain(value), national["source"],
                                 _plain(total), sources, unit=national["unit"],
                                 **_figure_used(data, cycle, NATIONAL, key),
                                 detail=f"{len(regional)} of {len(_existing(data, cycle))} regions"))
    counts = data.counts[data.counts["count"].notna()]
    for (cycle, universe, variable, category), found in counts.groupby(
            ["cycle", "universe", "variable", "category"], sort=False):
        regional = _by_territory(data, cycle, found[(found["scope"] != NATIONAL) & ~found["scope"].map(pages.is_group)],
                                 lambda row: _count_rank(data, row))
        if not regional:
            continue
        total, sources = sum(int(r["count"]) for r in regional.values()), _joined(regional)
        every = set(regional) >= set(_existing(data, cycle))
        for _, national in found[found["scope"] == NATIONAL].iterrows():
            value = int(national["count"])
            if total > value or every and total != value:
                used = _used(data, cycle, NATIONAL, universe, value, _used_of(data, cycle, universe),
                             variable, category)
                rows.append(_row(cycle, NATIONAL, "regions_nation", f"{variable}.{category}", value,
                                 national["source"], total, sources, universe=universe, used=used[0],
                                 used_because=used[1],
                                 detail=f"{len(regional)} of {len(_existing(data, cycle))} regions"))
    return rows


def _by_territory(data: Dataset, cycle: str, rows: pd.DataFrame, rank) -> dict:
    """The row of each territory (one code each) that the choice rule prefers by `rank`; among
    equals, the source whose id sorts first (never the order of the rows)."""
    found = {}  # territory -> (rank, row), each row ranked once
    for _, row in rows.sort_values(["source", "scope"], kind="stable").iterrows():
        territory, ranked = _territory(data, cycle, row["scope"]), rank(row)
        if territory not in found or ranked > found[territory][0]:
            found[territory] = (ranked, row)
    return {territory: row for territory, (_, row) in found.items()}


def _count_rank(data: Dataset, row) -> tuple:
    """The choice rule's rank of the table the count `row` belongs to (`choice.table_rank`)."""
    counts = data.counts
    table = counts[(counts["cycle"] == row["cycle"]) & (counts["scope"] == row["scope"])
                   & (counts["universe"] == row["universe"]) & (counts["variable"] == row["variable"])
                   & (counts["source"] == row["source"])]
    return table_rank(data, table)


def _joined(regional: dict) -> str:
    return ", ".join(sorted({r["source"] for r in regional.values()}))
