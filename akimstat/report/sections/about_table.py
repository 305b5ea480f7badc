"""About the data as a table of real contradictions (issue 29): one row per contradiction
(what, the figures and their sources with dates, the difference, how it is settled, whether
this report uses it); differences within the rounding of the printed figure (62.79% against
62.7%, 46.7 years against 46) are not contradictions, a coverage gap is said once in one line,
and two rows giving the same two figures (730 against 775 in two sources) are one row. The
full list stays in reconciliation.csv."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pandas as pd

#: A text cell of reconciliation.csv that does not apply (no correction, no second source), a
#: dash: an empty cell of a published table means a suppressed one (akimstat.publish).
NOT_APPLICABLE = "–"


def printed_decimals(value: float) -> int:
    """Return the decimals a figure was printed with (46.0: 0; 62.79: 2), as the box writes it."""
    value = float(value)
    return 0 if value.is_integer() else min(2, len(repr(value).partition(".")[2]))


def within_rounding(value, other) -> bool:
    """Return whether two printed figures are one figure printed with fewer decimals: the
    coarser is the finer rounded or cut to its decimals (62.7 for 62.79; 46 for 46.7)."""
    if pd.isna(value) or pd.isna(other):
        return False
    coarse, fine = sorted((float(value), float(other)), key=printed_decimals)
    places = Decimal(1).scaleb(-printed_decimals(coarse))
    exact = Decimal(repr(fine))
    return Decimal(repr(coarse)) in (exact.quantize(places, ROUND_HALF_UP), exact.quantize(places, ROUND_DOWN)) \
        and printed_decimals(coarse) < printed_decimals(fine)


def real_contradictions(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of reconciliation.csv that are real contradictions, each fault once: two
    rows giving the same figures merged (their other sources joined), a table's sum against the
    posts or a category's other count left out when the table's own row already gives that fault;
    no coverage gap, no rounding."""
    if frame.empty:
        return frame
    real = frame[(frame["check"] != "coverage")
                 & ~frame.apply(lambda r: within_rounding(r["value"], r["other_value"]), axis=1)]
    # A table's parts summing to more than the posts is the same fault as their summing to more
    # than the table's own total, when the sum is the same: one contradiction, listed once.
    parts = real[real["check"] == "parts_total"]
    sums = set(zip(parts["item"], parts["other_value"]))
    same_sum = pd.Series([pair in sums for pair in zip(real["item"], real["other_value"])], index=real.index, dtype=bool)
    real = real[~((real["check"] == "posts") & same_sum)]
    real = real[~real.apply(lambda r: _corrected_by(r, parts), axis=1).astype(bool)] if len(real) else real
    rows = []
    for _, group in real.groupby(["item", "value", "other_value"], sort=False, dropna=False):
        first = group.iloc[0].copy()
        others = [s for s in dict.fromkeys(", ".join(group["other_source"].astype(str)).split(", "))
                  if s and s != NOT_APPLICABLE]
        first["other_source"] = ", ".join(others) or first["other_source"]
        rows.append(first)
    return pd.DataFrame(rows, columns=frame.columns).reset_index(drop=True)


def _corrected_by(row, parts: pd.DataFrame) -> bool:
    """True when `row` (a category's count another source or the records give otherwise) is the
    smallest correction of its table's sum, already listed: the same fault, listed once."""
    variable, _, category = str(row["item"]).partition(".")
    said = f"{category} {row['value']:g} -> {row['other_value']:g}" if _numbers(row) else None
    return said is not None and bool(((parts["item"] == variable) & (parts["correction"] == said)).any())


def _numbers(row) -> bool:
    return all(isinstance(row[k], (int, float)) and not pd.isna(row[k]) for k in ("value", "other_value"))


def coverage_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows saying a national table sums only some oblasts' tables."""
    return frame[frame["check"] == "coverage"] if not frame.empty else frame
