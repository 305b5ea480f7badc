"""The trend across every cycle in the data up to this one, for this scope: shares (women,
under the age threshold) with their intervals where counts are known, and the mean age, each
saying what it rests on, with the changes of election type or coverage between cycles named."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup, escape

from akimstat.report import charts, coverage

from akimstat import stats
from akimstat.report import html as h
from akimstat.params import NATIONAL
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Chart, Result


def compute(data: ScopeData, shares=(), distributions=()) -> Result | None:
    """Return each (name, variable, category[, universe]) share of `shares` (a universe of
    published tables, candidates, beside the akims), the mean age, and the share of
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
    frame = pd.DataFrame(rows, columns=["cycle", "measure", "value", "low", "high", "rests_on", "covers"])
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
        r.add(key, row.value, unit, row.rests_on, row.covers)
        if not math.isnan(row.low):
            r.add(f"{key}.low", row.low, unit, row.rests_on, row.covers)
            r.add(f"{key}.high", row.high, unit, row.rests_on, row.covers)
    if frame["low"].notna().any():  # a mean age alone needs no method
        r.uses("wilson")
    frame = with_basis(data, frame)
    r.facts["basis"] = frame
    r.frames["trend"] = frame.drop(columns="covers")
    r.facts["changes"] = _changes(data, r.facts["cycles"], frame)
    return r


