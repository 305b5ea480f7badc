"""Words and number formats in Kazakh, Russian and English.

Every sentence a report shows comes from one checked table, `locales/messages.yaml` (key ->
kk, ru, en); numbers, percentages and dates are formatted per locale by Babel (CLDR has kk).
The table is checked when it is loaded: a missing key or language is an error naming both,
and the placeholders of the three languages must agree.
"""

from __future__ import annotations

import datetime as dt
import string
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib.resources import files

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from akimstat.errors import ParameterError
from akimstat.params import LANGUAGES



@cache
def catalog() -> dict[str, dict[str, str]]:
    """Return the message table of the package, checked."""
    text = files("akimstat").joinpath("locales/messages.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: ~10x faster, once per process
    return checked_catalog(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def checked_catalog(table: dict) -> dict[str, dict[str, str]]:
    """Return `table` if every key has every language with the same placeholders; else raise
    `ParameterError` naming the key and the language."""
    for key, messages in table.items():
        for lang in LANGUAGES:
            if not isinstance(messages, dict) or not messages.get(lang):
                raise ParameterError(f"message '{key}' has no text in language '{lang}' "
                                     "(akimstat/locales/messages.yaml)")
        fields = {lang: _fields(messages[lang]) for lang in LANGUAGES}
        if len({frozenset(f) for f in fields.values()}) > 1:
            raise ParameterError(f"message '{key}' has different placeholders per language: {fields}")
    return table


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def round_half_up(value: float, decimals: int) -> Decimal:
    """Return `value` rounded as official statistics round (halves away from zero), not to even."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


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

    def text(self, key: str, **values) -> Markup:
        """Return the message `key` with `values` (already formatted, or plain text) inserted."""
        try:
            message = self._messages[key]
        except KeyError:
            raise ParameterError(f"no message '{key}' in language '{self.lang}'") from None
        return Markup(message).format(**{k: escape(v) for k, v in values.items()})

    def fields(self, key: str) -> set[str]:
        """Return the placeholders of the message `key`."""
        return _fields(self._messages[key])

    def has(self, key: str) -> bool:
        """Return whether the message table has `key`."""
        return key in self._messages

    def plain(self, key: str, **values) -> str:
        """Return the message as plain text (chart titles, CSV headers): tags dropped."""
        return self.text(key, **values).striptags()

    def number(self, value: float, decimals: int = 0) -> str:
        """Return a number with the language's separators: 2 454 (kk, ru), 2,454 (en)."""
        rounded = round_half_up(value, decimals)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(rounded, pattern, locale=self.lang, decimal_quantization=False)

    def percent(self, share: float, decimals: int = 1) -> str:
        """Return a share (0-1) as a percentage: 11,4% (kk, ru), 11.4% (en)."""
        return self.number(share * 100, decimals) + "%"

    def points(self, difference: float, decimals: int = 1) -> str:
        """Return a difference of shares in percentage points, with its sign; a difference
        that rounds to zero has none ("0.0", not "-0.0" or "+0.0")."""
        if round_half_up(difference * 100, decimals) == 0:
            return self.number(0, decimals)
        value = self.number(difference * 100, decimals)
        return value if value.startswith("-") else "+" + value

    def pvalue(self, p: float) -> str:
        """Return a p-value to three decimals, or '< 0.001' (for table cells)."""
        return "< " + self.number(0.001, 3) if p < 0.001 else self.number(p, 3)

    def p(self, p: float) -> str:
        """Return a p-value for a sentence: 'p = 0.136', or 'p < 0.001'."""
        return "p < " + self.number(0.001, 3) if p < 0.001 else "p = " + self.number(p, 3)

    def date(self, day: dt.date) -> str:
        """Return a date in the language's long form."""
        return format_date(day, "long", locale=self.lang)

    def name(self, variable: str, code: str) -> str:
        """Return the name of a region, cycle or category code, from the code lists."""
        return self.codes.label(variable, code, self.lang)
