//! The engine: one pair checked through every binding of its resource group
//! (semantics S1.1, S8.13). For each binding it runs the forward walk (semantics S3), the arrival
//! checks where the forward walk delivers (semantics S4) and the return walk (semantics S5), and
//! hands the findings to [`super::verdict`].
//!
//! The places a walk crosses are in [`super::walk`]; the lookups built once
//! per engine are in [`super::index`].
//!
//! Invariant: the engine does no I/O and a broken network is never an error;
//! it reads only the `ValidInventory` and its `Routing`.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

use super::arrival;
use super::fix;
use super::index::Index;
use super::memo::{Memo, MemoMode, Place, Start};
use super::scenario::Scenario;
use super::verdict;
use super::walk::{dedup, Dir, Walk};
use super::{BindingRef, BindingReport, Hop, PairFinding, PairReport, Verdict};
use crate::findings::diags::{self, BindingIds};
use crate::findings::Finding;
use crate::model::{NatGatewayType, ResourceGroupType};
use crate::route::Routing;
use crate::validate::{
    is_private, Binding, DataCenterIx, DataSource, DataSourceIx, DsLocation, ResourceGroup,
    ResourceGroupIx, ValidInventory, VpcIx,
};

/// The reachability engine over one validated inventory and its routing.
pub struct Engine<'a> {
    pub(super) v: &'a ValidInventory,
    pub(super) r: &'a Routing,
    /// Every VPC CIDR → the VPCs holding it.
    vpc_cidrs: PrefixMap<Ipv4Net, Vec<VpcIx>>,
    /// Every data-center CIDR → the data centers holding it.
    dc_cidrs: PrefixMap<Ipv4Net, Vec<DataCenterIx>>,
    /// Precomputed lookups.
    pub(super) index: Index,
    /// The walks shared between pairs (issue 19).
    memo: Memo<'a>,
}

