"""Which reports a reporting cycle has: one per scope (the nation and each region with records)
and language, each a `Job` for `akimstat.render`."""

from __future__ import annotations

from pathlib import Path

from akimstat.dataset import Dataset
from akimstat.errors import ParameterError
from akimstat.labels import LANGUAGES, Labels
from akimstat.params import NATIONAL, ReportParameters
from akimstat.provenance import PACKAGE, ROOT
from akimstat.render import Job

NOTEBOOK = ROOT / "reports" / "report.ipynb"  # one notebook; the scope is a parameter


def scopes_of(data: Dataset, cycle: str) -> list[str]:
    """Return 'national' and every region with records in `cycle`, in code-list order."""
    return [NATIONAL, *data.regions_of(cycle)]


def plan_jobs(params: ReportParameters, data: Dataset, scopes=None, languages=LANGUAGES,
              notebook: Path = NOTEBOOK) -> list[Job]:
    """Return the jobs for every scope x language, national first (it takes longest).

    Unknown scopes or languages are refused before anything is rendered. `notebook` is the
    report notebook, or an analyst's own (``akimstat render --notebook``).
    """
    for name in ("cycle", "baseline"):
        if getattr(params, name) not in data.cycles():
            raise ParameterError(f"parameter '{name}': no data for cycle {getattr(params, name)!r}; "
                                 f"the data has {', '.join(data.cycles())}")
    available = scopes_of(data, params.cycle)
    scopes = list(scopes or available)
    unknown = [s for s in scopes if s not in available]
    if unknown:
        raise ParameterError(f"scope {', '.join(unknown)}: no records in cycle {params.cycle}; "
                             f"available: {', '.join(available)}")
    bad = [lang for lang in languages if lang not in LANGUAGES]
    if bad:
        raise ParameterError(f"language {', '.join(bad)}: not one of {', '.join(LANGUAGES)}")
    inputs = tuple(sorted(data.root.resolve() / path for path in data.hashes)) + code_files()
    jobs = []
    for scope in scopes:
        for lang in languages:
            # The notebook runs in the report's temporary folder: it writes its CSVs there.
            job_params = params.replace(scope=scope, language=lang, output_dir=".",
                                        data_dir=portable_data_dir(params.data_dir))
            t = Labels(lang, data.codes)
            jobs.append(Job(notebook=Path(notebook),
                            parameters=job_params.as_dict(), output=f"{params.cycle}/{scope}/{lang}",
                            language=lang, title=title_of(job_params, data), inputs=inputs,
                            languages=tuple(languages), scope_name=scope_name(t, scope),
                            cycle_name=t.name("cycle", params.cycle)))
    return jobs


def portable_data_dir(data_dir: str) -> str:
    """Return the data folder as the notebook is given it: relative to the project when inside
    it (the kernel finds it from there), so that no absolute path reaches a published notebook;
    a folder elsewhere stays absolute (the notebook runs in a temporary folder)."""
    path = Path(data_dir).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def scope_name(t: Labels, scope: str) -> str:
    """Return the name of a scope in the language of `t`."""
    return t.plain("scope.national") if scope == NATIONAL else t.name("region", scope)


def title_of(params: ReportParameters, data: Dataset) -> str:
    """Return the report's title in its language (also the PDF's title and the index's label)."""
    t = Labels(params.language, data.codes)
    return t.plain("title", scope=scope_name(t, params.scope), cycle=t.name("cycle", params.cycle))


def code_files() -> tuple[Path, ...]:
    """Return the package's code and message files: a change to any re-renders the reports."""
    return tuple(sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".md")
                        and "__pycache__" not in p.parts))
