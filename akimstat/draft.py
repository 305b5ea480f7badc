"""The text of a draft mapping file, as `akimstat map --suggest` writes it (`mapping.suggest`
decides what it holds): YAML a person reads, with a comment in their language beside each
line to decide."""

from __future__ import annotations

import json
import re

import yaml

from akimstat.labels import labels
from akimstat.mapping import CODED, DROP, ROW_PLACEHOLDER, TARGETS, UNMATCHED
from akimstat.names import codes_of


def draft_lines(codes, columns: dict, values: dict, supply: dict, register: str,
                header_row: int, encoding: str | None, notes: dict | None = None,
                lang: str = "en") -> list[str]:
    """Return the lines of a draft mapping, a comment (in `lang`) beside each line to decide;
    `notes` holds the comment of a value line ((column, value) -> text) when it has its own."""
    t = labels(lang)
    lines = [f"# {t.plain('draft.about')}",
             f"# {t.plain('draft.check', unmatched=UNMATCHED)}",
             f"file: {quoted(register)}"]
    if header_row != 1:
        lines.append(f"header_row: {header_row}")
    if encoding:
        lines.append(f"encoding: {quoted(encoding)}")
    lines += [f"columns:  # {t.plain('draft.columns')}"]
    free = ", ".join(c for c in TARGETS if c not in set(columns.values()))
    for header, target in columns.items():
        note = ""
        if target == UNMATCHED:
            note = f"  # {t.plain('draft.column_unmatched', columns=free)}"
        elif target == DROP:
            note = f"  # {t.plain('draft.dropped')}"
        lines.append(f"  {quoted(header)}: {quoted(target)}{note}")
    if any(values.values()):
        lines.append(f"values:  # {t.plain('draft.values')}")
        lines += _value_lines(codes, values, notes or {}, t)
    if supply:
        lines.append(f"supply:  # {t.plain('draft.supply')}")
        for column, value in supply.items():
            note = ""
            if column == "cycle" and value == UNMATCHED:
                note = f"  # {t.plain('draft.cycle', cycles=', '.join(codes_of(codes, 'cycle')))}"
            elif column == "record_id":
                note = f"  # {t.plain('draft.record_id', placeholder=ROW_PLACEHOLDER)}"
            lines.append(f"  {column}: {quoted(value)}{note}")
    return lines


def _value_lines(codes, values: dict, notes: dict, t) -> list[str]:
    lines = []
    for column, table in values.items():
        if not table:
            continue
        lines.append(f"  {column}:")
        choices = ", ".join(codes_of(codes, column)) if column in CODED else ""
        for value, code in table.items():
            note = notes.get((column, value))
            if note is None and code is None:
                note = t.plain("draft.value_unmatched", codes=choices)
            lines.append(f"    {quoted(value)}: {quoted(code or UNMATCHED)}"
                         + (f"  # {note}" if note else ""))
    return lines


def quoted(text: str) -> str:
    """Return `text` as a YAML scalar: plain when safe, else double-quoted (JSON is YAML)."""
    if re.fullmatch(r"[^\s#:'\"\[\]{},&*!|>%@`?-][^#:]*", text) and text.strip() == text and (
            yaml.safe_load(text) == text):
        return text
    return json.dumps(text, ensure_ascii=False)
