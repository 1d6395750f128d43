//! Reachability: for each (resource group, data source) pair, the forward path
//! (semantics S3), the arrival checks (semantics S4), the return path (semantics S5), the verdict, the
//! DataWorks scenario and the fixes (semantics S6).
//!
//! The engine takes a `ValidInventory` and its [`Routing`]; it does no I/O and
//! returns reports as values. A broken network is never an `Err`.
//!
//! Complexity: one pair costs O(h · 32) for a path of h hops (h ≤ 64), plus the
//! sub-ranges of the return path and of the source range (split only where a
//! route, SNAT entry, rule or whitelist entry lies inside them). Checking every
//! pair is O(G · D · h · 32) for G groups and D data sources, with no table
//! copied per pair; pairs are independent and checked in parallel-ready order.

mod arrival;
pub mod classes;
mod engine;
mod fix;
mod index;
mod memo;
pub mod prove;
mod scenario;
pub mod tasks;
mod unbound;
mod verdict;
mod walk;

use schemars::JsonSchema;
use serde::Serialize;

use crate::findings::{Class, Code, Finding, Severity};
use crate::route::Routing;
use crate::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

pub use engine::Engine;
pub use memo::MemoMode;
pub use scenario::Scenario;

/// The verdict of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A full two-way path exists and every check passes.
    Reachable,
    /// Something blocks the pair.
    Unreachable,
    /// The model cannot decide.
    Unknown,
}

impl Verdict {
    /// How bad the verdict is: reachable 0, unknown 1, unreachable 2 (a pair
    /// "gets worse" when this grows).
    pub fn rank(self) -> u8 {
        match self {
            Verdict::Reachable => 0,
            Verdict::Unknown => 1,
            Verdict::Unreachable => 2,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Reachable => "reachable",
            Verdict::Unreachable => "unreachable",
            Verdict::Unknown => "unknown",
        }
    }

    /// semantics S8.13: the verdict a list of findings gives.
    pub fn from_findings(findings: &[Finding]) -> Verdict {
        if findings.iter().any(|f| f.code.class() == Class::Blocking) {
            Verdict::Unreachable
        } else if findings.iter().any(|f| f.code.class() == Class::Undecided) {
            Verdict::Unknown
        } else {
            Verdict::Reachable
        }
    }
}

/// One hop of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Hop {
    /// The place: a VPC, transit router, VBR, VPN gateway, data center, NAT gateway or `internet`.
    pub at: String,
    /// The route table looked up, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The route entry matched (its destination), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The next hop the entry names (`local` for delivery).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_hop: Option<String>,
    /// The destination range traced at this hop, where it is a part of the whole (return sub-ranges).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// What happened here, where the columns above do not say it (SNAT, delivery, a block).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A finding on a pair, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PairFinding {
    /// The finding code.
    pub code: Code,
    /// The severity.
    pub severity: Severity,
    /// True on the first blocking (else undecided) finding.
    pub primary: bool,
    /// The resource it is about.
    pub resource: String,
    /// What is wrong.
    pub message: String,
    /// Other resources involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// The proved fix for this finding: the console action of the change that
    /// removes it (absent when no change proved itself, semantics S10.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The candidate changes or the decision, before proof (not reported).
    #[serde(skip)]
    #[schemars(skip)]
    pub remedy: Option<crate::findings::Remedy>,
}

/// A proved fix of a pair (semantics S10.1): the change in the console's words, the
/// API that makes it, and the RFC 6902 operations that make it in the merged
/// inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Fix {
    /// The change in the words of the Alibaba Cloud console.
    pub action: String,
    /// The Alibaba Cloud API that makes it; absent for a change made outside
    /// Alibaba Cloud (an on-premises router).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    /// RFC 6902 JSON Patch operations against the merged inventory.
    #[schemars(with = "Vec<serde_json::Value>")]
    pub patch: Vec<serde_json::Value>,
}

/// A finding no proved change removes: what a person must decide, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Decision {
    /// The finding code.
    #[schemars(with = "String")]
    pub code: Code,
    /// The resource of the finding.
    pub resource: String,
    /// What must be decided, and why netreach cannot propose a change.
    pub why: String,
}

/// A binding, by ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BindingRef {
    /// The VPC.
    pub vpc: String,
    /// The vSwitch.
    pub vswitch: String,
}

/// The outcome through one binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BindingReport {
    /// The binding.
    pub binding: BindingRef,
    /// Its verdict.
    pub verdict: Verdict,
    /// The forward hops.
    pub forward: Vec<Hop>,
    /// The return hops.
    #[serde(rename = "return")]
    pub return_path: Vec<Hop>,
    /// Its findings, primary first.
    pub findings: Vec<PairFinding>,
}

