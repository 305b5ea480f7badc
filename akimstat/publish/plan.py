"""Which reports a reporting cycle has: one per scope (the nation and each region with records)
and language, each a `Job` for `akimstat.publish.render`."""

from __future__ import annotations

from pathlib import Path

from akimstat.data.dataset import Dataset, check_reportable
from akimstat.errors import ParameterError
from akimstat.labels import LANGUAGES, Labels, localised
from akimstat.data.territory import scopes_by_cycle, scopes_of, unknown_cycle  # noqa: F401  (re-exported)
from akimstat.params import NATIONAL, NO_BASELINE, ReportParameters
from akimstat.data.codelists import unlike_baseline
from akimstat.provenance import NOTEBOOK, ROOT, code_files  # noqa: F401  (re-exported)
from akimstat.publish.job import UNORDERED, Job



ALL, PREVIOUS = "all", "previous"  # cycle: every cycle; baseline: the cycle before


def cycle_pairs(params: ReportParameters, data: Dataset) -> list[tuple[str, str]]:
    """Return the (cycle, baseline) pairs to report: `cycle` 'all' is every cycle in the data
    but the first, each against the one before of the same level ('previous'; 'none' when there
    is none: the 2023 district akims are not compared with rural ones); else the one asked for."""
    cycles = data.cycles()
    if params.cycle not in (ALL, *cycles):
        raise unknown_cycle(params.cycle, cycles)
    pairs = [(c, params.baseline) for c in cycles[1:]] if params.cycle == ALL else [(params.cycle, params.baseline)]
    pairs = [(c, previous(data, c) if b == PREVIOUS else b) for c, b in pairs]
    for cycle, baseline in pairs:
        for name, value in (("cycle", cycle), ("baseline", baseline)):
            if value not in cycles and (name, value) != ("baseline", NO_BASELINE):
                raise unknown_cycle(value, cycles, name)
        if cycle == baseline:
            raise ParameterError(f"parameters 'cycle' and 'baseline' are both {cycle!r}: a cycle is "
                                 "compared with another")
        if baseline in cycles and cycles.index(baseline) > cycles.index(cycle):  # time runs one way
            raise ParameterError(localised("cycle.baseline_later", baseline=baseline, cycle=cycle))
    return pairs


def previous(data: Dataset, cycle: str) -> str:
    """Return the cycle before `cycle` of the same level (rural or district akims), or 'none'.
    A corps at a date is compared with an earlier corps only (`unlike_baseline`): the akims
    elected in one round are the part of a corps whose terms ended, not a corps."""
    cycles, attributes = data.cycles(), data.codes.cycles
    level = attributes["level"] if "level" in attributes else None
    before = [c for c in cycles[: cycles.index(cycle)] if (level is None or level.get(c) == level.get(cycle))
              and not unlike_baseline(attributes, cycle, c)]
    return before[-1] if before else NO_BASELINE


def plan_jobs(params: ReportParameters, data: Dataset, scopes=None, languages=LANGUAGES,
              notebook: Path = NOTEBOOK) -> list[Job]:
    """Return the jobs for every cycle x scope x language, each cycle's nation first (it takes
    longest).

    Unknown scopes or languages are refused before anything is rendered. `notebook` is the
    report notebook, or an analyst's own (``akimstat render --notebook``). Data that cannot
    make reports is refused as `akimstat validate` refuses it.
    """
    check_reportable(data)
    bad = [lang for lang in languages if lang not in LANGUAGES]
    if bad:
        raise ParameterError(f"language {', '.join(bad)}: not one of {', '.join(LANGUAGES)}")
    pairs = cycle_pairs(params, data)
    available = {cycle: scopes_of(data, cycle) for cycle, _ in pairs}
    asked = None
    if scopes:  # any code or name the territory had, in each cycle the code its data has
        asked = scopes_by_cycle(scopes, data, available)
        scopes = list(dict.fromkeys(s for here in asked.values() for s in here))
    small = _refused_if_too_small(params, data, pairs, available, scopes)
    inputs = tuple(sorted(data.root.resolve() / path for path in data.hashes)) + code_files()
    jobs = []
    for cycle, baseline in pairs:
        for scope in [s for s in (asked[cycle] if asked else available[cycle])
                      if s in available[cycle] and (cycle, s) not in small]:
            for lang in languages:
                # The notebook runs in the report's temporary folder: it writes its CSVs there.
                job_params = params.replace(cycle=cycle, baseline=baseline, scope=scope, language=lang,
                                            output_dir=".", data_dir=portable_data_dir(params.data_dir))
                t = Labels(lang, data.codes)
                jobs.append(Job(notebook=Path(notebook), parameters=job_params.as_dict(),
                                output=f"{cycle}/{scope}/{lang}", language=lang,
                                title=title_of(job_params, data), inputs=inputs,
                                languages=tuple(languages), scope_name=t.scope_name(scope),
                                cycle_name=t.name("cycle", cycle), scope_order=scope_order(data, scope)))
    return jobs


def scope_order(data: Dataset, scope: str) -> int:
    """Return the scope's place in the index: 0 for the nation, a region's place in the Bureau
    of National Statistics' order of regions (``bns_order`` of regions.csv: the same for a
    region's letter and numeric codes, so its reports of every cycle are listed together), or,
    when the code list gives none, `UNORDERED` plus its row in the code list."""
    if scope == NATIONAL:
        return 0
    regions = data.codes.regions
    if "bns_order" in regions and scope in regions.index and str(regions.at[scope, "bns_order"]).isdigit():
        return int(regions.at[scope, "bns_order"])
    return UNORDERED + (list(regions.index).index(scope) if scope in regions.index else len(regions))


def portable_data_dir(data_dir: str) -> str:
    """Return the data folder as the notebook is given it: relative to the project when inside
    it (the kernel finds it from there), so that no absolute path reaches a published notebook;
    a folder elsewhere stays absolute (the notebook runs in a temporary folder)."""
    path = Path(data_dir).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _refused_if_too_small(params, data, pairs, available, scopes) -> dict:
    """Return the scopes too small for a report (they get none); refuse one asked for by name,
    or a render that would have no report left."""
    small = small_scopes(params, data, [cycle for cycle, _ in pairs])
    asked = [key for key in small if scopes and key[1] in scopes]
    every = [(cycle, s) for cycle in available for s in available[cycle]]
    if asked or every and all(key in small for key in every):
        named = ", ".join(f"{s} ({small[(c, s)]} akims in cycle {c})" for c, s in asked or small)
        raise ParameterError(f"scope {named}: fewer akims than parameter 'min_scope_size', "
                             f"{params.min_scope_size}; a report about so few people discloses them")
    return small


def small_scopes(params: ReportParameters, data: Dataset, cycles) -> dict[tuple[str, str], int]:
    """Return the (cycle, scope) of `cycles` with records of fewer akims than
    `params.min_scope_size`, with their number. A cycle known only from published tables
    describes no one person and has none."""
    small = {}
    for cycle in cycles:
        records = data.records[data.records["cycle"] == cycle]
        if records.empty:
            continue
        sizes = {NATIONAL: len(records), **records["region"].value_counts().to_dict()}
        small |= {(cycle, scope): n for scope, n in sizes.items() if n < params.min_scope_size}
    return small


def title_of(params: ReportParameters, data: Dataset) -> str:
    """Return the report's title in its language (also the PDF's title and the index's label)."""
    return Labels(params.language, data.codes).title(params.scope, params.cycle)
