"""The share of one category (women; akims under the age threshold): now, against the
baseline, and across regions (a funnel plot nationally; the region against the nation in a
regional report). Used on its own (`share`) and inside the age section."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup


from akimstat import stats
from akimstat.report import html as h
from akimstat.report.scope import NO_BASELINE, ScopeData
from akimstat.report.sections import conclusion, region_changes
from akimstat.report.sections.result import Result
from akimstat.report.sections.share_regions import add_region_changes, add_regions, add_versus_nation, regions_parts


@dataclass(frozen=True)
class Baseline:
    """The baseline share a current share is compared with, and where it came from.

    `origin` is "published" (count and total as published), "published-assumed-nobs" (the
    count or share is published, the total is assumed: the base cycle's published number of
    akims elected, else the `baseline_nobs` parameter), "published-share" (a share alone, of a
    corps of unknown size) or "records". `coverage` is that of a baseline summed from regions.
    """

    count: int | None
    nobs: int | None
    share: float
    origin: str
    rests_on: str
    coverage: tuple[int, int] | None = None
    nobs_rests_on: str = ""


def baseline_of(data: ScopeData, variable: str, category: str) -> Baseline | None:
    """Return the baseline of one share: published where a source gives it (for the same age
    threshold), else from the baseline's records or published tables; None when none exists."""
    if data.base_cycle == NO_BASELINE or data.unlike_baseline:
        return None
    if data.has_base_records():  # records come first, as for the cycle itself
        table = data.base_table(variable)
        if table is not None and table.share(category) is not None:
            return Baseline(table.count(category), table.nobs, table.share(category), "records", table.rests_on)
    published = data.published_table(variable, data.base_cycle, data.scope)
    if published is not None and published.share(category) is not None:
        return _published_baseline(data, published, category)
    table = data.base_table(variable)
    if table is None or table.share(category) is None:
        return None
    if table.from_records:
        return Baseline(table.count(category), table.nobs, table.share(category), "records", table.rests_on)
    count = table.count(category)
    origin = "published" if count is not None and table.nobs else "published-share"
    return Baseline(count, table.nobs, table.share(category), origin, table.rests_on, table.coverage)


def _published_baseline(data: ScopeData, table, category: str) -> Baseline:
    nobs, origin, nobs_rests_on = table.nobs, "published", table.rests_on
    if nobs is None:
        elected = data.published_figure("elected", data.base_cycle)
        nobs, origin = (int(elected[0]) if elected else data.params.baseline_nobs), "published-assumed-nobs"
        nobs_rests_on = f"published: {elected[1]}" if elected else "parameter"
    count = table.count(category)
    if count is None:  # only a share is published: a reference share, not a count
        return Baseline(None, table.nobs, table.share(category), "published-share", table.rests_on)
    return Baseline(count, nobs, count / nobs, origin, table.rests_on, nobs_rests_on=nobs_rests_on)


def compute(data: ScopeData, variable: str, category: str, name: str, changes_by_region: bool = False) -> Result:
    """Return the share of `category` of `variable`: count, share and interval; the change
    against the baseline; and the regions (national) or the nation (regional). A cycle known
    from a published share alone gets the share as published, and no interval."""
    r = Result(name, "share", facts={"variable": variable, "category": category})
    table = data.table(variable)
    if table is None or table.share(category) is None:
        r.facts["no_data"] = True
        return r
    r.facts["coverage"] = table.coverage
    if table.nobs:
        # The akims of the scope; of the regions summed, when the table covers only some.
        r.facts["nobs_key"] = "akims" if table.coverage is None else f"{name}.nobs"
        r.add(r.facts["nobs_key"], table.nobs, "count", table.rests_on)
    count = data.protected(variable).get("count", pd.Series(dtype="Int64")).get(category)
    if table.count(category) is not None and (count is None or pd.isna(count)):
        r.facts["suppressed"] = True
        return r
    if table.count(category) is not None and table.nobs:
        add_share(r, name, int(count), table.nobs, data.params.alpha, table.rests_on)
    else:
        r.add(f"{name}.share", table.share(category), "share", table.rests_on)
    add_comparison(r, data, variable, category, name, table)
    if data.national:
        add_regions(r, data, variable, category, name)
        if changes_by_region and data.has_base_records() and data.has_records():
            add_region_changes(r, data, variable, category, name)
    else:
        add_versus_nation(r, data, variable, category, name)
        if f"{name}.change.pvalue" in r.values and linked(data):
            region_changes.add_holm_change(r, data, variable, category, name)
        if f"{name}.entrants_vs_leavers.pvalue" in r.values:
            region_changes.add_holm_entrants(r, data, region_changes.of_scope(data, variable, category),
                                             f"{name}.entrants_vs_leavers.pvalue")
    r.covering(table.rests_on, table.coverage)
    return r


