"""Age: the share under the threshold and its change (as in the share section), mean, median,
youngest and oldest, the change of the mean, the age bands against the baseline, a histogram."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat.report import charts, tables

from akimstat import stats
from akimstat.report import html as h
from akimstat.data.counts import band_bounds
from akimstat.report.choice import AGE_FIGURES
from akimstat.report.scope import ScopeData
from akimstat.report.sections import conclusion, distribution, share, share_regions
from akimstat.report.sections.result import Chart, Result


def compute(data: ScopeData) -> Result:
    """Return the age section of this cycle and scope."""
    if not data.has_records():
        return compute_published(data)
    under = share.compute(data, "age_under", "under", "under")
    r = Result("age", "age", values=dict(under.values), frames=dict(under.frames), facts={"under": under},
               methods=list(under.methods))
    rests, alpha = data.rests_on(), data.params.alpha
    s = stats.age_summary(data.records["age"], data.params.age_threshold, alpha)
    r.uses(s)
    r.add("age.mean", s.mean, "years", rests)
    r.add("age.median", s.median, "years", rests)
    r.add("age.youngest", s.youngest, "years", rests)
    r.add("age.oldest", s.oldest, "years", rests)
    ages = [data.records[["age"]].assign(cycle=data.cycle)]
    if data.has_base_records():
        add_age_change(r, data)
        distribution.add_test(r, data, "age_band")
        ages.append(data.records_base[["age"]].assign(cycle=data.base_cycle))
    r.facts["ages"] = pd.concat(ages, ignore_index=True)  # for the chart; not published as a table
    bands = data.distribution("age_band")
    r.frames["age_bands"] = bands.rename("count").rename_axis("age_band").reset_index()
    return r


def add_age_change(r: Result, data: ScopeData) -> None:
    """Add the change of the mean age: between linked corps by the partially overlapping
    samples t test (Derrick et al. 2017), with newcomers against leavers (Welch, Mann-Whitney);
    between unlinked corps by Welch and Mann-Whitney, as independent samples."""
    alpha, both = data.params.alpha, f"{data.rests_on()}; {data.rests_on(data.base_cycle)}"
    if share.linked(data):
        c = stats.linked_mean_change(data.records, data.records_base, "age", alpha, parts=data.linked_corps)
        r.uses(c)
        d, versus = c.change, c.entrants_vs_leavers
        r.facts["linked"] = True
        r.add("age.stayers", c.n_stayers, "count", both)
        if versus is not None:
            r.add("age.entrants.mean", versus.mean, "years", both)
            r.add("age.leavers.mean", versus.mean_base, "years", both)
            r.add("age.entrants_vs_leavers.pvalue", versus.pvalue, "pvalue", both)
            r.add("age.mannwhitney.pvalue", versus.mannwhitney_pvalue, "pvalue", both)
    else:
        d = stats.age_difference(data.records["age"], data.records_base["age"], alpha)
        r.uses(d)
        r.add("age.mannwhitney.pvalue", d.mannwhitney_pvalue, "pvalue", both)
    r.add("age.base.mean", d.mean_base, "years", data.rests_on(data.base_cycle))
    for key, value in (("age.change", d.estimate), ("age.change.low", d.low), ("age.change.high", d.high)):
        r.add(key, value, "number", both)
    r.add("age.change.pvalue", d.pvalue, "pvalue", both)


def compute_published(data: ScopeData) -> Result:
    """The age section of a cycle known from published figures: the share under the threshold
    as published (or its bounds from age bands), published single figures, the bands."""
    under = share.compute(data, "age_under", "under", "under")
    r = Result("age", "age", values=dict(under.values), frames=dict(under.frames), facts={"under": under},
               methods=list(under.methods))
    for name, key in AGE_FIGURES.items():
        found = data.published_figure(name)
        if found is not None:
            r.add(key, found[0], "years", f"published: {found[1]}")
    bands = data.table("age_band")
    if bands is not None:
        r.facts["bands"] = bands
        r.covering(bands.rests_on, bands.coverage)
        r.frames["age_bands"] = pd.DataFrame({"count": bands.counts, "published_percent": bands.percents}
                                             ).rename_axis("age_band").reset_index()
        bounds = tables.under_bounds(bands, data.params.age_threshold) if under.facts.get("no_data") else None
        if bounds is not None:
            r.add("under.share.least", bounds[0], "share", bands.rests_on)
            r.add("under.share.most", bounds[1], "share", bands.rests_on)
    r.facts["no_data"] = under.facts.get("no_data") and bands is None and not set(AGE_FIGURES.values()) & set(r.values)
    return r


def present_published(r: Result, w) -> list:
    """The parts of the age section of a cycle known from published figures."""
    t, under, parts = w.t, r.facts["under"], []
    if "under.share.least" in r.values:
        bounds = t.text("age.under_bounds", threshold=t.number(w.params.age_threshold),
                        least=w.fig(r["under.share.least"]), most=w.fig(r["under.share.most"]))
        covered = r.facts["bands"].coverage
        parts.append(h.tag("p", bounds + Markup(" ") + w.coverage(covered) if covered else bounds))
    elif not under.facts.get("no_data"):
        parts.append(h.tag("p", Markup(" ").join(share.sentences(under, w))))
    said = [t.text(f"age.published.{key.split('.')[1]}", years=w.fig(r[key], w.decimals_of(r[key], 0)))
            for key in AGE_FIGURES.values() if key in r.values]
    if said:
        parts.append(h.tag("p", Markup(" ").join(said)))
    if "bands" in r.facts:
        parts.append(bands_table(r, w))
    return parts + share_regions.regions_parts(under, w)


def band_label(code: str) -> str:
    """Return a published band's years as every language writes them: 36–45, ≤ 35, 56+."""
    low, high = band_bounds(code)
    return f"≤ {high}" if low is None else f"{low}+" if high is None else f"{low}–{high}"


