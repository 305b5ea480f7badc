"""Statistics layer: shares, changes, distributions, age, diversity, regions, audit, suppression.

The corps of akims is a whole population, not a sample: intervals and tests describe the
process that produced it ("would a difference this large arise by chance in a process with
no change?"), not sampling error. Every result is a small frozen dataclass or a DataFrame;
reports translate them.

Arguments are named alike everywhere: ``count``, ``nobs`` (and ``count_base``,
``nobs_base``, ``share_base`` for a baseline), ``alpha``, ``alternative``; results carry
``estimate``, ``low``, ``high``, ``statistic``, ``pvalue`` and ``method``.

Public API
----------
proportion
    share_interval(count, nobs, alpha) -> Share
    add_share_intervals(counts, alpha, by) -> DataFrame with nobs, share, low, high
    share_difference(count, nobs, count_base, nobs_base, alpha, alternative) -> ShareDifference
    share_vs_reference(count, nobs, share_base, alpha, alternative, method) -> ShareVsReference
    wilson_limits(count, nobs, alpha) -> (low, high) arrays
renewal
    incumbents_kept(ids_before, ids_after, alpha) -> Share
overlap (two corps that share people, linked by person id)
    overlap_share_difference(paired, count_only, nobs_only, count_base_only, nobs_base_only,
                             alpha, alternative) -> OverlapShareDifference
    overlap_mean_difference(x_only, x_base_only, x_paired, x_base_paired, alpha, alternative,
                            equal_var, mu) -> OverlapMeanDifference
    paired_share_change(paired, alpha) -> PairedShareChange
    link_corps(records, records_base, id_column) -> LinkedCorps
    linked_share_change(records, records_base, variable, category, alpha, id_column) -> LinkedShareChange
    linked_mean_change(records, records_base, variable, alpha, id_column, equal_var) -> LinkedMeanChange
    linked_share_changes_by(records, records_base, variable, category, by, alpha, id_column, parts_by)
        -> DataFrame
    linked_distribution_change(records, records_base, variable, n_simulations, seed, id_column)
        -> LinkedDistributionChange
    linked_corps_by(records, records_base, by, id_column) -> dict of LinkedCorps
    entrants_vs_leavers_by(parts_by, variable, n_simulations, seed) -> DataFrame
    marginal_homogeneity(table) -> MarginalHomogeneity (Stuart-Maxwell)
distribution
    compare_distribution_counts(count, count_base, n_simulations, seed, merge_into) -> DistributionTest
    compare_distribution_shares(count, shares, n_simulations, seed, merge_into, others) -> DistributionTest
    monte_carlo_se(pvalue, n_simulations) -> float; supported_decimals(se, most) -> int
age
    age_summary(ages, threshold, alpha) -> AgeSummary
    age_bands(ages, edges) -> Series
    age_difference(ages, ages_base, alpha) -> AgeDifference
election (the elected are a subset of the candidates)
    election_chance(elected, candidates, elected_other, candidates_other, alpha) -> ElectionChance
diversity
    diversity(count) -> Diversity
    representation_ratios(count, population_shares, alpha, others, intervals) -> DataFrame
    fold_others(count, known, others) -> Series
regions
    funnel_limits(p0, nobs, levels, phi, tau2, method, scale) -> DataFrame
    overdispersion(count, nobs, p0, winsor) -> Overdispersion
    compare_regions(count, nobs, regions, p0, levels, alpha, adjustment, winsor, scale) -> RegionComparison
    compare_changes(estimate, se, regions, alpha) -> ChangeComparison
audit
    audit_table(categories, counts, percents, total) -> TableAudit
    parse_percent(text), format_percent(count, total, decimals)
disclosure
    suppress_table(table, threshold, suppress_zeros, min_width) -> Suppression
    suppress_counts(counts, sensitive, threshold, suppress_zeros, published, min_width) -> DataFrame
    cell_ranges(values, hidden, a_eq), protect(values, primary, a_eq, lower, keep, min_width)
    published_diversity(count, nobs) -> Diversity (suppressed cells pooled)
"""

from akimstat.stats.age import AgeDifference, AgeSummary, age_bands, age_difference, age_summary
from akimstat.stats.audit import (
    Change,
    Correction,
    Inconsistency,
    TableAudit,
    audit_table,
    format_percent,
    parse_percent,
)
from akimstat.stats.election import ElectionChance, election_chance
from akimstat.stats.disclosure import (
    Suppression,
    cell_ranges,
    protect,
    published_diversity,
    suppress_counts,
    suppress_table,
)
from akimstat.stats.distribution import (
    DistributionTest,
    compare_distribution_counts,
    compare_distribution_shares,
    monte_carlo_se,
    supported_decimals,
)
from akimstat.stats.diversity import Diversity, diversity, fold_others, representation_ratios
from akimstat.stats.linked import LinkedCorps, LinkedDistributionChange, LinkedMeanChange, LinkedShareChange, MarginalHomogeneity, PairedShareChange, link_corps, entrants_vs_leavers_by, linked_corps_by, linked_distribution_change, linked_mean_change, linked_share_change, linked_share_changes_by, marginal_homogeneity, paired_share_change
from akimstat.stats.overlap import OverlapMeanDifference, OverlapShareDifference, overlap_mean_difference, overlap_share_difference
from akimstat.stats.proportion import (
    Share,
    ShareDifference,
    ShareVsReference,
    add_share_intervals,
    share_difference,
    share_interval,
    share_vs_reference,
    wilson_limits,
)
from akimstat.stats.regions import (
    ChangeComparison,
    Overdispersion,
    RegionComparison,
    compare_changes,
    compare_regions,
    funnel_limits,
    overdispersion,
)
from akimstat.stats.renewal import incumbents_kept

__all__ = [
    "AgeDifference", "AgeSummary", "age_bands", "age_difference", "age_summary",
    "Change", "Correction", "Inconsistency", "TableAudit", "audit_table", "format_percent",
    "parse_percent", "Suppression", "cell_ranges", "protect", "published_diversity", "suppress_counts",
    "suppress_table", "DistributionTest", "compare_distribution_counts",
    "compare_distribution_shares", "monte_carlo_se", "supported_decimals", "Diversity", "diversity", "fold_others",
    "representation_ratios", "Share", "ShareDifference", "ShareVsReference",
    "add_share_intervals", "share_difference", "share_interval", "share_vs_reference", "wilson_limits",
    "Overdispersion", "RegionComparison", "compare_regions", "funnel_limits",
    "overdispersion", "incumbents_kept",
    "LinkedCorps", "LinkedMeanChange", "LinkedShareChange", "OverlapMeanDifference",
    "OverlapShareDifference", "PairedShareChange", "link_corps", "linked_mean_change",
    "linked_share_change", "overlap_mean_difference", "overlap_share_difference",
    "paired_share_change", "linked_share_changes_by", "LinkedDistributionChange",
    "MarginalHomogeneity", "linked_distribution_change", "linked_corps_by", "entrants_vs_leavers_by", "marginal_homogeneity", "ChangeComparison", "compare_changes",
    "ElectionChance", "election_chance",
]
