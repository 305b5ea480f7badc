"""Sections driven by the report spec (issue 12): the faults found in the old report layer, each
checked here, and the section API an analyst uses in JupyterLab."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from akimstat.report import sections
from akimstat.data.dataset import load_dataset
from akimstat.errors import ParameterError
from akimstat.params import ReportParameters
from akimstat.report import Report
from akimstat.report.scope import scope_data
from akimstat.report.spec import checked_spec, report_spec

from conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def without_baseline_records(tmp_path_factory):
    """data/ without the records of the corps before 2013: its baseline is published only."""
    root = tmp_path_factory.mktemp("no-base") / "data"
    shutil.copytree(DATA, root)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if "pre-2013" not in r["path"]]
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return load_dataset(root)


# -- the age threshold and its baseline ----------------------------------------------------------
def test_baseline_under_another_threshold_comes_from_records(data):
    """-p age_threshold=50: the baseline is the records' share under 50, not the published
    share under 55 (74.5%) printed as 'under 50'."""
    report = Report(ReportParameters(age_threshold=50), data)
    base = report.results["age"]["under.base.share"]
    records = report.data.records_base
    assert base.value == pytest.approx((records["age"] < 50).mean())
    assert base.value != pytest.approx(0.745, abs=0.001)
    assert "records" in base.rests_on and "published" not in base.rests_on


def test_baseline_under_the_published_threshold_is_the_published_share(without_baseline_records):
    report = Report(ReportParameters(), without_baseline_records)
    base = report.results["age"]["under.base.share"]
    assert round(base.value, 3) == 0.745 and base.rests_on == "published: article"
    # A share alone is a reference share: a one-sample test, no count made up (issue 15)
    assert "under.base.count" not in report.results["age"].values
    assert 0 <= report.results["age"]["under.change.pvalue"].value <= 1
    assert "one-sample test" in report.section("age").html()


def test_no_baseline_for_another_threshold_says_why(without_baseline_records):
    report = Report(ReportParameters(age_threshold=50, language="en"), without_baseline_records)
    assert "under.base.share" not in report.results["age"].values
    assert "no share under 50 is published" in report.section("age").html()


# -- sensitive variables -------------------------------------------------------------------------
SENSITIVE = {"sensitive_variables": ["ethnicity", "sex"], "suppression_threshold": 20}


def small_women_regions(data) -> list[str]:
    counts = data.records[(data.records["cycle"] == "2013") & (data.records["sex"] == "female")]
    return sorted(counts["region"].value_counts().loc[lambda c: c < 20].index)


def test_a_sensitive_variable_is_suppressed_in_every_section_that_shows_it(data):
    """sex listed as sensitive: a region's count of women below the threshold shows nowhere:
    not in its own report (figures, tables, HTML), nor in the national funnel table."""
    small = small_women_regions(data)
    assert small, "the test needs a region with fewer than 20 women"
    region = Report(ReportParameters(scope=small[0], **SENSITIVE), data)
    women = int(((region.data.records["sex"] == "female")).sum())
    assert "women.count" not in region.figures and "women.share" not in region.figures
    assert "suppressed" in region.section("women").html()
    districts = region.tables()["districts"]
    shown = districts["women"].dropna()
    assert (shown.eq(0) | shown.ge(20)).all()  # a zero tells no one's sex
    assert f">{women}<" not in region.section("headline").html()
    nation = Report(ReportParameters(**SENSITIVE), data)
    tables = nation.tables()
    shown = {*tables.get("women_by_region", {"region": []})["region"],
             *tables.get("women_change_by_region", {"region": []})["region"]}
    assert not set(small) & shown
    assert not any(key.startswith(f"region.{code}.women") for key in nation.figures for code in small)


def test_a_sensitive_profession_table_hides_small_cells(data):
    report = Report(ReportParameters(scope="KZ-MAN", sensitive_variables=["profession"]), data)
    table = report.tables()["profession"]
    assert table["suppressed"].any()
    assert table.loc[table["suppressed"], ["count", "share", "low", "high"]].isna().all().all()
    assert table["count"].dropna().ge(5).all()
    assert "profession.test.pvalue" not in report.figures  # a test over hidden cells is not shown


# -- methods, variables, saving --------------------------------------------------------------------
@pytest.mark.parametrize("lang, now, before", [
    ("en", ["99% confidence interval", "99% Wilson", "under 50 with", "1–2 people"],
     ["95% confidence interval", "95% Wilson", "under 55 with", "1–4"]),
    ("ru", ["99-процентный доверительный интервал", "99-процентным", "порогового возраста (50) с", "с числом 1–2"],
     ["95-процентн", "возраста (55)", "1–4"]),
    ("kk", ["99 пайыздық сенімділік аралығы", "Әр үлес 99 пайыздық", "50 жасқа дейінгілердің", "1–2 адамнан"],
     ["95 пайыздық", "55 жасқа дейінгілердің", "1–4"])])
def test_methods_follow_the_parameters(data, lang, now, before):
    """The level of intervals, the age threshold and the suppressed counts follow alpha,
    age_threshold and suppression_threshold (the funnel's fixed 95% and 99.8% limits stay)."""
    params = ReportParameters(alpha=0.01, age_threshold=50, suppression_threshold=3, language=lang)
    html = Report(params, data).section("methods").html()
    assert all(word in html for word in now), [w for w in now if w not in html]
    assert not [word for word in before if word in html]


def test_unknown_variable_is_refused_naming_the_variables(data):
    nation = scope_data(data, ReportParameters())
    with pytest.raises(ParameterError, match="no variable 'professionn'.*profession, unit_type"):
        nation.distribution("professionn")
    with pytest.raises(ParameterError, match="no variable 'professionn'"):
        sections.compute(nation, {"section": "distribution", "variable": "professionn"})
    spec = {**report_spec(), "region": [{"section": "distribution", "variable": "professionn"}]}
    with pytest.raises(ParameterError, match="region, section 1: no variable 'professionn'"):
        checked_spec(spec, variables=nation.variables)  # at report time, against the data's code lists
    with pytest.raises(ParameterError, match="unknown argument.*colour"):
        checked_spec({**report_spec(), "national": [{"section": "age", "colour": "red"}]})


def test_save_writes_only_where_told(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = Report(ReportParameters(scope="KZ-PAV"), data)
    assert report.save("") == [] and not list(tmp_path.iterdir())
    written = report.save(tmp_path / "out")
    assert {p.name for p in written} >= {"figures.csv", "profession.csv", "districts.csv"}
    assert all(p.is_relative_to(tmp_path / "out") for p in written)


def test_section_api_for_analysts(data):
    report = Report(ReportParameters(language="ru"), data)
    women = report["women"]
    assert women.frames["women_by_region"].shape[0] == 14
    assert women.values["women.share"].unit == "share"
    assert women.values["women.share"].rests_on == "synthetic records"
    assert women.charts and women.charts[0].figure.axes  # a matplotlib Figure until exported
    assert "<svg" in women._repr_html_() and 'id="women"' in women._repr_html_()
    assert "<table" in report.results["profession"]._repr_html_()
    with pytest.raises(ParameterError, match="its sections are title, headline"):
        report["gender"]


def test_education_and_unit_type_are_in_every_report(data):
    for scope in ("national", "KZ-KAR"):
        report = Report(ReportParameters(scope=scope), data)
        assert {"education", "unit_type"} <= set(report.views)
        assert report.figures["education.higher.share"].value == 1.0
    karaganda = Report(ReportParameters(scope="KZ-KAR"), data)  # the press gives its unit types
    assert karaganda.figures["published.unit_type.settlement.count"].value == 35
    nation = Report(ReportParameters(), data)  # posts by type: 2,101 rural okrugs, 3 tied
    assert nation.figures["published.posts.unit_type.rural_okrug.count"].value == 2101
    assert nation.figures["unit_type.rural_okrug.count"].value == 2098


def test_charts_never_change_the_users_matplotlib_or_seaborn():
    code = """
import matplotlib
matplotlib.use("pdf")
import matplotlib.pyplot as plt, seaborn as sns
sns.set_theme(style="darkgrid", context="talk")
before = dict(matplotlib.rcParams)
from akimstat.params import ReportParameters
from akimstat.report import Report
Report(ReportParameters(scope="KZ-PAV"))._repr_html_()
after = dict(matplotlib.rcParams)
changed = sorted(k for k in before if str(before[k]) != str(after[k]))
assert matplotlib.get_backend() == "pdf", matplotlib.get_backend()
assert not changed, changed
assert plt.get_fignums() == []
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


def test_frames_are_publishable(data):
    """Every table a report writes holds no record or person id and no district outside a
    regional report's district table."""
    report = Report(ReportParameters(scope="KZ-PAV"), data)
    for name, frame in report.tables().items():
        text = frame.to_csv()
        assert "R13-" not in text and "P0" not in text, name
        assert name == "districts" or "KZ-PAV-D" not in text, name
    assert isinstance(report.figures_frame(), pd.DataFrame)


# -- an analyst's own cells ---------------------------------------------------------------------
ANALYST_CELLS = [
    ("markdown", "## A note of my own\n\nThe districts of Pavlodar, as I see them."),
    ("code", "import pandas as pd\npd.DataFrame({'district': ['D1', 'D2'], 'akims': [11, 13]})"),
    ("code", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.bar(['D1', 'D2'], [11, 13])\n"
             "ax.set_title('Akims per district, my chart')"),
    ("code", "report['women'].frames['women_change_by_region'] if 'women_change_by_region' in "
             "report['women'].frames else report['women'].values['women.share']"),
]


@pytest.mark.render
def test_an_analysts_own_cells_render_with_the_report(tmp_path):
    """`akimstat render --notebook`: markdown, a DataFrame and a matplotlib chart an analyst adds
    reach the HTML (and so the PDF), after the report's sections."""
    import nbformat
    from click.testing import CliRunner

    from akimstat.cli import main

    nb = nbformat.read(ROOT / "reports/report.ipynb", as_version=4)
    for kind, source in ANALYST_CELLS:
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        nb.cells.insert(-1, cell)
    mine = tmp_path / "mine.ipynb"
    nbformat.write(nb, mine)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "--notebook", str(mine), "--scope", "KZ-PAV", "--lang", "en",
                                       "--cycle", "2013", "--baseline", "pre-2013",
                                       "--format", "html", "--format", "pdf", "--workers", "1", "--quiet",
                                       "--output", str(out), "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    html = (out / "2013/KZ-PAV/en/report.html").read_text(encoding="utf-8")
    assert "A note of my own" in html and html.index('id="provenance"') < html.index("A note of my own")
    assert "<td>D2</td>" in html or ">D2</td>" in html or ">D2<" in html
    assert 'src="data:image/png;base64,' in html  # the matplotlib chart, inline
    pdf = subprocess.run(["pdftotext", str(out / "2013/KZ-PAV/en/report.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "A note of my own" in pdf
    assert (out / "2013/KZ-PAV/en/figures.csv").is_file()


def test_the_notebooks_parameters_cell_lists_every_parameter_with_its_default():
    """papermill drops a parameter the notebook does not declare only with a warning, so the
    parameters cell must name every field of ReportParameters, with the same default."""
    import papermill

    declared = papermill.inspect_notebook(str(ROOT / "reports/report.ipynb"))
    defaults = ReportParameters().as_dict()
    assert set(declared) == set(defaults)
    assert {name: ast.literal_eval(p["default"]) for name, p in declared.items()} == defaults


def test_widened_funnel_limits_show_the_plain_flag_beside_the_widened_one(data):
    """When regions vary more than chance allows, the limits are widened: the table shows each
    region against both the plain and the widened 95% limits (issue 15)."""
    import dataclasses

    records = data.records.copy()
    women = (records["cycle"] == "2013") & records["region"].isin(["KZ-PAV", "KZ-AKM"])
    records.loc[women, "sex"] = "female"  # two regions far above the rest
    spread = dataclasses.replace(data, records=records)
    made = Report(ReportParameters(data_dir=str(DATA)), spread)
    result = made.results["women"]
    comparison, _ = result.facts["funnel"]
    assert comparison.adjustment != "none"
    html = made.section("women").html()
    assert "Against the 95% limits without widening" in html
    table = comparison.table
    assert (table["flag_plain_95"] != table["flag_95"]).any()  # the two flags do differ somewhere


def test_the_census_is_compared_descriptively_not_tested(data):
    """The 2009 census counts the whole population (children and city dwellers too): no sample
    the corps was drawn from, so a goodness-of-fit test of the corps against it (χ² = 661,
    p ≈ 1e-138) tests nothing meaningful. The ratios stay, with their reference population."""
    made = Report(ReportParameters(data_dir=str(DATA)), data)
    assert not [key for key in made.results["ethnicity"].values if "census_test" in key]
    html = made.section("ethnicity").html()
    assert "χ²" not in html.split("representation")[-1] and "population in the 2009 census" not in html
    assert "whole 2009 population" in html
