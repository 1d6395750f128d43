//! The rules of semantics S9.2 to S9.7 (inventory v1.1): old-version resource
//! groups on the internet, transit-router peer advertisement, VPN policy,
//! several bindings, summaries and warnings once per resource. Each test is
//! a bug report of issue 16 ("Today ..."), written before its fix.

use serde_json::{json, Value};

use crate::util::{audit_json, check_json, run, tempdir, write};

/// The findings of the only pair of `report`: (code, resource) in order.
fn codes(report: &Value) -> Vec<(String, String)> {
    report["pairs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The verdict of the only pair of `report`.
fn verdict(report: &Value) -> &str {
    report["pairs"][0]["verdict"].as_str().unwrap()
}

/// Two regions joined by a transit-router inter-region connection: the group
/// in Hangzhou (vpc-hz 10.10.0.0/16), the data source in Beijing (vpc-bj
/// 10.30.0.0/16, 10.30.1.40). `bj_routes` are the static routes of Beijing's
/// table; `mbps` the bandwidth of both peer attachments.
fn cross_region(bj_routes: Value, mbps: u32) -> Value {
    json!({
        "version": 1,
        "vpcs": [
            {"id": "vpc-hz", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]},
            {"id": "vpc-bj", "region": "cn-beijing", "cidrs": ["10.30.0.0/16"]}
        ],
        "vswitches": [
            {"id": "vsw-hz", "vpc": "vpc-hz", "cidr": "10.10.1.0/24"},
            {"id": "vsw-bj", "vpc": "vpc-bj", "cidr": "10.30.1.0/24"}
        ],
        "route_tables": [
            {"id": "vtb-hz", "vpc": "vpc-hz", "kind": "system", "routes": [
                {"destination": "10.30.0.0/16", "next_hop": {"type": "tr_attachment", "id": "att-hz"}}]},
            {"id": "vtb-bj", "vpc": "vpc-bj", "kind": "system", "routes": []}
        ],
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [
            {"id": "tr-hz", "cen": "cen-1", "region": "cn-hangzhou"},
            {"id": "tr-bj", "cen": "cen-1", "region": "cn-beijing"}
        ],
        "tr_attachments": [
            {"id": "att-hz", "transit_router": "tr-hz", "type": "vpc", "resource": "vpc-hz",
             "status": "attached", "vswitches": ["vsw-hz"], "route_sync": false},
            {"id": "att-bj", "transit_router": "tr-bj", "type": "vpc", "resource": "vpc-bj",
             "status": "attached", "vswitches": ["vsw-bj"], "route_sync": true},
            {"id": "peer-hz", "transit_router": "tr-hz", "type": "peer", "resource": "tr-bj",
             "status": "attached", "bandwidth_mbps": mbps},
            {"id": "peer-bj", "transit_router": "tr-bj", "type": "peer", "resource": "tr-hz",
             "status": "attached", "bandwidth_mbps": mbps}
        ],
        "tr_route_tables": [
            {"id": "trt-hz", "transit_router": "tr-hz", "kind": "system",
             "associations": ["att-hz", "peer-hz"], "propagations": ["att-hz", "peer-hz"], "routes": []},
            {"id": "trt-bj", "transit_router": "tr-bj", "kind": "system",
             "associations": ["att-bj", "peer-bj"], "propagations": ["att-bj", "peer-bj"],
             "routes": bj_routes}
        ],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
            "networks": [{"vpc": "vpc-hz", "vswitch": "vsw-hz", "routes": ["10.30.0.0/16"]}]}],
        "data_sources": [{"id": "ds-bj", "type": "mysql", "ip": "10.30.1.40", "port": 3306,
            "location": {"vpc": "vpc-bj"}, "whitelist": ["10.10.1.0/24"]}]
    })
}

// ---- S9.3 transit-router peer advertisement ----

