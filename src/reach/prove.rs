//! Fixes that are proved (docs S10): every candidate change is applied to the
//! inventory and the pairs it can affect are checked again before it is shown.
//!
//! A first pass checks every pair of the inventory and keeps its footprint (the
//! resources its walks met). The prover then works in rounds over the failing
//! pairs. In each round every pair that is still failing proposes, for each of
//! its blocking and undecided findings, its most preferred candidate change not
//! yet ruled out; a second phase offers the pairs whose path no change fixed the
//! binding of the resource group to the data source's VPC (docs S10.3, capped
//! by [`MAX_NEW_BINDINGS`] and [`MAX_BIND_CANDIDATES`]). The new changes are added to the plan of the
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
//! When no pair proposes anything new, the plan is settled: changes that removed
//! no finding are dropped, and the pairs the dropped changes can affect (every
//! pair the plan can affect, when a change was taken back since the last round)
//! are checked against the world before the plan. A pair's fixes are the changes of the plan that removed
//! one of its findings; its decisions are the findings no proved change removes.
//!
//! Cost: R rounds (at most [`MAX_ROUNDS`]), each one load, validation and
//! routing of the patched inventory (O(inventory)) plus the check of the failing
//! pairs and of the pairs the round's changes can affect ([`Impact`]: a route,
//! whitelist, rule or binding reaches the pairs that meet its prefix, data
//! source, security group or group; an association, a peering or a SNAT change
//! the pairs whose footprint holds its resources; a bandwidth or a peer
//! attachment every pair).

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
use crate::validate::{AttIx, AttachmentKind, DsIx, DsLocation, Kind, RgIx, ValidInventory};

/// Rounds of proposals per phase before the prover stops; a path rarely has
/// more blockers in a row than this.
pub const MAX_ROUNDS: usize = 8;

/// New bindings a plan gives one resource group at most: rebinding is the
/// seed's recommendation for a pair, not a way to join a group to every VPC of
/// an account (past this, the pair's own path fixes or a decision stand).
pub const MAX_NEW_BINDINGS: usize = 4;

/// Bindings a plan proposes in all: past this many distinct (group, VPC)
/// candidates the binding phase is left out, and those pairs keep their own
/// path fixes or decisions (a plan that rebinds groups wholesale is a redesign).
pub const MAX_BIND_CANDIDATES: usize = 16;

/// A pair by ids (stable across re-validated worlds).
pub type PairId = (String, String);

/// A finding by what it is about: (code, resource).
type Key = (Code, String);

/// A resource of the base world as a number: its kind and its index.
fn encode(valid: &ValidInventory, id: &str) -> Option<u32> {
    let (kind, index) = valid.lookup(id)?;
    let index = u32::try_from(index).ok().filter(|i| *i < (1 << 26))?;
    Some(((kind as u32) << 26) | index)
}

