//! The closing pass of an import: no reference to something that is not there.
//!
//! An export is rarely the whole world: the other VPC of a cross-account
//! peering, the NAT gateway a route points at when DescribeNatGateways was not
//! exported, the VBR of an attachment in another account. The native loader
//! rejects a dangling reference (and a reference to the wrong kind, or a next
//! hop in another VPC), so this pass removes each such item, or the part of it
//! that refers out (one ECMP next hop, one vSwitch of an attachment), and
//! reports it with its file and the reason. Removing one item can strand
//! another (a peering, then the routes through it), so the pass repeats until
//! nothing changes.

mod transit;

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use ipnet::IpNet;

use super::coverage::Item;
use crate::model::*;

/// Where items came from, for the reports.
pub struct Provenance<'a> {
    /// The file of each resource, by id.
    pub resources: &'a BTreeMap<String, String>,
    /// The file of each VPC route, by `table destination origin`.
    pub routes: &'a std::collections::HashMap<String, String>,
}

/// Removes every item that refers to something not in `inv`, reporting each.
pub fn integrity(inv: &mut Inventory, from: &Provenance<'_>, skipped: &mut Vec<Item>) {
    let mut pass = Pass {
        from,
        skipped,
        changed: false,
    };
    loop {
        pass.changed = false;
        pass.run(inv);
        if !pass.changed {
            break;
        }
    }
}

struct Pass<'a, 'b> {
    from: &'a Provenance<'a>,
    skipped: &'b mut Vec<Item>,
    changed: bool,
}

/// What the inventory holds, by id, for the checks of one round.
struct Index {
    vpcs: BTreeSet<String>,
    vswitch_vpc: BTreeMap<String, String>,
    vswitch_cidr: BTreeMap<String, String>,
    tables: BTreeMap<String, (String, RouteTableKind)>,
    peerings: BTreeMap<String, (String, String)>,
    cens: BTreeSet<String>,
    transit_routers: BTreeSet<String>,
    attachments: BTreeMap<String, (String, TrAttachmentType, String)>,
    nats: BTreeMap<String, String>,
    eips: BTreeMap<String, (String, Option<String>)>,
    vpn_gateways: BTreeMap<String, String>,
    customer_gateways: BTreeSet<String>,
    vpn_connections: BTreeMap<String, bool>,
    vbrs: BTreeSet<String>,
    physical_connections: BTreeSet<String>,
    ecs_vpc: BTreeMap<String, String>,
    security_groups: BTreeMap<String, String>,
}

impl Index {
    fn of(inv: &Inventory) -> Index {
        let vswitch_vpc: BTreeMap<String, String> = inv
            .vswitches
            .iter()
            .map(|v| (v.id.clone(), v.vpc.clone()))
            .collect();
        Index {
            vpcs: inv.vpcs.iter().map(|v| v.id.clone()).collect(),
            vswitch_cidr: inv
                .vswitches
                .iter()
                .map(|v| (v.id.clone(), v.cidr.clone()))
                .collect(),
            tables: inv
                .route_tables
                .iter()
                .map(|t| (t.id.clone(), (t.vpc.clone(), t.kind)))
                .collect(),
            peerings: inv
                .peering_connections
                .iter()
                .map(|p| (p.id.clone(), (p.vpc.clone(), p.peer_vpc.clone())))
                .collect(),
            cens: inv.cens.iter().map(|c| c.id.clone()).collect(),
            transit_routers: inv.transit_routers.iter().map(|t| t.id.clone()).collect(),
            attachments: inv
                .tr_attachments
                .iter()
                .map(|a| {
                    (
                        a.id.clone(),
                        (a.transit_router.clone(), a.kind, a.resource.clone()),
                    )
                })
                .collect(),
            nats: inv
                .nat_gateways
                .iter()
                .map(|n| (n.id.clone(), n.vpc.clone()))
                .collect(),
            eips: inv
                .eips
                .iter()
                .map(|e| (e.id.clone(), (e.ip.clone(), e.bound_to.clone())))
                .collect(),
            vpn_gateways: inv
                .vpn_gateways
                .iter()
                .map(|g| (g.id.clone(), g.vpc.clone()))
                .collect(),
            customer_gateways: inv.customer_gateways.iter().map(|c| c.id.clone()).collect(),
            vpn_connections: inv
                .vpn_connections
                .iter()
                .map(|c| (c.id.clone(), c.transit_router.is_some()))
                .collect(),
            vbrs: inv.vbrs.iter().map(|v| v.id.clone()).collect(),
            physical_connections: inv
                .physical_connections
                .iter()
                .map(|p| p.id.clone())
                .collect(),
            ecs_vpc: inv
                .ecs_instances
                .iter()
                .filter_map(|e| {
                    vswitch_vpc
                        .get(&e.vswitch)
                        .map(|vpc| (e.id.clone(), vpc.clone()))
                })
                .collect(),
            security_groups: inv
                .security_groups
                .iter()
                .map(|s| (s.id.clone(), s.vpc.clone()))
                .collect(),
            vswitch_vpc,
        }
    }
}

