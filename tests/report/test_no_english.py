"""No English left in the Kazakh and Russian reports (issue 19): a Latin-script word in the
rendered HTML of a kk or ru report is a statistical symbol (p, χ², t, V, w, z, Q), an address (a
web address, a file path, a hash), code a reader copies to reproduce the report (the parameters
in <code>), the names of programs (akimstat; Jupyter, as «Блокнот Jupyter»; Word, as «Документ Word»; SHA-256), a file format in the download links
(PDF, CSV, XLSX, DOCX, JSON, ipynb; CSL-JSON and BibTeX for the citation), or an original title or name marked with its own language
(lang="en") in a reference."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from fixtures.hostile.shared import once
from fixtures.renders import render_2013


SYMBOLS = {"p", "P", "t", "V", "w", "n", "z", "Q", "SHA", "akimstat", "Jupyter",
           "PDF", "CSV", "XLSX", "JSON", "ipynb", "CSL", "BibTeX", "Word", "DOCX"}  # symbols, the programs, file formats in the links
ADDRESS = re.compile(r"\S*(?:[a-z0-9]\.[a-z]{2,}|/)\S*|\b[0-9a-f]{7,}\b")
LATIN_WORD = re.compile(r"[A-Za-z]+")
SKIPPED = {"script", "style", "code", "title", "metadata"}  # <title> repeats the h1; SVG metadata


class LatinWords(HTMLParser):
    """Collects the Latin-script words of an HTML page's text, outside elements whose own
    language is not the page's and outside code."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang, self.stack, self.words = lang, [], []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "meta", "link", "hr", "input", "col", "source", "wbr"}:
            return
        attrs = dict(attrs)
        other = attrs.get("lang") not in (None, self.lang)
        self.stack.append(tag in SKIPPED or other or (self.stack[-1] if self.stack else False))

    def handle_endtag(self, tag):
        if self.stack and tag not in {"br", "img", "meta", "link", "hr", "input", "col", "source", "wbr"}:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            return
        for word in LATIN_WORD.findall(ADDRESS.sub(" ", data)):
            if word not in SYMBOLS:
                self.words.append(word)


def latin_words(html: str, lang: str) -> list[str]:
    parser = LatinWords(lang)
    parser.feed(html)
    return parser.words


def test_the_check_finds_english():
    assert latin_words('<p>Source article (journal), p = 0,1; <span lang="en">Title</span> '
                       'tengrinews.kz <code>age_threshold</code></p>', "ru") == ["Source", "article", "journal"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return once(tmp_path_factory, "reports-2013", render_2013)  # the reports test_reports renders


@pytest.mark.render
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_latin_word_in_a_kazakh_or_russian_report(out, lang):
    pages = sorted(out.glob(f"*/*/{lang}/report.html"))  # cycle/scope/language/report.html
    assert len(pages) == 2  # the nation and Pavlodar oblast
    found = {p.name: sorted(set(latin_words(p.read_text(encoding="utf-8"), lang))) for p in pages}
    assert not any(found.values()), found


@pytest.mark.render
def test_the_index_does_not_show_the_code_national(out):
    """The nation is named in three languages; its code 'national' is no word of any of them."""
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="code">national</span>' not in index
    assert '<span class="code">KZ-PAV</span>' in index  # a region's code is shown beside its names


#: Names their owners write only in Latin script (a program, news sites, TV channels, kept in
#: «» in the publishers' kk and ru names): not English words.
BRANDS = {"Kiwix", "Ulysmedia", "NUR", "KZ", "Kazakh", "TV", "Trend", "MENAFN", "Qazaqstan",
          "The", "Astana", "Times"}  # mastheads as their publishers print them ("The Astana Times")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_source_is_named_without_unmarked_latin_words(lang):
    """Every cycle's reports name their sources; a title given in English (a description of
    ours) or in Kazakh Latin script was printed in kk and ru reports as if in their language."""
    from akimstat.report import Report
    from akimstat.params import ReportParameters

    writer = Report(ReportParameters(language=lang)).writer
    found = {source: words for source in writer.data.data.sources.index
             if (words := set(latin_words(f"<p>{writer.source_name(source)}</p>", lang)) - BRANDS)}
    assert not found, found
