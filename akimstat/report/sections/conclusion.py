"""The plain conclusion after a statistical result ("the share of women did not change beyond
what chance allows"), worded from its p-value (adjusted for every region where the report
adjusts) and the direction of its estimate, as the methods say: a difference is called a change
only when its p-value is below alpha."""

from __future__ import annotations

import math

from markupsafe import Markup


def change(w, what: str, estimate: float, pvalue: float, **words) -> Markup:
    """Return the conclusion on the change of `what` ('share', with its subject; 'age'): up or
    down beyond chance when `pvalue` is below alpha, else no change beyond chance."""
    if math.isnan(pvalue):
        return Markup("")
    direction = ("up" if estimate > 0 else "down") if pvalue < w.params.alpha and estimate != 0 else "none"
    return w.t.text(f"conclusion.{what}.{direction}", **words)


def differ(w, what: str, pvalue: float) -> Markup:
    """Return the conclusion of a test that two groups or mixes are alike ('mix'; 'entrants',
    newcomers against those who left): they differ beyond chance, or not."""
    if math.isnan(pvalue):
        return Markup("")
    return w.t.text(f"conclusion.{what}.{'apart' if pvalue < w.params.alpha else 'alike'}")


def share_subject(w, name: str) -> str:
    """Return the subject of a share's conclusion ('The share of women'), in the writer's language."""
    return w.t.plain(f"conclusion.subject.{name}", threshold=w.t.number(w.params.age_threshold))
