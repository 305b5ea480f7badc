"""About the data: the contradictions between published figures that this report's cycle and
scope rest on (`akimstat.report.reconcile`), each with its sources, the difference, the smallest
correction where one exists, and the figure the report uses. Its frame is reconciliation.csv,
every row; the box shows the real contradictions as a table (`about_table`).
"""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from akimstat.report import html as h
from akimstat.report import reconcile
from akimstat.report.scope import ScopeData
from akimstat.report.sections.about_table import NOT_APPLICABLE, coverage_gaps, real_contradictions
from akimstat.report.sections.result import Result


def contradictions(data: ScopeData) -> pd.DataFrame:
    """Return the contradictions of this report's cycle and scope (see `reconcile.reconcile`)."""
    return reconcile.for_report(reconcile.of_cycle(data.data, data.cycle), data.data, data.cycle, data.scope)


#: NOT_APPLICABLE (about_table): a text cell that does not apply (no correction, no second
#: source's title), published as a dash, since an empty cell of a published table means a
#: suppressed one (akimstat.publish).


def compute(data: ScopeData) -> Result:
    """Return the contradictions for this cycle and scope as the frame 'reconciliation'."""
    frame = contradictions(data)
    text = frame.select_dtypes(include=["object", "str"]).columns
    frame[text] = frame[text].replace("", NOT_APPLICABLE)
    r = Result("about", "about", frames={"reconciliation": frame})
    if not real_contradictions(frame).empty:  # settled by the stated rule
        r.uses("sources")
    return r


def contradicted(data: ScopeData, *items: str) -> bool:
    """Return whether a figure of `items` (a variable, 'sex.female', a figure key) is contradicted
    for this cycle and scope. A national table summed from some regions is not: the section
    showing it says so beside it (`coverage.note`)."""
    found = reconcile.contradicted(real_contradictions(contradictions(data)), items)
    return not found[(found["check"] != "coverage") & found["universe"].isin(["akims", ""])].empty


def marker(w) -> Markup:
    """The words put next to a number that rests on a contradicted figure, linking to this box."""
    return Markup(" ") + h.tag("a", w.t.text("about.marker"), href="#about", class_="contradicted")


def present(r: Result, w) -> tuple[str, list]:
    """The real contradictions as a table, coverage gaps in one line (`about_table`); every
    row of reconciliation.csv stays in its frame."""
    t, frame = w.t, r.frames["reconciliation"]
    if frame.empty:
        return t.text("about.title"), [h.tag("p", t.text("about.none"))]
    return t.text("about.title"), [h.note(h.join(present_table(frame, w)), kind="warning")]


def said(row, w) -> Markup:
    """What disagrees with what, in which sources (with their dates)."""
    t = w.t
    name = what(row.item, w)
    if t.has(f"about.universe.{row.universe}"):
        name = f"{name} ({t.plain(f'about.universe.{row.universe}')})"
    values = {"what": name, "value": number(row.value, row.unit, w),
              "other": number(row.other_value, row.unit, w), "source": source(row.source, w),
              "other_source": source(row.other_source, w)}
    return t.text(f"about.{row.check}", **{k: v for k, v in values.items() if k in t.fields(f"about.{row.check}")})


def correction(row, w) -> str:
    """Return a correction ('female 15 -> 12 | total 151 -> 154') in words: category names,
    arrows, and 'or' between alternatives."""
    variable = row.item.partition(".")[0]
    alternatives = []
    for alternative in row.correction.split(" | "):
        changes = []
        for change in alternative.split("; "):
            name, _, numbers = change.partition(" ")
            if name == "total":
                name = w.t.plain("about.total")
            else:
                try:
                    name = w.category(variable, name)
                except KeyError:
                    pass
            numbers = re.sub(r"\d+(?:\.\d+)?", lambda m: number(float(m.group()), "", w), numbers)
            changes.append(f"{name} {numbers.replace(' -> ', ' → ')}")
        alternatives.append(", ".join(changes))
    return f" {w.t.plain('about.or')} ".join(alternatives)


def what(item: str, w) -> str:
    """Return an item's name: a figure key ('elected'), a variable ('sex'), a category
    ('sex.female'), or a figure against a table ('elected/sex')."""
    t = w.t
    if "/" in item:
        return " / ".join(what(part, w) for part in item.split("/"))
    variable, _, category = item.partition(".")
    if variable.startswith("KZ-"):
        return t.name("region", variable)
    if not category:
        for key in (f"col.{variable}", f"figure.{variable}"):
            if t.has(key):
                return t.plain(key)
        return variable.replace("_", " ")
    name = t.plain(f"col.{variable}") if t.has(f"col.{variable}") else variable
    try:
        return f"{name}: {w.category(variable, category)}"
    except KeyError:
        return f"{name}: {category}"


