//! `cidr-overlap` findings: the sweep run inside every route-exchange domain,
//! each overlap tied to where the two networks meet and to the (resource group,
//! data source) pairs it affects.
//!
//! The *contested* ranges of an overlap are where addresses actually in use
//! on both sides meet: routed ranges of both networks (vSwitch CIDRs,
//! data-center CIDRs, propagated routes) that overlap inside the intersection;
//! they give the finding its reasons.
//!
//! Severity and affected pairs (semantics S9.6, S9.8): the *candidate* pairs
//! of an overlap are those of the domain whose source vSwitch range or
//! data-source address lies in the intersection; each is checked by the
//! engine (once, however many overlaps name it), and it is *affected* when
//! a lookup delivers into the wrong one of the two networks
//! (`wrong-destination`, a reply delivered elsewhere) or meets a
//! `route-conflict`. The overlap is an `error` when the two ranges are equal
//! or some pair is affected, else a `warning` (a summary such as an
//! on-premises 10.0.0.0/8 beside a VPC's 10.31.0.0/16 that decides nothing);
//! `info`, only with `--all-overlaps`, for networks that share no domain.
//!
//! One finding per pair of overlapping blocks, merged over every domain where
//! they meet (the most severe reading wins).
//!
//! Complexity: per domain O(n log n + k) for n blocks and k overlapping
//! pairs, plus for each overlap O(B · D) to find the candidate pairs among
//! B bindings and D data sources of the domain, and one engine check per
//! distinct candidate pair (none when the inventory has no overlap).

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::Ipv4Net;

use super::domain::{base_ranges, maximal, Domain, DomainKind, Owner};
use super::sweep::sweep;
use crate::findings::diags::{self, Meeting, OverlapSide};
use crate::findings::{Code, Finding, Severity};
use crate::reach::{Engine, PairReport};
use crate::route::Routing;
use crate::validate::{DataCenterIx, DataSourceIx, ResourceGroupIx, ValidInventory, VpcIx};

/// The smaller of two overlapping CIDRs: their intersection.
pub fn intersection(a: Ipv4Net, b: Ipv4Net) -> Ipv4Net {
    if a.contains(&b) {
        b
    } else {
        a
    }
}

/// The elements of `items` at a pair of positions [`sweep`] returned for them.
fn pair_at<T: Copy>(items: &[T], (i, j): (usize, usize)) -> Option<(T, T)> {
    Some((*items.get(i)?, *items.get(j)?))
}

/// Whether two CIDRs share an address.
pub fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b) || b.contains(&a)
}

/// A binding seen as the source of pairs.
struct BindingRef {
    resource_group: ResourceGroupIx,
    binding: usize,
    vpc: VpcIx,
    source: Ipv4Net,
}

/// A data source seen as the destination of pairs.
struct SourceRef {
    ix: DataSourceIx,
    owner: Owner,
    ip: Ipv4Addr,
}

/// The pairs of the inventory, for finding the ones an overlap affects.
struct Pairs {
    bindings: Vec<BindingRef>,
    sources: Vec<SourceRef>,
}

impl Pairs {
    fn new(v: &ValidInventory) -> Self {
        let mut bindings = Vec::new();
        for (g, group) in v.resource_groups.iter().enumerate() {
            for (b, binding) in group.bindings.iter().enumerate() {
                bindings.push(BindingRef {
                    resource_group: ResourceGroupIx::at(g),
                    binding: b,
                    vpc: binding.vpc,
                    source: v.vswitches[binding.vswitch].cidr,
                });
            }
        }
        let sources = v
            .data_sources
            .iter_ix()
            .filter_map(|(ix, source)| {
                let IpAddr::V4(ip) = source.ip else {
                    return None;
                };
                Some(SourceRef {
                    ix,
                    owner: Owner::of_data_source(v, source.location)?,
                    ip,
                })
            })
            .collect();
        Pairs { bindings, sources }
    }

