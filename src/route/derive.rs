//! Derived routes (semantics S2): building every table of [`Routing`] from a
//! `ValidInventory`, including the transit-router propagation fixed point.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

use super::{
    cloud_services, Origin, Routing, TrEntry, TrTable, VbrRoute, VbrTable, VpcRoute, VpcTable,
};
use crate::findings::diags::{self, ConflictSeen};
use crate::model::{RouteOrigin, RouteStatus};
use crate::validate::{
    Arena, AttachmentIx, AttachmentKind, NextHop, TrRouteTableIx, VSwitchIx, ValidInventory, VbrIx,
    VpcIx,
};

/// Builds the routing state of an inventory.
pub fn build(v: &ValidInventory) -> Routing {
    let mut routing = Routing {
        vswitches: Arena::filled(v.vpcs.len(), PrefixMap::new()),
        ..Routing::default()
    };
    for (s, vsw) in v.vswitches.iter().enumerate() {
        if let Some(trie) = routing.vswitches.lookup_mut(vsw.vpc) {
            // Overlapping vSwitches (a finding already): the first by id keeps the prefix.
            if trie
                .get(&vsw.cidr)
                .is_none_or(|other: &VSwitchIx| v.vswitches[*other].id > vsw.id)
            {
                trie.insert(vsw.cidr, VSwitchIx::at(s));
            }
        }
    }
    build_tr_tables(v, &mut routing);
    build_vpc_tables(v, &mut routing);
    build_vbr_tables(v, &mut routing);
    routing.dc = v
        .data_centers
        .iter()
        .map(|dc| {
            let mut trie: PrefixMap<Ipv4Net, Vec<_>> = PrefixMap::new();
            for route in &dc.routes {
                match trie.get_mut(&route.destination) {
                    Some(list) => list.push(route.via),
                    None => {
                        trie.insert(route.destination, vec![route.via]);
                    }
                }
            }
            trie
        })
        .collect();
    routing.findings.sort();
    routing.findings.dedup();
    routing
}

