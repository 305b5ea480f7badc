"""Faults of the machine and of the folders around a render (issue 31's hardening suite): a
notebook that writes outside its folder, a read-only output folder, a full disk, the output
inside the data folder, symbolic links in the data and in the output.

The renders are test_faults.py's tiny ones (a bare kernel, no data); SIGKILLs at random moments
and two renders into one folder are test_faults.py's. Each attack must end in one clear
error (exit 1 from the command line), leave the reports published before byte-identical and
publish nothing half-written.

--notebook: a notebook is code that runs with the user's rights, so nothing stops one that
starts a program to delete files. What akimstat guarantees (akimstat.guard): inside the kernel,
Python refuses to write, remove or rename anything in the output folder outside the notebook's
own folder; the cell fails, the render stops naming the cell and the cause, and nothing of that
report is published.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.errors import AkimstatError
from conftest import DATA
from test_faults import KEPT, REMADE, before, made, tiny, tiny_job, visible  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def bare_kernel(monkeypatch):
    """The tiny notebooks import nothing heavy: start their kernels bare (as test_faults' driver)."""
    from akimstat import engine

    monkeypatch.setattr(engine, "PRELOAD", ())


def hostile_notebook(path: Path, code: str) -> Path:
    """A notebook whose one cell, after the parameters, runs `code`."""
    import nbformat

    cells = [nbformat.v4.new_code_cell('note = ""', metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell(code)]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    nbformat.write(nb, path)
    return path


OUTSIDE = [  # (attack, the cell's code; `KEPT` is a report published before)
    ("open-the-index", "open('../index.html', 'w').write('gone')"),
    ("open-a-report-by-absolute-path",
     f"import os\nopen(os.path.abspath('../{KEPT}/report.html'), 'w').write('gone')"),
    ("append-to-a-report", f"open('../{KEPT}/figures.csv', 'a').write('x,y\\n')"),
    ("remove-a-report", f"import os\nos.remove('../{KEPT}/report.html')"),
    ("remove-the-tree", "import shutil\nshutil.rmtree('../2013')"),
    ("rename-a-report", f"import os\nos.rename('../{KEPT}', '../stolen')"),
    ("pathlib-write", f"import pathlib\npathlib.Path('../{KEPT}/report.pdf').write_bytes(b'')"),
    ("pandas-to-csv", f"import pandas\npandas.DataFrame({{'a': [1]}}).to_csv('../{KEPT}/figures.csv')"),
    ("os-open-truncate", f"import os\nos.close(os.open('../{KEPT}/render.json', os.O_WRONLY | os.O_TRUNC))"),
    ("symlink-over-the-index", "import os\nos.symlink('/etc/passwd', '../index.html.new')"),
    ("through-a-link-in-its-folder",
     f"import os\nos.symlink('../{KEPT}', 'link')\nopen('link/report.html', 'w').write('gone')"),
]


def published(out: Path) -> dict[str, bytes]:
    """The files a reader sees, without the failed notebooks kept for the user in _failed/."""
    return {k: v for k, v in visible(out).items() if not k.startswith("_failed/")}


def _render_into_copy(before, tmp_path, notebook) -> Path:  # noqa: F811 (the fixture's name)
    from akimstat.render import render_reports

    out = tmp_path / "out"
    shutil.copytree(before, out)
    with pytest.raises(AkimstatError) as info:
        render_reports([tiny_job(notebook, REMADE, "new")], out, formats=("html",), workers=1,
                       progress=False)
    assert "a report's notebook writes only into its own folder" in str(info.value), info.value
    assert "PermissionError" in str(info.value) and "cell 2" in str(info.value), info.value
    return out


@pytest.mark.parametrize("name, code", OUTSIDE, ids=[o[0] for o in OUTSIDE])
def test_a_notebook_cannot_change_reports_published_before(before, tmp_path, name, code):  # noqa: F811
    notebook = hostile_notebook(tmp_path / "hostile.ipynb", code)
    out = _render_into_copy(before, tmp_path, notebook)
    assert published(out) == visible(before)
    assert (out / "_failed" / REMADE / "report.ipynb").is_file()  # kept, as for any failing cell


def test_a_notebook_may_write_in_its_own_folder_and_outside_the_output(before, tmp_path):  # noqa: F811
    from akimstat.render import render_reports

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.txt"
    shutil.copytree(before, out)
    notebook = hostile_notebook(tmp_path / "own.ipynb", (
        f"import os\nos.makedirs('tables', exist_ok=True)\nopen('tables/x.csv', 'w').write('a\\n1\\n')\n"
        f"open({str(elsewhere)!r}, 'w').write('mine')"))
    render_reports([tiny_job(notebook, REMADE, "new")], out, formats=("html",), workers=1, progress=False)
    assert (out / REMADE / "tables/x.csv").read_text() == "a\n1\n" and elsewhere.read_text() == "mine"
    assert {k: v for k, v in visible(out).items() if k.startswith(KEPT)} == {
        k: v for k, v in visible(before).items() if k.startswith(KEPT)}


def test_render_notebook_from_the_command_line_names_the_refusal(before, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    shutil.copytree(before, out)
    notebook = hostile_notebook(tmp_path / "hostile.ipynb", "open('../index.html', 'w').write('gone')")
    result = subprocess.run([sys.executable, "-m", "akimstat.cli", "render", "--notebook", str(notebook), "--cycle", "2013",
                             "--scope", "national", "--lang", "kk", "--format", "html",
                             "--output", str(out), "--quiet"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "refused: open ../index.html" in result.stderr, result.stderr
    assert published(out) == visible(before)