/// Today: Beijing's table holds a static route for 10.30.1.0/24 beside the
/// same prefix propagated by att-bj; netreach advertised both over the peer
/// and reported a `route-conflict` in Hangzhou's table (semantics S9.3).
#[test]
fn a_peer_advertises_the_static_route_not_the_propagated_one_it_shadows() {
    let inventory = cross_region(
        json!([{"destination": "10.30.1.0/24", "next_hop": {"type": "attachment", "id": "att-bj"}}]),
        100,
    );
    let (_, report) = check_json(&inventory);
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let inventory_codes: Vec<&str> = report["findings"]
        .as_array()
        .map(|list| list.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(!inventory_codes.contains(&"route-conflict"), "{report:#}");
}

/// A blackhole static route in the remote table is never advertised, and
/// shadows the propagated route of its prefix: Hangzhou has no route.
#[test]
fn a_peer_advertises_neither_a_blackhole_nor_what_it_shadows() {
    let inventory = cross_region(
        json!([{"destination": "10.30.1.0/24", "next_hop": {"type": "blackhole"}}]),
        100,
    );
    let (_, report) = check_json(&inventory);
    assert_eq!(verdict(&report), "unreachable", "{report:#}");
    assert_eq!(
        codes(&report)[0],
        ("no-route".into(), "trt-hz".into()),
        "{report:#}"
    );
}

// ---- S9.7 warnings once per resource ----

/// Today: an inter-region connection without bandwidth gave the pair two
/// `inter-region-test-bandwidth` findings with the same message, one per peer
/// attachment (forward and return), and audit one per attachment. Now one,
/// named by the smaller attachment id, with both regions (semantics S9.7, S9.8).
#[test]
fn test_bandwidth_is_one_finding_per_connection_in_check_and_audit() {
    let inventory = cross_region(json!([]), 0);
    let (_, report) = check_json(&inventory);
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let found: Vec<&Value> = report["pairs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "inter-region-test-bandwidth")
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["resource"], "peer-bj");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("cn-beijing") && message.contains("cn-hangzhou"),
        "{message}"
    );
    let (_, audit) = audit_json(&inventory, false);
    let audited: Vec<&Value> = audit["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "inter-region-test-bandwidth")
        .collect();
    assert_eq!(audited.len(), 1, "{audit:#}");
    assert_eq!(audited[0]["resource"], "peer-bj");
}

// ---- S9.4 VPN policy ----

/// A data center behind an IPsec connection of a VPN gateway in vpc-dw; the
/// group is in vsw-dw (10.10.1.0/24), the data source at 192.168.20.15.
/// `local` are the connection's local CIDRs; the data center's replies go
/// over `reply_via`, and a second connection vco-2 (remote 192.168.32.0/20,
/// local 10.10.0.0/16) exists.
fn vpn(local: Value, reply_via: &str) -> Value {
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-dw", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]}],
        "vswitches": [{"id": "vsw-dw", "vpc": "vpc-dw", "cidr": "10.10.1.0/24"}],
        "route_tables": [{"id": "vtb-dw", "vpc": "vpc-dw", "kind": "system", "routes": []}],
        "vpn_gateways": [{"id": "vpn-1", "vpc": "vpc-dw", "status": "active"}],
        "customer_gateways": [{"id": "cgw-1", "ip": "203.0.113.10", "data_center": "idc-1"}],
        "vpn_connections": [
            {"id": "vco-1", "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
             "local_cidrs": local, "remote_cidrs": ["192.168.16.0/20"],
             "status": "established", "publish_to_vpc": true},
            {"id": "vco-2", "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
             "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.32.0/20"],
             "status": "established", "publish_to_vpc": true}
        ],
        "data_centers": [{"id": "idc-1", "cidrs": ["192.168.16.0/20", "192.168.32.0/20"],
            "routes": [{"destination": "10.10.0.0/16", "via": reply_via}]}],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
            "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": ["192.168.0.0/16"]}]}],
        "data_sources": [{"id": "ds-1", "type": "sqlserver", "ip": "192.168.20.15", "port": 1433,
            "location": {"data_center": "idc-1"}, "whitelist": ["10.10.1.0/24"]}]
    })
}

