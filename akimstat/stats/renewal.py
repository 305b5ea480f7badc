"""Renewal of the corps: how many incumbents of one cycle are still in office in the next."""

from __future__ import annotations

from collections.abc import Iterable

from akimstat.stats.proportion import Share, share_interval


def incumbents_kept(ids_before: Iterable, ids_after: Iterable, alpha: float = 0.05) -> Share:
    """Share of the earlier corps still in office in the later one.

    Parameters
    ----------
    ids_before, ids_after : iterable
        Person ids of the earlier and later corps (duplicates are ignored).
    alpha : float
        1 - confidence level of the Wilson interval.

    Returns
    -------
    Share
        ``count`` = incumbents kept, ``nobs`` = size of the earlier corps.

    Notes
    -----
    Only as good as the person-id link: a person with two ids counts as replaced.
    """
    before, after = set(ids_before), set(ids_after)
    return share_interval(len(before & after), len(before), alpha)
