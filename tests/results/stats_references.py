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
