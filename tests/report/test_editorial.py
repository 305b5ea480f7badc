"""Kazakh and Russian a ministry editor would publish (issue 19): what the sentences say, the
terms of the Bureau of National Statistics used one way throughout, dates, signs, the mark
of a confidential cell, names instead of codes, and Kazakh alphabetical order."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from akimstat.labels import Labels, catalog, kazakh_locative_attributive, variants
from akimstat.report.methods_used import catalogue
from akimstat.report.sections.districts import district_name
from akimstat.report.sections.share_regions import short_name

ROOT = Path(__file__).resolve().parents[2]
METHODS = {lang: "\n".join(method[lang] for method in catalogue().values()) for lang in ("kk", "ru", "en")}


def texts(lang: str) -> str:
    """Every report text of `lang`: the messages, the methods and the code lists' names."""
    messages = [v for m in catalog().values() for v in variants(m[lang])]
    names = [row[f"name_{lang}"] for path in (ROOT / "data" / "codes").glob("*.csv")
             for row in csv.DictReader(open(path, encoding="utf-8")) if f"name_{lang}" in row]
    return "\n".join(messages + names + [METHODS[lang]])


# The Bureau's (and the source article's) term, and the words it replaces. One word for one thing.
GLOSSARY = {
    "kk": {"сенімділік аралығы": ["% аралық", "пайыздық аралық"], "гипотеза": ["болжам"],
           "бақылау сомасы": ["саусақ ізі"], "Дәйексөз үшін": ["Сілтеме:"],
           "пайыздық тармақ": ["{size} тармақ", "{difference} тармақ"],
           "республикалық": ["жалпыұлттық"], "ұлт": ["этникалық топ"], "құйғыш": ["воронка"],
           "ауылдық деңгейдегі әкімдер": ["жергілікті әкімдер"], "критерий": ["t-тест", "score-тест"],
           "Дүңгендер": ["Дүнгендер"]},
    "ru": {"доверительный интервал": ["%-й интервал", "процентный интервал"],
           "процентный пункт": ["п. п.", "п.п."], "контрольная сумма": ["Отпечаток", "отпечаток"],
           "Для цитирования": ["Ссылка:"], "акимов сельского уровня": ["местных акимов"],
           "t-критерий Уэлча": ["t-тест"], "критерий Рао": ["score-тест"],
           "национальност": ["этнических групп", "этнические группы"],
           "контрольн": ["%-й границ", "%-х границ", "%-я контрольная", "%-е"]},
}


@pytest.mark.parametrize("lang", GLOSSARY)
def test_one_term_for_one_thing(lang):
    text = texts(lang)
    for term, replaced in GLOSSARY[lang].items():
        assert term in text, term
        assert not [w for w in replaced if w in text], (term, [w for w in replaced if w in text])


def test_the_renewal_figure_says_it_is_a_share_of_the_new_corps():
    """1,747 of the NEW corps of 2,454 are incumbents: not "71% of the old akims kept posts"."""
    assert Labels("ru").plain("headline.incumbents", count=Labels("ru").number(1747)).startswith(
        "нового корпуса – прежние акимы")
    assert Labels("kk").plain("headline.incumbents", count=Labels("kk").number(1747)).startswith("жаңа корпустағы")


def test_posts_up_for_election_are_a_share_of_all_akim_posts():
    assert "всех должностей акимов" in Labels("ru").plain("context.share_of_all", share="91,5%")
    assert "барлық әкім лауазымдарындағы үлесі" in Labels("kk").plain("context.share_of_all", share="91,5%")
    assert "of all akim posts" in Labels("en").plain("context.share_of_all", share="91.5%")


@pytest.mark.parametrize("lang, words", [("kk", "ауылдық деңгейдегі әкімдер"), ("ru", "акимов сельского уровня"),
                                         ("en", "rural-level akims")])
def test_the_corps_is_of_the_rural_level(lang, words):
    corps = Labels(lang).plain("corps.rural")
    assert words in Labels(lang).plain("title", scope="S", cycle="C", corps=corps)
    assert words in Labels(lang).plain("citation", year="2026", scope="S", cycle="C", language="L",
                                       version="1", commit="c", data="d", corps=corps)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_statistics_are_separated_by_semicolons(lang):
    """"χ² = 0,28, степеней свободы 5" reads as three numbers with decimal commas."""
    for key in ("distribution.test", "overdispersion.none", "overdispersion.applied"):
        text = catalog()[key][lang]
        assert not re.search(r"= \{\w+\},", text), (key, text)


