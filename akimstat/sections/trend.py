"""The trend across every cycle in the data up to this one, for this scope: shares (women,
under the age threshold) with their intervals where counts are known, and the mean age, each
saying what it rests on, with the changes of election type or coverage between cycles named."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from akimstat import charts, stats
from akimstat import html as h
from akimstat.scope import ScopeData
from akimstat.sections.result import Chart, Result


def compute(data: ScopeData, shares=(), distributions=()) -> Result | None:
    """Return each (name, variable, category) share of `shares`, the mean age, and the share of
    every category of each variable of `distributions` (professions), in every cycle of this
    one's level (rural or district akims) up to this one that gives them for this scope; None
    with fewer than two such cycles. A sensitive variable's distribution is left out: beside
    its other categories a hidden one is their complement."""
    cycles = data.data.cycles()
    attributes = data.data.codes.cycles
    level = attributes["level"] if "level" in attributes else pd.Series(dtype=object)
    cycles = [c for c in cycles[: cycles.index(data.cycle) + 1] if level.get(c) == level.get(data.cycle)]
    distributions = [v for v in distributions if not data.sensitive(v)]
    rows = [row for cycle in cycles for row in _rows(data, cycle, shares)]
    rows += [row for cycle in cycles for variable in distributions for row in _distribution_rows(data, cycle, variable)]
    frame = pd.DataFrame(rows, columns=["cycle", "measure", "value", "low", "high", "rests_on", "covered", "regions"])
    if frame.empty or frame.groupby("measure")["cycle"].nunique().max() < 2:
        return None
    measures = list(dict.fromkeys(frame["measure"]))
    parts = {v: [m.split(".", 1)[1] for m in measures if m.startswith(f"{v}.")] for v in distributions}
    spread = {v: codes for v, codes in parts.items()  # a variable known in two cycles or more
              if frame.loc[frame["measure"].str.startswith(f"{v}."), "cycle"].nunique() >= 2}
    frame = frame[~frame["measure"].str.partition(".")[0].isin(set(parts) - set(spread))]
    r = Result("trend", "trend", facts={"cycles": [c for c in cycles if c in set(frame["cycle"])],
                                         "measures": [m for m in measures if m.partition(".")[0] not in parts],
                                         "distributions": spread})
    for row in frame.itertuples():
        unit = "years" if row.measure == "age.mean" else "share"
        key = f"trend.{row.measure}.{row.cycle}"
        r.add(key, row.value, unit, row.rests_on)
        if not math.isnan(row.low):
            r.add(f"{key}.low", row.low, unit, row.rests_on)
            r.add(f"{key}.high", row.high, unit, row.rests_on)
    r.frames["trend"] = frame
    r.facts["changes"] = _changes(data, r.facts["cycles"], frame)
    return r


def _rows(data: ScopeData, cycle: str, shares) -> list[tuple]:
    rows = []
    for name, variable, category in shares:
        table = data.table(variable, cycle)
        if table is None or table.share(category) is None:
            continue
        shown = table.count(category)
        if data.sensitive(variable) and shown is not None and 0 < shown < data.params.suppression_threshold:
            continue
        low = high = math.nan
        if shown is not None and table.nobs:
            interval = stats.share_interval(shown, table.nobs, data.params.alpha)
            low, high = interval.low, interval.high
        covered, regions = table.coverage or (math.nan, math.nan)
        rows.append((cycle, name, table.share(category), low, high, table.rests_on, covered, regions))
    mean = _mean_age(data, cycle)
    if mean is not None:
        rows.append((cycle, "age.mean", *mean))
    return rows


def _distribution_rows(data: ScopeData, cycle: str, variable: str) -> list[tuple]:
    """Return the share of each category of `variable` in `cycle`, with its interval where
    counts are known; none when the cycle gives no table of it."""
    table = data.table(variable, cycle)
    if table is None:
        return []
    covered, regions = table.coverage or (math.nan, math.nan)
    rows = []
    for category in dict.fromkeys([*table.counts.index, *table.percents.index]):
        share = table.share(category)
        if share is None:
            continue
        low = high = math.nan
        if table.count(category) is not None and table.nobs:
            interval = stats.share_interval(table.count(category), table.nobs, data.params.alpha)
            low, high = interval.low, interval.high
        rows.append((cycle, f"{variable}.{category}", share, low, high, table.rests_on, covered, regions))
    return rows


def _mean_age(data: ScopeData, cycle: str) -> tuple | None:
    """Return (mean, low, high, rests_on, covered, regions) of age: records, else as published."""
    if data.has_records(cycle):
        records = data.records_of(cycle)
        if records.empty:
            return None
        s = stats.age_summary(records["age"], data.params.age_threshold, data.params.alpha)
        return s.mean, math.nan, math.nan, data.rests_on(cycle), math.nan, math.nan
    found = data.published_figure("mean_age", cycle)
    return None if found is None else (found[0], math.nan, math.nan, f"published: {found[1]}", math.nan, math.nan)


def _changes(data: ScopeData, cycles: list[str], frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Return (cycle, what changed) between consecutive cycles: the election type, or the
    coverage of a national figure (all regions, or some)."""
    attributes = data.data.codes.cycles
    changes = []
    for before, after in zip(cycles, cycles[1:]):
        for column in ("election_type", "counted"):
            if column in attributes and str(attributes.at[before, column]) != str(attributes.at[after, column]):
                changes.append((after, column))
        covered = frame.groupby("cycle")["covered"].max()
        if not (pd.isna(covered.get(before)) and pd.isna(covered.get(after))):
            changes.append((after, "coverage"))
    return changes


