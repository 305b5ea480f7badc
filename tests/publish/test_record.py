"""The record of a run (issue 23): what a report says made it is the same whatever folder,
hash seed or language it was rendered in, and right in every language and format."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import DATA, ROOT

CORRECTIONS = """
import sys
from akimstat.data.dataset import load_dataset
from akimstat.report import reconcile
frame = reconcile.reconcile(load_dataset(sys.argv[1]))
print(frame[["cycle", "scope", "item", "correction"]].to_csv(index=False))
"""


def test_the_reconciliations_corrections_do_not_follow_the_hash_seed():
    """Corrections of equal likelihood were listed in a set's order: KZ-ZAP 2013's "total … |
    male … | female …" in one run, "male … | total … | female …" in another."""
    def corrections(seed):
        env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-c", CORRECTIONS, str(DATA)], env=env, check=True,
                              capture_output=True, text=True, timeout=300).stdout

    first = corrections(1)
    assert " | " in first  # some table has corrections of equal likelihood
    assert all(corrections(seed) == first for seed in (2, 3))


def test_the_data_folder_is_recorded_the_same_whatever_folder_the_kernel_works_in(tmp_path, monkeypatch):
    """A report's kernel works in its temporary folder (output/.tmp-…): the parameters table
    printed the data folder 'data' as 'output/.tmp-lqrcyekz/data'."""
    from akimstat import provenance

    project = tmp_path / "a clone"
    (project / "data").mkdir(parents=True)
    work = project / "output" / ".tmp-lqrcyekz"
    work.mkdir(parents=True)
    monkeypatch.setattr(provenance, "ROOT", project)
    monkeypatch.chdir(work)
    assert provenance.portable("data_dir", "data") == "data"
    assert provenance.portable("data_dir", str(project / "data")) == "data"
    assert provenance.portable("data_dir", str(tmp_path / "elsewhere" / "my-data")) == "my-data"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_record_of_a_report_names_its_language(language, tmp_path):
    """The parameters table of every kk and ru report said `language 'en'` (the writer showed
    the parameters its data is shared under, in English)."""
    import html
    import json

    from openpyxl import load_workbook

    from akimstat.params import ReportParameters
    from akimstat.report import Report

    params = ReportParameters(cycle="2021", baseline="2017", scope="KZ-61", language=language,
                              data_dir=str(DATA))
    report = Report(params)
    # The appendix says the parameters in words, in the report's language (issue 29): no table.
    table = html.unescape(report["provenance"]._repr_html_())
    assert report.writer.t.plain("provenance.title") in table and "<code>language</code>" not in table
    assert "'en'" not in table
    report.save(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["akimstat:parameters"]["language"] == language
    cells = [str(c.value) for sheet in load_workbook(tmp_path / "report.xlsx") for row in sheet.iter_rows()
             for c in row if c.value is not None]
    assert not any("'en'" in c or c == "en" for c in cells)


# -- akimstat verify, on any file of a report -----------------------------------------------------
FILES = ["report.html", "report.pdf", "report.xlsx", "report.ipynb", "datapackage.json"]  # a CSV: in its folder


def verify(*args, cwd):
    from click.testing import CliRunner

    from akimstat.cli import main

    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["verify", *map(str, args)])
    finally:
        os.chdir(here)
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception  # never a traceback
    return result