impl<'a> Engine<'a> {
    /// Prepares the engine: O(VPC CIDRs + data-center CIDRs).
    pub fn new(v: &'a ValidInventory, r: &'a Routing) -> Engine<'a> {
        let mut vpc_cidrs: PrefixMap<Ipv4Net, Vec<VpcIx>> = PrefixMap::new();
        for (p, vpc) in v.vpcs.iter().enumerate() {
            for cidr in &vpc.cidrs {
                match vpc_cidrs.get_mut(cidr) {
                    Some(list) => list.push(VpcIx::at(p)),
                    None => {
                        vpc_cidrs.insert(*cidr, vec![VpcIx::at(p)]);
                    }
                }
            }
        }
        let mut dc_cidrs: PrefixMap<Ipv4Net, Vec<DataCenterIx>> = PrefixMap::new();
        for (d, dc) in v.data_centers.iter().enumerate() {
            for cidr in &dc.cidrs {
                match dc_cidrs.get_mut(cidr) {
                    Some(list) => list.push(DataCenterIx::at(d)),
                    None => {
                        dc_cidrs.insert(*cidr, vec![DataCenterIx::at(d)]);
                    }
                }
            }
        }
        Engine {
            v,
            r,
            vpc_cidrs,
            dc_cidrs,
            index: Index::build(v),
            memo: Memo::new(MemoMode::from_env()),
        }
    }

    /// The engine with walks shared between pairs as `mode` says (the
    /// default is [`MemoMode::from_env`]); the reports are the same in every mode.
    pub fn with_memo(mut self, mode: MemoMode) -> Engine<'a> {
        self.memo = Memo::new(mode);
        self
    }

    /// How many walks this engine replayed from its memo instead of walking.
    pub fn shared_walks(&self) -> usize {
        self.memo.hits()
    }

    /// The VPCs whose CIDRs hold `range`, most specific first, by id.
    pub(super) fn vpcs_holding(&self, range: Ipv4Net) -> Vec<VpcIx> {
        let mut found: Vec<VpcIx> = self
            .vpc_cidrs
            .cover(&range)
            .flat_map(|(_, list)| list.iter().copied())
            .collect();
        found.sort_by(|a, b| self.v.vpcs[*a].id.cmp(&self.v.vpcs[*b].id));
        found.dedup();
        found
    }

    /// The data centers whose CIDRs hold `range`, by id.
    pub(super) fn dcs_holding(&self, range: Ipv4Net) -> Vec<DataCenterIx> {
        let mut found: Vec<DataCenterIx> = self
            .dc_cidrs
            .cover(&range)
            .flat_map(|(_, list)| list.iter().copied())
            .collect();
        found.sort_by(|a, b| self.v.data_centers[*a].id.cmp(&self.v.data_centers[*b].id));
        found.dedup();
        found
    }

    /// Checks one pair through every binding of the group (semantics S1.1, S8.13).
    pub fn check_pair(&self, rg: ResourceGroupIx, ds: DataSourceIx) -> PairReport {
        let v = self.v;
        let group = &v.resource_groups[rg];
        let source = &v.data_sources[ds];
        if group.bindings.is_empty() {
            let (verdict, forward, return_path, findings) = self.check_unbound(rg, ds);
            let scenario = Scenario::classify(v, group, None, source);
            let shown = (None, forward, return_path, findings);
            return assemble(group, source, verdict, scenario, shown, Vec::new());
        }
        let mut bindings: Vec<BindingReport> = group
            .bindings
            .iter()
            .map(|binding| self.check_binding(rg, binding, ds))
            .collect();
        let verdict = if bindings.iter().any(|b| b.verdict == Verdict::Reachable) {
            Verdict::Reachable
        } else if bindings.iter().any(|b| b.verdict == Verdict::Unknown) {
            Verdict::Unknown
        } else {
            Verdict::Unreachable
        };
        let chosen = bindings
            .iter()
            .position(|b| b.verdict == verdict)
            .unwrap_or(0);
        let scenario = Scenario::classify(v, group, group.bindings.get(chosen), source);
        // A single binding's details are the pair's own: moved, not repeated.
        let shown = if bindings.len() == 1 {
            bindings.pop()
        } else {
            bindings.get(chosen).cloned()
        };
        let (binding, forward, return_path, mut findings) = match shown {
            Some(b) => (Some(b.binding), b.forward, b.return_path, b.findings),
            None => (None, Vec::new(), Vec::new(), Vec::new()),
        };
        // semantics S9.5, S9.8: a reachable pair names each unreachable binding
        // with that binding's primary blocker (an unknown binding does not count).
        if verdict == Verdict::Reachable {
            for failing in bindings
                .iter()
                .filter(|b| b.verdict == Verdict::Unreachable)
            {
                let Some(blocker) = failing.findings.iter().find(|f| f.primary) else {
                    continue;
                };
                let ids = BindingIds {
                    group: &group.id,
                    vpc: &failing.binding.vpc,
                    vswitch: &failing.binding.vswitch,
                };
                let note =
                    diags::binding_unreachable(ids, &source.id, (blocker.code, &blocker.resource));
                findings.push(PairFinding {
                    code: note.code,
                    severity: note.severity,
                    primary: false,
                    resource: note.resource,
                    message: note.message,
                    related: note.related,
                    fix: None,
                    remedy: note.remedy,
                });
            }
        }
        let shown = (binding, forward, return_path, findings);
        assemble(group, source, verdict, scenario, shown, bindings)
    }

    /// Checks one binding of group `rg` against data source `ds`: the
    /// forward walk, the arrival checks, the return walk and the verdict.
    fn check_binding(
        &self,
        rg: ResourceGroupIx,
        binding: &Binding,
        ds: DataSourceIx,
    ) -> BindingReport {
        let v = self.v;
        let source = &v.data_sources[ds];
        let vsw = &v.vswitches[binding.vswitch];
        let binding_ref = BindingRef {
            vpc: v.vpcs[binding.vpc].id.clone(),
            vswitch: vsw.id.clone(),
        };
        let mut forward = Walk::new(self, Dir::Forward, Some((binding.vswitch, rg)));
        let mut back = Walk::new(self, Dir::Return, Some((binding.vswitch, rg)));
        let mut notes: Vec<Finding> = Vec::new();

        if let Some(address) = traced_address(source, &mut forward) {
            self.trace(
                rg,
                binding,
                ds,
                address,
                (&mut forward, &mut back),
                &mut notes,
            );
        }
        let (verdict, findings) = verdict::conclude(&source.id, &forward, &back, notes);
        BindingReport {
            binding: binding_ref,
            verdict,
            forward: forward.hops,
            return_path: back.hops,
            findings,
        }
    }

    /// Traces a binding to the IPv4 `address` of data source `ds`: the
    /// route list of the binding (semantics S3.1), the forward walk, the arrival checks
    /// at each delivery (semantics S4) and the return walk (semantics S5).
    fn trace(
        &self,
        rg: ResourceGroupIx,
        binding: &Binding,
        ds: DataSourceIx,
        address: Ipv4Addr,
        (forward, back): (&mut Walk<'_, 'a>, &mut Walk<'_, 'a>),
        notes: &mut Vec<Finding>,
    ) {
        let v = self.v;
        let group = &v.resource_groups[rg];
        let source = &v.data_sources[ds];
        let vsw = &v.vswitches[binding.vswitch];
        let dest = Ipv4Net::from(address);
        let vpc = &v.vpcs[binding.vpc];
        // semantics S3.1: DataWorks sends a private destination outside the bound VPC
        // into the VPC only when the binding's route list covers it.
        if route_list_read(vpc, address) {
            let ids = BindingIds {
                group: &group.id,
                vpc: &vpc.id,
                vswitch: &vsw.id,
            };
            match &binding.routes {
                Some(routes) if !routes.iter().any(|r| r.contains(&address)) => {
                    let network = fix::destination_network(self, dest);
                    forward
                        .findings
                        .push(diags::rg_route_missing(ids, address, network));
                }
                Some(_) => {}
                None => notes.push(diags::rg_routes_unknown(ids, address)),
            }
        }
        // semantics S1.3, S3.6: a group with a public address reaches a public
        // destination straight from it, not through the VPC.
        let public_exit = group.public_ip.filter(|_| {
            !is_private(address)
                && !vpc.cidrs.iter().any(|c| c.contains(&address))
                && !vpc.user_cidrs.iter().any(|c| c.contains(&address))
        });
        // semantics S9.2, S9.8: an old-version group without `public_ip` reaches
        // an internet data source over its default EIP, whose address is unknown.
        let default_eip = public_exit.is_none()
            && group.public_ip.is_none()
            && group.kind != ResourceGroupType::Serverless
            && matches!(source.location, DsLocation::Internet);
        let atoms = self.memo.classes(v);
        let start = if default_eip {
            Start::DefaultEip(rg)
        } else if public_exit.is_some() {
            Start::PublicExit(rg)
        } else {
            Start::VSwitch(binding.vswitch)
        };
        let ticket = match atoms {
            Some(atoms) => self.memo.forward(atoms, start, address, forward).err(),
            None => None,
        };
        if atoms.is_none() || ticket.is_some() {
            if default_eip {
                forward.start_default_eip(&group.id, dest);
            } else {
                forward.start_forward(binding, &group.id, public_exit, dest);
            }
        }
        if let Some(ticket) = ticket {
            self.memo.keep_forward(ticket, address, forward);
        }
        // semantics S4: arrival checks where traffic arrives at the data source.
        let unknown_public = default_eip.then_some(group.id.as_str());
        arrival::check_deliveries(self, ds, unknown_public, forward, notes);
        // semantics S5: the return path (semantics S8.5: also when the forward path failed).
        // Replies to the internet, or to a connection the group opened from
        // its public address, are stateful: nothing to trace.
        let stateful = matches!(source.location, DsLocation::Internet) || public_exit.is_some();
        if stateful {
            return;
        }
        let vpc_nat = forward
            .deliveries
            .iter()
            .filter_map(|d| d.snat)
            .find(|n| v.nat_gateways[*n].kind == NatGatewayType::Vpc);
        let internet_nat = forward.deliveries.iter().any(|d| d.snat.is_some()) && vpc_nat.is_none();
        if let Some(nat) = vpc_nat {
            // semantics S5.1: replies go to the VPC NAT gateway's addresses.
            let targets: Vec<Ipv4Net> = forward
                .deliveries
                .iter()
                .filter(|d| d.snat == Some(nat))
                .flat_map(|d| d.src.iter().copied())
                .collect();
            back.return_toward_nat(nat);
            for target in dedup(targets) {
                back.start_return(ds, target, address);
            }
        } else if !internet_nat {
            let place = match source.location {
                DsLocation::Vpc(vpc, Some(vsw)) => Place::Table(vpc, v.vswitches[vsw].table),
                DsLocation::Ecs(ecs) => {
                    let instance = &v.ecs_instances[ecs];
                    Place::Table(instance.vpc, v.vswitches[instance.vswitch].table)
                }
                DsLocation::DataCenter(dc) => Place::DataCenter(dc),
                DsLocation::Vpc(_, None) | DsLocation::Internet | DsLocation::Classic => {
                    Place::Nowhere
                }
            };
            let ticket = match atoms {
                Some(atoms) => self
                    .memo
                    .back(atoms, (place, vsw.cidr, binding.vswitch), address, back)
                    .err(),
                None => None,
            };
            if atoms.is_none() || ticket.is_some() {
                back.start_return(ds, vsw.cidr, address);
            }
            if let Some(ticket) = ticket {
                self.memo.keep_back(ticket, address, back);
            }
        }
    }
}