fn missing(what: &str, id: &str) -> String {
    format!("refers to {what} `{id}`, which is not imported")
}

impl Pass<'_, '_> {
    fn report(&mut self, kind: &str, id: &str, file_of: &str, reason: String) {
        let file = self
            .from
            .resources
            .get(file_of)
            .cloned()
            .unwrap_or_default();
        self.skipped.push(Item {
            file,
            kind: kind.to_string(),
            id: id.to_string(),
            reason,
        });
        self.changed = true;
    }

    fn run(&mut self, inv: &mut Inventory) {
        let ix = Index::of(inv);
        self.vswitches(inv, &ix);
        self.route_tables(inv, &ix);
        self.peerings(inv, &ix);
        self.transit(inv, &ix);
        self.nats(inv, &ix);
        self.eips(inv, &ix);
        self.vpn(inv, &ix);
        self.hosts(inv, &ix);
        self.groups_and_sources(inv, &ix);
    }

    fn vswitches(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for mut vsw in std::mem::take(&mut inv.vswitches) {
            if !ix.vpcs.contains(&vsw.vpc) {
                let reason = missing("VPC", &vsw.vpc);
                self.report("vswitch", &vsw.id.clone(), &vsw.id, reason);
                continue;
            }
            if let Some(table) = vsw.route_table.clone() {
                let ok = ix
                    .tables
                    .get(&table)
                    .is_some_and(|(vpc, kind)| *vpc == vsw.vpc && *kind == RouteTableKind::Custom);
                if !ok {
                    let reason = format!(
                        "custom route table `{table}` is not imported; the vSwitch is written without it (on its VPC's system table)"
                    );
                    self.report("vswitch_route_table", &vsw.id.clone(), &vsw.id, reason);
                    vsw.route_table = None;
                }
            }
            kept.push(vsw);
        }
        inv.vswitches = kept;
    }

    fn route_tables(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for mut table in std::mem::take(&mut inv.route_tables) {
            if !ix.vpcs.contains(&table.vpc) {
                let reason = missing("VPC", &table.vpc);
                self.report("route_table", &table.id.clone(), &table.id, reason);
                continue;
            }
            let mut routes = Vec::new();
            for mut route in std::mem::take(&mut table.routes) {
                let problems: Vec<(usize, String)> = match (&route.next_hop, &route.next_hops) {
                    (Some(hop), _) => std::slice::from_ref(hop),
                    (None, Some(list)) => list.as_slice(),
                    (None, None) => &[],
                }
                .iter()
                .enumerate()
                .filter_map(|(at, hop)| hop_problem(hop, &table.vpc, ix).map(|reason| (at, reason)))
                .collect();
                let settled = match (&route.next_hop, &route.next_hops) {
                    (Some(_), None) => true,
                    (None, Some(list)) => list.len() > 1,
                    _ => false,
                };
                if problems.is_empty() && settled {
                    // the common case: every hop is there and written as the
                    // code below would write it; nothing to report
                    routes.push(route);
                    continue;
                }
                let handle = format!("{} {}", table.id, route.destination);
                let origin = route.origin.unwrap_or(RouteOrigin::Custom);
                let key = format!("{} {} {origin:?}", table.id, route.destination);
                let file = self.from.routes.get(&key).cloned().unwrap_or_else(|| {
                    self.from
                        .resources
                        .get(&table.id)
                        .cloned()
                        .unwrap_or_default()
                });
                let hops: Vec<NextHop> = match (route.next_hop.take(), route.next_hops.take()) {
                    (Some(hop), _) => vec![hop],
                    (None, Some(list)) => list,
                    (None, None) => Vec::new(),
                };
                let mut good = Vec::new();
                for (at, hop) in hops.into_iter().enumerate() {
                    match problems.iter().find(|(bad, _)| *bad == at) {
                        None => good.push(hop),
                        Some((_, reason)) => {
                            self.skipped.push(Item {
                                file: file.clone(),
                                kind: "route".into(),
                                id: format!("{handle} via {}", hop.id),
                                reason: reason.clone(),
                            });
                            self.changed = true;
                        }
                    }
                }
                match good.len() {
                    0 => continue,
                    1 => {
                        route.next_hop = good.pop();
                        route.next_hops = None;
                    }
                    _ => {
                        route.next_hop = None;
                        route.next_hops = Some(good);
                    }
                }
                routes.push(route);
            }
            table.routes = routes;
            kept.push(table);
        }
        inv.route_tables = kept;
    }

