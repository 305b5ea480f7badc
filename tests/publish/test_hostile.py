"""Hostile text: every text field that comes from data or parameters, tried with HTML, script
and template payloads, is escaped in HTML and printed as plain text in the PDF.

Text from data: region and category names and cycle names in ``data/codes/*.csv`` (every
language column), district codes in the records, source titles and publishers in
``data/published/sources.csv``. Text from parameters: the data folder's path (the one string
parameter that is free text; the others must name a cycle, region or language of the data,
and the rest are numbers), and every string parameter when papermill writes it into a
notebook. Each field gets its own payload, tagged so that it can be found again.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DATA
from fixtures.hostile.shared import once

TEMPLATES = [
    "<script>alert('{t}')</script>",
    "\"><img src=x onerror=alert('{t}')>",
    "{{{{7*7}}}}{{% raw %}}{t}",
    "</style><script>alert('{t}')</script>",
    "]]><svg onload=alert('{t}')>",
    "<a href=\"javascript:alert('{t}')\">{t}</a>",
    "' onmouseover='alert(\"{t}\")' x='",
    "<!--{t}--><iframe srcdoc='<script>{t}</script>'>",
]
#: The data folder's name: the data_dir parameter, in the notebook, render.json and the data
#: package (the page no longer prints it, issue 29); wherever a page shows it, it is text.
FOLDER = "data \"><img src=x onerror=alert('XdirX')>{{7*7}}"
#: How the provenance table prints it: as every parameter, the Python repr of the value.
FOLDER_SHOWN = repr(FOLDER)[1:-1]
TAG = re.compile(r"\bX[a-z0-9]+X\b")


def payload(n: int, tag: str) -> str:
    return TEMPLATES[n % len(TEMPLATES)].format(t=f"X{tag}X")


def rewrite(path: Path, change) -> dict[str, str]:
    """Apply `change(row) -> {column: payload}` to every row of a CSV file; return tag -> payload."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields, made = list(rows[0]), {}
    for row in rows:
        for column, text in change(row).items():
            row[column] = text
            made[TAG.search(text).group()] = text
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return made


def hostile_data(root: Path) -> dict[str, str]:
    """Copy data/ to `root` with a payload in every text field; return tag -> payload."""
    shutil.copytree(DATA, root)
    made, counter = {}, iter(range(10_000))

    def names(prefix):
        return lambda row: {f"name_{lang}": payload(next(counter), f"{prefix}{key(row)}{lang}")
                            for lang in ("kk", "ru", "en")}

    def key(row):
        code = row.get("variable", "")[:3] + (row.get("code") or row.get("cycle") or "")
        return re.sub(r"[^a-z0-9]", "", code.lower())

    made |= rewrite(root / "codes/regions.csv", names("r"))
    made |= rewrite(root / "codes/categories.csv", names("c"))
    made |= rewrite(root / "codes/cycles.csv", names("y"))
    def source(row):  # the same payload in a source's title or publisher and their translations
        ident = re.sub(r"[^a-z0-9]", "", row["id"])
        title, publisher = payload(next(counter), f"s{ident}"), payload(next(counter), f"p{ident}")
        return {"title": title, "publisher": publisher,
                **{f"{field}_{lang}": text for field, text in (("title", title), ("publisher", publisher))
                   for lang in ("kk", "ru", "en") if f"{field}_{lang}" in row}}

    made |= rewrite(root / "published/sources.csv", source)
    districts = {}

    def district(row):
        code = districts.setdefault(row["district"], len(districts))
        return {"district": payload(code, f"d{code}")}

    for name in ("records-2013.csv", "records-pre-2013.csv"):
        made |= rewrite(root / "synthetic" / name, district)
    return made


class Markup(HTMLParser):
    """Collects what a browser would run (scripts, on* handlers, javascript: URLs) and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.executable, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "base"):
            self.executable.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.executable.append(f"{tag} {name}")
            if value and re.match(r"\s*(javascript|vbscript):", value, re.I):
                self.executable.append(f"{tag} {name}={value}")

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Reports rendered from hostile data: national (en), Pavlodar (kk, ru); HTML and PDF."""
    base = once(tmp_path_factory, "hostile", render_hostile)
    return base / "out", json.loads((base / "made.json").read_text(encoding="utf-8"))


def render_hostile(base):
    from akimstat.data.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs
    from akimstat.publish.render import render_reports

    data_dir = base / FOLDER
    made = hostile_data(data_dir)
    (base / "made.json").write_text(json.dumps(made), encoding="utf-8")
    data = load_dataset(data_dir)
    params = ReportParameters(data_dir=str(data_dir))
    jobs = plan_jobs(params, data, ["national"], ["en"]) + plan_jobs(params, data, ["KZ-PAV"], ["kk", "ru"])
    out = base / "out"
    render_reports(jobs, out, workers=1, progress=False)