fn build_vpc_tables(v: &ValidInventory, routing: &mut Routing) {
    routing.vpc = Arena::filled(v.route_tables.len(), VpcTable::default());
    // Per VPC, its VPN gateways and its synchronizing attachments, gathered
    // once (scanning every gateway and attachment per table was quadratic, issue 19).
    let mut gateways_of: HashMap<VpcIx, Vec<usize>> = HashMap::new();
    for (g, gateway) in v.vpn_gateways.iter().enumerate() {
        gateways_of.entry(gateway.vpc).or_default().push(g);
    }
    let mut sync_of: HashMap<VpcIx, Vec<AttachmentIx>> = HashMap::new();
    for (a, attachment) in v.tr_attachments.iter().enumerate() {
        if let AttachmentKind::Vpc {
            vpc,
            route_sync: true,
            ..
        } = &attachment.kind
        {
            sync_of.entry(*vpc).or_default().push(AttachmentIx::at(a));
        }
    }
    for (t, table) in v.route_tables.iter_ix() {
        let routed = &mut routing.vpc[t];
        let Some(vpc) = v.vpcs.lookup(table.vpc) else {
            continue;
        };
        for &s in &vpc.vswitches {
            routed.own.insert(v.vswitches[s].cidr, VpcRoute::Local(s));
        }
        routed.own.insert(cloud_services(), VpcRoute::CloudServices);
        // Custom before learned, so that a written custom route beats a written
        // learned one of the same destination (semantics S8.2).
        let mut written: Vec<(usize, &crate::validate::Route)> =
            table.routes.iter().enumerate().collect();
        written.sort_by_key(|(_, route)| (route.origin != RouteOrigin::Custom, route.index));
        for (r, route) in written {
            if route.invalid {
                continue;
            }
            if route.status == RouteStatus::Pending {
                routed.pending.push(route.destination);
                continue;
            }
            if routed.own.get(&route.destination).is_some() {
                continue;
            }
            routed.own.insert(
                route.destination,
                VpcRoute::Written {
                    route: r,
                    next_hops: route.next_hops.clone(),
                    origin: route.origin,
                },
            );
        }
        if table.kind == crate::model::RouteTableKind::System {
            // semantics S2.5: VPN connections published to the gateway's VPC.
            let mut published: Vec<(String, Ipv4Net, VpcRoute)> = Vec::new();
            for &g in gateways_of.get(&table.vpc).into_iter().flatten() {
                let gateway = &v.vpn_gateways[crate::validate::VpnGatewayIx::at(g)];
                for &c in &gateway.connections {
                    let connection = &v.vpn_connections[c];
                    if !connection.publish_to_vpc {
                        continue;
                    }
                    for remote in &connection.remote_cidrs {
                        published.push((
                            connection.id.clone(),
                            *remote,
                            VpcRoute::VpnPublished {
                                gateway: crate::validate::VpnGatewayIx::at(g),
                                connection: c,
                            },
                        ));
                    }
                }
            }
            published.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            for (_, destination, route) in published {
                if routed.own.get(&destination).is_none()
                    && !inside_vswitch(routing_vswitches(v, table.vpc), destination)
                {
                    routed.own.insert(destination, route);
                }
            }
            // semantics S2.4: synchronizing attachments, by id.
            let mut sync: Vec<AttachmentIx> = sync_of.get(&table.vpc).cloned().unwrap_or_default();
            sync.sort_by(|a, b| v.tr_attachments[*a].id.cmp(&v.tr_attachments[*b].id));
            routed.sync = sync;
        }
    }
    // semantics S2.8: an exported learned entry where a synchronized route has the same
    // destination stands; report when their next hops differ.
    let mut findings = Vec::new();
    for (t, table) in v.route_tables.iter_ix() {
        for route in &table.routes {
            if route.origin != RouteOrigin::Learned
                || route.invalid
                || route.status == RouteStatus::Pending
            {
                continue;
            }
            let routed = &routing.vpc[t];
            for &attachment in &routed.sync {
                let Some(tr_table) = v.tr_attachments[attachment].associated else {
                    continue;
                };
                let Some(entry) = routing
                    .tr
                    .lookup(tr_table)
                    .and_then(|tr| tr.routes.get(&route.destination))
                else {
                    continue;
                };
                if entry.next_hop() == Some(attachment) {
                    continue;
                }
                let derived = NextHop::TrAttachment(attachment);
                if route.next_hops != vec![derived] {
                    let written: Vec<String> = route
                        .next_hops
                        .iter()
                        .map(|hop| next_hop_id(v, hop))
                        .collect();
                    findings.push(diags::learned_route_differs(
                        &table.id,
                        route.destination,
                        &written,
                        &v.tr_attachments[attachment].id,
                    ));
                }
            }
        }
    }
    routing.findings.extend(findings);
}

fn routing_vswitches(v: &ValidInventory, vpc: VpcIx) -> Vec<Ipv4Net> {
    v.vpcs
        .lookup(vpc)
        .map(|p| p.vswitches.iter().map(|s| v.vswitches[*s].cidr).collect())
        .unwrap_or_default()
}

fn inside_vswitch(cidrs: Vec<Ipv4Net>, prefix: Ipv4Net) -> bool {
    cidrs.iter().any(|c| c.contains(&prefix))
}

/// The id a next hop names.
pub fn next_hop_id(v: &ValidInventory, hop: &NextHop) -> String {
    match hop {
        NextHop::NatGateway(n) => v.nat_gateways[*n].id.clone(),
        NextHop::VpcPeer(p) => v.peerings[*p].id.clone(),
        NextHop::TrAttachment(a) => v.tr_attachments[*a].id.clone(),
        NextHop::VpnGateway(g) => v.vpn_gateways[*g].id.clone(),
        NextHop::Vbr(b) => v.vbrs[*b].id.clone(),
        NextHop::Instance(e) => v.ecs_instances[*e].id.clone(),
        NextHop::NetworkInterface(id) | NextHop::Havip(id) | NextHop::Ipv4Gateway(id) => id.clone(),
    }
}