def number(value, unit: str, w) -> str:
    """Return a figure as the report writes numbers (a percentage with a % sign)."""
    if value is None or pd.isna(value):
        return t_suppressed(w)
    value = float(value)
    decimals = 0 if value.is_integer() else min(2, len(repr(value).partition(".")[2]))
    return w.t.number(value, decimals) + ("%" if unit == "percent" else "")


def t_suppressed(w) -> str:
    return w.t.plain("suppressed")


def source(ids, w) -> Markup:
    """Return sources by title, publisher and date ('records', a code list, or a list of ids)."""
    if not isinstance(ids, str) or not ids:
        return Markup("")
    names = []
    for one in ids.split(", "):
        if not w.data.data.sources.empty and one in w.data.data.sources.index:
            names.append(w.source_name(one))
        elif w.t.has(f"about.origin.{one.replace('.', '_')}"):
            names.append(w.t.text(f"about.origin.{one.replace('.', '_')}"))
        else:
            names.append(Markup.escape(one))
    return Markup("; ").join(names)


# -- the box: real contradictions as a table (issue 29) --------------------------------------
def table_rows(frame: pd.DataFrame, w) -> list[list]:
    """Return the rows of the box's table: what disagrees with what in which sources (with
    their dates), the difference, how it is settled, and whether this report uses the figure."""
    rows, shown = [], shown_variables(w)
    for row in frame.itertuples():
        row = _blanked(row)
        head = str(row.item).split(".")[0]
        if row.universe in ("akims", "posts") and head in w.data.variables and head not in shown:
            row = row._replace(used_because="not_shown")  # a table no section of this report shows
        rows.append([said(row, w), difference(row, w), settled(row, w), used(row, w)])
    return rows


def shown_variables(w) -> set[str]:
    """Return the variables this report shows a table or a share of (its sections' results)."""
    results = [r for r in w.data.results.values() if r is not None and not r.facts.get("no_data")]
    shown = {r.facts["variable"] for r in results if r.facts.get("variable")}
    return shown | ({"age_under", "age_band"} if any(r.kind == "age" for r in results) else set())


def difference(row, w):
    """The difference: percentage points between two percentages, else in the figures' unit."""
    if row.unit != "percent":
        return number(row.difference, row.unit, w)
    value = float(row.difference)
    decimals = 0 if value.is_integer() else min(2, len(repr(value).partition(".")[2]))
    return w.t.text("about.points", points=w.t.number(value, decimals))  # the words agree with it


def settled(row, w):
    """How a contradiction is settled: the smallest correction, or the rule that chooses."""
    t, words = w.t, []
    if row.correction:
        words.append(t.text("about.correction", correction=correction(row, w),
                            certainty=t.plain(f"about.certainty.{row.certainty}")))
    elif row.certainty == "unresolved":
        words.append(t.text("about.unresolved"))
    key = f"about.settled.{row.used_because}"
    if row.used_because and t.has(key):
        words.append(t.text(key))
    return Markup(" ").join(words) if words else t.text("about.settled.none")


def used(row, w):
    """Whether this report uses the figure, and which value it shows."""
    t = w.t
    if row.used_because in ("not_shown", "unresolved"):
        return t.text("about.where.not_used")
    if row.used_because == "sum_of_regions":
        return t.text("about.where.sum_of_regions")
    if pd.isna(row.used):  # a table's percentages: no one number is used
        return t.text("about.where.as_published")
    return t.text("about.where.used", used=number(row.used, row.unit, w))


def present_table(frame: pd.DataFrame, w) -> list:
    """Return the box's parts: the count, the table of real contradictions, the coverage line."""
    t, real, gaps = w.t, real_contradictions(frame), coverage_gaps(frame)
    parts = [h.tag("p", t.text("about.intro", count=len(real)) if len(real) else t.text("about.none"))]
    if len(real):
        header = [t.plain(f"about.col.{c}") for c in ("what", "difference", "settled", "used")]
        parts.append(h.table(t.text("about.table.caption"), header, table_rows(real, w), numeric_from=len(header)))
    if len(gaps):
        notes = [said(_blanked(r), w) for r in gaps.itertuples()]
        parts.append(h.tag("p", _joined([t.text("about.coverage_line"), *notes], " ")))
    return parts


def _blanked(row):
    """Return a row of reconciliation.csv with its not-applicable cells empty."""
    return row._replace(**{k: "" for k, v in row._asdict().items() if v == NOT_APPLICABLE})


def _joined(items, between: str = "; "):
    return Markup(between).join(items)
