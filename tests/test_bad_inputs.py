"""A corpus of bad inputs, as ministry clerks type them: each case is named, and each must be
refused with the right exception, a message naming the file, row and column (or the
parameter), no traceback from the command line, and nothing written.

Decisions the corpus pins down (see also the Notes of `akimstat.validate`):

- A records file with a header and no rows is an error, "no records".
- Codes are exact: ``Female`` is refused with the list of codes; spaces around a code are
  typing noise and are stripped, so ``"female "`` is accepted.
- A cp1251 file is refused with a hint, and read when ``--encoding cp1251`` is given.
- Published counts keep their source's arithmetic; an official table must add up.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.dataset import check_records, check_table, load_dataset, role_of
from akimstat.errors import InputError, ParameterError
from akimstat.load import read_table
from akimstat.params import parameters_from, read_parameters

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
    from akimstat.scope import ScopeData

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


def test_many_problems_are_summarised(write_csv, published_only):
    """25 distinct bad values: 20 lines, then how many more."""
    path = write_csv(records(*(record(n, sex=f"F{n}") for n in range(1, 26))))
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and lines[0] == "akimstat: error: 25 problems in the input:"
    assert f"{path}, row 21, column 'sex'" in lines[20] and lines[-1].strip() == (
        "... and 5 more problems")


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
