"""How a report was made, in the reader's words (issue 29): what it describes and compares,
the age threshold, the confidence level, what is hidden, the rules that depend on parameters,
and where the parameters are given in full (the notebook, render.json and the data package;
the reader's text names no parameter, file or folder)."""

from __future__ import annotations

from akimstat.params import NO_BASELINE


def made_sentences(w, plain: bool = False) -> list:
    """Return the sentences of the appendix "How this report was made" in the writer's
    language, one per parameter that changes what the report says (as plain text for the
    spreadsheet when `plain`)."""
    t, p = w.t, w.params
    say = t.plain if plain else t.text
    quote = (lambda name: f"“{name}”") if t.lang == "en" else (lambda name: f"«{name}»")
    scope = {"scope": w.scope_name, "cycle": quote(w.cycle_name())}
    said = [say("made.alone", **scope) if p.baseline == NO_BASELINE else
            say("made.compared", **scope, baseline=quote(w.cycle_name(p.baseline)))]
    said.append(say("made.age", threshold=t.number(p.age_threshold)))
    said.append(say("made.level", level=w.level(), alpha=t.number(p.alpha, 2)))
    if p.suppression_threshold > 0 and p.sensitive_variables:
        variables = ", ".join(t.plain(f"col.{v}").lower() for v in p.sensitive_variables)
        said.append(say("made.hidden", threshold=t.number(p.suppression_threshold), variables=variables))
    else:
        said.append(say("made.none_hidden"))
    said.append(say("made.min_size", min=t.number(p.min_scope_size)))
    said.append(say("made.baseline_nobs", n=t.number(p.baseline_nobs)))
    said.append(say("made.seed", seed=str(p.seed)))  # a seed is a name, not a quantity: no separator
    said.append(say("made.record"))
    return said
