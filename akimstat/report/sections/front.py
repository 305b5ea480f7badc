"""The first page: the title (with the synthetic-data notice when it applies) and the key figures."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat.report import html as h
from akimstat.report.choice import CORPS_FIGURE, size_key
from akimstat.report.published import incumbents
from akimstat.report.scope import NO_BASELINE, ScopeData
from akimstat.report.sections import about
from akimstat.report.sections.result import Result


def compute_title(data: ScopeData) -> Result:
    """Return what the title page says: the cycle's date and which data is synthetic."""
    synthetic = [c for c in (data.cycle, data.base_cycle) if c in data.data.synthetic_cycles]
    return Result("title", "title", facts={"date": data.data.codes.cycles.at[data.cycle, "date"],
                                           "synthetic": synthetic})


def present_title(r: Result, w) -> tuple[None, list]:
    t = w.t
    date = t.date(r.facts["date"], attributive=True)  # kk: "2013 жылғы 5 тамыздағы (жағдай)"
    level = t.level_words(w.data.cycle)
    parts = [h.tag("h1", t.title(w.data.scope, w.data.cycle)),  # plain text: escaped by h.tag
             h.tag("p", t.text("subtitle", baseline=w.cycle_name(w.data.base_cycle), date=date, about=level["about"])
                   if w.data.base_cycle != NO_BASELINE else t.text("subtitle.no_baseline", date=date,
                                                                    about=level["about"]),
                   class_="subtitle")]
    synthetic = r.facts["synthetic"]
    if w.data.cycle in synthetic:
        which = t.text("synthetic.which", cycles=", ".join(f"«{w.cycle_name(c)}»" for c in synthetic))
        parts.append(h.note(t.text("synthetic.notice") + Markup(" ") + which, kind="warning"))
    elif synthetic:
        parts.append(h.note(t.text("synthetic.baseline", baseline=w.cycle_name(synthetic[0])), kind="warning"))
    return None, parts


def compute_headline(data: ScopeData, shares=(), represented=None) -> Result:
    """Return the key figures: akims, the share of each (name, variable, category) in `shares`,
    mean and youngest age, the number of categories of `represented` = (key prefix, variable)
    present, and the incumbents who kept their posts; from records, or as published."""
    r = Result("headline", "headline")
    size = corps_size(data)
    if size is not None:
        r.add("akims", *size)
    for name, variable, category in shares:
        add_share(r, data, name, variable, category)
    r.facts["shares"] = [name for name, _, _ in shares if f"{name}.share" in r.values]
    # Which key figures rest on a figure the sources contradict (akimstat.report.sections.about).
    r.facts["contradicted"] = [name for name, items in
                               [("akims", (size_key(data.data, data.cycle),)), ("mean", ("mean_age",)),
                                *((n, (v,)) for n, v, _ in shares)]
                               if about.contradicted(data, *items)]
    r.add("age.threshold", data.params.age_threshold, "years", "parameter")
    if data.has_records():
        r.add("age.mean.rounded", data.records["age"].mean(), "years", data.rests_on())
        r.add("age.youngest", data.records["age"].min(), "years", data.rests_on())
    else:
        for key, name in (("age.mean.rounded", "mean_age"), ("age.youngest", "youngest_age")):
            found = data.published_figure(name)
            if found is not None:
                r.add(key, found[0], "years", f"published: {found[1]}")
    if represented:
        add_represented(r, data, *represented)
    renewal = incumbents(data)
    if renewal is not None:
        r.add("incumbents.share", renewal.estimate, "share", f"{data.rests_on()}; {data.rests_on(data.base_cycle)}")
        r.add("incumbents.count", renewal.count, "count", f"{data.rests_on()}; {data.rests_on(data.base_cycle)}")
    return r


def corps_size(data: ScopeData) -> tuple[int, str, str] | None:
    """Return (akims, unit, what it rests on): the records, else the published number elected
    (of a corps at a date: the published number of akims in office, `choice.size_key`)."""
    if data.has_records():
        return len(data.records), "count", data.rests_on()
    found = data.published_figure(size_key(data.data, data.cycle))
    return None if found is None else (int(found[0]), "count", f"published: {found[1]}")


def add_share(r: Result, data: ScopeData, name: str, variable: str, category: str) -> None:
    table = data.table(variable)
    if table is None or table.share(category) is None:
        return
    shown = data.protected(variable).get("count", pd.Series(dtype="Int64")).get(category)
    if table.count(category) is not None and (shown is None or pd.isna(shown)):
        return  # suppressed
    if table.count(category) is not None:
        r.add(f"{name}.count", table.count(category), "count", table.rests_on, table.coverage)
    r.add(f"{name}.share", table.share(category), "share", table.rests_on, table.coverage)
    if table.coverage is not None:  # a national figure summed from some regions' tables
        r.facts.setdefault("coverage", {})[name] = table.coverage


def add_represented(r: Result, data: ScopeData, prefix: str, variable: str) -> None:
    if data.has_records():
        r.add(f"{prefix}.represented", int((data.distribution(variable) > 0).sum()), "count", data.rests_on())
    else:
        found = data.published_figure(variable if variable != "ethnicity" else "ethnicities")
        if found is None:
            return
        r.add(f"{prefix}.represented", found[0], "count", f"published: {found[1]}")
    r.facts["represented"] = prefix


def present_headline(r: Result, w) -> tuple[str, list]:
    t = w.t
    flagged = r.facts.get("contradicted", [])
    mark = lambda name, words: words + about.marker(w) if name in flagged else words  # noqa: E731
    words = "headline.akims.corps" if size_key(w.data.data, w.data.cycle) == CORPS_FIGURE else "headline.akims"
    items = [(w.fig(r["akims"]), mark("akims", t.text(words, count=w.fig(r["akims"]))))] \
        if "akims" in r.values else []
    for name in r.facts["shares"]:
        key = f"headline.{name}" if f"{name}.count" in r.values else f"headline.{name}.share_only"
        words = {"count": lambda: w.fig(r[f"{name}.count"]), "threshold": lambda: w.fig(r["age.threshold"], 0)}
        fields = t.fields(key)
        said = t.text(key, **{k: f() for k, f in words.items() if k in fields})
        if name in r.facts.get("coverage", {}):
            found = r.facts["coverage"][name]
            said += Markup(", ") + t.text("headline.coverage", covered=t.number(len(found.codes)),
                                          regions=t.number(found.of), names=w.region_names(found))
        items.append((w.fig(r[f"{name}.share"]), mark(name, said)))
    if "age.mean.rounded" in r.values:
        items.append((w.fig(r["age.mean.rounded"], w.decimals_of(r["age.mean.rounded"], 1)),
                      mark("mean", t.text("headline.mean_age"))))
    if "age.youngest" in r.values:
        items.append((w.fig(r["age.youngest"], 0), t.text("headline.youngest")))
    if "represented" in r.facts:
        represented = w.fig(r[f"{r.facts['represented']}.represented"])
        items.append((represented, t.text(f"headline.{r.facts['represented']}", count=represented)))
    if "incumbents.share" in r.values:
        items.append((w.fig(r["incumbents.share"]), t.text("headline.incumbents", count=w.fig(r["incumbents.count"]))))
    if not items:  # an empty list said nothing: say that nothing here gives a key figure
        return t.text("headline.title"), [h.tag("p", t.text("headline.none"))]
    return t.text("headline.title"), [h.headline_list(items)]