/// What an attachment propagates by itself (semantics S2.2), peers excepted.
fn seed_routes(v: &ValidInventory, attachment: AttachmentIx) -> Vec<Ipv4Net> {
    let att = &v.tr_attachments[attachment];
    let mut routes = match &att.kind {
        AttachmentKind::Vpc { vpc, advertise, .. } => {
            let mut routes = routing_vswitches(v, *vpc);
            routes.extend(advertise.iter().copied());
            routes
        }
        AttachmentKind::Vbr(vbr) => v.vbrs[*vbr].routes.iter().map(|r| r.destination).collect(),
        AttachmentKind::Vpn(connection) => v.vpn_connections[*connection].remote_cidrs.clone(),
        AttachmentKind::Peer { .. } => Vec::new(),
    };
    routes.sort();
    routes.dedup();
    routes
}

/// The propagation fixed point (semantics S2.2, S2.3, S8.3). Each table keeps, per
/// prefix, the best (fewest hops, then lowest next-hop id) route per origin;
/// peer attachments offer the remote side's table (its routes not learned from
/// this same connection) with one more hop, until nothing changes.
fn build_tr_tables(v: &ValidInventory, routing: &mut Routing) {
    type Candidates = BTreeMap<Ipv4Net, BTreeMap<Origin, (u32, AttachmentIx)>>;
    let count = v.tr_route_tables.len();
    let mut learned: Arena<TrRouteTableIx, Candidates> = Arena::filled(count, Candidates::new());
    let att_id = |a: AttachmentIx| v.tr_attachments[a].id.as_str();
    let offer = |table: &mut Candidates,
                 prefix: Ipv4Net,
                 origin: Origin,
                 hops: u32,
                 next_hop: AttachmentIx|
     -> bool {
        let slot = table.entry(prefix).or_default();
        match slot.get(&origin) {
            Some(&(old_hops, old_next))
                if (old_hops, att_id(old_next)) <= (hops, att_id(next_hop)) =>
            {
                false
            }
            _ => {
                slot.insert(origin, (hops, next_hop));
                true
            }
        }
    };
    for (t, table) in v.tr_route_tables.iter_ix() {
        let mut propagations = table.propagations.clone();
        propagations.sort_by(|a, b| att_id(*a).cmp(att_id(*b)));
        for attachment in propagations {
            for prefix in seed_routes(v, attachment) {
                offer(
                    &mut learned[t],
                    prefix,
                    Origin::Attachment(attachment),
                    0,
                    attachment,
                );
            }
        }
    }
    // Peer propagation edges: (into table, via local peer attachment, from remote table, remote counterpart).
    let mut edges: Vec<(TrRouteTableIx, AttachmentIx, TrRouteTableIx, AttachmentIx)> = Vec::new();
    for (t, table) in v.tr_route_tables.iter_ix() {
        for &attachment in &table.propagations {
            let att = &v.tr_attachments[attachment];
            if let (AttachmentKind::Peer { .. }, Some(counterpart)) = (&att.kind, att.counterpart) {
                if let Some(remote_table) = v.tr_attachments[counterpart].associated {
                    edges.push((t, attachment, remote_table, counterpart));
                }
            }
        }
    }
    edges.sort_by(|a, b| (a.0, att_id(a.1)).cmp(&(b.0, att_id(b.1))));
    // Statics of every table, offered over peers like propagated routes.
    let statics: Arena<TrRouteTableIx, Vec<(Ipv4Net, AttachmentIx)>> = v
        .tr_route_tables
        .iter()
        .map(|table| {
            table
                .routes
                .iter()
                .filter_map(|r| r.next_hop.map(|hop| (r.destination, hop)))
                .collect()
        })
        .collect();
    // semantics S9.3: a prefix with a static route in the remote table is
    // advertised as that static route only (or not at all, a blackhole or a
    // route back over this connection): its propagated candidates are shadowed.
    let shadowed: Arena<TrRouteTableIx, BTreeSet<Ipv4Net>> = v
        .tr_route_tables
        .iter()
        .map(|table| table.routes.iter().map(|r| r.destination).collect())
        .collect();
    let limit = v.transit_routers.len() + 2;
    for _round in 0..limit {
        let mut changed = false;
        for &(into, via, from, counterpart) in &edges {
            let mut offers: Vec<(Ipv4Net, Origin, u32)> = Vec::new();
            for (prefix, origins) in &learned[from] {
                if shadowed[from].contains(prefix) {
                    continue;
                }
                for (origin, (hops, next_hop)) in origins {
                    if *next_hop != counterpart {
                        offers.push((*prefix, *origin, hops + 1));
                    }
                }
            }
            for (prefix, next_hop) in &statics[from] {
                if *next_hop != counterpart {
                    offers.push((*prefix, Origin::Static(from), 1));
                }
            }
            for (prefix, origin, hops) in offers {
                if origin == Origin::Attachment(via) {
                    continue;
                }
                changed |= offer(&mut learned[into], prefix, origin, hops, via);
            }
        }
        if !changed {
            break;
        }
    }
    routing.tr = Arena::with_capacity(count);
    for (t, table) in v.tr_route_tables.iter_ix() {
        let mut routes: PrefixMap<Ipv4Net, TrEntry> = PrefixMap::new();
        for route in &table.routes {
            if routes.get(&route.destination).is_none() {
                routes.insert(route.destination, TrEntry::Static(route.next_hop));
            }
        }
        for (prefix, origins) in &learned[t] {
            if routes.get(prefix).is_some() {
                continue;
            }
            let mut members: Vec<(Origin, AttachmentIx)> = origins
                .iter()
                .map(|(origin, (_, hop))| (*origin, *hop))
                .collect();
            if let (1, Some((origin, (hops, next_hop)))) = (origins.len(), origins.iter().next()) {
                routes.insert(
                    *prefix,
                    TrEntry::Propagated {
                        next_hop: *next_hop,
                        origin: *origin,
                        hops: *hops,
                    },
                );
            } else {
                members.sort_by_key(|a| origin_id(v, a.0));
                let names: Vec<String> = members
                    .iter()
                    .map(|(origin, _)| origin_id(v, *origin))
                    .collect();
                routing.findings.push(diags::route_conflict(
                    &table.id,
                    *prefix,
                    &names,
                    ConflictSeen::Routing,
                ));
                routes.insert(*prefix, TrEntry::Conflict(members));
            }
        }
        routing.tr.push(TrTable { routes });
    }
}

