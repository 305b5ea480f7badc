"""Changes between corps that share people (akimstat.stats.overlap)."""

import numpy as np
import pandas as pd
import pytest
from results.stats_references import AGRESTI_MCNEMAR, DERRICK_2015_PROPORTIONS, DERRICK_2017_MEANS
from scipy import stats
from statsmodels.stats.proportion import test_proportions_2indep as two_proportions_test

from akimstat.errors import AkimstatError
from akimstat.stats import (
    link_corps,
    linked_mean_change,
    linked_share_change,
    overlap_mean_difference,
    overlap_share_difference,
    paired_share_change,
    share_difference,
)


def test_share_test_matches_derrick_2015_worked_example():
    ref = DERRICK_2015_PROPORTIONS
    res = overlap_share_difference(ref["paired"], ref["count_only"], ref["nobs_only"],
                                   ref["count_base_only"], ref["nobs_base_only"])
    assert res.pvalue == pytest.approx(ref["pvalue"], abs=ref["atol"])
    assert (res.share, res.share_base) == pytest.approx((14 / 24, 17 / 21))
    assert res.nobs_paired == 15 and res.method == "partially-overlapping-z"
    assert res.low < res.estimate < res.high


def test_share_test_without_pairs_is_the_pooled_two_proportion_z_test():
    res = overlap_share_difference([[0, 0], [0, 0]], 56, 70, 48, 80)
    pooled = two_proportions_test(56, 70, 48, 80, method="score", correction=False)
    assert res.statistic == pytest.approx(pooled.statistic) and res.pvalue == pytest.approx(pooled.pvalue)


def test_share_test_one_sided_alternatives_split_the_two_sided_pvalue():
    ref = DERRICK_2015_PROPORTIONS
    args = (ref["paired"], ref["count_only"], ref["nobs_only"], ref["count_base_only"], ref["nobs_base_only"])
    two, smaller, larger = (overlap_share_difference(*args, alternative=a) for a in ("two-sided", "smaller", "larger"))
    assert smaller.pvalue == pytest.approx(two.pvalue / 2) and larger.pvalue == pytest.approx(1 - two.pvalue / 2)
    assert smaller.low == -1 and larger.high == 1  # one-sided: open on the far side


def test_mean_test_matches_derrick_2017_worked_example():
    ref = DERRICK_2017_MEANS
    res = overlap_mean_difference(ref["a_unpaired"], ref["b_unpaired"], ref["a_paired"], ref["b_paired"],
                                  equal_var=True)
    assert res.pvalue == pytest.approx(ref["pvalue_equal_var"], abs=ref["atol"])
    assert res.estimate == pytest.approx(2.0) and res.method.endswith("equal variances")
    # Degrees of freedom of T_new1: (n12 - 1) + (na + nb)(na + nb + n12 - 1) / (na + nb + 2 n12).
    assert res.df == pytest.approx(7 + 16 * 23 / 32)


def test_mean_test_reduces_to_welch_and_to_student_without_pairs():
    rng = np.random.default_rng(1)
    a, b = rng.normal(50, 8, 40), rng.normal(47, 5, 30)
    welch, student = stats.ttest_ind(a, b, equal_var=False), stats.ttest_ind(a, b)
    res = overlap_mean_difference(a, b, [], [])
    assert (res.statistic, res.pvalue) == pytest.approx((welch.statistic, welch.pvalue))
    assert res.df == pytest.approx(welch.df)
    res = overlap_mean_difference(a, b, [], [], equal_var=True)
    assert (res.statistic, res.pvalue, res.df) == pytest.approx((student.statistic, student.pvalue, 68))


def test_mean_test_reduces_to_the_paired_t_test_without_unpaired_units():
    rng = np.random.default_rng(2)
    before = rng.normal(50, 8, 30)
    after = before + rng.normal(1, 3, 30)
    paired = stats.ttest_rel(after, before)
    res = overlap_mean_difference([], [], after, before)
    assert (res.statistic, res.pvalue, res.df) == pytest.approx((paired.statistic, paired.pvalue, 29))


def test_mcnemar_matches_agresti_presidential_approval():
    ref = AGRESTI_MCNEMAR
    res = paired_share_change(ref["paired"])
    assert np.sqrt(res.statistic) == pytest.approx(ref["z"], abs=ref["z_atol"])
    assert (res.estimate, res.low, res.high) == pytest.approx((ref["estimate"], ref["low"], ref["high"]),
                                                              abs=ref["atol"])
    assert res.method == "mcnemar" and res.discordant == (150, 86)


def test_mcnemar_with_few_discordant_pairs_is_exact_binomial():
    res = paired_share_change([[20, 7], [1, 30]])
    assert res.method == "mcnemar-exact"
    assert res.pvalue == pytest.approx(stats.binomtest(7, 8, 0.5).pvalue)
    assert paired_share_change([[20, 0], [0, 30]]).pvalue == 1


