"""What changed between two releases: every published figure of two output folders compared by
its key, as the revisions note a statistics office publishes with a release.

A figure is the row of a report's ``figures.csv``, named by (cycle, scope, language, key): the
key is the same in every release. Why a report's figures changed is read from its data package:
the data fingerprint, the parameters and the code version that made it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from akimstat.errors import AkimstatError
from akimstat.safe import inert

KEY = ["cycle", "scope", "language", "key"]
CAUSES = {"data": "akimstat:data_sha256", "parameters": "akimstat:parameters", "code": "akimstat:code"}
COLUMNS = [*KEY, "status", "old_value", "new_value", "difference", "old_text", "new_text", "unit", "why"]


def figures_of(output: Path) -> pd.DataFrame:
    """Return every figure published in `output` (``<cycle>/<scope>/<lang>/figures.csv``), with
    the report's language and the record of what made it (one column per cause)."""
    frames = []
    for path in sorted(Path(output).glob("*/*/*/figures.csv")):
        if path.parts[-4].startswith((".", "_")):  # temporary and failed reports are not published
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["language"] = path.parent.name
        for cause, field in record_of(path.parent).items():
            frame[cause] = field
        frames.append(frame)
    if not frames:
        raise AkimstatError(f"{output}: no report (no <cycle>/<scope>/<lang>/figures.csv)")
    return pd.concat(frames, ignore_index=True)


def record_of(folder: Path) -> dict[str, str]:
    """Return the data fingerprint, parameters and code of the report in `folder`, each as text
    ('' when the report has no data package)."""
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {cause: json.dumps(package.get(field, ""), sort_keys=True, ensure_ascii=False)
            for cause, field in CAUSES.items()}


def revisions(old: Path, new: Path) -> pd.DataFrame:
    """Return the figures that differ between the releases `old` and `new`: changed (value or
    text), added or removed, with the difference and why (what changed in the reports' records)."""
    both = figures_of(old).merge(figures_of(new), on=KEY, how="outer", suffixes=("_old", "_new"),
                                 indicator=True)
    status = both["_merge"].map({"left_only": "removed", "right_only": "added", "both": "changed"})
    same = (both["value_old"] == both["value_new"]) & (both["text_old"] == both["text_new"])
    both = both.assign(status=status)[~((status == "changed") & same)].reset_index(drop=True)
    table = pd.DataFrame({
        **{k: both[k] for k in KEY}, "status": both["status"],
        "old_value": both["value_old"], "new_value": both["value_new"],
        "difference": (pd.to_numeric(both["value_new"], errors="coerce")
                       - pd.to_numeric(both["value_old"], errors="coerce")).round(10),  # no float noise
        "old_text": both["text_old"], "new_text": both["text_new"],
        "unit": both["unit_new"].fillna(both["unit_old"]),
        "why": [why(row) for _, row in both.iterrows()]}, columns=COLUMNS)
    return table.sort_values(KEY, kind="stable").reset_index(drop=True)


def why(row) -> str:
    """Return what changed in the record of the figure's report ('data; code'), or '' if nothing
    recorded did (a figure added or removed says so by its status)."""
    if row["_merge"] != "both":
        return ""
    return "; ".join(cause for cause in CAUSES if row[f"{cause}_old"] != row[f"{cause}_new"])


def write_revisions(table: pd.DataFrame, folder: Path, lang: str) -> list[Path]:
    """Write `table` as ``revisions.csv`` (codes, text made inert) and ``revisions.html`` (in
    `lang`) in `folder`."""
    import jinja2

    from akimstat.labels import publish_words
    from akimstat.files import replace_file

    csv = folder / "revisions.csv"
    replace_file(csv, inert(table).to_csv(index=False, lineterminator="\n").encode("utf-8"))
    w = publish_words(lang)
    shown = table.assign(status=table["status"].map(lambda s: w[f"revisions.{s}"]),
                         why=table["why"].map(lambda why: ", ".join(w[f"revisions.why.{c}"] for c in why.split("; ") if c)))
    page = jinja2.Environment(autoescape=True).from_string(PAGE).render(
        w=w, lang=lang, columns=[w[f"revisions.col.{c}"] for c in COLUMNS],
        rows=shown.astype(object).where(shown.notna(), "").values.tolist())
    html = folder / "revisions.html"
    replace_file(html, page.encode("utf-8"))
    return [csv, html]


PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{ w['revisions.title'] }}</title>
<style>body{font-family:"DejaVu Sans",sans-serif;margin:1.5rem}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.2em .5em;text-align:left}.wrap{overflow-x:auto}</style>
</head><body><main><h1>{{ w['revisions.title'] }}</h1>
<p>{{ w['revisions.intro'] }}</p>
{% if rows %}<div class="wrap"><table><thead><tr>{% for c in columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody></table></div>
{% else %}<p>{{ w['revisions.none'] }}</p>{% endif %}
</main></body></html>
"""