/// Today: vco-1's remote CIDRs hold the data source but its local CIDRs
/// hold only half of vsw-dw; netreach said `no-route` at the gateway, and the
/// first fix added to the remote CIDRs, which already held the address. Now
/// `vpn-policy-mismatch` on vco-1 naming the missing half, primary, and the
/// proved fix adds vsw-dw's CIDR to the local CIDRs (semantics S9.4).
#[test]
fn a_local_cidr_that_misses_part_of_the_source_is_a_vpn_policy_mismatch() {
    let (_, report) = check_json(&vpn(json!(["10.10.1.0/25"]), "vco-1"));
    assert_eq!(verdict(&report), "unreachable", "{report:#}");
    let primary = &report["pairs"][0]["findings"][0];
    assert_eq!(primary["code"], "vpn-policy-mismatch", "{report:#}");
    assert_eq!(primary["primary"], true);
    assert_eq!(primary["resource"], "vco-1");
    let message = primary["message"].as_str().unwrap();
    assert!(message.contains("10.10.1.128/25"), "{message}");
    let fix = primary["fix"].as_str().unwrap_or_default();
    assert!(
        fix.contains("vco-1") && fix.contains("10.10.1.0/24") && fix.contains("local"),
        "{report:#}"
    );
    assert!(
        !codes(&report).iter().any(|(c, _)| c == "no-route"),
        "{report:#}"
    );
}

/// No connection's remote CIDRs hold the destination: `no-route` stays.
#[test]
fn no_connection_for_the_destination_stays_no_route() {
    let mut inventory = vpn(json!(["10.10.0.0/16"]), "vco-1");
    inventory["data_sources"][0]["ip"] = json!("192.168.60.15");
    inventory["data_centers"][0]["cidrs"] =
        json!(["192.168.16.0/20", "192.168.32.0/20", "192.168.60.0/24"]);
    inventory["route_tables"][0]["routes"] = json!([{"destination": "192.168.60.0/24",
        "next_hop": {"type": "vpn_gateway", "id": "vpn-1"}}]);
    let (_, report) = check_json(&inventory);
    assert_eq!(
        codes(&report)[0],
        ("no-route".into(), "vpn-1".into()),
        "{report:#}"
    );
}

/// On the return path the data center sends replies over vco-2, whose local
/// CIDRs hold vsw-dw but whose remote CIDRs do not hold the data source:
/// `vpn-policy-mismatch` on vco-2, not `return-route-missing` (semantics S9.8).
#[test]
fn a_reply_from_outside_the_remote_cidrs_is_a_vpn_policy_mismatch() {
    let (_, report) = check_json(&vpn(json!(["10.10.0.0/16"]), "vco-2"));
    assert_eq!(verdict(&report), "unreachable", "{report:#}");
    assert_eq!(
        codes(&report)[0],
        ("vpn-policy-mismatch".into(), "vco-2".into()),
        "{report:#}"
    );
    assert!(
        !codes(&report)
            .iter()
            .any(|(c, _)| c == "return-route-missing"),
        "{report:#}"
    );
    // The proved fix widens the remote CIDRs of vco-2 to the data source's network.
    let fix = report["pairs"][0]["findings"][0]["fix"]
        .as_str()
        .unwrap_or_default();
    assert!(
        fix.contains("vco-2") && fix.contains("192.168.16.0/20") && fix.contains("remote"),
        "{report:#}"
    );
}

// ---- S9.2 old-version resource groups ----

/// An old-version group (`exclusive_data_integration`) bound to vpc-dw, which
/// has no NAT gateway, and a data source on the internet with `whitelist`.
fn old_version(public_ip: Option<&str>, whitelist: Option<Value>) -> Value {
    let mut group = json!({"id": "rg-old", "type": "exclusive_data_integration",
        "region": "cn-hangzhou", "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": []}]});
    if let Some(ip) = public_ip {
        group["public_ip"] = json!(ip);
    }
    let mut source = json!({"id": "ds-saas", "type": "postgresql", "ip": "198.51.100.40",
        "port": 5432, "location": {"internet": true}});
    if let Some(list) = whitelist {
        source["whitelist"] = list;
    }
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-dw", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]}],
        "vswitches": [{"id": "vsw-dw", "vpc": "vpc-dw", "cidr": "10.10.1.0/24"}],
        "route_tables": [{"id": "vtb-dw", "vpc": "vpc-dw", "kind": "system", "routes": []}],
        "resource_groups": [group],
        "data_sources": [source]
    })
}