@pytest.fixture
def corps():
    """Ten stayers (ids 0-9), four leavers and five entrants; sex does not change, the age
    group of five stayers does."""
    base = pd.DataFrame({"person_id": [f"P{i}" for i in range(14)],
                         "sex": ["female"] * 3 + ["male"] * 7 + ["female"] + ["male"] * 3,
                         "age": [40, 41, 42, 50, 51, 52, 53, 54, 60, 61, 45, 62, 63, 64]})
    now = pd.DataFrame({"person_id": [f"P{i}" for i in range(10)] + [f"N{i}" for i in range(5)],
                        "sex": ["female"] * 3 + ["male"] * 7 + ["female"] * 3 + ["male"] * 2,
                        "age": [45, 46, 47, 55, 56, 57, 58, 59, 65, 66, 30, 33, 35, 38, 41]})
    return now, base


def test_link_corps_splits_stayers_entrants_and_leavers(corps):
    now, base = corps
    parts = link_corps(now, base)
    assert len(parts.stayers) == 10 and len(parts.entrants) == 5 and len(parts.leavers) == 4
    assert {"sex", "sex_base", "age", "age_base"} <= set(parts.stayers.columns)
    with pytest.raises(AkimstatError, match="P1"):
        link_corps(pd.concat([now, now.iloc[[1]]]), base)


def test_link_corps_joins_stayers_as_a_merge_on_the_id_would(corps):
    """The integer-coded link gives the rows, order, columns and dtypes of the plain pandas
    definition; records without an id (twice, in both corps) are entrants and leavers."""
    now, base = corps
    now = now.iloc[::-1].assign(person_id=lambda f: f["person_id"].mask(f.index.isin([0, 12])))
    base = base.assign(person_id=base["person_id"].mask(base.index.isin([3, 13]))).astype({"person_id": "str"})
    parts = link_corps(now, base)
    has_id = now["person_id"].notna()
    staying = now["person_id"].isin(base["person_id"].dropna()) & has_id
    pd.testing.assert_frame_equal(parts.stayers, now[staying].merge(base, on="person_id", suffixes=("", "_base")))
    pd.testing.assert_frame_equal(parts.entrants, now[~staying])
    pd.testing.assert_frame_equal(parts.leavers, base[~base["person_id"].isin(now["person_id"].dropna())
                                                      | base["person_id"].isna()])
    assert len(parts.stayers) == 8 and len(parts.entrants) == 7 and len(parts.leavers) == 6


def test_linked_share_change_has_three_views(corps):
    now, base = corps
    res = linked_share_change(now, base, "sex", "female")
    assert (res.n_stayers, res.n_entrants, res.n_leavers) == (10, 5, 4)
    assert res.change.share == pytest.approx(6 / 15) and res.change.share_base == pytest.approx(4 / 14)
    assert res.change.correlation == pytest.approx(1)
    assert res.entrants_vs_leavers.estimate == pytest.approx(3 / 5 - 1 / 4)
    assert res.stayers.discordant == (0, 0) and res.stayers.pvalue == 1
    under = linked_share_change(now.assign(g=now["age"] < 55), base.assign(g=base["age"] < 55), "g", True)
    assert under.stayers.discordant == (0, 5)


def test_linked_mean_change_compares_entrants_with_leavers(corps):
    now, base = corps
    res = linked_mean_change(now, base, "age")
    assert res.change.nobs_paired == 10
    assert res.entrants_vs_leavers.estimate == pytest.approx(np.mean([30, 33, 35, 38, 41]) - np.mean([45, 62, 63, 64]))


def test_overlap_tests_refuse_what_they_cannot_test():
    with pytest.raises(AkimstatError):
        overlap_share_difference([[3, 1], [1, 3]], 0, 0, 0, 0)
    with pytest.raises(AkimstatError):
        overlap_share_difference([[3, 1], [1, 3]], 5, 4, 0, 2)
    with pytest.raises(AkimstatError):
        overlap_mean_difference([1.0], [2.0], [1, 2, 3], [1, 2])
    with pytest.raises(AkimstatError):
        overlap_share_difference([[3, 1], [1, 3]], 1, 2, 1, 2, alternative="greater")


# -- the variance is right: size near alpha under the null, where the independent-samples test
# -- is far too conservative. Sizes as in the 2013 corps (1,747 stayers, ~710 entrants/leavers).

N_SIM, STAYERS, ENTRANTS, LEAVERS, ALPHA = 4000, 1747, 707, 710, 0.05
# Binomial standard error of a rejection rate near 0.05 over 4000 runs is 0.0034: allow 4 of them.
SIZE_ATOL = 4 * np.sqrt(ALPHA * (1 - ALPHA) / N_SIM)


def _null_share_tables(p, rng):
    """Corps drawn under no change: a fixed trait for stayers, the same share in every part."""
    stay = rng.binomial(STAYERS, p, N_SIM)
    return stay, rng.binomial(ENTRANTS, p, N_SIM), rng.binomial(LEAVERS, p, N_SIM)


