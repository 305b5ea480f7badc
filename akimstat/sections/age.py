"""Age: the share under the threshold and its change (as in the share section), mean, median,
youngest and oldest, the change of the mean, the age bands against the baseline, a histogram."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat import charts, stats
from akimstat import html as h
from akimstat.scope import ScopeData
from akimstat.sections import distribution, share
from akimstat.sections.result import Chart, Result


def compute(data: ScopeData) -> Result:
    """Return the age section of this cycle and scope."""
    under = share.compute(data, "age_under", "under", "under")
    r = Result("age", "age", values=dict(under.values), frames=dict(under.frames), facts={"under": under})
    rests, alpha = data.rests_on(), data.params.alpha
    s = stats.age_summary(data.records["age"], data.params.age_threshold, alpha)
    r.add("age.mean", s.mean, "years", rests)
    r.add("age.median", s.median, "years", rests)
    r.add("age.youngest", s.youngest, "years", rests)
    r.add("age.oldest", s.oldest, "years", rests)
    ages = [data.records[["age"]].assign(cycle=data.cycle)]
    if data.has_base_records():
        d = stats.age_difference(data.records["age"], data.records_base["age"], alpha)
        both = f"{rests}; {data.rests_on(data.base_cycle)}"
        r.add("age.base.mean", d.mean_base, "years", data.rests_on(data.base_cycle))
        for key, value in (("age.change", d.estimate), ("age.change.low", d.low), ("age.change.high", d.high)):
            r.add(key, value, "number", both)
        r.add("age.change.pvalue", d.pvalue, "pvalue", both)
        r.add("age.mannwhitney.pvalue", d.mannwhitney_pvalue, "pvalue", both)
        distribution.add_test(r, data, "age_band")
        ages.append(data.records_base[["age"]].assign(cycle=data.base_cycle))
    r.facts["ages"] = pd.concat(ages, ignore_index=True)  # for the chart; not published as a table
    bands = data.distribution("age_band")
    r.frames["age_bands"] = bands.rename("count").rename_axis("age_band").reset_index()
    return r


def present(r: Result, w) -> tuple[str, list]:
    """Return the section's title and parts in the writer's language."""
    t, under = w.t, r.facts["under"]
    parts = [h.tag("p", Markup(" ").join(share.sentences(under, w)))]
    parts.append(h.tag("p", t.text("age.summary", mean=w.fig(r["age.mean"]), median=w.fig(r["age.median"], 0),
                                   youngest=w.fig(r["age.youngest"], 0), oldest=w.fig(r["age.oldest"], 0))))
    if "age.change" in r.values:
        parts.append(h.tag("p", t.text(
            "age.change", baseline=w.cycle_name(w.data.base_cycle), mean_base=w.fig(r["age.base.mean"]),
            difference=w.fig(r["age.change"]), interval=w.interval(r, "age.change"),
            p=w.fig(r["age.change.pvalue"]), p_mw=w.fig(r["age.mannwhitney.pvalue"]))))
    if "test" in r.facts:
        parts.append(h.tag("p", distribution.test_sentence("age_band", r.facts["test"], r, w)))
    parts.append(age_chart(r, w))
    parts += share.regions_parts(under, w)
    return t.text("age.title"), parts


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