    fn peerings(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for peering in std::mem::take(&mut inv.peering_connections) {
            let absent = [&peering.vpc, &peering.peer_vpc]
                .into_iter()
                .find(|vpc| !ix.vpcs.contains(*vpc))
                .cloned();
            if let Some(vpc) = absent {
                let reason = format!(
                    "{} (another account or region that was not exported?)",
                    missing("VPC", &vpc)
                );
                self.report(
                    "peering_connection",
                    &peering.id.clone(),
                    &peering.id,
                    reason,
                );
                continue;
            }
            if peering.vpc == peering.peer_vpc {
                self.report(
                    "peering_connection",
                    &peering.id.clone(),
                    &peering.id,
                    "joins a VPC to itself".into(),
                );
                continue;
            }
            kept.push(peering);
        }
        inv.peering_connections = kept;
    }

    fn nats(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for mut nat in std::mem::take(&mut inv.nat_gateways) {
            if !ix.vpcs.contains(&nat.vpc) {
                let reason = missing("VPC", &nat.vpc);
                self.report("nat_gateway", &nat.id.clone(), &nat.id, reason);
                continue;
            }
            if ix.vswitch_vpc.get(&nat.vswitch) != Some(&nat.vpc) {
                let reason = format!(
                    "vSwitch `{}` is not imported in VPC `{}`",
                    nat.vswitch, nat.vpc
                );
                self.report("nat_gateway", &nat.id.clone(), &nat.id, reason);
                continue;
            }
            if let Some(list) = nat.eips.take() {
                let mut good = Vec::new();
                for eip in list {
                    match ix.eips.get(&eip) {
                        None => {
                            let reason = missing("EIP", &eip);
                            self.report("nat_eip", &format!("{} {eip}", nat.id), &nat.id, reason);
                        }
                        Some((_, Some(bound))) if *bound != nat.id => {
                            let reason = format!("EIP `{eip}` is bound to `{bound}`");
                            self.report("nat_eip", &format!("{} {eip}", nat.id), &nat.id, reason);
                        }
                        Some(_) => good.push(eip),
                    }
                }
                nat.eips = (!good.is_empty()).then_some(good);
            }
            let allowed: BTreeSet<String> = match nat.kind {
                NatGatewayType::Internet => ix
                    .eips
                    .iter()
                    .filter(|(id, (_, bound))| {
                        bound.as_deref() == Some(nat.id.as_str())
                            || nat.eips.as_ref().is_some_and(|list| list.contains(id))
                    })
                    .map(|(_, (ip, _))| ip.clone())
                    .collect(),
                NatGatewayType::Vpc => nat
                    .nat_ips
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
            };
            let mut entries = Vec::new();
            for entry in std::mem::take(&mut nat.snat_entries) {
                let handle = entry.id.clone().unwrap_or_else(|| nat.id.clone());
                if let Some(vsw) = &entry.source_vswitch {
                    if ix.vswitch_vpc.get(vsw) != Some(&nat.vpc) {
                        let reason = format!(
                            "source vSwitch `{vsw}` is not imported in VPC `{}`",
                            nat.vpc
                        );
                        self.report("snat_entry", &handle, &nat.id, reason);
                        continue;
                    }
                }
                let foreign: Vec<&String> = entry
                    .snat_ips
                    .iter()
                    .filter(|ip| !allowed.contains(*ip))
                    .collect();
                if let Some(ip) = foreign.first() {
                    let what = match nat.kind {
                        NatGatewayType::Internet => "the address of no imported EIP of the gateway",
                        NatGatewayType::Vpc => "not a NAT IP of the gateway",
                    };
                    let reason = format!("SNAT address {ip} is {what}");
                    self.report("snat_entry", &handle, &nat.id, reason);
                    continue;
                }
                entries.push(entry);
            }
            nat.snat_entries = entries;
            kept.push(nat);
        }
        inv.nat_gateways = kept;
    }

