"""The share's regions (national reports): each region against the national share (funnel limits,
Holm-adjusted), their changes against the baseline, and a region against the pool of the
oblasts with data when no complete national figure exists."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from akimstat.report import charts, coverage

from akimstat import stats
from akimstat.report import html as h
from akimstat.report.coverage import Coverage
from akimstat.data.dataset import Dataset
from akimstat.report.scope import ScopeData, counts_of
from akimstat.report.sections import region_changes
from akimstat.report.sections.result import Chart, Result
from markupsafe import Markup
import re


@lru_cache(maxsize=32)


def region_comparison(data: Dataset, threshold: int, cycle: str, variable: str, category: str,
                      alpha: float, hidden: tuple = ()) -> stats.RegionComparison | None:
    """Every region against the nation: the same for every scope, so computed once. Regions
    whose count is suppressed (`hidden`) are left out; the nation's share stays the target.
    None when fewer than three regions are left: too few to compare."""
    regions = [r for r in data.regions_of(cycle) if r not in hidden]
    if len(regions) < 3:
        return None
    count = [int(counts_of(data, threshold, cycle, r, variable).get(category, 0)) for r in regions]
    nobs = [int(counts_of(data, threshold, cycle, r, variable).sum()) for r in regions]
    nation = counts_of(data, threshold, cycle, "national", variable)
    return stats.compare_regions(count, nobs, regions, p0=nation.get(category, 0) / nation.sum(), alpha=alpha)


def regions_of(data: ScopeData, variable: str, category: str) -> stats.RegionComparison | None:
    if not data.has_records():
        return published_regions(data, variable, category)
    hidden = tuple(code for code in data.regions()
                   if pd.isna(data.protected(variable, code).at[category, "count"]))
    return region_comparison(data.data, data.params.age_threshold, data.cycle, variable, category,
                             data.params.alpha, hidden)


def published_regions(data: ScopeData, variable: str, category: str) -> stats.RegionComparison | None:
    """Every region whose published table gives a count and a total, against the pooled share
    of these regions: the funnel centres on the regions it plots, never on a published national
    total that they may contradict or cover only in part. None for fewer than three."""
    rows = {}
    for code in data.regions():
        table = data.table(variable, scope=code)
        shown = data.protected(variable, code).get("count", pd.Series(dtype="Int64")).get(category)
        if table is not None and table.nobs and shown is not None and pd.notna(shown):
            rows[code] = (int(shown), table.nobs)
    if len(rows) < 3:
        return None
    count, nobs = zip(*rows.values())
    return stats.compare_regions(list(count), list(nobs), list(rows), alpha=data.params.alpha, p0=None)


def regions_rest_on(data: ScopeData, variable: str) -> str:
    """Return what the comparison of the regions rests on: this cycle's records, else the
    sources of the regions' published tables (never 'records' for a cycle without any)."""
    if data.has_records():
        return data.rests_on()
    found = (data.table(variable, scope=code) for code in data.regions())
    sources = {s for t in found if t is not None for s in t.rests_on.removeprefix("published: ").split(", ")}
    return f"published: {', '.join(sorted(sources))}"


