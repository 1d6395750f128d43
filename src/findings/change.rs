//! Changes: what a fix does to the inventory (docs: semantics S10).
//!
//! A [`Change`] names resources by id, never by index, so that the same change
//! found by many pairs is one value (it is deduplicated and proved once). Each
//! change can say itself three ways: an `action` sentence in the words of the
//! Alibaba Cloud console, the `api` that makes it, and the RFC 6902 operations
//! that make it in the merged inventory document ([`Change::patch`]). The
//! operations address list elements by index, each preceded by a `test` of the
//! element's `id`, so a patch applied to another document fails instead of
//! changing the wrong element.
//!
//! A finding's [`Remedy`] is either the changes that may remove it, most
//! preferred first (the prover in `reach::prove` keeps the first that proves
//! itself), or the decision a person must take.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::{json, Value};

use crate::model::{Inventory, NextHopType};

/// One change to the inventory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Bind the resource group to a vSwitch (DataWorks network settings).
    Bind {
        group: String,
        vpc: String,
        vswitch: String,
    },
    /// Add a CIDR to the route list of a resource group's binding (DataWorks custom route).
    GroupRoute {
        group: String,
        vpc: String,
        vswitch: String,
        destination: Ipv4Net,
    },
    /// Add a custom route entry to a VPC route table. `implied`: the VPC's
    /// system table is not written in the inventory (the patch writes it).
    VpcRoute {
        table: String,
        vpc: String,
        implied: bool,
        destination: Ipv4Net,
        next_hop: NextHopType,
        via: String,
    },
    /// Add a static route to a transit-router route table.
    TrRoute {
        table: String,
        destination: Ipv4Net,
        attachment: String,
    },
    /// Point a blackhole route of a transit-router table at an attachment.
    TrRouteReplace {
        table: String,
        destination: Ipv4Net,
        attachment: String,
    },
    /// Propagate an attachment's routes into a transit-router route table.
    TrPropagation { table: String, attachment: String },
    /// Associate an attachment with a transit-router route table.
    TrAssociation { table: String, attachment: String },
    /// Add a route to a VBR's route table, toward the data center.
    VbrRoute {
        vbr: String,
        destination: Ipv4Net,
        physical_connection: String,
    },
    /// Add a route on the data center's own router (not an Alibaba Cloud API).
    /// `next_hop`: the VBR's Alibaba-side address where the inventory has it.
    DcRoute {
        data_center: String,
        destination: Ipv4Net,
        via: String,
        next_hop: Option<Ipv4Addr>,
        vbr: Option<String>,
    },
    /// Add entries to a data source's IP whitelist.
    Whitelist {
        data_source: String,
        kind: String,
        cidrs: Vec<Ipv4Net>,
    },
    /// Add an ingress accept rule to a security group, ahead of every matching
    /// drop rule; `revoke`: a priority-1 drop rule that must go for it to win.
    SecurityGroupRule {
        group: String,
        protocol: String,
        port: u32,
        sources: Vec<Ipv4Net>,
        priority: u32,
        revoke: Option<Revoke>,
    },
    /// Create a SNAT entry on a NAT gateway.
    SnatEntry {
        nat: String,
        source_vswitch: Option<String>,
        source_cidr: Option<Ipv4Net>,
        snat_ip: Ipv4Addr,
    },
    /// Change the addresses of a SNAT entry.
    SnatIps {
        nat: String,
        entry: String,
        ips: Vec<Ipv4Addr>,
    },
    /// Basic-edition CEN: a bandwidth package and an inter-region bandwidth.
    CenBandwidth {
        cen: String,
        regions: (String, String),
        mbps: u64,
    },
    /// Accept a VPC peering connection that waits for its accepter.
    AcceptPeering { peering: String },
    /// Add a CIDR to a VPN connection's remote (customer-side) CIDRs.
    VpnRemoteCidr { connection: String, cidr: Ipv4Net },
    /// Add a CIDR to a VPN connection's local (Alibaba-side) CIDRs.
    VpnLocalCidr { connection: String, cidr: Ipv4Net },
}

/// A security-group rule to remove, named by its fields.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Revoke {
    /// The group holding it.
    pub group: String,
    /// Its index in the group's `rules` (for the patch only; never shown).
    pub index: usize,
    /// The rule as the console shows it ("drop tcp 27017/27017 from 10.0.0.0/8, priority 1").
    pub text: String,
}