def add_share(r: Result, name: str, count: int, nobs: int, alpha: float, rests: str) -> None:
    share = stats.share_interval(count, nobs, alpha)
    r.uses(share)
    r.add(f"{name}.count", count, "count", rests)
    r.add(f"{name}.share", share.estimate, "share", rests)
    r.add(f"{name}.share.low", share.low, "share", rests)
    r.add(f"{name}.share.high", share.high, "share", rests)


def add_comparison(r: Result, data: ScopeData, variable: str, category: str, name: str, table) -> None:
    """Add the baseline and the change of the share, or the reason there is none: no baseline,
    or one whose coverage differs (a sum of some regions is not the whole nation), a region
    whose boundaries changed in between, or a baseline that counts something else (a corps
    against the akims elected in one round)."""
    if data.boundary_changed() or data.unlike_baseline:
        r.facts["no_baseline"] = "unlike" if data.unlike_baseline else "boundary"
        return
    base = baseline_of(data, variable, category)
    if base is None:
        published = data.published_rows(variable, cycle=data.base_cycle)
        r.facts["no_baseline"] = ("threshold" if variable == "age_under" and not published.empty
                                  else "synthetic" if data.synthetic_baseline_refused else "none")
        return
    r.facts["baseline"] = base
    if base.coverage != table.coverage:
        r.facts["no_baseline"] = "coverage"
        return
    both = f"{table.rests_on}; {base.rests_on}"
    r.add(f"{name}.base.share", base.share, "share", base.rests_on)
    if base.count is None and f"{name}.count" in r.values and table.nobs:
        return add_reference_change(r, data, name, table.count(category), table.nobs, base, both)
    if base.count is None or f"{name}.count" not in r.values:  # shares alone: no test is possible
        r.add(f"{name}.change", r[f"{name}.share"].value - base.share, "points", both)
        r.facts["untested"] = True
        return
    if base.origin == "records" and linked(data):
        return add_linked_change(r, data, variable, category, name, base)
    r.facts["independent"] = True  # the corps' overlap is unknown: say the interval ignores it
    d = stats.share_difference(table.count(category), table.nobs, base.count, base.nobs, data.params.alpha)
    r.uses(d, "independent")
    r.add(f"{name}.base.count", base.count, "count", base.rests_on)
    r.add(f"{name}.change.count", d.count_change, "count", both)
    for key, value in (("change", d.estimate), ("change.low", d.low), ("change.high", d.high)):
        r.add(f"{name}.{key}", value, "points", both)
    r.add(f"{name}.change.pvalue", d.pvalue, "pvalue", both)
    if base.origin == "published-assumed-nobs":
        r.uses("assumed_nobs")
        r.add("baseline.nobs", base.nobs, "count", base.nobs_rests_on)


