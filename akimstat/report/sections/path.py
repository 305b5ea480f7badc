"""From candidate to akim: the share of a group (women; the self-nominated) among the candidates
and among the akims elected, and the ratio of the group's chance to be elected to the other
group's (`stats.election_chance`), over the same regions only.

A national table of the candidates is not compared with the akims of some oblasts: the
comparison sums the regions that publish both tables, names them, and says why each other
region is left out (no table of the candidates, none of the akims, counts that cannot be read,
more elected than candidates, synthetic records). Only two-category variables are compared: the
other group is the other category, its counts the total less the group's where only one is
published (a count derived from two published ones, nothing invented).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat import stats
from akimstat.params import NATIONAL
from akimstat.report import html as h
from akimstat.report.coverage import Coverage
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Result

STAGES = ("candidates", "akims")


def group_counts(table, codes: list[str], category: str) -> tuple[int, int] | None:
    """Return (count of `category`, count of the other category) of a two-category table, the
    missing one as the total less the other; None when the table does not give them."""
    if table is None:
        return None
    counts = {code: table.count(code) for code in codes}
    total = table.nobs if table.nobs else (sum(counts.values()) if None not in counts.values() else None)
    other = next(code for code in codes if code != category)
    group, rest = counts[category], counts[other]
    if total is not None:
        group = total - rest if group is None and rest is not None else group
        rest = total - group if rest is None and group is not None else rest
    return None if group is None or rest is None else (group, rest)


def region_pair(data: ScopeData, variable: str, category: str, code: str) -> tuple[dict | None, str | None]:
    """Return the candidates' and akims' group counts of one region and their sources, or the
    reason the region is left out."""
    codes = list(data.data.codes.category_codes(variable))
    tables = {stage: data.table(variable, scope=code, universe=stage) for stage in STAGES}
    if all(table is None for table in tables.values()):
        return None, None  # a region with neither table says nothing
    if code == NATIONAL and any(t is not None and t.coverage is not None for t in tables.values()):
        return None, None  # a sum of some regions is not the whole country: the regions are compared
    for stage in STAGES:
        if tables[stage] is None:
            return None, f"no_{stage}"
    if "synthetic" in tables["akims"].rests_on:
        return None, "synthetic"
    pair = {stage: group_counts(tables[stage], codes, category) for stage in STAGES}
    if None in pair.values():
        return None, "counts"
    if any(pair["akims"][i] > pair["candidates"][i] for i in (0, 1)):
        return None, "subset"
    return pair | {"rests_on": {stage: tables[stage].rests_on for stage in STAGES}}, None


def compute(data: ScopeData, variable: str = "sex", category: str = "female") -> Result:
    """Return the path from candidate to akim of `category` of a two-category `variable`."""
    r = Result(f"path_{variable}", "path", facts={"variable": variable, "category": category})
    codes = list(data.data.codes.category_codes(variable))
    if len(codes) != 2 or category not in codes:
        r.facts["no_data"] = "not_binary"
        return r
    scopes = [NATIONAL, *data.regions()] if data.national else [data.scope]
    pairs, left = {}, {}
    for code in scopes:
        pair, reason = region_pair(data, variable, category, code)
        if pair is not None:
            pairs[code] = pair
        elif code != NATIONAL and reason is not None:
            left.setdefault(reason, []).append(code)
    if NATIONAL in pairs:  # both tables of the whole country: the regions' are not summed
        pairs, left, coverage = {NATIONAL: pairs[NATIONAL]}, {}, None
    else:
        coverage = Coverage(tuple(pairs), len(data.data.regions_existing(data.cycle))) if data.national else None
    if not pairs:
        r.facts["no_data"] = "none"
        return r
    r.facts.update(coverage=coverage, left=left, other=codes[1 - codes.index(category)],
                   sources=sorted({s.removeprefix("published: ") for p in pairs.values()
                                   for stage in STAGES for s in p["rests_on"][stage].split(", ")}))
    add_values(r, data, pairs, coverage)
    return r


def add_values(r: Result, data: ScopeData, pairs: dict, coverage) -> None:
    """Add each stage's counts and the group's share with its interval, and the ratio of the
    chances to be elected with its interval and test."""
    key, alpha = f"path.{r.facts['variable']}", data.params.alpha
    sums = {stage: [sum(p[stage][i] for p in pairs.values()) for i in (0, 1)] for stage in STAGES}
    rests = {stage: "published: " + ", ".join(sorted({s.removeprefix("published: ") for p in pairs.values()
                                                      for s in p["rests_on"][stage].split(", ")})) for stage in STAGES}
    for stage in STAGES:
        group, rest = sums[stage]
        share = stats.share_interval(group, group + rest, alpha)
        r.uses(share)
        r.add(f"{key}.{stage}.count", group, "count", rests[stage], coverage)
        r.add(f"{key}.{stage}.other", rest, "count", rests[stage], coverage)
        r.add(f"{key}.{stage}.nobs", group + rest, "count", rests[stage], coverage)
        for name, value in (("share", share.estimate), ("share.low", share.low), ("share.high", share.high)):
            r.add(f"{key}.{stage}.{name}", value, "share", rests[stage], coverage)
    r.frames[r.id] = pd.DataFrame([{"stage": stage, "group": sums[stage][0], "other": sums[stage][1],
                                    "nobs": sum(sums[stage]), "share": r[f"{key}.{stage}.share"].value,
                                    "low": r[f"{key}.{stage}.share.low"].value,
                                    "high": r[f"{key}.{stage}.share.high"].value} for stage in STAGES])
    both = f"{rests['candidates']}; {rests['akims']}"
    (cand, cand_other), (elected, elected_other) = sums["candidates"], sums["akims"]
    if elected_other == 0:
        r.facts["no_ratio"] = True
        return
    chance = stats.election_chance(elected, cand, elected_other, cand_other, alpha)
    r.facts["chance"] = chance
    r.uses(chance)
    r.add(f"{key}.rate", chance.rate, "share", both, coverage)
    r.add(f"{key}.rate_other", chance.rate_other, "share", both, coverage)
    for name, value in (("chance_ratio", chance.estimate), ("chance_ratio.low", chance.low),
                        ("chance_ratio.high", chance.high)):
        r.add(f"{key}.{name}", value, "ratio", both, coverage)
    r.add(f"{key}.pvalue", chance.pvalue, "pvalue", both, coverage)


# -- presenting -------------------------------------------------------------------------------
def present(r: Result, w) -> tuple[str, list] | None:
    """Return the title and parts, or None when no scope has both tables."""
    if r.facts.get("no_data"):
        return None
    t, variable, key = w.t, r.facts["variable"], f"path.{r.facts['variable']}"
    group, other = w.category(variable, r.facts["category"]), w.category(variable, r.facts["other"])
    header = [t.plain("col.path_stage"), group, other, t.plain("total"), t.plain("path.col_share", group=group),
              t.plain("col.interval", level=w.level())]
    rows = [[t.plain(f"path.stage.{stage}"), w.fig(r[f"{key}.{stage}.count"]), w.fig(r[f"{key}.{stage}.other"]),
             w.fig(r[f"{key}.{stage}.nobs"]), w.fig(r[f"{key}.{stage}.share"]),
             f"{w.fig(r[f'{key}.{stage}.share.low'])} – {w.fig(r[f'{key}.{stage}.share.high'])}"] for stage in STAGES]
    coverage = r.facts["coverage"]
    caption = t.text("path.caption", scope=w.scope_of(coverage), cycle=w.cycle_name())
    parts = [h.table(caption, header, rows)]
    if f"{key}.chance_ratio" in r.values:
        parts.append(h.tag("p", t.text("path.ratio", group=group, other=other, rate=w.fig(r[f"{key}.rate"]),
                                        rate_other=w.fig(r[f"{key}.rate_other"]),
                                        ratio=w.fig(r[f"{key}.chance_ratio"], 2),
                                        interval=w.t.plain("interval", level=w.level(),
                                                           low=w.fig(r[f"{key}.chance_ratio.low"], 2),
                                                           high=w.fig(r[f"{key}.chance_ratio.high"], 2)),
                                        p=w.fig(r[f"{key}.pvalue"]))))
    if coverage is not None:
        parts.append(h.tag("p", w.coverage(coverage)))
    if r.facts["left"]:
        parts.append(h.tag("p", t.text("path.left_out", regions=Markup("; ").join(
            t.text(f"path.left.{reason}", names=", ".join(t.name("region", c) for c in codes))
            for reason, codes in r.facts["left"].items()))))
    parts.append(h.tag("p", t.text("path.note")))
    parts.append(h.tag("p", w.sources("published: " + ", ".join(r.facts["sources"]))))
    return t.text(f"path.title.{variable}"), parts