/// How a finding can be removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Remedy {
    /// Changes that may remove it, most preferred first; one is enough.
    Change(Vec<Change>),
    /// No change netreach can prove: what a person must decide, and why.
    Decide(String),
}

impl Remedy {
    /// A single candidate change.
    pub fn one(change: Change) -> Remedy {
        Remedy::Change(vec![change])
    }
}

/// The lists of the inventory document, by name.
pub type ListName = &'static str;

/// Where each element of the merged inventory is: (list, id) → index.
#[derive(Debug, Default, Clone)]
pub struct DocIndex {
    at: HashMap<(ListName, String), usize>,
}

impl DocIndex {
    /// Indexes the lists changes touch.
    pub fn new(inventory: &Inventory) -> DocIndex {
        let mut at = HashMap::new();
        macro_rules! index {
            ($list:ident) => {
                for (i, element) in inventory.$list.iter().enumerate() {
                    at.entry((stringify!($list), element.id.clone()))
                        .or_insert(i);
                }
            };
        }
        index!(route_tables);
        index!(tr_route_tables);
        index!(vbrs);
        index!(data_centers);
        index!(data_sources);
        index!(security_groups);
        index!(nat_gateways);
        index!(resource_groups);
        index!(cens);
        index!(peering_connections);
        index!(vpn_connections);
        DocIndex { at }
    }

    fn find(&self, list: ListName, id: &str) -> Option<usize> {
        self.at.get(&(list, id.to_string())).copied()
    }
}

/// `test` that `/list/index/id` is `id`, the guard before every operation on it.
fn guard(list: ListName, index: usize, id: &str) -> Value {
    json!({"op": "test", "path": format!("/{list}/{index}/id"), "value": id})
}

fn add(path: String, value: Value) -> Value {
    json!({"op": "add", "path": path, "value": value})
}

/// The guard of element `index` of `list`, then `value` appended to its `field`
/// list: the shape of most changes.
fn append(list: ListName, index: usize, id: &str, field: &str, value: Value) -> Vec<Value> {
    vec![
        guard(list, index, id),
        add(format!("/{list}/{index}/{field}/-"), value),
    ]
}

fn next_hop_name(kind: NextHopType) -> &'static str {
    match kind {
        NextHopType::NatGateway => "nat_gateway",
        NextHopType::VpcPeer => "vpc_peer",
        NextHopType::TrAttachment => "tr_attachment",
        NextHopType::VpnGateway => "vpn_gateway",
        NextHopType::Vbr => "vbr",
        NextHopType::Instance => "instance",
        NextHopType::NetworkInterface => "network_interface",
        NextHopType::Havip => "havip",
        NextHopType::Ipv4Gateway => "ipv4_gateway",
    }
}

fn next_hop_words(kind: NextHopType) -> &'static str {
    match kind {
        NextHopType::NatGateway => "NAT gateway",
        NextHopType::VpcPeer => "VPC peering connection",
        NextHopType::TrAttachment => "transit router",
        NextHopType::VpnGateway => "VPN gateway",
        NextHopType::Vbr => "router interface (VBR)",
        NextHopType::Instance => "ECS instance",
        NextHopType::NetworkInterface => "secondary ENI",
        NextHopType::Havip => "HaVip",
        NextHopType::Ipv4Gateway => "IPv4 gateway",
    }
}