    /// The bindings and data sources whose pairs need `domain`.
    fn of(&self, domain: &Domain) -> (Vec<&BindingRef>, Vec<&SourceRef>) {
        let bindings = self
            .bindings
            .iter()
            .filter(|b| match &domain.route_list {
                Some(scope) => {
                    scope.resource_group == b.resource_group && scope.binding == b.binding
                }
                None => domain.members.contains(&Owner::Vpc(b.vpc)),
            })
            .collect();
        let sources = self
            .sources
            .iter()
            .filter(|s| {
                domain.members.contains(&s.owner)
                    && domain.hub.is_none_or(|hub| hub != s.owner)
                    && domain
                        .route_list
                        .as_ref()
                        .is_none_or(|scope| scope.covers.iter().any(|c| c.contains(&s.ip)))
            })
            .collect();
        (bindings, sources)
    }
}

/// The pairs of the domain that an overlap in `x` can decide: the binding's
/// source range or the data source's address lies in `x`, and the data
/// source is not in the binding's own VPC.
fn candidates<'p>(
    bindings: &[&'p BindingRef],
    sources: &[&'p SourceRef],
    x: Ipv4Net,
) -> BTreeSet<(ResourceGroupIx, DataSourceIx)> {
    let mut pairs = BTreeSet::new();
    for b in bindings {
        for s in sources {
            if s.owner != Owner::Vpc(b.vpc) && (overlaps(b.source, x) || x.contains(&s.ip)) {
                pairs.insert((b.resource_group, s.ix));
            }
        }
    }
    pairs
}

/// semantics S9.6, S9.8: whether the checked pair meets a misdelivery into the
/// wrong one of `a` and `b` (forward `wrong-destination`, a reply delivered
/// elsewhere) or a transit-router `route-conflict`, on any binding.
fn misdelivered(report: &PairReport, a: &str, b: &str) -> bool {
    let decided = |f: &crate::reach::PairFinding| match f.code {
        // It names both places, the wrong one and the data source's.
        Code::WrongDestination => f.related.iter().any(|r| r == a || r == b),
        // "replies to … are delivered to <place>, not to …": the place named.
        Code::ReturnRouteMissing => f
            .message
            .split_once(" are delivered to ")
            .and_then(|(_, rest)| rest.split_once(", not to "))
            .is_some_and(|(place, _)| place.split(' ').any(|word| word == a || word == b)),
        Code::RouteConflict => true,
        _ => false,
    };
    report.findings.iter().any(decided)
        || report
            .bindings
            .iter()
            .any(|binding| binding.findings.iter().any(decided))
}

/// Pairs checked for the overlaps, each once; the engine is built on the
/// first pair (an inventory without overlaps checks nothing here).
struct Checked<'e> {
    v: &'e ValidInventory,
    routing: &'e Routing,
    engine: Option<Engine<'e>>,
    reports: BTreeMap<(ResourceGroupIx, DataSourceIx), PairReport>,
}

impl Checked<'_> {
    fn report(&mut self, rg: ResourceGroupIx, ds: DataSourceIx) -> &PairReport {
        let (v, routing) = (self.v, self.routing);
        let engine = self.engine.get_or_insert_with(|| Engine::new(v, routing));
        self.reports
            .entry((rg, ds))
            .or_insert_with(|| engine.check_pair(rg, ds))
    }
}

/// The contested ranges of an overlap: where routed ranges of both `a` and `b`
/// (vSwitches, data-center CIDRs, propagated routes) meet inside `x`, sorted.
fn contested(domain: &Domain, a: Owner, b: Owner, x: Ipv4Net) -> Vec<Ipv4Net> {
    let near = |owner: Owner| -> Vec<Ipv4Net> {
        domain
            .routed
            .get(&owner)
            .into_iter()
            .flatten()
            .filter(|r| overlaps(**r, x))
            .copied()
            .collect()
    };
    let near_a = near(a);
    let split = near_a.len();
    let mut all = near_a;
    all.extend(near(b));
    let mut contested: Vec<Ipv4Net> = sweep(&all)
        .into_iter()
        .filter(|&(i, j)| i < split && j >= split)
        .filter_map(|ij| pair_at(&all, ij))
        .map(|(p, q)| intersection(intersection(p, q), x))
        .collect();
    contested.sort();
    contested.dedup();
    contested
}

