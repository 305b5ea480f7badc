"""Regional reports: akims per district, and the count of each share's category in it. Counts of
a sensitive variable are suppressed over the district table with its margins."""

from __future__ import annotations

import re

import pandas as pd

from akimstat.report import html as h
from akimstat import stats
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Result


def compute(data: ScopeData, shares=()) -> Result | None:
    """Return akims per district and, for each (name, variable, category) in `shares`, the
    district's count of the category. None in a national report."""
    if data.national or not data.has_records():
        return None
    records = data.records
    frame = records.groupby("district").size().rename("akims").to_frame()
    for name, variable, category in shares:
        table = pd.crosstab(records["district"], records[variable])
        if data.sensitive(variable):
            table = stats.suppress_table(table, data.params.suppression_threshold).table
        frame[name] = table[category] if category in table else 0
    r = Result("districts", "districts", facts={"shares": [name for name, _, _ in shares],
                                                 "synthetic_records": data.rests_on() == "synthetic records"})
    if any(data.sensitive(v) for _, v, _ in shares):
        r.uses("suppression")
    r.frames["districts"] = frame.rename_axis("district").reset_index()
    return r


def present(r: Result, w) -> tuple[str, list]:
    t = w.t
    header = [t.plain("col.district"), t.plain("col.akims")]
    header += [t.plain(f"col.{name}", threshold=t.number(w.params.age_threshold)) for name in r.facts["shares"]]
    rows = [[district_name(row["district"], t), t.number(row["akims"])] + [w.table_cell(row[name]) for name in r.facts["shares"]]
            for _, row in r.frames["districts"].iterrows()]
    return t.text("districts.title"), [h.table(w.modelled(r, t.text("districts.caption", scope=w.scope_name)), header, rows)]


def district_name(code: str, t) -> str:
    """Return a district as the report names it: a district code of the synthetic records
    ("KZ-PAV-D01") as its number in words ("Район № 1"), any other name as it is given."""
    numbered = re.fullmatch(r"KZ-\w+-D(\d+)", str(code))
    return t.plain("district.numbered", number=t.number(int(numbered.group(1)))) if numbered else str(code)
