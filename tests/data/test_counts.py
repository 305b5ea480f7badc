"""Records reduced to tidy counts: explicit zeros, totals, age groups, national and by region."""

from __future__ import annotations

import pandas as pd
import pytest

from akimstat.data.counts import age_band_labels, band_bounds, counts_from_records, distribution, with_age_groups


def _records():
    return pd.DataFrame({
        "cycle": ["2013"] * 4, "region": ["KZ-PAV", "KZ-PAV", "KZ-AKT", "KZ-AKT"],
        "sex": ["female", "male", "male", "male"], "age": [25, 54, 55, 70],
        "profession": ["pedagogue", "lawyer", "lawyer", "other"],
        "ethnicity": ["kazakh", "kazakh", "russian", "kazakh"],
        "unit_type": ["village"] * 4, "education": ["higher"] * 4,
    })


def test_age_groups_at_the_threshold():
    grouped = with_age_groups(_records(), threshold=55)
    assert grouped["age_under"].tolist() == ["under", "under", "not_under", "not_under"]
    assert grouped["age_band"].tolist() == ["25-34", "45-54", "55-64", "65+"]
    assert age_band_labels((25, 35)) == ["<25", "25-34", "35+"]


def test_counts_national_and_by_region_with_zeros(codes):
    counts = counts_from_records(_records(), codes)
    assert distribution(counts, "2013", "national", "sex").to_dict() == {"male": 3, "female": 1}
    assert distribution(counts, "2013", "KZ-AKT", "sex")["female"] == 0  # an explicit zero
    assert set(counts.loc[counts["scope"] == "KZ-AKT", "nobs"]) == {2}
    professions = distribution(counts, "2013", "national", "profession")
    assert list(professions.index) == codes.category_codes("profession")
    assert professions.sum() == 4 and professions["lawyer"] == 2
    assert distribution(counts, "2013", "KZ-PAV", "age_under").to_dict() == {"under": 2, "not_under": 0}
    assert set(counts["scope"]) == {"national", "KZ-PAV", "KZ-AKT"}



@pytest.mark.parametrize("code, bounds", [
    ("age_36_45", (36, 45)), ("age_to_35", (None, 35)), ("age_from_56", (56, None)), ("age_35_55", (35, 55)),
])
def test_published_band_codes_say_their_ages(code, bounds):
    assert band_bounds(code) == bounds


@pytest.mark.parametrize("code", ["36-45", "age_36-45", "under_55", "age_to_", "Age_36_45"])
def test_other_codes_are_not_bands(code):
    with pytest.raises(ValueError, match="not an age band code"):
        band_bounds(code)