/// Why routing is affected in `domain` by the overlap of `a` and `b`, given
/// its contested ranges: `None` when no route is affected yet.
fn routing_affected(
    v: &ValidInventory,
    domain: &Domain,
    a: Owner,
    b: Owner,
    contested: &[Ipv4Net],
) -> Option<String> {
    if domain.kind == DomainKind::Peering {
        return Some("peered VPCs must not overlap".to_string());
    }
    if a.is_vpc() != b.is_vpc() {
        let (vpc, site) = if a.is_vpc() { (a, b) } else { (b, a) };
        return Some(format!(
            "{} overlaps {}, a VPC it reaches",
            site.describe(v),
            vpc.id(v)
        ));
    }
    let routed = contested.first()?;
    Some(match domain.hub {
        Some(hub) => format!(
            "{routed} is both a local range of {} and a destination of the route list",
            hub.id(v)
        ),
        None => format!("both networks route {routed}"),
    })
}

/// One side of an overlap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Side {
    id: String,
    net: Ipv4Net,
    owner: Owner,
}

/// An overlap of two blocks, merged over the domains where they meet.
struct Overlap {
    a: Side,
    b: Side,
    places: BTreeSet<String>,
    place_ids: BTreeSet<String>,
    reasons: BTreeSet<String>,
    pairs: BTreeSet<(String, String)>,
    severity: Severity,
}

/// The two sides in id order.
fn sides(v: &ValidInventory, a: (Owner, Ipv4Net), b: (Owner, Ipv4Net)) -> (Side, Side) {
    let side = |(owner, net): (Owner, Ipv4Net)| Side {
        id: owner.id(v).to_string(),
        net,
        owner,
    };
    let (a, b) = (side(a), side(b));
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Every `cidr-overlap` finding of the inventory; with `all_overlaps`, also the
/// overlaps of networks that share no domain, as `info`.
pub fn findings(
    v: &ValidInventory,
    routing: &Routing,
    domains: &[Domain],
    all_overlaps: bool,
) -> Vec<Finding> {
    let pairs = Pairs::new(v);
    let mut checked = Checked {
        v,
        routing,
        engine: None,
        reports: BTreeMap::new(),
    };
    let mut merged: BTreeMap<(Side, Side), Overlap> = BTreeMap::new();
    for domain in domains {
        let nets: Vec<Ipv4Net> = domain.blocks.iter().map(|(_, net)| *net).collect();
        let found: Vec<((Owner, Ipv4Net), (Owner, Ipv4Net))> = sweep(&nets)
            .into_iter()
            .filter_map(|ij| pair_at(&domain.blocks, ij))
            .filter(|(a, b)| domain.compares(a.0, b.0))
            .collect();
        if found.is_empty() {
            continue;
        }
        let (bindings, sources) = pairs.of(domain);
        for ((owner_a, net_a), (owner_b, net_b)) in found {
            let x = intersection(net_a, net_b);
            let contested = contested(domain, owner_a, owner_b, x);
            let reason = routing_affected(v, domain, owner_a, owner_b, &contested);
            // semantics S9.6, S9.8: the pairs the overlap decides are those whose
            // lookups deliver into the wrong network (or meet a conflict);
            // an equal range is an error, a summary only when it misdelivers.
            let (id_a, id_b) = (owner_a.id(v), owner_b.id(v));
            let mut hit = BTreeSet::new();
            for (rg, ds) in candidates(&bindings, &sources, x) {
                if misdelivered(checked.report(rg, ds), id_a, id_b) {
                    hit.insert((
                        v.resource_groups[rg].id.clone(),
                        v.data_sources[ds].id.clone(),
                    ));
                }
            }
            let severity = if net_a == net_b || !hit.is_empty() {
                Severity::Error
            } else {
                Severity::Warning
            };
            let (a, b) = sides(v, (owner_a, net_a), (owner_b, net_b));
            let entry = merged
                .entry((a.clone(), b.clone()))
                .or_insert_with(|| Overlap {
                    a,
                    b,
                    places: BTreeSet::new(),
                    place_ids: BTreeSet::new(),
                    reasons: BTreeSet::new(),
                    pairs: BTreeSet::new(),
                    severity,
                });
            entry.places.insert(domain.place.clone());
            entry.place_ids.insert(domain.resource.clone());
            entry.reasons.extend(reason);
            entry.pairs.extend(hit);
            entry.severity = entry.severity.min(severity);
        }
    }
    let mut findings: Vec<Finding> = merged.into_values().map(|o| finding(v, o)).collect();
    if all_overlaps {
        findings.extend(unexchanged(v, domains));
    }
    findings
}

fn finding(v: &ValidInventory, overlap: Overlap) -> Finding {
    let Overlap {
        a,
        b,
        places,
        place_ids,
        reasons,
        pairs,
        severity,
    } = overlap;
    let x = intersection(a.net, b.net);
    let (a_described, b_described) = (a.owner.describe(v), b.owner.describe(v));
    let places: Vec<String> = places.into_iter().collect();
    let reasons: Vec<String> = reasons.into_iter().collect();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(rg, ds)| (rg.as_str(), ds.as_str()))
        .collect();
    diags::cidr_overlap(
        side(&a, &a_described),
        side(&b, &b_described),
        x,
        Meeting::At {
            places: &places,
            place_ids: place_ids.into_iter().collect(),
            reasons: &reasons,
            pairs: &pairs,
            severity,
        },
        fix(v, &a, &b, x),
    )
}

