"""The rows of reconciliation.csv: one contradiction each, with the sources' identities, the
territory as the cycle names it, and the figure the reports use."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd


from akimstat import stats

from akimstat.data.dataset import Dataset
from akimstat.params import NATIONAL, ReportParameters
from akimstat.report.choice import figure_used, in_code_order


#: The columns of a reconciliation frame, in order (reconciliation.csv).


COLUMNS = ["cycle", "scope", "check", "universe", "item", "unit", "value", "source", "other_value",
           "other_source", "difference", "correction", "certainty", "used", "used_because", "detail",
           "source_title", "source_date", "other_source_title", "other_source_date"]


#: Variables whose categories do not exhaust the universe: a table of the akims' parties leaves


#: out the self-nominated (nomination), so its parts may sum to less than the akims elected.


PARTIAL_VARIABLES = ("party",)


#: Figure keys that add up over regions (a national figure is at least the sum of the regions').


ADDITIVE_UNITS = ("akims", "posts", "persons", "units", "stations", "commissions")


REST = "(rest)"  # the unpublished remainder of a table that gives some of its categories


def _row(cycle, scope, check, item, value, source, other_value, other_source, *, universe="",
         unit="count", correction="", certainty="", used=math.nan, used_because="", detail="") -> dict:
    difference = other_value - value if _number(value) and _number(other_value) else math.nan
    return {"cycle": cycle, "scope": scope, "check": check, "universe": universe, "item": item,
            "unit": unit, "value": value, "source": source, "other_value": other_value,
            "other_source": other_source, "difference": difference, "correction": correction,
            "certainty": certainty, "used": used, "used_because": used_because, "detail": detail}


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not (isinstance(x, float) and math.isnan(x))


def _framed(data: Dataset, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS[:16])
    for side in ("source", "other_source"):
        frame[f"{side}_title"] = frame[side].map(lambda s: _identity(data, s)[0])
        frame[f"{side}_date"] = frame[side].map(lambda s: _identity(data, s)[1])
    order = frame["check"].map({c: i for i, c in enumerate(CHECKS)})
    cycles = {c: i for i, c in enumerate(data.codes.cycles.sort_values("date").index)}
    frame = frame.assign(_cycle=frame["cycle"].map(cycles), _check=order,
                         _national=frame["scope"] != NATIONAL)
    frame = frame.sort_values(["_cycle", "_national", "scope", "_check", "item", "source", "other_source"],
                              kind="stable")
    frame = frame.drop(columns=["_cycle", "_check", "_national"]).reset_index(drop=True)[COLUMNS]
    # One dtype per column however few rows there are (a cycle's rows alone, or none); text is
    # cast only when there are no rows, since pandas 2 would write a missing text as 'nan'.
    return frame.astype({c: "float64" if c in NUMBERS else "str" for c in COLUMNS if c in NUMBERS or frame.empty})


NUMBERS = ("value", "other_value", "difference", "used")


def _identity(data: Dataset, source) -> tuple[str, str]:
    """Return (title, date) of a source id, or of a list of them ('a, b': titles and dates
    joined by '; '); ('', '') for what is not a source (records, a code list)."""
    ids = source.split(", ") if isinstance(source, str) else []
    if not ids or data.sources.empty or not set(ids) <= set(data.sources.index):
        return "", ""
    rows = [data.sources.loc[i] for i in ids]
    dates = ["" if pd.isna(row.get("date", "")) else str(row.get("date", "")) for row in rows]
    return "; ".join(str(row["title"]) for row in rows), "; ".join(dates)


def _territory(data: Dataset, cycle: str, scope: str) -> str:
    """Return the one code of `scope`'s territory at the cycle's date (KZ-VOS for KZ-63 in
    2021), so that two sources using two codes of one oblast are compared."""
    if scope == NATIONAL:
        return scope
    key = ("_territory", cycle, scope)
    if key not in data._cache:  # asked for every row: the code lists are read once per code
        existing = _existing(data, cycle)
        found = [code for code in (scope, *data.same_territory(scope, cycle)) if code in existing]
        data._cache[key] = found[0] if found else scope
    return data._cache[key]


def _existing(data: Dataset, cycle: str) -> list[str]:
    """`Dataset.regions_existing`, kept with the data set."""
    key = ("_existing", cycle)
    if key not in data._cache:
        data._cache[key] = data.regions_existing(cycle)
    return data._cache[key]


def _percent(text) -> tuple[Fraction, int] | None:
    return stats.parse_percent(text)


def _used_of(data: Dataset, cycle: str, universe: str) -> str:
    if data.has_records(cycle) and universe == "akims":
        return "records"
    return "main_source" if universe in ("akims", "posts") else "not_shown"


def _used(data: Dataset, cycle: str, scope: str, universe: str, value, because: str,
          variable: str | None = None, category: str | None = None):
    """Return (figure the reports use, why): in a cycle with records, the records' count of the
    akims (of `category`, else all; empty when it is a small count of a sensitive variable,
    as the reports leave it); else `value` for `because`."""
    if not (data.has_records(cycle) and universe == "akims"):
        return (math.nan if because == "not_shown" else value), because
    records = data.records[data.records["cycle"] == cycle]
    if scope != NATIONAL:
        records = records[records["region"].isin({scope, *data.same_territory(scope, cycle)})]
    if category is None:
        return len(records), "records"
    if variable not in records.columns:
        return math.nan, "records"
    count = int((records[variable] == category).sum())
    small = variable in ReportParameters().sensitive_variables and 0 < count < ReportParameters().suppression_threshold
    return (math.nan if small else count), "records"


def _text(value) -> str:
    value = _plain(value)
    return str(value) if isinstance(value, int) else f"{value:.10g}"


def _plain(value) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() else value


#: The kinds of contradiction, in the order the reports list them.


CHECKS = ("parts_total", "percent_count", "figure_table", "mean_bands", "sources", "regions_nation", "group_total",
          "region_not_existing", "coverage", "posts", "records")


def _figure_used(data: Dataset, cycle: str, scope: str, key: str) -> dict:
    """The `used` and `used_because` of a single figure (`choice.figure_used`)."""
    used, because = figure_used(data, cycle, scope, key)
    return {"used": _plain(used) if _number(used) else used, "used_because": because}


def _tables(data: Dataset) -> list[tuple[tuple, pd.DataFrame]]:
    """Return every published table: the rows of one (cycle, scope, universe, variable, source,
    nobs), in file order."""
    if "_tables" not in data._cache:
        counts = data.counts
        keys = ["cycle", "scope", "universe", "variable", "source"]
        data._cache["_tables"] = [(key, in_code_order(data, rows)) for key, rows in counts.assign(
            _nobs=counts["nobs"].fillna(-1)).groupby([*keys, "_nobs"], sort=True)]
    return data._cache["_tables"]
