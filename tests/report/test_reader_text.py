"""The reader's text of a kk or ru report holds no tool material (issue 29): no parameter
names (`language`, `data_dir`), temporary folders (`.tmp-`), file names (`.md`, `.csv`,
`ipynb`), code names (`ethnicity`, `women_by_region`), English sheet names, and no line giving
the software as the source of the data. The parameters are said in words in "How this report
was made"; in full they stay in the notebook, render.json and the data package.

Read here: the page's visible text (the PDF is printed from it) and the workbook's sheet
names, its cover, contents and notes sheets, and the lines above each table. The tables'
own headers and cells still hold codes (`count`, `pedagogue`): not yet translated."""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import DATA

LANGUAGES = ["kk", "ru"]
#: What a reader must not meet: parameter names, folders, files, codes, software as a source.
TOOL_WORDS = ["language", "data_dir", "sensitive_variables", "age_threshold", ".tmp-", ".md", ".csv",
              "ipynb", "ethnicity", "women_by_region", "reconciliation", "published_check", "note 1",
              "Источник: akimstat", "Дереккөзі: akimstat", "Source: akimstat"]
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәІіҢңҒғҮүҰұҚқӨөҺһ]")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The 2013 national report in kk and ru (HTML and the files beside it), rendered once."""
    from akimstat.data.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs
    from akimstat.publish.render import render_reports

    out = tmp_path_factory.mktemp("reader")
    params = ReportParameters(cycle="2013", baseline="pre-2013", data_dir=str(DATA))
    render_reports(plan_jobs(params, load_dataset(DATA), ["national"], LANGUAGES), out, formats=("html",),
                   workers=1, progress=False)
    return {lang: out / "2013/national" / lang for lang in LANGUAGES}


def visible_text(page: str) -> str:
    """The words of an HTML page a reader sees: no head, scripts or styles, no tags."""
    body = re.sub(r"(?s)<head>.*?</head>|<script.*?</script>|<style.*?</style>", "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def workbook_text(path) -> tuple[list[str], str]:
    """The sheet names of a workbook, and the text of its cover, contents and notes sheets and
    of the lines above each table."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for number, sheet in enumerate(book.worksheets):
        top = min((int(re.sub(r"\D", "", t.ref.split(":")[0])) for t in sheet.tables.values()), default=1)
        rows = sheet.iter_rows(values_only=True) if number < 3 else sheet.iter_rows(max_row=top - 1, values_only=True)
        lines += [str(c) for row in rows for c in row if c is not None]
    return book.sheetnames, "\n".join(lines)


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_holds_no_tool_material(rendered, lang):
    text = visible_text((rendered[lang] / "report.html").read_text(encoding="utf-8"))
    assert not [w for w in TOOL_WORDS if w in text], [re.findall(rf".{{0,40}}{re.escape(w)}.{{0,20}}", text)[:2]
                                                      for w in TOOL_WORDS if w in text]


@pytest.mark.render
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_workbook_holds_no_tool_material(rendered, lang):
    names, text = workbook_text(rendered[lang] / "report.xlsx")
    assert all(CYRILLIC.search(name) for name in names), names
    assert not [w for w in TOOL_WORDS if w in text], [w for w in TOOL_WORDS if w in text]


@pytest.mark.render
@pytest.mark.parametrize("lang, words", [("kk", "Жас шегі – 55 жас"), ("ru", "Возрастной порог – 55 лет")], ids=LANGUAGES)
def test_the_parameters_are_said_in_words_and_kept_in_full(rendered, lang, words):
    """The age threshold in words in the page and on the workbook's cover; every parameter in
    the data package and render.json, for machines."""
    assert words in visible_text((rendered[lang] / "report.html").read_text(encoding="utf-8"))
    assert words in workbook_text(rendered[lang] / "report.xlsx")[1]
    package = json.loads((rendered[lang] / "datapackage.json").read_text(encoding="utf-8"))
    assert package["akimstat:parameters"]["age_threshold"] == 55
    assert package["akimstat:parameters"]["language"] == lang
    assert len(package["akimstat:data_files"]["codes/cycles.csv"]) == 64  # each file's SHA-256
    record = json.loads((rendered[lang] / "render.json").read_text(encoding="utf-8"))
    assert record["parameters"]["age_threshold"] == 55 and record["parameters"]["language"] == lang
