"""Mapping files: how a register's own headers and values become akimstat's columns and codes.

A ministry's register has its own headers ("Пол", "Жынысы"), its own values ("жен", "Ж") and
often no ids or cycle. A mapping file, YAML that a person reads and reviews, says what each
header and value means, so that the register is read as it is, without a script::

    file: register.xlsx        # the register, relative to this file
    header_row: 3              # optional: the row of the column names
    encoding: cp1251           # optional: of a CSV file not in UTF-8
    columns:                   # the register's header: akimstat's column, or drop
      Пол: sex
      ФИО: drop
    values:                    # akimstat's column: {the register's value: code}
      sex: {жен: female, муж: male}
    supply:                    # columns the register does not have
      cycle: "2013"
      record_id: "R{row}"      # {row}: the register's row, so ids are unique and stable

`akimstat.data.draft.suggest` writes a first draft by matching headers and values against the code lists' names
in kk, ru and en (`akimstat.data.names`), marking with "?" what it could not match; `read_mapping`
checks a file and `mapped` applies it. Problems name the mapping file and its line, or the
register's row and its own header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from akimstat.errors import InputError, Problem
from akimstat.labels import localised
from akimstat.data.names import CODED, closest_code, codes_of, normalised
from akimstat.params import LANGUAGES

UNMATCHED = "?"
DROP = "drop"
ROW_PLACEHOLDER = "{row}"
KEYS = ("file", "header_row", "encoding", "columns", "values", "supply")
BIRTH_COLUMN = "birth_date"  # a date or a year of birth (akimstat.data.birth): gives `age`
# akimstat's columns a register's header may map to (`birth_date`, `birth_year` give `age`).
TARGETS = ("record_id", "person_id", "cycle", "region", "district", "unit_type", "sex", "age",
           BIRTH_COLUMN, "birth_year", "profession", "ethnicity", "education")
SUPPLIED = ("cycle", "record_id")
VALUED = (*CODED, "district")  # columns whose values a mapping may rewrite (districts: names)
# Headers registers use, normalised, for each column (kk, ru, en; the column's own name too).
HEADERS = {
    "record_id": ["№", "n", "no", "№ п/п", "номер", "номер записи", "id", "record id", "нөмірі",
                  "реттік нөмір", "жазба нөмірі"],
    "person_id": ["person id", "код лица", "табельный номер", "личный номер", "жеке нөмір",
                  "тұлға коды", "адам коды"],
    "cycle": ["цикл", "выборы", "кезең", "сайлау", "cycle", "election"],
    "region": ["область", "регион", "облыс", "өңір", "region", "oblast"],
    "district": ["район", "аудан", "district"],
    "unit_type": ["тип единицы", "тип", "вид единицы", "тип административной единицы",
                  "бірлік түрі", "түрі", "unit type", "type"],
    "sex": ["пол", "жынысы", "жыныс", "sex", "gender"],
    "age": ["возраст", "полных лет", "жасы", "жас", "age"],
    BIRTH_COLUMN: ["дата рождения", "туған күні", "туған күні мен жылы", "date of birth",
                   "birth date"],
    "birth_year": ["год рождения", "туған жылы", "birth year", "year of birth"],
    "profession": ["профессия", "специальность", "профессия по образованию", "мамандығы",
                   "мамандық", "profession", "speciality"],
    "ethnicity": ["национальность", "ұлты", "ұлт", "ethnicity", "nationality"],
    "education": ["образование", "білімі", "білім", "education"],
}
NAME_HEADER = re.compile(r"фио|ф\.и\.о|имя|фамилия|отчество|аты|тегі|name", re.IGNORECASE)
VALUES_SUGGESTED = 200  # a coded column with more distinct values is not a code column


@dataclass
class Mapping:
    """A checked mapping file: what each header and value of a register means."""

    path: Path
    file: Path | None = None
    header_row: int | None = None
    encoding: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    supply: dict[str, str] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # (section, key) -> line
    #: Read leniently (`read_mapping(..., lenient=True)`): the file's problems, and the headers
    #: and supplied columns left undecided or wrong, so the register is checked without them.
    problems: list[Problem] = field(default_factory=list, repr=False)
    pending: set[str] = field(default_factory=set, repr=False)

    def line(self, *key) -> int | None:
        """Return the line of the mapping file that holds `key`, for messages."""
        return self.lines.get(key)


# -- reading and checking -------------------------------------------------------------------
def read_mapping(path: str | Path, lenient: bool = False) -> Mapping:
    """Return the mapping file at `path`, checked for its shape (codes are checked by `mapped`).

    Raises `InputError` naming the file, its line and what is wrong, every problem at once;
    `lenient`, only for a file that cannot be read: the problems are kept in
    ``mapping.problems`` and the lines they are on left out, so that `validate` reports them
    with every problem of the register in one pass.
    """
    path = Path(path)
    node, data = _read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), None, None, None, "a YAML mapping with the keys "
                                  f"{', '.join(KEYS)} (see docs/your-register.md)")])
    mapping, problems = Mapping(path=path, lines=_lines(node)), []

    def problem(key: tuple, value, expected):
        problems.append(Problem(str(path), mapping.line(*key), ".".join(map(str, key)), value,
                                expected))

    for key in data:
        if key not in KEYS:
            problem((key,), None, f"one of the keys {', '.join(KEYS)}")
    if isinstance(data.get("file"), str) and (path.parent / data["file"]).is_dir():
        problem(("file",), data["file"], "the register's file (.csv or .xlsx), not a folder")
    elif isinstance(data.get("file"), str):
        mapping.file = path.parent / data["file"]
    elif data.get("file") is not None:
        problem(("file",), data["file"], localised("yaml.text"))
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        problem(("header_row",), header_row, "a row number from 1")
    mapping.header_row = header_row if isinstance(header_row, int) else None
    mapping.encoding = data.get("encoding")
    if mapping.encoding is not None and not isinstance(mapping.encoding, str):
        problem(("encoding",), mapping.encoding, localised("mapping.encoding"))
        mapping.encoding = None
    mapping.columns = _section(data, "columns", problem)
    _check_columns(mapping.columns, problem)
    for column, table in _section(data, "values", problem, nested=True).items():
        if column not in VALUED:
            problem(("values", column), None, localised("mapping.coded",
                                                        columns=", ".join(VALUED)))
            continue
        mapping.values[column] = {str(k): v for k, v in table.items()}
    mapping.supply = _section(data, "supply", problem)
    _check_supply(mapping.supply, problem)
    if problems and not lenient:
        raise InputError(problems)
    return _without_problems(mapping, problems)


def _read_yaml(path: Path):
    """Return the composed node and the document of the mapping file `path`, or
    raise `InputError` naming it and the line at fault (akimstat.useryaml says what is
    refused: huge files, aliases, deep nesting, keys written twice)."""
    from akimstat.useryaml import YamlRefusal, read_user_yaml

    def refused(line, expected):
        return InputError([Problem(str(path), line, None, None, expected)])

    try:
        return read_user_yaml(path)
    except FileNotFoundError:
        raise refused(None, "an existing mapping file (write one with: akimstat map --suggest "
                            "REGISTER)") from None
    except IsADirectoryError:
        raise refused(None, "a mapping file, not a folder") from None
    except UnicodeDecodeError:
        raise refused(None, "a mapping file in UTF-8") from None
    except YamlRefusal as exc:
        raise refused(exc.line, localised(exc.key, **exc.values)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise refused(mark.line + 1 if mark else None,
                      f"valid YAML ({getattr(exc, 'problem', exc)})") from None


def _without_problems(mapping: Mapping, problems: list[Problem]) -> Mapping:
    """Return `mapping` without the column and supply lines `problems` are about, which are
    kept as pending: what the register is checked without."""
    bad = {p.column for p in problems}
    for section in ("columns", "supply"):
        table = getattr(mapping, section)
        for key in [k for k in table if f"{section}.{k}" in bad]:
            mapping.pending.add(key if section == "columns" else f"supply.{key}")
            del table[key]
    mapping.problems = problems
    return mapping


def _check_columns(columns: dict[str, str], problem) -> None:
    seen: dict[str, str] = {}
    for header, target in columns.items():
        if target == UNMATCHED:
            problem(("columns", header), target, localised(
                "mapping.unmatched_column", columns=", ".join(TARGETS)))
        elif target not in TARGETS and target != DROP:
            problem(("columns", header), target, localised(
                "mapping.column", columns=", ".join(TARGETS)))
        elif target != DROP and target in seen:
            problem(("columns", header), target, localised("mapping.column_twice",
                                                           other=seen[target]))
        seen.setdefault(target, header)


def _check_supply(supply: dict[str, str], problem) -> None:
    for column, value in supply.items():
        if column not in SUPPLIED:
            problem(("supply", column), value, localised("mapping.supplied",
                                                         columns=", ".join(SUPPLIED)))
        elif value == UNMATCHED:
            problem(("supply", column), value, localised("mapping.unmatched_supply"))
        elif column == "record_id" and ROW_PLACEHOLDER not in value:
            problem(("supply", column), value, localised("mapping.row_placeholder",
                                                         row=ROW_PLACEHOLDER))


def _section(data: dict, name: str, problem, nested: bool = False) -> dict:
    """Return section `name` as text keys and values (a nested mapping per key if `nested`)."""
    section = data.get(name) or {}
    if not isinstance(section, dict):
        problem((name,), None, f"a YAML mapping under '{name}'")
        return {}
    out = {}
    for key, value in section.items():
        if nested:
            if value is None:
                continue  # a section left empty once its lines were decided: nothing to map
            if not isinstance(value, dict):
                problem((name, key), None, f"a YAML mapping of values to codes under '{key}'")
                continue
            out[str(key)] = {str(k): str(v) if v is not None else UNMATCHED
                             for k, v in value.items()}
        else:
            out[str(key)] = UNMATCHED if value is None else str(value)
    return out


def _lines(node) -> dict[tuple, int]:
    """Return the line (from 1) of each key of the YAML document, by its path of keys."""
    lines: dict[tuple, int] = {}

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*path, str(key.value))
                lines[here] = key.start_mark.line + 1
                walk(value, here)

    if node is not None:
        walk(node, ())
    return lines


# -- applying -----------------------------------------------------------------------------------
def mapped(frame: pd.DataFrame, mapping: Mapping, codes, file: str) -> pd.DataFrame:
    """Return the register `frame` with akimstat's columns and codes, as `mapping` says.

    The result keeps the register's rows as its index, and ``attrs["headers"]`` maps each
    akimstat column back to the register's header, so problems can name the header the user
    sees. Raises `InputError` for headers the mapping and the register disagree on and for
    codes the mapping names that the code lists do not have.
    """
    out, problems = mapped_leniently(frame, mapping, codes, file)
    if problems:
        raise InputError(problems)
    return out


def mapped_leniently(frame: pd.DataFrame, mapping: Mapping, codes, file: str
                     ) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the register mapped as far as `mapping` can be applied, and the problems of the
    mapping with it: a value whose code is wrong or "?" is left as the register has it, so
    its rows are checked (and named) with every other problem."""
    problems = _disagreements(frame, mapping, codes, file)
    unusable = {(p.column, p.value, p.row) for p in problems}
    renamed = {h: t for h, t in mapping.columns.items() if t != DROP and h in frame.columns}
    dropped = [h for h, t in mapping.columns.items() if t == DROP and h in frame.columns]
    out = frame.drop(columns=dropped + [h for h in mapping.pending if h in frame.columns]
                     ).rename(columns=renamed)
    for column, table in mapping.values.items():
        if column in out.columns:
            lookup = {normalised(k): v for k, v in table.items() if (
                f"values.{column}", v, mapping.line("values", column, k)) not in unusable}
            distinct = out[column].dropna().unique()
            found = {v: lookup[normalised(v)] for v in distinct if normalised(v) in lookup}
            out[column] = out[column].replace(found)
    for column, value in mapping.supply.items():
        if column not in out.columns:
            out[column] = ([value.replace(ROW_PLACEHOLDER, str(row)) for row in out.index]
                           if ROW_PLACEHOLDER in value else value)
    out.attrs = {**frame.attrs, "headers": {t: h for h, t in renamed.items()}}
    return out, problems