/// Whether a walk from a binding in `vpc` toward `address` reads the
/// binding's route list (semantics S3.1): a private destination (or one in a
/// user CIDR) outside the VPC's CIDRs. The only place a walk reads it.
pub(super) fn route_list_read(vpc: &crate::validate::Vpc, address: Ipv4Addr) -> bool {
    let private = is_private(address) || vpc.user_cidrs.iter().any(|c| c.contains(&address));
    let outside = !vpc.cidrs.iter().any(|c| c.contains(&address));
    private && outside
}

/// semantics S4.1: the address of `source` to trace, or `None` (with the
/// finding on `forward`) for the classic network and an IPv6 address, which
/// are not traced.
pub(super) fn traced_address(source: &DataSource, forward: &mut Walk<'_, '_>) -> Option<Ipv4Addr> {
    match (source.location, source.ip) {
        (DsLocation::Classic, _) => {
            forward.findings.push(diags::classic_network(&source.id));
            None
        }
        (_, IpAddr::V6(address)) => {
            forward
                .findings
                .push(diags::ipv6_not_analysed(&source.id, address));
            None
        }
        (_, IpAddr::V4(address)) => Some(address),
    }
}

/// The report of the pair of `group` and `source`: `shown` is the binding
/// the report shows (none for a group without bindings) with its forward
/// and return hops and findings; `bindings` every binding's report when
/// there are several.
fn assemble(
    group: &ResourceGroup,
    source: &DataSource,
    verdict: Verdict,
    scenario: Scenario,
    shown: (Option<BindingRef>, Vec<Hop>, Vec<Hop>, Vec<PairFinding>),
    bindings: Vec<BindingReport>,
) -> PairReport {
    let (binding, forward, return_path, findings) = shown;
    PairReport {
        resource_group: group.id.clone(),
        data_source: source.id.clone(),
        verdict,
        scenario,
        binding,
        forward,
        return_path,
        findings,
        fixes: Vec::new(),
        decisions: Vec::new(),
        solution: (verdict != Verdict::Reachable)
            .then(|| scenario.solution_for(group.kind).to_string()),
        bindings,
    }
}