/// Today: an old-version group without `public_ip` and a whitelisted internet
/// data source was `unreachable`, with the fix "create an Internet NAT
/// gateway", a needless purchase. Now `unknown` with `public-ip-unknown` on
/// the group, and nothing about a NAT gateway (semantics S9.2, S9.8).
#[test]
fn an_old_version_group_without_public_ip_is_undecided_not_sent_to_buy_a_nat() {
    let (_, report) = check_json(&old_version(None, Some(json!(["203.0.113.25"]))));
    assert_eq!(verdict(&report), "unknown", "{report:#}");
    assert_eq!(
        codes(&report)[0],
        ("public-ip-unknown".into(), "rg-old".into()),
        "{report:#}"
    );
    let text = report.to_string().to_lowercase();
    assert!(!text.contains("internet nat gateway"), "{report:#}");
    assert!(!text.contains("snat"), "{report:#}");
    assert!(!text.contains("no-route"), "{report:#}");
}

/// A whitelist open to 0.0.0.0/0 decides the pair; no whitelist: reachable
/// with `whitelist-unknown`; a known `public_ip` is checked as before.
#[test]
fn an_old_version_group_reaches_the_internet_over_its_default_eip() {
    let (_, report) = check_json(&old_version(None, Some(json!(["0.0.0.0/0"]))));
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let (_, report) = check_json(&old_version(None, None));
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    assert!(codes(&report).contains(&("whitelist-unknown".into(), "ds-saas".into())));
    let (_, report) = check_json(&old_version(
        Some("203.0.113.25"),
        Some(json!(["203.0.113.25"])),
    ));
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let (_, report) = check_json(&old_version(
        Some("203.0.113.26"),
        Some(json!(["203.0.113.25"])),
    ));
    assert_eq!(verdict(&report), "unreachable", "{report:#}");
    assert_eq!(codes(&report)[0].0, "whitelist-missing", "{report:#}");
}

/// A serverless group has no default internet access (unchanged, semantics S9.2).
#[test]
fn a_serverless_group_still_needs_a_nat_gateway() {
    let mut inventory = old_version(None, Some(json!(["0.0.0.0/0"])));
    inventory["resource_groups"][0]["type"] = json!("serverless");
    let (_, report) = check_json(&inventory);
    assert_eq!(verdict(&report), "unreachable", "{report:#}");
}

/// An old-version group bound to no VPC (`networks: []`, semantics S9.8) and
/// three data sources: on the internet (whitelisting `whitelist`), in vpc-db
/// (whitelisting everything), and on the classic network.
fn unbound(public_ip: Option<&str>, whitelist: Value) -> Value {
    let mut group = json!({"id": "rg-old", "type": "exclusive_data_integration",
        "region": "cn-hangzhou", "networks": []});
    if let Some(ip) = public_ip {
        group["public_ip"] = json!(ip);
    }
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-db", "region": "cn-hangzhou", "cidrs": ["10.20.0.0/16"]}],
        "vswitches": [{"id": "vsw-db", "vpc": "vpc-db", "cidr": "10.20.1.0/24"}],
        "route_tables": [{"id": "vtb-db", "vpc": "vpc-db", "kind": "system", "routes": []}],
        "resource_groups": [group],
        "data_sources": [
            {"id": "ds-saas", "type": "postgresql", "ip": "198.51.100.40", "port": 5432,
             "location": {"internet": true}, "whitelist": whitelist},
            {"id": "ds-rds", "type": "mysql", "ip": "10.20.1.40", "port": 3306,
             "location": {"vpc": "vpc-db"}, "whitelist": ["0.0.0.0/0"]},
            {"id": "ds-classic", "type": "mysql", "ip": "10.1.1.1", "port": 3306,
             "location": {"classic": true}}
        ]
    })
}