def _disagreements(frame: pd.DataFrame, mapping: Mapping, codes, file: str) -> list[Problem]:
    """Return the problems of `mapping` with the register `frame` and the code lists."""
    problems = []
    header_at = frame.attrs.get("header_row", 1)
    for header in [h for h in mapping.columns if h not in frame.columns]:
        problems.append(Problem(str(mapping.path), mapping.line("columns", header), header, None,
                                localised("mapping.header_missing", file=file,
                                          headers=", ".join(frame.columns))))
    for header in frame.columns:
        if header not in mapping.columns and header not in TARGETS and (
                header not in mapping.pending):
            problems.append(Problem(file, header_at, header, None, localised(
                "mapping.header_unmapped", mapping=str(mapping.path))))
    for column, table in mapping.values.items():
        known = None if column == "district" else set(codes_of(codes, column))
        for value, code in table.items():
            if code == UNMATCHED or known is not None and code not in known:
                problems.append(Problem(str(mapping.path), mapping.line("values", column, value),
                                        f"values.{column}", code, _code_expected(
                                            codes, column, value)))
    cycle = mapping.supply.get("cycle")
    if cycle is not None and cycle != UNMATCHED and cycle not in set(codes_of(codes, "cycle")):
        problems.append(Problem(str(mapping.path), mapping.line("supply", "cycle"), "supply.cycle",
                                cycle, _code_expected(codes, "cycle")))
    return problems


def _code_expected(codes, column: str, value: str | None = None):
    """Return what a value's line must say: a code of `column`, the one `value` looks like
    when one is close (as `validate` suggests it for the register's cells)."""
    if column == "district":
        return localised("expected.district")
    shown = codes_of(codes, column)
    expected = localised("mapping.code", what=localised(f"what.{column}"), codes=", ".join(shown))
    code = closest_code(codes, column, value) if value is not None else None
    if code is None:
        return expected
    return localised("mapping.looks_like", expected=expected, code=code,
                     name=_names_of(codes, column, code))


def _names_of(codes, column: str, code: str) -> dict[str, str]:
    return {lang: codes.label(column, code, lang) if column != "cycle" else code
            for lang in LANGUAGES}


def with_register_headers(problems: list[Problem], headers: dict[str, str]) -> list[Problem]:
    """Return `problems` with akimstat's column names replaced by the register's headers."""
    return [Problem(p.file, p.row, headers.get(p.column, p.column), p.value, p.expected)
            for p in problems]
