"""One base exception for the project, and a few subclasses that carry facts.

The command line turns any `AkimstatError` into one line on stderr and a non-zero exit;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby

ROWS_SHOWN = 5  # ranges of rows a grouped message lists before "…"
GROUPS_SHOWN = 20  # lines of a summary before "... and N more"

#: Characters of a value shown in a message: a 400 MB cell is named, not printed.
MAX_SHOWN = 200


def shown(value) -> str:
    """Return `value` as a message shows it: its repr (quotes, and every control character,
    terminal escape or invisible format character escaped), cut to about `MAX_SHOWN` characters."""
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return f"{value[:MAX_SHOWN]!r}... ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "..."


_UNPRINTABLE = re.compile(r"[^\n\S ]|[\x00-\x09\x0b-\x1f\x7f-\x9f]"
                          r"|[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """Return `text` with control and format characters escaped (line breaks kept), so that a
    message cannot clear a terminal, move its cursor or reorder what it shows."""
    def escape(match):
        char = match.group()
        if char == "\t" or (char.isspace() and unicodedata.category(char) == "Zs"):
            return char
        return repr(char)[1:-1]

    return _UNPRINTABLE.sub(escape, text)


class AkimstatError(Exception):
    """Base class for errors a user can act on (bad input, bad parameters, missing tools)."""

    def message(self, lang: str = "en") -> str:
        """Return the message in `lang` (kk, ru, en) where the catalogue has it."""
        from akimstat.labels import in_language

        return in_language(self.args[0], lang) if self.args else str(self)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located the way the user counts.

    `row` is the line in the CSV file (header = line 1) or the row in the sheet; None when
    the problem is with the file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str

    def place(self) -> tuple[str, int, str]:
        """Return a key that sorts problems by file, row and column."""
        return self.file, self.row or 0, self.column or ""

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en", rows: list[int] | None = None,
             values: list | None = None) -> str:
        """Return the problem in `lang`; with `rows`, as the problem of each of those rows,
        which hold `values` (the distinct values, when more than the problem's own)."""
        from akimstat.labels import in_language, labels

        t = labels(lang)
        where = [self.file]
        if self.row is not None and rows is None:
            where.append(t.plain("input.row", row=self.row))
        if self.column is not None:
            where.append(t.plain("input.column", column=shown(str(self.column))[1:-1]))
        value_text = _value_text(self.value, t)
        if values is not None and len(values) > 1:
            value_text = t.plain("input.values", count=len(values), values=", ".join(
                _value_text(v, t) for v in values[:VALUES_SHOWN]) + (
                    ", …" if len(values) > VALUES_SHOWN else ""))
        if rows is not None:
            got = ": " + t.plain("input.in_rows", count=len(rows), value=value_text,
                                 rows=row_ranges(rows))
        else:
            got = "" if _plain(self.value) is None else ": " + t.plain("input.got",
                                                                        value=value_text)
        expected = t.plain("input.expected", expected=in_language(self.expected, lang))
        return printable(f"{', '.join(where)}{got}; {expected}")


VALUES_SHOWN = 3  # distinct values a grouped message names before "…"


def _plain(value):
    return getattr(value, "item", lambda: value)()  # 81, not np.int64(81)


def _value_text(value, t) -> str:
    value = _plain(value)
    return t.plain("input.blank") if value is None else shown(value)


def row_ranges(rows: list[int], shown: int = ROWS_SHOWN) -> str:
    """Return rows as ranges, the first `shown` of them: '2–736, 740, 801–803, …'."""
    ranges = []
    for _, run in groupby(enumerate(sorted(set(rows))), lambda pair: pair[1] - pair[0]):
        run = [row for _, row in run]
        ranges.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(ranges[:shown] + (["…"] if len(ranges) > shown else []))


def grouped(problems: list[Problem]) -> list[tuple[Problem, list[int] | None, list]]:
    """Return the problems grouped by kind: file, column and what was expected, in order of
    first appearance; each with the rows it covers (None when it stands alone) and the
    distinct values of those rows. 2,004 unreadable birth dates are one group, not 2,004."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        cell = problem.row is not None and problem.column is not None
        key = ((problem.file, problem.column, str(problem.expected)) if cell else (id(problem),))
        groups.setdefault(key, []).append(problem)
    out = []
    for members in groups.values():
        distinct = list({repr(_plain(p.value)): _plain(p.value) for p in members}.values())
        out.append((members[0], [p.row for p in members] if len(members) > 1 else None,
                    distinct))
    return out


class InputError(AkimstatError):
    """An input file is unreadable or invalid. Carries every problem found, not just the first.

    Its message groups the problems by distinct value: one line for 'жен' in 734 rows, not
    734 lines.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._summary())

    def message(self, lang: str = "en") -> str:
        """Return the grouped summary of the problems in `lang`."""
        return self._summary(lang)

    def _summary(self, lang: str = "en", limit: int | None = GROUPS_SHOWN) -> str:
        from akimstat.labels import labels

        t, groups = labels(lang), grouped(self.problems)
        shown_groups = groups if limit is None else groups[:limit]
        lines = [problem.text(lang, rows, values) for problem, rows, values in shown_groups]
        more = sum(len(rows or [0]) for _, rows, _ in groups[len(shown_groups):])
        if more > 0:
            lines.append(t.plain("input.more", count=more))
        head = t.plain("input.summary", count=len(self.problems))
        return head + ":\n  " + "\n  ".join(lines)

    def every_kind(self, lang: str = "en") -> str:
        """Return the summary in `lang` with every kind of problem, however many."""
        return self._summary(lang, limit=None)


class ParameterError(AkimstatError):
    """A parameter (from a YAML file or the command line) is unknown or has a bad value."""


class ToolMissingError(AkimstatError):
    """A program or font the reports need is not installed; the message names the Debian package."""


class ReportError(AkimstatError):
    """A report failed to render. Names the report, and the cell and cause when a cell failed."""