REPORTS = ["2013/national/en", "2013/KZ-PAV/kk", "2013/KZ-PAV/ru"]
#: Tags that must be shown (literally) in each report: its region, cycles, districts, sources.
MUST_SHOW = {
    "2013/national/en": ["XrkzpavenX", "XrkzakmenX", "Xy2013enX", "Xypre2013enX", "XsarticleX", "XparticleX",
                         "XsmgorodX", "XcpropedagogueenX", "XcethkazakhenX"],
    "2013/KZ-PAV/kk": ["XrkzpavkkX", "Xy2013kkX", "XcpropedagoguekkX"],
    "2013/KZ-PAV/ru": ["XrkzpavruX", "Xy2013ruX", "XcpropedagogueruX"],
}


@pytest.mark.render
@pytest.mark.parametrize("report", REPORTS)
def test_html_has_no_executable_markup_and_shows_payloads_as_text(hostile, report):
    out, made = hostile
    made = {**made, "XdirX": FOLDER_SHOWN}
    page = parsed((out / report / "report.html").read_text(encoding="utf-8"))
    assert page.executable == []
    text = "".join(page.text)
    shown = set(TAG.findall(text)) & set(made)
    assert set(MUST_SHOW[report]) <= shown
    if "KZ-PAV" in report:
        assert {t for t in shown if t.startswith("Xd")}, "district codes are shown"
    for tag in shown:
        assert made[tag] in text or squeezed(made[tag]) in squeezed(text), tag


@pytest.mark.render
@pytest.mark.parametrize("report", REPORTS)
def test_pdf_shows_payloads_as_plain_text(hostile, report):
    out, made = hostile
    made = {**made, "XdirX": FOLDER_SHOWN}
    pdf = out / report / "report.pdf"
    text = squeezed(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    html = "".join(parsed((out / report / "report.html").read_text(encoding="utf-8")).text)
    for tag in MUST_SHOW[report]:
        assert squeezed(made[tag]) in text, tag
    missing = [tag for tag in set(TAG.findall(html)) & set(made) if tag not in text]
    assert not missing  # everything the page shows reaches the PDF as text


@pytest.mark.render
def test_index_and_csv_keep_payloads_inert(hostile):
    out, made = hostile
    page = (out / "index.html").read_text(encoding="utf-8")
    index = parsed(page)
    # The index's own filter (templates/index.html.j2: one form, one fixed script holding no
    # data) is all a browser would run; every payload is text.
    assert index.executable == ["form onsubmit", "script"]
    template = (Path(__file__).resolve().parents[2] / "templates/index.html.j2").read_text(encoding="utf-8")
    script = re.search(r"<script>.*?</script>", template, re.S).group(0)
    assert "{" + "{" not in script and re.findall(r"<script>.*?</script>", page, re.S) == [script]
    assert any(made["XrkzpavkkX"] in t for t in index.text)  # the title, as text
    tables = (out / "2013/KZ-PAV/kk/tables/districts.csv").read_text(encoding="utf-8")
    with open(out / "2013/KZ-PAV/kk/tables/districts.csv", encoding="utf-8", newline="") as f:
        read_back = {row["district"] for row in csv.DictReader(f)}
    assert read_back and all(TAG.search(d) for d in read_back) and "<script>" in tables


# -- parameters -------------------------------------------------------------------------------
HOSTILE_STRINGS = [
    "'; import os; os.system('touch /tmp/akimstat-pwned') #",
    '"""\nimport os\n"""',
    "'''\nraise SystemExit\n'''",
    "\\'; raise SystemExit #",
    "x\n__import__('os').system('id')",
    "{{7*7}} <script>alert(1)</script> ]]> </style>",
    "\x00\u202e\ufeff",
]


def test_parameters_are_written_as_literals():
    """papermill writes each hostile string parameter as a literal assignment, nothing more."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from akimstat.params import ReportParameters
    from akimstat.publish.plan import NOTEBOOK

    names = [k for k, v in ReportParameters().as_dict().items() if isinstance(v, (str, list))]
    for text in HOSTILE_STRINGS:
        values = {k: [text, "ethnicity"] if k == "sensitive_variables" else text for k in names}
        nb = parameterize_notebook(load_notebook_node(str(NOTEBOOK)), values)
        cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        tree = ast.parse(cell.source)
        assert all(isinstance(node, ast.Assign) for node in tree.body), cell.source
        assigned = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}
        assert assigned == values


def test_command_line_parameter_values_stay_text(tmp_path):
    """``-p NAME=VALUE`` is read as YAML data, never as code or a YAML tag that builds objects."""
    import click

    from akimstat.cli.options import _assignments

    got = _assignments(None, None, ["data_dir=!!python/object/apply:os.system ['id']",
                                    "cycle=<script>alert(1)</script>"])
    assert got == {"data_dir": "!!python/object/apply:os.system ['id']", "cycle": "<script>alert(1)</script>"}
    with pytest.raises(click.BadParameter):
        _assignments(None, None, ["no-equals-sign"])


def test_hostile_scope_and_language_are_refused_before_rendering():
    from akimstat.data.dataset import load_dataset
    from akimstat.errors import ParameterError
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs

    data = load_dataset(DATA)
    with pytest.raises(ParameterError, match="not national, a region code or a region's name"):
        plan_jobs(ReportParameters(), data, ["../../<script>"], ["en"])
    with pytest.raises(ParameterError):
        ReportParameters(language="<script>alert(1)</script>")
    with pytest.raises(ParameterError):
        plan_jobs(ReportParameters(), data, ["national"], ["en'); alert(1)"])