/// The resources a pair's walks met (places, tables, next hops, the resources
/// of its findings), as encoded ids, sorted: what a structural change must
/// touch to affect the pair.
fn footprint(valid: &ValidInventory, report: &PairReport) -> Vec<u32> {
    let mut ids: Vec<u32> = Vec::new();
    let mut hops = |list: &[super::Hop]| {
        for hop in list {
            ids.extend(encode(valid, &hop.at));
            if let Some(table) = &hop.table {
                ids.extend(encode(valid, table));
            }
            if let Some(next) = &hop.next_hop {
                ids.extend(encode(valid, next));
            }
        }
    };
    hops(&report.forward);
    hops(&report.return_path);
    for binding in &report.bindings {
        hops(&binding.forward);
        hops(&binding.return_path);
    }
    let findings = report
        .findings
        .iter()
        .chain(report.bindings.iter().flat_map(|b| b.findings.iter()));
    for finding in findings {
        ids.extend(encode(valid, &finding.resource));
        for related in &finding.related {
            ids.extend(encode(valid, related));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Whether a finding decides a verdict (blocking or undecided): the findings a
/// fix answers and a plan must not add.
fn decides(finding: &super::PairFinding) -> bool {
    matches!(finding.code.class(), Class::Blocking | Class::Undecided)
}

/// The blocking and undecided findings of a report.
fn bad(report: &PairReport) -> BTreeSet<Key> {
    report
        .findings
        .iter()
        .filter(|f| decides(f))
        .map(|f| (f.code, f.resource.clone()))
        .collect()
}

/// Which pairs a change can affect.
#[derive(Debug, Clone, Default)]
struct Impact {
    /// Every pair.
    all: bool,
    /// Pairs whose footprint holds one of these resources.
    ids: Vec<u32>,
    /// Pairs that look up an address of one of these ranges (the data source's
    /// address, a source range of the group, a NAT IP on the way).
    prefixes: Vec<Ipv4Net>,
    /// Pairs of these resource groups.
    groups: Vec<String>,
    /// Pairs toward these data sources.
    sources: Vec<String>,
    /// Pairs toward data sources these security groups guard.
    security_groups: Vec<String>,
}

impl Impact {
    fn all() -> Impact {
        Impact {
            all: true,
            ..Impact::default()
        }
    }

    fn merge(&mut self, other: &Impact) {
        self.all |= other.all;
        self.ids.extend(&other.ids);
        self.prefixes.extend(&other.prefixes);
        self.groups.extend(other.groups.iter().cloned());
        self.sources.extend(other.sources.iter().cloned());
        self.security_groups
            .extend(other.security_groups.iter().cloned());
    }
}

/// One world: an inventory with some changes applied, validated and routed.
struct World {
    valid: ValidInventory,
    routing: Routing,
}

/// What the first pass learnt of every pair of the inventory (base world):
/// pairs are numbered group position × data sources + data-source position,
/// in id order.
struct Universe {
    groups: Vec<RgIx>,
    sources: Vec<DsIx>,
    /// The footprints of every pair, one after the other (one allocation:
    /// millions of pairs would pay a vector header each).
    prints: Vec<u32>,
    /// Where pair n's footprint ends in `prints` (it starts where n - 1's ends).
    ends: Vec<usize>,
    /// The blocking and undecided findings of every failing pair, and its verdict.
    failing: HashMap<usize, (Verdict, BTreeSet<Key>)>,
}

impl Universe {
    fn pair(&self, n: usize) -> Option<(RgIx, DsIx)> {
        let d = self.sources.len();
        let g = *self.groups.get(n.checked_div(d)?)?;
        let s = *self.sources.get(n.checked_rem(d)?)?;
        Some((g, s))
    }

    fn len(&self) -> usize {
        self.groups.len() * self.sources.len()
    }

    /// The footprint of pair `n`.
    fn footprint(&self, n: usize) -> &[u32] {
        let start = match n.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(n).copied().unwrap_or(start);
        self.prints.get(start..end).unwrap_or(&[])
    }

    /// The verdict and findings of pair `n` before any change.
    fn before(&self, n: usize) -> (Verdict, BTreeSet<Key>) {
        self.failing
            .get(&n)
            .cloned()
            .unwrap_or((Verdict::Reachable, BTreeSet::new()))
    }
}

/// A pair checked in a world: its verdict and blocking or undecided findings,
/// and the slim report of a pair the proof works on.
struct Outcome {
    verdict: Verdict,
    bad: BTreeSet<Key>,
    report: Option<PairReport>,
}

/// What the first pass keeps of a block of pairs: their footprints one after
/// the other with their lengths, and for each failing pair its verdict, its
/// blocking and undecided findings and (when selected) its slim report.
#[derive(Default)]
struct FirstPass {
    prints: Vec<u32>,
    lens: Vec<usize>,
    failing: Vec<(usize, Verdict, BTreeSet<Key>, Option<PairReport>)>,
}

/// What one failing pair did during the proof.
#[derive(Debug, Default, Clone)]
struct PairState {
    /// The report in the current plan's world (slim).
    report: Option<PairReport>,
    /// (finding, change) proposals accepted into the plan, in order.
    proposed: Vec<(Key, Change)>,
    /// Changes that did not remove the finding they were proposed for.
    failed: HashSet<Change>,
    /// The binding strategy was tried (docs S10.3).
    bind_tried: bool,
}

impl PairState {
    /// Whether the pair still fails in the current plan's world.
    fn failing(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.verdict != Verdict::Reachable)
    }
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
struct Prover<'a> {
    inventory: &'a Inventory,
    document: Value,
    index: DocIndex,
    valid: &'a ValidInventory,
    universe: Universe,
}

/// A failing pair's report cut to what the proof reads: verdict, scenario,
/// findings with their remedies (the hops and messages are dropped, so that a
/// large account's failing pairs fit in memory).
fn slim(mut report: PairReport) -> PairReport {
    report.forward = Vec::new();
    report.return_path = Vec::new();
    report.solution = None;
    report.findings.retain(decides);
    if report.bindings.len() < 2 {
        report.bindings = Vec::new();
    }
    for binding in &mut report.bindings {
        binding.findings.retain(decides);
    }
    let findings = report
        .findings
        .iter_mut()
        .chain(report.bindings.iter_mut().flat_map(|b| {
            b.forward = Vec::new();
            b.return_path = Vec::new();
            b.findings.iter_mut()
        }));
    for finding in findings {
        finding.message = String::new();
        finding.related = Vec::new();
    }
    report
}

/// Checks every pair of the inventory once, then proves fixes for the failing
/// pairs among `pairs`: the plan every report of these pairs is annotated with
/// ([`Plan::annotate`]). Pairs outside `pairs` count for "no pair got worse".
pub fn plan_for(
    inventory: &Inventory,
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(RgIx, DsIx)],
) -> Plan {
    let engine = Engine::new(valid, routing);
    let groups = valid.groups_by_id();
    let sources = valid.sources_by_id();
    let total = groups.len() * sources.len();
    let d = sources.len();
    // The selection as one flag per pair of the universe (no hashing).
    let mut group_at = vec![usize::MAX; valid.resource_groups.len()];
    for (i, rg) in groups.iter().enumerate() {
        if let Some(slot) = group_at.get_mut(rg.ix()) {
            *slot = i;
        }
    }
    let mut source_at = vec![usize::MAX; valid.data_sources.len()];
    for (i, ds) in sources.iter().enumerate() {
        if let Some(slot) = source_at.get_mut(ds.ix()) {
            *slot = i;
        }
    }
    let mut selected = vec![false; total];
    for (rg, ds) in pairs {
        if let (Some(&g), Some(&s)) = (group_at.get(rg.ix()), source_at.get(ds.ix())) {
            let n = g.checked_mul(d).and_then(|n| n.checked_add(s));
            if let Some(flag) = n.and_then(|n| selected.get_mut(n)) {
                *flag = true;
            }
        }
    }
    // Blocks of pairs in parallel, each with its footprints in one vector.
    const BLOCK: usize = 4096;
    let blocks: Vec<FirstPass> = (0..total.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut pass = FirstPass::default();
            let start = b * BLOCK;
            for n in start..(start + BLOCK).min(total) {
                let (Some(&rg), Some(&ds)) = (
                    n.checked_div(d).and_then(|g| groups.get(g)),
                    n.checked_rem(d).and_then(|s| sources.get(s)),
                ) else {
                    pass.lens.push(0);
                    continue;
                };
                let report = engine.check_pair(rg, ds);
                let print = footprint(valid, &report);
                pass.lens.push(print.len());
                pass.prints.extend(print);
                if report.verdict == Verdict::Reachable {
                    continue;
                }
                let keys = bad(&report);
                let verdict = report.verdict;
                let state = selected
                    .get(n)
                    .copied()
                    .unwrap_or(false)
                    .then(|| slim(report));
                pass.failing.push((n, verdict, keys, state));
            }
            pass
        })
        .collect();
    let mut universe = Universe {
        groups,
        sources,
        prints: Vec::with_capacity(blocks.iter().map(|b| b.prints.len()).sum()),
        ends: Vec::with_capacity(total),
        failing: HashMap::new(),
    };
    let mut failing = Vec::new();
    for block in blocks {
        for len in block.lens {
            let end = universe.ends.last().copied().unwrap_or(0) + len;
            universe.ends.push(end);
        }
        universe.prints.extend(block.prints);
        for (n, verdict, keys, state) in block.failing {
            universe.failing.insert(n, (verdict, keys));
            if let Some(report) = state {
                failing.push((n, report));
            }
        }
    }
    if failing.is_empty() {
        return Plan::default();
    }
    Prover {
        inventory,
        document: serde_json::to_value(inventory).unwrap_or(Value::Null),
        index: DocIndex::new(inventory),
        valid,
        universe,
    }
    .prove(failing)
}

