"""Shares, their intervals, and changes against a baseline.

Every share here is a count out of a number of observations (``count``, ``nobs``); intervals
are Wilson score intervals and differences use Newcombe's hybrid score interval, both from
statsmodels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
    test_proportions_2indep,
)

from akimstat.errors import AkimstatError

# Below this expected count the normal approximation is not trusted and an exact test is used
# (Cochran's rule, as in most official-statistics practice).
MIN_EXPECTED = 5


@dataclass(frozen=True)
class Share:
    """A share with its Wilson score interval."""

    count: int
    nobs: int
    estimate: float
    low: float
    high: float
    alpha: float
    method: str = "wilson"


@dataclass(frozen=True)
class ShareDifference:
    """Change of a share against a baseline with counts.

    ``estimate`` is share - share_base; ``low``/``high`` its interval; ``statistic``/``pvalue``
    come from the test named in ``method`` (``interval_method`` names the interval).
    """

    share: Share
    share_base: Share
    estimate: float
    low: float
    high: float
    relative_change: float
    count_change: int
    statistic: float
    pvalue: float
    method: str
    interval_method: str
    alternative: str


@dataclass(frozen=True)
class ShareVsReference:
    """Share against a baseline known only as a share ``share_base`` (no denominator).

    ``estimate`` = share - share_base; ``low``/``high`` its interval, the Wilson interval of
    the share less ``share_base`` (the baseline is taken as known); ``method`` names the test.
    """

    share: Share
    share_base: float
    estimate: float
    relative_change: float
    statistic: float
    pvalue: float
    method: str
    alternative: str
    low: float = np.nan
    high: float = np.nan


def _check(count, nobs) -> None:
    if nobs <= 0 or count < 0 or count > nobs:
        raise AkimstatError(f"need 0 <= count <= nobs and nobs > 0, got count={count}, nobs={nobs}")


def share_interval(count: int, nobs: int, alpha: float = 0.05) -> Share:
    """Share ``count / nobs`` with its Wilson score interval.

    Parameters
    ----------
    count, nobs : int
        Number with the attribute, and number of observations.
    alpha : float
        1 - confidence level.

    Returns
    -------
    Share

    Notes
    -----
    The Wilson interval inverts the score test; unlike the Wald interval it stays inside
    [0, 1] and keeps near-nominal coverage for small counts (Newcombe 1998a, method 3).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. JASA 22, 209-212.
    Newcombe, R. G. (1998a). Two-sided confidence intervals for the single proportion:
    comparison of seven methods. Stat Med 17, 857-872.
    """
    _check(count, nobs)
    low, high = wilson_limits(count, nobs, alpha)
    return Share(int(count), int(nobs), count / nobs, float(low), float(high), alpha)


def wilson_limits(count, nobs, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits for arrays of counts and denominators (exact 0 and 1 at the ends)."""
    low, high = proportion_confint(count, nobs, alpha=alpha, method="wilson")
    # The closed form gives 1 - 1e-16 at count == nobs; the exact limit is 1 (and 0 at 0).
    low = np.where(np.asarray(count) == 0, 0.0, low)
    high = np.where(np.asarray(count) == np.asarray(nobs), 1.0, high)
    return low, high


def add_share_intervals(
    counts: pd.DataFrame, alpha: float = 0.05, by: tuple[str, ...] = ("cycle", "scope", "variable")
) -> pd.DataFrame:
    """Add ``nobs``, ``share``, ``low`` and ``high`` columns to a tidy counts frame.

    ``nobs`` is the sum of ``count`` within each ``by`` group, so shares within a group sum
    to one. Intervals are Wilson score intervals, computed for all rows at once.
    """
    out = counts.copy()
    out["nobs"] = out.groupby(list(by))["count"].transform("sum")
    out["share"] = out["count"] / out["nobs"]
    out["low"], out["high"] = wilson_limits(out["count"].to_numpy(), out["nobs"].to_numpy(), alpha)
    return out


def _min_expected(count, nobs, count_base, nobs_base) -> float:
    """Smallest expected cell of the 2x2 table under equal shares."""
    table = np.array([[count, nobs - count], [count_base, nobs_base - count_base]])
    return float(stats.contingency.expected_freq(table).min()) if table.sum(0).all() else 0.0