def present(r: Result, w) -> tuple[str, list]:
    t, cycles, measures = w.t, r.facts["cycles"], r.facts["measures"]
    header = [t.plain("col.cycle")] + [t.plain(f"trend.{m}", threshold=t.number(w.params.age_threshold))
                                       for m in measures]
    rows = []
    for cycle in cycles:
        cells = [w.cycle_name(cycle)]
        for measure in measures:
            key = f"trend.{measure}.{cycle}"
            cells.append(w.fig(r[key], w.decimals_of(r[key], 1)) if key in r.values else t.plain("not_published"))
        rows.append(cells)
    parts = [h.table(t.text("trend.caption", scope=w.scope_name), header, rows)] if measures else []
    parts += [distribution_table(r, w, variable, codes) for variable, codes in r.facts["distributions"].items()]
    said = [t.text(f"trend.changed.{what}", cycle=w.cycle_name(cycle)) for cycle, what in r.facts["changes"]]
    sources = sorted({v.rests_on for v in r.values.values()})
    said.append(t.text("trend.rests_on", sources=Markup("; ").join(w.rests_on(s) for s in sources)))
    parts.append(h.tag("p", Markup(" ").join(said)))
    shares = [m for m in measures if m != "age.mean"]
    if shares:
        parts.append(trend_chart(r, w, shares))
    return t.text("trend.title"), parts


def distribution_table(r: Result, w, variable: str, codes: list[str]) -> Markup:
    """The share of each category of `variable` (columns) in every cycle (rows)."""
    t = w.t
    rows = [[w.cycle_name(cycle)] + [w.fig(r[key], 1) if (key := f"trend.{variable}.{code}.{cycle}") in r.values
                                     else t.plain("not_published") for code in codes]
            for cycle in r.facts["cycles"]]
    return h.table(t.text("trend.distribution", what=t.plain(f"title.{variable}"), scope=w.scope_name),
                   [t.plain("col.cycle")] + [w.category(variable, code) for code in codes], rows)


def trend_chart(r: Result, w, measures: list[str]) -> Chart:
    t = w.t
    frame = r.frames["trend"]
    frame = frame[frame["measure"].isin(measures)].assign(
        label=lambda f: f["cycle"].map(w.cycle_name),
        series=lambda f: f["measure"].map(lambda m: t.plain(f"trend.{m}", threshold=t.number(w.params.age_threshold))))
    title = t.plain("trend.chart", scope=w.scope_name)
    figure = charts.trend_chart(frame, [w.cycle_name(c) for c in r.facts["cycles"]], title, t.plain("axis.share"))
    return Chart(figure, title, t.plain("trend.alt"))
