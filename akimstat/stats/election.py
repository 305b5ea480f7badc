"""From candidate to akim: the chance of one group's candidates to be elected against another's.

The elected are a subset of the candidates, so the comparison is of elected against not elected
among the candidates, a 2x2 table (group x elected), not of the akims' share against the
candidates' share (two overlapping counts). The estimate is the ratio of the two groups' rates
of election (women elected / women candidates, against men's); its interval is the
Miettinen–Nurminen score interval for a ratio of two independent proportions (statsmodels'
``confint_proportions_2indep(method='score', compare='ratio')``), and the test of a ratio of 1
is Fisher's exact test of the 2x2 table, valid for the small counts of a few regions.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy import stats as sps
from statsmodels.stats.proportion import confint_proportions_2indep


@dataclass(frozen=True)
class ElectionChance:
    """The rates of election of two groups of candidates and their ratio (group over other)."""

    elected: int
    candidates: int
    elected_other: int
    candidates_other: int
    rate: float
    rate_other: float
    estimate: float  # rate / rate_other
    low: float
    high: float
    pvalue: float  # Fisher's exact test, two-sided
    method: str = "Miettinen-Nurminen score interval; Fisher's exact test"


def election_chance(elected: int, candidates: int, elected_other: int, candidates_other: int,
                    alpha: float = 0.05) -> ElectionChance:
    """Return the ratio of the rates of election of a group (e.g. women) and the other group
    (men): ``(elected / candidates) / (elected_other / candidates_other)``, with its score
    interval and Fisher's exact p-value.

    Raises ValueError when a count is negative, a group has no candidates, or more are elected
    than stood (the tables then do not describe one election's candidates and its elected), or
    when no one of the other group was elected (the ratio is then not defined).
    """
    for name, count, nobs in (("group", elected, candidates), ("other group", elected_other, candidates_other)):
        if count < 0 or nobs <= 0:
            raise ValueError(f"{name}: counts must be non-negative with candidates > 0; received {count} of {nobs}")
        if count > nobs:
            raise ValueError(f"{name}: {count} elected of {nobs} candidates: the elected are not a subset")
    if elected_other == 0:
        raise ValueError("other group: no one elected, the ratio of the rates is not defined")
    low, high = confint_proportions_2indep(elected, candidates, elected_other, candidates_other,
                                           method="score", compare="ratio", alpha=alpha)
    table = [[elected, candidates - elected], [elected_other, candidates_other - elected_other]]
    rate, rate_other = elected / candidates, elected_other / candidates_other
    return ElectionChance(elected, candidates, elected_other, candidates_other, rate, rate_other,
                          rate / rate_other, float(low), float(high), float(sps.fisher_exact(table).pvalue))
