"""One base exception for the project, and a few subclasses that carry facts.

The command line turns any `AkimstatError` into one line on stderr and a non-zero exit;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class AkimstatError(Exception):
    """Base class for errors a user can act on (bad input, bad parameters, missing tools)."""


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
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = getattr(self.value, "item", lambda: self.value)()  # 81, not np.int64(81)
        value = "" if value is None else f": got {value!r}"
        return f"{where}{value}; expected {self.expected}"


class InputError(AkimstatError):
    """An input file is unreadable or invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._summary())

    def _summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        more = len(self.problems) - limit
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        head = f"{len(self.problems)} problem(s) in the input"
        return head + ":\n  " + "\n  ".join(lines)


class ParameterError(AkimstatError):
    """A parameter (from a YAML file or the command line) is unknown or has a bad value."""


class ToolMissingError(AkimstatError):
    """A program or font the reports need is not installed; the message names the Debian package."""


class ReportError(AkimstatError):
    """A report failed to render. Names the report, and the cell and cause when a cell failed."""
