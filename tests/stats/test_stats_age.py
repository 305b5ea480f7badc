"""Age summaries, bands and comparisons (akimstat.stats.age)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from akimstat.errors import AkimstatError
from akimstat.stats import age_bands, age_difference, age_summary, share_interval


def test_age_summary():
    res = age_summary([30, 41, 54, 55, 70, None])
    assert (res.nobs, res.mean, res.median, res.youngest, res.oldest) == (5, 50, 54, 30, 70)
    assert (res.under.count, res.under.nobs) == (3, 5)  # strictly under 55
    assert res.under.high == pytest.approx(share_interval(3, 5).high)


def test_age_bands_are_left_closed_and_labelled():
    bands = age_bands([24, 25, 34, 35, 54, 55, 64, 65, 80])
    assert list(bands.index) == ["<25", "25-34", "35-44", "45-54", "55-64", "65+"]
    assert list(bands) == [1, 2, 1, 1, 2, 2]
    assert list(age_bands([30, 50], edges=[40]).index) == ["<40", "40+"]
    with pytest.raises(AkimstatError):
        age_bands([30], edges=[50, 40])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(18, 90), min_size=1, max_size=200))
def test_bands_partition_the_ages(ages):
    assert age_bands(ages).sum() == len(ages)


def test_age_difference_welch_interval_by_hand():
    a = np.array([34, 45, 51, 38, 60, 47, 55, 41])
    b = np.array([50, 52, 61, 58, 49, 63, 57, 54, 60, 48])
    res = age_difference(a, b, alpha=0.05)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))  # Welch-Satterthwaite
    half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
    d = a.mean() - b.mean()
    assert res.estimate == pytest.approx(d)
    assert (res.low, res.high) == pytest.approx((d - half, d + half))
    assert res.statistic == pytest.approx(d / np.sqrt(va + vb))
    assert res.mannwhitney_pvalue == pytest.approx(stats.mannwhitneyu(a, b).pvalue)
