"""report.docx beside every report (issue 28): ministry editors edit and circulate a report in
Word. The document opens with python-docx; its headings are Word headings (Heading 1, 2…) with
the page's h1/h2 text; its tables are Word tables holding the page's cells (marks included)
under the page's captions; every chart is a picture with its text alternative as its
description and its caption beside it; its language is the report's; its kk and ru text passes
the page's language checks; two renders give the same bytes; the page links to it."""

from __future__ import annotations

import time
import zipfile
from html import escape

import lxml.html
import pytest

from report.test_no_english import latin_words
from report.test_reader_text import TOOL_WORDS

from conftest import DATA

docx = pytest.importorskip("docx")

LANGUAGES = ["kk", "ru", "en"]
WORD = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(out, languages):
    from akimstat.data.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs
    from akimstat.publish.render import render_reports

    params = ReportParameters(cycle="2013", baseline="pre-2013", data_dir=str(DATA))
    render_reports(plan_jobs(params, load_dataset(DATA), ["national"], languages), out, formats=("html",),
                   workers=1, progress=False)
    return {lang: out / "2013/national" / lang for lang in languages}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The 2013 national report in kk, ru and en, rendered once."""
    return render(tmp_path_factory.mktemp("docx"), LANGUAGES)


def text(element) -> str:
    return " ".join(element.text_content().split())


def page(folder):
    """The page's main part (its navigation is no part of the document) as an lxml tree."""
    return lxml.html.fromstring((folder / "report.html").read_text(encoding="utf-8")).find(".//main")


def document(folder):
    return docx.Document(str(folder / "report.docx"))


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_headings_are_word_headings(rendered, lang):
    html = [(f"Heading {h.tag[1]}", text(h)) for h in page(rendered[lang]).iter("h1", "h2", "h3", "h4")]
    word = [(p.style.name, " ".join(p.text.split())) for p in document(rendered[lang]).paragraphs
            if p.style.name.startswith("Heading")]
    assert len(html) > 10 and html[0][0] == "Heading 1"
    assert word == html


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tables_are_word_tables_with_the_pages_cells_and_captions(rendered, lang):
    tables = list(page(rendered[lang]).iter("table"))
    doc = document(rendered[lang])
    assert len(tables) > 3 and len(doc.tables) == len(tables)
    captions = [" ".join(p.text.split()) for p in doc.paragraphs if p.style.name == "Caption"]
    for html, word in zip(tables, doc.tables):
        rows = [[text(c) for c in tr if c.tag in ("th", "td")] for tr in html.iter("tr")]
        assert [[" ".join(c.text.split()) for c in row.cells] for row in word.rows] == rows
        assert text(html.find("caption")) in captions
        head = html.find("thead")
        header_rows = [r for r in word.rows if r._tr.trPr is not None and r._tr.trPr.find(W + "tblHeader") is not None]
        assert len(header_rows) == (len(head.findall("tr")) if head is not None else 0)


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_is_a_picture_with_its_description_and_caption(rendered, lang):
    figures = [f for f in page(rendered[lang]).iter("figure") if "chart" in f.get("class", "")]
    doc = document(rendered[lang])
    shapes = doc.inline_shapes
    assert len(figures) >= 3 and len(shapes) == len(figures)
    captions = [" ".join(p.text.split()) for p in doc.paragraphs if p.style.name == "Caption"]
    for figure, shape in zip(figures, shapes):
        alt = figure.find(".//svg").get("aria-label")
        assert alt and shape._inline.docPr.get("descr") == alt
        assert text(figure.find("figcaption")) in captions
    with zipfile.ZipFile(rendered[lang] / "report.docx") as package:
        assert all(name.endswith(".png") for name in package.namelist() if name.startswith("word/media/"))


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_document_is_in_the_reports_language(rendered, lang):
    doc = document(rendered[lang])
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(W + "val") == WORD[lang]
    assert doc.core_properties.language == WORD[lang]
    assert doc.settings.element.find(W + "themeFontLang").get(W + "val") == WORD[lang]
    assert doc.core_properties.title == text(page(rendered[lang]).find(".//h1"))
    assert "python-docx" not in (doc.core_properties.author + doc.core_properties.comments)


def runs_as_html(doc) -> str:
    """The document's text as HTML the page's checks read: a run in another language in a span
    with its lang, code (the HTML Code style) in <code>."""
    parts = []
    for run in doc.element.body.iter(W + "r"):
        words = "".join(t.text or "" for t in run.iter(W + "t"))
        lang = run.find(f"{W}rPr/{W}lang")
        style = run.find(f"{W}rPr/{W}rStyle")
        tag = "code" if style is not None and style.get(W + "val") == "HTMLCode" else "span"
        language = f' lang="{lang.get(W + "val").split("-")[0]}"' if lang is not None else ""
        parts.append(f"<{tag}{language}>{escape(words)}</{tag}> ")
    return "<p>" + "".join(parts) + "</p>"


@pytest.mark.render
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_kazakh_and_russian_text_passes_the_pages_checks(rendered, lang):
    doc = document(rendered[lang])
    assert not sorted(set(latin_words(runs_as_html(doc), lang)))
    words = " ".join(p.text for p in doc.paragraphs) + " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert not [w for w in TOOL_WORDS if w in words]


@pytest.mark.render
def test_two_renders_give_the_same_bytes(rendered, tmp_path):
    time.sleep(2)  # a ZIP's times have two seconds' resolution: a time of the run would show
    again = render(tmp_path, ["ru"])
    assert (again["ru"] / "report.docx").read_bytes() == (rendered["ru"] / "report.docx").read_bytes()
    with zipfile.ZipFile(again["ru"] / "report.docx") as package:
        times = {info.date_time for info in package.infolist()}
    created = document(again["ru"]).core_properties.created
    assert times == {created.timetuple()[:6]} and created == document(again["ru"]).core_properties.modified


@pytest.mark.render
def test_the_document_carries_the_record_of_its_run(rendered, tmp_path):
    """`akimstat verify report.docx` reads the record from the document itself, copied alone."""
    import shutil

    from akimstat.report.record import in_html, read_record

    alone = tmp_path / "report.docx"
    shutil.copy(rendered["kk"] / "report.docx", alone)
    record, folder = read_record(alone)
    assert folder is None
    assert record == in_html((rendered["kk"] / "report.html").read_text(encoding="utf-8"))


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_links_to_the_document(rendered, lang):
    assert 'href="report.docx"' in (rendered[lang] / "report.html").read_text(encoding="utf-8")