/// The id of a route origin: the attachment, or `static@<table>`.
pub fn origin_id(v: &ValidInventory, origin: Origin) -> String {
    match origin {
        Origin::Attachment(a) => v.tr_attachments[a].id.clone(),
        Origin::Static(t) => format!("static route of {}", v.tr_route_tables[t].id),
    }
}

fn build_vbr_tables(v: &ValidInventory, routing: &mut Routing) {
    routing.vbr = Arena::filled(v.vbrs.len(), VbrTable::default());
    for (b, vbr) in v.vbrs.iter_ix() {
        let routed = &mut routing.vbr[b];
        for route in &vbr.routes {
            if routed.own.get(&route.destination).is_none() {
                routed.own.insert(
                    route.destination,
                    VbrRoute::PhysicalConnection(route.physical_connection),
                );
            }
        }
    }
    // semantics S8.4: VPCs that reach a VBR by router interface get their replies back.
    let mut interfaces: Vec<(String, VpcIx, VbrIx)> = Vec::new();
    for table in &v.route_tables {
        for route in &table.routes {
            for hop in &route.next_hops {
                if let NextHop::Vbr(b) = hop {
                    interfaces.push((v.vpcs[table.vpc].id.clone(), table.vpc, *b));
                }
            }
        }
    }
    interfaces.sort();
    interfaces.dedup();
    for (_, vpc, b) in interfaces {
        for cidr in routing_vswitches(v, vpc) {
            let own = &mut routing.vbr[b].own;
            if own.get(&cidr).is_none() {
                own.insert(cidr, VbrRoute::RouterInterface(vpc));
            }
        }
    }
    let mut learned: Vec<(String, VbrIx, AttachmentIx)> = Vec::new();
    for (a, att) in v.tr_attachments.iter().enumerate() {
        if let AttachmentKind::Vbr(b) = att.kind {
            if att.associated.is_some() {
                learned.push((att.id.clone(), b, AttachmentIx::at(a)));
            }
        }
    }
    learned.sort();
    for (_, b, attachment) in learned {
        routing.vbr[b].learned.push(attachment);
    }
}
