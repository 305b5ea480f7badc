"""The code lists are validated like the records (issue 31): a bad date, an unknown kind or
relation, a lineage code regions.csv does not list, a last day before the first, a resource in
a codec that is not a text encoding, a baseline later than its cycle: each is refused by
`validate` and `render` with the code list's file, row and column, in the user's language,
exit 1, no traceback, and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from fixtures.edits import line_edit

DATA = Path(__file__).resolve().parents[2] / "data"


def _replace(file: str, line: int, old: str, new: str):
    return line_edit("codes", file, line, old, new)


def _encoding(name: str):
    def change(root: Path) -> None:
        path = root / "datapackage.json"
        package = json.loads(path.read_text(encoding="utf-8"))
        package["resources"][0]["encoding"] = name
        path.write_text(json.dumps(package), encoding="utf-8")
    return change


# (id, the change, the file, row and column named, the words of the problem in English)
ATTACKS = [
    ("rules-date-month-99", _replace("cycles.csv", 3, "2013-04-24", "2013-99-99"), "cycles.csv", 3, "rules_date",
     "a date as YYYY-MM-DD"),
    ("cycle-date-day-99", _replace("cycles.csv", 3, "2013-08-05", "2013-08-99"), "cycles.csv", 3, "date",
     "a date as YYYY-MM-DD"),
    ("cycle-date-words", _replace("cycles.csv", 4, "2017-08-09", "9 August 2017"), "cycles.csv", 4, "date",
     "a date as YYYY-MM-DD"),
    ("region-valid-from", _replace("regions.csv", 2, "1997-05-03", "1997-13-03"), "regions.csv", 2, "valid_from",
     "a date as YYYY-MM-DD"),
    ("region-kind", _replace("regions.csv", 2, ",oblast,", ",province,"), "regions.csv", 2, "kind",
     "a kind of region: one of oblast, city"),
    ("region-ends-before-it-starts", _replace("regions.csv", 2, "1997-05-03,", "1997-05-03,1990-01-01"),
     "regions.csv", 2, "valid_to", "a date not before valid_from (1997-05-03)"),
    ("region-bns-order", _replace("regions.csv", 2, "in force in 2013,2", "in force in 2013,second"), "regions.csv", 2,
     "bns_order", "a whole number"),
    ("lineage-date", _replace("region_lineage.csv", 4, "2022-06-08", "2022-06-31"), "region_lineage.csv", 4, "date",
     "a date as YYYY-MM-DD"),
    ("lineage-unknown-code", _replace("region_lineage.csv", 2, "KZ-11", "KZ-ZZZ"), "region_lineage.csv", 2, "to_code",
     "a region code listed in"),
    ("lineage-malformed-code", _replace("region_lineage.csv", 2, "KZ-AKM", "Akmola"), "region_lineage.csv", 2,
     "from_code", "an ISO 3166-2:KZ code"),
    ("lineage-relation", _replace("region_lineage.csv", 4, "split", "merged"), "region_lineage.csv", 4, "relation",
     "a relation between codes: one of recoded, split"),
    ("encoding-undefined", _encoding("undefined"), "regions.csv", None, None, "a known text encoding"),
    ("encoding-unknown", _encoding("klingon-8"), "regions.csv", None, None, "a known text encoding"),
    ("encoding-rot13", _encoding("rot13"), "regions.csv", None, None, "a known text encoding"),
]


def _place(file: str, row, column) -> str:
    return f"{file}, row {row}, column '{column}'" if row else file


@pytest.mark.parametrize("name, change, file, row, column, words", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_a_bad_code_list_is_refused_by_validate_and_render(tmp_path, name, change, file, row, column, words):
    shutil.copytree(DATA, tmp_path / "data")
    change(tmp_path / "data")
    checked = CliRunner().invoke(main, ["validate", str(tmp_path / "data")])
    assert checked.exit_code == 1, checked.output
    assert _place(file, row, column) in checked.output and words in checked.output, checked.output
    assert "Traceback" not in checked.output and not isinstance(checked.exception, (LookupError, UnicodeError))
    rendered = CliRunner().invoke(main, ["render", "--data", str(tmp_path / "data"), "--cycle", "2013", "--scope",
                                         "KZ-PAV", "--lang", "en", "--format", "html", "--output",
                                         str(tmp_path / "out"), "--quiet"])
    assert rendered.exit_code == 1 and words in rendered.output, rendered.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.html"))


def test_the_problem_is_in_the_users_language(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    _replace("regions.csv", 2, ",oblast,", ",province,")(tmp_path / "data")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "data"), "--lang", "ru"])
    assert result.exit_code == 1 and "строка 2, столбец «kind»" in result.output
    assert "вид региона: одно из значений oblast, city" in result.output


@pytest.mark.parametrize("lang, words", [("en", "the baseline '2021' is later than the cycle '2013'"),
                                         ("ru", "базовый цикл '2021' позже цикла '2013'")])
def test_a_baseline_later_than_its_cycle_is_refused(tmp_path, lang, words):
    result = CliRunner().invoke(main, ["render", "--data", str(DATA), "--cycle", "2013", "--baseline", "2021",
                                       "--scope", "KZ-PAV", "--lang", lang, "--format", "html",
                                       "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1 and words in result.output, result.output
    assert not (tmp_path / "out").exists()
