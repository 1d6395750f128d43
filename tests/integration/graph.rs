//! The topology graph: node counts per kind and specific edges for small inline
//! inventories (the spec's example, a basic-edition CEN, one resource of every
//! kind), independence from list order, and every sample in `samples/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use netreach::graph::{build, Edge, Node, Topology};
use netreach::import::native::{load, Source};
use netreach::validate::{validate, DsLocation, ValidInventory};

/// Loads, validates and builds the graph of one inventory text.
fn topology(name: &str, json: &str) -> (ValidInventory, Topology) {
    let loaded = match load(vec![Source {
        name: name.to_string(),
        bytes: json.as_bytes().to_vec(),
    }]) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("{name} does not load: {errors:#?}"),
    };
    let valid = match validate(&loaded.inventory, &loaded.sources) {
        Ok(valid) => valid,
        Err(errors) => panic!("{name} does not validate: {errors:#?}"),
    };
    let graph = build(&valid);
    (valid, graph)
}

/// The node of an inventory id.
fn node(v: &ValidInventory, id: &str) -> Node {
    let found = v.lookup(id).and_then(|(kind, index)| Node::of(kind, index));
    match found {
        Some(node) => node,
        None => panic!("no resource `{id}`"),
    }
}

/// Expected node counts per kind.
fn counts(expected: &[(&'static str, usize)]) -> BTreeMap<&'static str, usize> {
    expected.iter().copied().collect()
}

/// Whether `from -edge-> to` is among the canonical edges.
fn has(t: &Topology, from: &str, edge: &str, to: &str) -> bool {
    t.canonical_edges()
        .contains(&(from.to_string(), edge.to_string(), to.to_string()))
}

/// Reorders every top-level list of an inventory with `shuffle`.
fn shuffled(json: &str, shuffle: fn(&mut Vec<serde_json::Value>)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        for list in object.values_mut() {
            if let Some(items) = list.as_array_mut() {
                shuffle(items);
            }
        }
    }
    value.to_string()
}

/// The example at the end of the inventory spec.
const EXAMPLE: &str = r#"{
  "version": 1,
  "vpcs": [
    {"id": "vpc-dw", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]},
    {"id": "vpc-db", "region": "cn-hangzhou", "cidrs": ["10.20.0.0/16"]}
  ],
  "vswitches": [
    {"id": "vsw-dw", "vpc": "vpc-dw", "zone": "cn-hangzhou-h", "cidr": "10.10.1.0/24"},
    {"id": "vsw-db", "vpc": "vpc-db", "zone": "cn-hangzhou-h", "cidr": "10.20.1.0/24"}
  ],
  "peering_connections": [
    {"id": "pcc-1", "vpc": "vpc-dw", "peer_vpc": "vpc-db", "status": "activated"}
  ],
  "route_tables": [
    {"id": "vtb-dw", "vpc": "vpc-dw", "kind": "system", "routes": [
      {"destination": "10.20.0.0/16", "next_hop": {"type": "vpc_peer", "id": "pcc-1"}}]},
    {"id": "vtb-db", "vpc": "vpc-db", "kind": "system", "routes": [
      {"destination": "10.10.0.0/16", "next_hop": {"type": "vpc_peer", "id": "pcc-1"}}]}
  ],
  "resource_groups": [
    {"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
     "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": ["10.20.0.0/16"]}]}
  ],
  "data_sources": [
    {"id": "ds-orders", "type": "mysql", "ip": "10.20.1.15", "port": 3306,
     "location": {"vpc": "vpc-db"}, "whitelist": ["10.10.1.0/24"]}
  ]
}"#;

/// A basic-edition CEN joining two VPCs in two regions, with bandwidth between them.
const BASIC_CEN: &str = r#"{
  "version": 1,
  "vpcs": [
    {"id": "vpc-hz", "region": "cn-hangzhou", "cidrs": ["10.1.0.0/16"]},
    {"id": "vpc-sh", "region": "cn-shanghai", "cidrs": ["10.2.0.0/16"]}
  ],
  "vswitches": [
    {"id": "vsw-hz", "vpc": "vpc-hz", "cidr": "10.1.1.0/24"},
    {"id": "vsw-sh", "vpc": "vpc-sh", "cidr": "10.2.1.0/24"}
  ],
  "cens": [
    {"id": "cen-basic", "edition": "basic",
     "attachments": [{"instance": "vpc-hz", "type": "vpc"}, {"instance": "vpc-sh", "type": "vpc"}],
     "bandwidth": [{"regions": ["cn-hangzhou", "cn-shanghai"], "mbps": 10}]}
  ]
}"#;

