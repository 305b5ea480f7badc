"""A published distribution of one universe: the candidates (by sex, nomination, party,
occupation, education, age band), the akims by what only press reports give (party, nomination,
occupation), the posts up for election. The records are akims, so candidates and posts are known
from published tables only.

Counts and percentages as published, each share with a Wilson interval where its count and the
total are both published (not of posts: the posts up for election are an administrative
count, no outcome of a process), the coverage of a national table summed from some regions' tables,
its sources, and the change against the baseline round where both tables give counts of the
same regions and the same level of akims. Small counts of a sensitive variable are hidden as
among the akims (`ScopeData.protected`)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat import stats
from akimstat.data.counts import VARIABLES
from akimstat.params import NO_BASELINE
from akimstat.report import charts
from akimstat.report import html as h
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Chart, Result

UNIVERSES = ("candidates", "akims", "posts")


def compute(data: ScopeData, variable: str, universe: str = "candidates") -> Result:
    """Return the published distribution of `variable` among `universe` in this cycle and scope.

    A table of akims or posts of a variable the records hold, in a cycle with records, is shown
    beside the records by the distribution section, not here (no_data, reason 'records')."""
    r = Result(f"{universe}_{variable}", "universe",
               facts={"variable": variable, "universe": universe, "sensitive": data.sensitive(variable)})
    if universe not in UNIVERSES:
        raise ValueError(f"universe must be one of {', '.join(UNIVERSES)}; received {universe!r}")
    if universe != "candidates" and data.has_records() and variable in VARIABLES:
        r.facts["no_data"] = "records"
        return r
    table = data.table(variable, universe=universe)
    if table is None:
        r.facts["no_data"] = "none"
        return r
    prefix, rests = f"{universe}.{variable}", table.rests_on
    r.facts.update(coverage=table.coverage, rests_on=rests, table=table)
    if table.nobs:
        r.add(f"{prefix}.nobs", table.nobs, "count", rests)
    shown = data.protected(variable, universe=universe)["count"].astype(float)
    if r.facts["sensitive"]:
        r.uses("suppression")
    rows = {}
    for code in table.counts.index:
        count = shown.get(code, float("nan"))
        hidden = pd.isna(count) and pd.notna(table.counts.get(code))  # suppressed: its percentage too
        rows[code] = {"count": count, "published_percent": float("nan") if hidden else table.percents.get(code),
                      "share": float("nan")}
        if pd.notna(count):
            r.add(f"{prefix}.{code}.count", count, "count", rests)
        share = table.share(code) if pd.notna(count) or pd.isna(table.counts.get(code)) else None
        if share is None:
            continue
        r.add(f"{prefix}.{code}.share", share, "share", rests)
        rows[code]["share"] = share
        if pd.notna(count) and table.nobs and universe != "posts":  # posts are counted, not drawn
            interval = stats.share_interval(int(count), table.nobs, data.params.alpha)
            r.uses(interval)
            r.add(f"{prefix}.{code}.share.low", interval.low, "share", rests)
            r.add(f"{prefix}.{code}.share.high", interval.high, "share", rests)
            rows[code] |= {"low": interval.low, "high": interval.high}
    r.frames[r.id] = pd.DataFrame.from_dict(rows, orient="index").rename_axis(variable).reset_index()
    add_baseline(r, data, table, prefix)
    r.covering(rests, table.coverage)
    return r


def add_baseline(r: Result, data: ScopeData, table, prefix: str) -> None:
    """Add each share's change against the baseline round: only of the same level of akims, the
    same regions, and counts with their totals in both; else the reason there is none. The two
    rounds' candidates are treated as independent (who stood twice is not published)."""
    base_cycle, variable, universe = data.base_cycle, r.facts["variable"], r.facts["universe"]
    if base_cycle == NO_BASELINE or data.boundary_changed():
        return
    level = data.data.codes.cycles.get("level", pd.Series(dtype=object))
    if level.get(base_cycle) != level.get(data.cycle):
        r.facts["no_baseline"] = "level"
        return
    base = data.table(variable, cycle=base_cycle, universe=universe)
    if base is None:
        return
    if base.coverage != table.coverage:
        r.facts["no_baseline"] = "coverage"
        return
    if r.facts["sensitive"] or not (table.nobs and base.nobs):
        r.facts["no_baseline"] = "counts"
        return
    both = f"{table.rests_on}; {base.rests_on}"
    for code in table.counts.index:
        count, base_count = table.count(code), base.count(code)
        if count is None or base_count is None or f"{prefix}.{code}.count" not in r.values:
            continue
        d = stats.share_difference(count, table.nobs, base_count, base.nobs, data.params.alpha)
        r.uses(d, "independent")
        r.add(f"{prefix}.{code}.share_base", d.share_base.estimate, "share", base.rests_on)
        for key, value in (("change", d.estimate), ("change.low", d.low), ("change.high", d.high)):
            r.add(f"{prefix}.{code}.{key}", value, "points", both)
        r.add(f"{prefix}.{code}.change.pvalue", d.pvalue, "pvalue", both)
        r.facts["compared"] = True


