"""The real reports rendered end to end (issue 5 and 6): Kazakh letters in PDF text, figures.csv
agreeing with the HTML in every language, a failed render keeping the earlier output, and the
same bytes from two renders."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess

import pandas as pd
import pytest

from akimstat.errors import ReportError
from akimstat.labels import Labels
from akimstat.publish.render import render_reports

from fixtures.renders import jobs_2013 as _jobs, render_2013
from fixtures.hostile.shared import once
from results.facts_2013 import FIGURES

pytestmark = pytest.mark.render
KAZAKH = "ҚӘҒҢӨҰҮІқәғңөұүі"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return once(tmp_path_factory, "reports-2013", render_2013)  # shared with test_publish.py


def _text(path):
    """Return the visible text of an HTML page (styles dropped, tags removed, entities decoded)."""
    html = re.sub(r"<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("scope", ["national", "KZ-PAV"])
def test_kazakh_letters_are_real_text_in_the_pdf_with_fonts_embedded(out, scope):
    pdf = out / f"2013/{scope}/kk/report.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Қазақстан" in text or "Павлодар облысы" in text
    in_html = set(KAZAKH + "Һһ") & set(_text(pdf.with_suffix(".html")))
    assert len(in_html) >= 12 and in_html <= set(text)  # no Kazakh letter is lost on the way
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("yes" in row[-5:-3] for row in rows), fonts


def test_chart_labels_keep_kazakh_text(out):
    html = (out / "2013/national/kk/report.html").read_text(encoding="utf-8")
    svg_texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
    assert "Педагогтар" in svg_texts and set("Қә") <= set(svg_texts)


@pytest.mark.parametrize("scope", ["national", "KZ-PAV"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_figures_csv_agrees_with_the_html(out, scope, lang):
    folder = out / f"2013/{scope}/{lang}"
    figures = pd.read_csv(folder / "figures.csv", dtype={"text": str}, keep_default_na=False)
    text = _text(folder / "report.html")
    assert len(figures) > 40
    missing = figures[[t not in text for t in figures["text"]]]
    assert missing.empty, missing
    assert (folder / "tables").is_dir() and any((folder / "tables").iterdir())


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_2013_national_reproduces_the_article(out, lang):
    folder = out / f"2013/national/{lang}"
    figures = pd.read_csv(folder / "figures.csv", dtype={"text": str}, keep_default_na=False).set_index("key")
    text = _text(folder / "report.html")
    t = Labels(lang)
    for key, (value, unit, decimals) in FIGURES.items():
        shown = t.percent(value, decimals) if unit == "share" else t.number(value, decimals)
        assert figures.at[key, "text"] == shown, key
        assert shown in text, key
    assert "mgorod.kz" in text and t.number(2464) in text


def test_no_code_no_record_ids_and_lang_set(out):
    for page in out.glob("2013/*/*/report.html"):
        html = page.read_text(encoding="utf-8")
        lang = page.parent.name
        assert f'<html lang="{lang}">' in html
        assert "Report.from_parameters" not in html and "remove-cell" not in html
        assert not re.search(r"\bR1[23]-\d{5}\b|\bP\d{5}\b", html)


def test_index_lists_every_report(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    for scope in ("national", "KZ-PAV"):
        for lang in ("kk", "ru", "en"):
            for name in ("report.html", "report.pdf"):
                assert f'href="2013/{scope}/{lang}/{name}"' in index


def test_reconciliation_beside_each_report_and_the_index(out):
    """Issue 14: each report's contradictions in tables/reconciliation.csv, all of the run's once
    beside the index (the article's profession table: 2,454 stated, 2,464 summed)."""
    for lang in ("kk", "ru", "en"):
        assert (out / f"2013/national/{lang}/tables/reconciliation.csv").is_file()
    run = pd.read_csv(out / "reconciliation.csv")
    national = run[(run["scope"] == "national") & (run["check"] == "parts_total")]
    assert list(national["item"]) == ["profession"] and list(national["other_value"]) == [2464]
    assert not run.duplicated().any()


def test_two_renders_give_the_same_bytes(out, tmp_path):
    for lang in ("ru", "en"):  # published beside it: the page links to them
        shutil.copytree(out / f"2013/KZ-PAV/{lang}", tmp_path / f"2013/KZ-PAV/{lang}")
    render_reports(_jobs(["KZ-PAV"], ["kk"]), tmp_path, progress=False)
    first, second = out / "2013/KZ-PAV/kk", tmp_path / "2013/KZ-PAV/kk"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_failed_render_keeps_the_earlier_report(out, tmp_path, monkeypatch):
    shutil.copytree(out / "2013/KZ-PAV/en", tmp_path / "2013/KZ-PAV/en")
    before = {p.name: p.read_bytes() for p in (tmp_path / "2013/KZ-PAV/en").iterdir() if p.is_file()}
    jobs = _jobs(["KZ-PAV"], ["en"], age_threshold=56)  # a changed parameter makes it stale
    jobs[0].parameters["data_dir"] = str(tmp_path / "no-such-folder")  # ... and the run fail
    with pytest.raises(ReportError) as info:
        render_reports(jobs, tmp_path, progress=False)
    assert "2013/KZ-PAV/en" in str(info.value) and "cell" in str(info.value)
    after = {p.name: p.read_bytes() for p in (tmp_path / "2013/KZ-PAV/en").iterdir() if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".tmp-*"))
    assert (tmp_path / "_failed/2013/KZ-PAV/en/report.ipynb").is_file()