def add_reference_change(r: Result, data: ScopeData, name: str, count: int, nobs: int, base, both: str) -> None:
    """Add the change against a baseline published as a share alone: a one-sample test of this
    cycle's share against it (score test; exact binomial for small numbers), the baseline taken
    as known, as the methods say (no count is made up for the baseline)."""
    d = stats.share_vs_reference(count, nobs, base.share, data.params.alpha)
    r.uses(d)
    r.facts["reference"] = True
    for key, value in (("change", d.estimate), ("change.low", d.low), ("change.high", d.high)):
        r.add(f"{name}.{key}", value, "points", both)
    r.add(f"{name}.change.pvalue", d.pvalue, "pvalue", both)


def linked(data: ScopeData) -> bool:
    """True when both corps are records that link people by `person_id`: a change between them
    is then one of partially overlapping samples, not of independent ones."""
    return (data.has_records() and data.has_base_records() and data.records["person_id"].notna().any()
            and data.records_base["person_id"].notna().any())


def add_linked_change(r: Result, data: ScopeData, variable: str, category: str, name: str, base) -> None:
    """Add the change of a share between linked corps: the partially overlapping samples z test
    of the corps (Derrick et al. 2015), entrants against leavers, and the stayers' own change."""
    c = stats.linked_share_change(data.records, data.records_base, variable, category, data.params.alpha,
                                  parts=data.linked_corps)
    r.uses(c)
    both = f"{data.rests_on()}; {base.rests_on}"
    r.facts["linked"] = c
    r.add(f"{name}.base.count", base.count, "count", base.rests_on)
    r.add(f"{name}.base.share", base.share, "share", base.rests_on)
    r.add(f"{name}.change.count", r[f"{name}.count"].value - base.count, "count", both)
    for key, value in (("change", c.change.estimate), ("change.low", c.change.low), ("change.high", c.change.high)):
        r.add(f"{name}.{key}", value, "points", both)
    r.add(f"{name}.change.pvalue", c.change.pvalue, "pvalue", both)
    r.add(f"{name}.stayers", c.n_stayers, "count", both)
    if c.entrants_vs_leavers is not None:
        v = c.entrants_vs_leavers
        r.add(f"{name}.entrants", c.n_entrants, "count", both)
        r.add(f"{name}.leavers", c.n_leavers, "count", both)
        r.add(f"{name}.entrants.share", v.share.estimate, "share", both)
        r.add(f"{name}.leavers.share", v.share_base.estimate, "share", both)
        r.add(f"{name}.entrants_vs_leavers.pvalue", v.pvalue, "pvalue", both)
    if c.stayers is not None:
        r.add(f"{name}.stayers.gained", c.stayers.discordant[0], "count", both)
        r.add(f"{name}.stayers.lost", c.stayers.discordant[1], "count", both)
        r.add(f"{name}.stayers.pvalue", c.stayers.pvalue, "pvalue", both)


# -- presenting -------------------------------------------------------------------------------
def present(r: Result, w) -> tuple[str, list]:
    """Return the section's title and parts in the writer's language."""
    return w.t.text(f"{r.id}.title"), [h.tag("p", w.modelled(r, Markup(" ").join(sentences(r, w)))),
                                       *regions_parts(r, w)]


