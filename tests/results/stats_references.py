"""Reference values for the statistics layer, from sources independent of this code.

Each entry says where the digits come from and the tolerance the test allows, which is set
by the number of digits the source prints (half a unit in the last place, rounded up).
"""

# Newcombe (1998b) Interval estimation for the difference between independent proportions:
# comparison of eleven methods. Stat Med 17:873-890, Table II, method 10 (hybrid score),
# 95% limits printed to 4 decimals. Digits as reproduced in the test suite of the R package
# propint (tests/testthat, "ci.two.indep.props produces the results reported in
# Newcombe1998"), found with the search tool.
NEWCOMBE_DIFFERENCE = {
    "source": "Newcombe 1998, Stat Med 17:873-890, Table II, method 10; via R propint tests",
    "atol": 1e-4,
    "cases": [
        # (count, nobs, count_base, nobs_base, low, high)
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
    ],
}

# Newcombe (1998a) Two-sided confidence intervals for the single proportion: comparison of
# seven methods. Stat Med 17:857-872, method 3 (Wilson score, no continuity correction),
# 95% limits printed to 4 decimals; same R propint test suite ("ci.one.prop produces the
# results reported in Newcombe1998").
NEWCOMBE_WILSON = {
    "source": "Newcombe 1998, Stat Med 17:857-872, method 3; via R propint tests",
    "atol": 1e-4,
    "cases": [
        # (count, nobs, low, high)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
    ],
}

# Agresti (2007) An Introduction to Categorical Data Analysis, 2nd ed., Table 2.5 (p. 39):
# party identification by gender (GSS). Counts as used in R's ?chisq.test example and in
# several R test files citing "Agresti (2007) p.39" (found with the search tool). Agresti
# reports Pearson X2 = 30.1 with df = 2 (one decimal).
AGRESTI_PARTY_ID = {
    "source": "Agresti 2007, Intro to Categorical Data Analysis 2nd ed., Table 2.5, p. 39-40",
    "female": {"Democrat": 762, "Independent": 327, "Republican": 468},
    "male": {"Democrat": 484, "Independent": 239, "Republican": 477},
    "statistic": 30.1,
    "atol": 0.05,
    "df": 2,
}

# Navarro, Learning Statistics with R, as the example of lsr::cramersV: two conditions of
# 100 people choosing among three options; "returns a value of 0.159" (3 decimals).
NAVARRO_CRAMERS_V = {
    "source": "R package lsr, ?cramersV example (Navarro, Learning Statistics with R)",
    "condition1": {"choice1": 30, "choice2": 20, "choice3": 50},
    "condition2": {"choice1": 35, "choice2": 30, "choice3": 35},
    "cramers_v": 0.159,
    "atol": 5e-4,
}

# The published 2013 professions table (see data/ for the source) and its known error.
PROFESSIONS_2013 = {
    "source": "published 2013 table of akims' professions; 367 is a typo for 357",
    "categories": ["pedagogue", "agriculture", "engineer", "economist", "lawyer", "other"],
    "counts": [627, 501, 417, 367, 281, 271],
    "percents": ["25.6%", "20.4%", "17%", "14.5%", "11.5%", "11%"],
    "total": 2454,
    "correction": ("count", "economist", 367, 357),
}

# 2009 census shares (percent) and published baselines used in the reports.
CENSUS_2009_ETHNICITY = {
    "kazakh": 0.631, "russian": 0.237, "uzbek": 0.028, "ukrainian": 0.021,
    "uighur": 0.014, "tatar": 0.013, "german": 0.011, "others": 0.045,
}

# Derrick, Dobson-McKittrick, Toher & White (2015), J. Applied Quantitative Methods 10(3):
# the worked example as shipped in the R package Partiallyoverlapping 2.0 (B. Derrick),
# ?Prop.test: 15 paired units (8 with the trait on both sides, 1 only in sample 1, 3 only in
# sample 2, 3 in neither), 9 units only in sample 1 (5 with the trait) and 6 only in sample
# 2 (all 6). The help page prints "p.value = 0.053" for the recommended z8 test (3 decimals).
# Found with the search tool (cran/Partiallyoverlapping, man/Prop.test.Rd).
DERRICK_2015_PROPORTIONS = {
    "source": "Derrick et al. 2015 JAQM 10(3) worked example; R Partiallyoverlapping 2.0 ?Prop.test",
    # paired rows: sample 1 value (1, 0); columns: sample 2 value (1, 0)
    "paired": [[8, 1], [3, 3]],
    "count_only": 5, "nobs_only": 9, "count_base_only": 6, "nobs_base_only": 6,
    "pvalue": 0.053,
    "atol": 5e-4,
}

