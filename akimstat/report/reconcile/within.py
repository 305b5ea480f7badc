"""Contradictions within one source: a table's counts, percentages and total (the audit), and a
single figure against the table it summarises (a count, a mean age against the age bands)."""

from __future__ import annotations

import math

import pandas as pd


from akimstat import stats

from akimstat.report import tables
from akimstat.report.choice import figure_used
from akimstat.data.dataset import Dataset
from akimstat.report.reconcile.rows import PARTIAL_VARIABLES, REST, _percent, _row, _territory, _used, _used_of
from akimstat.report.reconcile.rows import _figure_used, _tables




def within_sources(data: Dataset) -> list[dict]:
    """Return each published table whose parts disagree with the total it states, or whose
    percentages disagree with its counts, with the audit's smallest correction."""
    rows = []
    for (cycle, scope, universe, variable, source, nobs), table in _tables(data):
        counted = table[table["count"].notna()]
        if nobs < 0 or counted.empty:
            continue
        found = audit_of(data, variable, counted, int(nobs))
        if found is None:
            continue
        audit, total, complete = found
        sum_issue = any(i.kind == "sum" for i in audit.inconsistencies) or total > nobs
        percents = sorted((i for i in audit.inconsistencies if i.kind == "percent" and i.category != REST),
                          key=lambda i: str(i.category))  # never the order of the rows
        correction, certainty = describe(audit)
        used, because = _used(data, cycle, scope, universe, int(nobs), _used_of(data, cycle, universe))
        if sum_issue:
            rows.append(_row(cycle, scope, "parts_total", variable, int(nobs), source, total, source,
                             universe=universe, correction=correction, certainty=certainty,
                             used=used, used_because=because, detail=_percent_detail(percents)))
        elif percents:
            first = percents[0]
            item = f"{variable}.{first.category}" if len(percents) == 1 else variable
            rows.append(_row(cycle, scope, "percent_count", item, float(_percent(first.published)[0]),
                             source, float(first.expected), source, universe=universe, unit="percent",
                             correction=correction, certainty=certainty, used=math.nan,
                             used_because=because, detail=_percent_detail(percents)))
    return rows


def audit_of(data: Dataset, variable: str, counted: pd.DataFrame, nobs: int):
    """Return (audit, sum of the parts, complete) of one table's counted rows, or None when it is
    consistent. A table that gives some categories is audited with the remainder as one
    unpublished part; one whose parts exceed its total cannot be, and has no correction."""
    categories = list(counted["category"])
    every = data.codes.category_codes(variable)
    complete = variable not in PARTIAL_VARIABLES and bool(every) and set(every) <= set(categories)
    counts = [int(c) for c in counted["count"]]
    percents = [None if pd.isna(p) else p for p in counted["percent"]]
    total = sum(counts)
    if not complete:
        if total > nobs:
            return stats.TableAudit(False, (stats.Inconsistency("sum", None, nobs, total),), ()), total, complete
        categories, counts, percents = [*categories, REST], [*counts, nobs - total], [*percents, None]
    audit = stats.audit_table(categories, counts, percents, nobs)
    return None if audit.consistent else (audit, total, complete)


def describe(audit) -> tuple[str, str]:
    """Return the audit's best correction as text ('economist 367 -> 357'; a change of the
    unpublished remainder is left out) and how sure it is."""
    if audit.best is None:
        return "", "unresolved"
    certainty = certainty_of(audit)
    # An unresolved correction is one of several: all of them are named (up to three).
    chosen = audit.corrections[:3] if certainty == "unresolved" else audit.corrections[:1]
    return " | ".join(_changes(c) for c in chosen), certainty


def _changes(correction) -> str:
    changes = [c for c in correction.changes if c.category != REST]
    return "; ".join(f"{c.category or c.item} {c.published} -> {c.proposed}" if c.item != "percent"
                     else f"{c.category} {c.published}% -> {c.proposed}%" for c in changes)


