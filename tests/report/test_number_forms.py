"""Words that agree with their numbers (issue 19): every report message whose words depend on
a number, rendered in Russian and Kazakh for the numbers of tests/fixtures/number_forms.yaml,
against the forms stored there with the rules they come from (CLDR plural rules; Rosenthal for
Russian agreement; a Kazakh grammar for nouns after numerals)."""

from __future__ import annotations

import re
from html import unescape
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from akimstat.labels import CATALOGUES, catalog, inline_plurals, labels, variants

TABLE = yaml.safe_load((Path(__file__).resolve().parents[1] / "fixtures" / "number_forms.yaml").read_text(encoding="utf-8"))
CASES = [(name, entry, n) for name, entry in TABLE["messages"].items() for n in TABLE["numbers"]]
KAZAKH_LETTER = "А-Яа-яЁёӘәІіҢңҒғҮүҰұҚқӨөҺһ"


def rendered(lang: str, entry: dict, value) -> tuple[str, str]:
    """The message of `entry` in `lang` with `value` for its number and 5 for every other value;
    and the number as printed."""
    t, key = labels(lang), entry["key"]
    number = t.number(value, 0 if float(value).is_integer() else 1)
    values = {field: t.number(5) for field in t.fields(key)}
    if entry.get("count"):  # a headline's words, printed after its number
        return f"{number} {unescape(t.text(key, count=number))}", number
    values[entry["number"]] = number
    return unescape(t.text(key, **values)), number


def _entry_key(name: str, entry: dict) -> str:
    return entry.get("key", name)


@pytest.mark.parametrize("name,entry,n", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_russian_words_agree_with_the_number(name, entry, n):
    entry = {**entry, "key": _entry_key(name, entry)}
    text, number = rendered("ru", entry, n)
    expected = entry["ru"][TABLE["ru_categories"][n]].replace("n", str(number), 1)
    assert expected in text, f"{name} with {n}: {text!r} lacks {expected!r}"


@pytest.mark.parametrize("name,entry", TABLE["messages"].items())
def test_russian_fraction_takes_other(name, entry):
    entry = {**entry, "key": _entry_key(name, entry)}
    text, number = rendered("ru", entry, TABLE["fraction"])
    expected = entry["ru"]["other"].replace("n", str(number), 1)
    assert expected in text, f"{name} with {number}: {text!r} lacks {expected!r}"


@pytest.mark.parametrize("name,entry,n", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_kazakh_noun_after_the_number(name, entry, n):
    entry = {**entry, "key": _entry_key(name, entry)}
    text, number = rendered("kk", entry, n)
    expected = entry["kk"].replace("n", str(number), 1)
    assert expected in text, f"{name} with {n}: {text!r} lacks {expected!r}"


def test_the_cldr_categories_of_the_table_are_babels():
    from babel import Locale
    rule = Locale("ru").plural_form
    assert {n: rule(n) for n in TABLE["numbers"]} == {int(k): v for k, v in TABLE["ru_categories"].items()}


def test_every_message_that_chooses_words_by_a_number_is_in_the_table():
    """A new message with plural forms must come with its expected forms."""
    listed = {_entry_key(name, entry) for name, entry in TABLE["messages"].items()}
    plural = {key for key, m in catalog().items() if key in report_keys() and (
        isinstance(m["ru"], dict) or any(inline_plurals(v) for v in variants(m["ru"])))}
    assert plural <= listed, f"no expected forms for {sorted(plural - listed)}"


def report_keys() -> set[str]:
    """The keys of the report messages (the command line's own messages are elsewhere)."""
    return set(yaml.safe_load(files("akimstat").joinpath(CATALOGUES[0]).read_text(encoding="utf-8")))


def test_no_kazakh_suffix_is_glued_to_a_number():
    """A fixed suffix after a number ("{count}-і", "{share}-ын", "{threshold}-тен") is wrong for
    about half of all numbers: the case ending belongs on the noun that follows."""
    glued = re.compile(rf"(\{{\w+\}}|%)[-\u2011][{KAZAKH_LETTER}]")
    found = [(key, v) for key, m in catalog().items() if key in report_keys()
             for v in variants(m["kk"]) if glued.search(v)]
    assert not found, found
