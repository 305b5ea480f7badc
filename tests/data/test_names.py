"""A register that names its codes: regions, sexes and professions in kk, ru or en (issue 16)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.cli.options import locale_language
from akimstat.data.records import check_records
from akimstat.errors import InputError
from akimstat.data.load import read_table
from akimstat.data.names import coded_by_name, normalised, suggested_code

from conftest import GOOD_RECORD, RECORD_HEADER

FIELDS = RECORD_HEADER.split(",")


def records_csv(*changes: dict) -> str:
    good = dict(zip(FIELDS, GOOD_RECORD.split(",")))
    rows = [{**good, "record_id": f"R{n}", "person_id": f"P{n}", **change}
            for n, change in enumerate(changes, start=1)]
    return "\n".join([RECORD_HEADER] + [",".join(r[f] for f in FIELDS) for r in rows]) + "\n"


def test_normalised_ignores_case_spacing_dashes_and_yo():
    assert normalised("  Северо – Казахстанская  ОБЛАСТЬ ") == "северо-казахстанская область"
    assert normalised("Сёла") == normalised("села")


@pytest.mark.parametrize("column, value, code", [
    ("region", "Павлодарская область", "KZ-PAV"),  # name_ru of KZ-PAV (and of KZ-55: first wins)
    ("region", "павлодар  облысы", "KZ-PAV"),
    ("region", "Pavlodar Region", "KZ-PAV"),
    ("sex", "Женщины", "female"),
    ("sex", "ӘЙЕЛДЕР", "female"),
    ("unit_type", "Сёла", "village"),
    ("unit_type", "Села", "village"),
    ("ethnicity", "Қазақтар", "kazakh"),
    ("education", "высшее", "higher"),
])
def test_a_name_in_any_language_is_read_as_its_code(write_csv, codes, column, value, code):
    path = write_csv(records_csv({column: value}))
    frame = check_records(read_table(path), codes, str(path))
    assert frame.loc[2, column] == code


@pytest.mark.parametrize("column, value", [("sex", "жен"), ("sex", "Female"),
                                           ("region", "Павлодарская обл.")])
def test_an_abbreviation_is_not_applied_without_a_mapping(write_csv, codes, column, value):
    """Only exact names are read as codes; looser matches are suggestions for a mapping."""
    path = write_csv(records_csv({column: value}))
    with pytest.raises(InputError, match="or add the value to the mapping file"):
        check_records(read_table(path), codes, str(path))
    assert suggested_code(codes, column, value) is not None or value == "Female"


@pytest.mark.parametrize("column, value, code", [
    ("sex", "жен", "female"), ("sex", "Ж", "female"), ("sex", "муж", "male"),
    ("sex", "әйел", "female"), ("profession", "педагог", "pedagogue"),
    ("ethnicity", "казах", "kazakh"), ("ethnicity", "украинец", "ukrainian"),
    ("ethnicity", "қазақ", "kazakh"), ("region", "Павлодарская обл.", "KZ-PAV"),
    ("region", "Северо Казахстанская обл", "KZ-SEV"), ("region", "г. Астана", "KZ-71"),
    ("unit_type", "сельский округ", "rural_okrug"), ("unit_type", "ауылдық округ", "rural_okrug"),
    ("education", "средне-специальное", "secondary_special"),
])
def test_suggested_codes_for_what_registers_write(codes, column, value, code):
    assert suggested_code(codes, column, value) == code


@pytest.mark.parametrize("column, value", [("profession", "тракторист"), ("unit_type", "город"),
                                           ("sex", "x"), ("region", "область")])
def test_unclear_values_are_not_suggested(codes, column, value):
    assert suggested_code(codes, column, value) is None


def test_only_distinct_non_codes_are_looked_up(codes):
    frame = pd.DataFrame({"sex": ["female"] * 3 + ["Мужчины"], "district": ["Женщины"] * 4})
    coded = coded_by_name(frame, codes)
    assert coded["sex"].tolist() == ["female"] * 3 + ["male"]
    assert coded["district"].tolist() == ["Женщины"] * 4  # not a coded column


def test_grouped_messages_in_russian(write_csv, published_only):
    rows = [{"sex": "жен"} for _ in range(30)] + [{"sex": "жен", "region": "Марс"}]
    path = write_csv(records_csv(*rows))
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only),
                                       "--lang", "ru"])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0] == "akimstat: error: 32 ошибки во входных данных:"
    assert lines[1].strip() == (
        f"{path}, столбец «sex»: 'жен' в 31 строке (2–32); ожидалось: код пола: одно из male, "
        "female (Мужчины, Женщины; как в data/codes/categories.csv); или добавьте значение в "
        "файл сопоставления (akimstat map --suggest); похоже на female (Женщины): добавьте в "
        "файл сопоставления строку «жен: female»")
    assert lines[2].strip().startswith(f"{path}, строка 32, столбец «region»: получено 'Марс'")


def test_messages_follow_the_locale(write_csv, published_only):
    path = write_csv(records_csv({"sex": "?"}))
    result = CliRunner(env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "kk_KZ.UTF-8"}).invoke(
        main, ["validate", str(path), "--data", str(published_only)])
    assert "Кіріс деректерінде 1 қате" in result.output and "жыныс коды" in result.output


@pytest.mark.parametrize("environ, lang", [({"LANG": "ru_RU.UTF-8"}, "ru"),
                                           ({"LC_ALL": "kk_KZ.UTF-8", "LANG": "ru_RU"}, "kk"),
                                           ({"LANG": "de_DE.UTF-8"}, "en"), ({}, "en"),
                                           ({"LANG": "C.UTF-8"}, "en")])
def test_locale_language(environ, lang):
    assert locale_language(environ) == lang


def test_a_slip_of_the_keyboard_is_answered_with_the_likely_code(write_csv, codes):
    path = write_csv(records_csv({"region": "Павладарская область"}, {"sex": "x"}))
    with pytest.raises(InputError) as info:
        check_records(read_table(path), codes, str(path))
    says = {p.column: str(p) for p in info.value.problems}
    assert says["region"].endswith("; looks like KZ-PAV (Pavlodar Region): add 'Павладарская "
                                   "область: KZ-PAV' to the mapping file")
    assert "looks like" not in says["sex"]
