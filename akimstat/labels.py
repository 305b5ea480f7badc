"""Words and number formats in Kazakh, Russian and English.

Every sentence a report shows comes from one checked table, `locales/messages.yaml` (key ->
kk, ru, en); the command line's messages about input files and options come from
`locales/input.yaml`, loaded into the same table. Numbers, percentages and dates are formatted
per locale by Babel (CLDR has kk). The table is checked when it is loaded: a missing key or
language is an error naming both, and the placeholders of the three languages must agree.

A message whose words change with a number ("1 строка", "2 строки", "5 строк") gives, in each
language, a variant per CLDR plural category (`zero`, `one`, `two`, `few`, `many`, `other`);
the check requires every category the language's plural rules use (Babel's CLDR data: ``one``
and ``other`` in kk and en; ``one``, ``few``, ``many`` and ``other`` in ru), and `Labels.text`
chooses the variant by the number passed as ``count``::

    rows:
      ru: {one: "в {count} строке", few: "в {count} строках", many: "в {count} строках",
           other: "в {count} строки"}

Several numbers: each word by its own, in ICU MessageFormat's plural syntax (plain words)::

    context.posts:
      ru: "{elected, plural, one {Избран} other {Избрано}} {elected} {elected, plural,
           one {аким} few {акима} many {акимов} other {акима}} на {posts} ..."

The number is the value given for ``elected``: a `Number` (what `Labels.number`, `percent` and
`points` return: the text as printed and its value as printed, so "2,0" takes `other`, as CLDR
says of a number shown with decimals), or a plain int, float or Decimal.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from importlib.resources import files

import pandas as pd
import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from akimstat import errors
from akimstat.errors import ParameterError, Problem, grouped, plain, printable, row_ranges, shown
from akimstat.params import LANGUAGES, NATIONAL



MINUS = "\u2212"  # a true minus sign, not the hyphen-minus
CATALOGUES = ("locales/messages.yaml", "locales/input.yaml")  # reports; input checks and CLI
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
#: ``{name, plural, one {words} few {words} ... other {words}}`` (ICU MessageFormat's plural
#: argument; the words of a variant hold no braces).
INLINE_PLURAL = re.compile(r"\{\s*(\w+)\s*,\s*plural\s*,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}")
INLINE_VARIANT = re.compile(r"(=?\w+)\s*\{([^{}]*)\}")


class Number(str):
    """A number as a report prints it ("2 454", "71,2%"), which remembers the value printed
    (rounded as shown), so that a message can choose the words that agree with it."""

    value: Decimal

    def __new__(cls, text: str, value):
        self = super().__new__(cls, text)
        self.value = value if isinstance(value, Decimal) else Decimal(str(value))
        return self


@cache
def catalog() -> dict[str, dict]:
    """Return the message table of the package (every catalogue file), checked."""
    table: dict = {}
    for name in CATALOGUES:
        text = files("akimstat").joinpath(name).read_text(encoding="utf-8")
        # libyaml's loader when PyYAML has it: ~10x faster, once per process
        part = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        twice = sorted(set(part) & set(table))
        if twice:
            raise ParameterError(f"message(s) {', '.join(twice)} defined twice "
                                 f"(akimstat/{name} and an earlier catalogue)")
        table.update(part)
    return checked_catalog(table)


@cache
def publish_words(lang: str) -> dict[str, str]:
    """Return the publication layer's words in `lang` (``locales/publish.yaml``, checked like
    the messages): the page's navigation, the index, the spreadsheet, the data package."""
    text = files("akimstat").joinpath("locales/publish.yaml").read_text(encoding="utf-8")
    table = checked_catalog(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    return {key: m[lang] for key, m in table.items()}


def checked_catalog(table: dict) -> dict[str, dict]:
    """Return `table` if every key has every language with the same placeholders; else raise
    `ParameterError` naming the key and the language.

    A plural message (a mapping of CLDR plural categories in some language) must have, in
    every language, each category that language's plural rules use.
    """
    for key, messages in table.items():
        for lang in LANGUAGES:
            if not isinstance(messages, dict) or not messages.get(lang):
                raise ParameterError(f"message '{key}' has no text in language '{lang}' "
                                     "(akimstat/locales/messages.yaml)")
        plural = any(isinstance(messages[lang], dict) for lang in LANGUAGES)
        if plural:
            for lang in LANGUAGES:
                _check_plural(key, lang, messages[lang])
        for lang in LANGUAGES:
            for text in variants(messages[lang]):
                for name, forms in inline_plurals(text):
                    _check_plural(key, lang, forms, argument=name)
        fields = {lang: set().union(*map(_fields, variants(messages[lang]))) for lang in LANGUAGES}
        if len({frozenset(f) for f in fields.values()}) > 1:
            raise ParameterError(f"message '{key}' has different placeholders per language: {fields}")
    return table


def _check_plural(key: str, lang: str, forms, argument: str | None = None) -> None:
    if not isinstance(forms, dict):
        raise ParameterError(f"message '{key}' is plural in one language, so in '{lang}' it needs "
                             f"a variant per plural category, not one text")
    unknown = sorted(set(forms) - set(PLURAL_CATEGORIES))
    needed = plural_categories(lang)
    missing = [c for c in needed if not forms.get(c)]
    if unknown or missing:
        raise ParameterError(
            f"message '{key}' in language '{lang}' needs the plural variants "
            + (f"of {{{argument}, plural, ...}}: " if argument else "")
            + f"{', '.join(needed)} (CLDR plural rules)"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else ""))


