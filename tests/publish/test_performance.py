"""The fast paths give what the plain ones gave: counts by bincount equal counts by crosstab;
statistics shared between scopes equal statistics computed per scope."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from akimstat.report import scope, sections

from akimstat import stats
from akimstat.data.counts import (AGE_BANDS, COLUMNS, VARIABLES, age_band_labels, counts_from_records,
                             distribution, with_age_groups)
from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.report.sections import share_regions
from akimstat.report.sections.front import incumbents

from conftest import DATA


def crosstab_counts(records, codes, threshold=55, scope="region", edges=AGE_BANDS) -> pd.DataFrame:
    """counts_from_records as first written: one pandas.crosstab per variable and scope."""
    grouped = with_age_groups(records, threshold, edges)
    categories = {var: codes.category_codes(var) for var in VARIABLES}
    categories["age_under"] = ["under", "not_under"]
    categories["age_band"] = age_band_labels(edges)
    parts = []
    for variable, levels in categories.items():
        for frame in (grouped.assign(scope="national"), grouped.assign(scope=grouped[scope])):
            table = pd.crosstab([frame["cycle"], frame["scope"]],
                                pd.Categorical(frame[variable], categories=levels), dropna=False)
            table.columns.name = "category"
            long = table.stack().rename("count").reset_index()
            long["nobs"] = long.groupby(["cycle", "scope"])["count"].transform("sum")
            long = long[long["nobs"] > 0]
            long["category"] = long["category"].astype(str)
            parts.append(long.assign(universe="akims", variable=variable)
                         .astype({"count": "Int64", "nobs": "Int64"}))
    return pd.concat(parts, ignore_index=True)[COLUMNS]


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def odd_records(data, n=3000, seed=1) -> pd.DataFrame:
    """Resampled records with random regions, ages at every band edge, an unknown and a missing
    category, and a region with records in one cycle only."""
    rng = np.random.default_rng(seed)
    records = data.records.iloc[rng.integers(0, len(data.records), n)].reset_index(drop=True)
    regions = data.regions_of("2013")
    records["region"] = np.array(regions)[rng.integers(0, len(regions) - 1, n)]
    records.loc[records["cycle"] == "2013", "region"] = records["region"].where(
        rng.random(n) < 0.9, regions[-1])
    records["age"] = rng.choice([-1, 0, 24, 25, 34, 35, 54, 55, 56, 64, 65, 90, 199, 250], n)
    records.loc[::97, "education"] = None
    records.loc[::89, "profession"] = "astronaut"
    return records


@pytest.mark.filterwarnings("ignore:Constructing a Categorical")  # the crosstab way, on unknown codes
def test_counts_equal_the_crosstab_way(data):
    for records in (data.records, odd_records(data)):
        for threshold in (55, 50):
            pd.testing.assert_frame_equal(counts_from_records(records, data.codes, threshold),
                                          crosstab_counts(records, data.codes, threshold))


def test_statistics_shared_between_scopes_equal_their_plain_computation(data):
    params = ReportParameters(data_dir=str(DATA))
    pav = scope.scope_data(data, params.replace(scope="KZ-PAV"))
    counts = scope.all_counts(data, params.age_threshold)
    rows = counts[(counts["cycle"] == "2013") & (counts["variable"] == "sex")
                  & (counts["category"] == "female") & (counts["scope"] != "national")]
    order = data.regions_of("2013")
    rows = rows.set_index("scope").loc[order]
    plain = stats.compare_regions(rows["count"].to_numpy(), rows["nobs"].to_numpy(), order, alpha=params.alpha)
    shared = share_regions.regions_of(pav, "sex", "female")
    pd.testing.assert_frame_equal(shared.table, plain.table)
    assert shared is share_regions.regions_of(scope.scope_data(data, params), "sex", "female")

    women = sections.compute(scope.scope_data(data, params), {"section": "share", "variable": "sex",
                                                             "category": "female", "name": "women",
                                                             "changes_by_region": True})
    changes = women.frames["women_change_by_region"].set_index("region")
    nation = scope.scope_data(data, params)
    for region in order:  # each region's change between linked corps, computed on its own records
        now, before = (frame[frame["region"] == region] for frame in (nation.records, nation.records_base))
        if len(before):
            result = stats.linked_share_change(now, before, "sex", "female", params.alpha).change
            assert changes.at[region, "change"] == result.estimate
            assert changes.at[region, "pvalue"] == result.pvalue


def test_distributions_equal_the_filtered_way(data):
    nation = scope.scope_data(data, ReportParameters(data_dir=str(DATA)))
    counts = scope.all_counts(data, 55)
    for (cycle, where, variable), _ in counts.groupby(["cycle", "scope", "variable"]):
        pd.testing.assert_series_equal(scope.counts_of(data, 55, cycle, where, variable),
                                       distribution(counts, cycle, where, variable))
    pd.testing.assert_series_equal(nation.distribution("sex", "no-such-cycle"),
                                   distribution(counts, "no-such-cycle", "national", "sex"))


def test_sections_are_computed_once_for_every_language(data):
    from akimstat.report import Report

    params = ReportParameters(data_dir=str(DATA))
    kk, ru = Report(params.replace(language="kk"), data), Report(params.replace(language="ru"), data)
    assert kk.data is ru.data
    assert all(kk.results[key] is ru.results[key] for key in kk.results)


def plain_age_groups(records, threshold=55, edges=AGE_BANDS) -> pd.DataFrame:
    """with_age_groups as first written, with pandas.cut."""
    out = records.copy()
    out["age_under"] = (out["age"] < threshold).map({True: "under", False: "not_under"})
    out["age_band"] = pd.cut(out["age"].astype(int), bins=[-1, *edges, 200], right=False,
                             labels=age_band_labels(edges)).astype(str)
    return out


def test_age_groups_equal_the_pandas_cut_way(data):
    for records in (data.records, odd_records(data), data.records.iloc[:0]):
        pd.testing.assert_frame_equal(with_age_groups(records, 50), plain_age_groups(records, 50))


def test_renewal_counts_persons_once(data):
    params = ReportParameters(data_dir=str(DATA))
    for where in ("national", "KZ-PAV"):
        here = scope.ScopeData(data, params.replace(scope=where))
        now = set(here.records["person_id"].dropna())
        kept = now & set(here.records_base["person_id"].dropna())
        renewal = incumbents(here)
        assert (renewal.count, renewal.nobs) == (len(kept), len(now))