    fn eips(&mut self, inv: &mut Inventory, ix: &Index) {
        for eip in &mut inv.eips {
            if let Some(bound) = eip.bound_to.clone() {
                if !ix.nats.contains_key(&bound) && !ix.ecs_vpc.contains_key(&bound) {
                    let reason = format!(
                        "bound to `{bound}`, which is not imported (no NAT gateway or ECS instance of that id); written unbound"
                    );
                    let id = eip.id.clone();
                    self.report("eip_binding", &format!("{id} {bound}"), &id, reason);
                    eip.bound_to = None;
                }
            }
        }
    }

    fn vpn(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for gateway in std::mem::take(&mut inv.vpn_gateways) {
            if !ix.vpcs.contains(&gateway.vpc) {
                let reason = missing("VPC", &gateway.vpc);
                self.report("vpn_gateway", &gateway.id.clone(), &gateway.id, reason);
                continue;
            }
            kept.push(gateway);
        }
        inv.vpn_gateways = kept;
        let mut kept = Vec::new();
        for connection in std::mem::take(&mut inv.vpn_connections) {
            let problem = if let Some(gateway) = &connection.vpn_gateway {
                (!ix.vpn_gateways.contains_key(gateway)).then(|| missing("VPN gateway", gateway))
            } else if let Some(tr) = &connection.transit_router {
                (!ix.transit_routers.contains(tr)).then(|| missing("transit router", tr))
            } else {
                Some("attached to nothing".into())
            }
            .or_else(|| {
                (!ix.customer_gateways.contains(&connection.customer_gateway))
                    .then(|| missing("customer gateway", &connection.customer_gateway))
            });
            if let Some(reason) = problem {
                self.report(
                    "vpn_connection",
                    &connection.id.clone(),
                    &connection.id,
                    reason,
                );
                continue;
            }
            kept.push(connection);
        }
        inv.vpn_connections = kept;
        let mut kept = Vec::new();
        for vbr in std::mem::take(&mut inv.vbrs) {
            if !ix.physical_connections.contains(&vbr.physical_connection) {
                let reason = missing("physical connection", &vbr.physical_connection);
                self.report("vbr", &vbr.id.clone(), &vbr.id, reason);
                continue;
            }
            kept.push(vbr);
        }
        inv.vbrs = kept;
    }

    fn hosts(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for mut ecs in std::mem::take(&mut inv.ecs_instances) {
            let Some(vpc) = ix.vswitch_vpc.get(&ecs.vswitch).cloned() else {
                let reason = missing("vSwitch", &ecs.vswitch);
                self.report("ecs_instance", &ecs.id.clone(), &ecs.id, reason);
                continue;
            };
            let mut good = Vec::new();
            for sg in std::mem::take(&mut ecs.security_groups) {
                match ix.security_groups.get(&sg) {
                    Some(sg_vpc) if *sg_vpc == vpc => good.push(sg),
                    Some(sg_vpc) => {
                        let reason =
                            format!("security group `{sg}` is in VPC `{sg_vpc}`, not in `{vpc}`");
                        self.report(
                            "ecs_security_group",
                            &format!("{} {sg}", ecs.id),
                            &ecs.id,
                            reason,
                        );
                    }
                    None => {
                        let reason = missing("security group", &sg);
                        self.report(
                            "ecs_security_group",
                            &format!("{} {sg}", ecs.id),
                            &ecs.id,
                            reason,
                        );
                    }
                }
            }
            ecs.security_groups = good;
            kept.push(ecs);
        }
        inv.ecs_instances = kept;
        let mut kept = Vec::new();
        for sg in std::mem::take(&mut inv.security_groups) {
            if !ix.vpcs.contains(&sg.vpc) {
                let reason = missing("VPC", &sg.vpc);
                self.report("security_group", &sg.id.clone(), &sg.id, reason);
                continue;
            }
            kept.push(sg);
        }
        inv.security_groups = kept;
    }

