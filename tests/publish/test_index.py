"""The index (issue 28): reports by cycle, each cycle's nation first and then its regions in the
Bureau of National Statistics' order (not in code order); every region's reports of every
cycle together, one tap from the list of regions at the top (a region's letter and numeric
codes, KZ-PAV in 2013 and KZ-55 later, are one region); a filter box that works offline, and a
page that is the plain lists without JavaScript."""

from __future__ import annotations

import json
import re
import tempfile

import lxml.html
import pytest

from conftest import DATA

LANGUAGES = ("kk", "ru", "en")
#: The Bureau's order of the regions (oblasts in the Kazakh alphabetical order, then the cities).
BUREAU = ["Abai", "Akmola", "Aktobe", "Almaty Region", "Atyrau", "West Kazakhstan", "Zhambyl", "Zhetisu",
          "Karaganda", "Kostanay", "Kyzylorda", "Mangystau", "Pavlodar", "North Kazakhstan", "Turkistan",
          "Ulytau", "East Kazakhstan", "Astana", "Almaty", "Shymkent"]
#: Cycle -> scopes published in it (codes as the data has them in that cycle).
PUBLISHED = {"2013": ["national", "KZ-VOS", "KZ-PAV", "KZ-AKM", "KZ-ZAP"],
             "2023-district": ["national", "KZ-63", "KZ-55", "KZ-10", "KZ-11"]}


@pytest.fixture(scope="module")
def data():
    from akimstat.data.dataset import load_dataset

    return load_dataset(DATA)


def test_the_code_list_orders_the_regions_as_the_bureau_does(data):
    from akimstat.publish.plan import scope_order

    regions = data.codes.regions
    current = regions[regions["valid_to"].isna() | (regions["valid_to"] == "")]
    by_place = sorted({(scope_order(data, code), regions.at[code, "name_en"]) for code in current.index})
    assert [name for _, name in by_place] == [name if name in ("Astana", "Almaty", "Shymkent") else
                                              f"{name.removesuffix(' Region')} Region" for name in BUREAU]
    assert scope_order(data, "national") == 0
    assert scope_order(data, "KZ-PAV") == scope_order(data, "KZ-55")  # one region, two codes


def test_a_job_carries_its_place_into_render_json(data):
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs

    jobs = plan_jobs(ReportParameters(data_dir=str(DATA)), data, ["national", "KZ-PAV"], ["en"])
    assert [job.scope_order for job in jobs] == [0, 14]


def write_output(folder, data):
    """Render records (render.json) as the renders write them, for the reports `PUBLISHED` lists."""
    from akimstat.labels import Labels
    from akimstat.publish.plan import scope_order

    for cycle, scopes in PUBLISHED.items():
        for scope in scopes:
            for lang in LANGUAGES:
                t = Labels(lang, data.codes)
                report = folder / cycle / scope / lang
                report.mkdir(parents=True)
                (report / "report.html").write_text("<p>report</p>", encoding="utf-8")
                record = {"key": "k", "title": t.title(scope, cycle), "language": lang,
                          "scope_name": t.scope_name(scope), "cycle_name": t.name("cycle", cycle),
                          "scope_order": scope_order(data, scope), "files": ["report.html", "report.pdf"]}
                (report / "render.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    from akimstat.publish.index import write_index

    write_index(folder)
    return folder / "index.html"


@pytest.fixture(scope="module")
def index(tmp_path_factory, data):
    return write_output(tmp_path_factory.mktemp("index"), data)


def tree(index):
    return lxml.html.fromstring(index.read_text(encoding="utf-8"))


def english_names(items) -> list[str]:
    return [" ".join(item.xpath(".//h3/span[@lang='en']")[0].text_content().split()) for item in items]


def test_each_cycle_lists_the_nation_then_its_regions_in_the_bureaus_order(index):
    cycles = tree(index).xpath("//section[@class='cycle'][not(@aria-labelledby='by-region')]")
    assert len(cycles) == 2
    assert english_names(cycles[0].xpath(".//li[@class='scope']")) == [
        "Republic of Kazakhstan", "Akmola Region", "West Kazakhstan Region", "Pavlodar Region", "East Kazakhstan Region"]
    assert english_names(cycles[1].xpath(".//li[@class='scope']")) == [
        "Republic of Kazakhstan", "Abai Region", "Akmola Region", "Pavlodar Region", "East Kazakhstan Region"]


def test_a_regions_reports_of_every_cycle_are_one_tap_from_the_top(index):
    page = tree(index)
    top = page.xpath("//nav[@aria-labelledby='regions-nav']//a")
    names = [" ".join(a.xpath("./span[@lang='en']")[0].text_content().split()) for a in top]
    assert names == ["Republic of Kazakhstan", "Abai Region", "Akmola Region", "West Kazakhstan Region",
                     "Pavlodar Region", "East Kazakhstan Region"]
    pavlodar = top[names.index("Pavlodar Region")].get("href")
    region = page.xpath(f"//*[@id='{pavlodar[1:]}']")[0]
    links = {a.get("href") for a in region.iter("a")}
    assert {f"{c}/{s}/{lang}/report.html" for c, s in (("2013", "KZ-PAV"), ("2023-district", "KZ-55")) for lang in LANGUAGES} <= links
    assert all("PAV" in href or "55" in href for href in links)
    assert "KZ-PAV, KZ-55" in region.xpath(".//span[@class='code']")[0].text


def test_without_javascript_the_page_is_the_plain_lists(index):
    page = tree(index)
    assert page.xpath("//form[@class='filter']")[0].get("hidden") is not None  # the box only where scripts run
    assert not page.xpath("//li[@hidden] | //section[@hidden]")
    scripts = page.xpath("//script")
    assert len(scripts) == 1 and not scripts[0].get("src") and not re.search(r"https?:|fetch|XMLHttp", scripts[0].text)


@pytest.mark.render
def test_the_filter_box_narrows_the_lists_offline(index):
    from playwright.sync_api import sync_playwright

    from akimstat.publish.export import CHROMIUM_ARGS
    from akimstat.publish.tools import chromium_path

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True, offline=True)
        page = context.new_page()
        page.goto(index.as_uri())
        visible = "() => [...document.querySelectorAll('li.scope')].filter(li => li.offsetParent).map(li => li.querySelector('h3 span[lang=en]').textContent)"
        assert len(page.evaluate(visible)) == 16 and page.is_visible("#filter")
        page.fill("#filter", "павлодар")
        assert page.evaluate(visible) == ["Pavlodar Region"] * 3  # in 2013, in 2023, and across cycles
        page.fill("#filter", "2023")  # a cycle: its reports, and the regions that have one then
        shown = page.evaluate(visible)
        assert "West Kazakhstan Region" not in shown and "Abai Region" in shown
        page.fill("#filter", "")
        assert len(page.evaluate(visible)) == 16
        context.close()
