//! Route-exchange domains: the groups of networks that learn each other's
//! routes, each with the address ranges its members bring into it.
//!
//! A domain is one of:
//! - a VPC peering (activated or on its way to it): the two VPCs;
//! - a transit-router route table: the networks of the attachments associated
//!   with it or propagating into it, and the origins of every route propagated
//!   into it, across inter-region connections (the propagation fixed point of
//!   [`Routing`] already carries remote routes in);
//! - a VBR reached from VPCs by router interface: those VPCs and the data
//!   center behind the VBR's physical connection;
//! - a VPN connection on a VPN gateway: the gateway's VPC and the data center
//!   behind the customer gateway;
//! - a resource-group binding with a known route list: the bound VPC (the hub)
//!   and the networks holding a data source whose address the list covers.
//!
//! A member brings *blocks*, the ranges compared by the sweep (a VPC's CIDRs,
//! a data center's CIDRs, and routes it propagates outside those), and *routed
//! ranges*, the ranges routes actually lead to (vSwitch CIDRs, data-center
//! CIDRs, propagated prefixes), which decide the severity. A default route
//! (`0.0.0.0/0`) is not an address range and is left out.
//!
//! Complexity: O(V + P + A + Σ|T| + B · D) for V VPCs and vSwitches, P
//! peerings, A attachments, Σ|T| the routes of every transit-router table, and
//! B bindings with route lists times D data sources.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use ipnet::Ipv4Net;

use crate::model::{PeeringStatus, RouteStatus};
use crate::route::{Origin, Routing, TrEntry};
use crate::validate::{
    AttachmentIx, AttachmentKind, DataCenterIx, DsLocation, NextHop, PhysicalConnectionIx,
    ResourceGroupIx, ValidInventory, VbrIx, Via, VpcIx, VpnAttach, VpnConnectionIx,
};

/// A network that owns address ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// A VPC.
    Vpc(VpcIx),
    /// A data center.
    DataCenter(DataCenterIx),
    /// The network behind a VBR whose data center the inventory does not name.
    BehindVbr(VbrIx),
    /// The network behind a VPN connection whose data center the inventory does not name.
    BehindVpn(VpnConnectionIx),
}

impl Owner {
    /// The id of the resource that stands for the network.
    pub fn id(self, v: &ValidInventory) -> &str {
        match self {
            Owner::Vpc(vpc) => &v.vpcs[vpc].id,
            Owner::DataCenter(dc) => &v.data_centers[dc].id,
            Owner::BehindVbr(vbr) => &v.vbrs[vbr].id,
            Owner::BehindVpn(connection) => &v.vpn_connections[connection].id,
        }
    }

    /// How messages name the network: its id, or "the network behind vbr-1".
    pub fn describe(self, v: &ValidInventory) -> String {
        match self {
            Owner::Vpc(_) | Owner::DataCenter(_) => self.id(v).to_string(),
            Owner::BehindVbr(_) | Owner::BehindVpn(_) => {
                format!("the network behind {}", self.id(v))
            }
        }
    }

    /// Whether the network is a VPC (the others are on premises).
    pub fn is_vpc(self) -> bool {
        matches!(self, Owner::Vpc(_))
    }

    /// The network a data source is in; `None` on the internet or the classic network.
    pub fn of_data_source(v: &ValidInventory, location: DsLocation) -> Option<Owner> {
        match location {
            DsLocation::Vpc(vpc, _) => Some(Owner::Vpc(vpc)),
            DsLocation::Ecs(ecs) => Some(Owner::Vpc(v.ecs_instances[ecs].vpc)),
            DsLocation::DataCenter(dc) => Some(Owner::DataCenter(dc)),
            DsLocation::Internet | DsLocation::Classic => None,
        }
    }
}

/// What joins the members of a domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DomainKind {
    /// A VPC peering connection.
    Peering,
    /// A transit-router route table.
    TrTable,
    /// A VBR reached by router interface.
    Vbr,
    /// A VPN connection on a VPN gateway.
    Vpn,
    /// A resource-group binding's route list.
    RouteList,
}

