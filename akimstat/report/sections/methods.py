"""The methods text (following the parameters) and how the report was made: the parameters in
words, the code version, the data fingerprint and a suggested citation."""

from __future__ import annotations

import string
from importlib.resources import files
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from akimstat import __version__
from akimstat.report import html as h
from akimstat.provenance import data_hash, git_commit
from akimstat.report.scope import ScopeData
from akimstat.report.sections.made import made_sentences
from akimstat.report.sections.result import Result


def methods_text(lang: str) -> str:
    """Return the methods text of `lang`, with its {placeholders}."""
    return files("akimstat").joinpath(f"locales/methods.{lang}.md").read_text(encoding="utf-8")


def methods_fields(lang: str) -> set[str]:
    """Return the placeholders of the methods text of `lang` (the same in every language)."""
    return {name for _, name, _, _ in string.Formatter().parse(methods_text(lang)) if name}


def compute_methods(data: ScopeData) -> Result:
    population = data.data.population
    census = data.source_year(population["variable"].iloc[0]) if not population.empty else ""
    attributes = data.data.codes.cycles.loc[data.cycle]
    cycle = {k: attributes.get(k) for k in ("election_type", "counted") if isinstance(attributes.get(k), str)}
    return Result("methods", "methods", facts={"census_year": census, "cycle": cycle})


def present_methods(r: Result, w) -> tuple[None, list]:
    """The methods text in the writer's language, its numbers taken from the parameters."""
    t, p = w.t, w.params
    limit = p.suppression_threshold
    values = {"level": w.level(), "threshold": t.number(p.age_threshold), "cycle": w.cycle_name(),
              "suppressed": t.number(1) if limit <= 2 else f"{t.number(1)}–{t.number(limit - 1)}",
              "sensitive": ", ".join(t.plain(f"col.{v}").lower() for v in p.sensitive_variables),
              "census_year": r.facts["census_year"], "alpha": t.number(p.alpha, 2)}
    text = methods_text(t.lang).format(**{k: escape(v) for k, v in values.items()})
    # Raw HTML is the text's own (a <span lang="en"> round an author's name); values are escaped.
    body = Markup(MarkdownIt("commonmark", {"html": True}).render(text))
    said = [t.text(f"cycle.{k}.{v}", cycle=w.cycle_name()) for k, v in r.facts["cycle"].items()
            if t.has(f"cycle.{k}.{v}")]
    if said:
        body += h.tag("p", Markup(" ").join(said))
    if limit == 0 or not p.sensitive_variables:
        body += h.tag("p", t.text("methods.no_suppression"))
    return None, [body]


def compute_provenance(data: ScopeData) -> Result:
    return Result("provenance", "provenance", facts={"hashes": data.data.hashes})


def present_provenance(r: Result, w) -> tuple[str, list]:
    t = w.t
    commit, date = git_commit()
    fingerprint = data_hash(r.facts["hashes"])
    revision = commit_words(commit, t)
    citation = t.plain("citation", year=date[:4] or t.plain("provenance.no_date"), scope=w.scope_name,
                       cycle=w.cycle_name(), version=__version__, commit=commit.removesuffix("+modified"),
                       data=fingerprint, language=t.plain("language.name"),
                       corps=t.level_words(w.data.cycle)["corps"])
    # The parameters and data files in full are in the notebook, render.json and the data
    # package; the reader's text says what they mean (issue 29).
    return t.text("provenance.title"), [
        h.tag("p", Markup(" ").join(made_sentences(w))),
        h.tag("p", t.text("provenance.code", version=__version__, commit=revision, date=date or "—")),
        h.tag("p", t.text("provenance.data", hash=fingerprint)),
        h.tag("p", h.join([h.tag("strong", t.text("provenance.cite")), " ", citation]), class_="citation")]


def commit_words(commit: str, t) -> Markup:
    """Return the code's git commit for the report: its hash as code, with "(modified)" in the
    report's language when the working copy had changes, or the word for unknown."""
    if commit == "unknown":
        return Markup(escape(t.plain("provenance.unknown")))
    words = h.tag("code", commit.removesuffix("+modified")[:12])
    return words + Markup(" ") + t.plain("provenance.modified") if commit.endswith("+modified") else words