/// One resource (or a few) of every kind, in two accounts.
const EVERY_KIND: &str = r#"{
  "version": 1,
  "accounts": [{"id": "acct-a"}, {"id": "acct-b"}],
  "vpcs": [
    {"id": "vpc-dw", "account": "acct-a", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]},
    {"id": "vpc-db", "account": "acct-b", "region": "cn-shanghai", "cidrs": ["10.20.0.0/16"]}
  ],
  "vswitches": [
    {"id": "vsw-dw", "vpc": "vpc-dw", "cidr": "10.10.1.0/24", "route_table": "vtb-dw-custom"},
    {"id": "vsw-nat", "vpc": "vpc-dw", "cidr": "10.10.2.0/24"},
    {"id": "vsw-db", "vpc": "vpc-db", "cidr": "10.20.1.0/24"}
  ],
  "route_tables": [
    {"id": "vtb-dw-custom", "vpc": "vpc-dw", "kind": "custom", "routes": [
      {"destination": "0.0.0.0/0", "next_hop": {"type": "nat_gateway", "id": "ngw-1"}}]}
  ],
  "cens": [{"id": "cen-1", "account": "acct-a", "edition": "enterprise"}],
  "transit_routers": [
    {"id": "tr-hz", "cen": "cen-1", "region": "cn-hangzhou"},
    {"id": "tr-sh", "cen": "cen-1", "region": "cn-shanghai"}
  ],
  "tr_attachments": [
    {"id": "tr-attach-dw", "transit_router": "tr-hz", "type": "vpc", "resource": "vpc-dw",
     "vswitches": ["vsw-dw"], "route_sync": true},
    {"id": "tr-attach-db", "transit_router": "tr-sh", "type": "vpc", "resource": "vpc-db",
     "vswitches": ["vsw-db"]},
    {"id": "tr-attach-hz-sh", "transit_router": "tr-hz", "type": "peer", "resource": "tr-sh"},
    {"id": "tr-attach-sh-hz", "transit_router": "tr-sh", "type": "peer", "resource": "tr-hz"},
    {"id": "tr-attach-vbr", "transit_router": "tr-hz", "type": "vbr", "resource": "vbr-1"}
  ],
  "tr_route_tables": [
    {"id": "vtb-tr-hz", "transit_router": "tr-hz",
     "associations": ["tr-attach-dw", "tr-attach-hz-sh", "tr-attach-vbr"],
     "propagations": ["tr-attach-dw", "tr-attach-vbr"]},
    {"id": "vtb-tr-sh", "transit_router": "tr-sh",
     "associations": ["tr-attach-db", "tr-attach-sh-hz"], "propagations": ["tr-attach-db"]}
  ],
  "nat_gateways": [
    {"id": "ngw-1", "vpc": "vpc-dw", "vswitch": "vsw-nat", "type": "internet", "eips": ["eip-nat"],
     "snat_entries": [{"source_vswitch": "vsw-dw", "snat_ips": ["47.96.0.1"]}]}
  ],
  "eips": [
    {"id": "eip-nat", "ip": "47.96.0.1", "bound_to": "ngw-1"},
    {"id": "eip-ecs", "ip": "47.96.0.2", "bound_to": "i-db"}
  ],
  "vpn_gateways": [{"id": "vpn-1", "vpc": "vpc-dw"}],
  "customer_gateways": [{"id": "cgw-1", "ip": "203.0.113.1", "data_center": "dc-1"}],
  "vpn_connections": [
    {"id": "vco-1", "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
     "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.0.0/16"], "status": "established"}
  ],
  "vbrs": [
    {"id": "vbr-1", "region": "cn-hangzhou", "physical_connection": "pc-1", "status": "active",
     "routes": [{"destination": "192.168.0.0/16", "next_hop": {"type": "physical_connection", "id": "pc-1"}}]}
  ],
  "physical_connections": [{"id": "pc-1", "status": "enabled"}],
  "data_centers": [
    {"id": "dc-1", "account": "acct-a", "cidrs": ["192.168.0.0/16"], "routes": [
      {"destination": "10.10.0.0/16", "via": "pc-1"},
      {"destination": "10.20.0.0/16", "via": "pc-1"},
      {"destination": "10.10.1.0/24", "via": "vco-1"}]}
  ],
  "ecs_instances": [
    {"id": "i-db", "vswitch": "vsw-db", "private_ips": ["10.20.1.20"], "security_groups": ["sg-db"]}
  ],
  "security_groups": [
    {"id": "sg-db", "vpc": "vpc-db", "rules": []},
    {"id": "sg-rds", "vpc": "vpc-db", "rules": []}
  ],
  "resource_groups": [
    {"id": "rg-1", "type": "serverless", "account": "acct-a", "region": "cn-hangzhou",
     "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw"}]}
  ],
  "data_sources": [
    {"id": "ds-rds", "type": "mysql", "ip": "10.20.1.15", "port": 3306,
     "location": {"vpc": "vpc-db"}, "security_groups": ["sg-rds"]},
    {"id": "ds-ecs", "type": "postgresql", "ip": "10.20.1.20", "port": 5432,
     "location": {"ecs_instance": "i-db"}},
    {"id": "ds-onprem", "type": "oracle", "ip": "192.168.1.10", "port": 1521,
     "location": {"data_center": "dc-1"}},
    {"id": "ds-public", "type": "mysql", "ip": "8.8.8.8", "port": 3306, "location": {"internet": true}},
    {"id": "ds-classic", "type": "mysql", "ip": "10.1.1.1", "port": 3306, "location": {"classic": true}}
  ]
}"#;