/// The pair of `report` toward data source `ds`.
fn pair<'r>(report: &'r Value, ds: &str) -> &'r Value {
    report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["data_source"] == ds)
        .unwrap()
}

/// Today: a group with `networks: []` was an input error. An old-version one
/// reaches the internet alone (semantics S9.8): over its default EIP, or from
/// its `public_ip`; a VPC data source is `no-route` on the group with the
/// binding as its proved fix (semantics S10.3); the classic network stays
/// `classic-network`.
#[test]
fn an_old_version_group_without_bindings_reaches_the_internet_alone() {
    let (code, report) = check_json(&unbound(None, json!(["0.0.0.0/0"])));
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(
        pair(&report, "ds-saas")["verdict"],
        "reachable",
        "{report:#}"
    );
    let rds = pair(&report, "ds-rds");
    assert_eq!(rds["verdict"], "unreachable", "{report:#}");
    assert_eq!(rds["findings"][0]["code"], "no-route", "{report:#}");
    assert_eq!(rds["findings"][0]["resource"], "rg-old", "{report:#}");
    let fixes = rds["fixes"].to_string();
    assert!(
        fixes.contains("vsw-db"),
        "the binding is the fix: {report:#}"
    );
    let classic = pair(&report, "ds-classic");
    assert_eq!(
        classic["findings"][0]["code"], "classic-network",
        "{report:#}"
    );

    let (_, report) = check_json(&unbound(None, json!(["203.0.113.25"])));
    let saas = pair(&report, "ds-saas");
    assert_eq!(saas["verdict"], "unknown", "{report:#}");
    assert_eq!(
        saas["findings"][0]["code"], "public-ip-unknown",
        "{report:#}"
    );

    let (_, report) = check_json(&unbound(Some("203.0.113.25"), json!(["203.0.113.25"])));
    assert_eq!(
        pair(&report, "ds-saas")["verdict"],
        "reachable",
        "{report:#}"
    );
    let (_, report) = check_json(&unbound(Some("203.0.113.26"), json!(["203.0.113.25"])));
    let saas = pair(&report, "ds-saas");
    assert_eq!(
        saas["findings"][0]["code"], "whitelist-missing",
        "{report:#}"
    );
}

/// A serverless group has no network without a binding: still an input error.
#[test]
fn a_serverless_group_without_bindings_is_an_input_error() {
    let mut inventory = unbound(None, json!(["0.0.0.0/0"]));
    inventory["resource_groups"][0]["type"] = json!("serverless");
    let dir = tempdir();
    let path = write(&dir, "inventory.json", &inventory);
    let out = run(&[std::ffi::OsStr::new("check"), path.as_os_str()]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("/resource_groups/0/networks"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

// ---- S9.5 several bindings ----

/// A group bound to two vSwitches of vpc-dw, vsw-a (10.10.1.0/24) and vsw-b
/// (10.10.2.0/24); the data source in the same VPC whitelists `whitelist`.
fn two_bindings(whitelist: Value) -> Value {
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-dw", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]}],
        "vswitches": [
            {"id": "vsw-a", "vpc": "vpc-dw", "cidr": "10.10.1.0/24"},
            {"id": "vsw-b", "vpc": "vpc-dw", "cidr": "10.10.2.0/24"},
            {"id": "vsw-db", "vpc": "vpc-dw", "cidr": "10.10.9.0/24"}
        ],
        "route_tables": [{"id": "vtb-dw", "vpc": "vpc-dw", "kind": "system", "routes": []}],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
            "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-b", "routes": []},
                         {"vpc": "vpc-dw", "vswitch": "vsw-a", "routes": []}]}],
        "data_sources": [{"id": "ds-1", "type": "mysql", "ip": "10.10.9.20", "port": 3306,
            "location": {"vpc": "vpc-dw"}, "whitelist": whitelist}]
    })
}