impl Prover<'_> {
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

    /// The impact of `change`, computed once per proof.
    fn impact_of<'m>(&self, cache: &'m mut HashMap<Change, Impact>, change: &Change) -> &'m Impact {
        cache
            .entry(change.clone())
            .or_insert_with(|| self.impact(change))
    }

    /// Whether `change` can affect one of `pairs` (to blame it for them).
    fn reaches(
        &self,
        cache: &mut HashMap<Change, Impact>,
        change: &Change,
        pairs: &[usize],
    ) -> bool {
        let reach: HashSet<usize> = self
            .affected(self.impact_of(cache, change))
            .into_iter()
            .collect();
        pairs.iter().any(|n| reach.contains(n))
    }

    fn id(&self, id: &str) -> Vec<u32> {
        encode(self.valid, id).into_iter().collect()
    }

    fn impact(&self, change: &Change) -> Impact {
        let v = self.valid;
        let prefix = |net: Ipv4Net| Impact {
            prefixes: vec![net],
            ..Impact::default()
        };
        match change {
            Change::Bind { group, .. } | Change::GroupRoute { group, .. } => Impact {
                groups: vec![group.clone()],
                ..Impact::default()
            },
            // A VPC table's and a data center's routes go nowhere else: only the
            // pairs that looked up that table see them (their footprint holds it).
            Change::VpcRoute { table, .. } => Impact {
                ids: self.id(table),
                ..Impact::default()
            },
            Change::DcRoute { data_center, .. } => Impact {
                ids: self.id(data_center),
                ..Impact::default()
            },
            // Transit-router and VBR routes propagate: every table that learns
            // them changes, for addresses of that prefix only.
            Change::TrRoute { destination, .. }
            | Change::TrRouteReplace { destination, .. }
            | Change::VbrRoute { destination, .. } => prefix(*destination),
            Change::VpnRemoteCidr { cidr, .. } | Change::VpnLocalCidr { cidr, .. } => prefix(*cidr),
            Change::Whitelist { data_source, .. } => Impact {
                sources: vec![data_source.clone()],
                ..Impact::default()
            },
            Change::SecurityGroupRule { group, revoke, .. } => {
                let mut groups = vec![group.clone()];
                groups.extend(revoke.iter().map(|r| r.group.clone()));
                Impact {
                    security_groups: groups,
                    ..Impact::default()
                }
            }
            // Only traffic through that NAT gateway is translated.
            Change::SnatEntry { nat, .. } | Change::SnatIps { nat, .. } => Impact {
                ids: self.id(nat),
                ..Impact::default()
            },
            Change::AcceptPeering { peering } => Impact {
                ids: self.id(peering),
                ..Impact::default()
            },
            Change::TrPropagation { attachment, .. } => {
                // The table gains what the attachment propagates: prefix-local.
                let Some((Kind::TrAttachment, i)) = v.lookup(attachment) else {
                    return Impact::all();
                };
                let Some(att) = v.tr_attachments.lookup(AttIx::at(i)) else {
                    return Impact::all();
                };
                match &att.kind {
                    AttachmentKind::Vpc { vpc, advertise, .. } => Impact {
                        prefixes: v.vpcs[*vpc]
                            .cidrs
                            .iter()
                            .chain(advertise)
                            .copied()
                            .collect(),
                        ..Impact::default()
                    },
                    AttachmentKind::Vbr(vbr) => Impact {
                        prefixes: v.vbrs[*vbr].routes.iter().map(|r| r.destination).collect(),
                        ..Impact::default()
                    },
                    AttachmentKind::Vpn(c) => Impact {
                        prefixes: v.vpn_connections[*c].remote_cidrs.clone(),
                        ..Impact::default()
                    },
                    AttachmentKind::Peer { .. } => Impact::all(),
                }
            }
            Change::TrAssociation { attachment, .. } => {
                // Traffic entering from the attachment (it is a next hop in the
                // footprint of every pair that used it), and what its VPC or VBR
                // learns from the table; the table itself does not change.
                let Some((Kind::TrAttachment, i)) = v.lookup(attachment) else {
                    return Impact::all();
                };
                let Some(att) = v.tr_attachments.lookup(AttIx::at(i)) else {
                    return Impact::all();
                };
                let mut ids = self.id(attachment);
                match &att.kind {
                    AttachmentKind::Vpc { vpc, .. } => {
                        for t in v.route_tables.iter().filter(|t| t.vpc == *vpc) {
                            ids.extend(self.id(&t.id));
                        }
                    }
                    AttachmentKind::Vbr(vbr) => ids.extend(self.id(&v.vbrs[*vbr].id)),
                    AttachmentKind::Vpn(c) => ids.extend(self.id(&v.vpn_connections[*c].id)),
                    AttachmentKind::Peer { .. } => return Impact::all(),
                }
                Impact {
                    ids,
                    ..Impact::default()
                }
            }
            Change::CenBandwidth { .. } => Impact::all(),
        }
    }

    /// The pairs of the universe an impact can reach: O(G + D) for the rows and
    /// columns hit, then one pass over the footprints when resources are named.
    fn affected(&self, impact: &Impact) -> Vec<usize> {
        let v = self.valid;
        let u = &self.universe;
        if impact.all
            || impact.prefixes.iter().any(|x| {
                v.nat_gateways
                    .iter()
                    .any(|n| n.nat_ips.iter().any(|ip| x.contains(ip)))
            })
        {
            return (0..u.len()).collect();
        }
        let prefixes = &impact.prefixes;
        let overlaps = |net: &Ipv4Net| prefixes.iter().any(|x| x.contains(net) || net.contains(x));
        let rows: Vec<bool> = u
            .groups
            .iter()
            .map(|&rg| {
                let group = &v.resource_groups[rg];
                impact.groups.contains(&group.id)
                    || group
                        .bindings
                        .iter()
                        .any(|b| overlaps(&v.vswitches[b.vswitch].cidr))
                    || group
                        .public_ip
                        .is_some_and(|ip| prefixes.iter().any(|x| x.contains(&ip)))
            })
            .collect();
        let columns: Vec<bool> = u
            .sources
            .iter()
            .map(|&ds| {
                let source = &v.data_sources[ds];
                let guarded = |sg: &String| {
                    source
                        .security_groups
                        .iter()
                        .any(|s| v.security_groups[*s].id == *sg)
                        || matches!(source.location, DsLocation::Ecs(ecs)
                            if v.ecs_instances[ecs].security_groups.iter().any(|s| v.security_groups[*s].id == *sg))
                };
                impact.sources.contains(&source.id)
                    || impact.security_groups.iter().any(guarded)
                    || matches!(source.ip, IpAddr::V4(ip) if prefixes.iter().any(|x| x.contains(&ip)))
            })
            .collect();
        let ids: HashSet<u32> = impact.ids.iter().copied().collect();
        let d = u.sources.len();
        (0..u.len())
            .filter(|&n| {
                let row = n.checked_div(d).and_then(|g| rows.get(g)).copied();
                let column = n.checked_rem(d).and_then(|s| columns.get(s)).copied();
                row == Some(true)
                    || column == Some(true)
                    || (!ids.is_empty() && u.footprint(n).iter().any(|id| ids.contains(id)))
            })
            .collect()
    }

    /// Outcomes of pairs `ns` in `world`, in parallel: the slim report of the
    /// pairs `keep` names, the verdict and findings of the others. The universe's
    /// indices hold there (changes add elements, never remove or reorder groups
    /// and data sources), and the ids are checked.
    fn check(
        &self,
        world: &World,
        ns: &[usize],
        keep: &(dyn Fn(usize) -> bool + Sync),
    ) -> HashMap<usize, Outcome> {
        let engine = Engine::new(&world.valid, &world.routing);
        let v = self.valid;
        ns.par_iter()
            .filter_map(|&n| {
                let (rg, ds) = self.universe.pair(n)?;
                let same = world.valid.resource_groups.lookup(rg)?.id == v.resource_groups[rg].id
                    && world.valid.data_sources.lookup(ds)?.id == v.data_sources[ds].id;
                if !same {
                    return None;
                }
                let report = engine.check_pair(rg, ds);
                let outcome = Outcome {
                    verdict: report.verdict,
                    bad: bad(&report),
                    report: keep(n).then(|| slim(report)),
                };
                Some((n, outcome))
            })
            .collect()
    }

    fn pair_id(&self, n: usize) -> PairId {
        match self.universe.pair(n) {
            Some((rg, ds)) => (
                self.valid.resource_groups[rg].id.clone(),
                self.valid.data_sources[ds].id.clone(),
            ),
            None => (String::new(), String::new()),
        }
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

    /// What a failing pair proposes this round: in the binding phase, the
    /// binding first; then, for each blocking or undecided finding, its most
    /// preferred candidate not ruled out.
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
            state.bind_tried = true;
            if let Some(change) = self.bind_candidate(report) {
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
        let bound = state.proposed.iter().rev().find_map(|(_, c)| match c {
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

    /// Proves fixes for the failing pairs (universe index, slim report before any
    /// change). Every pair of the inventory counts for "no pair got worse".
    fn prove(&self, failing: Vec<(usize, PairReport)>) -> Plan {
        let mut states: BTreeMap<usize, PairState> = failing
            .into_iter()
            .map(|(n, report)| {
                (
                    n,
                    PairState {
                        report: Some(report),
                        ..PairState::default()
                    },
                )
            })
            .collect();
        let mut accepted: Vec<Change> = Vec::new();
        let mut rejected: HashSet<Change> = HashSet::new();
        let mut impacts: HashMap<Change, Impact> = HashMap::new();
        // Whether every pair the accepted changes can affect was checked in the
        // world of exactly these changes (each round checks the pairs its own
        // changes can affect, in a world that holds every earlier change, so
        // this holds until a change is taken back).
        let mut verified = true;
        // Phase one: each finding's own changes; phase two: for the pairs still
        // failing on their path, the binding the seed recommends.
        for phase_bind in [false, true] {
            if phase_bind {
                let candidates: HashSet<Change> = states
                    .values()
                    .filter(|s| s.failing())
                    .filter_map(|s| s.report.as_ref())
                    .filter_map(|r| self.bind_candidate(r))
                    .collect();
                if candidates.is_empty() || candidates.len() > MAX_BIND_CANDIDATES {
                    break;
                }
            }
            for _ in 0..MAX_ROUNDS {
                let mut proposals: Vec<(usize, Key, Change)> = Vec::new();
                for (n, state) in states.iter_mut() {
                    if !state.failing() {
                        continue;
                    }
                    for (key, change) in self.proposals(state, &rejected, phase_bind) {
                        proposals.push((*n, key, change));
                    }
                }
                let mut new: Vec<Change> = Vec::new();
                let mut seen: HashSet<&Change> = accepted.iter().collect();
                let mut bindings: HashMap<&str, usize> = HashMap::new();
                for change in &accepted {
                    if let Change::Bind { group, .. } = change {
                        *bindings.entry(group.as_str()).or_default() += 1;
                    }
                }
                let mut capped: Vec<Change> = Vec::new();
                for (_, _, change) in &proposals {
                    if !seen.insert(change) {
                        continue;
                    }
                    if let Change::Bind { group, .. } = change {
                        let count = bindings.entry(group.as_str()).or_default();
                        if *count >= MAX_NEW_BINDINGS {
                            capped.push(change.clone());
                            continue;
                        }
                        *count += 1;
                    }
                    new.push(change.clone());
                }
                rejected.extend(capped);
                let proposals: Vec<(usize, Key, Change)> = proposals
                    .into_iter()
                    .filter(|(_, _, c)| !rejected.contains(c))
                    .collect();
                if new.is_empty() {
                    break;
                }
                let mut trial = accepted.clone();
                trial.extend(new.iter().cloned());
                let Some(world) = self.world(&trial) else {
                    // Rule out the changes that do not apply or leave the
                    // inventory invalid, and try the round again.
                    for change in &new {
                        let mut alone = accepted.clone();
                        alone.push(change.clone());
                        if self.world(&alone).is_none() {
                            rejected.insert(change.clone());
                        }
                    }
                    if new.iter().all(|c| !rejected.contains(c)) {
                        rejected.extend(new.iter().cloned());
                    }
                    continue;
                };
                let mut round = Impact::default();
                for change in &new {
                    round.merge(self.impact_of(&mut impacts, change));
                }
                // The pairs the round can affect, and the pairs still failing
                // (a pair already reachable is in the first set if it can change).
                let mut recheck: BTreeSet<usize> = self.affected(&round).into_iter().collect();
                recheck.extend(
                    states
                        .iter()
                        .filter(|(_, state)| state.failing())
                        .map(|(n, _)| *n),
                );
                let recheck: Vec<usize> = recheck.into_iter().collect();
                let after = self.check(&world, &recheck, &|n| states.contains_key(&n));
                let proposers: HashSet<usize> = proposals.iter().map(|(n, _, _)| *n).collect();
                let mut worse: Vec<usize> = Vec::new();
                for (n, outcome) in &after {
                    if proposers.contains(n) {
                        continue;
                    }
                    let (verdict, was) = self.universe.before(*n);
                    let gained = !outcome.bad.is_subset(&was);
                    if gained || outcome.verdict.rank() > verdict.rank() {
                        worse.push(*n);
                    }
                }
                if !worse.is_empty() {
                    let mut blamed = false;
                    for change in &new {
                        if self.reaches(&mut impacts, change, &worse) {
                            rejected.insert(change.clone());
                            blamed = true;
                        }
                    }
                    if !blamed {
                        rejected.extend(new.iter().cloned());
                    }
                    continue;
                }
                accepted.extend(new);
                verified = true;
                for (n, key, change) in proposals {
                    let Some(state) = states.get_mut(&n) else {
                        continue;
                    };
                    let still = after.get(&n).is_some_and(|o| o.bad.contains(&key));
                    if still && !matches!(change, Change::Bind { .. }) {
                        state.failed.insert(change.clone());
                    }
                    if matches!(change, Change::Bind { .. }) {
                        // The pair goes through its new binding: what it needed
                        // on the old one is no longer its fix (fewest changes).
                        state.proposed.clear();
                    }
                    state.proposed.push((key, change));
                }
                let mut after = after;
                for (n, state) in states.iter_mut() {
                    if let Some(report) = after.get_mut(n).and_then(|o| o.report.take()) {
                        state.report = Some(report);
                    }
                }
            }
            if phase_bind {
                // A binding that did not make its pair reachable is taken back.
                let undone: Vec<Change> = states
                    .values()
                    .filter(|s| s.failing())
                    .flat_map(|s| s.proposed.iter().map(|(_, c)| c.clone()))
                    .filter(|c| matches!(c, Change::Bind { .. }))
                    .collect();
                if !undone.is_empty() {
                    rejected.extend(undone.iter().cloned());
                    let undone: HashSet<Change> = undone.into_iter().collect();
                    accepted.retain(|c| !undone.contains(c));
                    self.reset(&mut states, &accepted);
                    verified = false;
                }
            }
        }
        self.settle(states, accepted, &mut impacts, verified)
    }

    /// After changes were taken back: every failing pair's report in the world
    /// of the remaining plan, and its proposals cut to that plan.
    fn reset(&self, states: &mut BTreeMap<usize, PairState>, accepted: &[Change]) {
        let ns: Vec<usize> = states.keys().copied().collect();
        let kept: HashSet<&Change> = accepted.iter().collect();
        let Some(world) = self.world(accepted) else {
            return;
        };
        let mut reports = self.check(&world, &ns, &|_| true);
        for (n, state) in states.iter_mut() {
            state.proposed.retain(|(_, c)| kept.contains(c));
            state.report = reports.get_mut(n).and_then(|o| o.report.take());
        }
    }

    /// The final proof of the plan as a whole (docs S10.7) and what each pair shows.
    fn settle(
        &self,
        mut states: BTreeMap<usize, PairState>,
        mut accepted: Vec<Change>,
        impacts: &mut HashMap<Change, Impact>,
        mut verified: bool,
    ) -> Plan {
        loop {
            let before_used = accepted.clone();
            // Keep only the changes that removed a finding of some pair.
            let used: HashSet<Change> = states
                .values()
                .flat_map(|state| {
                    let now = state.report.as_ref().map(bad).unwrap_or_default();
                    state
                        .proposed
                        .iter()
                        .filter(move |(key, change)| {
                            matches!(change, Change::Bind { .. }) || !now.contains(key)
                        })
                        .map(|(_, c)| c.clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            accepted.retain(|c| used.contains(c));
            if accepted.is_empty() {
                if accepted.len() != before_used.len() {
                    self.reset(&mut states, &accepted);
                }
                break;
            }
            // What must be checked again: after an incremental proof, only the
            // pairs the dropped changes can affect (a change taken back affects
            // no other pair); otherwise everything the plan can affect.
            let dropped: Vec<&Change> = before_used.iter().filter(|c| !used.contains(*c)).collect();
            let mut whole = Impact::default();
            let scope: Vec<&Change> = if verified {
                dropped
            } else {
                accepted.iter().collect()
            };
            if verified && scope.is_empty() {
                let worse = states.iter().any(|(n, state)| {
                    let (verdict, _) = self.universe.before(*n);
                    state
                        .report
                        .as_ref()
                        .is_some_and(|r| r.verdict.rank() > verdict.rank())
                });
                if !worse {
                    break;
                }
            }
            for change in scope {
                whole.merge(self.impact_of(impacts, change));
            }
            let Some(world) = self.world(&accepted) else {
                accepted.clear();
                self.reset(&mut states, &accepted);
                break;
            };
            verified = true;
            let mut recheck: BTreeSet<usize> = self.affected(&whole).into_iter().collect();
            recheck.extend(states.keys().copied());
            let recheck: Vec<usize> = recheck.into_iter().collect();
            let mut after = self.check(&world, &recheck, &|n| states.contains_key(&n));
            // No pair may get a worse verdict, and a pair that is not one the
            // plan works on may not gain a blocking or undecided finding.
            let worse: Vec<usize> = after
                .iter()
                .filter(|(n, outcome)| {
                    let (verdict, was) = self.universe.before(**n);
                    outcome.verdict.rank() > verdict.rank()
                        || (!states.contains_key(n) && !outcome.bad.is_subset(&was))
                })
                .map(|(n, _)| *n)
                .collect();
            if worse.is_empty() {
                for (n, state) in states.iter_mut() {
                    state.report = after.get_mut(n).and_then(|o| o.report.take());
                }
                break;
            }
            // Take back every change that can reach a pair that got worse.
            let before_len = accepted.len();
            let keep: Vec<Change> = accepted
                .iter()
                .filter(|change| !self.reaches(impacts, change, &worse))
                .cloned()
                .collect();
            accepted = if keep.len() == before_len {
                Vec::new()
            } else {
                keep
            };
            self.reset(&mut states, &accepted);
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
        let position: HashMap<&Change, usize> =
            accepted.iter().enumerate().map(|(i, c)| (c, i)).collect();
        for (n, state) in states {
            let pair = self.pair_id(n);
            let now = state.report.as_ref().map(bad).unwrap_or_default();
            let mut fixes: Vec<(usize, Vec<Key>)> = Vec::new();
            for (key, change) in &state.proposed {
                let Some(&at) = position.get(change) else {
                    continue;
                };
                if now.contains(key) && !matches!(change, Change::Bind { .. }) {
                    continue;
                }
                match fixes.iter_mut().find(|(i, _)| *i == at) {
                    Some((_, keys)) => keys.push(key.clone()),
                    None => fixes.push((at, vec![key.clone()])),
                }
            }
            if state
                .report
                .as_ref()
                .is_some_and(|r| r.verdict == Verdict::Reachable)
            {
                plan.reachable.insert(pair.clone());
            }
            let decisions = decisions(&state, &now);
            if !decisions.is_empty() {
                plan.decisions.insert(pair.clone(), decisions);
            }
            if !fixes.is_empty() {
                plan.fixes.insert(pair, fixes);
            }
        }
        plan
    }
}

/// The findings the plan leaves, with why no change is offered for them.
fn decisions(state: &PairState, now: &BTreeSet<Key>) -> Vec<Decision> {
    let Some(report) = &state.report else {
        return Vec::new();
    };
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