fn list_text<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Change {
    /// The change in the words of the Alibaba Cloud console.
    pub fn action(&self) -> String {
        match self {
            Change::Bind {
                group,
                vpc,
                vswitch,
            } => format!(
                "DataWorks console > Resource Groups > {group} > Network Settings > Add Binding: VPC {vpc}, vSwitch {vswitch} (the data source's VPC)"
            ),
            Change::GroupRoute {
                group,
                vpc,
                vswitch,
                destination,
            } => format!(
                "DataWorks console > Resource Groups > {group} > Network Settings > binding {vpc}/{vswitch} > Add Route: destination {destination}"
            ),
            Change::VpcRoute {
                table,
                vpc,
                implied,
                destination,
                next_hop,
                via,
            } => {
                let name = if *implied {
                    format!("the system route table of {vpc}")
                } else {
                    table.clone()
                };
                format!(
                    "VPC console > Route Tables > {name} > Add Route Entry: destination {destination}, next hop {} {via}",
                    next_hop_words(*next_hop)
                )
            }
            Change::TrRoute {
                table,
                destination,
                attachment,
            } => format!(
                "CEN console > Transit Router > Route Table {table} > Add Route Entry: destination {destination}, next hop attachment {attachment}"
            ),
            Change::TrRouteReplace {
                table,
                destination,
                attachment,
            } => format!(
                "CEN console > Transit Router > Route Table {table} > route {destination}: delete the blackhole entry and add {destination} with next hop attachment {attachment}"
            ),
            Change::TrPropagation { table, attachment } => format!(
                "CEN console > Transit Router > Route Table {table} > Route Propagation > Create Propagation: attachment {attachment}"
            ),
            Change::TrAssociation { table, attachment } => format!(
                "CEN console > Transit Router > Route Table {table} > Associated Forwarding > Create Association: attachment {attachment}"
            ),
            Change::VbrRoute {
                vbr,
                destination,
                physical_connection,
            } => format!(
                "Express Connect console > Virtual Border Routers > {vbr} > Routes > Add Route: destination {destination}, next hop physical connection {physical_connection}"
            ),
            Change::DcRoute {
                data_center,
                destination,
                via,
                next_hop,
                vbr,
            } => match (next_hop, vbr) {
                (Some(address), Some(vbr)) => format!(
                    "on the router of data center {data_center}: add a route to {destination} via {address} (the Alibaba-side address of VBR {vbr}, over {via})"
                ),
                _ => format!(
                    "on the router of data center {data_center}: add a route to {destination} through connection {via}"
                ),
            },
            Change::Whitelist {
                data_source,
                cidrs,
                ..
            } => format!(
                "data source console > {data_source} > Whitelist Settings > Modify: add {}",
                list_text(cidrs)
            ),
            Change::SecurityGroupRule {
                group,
                protocol,
                port,
                sources,
                priority,
                revoke,
            } => {
                let add = format!(
                    "ECS console > Security Groups > {group} > Inbound > Add Rule: accept {protocol} {port}/{port} from {}, priority {priority}",
                    list_text(sources)
                );
                match revoke {
                    Some(r) => format!(
                        "ECS console > Security Groups > {} > Inbound > delete the rule \"{}\" (at priority 1 no accept rule can win over it); then {add}",
                        r.group, r.text
                    ),
                    None => add,
                }
            }
            Change::SnatEntry {
                nat,
                source_vswitch,
                source_cidr,
                snat_ip,
            } => {
                let source = match (source_vswitch, source_cidr) {
                    (Some(vsw), _) => format!("vSwitch {vsw}"),
                    (None, Some(cidr)) => format!("CIDR {cidr}"),
                    (None, None) => "the source".to_string(),
                };
                format!(
                    "NAT Gateway console > {nat} > SNAT Management > Create SNAT Entry: source {source}, public IP {snat_ip}"
                )
            }
            Change::SnatIps { nat, entry, ips } => format!(
                "NAT Gateway console > {nat} > SNAT Management > {entry} > Edit: public IP {}",
                list_text(ips)
            ),
            Change::CenBandwidth { cen, regions, mbps } => format!(
                "CEN console > {cen} > Bandwidth Packages > Purchase Bandwidth Package covering {a} and {b}; then Inter-region Connections > Set Bandwidth: {a} <-> {b}, {mbps} Mbps",
                a = regions.0,
                b = regions.1
            ),
            Change::AcceptPeering { peering } => format!(
                "VPC console (the accepter's account) > VPC Peering Connections > {peering} > Receive"
            ),
            Change::VpnRemoteCidr { connection, cidr } => format!(
                "VPN Gateway console > IPsec Connections > {connection} > Edit: add {cidr} to the peer (remote) CIDR blocks"
            ),
            Change::VpnLocalCidr { connection, cidr } => format!(
                "VPN Gateway console > IPsec Connections > {connection} > Edit: add {cidr} to the local CIDR blocks"
            ),
        }
    }

    /// The Alibaba Cloud API that makes the change; `None` where it is made
    /// outside Alibaba Cloud (an on-premises router).
    pub fn api(&self) -> Option<&'static str> {
        Some(match self {
            Change::Bind { .. } => "dataworks-public CreateNetwork",
            Change::GroupRoute { .. } => "dataworks-public CreateRoute",
            Change::VpcRoute { .. } => "CreateRouteEntry",
            Change::TrRoute { .. } => "CreateTransitRouterRouteEntry",
            Change::TrRouteReplace { .. } => {
                "DeleteTransitRouterRouteEntry, CreateTransitRouterRouteEntry"
            }
            Change::TrPropagation { .. } => "EnableTransitRouterRouteTablePropagation",
            Change::TrAssociation { .. } => "AssociateTransitRouterAttachmentWithRouteTable",
            Change::VbrRoute { .. } => "CreateRouteEntry",
            Change::DcRoute { .. } => return None,
            Change::Whitelist { kind, .. } => {
                if kind.to_ascii_lowercase().contains("polardb") {
                    "ModifyDBClusterAccessWhitelist"
                } else {
                    "ModifySecurityIps"
                }
            }
            Change::SecurityGroupRule { revoke: None, .. } => "AuthorizeSecurityGroup",
            Change::SecurityGroupRule { .. } => "RevokeSecurityGroup, AuthorizeSecurityGroup",
            Change::SnatEntry { .. } => "CreateSnatEntry",
            Change::SnatIps { .. } => "ModifySnatEntry",
            Change::CenBandwidth { .. } => {
                "CreateCenBandwidthPackage, AssociateCenBandwidthPackage, SetCenInterRegionBandwidthLimit"
            }
            Change::AcceptPeering { .. } => "AcceptVpcPeerConnection",
            Change::VpnRemoteCidr { .. } | Change::VpnLocalCidr { .. } => {
                "ModifyVpnConnectionAttribute"
            }
        })
    }

    /// The resource the change is made on (fixes are grouped by it).
    pub fn resource(&self) -> &str {
        match self {
            Change::Bind { group, .. } | Change::GroupRoute { group, .. } => group,
            Change::VpcRoute {
                table,
                vpc,
                implied,
                ..
            } => {
                if *implied {
                    vpc
                } else {
                    table
                }
            }
            Change::TrRoute { table, .. }
            | Change::TrRouteReplace { table, .. }
            | Change::TrPropagation { table, .. }
            | Change::TrAssociation { table, .. } => table,
            Change::VbrRoute { vbr, .. } => vbr,
            Change::DcRoute { data_center, .. } => data_center,
            Change::Whitelist { data_source, .. } => data_source,
            Change::SecurityGroupRule { group, .. } => group,
            Change::SnatEntry { nat, .. } | Change::SnatIps { nat, .. } => nat,
            Change::CenBandwidth { cen, .. } => cen,
            Change::AcceptPeering { peering } => peering,
            Change::VpnRemoteCidr { connection, .. } | Change::VpnLocalCidr { connection, .. } => {
                connection
            }
        }
    }

    /// The RFC 6902 operations that make the change in `inventory` (the
    /// merged document), or `None` when the element it changes is not written
    /// there (an implied resource this change cannot write).
    pub fn patch(&self, inventory: &Inventory, index: &DocIndex) -> Option<Vec<Value>> {
        patch_all(std::slice::from_ref(self), inventory, index)
    }
}