/// The binding whose route list makes a [`DomainKind::RouteList`] domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteListScope {
    /// The resource group.
    pub resource_group: ResourceGroupIx,
    /// The position of the binding in the group's (sorted) bindings.
    pub binding: usize,
    /// The route list.
    pub covers: Vec<Ipv4Net>,
}

/// A route-exchange domain.
#[derive(Debug, Clone)]
pub struct Domain {
    /// What joins the members.
    pub kind: DomainKind,
    /// Where the members meet, for messages: `peering pcc-1`, `TR table vtb-1`.
    pub place: String,
    /// The id of the resource they meet at.
    pub resource: String,
    /// The member networks.
    pub members: BTreeSet<Owner>,
    /// For a route list: the bound VPC; only overlaps with it count.
    pub hub: Option<Owner>,
    /// For a route list: the binding.
    pub route_list: Option<RouteListScope>,
    /// The compared ranges, per owner the maximal ones, sorted.
    pub blocks: Vec<(Owner, Ipv4Net)>,
    /// The ranges routes lead to, per owner, sorted.
    pub routed: BTreeMap<Owner, Vec<Ipv4Net>>,
}

impl Domain {
    /// Whether the overlap of `a` and `b` is one this domain compares (a route
    /// list compares its hub with the others, not the others among themselves).
    pub fn compares(&self, a: Owner, b: Owner) -> bool {
        a != b
            && self.members.contains(&a)
            && self.members.contains(&b)
            && self.hub.is_none_or(|hub| a == hub || b == hub)
    }
}

/// Builds every domain of the inventory, in a deterministic order.
pub fn build(v: &ValidInventory, routing: &Routing) -> Vec<Domain> {
    let mut domains = Vec::new();
    use crate::timings::stage;
    stage("domains: peerings", || peerings(v, &mut domains));
    stage("domains: transit-router tables", || {
        tr_tables(v, routing, &mut domains);
    });
    stage("domains: VBR and VPN links", || {
        vbr_links(v, &mut domains);
        vpn_links(v, &mut domains);
    });
    stage("domains: route lists", || route_lists(v, &mut domains));
    domains
}

/// The ranges a network brings into every domain: (blocks, routed ranges).
pub fn base_ranges(v: &ValidInventory, owner: Owner) -> (Vec<Ipv4Net>, Vec<Ipv4Net>) {
    match owner {
        Owner::Vpc(vpc) => {
            let vpc = &v.vpcs[vpc];
            let vswitches: Vec<Ipv4Net> =
                vpc.vswitches.iter().map(|s| v.vswitches[*s].cidr).collect();
            let mut blocks = vpc.cidrs.clone();
            // A vSwitch outside its VPC's CIDRs (a finding already) is still routed.
            blocks.extend(vswitches.iter().copied());
            (blocks, vswitches)
        }
        Owner::DataCenter(dc) => {
            let cidrs = v.data_centers[dc].cidrs.clone();
            (cidrs.clone(), cidrs)
        }
        Owner::BehindVbr(vbr) => {
            let routes: Vec<Ipv4Net> = v.vbrs[vbr].routes.iter().map(|r| r.destination).collect();
            (routes.clone(), routes)
        }
        Owner::BehindVpn(connection) => {
            let remote = v.vpn_connections[connection].remote_cidrs.clone();
            (remote.clone(), remote)
        }
    }
}

/// Keeps the ranges no other range of the list holds, sorted and without
/// duplicates or default routes. O(n log n).
pub fn maximal(mut nets: Vec<Ipv4Net>) -> Vec<Ipv4Net> {
    nets.retain(|n| n.prefix_len() > 0);
    nets.sort_by_key(|n| (n.network(), n.prefix_len()));
    let mut kept: Vec<Ipv4Net> = Vec::with_capacity(nets.len());
    for net in nets {
        if kept.last().is_none_or(|last| !last.contains(&net)) {
            kept.push(net);
        }
    }
    kept
}