def sentences(r: Result, w) -> list:
    """Sentences on the share and its change against the baseline."""
    t, name, threshold = w.t, r.id, w.t.number(w.params.age_threshold)
    if r.facts.get("no_data"):
        return [t.text("share.no_data", cycle=w.cycle_name())]
    if r.facts.get("suppressed"):
        return [t.text("share.suppressed", threshold=t.number(w.params.suppression_threshold))]
    if f"{name}.count" in r.values:
        parts = [t.text(f"{name}.now", count=w.fig(r[f"{name}.count"]), nobs=w.fig(r[r.facts["nobs_key"]]),
                        share=w.fig(r[f"{name}.share"]), interval=w.interval(r, f"{name}.share"),
                        threshold=threshold)]
    else:
        parts = [t.text(f"{name}.now_share", share=w.fig(r[f"{name}.share"]), threshold=threshold)]
    if r.facts.get("coverage"):
        parts.append(w.coverage(r.facts["coverage"]))
    if "no_baseline" in r.facts:
        key = {"threshold": "baseline.other_threshold", "coverage": "baseline.coverage",
               "boundary": "baseline.boundary", "synthetic": "baseline.synthetic",
               "unlike": "baseline.unlike"}.get(r.facts["no_baseline"])
        if key:
            parts.append(t.text(key, baseline=w.cycle_name(w.data.base_cycle), threshold=threshold))
        return parts
    base = r.facts["baseline"]
    if r.facts.get("reference"):
        return parts + [t.text("share.before_share", baseline=w.cycle_name(w.data.base_cycle),
                               share=w.fig(r[f"{name}.base.share"]), threshold=threshold),
                        w.change(r, name), share_conclusion(r, w), t.text("baseline.reference")]
    if r.facts.get("untested"):
        return parts + [t.text("share.before_untested", baseline=w.cycle_name(w.data.base_cycle),
                               share=w.fig(r[f"{name}.base.share"]), difference=w.fig(r[f"{name}.change"]))]
    before = f"{name}.before_records" if base.origin == "records" and t.has(f"{name}.before_records") else f"{name}.before"
    parts.append(t.text(before, baseline=w.cycle_name(w.data.base_cycle),
                        count=w.fig(r[f"{name}.base.count"]), share=w.fig(r[f"{name}.base.share"]),
                        difference=w.fig(r[f"{name}.change.count"]), threshold=threshold))
    parts.append(w.change(r, name))
    parts += [*region_changes.holm_sentence(r, w), share_conclusion(r, w)]
    parts += linked_sentences(r, w) if "linked" in r.facts else [t.text("change.independent")]
    if base.origin == "published-assumed-nobs":
        parts.append(t.text("baseline.assumed", nobs=w.fig(r["baseline.nobs"])))
    elif base.origin == "published":
        parts.append(t.text("baseline.published"))
    else:
        parts.append(t.text("baseline.records", what=w.rests_on(base.rests_on)))
    return parts


def share_conclusion(r: Result, w) -> Markup:
    """The plain conclusion on the share's change: from the p-value adjusted for every region
    where the report gives one (a regional report), else from the change's own."""
    name = r.id
    p = r.values.get(f"{name}.change.pvalue_holm") or r[f"{name}.change.pvalue"]
    return conclusion.change(w, "share", r[f"{name}.change"].value, p.value, subject=conclusion.share_subject(w, name))


def linked_sentences(r: Result, w) -> list:
    """How the change splits: newcomers against those who left, and the akims in both corps."""
    t, name = w.t, r.id
    said = [t.text("change.linked", stayers=w.fig(r[f"{name}.stayers"]))]
    if f"{name}.entrants.share" in r.values:
        said.append(t.text(f"{name}.entrants_leavers", entrants=w.fig(r[f"{name}.entrants"]),
                           leavers=w.fig(r[f"{name}.leavers"]), share_entrants=w.fig(r[f"{name}.entrants.share"]),
                           share_leavers=w.fig(r[f"{name}.leavers.share"]),
                           p=w.fig(r[f"{name}.entrants_vs_leavers.pvalue"]), threshold=t.number(w.params.age_threshold)))
        adjusted, p = region_changes.holm_test_sentence(r, w, f"{name}.entrants_vs_leavers.pvalue")
        said += [*adjusted, conclusion.differ(w, "entrants", p)]
    if f"{name}.stayers.gained" in r.values and r[f"{name}.stayers.gained"].value + r[f"{name}.stayers.lost"].value:
        said.append(t.text(f"{name}.stayers_moved", gained=w.fig(r[f"{name}.stayers.gained"]),
                           lost=w.fig(r[f"{name}.stayers.lost"]), p=w.fig(r[f"{name}.stayers.pvalue"]),
                           threshold=t.number(w.params.age_threshold)))
    return said


