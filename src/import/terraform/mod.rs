//! `netreach import terraform`: Terraform state of the `alicloud` provider,
//! turned into one native [`Inventory`](crate::model::Inventory).
//!
//! Two shapes are read, recognized by content: a state file in format version 4
//! (`resources[].instances[].attributes`, with `index_key` for `count` and
//! `for_each` instances) and the output of `terraform show -json`
//! (`values.root_module.resources[].values`, and `child_modules` recursively).
//! Each managed resource of a type listed in section 10 of the domain notes is
//! read into a private raw struct of that type (`raw`) and turned into the same
//! Alibaba-vocabulary facts as the aliyun CLI importer, so both share one
//! builder ([`crate::import::aliyun::build`]). Data sources, other providers'
//! types and `alicloud_*` types the native model has no place for are reported
//! as skipped with their address. State carries no region for most resources:
//! `--region` gives it. The core does no I/O.

mod raw;

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diag::InputError;
use crate::import::aliyun::lenient::{split_list, List, Text};
use crate::import::build::coverage::FileCoverage;
use crate::import::build::facts::*;
use crate::import::build::{self, Builder};
use crate::import::build::{Imported, Options};
use crate::import::native::Source;
use crate::model::Tags;

/// One resource instance found in a state file.
#[derive(Debug, Clone)]
struct Instance {
    file: String,
    address: String,
    kind: String,
    managed: bool,
    attributes: Value,
}

