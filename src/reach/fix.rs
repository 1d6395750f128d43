//! Candidate fixes (semantics S6.2, S10): the changes that may remove a finding,
//! most preferred first, as [`Change`] values; `prove` keeps the first that
//! proves itself. Where no change can be proposed, the decision a person must take.

use ipnet::Ipv4Net;

use super::engine::Engine;
use super::walk::Dir;
use crate::findings::{Change, Remedy};
use crate::model::{CenEdition, NatGatewayType, NextHopType};
use crate::validate::{
    is_public_range, AttachmentIx, AttachmentKind, CenIx, DataCenterIx, PhysicalConnectionIx,
    ResourceGroupIx, RouteTableIx, TrRouteTableIx, VSwitchIx, VbrIx, Via, VpcIx,
};

/// The network that holds `dest`: the most specific VPC CIDR or data-center
/// CIDR holding it, else `dest` itself.
pub(super) fn destination_network(e: &Engine<'_>, dest: Ipv4Net) -> Ipv4Net {
    let v = e.v;
    let mut best: Option<Ipv4Net> = None;
    for vpc in e.vpcs_holding(dest) {
        for cidr in &v.vpcs[vpc].cidrs {
            if cidr.contains(&dest) && best.is_none_or(|b| cidr.prefix_len() > b.prefix_len()) {
                best = Some(*cidr);
            }
        }
    }
    for dc in e.dcs_holding(dest) {
        for cidr in &v.data_centers[dc].cidrs {
            if cidr.contains(&dest) && best.is_none_or(|b| cidr.prefix_len() > b.prefix_len()) {
                best = Some(*cidr);
            }
        }
    }
    best.unwrap_or(dest)
}

/// What to route: the network holding the destination going forward, the
/// (sub-)range itself on the way back.
fn target(e: &Engine<'_>, part: Ipv4Net, dir: Dir) -> Ipv4Net {
    match dir {
        Dir::Forward => destination_network(e, part),
        Dir::Return => part,
    }
}

/// Whether a custom route for `net` would lie inside a vSwitch CIDR of `vpc`
/// or inside `100.64.0.0/10`: such a route is invalid (semantics S2.1) and never a fix
/// (semantics S10.3).
fn inside_vswitch(e: &Engine<'_>, vpc: VpcIx, net: Ipv4Net) -> bool {
    let v = e.v;
    let services: Ipv4Net =
        Ipv4Net::new(std::net::Ipv4Addr::new(100, 64, 0, 0), 10).unwrap_or_default();
    services.contains(&net)
        || v.vpcs[vpc]
            .vswitches
            .iter()
            .any(|s| v.vswitches[*s].cidr.contains(&net))
}

