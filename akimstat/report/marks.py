"""The marks of an empty cell in the spreadsheet, as the UK Government Analysis Function's
shorthand has them: ``[c]`` confidential (suppressed), ``[x]`` not available (the source did
not publish it), ``[z]`` not applicable (an interval of a figure without counts, the coverage of
a complete figure, the figure used where none is). Each is explained in the notes sheet."""

from __future__ import annotations

import re

import pandas as pd

CONFIDENTIAL, NOT_AVAILABLE, NOT_APPLICABLE = "[c]", "[x]", "[z]"

#: Columns holding a figure a source gives or leaves out: empty there means not published.
PUBLISHED = re.compile(r"published(_\w+)?|count|nobs|value|other_value|share|percent|women|under|akims")
#: Columns saying which rows are suppressed (the disclosure control's flags).
FLAGS = ("suppressed", "suppression")


def suppressed_rows(frame: pd.DataFrame) -> pd.Series:
    """Return which rows of `frame` hold a suppressed cell, as its flag column says (True, or
    a kind of suppression such as 'primary')."""
    rows = pd.Series(False, index=frame.index)
    for column in FLAGS:
        if column in frame:
            rows |= frame[column].map(lambda v: pd.notna(v) and v is not False and str(v) not in ("", "False"))
    return rows


def marked(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` as objects with each empty cell marked: [c] in a suppressed row, else [x]
    in a column of published figures, else [z]."""
    shown = frame.astype(object).where(frame.notna(), None)
    secret = suppressed_rows(frame)
    for column in frame.columns:
        empty = frame[column].isna()
        if not empty.any():
            continue
        other = NOT_AVAILABLE if PUBLISHED.fullmatch(str(column)) else NOT_APPLICABLE
        shown.loc[empty, column] = [CONFIDENTIAL if s and column not in FLAGS else other for s in secret[empty]]
    return shown


def marks_in(frame: pd.DataFrame) -> set[str]:
    """Return the marks the empty cells of `frame` get."""
    values = marked(frame).to_numpy().ravel().tolist() if frame.isna().any().any() else []
    return {v for v in values if v in (CONFIDENTIAL, NOT_AVAILABLE, NOT_APPLICABLE)}
