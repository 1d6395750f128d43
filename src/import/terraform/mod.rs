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
//! builder ([`crate::import::build`]). Each type read is named once, in
//! `RESOURCES` (its type and its reader, which lives in the module of its
//! family: `network`, `transit`, `hybrid`, `compute`, `dataworks`). Data
//! sources, other providers' types and `alicloud_*` types the native model has
//! no place for (`NOT_MODELLED`) are reported as skipped with their address.
//! State carries no region for most resources: `--region` gives it. The core
//! does no I/O.

mod compute;
mod dataworks;
mod hybrid;
mod network;
mod raw;
mod transit;

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
    let joined = Joined {
        requested,
        published,
    };
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
        match RESOURCES.iter().find(|r| r.kind == instance.kind) {
            Some(resource) => (resource.read)(b, instance, &joined),
            None => unsupported(b, instance),
        }
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

/// What some resources are joined with, found in a first round over all
/// instances (so that the order of the instances does not matter).
struct Joined {
    /// The ids of the peerings written from their requester
    /// (`alicloud_vpc_peer_connection`).
    requested: BTreeSet<String>,
    /// The VPN connections whose routes a VPN route entry publishes to the VPC.
    published: BTreeSet<String>,
}

/// One resource type the importer reads: the one place that names it.
struct Resource {
    /// Its Terraform type (`alicloud_vpc`).
    kind: &'static str,
    /// Turns one instance of it into facts.
    read: fn(&mut Builder, &Instance, &Joined),
}

/// The resource types the importer reads, with their readers (in the module of
/// their family). To read a new type, add its row and its reader; a type the
/// native model has no place for goes to `NOT_MODELLED` instead.
#[rustfmt::skip]
static RESOURCES: &[Resource] = &[
    Resource { kind: "alicloud_vpc", read: network::vpc },
    Resource { kind: "alicloud_vpc_ipv4_cidr_block", read: network::vpc_ipv4_cidr_block },
    Resource { kind: "alicloud_vswitch", read: network::vswitch },
    Resource { kind: "alicloud_route_table", read: network::route_table },
    Resource { kind: "alicloud_route_table_attachment", read: network::route_table_attachment },
    Resource { kind: "alicloud_route_entry", read: network::route_entry },
    Resource { kind: "alicloud_vpc_route_entry", read: network::route_entry },
    Resource { kind: "alicloud_vpc_peer_connection", read: network::peer_connection },
    Resource { kind: "alicloud_vpc_peer_connection_accepter", read: network::peer_connection },
    Resource { kind: "alicloud_nat_gateway", read: network::nat_gateway },
    Resource { kind: "alicloud_snat_entry", read: network::snat_entry },
    Resource { kind: "alicloud_vpc_nat_ip", read: network::vpc_nat_ip },
    Resource { kind: "alicloud_eip_address", read: network::eip_address },
    Resource { kind: "alicloud_eip", read: network::eip_address },
    Resource { kind: "alicloud_eip_association", read: network::eip_association },
    Resource { kind: "alicloud_cen_instance", read: transit::cen_instance },
    Resource { kind: "alicloud_cen_instance_attachment", read: transit::cen_instance_attachment },
    Resource { kind: "alicloud_cen_bandwidth_limit", read: transit::cen_bandwidth_limit },
    Resource { kind: "alicloud_cen_transit_router", read: transit::cen_transit_router },
    Resource { kind: "alicloud_cen_transit_router_route_table", read: transit::tr_route_table },
    Resource { kind: "alicloud_cen_transit_router_route_table_association", read: transit::tr_link },
    Resource { kind: "alicloud_cen_transit_router_route_table_propagation", read: transit::tr_link },
    Resource { kind: "alicloud_cen_transit_router_route_entry", read: transit::tr_route_entry },
    Resource { kind: "alicloud_cen_transit_router_vpc_attachment", read: transit::attachment },
    Resource { kind: "alicloud_cen_transit_router_vbr_attachment", read: transit::attachment },
    Resource { kind: "alicloud_cen_transit_router_vpn_attachment", read: transit::attachment },
    Resource { kind: "alicloud_cen_transit_router_peer_attachment", read: transit::attachment },
    Resource { kind: "alicloud_vpn_gateway", read: hybrid::vpn_gateway },
    Resource { kind: "alicloud_vpn_customer_gateway", read: hybrid::vpn_customer_gateway },
    Resource { kind: "alicloud_vpn_connection", read: hybrid::vpn_connection },
    Resource { kind: "alicloud_vpn_route_entry", read: hybrid::vpn_route_entry },
    Resource { kind: "alicloud_express_connect_physical_connection", read: hybrid::physical_connection },
    Resource { kind: "alicloud_express_connect_virtual_border_router", read: hybrid::virtual_border_router },
    Resource { kind: "alicloud_security_group", read: compute::security_group },
    Resource { kind: "alicloud_security_group_rule", read: compute::security_group_rule },
    Resource { kind: "alicloud_instance", read: compute::instance },
    Resource { kind: "alicloud_db_instance", read: compute::db_instance },
    Resource { kind: "alicloud_data_works_dw_resource_group", read: dataworks::dw_resource_group },
    Resource { kind: "alicloud_data_works_network", read: dataworks::dw_network },
];

/// Reports an instance of a type that is not read: another provider's, or an
/// `alicloud_*` type outside the network model.
fn unsupported(b: &mut Builder, instance: &Instance) {
    let kind = instance.kind.as_str();
    let reason = if kind.starts_with("alicloud_") {
        "unsupported resource type: not part of the network model"
    } else {
        "not an Alibaba Cloud (alicloud) resource"
    };
    b.skip(&instance.file, kind, &instance.address, reason);
}
