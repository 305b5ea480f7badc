"""Messages in three languages and number formats per locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from akimstat.errors import ParameterError
from akimstat.params import ReportParameters
from akimstat.labels import (LANGUAGES, Labels, catalog, checked_catalog, localised,
                             plural_categories, variants)

NBSP = "\u00a0"
PACKAGE = Path(__file__).resolve().parents[1] / "akimstat"


def test_catalog_is_complete():
    table = catalog()
    assert len(table) > 100
    assert all(set(m) >= set(LANGUAGES) for m in table.values())


def test_missing_language_is_named():
    with pytest.raises(ParameterError, match="message 'x' has no text in language 'ru'"):
        checked_catalog({"x": {"kk": "а", "en": "a"}})


def test_placeholders_must_agree():
    with pytest.raises(ParameterError, match="different placeholders"):
        checked_catalog({"x": {"kk": "{a}", "ru": "{a}", "en": "{b}"}})


def test_unknown_key_and_language_are_named():
    with pytest.raises(ParameterError, match="no message 'nope' in language 'kk'"):
        Labels("kk").text("nope")
    with pytest.raises(ParameterError, match="received 'de'"):
        Labels("de")


def test_every_key_the_sections_name_exists():
    sources = " ".join(p.read_text(encoding="utf-8") for p in (PACKAGE / "report" / "sections").glob("*.py"))
    literal = {k for k in re.findall(r"""(?:text|plain)\(\s*["']([a-z_.]+)["']""", sources)
               if not k.endswith(".")}
    assert literal, "the pattern found no keys: update this test"
    assert not sorted(literal - set(catalog()))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("scope", ["national", "KZ-PAV", "KZ-KAR"])
def test_every_section_of_the_spec_presents_in_every_language(scope, lang):
    """Keys made from the spec (title.<variable>, <name>.now, ...) exist: a missing one raises."""
    from akimstat.report import Report
    from akimstat.report.spec import sections_of

    report = Report(ReportParameters(scope=scope, language=lang))
    # context may have nothing to say; a universe or path section shows only tables the data has
    # (its labels are checked in tests/report/test_universes.py)
    assert len(report.views) >= len([e for e in sections_of(scope) if e["section"] not in ("universe", "path")]) - 1
    for view in report.views.values():
        assert view.html()


@pytest.mark.parametrize("lang, number, percent, points", [
    ("kk", f"2{NBSP}454", "11,4%", "+1,3"),
    ("ru", f"2{NBSP}454", "11,4%", "+1,3"),
    ("en", "2,454", "11.4%", "+1.3"),
])
def test_numbers_per_locale(lang, number, percent, points):
    t = Labels(lang)
    assert t.number(2454) == number
    assert t.percent(280 / 2454) == percent
    assert t.points(0.0132) == points


def test_rounding_is_half_up_not_to_even():
    t = Labels("en")
    assert t.number(0.125, 2) == "0.13" and t.number(2.5) == "3" and t.percent(0.1445) == "14.5%"
    assert t.points(-0.0125) == "\u22121.3"  # a true minus sign (U+2212), as typeset statistics print it
    assert t.points(-0.0004) == "0.0" and t.points(0.0004) == "0.0"  # no sign on a rounded zero


def test_pvalue_floor():
    assert Labels("ru").pvalue(0.00001) == "< 0,001"
    assert Labels("ru").p(0.00001) == "p < 0,001" and Labels("en").p(0.1364) == "p = 0.136"


def test_values_are_escaped_messages_are_not():
    html = str(Labels("en").text("synthetic.notice"))
    assert html.startswith("<strong>")
    title = str(Labels("en").text("title", scope="<script>alert(1)</script>", cycle="&", corps="c"))
    assert "<script>" not in title and "&lt;script&gt;" in title and "&amp;" in title


def test_kazakh_messages_use_kazakh_letters():
    text = " ".join(v for m in catalog().values() for v in variants(m["kk"]))
    assert set("қәғңөұүі") <= set(text)  # һ is rare in Kazakh words and not needed here


# -- plural forms (CLDR rules through Babel) ---------------------------------------------------
ROWS = {"kk": {"one": "{count} жол", "other": "{count} жол"},
        "ru": {"one": "{count} строка", "few": "{count} строки", "many": "{count} строк",
               "other": "{count} строки"},
        "en": {"one": "{count} row", "other": "{count} rows"}}


def test_plural_categories_come_from_cldr():
    assert plural_categories("ru") == ["one", "few", "many", "other"]
    assert plural_categories("kk") == ["one", "other"] == plural_categories("en")


def test_plural_message_needs_every_variant_of_the_language():
    assert checked_catalog({"rows": ROWS})
    few_missing = {**ROWS, "ru": {k: v for k, v in ROWS["ru"].items() if k != "few"}}
    with pytest.raises(ParameterError, match="'rows' in language 'ru' needs the plural variants "
                                             "one, few, many, other.*missing few"):
        checked_catalog({"rows": few_missing})
    with pytest.raises(ParameterError, match="in 'kk' it needs a variant per plural category"):
        checked_catalog({"rows": {**ROWS, "kk": "{count} жол"}})
    with pytest.raises(ParameterError, match="unknown dual"):
        checked_catalog({"rows": {**ROWS, "en": {**ROWS["en"], "dual": "x"}}})


@pytest.mark.parametrize("lang, counts", [
    ("ru", {1: "1 ошибка ", 2: "2 ошибки ", 5: "5 ошибок ", 21: "21 ошибка ", 24: "24 ошибки ",
            111: "111 ошибок ", 2454: "2 454 ошибки "}),  # plain text: spaces made plain
    ("en", {1: "1 problem ", 2: "2 problems ", 21: "21 problems "}),
    ("kk", {1: "1 қате", 24: "24 қате"}),
])
def test_plural_form_follows_the_number(lang, counts):
    t = Labels(lang)
    for count, text in counts.items():
        assert text in t.plain("input.summary", count=count), count


POSTS = {"kk": "{posts} лауазым, {akims} әкім",
         "ru": "{posts} {posts, plural, one {должность} few {должности} many {должностей} other {должности}}, "
               "{akims} {akims, plural, one {аким} few {акима} many {акимов} other {акима}}",
         "en": "{posts} {posts, plural, one {post} other {posts}}, {akims} akims"}


def test_each_number_of_a_sentence_chooses_its_own_words():
    checked_catalog({"posts": POSTS})
    with pytest.raises(ParameterError, match=r"'posts' in language 'ru' needs the plural variants of "
                                             r"\{akims, plural, ...\}: one, few, many, other.*missing many"):
        checked_catalog({"posts": {**POSTS, "ru": POSTS["ru"].replace(" many {акимов}", "")}})


def test_inline_plural_follows_each_number_as_printed(monkeypatch):
    t = Labels("ru")
    monkeypatch.setitem(t._messages, "posts", POSTS["ru"])
    assert t.plain("posts", posts=t.number(21), akims=t.number(146)) == "21 должность, 146 акимов"
    assert t.plain("posts", posts=t.number(2), akims=t.number(2.0, 1)) == "2 должности, 2,0 акима"  # v=1: other
    with pytest.raises(ParameterError, match="chooses words by 'akims': give it as a number"):
        t.text("posts", posts=t.number(2), akims="два")


def test_plural_message_without_a_count_is_refused():
    with pytest.raises(ParameterError, match="has plural forms: give its count as a number"):
        Labels("ru").text("input.summary")


def test_localised_text_is_english_as_str_and_each_language_on_request():
    text = localised("input.in_rows", count=734, value="'жен'", rows="2–736, …")
    assert text == "'жен' in 734 rows (2–736, …)"
    assert text.in_("ru") == "'жен' в 734 строках (2–736, …)"
    assert text.in_("kk") == "'жен' 734 жолда (2–736, …)"
