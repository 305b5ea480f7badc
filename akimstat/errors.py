"""One base exception for the project, and a few subclasses that carry facts.

The command line turns any `AkimstatError` into one line on stderr and a non-zero exit;
anything else is a bug and keeps its traceback. An error carries facts (a `Problem` names the
file, row, column, value and what was expected); putting them in words in kk, ru or en is the
labels' job (`akimstat.labels` fills `WORDING` when it loads), so this module imports nothing
of the project and every layer can raise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby

ROWS_SHOWN = 5  # ranges of rows a grouped message lists before "…"
GROUPS_SHOWN = 20  # lines of a summary before "... and N more"

#: How problems are put in words, filled by `akimstat.labels` (which holds the words):
#: ``problem(problem, lang, rows, values) -> str`` and ``summary(problems, lang, limit) -> str``.
WORDING: dict = {}

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
        """Return the message in `lang` (kk, ru, en) where it has one (a text in every language,
        `akimstat.labels.Localised`, has ``in_``)."""
        text = self.args[0] if self.args else str(self)
        return text.in_(lang) if hasattr(text, "in_") else str(text)


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
        return WORDING["problem"](self, lang, rows, values)


def row_ranges(rows: list[int], shown: int = ROWS_SHOWN) -> str:
    """Return rows as ranges, the first `shown` of them: '2–736, 740, 801–803, …'."""
    ranges = []
    for _, run in groupby(enumerate(sorted(set(rows))), lambda pair: pair[1] - pair[0]):
        run = [row for _, row in run]
        ranges.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(ranges[:shown] + (["…"] if len(ranges) > shown else []))


def plain(value):
    """Return a value as Python has it: 81, not np.int64(81)."""
    return getattr(value, "item", lambda: value)()


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
        distinct = list({repr(plain(p.value)): plain(p.value) for p in members}.values())
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
        super().__init__(self.problems)  # as its argument, so that a copy (pickle) has them too

    def __str__(self) -> str:
        return self.message("en")

    def message(self, lang: str = "en") -> str:
        """Return the grouped summary of the problems in `lang`."""
        return WORDING["summary"](self.problems, lang, GROUPS_SHOWN)

    def every_kind(self, lang: str = "en") -> str:
        """Return the summary in `lang` with every kind of problem, however many."""
        return WORDING["summary"](self.problems, lang, None)


class ParameterError(AkimstatError):
    """A parameter (from a YAML file or the command line) is unknown or has a bad value."""


class ToolMissingError(AkimstatError):
    """A program or font the reports need is not installed; the message names the Debian package."""


class ReportError(AkimstatError):
    """A report failed to render. Names the report, and the cell and cause when a cell failed."""
