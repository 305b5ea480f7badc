"""Notes on the data: synthetic records, what intervals mean, and every published figure of this
scope beside what the records give (small counts of sensitive variables hidden)."""

from __future__ import annotations

import pandas as pd

from akimstat import html as h
from akimstat import stats
from akimstat.scope import ScopeData
from akimstat.sections.front import incumbents
from akimstat.sections.result import Result


def compute(data: ScopeData) -> Result:
    """Return the notes and the check of every published figure the records can reproduce."""
    r = Result("notes", "notes", facts={"synthetic": data.synthetic})
    check = published_check(data) if data.has_records() else pd.DataFrame()
    if not check.empty:
        variables = check["item"].str.partition(".")[0]
        hidden = variables.map(data.sensitive).astype(bool) & (
            check[["published", "computed"]].min(axis=1) < data.params.suppression_threshold)
        r.facts["hidden"] = list(hidden)
        r.frames["published_check"] = check.assign(published=check["published"].mask(hidden),
                                                   computed=check["computed"].mask(hidden))
    return r


def published_check(data: ScopeData) -> pd.DataFrame:
    """Return every published figure of this cycle and scope that the records can reproduce,
    beside the value computed from them: (item, source, published, computed, agrees).

    A published count is compared with the records' count of its category; a published single
    figure with the statistic it names. Figures the records cannot give (candidates, posts,
    population) are left out.
    """
    rows = []
    counts = data.data.counts
    mine = counts[(counts["cycle"] == data.cycle) & (counts["scope"] == data.scope)
                  & (counts["universe"] == "akims") & counts["count"].notna()]
    for _, row in mine.iterrows():
        computed = int(data.distribution(row["variable"]).get(row["category"], 0))
        rows.append((f"{row['variable']}.{row['category']}", row["source"], int(row["count"]), computed))
    figures = data.data.figures
    for key, compute in computable_figures(data).items():
        found = figures[(figures["cycle"] == data.cycle) & (figures["scope"] == data.scope) & (figures["key"] == key)]
        for _, row in found.iterrows():
            rows.append((key, row["source"], float(row["value"]), compute()))
    frame = pd.DataFrame(rows, columns=["item", "source", "published", "computed"])
    frame = frame.assign(agrees=frame["published"] == frame["computed"])
    return frame.assign(why=[None if pd.notna(c) else why_not(data) for c in frame["computed"]])


def why_not(data: ScopeData) -> str:
    """Return the key of the message saying why a figure cannot be computed from the records
    (incumbents kept, new akims and renewal link this cycle's akims to the baseline's by
    person id): no person ids, or no baseline corps with records."""
    if "person_id" not in data.records.columns or data.records["person_id"].isna().all():
        return "not_computed.person_id"
    if not data.has_base_records():
        return "not_computed.baseline"
    return "not_computed.records"


def computable_figures(data: ScopeData) -> dict:
    """Published single figures and how to compute each from the records."""
    kept = lambda: incumbents(data).count if incumbents(data) else None  # noqa: E731
    return {
        "elected": lambda: len(data.records),
        "ethnicities": lambda: stats.diversity(data.distribution("ethnicity")).represented,
        "mean_age": lambda: round(stats.age_summary(data.records["age"]).mean),
        "youngest_age": lambda: int(data.records["age"].min()),
        "incumbents_kept": kept,
        "new_akims": lambda: len(data.records) - kept() if incumbents(data) else None,
        "renewal_percent": lambda: round(100 * (1 - incumbents(data).estimate), 1) if incumbents(data) else None,
    }


def present(r: Result, w) -> tuple[str, list]:
    t = w.t
    synthetic = r.facts["synthetic"]
    notes = [h.tag("li", t.text("notes.synthetic", cycles=w.cycle_names(synthetic)))] if synthetic else []
    notes += [h.tag("li", t.text("notes.population")), h.tag("li", t.text("notes.caveats"))]
    if w.params.suppression_threshold > 0 and w.params.sensitive_variables:
        notes.append(h.tag("li", t.text("notes.confidential")))
    parts = [h.tag("ul", h.join(notes))]
    if "published_check" in r.frames:
        parts.append(check_table(r, w))
    return t.text("notes.title"), parts


def _number(t, value) -> str:
    return t.number(value, 0 if float(value).is_integer() else 1)


def check_table(r: Result, w):
    """The published figures beside the records; small sensitive counts shown as suppressed."""
    t = w.t
    rows = []
    for row, secret in zip(r.frames["published_check"].itertuples(), r.facts["hidden"]):
        variable, _, category = row.item.partition(".")
        if category:
            name = t.plain(f"col.{variable}") if t.has(f"col.{variable}") else variable
            label = f"{name}: {w.category(variable, category)}"
        else:
            label = t.plain(f"figure.{row.item}")
        if isinstance(row.why, str):  # not computable: say why, in place of a number and of "no"
            rows.append([label, w.source_short(row.source), _number(t, row.published),
                         t.plain(row.why), "—"])
            continue
        shown = [t.plain("suppressed")] * 2 if secret else [
            _number(t, v) for v in (row.published, row.computed)]
        rows.append([label, w.source_short(row.source), *shown, t.plain("yes") if row.agrees else t.plain("no")])
    header = [t.plain("col.figure"), t.plain("col.source"), t.plain("col.published"),
              t.plain("col.records"), t.plain("col.agrees")]
    return h.table(t.text("published_check.caption"), header, rows, numeric_from=2)