    fn groups_and_sources(&mut self, inv: &mut Inventory, ix: &Index) {
        for rg in &mut inv.resource_groups {
            let mut good = Vec::new();
            for binding in std::mem::take(&mut rg.networks) {
                let problem = if !ix.vpcs.contains(&binding.vpc) {
                    Some(missing("VPC", &binding.vpc))
                } else {
                    match ix.vswitch_vpc.get(&binding.vswitch) {
                        None => Some(missing("vSwitch", &binding.vswitch)),
                        Some(vpc) if *vpc != binding.vpc => Some(format!(
                            "vSwitch `{}` is in VPC `{vpc}`, not in `{}`",
                            binding.vswitch, binding.vpc
                        )),
                        Some(_) => None,
                    }
                };
                match problem {
                    Some(reason) => {
                        let handle = format!("{} {} {}", rg.id, binding.vpc, binding.vswitch);
                        let id = rg.id.clone();
                        self.report("network", &handle, &id, reason);
                    }
                    None => good.push(binding),
                }
            }
            rg.networks = good;
        }
        let mut kept = Vec::new();
        for mut ds in std::mem::take(&mut inv.data_sources) {
            if let Some(vpc) = ds.location.vpc.clone() {
                if !ix.vpcs.contains(&vpc) {
                    let reason = missing("VPC", &vpc);
                    self.report("data_source", &ds.id.clone(), &ds.id, reason);
                    continue;
                }
                let inside = ds.ip.parse::<IpAddr>().ok().is_some_and(|address| {
                    ix.vswitch_vpc
                        .iter()
                        .filter(|(_, v)| **v == vpc)
                        .filter_map(|(vsw, _)| ix.vswitch_cidr.get(vsw))
                        .filter_map(|cidr| net(cidr))
                        .any(|net| net.contains(&address))
                });
                if !inside {
                    let reason =
                        format!("address {} is in no imported vSwitch of VPC `{vpc}`", ds.ip);
                    self.report("data_source", &ds.id.clone(), &ds.id, reason);
                    continue;
                }
            }
            if let Some(list) = ds.security_groups.take() {
                let mut good = Vec::new();
                for sg in list {
                    if ix.security_groups.contains_key(&sg) {
                        good.push(sg);
                    } else {
                        let reason = missing("security group", &sg);
                        self.report(
                            "data_source_security_group",
                            &format!("{} {sg}", ds.id),
                            &ds.id,
                            reason,
                        );
                    }
                }
                ds.security_groups = (!good.is_empty()).then_some(good);
            }
            kept.push(ds);
        }
        inv.data_sources = kept;
    }
}

fn net(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// Why a VPC route's next hop cannot be written, if it cannot.
fn hop_problem(hop: &NextHop, vpc: &str, ix: &Index) -> Option<String> {
    let in_vpc = |found: Option<&String>, what: &str| match found {
        None => Some(missing(what, &hop.id)),
        Some(other) if other != vpc => Some(format!(
            "{what} `{}` is in VPC `{other}`, not in `{vpc}`",
            hop.id
        )),
        Some(_) => None,
    };
    match hop.kind {
        NextHopType::NatGateway => in_vpc(ix.nats.get(&hop.id), "NAT gateway"),
        NextHopType::VpnGateway => in_vpc(ix.vpn_gateways.get(&hop.id), "VPN gateway"),
        NextHopType::Instance => in_vpc(ix.ecs_vpc.get(&hop.id), "ECS instance"),
        NextHopType::VpcPeer => match ix.peerings.get(&hop.id) {
            None => Some(missing("peering connection", &hop.id)),
            Some((a, b)) if a != vpc && b != vpc => {
                Some(format!("peering `{}` does not connect VPC `{vpc}`", hop.id))
            }
            Some(_) => None,
        },
        NextHopType::TrAttachment => match ix.attachments.get(&hop.id) {
            None => Some(missing("transit-router attachment", &hop.id)),
            Some((_, TrAttachmentType::Vpc, resource)) if resource == vpc => None,
            Some(_) => Some(format!(
                "`{}` is not a transit-router attachment of VPC `{vpc}`",
                hop.id
            )),
        },
        NextHopType::Vbr => (!ix.vbrs.contains(&hop.id)).then(|| missing("VBR", &hop.id)),
        NextHopType::NetworkInterface | NextHopType::Havip | NextHopType::Ipv4Gateway => None,
    }
}