/// Collects one domain's members and ranges.
struct Builder<'a> {
    v: &'a ValidInventory,
    kind: DomainKind,
    place: String,
    resource: String,
    members: BTreeSet<Owner>,
    blocks: BTreeMap<Owner, Vec<Ipv4Net>>,
    routed: BTreeMap<Owner, Vec<Ipv4Net>>,
}

impl<'a> Builder<'a> {
    fn new(v: &'a ValidInventory, kind: DomainKind, place: &str, resource: &str) -> Self {
        Builder {
            v,
            kind,
            place: format!("{place} {resource}"),
            resource: resource.to_string(),
            members: BTreeSet::new(),
            blocks: BTreeMap::new(),
            routed: BTreeMap::new(),
        }
    }

    fn member(&mut self, owner: Owner) {
        if self.members.insert(owner) {
            let (blocks, routed) = base_ranges(self.v, owner);
            self.blocks.entry(owner).or_default().extend(blocks);
            self.routed.entry(owner).or_default().extend(routed);
        }
    }

    /// A route the owner brings in (propagated, published or its own).
    fn route(&mut self, owner: Owner, prefix: Ipv4Net) {
        self.member(owner);
        if prefix.prefix_len() == 0 {
            return;
        }
        self.blocks.entry(owner).or_default().push(prefix);
        self.routed.entry(owner).or_default().push(prefix);
    }

    fn finish(self, hub: Option<Owner>, route_list: Option<RouteListScope>) -> Option<Domain> {
        if self.members.len() < 2 {
            return None;
        }
        let mut blocks: Vec<(Owner, Ipv4Net)> = self
            .blocks
            .into_iter()
            .flat_map(|(owner, nets)| maximal(nets).into_iter().map(move |net| (owner, net)))
            .collect();
        blocks.sort_by_key(|(owner, net)| (net.network(), net.prefix_len(), *owner));
        let routed = self
            .routed
            .into_iter()
            .map(|(owner, mut nets)| {
                nets.retain(|n| n.prefix_len() > 0);
                nets.sort();
                nets.dedup();
                (owner, nets)
            })
            .collect();
        Some(Domain {
            kind: self.kind,
            place: self.place,
            resource: self.resource,
            members: self.members,
            hub,
            route_list,
            blocks,
            routed,
        })
    }
}

fn peerings(v: &ValidInventory, domains: &mut Vec<Domain>) {
    for peering in &v.peerings {
        let exchanges = matches!(
            peering.status,
            PeeringStatus::Activated
                | PeeringStatus::Accepting
                | PeeringStatus::Creating
                | PeeringStatus::Updating
        );
        if !exchanges || peering.vpc == peering.peer_vpc {
            continue;
        }
        let mut builder = Builder::new(v, DomainKind::Peering, "peering", &peering.id);
        builder.member(Owner::Vpc(peering.vpc));
        builder.member(Owner::Vpc(peering.peer_vpc));
        domains.extend(builder.finish(None, None));
    }
}

/// The data centers behind a physical connection: its `data_center`, else
/// every data center whose routes go via it.
fn behind_pc(v: &ValidInventory, pc: PhysicalConnectionIx) -> Vec<DataCenterIx> {
    if let Some(dc) = v.physical_connections[pc].data_center {
        return vec![dc];
    }
    routing_via(v, |via| via == Via::PhysicalConnection(pc))
}

/// The data centers behind a VPN connection: its customer gateway's
/// `data_center`, else every data center whose routes go via a connection of
/// that gateway.
fn behind_vpn(v: &ValidInventory, connection: VpnConnectionIx) -> Vec<DataCenterIx> {
    let cgw = v.vpn_connections[connection].customer_gateway;
    if let Some(dc) = v.customer_gateways[cgw].data_center {
        return vec![dc];
    }
    routing_via(
        v,
        |via| matches!(via, Via::VpnConnection(c) if v.vpn_connections[c].customer_gateway == cgw),
    )
}