/// Today: a group whose second binding is not whitelisted said only
/// "reachable". Now the pair carries `binding-unreachable` on vsw-b naming
/// its blocker (semantics S9.5, S9.8); with both whitelisted, nothing.
#[test]
fn a_reachable_pair_names_the_binding_that_fails() {
    let (_, report) = check_json(&two_bindings(json!(["10.10.1.0/24"])));
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let found: Vec<&Value> = report["pairs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "binding-unreachable")
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["resource"], "vsw-b");
    assert_eq!(found[0]["severity"], "warning");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("whitelist-missing") && message.contains("ds-1"),
        "{message}"
    );
    let (_, report) = check_json(&two_bindings(json!(["10.10.1.0/24", "10.10.2.0/24"])));
    assert!(codes(&report).is_empty(), "{report:#}");
    // Neither binding reaches it: unreachable, no binding-unreachable.
    let (_, report) = check_json(&two_bindings(json!(["10.10.3.0/24"])));
    assert_eq!(verdict(&report), "unreachable", "{report:#}");
    assert!(!codes(&report)
        .iter()
        .any(|(c, _)| c == "binding-unreachable"));
}

// ---- S9.6 summaries ----

/// A data center whose `cidrs` are the summary 10.0.0.0/8, behind a VBR on a
/// transit router, and vpc-dw 10.31.0.0/16 attached to it; the data source
/// at 10.1.2.3; the data center routes `dc_routes` back.
fn summary(dc_routes: Value) -> Value {
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-dw", "region": "cn-hangzhou", "cidrs": ["10.31.0.0/16"]}],
        "vswitches": [
            {"id": "vsw-dw", "vpc": "vpc-dw", "cidr": "10.31.1.0/24"},
            {"id": "vsw-tr", "vpc": "vpc-dw", "cidr": "10.31.255.0/28"}
        ],
        "route_tables": [{"id": "vtb-dw", "vpc": "vpc-dw", "kind": "system", "routes": []}],
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}],
        "tr_attachments": [
            {"id": "att-vpc", "transit_router": "tr-1", "type": "vpc", "resource": "vpc-dw",
             "status": "attached", "vswitches": ["vsw-tr"], "route_sync": true},
            {"id": "att-vbr", "transit_router": "tr-1", "type": "vbr", "resource": "vbr-1",
             "status": "attached"}
        ],
        "tr_route_tables": [{"id": "trt-1", "transit_router": "tr-1", "kind": "system",
            "associations": ["att-vpc", "att-vbr"], "propagations": ["att-vpc", "att-vbr"], "routes": []}],
        "vbrs": [{"id": "vbr-1", "region": "cn-hangzhou", "physical_connection": "pc-1", "status": "active",
            "routes": [{"destination": "10.0.0.0/8", "next_hop": {"type": "physical_connection", "id": "pc-1"}}]}],
        "physical_connections": [{"id": "pc-1", "data_center": "idc-1", "status": "enabled"}],
        "data_centers": [{"id": "idc-1", "cidrs": ["10.0.0.0/8"], "routes": dc_routes}],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
            "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": ["10.0.0.0/8"]}]}],
        "data_sources": [{"id": "ds-idc", "type": "oracle", "ip": "10.1.2.3", "port": 1521,
            "location": {"data_center": "idc-1"}, "whitelist": ["10.31.1.0/24"]}]
    })
}

/// The cidr-overlap findings of `report`.
fn overlaps(report: &Value) -> Vec<Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "cidr-overlap")
        .cloned()
        .collect()
}

/// Today: an on-premises 10.0.0.0/8 beside a VPC's 10.31.0.0/16 was a
/// `cidr-overlap` error "affecting" a pair that is reachable. Now a warning
/// that affects no pair (semantics S9.6).
#[test]
fn an_on_premises_summary_beside_a_vpc_is_a_warning_affecting_no_pair() {
    let inventory = summary(json!([{"destination": "10.31.0.0/16", "via": "pc-1"}]));
    let (_, report) = check_json(&inventory);
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let found = overlaps(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "warning", "{report:#}");
    assert!(
        !found[0]["message"].as_str().unwrap().contains("affects"),
        "{report:#}"
    );
    let (code, audit) = audit_json(&inventory, false);
    assert_eq!(code, Some(0), "{audit:#}");
}

