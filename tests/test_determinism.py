"""Determinism: two renders, in different processes with a different hash seed, time zone,
locale, working directory and output folder, give the same bytes in every file: HTML, PDF,
executed notebook, figures.csv, tables, render.json and index.html.

The PDFs need no exception: `akimstat.export.reproducible_pdf` drops Chromium's dates and
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
from akimstat.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.plan import plan_jobs
from akimstat.render import render_reports
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
    from akimstat.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.plan import plan_jobs
    from akimstat.render import render_reports

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
