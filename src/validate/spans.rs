//! Phase two of validation: what spans resources. Runs only when phase one
//! found no error, so every index is valid and the arenas may be indexed freely.
//! Each step is named in `phase_two`; each reports every problem it finds.
//!
//! Complexity: O(n) in resources and routes, plus O(v log v) per VPC for the
//! vSwitch overlap sweep and O(r · 32) for the route-inside-vSwitch test.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

use super::basic_cen;
use super::check::{Cx, BAD};
use super::types::*;
use crate::findings::diags;
use crate::model::{RouteOrigin, RouteTableKind};

impl Cx<'_> {
    pub(super) fn phase_two(&mut self, v: &mut ValidInventory) {
        self.vpc_tables(v);
        self.vswitches(v);
        self.route_next_hops(v);
        self.transit(v);
        basic_cen::expand(self.inv, v, &mut self.errors, self.sources);
        self.nat_and_eips(v);
        self.vpn_and_vbr(v);
        self.hosts(v);
        self.resource_groups(v);
        self.data_sources(v);
    }

    /// System tables (at most one per VPC; implied where none is written) and
    /// the custom tables of vSwitches.
    fn vpc_tables(&mut self, v: &mut ValidInventory) {
        let mut system: Arena<VpcIx, Option<RouteTableIx>> = Arena::filled(v.vpcs.len(), None);
        for (t, table) in v.route_tables.iter().enumerate() {
            if table.kind != RouteTableKind::System {
                continue;
            }
            match system[table.vpc] {
                Some(first) => {
                    let first_at = self.sources.locate("route_tables", first.ix(), "/kind");
                    let message = format!(
                        "VPC `{}` has a second system route table (the first is `{}` at {first_at})",
                        v.vpcs[table.vpc].id,
                        v.route_tables[first].id
                    );
                    self.err(
                        Kind::RouteTable,
                        t,
                        "/kind",
                        message,
                        Some("a VPC has exactly one system table; make this one `custom`".into()),
                    );
                }
                None => system[table.vpc] = Some(RouteTableIx::at(t)),
            }
        }
        for (p, slot) in system.iter_ix() {
            let table = match slot {
                Some(t) => *t,
                None => {
                    let id = implied_id(&v.ids, &format!("{}/system", v.vpcs[p].id));
                    let t = v.route_tables.push(RouteTable {
                        id: id.clone(),
                        name: None,
                        vpc: p,
                        kind: RouteTableKind::System,
                        implied: true,
                        routes: Vec::new(),
                    });
                    v.ids.insert(id, (Kind::RouteTable, t.ix()));
                    t
                }
            };
            v.vpcs[p].system_table = table;
        }
    }

    fn vswitches(&mut self, v: &mut ValidInventory) {
        for (s, vsw) in v.vswitches.iter_mut().enumerate() {
            v.vpcs[vsw.vpc].vswitches.push(VSwitchIx::at(s));
            let vpc = &v.vpcs[vsw.vpc];
            if vsw.account.is_none() {
                vsw.account = vpc.account.clone();
            }
            if vsw.table.0 == BAD {
                vsw.table = vpc.system_table;
            } else {
                let table = &v.route_tables[vsw.table];
                if table.vpc != vsw.vpc {
                    let vpc_id = vpc.id.clone();
                    let message = format!(
                        "route table `{}` belongs to VPC `{}`, not to this vSwitch's VPC `{vpc_id}`",
                        table.id,
                        v.vpcs[table.vpc].id
                    );
                    self.err(Kind::VSwitch, s, "/route_table", message, None);
                } else if table.kind == RouteTableKind::System {
                    let message = format!(
                        "`{}` is the system route table; `route_table` names a custom table",
                        table.id
                    );
                    self.err(
                        Kind::VSwitch,
                        s,
                        "/route_table",
                        message,
                        Some("leave `route_table` out to use the system table".into()),
                    );
                }
            }
            if !vpc.cidrs.iter().any(|c| c.contains(&vsw.cidr)) {
                v.findings.push(diags::vswitch_outside_vpc(
                    &vsw.id, vsw.cidr, &vpc.id, &vpc.cidrs,
                ));
            }
        }
        // vSwitch overlap: per VPC, sort by (network, prefix length) and sweep
        // with a stack of enclosing ranges: O(v log v + k) per VPC.
        for vpc in &mut v.vpcs {
            vpc.vswitches
                .sort_by(|a, b| v.vswitches[*a].id.cmp(&v.vswitches[*b].id));
            let mut by_range: Vec<VSwitchIx> = vpc.vswitches.clone();
            by_range.sort_by_key(|s| {
                let vsw = &v.vswitches[*s];
                (vsw.cidr.network(), vsw.cidr.prefix_len(), vsw.id.clone())
            });
            let mut open: Vec<VSwitchIx> = Vec::new();
            for s in by_range {
                let cidr = v.vswitches[s].cidr;
                open.retain(|o| v.vswitches[*o].cidr.contains(&cidr.network()));
                for o in &open {
                    let (a, b) = (&v.vswitches[*o], &v.vswitches[s]);
                    let (first, second) = if a.id <= b.id { (a, b) } else { (b, a) };
                    v.findings.push(diags::vswitch_overlap(
                        (&first.id, first.cidr),
                        (&second.id, second.cidr),
                        &vpc.id,
                    ));
                }
                open.push(s);
            }
        }
    }

    /// Same-VPC rules of next hops, and routes inside a vSwitch CIDR.
    fn route_next_hops(&mut self, v: &mut ValidInventory) {
        let cloud_services: Ipv4Net =
            Ipv4Net::new(Ipv4Addr::new(100, 64, 0, 0), 10).unwrap_or_default();
        let mut tries: HashMap<VpcIx, PrefixMap<Ipv4Net, VSwitchIx>> = HashMap::new();
        for (s, vsw) in v.vswitches.iter().enumerate() {
            tries
                .entry(vsw.vpc)
                .or_default()
                .insert(vsw.cidr, VSwitchIx::at(s));
        }
        let empty = PrefixMap::new();
        for ti in v.route_tables.indices() {
            let t = ti.ix();
            let table_vpc = v.route_tables[ti].vpc;
            let written = self.inv.route_tables.get(t);
            for r in 0..v.route_tables[ti].routes.len() {
                let Some(route) = v.route_tables[ti].routes.get(r) else {
                    continue;
                };
                let at = format!("/routes/{}", route.index);
                let hop_pointers: Vec<String> =
                    match written.and_then(|w| w.routes.get(route.index)) {
                        Some(w) if w.next_hops.is_some() => (0..route.next_hops.len())
                            .map(|h| format!("{at}/next_hops/{h}/id"))
                            .collect(),
                        _ => vec![format!("{at}/next_hop/id")],
                    };
                for (h, hop) in route.next_hops.iter().enumerate() {
                    let pointer = hop_pointers.get(h).cloned().unwrap_or_default();
                    let vpc_id = &v.vpcs[table_vpc].id;
                    let problem = match hop {
                        NextHop::NatGateway(n) => {
                            let nat = &v.nat_gateways[*n];
                            (nat.vpc != table_vpc).then(|| {
                                format!(
                                    "NAT gateway `{}` is in VPC `{}`, not in `{vpc_id}`",
                                    nat.id, v.vpcs[nat.vpc].id
                                )
                            })
                        }
                        NextHop::VpcPeer(p) => {
                            let peering = &v.peerings[*p];
                            peering.other(table_vpc).is_none().then(|| {
                                format!("peering `{}` does not connect VPC `{vpc_id}`", peering.id)
                            })
                        }
                        NextHop::TrAttachment(a) => {
                            let att = &v.tr_attachments[*a];
                            match &att.kind {
                                AttachmentKind::Vpc { vpc, .. } if *vpc == table_vpc => None,
                                _ => Some(format!(
                                    "`{}` is not a transit-router attachment of VPC `{vpc_id}`",
                                    att.id
                                )),
                            }
                        }
                        NextHop::VpnGateway(g) => {
                            let gateway = &v.vpn_gateways[*g];
                            (gateway.vpc != table_vpc).then(|| {
                                format!(
                                    "VPN gateway `{}` is in VPC `{}`, not in `{vpc_id}`",
                                    gateway.id, v.vpcs[gateway.vpc].id
                                )
                            })
                        }
                        NextHop::Instance(e) => {
                            let ecs = &v.ecs_instances[*e];
                            let ecs_vpc = v.vswitches[ecs.vswitch].vpc;
                            (ecs_vpc != table_vpc).then(|| {
                                format!(
                                    "ECS instance `{}` is in VPC `{}`, not in `{vpc_id}`",
                                    ecs.id, v.vpcs[ecs_vpc].id
                                )
                            })
                        }
                        NextHop::Vbr(_)
                        | NextHop::NetworkInterface(_)
                        | NextHop::Havip(_)
                        | NextHop::Ipv4Gateway(_) => None,
                    };
                    if let Some(message) = problem {
                        self.err(
                            Kind::RouteTable,
                            t,
                            &pointer,
                            message,
                            Some("the next hop of a VPC route must be in the same VPC".into()),
                        );
                    }
                }
                let destination = route.destination;
                let trie = tries.get(&table_vpc).unwrap_or(&empty);
                let inside = trie.get_lpm(&destination).map(|(_, s)| *s);
                let in_services = cloud_services.contains(&destination);
                if inside.is_some() || in_services {
                    let table = &v.route_tables[ti];
                    let vswitch = inside.map(|s| (v.vswitches[s].id.as_str(), v.vswitches[s].cidr));
                    let finding = diags::route_inside_vswitch(&table.id, destination, vswitch);
                    v.findings.push(finding);
                    if let Some(route) = v.route_tables[ti].routes.get_mut(r) {
                        route.invalid = true;
                    }
                }
            }
            // Two written routes of one origin for the same destination.
            let table = &v.route_tables[ti];
            let mut seen: HashMap<(Ipv4Net, RouteOrigin), usize> = HashMap::new();
            let mut duplicates = Vec::new();
            for route in &table.routes {
                if let Some(first) = seen.insert((route.destination, route.origin), route.index) {
                    duplicates.push((route.index, first, route.destination));
                }
            }
            for (index, first, destination) in duplicates {
                let message =
                    format!("route table `{}` has two routes for {destination} (routes {first} and {index})", table.id);
                self.err(
                    Kind::RouteTable,
                    t,
                    &format!("/routes/{index}/destination"),
                    message,
                    Some(
                        "a table holds one route per destination; use `next_hops` for ECMP".into(),
                    ),
                );
            }
        }
    }

    /// Transit routers: attachments, associations, propagations, counterparts.
    fn transit(&mut self, v: &mut ValidInventory) {
        for (t, tr) in v.transit_routers.iter().enumerate() {
            v.cens[tr.cen].transit_routers.push(TransitRouterIx::at(t));
        }
        for (a, att) in v.tr_attachments.iter().enumerate() {
            v.transit_routers[att.tr]
                .attachments
                .push(AttachmentIx::at(a));
            match &att.kind {
                AttachmentKind::Vpc { vpc, vswitches, .. } => {
                    for (s, vsw) in vswitches.iter().enumerate() {
                        if v.vswitches[*vsw].vpc != *vpc {
                            let message = format!(
                                "vSwitch `{}` is not in the attached VPC `{}`",
                                v.vswitches[*vsw].id, v.vpcs[*vpc].id
                            );
                            self.err(
                                Kind::TrAttachment,
                                a,
                                &format!("/vswitches/{s}"),
                                message,
                                None,
                            );
                        }
                    }
                }
                AttachmentKind::Peer { remote, .. } => {
                    if *remote == att.tr {
                        self.err(
                            Kind::TrAttachment,
                            a,
                            "/resource",
                            "a peer attachment must name another transit router",
                            None,
                        );
                    }
                }
                AttachmentKind::Vpn(vco) => {
                    if let VpnAttach::Gateway(_) = v.vpn_connections[*vco].attach {
                        let message = format!(
                            "VPN connection `{}` is on a VPN gateway, not on a transit router",
                            v.vpn_connections[*vco].id
                        );
                        self.err(
                            Kind::TrAttachment,
                            a,
                            "/resource",
                            message,
                            Some(
                                "set the connection's `transit_router` instead of `vpn_gateway`"
                                    .into(),
                            ),
                        );
                    }
                }
                AttachmentKind::Vbr(_) => {}
            }
        }
        for (t, table) in v.tr_route_tables.iter().enumerate() {
            v.transit_routers[table.tr]
                .tables
                .push(TrRouteTableIx::at(t));
            let tr_id = &v.transit_routers[table.tr].id;
            for (list, attachments) in [
                ("associations", &table.associations),
                ("propagations", &table.propagations),
            ] {
                for (k, att) in attachments.iter().enumerate() {
                    if v.tr_attachments[*att].tr != table.tr {
                        let message = format!(
                            "attachment `{}` belongs to another transit router than `{tr_id}`",
                            v.tr_attachments[*att].id
                        );
                        self.err(
                            Kind::TrRouteTable,
                            t,
                            &format!("/{list}/{k}"),
                            message,
                            None,
                        );
                    }
                }
            }
            for (r, route) in table.routes.iter().enumerate() {
                if let Some(att) = route.next_hop {
                    if v.tr_attachments[att].tr != table.tr {
                        let message = format!(
                            "attachment `{}` belongs to another transit router than `{tr_id}`",
                            v.tr_attachments[att].id
                        );
                        self.err(
                            Kind::TrRouteTable,
                            t,
                            &format!("/routes/{r}/next_hop/id"),
                            message,
                            None,
                        );
                    }
                }
            }
        }
        let mut associated: HashMap<AttachmentIx, usize> = HashMap::new();
        for (t, table) in v.tr_route_tables.iter().enumerate() {
            for (k, att) in table.associations.iter().enumerate() {
                if let Some(first) = associated.insert(*att, t) {
                    if first != t {
                        let message = format!(
                            "attachment `{}` is associated with two route tables (`{}` and `{}`)",
                            v.tr_attachments[*att].id,
                            v.tr_route_tables[TrRouteTableIx::at(first)].id,
                            table.id
                        );
                        self.err(
                            Kind::TrRouteTable,
                            t,
                            &format!("/associations/{k}"),
                            message,
                            Some("an attachment is associated with at most one table".into()),
                        );
                    }
                }
            }
        }
        for (att, t) in associated {
            v.tr_attachments[att].associated = Some(TrRouteTableIx::at(t));
        }
        for (t, table) in v.tr_route_tables.iter().enumerate() {
            for att in &table.propagations {
                let list = &mut v.tr_attachments[*att].propagates_to;
                if !list.contains(&TrRouteTableIx::at(t)) {
                    list.push(TrRouteTableIx::at(t));
                }
            }
        }
        link_counterparts(v);
    }

    fn nat_and_eips(&mut self, v: &mut ValidInventory) {
        for (n, nat) in v.nat_gateways.iter_mut().enumerate() {
            let vsw = &v.vswitches[nat.vswitch];
            if vsw.vpc != nat.vpc {
                let message = format!(
                    "vSwitch `{}` is not in the gateway's VPC `{}`",
                    vsw.id, v.vpcs[nat.vpc].id
                );
                self.err(Kind::NatGateway, n, "/vswitch", message, None);
            }
            for (s, entry) in nat.snat_entries.iter().enumerate() {
                if let SnatSource::VSwitch(source) = entry.source {
                    if v.vswitches[source].vpc != nat.vpc {
                        let message = format!(
                            "vSwitch `{}` is not in the gateway's VPC `{}`",
                            v.vswitches[source].id, v.vpcs[nat.vpc].id
                        );
                        self.err(
                            Kind::NatGateway,
                            n,
                            &format!("/snat_entries/{s}/source_vswitch"),
                            message,
                            None,
                        );
                    }
                }
            }
            for (k, eip) in nat.eips.clone().iter().enumerate() {
                if let Some(EipTarget::EcsInstance(_)) | Some(EipTarget::NatGateway(_)) =
                    v.eips[*eip].bound_to
                {
                    if v.eips[*eip].bound_to != Some(EipTarget::NatGateway(NatGatewayIx::at(n))) {
                        let message =
                            format!("EIP `{}` is bound to another resource", v.eips[*eip].id);
                        self.err(Kind::NatGateway, n, &format!("/eips/{k}"), message, None);
                    }
                }
            }
        }
        for (e, eip) in v.eips.iter().enumerate() {
            if let Some(EipTarget::NatGateway(n)) = eip.bound_to {
                let eips = &mut v.nat_gateways[n].eips;
                if !eips.contains(&EipIx::at(e)) {
                    eips.push(EipIx::at(e));
                }
            }
        }
        for nat in &mut v.nat_gateways {
            nat.eips.sort_by(|a, b| v.eips[*a].id.cmp(&v.eips[*b].id));
            nat.eips.dedup();
        }
    }

    fn vpn_and_vbr(&mut self, v: &mut ValidInventory) {
        for (c, vco) in v.vpn_connections.iter().enumerate() {
            if let VpnAttach::Gateway(g) = vco.attach {
                v.vpn_gateways[g].connections.push(VpnConnectionIx::at(c));
            }
        }
        for gateway in &mut v.vpn_gateways {
            gateway
                .connections
                .sort_by(|a, b| v.vpn_connections[*a].id.cmp(&v.vpn_connections[*b].id));
        }
        for (b, vbr) in v.vbrs.iter().enumerate() {
            v.physical_connections[vbr.physical_connection]
                .vbrs
                .push(VbrIx::at(b));
        }
        for pc in &mut v.physical_connections {
            pc.vbrs.sort_by(|a, b| v.vbrs[*a].id.cmp(&v.vbrs[*b].id));
        }
    }

    fn hosts(&mut self, v: &mut ValidInventory) {
        for (e, ecs) in v.ecs_instances.iter_mut().enumerate() {
            let vsw = &v.vswitches[ecs.vswitch];
            ecs.vpc = vsw.vpc;
            if ecs.account.is_none() {
                ecs.account = vsw.account.clone();
            }
            for (p, address) in ecs.private_ips.iter().enumerate() {
                let inside = match address {
                    IpAddr::V4(address) => vsw.cidr.contains(address),
                    IpAddr::V6(_) => true,
                };
                if !inside {
                    let message = format!(
                        "private address {address} is outside the instance's vSwitch `{}` ({})",
                        vsw.id, vsw.cidr
                    );
                    self.err(
                        Kind::EcsInstance,
                        e,
                        &format!("/private_ips/{p}"),
                        message,
                        None,
                    );
                }
            }
            for (s, sg) in ecs.security_groups.iter().enumerate() {
                let group = &v.security_groups[*sg];
                if group.vpc != vsw.vpc {
                    let message = format!(
                        "security group `{}` is in VPC `{}`, not in the instance's VPC `{}`",
                        group.id, v.vpcs[group.vpc].id, v.vpcs[vsw.vpc].id
                    );
                    self.err(
                        Kind::EcsInstance,
                        e,
                        &format!("/security_groups/{s}"),
                        message,
                        None,
                    );
                }
            }
        }
    }

    fn resource_groups(&mut self, v: &mut ValidInventory) {
        for (g, rg) in v.resource_groups.iter_mut().enumerate() {
            for (b, binding) in rg.bindings.iter().enumerate() {
                let vsw = &v.vswitches[binding.vswitch];
                if vsw.vpc != binding.vpc {
                    let message = format!(
                        "vSwitch `{}` is in VPC `{}`, not in the bound VPC `{}`",
                        vsw.id, v.vpcs[vsw.vpc].id, v.vpcs[binding.vpc].id
                    );
                    self.err(
                        Kind::ResourceGroup,
                        g,
                        &format!("/networks/{b}/vswitch"),
                        message,
                        Some("a binding's vSwitch must belong to its VPC".into()),
                    );
                }
            }
            rg.bindings.sort_by(|a, b| {
                (&v.vpcs[a.vpc].id, &v.vswitches[a.vswitch].id)
                    .cmp(&(&v.vpcs[b.vpc].id, &v.vswitches[b.vswitch].id))
            });
        }
    }

    /// semantics S8.1: a data source is where its location says.
    fn data_sources(&mut self, v: &mut ValidInventory) {
        for (d, ds) in v.data_sources.iter_mut().enumerate() {
            match ds.location {
                DsLocation::Vpc(vpc, _) => {
                    if ds.account.is_none() {
                        ds.account = v.vpcs[vpc].account.clone();
                    }
                    if let IpAddr::V4(address) = ds.ip {
                        let holder = v.vpcs[vpc]
                            .vswitches
                            .iter()
                            .copied()
                            .find(|s| v.vswitches[*s].cidr.contains(&address));
                        match holder {
                            Some(s) => ds.location = DsLocation::Vpc(vpc, Some(s)),
                            None => {
                                let message = format!(
                                    "address {address} is in no vSwitch of VPC `{}`",
                                    v.vpcs[vpc].id
                                );
                                self.err(
                                    Kind::DataSource,
                                    d,
                                    "/ip",
                                    message,
                                    Some(
                                        "a data source in a VPC must have an address of one of its vSwitches"
                                            .into(),
                                    ),
                                );
                            }
                        }
                    }
                }
                DsLocation::Ecs(e) => {
                    let ecs = &v.ecs_instances[e];
                    if ds.account.is_none() {
                        ds.account = ecs.account.clone();
                    }
                    if !ecs.private_ips.contains(&ds.ip) {
                        let ips: Vec<String> =
                            ecs.private_ips.iter().map(|ip| ip.to_string()).collect();
                        let message = format!(
                            "address {} is not a private address of ECS instance `{}` ({})",
                            ds.ip,
                            ecs.id,
                            ips.join(", ")
                        );
                        self.err(
                            Kind::DataSource,
                            d,
                            "/ip",
                            message,
                            Some("use one of the instance's `private_ips`".into()),
                        );
                    }
                    for sg in &ecs.security_groups {
                        if !ds.security_groups.contains(sg) {
                            ds.security_groups.push(*sg);
                        }
                    }
                }
                DsLocation::DataCenter(dc) => {
                    let center = &v.data_centers[dc];
                    if ds.account.is_none() {
                        ds.account = center.account.clone();
                    }
                    let inside = match ds.ip {
                        IpAddr::V4(address) => center.cidrs.iter().any(|c| c.contains(&address)),
                        IpAddr::V6(_) => true,
                    };
                    if !inside {
                        let cidrs: Vec<String> =
                            center.cidrs.iter().map(|c| c.to_string()).collect();
                        let message = format!(
                            "address {} is outside data center `{}` ({})",
                            ds.ip,
                            center.id,
                            cidrs.join(", ")
                        );
                        self.err(
                            Kind::DataSource,
                            d,
                            "/ip",
                            message,
                            Some("a data source in a data center must have an address in its `cidrs`".into()),
                        );
                    }
                }
                DsLocation::Internet => {
                    if let IpAddr::V4(address) = ds.ip {
                        if !super::is_public(address) {
                            let message = format!(
                                "address {address} of an internet data source is not public"
                            );
                            self.err(
                                Kind::DataSource,
                                d,
                                "/ip",
                                message,
                                Some("an `internet` data source needs a public address".into()),
                            );
                        }
                    }
                }
                DsLocation::Classic => {}
            }
            ds.security_groups
                .sort_by(|a, b| v.security_groups[*a].id.cmp(&v.security_groups[*b].id));
            ds.security_groups.dedup();
        }
    }
}

