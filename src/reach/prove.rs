//! Fixes that are proved (docs S10): every candidate change is applied to the
//! inventory and the pairs it can affect are checked again before it is shown.
//!
//! The prover works in rounds over the failing pairs. In each round every pair
//! that is still failing proposes, for each of its blocking and undecided
//! findings, its most preferred candidate change not yet ruled out (for a
//! same-region pair whose path is broken, binding the resource group to the data
//! source's VPC first, docs S10.3). The new changes are added to the plan of the
//! earlier rounds and applied together as one RFC 6902 patch to the merged
//! inventory document, which is then loaded, validated and routed again. The
//! pairs the new changes can affect ([`Impact`]) are checked in that world:
//!
//! - a pair that proposed none of them must not gain a blocking or undecided
//!   finding it did not have before the plan (docs S10.2, S10.7): if one does,
//!   every new change that can affect it is ruled out and the round is tried
//!   again without them;
//! - a proposing pair's finding that is still there rules its change out for it;
//!   a finding the path now reaches (a deeper blocker) is answered in the next
//!   round.
//!
//! When no pair proposes anything new, the plan is checked as a whole once more:
//! changes that removed no finding are dropped, and every pair the plan claims
//! (reachable after it) and every pair it can affect is checked against the
//! world before the plan. A pair's fixes are the changes of the plan that removed
//! one of its findings; its decisions are the findings no proved change removes.
//!
//! Cost: R rounds (at most [`MAX_ROUNDS`]), each one load, validation and
//! routing of the patched inventory (O(inventory)) plus the check of the failing
//! pairs and of the pairs the round's changes can affect; a change whose effect
//! is confined to one prefix, data source, security group or resource group
//! (routes, whitelists, rules, bindings) affects only the pairs that meet it,
//! while a structural change (an association, a propagation, a bandwidth, a
//! peering's status) affects every pair.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

use ipnet::Ipv4Net;
use rayon::prelude::*;
use serde_json::Value;

use super::{Decision, Engine, Fix, PairReport, Scenario, Verdict};
use crate::diag::SourceMap;
use crate::findings::{patch_all, Change, Class, Code, DocIndex, Remedy};
use crate::model::Inventory;
use crate::route::Routing;
use crate::validate::{DsIx, DsLocation, Kind, RgIx, ValidInventory};

/// Rounds of proposals before the prover stops; a path rarely has more
/// blockers in a row than this.
pub const MAX_ROUNDS: usize = 8;

/// A pair by ids (stable across re-validated worlds).
pub type PairId = (String, String);

/// A finding by what it is about: (code, resource).
type Key = (Code, String);

/// Which pairs a change can affect.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Impact {
    /// Pairs toward this data source.
    Source(String),
    /// Pairs toward data sources this security group guards.
    SecurityGroup(String),
    /// Pairs of this resource group.
    Group(String),
    /// Pairs that look up an address of this range (the data source's address
    /// or a source range of the group).
    Prefix(Ipv4Net),
    /// Every pair.
    All,
}

/// One world: an inventory with some changes applied, validated and routed.
struct World {
    valid: ValidInventory,
    routing: Routing,
}

/// The pair in `valid`, by ids.
fn locate(valid: &ValidInventory, pair: &PairId) -> Option<(RgIx, DsIx)> {
    match (valid.lookup(&pair.0), valid.lookup(&pair.1)) {
        (Some((Kind::ResourceGroup, rg)), Some((Kind::DataSource, ds))) => {
            Some((RgIx::at(rg), DsIx::at(ds)))
        }
        _ => None,
    }
}

/// The blocking and undecided findings of a report.
fn bad(report: &PairReport) -> BTreeSet<Key> {
    report
        .findings
        .iter()
        .filter(|f| matches!(f.code.class(), Class::Blocking | Class::Undecided))
        .map(|f| (f.code, f.resource.clone()))
        .collect()
}

/// What one failing pair did during the proof.
#[derive(Debug, Default, Clone)]
struct PairState {
    /// The report in the current plan's world.
    report: Option<PairReport>,
    /// (finding, change) proposals made, in order.
    proposed: Vec<(Key, Change)>,
    /// Changes that did not remove the finding they were proposed for.
    failed: HashSet<Change>,
    /// The binding strategy was tried (docs S10.3).
    bind_tried: bool,
}