fn routing_via(v: &ValidInventory, uses: impl Fn(Via) -> bool) -> Vec<DataCenterIx> {
    let mut found: Vec<DataCenterIx> = v
        .data_centers
        .iter()
        .enumerate()
        .filter(|(_, dc)| dc.routes.iter().any(|r| uses(r.via)))
        .map(|(d, _)| DataCenterIx::at(d))
        .collect();
    found.sort_by(|a, b| v.data_centers[*a].id.cmp(&v.data_centers[*b].id));
    found
}

/// The on-premises networks behind a VBR.
fn vbr_owners(v: &ValidInventory, vbr: VbrIx) -> Vec<Owner> {
    let dcs = behind_pc(v, v.vbrs[vbr].physical_connection);
    if dcs.is_empty() {
        vec![Owner::BehindVbr(vbr)]
    } else {
        dcs.into_iter().map(Owner::DataCenter).collect()
    }
}

/// The on-premises networks behind a VPN connection.
fn vpn_owners(v: &ValidInventory, connection: VpnConnectionIx) -> Vec<Owner> {
    let dcs = behind_vpn(v, connection);
    if dcs.is_empty() {
        vec![Owner::BehindVpn(connection)]
    } else {
        dcs.into_iter().map(Owner::DataCenter).collect()
    }
}

/// The networks an attachment stands for (none for a peer attachment).
fn attachment_owners(v: &ValidInventory, attachment: AttachmentIx) -> Vec<Owner> {
    match &v.tr_attachments[attachment].kind {
        AttachmentKind::Vpc { vpc, .. } => vec![Owner::Vpc(*vpc)],
        AttachmentKind::Vbr(vbr) => vbr_owners(v, *vbr),
        AttachmentKind::Vpn(connection) => vpn_owners(v, *connection),
        AttachmentKind::Peer { .. } => Vec::new(),
    }
}

/// Which of several networks behind one connection a route belongs to: the
/// first (by id) whose ranges overlap it, else the first.
fn route_owner(v: &ValidInventory, owners: &[Owner], prefix: Ipv4Net) -> Option<Owner> {
    if owners.len() > 1 {
        let holder = owners.iter().copied().find(|owner| {
            base_ranges(v, *owner)
                .0
                .iter()
                .any(|block| block.contains(&prefix) || prefix.contains(block))
        });
        if holder.is_some() {
            return holder;
        }
    }
    owners.first().copied()
}

fn tr_tables(v: &ValidInventory, routing: &Routing, domains: &mut Vec<Domain>) {
    for (t, table) in v.tr_route_tables.iter_ix() {
        let mut builder = Builder::new(v, DomainKind::TrTable, "TR table", &table.id);
        let mut attachments: Vec<AttachmentIx> = table
            .associations
            .iter()
            .chain(table.propagations.iter())
            .copied()
            .collect();
        attachments.sort();
        attachments.dedup();
        for attachment in attachments {
            for owner in attachment_owners(v, attachment) {
                builder.member(owner);
            }
        }
        if let Some(routed) = routing.tr.lookup(t) {
            for (prefix, entry) in routed.routes.iter() {
                let origins: Vec<AttachmentIx> = match entry {
                    TrEntry::Propagated {
                        origin: Origin::Attachment(origin),
                        ..
                    } => vec![*origin],
                    TrEntry::Conflict(members) => members
                        .iter()
                        .filter_map(|(origin, _)| match origin {
                            Origin::Attachment(a) => Some(*a),
                            Origin::Static(_) => None,
                        })
                        .collect(),
                    // Static routes are deliberate summaries or blackholes, not address ranges.
                    TrEntry::Propagated { .. } | TrEntry::Static(_) => Vec::new(),
                };
                for origin in origins {
                    let owners = attachment_owners(v, origin);
                    if let Some(owner) = route_owner(v, &owners, prefix) {
                        builder.route(owner, prefix);
                    }
                }
            }
        }
        domains.extend(builder.finish(None, None));
    }
}

