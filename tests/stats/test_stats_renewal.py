"""Share of incumbents kept (akimstat.stats.renewal)."""

import pytest

from akimstat.stats import incumbents_kept, share_interval


def test_incumbents_kept_counts_linked_ids():
    res = incumbents_kept(["a", "b", "c", "d", "d"], ["b", "d", "x", "y", "z"])
    assert (res.count, res.nobs) == (2, 4)
    expected = share_interval(2, 4)
    assert (res.low, res.high) == pytest.approx((expected.low, expected.high))


def test_nobody_kept():
    res = incumbents_kept([1, 2, 3], [4, 5])
    assert res.count == 0 and res.low == 0 and res.high > 0
