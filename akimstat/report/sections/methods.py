"""The methods the report used (each a paragraph of akimstat/locales/methods.yaml), and how the
report was made: the parameters in words, the code version, the data fingerprint and a
suggested citation."""

from __future__ import annotations

import string

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from akimstat import __version__
from akimstat.report import html as h
from akimstat.report.methods_used import catalogue, in_print_order
from akimstat.provenance import data_hash, git_commit
from akimstat.report.scope import ScopeData
from akimstat.report.sections.made import made_sentences
from akimstat.report.sections.result import Result


def methods_fields(lang: str) -> set[str]:
    """Return the placeholders of the methods text of `lang` (the same in every language)."""
    return {name for text in catalogue().values() for _, name, _, _ in string.Formatter().parse(text[lang]) if name}


def compute_methods(data: ScopeData) -> Result:
    """The methods the report's sections used (computed before this one, in the spec's order)."""
    population = data.data.population
    census = data.source_year(population["variable"].iloc[0]) if not population.empty else ""
    attributes = data.data.codes.cycles.loc[data.cycle]
    cycle = {k: attributes.get(k) for k in ("election_type", "counted") if isinstance(attributes.get(k), str)}
    used = [name for result in data.results.values() if result is not None for name in result.methods]
    return Result("methods", "methods", facts={"census_year": census, "cycle": cycle, "used": in_print_order(used)})


def present_methods(r: Result, w) -> tuple[str, list]:
    """A paragraph for each method used, in the writer's language, its numbers from the parameters."""
    t, p = w.t, w.params
    limit = p.suppression_threshold
    sensitive = ", ".join(t.plain(f"methods.sensitive.{v}") if t.has(f"methods.sensitive.{v}")
                          else t.plain(f"col.{v}").lower() for v in p.sensitive_variables)
    values = {"level": w.level(), "threshold": t.number(p.age_threshold), "cycle": w.cycle_name(),
              "suppressed": t.number(1) if limit <= 2 else f"{t.number(1)}–{t.number(limit - 1)}",
              # the Kazakh sentence begins with the tables' name
              "sensitive": sensitive[:1].upper() + sensitive[1:] if t.lang == "kk" else sensitive,
              "census_year": r.facts["census_year"], "alpha": t.number(p.alpha, 2)}
    markdown = MarkdownIt("commonmark")
    body = [h.tag("p", Markup(markdown.renderInline(catalogue()[name][t.lang].format(
        **{k: escape(v) for k, v in values.items()}))), data_method=name) for name in r.facts["used"]]
    said = [t.text(f"cycle.{k}.{v}", cycle=w.cycle_name()) for k, v in r.facts["cycle"].items()
            if t.has(f"cycle.{k}.{v}")]
    if said:
        body.append(h.tag("p", Markup(" ").join(said)))
    if limit == 0 or not p.sensitive_variables:
        body.append(h.tag("p", t.text("methods.no_suppression")))
    return t.text("methods.title"), body


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
