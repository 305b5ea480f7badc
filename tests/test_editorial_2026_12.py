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

ROOT = Path(__file__).resolve().parents[1]
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
