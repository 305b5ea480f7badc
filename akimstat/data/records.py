"""Record-level data checked: a records file or a register read through its mapping file, ages from
birth dates or years, ids that look like names, districts and regions that did not exist, people
twice in a cycle, records repeated across files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from akimstat.data import validate as v
from akimstat.data.birth import ages_at, as_written
from akimstat.errors import InputError, Problem
from akimstat.labels import localised
from akimstat.data.load import file_of, read_table
from akimstat.data.mapping import (BIRTH_COLUMN, Mapping, mapped_leniently, read_mapping,
                              with_register_headers)
from akimstat.data.names import coded_by_name, with_suggestions
from akimstat.provenance import sha256_of
from akimstat.data.codelists import Codes
from akimstat.data.package import MAPPING


def _records_of(resource: dict, root: Path, codes: Codes, encoding: str | None,
                hashes: dict) -> pd.DataFrame:
    """Return a records resource validated; a register with its own headers and values is
    read through the mapping file its resource names (whose hash is kept too)."""
    path = root / resource["path"]
    if not resource.get(MAPPING):
        frame = read_table(path, encoding)
        return check_records(frame, codes, file_of(frame, path))
    mapping_path = root / resource[MAPPING]
    hashes[resource[MAPPING]] = sha256_of(mapping_path) if mapping_path.is_file() else ""
    return read_register(path, read_mapping(mapping_path), codes, encoding)


def _records_in_two_files(parts: list[tuple[str, pd.DataFrame]]) -> list[Problem]:
    """Return a problem for each record whose id an earlier records file already has (a file
    copied under another name would otherwise count its akims twice)."""
    if len(parts) < 2:
        return []
    ids = pd.concat([pd.DataFrame({"file": file, "row": frame.index, "record_id": frame["record_id"]})
                     for file, frame in parts], ignore_index=True)
    first_file = ids["record_id"].map(ids.drop_duplicates("record_id").set_index("record_id")["file"])
    again = ids[ids.duplicated("record_id") & (first_file != ids["file"])].head(1000)
    return [Problem(file, int(row), "record_id", record_id, f"a record_id used only once; "
                    f"{first} has it too") for file, row, record_id, first in
            zip(again["file"], again["row"], again["record_id"], first_file[again.index])]


def check_records(frame: pd.DataFrame, codes: Codes, file: str) -> pd.DataFrame:
    """Return record-level data validated, with `age` derived from `birth_date` or
    `birth_year` when needed.

    A register may give the birth date or year instead of the age (`akimstat.data.birth`): the age
    at the election is the whole years from the birth date to the cycle's date; from a year
    alone, the election year minus the birth year, which is one year too high for those born
    after the election day in that year (written in the caveats log). A file with a header and no rows
    is an error ("no records"): an empty register is a mistake, not a corps of none.
    """
    if frame.empty:
        raise InputError([Problem(file, None, None, None, "records below the header: the file "
                                  "has no records")])
    # "Женщины" is female: see akimstat.data.names
    frame, problems, born = coded_by_name(frame, codes), [], None
    birth = next((c for c in (BIRTH_COLUMN, "birth_year") if c in frame.columns), None)
    if "age" not in frame.columns and birth is not None:
        born = frame[birth]
        frame, problems = _age_from_birth_year(frame, codes, file)
    try:
        checked = v.validated(frame, v.records_schema(codes), file)
    except InputError as exc:
        # A row with a bad birth year has no age: its problem is the birth year, named above.
        bad_years = {p.row for p in problems}
        checked = None
        problems += [p for p in exc.problems if not (p.column == "age" and p.row in bad_years)]
    found = {(p.row, p.column) for p in problems}
    for extra in (_people_twice(frame, file), _under_age(frame, codes, file),
                  regions_out_of_time(frame, codes, file, "region"), name_like_ids(frame, file),
                  unknown_districts(frame, codes, file)):
        problems += [p for p in extra if (p.row, p.column) not in found]
    if born is not None:  # the file has no age column: name the column it has
        # Without a cycle there is no date to give an age at: the missing cycle is the problem.
        problems = [_as_birth_year(p, born, birth) if p.column == "age" else p for p in problems
                    if p.column != "age" or "cycle" in frame.columns]
    if problems:
        raise InputError(sorted(with_suggestions(problems, codes), key=Problem.place))
    return checked


def read_register(path: Path, mapping: Mapping, codes: Codes, encoding: str | None = None,
                  lenient: bool = False) -> pd.DataFrame:
    """Return a register read through its mapping file and validated as records.

    Problems name the register's own headers ("Пол"), not akimstat's columns ("sex"). With
    `lenient` (`validate`, a mapping read by ``read_mapping(..., lenient=True)``), the
    mapping's problems come with the register's, all in one pass: a value whose line is
    wrong or "?" is checked, and named, in the rows that hold it.
    """
    frame = read_table(path, encoding or mapping.encoding, mapping.header_row)
    frame, problems = mapped_leniently(frame, mapping, codes, str(path))
    if problems and not lenient:
        raise InputError(problems)
    problems = sorted(mapping.problems + problems, key=Problem.place)
    try:
        checked = check_records(frame, codes, str(path))
    except InputError as exc:
        undecided = set(RECORD_COLUMNS) - set(frame.columns) if mapping.pending else set()
        problems += with_register_headers([p for p in exc.problems if not (
            p.column in undecided and p.row in (None, frame.attrs.get("header_row", 1)))],
            frame.attrs["headers"])
        checked = None
    if problems:
        raise InputError(problems)
    return checked


#: The columns of records a register must give (or its mapping supply).

RECORD_COLUMNS = ("record_id", "cycle", "region", "district", "unit_type", "sex", "age",
                  "profession", "ethnicity", "education")


def _as_birth_year(problem: Problem, born: pd.Series, column: str) -> Problem:
    """Return a problem with an age derived from a birth date or year, told about the birth."""
    if problem.row is None or problem.row not in born.index:
        return Problem(problem.file, problem.row, column, None,
                       localised("expected.births_giving", expected=problem.expected))
    return Problem(problem.file, problem.row, column, as_written(born[problem.row]), localised(
        "expected.birth_giving", expected=problem.expected, age=problem.value))


#: A run of letters that reads as a word: a capital and three or more small letters ("Ivan"),

#: or five or more letters with a small one ("ivanova"). Ids such as R13-00001, P00336 or

#: KZPAV0001 have neither; Cyrillic letters are refused by the id pattern itself.

NAME_IN_ID = re.compile(r"[A-Z][a-z]{3,}|(?=[A-Za-z]{5})[A-Z]*[a-z][A-Za-z]*")


def name_like_ids(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Return a problem for each record_id or person_id holding what reads as a name: ids must
    be pseudonymous, and a typed name would reach the published tables."""
    problems = []
    for column in ("record_id", "person_id"):
        if column not in frame.columns:
            continue
        ids = frame[column].dropna()
        if not NAME_IN_ID.search("\n".join(ids.tolist())):  # one pass over clean ids, the usual case
            continue
        named = ids[ids.str.contains(NAME_IN_ID)]
        problems += [Problem(file, int(row), column, value, localised("expected.pseudonymous_id"))
                     for row, value in zip(named.index, named)]
    return problems


