"""Notes on the data: synthetic records, what intervals mean, and every published figure of this
scope beside what the records give (small counts of sensitive variables hidden)."""

from __future__ import annotations

import pandas as pd

from akimstat.report import html as h
from akimstat.report.scope import ScopeData
from akimstat.report.published import published_check
from akimstat.report.sections.result import Result


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