#[test]
fn spec_example() {
    let (v, t) = topology("example.json", EXAMPLE);
    assert_eq!(
        t.counts(),
        counts(&[
            ("region", 1),
            ("vpc", 2),
            ("vswitch", 2),
            ("route_table", 2),
            ("peering", 1),
            ("resource_group", 1),
            ("data_source", 1),
            ("internet", 1),
        ])
    );
    let expected: Vec<(String, String, String)> = [
        ("cn-hangzhou", "contains", "rg-1"),
        ("cn-hangzhou", "contains", "vpc-db"),
        ("cn-hangzhou", "contains", "vpc-dw"),
        ("ds-orders", "located_in", "vsw-db"),
        ("pcc-1", "peers", "vpc-db"),
        ("rg-1", "binds", "vsw-dw"),
        ("vpc-db", "contains", "vsw-db"),
        ("vpc-db", "contains", "vtb-db"),
        ("vpc-dw", "contains", "vsw-dw"),
        ("vpc-dw", "contains", "vtb-dw"),
        ("vpc-dw", "peers", "pcc-1"),
        ("vsw-db", "uses_table", "vtb-db"),
        ("vsw-dw", "uses_table", "vtb-dw"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(t.canonical_edges(), expected);

    // the typed queries agree with the canonical list
    assert_eq!(
        t.neighbors(node(&v, "vpc-dw"), Edge::Peers),
        vec![node(&v, "pcc-1")]
    );
    assert_eq!(
        t.neighbors(node(&v, "pcc-1"), Edge::Peers),
        vec![node(&v, "vpc-db")]
    );
    assert_eq!(
        t.neighbors(node(&v, "rg-1"), Edge::Binds),
        vec![node(&v, "vsw-dw")]
    );
    assert_eq!(
        t.incoming(node(&v, "vsw-db"), Edge::LocatedIn),
        vec![node(&v, "ds-orders")]
    );
    assert!(t.has_edge(node(&v, "vsw-dw"), Edge::UsesTable, node(&v, "vtb-dw")));
    assert!(!t.has_edge(node(&v, "vsw-dw"), Edge::UsesTable, node(&v, "vtb-db")));
    assert_eq!(t.id(node(&v, "vsw-dw")), Some("vsw-dw"));
    assert_eq!(node(&v, "vsw-dw").kind(), "vswitch");
    assert_eq!(t.id(Node::Internet), Some("internet"));
    let regions: Vec<&str> = t
        .nodes()
        .filter(|(n, _)| n.kind() == "region")
        .map(|(_, id)| id)
        .collect();
    assert_eq!(regions, ["cn-hangzhou"]);
}

#[test]
fn basic_cen_expands_to_implied_transit_routers() {
    let (v, t) = topology("basic-cen.json", BASIC_CEN);
    assert_eq!(
        t.counts(),
        counts(&[
            ("region", 2),
            ("vpc", 2),
            ("vswitch", 2),
            ("route_table", 2),
            ("cen", 1),
            ("transit_router", 2),
            ("tr_attachment", 4),
            ("tr_route_table", 2),
            ("internet", 1),
        ])
    );
    let cen = node(&v, "cen-basic");
    let routers = t.neighbors(cen, Edge::Contains);
    let ids: Vec<&str> = routers.iter().filter_map(|&n| t.id(n)).collect();
    assert_eq!(ids, ["cen-basic/cn-hangzhou", "cen-basic/cn-shanghai"]);
    assert!(has(&t, "cn-hangzhou", "contains", "cen-basic/cn-hangzhou"));
    assert!(has(&t, "cn-shanghai", "contains", "cen-basic/cn-shanghai"));
    for router in &routers {
        // each implied router: one table, one VPC attachment and one peer attachment
        assert_eq!(t.neighbors(*router, Edge::Contains).len(), 1);
        assert_eq!(t.neighbors(*router, Edge::Attaches).len(), 2);
    }
    let vpc_attachments: Vec<Node> = t.incoming(node(&v, "vpc-hz"), Edge::Attaches);
    assert_eq!(vpc_attachments.len(), 1);
    let inter_region: Vec<(String, String, String)> = t
        .canonical_edges()
        .into_iter()
        .filter(|(_, edge, _)| edge == "inter_region")
        .collect();
    assert_eq!(
        inter_region.len(),
        2,
        "one inter-region connection, both directions: {inter_region:?}"
    );
    for (from, _, to) in &inter_region {
        assert!(has(&t, to, "inter_region", from));
    }
}

#[test]
fn every_kind() {
    let (v, t) = topology("every-kind.json", EVERY_KIND);
    assert_eq!(
        t.counts(),
        counts(&[
            ("account", 2),
            ("region", 4),
            ("vpc", 2),
            ("vswitch", 3),
            ("route_table", 3),
            ("cen", 1),
            ("transit_router", 2),
            ("tr_attachment", 5),
            ("tr_route_table", 2),
            ("nat_gateway", 1),
            ("eip", 2),
            ("vpn_gateway", 1),
            ("customer_gateway", 1),
            ("vpn_connection", 1),
            ("vbr", 1),
            ("physical_connection", 1),
            ("data_center", 1),
            ("ecs_instance", 1),
            ("security_group", 2),
            ("resource_group", 1),
            ("data_source", 5),
            ("internet", 1),
        ])
    );
    let expected = [
        // accounts and regions; a transit router takes its CEN's account and
        // the VBR has none
        ("acct-a", "contains", "acct-a/cn-hangzhou"),
        ("acct-a", "contains", "acct-a/cn-shanghai"),
        ("acct-b", "contains", "acct-b/cn-shanghai"),
        ("acct-a", "contains", "cen-1"),
        ("acct-a", "contains", "dc-1"),
        ("acct-a/cn-hangzhou", "contains", "vpc-dw"),
        ("acct-a/cn-hangzhou", "contains", "tr-hz"),
        ("acct-a/cn-hangzhou", "contains", "rg-1"),
        ("acct-a/cn-shanghai", "contains", "tr-sh"),
        ("acct-b/cn-shanghai", "contains", "vpc-db"),
        ("cn-hangzhou", "contains", "vbr-1"),
        ("cen-1", "contains", "tr-hz"),
        // inside VPCs
        ("vpc-dw", "contains", "vsw-dw"),
        ("vpc-dw", "contains", "vtb-dw-custom"),
        ("vpc-dw", "contains", "vpc-dw/system"),
        ("vpc-dw", "contains", "ngw-1"),
        ("vpc-dw", "contains", "vpn-1"),
        ("vpc-db", "contains", "sg-db"),
        ("vsw-dw", "uses_table", "vtb-dw-custom"),
        ("vsw-nat", "uses_table", "vpc-dw/system"),
        ("vsw-nat", "contains", "ngw-1"),
        ("vsw-db", "contains", "i-db"),
        ("ngw-1", "has_eip", "eip-nat"),
        ("eip-ecs", "bound_to", "i-db"),
        ("i-db", "secured_by", "sg-db"),
        // transit routers
        ("tr-hz", "attaches", "tr-attach-dw"),
        ("tr-attach-dw", "attaches", "vpc-dw"),
        ("tr-attach-hz-sh", "attaches", "tr-sh"),
        ("tr-attach-vbr", "attaches", "vbr-1"),
        ("tr-attach-hz-sh", "inter_region", "tr-attach-sh-hz"),
        ("tr-attach-sh-hz", "inter_region", "tr-attach-hz-sh"),
        ("tr-hz", "contains", "vtb-tr-hz"),
        ("vtb-tr-hz", "associates", "tr-attach-dw"),
        ("vtb-tr-hz", "associates", "tr-attach-vbr"),
        ("vtb-tr-hz", "propagates", "tr-attach-vbr"),
        ("vtb-tr-sh", "propagates", "tr-attach-db"),
        // on premises
        ("vpn-1", "connects", "vco-1"),
        ("vco-1", "connects", "cgw-1"),
        ("cgw-1", "connects", "dc-1"),
        ("vbr-1", "connects", "pc-1"),
        ("dc-1", "routes_via", "pc-1"),
        ("dc-1", "routes_via", "vco-1"),
        // resource group and data sources
        ("rg-1", "binds", "vsw-dw"),
        ("ds-rds", "located_in", "vsw-db"),
        ("ds-rds", "secured_by", "sg-rds"),
        ("ds-ecs", "located_in", "i-db"),
        ("ds-ecs", "secured_by", "sg-db"),
        ("ds-onprem", "located_in", "dc-1"),
        ("ds-public", "located_in", "internet"),
    ];
    for (from, edge, to) in expected {
        assert!(has(&t, from, edge, to), "missing {from} -{edge}-> {to}");
    }
    // no data center is written for the physical connection
    assert!(t.neighbors(node(&v, "pc-1"), Edge::Connects).is_empty());
    // two routes via pc-1 give one edge
    assert_eq!(t.neighbors(node(&v, "dc-1"), Edge::RoutesVia).len(), 2);
    // a classic data source has no place
    assert!(t
        .neighbors(node(&v, "ds-classic"), Edge::LocatedIn)
        .is_empty());
    let classic = v.data_sources.iter().position(|ds| ds.id == "ds-classic");
    let classic = classic.map(netreach::validate::DataSourceIx::at);
    assert_eq!(classic.and_then(|ds| t.place(ds)), None);
    // both containers of the NAT gateway, in graph order (VPC before vSwitch)
    assert_eq!(
        t.incoming(node(&v, "ngw-1"), Edge::Contains),
        vec![node(&v, "vpc-dw"), node(&v, "vsw-nat")]
    );
    assert_eq!(
        t.account_node("acct-b").and_then(|n| t.id(n)),
        Some("acct-b")
    );
    assert_eq!(t.account_node("acct-c"), None);
}

#[test]
fn list_order_does_not_matter() {
    for json in [EXAMPLE, BASIC_CEN, EVERY_KIND] {
        let (_, straight) = topology("straight.json", json);
        let edges = straight.canonical_edges();
        let nodes: Vec<(&str, String)> = straight
            .nodes()
            .map(|(n, id)| (n.kind(), id.to_string()))
            .collect();
        let shuffles: [fn(&mut Vec<serde_json::Value>); 2] =
            [|items| items.reverse(), |items| items.rotate_left(1)];
        for shuffle in shuffles {
            let (_, other) = topology("shuffled.json", &shuffled(json, shuffle));
            assert_eq!(other.canonical_edges(), edges);
            // nodes come in the same (kind, id) order too
            let other_nodes: Vec<(&str, String)> = other
                .nodes()
                .map(|(n, id)| (n.kind(), id.to_string()))
                .collect();
            assert_eq!(other_nodes, nodes);
        }
    }
}

/// The `id` of every element of every top-level list of an inventory text.
fn written_ids(json: &str) -> BTreeSet<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let mut ids = BTreeSet::new();
    // Tasks (semantics S9.1) are not network resources: the graph has no node for them.
    for list in value
        .as_object()
        .into_iter()
        .flat_map(|object| object.iter())
        .filter(|(key, _)| key.as_str() != "tasks")
        .map(|(_, list)| list)
    {
        for item in list.as_array().into_iter().flatten() {
            if let Some(id) = item.get("id").and_then(|id| id.as_str()) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

#[test]
fn samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let json = std::fs::read_to_string(&path).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        if value.get("version").is_none() {
            // not an inventory (`expected.json` holds the expected verdicts)
            continue;
        }
        let (v, t) = topology(&name, &json);
        let nodes: BTreeSet<&str> = t.nodes().map(|(_, id)| id).collect();
        for id in written_ids(&json) {
            assert!(nodes.contains(id.as_str()), "{name}: `{id}` is not a node");
        }
        for (i, ds) in v.data_sources.iter().enumerate() {
            let places = t.neighbors(
                Node::DataSource(netreach::validate::DataSourceIx::at(i)),
                Edge::LocatedIn,
            );
            let expected = usize::from(ds.location != DsLocation::Classic);
            assert_eq!(
                places.len(),
                expected,
                "{name}: data source `{}` has {} place edges",
                ds.id,
                places.len()
            );
        }
    }
}
