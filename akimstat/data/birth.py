"""Birth dates and birth years as registers write them, read into an age at the cycle's date.

A register may give, instead of the age, the date of birth ("Дата рождения", "Туған күні")
or the year alone. Dates come as Excel writes them (a date cell, read as ``1963-01-22
00:00:00``; a date's serial number, 23033) or as people type them: day first (``22.01.1963``,
``22/01/63``), ISO (``1963-01-22``), or with the month's name in Russian, Kazakh or English
(``22 января 1963 г.``, ``1963 жылғы 22 қаңтар``, ``22 Jan 1963``). The age is the whole years
from the birth date to the cycle's date; a year alone gives the cycle's year minus it (one
year too high for those born after the election day in that year, as the caveats log says).
The birth date itself never leaves this module: the records hold the age only.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pandas as pd

from akimstat.errors import Problem
from akimstat.labels import localised

YEARS = (1900, 2100)
#: Month names and their usual shortenings, in the forms a date writes them (genitive in ru).
MONTHS = {
    1: ("январ", "янв", "қаңтар", "january", "jan"),
    2: ("феврал", "фев", "ақпан", "february", "feb"),
    3: ("март", "мар", "наурыз", "march"),
    4: ("апрел", "апр", "сәуір", "april", "apr"),
    5: ("ма", "мамыр", "may"),
    6: ("июн", "маусым", "june", "jun"),
    7: ("июл", "шілде", "july", "jul"),
    8: ("август", "авг", "тамыз", "august", "aug"),
    9: ("сентябр", "сен", "қыркүйек", "september", "sep", "sept"),
    10: ("октябр", "окт", "қазан", "october", "oct"),
    11: ("ноябр", "ноя", "қараша", "november", "nov"),
    12: ("декабр", "дек", "желтоқсан", "december", "dec"),
}
_EXCEL_EPOCH = date(1899, 12, 30)
_NUMERIC = re.compile(r"(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_WORDS = re.compile(r"[^\W\d_]+\.?")
# Words a date carries besides the month: "г.", "года", "жылғы", "ж.", "жыл".
_NOISE = {"г", "г.", "год", "года", "гр", "ж", "ж.", "жыл", "жылы", "жылғы", "of", "the"}


def birth_of(text: str | None) -> date | int | None:
    """Return the birth date `text` gives, or its year (an int) when it gives the year alone,
    or None when it is neither."""
    if text is None:
        return None
    value = str(text).strip().casefold()
    if re.fullmatch(r"\d{4}(?:\.0)?", value):
        year = int(float(value))
        return year if YEARS[0] <= year <= YEARS[1] else None
    if re.fullmatch(r"\d{4,5}(?:\.0+)?", value):  # Excel's serial number of a date
        return _checked(_EXCEL_EPOCH + timedelta(days=int(float(value))))
    iso = _ISO.fullmatch(value)
    if iso:
        return _made(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC.fullmatch(value)
    if numeric:
        return _made(_full_year(numeric[3]), int(numeric[2]), int(numeric[1]))
    return _with_month_name(value)


def _with_month_name(value: str) -> date | None:
    month, rest = None, value
    for word in _WORDS.findall(value):
        bare = word.rstrip(".")
        if word in _NOISE or bare in _NOISE:
            rest = rest.replace(word, " ", 1)
            continue
        found = _month(bare)
        if found is None or month is not None:
            return None
        month, rest = found, rest.replace(word, " ", 1)
    numbers = re.findall(r"\d+", rest)
    if month is None or len(numbers) != 2 or re.sub(r"[\d\s,.\-]", "", rest):
        return None
    day, year = (numbers if len(numbers[1]) == 4 else numbers[::-1])
    if len(year) != 4:
        return None
    return _made(int(year), month, int(day))


def _month(word: str) -> int | None:
    """Return the month a word names: a name or its stem ("января" starts with "январ")."""
    for number, names in MONTHS.items():
        for name in names:
            if word == name or len(name) >= 3 and word.startswith(name) and len(word) - len(name) <= 2:
                return number
    return 5 if word in ("мая", "май") else None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    return 1900 + year if year > 25 else 2000 + year  # akims are adults: '63 is 1963


def _made(year: int, month: int, day: int) -> date | None:
    try:
        return _checked(date(year, month, day))
    except ValueError:
        return None


def _checked(day: date) -> date | None:
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def as_written(value):
    """Return a birth cell as a message shows it: an Excel date without its time of day."""
    text = str(value)
    return text.removesuffix(" 00:00:00") if _ISO.fullmatch(text) else value


def ages_at(born: pd.Series, cycles: pd.Series, dates: pd.Series, file: str, column: str
            ) -> tuple[pd.Series, list[Problem]]:
    """Return the age at each row's cycle date from its birth date or year (missing where
    either cannot be read), and a problem for each birth that cannot be read.

    `cycles` is each row's cycle, `dates` each cycle's date; one parse per distinct cell.
    """
    parsed = {value: birth_of(value) for value in born.dropna().unique()}
    problems, ages = [], []
    for row, value, cycle in zip(born.index, born, cycles):
        birth = parsed.get(value) if value is not None else None
        if value is not None and birth is None:
            problems.append(Problem(file, int(row), column, as_written(value),
                                    localised("expected.birth")))
        when = dates.get(cycle) if isinstance(cycle, str) else None
        ages.append(None if birth is None or when is None or pd.isna(when) else _age(birth, when))
    return pd.Series(ages, index=born.index, dtype=object), problems


def _age(birth: date | int, when) -> str:
    when = when.date() if isinstance(when, (datetime, pd.Timestamp)) else when
    if isinstance(birth, int):
        return str(when.year - birth)
    before_birthday = (when.month, when.day) < (birth.month, birth.day)
    return str(when.year - birth.year - before_birthday)
