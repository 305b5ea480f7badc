"""When a report's baseline is no baseline: the rules `ScopeData` applies before comparing a
cycle with the one it is compared with (invented akims are never the baseline of real ones; a
corps at a date is compared with a corps, not with the akims elected in one round)."""

from __future__ import annotations

from akimstat.data.codelists import unlike_baseline


class BaselineRules:
    """Mixed into `akimstat.report.scope.ScopeData`: needs `data`, `cycle` and `base_cycle`."""

    @property
    def synthetic_baseline_refused(self) -> bool:
        """True when this cycle is real and the baseline's records synthetic: invented akims are
        never the baseline of real ones (the baseline's published figures still are)."""
        synthetic = self.data.synthetic_cycles
        return self.cycle not in synthetic and self.base_cycle in synthetic

    @property
    def unlike_baseline(self) -> bool:
        """True when this cycle is a corps at a date and the baseline counts something else (the
        akims elected in one round): not like with like, so nothing is compared
        (`akimstat.data.codelists.unlike_baseline`)."""
        return unlike_baseline(self.data.codes.cycles, self.cycle, self.base_cycle)
