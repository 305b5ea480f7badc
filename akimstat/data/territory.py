"""A scope named by any code or name it had in any cycle: what `render --scope` and `scopes`
read.

The data name one territory by the code in force in each cycle's sources: Pavlodar Region is
KZ-PAV in the 2013 records and KZ-55 in the 2021 tables. A person names it once, in any of
its forms -- the ISO 3166-2 letter or numeric code, the Bureau of National Statistics' code
(``55``, the first digits of its KATO code ``550000000``), its name in kk, ru or en with or
without the word for region ("Akmola", "Павлодарская") -- and gets, in each cycle, the code
that cycle's data has for that territory: the codes `region_lineage.csv` links, before any
split between them (KZ-VOS is KZ-63 in 2021, before Abai left it in 2022; KZ-YUZ names no
single region after Shymkent left it in 2018, and is refused with both successors).
"""

from __future__ import annotations

import difflib
import re

from akimstat.errors import ParameterError, shown
from akimstat.labels import LANGUAGES, localised
from akimstat.data.names import NATIONAL, normalised, resolve_scopes, scope_code

#: Words of region names a person may leave out ("Akmola" for "Akmola Region").
KIND_WORDS = re.compile(r"(?<!\w)(region|oblast|область|обл\.?|облысы|облысының)(?!\w)")
BUREAU_CODE = re.compile(r"(\d{2})(?:0{7})?")


def any_scope_code(text: str, codes) -> str | None:
    """Return the scope `text` names: as `scope_code` reads it, else a Bureau (KATO) code or a
    region's name without the word for region; None when it names none."""
    code = scope_code(text, codes)
    if code is not None:
        return code
    bureau = BUREAU_CODE.fullmatch(text.strip())
    if bureau and f"KZ-{bureau.group(1)}" in codes.regions.index:
        return f"KZ-{bureau.group(1)}"
    return _short_names(codes).get(_short(text))


def _short(text: str) -> str:
    return re.sub(r"\s+", " ", KIND_WORDS.sub(" ", normalised(text))).strip()


def _short_names(codes) -> dict[str, str]:
    key = ("short_region_names",)
    if key not in codes._cache:
        index: dict[str, str] = {}
        for code in codes.regions.index:
            for lang in LANGUAGES:
                index.setdefault(_short(codes.label("region", code, lang)), code)
        codes._cache[key] = index
    return codes._cache[key]


def scope_in_cycle(text: str, data, cycle: str, available: list[str]) -> str | None:
    """Return the scope of `cycle` (one of `available`) that `text` names, by any of the
    territory's codes or names; None when it has none there."""
    code = any_scope_code(text, data.codes)
    if code is None:
        return None
    if code in available:
        return code
    return next((c for c in data.same_territory(code, cycle) if c in available), None)


def scopes_by_cycle(requested, data, available: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return, for each cycle, the scopes of `available[cycle]` that `requested` names.

    A scope that names nothing in any cycle is refused as `resolve_scopes` refuses it (unknown,
    or known without data, with "did you mean …?").
    """
    out: dict[str, list[str]] = {cycle: [] for cycle in available}
    unresolved = []
    for text in requested:
        found = {cycle: scope_in_cycle(text, data, cycle, here) for cycle, here in available.items()}
        if not any(found.values()):
            unresolved.append(text)
        for cycle, code in found.items():
            if code is not None and code not in out[cycle]:
                out[cycle].append(code)
    if unresolved:
        every = list(dict.fromkeys(s for here in available.values() for s in here))
        resolve_scopes(unresolved, data.codes, every, ", ".join(available), any_scope_code)
        raise ParameterError(localised("scope.unknown", scope=unresolved[0], hint=""))
    return out


def territories(data, cycle: str, scopes: list[str]) -> list[list[str]]:
    """Return `scopes` grouped by territory at the cycle's date, in order: [KZ-VOS, KZ-63] when
    a cycle's data names East Kazakhstan by both codes."""
    groups: list[list[str]] = []
    for scope in scopes:
        same = set(data.same_territory(scope, cycle)) if scope != NATIONAL else set()
        group = next((g for g in groups if same & set(g)), None)
        if group is None:
            groups.append([scope])
        else:
            group.append(scope)
    return groups


def unknown_cycle(text: str, cycles: list[str], parameter: str = "cycle") -> ParameterError:
    """Return the error for a cycle the data does not have, with the one meant when it is
    clear ("13" for 2013), in the user's language."""
    text = str(text)
    close = []
    if 0 < len(text) <= 40:  # a typo, not a pasted page
        ends = sorted((not c[:-len(text)].isdigit(), n) for n, c in enumerate(cycles)
                      if c.endswith(text))  # "13": 2013 before pre-2013
        close = [cycles[n] for _, n in ends[:1]] or difflib.get_close_matches(
            text, cycles, n=1, cutoff=0.5)
    hint = localised("cycle.did_you_mean", cycle=close[0]) if close else ""
    return ParameterError(localised("cycle.unknown", parameter=parameter, cycle=shown(text),
                                    cycles=", ".join(cycles), hint=hint))



def scopes_of(data, cycle: str) -> list[str]:
    """Return 'national' and every region with data in `cycle`, in code-list order."""
    return [NATIONAL, *data.scopes_of(cycle)]


def scope_lines(data, cycle: str, t) -> list[str]:
    """Return a line for each scope of `cycle` (each territory once, its other codes beside
    it): its code and name, its records, and the published tables (by variable) and figures
    it has; in the language of the labels `t`."""
    records = data.records[data.records["cycle"] == cycle]
    counts = data.counts[data.counts["cycle"] == cycle]
    figures = data.figures[data.figures["cycle"] == cycle]
    lines = []
    for group in territories(data, cycle, scopes_of(data, cycle)):
        scope = group[0]
        name = t.plain("scope.national") if scope == NATIONAL else t.name("region", scope)
        if len(group) > 1:
            name += " " + t.plain("scopes.also", codes=", ".join(group[1:]))
        held = len(records) if scope == NATIONAL else int(records["region"].isin(group).sum())
        parts = [t.plain("scopes.line", count=held)]
        variables = list(dict.fromkeys(counts.loc[counts["scope"].isin(group), "variable"]))
        if variables:
            parts.append(t.plain("scopes.tables", variables=", ".join(
                t.plain(f"col.{v}") if t.has(f"col.{v}") else v for v in variables)))
        figured = int(figures["scope"].isin(group).sum())
        if figured:
            parts.append(t.plain("scopes.figures", count=figured))
        lines.append(f"  {scope:<9} {name:<34} {'; '.join(parts)}")
    return lines
