"""The public record as shipped (issue 30): every published row (data/published/counts.csv and
figures.csv) names a source that has an address, and carries the source's own words; every
source of sources.csv is used by some row, so that none is listed without a figure."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import DATA

PUBLISHED = DATA / "published"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(PUBLISHED / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return read("sources.csv").set_index("id")


@pytest.mark.parametrize("name", ["counts.csv", "figures.csv"])
def test_every_published_row_has_a_source_with_an_address_and_a_quote(sources, name):
    """The source article was shipped without an address: 35 rows rested on a source no reader
    could find. It is the journal's page whose English title and abstract are the article's."""
    rows = read(name)
    unknown = sorted(set(rows["source"]) - set(sources.index))
    assert not unknown
    addresses = sources["url"].str.strip()
    without = rows[rows["source"].map(addresses).eq("")]
    assert without.empty, sorted(set(without["source"]))
    assert addresses[addresses.ne("")].str.match(r"^https?://\S+$").all()
    unquoted = rows[rows["quote"].str.strip().eq("")]
    assert unquoted.empty, unquoted.index.tolist()


def test_every_source_is_used(sources):
    used = set()
    for name in ("counts.csv", "figures.csv", "population_2009.csv"):
        used |= set(read(name)["source"])
    assert sorted(set(sources.index) - used) == []
