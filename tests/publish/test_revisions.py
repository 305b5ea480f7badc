"""Revisions between releases (akimstat diff): two output folders compared figure by figure."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.publish.plan import plan_jobs
from akimstat.publish.render import render_reports

from conftest import DATA

pytestmark = pytest.mark.render


def _render(data, out):
    params = ReportParameters(data_dir=str(data), cycle="2021", baseline="none")
    render_reports(plan_jobs(params, load_dataset(data), ["KZ-15"], ["en"]), out, formats=("html",), progress=False)


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """The Aktobe 2021 report from the shipped data, and again after Aktobe's count of women
    akims is revised from 5 to 6 of 35."""
    root = tmp_path_factory.mktemp("releases")
    revised = root / "data"
    subprocess.run(["cp", "-r", str(DATA), str(revised)], check=True)
    counts = revised / "published" / "counts.csv"
    text = counts.read_text(encoding="utf-8")
    old = "2021,KZ-15,akims,sex,female,5,35,"
    assert text.count(old) == 1
    counts.write_text(text.replace(old, "2021,KZ-15,akims,sex,female,6,35,"), encoding="utf-8")
    _render(DATA, root / "old")
    _render(revised, root / "new")
    return root


def _diff(releases, *args):
    result = subprocess.run([sys.executable, "-m", "akimstat.cli", "diff", *args, "--lang", "en"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return pd.read_csv(releases / "revisions.csv", dtype=str, keep_default_na=False), result.stdout


def test_a_release_against_itself_has_no_revision(releases):
    table, said = _diff(releases, str(releases / "old"), str(releases / "old"), "--output", str(releases))
    assert table.empty and said.startswith("0 revision")
    assert "same" in (releases / "revisions.html").read_text(encoding="utf-8")


def test_one_revised_count_lists_the_figures_resting_on_it_and_says_the_data_changed(releases):
    table, _ = _diff(releases, str(releases / "old"), str(releases / "new"), "--output", str(releases))
    assert not table.empty and set(table["status"]) == {"changed"} and set(table["why"]) == {"data"}
    keys = set(table["key"])
    assert any(key.startswith("women.") for key in keys), keys  # the share of women moved
    assert not [key for key in keys if key.split(".")[0] in ("age", "profession", "ethnicity")], keys
    share = table[table["key"] == "women.share"]
    assert len(share) == 1 and float(share["new_value"].iloc[0]) > float(share["old_value"].iloc[0])
    page = (releases / "revisions.html").read_text(encoding="utf-8")
    assert "women.share" in page and "<script" not in page


def test_an_empty_folder_is_a_clear_error(tmp_path):
    (tmp_path / "a").mkdir()
    result = subprocess.run([sys.executable, "-m", "akimstat.cli", "diff", str(tmp_path / "a"), str(tmp_path / "a")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "no report" in result.stderr and "Traceback" not in result.stderr