/// The same summary with the data source at 10.31.1.77, on premises but
/// inside vsw-dw's range: the VPC delivers it locally, into the wrong
/// network. The overlap decides the pair: an error naming it (semantics S9.8).
#[test]
fn a_summary_that_misdelivers_is_an_error_naming_the_pair() {
    let mut inventory = summary(json!([{"destination": "10.31.0.0/16", "via": "pc-1"}]));
    inventory["data_sources"][0]["ip"] = json!("10.31.1.77");
    let (_, report) = check_json(&inventory);
    assert_eq!(codes(&report)[0].0, "wrong-destination", "{report:#}");
    let found = overlaps(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "error", "{report:#}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("affects rg-1 -> ds-idc"),
        "{report:#}"
    );
}

/// A data center that keeps no route back is `return-route-missing`; the
/// summary does not decide that pair (the engine routes nothing into the
/// wrong network), so the overlap stays a warning.
#[test]
fn a_summary_beside_a_missing_return_route_stays_a_warning() {
    let (_, report) = check_json(&summary(json!([])));
    assert_eq!(codes(&report)[0].0, "return-route-missing", "{report:#}");
    let found = overlaps(&report);
    assert_eq!(found[0]["severity"], "warning", "{report:#}");
}

/// The VPN connection vco-1 attached to a transit router (semantics S2.7)
/// instead of a VPN gateway; `local` are its local CIDRs.
fn vpn_on_tr(local: Value) -> Value {
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-dw", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]}],
        "vswitches": [{"id": "vsw-dw", "vpc": "vpc-dw", "cidr": "10.10.1.0/24"}],
        "route_tables": [{"id": "vtb-dw", "vpc": "vpc-dw", "kind": "system", "routes": []}],
        "customer_gateways": [{"id": "cgw-1", "ip": "203.0.113.10", "data_center": "idc-1"}],
        "vpn_connections": [{"id": "vco-1", "transit_router": "tr-1", "customer_gateway": "cgw-1",
            "local_cidrs": local, "remote_cidrs": ["192.168.16.0/20"], "status": "established"}],
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}],
        "tr_attachments": [
            {"id": "att-vpc", "transit_router": "tr-1", "type": "vpc", "resource": "vpc-dw",
             "status": "attached", "vswitches": ["vsw-dw"], "route_sync": true},
            {"id": "att-vpn", "transit_router": "tr-1", "type": "vpn", "resource": "vco-1",
             "status": "attached"}
        ],
        "tr_route_tables": [{"id": "trt-1", "transit_router": "tr-1", "kind": "system",
            "associations": ["att-vpc", "att-vpn"], "propagations": ["att-vpc", "att-vpn"], "routes": []}],
        "data_centers": [{"id": "idc-1", "cidrs": ["192.168.16.0/20"],
            "routes": [{"destination": "10.10.0.0/16", "via": "vco-1"}]}],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
            "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": ["192.168.0.0/16"]}]}],
        "data_sources": [{"id": "ds-1", "type": "sqlserver", "ip": "192.168.20.15", "port": 1433,
            "location": {"data_center": "idc-1"}, "whitelist": ["10.10.1.0/24"]}]
    })
}

/// At a transit router's `vpn` attachment the same policy holds: the local
/// CIDRs of vco-1 miss vsw-dw, `vpn-policy-mismatch` on vco-1 with the
/// proved fix on its local CIDRs (semantics S9.4).
#[test]
fn a_vpn_attachment_of_a_transit_router_checks_the_policy_too() {
    let (_, report) = check_json(&vpn_on_tr(json!(["10.10.0.0/16"])));
    assert_eq!(verdict(&report), "reachable", "{report:#}");
    let (_, report) = check_json(&vpn_on_tr(json!(["10.10.2.0/24"])));
    assert_eq!(
        codes(&report)[0],
        ("vpn-policy-mismatch".into(), "vco-1".into()),
        "{report:#}"
    );
    let fix = report["pairs"][0]["findings"][0]["fix"]
        .as_str()
        .unwrap_or_default();
    assert!(
        fix.contains("add 10.10.1.0/24 to the local CIDR blocks"),
        "{report:#}"
    );
}