/// A side as the finding's constructor takes it.
fn side<'s>(side: &'s Side, described: &'s str) -> OverlapSide<'s> {
    OverlapSide {
        net: side.net,
        described,
        id: &side.id,
    }
}

/// Re-address the smaller side, pointing at `audit --free-cidr` where it can help.
fn fix(v: &ValidInventory, a: &Side, b: &Side, x: Ipv4Net) -> String {
    let (moving, staying) = if b.net == x && a.net != x {
        (b, a)
    } else {
        (a, b)
    };
    let mut fix = format!(
        "re-address {} or {} so that they no longer share {x}",
        moving.owner.describe(v),
        staying.owner.describe(v)
    );
    let listed = [moving, staying]
        .into_iter()
        .find(|side| matches!(side.owner, Owner::Vpc(_) | Owner::DataCenter(_)));
    if let Some(side) = listed {
        let length = x.prefix_len().clamp(8, 30);
        fix.push_str(&format!(
            "; netreach audit --free-cidr {length} --domain {} lists free ranges",
            side.id
        ));
    }
    fix
}

/// `info` overlaps of VPCs and data centers that share no domain.
fn unexchanged(v: &ValidInventory, domains: &[Domain]) -> Vec<Finding> {
    let mut in_domains: BTreeMap<Owner, Vec<usize>> = BTreeMap::new();
    for (d, domain) in domains.iter().enumerate() {
        for owner in &domain.members {
            in_domains.entry(*owner).or_default().push(d);
        }
    }
    let shared = |a: Owner, b: Owner| {
        let (Some(da), Some(db)) = (in_domains.get(&a), in_domains.get(&b)) else {
            return false;
        };
        da.iter().any(|d| {
            db.binary_search(d).is_ok() && domains.get(*d).is_some_and(|d| d.compares(a, b))
        })
    };
    let owners = (0..v.vpcs.len())
        .map(|i| Owner::Vpc(VpcIx::at(i)))
        .chain((0..v.data_centers.len()).map(|i| Owner::DataCenter(DataCenterIx::at(i))));
    let blocks: Vec<(Owner, Ipv4Net)> = owners
        .flat_map(|owner| {
            maximal(base_ranges(v, owner).0)
                .into_iter()
                .map(move |net| (owner, net))
        })
        .collect();
    let nets: Vec<Ipv4Net> = blocks.iter().map(|(_, net)| *net).collect();
    let mut seen = BTreeSet::new();
    let mut findings = Vec::new();
    for ((owner_a, net_a), (owner_b, net_b)) in sweep(&nets)
        .into_iter()
        .filter_map(|ij| pair_at(&blocks, ij))
    {
        if owner_a == owner_b || shared(owner_a, owner_b) {
            continue;
        }
        let (a, b) = sides(v, (owner_a, net_a), (owner_b, net_b));
        if !seen.insert((a.clone(), b.clone())) {
            continue;
        }
        let x = intersection(a.net, b.net);
        let (a_described, b_described) = (a.owner.describe(v), b.owner.describe(v));
        findings.push(diags::cidr_overlap(
            side(&a, &a_described),
            side(&b, &b_described),
            x,
            Meeting::Apart,
            fix(v, &a, &b, x),
        ));
    }
    findings
}