def test_kazakh_dates_are_running_text():
    """CLDR's "2013 ж. 5 тамыз" is a table form; a sentence says "2013 жылғы 5 тамыздағы"."""
    t = Labels("kk")
    assert t.date(dt.date(2013, 8, 5)) == "2013 жылғы 5 тамыз"
    assert t.date(dt.date(2013, 8, 5), attributive=True) == "2013 жылғы 5 тамыздағы"
    assert t.date(dt.date(2013, 4, 24), attributive=True) == "2013 жылғы 24 сәуірдегі"
    assert [kazakh_locative_attributive(m) for m in ("қыркүйек", "шілде", "қаңтар", "желтоқсан")] == [
        "тегі", "дегі", "дағы", "дағы"]
    assert "2013 жылғы 5 тамыздағы жағдай бойынша" in t.plain(
        "subtitle", date=t.date(dt.date(2013, 8, 5), attributive=True), baseline="B", about="A")


def test_english_dates_are_en_gb():
    assert Labels("en").date(dt.date(2013, 8, 5)) == "5 August 2013"


def test_ranges_have_a_true_minus():
    t = Labels("ru")
    assert t.plain("interval", level="95", low=t.number(-2.4, 1), high=t.number(-1.5, 1)) == (
        "95-процентный доверительный интервал: от \u22122,4 до \u22121,5")


@pytest.mark.parametrize("lang, mark, note", [("kk", "х", "деректер құпия"), ("ru", "х", "данные конфиденциальны")])
def test_suppressed_cells_are_marked_as_the_bureau_marks_them(lang, mark, note):
    t = Labels(lang)
    assert t.plain("suppressed") == mark and t.plain("notes.confidential").startswith(f"{mark} – {note}")


@pytest.mark.parametrize("lang, name", [("kk", "№ 1 аудан"), ("ru", "Район № 1"), ("en", "District 1")])
def test_districts_have_names_not_codes(lang, name):
    assert district_name("KZ-PAV-D01", Labels(lang)) == name
    assert district_name("Баянаульский район", Labels(lang)) == "Баянаульский район"  # a register's own name


def test_kazakh_tables_sort_regions_in_kazakh_alphabetical_order(codes):
    """Not in Russian order, where East Kazakhstan (Восточно-Казахстанская) comes fifth: in the
    Kazakh alphabet Шығыс comes after Солтүстік, and Қ after К and before Л."""
    oblasts = [c for c in codes.regions.index if c.count("-") == 1 and not c[3:].isdigit()]
    kk = [Labels("kk", codes).name("region", c) for c in Labels("kk", codes).sorted_names("region", oblasts)]
    assert kk[-1] == "Шығыс Қазақстан облысы" and kk.index("Жамбыл облысы") < kk.index("Қарағанды облысы")
    assert kk.index("Қызылорда облысы") < kk.index("Маңғыстау облысы")
    ru = [Labels("ru", codes).name("region", c) for c in Labels("ru", codes).sorted_names("region", oblasts)]
    assert ru.index("Восточно-Казахстанская область") == 4


def test_chart_labels_are_names_not_codes(codes):
    assert short_name(Labels("kk", codes), "KZ-AKM") == "Ақмола"
    assert short_name(Labels("ru", codes), "KZ-AKM") == "Акмолинская"
    assert short_name(Labels("en", codes), "KZ-AKM") == "Akmola"


def test_sources_name_their_publishers_in_each_language_and_the_columns_are_documented():
    rows = {r["id"]: r for r in csv.DictReader(open(ROOT / "data/published/sources.csv", encoding="utf-8"))}
    assert rows["article"]["publisher_ru"] == "Исходная статья (журнал)"
    assert rows["un-mission"]["publisher_kk"].startswith("Қазақстан Республикасының БҰҰ")
    assert "[" not in rows["article"]["title"] and rows["article"]["title_en"].startswith("An estimation")
    fields = {f["name"] for r in json.loads((ROOT / "data/datapackage.json").read_text(encoding="utf-8"))["resources"]
              if r["name"] == "sources" for f in r["schema"]["fields"]}
    readme = (ROOT / "data/README.md").read_text(encoding="utf-8")
    for column in ("title_kk", "title_ru", "title_en", "publisher_kk", "publisher_ru", "publisher_en"):
        assert column in fields and f"`{column}`" in readme, column
