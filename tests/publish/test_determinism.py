"""Determinism: two renders, in different processes with a different hash seed, time zone,
locale, working directory and output folder, give the same bytes in every file: HTML, PDF,
executed notebook, figures.csv, tables, render.json and index.html; and two clones of the
project in different folders, with hash seeds 1 and 2, time zones UTC and Asia/Almaty and one
worker or two, give the same bytes in every file of the same reports (issue 23).

The PDFs need no exception: `akimstat.publish.export.reproducible_pdf` drops Chromium's dates and
XMP metadata and derives the document ID from the content, and the fonts Chromium embeds are
subset the same way each time. Set ``SOURCE_DATE_EPOCH`` to get fixed dates instead of none.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import DATA, ROOT
from fixtures.hostile.shared import once

pytestmark = pytest.mark.render
SCOPES, LANGUAGES = ["national", "KZ-PAV"], ["kk", "en"]
RENDER = """
import sys
from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.publish.plan import plan_jobs
from akimstat.publish.render import render_reports
data = load_dataset(sys.argv[1])
jobs = plan_jobs(ReportParameters(data_dir=sys.argv[1]), data, sys.argv[3].split(","), sys.argv[4].split(","))
render_reports(jobs, sys.argv[2], workers=1, progress=False)
"""


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # no lock file is left in a published folder


@pytest.fixture(scope="module")
def two_renders(tmp_path_factory):
    """The same reports rendered twice: here, and in a fresh process with other settings."""
    folder = once(tmp_path_factory, "determinism", render_twice)
    return files(folder / "first"), files(folder / "elsewhere/another output folder")


def render_twice(folder):
    from akimstat.data.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs
    from akimstat.publish.render import render_reports

    first = folder / "first"
    jobs = plan_jobs(ReportParameters(data_dir=str(DATA)), load_dataset(DATA), SCOPES, LANGUAGES)
    render_reports(jobs, first, workers=1, progress=False)

    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    second = elsewhere / "another output folder"
    env = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "America/Anchorage", "LC_ALL": "C.UTF-8",
           "LANG": "ru_RU.UTF-8", "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run([sys.executable, "-c", RENDER, str(DATA), str(second), ",".join(SCOPES), ",".join(LANGUAGES)],
                   cwd=elsewhere, env=env, check=True, capture_output=True, timeout=600)


def test_same_files(two_renders):
    first, second = two_renders
    assert sorted(first) == sorted(second)
    assert len([n for n in first if n.endswith("report.pdf")]) == len(SCOPES) * len(LANGUAGES)


@pytest.mark.parametrize("kind", ["report.html", "report.pdf", "report.ipynb", ".csv", "render.json", "index.html"])
def test_same_bytes(two_renders, kind):
    first, second = two_renders
    names = [n for n in first if n.endswith(kind)]
    assert names
    differ = [n for n in names if first[n] != second.get(n)]
    assert not differ


# -- two clones -------------------------------------------------------------------------------
# The same reports rendered in two copies of the project, each into its own output/ (inside the
# project, where the kernels' temporary folders are too), with every setting that could leak
# into the bytes different.
CLONE_REPORTS = ["--cycle", "2021", "--baseline", "2017", "--scope", "KZ-61", "--scope", "KZ-27",
                 "--lang", "kk", "--lang", "ru"]
CLONE_SETTINGS = [{"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "workers": "1"},
                  {"PYTHONHASHSEED": "2", "TZ": "Asia/Almaty", "LC_ALL": "C.UTF-8", "LANG": "kk_KZ.UTF-8",
                   "workers": "2"}]
PROJECT = ["akimstat", "reports", "templates", "data", "parameters", "pyproject.toml"]


def clone(folder):
    """Copy the project's files into `folder` (outside any git repository: both copies record
    the same code version)."""
    import shutil

    folder.mkdir(parents=True)
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, folder / name)
    return folder


@pytest.fixture(scope="module")
def two_clones(tmp_path_factory):
    """Every file of the same reports rendered in two clones, by name."""
    def render(folder):
        for name, settings in zip(["clone-a", "another place/clone b"], CLONE_SETTINGS):
            project = clone(folder / name)
            env = {**os.environ, **settings, "PYTHONPATH": str(project), "GIT_CEILING_DIRECTORIES": str(folder)}
            env.pop("SOURCE_DATE_EPOCH", None)
            command = [sys.executable, "-c", "from akimstat.cli import main; main()", "render", *CLONE_REPORTS,
                       "--workers", env.pop("workers"), "--quiet"]
            subprocess.run(command, cwd=project, env=env, check=True, capture_output=True, timeout=900)

    folder = once(tmp_path_factory, "determinism-clones", render)
    return [files(folder / name / "output") for name in ("clone-a", "another place/clone b")]


def test_two_clones_give_the_same_bytes(two_clones):
    """Two clones in different folders, hash seeds 1 and 2, time zones UTC and Asia/Almaty, one
    worker and two: every file (HTML, PDF, XLSX, ipynb, CSV, JSON, SVG) has the same bytes."""
    first, second = two_clones
    assert sorted(first) == sorted(second)
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"html", "pdf", "xlsx", "ipynb", "csv", "json", "svg"} <= kinds
    assert len([n for n in first if n.endswith("report.pdf")]) == 4
    differ = sorted(n for n in first if first[n] != second[n])
    assert not differ


def test_no_published_file_names_a_folder_of_the_machine(two_clones):
    """No path of the clone, of a temporary folder, or the name of either, in any file."""
    first, _ = two_clones
    for name, data in first.items():
        for word in (b"clone-a", b".tmp-", b"/tmp/", b"once-determinism"):
            assert word not in data, (name, word)
