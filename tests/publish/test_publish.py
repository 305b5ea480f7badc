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

from akimstat.labels import publish_words
from conftest import ROOT
from fixtures.hostile.shared import once
from fixtures.renders import render_2013

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

    from akimstat.publish.export import CHROMIUM_ARGS
    from akimstat.publish.tools import chromium_path

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
    assert {"report.pdf", "report.xlsx", "figures.csv", "datapackage.json", "report.ipynb"} <= set(links)
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
            for name in ("report.html", "report.pdf", "report.xlsx", "report.ipynb"):
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
@pytest.mark.parametrize("page", PAGES)
def test_axe_core_finds_no_violation_at_1280_and_390_px(out, browser, page):
    assert AXE.is_file(), "axe-core is missing: run `AKIMSTAT_EXTRAS=test bash scripts/setup.sh`"
    tab = _page(browser, out / page, 1280)
    tab.add_script_tag(path=str(AXE))
    violations = {}
    for width in (1280, 390):  # one page loaded, checked at both widths
        tab.set_viewport_size({"width": width, "height": 900})
        violations[width] = tab.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)""")
    tab.close()
    assert violations == {1280: [], 390: []}


#: The words of table headers and cells that a line break splits ("Pedagog|ues").
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/[^\\s\\-–]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("page", [p for p in PAGES if "national" in p])
def test_no_word_in_a_table_is_split_across_lines(out, browser, page):
    """Table columns took their narrowest width by breaking words anywhere ("Pedagog-ues",
    "Shar-e"); words wrap whole, and a table too wide for a phone scrolls in its own box."""
    tab = _page(browser, out / page, 390)
    found = {width: (tab.set_viewport_size({"width": width, "height": 900}), tab.evaluate(SPLIT_WORDS))[1]
             for width in (1280, 390)}
    tab.close()
    assert found == {1280: [], 390: []}


def test_axe_core_sees_a_violation_when_there_is_one(browser, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>t</title></head><body><main><img src="x.png">'
                    '<div style="width:2000px;overflow-x:auto"><table><tr><td>1</td></tr></table></div>'
                    "</main></body></html>", encoding="utf-8")
    tab = _page(browser, page, 390)
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    measured = tab.evaluate(MEASURE)
    tab.close()
    assert {"html-has-lang", "image-alt"} <= set(found)
    assert measured["scroll"] > measured["width"]  # and the phone measure sees sideways scrolling


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


# -- PDF ----------------------------------------------------------------------------------------
def _outline(doc) -> list[tuple[int, str]]:
    with doc.open_outline() as outline:
        found, stack = [], [(0, item) for item in reversed(outline.root)]
        while stack:
            depth, item = stack.pop()
            found.append((depth, item.title))
            stack.extend((depth + 1, child) for child in reversed(item.children))
    return found


def _fonts(doc):
    for page in doc.pages:
        for font in page.Resources.get("/Font", {}).values():
            yield from font.get("/DescendantFonts", [font])


@pytest.mark.parametrize("page", PAGES[1:])
def test_pdf_is_tagged_with_an_outline_of_its_sections_and_embedded_fonts(out, page):
    import pikepdf

    html = (out / page).read_text(encoding="utf-8")
    with pikepdf.open(out / page.replace(".html", ".pdf")) as doc:
        assert doc.Root.MarkInfo.Marked is True
        assert len(doc.Root.StructTreeRoot.K) >= 1
        assert str(doc.Root.Lang) == Path(page).parent.name
        title = re.search(r"<h1>([^<]+)</h1>", html).group(1)
        sections = [t for _, t in re.findall(r'<section id="([^"]+)"><h2>([^<]+)</h2>', html)]
        assert _outline(doc)[0] == (0, title)
        assert [t for depth, t in _outline(doc) if depth == 1] == sections
        fonts = list(_fonts(doc))
        assert fonts and all({"/FontFile", "/FontFile2", "/FontFile3"} & set(f.FontDescriptor.keys()) for f in fonts)


# -- spreadsheet and data package ---------------------------------------------------------------
FOLDERS = [f"2013/{scope}/{lang}" for scope in ("national", "KZ-PAV") for lang in ("kk", "en")]


def _table_of(sheet):
    """Return the header and rows of the one Excel table on `sheet`."""
    (table,) = sheet.tables.values()
    cells = [[c.value for c in row] for row in sheet[table.ref]]
    return cells[0], cells[1:]


def _same(csv_text: str, cell) -> bool:
    if csv_text == "":
        return cell in ("[c]", "[x]", "[z]")  # confidential, not published, not applicable
    if isinstance(cell, bool) or csv_text in ("True", "False"):
        return str(cell) == csv_text
    if isinstance(cell, (int, float)):
        try:
            return float(csv_text) == pytest.approx(cell, rel=1e-9, abs=1e-12)
        except ValueError:  # text against a number: another column
            return False
    return str(cell) == csv_text


@pytest.mark.parametrize("folder", FOLDERS)
def test_xlsx_has_cover_contents_notes_and_every_csv_as_one_table_per_sheet(out, folder):
    import csv

    import openpyxl

    book = openpyxl.load_workbook(out / folder / "report.xlsx")
    cover, contents, notes = book.worksheets[:3]
    title = re.search(r"<h1>([^<]+)</h1>", (out / folder / "report.html").read_text(encoding="utf-8")).group(1)
    assert cover["A1"].value == title and "SHA-256" in " ".join(str(c.value) for c in cover["A"])
    if not folder.endswith("/en"):  # the source line in the workbook's language, with the full commit
        assert not [c.value for c in cover["A"] if "commit" in str(c.value)]
    header, listed = _table_of(contents)
    assert [row[0] for row in listed] == book.sheetnames[3:]
    assert all(contents.cell(row=i, column=1).hyperlink.location == f"'{name}'!A1"
               for i, name in enumerate(book.sheetnames[3:], start=4))
    _, note_rows = _table_of(notes)
    words = publish_words(folder.split("/")[-1])
    assert note_rows[0][0] == words["xlsx.note_label"].format(n=1) and note_rows[0][1].startswith("[c]")
    csvs = {"figures": out / folder / "figures.csv", **{p.stem: p for p in (out / folder / "tables").glob("*.csv")}}
    # Sheets are named in the report's language (issue 29); each Excel table keeps the CSV's name.
    sheets = {next(iter(s.tables.values())).displayName.removeprefix("t_"): s for s in book.worksheets[3:]}
    assert sorted(csvs) == sorted(sheets)
    marked = 0
    for name, path in csvs.items():
        sheet = sheets[name]
        assert sheet["A1"].value and len(sheet.tables) == 1
        header, rows = _table_of(sheet)
        with open(path, encoding="utf-8", newline="") as f:
            expected = list(csv.reader(f))
        # headers in words, codes and exact values kept in columns of their own (issue 29)
        assert len(header) >= len(expected[0]) and not set(header) & set(expected[0]) - {"z"}
        if len(expected) == 1:  # no rows: Excel's table keeps one blank row, and the sheet says why
            assert rows == [[None] * len(header)] and any(
                c.value == publish_words(folder.split("/")[-1])["xlsx.empty"] for c in sheet["A"][:6])
            continue
        assert len(rows) == len(expected) - 1
        columns = list(zip(*rows))
        for j, column in enumerate(zip(*expected[1:])):  # every CSV column is one of the sheet's
            assert any(all(_same(text, cell) for text, cell in zip(column, kept)) for kept in columns), (name, expected[0][j])
        if any("[c]" in row for row in rows):
            marked += 1
            assert any(f"[{words['xlsx.note_label'].format(n=1)}]" in str(c.value) for c in sheet["A"][:6])
    if folder.startswith("2013/KZ-PAV"):
        assert marked >= 1  # ethnicity is suppressed in the region


def test_xlsx_is_the_same_from_two_renders(out, tmp_path):
    from akimstat.report import Report

    Report.from_parameters(scope="KZ-PAV", language="kk").save(tmp_path)
    assert (tmp_path / "report.xlsx").read_bytes() == (out / "2013/KZ-PAV/kk/report.xlsx").read_bytes()


@pytest.mark.parametrize("folder", FOLDERS)
def test_datapackage_describes_every_csv_and_chart_and_is_valid(out, folder):
    import json

    import frictionless

    path = out / folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    on_disk = {p.relative_to(out / folder).as_posix() for p in (out / folder).rglob("*")
               if p.suffix in (".csv", ".svg")}
    assert paths == on_disk and any(p.startswith("charts/") for p in paths)
    html = (out / folder / "report.html").read_text(encoding="utf-8")
    assert package["akimstat:data_sha256"] in html
    assert package["akimstat:parameters"]["scope"] == folder.split("/")[1]
    figures = next(r for r in package["resources"] if r["path"] == "figures.csv")
    assert {f["name"]: f["type"] for f in figures["schema"]["fields"]}["value"] == "number"
    share = [f for r in package["resources"] for f in r.get("schema", {}).get("fields", []) if f["name"] == "share"]
    assert share and all(f["akimstat:unit"] == "proportion" for f in share)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_frictionless_would_catch_a_table_that_broke_its_schema(out, tmp_path):
    import shutil

    import frictionless

    folder = tmp_path / "copy"
    shutil.copytree(out / "2013/KZ-PAV/en", folder)
    table = folder / "tables/profession.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("\n", "\nwrong,not a number\n", 1), encoding="utf-8")
    assert not frictionless.validate(str(folder / "datapackage.json")).valid


def test_chart_files_are_the_drawings_of_the_page_with_their_titles(out):
    from xml.etree import ElementTree

    html = (out / "2013/national/en/report.html").read_text(encoding="utf-8")
    svg = (out / "2013/national/en/charts/women-1.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(svg.encode())
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Women's share by region (funnel plot)"
    assert root.find(f"{ns}desc").text.startswith("Dots: each region's share")
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert labels and " ".join(labels) in " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))


# -- citation and verification ------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES[1:])
def test_citation_names_the_full_commit_and_data_fingerprint(out, page):
    import html as htmllib

    from akimstat.provenance import data_hash, git_commit
    from akimstat.data.dataset import load_dataset

    cite = htmllib.unescape(re.search(r'<p class="citation">(.*?)</p>', (out / page).read_text(encoding="utf-8"),
                                      re.S).group(1))
    assert data_hash(load_dataset(ROOT / "data").hashes) in cite
    assert git_commit()[0].removesuffix("+modified") in cite  # a modified tree is said in the methods


def test_no_absolute_path_and_no_lock_file_in_the_published_folder(out):
    published = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in published if p.name.startswith(".") or p.suffix == ".lock"]
    for path in published:
        if path.suffix in (".html", ".ipynb", ".json", ".csv", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert str(ROOT) not in text and str(out) not in text and "/tmp/" not in text, path


def _verify(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "akimstat.cli", "verify", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_verify_says_whether_data_and_code_match_the_report(out, tmp_path):
    import shutil

    page = out / "2013/KZ-PAV/en/report.html"
    same = _verify(page)
    assert same.returncode == 0 and "matches the data, code and parameters it names" in same.stdout, same.stdout + same.stderr
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    assert _verify(page, "--data", data).returncode == 0
    records = data / "synthetic/records-2013.csv"
    records.write_text(records.read_text(encoding="utf-8").replace(",female,", ",male,", 1), encoding="utf-8")
    changed = _verify(page, "--data", data)
    assert changed.returncode == 1
    assert "data fingerprint" in changed.stdout and "does not match" in changed.stdout
    assert "code version: matches" in changed.stdout


def test_verify_refuses_a_page_without_its_record(tmp_path):
    page = tmp_path / "report.html"
    page.write_text("<html></html>", encoding="utf-8")
    result = _verify(page)
    assert result.returncode == 1 and "no record of the run in it" in result.stderr and "Traceback" not in result.stderr