def certainty_of(audit) -> str:
    """'unique' when one correction of the smallest size exists; 'likely' when the likeliest
    (a typing error, then the smallest change) is ahead of the others; else 'unresolved'."""
    if not audit.corrections:
        return "unresolved"
    if audit.unique:
        return "unique"
    from akimstat.stats.audit import _likelihood  # the audit's own ranking of its corrections

    first, second = (_likelihood(c) for c in audit.corrections[:2])
    return "likely" if first < second else "unresolved"


def _percent_detail(issues) -> str:
    return "; ".join(f"{i.category}: {i.published}% printed, {i.expected}% from the count" for i in issues)




def figures_against_tables(data: Dataset) -> list[dict]:
    """Return each published number of akims elected that a table of the akims contradicts: the
    table's stated total differs, or (without a total) its complete breakdown sums to another
    number. A table that disagrees with its own total is named by `within_sources` already."""
    rows = []
    figures = data.figures[data.figures["key"] == "elected"]
    for _, figure in figures.iterrows():
        cycle, value = figure["cycle"], int(figure["value"])
        terr = _territory(data, cycle, figure["scope"])
        for (c, scope, universe, variable, source, nobs), table in _tables(data):
            if c != cycle or universe != "akims" or _territory(data, c, scope) != terr:
                continue
            counted = table[table["count"].notna()]
            every = data.codes.category_codes(variable)
            complete = (variable not in PARTIAL_VARIABLES and bool(every)
                        and set(every) <= set(counted["category"]))
            total = int(counted["count"].sum())
            if nobs >= 0 and int(nobs) != value:
                other, what = int(nobs), "total"
            elif nobs < 0 and complete and total != value:
                other, what = total, "sum"
            else:
                continue
            used, because = figure_used(data, cycle, figure["scope"], "elected")
            rows.append(_row(cycle, figure["scope"], "figure_table", f"elected/{variable}", value,
                             figure["source"], other, source, universe="akims", used=used,
                             used_because=because, detail=what))
    return rows


def mean_age_against_bands(data: Dataset) -> list[dict]:
    """Return each published mean age that its scope's age bands cannot give: the mean of any
    corps with those band counts lies between the mean of the bands' first years and the mean
    of their last years (an open first band starts at the cycle's minimum age)."""
    rows = []
    pairs = (("mean_age", "akims"), ("candidates_mean_age", "candidates"))
    for key, universe in pairs:
        for _, figure in data.figures[data.figures["key"] == key].iterrows():
            cycle, value = figure["cycle"], float(figure["value"])
            terr = _territory(data, cycle, figure["scope"])
            tolerance = 0.5 * 10 ** -_decimals(value)  # a mean published rounded
            for (c, scope, u, variable, source, _), table in _tables(data):
                if (c, u, variable) != (cycle, universe, "age_band") or _territory(data, c, scope) != terr:
                    continue
                bounds = mean_bounds(table, int(data.codes.cycles.at[cycle, "min_age"]))
                if bounds is None:
                    continue
                low, high = bounds
                if low - tolerance <= value <= high + tolerance:
                    continue
                nearest = low if value < low else high
                rows.append(_row(cycle, figure["scope"], "mean_bands", key, value, figure["source"],
                                 round(nearest, 2), source, universe=universe, unit="years",
                                 **_figure_used(data, cycle, figure["scope"], key),
                                 detail=f"the bands allow {low:.1f} to {high:.1f}"))
    return rows


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else len(repr(float(value)).partition(".")[2])


def mean_bounds(table: pd.DataFrame, min_age: int) -> tuple[float, float] | None:
    """Return the least and greatest mean age a corps with these band counts (or percentages)
    can have; None unless the bands are whole (shares summing to 1) and every band is known."""
    published = tables.from_published("age_band", table)
    shares = {code: published.share(code) for code in published.counts.index}
    if not shares or any(s is None for s in shares.values()) or abs(sum(shares.values()) - 1) > 0.01:
        return None
    low = high = 0.0
    for code, share in shares.items():
        try:
            first, last = tables.band_interval(code)
        except ValueError:
            return None
        low += share * max(first, min_age)
        high += share * last
    return low, high
