"""Birth dates as registers write them give the age at the cycle's date (issue 24): Excel
dates, text dates in ru/kk/en, day first, and a year alone."""

from __future__ import annotations

from datetime import date

import pytest

from akimstat.data.birth import birth_of
from akimstat.data.records import check_records
from akimstat.errors import InputError
from akimstat.data.load import read_table

from conftest import GOOD_RECORD, RECORD_HEADER

BORN = RECORD_HEADER.replace(",age,", ",birth_date,")


@pytest.mark.parametrize("text", [
    "1963-01-22 00:00:00", "1963-01-22", "22.01.1963", "22/01/1963", "22.01.63", "23033",
    "22 января 1963", "22 января 1963 г.", "22 января 1963 года", "1963 жылғы 22 қаңтар",
    "22 қаңтар 1963 ж.", "22 January 1963", "January 22, 1963", "22 Jan 1963", "22-01-1963",
])
def test_a_birth_date_in_any_common_form(text):
    assert birth_of(text) == date(1963, 1, 22)


def test_day_first_and_a_year_alone():
    assert birth_of("03.04.1970") == date(1970, 4, 3)  # 3 April, not 4 March
    assert birth_of("1970") == 1970
    assert birth_of("1970.0") == 1970


@pytest.mark.parametrize("text", ["31.02.1970", "сорок", "1850", "22 смарта 1963", "1963-13-01",
                                  "22 января"])
def test_what_is_not_a_birth_date(text):
    assert birth_of(text) is None


def born(write_csv, *cells: str):
    rows = [GOOD_RECORD.replace("R1,P1", f"R{n},P{n}").replace(",41,", f",{cell},")
            for n, cell in enumerate(cells, start=1)]
    return read_table(write_csv("\n".join([BORN, *rows]) + "\n"))


def test_the_age_is_at_the_cycles_date_and_the_date_is_dropped(write_csv, codes):
    # 2013's date is 5 August 2013: born 5 August 1970 is 43, born 6 August 1970 still 42.
    frame = check_records(born(write_csv, '"5 августа 1970 г."', "06.08.1970", "1970",
                               "1970-08-04 00:00:00"), codes, "x")
    assert frame["age"].tolist() == [43, 42, 43, 43]
    assert "birth_date" not in frame.columns


def test_bad_birth_dates_are_named_in_russian_without_a_time_of_day(write_csv, codes):
    with pytest.raises(InputError) as caught:
        check_records(born(write_csv, "31.02.1970", "1996-06-26 00:00:00"), codes, "x")
    text = caught.value.message("ru")
    assert "получено '31.02.1970'; ожидалось: дата рождения (22.01.1963" in text, text
    assert "'1996-06-26'" in text and "00:00:00" not in text, text
    assert "получается 17" in text and " a " not in text, text


def test_a_date_in_an_age_column_says_to_map_it_as_a_birth_date(write_csv, codes):
    frame = read_table(write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD.replace(',41,', ',1963-01-22 00:00:00,')}\n"))
    with pytest.raises(InputError) as caught:
        check_records(frame, codes, "x")
    text = caught.value.message("ru")
    assert "birth_date" in text and "числовой формат" not in text, text
