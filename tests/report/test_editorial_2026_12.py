"""The editorial review of 2026-12-06 (issue 29) as a test table: each report of
tests/fixtures/editorial_2026_12.yaml is rendered once, and in its reader's text the text the
editor quoted as wrong is absent and the correction present."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
import yaml

from akimstat.params import ReportParameters
from akimstat.report import Report

ROOT = Path(__file__).resolve().parents[2]
TABLE = yaml.safe_load((ROOT / "tests/fixtures/editorial_2026_12.yaml").read_text(encoding="utf-8"))
BASELINE = {"2013": "pre-2013", "2017": "2013", "2021": "2017", "2023-district": "none"}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def reader_text(markup: str) -> str:
    """The words a reader sees: tags removed, entities read, every run of spaces one space."""
    return SPACES.sub(" ", html.unescape(re.sub(r"<[^>]+>", "", markup)))


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    """The reader's text of every report the table names, each rendered once."""
    texts = {}
    for name in sorted({row["report"] for row in TABLE}):
        cycle, scope, lang = name.split("/")
        params = ReportParameters(cycle=cycle, baseline=BASELINE[cycle], scope=scope, language=lang)
        texts[name] = reader_text(Report(params)._repr_html_())
    return texts


@pytest.mark.parametrize("row", TABLE, ids=[f"{r['report']}#{i}" for i, r in enumerate(TABLE)])
def test_the_reviews_correction_is_printed(reports, row):
    text = reports[row["report"]]
    assert SPACES.sub(" ", row["wrong"]) not in text
    assert SPACES.sub(" ", row["right"]) in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_title_is_left_untranslated(lang):
    """A source in English or in Latin-script Kazakh is printed with its translation in [ ] in
    kk and ru reports: sources.csv gives title_kk and title_ru for every one of them."""
    rows = csv.DictReader(open(ROOT / "data/published/sources.csv", encoding="utf-8"))
    missing = [r["id"] for r in rows if r["language"] in ("en", "kk-Latn") and not r[f"title_{lang}"]]
    assert not missing


# -- About the data: real contradictions only ----------------------------------------------------
@pytest.mark.parametrize("value, other, rounding", [
    (62.79, 62.7, True), (46.7, 46.0, True), (1.45, 1.5, True),  # the coarser is the finer rounded or cut
    (36.24, 36.14, False), (730.0, 729.0, False), (4.7, 4.8, False), (80.06, 84.0, False), (62.79, 62.9, False)])
def test_a_difference_within_the_rounding_of_the_printed_figure_is_no_contradiction(value, other, rounding):
    from akimstat.report.sections.about_table import within_rounding

    assert within_rounding(value, other) is rounding and within_rounding(other, value) is rounding


def test_about_the_data_lists_each_real_contradiction_once():
    """2021: 730 against 775 was listed twice (two sources give 775), the four coverage notes
    were counted as contradictions; the box's table has one row per contradiction, and the
    coverage notes are one line under it. reconciliation.csv keeps every row."""
    from akimstat.report.sections.about_table import coverage_gaps, real_contradictions

    made = Report(ReportParameters(cycle="2021", baseline="2017", language="en"))
    frame = made.results["about"].frames["reconciliation"]
    real = real_contradictions(frame)
    assert len(frame) == 15 and len(real) == 10 and len(coverage_gaps(frame)) == 4
    assert not real.duplicated(["item", "value", "other_value"]).any()
    assert real.loc[(real["item"] == "posts") & (real["other_value"] == 775), "other_source"].tolist() == [
        "aqshamnews-kyzylorda-2021, qarmaqshy-2021"]
    box = reader_text(made["about"]._repr_html_())
    assert box.count("775 in") == 1 and "figure listed first" not in box
    assert box.count("<tr>") == 0 and made["about"]._repr_html_().count("<tr>") == 11  # header + 10


def test_a_rounding_difference_gets_no_sources_disagree_mark():
    """2023: «46,7 – орташа жас (дереккөздер келіспейді)»: 46.7 against 46 is the same mean cut
    to whole years, not sources that disagree."""
    made = Report(ReportParameters(cycle="2023-district", baseline="none", language="en"))
    assert "sources disagree" not in made["headline"]._repr_html_()
    assert "62.79" not in reader_text(made["about"]._repr_html_())
