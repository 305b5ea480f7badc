"""An attacker on a render's whole output folder: try to recover every suppressed count.

The attacker reads what any reader has, every report of a cycle in every language together
(``figures.csv`` and ``tables/*.csv``), and works independently of the suppression code, so it
can find what that code overlooks:

1. **Margins** (linear programming, ``scipy.optimize.linprog``): the unknowns are the region x
   group counts; every published number that is a sum of them is a constraint (published
   cells, regions' totals of akims, national counts, the national residual group of the
   census table, a share or ratio printed to full precision). A group listed in a region's
   table has at least one akim; a group not listed has none. The smallest and largest value
   of each hidden cell is a linear program each.
2. **Diversity indices** (exact search): a scope's inverse Simpson index S and exp-Shannon
   index H with its total N fix sum c^2 = N^2 / S and sum c ln c = N ln N - N ln H, up to the
   precision printed (half a unit in the last digit of the value as written in the file).
   A depth-first search lists every integer vector of the hidden cells, within their LP
   bounds and with the right sum, that meets both; each cell's new bounds are the smallest
   and largest value it takes across them.

The two steps alternate (new bounds feed the linear programs, whose bounds feed the search)
until nothing changes. A cell is *pinned* when one value remains; it is *narrower than the
protection interval* when fewer than three values remain (bounds less than 2 apart), the
protection the reports promise.

Indices that are those of the published cells with the suppressed ones pooled (what the
reports print since issue 15) are a function of published numbers: the attacker checks that
(`explained_by_pooling`) and learns nothing from them; the exact search then applies only to
indices that are not so explained.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

NATIONAL = "national"
VARIABLE = "ethnicity"


@dataclass
class Knowledge:
    """Everything published about one sensitive variable, over all reports of one cycle."""

    regions: list
    groups: list
    totals: dict                      # scope -> akims
    known: dict                       # (scope, group) -> count (scope may be NATIONAL)
    listed: dict                      # scope -> set of groups its table lists
    hidden: list                      # (scope, group) listed but not given
    sums: list = field(default_factory=list)      # (members [(region, group)], value)
    indices: dict = field(default_factory=dict)   # (scope, name) -> (low, high) of the index
    external: set = field(default_factory=set)    # known cells that come from outside the reports


def _interval(text: str, language: str = "en") -> tuple[float, float]:
    """The interval a number written as `text` in `language` stands for (half a unit in its last
    digit). English groups thousands with commas; Kazakh and Russian use a decimal comma. Words
    around the number ("at least 1.65", a lower bound) are dropped: the attacker reads the number."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    text = re.search(r"\d[\d.,]*", text).group(0).rstrip(".,")
    text = text.replace(",", "") if language == "en" else text.replace(",", ".")
    value = Decimal(text)
    half = Decimal(1).scaleb(value.as_tuple().exponent) / 2
    return float(value - half), float(value + half)


def _agree(store: dict, key, value, where) -> None:
    if key in store and store[key] != value:
        raise ValueError(f"{where}: {key} published as {store[key]} and as {value}")
    store[key] = value


def read_output(folder: Path, cycle: str, variable: str = VARIABLE, use_text: bool = False) -> Knowledge:
    """Collect what the reports of `cycle` in `folder` publish about `variable`.

    With `use_text`, the indices are taken as printed in the reports (the ``text`` column of
    figures.csv), not to the full precision of the ``value`` column.
    """
    root = Path(folder) / cycle
    totals, known, listed, indices, hidden = {}, {}, {}, {}, set()
    residual = None
    for report in sorted(p.parent for p in root.glob("*/*/figures.csv")):
        scope = report.parent.name
        figures = pd.read_csv(report / "figures.csv", dtype={"value": str, "text": str}, keep_default_na=False)
        fig = dict(zip(figures["key"], zip(figures["value"], figures["text"])))
        if "akims" in fig:
            _agree(totals, scope, int(float(fig["akims"][0])), report)
        for key, (value, text) in fig.items():
            match = re.fullmatch(rf"{variable}\.([a-z_]+)\.count", key)
            if match and value != "":
                _agree(known, (scope, match.group(1)), int(float(value)), report)
            match = re.fullmatch(r"ethnicities\.effective_(simpson|shannon)", key) if variable == VARIABLE else None
            if match and value != "":
                shown = _interval(text, report.name) if use_text else _interval(value)
                _agree(indices, (scope, match.group(1)), shown, report)
        table = report / "tables" / f"{variable}.csv"
        if table.exists():
            rows = pd.read_csv(table, dtype=str, keep_default_na=False)
            listed.setdefault(scope, set()).update(rows[variable])
            for _, row in rows.iterrows():
                if row["count"] != "":
                    _agree(known, (scope, row[variable]), int(float(row["count"])), report)
                else:
                    hidden.add((scope, row[variable]))
        rep = report / "tables" / f"{variable}_representation.csv"
        if rep.exists():
            frame = pd.read_csv(rep, keep_default_na=False)
            for _, row in frame.iterrows():
                if str(row["is_residual"]) == "True":
                    residual = (set(frame.loc[frame["is_residual"].astype(str) != "True", variable]),
                                int(row["count"]))
                else:
                    _agree(known, (scope, row[variable]), int(row["count"]), report)
        by_region = report / "tables" / "women_by_region.csv"
        if by_region.exists():
            for _, row in pd.read_csv(by_region).iterrows():
                _agree(totals, row["region"], int(row["nobs"]), report)
    regions = sorted(s for s in listed if s != NATIONAL)
    groups = sorted(set().union(*listed.values()))
    hidden = sorted((s, g) for s, g in hidden if (s, g) not in known)
    knowledge = Knowledge(regions, groups, totals, known, listed, hidden, indices=indices)
    if residual is not None:
        shown, count = residual
        knowledge.sums.append(([(r, g) for r in regions for g in groups if g not in shown], count))
    return knowledge