/// The routes that may be added to a VPC table that has none for `part`, most
/// preferred first: through a peering with the VPC that holds it, a
/// transit-router attachment, a VPN gateway whose connections reach it, or (for
/// a public address) the VPC's Internet NAT gateway.
pub(super) fn vpc_route(
    e: &Engine<'_>,
    vpc: VpcIx,
    table: RouteTableIx,
    part: Ipv4Net,
    dir: Dir,
    source: Option<(VSwitchIx, ResourceGroupIx)>,
) -> Remedy {
    let v = e.v;
    let _ = source;
    let mut net = target(e, part, dir);
    if inside_vswitch(e, vpc, net) {
        net = part;
    }
    let written = &v.route_tables[table];
    let route = |next_hop: NextHopType, via: &str| Change::VpcRoute {
        table: written.id.clone(),
        vpc: v.vpcs[vpc].id.clone(),
        implied: written.implied,
        destination: net,
        next_hop,
        via: via.to_string(),
    };
    let here = &v.vpcs[vpc].id;
    let holders = e.vpcs_holding(part);
    if inside_vswitch(e, vpc, net) {
        return Remedy::Decide(format!(
            "{part} lies inside a vSwitch of {here}: no route can send it elsewhere; re-address one of the networks or bind the resource group to the network that holds {part}"
        ));
    }
    // An address of this VPC's own range that lives in another network: the
    // ranges overlap, and a route would claim the VPC's own space (semantics S10.3).
    if v.vpcs[vpc].cidrs.iter().any(|c| c.contains(&net)) && holders.iter().any(|h| *h != vpc) {
        return Remedy::Decide(format!(
            "{part} is in the range of {here} but lives in another network: the ranges overlap; bind the resource group to the network that holds it, or re-address one of them"
        ));
    }
    let mut candidates = Vec::new();
    let mut peerings: Vec<&crate::validate::Peering> = v
        .peerings
        .iter()
        .filter(|p| p.other(vpc).is_some_and(|other| holders.contains(&other)))
        .collect();
    peerings.sort_by(|a, b| a.id.cmp(&b.id));
    candidates.extend(peerings.iter().map(|p| route(NextHopType::VpcPeer, &p.id)));
    let mut attachments: Vec<&crate::validate::TrAttachment> = v
        .tr_attachments
        .iter()
        .filter(|a| matches!(a.kind, AttachmentKind::Vpc { vpc: p, .. } if p == vpc))
        .collect();
    attachments.sort_by(|a, b| a.id.cmp(&b.id));
    candidates.extend(
        attachments
            .iter()
            .map(|a| route(NextHopType::TrAttachment, &a.id)),
    );
    let mut gateways: Vec<&crate::validate::VpnGateway> = v
        .vpn_gateways
        .iter()
        .filter(|g| {
            g.vpc == vpc
                && g.connections.iter().any(|c| {
                    v.vpn_connections[*c]
                        .remote_cidrs
                        .iter()
                        .any(|r| r.contains(&part))
                })
        })
        .collect();
    gateways.sort_by(|a, b| a.id.cmp(&b.id));
    candidates.extend(
        gateways
            .iter()
            .map(|g| route(NextHopType::VpnGateway, &g.id)),
    );
    if is_public_range(part) {
        let mut nats: Vec<&crate::validate::NatGateway> = v
            .nat_gateways
            .iter()
            .filter(|n| n.vpc == vpc && n.kind == NatGatewayType::Internet)
            .collect();
        nats.sort_by(|a, b| a.id.cmp(&b.id));
        candidates.extend(nats.iter().map(|n| Change::VpcRoute {
            table: written.id.clone(),
            vpc: here.clone(),
            implied: written.implied,
            destination: Ipv4Net::default(),
            next_hop: NextHopType::NatGateway,
            via: n.id.clone(),
        }));
        if candidates.is_empty() {
            return Remedy::Decide(format!(
                "{here} has no Internet NAT gateway: create one with an EIP and a SNAT entry for the resource group's vSwitch, then route 0.0.0.0/0 in {} to it",
                written.id
            ));
        }
    }
    if candidates.is_empty() {
        return Remedy::Decide(match holders.iter().find(|h| **h != vpc) {
            Some(holder) => format!(
                "{here} and {} are not connected: create a VPC peering or attach both to a transit router, then route {net} to it",
                v.vpcs[*holder].id
            ),
            None => format!(
                "nothing connects {here} to {net}: connect it through a peering, a transit router, a VPN gateway or Express Connect"
            ),
        });
    }
    Remedy::Change(candidates)
}

/// The attachment of a transit router that leads to `part`, if one does.
fn attachment_toward(
    e: &Engine<'_>,
    tr: crate::validate::TransitRouterIx,
    part: Ipv4Net,
    depth: u32,
) -> Option<AttachmentIx> {
    let v = e.v;
    let holders = e.vpcs_holding(part);
    let dcs = e.dcs_holding(part);
    let mut found: Vec<AttachmentIx> = v.transit_routers[tr]
        .attachments
        .iter()
        .copied()
        .filter(|a| match &v.tr_attachments[*a].kind {
            AttachmentKind::Vpc { vpc, .. } => holders.contains(vpc),
            AttachmentKind::Vbr(vbr) => e
                .index
                .dc_behind_pc(v, v.vbrs[*vbr].physical_connection, Some(part))
                .is_some_and(|dc| dcs.contains(&dc)),
            AttachmentKind::Vpn(c) => {
                v.vpn_connections[*c]
                    .remote_cidrs
                    .iter()
                    .any(|r| r.contains(&part))
                    || e.index
                        .dc_behind_vpn(v, *c)
                        .is_some_and(|dc| dcs.contains(&dc))
            }
            AttachmentKind::Peer { remote, .. } => {
                depth == 0 && attachment_toward(e, *remote, part, 1).is_some()
            }
        })
        .collect();
    // Direct attachments before inter-region ones, then by id.
    found.sort_by_key(|a| {
        (
            matches!(v.tr_attachments[*a].kind, AttachmentKind::Peer { .. }),
            v.tr_attachments[*a].id.clone(),
        )
    });
    found.first().copied()
}

/// The propagation or static route to add to a TR table that has none for
/// `part`: propagation first when the attachment toward it does not propagate
/// into the table (one switch, every prefix of that network), else a static route.
pub(super) fn tr_route(
    e: &Engine<'_>,
    table: TrRouteTableIx,
    part: Ipv4Net,
    dir: Dir,
    source: Option<(VSwitchIx, ResourceGroupIx)>,
) -> Remedy {
    let v = e.v;
    let _ = source;
    let net = target(e, part, dir);
    let routed = &v.tr_route_tables[table];
    match attachment_toward(e, routed.tr, part, 0) {
        Some(attachment) => {
            let att = &v.tr_attachments[attachment];
            let route = Change::TrRoute {
                table: routed.id.clone(),
                destination: net,
                attachment: att.id.clone(),
            };
            if routed.propagations.contains(&attachment) {
                Remedy::one(route)
            } else {
                Remedy::Change(vec![
                    Change::TrPropagation {
                        table: routed.id.clone(),
                        attachment: att.id.clone(),
                    },
                    route,
                ])
            }
        }
        None => Remedy::Decide(format!(
            "no attachment of {} leads to {net}: attach that network to the transit router (or connect the regions), then route {net} in {}",
            v.transit_routers[routed.tr].id, routed.id
        )),
    }
}

