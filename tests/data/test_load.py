"""Reading CSV and XLSX files: encodings, separators, row numbers as the user counts them."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akimstat.errors import InputError
from akimstat.data.load import read_table
from akimstat.provenance import sha256_of


def test_row_numbers_are_csv_lines(write_csv):
    path = write_csv("a,b\n1,2\n\n3,4\n")
    frame = read_table(path)
    assert list(frame.index) == [2, 4]  # the blank line 3 is skipped, not renumbered
    assert frame.loc[4, "a"] == "3"


def test_quoted_newline_keeps_the_starting_line(write_csv):
    path = write_csv('a,b\n"x\ny",2\nz,3\n')
    assert list(read_table(path).index) == [2, 4]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom(write_csv, encoding):
    frame = read_table(write_csv("аты,Қала\nӘ,Ү\n", encoding=encoding))
    assert list(frame.columns) == ["аты", "Қала"]


def test_semicolons_and_crlf(write_csv):
    frame = read_table(write_csv("a;b\n1,5;2\n", newline="\r\n"))
    assert frame.loc[2, "a"] == "1,5" and frame.loc[2, "b"] == "2"


def test_cp1251_is_refused_with_a_hint(write_csv):
    path = write_csv("name,region\nПавлодар,KZ-PAV\n", encoding="cp1251")
    with pytest.raises(InputError) as info:
        read_table(path)
    message = str(info.value)
    assert "cp1251" in message and "row 2" in message and str(path) in message


def test_cp1251_read_when_named(write_csv):
    path = write_csv("name\nПавлодар\n", encoding="cp1251")
    assert read_table(path, encoding="cp1251").loc[2, "name"] == "Павлодар"


def test_ragged_row_named(write_csv):
    with pytest.raises(InputError, match="row 3"):
        read_table(write_csv("a,b\n1,2\n1,2,3\n"))


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_empty_file(write_csv, text):
    with pytest.raises(InputError, match="header"):
        read_table(write_csv(text))


def test_duplicate_column(write_csv):
    with pytest.raises(InputError, match="column 'a'"):
        read_table(write_csv("a,a\n1,2\n"))


def test_xlsx_rows_are_sheet_rows(tmp_path):
    path = tmp_path / "records.xlsx"
    pd.DataFrame({"a": ["x", "", "y"], "b": ["1", "", "2"]}).to_excel(path, index=False)
    frame = read_table(path)
    assert list(frame.index) == [2, 4] and frame.loc[4, "a"] == "y"


def test_missing_and_unknown_files(tmp_path):
    with pytest.raises(InputError, match="existing file"):
        read_table(tmp_path / "nope.csv")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(InputError, match=".csv or .xlsx"):
        read_table(tmp_path / "x.json")


def test_sha256(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"abc")
    assert sha256_of(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def _reference(text: str) -> list[tuple[int, list[str | None]]]:
    """Rows as the csv module alone reads them: (line the record starts on, stripped cells)."""
    import csv
    import io

    delimiter = ";" if text.split("\n")[0].count(";") > text.split("\n")[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    width, rows, start = len(next(reader)), [], reader.line_num + 1
    for record in reader:
        cells = [c.strip() or None for c in record]
        if any(cells):
            assert len(cells) == width  # ragged rows are refused; the test skips those texts
            rows.append((start, cells))
        start = reader.line_num + 1
    return rows


@given(st.lists(st.sampled_from(["a", "b ", " ", ",", ";", "\n", "\r\n", '"', "x y", "\t", "é"]),
                max_size=30))
@settings(max_examples=300, deadline=None)
def test_pandas_values_match_the_csv_module_rows(tmp_path_factory, tokens):
    """Values come from pandas' C parser, rows and lines from the csv module: they must agree."""
    path = tmp_path_factory.getbasetemp() / "pandas-vs-csv.csv"
    text = "h1,h2\n" + "".join(tokens)
    path.write_bytes(text.encode("utf-8"))
    try:
        frame = read_table(path)
    except InputError:
        return
    got = [(row, [None if pd.isna(v) else v for v in cells])
           for row, cells in zip(frame.index, frame.astype(object).values.tolist())]
    assert got == _reference(text)


def test_a_data_folder_names_each_files_encoding_in_its_descriptor(tmp_path):
    """A resource's "encoding" in datapackage.json is how its file is read (kernels included,
    which get no --encoding); UTF-8 there still allows a BOM."""
    import json
    import shutil

    from akimstat.data.dataset import load_dataset
    from conftest import DATA

    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    lineage = root / "codes" / "region_lineage.csv"
    lines = lineage.read_text(encoding="utf-8").splitlines()
    text = "\n".join([lines[0] + ",примечание", *(line + ",разделена в 2018 году" for line in lines[1:])]) + "\n"
    lineage.write_bytes(text.encode("cp1251"))
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in descriptor["resources"] if r["path"] == "codes/region_lineage.csv"]
    assert resource["encoding"] == "utf-8"
    with pytest.raises(InputError, match='set its resource\'s "encoding" to "cp1251" in datapackage.json'):
        load_dataset(root)

    resource["encoding"] = "cp1251"
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    data = load_dataset(root)
    assert set(data.codes.lineage["примечание"]) == {"разделена в 2018 году"}

    resource["encoding"] = "utf-8"
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    lineage.write_text(text, encoding="utf-8-sig")
    assert "примечание" in load_dataset(root).codes.lineage.columns
