"""What `map --suggest` adds to a draft mapping beyond exact matches: the code an unmatched
value looks like, and district names that are one district spelt two ways.

A value no name matches ("Северо-Казахская обл.") is left "?" in the draft, to be decided, but
with the code `validate` would suggest for it beside it (`akimstat.data.names.closest_code`), so the
person deciding confirms rather than searches. District names that are the same once case,
spaces and the word for district ("район", "р-н", "ауданы", "district") are set aside
("Актогайский", "Актогайский район") would count as two districts: the draft maps each
spelling to the one written most often, with a comment to check.
"""

from __future__ import annotations

import re

import pandas as pd

from akimstat.labels import labels
from akimstat.data.names import closest_code, normalised

#: Words a district's name carries or leaves out, in ru, kk and en.
DISTRICT_WORDS = re.compile(r"(?<!\w)(район|р-н|р-он|р\.|ауданы|аудан|district)(?!\w)")


def district_key(name: object) -> str:
    """Return a district's name as spellings of it are compared.

    >>> district_key("Актогайский  р-н") == district_key("актогайский район") == "актогайский"
    True
    """
    text = DISTRICT_WORDS.sub(" ", normalised(name))
    return re.sub(r"\s+", " ", text).strip(" .,")


def district_spellings(names: pd.Series) -> dict[str, str]:
    """Return spelling -> the spelling to use, for district names that are one district
    spelt several ways: each maps to its most frequent spelling (the longer on a tie)."""
    counts = names.dropna().astype(str).value_counts()
    groups: dict[str, list[str]] = {}
    for name in counts.index:
        groups.setdefault(district_key(name), []).append(name)
    out = {}
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        kept = max(spellings, key=lambda s: (counts[s], len(s), s))
        out.update({s: kept for s in sorted(spellings) if s != kept})
    return out


def district_note(kept: str, lang: str) -> str:
    """Return the comment beside a district spelling mapped to `kept`."""
    return labels(lang).plain("map.district_same", name=kept)


def looks_like_note(codes, column: str, value: object, lang: str) -> str | None:
    """Return the comment beside an unmatched value saying the code it looks like, or None."""
    code = closest_code(codes, column, value)
    if code is None:
        return None
    name = codes.label(column, code, lang) if column != "cycle" else code
    return labels(lang).plain("map.looks_like", code=code, name=name)