/// Associations of an attachment with the tables of its transit router, the
/// tables that have a route for `dest` first, then by id.
pub(super) fn association(e: &Engine<'_>, attachment: AttachmentIx, dest: Ipv4Net) -> Remedy {
    let v = e.v;
    let att = &v.tr_attachments[attachment];
    let mut tables: Vec<(bool, &str)> = v.transit_routers[att.tr]
        .tables
        .iter()
        .map(|t| {
            (
                e.r.lookup_tr(*t, dest).is_none(),
                v.tr_route_tables[*t].id.as_str(),
            )
        })
        .collect();
    tables.sort();
    if tables.is_empty() {
        return Remedy::Decide(format!(
            "transit router {} has no route table to associate {} with",
            v.transit_routers[att.tr].id, att.id
        ));
    }
    Remedy::Change(
        tables
            .into_iter()
            .map(|(_, table)| Change::TrAssociation {
                table: table.to_string(),
                attachment: att.id.clone(),
            })
            .collect(),
    )
}

/// A blackhole route replaced by a route to the attachment that leads on.
pub(super) fn blackhole(
    e: &Engine<'_>,
    table: TrRouteTableIx,
    prefix: Ipv4Net,
    part: Ipv4Net,
) -> Remedy {
    let v = e.v;
    let routed = &v.tr_route_tables[table];
    match attachment_toward(e, routed.tr, part, 0) {
        Some(attachment) => Remedy::one(Change::TrRouteReplace {
            table: routed.id.clone(),
            destination: prefix,
            attachment: v.tr_attachments[attachment].id.clone(),
        }),
        None => Remedy::Decide(format!(
            "route {prefix} in {} drops the traffic on purpose and no attachment leads to {part}: decide whether the blackhole is wanted",
            routed.id
        )),
    }
}

/// The inter-region connection two regions of a CEN lack: for a basic-edition
/// CEN a bandwidth package and an inter-region bandwidth (semantics S10.6).
pub(super) fn inter_region(e: &Engine<'_>, cen: CenIx, a: &str, b: &str) -> Remedy {
    let written = &e.v.cens[cen];
    match written.edition {
        CenEdition::Basic => Remedy::one(Change::CenBandwidth {
            cen: written.id.clone(),
            regions: (a.to_string(), b.to_string()),
            mbps: 10,
        }),
        CenEdition::Enterprise => Remedy::Decide(format!(
            "create an inter-region connection between the transit routers of {a} and {b} in {} (CEN console > Inter-region Connections), associated and propagating on both sides",
            written.id
        )),
    }
}

/// A SNAT entry for the uncovered source `part` on `gateway`, translating to
/// the gateway's first address (its EIP, or NAT IP for a VPC NAT gateway).
pub(super) fn snat_entry(
    e: &Engine<'_>,
    gateway: &crate::validate::NatGateway,
    vsw: Option<VSwitchIx>,
    part: Ipv4Net,
) -> Remedy {
    let v = e.v;
    let address = match gateway.kind {
        NatGatewayType::Internet => gateway.eips.iter().find_map(|eip| match v.eips[*eip].ip {
            std::net::IpAddr::V4(address) => Some(address),
            std::net::IpAddr::V6(_) => None,
        }),
        NatGatewayType::Vpc => gateway.nat_ips.first().copied(),
    };
    let Some(snat_ip) = address else {
        return Remedy::Decide(format!(
            "{} has no address to translate to: bind an EIP (or add a NAT IP), then create a SNAT entry for {part}",
            gateway.id
        ));
    };
    let whole = vsw.filter(|s| v.vswitches[*s].cidr == part);
    Remedy::one(Change::SnatEntry {
        nat: gateway.id.clone(),
        source_vswitch: whole.map(|s| v.vswitches[s].id.clone()),
        source_cidr: if whole.is_some() { None } else { Some(part) },
        snat_ip,
    })
}

