//! The RFC 6902 side of a [`Change`]: where each element of the merged
//! inventory document is ([`DocIndex`]), and the operations that make a
//! change there. Every operation on an element is preceded by a `test` of
//! its `id`, so a patch applied to another document fails instead of
//! changing the wrong element.

use std::collections::HashMap;

use ipnet::Ipv4Net;
use serde_json::{json, Value};

use super::Change;
use crate::model::{Inventory, NextHopType};

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

/// `add` of `value` at `path`.
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

/// A next-hop type as the inventory document writes it.
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

/// The route list of a binding gains `destination` (the list is created
/// when the binding has none).
fn group_route_ops(
    inventory: &Inventory,
    index: &DocIndex,
    group: &str,
    vpc: &str,
    vswitch: &str,
    destination: &Ipv4Net,
) -> Option<Vec<Value>> {
    let at = |list: ListName, id: &str| index.find(list, id);
    let i = at("resource_groups", group)?;
    let rg = inventory.resource_groups.get(i)?;
    let j = rg
        .networks
        .iter()
        .position(|b| b.vpc == vpc && b.vswitch == vswitch)?;
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
    Some(ops)
}

/// Accept rules for `sources` on `group`, after removing the rule `revoke`
/// names (tested first, so that another document's rule is never removed).
fn security_group_ops(
    inventory: &Inventory,
    index: &DocIndex,
    change: &Change,
) -> Option<Vec<Value>> {
    let Change::SecurityGroupRule {
        group,
        protocol,
        port,
        sources,
        priority,
        revoke,
    } = change
    else {
        return None;
    };
    let at = |list: ListName, id: &str| index.find(list, id);
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
    Some(ops)
}

/// The bandwidth between two regions of a CEN: the existing entry's
/// figure replaced, else an entry added (the list created when absent).
fn cen_bandwidth_ops(
    inventory: &Inventory,
    index: &DocIndex,
    cen: &str,
    regions: &(String, String),
    mbps: &u64,
) -> Option<Vec<Value>> {
    let at = |list: ListName, id: &str| index.find(list, id);
    let i = at("cens", cen)?;
    let written = inventory.cens.get(i)?;
    let existing = written.bandwidth.as_ref().and_then(|list| {
        list.iter().position(|b| {
            b.regions.len() == 2 && b.regions.contains(&regions.0) && b.regions.contains(&regions.1)
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
    Some(ops)
}

/// The blackhole route for `destination` made to lead to `attachment`
/// (its next hop tested to be a blackhole first).
fn tr_route_replace_ops(
    inventory: &Inventory,
    index: &DocIndex,
    change: &Change,
) -> Option<Vec<Value>> {
    let Change::TrRouteReplace {
        table,
        destination,
        attachment,
    } = change
    else {
        return None;
    };
    let at = |list: ListName, id: &str| index.find(list, id);
    let i = at("tr_route_tables", table)?;
    let written = inventory.tr_route_tables.get(i)?;
    let j = written.routes.iter().position(|r| {
        r.destination.parse::<Ipv4Net>().ok() == Some(*destination)
            && r.next_hop.kind == crate::model::TrNextHopType::Blackhole
    })?;
    Some(vec![
        guard("tr_route_tables", i, table),
        json!({"op": "test", "path": format!("/tr_route_tables/{i}/routes/{j}/next_hop/type"), "value": "blackhole"}),
        json!({"op": "replace", "path": format!("/tr_route_tables/{i}/routes/{j}/next_hop"),
            "value": {"type": "attachment", "id": attachment}}),
    ])
}

/// A SNAT entry for a vSwitch or a CIDR, translating to `snat_ip`.
fn snat_entry_ops(index: &DocIndex, change: &Change) -> Option<Vec<Value>> {
    let Change::SnatEntry {
        nat,
        source_vswitch,
        source_cidr,
        snat_ip,
    } = change
    else {
        return None;
    };
    let at = |list: ListName, id: &str| index.find(list, id);
    let i = at("nat_gateways", nat)?;
    let mut entry = serde_json::Map::new();
    if let Some(vsw) = source_vswitch {
        entry.insert("source_vswitch".into(), json!(vsw));
    }
    if let Some(cidr) = source_cidr {
        entry.insert("source_cidr".into(), json!(cidr.to_string()));
    }
    entry.insert("snat_ips".into(), json!([snat_ip.to_string()]));
    Some(vec![
        guard("nat_gateways", i, nat),
        add(
            format!("/nat_gateways/{i}/snat_entries/-"),
            Value::Object(entry),
        ),
    ])
}

/// The addresses of a SNAT entry replaced (its id tested first).
fn snat_ips_ops(inventory: &Inventory, index: &DocIndex, change: &Change) -> Option<Vec<Value>> {
    let Change::SnatIps { nat, entry, ips } = change else {
        return None;
    };
    let at = |list: ListName, id: &str| index.find(list, id);
    let i = at("nat_gateways", nat)?;
    let j = inventory
        .nat_gateways
        .get(i)?
        .snat_entries
        .iter()
        .position(|e| e.id.as_deref() == Some(entry.as_str()))?;
    let ips: Vec<String> = ips.iter().map(ToString::to_string).collect();
    Some(vec![
        guard("nat_gateways", i, nat),
        json!({"op": "test", "path": format!("/nat_gateways/{i}/snat_entries/{j}/id"), "value": entry}),
        json!({"op": "replace", "path": format!("/nat_gateways/{i}/snat_entries/{j}/snat_ips"), "value": ips}),
    ])
}

/// The RFC 6902 operations of one change on the merged inventory document;
/// `None` when an element it names is not there.
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
        } => group_route_ops(inventory, index, group, vpc, vswitch, destination)?,
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
        Change::TrRouteReplace { .. } => tr_route_replace_ops(inventory, index, change)?,
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
        Change::SecurityGroupRule { .. } => security_group_ops(inventory, index, change)?,
        Change::SnatEntry { .. } => snat_entry_ops(index, change)?,
        Change::SnatIps { .. } => snat_ips_ops(inventory, index, change)?,
        Change::CenBandwidth { cen, regions, mbps } => {
            cen_bandwidth_ops(inventory, index, cen, regions, mbps)?
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
