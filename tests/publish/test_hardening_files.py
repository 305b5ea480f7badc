"""`akimstat verify` on tampered files of a report, of each type (issue 31's hardening suite).

A copy of one rendered report (tests/conftest.py's `rendered`) is edited as someone would edit
a published file, and verify must say, naming the file, that it does not match: exit 1, never
a traceback. Edits of the record a file carries (its parameters, fingerprint) are found by
recomputing; edits of a page's, a PDF's, a workbook's or a notebook's own text, which leave
their record as it was, are found by the SHA-256 the render wrote in render.json beside them
(akimstat.publish.written); a CSV file is compared with the table recomputed.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from test_record import verify


def text_edit(pattern: str, new: str, after: str | None = None):
    """Return an edit replacing the first match of `pattern` (after `after`) by `new`."""
    def change(path):
        text = path.read_text(encoding="utf-8")
        start = text.index(after) if after else 0
        found = re.compile(pattern).search(text, start)
        assert found, pattern
        path.write_text(text[:found.start()] + found.expand(new) + text[found.end():],
                        encoding="utf-8")
    return change


def byte_edit(transform):
    def change(path):
        path.write_bytes(transform(path.read_bytes()))
    return change


def json_edit(edit):
    def change(path):
        document = json.loads(path.read_text(encoding="utf-8"))
        edit(document)
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return change


def flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:]


def _pdf_record(path):
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as doc:
        record = json.loads(str(doc.docinfo["/AkimstatRecord"]))
        record["parameters"]["age_threshold"] = 40
        doc.docinfo["/AkimstatRecord"] = json.dumps(record)
        doc.save(path)


def _xlsx_cell(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    cell = next(c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                if isinstance(c.value, (int, float)))
    cell.value = cell.value + 1
    book.save(path)


def _notebook_output(document):
    cell = next(c for c in document["cells"] if c.get("outputs"))
    cell["outputs"][0].setdefault("metadata", {})["tampered"] = True


TABLE = "tables/reconciliation.csv"  # the one table of the small report


TAMPERED = [  # (attack, the file verified, the edit)
    ("html-figure-in-the-body", "report.html", text_edit(r">([^<>]*?)(\d)", r">\g<1>1\2", "</h1>")),
    ("html-heading", "report.html", text_edit(r"<h1([^>]*)>", r"<h1\1>Fake ", "<body")),
    ("html-record-parameters", "report.html", text_edit(r'"age_threshold": \d+', '"age_threshold": 40')),
    ("html-record-fingerprint", "report.html", text_edit(r'("data_sha256": ")\w+', r"\g<1>" + "0" * 64)),
    ("html-record-removed", "report.html", text_edit(r'name="akimstat:record"', 'name="x"')),
    ("html-record-not-json", "report.html", text_edit(r"<meta content='\{", "<meta content='{{")),
    ("html-truncated", "report.html", byte_edit(lambda b: b[:len(b) // 2])),
    ("pdf-byte-flipped", "report.pdf", byte_edit(flipped)),
    ("pdf-truncated", "report.pdf", byte_edit(lambda b: b[:len(b) // 3])),
    ("pdf-record-parameters", "report.pdf", _pdf_record),
    ("pdf-emptied", "report.pdf", byte_edit(lambda b: b"")),
    ("xlsx-cell-changed", "report.xlsx", _xlsx_cell),
    ("xlsx-not-a-zip", "report.xlsx", byte_edit(lambda b: b"PK\x03\x04 not a workbook")),
    ("xlsx-byte-flipped", "report.xlsx", byte_edit(flipped)),
    ("ipynb-output-changed", "report.ipynb", json_edit(_notebook_output)),
    ("ipynb-record-parameters", "report.ipynb", json_edit(
        lambda d: d["metadata"]["akimstat"]["parameters"].update(age_threshold=40))),
    ("ipynb-not-json", "report.ipynb", byte_edit(lambda b: b[:-40])),
    ("csv-figure-changed", "figures.csv", text_edit(r"\n([^,\n]+,[^,\n]+,[^,\n]+,)(\d)", r"\n\g<1>9\2")),
    ("csv-figure-row-removed", "figures.csv", text_edit(r"\n[^\n]+\n", "\n")),
    ("csv-table-cell-changed", TABLE, text_edit(r",(\d+)", r",9\1")),
    ("csv-table-row-added", TABLE, byte_edit(lambda b: b + b"x,1,2\n")),
    ("csv-table-utf16", TABLE, byte_edit(lambda b: b.decode("utf-8").encode("utf-16"))),
    ("citation-changed", "citation.bib", byte_edit(lambda b: b.replace(b"2021", b"2022", 1))),
    ("render-json-digest-changed", "report.html", lambda p: json_edit(
        lambda d: d["sha256"].update({"report.html": "0" * 64}))(p.parent / "render.json")),
    ("datapackage-fingerprint", "datapackage.json", json_edit(
        lambda d: d.update({"akimstat:data_sha256": "0" * 64}))),
    ("datapackage-parameters", "datapackage.json", json_edit(
        lambda d: d["akimstat:parameters"].update(alpha=0.01))),
    ("datapackage-code-version", "datapackage.json", json_edit(
        lambda d: d.update({"akimstat:code": "akimstat 9.9.9"}))),
    ("datapackage-record-removed", "datapackage.json", json_edit(
        lambda d: d.pop("akimstat:parameters"))),
    ("datapackage-not-json", "datapackage.json", byte_edit(lambda b: b[:10])),
    ("datapackage-a-list", "datapackage.json", byte_edit(lambda b: b"[1, 2]")),
]


@pytest.mark.render
@pytest.mark.parametrize("name, file, edit", TAMPERED, ids=[t[0] for t in TAMPERED])
def test_verify_on_a_tampered_file_says_it_does_not_match(rendered, tmp_path, name, file, edit):
    folder = tmp_path / "report"
    shutil.copytree(rendered, folder)
    edit(folder / file)
    result = verify(folder / file, cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    assert str(folder / file) in last, result.output
    assert len(last) < 2000, last


@pytest.mark.render
def test_verify_on_an_untouched_copy_matches_byte_for_byte(rendered, tmp_path):
    folder = tmp_path / "report"
    shutil.copytree(rendered, folder)
    result = verify(folder / "report.pdf", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "file: matches: the bytes render.json records for report.pdf" in result.output
