"""Validation names the file, the row as the user counts it, the column, the value and what was expected."""

from __future__ import annotations

import pytest

from akimstat.data.records import check_records
from akimstat.data.dataset import load_dataset
from akimstat.errors import InputError
from akimstat.data.load import read_table

from conftest import GOOD_RECORD, RECORD_HEADER


def problems_of(path, codes):
    with pytest.raises(InputError) as info:
        check_records(read_table(path), codes, str(path))
    return info.value.problems


def test_good_record_passes(write_csv, codes):
    frame = check_records(read_table(write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD}\n")), codes, "x")
    assert frame.loc[2, "age"] == 41


def test_bad_value_at_known_row_and_column(write_csv, codes):
    rows = [GOOD_RECORD, GOOD_RECORD.replace("R1,P1", "R2,P2"),
            GOOD_RECORD.replace("R1,P1", "R3,P3").replace("female", "F")]
    path = write_csv("\n".join([RECORD_HEADER, *rows]) + "\n")
    [problem] = problems_of(path, codes)
    assert (problem.file, problem.row, problem.column, problem.value) == (str(path), 4, "sex", "F")
    assert "female" in problem.expected


def test_every_problem_is_collected(write_csv, codes):
    bad = "R1,P2,2013,KZ-XXX,D,rural_okrug,female,abc,astronaut,kazakh,higher"
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD.replace('R1,', 'R0,')}\n{bad}\n")
    found = {(p.row, p.column) for p in problems_of(path, codes)}
    assert found == {(3, "region"), (3, "age"), (3, "profession")}


def test_age_below_the_cycle_minimum(write_csv, codes):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD.replace(',41,', ',22,')}\n")
    [problem] = problems_of(path, codes)
    assert (problem.row, problem.column, problem.value) == (2, "age", 22)
    assert "25" in problem.expected


def test_age_outside_the_legal_range(write_csv, codes):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD.replace(',41,', ',130,')}\n")
    [problem] = problems_of(path, codes)
    assert problem.column == "age" and "80" in problem.expected


def test_duplicate_record_ids(write_csv, codes):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD}\n{GOOD_RECORD}\n")
    [problem] = [p for p in problems_of(path, codes) if p.column == "record_id"]
    assert problem.row == 3 and "row 2 has it too" in problem.expected


def test_missing_and_extra_columns(write_csv, codes):
    header = RECORD_HEADER.replace("ethnicity", "full_name")
    path = write_csv(f"{header}\n{GOOD_RECORD}\n")
    messages = [str(p) for p in problems_of(path, codes)]
    assert any("row 1, column 'ethnicity'" in m and "missing from the header" in m for m in messages)
    assert any("column 'full_name'" in m and "names must not be in the file" in m for m in messages)


def test_birth_year_instead_of_age(write_csv, codes):
    header = RECORD_HEADER.replace(",age,", ",birth_year,")
    frame = check_records(read_table(write_csv(f"{header}\n{GOOD_RECORD.replace(',41,', ',1970,')}\n")),
                          codes, "x")
    assert frame.loc[2, "age"] == 43  # 2013 - 1970


BIRTH = "a date of birth (22.01.1963, 1963-01-22, 22 January 1963) or a year of birth (1963)"


def test_bad_birth_years_are_listed_with_every_other_problem(write_csv, codes):
    header = RECORD_HEADER.replace(",age,", ",birth_year,")
    rows = [GOOD_RECORD.replace(",41,", ",19x0,"), GOOD_RECORD.replace("R1,P1", "R2,P2").replace(",41,", ",1850,"),
            GOOD_RECORD.replace("R1,P1", "R3,P3").replace(",41,", ",1970,").replace("kazakh", "martian")]
    path = write_csv("\n".join([header, *rows]) + "\n")
    messages = [str(p) for p in problems_of(path, codes)]
    assert messages == [
        f"{path}, row 2, column 'birth_year': got '19x0'; expected " + BIRTH,
        f"{path}, row 3, column 'birth_year': got '1850'; expected " + BIRTH,
        messages[2],
    ] and f"{path}, row 4, column 'ethnicity': got 'martian'" in messages[2], messages


def test_empty_cell_is_named(write_csv, codes):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD.replace('KZ-PAV-D01', '')}\n")
    [problem] = problems_of(path, codes)
    assert (problem.row, problem.column) == (2, "district") and "empty" in problem.expected


def test_published_data_validates(published_only):
    data = load_dataset(published_only)
    assert len(data.counts) > 20 and "published/counts.csv" in data.hashes


def test_negative_count_and_bad_percent(published_only, tmp_path, codes):
    from akimstat.data import validate as v

    text = (published_only / "published" / "counts.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",627,", ",-5,")
    lines[2] = lines[2].replace(",20.4,", ",120.4,")
    path = tmp_path / "counts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        v.validated(read_table(path), v.counts_schema(codes), str(path))
    found = {(p.row, p.column) for p in info.value.problems}
    assert {(2, "count"), (3, "percent")} <= found


def test_person_twice_in_a_cycle(write_csv, codes):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD}\n{GOOD_RECORD.replace('R1,', 'R2,')}\n")
    assert {(p.row, p.column) for p in problems_of(path, codes)} == {(2, "person_id"), (3, "person_id")}


def test_descriptor_matches_files_and_dictionary():
    import json

    from akimstat.data.load import read_table
    from conftest import DATA

    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    dictionary = (DATA / "README.md").read_text(encoding="utf-8")
    for resource in descriptor["resources"]:
        path = DATA / resource["path"]
        declared = [f["name"] for f in resource["schema"]["fields"]]
        if path.exists():
            assert list(read_table(path).columns) == declared, resource["path"]
        assert f"## `{resource['path']}`" in dictionary
        for name in declared:
            assert f"| `{name}` |" in dictionary, (resource["path"], name)


@pytest.mark.parametrize("file, old, new, column", [
    ("codes/regions.csv", "KZ-PAV,", "../../x,", "code"),
    ("codes/cycles.csv", "pre-2013,", "../pre,", "cycle"),
    ("codes/categories.csv", "sex,female,", "sex,Fe male,", "code"),
])
def test_codes_that_would_become_paths_or_keys_are_checked(published_only, tmp_path, file, old, new, column):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(published_only, root)
    path = root / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(root)
    assert any(p.column == column and str(path) == p.file for p in info.value.problems)


@pytest.mark.parametrize("old, new, column", [
    (",indirect,rural,elected,2457,", ",by lot,rural,elected,2457,", "election_type"),
    (",indirect,rural,elected,2457,", ",indirect,village,elected,2457,", "level"),
    (",indirect,rural,elected,2457,", ",indirect,rural,everyone,2457,", "counted"),
    (",indirect,rural,elected,2457,", ",indirect,rural,elected,2457.5,", "posts"),
])
def test_cycle_attributes_are_checked(published_only, tmp_path, old, new, column):
    """A cycle's election type, level, what it counts and its number of posts are codes or a
    whole number: the reports' methods text is chosen by them."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(published_only, root)
    path = root / "codes/cycles.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(root)
    assert [(p.row, p.column) for p in info.value.problems] == [(3, column)], info.value
