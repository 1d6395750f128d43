//! The trace engine: walks a flow through VPC tables, transit routers, VBRs,
//! VPN connections, NAT gateways and data centers, hop by hop, recording every
//! hop and every finding, branching on ECMP next hops and on sub-ranges that
//! take different routes (S3, S5, S8.6).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

use super::arrival;
use super::fix;
use super::scenario::Scenario;
use super::{BindingRef, BindingReport, Hop, PairFinding, PairReport, Verdict};
use crate::findings::diags::{
    self, Behind, BindingIds, ConflictSeen, Down, Elsewhere, Lookup, Loop, MissingLink, NoRouteAt,
    ReturnStop, Scope,
};
use crate::findings::{Class, Finding};
use crate::model::{
    NatGatewayType, PeeringStatus, PhysicalConnectionStatus, TrAttachmentStatus, VbrStatus,
    VpnConnectionStatus,
};
use crate::route::{self, split, Routing, TrEntry, VbrMatch, VbrRoute, VpcMatch, VpcRoute};
use crate::validate::{
    is_private, is_public_range, Arena, AttIx, AttachmentKind, Binding, CenIx, CgwIx, DcIx, DsIx,
    DsLocation, NatIx, NextHop, PcIx, RgIx, RtIx, SnatSource, TrtIx, ValidInventory, VbrIx, VcoIx,
    Via, VpcIx, VpnAttach, VpnGwIx, VswIx,
};

/// No path is longer than this many hops (S3.8).
pub const MAX_HOPS: u32 = 64;

/// The reachability engine over one validated inventory and its routing.
pub struct Engine<'a> {
    pub(super) v: &'a ValidInventory,
    pub(super) r: &'a Routing,
    /// Every VPC CIDR → the VPCs holding it.
    vpc_cidrs: PrefixMap<Ipv4Net, Vec<VpcIx>>,
    /// Every data-center CIDR → the data centers holding it.
    dc_cidrs: PrefixMap<Ipv4Net, Vec<DcIx>>,
    /// Precomputed lookups.
    pub(super) index: Index,
}

/// Which way a walk goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    /// From the resource group toward the data source.
    Forward,
    /// From the data source back toward the source range.
    Return,
}

/// How traffic entered a VPC (S3.2, S3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Start,
    Peering,
    Tr,
    Nat(NatIx),
    Gateway,
}

/// A place on a path, for loop detection (S3.8, S8.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceKey {
    Vpc(RtIx),
    Tr(TrtIx),
    Vbr(VbrIx),
    Dc(DcIx),
}

/// Where a walk ended successfully.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DeliveredAt {
    VSwitch(VswIx),
    DataCenter(DcIx),
    Internet,
    CloudServices(VpcIx),
    NatVpc(VpcIx),
}

/// A delivery: where, the range delivered, and the source as the receiver sees it.
#[derive(Debug, Clone)]
pub(super) struct Delivery {
    pub(super) at: DeliveredAt,
    pub(super) range: Ipv4Net,
    pub(super) src: Vec<Ipv4Net>,
    pub(super) snat: Option<NatIx>,
}

#[derive(Debug, Clone)]
struct Flow {
    dest: Ipv4Net,
    src: Vec<Ipv4Net>,
    src_vsw: Option<VswIx>,
    snat: Option<NatIx>,
    depth: u32,
}

/// One walk in one direction: its hops, findings and deliveries.
pub(super) struct Walk<'e, 'a> {
    e: &'e Engine<'a>,
    dir: Dir,
    pub(super) hops: Vec<Hop>,
    pub(super) findings: Vec<Finding>,
    pub(super) deliveries: Vec<Delivery>,
    path: Vec<(PlaceKey, Ipv4Net)>,
    pub(super) transit: BTreeSet<Cow<'a, str>>,
    /// Return toward NAT IPs: the walk succeeds on entering this VPC (S5.1).
    nat_target: Option<(VpcIx, NatIx)>,
    /// The source vSwitch and group (for fixes).
    source: Option<(VswIx, RgIx)>,
}

/// `net` as `a.b.c.d/len`, the same text as its `Display`, written without the
/// formatting machinery (a hop's route and range are formatted for every pair).
pub(super) fn net_text(net: Ipv4Net) -> String {
    fn decimal(out: &mut String, n: u8) {
        if n >= 100 {
            out.push(char::from(b'0' + n / 100));
        }
        if n >= 10 {
            out.push(char::from(b'0' + n / 10 % 10));
        }
        out.push(char::from(b'0' + n % 10));
    }
    let mut out = String::with_capacity(18);
    for (i, octet) in net.addr().octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        decimal(&mut out, octet);
    }
    out.push('/');
    decimal(&mut out, net.prefix_len());
    out
}

