//! The rules of semantics S9.2 to S9.7 (inventory v1.1): old-version resource
//! groups on the internet, transit-router peer advertisement, VPN policy,
//! several bindings, summaries and warnings once per resource. Each test is
//! a bug report of issue 16 ("Today ..."), written before its fix.

use serde_json::{json, Value};

use crate::util::check_json;

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