def bands_table(r: Result, w) -> Markup:
    t, bands = w.t, r.facts["bands"]
    rows = [[band_label(code), t.plain("not_published") if pd.isna(count) else t.number(count),
             "" if pd.isna(bands.percents[code]) else t.number(bands.percents[code], 1) + "%"]
            for code, count in bands.counts.items()]
    header = [t.plain("col.age_band"), t.plain("col.count"), t.plain("col.published_percent")]
    return h.join([h.table(t.text("age.bands_caption", scope=w.scope_of(bands.coverage), cycle=w.cycle_name()), header, rows),
                   h.tag("p", w.sources(bands.rests_on))])


def present(r: Result, w) -> tuple[str, list]:
    """Return the section's title and parts in the writer's language."""
    if r.facts.get("no_data"):
        return w.t.text("age.title"), [h.tag("p", w.t.text("section.no_data", cycle=w.cycle_name()))]
    if "ages" not in r.facts:
        return w.t.text("age.title"), present_published(r, w)
    t, under = w.t, r.facts["under"]
    parts = [h.tag("p", w.modelled(r, Markup(" ").join(share.sentences(under, w))))]
    parts.append(h.tag("p", t.text("age.summary", mean=w.fig(r["age.mean"]), median=w.fig(r["age.median"], 0),
                                   youngest=w.fig(r["age.youngest"], 0), oldest=w.fig(r["age.oldest"], 0))))
    if "age.change" in r.values:
        parts.append(h.tag("p", w.modelled(r, change_sentences(r, w))))
    if "test" in r.facts:
        parts.append(h.tag("p", distribution.test_sentence("age_band", r.facts["test"], r, w)))
    parts.append(age_chart(r, w))
    parts += share_regions.regions_parts(under, w)
    return t.text("age.title"), parts


def change_sentences(r: Result, w) -> Markup:
    t, baseline = w.t, w.cycle_name(w.data.base_cycle)
    common = dict(baseline=baseline, mean_base=w.fig(r["age.base.mean"]), difference=w.fig(r["age.change"]),
                  interval=w.interval(r, "age.change"), p=w.fig(r["age.change.pvalue"]))
    concluded = conclusion.change(w, "age", r["age.change"].value, r["age.change.pvalue"].value)
    if not r.facts.get("linked"):
        return t.text("age.change", **common, p_mw=w.fig(r["age.mannwhitney.pvalue"])) + Markup(" ") + concluded
    said = [t.text("age.change_linked", **common, stayers=w.fig(r["age.stayers"])), concluded]
    if "age.entrants.mean" in r.values:
        said.append(t.text("age.entrants_leavers", entrants=w.fig(r["age.entrants.mean"]),
                           leavers=w.fig(r["age.leavers.mean"]), p=w.fig(r["age.entrants_vs_leavers.pvalue"]),
                           p_mw=w.fig(r["age.mannwhitney.pvalue"])))
        said.append(conclusion.differ(w, "entrants", r["age.entrants_vs_leavers.pvalue"].value))
    return Markup(" ").join(said)


def age_chart(r: Result, w) -> Chart:
    t, threshold = w.t, w.params.age_threshold
    ages = r.facts["ages"].assign(cycle=lambda f: f["cycle"].map(w.cycle_name))
    title = t.plain("age.chart", scope=w.scope_name)
    figure = charts.age_chart(ages, threshold, title, t.plain("axis.age"), t.plain("axis.percent_of_corps"))
    return Chart(figure, title, t.plain("age.alt", threshold=t.number(threshold)), ages_table(ages, title, w),
                 t.plain("chart.data"))


def ages_table(ages: pd.DataFrame, caption: str, w) -> Markup:
    """The histogram's data: the per cent of each corps at each year of age."""
    t = w.t
    percent = pd.crosstab(ages["age"], ages["cycle"], normalize="columns")[list(dict.fromkeys(ages["cycle"]))]
    rows = [[t.number(age)] + [t.percent(share) for share in row] for age, row in percent.iterrows()]
    header = [t.plain("axis.age")] + [f"{cycle}: {t.plain('axis.percent_of_corps')}" for cycle in percent.columns]
    return h.table(caption, header, rows)