def add_known(knowledge: Knowledge, cells: Iterable[tuple[str, str, int]]) -> Knowledge:
    """Add counts the attacker knows from elsewhere (e.g. press counts shipped in the data)."""
    for scope, group, count in cells:
        if (scope, group) not in knowledge.known:
            knowledge.external.add((scope, group))
        knowledge.known[(scope, group)] = int(count)
    knowledge.hidden = [c for c in knowledge.hidden if c not in knowledge.known]
    return knowledge


# -- 1. linear programming over the margins -----------------------------------------------

class _Program:
    """The linear constraints on the region x group counts."""

    def __init__(self, k: Knowledge):
        self.k = k
        self.cells = [(r, g) for r in k.regions for g in k.groups]
        self.index = {c: i for i, c in enumerate(self.cells)}
        rows, values = [], []

        def equal(members, value):
            row = np.zeros(len(self.cells))
            row[[self.index[m] for m in members]] = 1
            rows.append(row)
            values.append(value)

        for r in k.regions:
            if r in k.totals:
                equal([(r, g) for g in k.groups], k.totals[r])
        for (scope, g), value in k.known.items():
            equal([(r, g) for r in k.regions] if scope == NATIONAL else [(scope, g)], value)
        if NATIONAL in k.totals:
            equal(self.cells, k.totals[NATIONAL])
        for members, value in k.sums:
            equal(members, value)
        self.a_eq, self.b_eq = np.array(rows), np.array(values, float)

    def members(self, cell) -> list:
        scope, g = cell
        return [(r, g) for r in self.k.regions] if scope == NATIONAL else [cell]

    def bounds(self, cells, limits: dict) -> dict:
        """Min and max of each cell (regional, or national = a column sum) under `limits`,
        the current bounds of every hidden cell."""
        k = self.k
        lower = np.zeros(len(self.cells))
        upper = np.full(len(self.cells), np.inf)
        for (r, g), i in self.index.items():
            if g not in k.listed.get(r, set()):
                upper[i] = 0
            elif (r, g) not in k.known:
                lower[i] = 1
        a_ub, b_ub = [], []
        for cell, (lo, hi) in limits.items():
            if cell[0] == NATIONAL:
                row = np.zeros(len(self.cells))
                row[[self.index[m] for m in self.members(cell)]] = 1
                a_ub += [row, -row]
                b_ub += [hi, -lo]
            else:
                i = self.index[cell]
                lower[i], upper[i] = max(lower[i], lo), min(upper[i], hi)
        out = {}
        for cell in cells:
            c = np.zeros(len(self.cells))
            c[[self.index[m] for m in self.members(cell)]] = 1
            ends = []
            for sense in (1, -1):
                res = linprog(sense * c, A_ub=np.array(a_ub) if a_ub else None, b_ub=b_ub or None,
                              A_eq=self.a_eq, b_eq=self.b_eq, bounds=list(zip(lower, upper)), method="highs")
                if res.status != 0:
                    raise ValueError(f"published numbers are inconsistent for the attacker ({res.message})")
                ends.append(sense * res.fun)
            # The region x group table with its margins is totally unimodular: integral bounds.
            out[cell] = (math.ceil(ends[0] - 1e-6), math.floor(ends[1] + 1e-6))
        return out


# -- 2. exact search over the diversity indices -------------------------------------------

MAX_SOLUTIONS = 200_000


def _index_targets(k: Knowledge, scope: str):
    """Ranges of sum c^2 and sum c ln c of a scope's counts implied by its printed indices."""
    n = k.totals.get(scope)
    if n is None:
        return None
    targets = {}
    if (scope, "simpson") in k.indices:
        lo, hi = k.indices[(scope, "simpson")]
        targets["squares"] = (n * n / hi, n * n / lo)
    if (scope, "shannon") in k.indices:
        lo, hi = k.indices[(scope, "shannon")]
        targets["entropy"] = (n * math.log(n) - n * math.log(hi), n * math.log(n) - n * math.log(lo))
    return targets or None


def _xlogx(c: int) -> float:
    return c * math.log(c) if c > 0 else 0.0