def plural_categories(lang: str) -> list[str]:
    """Return the CLDR plural categories `lang`'s rules use, `other` included, in CLDR order."""
    used = _plural_rule(lang).tags | {"other"}
    return [c for c in PLURAL_CATEGORIES if c in used]


@cache
def _collator(lang: str):
    import icu  # PyICU: CLDR collation, which Babel does not have

    return icu.Collator.createInstance(icu.Locale(lang))


@cache
def _plural_rule(lang: str):
    return Locale.parse(lang).plural_form


def variants(message) -> list[str]:
    """Return the texts of a message in one language: itself, or each of its plural variants."""
    return list(message.values()) if isinstance(message, dict) else [message]


def inline_plurals(text: str) -> list[tuple[str, dict[str, str]]]:
    """Return the ``{name, plural, ...}`` arguments of a message text: (name, its variants)."""
    return [(m.group(1), dict(INLINE_VARIANT.findall(m.group(2)))) for m in INLINE_PLURAL.finditer(text)]


def _fields(text: str) -> set[str]:
    text = INLINE_PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def round_half_up(value: float, decimals: int) -> Decimal:
    """Return `value` rounded as official statistics round (halves away from zero), not to even."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=2**16)  # a report formats the same tick labels and counts again and again
def _number(lang: str, value: float, decimals: int) -> Number:
    rounded = round_half_up(value, decimals)
    text = format_decimal(rounded, "#,##0" + "." * bool(decimals) + "0" * decimals, locale=lang, decimal_quantization=False)
    return Number(text.replace("-", MINUS), rounded)


class Labels:
    """Messages and formats of one language.

    `text` escapes every value it inserts, so a region name or parameter from a file can never
    become markup; the messages themselves are ours and may hold simple tags.
    """

    def __init__(self, lang: str, codes=None):
        if lang not in LANGUAGES:
            raise ParameterError(f"language must be one of {', '.join(LANGUAGES)}; received {lang!r}")
        self.lang = lang
        self.codes = codes
        self._messages = {key: m[lang] for key, m in catalog().items()}

    def text(self, key: str, count: float | None = None, **values) -> Markup:
        """Return the message `key` with `values` (already formatted, or plain text) inserted.

        `count`, a number, chooses the variant of a plural message by the language's CLDR
        plural rules, and fills the ``{count}`` placeholder formatted as `number` does; a
        message without plural forms also takes it as already formatted text.
        """
        try:
            message = self._messages[key]
        except KeyError:
            raise ParameterError(f"no message '{key}' in language '{self.lang}'") from None
        if isinstance(message, dict):
            if count is None or (isinstance(count, str) and not isinstance(count, Number)):
                raise ParameterError(f"message '{key}' has plural forms: give its count as a "
                                     f"number; received {count!r}")
            message = message.get(self._plural(count)) or message["other"]
        if isinstance(count, str):  # already formatted (a `Number` too)
            values.setdefault("count", count)
        elif count is not None:
            values.setdefault("count", self.number(count, 0 if float(count).is_integer() else 1))
        message = INLINE_PLURAL.sub(lambda m: self._inline(key, m, values), message)
        return Markup(message).format(**{k: escape(v) for k, v in values.items()})

    def _inline(self, key: str, match: re.Match, values: dict) -> str:
        """Return the variant of one ``{name, plural, ...}`` argument that agrees with the
        number given for ``name``."""
        name, forms = match.group(1), dict(INLINE_VARIANT.findall(match.group(2)))
        value = values.get(name)
        if isinstance(value, Number):
            value = value.value
        if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):
            raise ParameterError(f"message '{key}' chooses words by '{name}': give it as a number "
                                 f"(a Number from Labels.number); received {value!r}")
        return forms.get(self._plural(value)) or forms["other"]

    def fields(self, key: str) -> set[str]:
        """Return the placeholders of the message `key`."""
        return set().union(*map(_fields, variants(self._messages[key])))

    def _plural(self, count) -> str:
        if isinstance(count, Number):
            count = count.value
        if isinstance(count, Decimal):  # as printed: "2,0" has a visible decimal (CLDR's v)
            return _plural_rule(self.lang)(count)
        number = int(count) if float(count).is_integer() else count
        return _plural_rule(self.lang)(number)

    def has(self, key: str) -> bool:
        """Return whether the message table has `key`."""
        return key in self._messages

    def plain(self, key: str, **values) -> str:
        """Return the message as plain text (chart titles, CSV headers): tags dropped."""
        return self.text(key, **values).striptags()

    def number(self, value: float, decimals: int = 0) -> Number:
        """Return 2 454 (kk, ru), 2,454 (en); a negative number with a true minus (U+2212)."""
        return _number(self.lang, float(value), decimals)

    def percent(self, share: float, decimals: int = 1) -> Number:
        """Return a share (0-1) as a percentage: 11,4% (kk, ru), 11.4% (en)."""
        return Number((value := self.number(share * 100, decimals)) + "%", value.value)

    def points(self, difference: float, decimals: int = 1) -> Number:
        """Return a difference of shares in percentage points, with its sign; a difference
        that rounds to zero has none ("0.0", not "-0.0" or "+0.0")."""
        if round_half_up(difference * 100, decimals) == 0:
            return self.number(0, decimals)
        value = self.number(difference * 100, decimals)
        return value if value.startswith(MINUS) else Number("+" + value, value.value)

    def pvalue(self, p: float) -> str:
        """Return a p-value to three decimals, or '< 0.001' (for table cells)."""
        return "< " + self.number(0.001, 3) if p < 0.001 else self.number(p, 3)

    def p(self, p: float) -> str:
        """Return a p-value for a sentence: 'p = 0.136', or 'p < 0.001'."""
        return "p < " + self.number(0.001, 3) if p < 0.001 else "p = " + self.number(p, 3)

    def date(self, day: dt.date, attributive: bool = False) -> str:
        """Return a date as running text prints it: 5 August 2013 (en-GB), 5 августа 2013 г.,
        2013 жылғы 5 тамыз (CLDR's Kazakh "2013 ж. 5 тамыз" is a table form). `attributive`
        gives the Kazakh form that stands before a noun: "2013 жылғы 5 тамыздағы жағдай"."""
        if self.lang != "kk":
            return format_date(day, "long", locale="en_GB" if self.lang == "en" else self.lang)
        text = f"{day.year} жылғы {day.day} {format_date(day, 'MMMM', locale='kk')}"
        return text + kazakh_locative_attributive(text) if attributive else text

    def sort_key(self, text: str) -> bytes:
        """Return the key that sorts `text` in the alphabetical order of this language (ICU's
        CLDR collation: Kazakh Ә after А, Қ after К, Ү after Ұ, Ы before І)."""
        return _collator(self.lang).getSortKey(text)

    def sorted_names(self, variable: str, codes) -> list[str]:
        """Return the codes of `variable` in the alphabetical order of their names."""
        return sorted(codes, key=lambda code: self.sort_key(self.name(variable, code)))

    def name(self, variable: str, code: str) -> str:
        """Return the name of a region, cycle or category code, from the code lists."""
        return self.codes.label(variable, code, self.lang)

    def scope_name(self, scope: str) -> str:
        """Return the name of a scope: the republic, or a region."""
        return self.plain("scope.national") if scope == NATIONAL else self.name("region", scope)

    def title(self, scope: str, cycle: str) -> str:
        """Return a report's title (the page's heading, the PDF's and spreadsheet's title, the
        index's label, the data package's title)."""
        return self.plain("title", scope=self.scope_name(scope), cycle=self.name("cycle", cycle),
                          corps=self.level_words(cycle)["corps"])

    def level_words(self, cycle: str) -> dict[str, str]:
        """Return the words that depend on the level of akims `cycle` elects (rural or district,
        from cycles.csv): `corps` for the title and citation, `about` for the subtitle."""
        level = self.codes.cycles.get("level", pd.Series(dtype=object)).get(cycle)
        level = level if level in ("rural", "district") else "rural"
        return {"corps": self.plain(f"corps.{level}"), "about": self.plain(f"report.about.{level}")}


BACK_VOWELS, FRONT_VOWELS = set("аоұыуяё"), set("әөүіеэи")
VOICELESS = set("пфкқтсшщхцчһ")


def kazakh_locative_attributive(word: str) -> str:
    """Return the ending -дағы/-дегі/-тағы/-тегі that makes `word` (a month name, say) an
    attribute "in ...": тамыз -> тамыздағы, қыркүйек -> қыркүйектегі, шілде -> шілдедегі.

    Vowel harmony takes the word's last vowel (back а, о, ұ, ы: -ағы; front ә, ө, ү, і, е:
    -егі); the consonant is т after a voiceless consonant, else д (Қазақ грамматикасы, 2002,
    «Жатыс септік» and «-ғы/-гі жұрнағы»)."""
    last = word.rstrip()[-1].lower()
    vowel = next((c for c in reversed(word.lower()) if c in BACK_VOWELS | FRONT_VOWELS), "а")
    return ("т" if last in VOICELESS else "д") + ("ағы" if vowel in BACK_VOWELS else "егі")


class Localised(str):
    """A text in every language: as a `str` it is the English text (so messages compare and
    sort as before); `in_(lang)` gives it in kk, ru or en."""

    texts: dict[str, str]

    def __new__(cls, texts: dict[str, str]):
        self = super().__new__(cls, texts["en"])
        self.texts = dict(texts)
        return self

    def in_(self, lang: str) -> str:
        """Return the text in `lang` (English for a language it does not have)."""
        return self.texts.get(lang, self.texts["en"])


@cache
def labels(lang: str) -> Labels:
    """Return the (code-list-free) labels of `lang`, built once per process."""
    return Labels(lang)


def localised(key: str, count: float | None = None, **values) -> Localised:
    """Return the plain-text message `key` in every language.

    A value may itself be a `Localised` text or a mapping of language to text; each language's
    message gets that language's text.
    """
    def in_(value, lang):
        if isinstance(value, Localised):
            return value.in_(lang)
        return value.get(lang, value.get("en")) if isinstance(value, dict) else value

    return Localised({lang: labels(lang).plain(key, count=count, **{
        k: in_(v, lang) for k, v in values.items()}) for lang in LANGUAGES})


def in_language(text, lang: str) -> str:
    """Return `text` in `lang` when it is `Localised`, else as it is."""
    return text.in_(lang) if isinstance(text, Localised) else str(text)


# -- problems with inputs in words (`akimstat.errors` carries the facts) --------------------------
VALUES_SHOWN = 3  # distinct values a grouped message names before "…"


def problem_text(problem: Problem, lang: str, rows: list[int] | None = None,
                 values: list | None = None) -> str:
    """Return `problem` in `lang`; with `rows`, as the problem of each of those rows, which hold
    `values` (the distinct values, when more than the problem's own)."""
    t = labels(lang)
    where = [problem.file]
    if problem.row is not None and rows is None:
        where.append(t.plain("input.row", row=problem.row))
    if problem.column is not None:
        where.append(t.plain("input.column", column=shown(str(problem.column))[1:-1]))
    value_text = _value_text(problem.value, t)
    if values is not None and len(values) > 1:
        value_text = t.plain("input.values", count=len(values), values=", ".join(
            _value_text(v, t) for v in values[:VALUES_SHOWN]) + (
                ", …" if len(values) > VALUES_SHOWN else ""))
    if rows is not None:
        got = ": " + t.plain("input.in_rows", count=len(rows), value=value_text,
                             rows=row_ranges(rows))
    else:
        got = "" if plain(problem.value) is None else ": " + t.plain("input.got", value=value_text)
    expected = t.plain("input.expected", expected=in_language(problem.expected, lang))
    return printable(f"{', '.join(where)}{got}; {expected}")


def _value_text(value, t: Labels) -> str:
    value = plain(value)
    return t.plain("input.blank") if value is None else shown(value)


def problems_summary(problems: list[Problem], lang: str, limit: int | None) -> str:
    """Return the problems in `lang` grouped by kind, the first `limit` kinds (None: all)."""
    t, groups = labels(lang), grouped(problems)
    shown_groups = groups if limit is None else groups[:limit]
    lines = [problem_text(problem, lang, rows, values) for problem, rows, values in shown_groups]
    more = sum(len(rows or [0]) for _, rows, _ in groups[len(shown_groups):])
    if more > 0:
        lines.append(t.plain("input.more", count=more))
    return t.plain("input.summary", count=len(problems)) + ":\n  " + "\n  ".join(lines)


errors.WORDING.update(problem=problem_text, summary=problems_summary)