fn host(address: Ipv4Addr) -> Ipv4Net {
    Ipv4Net::from(address)
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
        let mut dc_cidrs: PrefixMap<Ipv4Net, Vec<DcIx>> = PrefixMap::new();
        for (d, dc) in v.data_centers.iter().enumerate() {
            for cidr in &dc.cidrs {
                match dc_cidrs.get_mut(cidr) {
                    Some(list) => list.push(DcIx::at(d)),
                    None => {
                        dc_cidrs.insert(*cidr, vec![DcIx::at(d)]);
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
        }
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
    pub(super) fn dcs_holding(&self, range: Ipv4Net) -> Vec<DcIx> {
        let mut found: Vec<DcIx> = self
            .dc_cidrs
            .cover(&range)
            .flat_map(|(_, list)| list.iter().copied())
            .collect();
        found.sort_by(|a, b| self.v.data_centers[*a].id.cmp(&self.v.data_centers[*b].id));
        found.dedup();
        found
    }

    /// Checks one pair through every binding of the group (S1.1, S8.13).
    pub fn check_pair(&self, rg: RgIx, ds: DsIx) -> PairReport {
        let v = self.v;
        let group = &v.resource_groups[rg];
        let source = &v.data_sources[ds];
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
        let (binding, forward, return_path, findings) = match shown {
            Some(b) => (Some(b.binding), b.forward, b.return_path, b.findings),
            None => (None, Vec::new(), Vec::new(), Vec::new()),
        };
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
            solution: (verdict != Verdict::Reachable).then(|| scenario.solution().to_string()),
            bindings,
        }
    }

    fn check_binding(&self, rg: RgIx, binding: &Binding, ds: DsIx) -> BindingReport {
        let v = self.v;
        let group = &v.resource_groups[rg];
        let source = &v.data_sources[ds];
        let vsw = &v.vswitches[binding.vswitch];
        let binding_ref = BindingRef {
            vpc: v.vpcs[binding.vpc].id.clone(),
            vswitch: vsw.id.clone(),
        };
        let mut forward = Walk::new(self, Dir::Forward, Some((binding.vswitch, rg)));
        let mut back = Walk::new(self, Dir::Return, Some((binding.vswitch, rg)));
        let mut notes: Vec<Finding> = Vec::new();

        let address = match (source.location, source.ip) {
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
        };
        if let Some(address) = address {
            let dest = host(address);
            let vpc = &v.vpcs[binding.vpc];
            // S3.1: the binding's own route list.
            let private =
                is_private(address) || vpc.user_cidrs.iter().any(|c| c.contains(&address));
            let outside = !vpc.cidrs.iter().any(|c| c.contains(&address));
            if private && outside {
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
            let public_exit = group.public_ip.filter(|_| {
                !is_private(address)
                    && !vpc.cidrs.iter().any(|c| c.contains(&address))
                    && !vpc.user_cidrs.iter().any(|c| c.contains(&address))
            });
            if let Some(public_ip) = public_exit {
                // S1.3, S3.6: straight to the internet from the group's own address.
                forward.hop(
                    &group.id,
                    None,
                    None,
                    Some("internet"),
                    None,
                    Some(format!("exits from its public address {public_ip}")),
                );
                let flow = Flow {
                    dest,
                    src: vec![host(public_ip)],
                    src_vsw: None,
                    snat: None,
                    depth: 0,
                };
                forward.internet(flow, &group.id);
            } else {
                let flow = Flow {
                    dest,
                    src: vec![vsw.cidr],
                    src_vsw: Some(binding.vswitch),
                    snat: None,
                    depth: 0,
                };
                forward.vpc(binding.vpc, vsw.table, Entry::Start, flow);
            }
            // S4: arrival checks where traffic arrives at the data source.
            let deliveries = forward.deliveries.clone();
            for delivery in &deliveries {
                arrival::check(self, ds, delivery, &mut forward.findings, &mut notes);
            }
            // S5: the return path (S8.5: also when the forward path failed).
            let stateful = matches!(source.location, DsLocation::Internet) || public_exit.is_some();
            if !stateful {
                let vpc_nat = deliveries
                    .iter()
                    .filter_map(|d| d.snat)
                    .find(|n| v.nat_gateways[*n].kind == NatGatewayType::Vpc);
                let internet_nat = deliveries.iter().any(|d| d.snat.is_some()) && vpc_nat.is_none();
                if let Some(nat) = vpc_nat {
                    let targets: Vec<Ipv4Net> = deliveries
                        .iter()
                        .filter(|d| d.snat == Some(nat))
                        .flat_map(|d| d.src.iter().copied())
                        .collect();
                    back.nat_target = Some((v.nat_gateways[nat].vpc, nat));
                    for target in dedup(targets) {
                        back.start_return(ds, target, address);
                    }
                } else if !internet_nat {
                    back.start_return(ds, vsw.cidr, address);
                }
            }
        }

        // S8.12: a finding seen in both directions is reported once; notes last.
        let mut all: Vec<Finding> = Vec::new();
        for finding in forward.findings.iter().chain(back.findings.iter()) {
            if !all.contains(finding) {
                all.push(finding.clone());
            }
        }
        let mut verdict = Verdict::from_findings(&all);
        if verdict == Verdict::Reachable
            && !back.hops.is_empty()
            && !forward.transit.is_empty()
            && forward.transit != back.transit
        {
            let forward_ids: Vec<&str> = forward.transit.iter().map(|id| id.as_ref()).collect();
            let back_ids: Vec<&str> = back.transit.iter().map(|id| id.as_ref()).collect();
            notes.push(diags::asymmetric_path(&source.id, &back_ids, &forward_ids));
        }
        for note in notes {
            if !all.contains(&note) {
                all.push(note);
            }
        }
        verdict = match verdict {
            Verdict::Reachable => Verdict::from_findings(&all),
            other => other,
        };
        BindingReport {
            binding: binding_ref,
            verdict,
            forward: forward.hops,
            return_path: back.hops,
            findings: order_findings(all),
        }
    }
}

fn dedup(mut nets: Vec<Ipv4Net>) -> Vec<Ipv4Net> {
    nets.sort();
    nets.dedup();
    nets
}

/// Blocking findings first (in the order found), then undecided, then notes;
/// the first is primary when it blocks or is undecided.
fn order_findings(findings: Vec<Finding>) -> Vec<PairFinding> {
    let rank = |f: &Finding| match f.code.class() {
        Class::Blocking => 0,
        Class::Undecided => 1,
        Class::Note | Class::Inventory => 2,
    };
    let mut ordered: Vec<(usize, Finding)> = findings.into_iter().enumerate().collect();
    ordered.sort_by_key(|(i, f)| (rank(f), *i));
    ordered
        .into_iter()
        .enumerate()
        .map(|(position, (_, f))| PairFinding {
            primary: position == 0 && rank(&f) < 2,
            code: f.code,
            severity: f.severity,
            resource: f.resource,
            message: f.message,
            related: f.related,
            fix: None,
            remedy: f.remedy,
        })
        .collect()
}

impl<'e, 'a> Walk<'e, 'a> {
    pub(super) fn new(e: &'e Engine<'a>, dir: Dir, source: Option<(VswIx, RgIx)>) -> Walk<'e, 'a> {
        Walk {
            e,
            dir,
            hops: Vec::new(),
            findings: Vec::new(),
            deliveries: Vec::new(),
            path: Vec::new(),
            transit: BTreeSet::new(),
            nat_target: None,
            source,
        }
    }

    fn v(&self) -> &'a ValidInventory {
        self.e.v
    }

    fn hop(
        &mut self,
        at: &str,
        table: Option<&str>,
        route: Option<String>,
        next_hop: Option<&str>,
        range: Option<Ipv4Net>,
        note: Option<String>,
    ) {
        self.hops.push(Hop {
            at: at.to_string(),
            table: table.map(str::to_string),
            route,
            next_hop: next_hop.map(str::to_string),
            range: if self.dir == Dir::Return {
                range.map(net_text)
            } else {
                None
            },
            note,
        });
    }

    fn add(&mut self, finding: Finding) {
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    /// Enters a place for a destination range; false (and `routing-loop`) on a
    /// second visit of the same place for a range inside the first, or past 64 hops.
    fn enter(&mut self, place: PlaceKey, name: &str, flow: &Flow) -> bool {
        let looped = self
            .path
            .iter()
            .any(|(p, range)| *p == place && range.contains(&flow.dest));
        if looped || flow.depth >= MAX_HOPS {
            let why = if looped {
                Loop::Revisit {
                    place: name,
                    dest: flow.dest,
                }
            } else {
                Loop::TooLong {
                    place: name,
                    dest: flow.dest,
                    limit: MAX_HOPS,
                }
            };
            self.add(diags::routing_loop(why));
            return false;
        }
        self.path.push((place, flow.dest));
        true
    }

    fn leave(&mut self) {
        self.path.pop();
    }

    /// Starts the return walk from the data source's place toward `target`
    /// (the source range, or NAT IPs), with the data source's address as source.
    pub(super) fn start_return(&mut self, ds: DsIx, target: Ipv4Net, address: Ipv4Addr) {
        let v = self.v();
        let flow = Flow {
            dest: target,
            src: vec![host(address)],
            src_vsw: None,
            snat: None,
            depth: 0,
        };
        match v.data_sources[ds].location {
            DsLocation::Vpc(vpc, Some(vsw)) => {
                self.vpc(vpc, v.vswitches[vsw].table, Entry::Start, flow)
            }
            DsLocation::Ecs(ecs) => {
                let instance = &v.ecs_instances[ecs];
                self.vpc(
                    instance.vpc,
                    v.vswitches[instance.vswitch].table,
                    Entry::Start,
                    flow,
                )
            }
            DsLocation::DataCenter(dc) => self.dc_return(dc, flow),
            DsLocation::Vpc(_, None) | DsLocation::Internet | DsLocation::Classic => {}
        }
    }

    /// A lookup found nothing for `part` at a place (S3.2, S3.7, S8.12).
    fn miss(
        &mut self,
        place_region: Option<String>,
        cens: Vec<CenIx>,
        part: Ipv4Net,
        lookup: Lookup<'_>,
    ) {
        if let Some(finding) = self.inter_region(place_region, cens, part) {
            self.add(finding);
            return;
        }
        let finding = self.route_missing(lookup);
        self.add(finding);
    }

    /// A failed lookup in the words of the walk's direction: `no-route`
    /// forward, `return-route-missing` on the return path (S5, S8.12).
    fn route_missing(&self, lookup: Lookup<'_>) -> Finding {
        match self.dir {
            Dir::Forward => diags::no_route(NoRouteAt::Lookup(lookup)),
            Dir::Return => diags::return_route_missing(ReturnStop::Lookup(lookup)),
        }
    }

    /// S3.7, S8.9: a miss for a destination attached to the same CEN in another
    /// region, with no inter-region connection joining the two regions.
    fn inter_region(
        &self,
        region: Option<String>,
        cens: Vec<CenIx>,
        part: Ipv4Net,
    ) -> Option<Finding> {
        let v = self.v();
        let region = region?;
        for cen in cens {
            let mut targets: Vec<String> = Vec::new();
            for vpc in self.e.vpcs_holding(part) {
                targets.extend(
                    self.e
                        .index
                        .vpc_regions
                        .get(&(cen, vpc))
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            for dc in self.e.dcs_holding(part) {
                targets.extend(
                    self.e
                        .index
                        .dc_regions
                        .get(&(cen, dc))
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            targets.sort();
            targets.dedup();
            for other in targets {
                if other != region && !self.e.index.regions_joined(cen, &region, &other) {
                    let (a, b) = if region < other {
                        (region.clone(), other)
                    } else {
                        (other, region.clone())
                    };
                    let cen_id = &v.cens[cen].id;
                    let remedy = fix::inter_region(self.e, cen, &a, &b);
                    return Some(diags::inter_region_missing(
                        cen_id,
                        &a,
                        &b,
                        MissingLink::None(remedy),
                    ));
                }
            }
        }
        None
    }

    /// S3.2: a VPC table.
    fn vpc(&mut self, vpc: VpcIx, table: RtIx, entry: Entry, flow: Flow) {
        let v = self.v();
        let vpc_id: &str = &v.vpcs[vpc].id;
        if let (Dir::Return, Some((nat_vpc, nat))) = (self.dir, self.nat_target) {
            if nat_vpc == vpc {
                self.transit.insert(Cow::Borrowed(&v.nat_gateways[nat].id));
                self.hop(
                    vpc_id,
                    None,
                    None,
                    None,
                    Some(flow.dest),
                    Some(
                        "reply reaches the NAT gateway's VPC; the translation is reversed there"
                            .into(),
                    ),
                );
                self.deliveries.push(Delivery {
                    at: DeliveredAt::NatVpc(vpc),
                    range: flow.dest,
                    src: flow.src,
                    snat: flow.snat,
                });
                return;
            }
        }
        let table_id: &str = &v.route_tables[table].id;
        if !self.enter(PlaceKey::Vpc(table), table_id, &flow) {
            return;
        }
        let r = self.e.r;
        let parts = split(flow.dest, &|p| r.vpc_has_inside(v, table, p));
        for part in parts {
            let flow = Flow {
                dest: part,
                ..flow.clone()
            };
            match r.lookup_vpc(v, table, part) {
                None => {
                    let pending = r
                        .vpc
                        .lookup(table)
                        .is_some_and(|t| t.pending.iter().any(|p| p.contains(&part)));
                    let remedy = fix::vpc_route(self.e, vpc, table, part, self.dir, self.source);
                    let region = Some(v.vpcs[vpc].region.clone());
                    self.miss(
                        region,
                        self.e.index.cens_of_vpc(vpc),
                        part,
                        Lookup::VpcTable {
                            table: table_id,
                            vpc: vpc_id,
                            part,
                            pending,
                            remedy,
                        },
                    );
                }
                Some((prefix, VpcMatch::Own(VpcRoute::Local(vsw)))) => {
                    self.hop(
                        vpc_id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some("local"),
                        Some(part),
                        None,
                    );
                    self.deliver(DeliveredAt::VSwitch(vsw), &flow);
                }
                Some((prefix, VpcMatch::Own(VpcRoute::CloudServices))) => {
                    self.hop(
                        vpc_id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some("cloud services"),
                        Some(part),
                        None,
                    );
                    self.deliver(DeliveredAt::CloudServices(vpc), &flow);
                }
                Some((prefix, matched)) => {
                    if entry == Entry::Peering {
                        let via = self
                            .hops
                            .iter()
                            .rev()
                            .find_map(|h| h.next_hop.clone())
                            .unwrap_or_default();
                        self.hop(
                            vpc_id,
                            Some(table_id),
                            Some(net_text(prefix)),
                            None,
                            Some(part),
                            Some("arrived over a peering: only local delivery is allowed".into()),
                        );
                        self.add(diags::peering_not_transitive(
                            vpc_id, &via, part, prefix, table_id,
                        ));
                        continue;
                    }
                    match matched {
                        VpcMatch::Own(VpcRoute::Written { mut next_hops, .. }) => {
                            // ECMP branches in next-hop id order, not in the order the
                            // inventory lists them, so that the hops of a report do not
                            // depend on input order (issue 8, found by tests/robustness.rs).
                            next_hops.sort_by_cached_key(|hop| route::next_hop_id(v, hop));
                            for next_hop in next_hops {
                                self.vpc_next_hop(
                                    vpc,
                                    table,
                                    prefix,
                                    &next_hop,
                                    entry,
                                    flow.clone(),
                                );
                            }
                        }
                        VpcMatch::Own(VpcRoute::VpnPublished { gateway, .. }) => {
                            let gateway_id: &str = &v.vpn_gateways[gateway].id;
                            self.hop(
                                vpc_id,
                                Some(table_id),
                                Some(net_text(prefix)),
                                Some(gateway_id),
                                Some(part),
                                Some("route published by the VPN gateway".into()),
                            );
                            self.vpn_gateway(gateway, flow);
                        }
                        VpcMatch::Synced { attachment, .. } => {
                            let att_id: &str = &v.tr_attachments[attachment].id;
                            self.hop(
                                vpc_id,
                                Some(table_id),
                                Some(net_text(prefix)),
                                Some(att_id),
                                Some(part),
                                Some("route synchronized from the transit router".into()),
                            );
                            self.attachment_out(attachment, flow);
                        }
                        VpcMatch::Own(_) => {}
                    }
                }
            }
        }
        self.leave();
    }

    fn deliver(&mut self, at: DeliveredAt, flow: &Flow) {
        if self.dir == Dir::Return {
            let Some((source, _)) = self.source else {
                return;
            };
            let ok = match (at, self.nat_target) {
                (DeliveredAt::VSwitch(vsw), None) => vsw == source,
                (DeliveredAt::VSwitch(vsw), Some((nat_vpc, _))) => {
                    self.v().vswitches[vsw].vpc == nat_vpc
                }
                (DeliveredAt::NatVpc(_), Some(_)) => true,
                _ => false,
            };
            if !ok {
                let v = self.v();
                let place = match at {
                    DeliveredAt::VSwitch(vsw) => Elsewhere::VSwitch(&v.vswitches[vsw].id),
                    DeliveredAt::DataCenter(dc) => Elsewhere::DataCenter(&v.data_centers[dc].id),
                    DeliveredAt::Internet => Elsewhere::Internet,
                    DeliveredAt::CloudServices(vpc) => Elsewhere::CloudServices(&v.vpcs[vpc].id),
                    DeliveredAt::NatVpc(vpc) => Elsewhere::Vpc(&v.vpcs[vpc].id),
                };
                let resource = self
                    .hops
                    .last()
                    .and_then(|h| h.table.clone().or_else(|| Some(h.at.clone())))
                    .unwrap_or_default();
                let finding = diags::return_route_missing(ReturnStop::DeliveredElsewhere {
                    resource: &resource,
                    dest: flow.dest,
                    place,
                    target: &v.vswitches[source].id,
                });
                self.add(finding);
                return;
            }
        }
        self.deliveries.push(Delivery {
            at,
            range: flow.dest,
            src: flow.src.clone(),
            snat: flow.snat,
        });
    }

    fn vpc_next_hop(
        &mut self,
        vpc: VpcIx,
        table: RtIx,
        prefix: Ipv4Net,
        next_hop: &NextHop,
        entry: Entry,
        mut flow: Flow,
    ) {
        let v = self.v();
        let vpc_id: &str = &v.vpcs[vpc].id;
        let table_id: &str = &v.route_tables[table].id;
        let hop_id = route::next_hop_id(v, next_hop);
        flow.depth += 1;
        let note = matches!(next_hop, NextHop::Vbr(_)).then(|| "router interface".to_string());
        self.hop(
            vpc_id,
            Some(table_id),
            Some(net_text(prefix)),
            Some(&hop_id),
            Some(flow.dest),
            note,
        );
        match next_hop {
            NextHop::NatGateway(nat) => {
                if entry == Entry::Nat(*nat) {
                    self.add(diags::routing_loop(Loop::BackToNat {
                        table: table_id,
                        nat: &hop_id,
                        dest: flow.dest,
                    }));
                    return;
                }
                self.nat(*nat, flow);
            }
            NextHop::VpcPeer(peering) => {
                let p = &v.peerings[*peering];
                self.transit.insert(Cow::Borrowed(&p.id));
                if p.status != PeeringStatus::Activated {
                    self.add(diags::peering_inactive(&p.id, p.status));
                    return;
                }
                let Some(other) = p.other(vpc) else { return };
                let system = v.vpcs[other].system_table;
                self.vpc(other, system, Entry::Peering, flow);
            }
            NextHop::TrAttachment(attachment) => {
                self.attachment_out(*attachment, flow);
            }
            NextHop::VpnGateway(gateway) => {
                self.vpn_gateway(*gateway, flow);
            }
            NextHop::Vbr(vbr) => {
                self.vbr(*vbr, flow);
            }
            NextHop::Instance(_) | NextHop::NetworkInterface(_) | NextHop::Havip(_) => {
                self.add(diags::appliance_not_modelled(
                    &hop_id, table_id, prefix, flow.dest,
                ));
            }
            NextHop::Ipv4Gateway(_) => {
                if let Some(private) = flow.src.iter().find(|s| !is_public_range(**s)) {
                    self.add(diags::no_public_source(
                        &hop_id, table_id, flow.dest, *private,
                    ));
                    return;
                }
                self.internet(flow, &hop_id);
            }
        }
    }

    /// S3.5: the internet delivers to public addresses only.
    fn internet(&mut self, flow: Flow, from: &str) {
        if !is_public_range(flow.dest) {
            let finding = self.route_missing(Lookup::Internet {
                from,
                dest: flow.dest,
            });
            self.add(finding);
            return;
        }
        self.hop("internet", None, None, None, Some(flow.dest), None);
        self.deliver(DeliveredAt::Internet, &flow);
    }

    /// S3.3, S8.7: SNAT on a NAT gateway, then the internet or onward.
    fn nat(&mut self, nat: NatIx, mut flow: Flow) {
        let v = self.v();
        let gateway = &v.nat_gateways[nat];
        self.transit.insert(Cow::Borrowed(&gateway.id));
        let mut translated: Vec<Ipv4Net> = Vec::new();
        for source in flow.src.clone() {
            let has_inside = |part: Ipv4Net| {
                gateway.snat_entries.iter().any(|entry| match entry.source {
                    SnatSource::Cidr(cidr) => part.contains(&cidr) && cidr != part,
                    SnatSource::VSwitch(vsw) => {
                        let cidr = v.vswitches[vsw].cidr;
                        part.contains(&cidr) && cidr != part
                    }
                })
            };
            for part in split(source, &has_inside) {
                let best = gateway
                    .snat_entries
                    .iter()
                    .filter_map(|entry| {
                        let cidr = match entry.source {
                            SnatSource::Cidr(cidr) => cidr,
                            SnatSource::VSwitch(vsw) => v.vswitches[vsw].cidr,
                        };
                        let matches = match entry.source {
                            SnatSource::VSwitch(vsw) => {
                                flow.src_vsw == Some(vsw) || cidr.contains(&part)
                            }
                            SnatSource::Cidr(_) => cidr.contains(&part),
                        };
                        matches.then_some((cidr.prefix_len(), entry))
                    })
                    .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)));
                match best {
                    None => {
                        self.hop(
                            &gateway.id,
                            None,
                            None,
                            None,
                            None,
                            Some(format!("no SNAT entry covers {part}")),
                        );
                        let remedy = fix::snat_entry(self.e, gateway, flow.src_vsw, part);
                        self.add(diags::snat_missing(&gateway.id, part, remedy));
                    }
                    Some((_, entry)) => {
                        let owned: Vec<Ipv4Addr> = match gateway.kind {
                            NatGatewayType::Internet => gateway
                                .eips
                                .iter()
                                .filter_map(|e| match v.eips[*e].ip {
                                    IpAddr::V4(address) => Some(address),
                                    IpAddr::V6(_) => None,
                                })
                                .collect(),
                            NatGatewayType::Vpc => gateway.nat_ips.clone(),
                        };
                        let invalid: Vec<Ipv4Addr> = entry
                            .snat_ips
                            .iter()
                            .filter(|ip| !owned.contains(ip))
                            .copied()
                            .collect();
                        if !invalid.is_empty() {
                            self.add(diags::snat_ip_invalid(
                                &gateway.id,
                                gateway.kind,
                                &entry.id,
                                &invalid,
                                owned.first().copied(),
                            ));
                        }
                        let ips: Vec<String> =
                            entry.snat_ips.iter().map(|ip| ip.to_string()).collect();
                        self.hop(
                            &gateway.id,
                            None,
                            None,
                            Some(&entry.id),
                            None,
                            Some(format!("SNAT {part} to {}", ips.join(", "))),
                        );
                        translated.extend(entry.snat_ips.iter().map(|ip| host(*ip)));
                    }
                }
            }
        }
        if translated.is_empty() {
            return;
        }
        flow.src = dedup(translated);
        flow.src_vsw = None;
        flow.snat = Some(nat);
        match gateway.kind {
            NatGatewayType::Internet => {
                let id: &str = &gateway.id;
                self.internet(flow, id);
            }
            NatGatewayType::Vpc => {
                let table = v.vswitches[gateway.vswitch].table;
                self.vpc(gateway.vpc, table, Entry::Nat(nat), flow);
            }
        }
    }

    /// Leaving a VPC into a transit router through its attachment.
    fn attachment_out(&mut self, attachment: AttIx, flow: Flow) {
        let v = self.v();
        let att = &v.tr_attachments[attachment];
        self.transit
            .insert(Cow::Borrowed(&v.transit_routers[att.tr].id));
        if !self.attachment_usable(attachment) {
            return;
        }
        let Some(table) = att.associated else {
            self.not_associated(attachment, flow.dest);
            return;
        };
        self.tr(table, flow);
    }

    fn attachment_usable(&mut self, attachment: AttIx) -> bool {
        let v = self.v();
        let att = &v.tr_attachments[attachment];
        if att.status != TrAttachmentStatus::Attached {
            self.add(diags::tr_attachment_inactive(
                &att.id,
                att.status,
                &v.transit_routers[att.tr].id,
            ));
            return false;
        }
        true
    }

    fn not_associated(&mut self, attachment: AttIx, dest: Ipv4Net) {
        let v = self.v();
        let att = &v.tr_attachments[attachment];
        let tr = &v.transit_routers[att.tr];
        let remedy = fix::association(self.e, attachment, dest);
        self.add(diags::tr_attachment_not_associated(&att.id, &tr.id, remedy));
    }

    /// S3.3: a transit-router route table.
    fn tr(&mut self, table: TrtIx, flow: Flow) {
        let v = self.v();
        let routed = &v.tr_route_tables[table];
        let tr = &v.transit_routers[routed.tr];
        let table_id: &str = &routed.id;
        self.transit.insert(Cow::Borrowed(&tr.id));
        if !self.enter(PlaceKey::Tr(table), table_id, &flow) {
            return;
        }
        let r = self.e.r;
        for part in split(flow.dest, &|p| r.tr_has_inside(table, p)) {
            let mut flow = Flow {
                dest: part,
                ..flow.clone()
            };
            flow.depth += 1;
            match r.lookup_tr(table, part) {
                None => {
                    let remedy = fix::tr_route(self.e, table, part, self.dir, self.source);
                    self.miss(
                        Some(tr.region.clone()),
                        vec![tr.cen],
                        part,
                        Lookup::TrTable {
                            table: table_id,
                            tr: &tr.id,
                            part,
                            remedy,
                        },
                    );
                }
                Some((prefix, TrEntry::Static(None))) => {
                    self.hop(
                        &tr.id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some("blackhole"),
                        Some(part),
                        None,
                    );
                    let remedy = fix::blackhole(self.e, table, prefix, part);
                    self.add(diags::route_blackhole(
                        table_id, &tr.id, prefix, part, remedy,
                    ));
                }
                Some((prefix, TrEntry::Conflict(members))) => {
                    let names: Vec<String> = members
                        .iter()
                        .map(|(origin, _)| route::origin_id(v, *origin))
                        .collect();
                    self.hop(
                        &tr.id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        None,
                        Some(part),
                        Some("ambiguous route".into()),
                    );
                    self.add(diags::route_conflict(
                        table_id,
                        prefix,
                        &names,
                        ConflictSeen::Path { part },
                    ));
                }
                Some((prefix, entry)) => {
                    let Some(next) = entry.next_hop() else {
                        continue;
                    };
                    let next_id: &str = &v.tr_attachments[next].id;
                    self.hop(
                        &tr.id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some(next_id),
                        Some(part),
                        None,
                    );
                    self.attachment_in(next, flow);
                }
            }
        }
        self.leave();
    }

    /// Leaving a transit router through attachment `next`.
    fn attachment_in(&mut self, next: AttIx, flow: Flow) {
        let v = self.v();
        if !self.attachment_usable(next) {
            return;
        }
        let att = &v.tr_attachments[next];
        match &att.kind {
            AttachmentKind::Vpc { vpc, vswitches, .. } => {
                // S3.2, S8.6: traffic enters in the attachment's vSwitches;
                // vSwitches on different tables are branches.
                let mut tables: Vec<RtIx> =
                    vswitches.iter().map(|s| v.vswitches[*s].table).collect();
                if tables.is_empty() {
                    tables.push(v.vpcs[*vpc].system_table);
                }
                tables.sort_by(|a, b| v.route_tables[*a].id.cmp(&v.route_tables[*b].id));
                tables.dedup();
                for table in tables {
                    self.vpc(*vpc, table, Entry::Tr, flow.clone());
                }
            }
            AttachmentKind::Vbr(vbr) => self.vbr(*vbr, flow),
            AttachmentKind::Vpn(connection) => self.vpn_connection(*connection, flow),
            AttachmentKind::Peer {
                remote,
                bandwidth_mbps,
            } => {
                let remote_tr = &v.transit_routers[*remote];
                let local_tr = &v.transit_routers[att.tr];
                let cen = &v.cens[local_tr.cen];
                let Some(counterpart) = att.counterpart else {
                    let (a, b) = ordered(&local_tr.region, &remote_tr.region);
                    self.add(diags::inter_region_missing(
                        &cen.id,
                        a,
                        b,
                        MissingLink::NoCounterpart {
                            attachment: &att.id,
                            local_tr: &local_tr.id,
                            remote_tr: &remote_tr.id,
                        },
                    ));
                    return;
                };
                self.transit.insert(Cow::Owned(format!(
                    "{}<->{}",
                    ordered(&local_tr.id, &remote_tr.id).0,
                    ordered(&local_tr.id, &remote_tr.id).1
                )));
                if bandwidth_mbps.unwrap_or(0) == 0 {
                    let (a, b) = ordered(&local_tr.region, &remote_tr.region);
                    self.add(diags::inter_region_test_bandwidth(
                        &cen.id,
                        a,
                        b,
                        &att.id,
                        Scope::Pair,
                    ));
                }
                if !self.attachment_usable(counterpart) {
                    return;
                }
                match v.tr_attachments[counterpart].associated {
                    Some(table) => self.tr(table, flow),
                    None => self.not_associated(counterpart, flow.dest),
                }
            }
        }
    }

    /// S3.3: a VBR (from a TR or a router interface).
    fn vbr(&mut self, vbr: VbrIx, flow: Flow) {
        let v = self.v();
        let router = &v.vbrs[vbr];
        let pc = &v.physical_connections[router.physical_connection];
        self.transit.insert(Cow::Borrowed(&router.id));
        if !self.enter(PlaceKey::Vbr(vbr), &router.id, &flow) {
            return;
        }
        if router.status != VbrStatus::Active || pc.status != PhysicalConnectionStatus::Enabled {
            let down = if router.status != VbrStatus::Active {
                Down::Vbr {
                    vbr: &router.id,
                    status: router.status,
                    pc: &pc.id,
                }
            } else {
                Down::PhysicalConnection {
                    pc: &pc.id,
                    status: pc.status,
                    vbr: &router.id,
                }
            };
            self.hop(
                &router.id,
                None,
                None,
                None,
                Some(flow.dest),
                Some("link down".into()),
            );
            self.add(diags::link_down(down));
            self.leave();
            return;
        }
        let r = self.e.r;
        for part in split(flow.dest, &|p| r.vbr_has_inside(v, vbr, p)) {
            let mut flow = Flow {
                dest: part,
                ..flow.clone()
            };
            flow.depth += 1;
            match r.lookup_vbr(v, vbr, part) {
                None => {
                    let remedy = fix::vbr_route(self.e, vbr, part, self.dir);
                    self.miss(
                        Some(router.region.clone()),
                        self.e.index.cens_of_vbr(vbr),
                        part,
                        Lookup::Vbr {
                            vbr: &router.id,
                            part,
                            remedy,
                        },
                    );
                }
                Some((prefix, VbrMatch::Own(VbrRoute::PhysicalConnection(pc_ix)))) => {
                    let pc_id: &str = &v.physical_connections[pc_ix].id;
                    self.hop(
                        &router.id,
                        Some(&router.id),
                        Some(net_text(prefix)),
                        Some(pc_id),
                        Some(part),
                        None,
                    );
                    self.over_physical_connection(pc_ix, flow);
                }
                Some((prefix, VbrMatch::Own(VbrRoute::RouterInterface(vpc)))) => {
                    let vpc_id: &str = &v.vpcs[vpc].id;
                    self.hop(
                        &router.id,
                        Some(&router.id),
                        Some(net_text(prefix)),
                        Some(vpc_id),
                        Some(part),
                        Some("router interface".into()),
                    );
                    self.vpc(vpc, v.vpcs[vpc].system_table, Entry::Gateway, flow);
                }
                Some((prefix, VbrMatch::Learned { attachment, table })) => {
                    let att_id: &str = &v.tr_attachments[attachment].id;
                    self.hop(
                        &router.id,
                        Some(&router.id),
                        Some(net_text(prefix)),
                        Some(att_id),
                        Some(part),
                        Some("learned from the transit router".into()),
                    );
                    if self.attachment_usable(attachment) {
                        self.transit.insert(Cow::Borrowed(
                            &v.transit_routers[v.tr_attachments[attachment].tr].id,
                        ));
                        self.tr(table, flow);
                    }
                }
            }
        }
        self.leave();
    }

    fn over_physical_connection(&mut self, pc: PcIx, flow: Flow) {
        let v = self.v();
        let connection = &v.physical_connections[pc];
        self.transit.insert(Cow::Borrowed(&connection.id));
        match self.e.index.dc_behind_pc(v, pc, Some(flow.dest)) {
            Some(dc) => self.data_center(dc, flow),
            None => self.add(diags::leaves_model(
                Behind::PhysicalConnection(&connection.id),
                flow.dest,
            )),
        }
    }

    /// S3.3, S8.8: a VPN gateway picks the connection for the destination.
    fn vpn_gateway(&mut self, gateway: VpnGwIx, flow: Flow) {
        let v = self.v();
        let g = &v.vpn_gateways[gateway];
        let mut best: Option<(u8, VcoIx, Ipv4Net)> = None;
        for &c in &g.connections {
            let connection = &v.vpn_connections[c];
            let Some(remote) = connection
                .remote_cidrs
                .iter()
                .filter(|r| r.contains(&flow.dest))
                .max_by_key(|r| r.prefix_len())
            else {
                continue;
            };
            let local_ok = flow
                .src
                .iter()
                .all(|s| connection.local_cidrs.iter().any(|l| l.contains(s)));
            if local_ok && best.is_none_or(|(len, _, _)| remote.prefix_len() > len) {
                best = Some((remote.prefix_len(), c, *remote));
            }
        }
        match best {
            None => {
                let remedy = fix::vpn_gateway(self.e, gateway, flow.dest, &flow.src);
                let finding = self.route_missing(Lookup::VpnGateway {
                    gateway: &g.id,
                    dest: flow.dest,
                    sources: &flow.src,
                    remedy,
                });
                self.add(finding);
            }
            Some((_, c, remote)) => {
                let id: &str = &v.vpn_connections[c].id;
                self.hop(
                    &g.id,
                    None,
                    Some(remote.to_string()),
                    Some(id),
                    Some(flow.dest),
                    None,
                );
                self.vpn_connection(c, flow);
            }
        }
    }

    /// Whether a VPN connection is up; `link-down` when it is not.
    fn vpn_established(&mut self, connection: VcoIx) -> bool {
        let c = &self.v().vpn_connections[connection];
        if c.status == VpnConnectionStatus::Established {
            return true;
        }
        self.add(diags::link_down(Down::Vpn { connection: &c.id }));
        false
    }

    /// A VPN connection toward its data center.
    fn vpn_connection(&mut self, connection: VcoIx, flow: Flow) {
        let v = self.v();
        let c = &v.vpn_connections[connection];
        self.transit.insert(Cow::Borrowed(&c.id));
        if !self.vpn_established(connection) {
            return;
        }
        if !c.remote_cidrs.iter().any(|r| r.contains(&flow.dest)) {
            self.add(diags::no_route(NoRouteAt::VpnRemoteCidrs {
                connection: &c.id,
                dest: flow.dest,
                cidr: fix::destination_network(self.e, flow.dest),
            }));
            return;
        }
        match self.e.index.dc_behind_vpn(v, connection) {
            Some(dc) => self.data_center(dc, flow),
            None => self.add(diags::leaves_model(
                Behind::VpnConnection {
                    connection: &c.id,
                    customer_gateway: &v.customer_gateways[c.customer_gateway].id,
                },
                flow.dest,
            )),
        }
    }

    /// S3.4: a data center delivers its own ranges.
    fn data_center(&mut self, dc: DcIx, flow: Flow) {
        let v = self.v();
        let center = &v.data_centers[dc];
        if center.cidrs.iter().any(|c| c.contains(&flow.dest)) {
            self.hop(&center.id, None, None, Some("local"), Some(flow.dest), None);
            self.deliver(DeliveredAt::DataCenter(dc), &flow);
        } else {
            let finding = self.route_missing(Lookup::DataCenter {
                dc: &center.id,
                dest: flow.dest,
            });
            self.add(finding);
        }
    }

    /// S5.2: a reply from a data center, by its own routes.
    fn dc_return(&mut self, dc: DcIx, flow: Flow) {
        let v = self.v();
        let center = &v.data_centers[dc];
        if !self.enter(PlaceKey::Dc(dc), &center.id, &flow) {
            return;
        }
        let r = self.e.r;
        for part in split(flow.dest, &|p| r.dc_has_inside(dc, p)) {
            let mut flow = Flow {
                dest: part,
                ..flow.clone()
            };
            flow.depth += 1;
            match r.lookup_dc(dc, part) {
                None => {
                    let remedy = fix::dc_return(self.e, dc, part);
                    self.add(diags::return_route_missing(ReturnStop::DataCenterRoutes {
                        dc: &center.id,
                        part,
                        remedy,
                    }));
                }
                Some((prefix, mut vias)) => {
                    // ECMP branches in connection id order, not in input order (issue 8).
                    vias.sort_by_cached_key(|via| match via {
                        Via::PhysicalConnection(pc) => v.physical_connections[*pc].id.clone(),
                        Via::VpnConnection(vco) => v.vpn_connections[*vco].id.clone(),
                    });
                    for via in vias {
                        self.dc_via(dc, prefix, via, flow.clone());
                    }
                }
            }
        }
        self.leave();
    }

    fn dc_via(&mut self, dc: DcIx, prefix: Ipv4Net, via: Via, flow: Flow) {
        let v = self.v();
        let center = &v.data_centers[dc];
        match via {
            Via::PhysicalConnection(pc) => {
                let connection = &v.physical_connections[pc];
                self.hop(
                    &center.id,
                    None,
                    Some(net_text(prefix)),
                    Some(&connection.id),
                    Some(flow.dest),
                    None,
                );
                self.transit.insert(Cow::Borrowed(&connection.id));
                let Some(&vbr) = connection.vbrs.first() else {
                    self.add(diags::return_route_missing(ReturnStop::NoVbr {
                        connection: &connection.id,
                        dest: flow.dest,
                        dc: &center.id,
                    }));
                    return;
                };
                self.vbr(vbr, flow);
            }
            Via::VpnConnection(c) => {
                let connection = &v.vpn_connections[c];
                self.hop(
                    &center.id,
                    None,
                    Some(net_text(prefix)),
                    Some(&connection.id),
                    Some(flow.dest),
                    None,
                );
                self.transit.insert(Cow::Borrowed(&connection.id));
                if !self.vpn_established(c) {
                    return;
                }
                // The reply must fall in the connection's local CIDRs (S5.2).
                let locals = connection.local_cidrs.clone();
                let has_inside = |p: Ipv4Net| locals.iter().any(|l| p.contains(l) && *l != p);
                for part in split(flow.dest, &has_inside) {
                    let flow = Flow {
                        dest: part,
                        ..flow.clone()
                    };
                    if !locals.iter().any(|l| l.contains(&part)) {
                        self.add(diags::return_route_missing(ReturnStop::OutsideLocalCidrs {
                            connection: &connection.id,
                            part,
                        }));
                        continue;
                    }
                    match connection.attach {
                        VpnAttach::Gateway(g) => {
                            let gateway = &v.vpn_gateways[g];
                            self.hop(
                                &gateway.id,
                                None,
                                None,
                                None,
                                Some(part),
                                Some("VPN gateway".into()),
                            );
                            self.vpc(
                                gateway.vpc,
                                v.vpcs[gateway.vpc].system_table,
                                Entry::Gateway,
                                flow,
                            );
                        }
                        VpnAttach::TransitRouter(tr) => {
                            let attachment = self.e.index.vpn_attachment(c);
                            match attachment {
                                Some(a) => self.attachment_out(a, flow),
                                None => self.add(diags::return_route_missing(
                                    ReturnStop::NoVpnAttachment {
                                        connection: &connection.id,
                                        tr: &v.transit_routers[tr].id,
                                    },
                                )),
                            }
                        }
                    }
                }
            }
        }
    }
}

fn ordered<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Lookups the walks need on a miss or at a border, precomputed once per
/// engine so that no pair scans every attachment or data center:
/// O(attachments + data-center routes) to build.
#[derive(Debug, Default)]
pub(super) struct Index {
    vpc_cens: Arena<VpcIx, Vec<CenIx>>,
    vbr_cens: Arena<VbrIx, Vec<CenIx>>,
    vpc_regions: HashMap<(CenIx, VpcIx), Vec<String>>,
    dc_regions: HashMap<(CenIx, DcIx), Vec<String>>,
    joined: HashSet<(CenIx, String, String)>,
    pc_route_dcs: Arena<PcIx, Vec<DcIx>>,
    cgw_route_dcs: Arena<CgwIx, Vec<DcIx>>,
    vpn_attachment: HashMap<VcoIx, AttIx>,
}

impl Index {
    fn build(v: &ValidInventory) -> Index {
        let mut index = Index {
            vpc_cens: Arena::filled(v.vpcs.len(), Vec::new()),
            vbr_cens: Arena::filled(v.vbrs.len(), Vec::new()),
            pc_route_dcs: Arena::filled(v.physical_connections.len(), Vec::new()),
            cgw_route_dcs: Arena::filled(v.customer_gateways.len(), Vec::new()),
            ..Index::default()
        };
        let mut dcs: Vec<DcIx> = v.data_centers.indices().collect();
        dcs.sort_by(|a, b| v.data_centers[*a].id.cmp(&v.data_centers[*b].id));
        for d in dcs {
            for route in &v.data_centers[d].routes {
                let list = match route.via {
                    Via::PhysicalConnection(pc) => index.pc_route_dcs.lookup_mut(pc),
                    Via::VpnConnection(c) => index
                        .cgw_route_dcs
                        .lookup_mut(v.vpn_connections[c].customer_gateway),
                };
                if let Some(list) = list {
                    if !list.contains(&d) {
                        list.push(d);
                    }
                }
            }
        }
        for (a, att) in v.tr_attachments.iter().enumerate() {
            let tr = &v.transit_routers[att.tr];
            match &att.kind {
                AttachmentKind::Vpc { vpc, .. } => {
                    index.vpc_cens[*vpc].push(tr.cen);
                    index
                        .vpc_regions
                        .entry((tr.cen, *vpc))
                        .or_default()
                        .push(tr.region.clone());
                }
                AttachmentKind::Vbr(vbr) => {
                    index.vbr_cens[*vbr].push(tr.cen);
                    if let Some(dc) = index.dc_behind_pc(v, v.vbrs[*vbr].physical_connection, None)
                    {
                        index
                            .dc_regions
                            .entry((tr.cen, dc))
                            .or_default()
                            .push(tr.region.clone());
                    }
                }
                AttachmentKind::Vpn(c) => {
                    index.vpn_attachment.entry(*c).or_insert(AttIx::at(a));
                    if let Some(dc) = index.dc_behind_vpn(v, *c) {
                        index
                            .dc_regions
                            .entry((tr.cen, dc))
                            .or_default()
                            .push(tr.region.clone());
                    }
                }
                AttachmentKind::Peer { remote, .. } => {
                    if att.counterpart.is_some() {
                        let remote_region = v.transit_routers[*remote].region.clone();
                        index
                            .joined
                            .insert((tr.cen, tr.region.clone(), remote_region));
                    }
                }
            }
        }
        for list in index.vpc_cens.iter_mut().chain(index.vbr_cens.iter_mut()) {
            list.sort();
            list.dedup();
        }
        index
    }

    /// The CENs a VPC is attached to.
    pub(super) fn cens_of_vpc(&self, vpc: VpcIx) -> Vec<CenIx> {
        self.vpc_cens.lookup(vpc).cloned().unwrap_or_default()
    }

    /// The CENs a VBR is attached to.
    pub(super) fn cens_of_vbr(&self, vbr: VbrIx) -> Vec<CenIx> {
        self.vbr_cens.lookup(vbr).cloned().unwrap_or_default()
    }

    /// S8.9: a direct inter-region connection (both peer attachments present).
    fn regions_joined(&self, cen: CenIx, a: &str, b: &str) -> bool {
        self.joined.contains(&(cen, a.to_string(), b.to_string()))
    }

    /// The attachment of a VPN connection on a transit router.
    pub(super) fn vpn_attachment(&self, connection: VcoIx) -> Option<AttIx> {
        self.vpn_attachment.get(&connection).copied()
    }

    /// The data center behind a physical connection: its `data_center`, else the
    /// one whose routes go via it (the one holding `dest` when several do).
    pub(super) fn dc_behind_pc(
        &self,
        v: &ValidInventory,
        pc: PcIx,
        dest: Option<Ipv4Net>,
    ) -> Option<DcIx> {
        if let Some(dc) = v.physical_connections[pc].data_center {
            return Some(dc);
        }
        pick(v, self.pc_route_dcs.lookup(pc), dest)
    }

    /// The data center behind a VPN connection: its customer gateway's
    /// `data_center`, else the one whose routes go via a connection of that gateway.
    pub(super) fn dc_behind_vpn(&self, v: &ValidInventory, connection: VcoIx) -> Option<DcIx> {
        let cgw = v.vpn_connections[connection].customer_gateway;
        if let Some(dc) = v.customer_gateways[cgw].data_center {
            return Some(dc);
        }
        pick(v, self.cgw_route_dcs.lookup(cgw), None)
    }
}

fn pick(v: &ValidInventory, candidates: Option<&Vec<DcIx>>, dest: Option<Ipv4Net>) -> Option<DcIx> {
    let candidates = candidates?;
    if let Some(dest) = dest {
        if let Some(holder) = candidates
            .iter()
            .find(|d| v.data_centers[**d].cidrs.iter().any(|c| c.contains(&dest)))
        {
            return Some(*holder);
        }
    }
    candidates.first().copied()
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use ipnet::Ipv4Net;
    use proptest::prelude::*;

    use super::net_text;

    proptest! {
        /// The fast formatting is the `Display` text, for every address and length.
        #[test]
        fn net_text_is_display(address: u32, len in 0u8..=32) {
            let net = Ipv4Net::new(Ipv4Addr::from(address), len).unwrap();
            prop_assert_eq!(net_text(net), net.to_string());
        }
    }

    #[test]
    fn net_text_edges() {
        for text in [
            "0.0.0.0/0",
            "255.255.255.255/32",
            "10.0.100.9/24",
            "1.20.3.0/8",
        ] {
            let net: Ipv4Net = text.parse().unwrap();
            assert_eq!(net_text(net), text);
        }
    }
}