def search_scope(k: Knowledge, scope: str, limits: dict) -> list[tuple] | None:
    """Every vector of the scope's hidden cells that agrees with its total, its indices and the
    current `limits`; None when the scope has no indices or no hidden cell."""
    targets = _index_targets(k, scope)
    cells = [c for c in limits if c[0] == scope]
    if targets is None or not cells:
        return None
    present = [g for g in k.groups if g in k.listed.get(scope, set())]
    known = [k.known[(scope, g)] for g in present if (scope, g) in k.known]
    rest = k.totals[scope] - sum(known)
    sq_lo, sq_hi = targets.get("squares", (-math.inf, math.inf))
    en_lo, en_hi = targets.get("entropy", (-math.inf, math.inf))
    sq_lo, sq_hi = sq_lo - sum(c * c for c in known) - 1e-6, sq_hi - sum(c * c for c in known) + 1e-6
    base = sum(_xlogx(c) for c in known)
    en_lo, en_hi = en_lo - base - 1e-6, en_hi - base + 1e-6
    bounds = [limits[c] for c in cells]
    solutions: list[tuple] = []

    def dfs(i, left, squares, entropy, chosen):
        if len(solutions) >= MAX_SOLUTIONS:
            return
        if i == len(cells):
            if left == 0 and sq_lo <= squares <= sq_hi and en_lo <= entropy <= en_hi:
                solutions.append(tuple(chosen))
            return
        lo_rest = sum(b[0] for b in bounds[i + 1:])
        hi_rest = sum(b[1] for b in bounds[i + 1:])
        m = len(cells) - i - 1
        for v in range(bounds[i][0], bounds[i][1] + 1):
            remaining = left - v
            if remaining < lo_rest or remaining > hi_rest:
                continue
            sq = squares + v * v
            # The rest adds at least remaining^2 / m (even split) and at most remaining * max(hi).
            least = remaining * remaining / m if m else 0
            most = remaining * max((b[1] for b in bounds[i + 1:]), default=0)
            if sq + least > sq_hi or sq + most < sq_lo:
                continue
            chosen.append(v)
            dfs(i + 1, remaining, sq, entropy + _xlogx(v), chosen)
            chosen.pop()

    dfs(0, rest, 0.0, 0.0, [])
    if len(solutions) >= MAX_SOLUTIONS:
        return None  # too many to learn from
    # No solution: the indices are not those of the full table (e.g. suppressed cells were
    # pooled before computing them); they then say nothing under this model.
    return [dict(zip(cells, s)) for s in solutions]


def explained_by_pooling(k: Knowledge, scope: str) -> bool:
    """Whether the scope's printed indices are those of its published cells with the hidden
    ones pooled into one group: then they are a function of published numbers and reveal
    nothing more."""
    n = k.totals.get(scope)
    shown = [k.known[(scope, g)] for g in k.groups if (scope, g) in k.known
             and (scope, g) not in k.external and g in k.listed.get(scope, set())]
    if n is None:
        return False
    cells = [c for c in shown if c > 0] + ([n - sum(shown)] if n > sum(shown) else [])
    p = np.array(cells, float) / n
    values = {"simpson": 1 / np.sum(p**2), "shannon": float(np.exp(-np.sum(p * np.log(p))))}
    return all(lo - 1e-9 <= values[name] <= hi + 1e-9
               for (s, name), (lo, hi) in k.indices.items() if s == scope)


# -- the attack ----------------------------------------------------------------------------

def attack(k: Knowledge, use_indices: bool = True, max_rounds: int = 20) -> pd.DataFrame:
    """Bounds on every hidden cell (regional and national) from everything in `k`.

    Returns a frame indexed by (scope, group) with columns low, high, pinned.
    """
    program = _Program(k)
    national_hidden = [(NATIONAL, g) for g in k.groups if (NATIONAL, g) not in k.known]
    targets = [c for c in k.hidden if c[0] != NATIONAL] + national_hidden
    limits = program.bounds(targets, {})
    for _ in range(max_rounds if use_indices else 0):
        before = dict(limits)
        for scope in k.regions + [NATIONAL]:
            if explained_by_pooling(k, scope):
                continue  # indices of the published cells: nothing to learn from them
            found = search_scope(k, scope, {c: b for c, b in limits.items() if c[0] == scope})
            if found:
                for cell in found[0]:
                    values = [s[cell] for s in found]
                    limits[cell] = (max(limits[cell][0], min(values)), min(limits[cell][1], max(values)))
        limits = program.bounds(targets, limits)
        if limits == before:
            break
    frame = pd.DataFrame([(s, g, lo, hi) for (s, g), (lo, hi) in limits.items()],
                         columns=["scope", "group", "low", "high"]).set_index(["scope", "group"])
    frame["pinned"] = frame["low"] == frame["high"]
    return frame.loc[[c for c in k.hidden if c in frame.index]]


def unprotected(bounds: pd.DataFrame, min_width: int = 2) -> pd.DataFrame:
    """Hidden cells pinned or narrower than the protection interval: bounds less than
    `min_width` apart (2 by default: every hidden count keeps at least three possible values,
    as the reports' suppression promises)."""
    return bounds[(bounds["high"] - bounds["low"]) < min_width]
