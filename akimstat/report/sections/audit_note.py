"""The data note under a published table that does not add up: what is wrong (its sum, a
percentage), the smallest correction, the sources that corroborate it, and whether the report
uses the corrected figure; written from the audit's result (akimstat.stats.audit)."""

from __future__ import annotations

from markupsafe import Markup

from akimstat.report import html as h
from akimstat.report.sections.result import Result


def audit_note(r: Result, w, total: int) -> Markup:
    """The data note on an inconsistent published table, written from the audit's result."""
    variable, t, audit = r.id, w.t, r.facts["audit"]
    sentences = []
    for issue in audit.inconsistencies:
        if issue.kind == "sum":
            sentences.append(t.text("audit.sum", total=t.number(total), sum=w.fig(r[f"audit.{variable}.sum"])))
        else:
            sentences.append(t.text("audit.percent", category=w.category(variable, issue.category),
                                    percent=w.published_percent(issue.published),
                                    expected=w.published_percent(issue.expected)))
    best = audit.best
    if best is not None and best.size == 1 and best.changes[0].item == "count":
        change = best.changes[0]
        key = "audit.correction.unique" if audit.unique else "audit.correction.likely"
        sentences.append(t.text(key, category=w.category(variable, change.category), published=t.number(change.published),
                                proposed=w.fig(r[f"audit.{variable}.{change.category}.proposed"])))
        if change.typo:
            sentences.append(t.text("audit.typo"))
        for source in r.facts["corroborating"]:
            sentences.append(t.text("audit.corroborated", source=w.source_name(source), proposed=t.number(change.proposed)))
        if r.facts["used"]:
            sentences.append(t.text("audit.used", proposed=t.number(change.proposed)))
    elif best is None:
        sentences.append(t.text("audit.no_correction"))
    return h.note(Markup(" ").join(sentences))