/// The proved plan and what it does for each pair.
#[derive(Debug, Default)]
pub struct Plan {
    /// The changes, in the order they were proved.
    pub changes: Vec<Change>,
    /// For each failing pair: the indices of the changes that removed one of its
    /// findings, and the findings each removed.
    fixes: HashMap<PairId, Vec<(usize, Vec<Key>)>>,
    /// Failing pairs that are reachable once the plan is applied.
    pub reachable: BTreeSet<PairId>,
    /// Failing pairs that still fail, with their remaining blocking and undecided findings' reasons.
    decisions: HashMap<PairId, Vec<Decision>>,
    /// Each change's standalone patch, and its console action and API.
    shown: Vec<Fix>,
}

/// What the prover needs of the inventory before any change.
pub struct Prover<'a> {
    inventory: &'a Inventory,
    document: Value,
    index: DocIndex,
    valid: &'a ValidInventory,
    routing: &'a Routing,
}

impl<'a> Prover<'a> {
    /// A prover over the merged inventory and its validated, routed form.
    pub fn new(inventory: &'a Inventory, valid: &'a ValidInventory, routing: &'a Routing) -> Self {
        Prover {
            inventory,
            document: serde_json::to_value(inventory).unwrap_or(Value::Null),
            index: DocIndex::new(inventory),
            valid,
            routing,
        }
    }

    /// The world with `changes` applied, or `None` when the patch does not
    /// apply or the result is not a valid inventory.
    fn world(&self, changes: &[Change]) -> Option<World> {
        let ops = patch_all(changes, self.inventory, &self.index)?;
        let patch: json_patch::Patch = serde_json::from_value(Value::Array(ops)).ok()?;
        let mut document = self.document.clone();
        json_patch::patch(&mut document, &patch).ok()?;
        let inventory: Inventory = serde_json::from_value(document).ok()?;
        let valid = crate::validate::validate(&inventory, &SourceMap::default()).ok()?;
        let routing = crate::route::build(&valid);
        Some(World { valid, routing })
    }

    fn impact(&self, change: &Change) -> Impact {
        match change {
            Change::Bind { group, .. } | Change::GroupRoute { group, .. } => {
                Impact::Group(group.clone())
            }
            Change::VpcRoute { destination, .. }
            | Change::TrRoute { destination, .. }
            | Change::TrRouteReplace { destination, .. }
            | Change::VbrRoute { destination, .. }
            | Change::DcRoute { destination, .. } => Impact::Prefix(*destination),
            Change::VpnRemoteCidr { cidr, .. } | Change::VpnLocalCidr { cidr, .. } => {
                Impact::Prefix(*cidr)
            }
            Change::Whitelist { data_source, .. } => Impact::Source(data_source.clone()),
            Change::SecurityGroupRule { group, revoke, .. } => match revoke {
                Some(r) if r.group != *group => Impact::All,
                _ => Impact::SecurityGroup(group.clone()),
            },
            Change::SnatEntry {
                source_vswitch,
                source_cidr,
                ..
            } => {
                let cidr = source_cidr.or_else(|| {
                    let id = source_vswitch.as_deref()?;
                    match self.valid.lookup(id)? {
                        (Kind::VSwitch, i) => self
                            .valid
                            .vswitches
                            .lookup(crate::validate::VswIx::at(i))
                            .map(|s| s.cidr),
                        _ => None,
                    }
                });
                cidr.map_or(Impact::All, Impact::Prefix)
            }
            Change::TrPropagation { .. }
            | Change::TrAssociation { .. }
            | Change::SnatIps { .. }
            | Change::CenBandwidth { .. }
            | Change::AcceptPeering { .. } => Impact::All,
        }
    }

