"""Audit of a published table of counts, percentages and a total.

Finds parts that do not sum to the total and percentages that do not match count / total at
their published rounding, and proposes the smallest corrections (fewest published numbers
changed) that make the whole table consistent. Results are data; reports word them.

A percentage published with d decimals matches count c of total T when
|100 c / T - p| <= 0.5 * 10^-d, which accepts round-half-up and round-half-even alike.
All arithmetic is exact (fractions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import combinations
from math import ceil, floor

from akimstat.errors import AkimstatError

MAX_SIZE = 2  # corrections changing more than two published numbers are not searched


@dataclass(frozen=True)
class Change:
    """One published number to change. ``item`` is "count", "percent" or "total".

    ``typo`` is "one digit" or "transposition" when ``proposed`` differs from ``published``
    as a single mistyped digit or two swapped adjacent digits would, else None.
    """

    item: str
    category: str | None
    published: object
    proposed: object
    typo: str | None


@dataclass(frozen=True)
class Correction:
    """A set of changes that together make counts sum to the total and every percentage match."""

    changes: tuple[Change, ...]

    @property
    def size(self) -> int:
        return len(self.changes)


@dataclass(frozen=True)
class Inconsistency:
    """``kind`` "sum": the counts add to ``expected``, not the published total; ``kind``
    "percent": the count over the published total gives ``expected`` at the published
    rounding, not the published percentage."""

    kind: str
    category: str | None
    published: object
    expected: object


@dataclass(frozen=True)
class TableAudit:
    """Audit result. ``corrections`` are all corrections of the smallest size found, the
    likeliest first (typos, then smallest change); empty if the table is consistent or no
    correction of up to two numbers exists."""

    consistent: bool
    inconsistencies: tuple[Inconsistency, ...]
    corrections: tuple[Correction, ...]

    @property
    def n_alternatives(self) -> int:
        return len(self.corrections)

    @property
    def unique(self) -> bool:
        return len(self.corrections) == 1

    @property
    def best(self) -> Correction | None:
        return self.corrections[0] if self.corrections else None


def parse_percent(text) -> tuple[Fraction, int] | None:
    """Published percentage as (value, decimals): "25.6%" -> (256/10, 1), "17" -> (17, 0).

    Accepts a decimal comma. None, NaN (an empty cell read by pandas) or "" means no
    percentage was published.
    """
    if text is None or text != text or str(text).strip() == "":
        return None
    d = Decimal(str(text).strip().rstrip("%").strip().replace(",", "."))
    return Fraction(d), max(0, -d.as_tuple().exponent)


def format_percent(count: int, total: int, decimals: int) -> str:
    """100 * count / total rounded half up to ``decimals`` places, as text."""
    value = Decimal(100 * count) / Decimal(total)
    return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _fits(count: int, total: int, pct) -> bool:
    if pct is None:
        return True
    if total <= 0:
        return False
    p, d = pct
    return abs(Fraction(100 * count, total) - p) <= Fraction(1, 2 * 10**d)


def _count_range(total: int, pct) -> range:
    """Counts that match ``pct`` of ``total``."""
    if pct is None:
        return range(0, total + 1)
    p, d = pct
    h = Fraction(1, 2 * 10**d)
    return range(max(0, ceil(total * (p - h) / 100)), min(total, floor(total * (p + h) / 100)) + 1)


def _total_range(count: int, pct) -> tuple[int, float]:
    """Totals for which ``count`` matches ``pct``."""
    if pct is None:
        return count, float("inf")
    p, d = pct
    h = Fraction(1, 2 * 10**d)
    lo = ceil(100 * count / (p + h))
    return lo, (floor(100 * count / (p - h)) if p - h > 0 else float("inf"))


def _typo(published, proposed) -> str | None:
    a, b = str(published), str(proposed)
    if len(a) != len(b) or a == b:
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return "one digit"
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return "transposition"
    return None


class _Table:
    def __init__(self, categories, counts, percents, total):
        self.cat, self.c, self.T = list(categories), [int(x) for x in counts], int(total)
        self.text = list(percents)
        self.p = [parse_percent(x) for x in percents]
        self.S = sum(self.c)

    def others_fit(self, total: int, skip: Sequence[int]) -> bool:
        return all(_fits(self.c[i], total, self.p[i]) for i in range(len(self.c)) if i not in skip)

    def count(self, k, x) -> Change:
        return Change("count", self.cat[k], self.c[k], x, _typo(self.c[k], x))

    def percent(self, k, x, total) -> Change:
        new = format_percent(x, total, self.p[k][1])
        # Same decimals on both sides, so compare the digits alone ("15.4" vs "14.5": a swap).
        typo = _typo(self._digits(k).replace(".", ""), new.replace(".", ""))
        return Change("percent", self.cat[k], self.text[k], new, typo)

    def _digits(self, k) -> str:
        return str(self.text[k]).strip().rstrip("%").strip().replace(",", ".")

    def total(self, x) -> Change:
        return Change("total", None, self.T, x, _typo(self.T, x))

    # -- corrections of size 1 ------------------------------------------------------------
    def size1(self):
        n, T, S = len(self.c), self.T, self.S
        for k in range(n):
            x = T - (S - self.c[k])
            if x >= 0 and x != self.c[k] and _fits(x, T, self.p[k]) and self.others_fit(T, [k]):
                yield (self.count(k, x),)
        if S != T and self.others_fit(S, []):
            yield (self.total(S),)
        if S == T:
            for k in range(n):
                if not _fits(self.c[k], T, self.p[k]) and self.others_fit(T, [k]):
                    yield (self.percent(k, self.c[k], T),)

    # -- corrections of size 2 ------------------------------------------------------------
    def size2(self):
        n, T, S, c = len(self.c), self.T, self.S, self.c
        for k in range(n):  # a count and its own percentage
            x = T - (S - c[k])
            if x >= 0 and x != c[k] and self.p[k] and not _fits(x, T, self.p[k]) and self.others_fit(T, [k]):
                yield (self.count(k, x), self.percent(k, x, T))
        for j, k in combinations(range(n), 2):  # two counts
            rest = T - (S - c[j] - c[k])
            if rest < 0 or not self.others_fit(T, [j, k]):
                continue
            for xj in _count_range(T, self.p[j]):
                xk = rest - xj
                if xk < 0:
                    break
                if xj != c[j] and xk != c[k] and _fits(xk, T, self.p[k]):
                    yield (self.count(j, xj), self.count(k, xk))
        for k in range(n):  # the total and one count
            bounds = [_total_range(c[i], self.p[i]) for i in range(n) if i != k]
            lo = max([S - c[k], *(b[0] for b in bounds)])
            # A corrected total beyond twice the published numbers is not a plausible typo.
            hi = min([2 * max(T, S) + 10, *(b[1] for b in bounds)])
            for t in range(lo, int(hi) + 1):
                x = t - (S - c[k])
                if t != T and x != c[k] and _fits(x, t, self.p[k]):
                    yield (self.count(k, x), self.total(t))
        if S != T:  # the total and one percentage
            for k in range(n):
                if self.p[k] and not _fits(c[k], S, self.p[k]) and self.others_fit(S, [k]):
                    yield (self.percent(k, c[k], S), self.total(S))
        if S == T:  # two percentages
            for j, k in combinations(range(n), 2):
                bad = not _fits(c[j], T, self.p[j]) and not _fits(c[k], T, self.p[k])
                if bad and self.others_fit(T, [j, k]):
                    yield (self.percent(j, c[j], T), self.percent(k, c[k], T))


def _likelihood(corr: Correction):
    # Typos are the commonest error in published tables; then prefer the smallest change.
    not_typo = sum(ch.typo is None for ch in corr.changes)
    shift = sum(abs(float(ch.proposed) - float(str(ch.published).rstrip("%").replace(",", ".")))
                for ch in corr.changes)
    return not_typo, shift


def audit_table(
    categories: Sequence[str],
    counts: Sequence[int],
    percents: Sequence[str | None],
    total: int,
) -> TableAudit:
    """Audit a published table and propose the smallest corrections.

    Parameters
    ----------
    categories : sequence of str
        Row labels.
    counts : sequence of int
        Published counts.
    percents : sequence of str or None
        Published percentages as printed ("25.6%", "17", "14,5"), so that the number of
        decimals, which may differ per cell, is known. None where no percentage is printed.
    total : int
        Published total.

    Returns
    -------
    TableAudit

    Notes
    -----
    Corrections change as few published numbers as possible: first single numbers (one
    count, the total, or one percentage), then pairs; larger corrections are not searched.
    A single-count correction is unique when it exists, because the sum fixes the count.
    ``n_alternatives`` > 1 means the published numbers cannot tell the corrections apart.
    """
    if not len(categories) == len(counts) == len(percents):
        raise AkimstatError("categories, counts and percents must have the same length")
    t = _Table(categories, counts, percents, total)
    found = []
    if t.S != t.T:
        found.append(Inconsistency("sum", None, t.T, t.S))
    for k in range(len(t.c)):
        if not _fits(t.c[k], t.T, t.p[k]):
            found.append(Inconsistency("percent", t.cat[k], t.text[k], format_percent(t.c[k], t.T, t.p[k][1])))
    if not found:
        return TableAudit(True, (), ())
    corrections: list[Correction] = []
    for search in (t.size1, t.size2)[:MAX_SIZE]:
        # Each correction once, in the order the search finds them (a set's order would follow
        # the hash seed): ties in likelihood keep that order, the same in every run.
        corrections = sorted(dict.fromkeys(Correction(ch) for ch in search()), key=_likelihood)
        if corrections:
            break
    return TableAudit(False, tuple(found), tuple(corrections))
