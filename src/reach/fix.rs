//! Fixes (S6.2): concrete actions on named resources for a missing route —
//! which table, which destination, which next hop.

use ipnet::Ipv4Net;

use super::engine::{Dir, Engine};
use crate::model::NatGatewayType;
use crate::validate::{
    is_public_range, AttIx, AttachmentKind, DcIx, RgIx, RtIx, TrtIx, VbrIx, VpcIx, VswIx,
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

/// The route to add to a VPC table that has none for `part`.
pub(super) fn vpc_route(
    e: &Engine<'_>,
    vpc: VpcIx,
    table: RtIx,
    part: Ipv4Net,
    dir: Dir,
    source: Option<(VswIx, RgIx)>,
) -> String {
    let v = e.v;
    let _ = source;
    let net = target(e, part, dir);
    let table_id = &v.route_tables[table].id;
    let holders = e.vpcs_holding(part);
    let mut peerings: Vec<&crate::validate::Peering> = v
        .peerings
        .iter()
        .filter(|p| p.other(vpc).is_some_and(|other| holders.contains(&other)))
        .collect();
    peerings.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(peering) = peerings.first() {
        return format!("add route {net} -> {} to {table_id}", peering.id);
    }
    let mut attachments: Vec<&crate::validate::TrAttachment> = v
        .tr_attachments
        .iter()
        .filter(|a| matches!(a.kind, AttachmentKind::Vpc { vpc: p, .. } if p == vpc))
        .collect();
    attachments.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(attachment) = attachments.first() {
        return format!(
            "add route {net} -> {} to {table_id} (or enable route synchronization on {})",
            attachment.id, attachment.id
        );
    }
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
    if let Some(gateway) = gateways.first() {
        return format!(
            "add route {net} -> {} to {table_id} (or publish the VPN connection's routes to the VPC)",
            gateway.id
        );
    }
    if is_public_range(part) {
        let mut nats: Vec<&crate::validate::NatGateway> = v
            .nat_gateways
            .iter()
            .filter(|n| n.vpc == vpc && n.kind == NatGatewayType::Internet)
            .collect();
        nats.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(nat) = nats.first() {
            return format!("add route 0.0.0.0/0 -> {} to {table_id}", nat.id);
        }
        return format!(
            "create an Internet NAT gateway with an EIP in {} and add route 0.0.0.0/0 -> it to {table_id}",
            v.vpcs[vpc].id
        );
    }
    let here = &v.vpcs[vpc].id;
    if let Some(holder) = holders.iter().find(|h| **h != vpc) {
        let there = &v.vpcs[*holder].id;
        return format!(
            "connect {here} and {there} (a VPC peering, or attach both to a transit router) and add route {net} -> that peering or attachment to {table_id}"
        );
    }
    format!("add a route for {net} to {table_id}, through a peering, a transit-router attachment or a VPN gateway that reaches it")
}

/// The attachment of a transit router that leads to `part`, if one does.
fn attachment_toward(
    e: &Engine<'_>,
    tr: crate::validate::TrIx,
    part: Ipv4Net,
    depth: u32,
) -> Option<AttIx> {
    let v = e.v;
    let holders = e.vpcs_holding(part);
    let dcs = e.dcs_holding(part);
    let mut found: Vec<AttIx> = v.transit_routers[tr]
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

/// The route or propagation to add to a TR table that has none for `part`.
pub(super) fn tr_route(
    e: &Engine<'_>,
    table: TrtIx,
    part: Ipv4Net,
    dir: Dir,
    source: Option<(VswIx, RgIx)>,
) -> String {
    let v = e.v;
    let _ = source;
    let net = target(e, part, dir);
    let routed = &v.tr_route_tables[table];
    match attachment_toward(e, routed.tr, part, 0) {
        Some(attachment) => {
            let att = &v.tr_attachments[attachment];
            if !routed.propagations.contains(&attachment) {
                format!(
                    "enable route propagation of {} into {} (or add route {net} -> {} to it)",
                    att.id, routed.id, att.id
                )
            } else {
                format!("add route {net} -> {} to {}", att.id, routed.id)
            }
        }
        None => format!(
            "add a route for {net} to {} toward the attachment that reaches it (attach that network to {} first)",
            routed.id,
            v.transit_routers[routed.tr].id
        ),
    }
}

/// The route to add to a VBR that has none for `part`.
pub(super) fn vbr_route(e: &Engine<'_>, vbr: VbrIx, part: Ipv4Net, dir: Dir) -> String {
    let v = e.v;
    let router = &v.vbrs[vbr];
    let pc = &v.physical_connections[router.physical_connection];
    match dir {
        Dir::Forward if !e.dcs_holding(part).is_empty() => {
            format!(
                "add route {} -> {} to VBR {}",
                destination_network(e, part),
                pc.id,
                router.id
            )
        }
        _ => {
            let attachment = v
                .tr_attachments
                .iter()
                .find(|a| a.kind == AttachmentKind::Vbr(vbr));
            match attachment {
                Some(att) if att.associated.is_none() => format!(
                    "associate attachment {} with a route table of {}",
                    att.id,
                    v.transit_routers[att.tr].id
                ),
                Some(att) => format!("make the route table associated with {} hold a route for {part}", att.id),
                None => format!(
                    "attach VBR {} to the transit router that reaches {part}, associated and propagating",
                    router.id
                ),
            }
        }
    }
}

/// The connection a data center should route back through: one of its own
/// routes' connections, else a physical or VPN connection that leads to it.
pub(super) fn dc_via(e: &Engine<'_>, dc: DcIx) -> String {
    let v = e.v;
    let center = &v.data_centers[dc];
    let mut candidates: Vec<String> = center
        .routes
        .iter()
        .map(|r| match r.via {
            crate::validate::Via::PhysicalConnection(pc) => v.physical_connections[pc].id.clone(),
            crate::validate::Via::VpnConnection(c) => v.vpn_connections[c].id.clone(),
        })
        .collect();
    if candidates.is_empty() {
        candidates.extend(
            v.physical_connections
                .iter()
                .filter(|pc| pc.data_center == Some(dc))
                .map(|pc| pc.id.clone()),
        );
        candidates.extend(
            v.vpn_connections
                .iter()
                .filter(|c| v.customer_gateways[c.customer_gateway].data_center == Some(dc))
                .map(|c| c.id.clone()),
        );
    }
    candidates.sort();
    candidates
        .into_iter()
        .next()
        .unwrap_or_else(|| "the Express Connect or VPN connection to the cloud".to_string())
}