def add_regions(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add every region's share and the funnel plot's data (national reports). No ranking."""
    comparison = regions_of(data, variable, category)
    if comparison is None:
        r.facts["regions_suppressed"] = True
        return
    table, rests = comparison.table, regions_rest_on(data, variable)
    r.uses(comparison)
    for code, row in table.iterrows():
        r.add(f"region.{code}.{name}.share", row["share"], "share", rests)
    od = comparison.overdispersion
    r.add(f"{name}.overdispersion.phi", od.phi, "number", rests)
    r.add(f"{name}.overdispersion.pvalue", od.pvalue, "pvalue", rests)
    r.frames[f"{name}_by_region"] = table.rename_axis("region").reset_index()
    grid = sorted(set(range(20, int(table["nobs"].max() * 1.15), 2)))
    r.facts["funnel"] = comparison, stats.funnel_limits(
        comparison.p0, grid, comparison.levels,
        phi=od.phi if comparison.adjustment == "multiplicative" else 1.0,
        tau2=od.tau2 if comparison.adjustment == "additive" else 0.0)


def add_region_changes(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add each region's change of the share against the baseline records (allowing for the
    people each region kept), in code-list order, and whether the changes can be told apart:
    regions are ordered only where Holm-adjusted pairs say so, never ranked by their estimates."""
    changes = region_changes.of_scope(data, variable, category)  # with Holm's p over every region
    if changes.empty:
        return
    both = f"{data.rests_on()}; {data.rests_on(data.base_cycle)}"
    for code, row in changes.iterrows():
        r.add(f"region.{code}.{name}.change", row["change"], "points", both)
    alike = stats.compare_changes(changes["change"], changes["se"], list(changes.index), data.params.alpha)
    r.facts["changes_compared"] = alike
    r.uses("overlap_z", "holm_region", alike)  # each region's change allows for the people it kept
    r.add(f"{name}.changes.statistic", alike.statistic, "number", both)
    r.add(f"{name}.changes.df", alike.df, "count", both)
    r.add(f"{name}.changes.pvalue", alike.pvalue, "pvalue", both)
    r.frames[f"{name}_change_by_region"] = changes[["share", "share_base", "change", "low", "high", "pvalue",
                                                    "pvalue_holm"]].rename_axis("region").reset_index()


def pooled(data: ScopeData, variable: str, category: str) -> bool:
    """Return whether a region is compared with the pooled share of the regions given, not
    with the nation's: a cycle without records and without a complete national table."""
    if data.has_records():
        return False
    nation = data.table(variable, scope="national")
    return not (nation is not None and nation.coverage is None and nation.share(category) is not None)


def add_versus_nation(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add the nation's share and where this region lies on the funnel plot."""
    comparison = regions_of(data, variable, category)
    if comparison is None:
        return
    row = comparison.table.loc[data.scope]
    # The conclusion follows the p-value adjusted for every region (Holm), as the national
    # report's table does; the funnel's 95% flag alone would be one test of many.
    flag = row["flag_95"] if row["pvalue_holm"] < data.params.alpha else "within"
    r.facts["flag"] = flag
    r.uses(comparison)
    rests = regions_rest_on(data, variable)
    pool = pooled(data, variable, category)
    r.facts["pooled"] = comparison.table.index.tolist() if pool else None
    regions = Coverage(tuple(comparison.table.index), len(data.data.regions_existing(data.cycle))) if pool else None
    r.add(f"nation.{name}.share", comparison.p0, "share", rests, regions)
    r.add(f"{name}.versus_nation.pvalue", row["pvalue"], "pvalue", rests)
    r.add(f"{name}.versus_nation.pvalue_holm", row["pvalue_holm"], "pvalue", rests)
    r.add("regions.compared", len(comparison.table), "count", rests)


def regions_parts(r: Result, w) -> list:
    """The funnel plot and table of regions (national), or the region against the nation."""
    t, name = w.t, r.id
    if "flag" in r.facts:
        pool = r.facts.get("pooled")
        key = f"versus_nation.{r.facts['flag']}" + (".pooled" if pool else "")
        names = ", ".join(coverage.short_region(t, code) for code in pool or ())
        return [h.tag("p", w.modelled(r, t.text(key, share=w.fig(r[f"{name}.share"]), names=names,
                                  national=w.fig(r[f"nation.{name}.share"]),
                                  p=w.fig(r[f"{name}.versus_nation.pvalue"]), regions=w.fig(r["regions.compared"]),
                                  p_holm=w.fig(r[f"{name}.versus_nation.pvalue_holm"]))))]
    if r.facts.get("regions_suppressed"):
        return [h.tag("p", t.text("regions.suppressed"))]
    if "funnel" not in r.facts:
        return []
    comparison, limits = r.facts["funnel"]
    table, od = comparison.table, comparison.overdispersion
    level_names = {lv: t.plain("funnel.limit", level=t.number(lv * 100, 1 if lv * 100 % 1 else 0))
                   for lv in comparison.levels}
    title = t.plain(f"{name}.funnel_title")
    figure = charts.funnel_chart(table.assign(label=[short_name(t, c) for c in table.index]), limits,
                                 comparison.p0, title, t.plain("axis.akims"), t.plain("axis.share"), level_names)
    widened = comparison.adjustment != "none"  # then each region against the plain limits too
    header = [t.plain("col.region"), t.plain("col.akims"), t.plain("col.share"), t.plain("col.funnel_95"),
              *([t.plain("col.funnel_95_plain")] if widened else []), t.plain("col.p_holm"), t.plain("col.p_bh")]
    rows = [[t.name("region", code), t.number(row["nobs"]), w.fig(r[f"region.{code}.{name}.share"]),
             t.plain(f"flag.{row['flag_95']}"), *([t.plain(f"flag.{row['flag_plain_95']}")] if widened else []),
             t.pvalue(row["pvalue_holm"]), t.pvalue(row["pvalue_bh"])]
            for code, row in table.loc[t.sorted_names("region", table.index)].iterrows()]
    key = "overdispersion.applied" if comparison.adjustment != "none" else "overdispersion.none"
    parts = [Chart(figure, title, t.plain("funnel.alt")),
             h.tag("p", t.text(key, phi=w.fig(r[f"{name}.overdispersion.phi"], 2),
                               p=w.fig(r[f"{name}.overdispersion.pvalue"]),
                               method=t.plain(f"adjustment.{comparison.adjustment}"))),
             h.table(t.text(f"{name}.regions_caption"), header, rows)]
    return parts + change_parts(r, w)


def change_parts(r: Result, w) -> list:
    """Whether the regions' changes can be told apart, and the chart of every region's change
    (with its table, in list order)."""
    if "changes_compared" not in r.facts:
        return []
    t, name, alike = w.t, r.id, r.facts["changes_compared"]
    changes = r.frames[f"{name}_change_by_region"].set_index("region")
    changes = changes.loc[t.sorted_names("region", changes.index)]
    frame = changes.assign(label=[t.name("region", c) for c in changes.index])
    title = t.plain(f"{name}.change_chart", baseline=w.cycle_name(w.data.base_cycle))
    header = [t.plain("col.region"), t.plain("col.change_points"), t.plain("col.interval_unadjusted", level=w.level()),
              t.plain("col.p_holm")]
    rows = [[row["label"], w.fig(r[f"region.{code}.{name}.change"]), f"{t.points(row['low'])} – {t.points(row['high'])}",
             t.pvalue(row["pvalue_holm"])] for code, row in frame.iterrows()]
    test = dict(statistic=w.fig(r[f"{name}.changes.statistic"], 1), df=w.fig(r[f"{name}.changes.df"]),
                p=w.fig(r[f"{name}.changes.pvalue"]))
    said = [region_changes.zero_sentence(changes, w),
            t.text("changes.alike" if not alike.distinguishable else "changes.differ", **test)]
    if alike.distinguishable:
        pairs = "; ".join(t.plain("changes.pair", higher=t.name("region", a), lower=t.name("region", b))
                          for a, b in alike.ordered_pairs)
        said.append(t.text("changes.pairs", pairs=pairs) if pairs else t.text("changes.no_pairs"))
    return [h.tag("p", w.modelled(r, Markup(" ").join(said))),
            Chart(charts.change_chart(frame, title, t.plain("axis.points")), title, t.plain(f"{name}.change_alt"),
                  h.table(title, header, rows), t.plain("chart.data"))]


def short_name(t, code: str) -> str:
    """Return a region's name for a chart label: without the word for oblast ("Ақмола",
    "Акмолинская", "Akmola"), in the report's language."""
    name = t.name("region", code)
    return re.sub(r"^Область |( облысы| область| Region)$", "", name)
