"""The share of one category (women; akims under the age threshold): now, against the
baseline, and across regions (a funnel plot nationally; the region against the nation in a
regional report). Used on its own (`share`) and inside the age section."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from markupsafe import Markup

from akimstat import charts, stats
from akimstat import html as h
from akimstat.dataset import Dataset
from akimstat.scope import ScopeData, counts_of
from akimstat.sections.result import Chart, Result


@dataclass(frozen=True)
class Baseline:
    """The baseline share a current share is compared with, and where it came from.

    `origin` is "published" (count and total as published), "published-assumed-nobs" (the
    count or share is published, the total is the `baseline_nobs` parameter) or "records".
    """

    count: int
    nobs: int
    origin: str
    rests_on: str


def published_category(data: ScopeData, variable: str, category: str) -> str:
    """Return the category a published table uses: a share under an age threshold is
    published for one threshold ('under_55'), so only that threshold's table applies."""
    return f"under_{data.params.age_threshold}" if variable == "age_under" else category


def baseline_of(data: ScopeData, variable: str, category: str) -> Baseline | None:
    """Return the baseline of one share: published where a source gives it (for the same age
    threshold), else from the baseline's records; None when neither exists."""
    rows = data.published_rows(variable, cycle=data.base_cycle)
    rows = rows[rows["category"] == published_category(data, variable, category)]
    if not rows.empty:
        row = rows.iloc[0]
        nobs = data.params.baseline_nobs if pd.isna(row["nobs"]) else int(row["nobs"])
        if pd.notna(row["count"]):
            count = int(row["count"])
        else:  # only a share is published: the count it implies at the assumed total
            count = int(stats.parse_percent(row["percent"])[0] * nobs / 100 + 0.5)
        origin = "published" if pd.notna(row["nobs"]) else "published-assumed-nobs"
        return Baseline(count, nobs, origin, f"published: {row['source']}")
    base = data.distribution(variable, data.base_cycle) if data.has_base_records() else None
    if base is None or base.sum() == 0:
        return None
    return Baseline(int(base.get(category, 0)), int(base.sum()), "records", data.rests_on(data.base_cycle))


def compute(data: ScopeData, variable: str, category: str, name: str, changes_by_region: bool = False) -> Result:
    """Return the share of `category` of `variable`: count, share and interval; the change
    against the baseline; and the regions (national) or the nation (regional)."""
    r = Result(name, "share", facts={"variable": variable, "category": category})
    counts = data.protected(variable)
    nobs, rests = int(data.distribution(variable).sum()), data.rests_on()
    r.add("akims", nobs, "count", rests)
    if pd.isna(counts.at[category, "count"]):
        r.facts["suppressed"] = True
        return r
    add_share(r, name, int(counts.at[category, "count"]), nobs, data.params.alpha, rests)
    add_comparison(r, data, variable, category, name)
    if data.national:
        add_regions(r, data, variable, category, name)
        if changes_by_region and data.has_base_records():
            add_region_changes(r, data, variable, category, name)
    else:
        add_versus_nation(r, data, variable, category, name)
    return r


def add_share(r: Result, name: str, count: int, nobs: int, alpha: float, rests: str) -> None:
    share = stats.share_interval(count, nobs, alpha)
    r.add(f"{name}.count", count, "count", rests)
    r.add(f"{name}.share", share.estimate, "share", rests)
    r.add(f"{name}.share.low", share.low, "share", rests)
    r.add(f"{name}.share.high", share.high, "share", rests)