/// Imports the state files; malformed JSON in any file is an input error.
pub fn import(sources: &[Source], options: &Options) -> Result<Imported, Vec<InputError>> {
    let mut builder = Builder::new("terraform", options.region.clone());
    let mut errors = Vec::new();
    let mut instances = Vec::new();
    build::each_file(sources, &mut errors, |name, value| {
        let (coverage, found) = read_state(name, value);
        builder.file(coverage);
        instances.extend(found);
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    feed(&mut builder, &instances);
    let (inventory, coverage) = builder.finish();
    Ok(Imported {
        inventory,
        coverage,
    })
}

/// Why a state of another format version is not read, and the way out.
fn old_state(version: u64) -> String {
    if version < 4 {
        format!(
            "Terraform state format version {version} (written by Terraform 0.11 or older); only version 4 (Terraform 0.12 and later) is read: run `terraform init` and `terraform apply -refresh-only` (or `terraform refresh`) with Terraform 0.12 or later, which rewrites the state as version 4, then import it or the output of `terraform show -json`"
        )
    } else {
        format!(
            "Terraform state format version {version}; only version 4 is read: export the state with `terraform show -json` and import that"
        )
    }
}

/// Recognizes one file and lists its resource instances.
fn read_state(file: &str, value: &Value) -> (FileCoverage, Vec<Instance>) {
    let unrecognized = |note: String| FileCoverage {
        file: file.to_string(),
        recognized_as: None,
        shape: None,
        page: None,
        items: 0,
        note: Some(note),
        line: None,
        column: None,
    };
    let Some(root) = value.as_object() else {
        return (
            unrecognized("the top level is not an object".into()),
            Vec::new(),
        );
    };
    let mut found = Vec::new();
    let shape = if let Some(resources) = root.get("resources").and_then(Value::as_array) {
        match root.get("version").and_then(Value::as_u64) {
            Some(4) => {}
            Some(other) => return (unrecognized(old_state(other)), Vec::new()),
            None => {
                return (
                    unrecognized("`resources` without a state `version`".into()),
                    Vec::new(),
                )
            }
        }
        for resource in resources {
            state_resource(file, resource, &mut found);
        }
        "state v4"
    } else if let Some(module) = root
        .get("values")
        .and_then(|v| v.get("root_module"))
        .and_then(Value::as_object)
    {
        show_module(file, module, &mut found);
        "show -json"
    } else {
        let old = root
            .get("version")
            .and_then(Value::as_u64)
            .filter(|v| *v < 4 && root.contains_key("modules"));
        let note = if let Some(version) = old {
            old_state(version)
        } else if root.contains_key("planned_values") {
            "a plan (`planned_values`), not a state; use `terraform show -json` on the state"
                .to_string()
        } else {
            let mut keys: Vec<&str> = root.keys().map(String::as_str).collect();
            keys.truncate(8);
            format!(
                "neither a state (version 4) nor `terraform show -json` output; top-level keys: {}",
                keys.join(", ")
            )
        };
        return (unrecognized(note), Vec::new());
    };
    let coverage = FileCoverage {
        file: file.to_string(),
        recognized_as: Some("terraform state".to_string()),
        shape: Some(shape.to_string()),
        page: None,
        items: found.len(),
        note: None,
        line: None,
        column: None,
    };
    (coverage, found)
}

/// The instances of one `resources[]` element of a v4 state.
fn state_resource(file: &str, resource: &Value, found: &mut Vec<Instance>) {
    let text = |key: &str| {
        resource
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (kind, name, module, mode) = (text("type"), text("name"), text("module"), text("mode"));
    let base = if module.is_empty() {
        format!("{kind}.{name}")
    } else {
        format!("{module}.{kind}.{name}")
    };
    let base = if mode == "data" {
        format!("data.{base}")
    } else {
        base
    };
    let instances = resource
        .get("instances")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for instance in instances {
        let address = match instance.get("index_key") {
            Some(Value::Number(n)) => format!("{base}[{n}]"),
            Some(Value::String(s)) => format!("{base}[\"{s}\"]"),
            _ => base.clone(),
        };
        found.push(Instance {
            file: file.to_string(),
            address,
            kind: kind.clone(),
            managed: mode != "data",
            attributes: instance.get("attributes").cloned().unwrap_or(Value::Null),
        });
    }
}

/// The resources of one module of `terraform show -json`, and of its children.
fn show_module(file: &str, module: &Map<String, Value>, found: &mut Vec<Instance>) {
    if let Some(resources) = module.get("resources").and_then(Value::as_array) {
        for resource in resources {
            let text = |key: &str| {
                resource
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            found.push(Instance {
                file: file.to_string(),
                address: text("address"),
                kind: text("type"),
                managed: text("mode") != "data",
                attributes: resource.get("values").cloned().unwrap_or(Value::Null),
            });
        }
    }
    if let Some(children) = module.get("child_modules").and_then(Value::as_array) {
        for child in children {
            if let Some(child) = child.as_object() {
                show_module(file, child, found);
            }
        }
    }
}

/// Reads an instance's attributes into the raw struct of its type.
fn attrs<T: DeserializeOwned + Default>(b: &mut Builder, instance: &Instance) -> Option<T> {
    match serde_json::from_value::<T>(instance.attributes.clone()) {
        Ok(value) => Some(value),
        Err(error) => {
            b.skip(
                &instance.file,
                &instance.kind,
                &instance.address,
                format!("unreadable attributes: {error}"),
            );
            None
        }
    }
}

fn tags(map: &raw::TagMap) -> Option<Tags> {
    let tags: Tags = map
        .as_ref()?
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().to_string()))
        .collect();
    (!tags.is_empty()).then_some(tags)
}

fn common(names: &[&Text], tag_map: &raw::TagMap) -> Common {
    Common {
        name: names.iter().find_map(|n| n.get()),
        tags: tags(tag_map),
        account: None,
    }
}

fn texts(list: &List<Text>) -> Vec<String> {
    list.iter().filter_map(Text::get).collect()
}

/// Types the native model has no place for, with the reason.
const NOT_MODELLED: &[(&str, &str)] = &[
    (
        "alicloud_vpc_gateway_route_table_attachment",
        "gateway route tables (inbound traffic through an IPv4 gateway) are not modelled",
    ),
    (
        "alicloud_cen_instance_grant",
        "a cross-account grant: the attachment it allows is what the inventory needs",
    ),
    (
        "alicloud_cen_route_entry",
        "publishing a VPC route to a basic-edition CEN is not modelled",
    ),
    ("alicloud_cen_route_map", "route maps are not modelled"),
    (
        "alicloud_cen_bandwidth_package",
        "bandwidth packages are not modelled: the inventory takes the bandwidth of each region pair",
    ),
    (
        "alicloud_cen_bandwidth_package_attachment",
        "bandwidth packages are not modelled: the inventory takes the bandwidth of each region pair",
    ),
    (
        "alicloud_vpc_nat_ip_cidr",
        "NAT IP CIDR blocks are not modelled: the inventory takes the NAT IPs themselves",
    ),
    (
        "alicloud_polardb_cluster",
        "the state holds no private address of the cluster: describe it as a data source in an overlay",
    ),
    (
        "alicloud_data_works_data_source",
        "the state does not say where the data source is: describe it in an overlay",
    ),
];

/// Feeds every instance to the builder, in two rounds: first what other
/// resources are joined with (peering ids, VPN routes published to the VPC),
/// then everything.
fn feed(b: &mut Builder, instances: &[Instance]) {
    let mut requested: BTreeSet<String> = BTreeSet::new();
    let mut published: BTreeSet<String> = BTreeSet::new();
    for instance in instances.iter().filter(|i| i.managed) {
        match instance.kind.as_str() {
            "alicloud_vpc_peer_connection" => {
                if let Ok(p) =
                    serde_json::from_value::<raw::PeerConnection>(instance.attributes.clone())
                {
                    requested.extend(p.id.get());
                }
            }
            "alicloud_vpn_route_entry" => {
                if let Ok(r) =
                    serde_json::from_value::<raw::VpnRouteEntry>(instance.attributes.clone())
                {
                    if r.publish_vpc.is_true() {
                        published.extend(r.next_hop.get());
                    }
                }
            }
            _ => {}
        }
    }
    for instance in instances {
        if !instance.managed {
            b.skip(
                &instance.file,
                &instance.kind,
                &instance.address,
                "a data source (a read-only lookup), not a managed resource",
            );
            continue;
        }
        if let Some((_, reason)) = NOT_MODELLED.iter().find(|(t, _)| *t == instance.kind) {
            b.skip(&instance.file, &instance.kind, &instance.address, *reason);
            continue;
        }
        resource(b, instance, &requested, &published);
    }
}

/// Skips an instance whose id attribute is empty.
fn no_id(b: &mut Builder, instance: &Instance, attribute: &str) {
    b.skip(
        &instance.file,
        &instance.kind,
        &instance.address,
        format!("no `{attribute}` in the state"),
    );
}

fn resource(
    b: &mut Builder,
    instance: &Instance,
    requested: &BTreeSet<String>,
    published: &BTreeSet<String>,
) {
    let file = instance.file.as_str();
    match instance.kind.as_str() {
        "alicloud_vpc" => {
            let Some(vpc) = attrs::<raw::Vpc>(b, instance) else {
                return;
            };
            let Some(id) = vpc.id.get() else {
                return no_id(b, instance, "id");
            };
            let mut cidrs: Vec<String> = vpc.cidr_block.get().into_iter().collect();
            cidrs.extend(texts(&vpc.secondary_cidr_blocks));
            b.vpc(
                file,
                VpcFact {
                    id,
                    common: common(&[&vpc.vpc_name, &vpc.name], &vpc.tags),
                    region: None,
                    cidrs,
                    ipv6_cidrs: vpc.ipv6_cidr_block.get().into_iter().collect(),
                    user_cidrs: texts(&vpc.user_cidrs),
                    system_table: vpc.route_table_id.get(),
                    table_ids: Vec::new(),
                    vrouter: vpc.router_id.get(),
                },
            );
        }
        "alicloud_vpc_ipv4_cidr_block" => {
            let Some(block) = attrs::<raw::Ipv4CidrBlock>(b, instance) else {
                return;
            };
            b.vpc_cidr(
                file,
                block.vpc_id.as_str(),
                block.secondary_cidr_block.as_str(),
            );
        }
        "alicloud_vswitch" => {
            let Some(vsw) = attrs::<raw::VSwitch>(b, instance) else {
                return;
            };
            let Some(id) = vsw.id.get() else {
                return no_id(b, instance, "id");
            };
            b.vswitch(
                file,
                VSwitchFact {
                    id,
                    common: common(&[&vsw.vswitch_name, &vsw.name], &vsw.tags),
                    vpc: vsw.vpc_id.as_str().to_string(),
                    zone: vsw.zone_id.get().or_else(|| vsw.availability_zone.get()),
                    cidr: vsw.cidr_block.as_str().to_string(),
                    ipv6_cidr: vsw.ipv6_cidr_block.get(),
                    table: None,
                    table_type: None,
                },
            );
        }
        "alicloud_route_table" => {
            let Some(table) = attrs::<raw::RouteTable>(b, instance) else {
                return;
            };
            let Some(id) = table.id.get() else {
                return no_id(b, instance, "id");
            };
            b.table(
                file,
                TableFact {
                    id,
                    common: common(&[&table.route_table_name, &table.name], &table.tags),
                    vpc: table.vpc_id.get(),
                    vrouter: None,
                    router_type: Some("VRouter".into()),
                    router_id: None,
                    table_type: Some("Custom".into()),
                    associate_type: table.associate_type.get(),
                    vswitches: Vec::new(),
                },
            );
        }
        "alicloud_route_table_attachment" => {
            let Some(attachment) = attrs::<raw::RouteTableAttachment>(b, instance) else {
                return;
            };
            b.vswitch_table(
                file,
                attachment.vswitch_id.as_str(),
                attachment.route_table_id.as_str(),
            );
        }
        "alicloud_route_entry" | "alicloud_vpc_route_entry" => {
            let Some(entry) = attrs::<raw::RouteEntry>(b, instance) else {
                return;
            };
            let mut hops: Vec<HopFact> = entry
                .next_hops
                .iter()
                .filter(|h| !h.nexthop_type.is_empty() || !h.nexthop_id.is_empty())
                .map(|h| HopFact {
                    kind: h.nexthop_type.as_str().to_string(),
                    id: h.nexthop_id.as_str().to_string(),
                    enabled: h.enabled.0,
                    related_id: None,
                    related_type: None,
                })
                .collect();
            if hops.len() < 2 && !(entry.nexthop_type.is_empty() && entry.nexthop_id.is_empty()) {
                hops = vec![HopFact {
                    kind: entry.nexthop_type.as_str().to_string(),
                    id: entry.nexthop_id.as_str().to_string(),
                    enabled: hops.first().and_then(|h| h.enabled),
                    related_id: None,
                    related_type: None,
                }];
            }
            let destination = entry
                .destination_cidr_block
                .get()
                .or_else(|| entry.destination_cidrblock.get())
                .unwrap_or_default();
            b.route(RouteFact {
                file: file.to_string(),
                table: entry.route_table_id.as_str().to_string(),
                id: Some(instance.address.clone()),
                destination,
                entry_type: "Custom".into(),
                service_type: String::new(),
                status: entry.status.get(),
                hops,
                publish: entry
                    .route_publish_targets
                    .iter()
                    .map(|t| PublishFact {
                        target_type: t.target_type.as_str().to_string(),
                        target_id: t.target_instance_id.get(),
                        status: t.publish_status.get(),
                    })
                    .collect(),
            });
        }
        "alicloud_cen_instance" => {
            let Some(cen) = attrs::<raw::CenInstance>(b, instance) else {
                return;
            };
            let Some(id) = cen.id.get() else {
                return no_id(b, instance, "id");
            };
            b.cen(
                file,
                CenFact {
                    id,
                    common: common(&[&cen.cen_instance_name, &cen.name], &cen.tags),
                },
            );
        }
        "alicloud_cen_instance_attachment" => {
            let Some(child) = attrs::<raw::CenInstanceAttachment>(b, instance) else {
                return;
            };
            // Attaching a network directly to the CEN is the basic edition's way.
            b.cen_edition(file, child.instance_id.as_str(), "Basic");
            b.child(ChildFact {
                file: file.to_string(),
                cen: child.instance_id.as_str().to_string(),
                instance: child.child_instance_id.as_str().to_string(),
                kind: child.child_instance_type.as_str().to_string(),
                region: child.child_instance_region_id.get(),
                status: child.status.get(),
            });
        }
        "alicloud_cen_bandwidth_limit" => {
            let Some(limit) = attrs::<raw::CenBandwidthLimit>(b, instance) else {
                return;
            };
            let regions = texts(&limit.region_ids);
            let [a, z] = regions.as_slice() else {
                b.skip(
                    file,
                    &instance.kind,
                    &instance.address,
                    "`region_ids` is not a pair of regions",
                );
                return;
            };
            b.limit(LimitFact {
                file: file.to_string(),
                cen: limit.instance_id.as_str().to_string(),
                region_a: a.clone(),
                region_b: z.clone(),
                mbps: limit.bandwidth_limit.0,
                status: None,
                attachment: None,
            });
        }
        "alicloud_cen_transit_router" => {
            let Some(tr) = attrs::<raw::TransitRouter>(b, instance) else {
                return;
            };
            let Some(id) = tr.transit_router_id.get() else {
                return no_id(b, instance, "transit_router_id");
            };
            b.transit_router(
                file,
                TrFact {
                    id,
                    common: common(&[&tr.transit_router_name], &tr.tags),
                    cen: tr.cen_id.as_str().to_string(),
                    region: None,
                    kind: tr.kind.get(),
                },
            );
        }
        "alicloud_cen_transit_router_vpc_attachment"
        | "alicloud_cen_transit_router_vbr_attachment"
        | "alicloud_cen_transit_router_vpn_attachment"
        | "alicloud_cen_transit_router_peer_attachment" => attachment(b, instance),
        "alicloud_cen_transit_router_route_table" => {
            let Some(table) = attrs::<raw::TrRouteTable>(b, instance) else {
                return;
            };
            let Some(id) = table.transit_router_route_table_id.get() else {
                return no_id(b, instance, "transit_router_route_table_id");
            };
            b.tr_table(
                file,
                TrTableFact {
                    id,
                    common: common(&[&table.transit_router_route_table_name], &table.tags),
                    tr: table.transit_router_id.as_str().to_string(),
                    kind: table.transit_router_route_table_type.get(),
                },
            );
        }
        "alicloud_cen_transit_router_route_table_association"
        | "alicloud_cen_transit_router_route_table_propagation" => {
            let Some(link) = attrs::<raw::TrLink>(b, instance) else {
                return;
            };
            b.tr_link(TrLinkFact {
                file: file.to_string(),
                table: link.transit_router_route_table_id.as_str().to_string(),
                attachment: link.transit_router_attachment_id.as_str().to_string(),
                association: instance.kind.ends_with("association"),
                status: link.status.get(),
            });
        }
        "alicloud_cen_transit_router_route_entry" => {
            let Some(entry) = attrs::<raw::TrRouteEntry>(b, instance) else {
                return;
            };
            b.tr_route(TrRouteFact {
                file: file.to_string(),
                table: entry.transit_router_route_table_id.get(),
                id: Some(instance.address.clone()),
                destination: entry
                    .transit_router_route_entry_destination_cidr_block
                    .as_str()
                    .to_string(),
                entry_type: "Static".into(),
                status: entry.status.get(),
                hop_type: entry
                    .transit_router_route_entry_next_hop_type
                    .as_str()
                    .to_string(),
                hop_id: entry.transit_router_route_entry_next_hop_id.get(),
            });
        }
        "alicloud_vpc_peer_connection" | "alicloud_vpc_peer_connection_accepter" => {
            let Some(peering) = attrs::<raw::PeerConnection>(b, instance) else {
                return;
            };
            let accepter = instance.kind.ends_with("accepter");
            let id = if accepter {
                peering.instance_id.get().or_else(|| peering.id.get())
            } else {
                peering.id.get()
            };
            let Some(id) = id else {
                return no_id(b, instance, "id");
            };
            if accepter && requested.contains(&id) {
                b.implied(
                    file,
                    &instance.kind,
                    &instance.address,
                    format!("peering `{id}` is written from its alicloud_vpc_peer_connection"),
                );
                return;
            }
            b.peering(
                file,
                PeeringFact {
                    id,
                    common: common(&[&peering.peer_connection_name], &peering.tags),
                    vpc: peering.vpc_id.as_str().to_string(),
                    peer_vpc: peering.accepting_vpc_id.as_str().to_string(),
                    status: peering.status.get(),
                    bandwidth: peering.bandwidth.0,
                },
            );
        }
        "alicloud_nat_gateway" => {
            let Some(nat) = attrs::<raw::NatGateway>(b, instance) else {
                return;
            };
            let Some(id) = nat.id.get() else {
                return no_id(b, instance, "id");
            };
            b.nat(
                file,
                NatFact {
                    id,
                    common: common(&[&nat.nat_gateway_name, &nat.name], &nat.tags),
                    vpc: nat.vpc_id.as_str().to_string(),
                    vswitch: nat.vswitch_id.get(),
                    network_type: nat.network_type.get(),
                    status: nat.status.get(),
                    ips: Vec::new(),
                    snat_tables: split_list(nat.snat_table_ids.as_str()),
                },
            );
        }
        "alicloud_snat_entry" => {
            let Some(entry) = attrs::<raw::SnatEntry>(b, instance) else {
                return;
            };
            b.snat(SnatFact {
                file: file.to_string(),
                id: entry.snat_entry_id.get(),
                table: entry.snat_table_id.get(),
                nat: None,
                source_vswitch: entry.source_vswitch_id.get(),
                source_cidr: entry.source_cidr.get(),
                ips: split_list(entry.snat_ip.as_str()),
                status: entry.status.get(),
            });
        }
        "alicloud_vpc_nat_ip" => {
            let Some(ip) = attrs::<raw::NatIp>(b, instance) else {
                return;
            };
            b.nat_ip(file, ip.nat_gateway_id.as_str(), ip.nat_ip.as_str());
        }
        "alicloud_eip_address" | "alicloud_eip" => {
            let Some(eip) = attrs::<raw::Eip>(b, instance) else {
                return;
            };
            let Some(id) = eip.id.get() else {
                return no_id(b, instance, "id");
            };
            b.eip(
                file,
                EipFact {
                    id,
                    common: common(&[&eip.address_name, &eip.name], &eip.tags),
                    ip: eip.ip_address.as_str().to_string(),
                    instance_type: None,
                    instance: None,
                },
            );
        }
        "alicloud_eip_association" => {
            let Some(association) = attrs::<raw::EipAssociation>(b, instance) else {
                return;
            };
            b.eip_binding(
                file,
                association.allocation_id.as_str(),
                association.instance_id.as_str(),
                association.instance_type.as_str(),
            );
        }
        "alicloud_vpn_gateway" => {
            let Some(gateway) = attrs::<raw::VpnGateway>(b, instance) else {
                return;
            };
            let Some(id) = gateway.id.get() else {
                return no_id(b, instance, "id");
            };
            b.vpn_gateway(
                file,
                VpnGatewayFact {
                    id,
                    common: common(&[&gateway.vpn_gateway_name, &gateway.name], &gateway.tags),
                    vpc: gateway.vpc_id.as_str().to_string(),
                    status: gateway.status.get(),
                },
            );
        }
        "alicloud_vpn_customer_gateway" => {
            let Some(gateway) = attrs::<raw::CustomerGateway>(b, instance) else {
                return;
            };
            let Some(id) = gateway.id.get() else {
                return no_id(b, instance, "id");
            };
            b.customer_gateway(
                file,
                CustomerGatewayFact {
                    id,
                    common: common(&[&gateway.customer_gateway_name, &gateway.name], &None),
                    ip: gateway.ip_address.as_str().to_string(),
                },
            );
        }
        "alicloud_vpn_connection" => {
            let Some(connection) = attrs::<raw::VpnConnection>(b, instance) else {
                return;
            };
            let Some(id) = connection.id.get() else {
                return no_id(b, instance, "id");
            };
            let tunnels = &connection.tunnel_options_specification;
            let split = |list: &List<Text>| -> Vec<String> {
                list.iter().flat_map(|t| split_list(t.as_str())).collect()
            };
            let publish = published.contains(&id).then_some(true);
            b.vpn_connection(
                file,
                VpnConnectionFact {
                    id,
                    common: common(
                        &[&connection.vpn_connection_name, &connection.name],
                        &connection.tags,
                    ),
                    gateway: connection.vpn_gateway_id.get(),
                    transit_router: None,
                    customer_gateway: connection
                        .customer_gateway_id
                        .get()
                        .or_else(|| tunnels.iter().find_map(|t| t.customer_gateway_id.get())),
                    local: split(&connection.local_subnet),
                    remote: split(&connection.remote_subnet),
                    status: connection.status.get(),
                    tunnel_statuses: tunnels.iter().filter_map(|t| t.status.get()).collect(),
                    publish_to_vpc: publish,
                },
            );
        }
        "alicloud_vpn_route_entry" => {
            let Some(entry) = attrs::<raw::VpnRouteEntry>(b, instance) else {
                return;
            };
            let reason = if entry.publish_vpc.is_true() {
                format!(
                    "VPN gateway route {}: written as `publish_to_vpc` on connection `{}`",
                    entry.route_dest.as_str(),
                    entry.next_hop.as_str()
                )
            } else {
                format!(
                    "VPN gateway route {} (not published to the VPC): the gateway's own routes follow the connection's remote CIDRs",
                    entry.route_dest.as_str()
                )
            };
            b.implied(file, &instance.kind, &instance.address, reason);
        }
        "alicloud_express_connect_physical_connection" => {
            let Some(pc) = attrs::<raw::PhysicalConnection>(b, instance) else {
                return;
            };
            let Some(id) = pc.id.get() else {
                return no_id(b, instance, "id");
            };
            b.physical_connection(
                file,
                PhysicalConnectionFact {
                    id,
                    common: common(&[&pc.physical_connection_name], &None),
                    status: pc.status.get(),
                },
            );
        }
        "alicloud_express_connect_virtual_border_router" => {
            let Some(vbr) = attrs::<raw::Vbr>(b, instance) else {
                return;
            };
            let Some(id) = vbr.id.get() else {
                return no_id(b, instance, "id");
            };
            b.vbr(
                file,
                VbrFact {
                    id,
                    common: common(&[&vbr.virtual_border_router_name], &None),
                    region: None,
                    physical_connection: vbr.physical_connection_id.as_str().to_string(),
                    status: vbr.status.get(),
                    table: vbr.route_table_id.get(),
                    access_point: None,
                    local_ip: vbr.local_gateway_ip.get(),
                    peer_ip: vbr.peer_gateway_ip.get(),
                },
            );
        }
        "alicloud_security_group" => {
            let Some(group) = attrs::<raw::SecurityGroup>(b, instance) else {
                return;
            };
            let Some(id) = group.id.get() else {
                return no_id(b, instance, "id");
            };
            let Some(vpc) = group.vpc_id.get() else {
                b.skip(
                    file,
                    &instance.kind,
                    &id,
                    "no `vpc_id`: a classic-network security group is not modelled",
                );
                return;
            };
            b.security_group(
                file,
                SecurityGroupFact {
                    id,
                    common: common(&[&group.security_group_name, &group.name], &group.tags),
                    vpc,
                },
            );
        }
        "alicloud_security_group_rule" => {
            let Some(rule) = attrs::<raw::SecurityGroupRule>(b, instance) else {
                return;
            };
            let ingress = rule.direction.as_str().eq_ignore_ascii_case("ingress");
            let cidr = rule.cidr_ip.get();
            b.rule(RuleFact {
                file: file.to_string(),
                group: rule.security_group_id.as_str().to_string(),
                id: Some(instance.address.clone()),
                direction: rule.direction.as_str().to_string(),
                policy: rule.policy.get().unwrap_or_else(|| "accept".into()),
                protocol: rule.ip_protocol.as_str().to_string(),
                port_range: rule.port_range.get().unwrap_or_else(|| "-1/-1".into()),
                source_cidr: if ingress { cidr.clone() } else { None },
                dest_cidr: if ingress { None } else { cidr },
                ipv6_cidr: rule.ipv6_cidr_ip.get(),
                peer_group: rule.source_security_group_id.get(),
                prefix_list: rule.prefix_list_id.get(),
                priority: rule.priority.0,
            });
        }
        "alicloud_instance" => {
            let Some(ecs) = attrs::<raw::Instance>(b, instance) else {
                return;
            };
            let Some(id) = ecs.id.get() else {
                return no_id(b, instance, "id");
            };
            let mut private_ips: Vec<String> = ecs.private_ip.get().into_iter().collect();
            private_ips.extend(texts(&ecs.secondary_private_ips));
            b.ecs(
                file,
                EcsFact {
                    id,
                    common: common(&[&ecs.instance_name], &ecs.tags),
                    network_type: Some("vpc".into()),
                    vswitch: ecs.vswitch_id.get(),
                    private_ips,
                    public_ip: ecs.public_ip.get(),
                    security_groups: texts(&ecs.security_groups),
                    status: ecs.status.get(),
                },
            );
        }
        "alicloud_db_instance" => {
            let Some(db) = attrs::<raw::DbInstance>(b, instance) else {
                return;
            };
            let Some(id) = db.id.get() else {
                return no_id(b, instance, "id");
            };
            let engine = db.engine.as_str().to_ascii_lowercase();
            let kind = match engine.as_str() {
                "mysql" => "mysql",
                "postgresql" => "postgresql",
                "sqlserver" => "sqlserver",
                "mariadb" => "mariadb",
                _ => "rds",
            };
            let entries = texts(&db.security_ips)
                .iter()
                .flat_map(|t| split_list(t))
                .collect::<Vec<_>>();
            let whitelist = if db.security_ips.0.is_empty() {
                Vec::new()
            } else {
                vec![WhitelistGroupFact {
                    name: db
                        .db_instance_ip_array_name
                        .get()
                        .unwrap_or_else(|| "default".into()),
                    entries,
                    network_type: db.whitelist_network_type.get(),
                }]
            };
            b.database(DatabaseFact {
                file: file.to_string(),
                key: id,
                name: db.instance_name.get(),
                kind: kind.to_string(),
                host: db.connection_string.get(),
                ip: db.private_ip_address.get(),
                port: db.port.0,
                vpc: db.vpc_id.get(),
                whitelist,
                security_groups: texts(&db.security_group_ids),
            });
        }
        "alicloud_data_works_dw_resource_group" => {
            let Some(group) = attrs::<raw::DwResourceGroup>(b, instance) else {
                return;
            };
            let Some(id) = group.id.get() else {
                return no_id(b, instance, "id");
            };
            b.resource_group(
                file,
                ResourceGroupFact {
                    id,
                    common: common(&[&group.resource_group_name], &group.tags),
                    // This resource type is the serverless (general-purpose) group.
                    kind: Some("CommonV2".into()),
                    status: group.status.get(),
                    default_vpc: group.default_vpc_id.get(),
                    default_vswitch: group.default_vswitch_id.get(),
                    region: None,
                },
            );
        }
        "alicloud_data_works_network" => {
            let Some(network) = attrs::<raw::DwNetwork>(b, instance) else {
                return;
            };
            let Some(id) = network.id.get() else {
                return no_id(b, instance, "id");
            };
            b.network(
                file,
                NetworkFact {
                    id,
                    resource_group: network.dw_resource_group_id.as_str().to_string(),
                    vpc: network.vpc_id.as_str().to_string(),
                    vswitch: network.vswitch_id.as_str().to_string(),
                    status: network.status.get(),
                },
            );
        }
        other => {
            let reason = if other.starts_with("alicloud_") {
                "unsupported resource type: not part of the network model"
            } else {
                "not an Alibaba Cloud (alicloud) resource"
            };
            b.skip(file, other, &instance.address, reason);
        }
    }
}

/// One transit-router attachment resource of any of the four kinds.
fn attachment(b: &mut Builder, instance: &Instance) {
    let file = instance.file.as_str();
    let Some(att) = attrs::<raw::Attachment>(b, instance) else {
        return;
    };
    // The resource id is `<cen>:<attachment>`; the attachment id has its own attribute.
    let id = att.transit_router_attachment_id.get().or_else(|| {
        att.id
            .get()
            .map(|id| id.rsplit(':').next().unwrap_or_default().to_string())
    });
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return no_id(b, instance, "transit_router_attachment_id");
    };
    let (resource_type, resource) = match instance.kind.as_str() {
        "alicloud_cen_transit_router_vpc_attachment" => ("VPC", att.vpc_id.as_str()),
        "alicloud_cen_transit_router_vbr_attachment" => ("VBR", att.vbr_id.as_str()),
        "alicloud_cen_transit_router_vpn_attachment" => ("VPN", att.vpn_id.as_str()),
        _ => ("TR", att.peer_transit_router_id.as_str()),
    };
    let vpc = resource_type == "VPC";
    for (flag, what) in [
        (
            att.route_table_association_enabled,
            "route_table_association_enabled",
        ),
        (
            att.route_table_propagation_enabled,
            "route_table_propagation_enabled",
        ),
    ] {
        if vpc && flag.is_true() {
            b.warn(
                file,
                &instance.kind,
                &instance.address,
                format!(
                    "`{what}` (deprecated) names no route table in the state: write the association or propagation as its own resource"
                ),
            );
        }
    }
    let fact = AttachmentFact {
        id,
        common: common(&[&att.transit_router_attachment_name], &att.tags),
        tr: att.transit_router_id.as_str().to_string(),
        resource_type: resource_type.to_string(),
        resource: resource.to_string(),
        status: att.status.get(),
        vswitches: att
            .zone_mappings
            .iter()
            .filter_map(|z| z.vswitch_id.get())
            .collect(),
        route_sync: vpc.then_some(att.auto_publish_route_enabled.0).flatten(),
        bandwidth: att.bandwidth.0,
    };
    b.attachment(file, fact, None);
}