# -- presenting -------------------------------------------------------------------------------
def present(r: Result, w) -> tuple[str, list] | None:
    """Return the title and parts, or None when the data has no such table here."""
    if r.facts.get("no_data"):
        return None
    t, universe, variable = w.t, r.facts["universe"], r.facts["variable"]
    what = t.plain(f"universe.title.{universe}.{variable}")
    parts = [counts_table(r, w, what), h.tag("p", w.sources(r.facts["rests_on"]))]
    if r.facts.get("coverage"):
        parts.append(h.tag("p", w.coverage(r.facts["coverage"])))
    table = r.facts["table"]
    if table.nobs:
        parts.append(h.tag("p", t.text("universe.nobs", nobs=w.fig(r[f"{universe}.{variable}.nobs"]))))
    if r.facts["sensitive"] and r.frames[r.id]["count"].isna().any():
        parts.append(h.note(t.text("suppressed.note", threshold=t.number(w.params.suppression_threshold))))
    reason = r.facts.get("no_baseline")
    if reason:
        parts.append(h.tag("p", t.text(f"universe.no_baseline.{reason}", baseline=w.cycle_name(w.data.base_cycle))))
    elif r.facts.get("compared"):
        parts.append(h.tag("p", t.text("universe.compared", baseline=w.cycle_name(w.data.base_cycle))))
    if any(f"{universe}.{variable}.{code}.share.low" in r.values for code in table.counts.index):
        parts.append(shares_chart(r, w, what))
    return t.text(f"universe.title.{universe}.{variable}"), parts


def label(w, variable: str, code: str) -> str:
    """Return a category's name; an age band's as its years ('35–55')."""
    if variable == "age_band":
        from akimstat.report.sections.age import band_label

        return band_label(code)
    return w.category(variable, code)


def counts_table(r: Result, w, what: str) -> Markup:
    t, universe, variable = w.t, r.facts["universe"], r.facts["variable"]
    prefix, compared = f"{universe}.{variable}", r.facts.get("compared", False)
    header = [t.plain(f"col.{variable}"), t.plain("col.count"), t.plain("col.published_percent"),
              t.plain("col.share"), t.plain("col.interval", level=w.level())]
    if compared:
        header += [t.plain("col.share_base"), t.plain("col.change_points"), "p"]
    rows = []
    for _, row in r.frames[r.id].iterrows():
        code, key = row[variable], f"{prefix}.{row[variable]}"
        if f"{key}.count" in r.values:
            count = w.fig(r[f"{key}.count"])
        else:
            count = t.plain("suppressed") if pd.notna(r.facts["table"].counts.get(code)) else t.plain("not_published")
        percent = row["published_percent"]
        cells = [label(w, variable, code), count,
                 "" if pd.isna(percent) else w.published_percent(f"{percent:g}"),
                 w.fig(r[f"{key}.share"]) if f"{key}.share" in r.values else "",
                 f"{w.fig(r[f'{key}.share.low'])} – {w.fig(r[f'{key}.share.high'])}" if f"{key}.share.low" in r.values
                 else ""]
        if compared:
            cells += ([w.fig(r[f"{key}.share_base"]), w.fig(r[f"{key}.change"]), w.fig(r[f"{key}.change.pvalue"])]
                      if f"{key}.change" in r.values else ["", "", ""])
        rows.append(cells)
    caption = t.text("universe.caption", what=what, scope=w.scope_of(r.facts.get("coverage")), cycle=w.cycle_name())
    return h.table(caption, header, rows)


def shares_chart(r: Result, w, what: str) -> Chart:
    """Bars of the shares that have an interval (a share published without its count has none)."""
    t, universe, variable = w.t, r.facts["universe"], r.facts["variable"]
    rows = []
    for _, row in r.frames[r.id].iterrows():
        key = f"{universe}.{variable}.{row[variable]}.share"
        if f"{key}.low" in r.values:
            rows.append({"label": label(w, variable, row[variable]), "cycle": w.cycle_name(),
                         "share": r[key].value, "low": r[f"{key}.low"].value, "high": r[f"{key}.high"].value})
    title = t.plain("universe.chart", what=what, scope=w.scope_of(r.facts.get("coverage")))
    return Chart(charts.shares_chart(pd.DataFrame(rows), title, t.plain("axis.share")), title,
                 t.plain("distribution.alt"))