fn vbr_links(v: &ValidInventory, domains: &mut Vec<Domain>) {
    // VBR -> VPCs that reach it by router interface.
    let mut reaching: BTreeMap<VbrIx, BTreeSet<VpcIx>> = BTreeMap::new();
    for table in &v.route_tables {
        for route in &table.routes {
            if route.invalid || route.status == RouteStatus::Pending {
                continue;
            }
            for hop in &route.next_hops {
                if let NextHop::Vbr(vbr) = hop {
                    reaching.entry(*vbr).or_default().insert(table.vpc);
                }
            }
        }
    }
    for (vbr, vpcs) in reaching {
        let mut builder = Builder::new(v, DomainKind::Vbr, "VBR", &v.vbrs[vbr].id);
        for vpc in vpcs {
            builder.member(Owner::Vpc(vpc));
        }
        let owners = vbr_owners(v, vbr);
        for owner in &owners {
            builder.member(*owner);
        }
        for route in &v.vbrs[vbr].routes {
            if let Some(owner) = route_owner(v, &owners, route.destination) {
                builder.route(owner, route.destination);
            }
        }
        domains.extend(builder.finish(None, None));
    }
}

fn vpn_links(v: &ValidInventory, domains: &mut Vec<Domain>) {
    for (c, connection) in v.vpn_connections.iter().enumerate() {
        let VpnAttach::Gateway(gateway) = connection.attach else {
            continue;
        };
        let connection_ix = VpnConnectionIx::at(c);
        let mut builder = Builder::new(v, DomainKind::Vpn, "VPN connection", &connection.id);
        builder.member(Owner::Vpc(v.vpn_gateways[gateway].vpc));
        let owners = vpn_owners(v, connection_ix);
        for owner in &owners {
            builder.member(*owner);
        }
        for remote in &connection.remote_cidrs {
            if let Some(owner) = route_owner(v, &owners, *remote) {
                builder.route(owner, *remote);
            }
        }
        domains.extend(builder.finish(None, None));
    }
}

/// One domain per binding with a route list. Bindings on the same VPC with the
/// same route list have the same members and ranges (only the names and the
/// scope differ), so each distinct (VPC, route list) is built once and copied:
/// O(distinct lists × (data sources + member ranges)) rather than
/// O(bindings × …), which matters with hundreds of groups in a few VPCs.
fn route_lists(v: &ValidInventory, domains: &mut Vec<Domain>) {
    let mut built: BTreeMap<(VpcIx, &[Ipv4Net]), Option<Domain>> = BTreeMap::new();
    for (g, group) in v.resource_groups.iter().enumerate() {
        for (b, binding) in group.bindings.iter().enumerate() {
            let Some(list) = &binding.routes else {
                continue;
            };
            let template = built
                .entry((binding.vpc, list.as_slice()))
                .or_insert_with(|| {
                    let hub = Owner::Vpc(binding.vpc);
                    let mut builder = Builder::new(v, DomainKind::RouteList, "route list of", "");
                    builder.member(hub);
                    for source in &v.data_sources {
                        let IpAddr::V4(ip) = source.ip else {
                            continue;
                        };
                        let Some(owner) = Owner::of_data_source(v, source.location) else {
                            continue;
                        };
                        if owner != hub && list.iter().any(|entry| entry.contains(&ip)) {
                            builder.member(owner);
                        }
                    }
                    builder.finish(Some(hub), None)
                });
            let Some(template) = template else {
                continue;
            };
            let vswitch = &v.vswitches[binding.vswitch].id;
            let mut domain = template.clone();
            domain.place = format!("route list of {} ({vswitch})", group.id);
            domain.resource.clone_from(&group.id);
            domain.route_list = Some(RouteListScope {
                resource_group: ResourceGroupIx::at(g),
                binding: b,
                covers: list.clone(),
            });
            domains.push(domain);
        }
    }
}
