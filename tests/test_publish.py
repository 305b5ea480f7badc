"""Publication-grade outputs (issue 17), checked on the real 2013 reports in a real browser:
navigation (contents, languages, files, index), no sideways scrolling on a phone with chart
text of at least 11 px, axe-core with zero violations at 1280 and 390 px, quoted passages
marked with their language, a table for every chart, captions that do not repeat titles."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from fixtures.hostile.shared import once
from test_reports import render_2013

pytestmark = pytest.mark.render
AXE = ROOT / ".venv/npm/node_modules/axe-core/axe.min.js"
LANGUAGES = ("kk", "ru", "en")
PAGES = ["index.html"] + [f"2013/{scope}/{lang}/report.html" for scope in ("national", "KZ-PAV") for lang in LANGUAGES]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return once(tmp_path_factory, "reports-2013", render_2013)  # the render test_reports.py uses


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium as the project launches it, headless, with a fresh profile."""
    from playwright.sync_api import sync_playwright

    from akimstat.export import CHROMIUM_ARGS
    from akimstat.tools import chromium_path

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield context
        context.close()


def _page(browser, path: Path, width: int):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path.as_uri())
    return page


def _links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


# -- navigation ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES[1:])
def test_every_link_of_a_report_leads_to_a_published_file(out, page):
    path = out / page
    html = path.read_text(encoding="utf-8")
    links = _links(html)
    for href in links:
        target = urlsplit(href)
        assert not target.scheme and not target.netloc, href  # nothing outside the folder
        if target.path:
            assert (path.parent / target.path).resolve().is_file(), href
        if target.fragment:
            assert f'id="{target.fragment}"' in html, href
    lang = path.parent.name
    assert "../../../index.html" in links
    assert {f"../{other}/report.html" for other in LANGUAGES if other != lang} <= set(links)
    assert {"report.pdf", "figures.csv", "report.ipynb"} <= set(links)
    assert {f"tables/{p.name}" for p in (path.parent / "tables").glob("*.csv")} <= set(links)


@pytest.mark.parametrize("page", PAGES[1:])
def test_contents_list_every_section_with_its_title(out, page):
    html = (out / page).read_text(encoding="utf-8")
    toc = re.search(r'<nav [^>]*class="toc"[^>]*>(.*?)</nav>', html, re.S).group(1)
    listed = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    sections = re.findall(r'<section id="([^"]+)"><h2>([^<]+)</h2>', html)
    assert listed == sections and len(listed) >= 8


def test_index_reaches_every_report_and_its_files_in_one_tap_with_names_in_three_languages(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    for scope in ("national", "KZ-PAV"):
        for lang in LANGUAGES:
            for name in ("report.html", "report.pdf", "report.ipynb"):
                assert f'href="2013/{scope}/{lang}/{name}"' in index
    assert '<span lang="kk">Павлодар облысы</span>' in index
    assert '<span lang="ru">Павлодарская область</span>' in index
    assert '<span lang="en">Pavlodar Region</span>' in index
    assert index.index("Республика Казахстан") < index.index("Павлодарская область")  # the nation first


# -- phones -------------------------------------------------------------------------------------
MEASURE = """() => {
  const doc = document.documentElement;
  const texts = [...document.querySelectorAll('svg text')].filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b));
  return {scroll: doc.scrollWidth, width: doc.clientWidth, charts: document.querySelectorAll('svg').length,
          smallest: texts.length ? Math.min(...texts) : null};
}"""


@pytest.mark.parametrize("page", PAGES)
def test_a_phone_never_scrolls_sideways_and_chart_text_stays_legible(out, browser, page):
    tab = _page(browser, out / page, 390)
    measured = tab.evaluate(MEASURE)
    tab.close()
    assert measured["scroll"] <= measured["width"] == 390, measured
    if "report.html" in page:
        assert measured["charts"] >= 1 and measured["smallest"] >= 11, measured


# -- accessibility ------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page", PAGES)
def test_axe_core_finds_no_violation(out, browser, page, width):
    assert AXE.is_file(), "axe-core is missing: run `AKIMSTAT_EXTRAS=test bash scripts/setup.sh`"
    tab = _page(browser, out / page, width)
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)""")
    tab.close()
    assert violations == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_quoted_titles_of_sources_carry_their_language(out, lang):
    html = (out / f"2013/national/{lang}/report.html").read_text(encoding="utf-8")
    assert '<span lang="kk">Қазақстанда жергілікті басқару' in html
    text_outside_lang = re.sub(r'<span lang="(kk|ru)">[^<]*</span>', "", html)
    kazakh_words = re.findall(r">[^<]*Қазақстанда[^<]*<", text_outside_lang)
    assert not kazakh_words


@pytest.mark.parametrize("page", PAGES[1:])
def test_every_chart_has_its_data_as_a_table_and_a_caption_said_once(out, page):
    html = (out / page).read_text(encoding="utf-8")
    sections = re.findall(r'<section id="([^"]+)">(.*?)</section>', html, re.S)
    charts = 0
    for id_, body in sections:
        for figure in re.findall(r'<figure class="chart">(.*?)</figure>', body, re.S):
            charts += 1
            outside = body.replace(figure, "")
            assert "<table" in figure or "<table" in outside, id_  # disclosed, or beside it
            caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
            drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", figure))
            assert caption not in drawn, (id_, caption)
    assert charts >= 2
    if "national" in page:  # the two charts that had no table: ages, and change by region
        assert html.count("<details><summary>") >= 2
