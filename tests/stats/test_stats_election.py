"""From candidate to akim (akimstat.stats.election) against independently published values.

The worked examples are those of Fagerland, Lydersen and Laake (2017), *Statistical Analysis of
Contingency Tables*, chapter 4 ("The 2x2 table"), as the book's R package checks them
(github.com/ocbe-uio/contingencytables, tests/testthat/test-ch4.R):

- Perondi et al. (2004), 7 of 34 against 1 of 34 (``perondi_2004``): ratio 7.0000,
  Miettinen–Nurminen asymptotic score 95% CI 1.2086 to 43.0330 (Koopman's, without the
  variance correction, 1.2209 to 42.5757);
- Ritland et al. (2007), 0 of 16 against 15 of 72 (``ritland_2007``): Fisher's exact test
  P = 0.06287.
"""

from __future__ import annotations

import pytest

from akimstat.stats import election_chance


def test_the_ratio_and_its_score_interval_are_the_books():
    chance = election_chance(7, 34, 1, 34)
    assert chance.estimate == pytest.approx(7.0)
    assert (round(chance.low, 4), round(chance.high, 4)) == (1.2086, 43.0330)


def test_fishers_exact_p_value_is_the_books():
    assert round(election_chance(0, 16, 15, 72).pvalue, 5) == 0.06287


def test_the_rates_are_of_the_candidates():
    chance = election_chance(6, 27, 69, 239)
    assert (chance.rate, chance.rate_other) == (pytest.approx(6 / 27), pytest.approx(69 / 239))
    assert chance.low < chance.estimate < chance.high


@pytest.mark.parametrize("args, words", [((5, 4, 1, 10), "not a subset"), ((1, 0, 1, 10), "candidates > 0"),
                                         ((1, 10, 0, 10), "not defined")])
def test_tables_that_are_not_candidates_and_their_elected_are_refused(args, words):
    with pytest.raises(ValueError, match=words):
        election_chance(*args)