    /// Every pair of the inventory some impact can reach, in (group id, data
    /// source id) order: O(G + D) to find the groups and data sources hit, then
    /// the rows and columns they span.
    fn affected(&self, impacts: &[Impact]) -> Vec<PairId> {
        let v = self.valid;
        let groups = v.groups_by_id();
        let sources = v.sources_by_id();
        let all = impacts.contains(&Impact::All)
            || impacts.iter().any(|i| match i {
                Impact::Prefix(x) => v
                    .nat_gateways
                    .iter()
                    .any(|n| n.nat_ips.iter().any(|ip| x.contains(ip))),
                _ => false,
            });
        let prefixes: Vec<Ipv4Net> = impacts
            .iter()
            .filter_map(|i| match i {
                Impact::Prefix(x) => Some(*x),
                _ => None,
            })
            .collect();
        let overlaps = |net: &Ipv4Net| prefixes.iter().any(|x| x.contains(net) || net.contains(x));
        let hit_group = |rg: RgIx| {
            let group = &v.resource_groups[rg];
            all || impacts
                .iter()
                .any(|i| matches!(i, Impact::Group(g) if *g == group.id))
                || group
                    .bindings
                    .iter()
                    .any(|b| overlaps(&v.vswitches[b.vswitch].cidr))
                || group
                    .public_ip
                    .is_some_and(|ip| prefixes.iter().any(|x| x.contains(&ip)))
        };
        let hit_source = |ds: DsIx| {
            let source = &v.data_sources[ds];
            let guarded_by = |sg: &str| {
                let own = source
                    .security_groups
                    .iter()
                    .any(|s| v.security_groups[*s].id == sg);
                let instance = match source.location {
                    DsLocation::Ecs(ecs) => v.ecs_instances[ecs]
                        .security_groups
                        .iter()
                        .any(|s| v.security_groups[*s].id == sg),
                    _ => false,
                };
                own || instance
            };
            impacts.iter().any(|i| match i {
                Impact::Source(id) => *id == source.id,
                Impact::SecurityGroup(sg) => guarded_by(sg),
                _ => false,
            }) || match source.ip {
                IpAddr::V4(ip) => prefixes.iter().any(|x| x.contains(&ip)),
                IpAddr::V6(_) => false,
            }
        };
        let rows: Vec<bool> = groups.iter().map(|&rg| hit_group(rg)).collect();
        let columns: Vec<bool> = sources.iter().map(|&ds| hit_source(ds)).collect();
        let mut pairs = Vec::new();
        for (&rg, row) in groups.iter().zip(&rows) {
            for (&ds, column) in sources.iter().zip(&columns) {
                if *row || *column {
                    pairs.push((
                        v.resource_groups[rg].id.clone(),
                        v.data_sources[ds].id.clone(),
                    ));
                }
            }
        }
        pairs
    }

    /// Reports of `pairs` in a world, in parallel.
    fn check(
        valid: &ValidInventory,
        routing: &Routing,
        pairs: &[PairId],
    ) -> HashMap<PairId, PairReport> {
        let engine = Engine::new(valid, routing);
        pairs
            .par_iter()
            .filter_map(|pair| {
                let (rg, ds) = locate(valid, pair)?;
                Some((pair.clone(), engine.check_pair(rg, ds)))
            })
            .collect()
    }

    /// Reports of `pairs` before any change.
    fn check_base(&self, pairs: &[PairId]) -> HashMap<PairId, PairReport> {
        Self::check(self.valid, self.routing, pairs)
    }

    /// Reports of `pairs` in `world`.
    fn check_in(world: &World, pairs: &[PairId]) -> HashMap<PairId, PairReport> {
        Self::check(&world.valid, &world.routing, pairs)
    }