def test_share_test_has_nominal_size_when_stayers_keep_their_trait():
    rng = np.random.default_rng(20131)
    stay, enter, leave = _null_share_tables(0.10, rng)
    overlap = [overlap_share_difference([[s, 0], [0, STAYERS - s]], e, ENTRANTS, l, LEAVERS).pvalue
               for s, e, l in zip(stay, enter, leave)]
    naive = [share_difference(s + e, STAYERS + ENTRANTS, s + l, STAYERS + LEAVERS).pvalue
             for s, e, l in zip(stay[:1000], enter[:1000], leave[:1000])]
    assert np.mean(np.array(overlap) < ALPHA) == pytest.approx(ALPHA, abs=SIZE_ATOL)
    # The independent-samples test treats 1,747 shared people as fresh draws: far too few rejections.
    assert np.mean(np.array(naive) < ALPHA) < 0.01


def test_mean_test_has_nominal_size_with_correlated_ages():
    rng = np.random.default_rng(20132)
    n = 1000  # each run is a full t test on ~4,900 values: fewer runs, wider tolerance
    rejected = []
    for _ in range(n):
        before = rng.normal(48, 8, STAYERS)
        after = before + rng.normal(0, 2, STAYERS)  # stayers' values move a little, correlation ~0.97
        res = overlap_mean_difference(rng.normal(48, 8.2, ENTRANTS), rng.normal(48, 8.2, LEAVERS), after, before)
        rejected.append(res.pvalue < ALPHA)
    assert np.mean(rejected) == pytest.approx(ALPHA, abs=4 * np.sqrt(ALPHA * (1 - ALPHA) / n))


def test_linked_share_changes_by_region_link_people_within_each_region(corps):
    from akimstat.stats import linked_share_changes_by

    now, base = corps
    # Region A holds everyone; region B repeats A's people under the same ids, but P0-P2 sit
    # in A before and in B now: in B they are entrants, in A leavers.
    now_b = now.assign(region="B")
    now_b.loc[now_b.index[:3], "person_id"] = ["Q0", "Q1", "Q2"]
    table = linked_share_changes_by(pd.concat([now.assign(region="A"), now_b]),
                                    pd.concat([base.assign(region="A"), base.assign(region="B")]),
                                    "sex", "female")
    assert table.loc["A", ["n_stayers", "n_entrants", "n_leavers"]].tolist() == [10, 5, 4]
    assert table.loc["B", ["n_stayers", "n_entrants", "n_leavers"]].tolist() == [7, 8, 7]
    one = linked_share_change(now, base, "sex", "female").change
    assert table.loc["A", "se"] == pytest.approx(one.se) and table.loc["A", "change"] == pytest.approx(one.estimate)


# -- distributions between linked corps ------------------------------------------------------

def test_stuart_maxwell_of_a_two_by_two_table_is_mcnemar_of_agresti():
    from akimstat.stats import marginal_homogeneity

    res = marginal_homogeneity(AGRESTI_MCNEMAR["paired"])
    assert np.sqrt(res.statistic) == pytest.approx(AGRESTI_MCNEMAR["z"], abs=AGRESTI_MCNEMAR["z_atol"])
    assert res.df == 1 and res.changed == 236


def test_stuart_maxwell_by_its_formula_for_three_categories():
    from akimstat.stats import marginal_homogeneity

    t = np.array([[20, 5, 2], [3, 30, 6], [1, 2, 25]], float)
    # d: row minus column margins of the first k - 1 categories; V: their covariance under
    # homogeneity, V_ii = n_i. + n_.i - 2 n_ii, V_ij = -(n_ij + n_ji) (Stuart 1955).
    d = (t.sum(1) - t.sum(0))[:2]
    v = np.array([[t[0].sum() + t[:, 0].sum() - 2 * t[0, 0], -(t[0, 1] + t[1, 0])],
                  [-(t[0, 1] + t[1, 0]), t[1].sum() + t[:, 1].sum() - 2 * t[1, 1]]])
    statistic = d @ np.linalg.solve(v, d)
    res = marginal_homogeneity(t)
    assert res.statistic == pytest.approx(statistic) and res.pvalue == pytest.approx(stats.chi2.sf(statistic, 2))
    assert marginal_homogeneity(np.diag([4, 5, 0])).pvalue == 1  # nobody moved


def test_linked_distribution_change_compares_entrants_with_leavers(corps):
    from akimstat.stats import compare_distribution_counts, linked_distribution_change

    now, base = corps
    now = now.assign(prof=["a"] * 8 + ["b"] * 2 + ["b"] * 5)   # stayers 8-9 moved from a to b
    base = base.assign(prof=["a"] * 10 + ["a"] * 4)
    res = linked_distribution_change(now, base, "prof", n_simulations=500)
    assert res.stayers.changed == 2 and (res.n_stayers, res.n_entrants, res.n_leavers) == (10, 5, 4)
    ref = compare_distribution_counts({"b": 5}, {"a": 4}, n_simulations=500)
    assert res.entrants_vs_leavers.statistic == pytest.approx(ref.statistic)