@pytest.mark.render
@pytest.mark.parametrize("name", FILES)
def test_verify_any_file_of_a_report_copied_alone_to_another_folder(rendered, name, tmp_path):
    """verify on report.html copied alone said "no datapackage.json (give the report's data
    folder with --data)" (its data_dir named the temporary folder); on report.pdf or
    report.xlsx it ended in a UnicodeDecodeError traceback."""
    import shutil

    alone = tmp_path / "received" / name
    alone.parent.mkdir()
    shutil.copy(rendered / name, alone)
    result = verify(alone, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("data fingerprint: matches") and lines[1].startswith("code version: matches")
    assert any(line.startswith("figures: match") for line in lines)
    assert lines[-1].endswith("matches the data, code and parameters it names")


@pytest.mark.render
def test_verify_names_a_changed_figure_and_changed_data(rendered, tmp_path):
    import shutil

    folder = tmp_path / "report"
    shutil.copytree(rendered, folder)
    figures = folder / "figures.csv"
    lines = figures.read_text(encoding="utf-8").split("\n")
    key, scope, cycle, value, *rest = lines[1].split(",")
    lines[1] = ",".join([key, scope, cycle, str(float(value) + 1), *rest])
    figures.write_text("\n".join(lines), encoding="utf-8")
    changed = verify(folder / "report.html", cwd=tmp_path)
    assert changed.exit_code == 1
    assert f"figures.csv: does not match: 1 row(s) differ: {key}: value" in changed.output
    assert "figures: match" in changed.output  # the report's own record still matches

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    published = data / "published/counts.csv"
    published.write_text(published.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes
    other = verify(rendered / "report.pdf", "--data", data, cwd=tmp_path)
    assert other.exit_code == 1
    assert other.output.startswith("data fingerprint: does not match: report ")


@pytest.mark.parametrize("name", ["report.pdf", "report.xlsx", "report.ipynb", "report.html", "figures.csv",
                                  "datapackage.json"])
@pytest.mark.render
def test_verify_a_damaged_file_of_a_report_says_so_without_a_traceback(rendered, name, tmp_path):
    """verify on report.pdf or report.xlsx beside its datapackage.json ended in a
    UnicodeDecodeError traceback: it read every file as the page's text."""
    import shutil

    shutil.copy(rendered / "datapackage.json", tmp_path / "datapackage.json")
    path = tmp_path / name
    path.write_bytes(b"\xff\xfe not a report \x00\x81")
    result = verify(path, cwd=tmp_path)
    assert result.exit_code == 1
    assert str(path) in result.output and "Traceback" not in result.output


# -- an executed notebook, run again -----------------------------------------------------------
@pytest.mark.render
def test_an_executed_report_run_again_in_place_keeps_its_parameters_and_writes_nothing(rendered, tmp_path):
    """Run again in place with another age threshold, an executed report.ipynb rewrote
    figures.csv, report.xlsx and tables/ beside it (its output_dir was '.'); and plain
    papermill with one -p lost the other parameters (papermill replaces the injected cell): a
    kk report of a region came back as the national report in English."""
    import ast
    import hashlib
    import html
    import shutil

    import papermill

    folder = tmp_path / "report"
    shutil.copytree(rendered, folder)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    out = tmp_path / "explored.ipynb"
    nb = papermill.execute_notebook(str(folder / "report.ipynb"), str(out), parameters={"age_threshold": 45},
                                    cwd=str(folder), progress_bar=False, kernel_name="python3")
    # As an analyst in JupyterLab would: the threshold edited in the last parameters cell, run all.
    import nbclient
    import nbformat

    lab = nbformat.read(folder / "report.ipynb", as_version=4)
    last = [c for c in lab.cells if {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))][-1]
    last.source = re.sub(r"age_threshold = \d+", "age_threshold = 45", last.source)
    nbclient.NotebookClient(lab, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    shown = html.unescape("".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", [])))
    # The reader's appendix says them in words (issue 29); the parameters cell keeps them all.
    for words in ("Есептің аумағы: Түркістан облысы; кезеңі: «2021", "Жас шегі – 45 жас"):
        assert words in shown, words
    given = {m[1]: m[2] for c in nb.cells if {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
             for m in re.finditer(r"^(\w+) = (.+)$", c.source, re.M)}  # the last assignment counts
    for name, value in (("scope", "KZ-61"), ("language", "kk"), ("cycle", "2021"), ("age_threshold", 45)):
        assert ast.literal_eval(given[name]) == value, name
