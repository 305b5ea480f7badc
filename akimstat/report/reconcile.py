"""Reconciliation: every contradiction between the numbers of a data package, found and named.

Published sources contradict themselves (parts that do not sum to the total they state, a
percentage its count does not give, a mean age its own age bands cannot give) and each other
(two pages on one round, regional figures against the national one); they can also contradict
the code lists (a region that did not exist at the cycle's date, a breakdown larger than the
posts up for election) and the records. `reconcile` finds each such contradiction and returns
one row per contradiction, language-free: the two figures, their sources (with title and date,
so that two pages of one publisher are told apart), the size of the difference, the smallest
correction that reconciles them where the audit finds one (and how sure it is), and which
figure the reports use and why. A consistent data package gives an empty frame.

Sources are compared as they are transcribed: a published table keeps its errors (data/README.md),
and the reports word what this module finds (akimstat/report/sections/about.py).
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from itertools import groupby

import pandas as pd

from akimstat.data import pages

from akimstat import stats

from akimstat.report import tables
from akimstat.report.choice import chosen_figure, figure_rank, figure_used, in_code_order, main_source, table_rank
from akimstat.data.dataset import Dataset
from akimstat.params import NATIONAL, NO_BASELINE, ReportParameters

#: The columns of a reconciliation frame, in order (reconciliation.csv).
COLUMNS = ["cycle", "scope", "check", "universe", "item", "unit", "value", "source", "other_value",
           "other_source", "difference", "correction", "certainty", "used", "used_because", "detail",
           "source_title", "source_date", "other_source_title", "other_source_date"]

#: The kinds of contradiction, in the order the reports list them.
CHECKS = ("parts_total", "percent_count", "figure_table", "mean_bands", "sources", "regions_nation", "group_total",
          "region_not_existing", "coverage", "posts", "records")

#: Variables whose categories do not exhaust the universe: a table of the akims' parties leaves
#: out the self-nominated (nomination), so its parts may sum to less than the akims elected.
PARTIAL_VARIABLES = ("party",)

#: Figure keys that add up over regions (a national figure is at least the sum of the regions').
ADDITIVE_UNITS = ("akims", "posts", "persons", "units", "stations", "commissions")

REST = "(rest)"  # the unpublished remainder of a table that gives some of its categories


def reconcile(data: Dataset) -> pd.DataFrame:
    """Return every contradiction between the published figures, the code lists and the records.

    Parameters
    ----------
    data : Dataset
        A loaded, validated data package.

    Returns
    -------
    pandas.DataFrame
        One row per contradiction, with the columns of `COLUMNS`: the cycle and scope; `check`
        (one of `CHECKS`); the `value` of `source` against the `other_value` of `other_source`
        (a source id, 'records', 'sum of parts', 'cycles.csv', ...) and their `difference`
        (other - value); the smallest `correction` that reconciles them and its `certainty`
        ('unique', 'likely' or 'unresolved'; empty when no correction applies); the figure the
        reports `used` and why (`used_because`: 'records', 'main_source', 'rule' (the rule of
        `akimstat.report.choice`), 'unresolved' (a tie under it), 'unresolved_table', 'sum_of_regions',
        'code_list' or 'not_shown'); and each source's title and date.
        Empty (with these columns) when every figure agrees.
    """
    if "_reconciliation" not in data._cache:
        rows = [*within_sources(data), *figures_against_tables(data), *mean_age_against_bands(data),
                *across_sources(data), *regions_against_nation(data), *pages.group_totals(data, _row),
                *pages.partial_national(data, _row, lambda c: _existing(data, c), lambda c, s: _territory(data, c, s)),
                *against_code_lists(data),
                *records_against_published(data)]
        data._cache["_reconciliation"] = _framed(data, rows)
    return data._cache["_reconciliation"].copy()


def of_cycle(data: Dataset, cycle: str) -> pd.DataFrame:
    """Return the rows of `reconcile(data)` about one cycle, from that cycle's figures alone:
    every check compares figures of one cycle, so a report's kernel need not check every round
    (tests/test_reconcile.py holds the two equal for every shipped cycle)."""
    key = ("_reconciliation", cycle)
    if key not in data._cache:
        if "_reconciliation" in data._cache:
            full = data._cache["_reconciliation"]
            data._cache[key] = full[full["cycle"] == cycle].reset_index(drop=True)
        else:
            part = dataclasses.replace(data, **{name: frame[frame["cycle"] == cycle] for name, frame in
                                                (("counts", data.counts), ("figures", data.figures),
                                                 ("records", data.records))})
            data._cache[key] = reconcile(part)
    return data._cache[key].copy()


def for_report(frame: pd.DataFrame, data: Dataset, cycle: str, scope: str) -> pd.DataFrame:
    """Return the contradictions of one report: its cycle, and its scope under any of its codes
    (KZ-VOS and KZ-63 name one oblast in 2021)."""
    scopes = {scope} if scope == NATIONAL else {scope, *data.same_territory(scope, cycle)}
    mine = frame["scope"].isin(scopes) | (frame["scope"].map(pages.is_group) & (scope == NATIONAL))
    return frame[(frame["cycle"] == cycle) & mine].reset_index(drop=True)


def contradicted(frame: pd.DataFrame, items) -> pd.DataFrame:
    """Return the rows of `frame` about any of `items`: a variable ('sex') names its table and
    every category of it ('sex.female'); a figure key ('elected') names itself."""
    items = tuple(items)
    if frame.empty:
        return frame
    head = frame["item"].str.partition(".")[0]
    figure = frame["item"].str.partition("/")[0]
    found = frame["item"].isin(items) | head.isin(items) | figure.isin(items)
    if "elected" in items:  # a table of the akims states the number elected as its total,
        # contradicted unless the one correction changes parts only (the article's economists)
        total_in_doubt = frame["correction"].str.contains("total ") | (frame["correction"] == "")
        found |= (frame["check"] == "parts_total") & (frame["universe"] == "akims") & total_in_doubt
    return frame[found]


# -- rows -------------------------------------------------------------------------------------
def _row(cycle, scope, check, item, value, source, other_value, other_source, *, universe="",
         unit="count", correction="", certainty="", used=math.nan, used_because="", detail="") -> dict:
    difference = other_value - value if _number(value) and _number(other_value) else math.nan
    return {"cycle": cycle, "scope": scope, "check": check, "universe": universe, "item": item,
            "unit": unit, "value": value, "source": source, "other_value": other_value,
            "other_source": other_source, "difference": difference, "correction": correction,
            "certainty": certainty, "used": used, "used_because": used_because, "detail": detail}


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not (isinstance(x, float) and math.isnan(x))


def _framed(data: Dataset, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS[:16])
    for side in ("source", "other_source"):
        frame[f"{side}_title"] = frame[side].map(lambda s: _identity(data, s)[0])
        frame[f"{side}_date"] = frame[side].map(lambda s: _identity(data, s)[1])
    order = frame["check"].map({c: i for i, c in enumerate(CHECKS)})
    cycles = {c: i for i, c in enumerate(data.codes.cycles.sort_values("date").index)}
    frame = frame.assign(_cycle=frame["cycle"].map(cycles), _check=order,
                         _national=frame["scope"] != NATIONAL)
    frame = frame.sort_values(["_cycle", "_national", "scope", "_check", "item", "source", "other_source"],
                              kind="stable")
    frame = frame.drop(columns=["_cycle", "_check", "_national"]).reset_index(drop=True)[COLUMNS]
    # One dtype per column however few rows there are (a cycle's rows alone, or none); text is
    # cast only when there are no rows, since pandas 2 would write a missing text as 'nan'.
    return frame.astype({c: "float64" if c in NUMBERS else "str" for c in COLUMNS if c in NUMBERS or frame.empty})


NUMBERS = ("value", "other_value", "difference", "used")


def _identity(data: Dataset, source) -> tuple[str, str]:
    """Return (title, date) of a source id, or of a list of them ('a, b': titles and dates
    joined by '; '); ('', '') for what is not a source (records, a code list)."""
    ids = source.split(", ") if isinstance(source, str) else []
    if not ids or data.sources.empty or not set(ids) <= set(data.sources.index):
        return "", ""
    rows = [data.sources.loc[i] for i in ids]
    dates = ["" if pd.isna(row.get("date", "")) else str(row.get("date", "")) for row in rows]
    return "; ".join(str(row["title"]) for row in rows), "; ".join(dates)


def _territory(data: Dataset, cycle: str, scope: str) -> str:
    """Return the one code of `scope`'s territory at the cycle's date (KZ-VOS for KZ-63 in
    2021), so that two sources using two codes of one oblast are compared."""
    if scope == NATIONAL:
        return scope
    key = ("_territory", cycle, scope)
    if key not in data._cache:  # asked for every row: the code lists are read once per code
        existing = _existing(data, cycle)
        found = [code for code in (scope, *data.same_territory(scope, cycle)) if code in existing]
        data._cache[key] = found[0] if found else scope
    return data._cache[key]


def _existing(data: Dataset, cycle: str) -> list[str]:
    """`Dataset.regions_existing`, kept with the data set."""
    key = ("_existing", cycle)
    if key not in data._cache:
        data._cache[key] = data.regions_existing(cycle)
    return data._cache[key]


def _percent(text) -> tuple[Fraction, int] | None:
    return stats.parse_percent(text)




def _used_of(data: Dataset, cycle: str, universe: str) -> str:
    if data.has_records(cycle) and universe == "akims":
        return "records"
    return "main_source" if universe in ("akims", "posts") else "not_shown"


def _used(data: Dataset, cycle: str, scope: str, universe: str, value, because: str,
          variable: str | None = None, category: str | None = None):
    """Return (figure the reports use, why): in a cycle with records, the records' count of the
    akims (of `category`, else all; empty when it is a small count of a sensitive variable,
    as the reports leave it); else `value` for `because`."""
    if not (data.has_records(cycle) and universe == "akims"):
        return (math.nan if because == "not_shown" else value), because
    records = data.records[data.records["cycle"] == cycle]
    if scope != NATIONAL:
        records = records[records["region"].isin({scope, *data.same_territory(scope, cycle)})]
    if category is None:
        return len(records), "records"
    if variable not in records.columns:
        return math.nan, "records"
    count = int((records[variable] == category).sum())
    small = variable in ReportParameters().sensitive_variables and 0 < count < ReportParameters().suppression_threshold
    return (math.nan if small else count), "records"


# -- within one source ------------------------------------------------------------------------
def _tables(data: Dataset) -> list[tuple[tuple, pd.DataFrame]]:
    """Return every published table: the rows of one (cycle, scope, universe, variable, source,
    nobs), in file order."""
    if "_tables" not in data._cache:
        counts = data.counts
        keys = ["cycle", "scope", "universe", "variable", "source"]
        data._cache["_tables"] = [(key, in_code_order(data, rows)) for key, rows in counts.assign(
            _nobs=counts["nobs"].fillna(-1)).groupby([*keys, "_nobs"], sort=True)]
    return data._cache["_tables"]


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


# -- single figures against tables ------------------------------------------------------------
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


# -- across sources ---------------------------------------------------------------------------
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


def _figure_used(data: Dataset, cycle: str, scope: str, key: str) -> dict:
    """The `used` and `used_because` of a single figure (`choice.figure_used`)."""
    used, because = figure_used(data, cycle, scope, key)
    return {"used": _plain(used) if _number(used) else used, "used_because": because}


def _text(value) -> str:
    value = _plain(value)
    return str(value) if isinstance(value, int) else f"{value:.10g}"


def _plain(value) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() else value


# -- regions against the nation ---------------------------------------------------------------
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


# -- against the code lists -------------------------------------------------------------------
def against_code_lists(data: Dataset) -> list[dict]:
    """Return figures the code lists contradict: a region that did not exist at the cycle's
    date, a national table the reports sum from fewer regions than existed, and counts of
    akims or posts that exceed (or, for posts, differ from) the posts up for election."""
    return [*_regions_not_existing(data), *_coverage(data), *_posts(data)]


def _regions_not_existing(data: Dataset) -> list[dict]:
    rows = []
    for kind, frame in (("counts", data.counts), ("figures", data.figures)):
        for (cycle, scope, source), _ in frame.groupby(["cycle", "scope", "source"], sort=False):
            if scope == NATIONAL or all(_territory(data, cycle, code) in _existing(data, cycle)
                                        for code in pages.members(scope)):
                continue
            date = data.codes.cycles.at[cycle, "date"].date().isoformat()
            rows.append(_row(cycle, scope, "region_not_existing", scope, math.nan, source, math.nan,
                             "regions.csv", unit="", used_because="not_shown",
                             detail=f"{kind}: no such oblast on {date}"))
    return rows


def _coverage(data: Dataset) -> list[dict]:
    """A national table of akims the reports sum from the regions' tables (a cycle without
    records and without a national table), when fewer regions give one than existed."""
    rows = []
    counts = data.counts[data.counts["universe"] == "akims"]
    for (cycle, variable), found in counts.groupby(["cycle", "variable"], sort=False):
        if data.has_records(cycle) or (found["scope"] == NATIONAL).any():
            continue
        existing = _existing(data, cycle)
        covered = sorted({_territory(data, cycle, s) for s in found["scope"]} & set(existing))
        if len(covered) >= len(existing):
            continue
        missing = [code for code in existing if code not in covered]
        rows.append(_row(cycle, NATIONAL, "coverage", variable, len(covered), ", ".join(sorted(found["source"].unique())),
                         len(existing), "regions.csv", universe="akims", unit="regions",
                         used=len(covered), used_because="sum_of_regions",
                         detail="missing: " + ", ".join(missing)))
    return rows


def _posts(data: Dataset) -> list[dict]:
    rows = []
    for cycle in data.cycles():
        posts = data.codes.cycles.at[cycle, "posts"]
        limits = {NATIONAL: (int(posts), "cycles.csv")} if pd.notna(posts) else {}
        figures = data.figures[(data.figures["cycle"] == cycle) & (data.figures["key"] == "posts")]
        ranks = [figure_rank(data, row) for _, row in figures.iterrows()]  # the chosen first
        figures = figures.assign(_rank=ranks).sort_values(["_rank", "source"], ascending=[False, True], kind="stable")
        national = figures.loc[figures["scope"] == NATIONAL, "value"].astype(float)
        # A posts figure other than the code list's is listed by `across_sources` when another
        # source gives the code list's number.
        listed = NATIONAL in limits and (national == limits[NATIONAL][0]).any()
        for _, figure in figures.iterrows():
            terr = _territory(data, cycle, figure["scope"])
            if terr == NATIONAL and NATIONAL in limits:
                if int(figure["value"]) != limits[NATIONAL][0] and not listed:
                    rows.append(_row(cycle, NATIONAL, "posts", "posts", limits[NATIONAL][0], "cycles.csv",
                                     int(figure["value"]), figure["source"], unit="posts",
                                     used=limits[NATIONAL][0], used_because="code_list"))
                continue
            limits.setdefault(terr, (int(figure["value"]), figure["source"]))
        for terr, (limit, origin) in limits.items():
            rows += _over_posts(data, cycle, terr, limit, origin)
    return rows


def _over_posts(data: Dataset, cycle: str, terr: str, limit: int, origin: str) -> list[dict]:
    """Tables of the akims whose total or parts exceed the posts, tables of the posts whose
    total differs from them, and a number elected above them."""
    rows, because = [], "code_list" if origin == "cycles.csv" else "rule"
    for (c, scope, universe, variable, source, nobs), table in _tables(data):
        if c != cycle or universe not in ("akims", "posts") or _territory(data, c, scope) != terr:
            continue
        total = int(table["count"].sum()) if table["count"].notna().any() else None
        stated = int(nobs) if nobs >= 0 else total
        if stated is None:
            continue
        size = max(stated, total or 0)
        if size > limit or universe == "posts" and stated != limit:
            rows.append(_row(cycle, scope, "posts", variable, limit, origin, size, source, universe=universe,
                             used=limit, used_because=because,
                             detail="total" if size == stated else "sum"))
    elected = data.figures[(data.figures["cycle"] == cycle) & (data.figures["key"] == "elected")]
    for _, figure in elected.iterrows():
        if _territory(data, cycle, figure["scope"]) == terr and float(figure["value"]) > limit:
            rows.append(_row(cycle, figure["scope"], "posts", "elected", limit, origin, int(figure["value"]),
                             figure["source"], universe="akims", used=limit, used_because=because))
    return rows


# -- records against published figures --------------------------------------------------------
def records_against_published(data: Dataset, params: ReportParameters | None = None) -> list[dict]:
    """Return each published figure the records give otherwise (as the reports' notes check
    them: `akimstat.report.published.published_check`). Small counts of sensitive variables are
    left empty, as the reports leave them."""
    from akimstat.report.scope import ScopeData
    from akimstat.report.published import published_check

    params = params or ReportParameters()
    rows = []
    for cycle in data.cycles():
        if not data.has_records(cycle):
            continue
        base = _previous(data, cycle)
        scopes = [NATIONAL, *(s for s in data.regions_of(cycle))]
        for scope in scopes:
            if not _has_published(data, cycle, scope):
                continue
            scoped = ScopeData(data, params.replace(cycle=cycle, scope=scope, baseline=base))
            check = published_check(scoped)
            for row in check[~check["agrees"]].itertuples():
                if row.computed is None or pd.isna(row.computed):
                    continue
                variable = row.item.partition(".")[0]
                secret = scoped.sensitive(variable) and min(row.published, row.computed) < params.suppression_threshold
                value, other = (math.nan, math.nan) if secret else (_plain(row.published), _plain(row.computed))
                rows.append(_row(cycle, scope, "records", row.item, value, row.source, other, "records",
                                 universe="akims", used=other, used_because="records",
                                 detail="suppressed" if secret else ""))
    return rows


def _previous(data: Dataset, cycle: str) -> str:
    cycles = data.cycles()
    at = cycles.index(cycle)
    return cycles[at - 1] if at > 0 and data.has_records(cycles[at - 1]) else NO_BASELINE


def _has_published(data: Dataset, cycle: str, scope: str) -> bool:
    return any(((frame["cycle"] == cycle) & (frame["scope"] == scope)).any()
               for frame in (data.counts, data.figures))


# -- summaries --------------------------------------------------------------------------------
def summary_lines(frame: pd.DataFrame) -> list[str]:
    """Return one plain line per contradiction, for `akimstat validate` and logs."""
    lines = []
    for cycle, rows in groupby(frame.itertuples(), lambda r: r.cycle):
        for r in rows:
            lines.append(line_of(r))
    return lines


def line_of(r) -> str:
    """Return one contradiction as a line of text (English; figures as the sources give them)."""
    def shown(value, source, title, date):
        number = "" if not _number(value) else _text(value)
        name = f"{source}" + (f" «{title}», {date}" if title else "")
        return f"{number} ({name})".strip()

    text = (f"{r.cycle} {r.scope} {r.check} {r.item}: "
            f"{shown(r.value, r.source, r.source_title, r.source_date)} vs "
            f"{shown(r.other_value, r.other_source, r.other_source_title, r.other_source_date)}")
    if _number(r.difference):
        text += f"; difference {'+' if r.difference > 0 else ''}{_text(r.difference)}"
    if r.detail:
        text += f"; {r.detail}"
    if r.correction:
        text += f"; correction: {r.correction} ({r.certainty})"
    elif r.certainty:
        text += f"; {r.certainty}"
    if r.used_because:
        used = f"{_text(r.used)} " if _number(r.used) else ""
        text += f"; reports use {used}({r.used_because.replace('_', ' ')})"
    return text
