//! What a failing pair proposes in a round: the binding the seed recommends
//! (semantics S10.3, in the binding phase), then for each blocking or undecided
//! finding its most preferred candidate change not yet ruled out.

use std::collections::HashSet;

use super::first_pass::decides;
use super::{Key, Named, PairState, Prover};
use crate::findings::{Change, Class, Code, Remedy};
use crate::reach::{PairReport, Scenario};
use crate::validate::DsLocation;

impl Prover<'_> {
    /// Whether binding the group to the data source's VPC is the seed's
    /// recommendation for this pair (semantics S10.3): scenarios 1 and 4, the data
    /// source in one VPC of the group's region and account, and a blocker on the
    /// path (a whitelist or security group blocks in every binding alike).
    pub(super) fn bind_candidate(&self, n: usize, report: &PairReport) -> Option<Change> {
        if !matches!(report.scenario, Scenario::SameRegion | Scenario::Ecs) {
            return None;
        }
        let path_blocked = report.findings.iter().any(|f| {
            f.code.class() == Class::Blocking
                && !matches!(
                    f.code,
                    Code::WhitelistMissing | Code::WhitelistPartial | Code::SecurityGroupDenied
                )
        });
        if !path_blocked {
            return None;
        }
        let v = self.valid;
        let (rg, ds) = self.universe.pair(n)?;
        let group = v.resource_groups.lookup(rg)?;
        let source = v.data_sources.lookup(ds)?;
        let vswitch = match source.location {
            DsLocation::Vpc(_, Some(vsw)) => vsw,
            DsLocation::Ecs(ecs) => v.ecs_instances[ecs].vswitch,
            _ => return None,
        };
        let vsw = &v.vswitches[vswitch];
        let vpc = &v.vpcs[vsw.vpc];
        if vpc.region != group.region
            || group
                .bindings
                .iter()
                .any(|b| b.vpc == vsw.vpc && b.vswitch == vswitch)
        {
            return None;
        }
        let group_account = group.account.as_ref().or_else(|| {
            group
                .bindings
                .first()
                .and_then(|b| v.vpcs[b.vpc].account.as_ref())
        });
        if group_account.is_some() && vpc.account.is_some() && group_account != vpc.account.as_ref()
        {
            return None;
        }
        Some(Change::Bind {
            group: group.id.clone(),
            vpc: vpc.id.clone(),
            vswitch: vsw.id.clone(),
        })
    }

    /// What failing pair `n` proposes this round: in the binding phase, the
    /// binding first; then, for each blocking or undecided finding, its most
    /// preferred candidate not ruled out.
    pub(super) fn proposals(
        &self,
        n: usize,
        state: &mut PairState,
        rejected: &HashSet<Change>,
        named: &Named,
        bind: bool,
    ) -> Vec<(Key, Change)> {
        let Some(report) = &state.report else {
            return Vec::new();
        };
        if bind && !state.bind_tried {
            state.bind_tried = true;
            if let Some(change) = self.bind_candidate(n, report) {
                if !rejected.contains(&change) {
                    let key = report
                        .primary()
                        .map(|f| (f.code, f.resource.clone()))
                        .unwrap_or((Code::NoRoute, String::new()));
                    return vec![(key, change)];
                }
            }
        }
        // After a new binding, the findings of that binding are the ones to
        // answer (the report shows the first binding with the pair's verdict).
        let bound = state
            .proposed
            .iter()
            .rev()
            .find_map(|(_, c)| match named.change(*c) {
                Change::Bind { vpc, vswitch, .. } => report
                    .bindings
                    .iter()
                    .find(|b| b.binding.vpc == *vpc && b.binding.vswitch == *vswitch),
                _ => None,
            });
        let findings = bound.map_or(&report.findings, |b| &b.findings);
        let mut out = Vec::new();
        for finding in findings {
            if !decides(finding) {
                continue;
            }
            let Some(Remedy::Change(candidates)) = &finding.remedy else {
                continue;
            };
            let key = (finding.code, finding.resource.clone());
            let chosen = candidates.iter().find(|c| {
                !rejected.contains(*c)
                    && !named.find(c).is_some_and(|id| state.failed.contains(&id))
                    && c.patch(self.inventory, &self.index).is_some()
            });
            if let Some(change) = chosen {
                if !out.iter().any(|(_, c)| c == change) {
                    out.push((key, change.clone()));
                }
            }
        }
        out
    }
}
