"""Russian numeral agreement over every number of the rendered ru reports (issue 29): a noun
after a number takes the form the number's CLDR plural category and the context's case want.

Rules (Д. Э. Розенталь, «Справочник по правописанию и стилистике», § 184): in the nominative or
accusative, one -> nominative singular (21 аким), few -> genitive singular (2 454 акима),
many -> genitive plural (5 акимов); after a preposition governing the genitive (из, у, для,
среди, от, до, около, более, менее, свыше, кроме), one -> genitive singular (из 21 акима),
otherwise genitive plural (из 2 454 акимов). A number with decimals (other) takes the genitive
singular. Other cases (в 14 регионах, по 4 областям) are not checked: their forms are not these.
"""

from __future__ import annotations

import html
import re

import pytest
from babel import Locale

from akimstat.params import ReportParameters
from akimstat.report import Report

#: noun -> (nominative singular, genitive singular, genitive plural)
NOUNS = [("аким", "акима", "акимов"), ("человек", "человека", "человек"), ("регион", "региона", "регионов"),
         ("область", "области", "областей"), ("кандидат", "кандидата", "кандидатов"),
         ("должность", "должности", "должностей"), ("национальность", "национальности", "национальностей"),
         ("женщина", "женщины", "женщин"), ("мужчина", "мужчины", "мужчин")]
FORMS = {form: noun for noun in NOUNS for form in noun}
GENITIVE = {"из", "у", "для", "среди", "от", "до", "около", "более", "менее", "свыше", "кроме",
            "доля", "долю", "число", "сумма", "итог"}  # a noun governing the genitive: доля 4 регионов
NUMBER = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})*(?:,\d+)?"
PHRASE = re.compile(rf"(?:(\w+)\s+)?({NUMBER})\s+({'|'.join(sorted(FORMS, key=len, reverse=True))})\b")
RULE = Locale("ru").plural_form
REPORTS = [("2013", "pre-2013", "national"), ("2013", "pre-2013", "KZ-YUZ"), ("2013", "pre-2013", "KZ-ZAP"),
           ("2017", "2013", "national"), ("2021", "2017", "national"), ("2021", "2017", "KZ-15"),
           ("2023-district", "none", "national")]


def expected(number: str, before: str | None, noun: tuple) -> str | None:
    """Return the noun's form after `number` in the context `before` (None: not checked)."""
    nominative, genitive_one, genitive_many = noun
    if "," in number:
        return genitive_one
    category = RULE(int(re.sub(r"\D", "", number)))
    if before is not None and before.lower() in GENITIVE:
        return genitive_one if category == "one" else genitive_many
    if before is not None and before.lower() in {"в", "во", "по", "о", "об", "с", "со", "к", "при"}:
        return None  # a case these forms do not hold
    return {"one": nominative, "few": genitive_one}.get(category, genitive_many)


def disagreements(text: str) -> list[str]:
    wrong = []
    for before, number, form in PHRASE.findall(text):
        want = expected(number, before or None, FORMS[form])
        if want is not None and form != want and not (FORMS[form][0] == "человек" and want == form):
            wrong.append(f"{before} {number} {form} (want {want})".strip())
    return wrong


def reader_text(report: Report) -> str:
    """The Russian words a reader sees: tags removed, and text marked as another language (a
    Kazakh source's title, lang="kk") left out."""
    markup = re.sub(r'<(\w+)[^>]*\slang="(?!ru)[^"]*"[^>]*>.*?</\1>', " ", report._repr_html_(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


@pytest.mark.parametrize("cycle, baseline, scope", REPORTS)
def test_every_number_agrees_with_its_noun(cycle, baseline, scope):
    report = Report(ReportParameters(cycle=cycle, baseline=baseline, scope=scope, language="ru"))
    assert disagreements(reader_text(report)) == []


@pytest.mark.parametrize("phrase, wrong", [
    ("у 132 человек", False), ("доля 4 регионов", False), ("всего 2 454 акима", False), ("из 2 454 акимов", False), ("на 4 региона", False),
    ("132 человек", True), ("на 4 регионов", True), ("из 21 акимов", True), ("5 акима", True), ("1,5 акимов", True)])
def test_the_scan_finds_what_the_review_found(phrase, wrong):
    assert bool(disagreements(phrase.replace(" 4", " 4"))) == wrong