def with_basis(data: ScopeData, frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with what each row rests on as columns: its status (synthetic, official,
    published) and coverage (national, region or partial; the regions summed, of how many)."""
    status = [coverage.status(row.rests_on, data.data.status_of(row.cycle)) for row in frame.itertuples()]
    covers = pd.DataFrame([coverage.columns("", data.scope, row.covers, NATIONAL) for row in frame.itertuples()],
                          index=frame.index, columns=["coverage", "regions_covered", "regions_of"])
    covers["regions_covered"] = covers["regions_covered"].replace("", None)  # none to name: not applicable
    return frame.assign(status=status).join(covers).astype({"regions_of": "Int64"})


def _rows(data: ScopeData, cycle: str, shares) -> list[tuple]:
    rows = []
    for name, variable, category, *universe in shares:  # a fourth item: candidates (akims by default)
        table = data.table(variable, cycle, universe=universe[0] if universe else "akims")
        if table is None or table.share(category) is None:
            continue
        shown = table.count(category)
        if data.sensitive(variable) and shown is not None and 0 < shown < data.params.suppression_threshold:
            continue
        low = high = math.nan
        if shown is not None and table.nobs:
            interval = stats.share_interval(shown, table.nobs, data.params.alpha)
            low, high = interval.low, interval.high
        rows.append((cycle, name, table.share(category), low, high, table.rests_on, table.coverage))
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
    rows = []
    for category in dict.fromkeys([*table.counts.index, *table.percents.index]):
        share = table.share(category)
        if share is None:
            continue
        low = high = math.nan
        if table.count(category) is not None and table.nobs:
            interval = stats.share_interval(table.count(category), table.nobs, data.params.alpha)
            low, high = interval.low, interval.high
        rows.append((cycle, f"{variable}.{category}", share, low, high, table.rests_on, table.coverage))
    return rows


def _mean_age(data: ScopeData, cycle: str) -> tuple | None:
    """Return (mean, low, high, rests_on, coverage) of age: records, else as published (a
    figure of this scope: no coverage of its own)."""
    if data.has_records(cycle):
        records = data.records_of(cycle)
        if records.empty:
            return None
        s = stats.age_summary(records["age"], data.params.age_threshold, data.params.alpha)
        return s.mean, math.nan, math.nan, data.rests_on(cycle), None
    found = data.published_figure("mean_age", cycle)
    return None if found is None else (found[0], math.nan, math.nan, f"published: {found[1]}", None)


def _election_type(data: ScopeData, cycle: str) -> str:
    """How the akims of `cycle` came to office (appointed, indirect, direct), '' if not given."""
    attributes = data.data.codes.cycles
    return str(attributes.at[cycle, "election_type"]) if "election_type" in attributes else ""


def _counted(data: ScopeData, cycle: str) -> str:
    """What `cycle` counts (the akims elected in a round, or the whole corps), '' if not given."""
    attributes = data.data.codes.cycles
    return str(attributes.at[cycle, "counted"]) if "counted" in attributes else ""


def _changes(data: ScopeData, cycles: list[str], frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Return (cycle, what changed) between consecutive cycles: the election type, or the
    coverage of a national figure (all regions, or some)."""
    attributes = data.data.codes.cycles
    changes = []
    for before, after in zip(cycles, cycles[1:]):
        for column in ("election_type", "counted"):
            if column in attributes and str(attributes.at[before, column]) != str(attributes.at[after, column]):
                changes.append((after, column))
        covered = frame.groupby("cycle")["regions_covered"].agg(lambda c: tuple(sorted(set(c.fillna("")))))
        if covered.get(before) != covered.get(after):
            changes.append((after, "coverage"))
    return changes


def marks(r: Result, w) -> dict[str, tuple[str, str]]:
    """Return each trend figure's mark (a, b, ...) and what it stands for: the basis (synthetic
    records, published tables, register records) and what the figure covers, the same mark for
    the same basis and coverage, in the order they first appear."""
    frame, t, found, letters = r.facts["basis"], w.t, {}, {}
    alphabet = t.plain("trend.mark_letters")  # the language's own letters: no Latin in kk and ru
    for row in frame.itertuples():
        said = f"{t.plain(f'basis.{_basis(row.status)}')}, {w.scope_of(row.covers)}"
        letters.setdefault(said, alphabet[len(letters) % len(alphabet)])
        found[f"trend.{row.measure}.{row.cycle}"] = (letters[said], said)
    return found


def _cell(r: Result, w, key: str, mark: dict, decimals: int) -> Markup:
    """A trend cell: the figure with its mark, or 'not published'."""
    if key not in r.values:
        return w.t.plain("not_published")
    return Markup(escape(w.fig(r[key], decimals))) + Markup("&#8239;") + h.tag("sup", mark[key][0])


def present(r: Result, w) -> tuple[str, list]:
    t, cycles, measures = w.t, r.facts["cycles"], r.facts["measures"]
    mark = marks(r, w)
    header = [t.plain("col.cycle")] + [t.plain(f"trend.{m}", threshold=t.number(w.params.age_threshold))
                                       for m in measures]
    rows = [[w.cycle_name(cycle)] + [_cell(r, w, f"trend.{m}.{cycle}", mark, w.decimals_of(r[f"trend.{m}.{cycle}"], 1)
                                           if f"trend.{m}.{cycle}" in r.values else 1) for m in measures]
            for cycle in cycles]
    parts = [h.table(_caption(w, "trend.caption", r.facts["basis"]), header, rows)] if measures else []
    parts += [distribution_table(r, w, variable, codes, mark) for variable, codes in r.facts["distributions"].items()]
    said = [t.text("trend.marks", marks=Markup("; ").join(
        Markup(f"{escape(letter)}: ") + said for letter, said in dict(mark.values()).items()))]
    said += [t.text(f"trend.changed.{what}", cycle=w.cycle_name(cycle)) for cycle, what in r.facts["changes"]]
    said.append(t.text("trend.rests_on", sources=Markup("; ").join(w.rests_on(s) for s in _bases(r))))
    parts.append(h.tag("p", Markup(" ").join(said)))
    shares = [m for m in measures if m != "age.mean"]
    if shares:
        parts.append(trend_chart(r, w, shares, mark))
    return t.text("trend.title"), parts


def _bases(r: Result) -> list[str]:
    """What the trend's values rest on, each once: every published source by itself (a pooled
    figure and a one-oblast one name the same paper once), then records."""
    found = set()
    for value in r.values.values():
        for part in value.rests_on.split("; "):
            found |= ({f"published: {s}" for s in part.removeprefix("published: ").split(", ")}
                      if part.startswith("published: ") else {part})
    return sorted(found)


def _basis(status: str) -> str:
    """The basis a mark names for a status: synthetic records, published tables, or a register."""
    return status if status in ("synthetic", "published") else "records"


def _caption(w, key: str, basis: pd.DataFrame, **words) -> str:
    """The caption `key` with the report's scope when every figure rests on one basis and
    covers the whole scope (no figure of some oblasts), else the marked form."""
    single = basis["status"].map(_basis).nunique() == 1 and basis["coverage"].ne("partial").all()
    return w.t.text(key, scope=w.scope_name, **words) if single else w.t.text(f"{key}.marked", **words)


def distribution_table(r: Result, w, variable: str, codes: list[str], mark: dict) -> Markup:
    """The share of each category of `variable` (columns) in every cycle (rows), each marked."""
    t = w.t
    rows = [[w.cycle_name(cycle)] + [_cell(r, w, f"trend.{variable}.{code}.{cycle}", mark, 1) for code in codes]
            for cycle in r.facts["cycles"]]
    return h.table(_caption(w, "trend.distribution", r.facts["basis"], what=t.plain(f"title.{variable}")),
                   [t.plain("col.cycle")] + [w.category(variable, code) for code in codes], rows)


def trend_chart(r: Result, w, measures: list[str], mark: dict) -> Chart:
    """Lines across cycles, broken where a figure's basis or coverage changes (its mark), with
    hollow points for synthetic records and each point's mark beside it."""
    t = w.t
    frame = r.facts["basis"]
    frame = frame[frame["measure"].isin(measures)].assign(
        label=lambda f: f["cycle"].map(w.cycle_name),
        series=lambda f: f["measure"].map(lambda m: t.plain(f"trend.{m}", threshold=t.number(w.params.age_threshold))),
        mark=lambda f: [mark[f"trend.{m}.{c}"][0] for m, c in zip(f["measure"], f["cycle"])],
        segment=lambda f: f["mark"] + " " + f["cycle"].map(lambda c: _election_type(w.data, c))
        + " " + f["cycle"].map(lambda c: _counted(w.data, c)),  # a corps is not joined to a round
        hollow=lambda f: f["status"] == "synthetic")
    title = _caption(w, "trend.chart", r.facts["basis"])
    figure = charts.trend_chart(frame.drop(columns="covers"), [w.cycle_name(c) for c in r.facts["cycles"]], title,
                                t.plain("axis.share"))
    return Chart(figure, title, t.plain("trend.alt"))