/// The operations of several changes together. Routes for the same implied
/// system table go into one new table; everything else is the concatenation.
pub fn patch_all(
    changes: &[Change],
    inventory: &Inventory,
    index: &DocIndex,
) -> Option<Vec<Value>> {
    let mut ops = Vec::new();
    let mut implied: Vec<(&str, &str, Vec<Value>)> = Vec::new();
    for change in changes {
        match change {
            Change::VpcRoute {
                table,
                vpc,
                implied: true,
                destination,
                next_hop,
                via,
            } => {
                let route = json!({"destination": destination.to_string(),
                    "next_hop": {"type": next_hop_name(*next_hop), "id": via}});
                match implied.iter_mut().find(|(t, _, _)| *t == table.as_str()) {
                    Some((_, _, routes)) => routes.push(route),
                    None => implied.push((table, vpc, vec![route])),
                }
            }
            other => ops.extend(patch_one(other, inventory, index)?),
        }
    }
    for (table, vpc, routes) in implied {
        ops.push(add(
            "/route_tables/-".to_string(),
            json!({"id": table, "vpc": vpc, "kind": "system", "routes": routes}),
        ));
    }
    Some(ops)
}

fn patch_one(change: &Change, inventory: &Inventory, index: &DocIndex) -> Option<Vec<Value>> {
    let at = |list: ListName, id: &str| index.find(list, id);
    Some(match change {
        Change::Bind {
            group,
            vpc,
            vswitch,
        } => {
            let i = at("resource_groups", group)?;
            append(
                "resource_groups",
                i,
                group,
                "networks",
                json!({"vpc": vpc, "vswitch": vswitch, "routes": []}),
            )
        }
        Change::GroupRoute {
            group,
            vpc,
            vswitch,
            destination,
        } => {
            let i = at("resource_groups", group)?;
            let rg = inventory.resource_groups.get(i)?;
            let j = rg
                .networks
                .iter()
                .position(|b| &b.vpc == vpc && &b.vswitch == vswitch)?;
            let binding = rg.networks.get(j)?;
            let mut ops = vec![guard("resource_groups", i, group)];
            if binding.routes.is_none() {
                ops.push(add(
                    format!("/resource_groups/{i}/networks/{j}/routes"),
                    json!([destination.to_string()]),
                ));
            } else {
                ops.push(add(
                    format!("/resource_groups/{i}/networks/{j}/routes/-"),
                    json!(destination.to_string()),
                ));
            }
            ops
        }
        Change::VpcRoute {
            table,
            destination,
            next_hop,
            via,
            ..
        } => {
            let i = at("route_tables", table)?;
            append(
                "route_tables",
                i,
                table,
                "routes",
                json!({"destination": destination.to_string(),
                        "next_hop": {"type": next_hop_name(*next_hop), "id": via}}),
            )
        }
        Change::TrRoute {
            table,
            destination,
            attachment,
        } => {
            let i = at("tr_route_tables", table)?;
            append(
                "tr_route_tables",
                i,
                table,
                "routes",
                json!({"destination": destination.to_string(),
                        "next_hop": {"type": "attachment", "id": attachment}}),
            )
        }
        Change::TrRouteReplace {
            table,
            destination,
            attachment,
        } => {
            let i = at("tr_route_tables", table)?;
            let written = inventory.tr_route_tables.get(i)?;
            let j = written.routes.iter().position(|r| {
                r.destination.parse::<Ipv4Net>().ok() == Some(*destination)
                    && r.next_hop.kind == crate::model::TrNextHopType::Blackhole
            })?;
            vec![
                guard("tr_route_tables", i, table),
                json!({"op": "test", "path": format!("/tr_route_tables/{i}/routes/{j}/next_hop/type"), "value": "blackhole"}),
                json!({"op": "replace", "path": format!("/tr_route_tables/{i}/routes/{j}/next_hop"),
                    "value": {"type": "attachment", "id": attachment}}),
            ]
        }
        Change::TrPropagation { table, attachment } => {
            let i = at("tr_route_tables", table)?;
            append(
                "tr_route_tables",
                i,
                table,
                "propagations",
                json!(attachment),
            )
        }
        Change::TrAssociation { table, attachment } => {
            let i = at("tr_route_tables", table)?;
            append(
                "tr_route_tables",
                i,
                table,
                "associations",
                json!(attachment),
            )
        }
        Change::VbrRoute {
            vbr,
            destination,
            physical_connection,
        } => {
            let i = at("vbrs", vbr)?;
            append(
                "vbrs",
                i,
                vbr,
                "routes",
                json!({"destination": destination.to_string(),
                        "next_hop": {"type": "physical_connection", "id": physical_connection}}),
            )
        }
        Change::DcRoute {
            data_center,
            destination,
            via,
            ..
        } => {
            let i = at("data_centers", data_center)?;
            append(
                "data_centers",
                i,
                data_center,
                "routes",
                json!({"destination": destination.to_string(), "via": via}),
            )
        }
        Change::Whitelist {
            data_source, cidrs, ..
        } => {
            let i = at("data_sources", data_source)?;
            let mut ops = vec![guard("data_sources", i, data_source)];
            for cidr in cidrs {
                ops.push(add(
                    format!("/data_sources/{i}/whitelist/-"),
                    json!(cidr.to_string()),
                ));
            }
            ops
        }
        Change::SecurityGroupRule {
            group,
            protocol,
            port,
            sources,
            priority,
            revoke,
        } => {
            let mut ops = Vec::new();
            if let Some(r) = revoke {
                let k = at("security_groups", &r.group)?;
                let rule = inventory
                    .security_groups
                    .get(k)?
                    .rules
                    .get(r.index)
                    .and_then(|rule| serde_json::to_value(rule).ok())?;
                ops.push(guard("security_groups", k, &r.group));
                ops.push(json!({"op": "test", "path": format!("/security_groups/{k}/rules/{}", r.index), "value": rule}));
                ops.push(
                    json!({"op": "remove", "path": format!("/security_groups/{k}/rules/{}", r.index)}),
                );
            }
            let i = at("security_groups", group)?;
            ops.push(guard("security_groups", i, group));
            for source in sources {
                ops.push(add(
                    format!("/security_groups/{i}/rules/-"),
                    json!({"direction": "ingress", "policy": "accept", "protocol": protocol,
                        "port_range": format!("{port}/{port}"), "source_cidr": source.to_string(),
                        "priority": priority}),
                ));
            }
            ops
        }
        Change::SnatEntry {
            nat,
            source_vswitch,
            source_cidr,
            snat_ip,
        } => {
            let i = at("nat_gateways", nat)?;
            let mut entry = serde_json::Map::new();
            if let Some(vsw) = source_vswitch {
                entry.insert("source_vswitch".into(), json!(vsw));
            }
            if let Some(cidr) = source_cidr {
                entry.insert("source_cidr".into(), json!(cidr.to_string()));
            }
            entry.insert("snat_ips".into(), json!([snat_ip.to_string()]));
            vec![
                guard("nat_gateways", i, nat),
                add(
                    format!("/nat_gateways/{i}/snat_entries/-"),
                    Value::Object(entry),
                ),
            ]
        }
        Change::SnatIps { nat, entry, ips } => {
            let i = at("nat_gateways", nat)?;
            let j = inventory
                .nat_gateways
                .get(i)?
                .snat_entries
                .iter()
                .position(|e| e.id.as_deref() == Some(entry.as_str()))?;
            let ips: Vec<String> = ips.iter().map(ToString::to_string).collect();
            vec![
                guard("nat_gateways", i, nat),
                json!({"op": "test", "path": format!("/nat_gateways/{i}/snat_entries/{j}/id"), "value": entry}),
                json!({"op": "replace", "path": format!("/nat_gateways/{i}/snat_entries/{j}/snat_ips"), "value": ips}),
            ]
        }
        Change::CenBandwidth { cen, regions, mbps } => {
            let i = at("cens", cen)?;
            let written = inventory.cens.get(i)?;
            let existing = written.bandwidth.as_ref().and_then(|list| {
                list.iter().position(|b| {
                    b.regions.len() == 2
                        && b.regions.contains(&regions.0)
                        && b.regions.contains(&regions.1)
                })
            });
            let mut ops = vec![guard("cens", i, cen)];
            match (existing, &written.bandwidth) {
                (Some(j), _) => ops.push(json!({"op": "replace",
                    "path": format!("/cens/{i}/bandwidth/{j}/mbps"), "value": mbps})),
                (None, Some(_)) => ops.push(add(
                    format!("/cens/{i}/bandwidth/-"),
                    json!({"regions": [regions.0, regions.1], "mbps": mbps}),
                )),
                (None, None) => ops.push(add(
                    format!("/cens/{i}/bandwidth"),
                    json!([{"regions": [regions.0, regions.1], "mbps": mbps}]),
                )),
            }
            ops
        }
        Change::AcceptPeering { peering } => {
            let i = at("peering_connections", peering)?;
            vec![
                guard("peering_connections", i, peering),
                json!({"op": "replace", "path": format!("/peering_connections/{i}/status"), "value": "activated"}),
            ]
        }
        Change::VpnRemoteCidr { connection, cidr } => {
            let i = at("vpn_connections", connection)?;
            append(
                "vpn_connections",
                i,
                connection,
                "remote_cidrs",
                json!(cidr.to_string()),
            )
        }
        Change::VpnLocalCidr { connection, cidr } => {
            let i = at("vpn_connections", connection)?;
            append(
                "vpn_connections",
                i,
                connection,
                "local_cidrs",
                json!(cidr.to_string()),
            )
        }
    })
}
