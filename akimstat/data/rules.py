"""Row rules of the published tables: checks across the columns of a row (a count within its
total, a count or a percentage, known categories and age codes, each row once), run on typed
columns after the schema's own checks."""

from __future__ import annotations

import re
from typing import Callable

import pandas as pd

from akimstat.data.counts import band_bounds
from akimstat.errors import Problem
from akimstat.labels import localised

#: The code lists problems name when a value is not a code.
CYCLES, REGIONS, CATEGORIES = (f"data/codes/{name}.csv" for name in
                                ("cycles", "regions", "categories"))
SHOWN_CODES = 12  # a longer code list is cut short in messages and the file named instead


Rule = Callable[[pd.DataFrame, str], list[Problem]]


def _count_within_nobs(frame: pd.DataFrame, file: str) -> list[Problem]:
    if not {"count", "nobs"} <= set(frame.columns):
        return []
    over = frame[(frame["count"] > frame["nobs"]).fillna(False)]
    return [Problem(file, row, "count", int(count), f"at most {int(nobs)}, the nobs (total) of "
                    "the row") for row, count, nobs in zip(over.index, over["count"], over["nobs"])]


#: Figures the reports divide by: a total of 0 is a typing error, not a corps of none.

TOTAL_KEYS = ("posts", "elected", "nominated", "registered")


def _totals_above_zero(frame: pd.DataFrame, file: str) -> list[Problem]:
    if not {"key", "value"} <= set(frame.columns):
        return []
    zero = frame[frame["key"].isin(TOTAL_KEYS) & (frame["value"] == 0)]
    return [Problem(file, int(row), "value", 0, f"a {key} total above 0")
            for row, key in zip(zero.index, zero["key"])]


def _known_categories(codes) -> Rule:
    """Return a rule refusing a category that is not a code of its row's variable (age
    categories are `_age_codes`' to check)."""
    known = codes.categories.groupby("variable")["code"].agg(set).to_dict()

    def rule(frame: pd.DataFrame, file: str) -> list[Problem]:
        if not {"variable", "category"} <= set(frame.columns):
            return []
        problems = []
        for row, variable, category in zip(frame.index, frame["variable"], frame["category"]):
            if not isinstance(variable, str) or not isinstance(category, str):
                continue  # a missing or unknown variable is its own problem
            if variable in known and category not in known[variable]:
                listed = sorted(known[variable])
                shown = ", ".join(listed[:SHOWN_CODES]) + (", ..." if len(listed) > SHOWN_CODES else "")
                problems.append(Problem(file, int(row), "category", category,
                                        f"a {variable} code: one of {shown} (as in {CATEGORIES})"))
        return problems

    return rule


def _count_or_percent(frame: pd.DataFrame, file: str) -> list[Problem]:
    if not {"count", "percent"} <= set(frame.columns):
        return []
    empty = frame.index[frame["count"].isna() & frame["percent"].isna()]
    return [Problem(file, row, "count", None, "a count, a percent or both (both cells are empty)")
            for row in empty]


def _age_codes(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Refuse age categories whose code does not say the ages it holds (see data/README.md)."""
    if not {"variable", "category"} <= set(frame.columns):
        return []
    problems = []
    for row, variable, code in zip(frame.index, frame["variable"], frame["category"]):
        if variable == "age_under" and not re.fullmatch(r"under_\d+", str(code)):
            problems.append(Problem(file, row, "category", code, "under_<years>, the threshold "
                                    "in the code (under_55: younger than 55)"))
        elif variable == "age_band":
            try:
                low, high = band_bounds(str(code))
            except ValueError:
                problems.append(Problem(file, row, "category", code, "an age band code: "
                                        "age_36_45 (36 to 45 years), age_to_35 or age_from_56"))
                continue
            if low is not None and high is not None and low > high:
                problems.append(Problem(file, row, "category", code, "a band with its lower end "
                                        "at most its upper end (age_36_45)"))
    return problems


def _unique_rows(columns: tuple[str, ...], named: str) -> Rule:
    """Return a rule refusing two rows with the same `columns`; problems name column `named`."""

    def rule(frame: pd.DataFrame, file: str) -> list[Problem]:
        if not set(columns) <= set(frame.columns):
            return []
        twice = frame[frame.duplicated(list(columns), keep=False)]
        rows = twice.reset_index().groupby(list(columns), dropna=False)[twice.index.name or "index"]
        first_row = rows.transform("min").to_numpy()
        def expected(r0):
            if columns == (named,):
                return localised("expected.used_once", column=named, row=r0)
            return f"one row per ({', '.join(columns)}); row {r0} has it too"

        return [Problem(file, row, named, value, expected(r0))
                for row, value, r0 in zip(twice.index, twice[named], first_row) if row != r0]

    return rule
