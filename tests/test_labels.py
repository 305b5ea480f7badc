"""Messages in three languages and number formats per locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from akimstat.errors import ParameterError
from akimstat.params import ReportParameters
from akimstat.labels import LANGUAGES, Labels, catalog, checked_catalog

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
    sources = " ".join(p.read_text(encoding="utf-8") for p in (PACKAGE / "sections").glob("*.py"))
    literal = {k for k in re.findall(r"""(?:text|plain)\(\s*["']([a-z_.]+)["']""", sources)
               if not k.endswith(".")}
    assert literal, "the pattern found no keys: update this test"
    assert not sorted(literal - set(catalog()))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("scope", ["national", "KZ-PAV", "KZ-KAR"])
def test_every_section_of_the_spec_presents_in_every_language(scope, lang):
    """Keys made from the spec (title.<variable>, <name>.now, ...) exist: a missing one raises."""
    from akimstat.report import Report
    from akimstat.spec import sections_of

    report = Report(ReportParameters(scope=scope, language=lang))
    assert len(report.views) >= len(sections_of(scope)) - 1  # context may have nothing to say
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
    assert t.points(-0.0125) == "-1.3"
    assert t.points(-0.0004) == "0.0" and t.points(0.0004) == "0.0"  # no sign on a rounded zero


def test_pvalue_floor():
    assert Labels("ru").pvalue(0.00001) == "< 0,001"
    assert Labels("ru").p(0.00001) == "p < 0,001" and Labels("en").p(0.1364) == "p = 0.136"


def test_values_are_escaped_messages_are_not():
    html = str(Labels("en").text("synthetic.notice"))
    assert html.startswith("<strong>")
    title = str(Labels("en").text("title", scope="<script>alert(1)</script>", cycle="&"))
    assert "<script>" not in title and "&lt;script&gt;" in title and "&amp;" in title


def test_kazakh_messages_use_kazakh_letters():
    text = " ".join(m["kk"] for m in catalog().values())
    assert set("қәғңөұүі") <= set(text)  # һ is rare in Kazakh words and not needed here