/// At a VPN gateway with no connection for `dest` from `src`: the local CIDRs
/// of a connection whose remote CIDRs hold `dest` (the policy does not admit the
/// source), else the remote CIDRs of a connection whose local CIDRs admit it.
pub(super) fn vpn_gateway(
    e: &Engine<'_>,
    gateway: crate::validate::VpnGatewayIx,
    dest: Ipv4Net,
    src: &[Ipv4Net],
) -> Remedy {
    let v = e.v;
    let mut connections: Vec<&crate::validate::VpnConnection> = v.vpn_gateways[gateway]
        .connections
        .iter()
        .map(|c| &v.vpn_connections[*c])
        .collect();
    connections.sort_by(|a, b| a.id.cmp(&b.id));
    let mut candidates = Vec::new();
    for c in &connections {
        if c.remote_cidrs.iter().any(|r| r.contains(&dest)) {
            if let Some(missing) = src
                .iter()
                .find(|s| !c.local_cidrs.iter().any(|l| l.contains(*s)))
            {
                candidates.push(Change::VpnLocalCidr {
                    connection: c.id.clone(),
                    cidr: *missing,
                });
            }
        }
    }
    for c in &connections {
        if src
            .iter()
            .all(|s| c.local_cidrs.iter().any(|l| l.contains(s)))
        {
            candidates.push(Change::VpnRemoteCidr {
                connection: c.id.clone(),
                cidr: destination_network(e, dest),
            });
        }
    }
    if candidates.is_empty() {
        return Remedy::Decide(format!(
            "no connection of {} serves {dest}: create an IPsec connection for it (and its customer gateway)",
            v.vpn_gateways[gateway].id
        ));
    }
    Remedy::Change(candidates)
}

/// The route to add to a VBR that has none for `part`: toward the data center
/// forward; on the way back, the association that lets it learn the route.
pub(super) fn vbr_route(e: &Engine<'_>, vbr: VbrIx, part: Ipv4Net, dir: Dir) -> Remedy {
    let v = e.v;
    let router = &v.vbrs[vbr];
    let pc = &v.physical_connections[router.physical_connection];
    match dir {
        Dir::Forward if !e.dcs_holding(part).is_empty() => Remedy::one(Change::VbrRoute {
            vbr: router.id.clone(),
            destination: destination_network(e, part),
            physical_connection: pc.id.clone(),
        }),
        _ => {
            let attachment = v
                .tr_attachments
                .iter()
                .position(|a| a.kind == AttachmentKind::Vbr(vbr));
            match attachment.map(AttachmentIx::at) {
                Some(att) if v.tr_attachments[att].associated.is_none() => {
                    association(e, att, part)
                }
                Some(att) => Remedy::Decide(format!(
                    "the route table associated with {} has no route for {part}: route it there toward the network that holds it",
                    v.tr_attachments[att].id
                )),
                None => Remedy::Decide(format!(
                    "attach VBR {} to the transit router that reaches {part}, associated and propagating",
                    router.id
                )),
            }
        }
    }
}

/// The route a data center needs back to `part` (semantics S10.5): through each
/// connection that leads to it (those its routes already use first), naming
/// the VBR's Alibaba-side address where the inventory has it.
pub(super) fn dc_return(e: &Engine<'_>, dc: DataCenterIx, part: Ipv4Net) -> Remedy {
    let v = e.v;
    let center = &v.data_centers[dc];
    let mut vias: Vec<(bool, String, Option<std::net::Ipv4Addr>, Option<String>)> = Vec::new();
    let mut push = |used: bool, via: Via| {
        let entry = match via {
            Via::PhysicalConnection(pc) => {
                let connection = &v.physical_connections[pc];
                let vbr = connection.vbrs.first().map(|b| &v.vbrs[*b]);
                (
                    used,
                    connection.id.clone(),
                    vbr.and_then(|b| b.local_ip),
                    vbr.map(|b| b.id.clone()),
                )
            }
            Via::VpnConnection(c) => (used, v.vpn_connections[c].id.clone(), None, None),
        };
        if !vias.iter().any(|(_, id, _, _)| *id == entry.1) {
            vias.push(entry);
        }
    };
    for route in &center.routes {
        push(false, route.via);
    }
    for (i, pc) in v.physical_connections.iter().enumerate() {
        if pc.data_center == Some(dc) {
            push(true, Via::PhysicalConnection(PhysicalConnectionIx::at(i)));
        }
    }
    for (i, c) in v.vpn_connections.iter().enumerate() {
        if v.customer_gateways[c.customer_gateway].data_center == Some(dc) {
            push(
                true,
                Via::VpnConnection(crate::validate::VpnConnectionIx::at(i)),
            );
        }
    }
    vias.sort();
    if vias.is_empty() {
        return Remedy::Decide(format!(
            "no Express Connect or VPN connection leads from data center {} to the cloud",
            center.id
        ));
    }
    Remedy::Change(
        vias.into_iter()
            .map(|(_, via, next_hop, vbr)| Change::DcRoute {
                data_center: center.id.clone(),
                destination: part,
                via,
                next_hop,
                vbr,
            })
            .collect(),
    )
}
