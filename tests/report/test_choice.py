"""Choosing between sources is a stated rule (akimstat/report/choice.py, the methods), never the order
of the rows in the data; the figure shown is printed as published (issue 22, part B)."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from akimstat.report import reconcile
from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.report import Report

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def reversed_rows(root: Path) -> Path:
    """Copy data/ to `root` with the rows of every published table in the reverse order."""
    shutil.copytree(DATA, root)
    for name in ("counts.csv", "figures.csv", "sources.csv"):
        path = root / "published" / name
        header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(header + "".join(reversed(rows)), encoding="utf-8")
    return root


def outputs(params: ReportParameters, data) -> dict[str, str]:
    """Return what a report shows: its HTML (the data's fingerprint and file rows masked: they
    are of the files, not of the figures), figures.csv and every table."""
    made = Report(params, data)
    html = re.sub(r"\b[0-9a-f]{64}\b", "HASH", made._repr_html_())
    html = re.sub(r"(row|строка|жол) \d+", "ROW", html)
    found = {"report.html": html, "figures.csv": made.figures_frame().to_csv(index=False)}
    for name, frame in made.tables().items():
        found[name] = frame.drop(columns=[c for c in ("row", "file") if c in frame], errors="ignore").to_csv(index=False)
    return found


@pytest.mark.parametrize("cycle, baseline, scope", [("2023-district", "none", "national"),
                                                    ("2021", "2017", "national"), ("2021", "2017", "KZ-63")])
def test_reordering_the_published_rows_changes_nothing_shown(tmp_path, cycle, baseline, scope):
    params = dict(cycle=cycle, baseline=baseline, scope=scope, language="en")
    before = outputs(ReportParameters(**params, data_dir=str(DATA)), load_dataset(DATA))
    turned = reversed_rows(tmp_path / "data")
    after = outputs(ReportParameters(**params, data_dir=str(turned)), load_dataset(turned))
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name


def test_the_reconciliation_does_not_depend_on_the_order_of_rows(tmp_path):
    drop = ["source_title", "source_date", "other_source_title", "other_source_date"]
    before = reconcile.reconcile(load_dataset(DATA)).drop(columns=drop)
    after = reconcile.reconcile(load_dataset(reversed_rows(tmp_path / "data"))).drop(columns=drop)
    key = list(before.columns)
    pd.testing.assert_frame_equal(before.sort_values(key, ignore_index=True),
                                  after.sort_values(key, ignore_index=True))


def test_the_2023_mean_age_is_the_more_precise_figure_printed_as_published():
    made = Report(ReportParameters(cycle="2023-district", baseline="none", language="en"))
    figures = made.figures_frame().set_index("key")
    assert figures.at["age.mean", "value"] == pytest.approx(46.7)
    assert figures.at["age.mean", "text"] == "46.7"
    html = made._repr_html_()
    assert "(whole years)" not in made.section("headline").html()
    assert "Mean age 46.7 (as published)" in html


def test_a_published_whole_mean_stays_whole():
    made = Report(ReportParameters(cycle="2021", baseline="2017", scope="KZ-15", language="en"))
    assert "Mean age 46 (as published)" in made._repr_html_()
    assert "46.0" not in made.section("age").html()


def test_the_headline_mean_of_records_is_not_rounded_to_whole_years():
    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", language="en"))
    headline = made.section("headline").html()
    assert "46.9" in headline and "whole years" not in headline


def test_about_the_data_never_says_the_report_uses_a_figure_it_does_not_show():
    frame = reconcile.reconcile(load_dataset(DATA))
    assert "first_listed" not in set(frame["used_because"])
    figures = frame[(frame["check"] == "sources") & (frame["unit"] != "count") & (frame["unit"] != "percent")]
    shown = figures[figures["used_because"] == "rule"]
    assert not shown.empty
    # candidates' mean age is kept and checked, but no report shows it
    candidates = frame[frame["item"] == "candidates_mean_age"]
    assert set(candidates["used_because"]) <= {"not_shown"}
    # three snapshots of one month on the nominated of Almaty oblast: a tie, shown by no report
    tied = frame[(frame["item"] == "nominated") & (frame["scope"] == "KZ-19")]
    assert set(tied["used_because"]) == {"unresolved"} and tied["used"].isna().all()


def test_the_main_source_is_chosen_in_one_place():
    """`value_counts().sort_index().idxmax()` was written three times; now `choice.main_source`."""
    for path in (ROOT / "akimstat").rglob("*.py"):
        assert "idxmax()" not in path.read_text(encoding="utf-8") or path.name == "choice.py", path
    calls = [node for path in (ROOT / "akimstat").rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.FunctionDef) and node.name in ("_main_source", "main_source")]
    assert len(calls) == 1