# Derrick, Toher & White (2017), The Quantitative Methods for Psychology 13(2):120-126, the
# companion to Derrick, Russ, Toher & White (2017), JMASM 16(1):137-157: the worked example
# as shipped in R Partiallyoverlapping 2.0, ?Partover.test, equal variances assumed (T_new1):
# "p.value = 0.026" (3 decimals). Found with the search tool (man/Partover.test.Rd).
DERRICK_2017_MEANS = {
    "source": "Derrick, Toher & White 2017 TQMP 13(2) example; R Partiallyoverlapping 2.0 ?Partover.test",
    "a_unpaired": [20, 21, 16, 18, 14, 12, 14, 17],
    "a_paired": [14, 15, 18, 20, 11, 19, 14, 15],
    "b_unpaired": [10, 16, 18, 16, 15, 14, 13, 10],
    "b_paired": [15, 10, 15, 17, 13, 19, 12, 13],
    "pvalue_equal_var": 0.026,
    "atol": 5e-4,
}

# Agresti (2002) Categorical Data Analysis, 2nd ed., 10.1.1 (also Agresti 1990, p. 350, the
# example of R's ?mcnemar.test): presidential approval of 1600 people in two surveys a month
# apart; 794 approve both times, 150 approve only in the 2nd, 86 only in the 1st, 570 neither.
# Agresti prints z0 = (86 - 150) / sqrt(86 + 150) = -4.17 and the 95% Wald interval of the
# change of the approval share, 0.59 - 0.55 = 0.04, as (0.02, 0.06) (2 decimals).
AGRESTI_MCNEMAR = {
    "source": "Agresti 2002, Categorical Data Analysis 2nd ed., 10.1.1 (presidential approval)",
    # rows: 2nd survey (approve, disapprove); columns: 1st survey (approve, disapprove)
    "paired": [[794, 150], [86, 570]],
    "z": 4.17, "z_atol": 5e-3,
    "estimate": 0.04, "low": 0.02, "high": 0.06, "atol": 5e-3,
}

# Colditz et al. (1994) BCG vaccine trials, as R metafor's dat.bcg (tpos, tneg, cpos, cneg of
# 13 trials); log risk ratios and their variances (escalc(measure="RR")). metafor prints
# "Test for Heterogeneity: Q(df = 12) = 152.2330, p-val < .0001" (4 decimals) in its
# documentation and in many vignettes (found with the search tool).
METAFOR_BCG_Q = {
    "source": "R metafor, dat.bcg, rma(yi, vi): Q(df = 12) = 152.2330",
    "trials": [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
               (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619),
               (505, 87886, 499, 87892), (29, 7470, 45, 7232), (17, 1699, 65, 1600),
               (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)],
    "q": 152.2330, "atol": 5e-5, "df": 12,
    "i2": 0.9222,  # metafor's I^2 is from the REML tau^2, not (Q - df) / Q: not compared
}

# Cohen (1988) Statistical Power Analysis for the Behavioral Sciences, 2nd ed., 7.2:
# w = sqrt(sum (P1 - P0)^2 / P0). The example of R's pwr::ES.w1 (P0 = four equal shares,
# P1 = 0.375 and three of 0.625 / 3) gives w = 0.2887 = 1 / sqrt(12); 48 akims split
# 18, 10, 10, 10 have exactly the shares P1.
COHEN_W = {
    "source": "Cohen 1988 ch. 7, w of pwr::ES.w1 example: P0 = 1/4 each, P1 = (0.375, 0.2083 x 3)",
    "count": {"a": 18, "b": 10, "c": 10, "d": 10},
    "shares": {"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25},
    "cohens_w": 0.2887, "atol": 5e-5,
}

# One-sample tests of a share against a known value, from R. The score test without
# continuity correction, as the ISCAM package's snapshot tests print it ("iscamonepropztest
# agrees with prop.test"): 35 of 50 against 0.5, alternative greater: z = 2.828,
# p = 0.002339; 20 of 50 against 0.5, alternative less: z = -1.414, p = 0.07865.
# The exact binomial test, R's ?binom.test example (Conover 1971, p. 97f., Mendel's peas):
# 682 of 925 against 3/4, p-value = 0.3825; and the bark-beetle example of a course script:
# binom.test(c(10, 17), p = 0.5), p-value = 0.2478. Found with the search tool.
R_ONE_SAMPLE = {
    "source": "R prop.test(correct=FALSE) via ISCAM snapshots; R ?binom.test (Conover 1971)",
    "score": [  # (count, nobs, p0, alternative, z, pvalue, atol of p)
        (35, 50, 0.5, "larger", 2.828, 0.002339, 5e-7),
        (20, 50, 0.5, "smaller", -1.414, 0.07865, 5e-6),
    ],
    "z_atol": 5e-4,
    "exact": [(682, 925, 0.75, 0.3825), (10, 27, 0.5, 0.2478)],
    "atol": 5e-5,
}
