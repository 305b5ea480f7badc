"""The election in numbers: sentences made of the published single figures of this cycle and
scope. Each sentence is printed only when every figure it needs is published, so a cycle or
region with other figures gets other sentences and nothing is invented."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat.report import coverage
from akimstat.report import html as h
from akimstat.report.choice import CONTEXT_FIGURES
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Result


#: Paragraphs of sentences: message -> {placeholder: value key}. 'akims' comes from the
#: records, 'context.registered_per_post' is registered / posts, 'rules_date' from cycles.csv.
PARAGRAPHS = (
    {"context.posts": {"elected": "akims", "posts": "context.posts"},
     "context.posts_only": {"posts": "context.posts"},  # when the number elected is not known
     "context.share_of_all": {"share": "context.share_of_all_akims"},
     "context.population": {"millions": "context.population_millions"},
     "context.candidates": {"nominated": "context.nominated", "registered": "context.registered",
                            "per_seat": "context.registered_per_post"},
     "context.close": {"one_vote": "context.won_by_one_vote", "ties": "context.ties_rerun"},
     "context.staff": {"units": "context.extra_staff_units", "functions": "context.state_functions"}},
    {"context.turnout": {"turnout": "context.turnout_percent"},
     "context.voters_registered": {"voters": "context.voters_registered"},
     "context.votes_cast": {"votes": "context.votes_cast"},
     "context.voters_expected": {"voters": "context.voters_expected"},
     "context.polling_stations": {"stations": "context.polling_stations"},
     "context.parties_nominating": {"parties": "context.parties_nominating"}},
    {"context.rules": {"date": "rules_date", **{name: f"context.{name}" for name in (
        "candidate_min_age", "declaration_check_days", "secondary_education_before")}}},
    {"context.history": {name: f"context.{name}" for name in (
        "experiment_2005_districts", "experiment_2005_voters", "experiment_2005_electors",
        "experiment_2006_cities", "experiment_2006_districts", "experiment_2006_electors")}},
)


def compute(data: ScopeData) -> Result:
    """Return the published figures of this cycle and scope that the sentences use."""
    from akimstat.report.sections.front import corps_size

    r = Result("context", "context")
    size = corps_size(data)  # records, else the published number elected; none: no such sentence
    if size is not None:
        r.add("akims", *size)
    for name, (key, unit, scale, _) in CONTEXT_FIGURES.items():
        found = data.published_figure(name)
        if found is not None:
            r.add(key, found[0] * scale, unit, f"published: {found[1]}")
    if "context.posts" in r.values and "context.registered" in r.values and r["context.posts"].value:
        r.add("context.registered_per_post", r["context.registered"].value / r["context.posts"].value, "number",
              f"{r['context.registered'].rests_on}; {r['context.posts'].rests_on}")
    rules_date = data.data.codes.cycles.get("rules_date", pd.Series(dtype=object)).get(data.cycle)
    if pd.notna(rules_date) and str(rules_date).strip():
        r.facts["rules_date"] = pd.Timestamp(rules_date).date()
    r.facts["paragraphs"] = [[m for m, needs in paragraph.items() if all(k in r.values or k in r.facts
                                                                          for k in needs.values())]
                             for paragraph in PARAGRAPHS]
    if "context.posts" in r.facts["paragraphs"][0]:
        r.facts["paragraphs"][0].remove("context.posts_only")
    return r


def present(r: Result, w) -> tuple[str, list] | None:
    """Return the title and paragraphs, or None when this scope has no published figures."""
    parts = []
    for paragraph, messages in zip(PARAGRAPHS, r.facts["paragraphs"]):
        sentences = [w.t.text(m, **{ph: word(r, w, key) for ph, key in paragraph[m].items()}) for m in messages]
        if sentences:
            parts.append(h.tag("p", Markup(" ").join(sentences)))
    shown = [key for paragraph, messages in zip(PARAGRAPHS, r.facts["paragraphs"]) for m in messages
             for key in paragraph[m].values() if key in r.values]
    sources = sorted({s for key in shown for s in coverage.sources(r[key].rests_on).split()})
    if parts and sources:  # the published figures the sentences give: say where they come from
        names = Markup("; ").join(w.source_name(s) for s in sources)
        parts.append(h.tag("p", w.t.text("context.sources." + ("one" if len(sources) == 1 else "many"), source=names)))
    return (w.t.text("context.title"), parts) if parts else None


def word(r: Result, w, key: str) -> str:
    """Return one value of a sentence in the writer's language."""
    if key == "rules_date":
        return w.t.date(r.facts["rules_date"], attributive=True)
    decimals = next((d for k, _, _, d in CONTEXT_FIGURES.values() if k == key), None)
    return w.fig(r[key], decimals)