/// The report of one pair (`check --format json`, one element of `pairs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PairReport {
    /// The resource group id.
    pub resource_group: String,
    /// The data source id.
    pub data_source: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The DataWorks connectivity scenario (semantics S6.2).
    pub scenario: Scenario,
    /// The binding shown: the first, by VPC id then vSwitch id, with the pair's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<BindingRef>,
    /// Forward hops of that binding.
    pub forward: Vec<Hop>,
    /// Return hops of that binding.
    #[serde(rename = "return")]
    pub return_path: Vec<Hop>,
    /// Findings of that binding, primary first.
    pub findings: Vec<PairFinding>,
    /// The proved fixes, in the order they are applied (semantics S10).
    pub fixes: Vec<Fix>,
    /// The blocking or undecided findings no proved fix removes, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// What the scenario's solution needs (semantics S6.2), for pairs that are not reachable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// Every binding tried, by VPC id then vSwitch id (semantics S1.1); omitted when the
    /// group has a single binding, whose details are the pair's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<BindingReport>,
}

impl PairReport {
    /// The primary finding, if any.
    pub fn primary(&self) -> Option<&PairFinding> {
        self.findings.iter().find(|f| f.primary)
    }
}

/// Resource groups whose pairs share their reports: `classes[i]` is the class of
/// `groups[i]`, `None` for a group alike to no other. Two groups are alike when
/// each has a single binding, the same VPC, vSwitch and route list, the same
/// public address (or none), and both or neither are old-version (semantics S9.2): the walks of a pair depend on the group only through these
/// (the engine reads the group's id only in its route-list findings and its
/// public-address hop, and its region and account only for the scenario). So,
/// toward one data source, alike groups get the same verdict, hops and findings,
/// and the same text wherever [`names_group`] is false. O(G log G).
pub fn binding_classes(v: &ValidInventory, groups: &[ResourceGroupIx]) -> Vec<Option<u32>> {
    use std::collections::BTreeMap;
    type Key<'k> = (WalkKey, Option<&'k [ipnet::Ipv4Net]>);
    let key = |rg: ResourceGroupIx| -> Option<Key<'_>> {
        let walk = walk_key(v, rg)?;
        let routes = v
            .resource_groups
            .lookup(rg)?
            .bindings
            .first()?
            .routes
            .as_deref();
        Some((walk, routes))
    };
    let mut members: BTreeMap<Key<'_>, usize> = BTreeMap::new();
    for &rg in groups {
        if let Some(k) = key(rg) {
            *members.entry(k).or_default() += 1;
        }
    }
    let mut ids: BTreeMap<Key<'_>, u32> = BTreeMap::new();
    groups
        .iter()
        .map(|&rg| {
            let k = key(rg)?;
            if members.get(&k).copied().unwrap_or(0) < 2 {
                return None;
            }
            let next = u32::try_from(ids.len()).ok()?;
            Some(*ids.entry(k).or_insert(next))
        })
        .collect()
}

/// What a walk reads of a group with a single binding, besides its id, route
/// list, region and account: the binding's VPC and vSwitch, whether it is
/// old-version (which reaches the internet over its default EIP, semantics
/// S9.2; a serverless one goes through the VPC) and its public address (it
/// leaves from it, semantics S1.3).
pub(crate) type WalkKey = (
    crate::validate::VpcIx,
    crate::validate::VSwitchIx,
    bool,
    Option<std::net::Ipv4Addr>,
);

/// The [`WalkKey`] of group `rg`; `None` unless it has exactly one binding.
pub(crate) fn walk_key(v: &ValidInventory, rg: ResourceGroupIx) -> Option<WalkKey> {
    let group = v.resource_groups.lookup(rg)?;
    match group.bindings.as_slice() {
        [binding] => Some((
            binding.vpc,
            binding.vswitch,
            group.kind != crate::model::ResourceGroupType::Serverless,
            group.public_ip,
        )),
        _ => None,
    }
}

/// The numbering of the pairs of a product of groups × data sources (in
/// the order given, as [`crate::analysis::Analysis::selection`] lists them):
/// pair (group position × data sources + data-source position), found by
/// arena index without hashing.
#[derive(Debug, Clone)]
pub struct PairNumbering {
    /// Per group arena index: its position in the product (`usize::MAX`: none).
    group_at: Vec<usize>,
    /// Per data-source arena index: its position in the product.
    source_at: Vec<usize>,
    sources: usize,
}

