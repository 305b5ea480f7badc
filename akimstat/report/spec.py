"""The report spec (`akimstat/report/spec.yaml`): which sections each kind of report carries, checked
when it is read: a section kind, argument or variable that does not exist is an error naming it."""

from __future__ import annotations

import inspect
from functools import cache
from importlib.resources import files

import yaml

from akimstat.data.counts import VARIABLES
from akimstat.errors import ParameterError
from akimstat.params import NATIONAL

SPEC = "report/spec.yaml"
KINDS = ("national", "region")


@cache
def report_spec() -> dict[str, tuple[dict, ...]]:
    """Return the spec of the package: report kind -> its section entries, checked."""
    text = files("akimstat").joinpath(SPEC).read_text(encoding="utf-8")
    return checked_spec(yaml.safe_load(text), SPEC)


def sections_of(scope: str, variables: tuple[str, ...] | None = None) -> tuple[dict, ...]:
    """Return the section entries of the report of `scope` (national or a region), each
    variable checked against `variables` (those the data's code lists name) when given."""
    kind = "national" if scope == NATIONAL else "region"
    entries = report_spec()[kind]  # checked when read: only the variables are the data's
    if variables is not None:
        for number, entry in enumerate(entries, start=1):
            check_variable(entry, variables, f"{SPEC}: {kind}, section {number}")
    return entries


def check_variable(entry: dict, variables: tuple[str, ...], where: str) -> None:
    """Raise `ParameterError` at `where` when the entry's variable is not among `variables`."""
    variable = entry.get("variable")
    if variable is not None and variable not in variables:
        raise ParameterError(f"{where}: no variable {variable!r}; the variables are {', '.join(variables)}")


def checked_spec(spec, source: str = "spec", variables: tuple[str, ...] | None = None) -> dict[str, tuple[dict, ...]]:
    """Return `spec` if every report kind lists known sections with known arguments, and, when
    `variables` are given (the data's), variables among them."""
    from akimstat.report.scope import AGE_VARIABLES
    from akimstat.report.sections import SECTIONS

    if not isinstance(spec, dict) or set(spec) != set(KINDS):
        raise ParameterError(f"{source}: expected the report kinds {', '.join(KINDS)}")
    for kind, entries in spec.items():
        for number, entry in enumerate(entries, start=1):
            where = f"{source}: {kind}, section {number}"
            if not isinstance(entry, dict) or entry.get("section") not in SECTIONS:
                raise ParameterError(f"{where}: 'section' must be one of {', '.join(SECTIONS)}; "
                                     f"received {entry!r}")
            accepted = list(inspect.signature(SECTIONS[entry["section"]][0]).parameters)[1:]
            unknown = sorted(set(entry) - {"section", *accepted})
            if unknown:
                raise ParameterError(f"{where}: unknown argument(s) {', '.join(unknown)}; "
                                     f"{entry['section']} takes {', '.join(accepted) or 'none'}")
            variable = entry.get("variable")
            if variable is not None and not (isinstance(variable, str) and variable.isidentifier()):
                raise ParameterError(f"{where}: 'variable' must be a variable's name, such as "
                                     f"{', '.join((*VARIABLES, *AGE_VARIABLES))}; received {variable!r}")
            if variables is not None:
                check_variable(entry, variables, where)
    return {kind: tuple(entries) for kind, entries in spec.items()}
