"""Schemas for every kind of input, and checks that report all failures at once.

Each schema is a pandera `DataFrameSchema` built from the code lists in `data/codes/`, so a
ministry can add a region or an ethnicity without touching code. Validation is lazy: every
failure is collected and reported as a `Problem` naming the file, the user's row, the column,
the bad value and what was expected.

Notes
-----
Decisions on typed-by-hand input:

- Cells are stripped of surrounding spaces when read (`akimstat.data.load`), so ``"female "`` is
  accepted as ``female``.
- Codes are compared exactly. ``Female`` is refused with the list of codes: category codes
  are lower case, region codes upper case, and guessing would hide a wrong column. A cell
  equal to a code's *name* in kk, ru or en ("Женщины", "Павлодарская область"; case, spacing
  and "ё/е" aside) is that code (`akimstat.data.names.coded_by_name`, run by `check_records`).
- What a cell was expected to hold is a `Localised` text where the message catalogue has it,
  so the command line can say it in the user's language; its English form is the `str`.
- Numbers are read before pandera sees them (`_numbers_read`), so a cell that is not a number
  is reported once, as such, and every other check of the file still runs; a column that
  holds whole numbers refuses ``41.5`` and ``41,5`` alike.
- Checks that relate several columns of a row (a count within its total, a figure given
  twice) are row rules run after the schema; each names the row and the column to correct.
- Columns that are not in the schema are refused; one whose name suggests a person's name
  (``full_name``, ``ФИО``) is refused with a reminder that records are pseudonymous.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from akimstat.errors import InputError, Problem
from akimstat.labels import LANGUAGES, Localised, localised
from akimstat.data.rules import _age_codes, _count_or_percent, _count_within_nobs, _known_categories, _totals_above_zero, _unique_rows
from akimstat.data.rules import CATEGORIES, CYCLES, REGIONS, SHOWN_CODES

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
AGE_RANGE = (18, 80)  # outside this nobody can hold the post; cycles.csv narrows it per cycle
UNIVERSES = ("akims", "posts", "candidates")
NUMBER_TYPES = ("Int64", "int64", "float64")  # read by `_numbers_read`, not by pandera
MAX_NUMBER = 1e15  # numbers are read below it: exact as floats, far inside int64
NAME_LIKE = re.compile(r"name|фио|имя|фамил|отчеств|аты|тег[іи]", re.IGNORECASE)


def _isin(values, what: str, listed_in: str | None = None) -> pa.Check:
    values = list(dict.fromkeys(values))  # the code list's own order, each once
    shown = ", ".join(values[:SHOWN_CODES])
    if len(values) > SHOWN_CODES:
        shown += f", ... ({len(values)} codes, listed in {listed_in})"
    elif listed_in:
        shown += f" (as in {listed_in})"
    return pa.Check.isin(values, error=f"{what}: one of {shown}")


# English text of a check's error -> the same text in every language (pandera keeps only a str)
_LOCALISED: dict[str, Localised] = {}


def _localised_check(check_of_error, text: Localised) -> pa.Check:
    _LOCALISED[str(text)] = text
    return check_of_error(str(text))


def _coded(codes, variable: str, listed_in: str, names: bool = True) -> pa.Check:
    """Return a check that cells are codes of `variable`; its error lists the codes (with their
    names in each language when the list is short) and points to the mapping file."""
    from akimstat.data.names import codes_of

    values = codes_of(codes, variable)
    shown = values[:SHOWN_CODES]
    what = localised(f"what.{variable}")
    if len(values) > SHOWN_CODES:
        expected = localised("expected.code.more", count=len(values), what=what,
                             codes=", ".join(shown), file=listed_in)
    elif names and variable not in ("cycle", "region"):
        expected = localised("expected.code", what=what, codes=", ".join(shown), file=listed_in,
                             names={lang: ", ".join(codes.label(variable, c, lang) for c in shown)
                                    for lang in LANGUAGES})
    else:
        expected = localised("expected.code.unnamed", what=what, codes=", ".join(shown),
                             file=listed_in)
    expected = localised("expected.code.mapping", expected=expected)
    return _localised_check(lambda error: pa.Check.isin(values, error=error), expected)


def _matches(pattern: str, error: str) -> pa.Check:
    """Return a check that each cell matches `pattern` (``^...$``), fast on a million cells.

    Clean columns, the usual case, pass in one regex pass over the cells joined by line
    breaks; otherwise the cells are matched one by one to find the bad ones.
    """
    cell = pattern.removeprefix("^").removesuffix("$")
    column = re.compile(rf"(?:(?:{cell})\n)*(?:{cell})?")

    def check(series: pd.Series) -> pd.Series:
        cells = series.dropna().tolist()
        joined = "\n".join(cells)
        # As many lines as cells: a cell holding a line break would pass as two good cells.
        if joined.count("\n") == max(len(cells) - 1, 0) and column.fullmatch(joined):
            return pd.Series(True, index=series.index)
        return series.str.fullmatch(cell).fillna(False).astype(bool)

    return pa.Check(check, error=error)


def _text(*checks, nullable=False, unique=False, required=True) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=nullable, unique=unique, required=required)


def _count(nullable=True, required=True) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0, error="a count: a whole number, 0 or more"),
                     coerce=True, nullable=nullable, required=required)


def records_schema(codes) -> pa.DataFrameSchema:
    """Schema of record-level data: one row per akim of a cycle."""
    cat = codes.category_codes
    return pa.DataFrameSchema(
        {
            "record_id": _text(_localised_check(lambda error: _matches(ID_PATTERN, error),
                                              localised("expected.id"))),
            "person_id": _text(_localised_check(lambda error: _matches(ID_PATTERN, error),
                                              localised("expected.id")),
                               nullable=True, required=False),
            "cycle": _text(_coded(codes, "cycle", CYCLES)),
            "region": _text(_coded(codes, "region", REGIONS)),
            "district": _text(_localised_check(
                lambda error: pa.Check.str_length(1, 80, error=error),
                localised("expected.district"))),
            "unit_type": _text(_coded(codes, "unit_type", CATEGORIES)),
            "sex": _text(_coded(codes, "sex", CATEGORIES)),
            "age": pa.Column("Int64", _localised_check(
                lambda error: pa.Check.in_range(*AGE_RANGE, error=error),
                localised("expected.age_range", low=AGE_RANGE[0], high=AGE_RANGE[1])),
                coerce=True, title="an age in whole years"),
            "profession": _text(_coded(codes, "profession", CATEGORIES)),
            "ethnicity": _text(_coded(codes, "ethnicity", CATEGORIES)),
            "education": _text(_coded(codes, "education", CATEGORIES)),
        },
        strict=True,
        name="records",
        metadata={"rules": [_unique_rows(("record_id",), "record_id")]},
    )


def _scope_check(codes) -> pa.Check:
    """National, a region code, or the codes of the oblasts a page's own total covers joined
    by '+' (akimstat/data/pages.py)."""
    from akimstat.data.pages import valid_scope

    regions = set(codes.regions.index)
    return _localised_check(lambda error: pa.Check(lambda s: s.map(lambda v: valid_scope(v, regions)), error=error),
                            localised("expected.scope", file=REGIONS))


def counts_schema(codes) -> pa.DataFrameSchema:
    """Schema of published counts: (cycle, scope, universe, variable, category) -> count."""
    variables = sorted(codes.categories["variable"].unique()) + ["age_under", "age_band"]
    return pa.DataFrameSchema(
        {
            "cycle": _text(_isin(codes.cycles.index, "a cycle", CYCLES)),
            "scope": _text(_scope_check(codes)),
            "universe": _text(_isin(UNIVERSES, "what is counted")),
            "variable": _text(_isin(variables, "a variable")),
            "category": _text(),
            "count": _count(),
            "nobs": _count(),
            "percent": pa.Column(str, pa.Check.str_matches(
                r"^(100(\.0+)?|\d{1,2}(\.\d+)?)$", error="a percentage from 0 to 100, "
                "written with a point (14.5)"), nullable=True),
            "source": _text(),
            "quote": _text(nullable=True),
            "note": _text(nullable=True),
        },
        strict=True,
        name="counts",
        metadata={"rules": [_count_within_nobs, _count_or_percent, _age_codes,
                            _known_categories(codes), _unique_rows(("cycle", "scope", "universe", "variable", "category",
                                          "source"), "category")]},
    )


def figures_schema(codes) -> pa.DataFrameSchema:
    """Schema of published single figures (mean age, candidates registered, ...)."""
    return pa.DataFrameSchema(
        {
            "cycle": _text(_isin(codes.cycles.index, "a cycle", CYCLES)),
            "scope": _text(_isin(["national", *codes.regions.index], "national or a region code",
                                 REGIONS)),
            "key": _text(pa.Check.str_matches(KEY_PATTERN, error="a snake_case key")),
            "value": pa.Column(float, pa.Check.ge(0, error="a figure of 0 or more"), coerce=True),
            "unit": _text(),
            "source": _text(),
            "quote": _text(nullable=True),
            "note": _text(nullable=True),
        },
        strict=True,
        name="figures",
        # Two sources may disagree on a figure: both rows are kept for the audit to report.
        metadata={"rules": [_totals_above_zero,
                            _unique_rows(("cycle", "scope", "key", "source"), "key")]},
    )


def population_schema(codes) -> pa.DataFrameSchema:
    """Schema of population benchmarks (census shares)."""
    return pa.DataFrameSchema(
        {
            "variable": _text(_isin(codes.categories["variable"], "a variable")),
            "category": _text(),
            "percent": pa.Column(float, pa.Check.in_range(0, 100, error="a percentage "
                                 "from 0 to 100"), coerce=True),
            # The census's reference year (2009), not its source's publication date (2010).
            "year": pa.Column("Int64", pa.Check.in_range(1800, 2100, error="a year such as 2009"),
                              coerce=True, nullable=True, required=False),
            "source": _text(),
            "note": _text(nullable=True),
        },
        strict=True,
        name="population",
        metadata={"rules": [_known_categories(codes),
                            _unique_rows(("variable", "category"), "category")]},
    )


# -- running a schema ----------------------------------------------------------------------
def validated(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> pd.DataFrame:
    """Return `frame` checked and converted by `schema`, or raise `InputError` with every problem.

    Numbers are read first, then pandera checks every column, then the schema's row rules
    (``schema.metadata["rules"]``) run; problems of all three are reported together.
    """
    header_at = frame.attrs.get("header_row", 1)
    frame, problems = _numbers_read(frame, schema, file)
    unreadable = {(p.row, p.column) for p in problems}
    try:
        checked = schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        checked = frame
        problems += [p for p in problems_from(exc.failure_cases, file, schema, header_at)
                     if (p.row, p.column) not in unreadable
                     and (p.row is not None or p.column not in {c for _, c in unreadable})]
    for rule in (schema.metadata or {}).get("rules", []):
        # An unreadable cell is missing to the rules: its own problem says what is wrong.
        problems += [p for p in rule(checked, file) if (p.row, p.column) not in unreadable]
    if problems:
        raise InputError(sorted(set(problems), key=Problem.place))
    return checked


def _numbers_read(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str):
    """Return `frame` with its number columns converted, and a problem for each unreadable cell.

    An unreadable cell becomes missing, so pandera's own checks of the column still run on
    the other cells (pandera skips a column's checks once its conversion fails).
    """
    frame, problems = frame.copy(), []
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        if name not in frame.columns or not column.coerce or kind not in NUMBER_TYPES:
            continue
        text = frame[name]
        number = pd.to_numeric(text, errors="coerce")
        whole = kind != "float64"
        # Beyond 15 digits a float no longer holds every whole number, and int64 overflows.
        huge = number.notna() & ~(number.abs() < MAX_NUMBER)
        bad = text.notna() & (number.isna() | huge | ((number % 1 != 0) if whole else False))
        expected = ("a whole number" if whole else "a number, with a point for decimals (14.5)")
        if column.title:
            expected = f"{column.title}: {expected}"
        if whole:
            expected = localised("expected.age" if name == "age" else "expected.whole_number")
        problems += [Problem(file, int(row), name, value, f"{expected}, of at most 15 digits"
                             if too_big else _number_expected(value, expected))
                     for row, value, too_big in zip(text.index[bad], text[bad], huge[bad])]
        frame[name] = number.where(~bad).astype("Int64" if whole else "float64")
    return frame, problems


DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: 00:00:00)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
NUMBER_WITH_WORDS = re.compile(r"(\d+(?:[.,]\d+)?)\s*[^\d\s.,][^\d]*")


def _number_expected(value: str, expected):
    """Return what a cell that is not a number should hold, saying why when it is clear: a
    date (Excel formats a column as dates, and 45 becomes 1900-02-14), or a number with
    words ('45 лет')."""
    if DATE.fullmatch(value):
        from akimstat.data.birth import birth_of

        born = birth_of(value)
        if born is not None and not isinstance(born, int) and born.year > 1900:
            return localised("expected.date_of_birth", expected=expected)
        return localised("expected.not_a_date", expected=expected)
    words = NUMBER_WITH_WORDS.fullmatch(value)
    if words:
        return localised("expected.digits_only", expected=expected, number=words.group(1))
    return expected


def problems_from(failures: pd.DataFrame, file: str, schema: pa.DataFrameSchema | None = None,
                  header_at: int = 1) -> list[Problem]:
    """Turn pandera's failure table into problems located by file, row and column; a problem
    with the header names its row, `header_at`."""
    known = list(schema.columns) if schema is not None else []
    problems = []
    for case in failures.itertuples(index=False):
        check = str(case.check)
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) or case.column not in known and not _per_column(
            check) else str(case.column)
        if check in ("column_in_dataframe", "column_in_schema"):
            row, column = header_at, str(case.failure_case)
        problems.append(Problem(file, row, column, _value(case), _expected(check, case, known)))
    return problems


def _per_column(check: str) -> bool:
    return check == "not_nullable" or check.startswith(("coerce_dtype", "dtype"))


def _value(case):
    if case.check in ("column_in_dataframe", "column_in_schema") or pd.isna(case.index):
        return None
    value = case.failure_case
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 140, as typed, not 140.0
    return None if pd.isna(value) else value


def _expected(check: str, case, known: list[str]) -> str:
    if check == "column_in_dataframe":
        return localised("expected.column", column=case.failure_case)
    if check == "column_in_schema":
        hint = (localised("hint.pseudonymous") if NAME_LIKE.search(str(case.failure_case))
                else "")
        return (localised("expected.only_columns", columns=", ".join(known), hint=hint) if known
                else "only known columns")
    if check == "not_nullable":
        return localised("expected.value")
    if check == "field_uniqueness":  # pandera's name for a column's unique=True
        return localised("expected.unique")
    if check in _LOCALISED:
        return _LOCALISED[check]
    match = re.match(r"(?:coerce_dtype|dtype)\('(\w+)'\)", check)
    if match:
        kind = match.group(1)
        return {"Int64": "a whole number", "float64": "a number"}.get(kind, kind)
    return check
