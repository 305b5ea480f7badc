"""Schemas for every kind of input, and checks that report all failures at once.

Each schema is a pandera `DataFrameSchema` built from the code lists in `data/codes/`, so a
ministry can add a region or an ethnicity without touching code. Validation is lazy: every
failure is collected and reported as a `Problem` naming the file, the user's row, the column,
the bad value and what was expected.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from akimstat.errors import InputError, Problem

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
AGE_RANGE = (18, 80)  # outside this nobody can hold the post; cycles.csv narrows it per cycle
UNIVERSES = ("akims", "posts", "candidates")


def _isin(values, what: str) -> pa.Check:
    values = sorted(set(values))
    shown = ", ".join(values) if len(values) <= 12 else ", ".join(values[:12]) + ", ..."
    return pa.Check.isin(values, error=f"{what}: one of {shown}")


def _text(*checks, nullable=False, unique=False, required=True) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=nullable, unique=unique, required=required)


def _count(nullable=True, required=True) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0, error="a whole number, 0 or more"), coerce=True,
                     nullable=nullable, required=required)


def records_schema(codes) -> pa.DataFrameSchema:
    """Schema of record-level data: one row per akim of a cycle."""
    cat = codes.category_codes
    return pa.DataFrameSchema(
        {
            "record_id": _text(pa.Check.str_matches(ID_PATTERN, error="a pseudonymous id: "
                               "letters, digits, '_', '-', '.', no spaces, at most 40"), unique=True),
            "person_id": _text(pa.Check.str_matches(ID_PATTERN, error="a pseudonymous id"),
                               nullable=True, required=False),
            "cycle": _text(_isin(codes.cycles.index, "a cycle listed in data/codes/cycles.csv")),
            "region": _text(_isin(codes.regions.index, "an ISO 3166-2:KZ code listed in "
                                  "data/codes/regions.csv")),
            "district": _text(pa.Check.str_length(1, 80, error="a district name or code, "
                                                  "at most 80 characters")),
            "unit_type": _text(_isin(cat("unit_type"), "a unit type code")),
            "sex": _text(_isin(cat("sex"), "a sex code")),
            "age": pa.Column("Int64", pa.Check.in_range(*AGE_RANGE, error="an age in whole "
                             f"years from {AGE_RANGE[0]} to {AGE_RANGE[1]}"), coerce=True),
            "profession": _text(_isin(cat("profession"), "a profession code")),
            "ethnicity": _text(_isin(cat("ethnicity"), "an ethnicity code")),
            "education": _text(_isin(cat("education"), "an education code")),
        },
        strict=True,
        name="records",
    )


def counts_schema(codes) -> pa.DataFrameSchema:
    """Schema of published counts: (cycle, scope, universe, variable, category) -> count."""
    variables = sorted(codes.categories["variable"].unique()) + ["age_under"]
    return pa.DataFrameSchema(
        {
            "cycle": _text(_isin(codes.cycles.index, "a cycle listed in data/codes/cycles.csv")),
            "scope": _text(_isin(["national", *codes.regions.index], "national or a region code")),
            "universe": _text(_isin(UNIVERSES, "what is counted")),
            "variable": _text(_isin(variables, "a variable")),
            "category": _text(),
            "count": _count(),
            "nobs": _count(),
            "percent": pa.Column(str, pa.Check.str_matches(
                r"^(100(\.0+)?|\d{1,2}(\.\d+)?)$", error="a percentage from 0 to 100, "
                "written with a point"), nullable=True),
            "source": _text(),
            "quote": _text(nullable=True),
            "note": _text(nullable=True),
        },
        checks=[
            pa.Check(lambda df: df["count"].isna() | df["nobs"].isna() | (df["count"] <= df["nobs"]),
                     error="count not larger than nobs (the total it is part of)"),
            pa.Check(lambda df: df["count"].notna() | df["percent"].notna(),
                     error="a count, a percent or both"),
        ],
        strict=True,
        name="counts",
    )


def figures_schema(codes) -> pa.DataFrameSchema:
    """Schema of published single figures (mean age, candidates registered, ...)."""
    return pa.DataFrameSchema(
        {
            "cycle": _text(_isin(codes.cycles.index, "a cycle listed in data/codes/cycles.csv")),
            "scope": _text(_isin(["national", *codes.regions.index], "national or a region code")),
            "key": _text(pa.Check.str_matches(KEY_PATTERN, error="a snake_case key")),
            "value": pa.Column(float, coerce=True),
            "unit": _text(),
            "source": _text(),
            "quote": _text(nullable=True),
            "note": _text(nullable=True),
        },
        unique=["cycle", "scope", "key"],
        strict=True,
        name="figures",
    )


def population_schema(codes) -> pa.DataFrameSchema:
    """Schema of population benchmarks (census shares)."""
    return pa.DataFrameSchema(
        {
            "variable": _text(_isin(codes.categories["variable"], "a variable")),
            "category": _text(),
            "percent": pa.Column(float, pa.Check.in_range(0, 100, error="a percentage "
                                 "from 0 to 100"), coerce=True),
            "source": _text(),
            "note": _text(nullable=True),
        },
        strict=True,
        name="population",
    )


def validated(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> pd.DataFrame:
    """Return `frame` checked and converted by `schema`, or raise `InputError` with every problem."""
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise InputError(problems_from(exc.failure_cases, file)) from None


def problems_from(failures: pd.DataFrame, file: str) -> list[Problem]:
    """Turn pandera's failure table into problems located by file, row and column."""
    problems = []
    for case in failures.itertuples(index=False):
        check = str(case.check)
        if _coerce_failed(failures, case) and not check.startswith("coerce_dtype"):
            continue  # the failed conversion already said it; other checks saw raw text
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) or case.column == "records" else str(case.column)
        problems.append(Problem(file, row, column, _value(case), _expected(check, case)))
    return sorted(set(problems), key=lambda p: (p.row or 0, p.column or ""))


def _coerce_failed(failures: pd.DataFrame, case) -> bool:
    same = failures[failures["column"] == case.column]
    if not pd.isna(case.index):
        same = same[same["index"] == case.index]
    return same["check"].astype(str).str.startswith("coerce_dtype").any()


def _value(case):
    if case.check in ("column_in_dataframe", "column_in_schema") or pd.isna(case.index):
        return None
    return None if pd.isna(case.failure_case) else case.failure_case


def _expected(check: str, case) -> str:
    if check == "column_in_dataframe":
        return f"a column named '{case.failure_case}'"
    if check == "column_in_schema":
        return f"only known columns ('{case.failure_case}' is not one)"
    if check == "not_nullable":
        return "a value (the cell is empty)"
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "a value not repeated in another row"
    match = re.match(r"coerce_dtype\('(\w+)'\)", check)
    if match:
        return {"Int64": "a whole number", "float64": "a number"}.get(match.group(1), match.group(1))
    return check