/// Pairs each `peer` attachment with the attachment of the remote router that
/// names this router (the first by id, when several do).
pub(super) fn link_counterparts(v: &mut ValidInventory) {
    let mut by_pair: BTreeMap<(TransitRouterIx, TransitRouterIx), Vec<AttachmentIx>> =
        BTreeMap::new();
    for (a, att) in v.tr_attachments.iter().enumerate() {
        if let AttachmentKind::Peer { remote, .. } = att.kind {
            by_pair
                .entry((att.tr, remote))
                .or_default()
                .push(AttachmentIx::at(a));
        }
    }
    for list in by_pair.values_mut() {
        list.sort_by(|a, b| v.tr_attachments[*a].id.cmp(&v.tr_attachments[*b].id));
    }
    for a in v.tr_attachments.indices() {
        if let AttachmentKind::Peer { remote, .. } = v.tr_attachments[a].kind {
            let local = v.tr_attachments[a].tr;
            let counterpart = by_pair
                .get(&(remote, local))
                .and_then(|list| list.first().copied());
            v.tr_attachments[a].counterpart = counterpart;
        }
    }
}

/// An id for an implied resource that no written id uses.
pub(super) fn implied_id(ids: &HashMap<String, (Kind, usize)>, wanted: &str) -> String {
    if !ids.contains_key(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}#{n}"))
        .find(|candidate| !ids.contains_key(candidate))
        .unwrap_or_else(|| wanted.to_string())
}