def unknown_districts(frame: pd.DataFrame, codes: Codes, file: str) -> list[Problem]:
    """Return a problem for each district that is not a code of the districts code list (when
    the data package has one), or is the code of a district of another region."""
    if codes.districts is None or "district" not in frame.columns:
        return []
    known = frame["district"].isin(codes.districts.index)
    region = frame["district"].map(codes.districts["region"])
    elsewhere = known & ("region" in frame.columns) & (region != frame.get("region", region))
    bad = frame["district"].notna() & (~known | elsewhere)
    return [Problem(file, int(row), "district", district,
                    f"a district code of region {frame.at[row, 'region']} in the districts code list"
                    if "region" in frame.columns else "a district code in the districts code list")
            for row, district in zip(frame.index[bad], frame["district"][bad])]


def regions_out_of_time(frame: pd.DataFrame, codes: Codes, file: str, column: str) -> list[Problem]:
    """Return a problem for each row whose region did not exist on its cycle's date
    (``valid_from``/``valid_to`` of regions.csv): KZ-10, made in 2022, has no akims in 2013."""
    regions = codes.regions
    if not {"cycle", column} <= set(frame.columns) or "valid_from" not in regions.columns:
        return []
    start = pd.to_datetime(regions["valid_from"], errors="coerce")
    end = pd.to_datetime(regions.get("valid_to", pd.Series(None, index=regions.index)), errors="coerce")
    date = frame["cycle"].map(codes.cycles["date"])
    code = frame[column].where(frame[column].isin(regions.index))
    outside = (date < code.map(start)) | (date > code.map(end))  # valid_to is the last day
    problems = []
    for row in frame.index[outside.fillna(False)]:
        region, cycle = frame.at[row, column], frame.at[row, "cycle"]
        problems.append(Problem(file, int(row), column, region, localised(
            "expected.region_in_time", cycle=cycle, date=f"{date[row]:%Y-%m-%d}", region=region,
            validity=_validity(start[region], end[region]))))
    return problems


def _validity(start, end):
    if pd.isna(start):
        return "?"
    if end is None or pd.isna(end):
        return localised("validity.from", start=f"{start:%Y-%m-%d}")
    return localised("validity.from_until", start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")


def _people_twice(frame: pd.DataFrame, file: str) -> list[Problem]:
    if not {"cycle", "person_id"} <= set(frame.columns):
        return []
    linked = frame[frame["person_id"].notna()]
    twice = linked[linked.duplicated(["cycle", "person_id"], keep=False)]
    return [Problem(file, int(row), "person_id", person, localised("expected.person_once")) for row, person in zip(twice.index, twice["person_id"])]


def _under_age(frame: pd.DataFrame, codes: Codes, file: str) -> list[Problem]:
    """Return a problem for each akim younger than the legal minimum of the cycle."""
    if not {"cycle", "age"} <= set(frame.columns):
        return []
    age = pd.to_numeric(frame["age"], errors="coerce")
    minimum = frame["cycle"].astype("category").map(codes.cycles["min_age"]).astype(float)
    young = (age < minimum).fillna(False)
    return [Problem(file, int(row), "age", int(a), localised("expected.min_age", minimum=int(m),
                                                             cycle=c))
            for row, a, m, c in zip(frame.index[young], age[young], minimum[young],
                                     frame["cycle"][young])]


def _age_from_birth_year(frame: pd.DataFrame, codes: Codes, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Return `frame` with `age` in place of its birth column (`birth_date` or `birth_year`:
    a date or a year, `akimstat.data.birth`; the age is empty where it is bad), and a problem for
    each bad birth. The birth column is dropped: a birth date is never published."""
    column = BIRTH_COLUMN if BIRTH_COLUMN in frame.columns else "birth_year"
    frame = frame.copy()
    given = frame.pop(column)
    cycles = frame["cycle"] if "cycle" in frame.columns else pd.Series(None, index=frame.index)
    ages, problems = ages_at(given, cycles, codes.cycles["date"], file, column)
    frame["age"] = ages
    return frame, problems
