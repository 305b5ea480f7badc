"""A table as the spreadsheet's reader sees it: column headers in the report's language, each
category's name beside its code (the code in a column of its own), and each proportion as the
percentage the report prints, rounded as printed, beside its exact value. The CSVs and the data
package keep the codes and the exact values: they are for machines."""

from __future__ import annotations

import re

import pandas as pd

#: Columns holding codes of a code list, and the code list naming them.
CODED = {"region": "region", "cycle": "cycle", "scope": "scope"}
LIMIT = re.compile(r"(low|high|flag|z|pvalue)(_plain)?(?:_(95|99\.8))?(?:_(holm|bh))?")
PERCENT_DECIMALS = 1  # as the report's tables print shares


def reader_table(report, frame: pd.DataFrame, words: dict, unit_of) -> tuple[list[str], pd.DataFrame]:
    """Return the headers (with their units) and the cells of `frame` (already marked) for a
    sheet of `report`'s spreadsheet, in its language."""
    columns, headers = {}, []
    for column in frame.columns:
        name = header(report, str(column), words)
        coded = coded_as(report, str(column))
        if coded is not None:
            columns[f"{column}:name"] = frame[column].map(lambda code: _name(report, coded, code))
            headers.append(name)
            columns[f"{column}:code"] = frame[column]
            headers.append(f"{name}: {words['xlsx.col.code'].lower()}" if report.params.language == "en"
                           else f"{name} ({words['xlsx.col.code'].lower()})")
        elif unit_of(str(column)) == "proportion" and not _of_a_change(frame, str(column)):
            columns[f"{column}:percent"] = frame[column].map(_percent)
            headers.append(words["xlsx.col.percent_of"].format(name=name))
            columns[column] = frame[column]
            headers.append(f"{words['xlsx.col.exact'].format(name=name)}\n({words['unit.proportion']})")
        else:
            columns[column] = frame[column]
            unit = "difference" if _of_a_change(frame, str(column)) else unit_of(str(column))
            headers.append(f"{name}\n({words['unit.' + unit]})" if unit else name)
    return headers, pd.DataFrame(columns, index=frame.index)


def header(report, column: str, words: dict) -> str:
    """Return the header of `column` in the report's language (the code when none is known)."""
    t = report.writer.t
    if f"xlsx.col.{column}" in words:
        return words[f"xlsx.col.{column}"]
    if t.has(f"col.{column}"):
        return t.plain(f"col.{column}", threshold=t.number(report.params.age_threshold), year=census_year(report))
    match = LIMIT.fullmatch(column)
    if match is None:
        return column
    base, plain, level, adjusted = match.groups()
    name = words[f"xlsx.col.{base}"]
    if level:
        name = words["xlsx.col.level"].format(name=name, level=t.number(float(level), 1 if "." in level else 0))
    if plain:
        name = words["xlsx.col.plain"].format(name=name)
    return words[f"xlsx.col.{adjusted}"].format(name=name) if adjusted else name


def _of_a_change(frame: pd.DataFrame, column: str) -> bool:
    """True for the limits of a change's interval (a table of changes): percentage points."""
    return column in ("low", "high") and "change" in frame.columns and "share" not in frame.columns


def census_year(report) -> str:
    """The year of the population table the representation ratios are taken against."""
    population = report.data.data.population
    return report.data.source_year(population["variable"].iloc[0]) if not population.empty else ""


def coded_as(report, column: str) -> str | None:
    """Return the code list naming the values of `column`, or None when they are not codes."""
    if column in CODED:
        return CODED[column]
    return column if column in report.data.variables else None


def _name(report, variable: str, code):
    if not isinstance(code, str) or code.startswith("["):  # a mark ([c], [x], [z]) stays a mark
        return code
    try:
        return report.writer.t.scope_name(code) if variable == "scope" else report.writer.t.name(variable, code)
    except (KeyError, LookupError):
        return code


def _percent(value):
    """The proportion as the percentage printed (a number, rounded as printed), marks kept."""
    return round(float(value) * 100, PERCENT_DECIMALS) if isinstance(value, (int, float)) and not pd.isna(value) else value