    /// Whether binding the group to the data source's VPC is the seed's
    /// recommendation for this pair (docs S10.3): scenarios 1 and 4, the data
    /// source in one VPC of the group's region and account, and a blocker on the
    /// path (a whitelist or security group blocks in every binding alike).
    fn bind_candidate(&self, report: &PairReport) -> Option<Change> {
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
        let group = match v.lookup(&report.resource_group)? {
            (Kind::ResourceGroup, i) => v.resource_groups.lookup(RgIx::at(i))?,
            _ => return None,
        };
        let source = match v.lookup(&report.data_source)? {
            (Kind::DataSource, i) => v.data_sources.lookup(DsIx::at(i))?,
            _ => return None,
        };
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

    /// What a failing pair proposes this round.
    fn proposals(
        &self,
        state: &mut PairState,
        rejected: &HashSet<Change>,
        bind: bool,
    ) -> Vec<(Key, Change)> {
        let Some(report) = &state.report else {
            return Vec::new();
        };
        if bind && !state.bind_tried {
            if let Some(change) = self.bind_candidate(report) {
                if !rejected.contains(&change) {
                    state.bind_tried = true;
                    let key = report
                        .primary()
                        .map(|f| (f.code, f.resource.clone()))
                        .unwrap_or((Code::NoRoute, String::new()));
                    return vec![(key, change)];
                }
            }
        }
        let mut out = Vec::new();
        for finding in &report.findings {
            if !matches!(finding.code.class(), Class::Blocking | Class::Undecided) {
                continue;
            }
            let Some(Remedy::Change(candidates)) = &finding.remedy else {
                continue;
            };
            let key = (finding.code, finding.resource.clone());
            let chosen = candidates.iter().find(|c| {
                !rejected.contains(*c)
                    && !state.failed.contains(*c)
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

    /// Proves fixes for the failing pairs `failing` (their reports before any
    /// change). Every pair of the inventory counts for "no pair got worse".
    pub fn prove(&self, failing: Vec<PairReport>) -> Plan {
        let mut states: BTreeMap<PairId, PairState> = failing
            .into_iter()
            .map(|report| {
                (
                    (report.resource_group.clone(), report.data_source.clone()),
                    PairState {
                        report: Some(report),
                        ..PairState::default()
                    },
                )
            })
            .collect();
        let original: HashMap<PairId, BTreeSet<Key>> = states
            .iter()
            .map(|(pair, state)| {
                (
                    pair.clone(),
                    state.report.as_ref().map(bad).unwrap_or_default(),
                )
            })
            .collect();
        let mut before: HashMap<PairId, BTreeSet<Key>> = original.clone();
        let mut accepted: Vec<Change> = Vec::new();
        let mut rejected: HashSet<Change> = HashSet::new();
        for phase_bind in [true, false] {
            let mut rounds = 0;
            while rounds < MAX_ROUNDS {
                rounds += 1;
                let mut proposals: Vec<(PairId, Key, Change)> = Vec::new();
                for (pair, state) in states.iter_mut() {
                    if state
                        .report
                        .as_ref()
                        .is_none_or(|r| r.verdict == Verdict::Reachable)
                    {
                        continue;
                    }
                    for (key, change) in self.proposals(state, &rejected, phase_bind) {
                        proposals.push((pair.clone(), key, change));
                    }
                }
                let mut new: Vec<Change> = Vec::new();
                for (_, _, change) in &proposals {
                    if !accepted.contains(change) && !new.contains(change) {
                        new.push(change.clone());
                    }
                }
                if new.is_empty() {
                    break;
                }
                let mut trial = accepted.clone();
                trial.extend(new.iter().cloned());
                let Some(world) = self.world(&trial) else {
                    // Find the changes that do not apply or leave the inventory invalid.
                    for change in &new {
                        let mut alone = accepted.clone();
                        alone.push(change.clone());
                        if self.world(&alone).is_none() {
                            rejected.insert(change.clone());
                        }
                    }
                    continue;
                };
                let impacts: Vec<Impact> = new.iter().map(|c| self.impact(c)).collect();
                let mut recheck: BTreeSet<PairId> = self.affected(&impacts).into_iter().collect();
                recheck.extend(states.keys().cloned());
                let recheck: Vec<PairId> = recheck.into_iter().collect();
                // What the bystanders had before this round.
                let missing: Vec<PairId> = recheck
                    .iter()
                    .filter(|p| !before.contains_key(*p))
                    .cloned()
                    .collect();
                for (pair, report) in self.check_base(&missing) {
                    before.insert(pair, bad(&report));
                }
                let after = Self::check_in(&world, &recheck);
                let proposers: HashSet<&PairId> = proposals.iter().map(|(p, _, _)| p).collect();
                let mut worse: Vec<&PairId> = Vec::new();
                for (pair, report) in &after {
                    if proposers.contains(pair) {
                        continue;
                    }
                    let was = before.get(pair).cloned().unwrap_or_default();
                    if !bad(report).is_subset(&was) {
                        worse.push(pair);
                    }
                }
                if !worse.is_empty() {
                    let mut blamed = false;
                    for (change, impact) in new.iter().zip(&impacts) {
                        let hits = worse.iter().any(|pair| self.touches(impact, pair));
                        if hits {
                            rejected.insert(change.clone());
                            blamed = true;
                        }
                    }
                    if !blamed {
                        rejected.extend(new.iter().cloned());
                    }
                    continue;
                }
                // Accept the round.
                accepted.extend(new);
                for (pair, key, change) in proposals {
                    let Some(state) = states.get_mut(&pair) else {
                        continue;
                    };
                    let Some(report) = after.get(&pair) else {
                        continue;
                    };
                    if bad(report).contains(&key) && !matches!(change, Change::Bind { .. }) {
                        state.failed.insert(change.clone());
                    }
                    state.proposed.push((key, change));
                }
                for (pair, state) in states.iter_mut() {
                    if let Some(report) = after.get(pair) {
                        state.report = Some(report.clone());
                    }
                }
            }
            if phase_bind {
                // A binding that did not make its pair reachable is taken back,
                // and the pair tries its findings' own fixes instead.
                let undone: Vec<Change> = states
                    .values()
                    .filter(|s| {
                        s.report
                            .as_ref()
                            .is_some_and(|r| r.verdict != Verdict::Reachable)
                    })
                    .flat_map(|s| s.proposed.iter().map(|(_, c)| c.clone()))
                    .filter(|c| matches!(c, Change::Bind { .. }))
                    .collect();
                if !undone.is_empty() {
                    for change in &undone {
                        rejected.insert(change.clone());
                    }
                    accepted.retain(|c| !undone.contains(c));
                    self.reset(&mut states, &accepted, &original);
                }
            }
        }
        self.settle(states, accepted, &original)
    }

    /// Whether an impact can reach a pair (the test [`Prover::affected`] makes).
    fn touches(&self, impact: &Impact, pair: &PairId) -> bool {
        let v = self.valid;
        let (Some((Kind::ResourceGroup, rg)), Some((Kind::DataSource, ds))) =
            (v.lookup(&pair.0), v.lookup(&pair.1))
        else {
            return true;
        };
        let group = &v.resource_groups[RgIx::at(rg)];
        let source = &v.data_sources[DsIx::at(ds)];
        match impact {
            Impact::All => true,
            Impact::Group(g) => *g == group.id,
            Impact::Source(s) => *s == source.id,
            Impact::SecurityGroup(_) => self
                .affected(std::slice::from_ref(impact))
                .iter()
                .any(|p| p == pair),
            Impact::Prefix(x) => {
                group.bindings.iter().any(|b| {
                    let cidr = v.vswitches[b.vswitch].cidr;
                    x.contains(&cidr) || cidr.contains(x)
                }) || matches!(source.ip, IpAddr::V4(ip) if x.contains(&ip))
                    || group.public_ip.is_some_and(|ip| x.contains(&ip))
                    || v.nat_gateways
                        .iter()
                        .any(|n| n.nat_ips.iter().any(|ip| x.contains(ip)))
            }
        }
    }

    /// After changes were taken back: every failing pair's report in the world
    /// of the remaining plan, and its proposals cut to that plan.
    fn reset(
        &self,
        states: &mut BTreeMap<PairId, PairState>,
        accepted: &[Change],
        original: &HashMap<PairId, BTreeSet<Key>>,
    ) {
        let _ = original;
        let pairs: Vec<PairId> = states.keys().cloned().collect();
        let Some(world) = self.world(accepted) else {
            return;
        };
        let reports = Self::check_in(&world, &pairs);
        for (pair, state) in states.iter_mut() {
            state.proposed.retain(|(_, c)| accepted.contains(c));
            state.report = reports.get(pair).cloned();
        }
    }

    /// The final proof of the plan as a whole and what each pair shows.
    fn settle(
        &self,
        mut states: BTreeMap<PairId, PairState>,
        mut accepted: Vec<Change>,
        original: &HashMap<PairId, BTreeSet<Key>>,
    ) -> Plan {
        loop {
            // Keep only the changes that removed a finding of some pair.
            let used: HashSet<Change> = states
                .iter()
                .flat_map(|(pair, state)| {
                    let now = state.report.as_ref().map(bad).unwrap_or_default();
                    let was = original.get(pair).cloned().unwrap_or_default();
                    state
                        .proposed
                        .iter()
                        .filter(move |(key, change)| {
                            let _ = &was;
                            matches!(change, Change::Bind { .. }) || !now.contains(key)
                        })
                        .map(|(_, c)| c.clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            accepted.retain(|c| used.contains(c));
            let Some(world) = self.world(&accepted) else {
                accepted.clear();
                break;
            };
            let impacts: Vec<Impact> = accepted.iter().map(|c| self.impact(c)).collect();
            let mut recheck: BTreeSet<PairId> = self.affected(&impacts).into_iter().collect();
            recheck.extend(states.keys().cloned());
            let recheck: Vec<PairId> = recheck.into_iter().collect();
            let after = Self::check_in(&world, &recheck);
            let before_missing: Vec<PairId> = recheck
                .iter()
                .filter(|p| !original.contains_key(*p))
                .cloned()
                .collect();
            let before = self.check_base(&before_missing);
            let mut worse: Vec<PairId> = Vec::new();
            for (pair, report) in &after {
                let was = match original.get(pair) {
                    Some(keys) => keys.clone(),
                    None => before.get(pair).map(bad).unwrap_or_default(),
                };
                // A failing pair may show deeper blockers once its first ones are
                // fixed; no pair may get a worse verdict, and a pair that was not
                // failing may not gain a blocking or undecided finding.
                let was_verdict = if was.is_empty() {
                    Verdict::Reachable
                } else if was.iter().any(|(c, _)| c.class() == Class::Blocking) {
                    Verdict::Unreachable
                } else {
                    Verdict::Unknown
                };
                let rank = |v: Verdict| match v {
                    Verdict::Reachable => 0,
                    Verdict::Unknown => 1,
                    Verdict::Unreachable => 2,
                };
                let gained = !original.contains_key(pair) && !bad(report).is_subset(&was);
                if rank(report.verdict) > rank(was_verdict) || gained {
                    worse.push(pair.clone());
                }
            }
            if worse.is_empty() {
                for (pair, state) in states.iter_mut() {
                    state.report = after.get(pair).cloned();
                }
                break;
            }
            // Take back every change that can reach a pair that got worse.
            let before_len = accepted.len();
            let keep: Vec<Change> = accepted
                .iter()
                .zip(&impacts)
                .filter(|(_, impact)| !worse.iter().any(|p| self.touches(impact, p)))
                .map(|(c, _)| c.clone())
                .collect();
            accepted = if keep.len() == before_len {
                Vec::new()
            } else {
                keep
            };
            self.reset(&mut states, &accepted, original);
        }
        let mut plan = Plan {
            changes: accepted.clone(),
            ..Plan::default()
        };
        plan.shown = accepted
            .iter()
            .map(|change| Fix {
                action: change.action(),
                api: change.api().map(str::to_string),
                patch: change
                    .patch(self.inventory, &self.index)
                    .unwrap_or_default(),
            })
            .collect();
        for (pair, state) in states {
            let now = state.report.as_ref().map(bad).unwrap_or_default();
            let mut fixes: Vec<(usize, Vec<Key>)> = Vec::new();
            for (key, change) in &state.proposed {
                let Some(at) = accepted.iter().position(|c| c == change) else {
                    continue;
                };
                let removed = !now.contains(key) || matches!(change, Change::Bind { .. });
                if !removed {
                    continue;
                }
                match fixes.iter_mut().find(|(i, _)| *i == at) {
                    Some((_, keys)) => keys.push(key.clone()),
                    None => fixes.push((at, vec![key.clone()])),
                }
            }
            let reachable = state
                .report
                .as_ref()
                .is_some_and(|r| r.verdict == Verdict::Reachable);
            if reachable {
                plan.reachable.insert(pair.clone());
            }
            // What the plan leaves: the findings of the pair's report before
            // the plan that no kept change removed, with why.
            let decisions = self.decisions(&state, &now, &accepted);
            if !decisions.is_empty() {
                plan.decisions.insert(pair.clone(), decisions);
            }
            if !fixes.is_empty() {
                plan.fixes.insert(pair, fixes);
            }
        }
        plan
    }

    fn decisions(
        &self,
        state: &PairState,
        now: &BTreeSet<Key>,
        accepted: &[Change],
    ) -> Vec<Decision> {
        let Some(report) = &state.report else {
            return Vec::new();
        };
        let _ = accepted;
        report
            .findings
            .iter()
            .filter(|f| now.contains(&(f.code, f.resource.clone())))
            .map(|f| Decision {
                code: f.code,
                resource: f.resource.clone(),
                why: match &f.remedy {
                    Some(Remedy::Decide(why)) => why.clone(),
                    Some(Remedy::Change(candidates)) => match candidates.first() {
                        Some(first) => format!(
                            "no change netreach can prove removes it without harming another pair (tried: {})",
                            first.action()
                        ),
                        None => "no change netreach can prove removes it".to_string(),
                    },
                    None => "no change netreach can prove removes it".to_string(),
                },
            })
            .collect()
    }
}

impl Plan {
    /// Sets a pair report's proved fixes, each finding's proved action and the
    /// decisions it needs; a pair the plan does not know keeps none.
    pub fn annotate(&self, report: &mut PairReport) {
        let pair = (report.resource_group.clone(), report.data_source.clone());
        report.fixes.clear();
        report.decisions.clear();
        for finding in &mut report.findings {
            finding.fix = None;
        }
        if report.verdict == Verdict::Reachable {
            return;
        }
        if let Some(fixes) = self.fixes.get(&pair) {
            for (at, keys) in fixes {
                let Some(fix) = self.shown.get(*at) else {
                    continue;
                };
                report.fixes.push(fix.clone());
                for finding in &mut report.findings {
                    if finding.fix.is_none()
                        && keys
                            .iter()
                            .any(|(c, r)| *c == finding.code && *r == finding.resource)
                    {
                        finding.fix = Some(fix.action.clone());
                    }
                }
            }
        }
        if let Some(decisions) = self.decisions.get(&pair) {
            report.decisions = decisions.clone();
        }
    }

    /// Whether the plan knows this pair (it was failing when the plan was made).
    pub fn knows(&self, resource_group: &str, data_source: &str) -> bool {
        let pair = (resource_group.to_string(), data_source.to_string());
        self.fixes.contains_key(&pair) || self.decisions.contains_key(&pair)
    }

    /// The whole plan as one RFC 6902 patch of the merged inventory.
    pub fn patch(&self, inventory: &Inventory) -> Vec<Value> {
        patch_all(&self.changes, inventory, &DocIndex::new(inventory)).unwrap_or_default()
    }

    /// Each change with its action, API and standalone patch, in plan order.
    pub fn fixes(&self) -> &[Fix] {
        &self.shown
    }

    /// The decisions of every pair the plan leaves failing, by pair id.
    pub fn open_decisions(&self) -> Vec<(&PairId, &[Decision])> {
        let mut out: Vec<(&PairId, &[Decision])> = self
            .decisions
            .iter()
            .map(|(p, d)| (p, d.as_slice()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}

/// A failing pair's report cut to what the proof reads: verdict, scenario,
/// findings with their remedies (the hops and messages are dropped, so that a
/// large account's failing pairs fit in memory).
fn slim(mut report: PairReport) -> PairReport {
    report.forward = Vec::new();
    report.return_path = Vec::new();
    report.bindings = Vec::new();
    report.solution = None;
    for finding in &mut report.findings {
        finding.message = String::new();
        finding.related = Vec::new();
    }
    report
}

/// Checks `pairs`, then proves fixes for those that fail: the plan every
/// report of these pairs is annotated with ([`Plan::annotate`]).
pub fn plan_for(
    inventory: &Inventory,
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(RgIx, DsIx)],
) -> Plan {
    let engine = Engine::new(valid, routing);
    let failing: Vec<PairReport> = pairs
        .par_iter()
        .filter_map(|&(rg, ds)| {
            let report = engine.check_pair(rg, ds);
            (report.verdict != Verdict::Reachable).then(|| slim(report))
        })
        .collect();
    if failing.is_empty() {
        return Plan::default();
    }
    Prover::new(inventory, valid, routing).prove(failing)
}
