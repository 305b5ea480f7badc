"""The first page: the title (with the synthetic-data notice when it applies) and the key figures."""

from __future__ import annotations

import pandas as pd

from akimstat import html as h
from akimstat import stats
from akimstat.scope import ScopeData
from akimstat.sections.result import Result


def compute_title(data: ScopeData) -> Result:
    """Return what the title page says: the cycle's date and which data is synthetic."""
    return Result("title", "title", facts={"date": data.data.codes.cycles.at[data.cycle, "date"],
                                           "synthetic": data.synthetic})


def present_title(r: Result, w) -> tuple[None, list]:
    t = w.t
    parts = [h.tag("h1", t.text("title", scope=w.scope_name, cycle=w.cycle_name())),
             h.tag("p", t.text("subtitle", baseline=w.cycle_name(w.data.base_cycle), date=t.date(r.facts["date"])),
                   class_="subtitle")]
    if r.facts["synthetic"]:
        parts.append(h.note(t.text("synthetic.notice"), kind="warning"))
    return None, parts


def compute_headline(data: ScopeData, shares=(), represented=None) -> Result:
    """Return the key figures: akims, the share of each (name, variable, category) in `shares`,
    mean and youngest age, the number of categories of `represented` = (key prefix, variable)
    present, and the incumbents who kept their posts."""
    r, rests = Result("headline", "headline"), data.rests_on()
    r.add("akims", len(data.records), "count", rests)
    for name, variable, category in shares:
        counts = data.protected(variable)
        if pd.isna(counts.at[category, "count"]):
            continue
        count, nobs = int(counts.at[category, "count"]), int(data.distribution(variable).sum())
        r.add(f"{name}.count", count, "count", rests)
        r.add(f"{name}.share", stats.share_interval(count, nobs, data.params.alpha).estimate, "share", rests)
    r.facts["shares"] = [name for name, _, _ in shares if f"{name}.share" in r.values]
    r.add("age.threshold", data.params.age_threshold, "years", "parameter")
    r.add("age.mean.rounded", data.records["age"].mean(), "years", rests)
    r.add("age.youngest", data.records["age"].min(), "years", rests)
    if represented:
        prefix, variable = represented
        r.add(f"{prefix}.represented", int((data.distribution(variable) > 0).sum()), "count", rests)
        r.facts["represented"] = prefix
    renewal = incumbents(data)
    if renewal is not None:
        r.add("incumbents.share", renewal.estimate, "share", f"{rests}; {data.rests_on(data.base_cycle)}")
        r.add("incumbents.count", renewal.count, "count", f"{rests}; {data.rests_on(data.base_cycle)}")
    return r


def incumbents(data: ScopeData) -> stats.Share | None:
    """Return the share of this cycle's akims who were in office in the baseline corps (person
    ids link them), out of this cycle's akims: the complement is what the press calls renewal."""
    if not data.has_base_records() or data.records["person_id"].isna().all():
        return None
    now = pd.Index(data.records["person_id"].dropna().unique())
    kept = now.isin(data.records_base["person_id"].dropna().unique())
    return stats.share_interval(int(kept.sum()), len(now), data.params.alpha)


def present_headline(r: Result, w) -> tuple[str, list]:
    t = w.t
    items = [(w.fig(r["akims"]), t.text("headline.akims"))]
    for name in r.facts["shares"]:
        words = {"count": lambda: w.fig(r[f"{name}.count"]), "threshold": lambda: w.fig(r["age.threshold"], 0)}
        fields = t.fields(f"headline.{name}")
        items.append((w.fig(r[f"{name}.share"]),
                      t.text(f"headline.{name}", **{k: f() for k, f in words.items() if k in fields})))
    items.append((w.fig(r["age.mean.rounded"], 0), t.text("headline.mean_age")))
    items.append((w.fig(r["age.youngest"], 0), t.text("headline.youngest")))
    if "represented" in r.facts:
        items.append((w.fig(r[f"{r.facts['represented']}.represented"]), t.text(f"headline.{r.facts['represented']}")))
    if "incumbents.share" in r.values:
        items.append((w.fig(r["incumbents.share"]), t.text("headline.incumbents", count=w.fig(r["incumbents.count"]))))
    return t.text("headline.title"), [h.headline_list(items)]
