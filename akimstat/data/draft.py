"""A draft mapping file, as `akimstat map --suggest` writes it: what it holds (`suggest`
matches a register's headers and values against akimstat's columns and the code lists'
names), and its text: YAML a person reads, with a comment in their language beside each
line to decide."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import yaml

from akimstat.data.hints import district_note, district_spellings, looks_like_note
from akimstat.labels import labels
from akimstat.data.mapping import DROP, HEADERS, NAME_HEADER, ROW_PLACEHOLDER, TARGETS, UNMATCHED, VALUES_SUGGESTED
from akimstat.data.names import CODED, codes_of, name_index, normalised, suggested_code


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


# -- suggesting ------------------------------------------------------------------------------------
def suggest(frame: pd.DataFrame, codes, register: Path, out: Path, cycle: str | None = None,
            header_row: int | None = None, encoding: str | None = None, lang: str = "en"
            ) -> tuple[str, dict]:
    """Return the text of a first-draft mapping for the register `frame`, and what it matched.

    Headers and values are matched against akimstat's columns and the code lists' names in
    kk, ru and en; what could not be matched is written as "?" with a comment saying what it
    may be (the code it looks like, in `lang`, `akimstat.data.hints`), so that reading it with
    `read_mapping` fails until a person has decided. District names spelt two ways are
    mapped to one, with a comment to check.
    """
    columns = _suggested_columns(frame.columns)
    values: dict[str, dict[str, str | None]] = {}
    notes: dict[tuple[str, str], str] = {}
    for header, target in columns.items():
        distinct = frame[header].dropna().unique()
        if target in CODED and len(distinct) <= VALUES_SUGGESTED:
            values[target] = _suggested_values(codes, target, distinct)
            notes.update({(target, v): note for v, c in values[target].items() if c is None
                          for note in [looks_like_note(codes, target, v, lang)] if note})
        elif target == "district":
            values[target] = dict(district_spellings(frame[header]))
            notes.update({(target, v): district_note(c, lang) for v, c in values[target].items()})
    supply = {}
    if "cycle" not in columns.values():
        supply["cycle"] = cycle if cycle else UNMATCHED
    if "record_id" not in columns.values():
        supply["record_id"] = "R" + ROW_PLACEHOLDER
    lines = draft_lines(codes, columns, values, supply, _relative(register, out.parent),
                        header_row or frame.attrs.get("header_row", 1), encoding, notes, lang)
    summary = {
        "columns": sum(t != UNMATCHED for t in columns.values()), "of_columns": len(columns),
        "values": sum(c is not None for t in values.values() for c in t.values()),
        "unmatched": sum(t == UNMATCHED for t in columns.values())
        + sum(c is None for t in values.values() for c in t.values())
        + sum(v == UNMATCHED for v in supply.values()),
    }
    return "\n".join(lines) + "\n", summary


def _suggested_columns(headers) -> dict[str, str]:
    """Return header -> suggested akimstat column; each column once: the first header wins."""
    columns = {header: _suggested_column(header) for header in headers}
    taken: set[str] = set()
    for header, target in columns.items():
        if target not in (UNMATCHED, DROP) and target in taken:
            columns[header] = UNMATCHED
        taken.add(columns[header])
    return columns


def _suggested_column(header: str) -> str:
    text = normalised(re.sub(r"\(.*?\)", "", header)).strip(" .:")
    if text in TARGETS or text.replace(" ", "_") in TARGETS:
        return text.replace(" ", "_")
    for target, names in HEADERS.items():
        if text in names:
            return target
    if NAME_HEADER.search(header):
        return DROP
    return UNMATCHED


def _suggested_values(codes, column: str, distinct) -> dict[str, str | None]:
    """Return value -> suggested code (None: not matched) for the values that need a line:
    neither a code nor a code's exact name, which are read without a mapping."""
    known, index = set(codes_of(codes, column)), name_index(codes, column)
    table = {}
    for value in sorted(distinct, key=str):
        if value in known or normalised(value) in index:
            continue
        table[str(value)] = suggested_code(codes, column, value)
    return table


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path.resolve())