def add_comparison(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add the baseline and the change of the share, or the reason there is none."""
    base = baseline_of(data, variable, category)
    if base is None:
        published = data.published_rows(variable, cycle=data.base_cycle)
        r.facts["no_baseline"] = "threshold" if variable == "age_under" and not published.empty else "none"
        return
    count = data.distribution(variable)
    d = stats.share_difference(int(count.get(category, 0)), int(count.sum()), base.count, base.nobs,
                               data.params.alpha)
    both = f"{data.rests_on()}; {base.rests_on}"
    r.facts["baseline"] = base
    r.add(f"{name}.base.count", base.count, "count", base.rests_on)
    r.add(f"{name}.base.share", d.share_base.estimate, "share", base.rests_on)
    r.add(f"{name}.change.count", d.count_change, "count", both)
    for key, value in (("change", d.estimate), ("change.low", d.low), ("change.high", d.high)):
        r.add(f"{name}.{key}", value, "points", both)
    r.add(f"{name}.change.pvalue", d.pvalue, "pvalue", both)
    if base.origin == "published-assumed-nobs":
        r.add("baseline.nobs", base.nobs, "count", "parameter")


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
    hidden = tuple(code for code in data.regions()
                   if pd.isna(data.protected(variable, code).at[category, "count"]))
    return region_comparison(data.data, data.params.age_threshold, data.cycle, variable, category,
                             data.params.alpha, hidden)


def add_regions(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add every region's share and the funnel plot's data (national reports). No ranking."""
    comparison = regions_of(data, variable, category)
    if comparison is None:
        r.facts["regions_suppressed"] = True
        return
    table = comparison.table
    for code, row in table.iterrows():
        r.add(f"region.{code}.{name}.share", row["share"], "share", data.rests_on())
    od = comparison.overdispersion
    r.add(f"{name}.overdispersion.phi", od.phi, "number", data.rests_on())
    r.add(f"{name}.overdispersion.pvalue", od.pvalue, "pvalue", data.rests_on())
    r.frames[f"{name}_by_region"] = table.rename_axis("region").reset_index()
    grid = sorted(set(range(20, int(table["nobs"].max() * 1.15), 2)))
    r.facts["funnel"] = comparison, stats.funnel_limits(
        comparison.p0, grid, comparison.levels,
        phi=od.phi if comparison.adjustment == "multiplicative" else 1.0,
        tau2=od.tau2 if comparison.adjustment == "additive" else 0.0)


def add_region_changes(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add each region's change of the share against the baseline records."""
    rows = {}
    for region in data.regions():
        now = data.distribution(variable, scope=region)
        before = data.distribution(variable, data.base_cycle, scope=region)
        if before.sum() == 0 or pd.isna(data.protected(variable, region).at[category, "count"]):
            continue
        d = stats.share_difference(int(now.get(category, 0)), int(now.sum()), int(before.get(category, 0)),
                                   int(before.sum()), data.params.alpha)
        rows[region] = {"share": d.share.estimate, "share_base": d.share_base.estimate,
                        "change": d.estimate, "low": d.low, "high": d.high, "pvalue": d.pvalue}
    changes = pd.DataFrame.from_dict(rows, orient="index")
    if changes.empty:
        return
    both = f"{data.rests_on()}; {data.rests_on(data.base_cycle)}"
    grew = changes[changes["change"] > 0].sort_values("change", ascending=False).head(3)
    for code, row in grew.iterrows():
        r.add(f"region.{code}.{name}.change", row["change"], "points", both)
    r.facts["grew_most"] = list(grew.index)
    r.frames[f"{name}_change_by_region"] = changes.rename_axis("region").reset_index()


def add_versus_nation(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add the nation's share and where this region lies on the funnel plot."""
    comparison = regions_of(data, variable, category)
    if comparison is None:
        return
    row = comparison.table.loc[data.scope]
    r.facts["flag"] = row["flag_95"]
    r.add(f"nation.{name}.share", comparison.p0, "share", data.rests_on())
    r.add(f"{name}.versus_nation.pvalue", row["pvalue"], "pvalue", data.rests_on())


# -- presenting -------------------------------------------------------------------------------
def present(r: Result, w) -> tuple[str, list]:
    """Return the section's title and parts in the writer's language."""
    return w.t.text(f"{r.id}.title"), [h.tag("p", Markup(" ").join(sentences(r, w))), *regions_parts(r, w)]


def sentences(r: Result, w) -> list:
    """Sentences on the share and its change against the baseline."""
    t, name, threshold = w.t, r.id, w.t.number(w.params.age_threshold)
    if r.facts.get("suppressed"):
        return [t.text("share.suppressed", threshold=t.number(w.params.suppression_threshold))]
    parts = [t.text(f"{name}.now", count=w.fig(r[f"{name}.count"]), nobs=w.fig(r["akims"]),
                    share=w.fig(r[f"{name}.share"]), interval=w.interval(r, f"{name}.share"),
                    threshold=threshold)]
    if "no_baseline" in r.facts:
        if r.facts["no_baseline"] == "threshold":
            parts.append(t.text("baseline.other_threshold", baseline=w.cycle_name(w.data.base_cycle),
                                threshold=threshold))
        return parts
    base = r.facts["baseline"]
    parts.append(t.text(f"{name}.before", baseline=w.cycle_name(w.data.base_cycle),
                        count=w.fig(r[f"{name}.base.count"]), share=w.fig(r[f"{name}.base.share"]),
                        difference=w.fig(r[f"{name}.change.count"]), threshold=threshold))
    parts.append(w.change(r, name))
    if base.origin == "published-assumed-nobs":
        parts.append(t.text("baseline.assumed", nobs=w.fig(r["baseline.nobs"])))
    elif base.origin == "published":
        parts.append(t.text("baseline.published"))
    return parts


def regions_parts(r: Result, w) -> list:
    """The funnel plot and table of regions (national), or the region against the nation."""
    t, name = w.t, r.id
    if "flag" in r.facts:
        return [h.tag("p", t.text(f"versus_nation.{r.facts['flag']}", share=w.fig(r[f"{name}.share"]),
                                  national=w.fig(r[f"nation.{name}.share"]),
                                  p=w.fig(r[f"{name}.versus_nation.pvalue"])))]
    if r.facts.get("regions_suppressed"):
        return [h.tag("p", t.text("regions.suppressed"))]
    if "funnel" not in r.facts:
        return []
    comparison, limits = r.facts["funnel"]
    table, od = comparison.table, comparison.overdispersion
    level_names = {lv: t.plain("funnel.limit", level=t.number(lv * 100, 1 if lv * 100 % 1 else 0))
                   for lv in comparison.levels}
    title = t.plain(f"{name}.funnel_title")
    figure = charts.funnel_chart(table.assign(label=[c.replace("KZ-", "") for c in table.index]), limits,
                                 comparison.p0, title, t.plain("axis.akims"), t.plain("axis.share"), level_names)
    header = [t.plain("col.region"), t.plain("col.akims"), t.plain("col.share"),
              t.plain("col.funnel_95"), t.plain("col.p_holm"), t.plain("col.p_bh")]
    rows = [[t.name("region", code), t.number(row["nobs"]), w.fig(r[f"region.{code}.{name}.share"]),
             t.plain(f"flag.{row['flag_95']}"), t.pvalue(row["pvalue_holm"]), t.pvalue(row["pvalue_bh"])]
            for code, row in table.iterrows()]
    key = "overdispersion.applied" if comparison.adjustment != "none" else "overdispersion.none"
    parts = [Chart(figure, title, t.plain("funnel.alt")),
             h.tag("p", t.text(key, phi=w.fig(r[f"{name}.overdispersion.phi"], 2),
                               p=w.fig(r[f"{name}.overdispersion.pvalue"]),
                               method=t.plain(f"adjustment.{comparison.adjustment}"))),
             h.table(t.text(f"{name}.regions_caption"), header, rows)]
    return parts + change_parts(r, w)


def change_parts(r: Result, w) -> list:
    """The regions where the share grew most, and the chart of every region's change."""
    if "grew_most" not in r.facts:
        return []
    t, name = w.t, r.id
    grew = ", ".join(f"{t.name('region', code)} ({w.fig(r[f'region.{code}.{name}.change'])})"
                     for code in r.facts["grew_most"])
    changes = r.frames[f"{name}_change_by_region"].set_index("region")
    frame = changes.assign(label=[t.name("region", c) for c in changes.index])
    title = t.plain(f"{name}.change_chart", baseline=w.cycle_name(w.data.base_cycle))
    header = [t.plain("col.region"), t.plain("col.change_points"), t.plain("col.interval", level=w.level())]
    rows = [[row["label"], t.points(row["change"]), f"{t.points(row['low'])} – {t.points(row['high'])}"]
            for _, row in frame.iterrows()]
    return [h.tag("p", t.text(f"{name}.grew_most", regions=grew)),
            Chart(charts.change_chart(frame, title, t.plain("axis.points")), title, t.plain(f"{name}.change_alt"),
                  h.table(title, header, rows), t.plain("chart.data"))]