impl PairNumbering {
    /// The numbering of `groups` × `sources` (arena indices) of `v`.
    pub fn new(
        v: &ValidInventory,
        groups: impl IntoIterator<Item = usize>,
        sources: impl IntoIterator<Item = usize>,
    ) -> PairNumbering {
        let position = |len: usize, items: &mut dyn Iterator<Item = usize>| {
            let mut at = vec![usize::MAX; len];
            let mut count = 0;
            for (i, item) in items.enumerate() {
                if let Some(slot) = at.get_mut(item) {
                    *slot = i;
                }
                count = i + 1;
            }
            (at, count)
        };
        let (group_at, _) = position(v.resource_groups.len(), &mut groups.into_iter());
        let (source_at, sources) = position(v.data_sources.len(), &mut sources.into_iter());
        PairNumbering {
            group_at,
            source_at,
            sources,
        }
    }

    /// The number of pair (`rg`, `ds`), if both are in the product.
    pub fn of(&self, rg: ResourceGroupIx, ds: DataSourceIx) -> Option<usize> {
        let g = *self.group_at.get(rg.ix()).filter(|g| **g != usize::MAX)?;
        let s = *self.source_at.get(ds.ix()).filter(|s| **s != usize::MAX)?;
        g.checked_mul(self.sources)?.checked_add(s)
    }
}

/// Whether a pair's report names its resource group outside its
/// `resource_group` field (the route-list findings and `public-ip-unknown` do): such a report is not
/// shared with alike groups ([`binding_classes`]) except for its verdict and
/// finding counts.
pub fn names_group(report: &PairReport) -> bool {
    report.findings.iter().any(|f| {
        matches!(
            f.code,
            Code::RgRouteMissing | Code::RgRoutesUnknown | Code::PublicIpUnknown
        )
    }) || report.fixes.iter().any(|fix| {
        fix.patch.iter().any(|op| {
            op.get("path")
                .and_then(|p| p.as_str())
                .is_some_and(|p| p.starts_with("/resource_groups/"))
        })
    })
}

/// A finding of a pair of group `from` as the same pair of the alike group
/// `to` ([`binding_classes`]) has it: the route-list findings name the group
/// (in the words `check_pair` writes them), the others are the same.
pub fn for_alike_group(finding: &PairFinding, from: &str, to: &str) -> PairFinding {
    let mut finding = finding.clone();
    if matches!(finding.code, Code::RgRouteMissing | Code::RgRoutesUnknown) {
        if finding.resource == from {
            finding.resource = to.to_string();
        }
        finding.message = finding.message.replacen(
            &format!("the route list of {from}'s "),
            &format!("the route list of {to}'s "),
            1,
        );
    }
    finding
}

/// The scenario of a pair of a single-binding group (the one `check_pair` gives).
pub fn single_binding_scenario(
    v: &ValidInventory,
    rg: ResourceGroupIx,
    ds: DataSourceIx,
) -> Option<Scenario> {
    let group = v.resource_groups.lookup(rg)?;
    let source = v.data_sources.lookup(ds)?;
    Some(Scenario::classify(v, group, group.bindings.first(), source))
}

/// Every pair, in group-id then data-source-id order (the order of `check`'s
/// reports), each checked on its own.
pub fn check_all(v: &ValidInventory, routing: &Routing) -> Vec<PairReport> {
    let engine = Engine::new(v, routing);
    let sources = v.sources_by_id();
    v.groups_by_id()
        .into_iter()
        .flat_map(|rg| sources.iter().map(move |&ds| (rg, ds)))
        .map(|(rg, ds)| engine.check_pair(rg, ds))
        .collect()
}

/// Every pair as [`check_all`] gives it, with the proved fixes of the whole
/// plan (semantics S10), as `check` reports them.
pub fn check_all_with_fixes(
    inventory: &crate::model::Inventory,
    v: &ValidInventory,
    routing: &Routing,
) -> Vec<PairReport> {
    let sources = v.sources_by_id();
    let pairs: Vec<(ResourceGroupIx, DataSourceIx)> = v
        .groups_by_id()
        .into_iter()
        .flat_map(|rg| sources.iter().map(move |&ds| (rg, ds)))
        .collect();
    check_with_fixes(inventory, v, routing, &pairs)
}

/// `pairs`, in that order, each with the proved fixes of their plan (semantics S10).
pub fn check_with_fixes(
    inventory: &crate::model::Inventory,
    v: &ValidInventory,
    routing: &Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
) -> Vec<PairReport> {
    let plan = prove::plan_for(inventory, v, routing, pairs);
    plan.reports(&Engine::new(v, routing), pairs)
}

/// Checks one pair.
pub fn check_pair(
    v: &ValidInventory,
    routing: &Routing,
    rg: ResourceGroupIx,
    ds: DataSourceIx,
) -> PairReport {
    Engine::new(v, routing).check_pair(rg, ds)
}
