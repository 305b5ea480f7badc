"""Citing a report (akimstat.report.cite): CSL-JSON and BibTeX beside every report, read back by an
independent parser; Highwire Press and Dublin Core meta tags in its page; the statistics under
an open data licence."""

from __future__ import annotations

import html.parser
import json
import re

import bibtexparser
import pytest

from akimstat.report import cite
from fixtures.hostile.shared import once
from fixtures.renders import render_2013

HOSTILE = 'Аудан {x} & 100% "#1" <b>_a_</b> \\end ~^$'


def _item(title=HOSTILE, date="2026-11-30"):
    return cite.citation_item(key="akimstat-2013-kz-pav-kk", title=title, author="akimstat әзірлеушілері",
                              genre="Статистикалық есеп", date=date, language="kk", version="0.1.0",
                              commit="a" * 40, data_sha256="b" * 64)


def _parsed(text: str) -> dict:
    database = bibtexparser.loads(text)
    assert len(database.entries) == 1, text
    return database.entries[0]


def test_bibtex_of_hostile_text_parses_back_to_one_entry_with_every_field():
    entry = _parsed(cite.bibtex(_item()))
    assert entry["ENTRYTYPE"] == "techreport" and entry["ID"] == "akimstat-2013-kz-pav-kk"
    assert entry["year"] == "2026" and entry["language"] == "kk" and "b" * 64 in entry["note"]
    # the braces and backslash of the title are escaped, so they cannot end the field early
    assert entry["title"].count("{") == entry["title"].count("}") and r"\{x\}" in entry["title"]
    assert entry["author"] == "{akimstat әзірлеушілері}"  # an organisation: one name, not split


def test_no_date_outside_git_gives_no_year_rather_than_a_guess():
    item = _item(date="")
    assert "issued" not in item and "year" not in _parsed(cite.bibtex(item))
    assert not [name for name, _ in cite.meta_tags(item) if "date" in name.lower()]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return once(tmp_path_factory, "reports-2013", render_2013)  # shared with test_reports.py


class _Meta(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.tags.append((attrs["name"], attrs.get("content")))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_report_has_csl_json_bibtex_and_meta_tags_that_agree(out, lang):
    folder = out / "2013" / "KZ-PAV" / lang
    [item] = json.loads((folder / "citation.json").read_text(encoding="utf-8"))
    entry = _parsed((folder / "citation.bib").read_text(encoding="utf-8"))
    page = (folder / "report.html").read_text(encoding="utf-8")
    parser = _Meta()
    parser.feed(page)
    tags = dict(parser.tags)
    title = page.split("<title>")[1].split("</title>")[0]
    assert item["type"] == "report" and item["language"] == lang and item["title"] == tags["citation_title"]
    assert html.unescape(title) == item["title"] == entry["title"]
    assert tags["citation_publisher"] and tags["citation_date"].count("/") == 2
    assert tags["citation_date"].replace("/", "-") == tags["DC.date"] == entry["date"]
    assert ("Pavlodar" if lang == "en" else "Павлодар") in item["title"] and tags["DC.language"] == lang
    assert 'href="citation.bib"' in page and 'href="citation.json"' in page  # the page offers them


def test_the_index_links_every_report_to_its_bibtex(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    by_cycle, by_region = index.split('id="by-region"')  # the index lists each report by cycle and by region
    assert by_cycle.count("citation.bib") == by_region.count("citation.bib") == 6
    assert {f'href="{p.relative_to(out).as_posix()}"' for p in out.glob("*/*/*/citation.bib")} <= set(
        re.findall(r'href="[^"]+"', by_cycle)) and len(list(out.glob("*/*/*/citation.bib"))) == 6


def test_the_statistics_are_licensed_as_open_data_not_as_software(out):
    package = json.loads((out / "2013" / "national" / "en" / "datapackage.json").read_text(encoding="utf-8"))
    assert [licence["name"] for licence in package["licenses"]] == ["CC-BY-4.0"]