def share_difference(
    count: int,
    nobs: int,
    count_base: int,
    nobs_base: int,
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> ShareDifference:
    """Change of a share against a baseline share with known counts.

    Parameters
    ----------
    count, nobs : int
        Current count and number of observations.
    count_base, nobs_base : int
        Baseline count and number of observations. When the source does not publish the
        baseline denominator, the assumed one must be passed here explicitly.
    alpha : float
        1 - confidence level of the interval.
    alternative : {"two-sided", "larger", "smaller"}
        Alternative of the test (current share larger/smaller than the baseline).

    Returns
    -------
    ShareDifference

    Notes
    -----
    The interval is Newcombe's hybrid score interval (method 10 of Newcombe 1998b). The test
    is Fisher's exact test when any expected count of the 2x2 table is below 5, otherwise
    the score test for equal proportions (statsmodels ``test_proportions_2indep``, without
    the n/(n-1) correction, i.e. the pooled z test; z^2 is Pearson's X^2 of the 2x2 table).

    References
    ----------
    Newcombe, R. G. (1998b). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17, 873-890.
    """
    share, base = share_interval(count, nobs, alpha), share_interval(count_base, nobs_base, alpha)
    low, high = confint_proportions_2indep(
        count, nobs, count_base, nobs_base, method="newcomb", compare="diff", alpha=alpha
    )
    low, high = max(-1.0, low), min(1.0, high)  # rounding can overshoot by 1e-16 at 0 vs n
    if _min_expected(count, nobs, count_base, nobs_base) < MIN_EXPECTED:
        table = [[count, nobs - count], [count_base, nobs_base - count_base]]
        alt = {"two-sided": "two-sided", "larger": "greater", "smaller": "less"}[alternative]
        res = stats.fisher_exact(table, alternative=alt)
        statistic, pvalue, method = res.statistic, res.pvalue, "fisher-exact"
    else:
        with np.errstate(divide="ignore", invalid="ignore"):  # ratio/odds of a zero share
            res = test_proportions_2indep(
                count, nobs, count_base, nobs_base, method="score", correction=False,
                alternative=alternative,
            )
        statistic, pvalue, method = res.statistic, res.pvalue, "score"
    rel = share.estimate / base.estimate - 1 if base.estimate > 0 else np.nan
    return ShareDifference(
        share, base, share.estimate - base.estimate, float(low), float(high), float(rel),
        int(count - count_base), float(statistic), float(pvalue), method, "newcombe", alternative,
    )


def share_vs_reference(
    count: int, nobs: int, share_base: float, alpha: float = 0.05, alternative: str = "two-sided",
    method: str = "auto",
) -> ShareVsReference:
    """Share against a baseline published only as a share (e.g. "74.5% under 55").

    Parameters
    ----------
    count, nobs : int
        Current count and number of observations.
    share_base : float
        Baseline share, in [0, 1], treated as a fixed value p0.
    alpha : float
        1 - confidence level of the interval of the current share.
    alternative : {"two-sided", "larger", "smaller"}
    method : {"auto", "score", "binomial-exact"}
        "auto" (default): the score test, or the exact binomial test when nobs * p0 or
        nobs * (1 - p0) is below 5.

    Returns
    -------
    ShareVsReference

    Notes
    -----
    One-sample score test of H0: p = p0, z = (p - p0) / sqrt(p0 (1 - p0) / n), whose square
    is R's ``prop.test(x, n, p0, correct = FALSE)`` statistic; or the exact binomial test
    (R's ``binom.test``, two-sided p-value summing the outcomes no more likely than the one
    observed). ``method`` says which. The baseline is treated as a known value: this is the
    test for a baseline published only as a share, and it must not be replaced by a
    two-sample test on a count imputed from the share and an assumed denominator, which
    invents a sampling error for the baseline.
    """
    _check(count, nobs)
    if not 0 < share_base < 1:
        raise AkimstatError(f"share_base must be strictly between 0 and 1, got {share_base}")
    if method not in ("auto", "score", "binomial-exact"):
        raise AkimstatError(f"method must be 'auto', 'score' or 'binomial-exact', got {method!r}")
    share = share_interval(count, nobs, alpha)
    small = min(nobs * share_base, nobs * (1 - share_base)) < MIN_EXPECTED
    if method == "binomial-exact" or (method == "auto" and small):
        alt = {"two-sided": "two-sided", "larger": "greater", "smaller": "less"}[alternative]
        res = stats.binomtest(count, nobs, share_base, alternative=alt)
        statistic, pvalue, method = count / nobs, res.pvalue, "binomial-exact"
    else:
        statistic, pvalue = proportions_ztest(
            count, nobs, value=share_base, alternative=alternative, prop_var=share_base
        )
        method = "score"
    return ShareVsReference(
        share, share_base, share.estimate - share_base, share.estimate / share_base - 1,
        float(statistic), float(pvalue), method, alternative,
        share.low - share_base, share.high - share_base,
    )
