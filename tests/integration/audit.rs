//! `netreach audit` (issue 4): every finding it produces,
//! present in a minimal fixture and absent from a near-identical one;
//! `cidr-overlap` in each kind of route-exchange domain (peering, transit-router
//! table, data center behind a VPN connection, resource-group route list) and
//! not between networks that exchange no routes unless `--all-overlaps`; the
//! exit codes; the JSON shape; `--free-cidr`/`--domain`; and the overlap
//! findings in `check`'s top-level `findings`.
//!
//! Fixtures are built with `serde_json::json!` and audited in-process as
//! `netreach audit FILE --format json` would ([`super::util::audit_json`]);
//! the options, text report, exit-code policy and `check`'s findings run the
//! binary.

use serde_json::{json, Value};

use super::util::{audit_json, netreach, output_of, tempdir, write, Output};

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// Runs `netreach COMMAND FILE ARGS…` on one inventory.
fn run(command: &str, inventory: &Value, args: &[&str]) -> Output {
    let dir = tempdir();
    let path = write(&dir, "inventory.json", inventory);
    output_of(netreach().arg(command).arg(&path).args(args))
}

/// `netreach audit FILE --format json ARGS…`: (exit code, report).
fn audit_with(inventory: &Value, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = run("audit", inventory, &all);
    let report = serde_json::from_str(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); exit {:?}\nstdout:\n{}\nstderr:\n{}",
            output.code, output.stdout, output.stderr
        )
    });
    (output.code, report)
}

/// What `netreach audit FILE --format json` gives: (exit code, report),
/// computed in-process ([`super::util::audit_json`]).
fn audit(inventory: &Value) -> (Option<i32>, Value) {
    audit_json(inventory, false)
}

/// `audit` with `--all-overlaps`, in-process.
fn audit_all_overlaps(inventory: &Value) -> (Option<i32>, Value) {
    audit_json(inventory, true)
}

/// The findings of a report with this code.
fn with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

/// The single finding of this code, with a readable failure.
fn only<'a>(report: &'a Value, code: &str) -> &'a Value {
    let found = with_code(report, code);
    assert_eq!(
        found.len(),
        1,
        "want one {code}; findings:\n{:#}",
        report["findings"]
    );
    found[0]
}

fn assert_absent(report: &Value, code: &str) {
    assert!(
        with_code(report, code).is_empty(),
        "want no {code}; findings:\n{:#}",
        report["findings"]
    );
}

fn message(finding: &Value) -> &str {
    finding["message"].as_str().unwrap()
}

fn related(finding: &Value) -> Vec<&str> {
    finding["related"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

fn vpc(id: &str, cidr: &str) -> Value {
    json!({"id": id, "region": "cn-hangzhou", "cidrs": [cidr]})
}

fn vswitch(id: &str, vpc: &str, cidr: &str) -> Value {
    json!({"id": id, "vpc": vpc, "cidr": cidr})
}

fn route(destination: &str, kind: &str, id: &str) -> Value {
    json!({"destination": destination, "next_hop": {"type": kind, "id": id}})
}

fn push(inventory: &mut Value, list: &str, item: Value) {
    match inventory[list].as_array_mut() {
        Some(items) => items.push(item),
        None => inventory[list] = json!([item]),
    }
}

/// The resource in `list` with this id.
fn find<'a>(inventory: &'a mut Value, list: &str, id: &str) -> &'a mut Value {
    inventory[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|item| item["id"] == id)
        .unwrap()
}

/// vpc-a (vsw-a, rg-1) peered over pcc-ab with vpc-b (vsw-b, ds-b), routes
/// both ways; vpc-b's CIDR is `b_cidr` and its vSwitch `b_vswitch`.
fn peering(b_cidr: &str, b_vswitch: &str, ds_ip: &str) -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "10.0.0.0/16"), vpc("vpc-b", b_cidr)],
        "vswitches": [
            vswitch("vsw-a", "vpc-a", "10.0.1.0/24"),
            vswitch("vsw-b", "vpc-b", b_vswitch),
        ],
        "peering_connections": [
            {"id": "pcc-ab", "vpc": "vpc-a", "peer_vpc": "vpc-b", "status": "activated"}
        ],
        "route_tables": [
            {"id": "vtb-a", "vpc": "vpc-a", "kind": "system",
             "routes": [route(b_vswitch, "vpc_peer", "pcc-ab")]},
            {"id": "vtb-b", "vpc": "vpc-b", "kind": "system",
             "routes": [route("10.0.1.0/24", "vpc_peer", "pcc-ab")]}
        ],
        "resource_groups": [
            {"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
             "networks": [{"vpc": "vpc-a", "vswitch": "vsw-a", "routes": [b_vswitch]}]}
        ],
        "data_sources": [
            {"id": "ds-b", "type": "mysql", "ip": ds_ip, "port": 3306,
             "location": {"vpc": "vpc-b"}, "whitelist": ["10.0.1.0/24"]}
        ]
    })
}

/// A clean peering: vpc-a 10.0.0.0/16, vpc-b 10.1.0.0/16.
fn clean_peering() -> Value {
    peering("10.1.0.0/16", "10.1.1.0/24", "10.1.1.5")
}

/// Hub and spokes on one transit-router table, every attachment associated,
/// propagating and synchronizing; `spoke_b` is (CIDR, vSwitch CIDR) of vpc-s2.
fn hub_and_spoke(spoke_b: (&str, &str)) -> Value {
    let attachment = |id: &str, vpc: &str, vsw: &str| {
        json!({"id": id, "transit_router": "tr-1", "type": "vpc", "resource": vpc,
               "vswitches": [vsw], "route_sync": true})
    };
    json!({
        "version": 1,
        "vpcs": [
            vpc("vpc-hub", "10.1.0.0/16"),
            vpc("vpc-s1", "10.2.0.0/16"),
            vpc("vpc-s2", spoke_b.0)
        ],
        "vswitches": [
            vswitch("vsw-hub", "vpc-hub", "10.1.1.0/24"),
            vswitch("vsw-s1", "vpc-s1", "10.2.1.0/24"),
            vswitch("vsw-s2", "vpc-s2", spoke_b.1)
        ],
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}],
        "tr_attachments": [
            attachment("tra-hub", "vpc-hub", "vsw-hub"),
            attachment("tra-s1", "vpc-s1", "vsw-s1"),
            attachment("tra-s2", "vpc-s2", "vsw-s2")
        ],
        "tr_route_tables": [
            {"id": "vtb-tr", "transit_router": "tr-1",
             "associations": ["tra-hub", "tra-s1", "tra-s2"],
             "propagations": ["tra-hub", "tra-s1", "tra-s2"], "routes": []}
        ],
        "resource_groups": [
            {"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
             "networks": [{"vpc": "vpc-hub", "vswitch": "vsw-hub",
                           "routes": ["10.2.0.0/16"]}]}
        ],
        "data_sources": [
            {"id": "ds-s1", "type": "mysql", "ip": "10.2.1.5", "port": 3306,
             "location": {"vpc": "vpc-s1"}, "whitelist": ["10.1.1.0/24"]}
        ]
    })
}

/// vpc-a with a VPN gateway and an IPsec connection vco-1 to dc-1 (`dc_cidr`).
fn vpn_site(dc_cidr: &str) -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "10.0.0.0/16")],
        "vswitches": [vswitch("vsw-a", "vpc-a", "10.0.1.0/24")],
        "route_tables": [
            {"id": "vtb-a", "vpc": "vpc-a", "kind": "system",
             "routes": [route(dc_cidr, "vpn_gateway", "vpn-1")]}
        ],
        "vpn_gateways": [{"id": "vpn-1", "vpc": "vpc-a"}],
        "customer_gateways": [{"id": "cgw-1", "ip": "203.0.113.10", "data_center": "dc-1"}],
        "vpn_connections": [
            {"id": "vco-1", "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
             "local_cidrs": ["10.0.0.0/16"], "remote_cidrs": [dc_cidr],
             "status": "established"}
        ],
        "data_centers": [
            {"id": "dc-1", "cidrs": [dc_cidr],
             "routes": [{"destination": "10.0.0.0/16", "via": "vco-1"}]}
        ]
    })
}

/// Two VPCs with the same CIDR and vSwitch, joined by nothing.
fn disconnected() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "10.0.0.0/16"), vpc("vpc-b", "10.0.0.0/16")],
        "vswitches": [
            vswitch("vsw-a", "vpc-a", "10.0.1.0/24"),
            vswitch("vsw-b", "vpc-b", "10.0.1.0/24")
        ]
    })
}

// ---------------------------------------------------------------------------
// cidr-overlap
// ---------------------------------------------------------------------------

#[test]
fn disconnected_overlapping_vpcs_are_not_reported_by_default() {
    let (code, report) = audit(&disconnected());
    assert_absent(&report, "cidr-overlap");
    assert_eq!(code, Some(0));
}

#[test]
fn all_overlaps_lists_disconnected_overlaps_as_info() {
    let (code, report) = audit_all_overlaps(&disconnected());
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "info");
    assert_eq!(finding["resource"], "vpc-a");
    assert_eq!(related(finding), ["vpc-b"]);
    assert!(
        message(finding).contains("exchange no routes"),
        "{finding:#}"
    );
    assert_eq!(code, Some(0), "info findings do not fail the audit");
}

#[test]
fn clean_hub_and_spoke_has_no_finding() {
    let inventory = hub_and_spoke(("10.3.0.0/16", "10.3.1.0/24"));
    let (code, report) = audit_all_overlaps(&inventory);
    assert_eq!(report, json!({"report_version": 1, "findings": []}));
    assert_eq!(code, Some(0));
}

#[test]
fn peered_overlapping_vpcs_are_an_error_naming_the_peering_and_the_pair() {
    // vpc-b reuses vpc-a's CIDR and vSwitch range: rg-1's source range is
    // also an address range of vpc-b.
    let inventory = peering("10.0.0.0/16", "10.0.1.0/24", "10.0.1.5");
    let (code, report) = audit(&inventory);
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["resource"], "vpc-a");
    let text = message(finding);
    for part in [
        "10.0.0.0/16 of vpc-a overlaps 10.0.0.0/16 of vpc-b",
        "intersection 10.0.0.0/16",
        "peering pcc-ab",
        "affects rg-1 -> ds-b",
    ] {
        assert!(text.contains(part), "no `{part}` in: {text}");
    }
    assert!(related(finding).contains(&"pcc-ab"), "{finding:#}");
    assert!(related(finding).contains(&"vpc-b"), "{finding:#}");
    assert!(
        finding["fix"].as_str().unwrap().contains("--free-cidr"),
        "{finding:#}"
    );
    assert_eq!(code, Some(1), "an error finding fails the audit");
}

#[test]
fn peered_vpcs_with_overlapping_cidrs_are_an_error_even_with_no_pair_affected() {
    // Same CIDR, distinct vSwitches: the pair works, the peering is still wrong.
    let inventory = peering("10.0.0.0/16", "10.0.2.0/24", "10.0.2.5");
    let (code, report) = audit(&inventory);
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    let text = message(finding);
    assert!(text.contains("peered VPCs must not overlap"), "{text}");
    assert!(text.contains("no pair is affected yet"), "{text}");
    assert_eq!(code, Some(1));
}

#[test]
fn peered_vpcs_apart_have_no_overlap() {
    let (code, report) = audit(&clean_peering());
    assert_absent(&report, "cidr-overlap");
    assert_eq!(code, Some(0));
}

#[test]
fn check_carries_the_overlap_in_its_top_level_findings() {
    let inventory = peering("10.0.0.0/16", "10.0.2.0/24", "10.0.2.5");
    let output = run("check", &inventory, &["--format", "json"]);
    let report: Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(only(&report, "cidr-overlap")["severity"], "error");
    let clean = run("check", &clean_peering(), &["--format", "json"]);
    let report: Value = serde_json::from_str(&clean.stdout).unwrap();
    assert_absent(&report, "cidr-overlap");
}

#[test]
fn transit_router_table_conflict_is_an_error() {
    // vpc-s2 reuses the hub's vSwitch range: both propagate 10.1.1.0/24.
    let inventory = hub_and_spoke(("10.1.0.0/16", "10.1.1.0/24"));
    let (code, report) = audit(&inventory);
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["resource"], "vpc-hub");
    assert!(related(finding).contains(&"vpc-s2"), "{finding:#}");
    assert!(message(finding).contains("TR table vtb-tr"), "{finding:#}");
    assert!(
        message(finding).contains("both networks route 10.1.1.0/24"),
        "{finding:#}"
    );
    assert_eq!(only(&report, "route-conflict")["resource"], "vtb-tr");
    assert_eq!(code, Some(1));
}

#[test]
fn equal_cidrs_without_colliding_routes_are_an_error() {
    // Same VPC CIDR, different vSwitches: nothing routed collides yet, but
    // two networks that meet with an equal range are an error (semantics S9.8,
    // which replaces the warning of the version 1 reading).
    let inventory = hub_and_spoke(("10.1.0.0/16", "10.1.2.0/24"));
    let (code, report) = audit(&inventory);
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    assert!(
        message(finding).contains("no pair is affected yet"),
        "{finding:#}"
    );
    assert_absent(&report, "route-conflict");
    assert_eq!(code, Some(1));
}

#[test]
fn data_center_nested_in_a_vpc_it_reaches_is_a_warning() {
    // semantics S9.6: one range strictly inside the other, and no lookup
    // delivers into the wrong network: a warning.
    let (code, report) = audit(&vpn_site("10.0.128.0/20"));
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["resource"], "dc-1");
    assert!(
        message(finding).contains("VPN connection vco-1"),
        "{finding:#}"
    );
    assert!(message(finding).contains("a VPC it reaches"), "{finding:#}");
    assert_eq!(code, Some(0));
}

#[test]
fn data_center_equal_to_a_vpc_it_reaches_is_an_error() {
    let (code, report) = audit(&vpn_site("10.0.0.0/16"));
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    assert_eq!(code, Some(1));
}

#[test]
fn data_center_apart_from_the_vpc_it_reaches_is_clean() {
    let (code, report) = audit(&vpn_site("192.168.0.0/16"));
    assert_eq!(report["findings"], json!([]));
    assert_eq!(code, Some(0));
}

#[test]
fn data_center_overlapping_a_vpc_it_does_not_reach_is_not_reported() {
    let mut inventory = vpn_site("192.168.0.0/16");
    push(&mut inventory, "vpcs", vpc("vpc-far", "192.168.0.0/16"));
    push(
        &mut inventory,
        "vswitches",
        vswitch("vsw-far", "vpc-far", "192.168.1.0/24"),
    );
    let (_, report) = audit(&inventory);
    assert_absent(&report, "cidr-overlap");
    let (_, report) = audit_all_overlaps(&inventory);
    assert_eq!(only(&report, "cidr-overlap")["severity"], "info");
}

/// rg-1 in vpc-dw reaches ds-db in vpc-db (same CIDR, same vSwitch range)
/// only through its route list; no peering or router joins them.
fn route_list(routes: Value) -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-db", "10.10.0.0/16"), vpc("vpc-dw", "10.10.0.0/16")],
        "vswitches": [
            vswitch("vsw-db", "vpc-db", "10.10.1.0/24"),
            vswitch("vsw-dw", "vpc-dw", "10.10.1.0/24")
        ],
        "resource_groups": [
            {"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
             "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": routes}]}
        ],
        "data_sources": [
            {"id": "ds-db", "type": "mysql", "ip": "10.10.1.5", "port": 3306,
             "location": {"vpc": "vpc-db"}, "whitelist": ["10.10.1.0/24"]}
        ]
    })
}

#[test]
fn route_list_destination_that_is_a_local_range_is_an_error() {
    let (code, report) = audit(&route_list(json!(["10.10.1.0/24"])));
    let finding = only(&report, "cidr-overlap");
    assert_eq!(finding["severity"], "error");
    let text = message(finding);
    for part in [
        "route list of rg-1 (vsw-dw)",
        "10.10.1.0/24 is both a local range of vpc-dw",
        "affects rg-1 -> ds-db",
    ] {
        assert!(text.contains(part), "no `{part}` in: {text}");
    }
    assert!(related(finding).contains(&"rg-1"), "{finding:#}");
    assert_eq!(code, Some(1));
}

#[test]
fn route_list_that_does_not_cover_the_network_is_not_a_domain() {
    let (code, report) = audit(&route_list(json!(["172.16.0.0/12"])));
    assert_absent(&report, "cidr-overlap");
    assert_eq!(code, Some(0));
}

// ---------------------------------------------------------------------------
// Hygiene
// ---------------------------------------------------------------------------

#[test]
fn whitelist_open_present_and_absent() {
    let mut inventory = clean_peering();
    find(&mut inventory, "data_sources", "ds-b")["whitelist"] = json!(["0.0.0.0/0"]);
    let (code, report) = audit(&inventory);
    let finding = only(&report, "whitelist-open");
    assert_eq!(finding["resource"], "ds-b");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(code, Some(0));
    let (_, report) = audit(&clean_peering());
    assert_absent(&report, "whitelist-open");
}

/// Two regions joined by a pair of peer attachments with these bandwidths.
fn inter_region(hz_mbps: Option<u64>, bj_mbps: Option<u64>) -> Value {
    let peer = |id: &str, tr: &str, remote: &str, mbps: Option<u64>| {
        let mut attachment =
            json!({"id": id, "transit_router": tr, "type": "peer", "resource": remote});
        if let Some(mbps) = mbps {
            attachment["bandwidth_mbps"] = json!(mbps);
        }
        attachment
    };
    json!({
        "version": 1,
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [
            {"id": "tr-bj", "cen": "cen-1", "region": "cn-beijing"},
            {"id": "tr-hz", "cen": "cen-1", "region": "cn-hangzhou"}
        ],
        "tr_attachments": [
            peer("tra-peer-bj", "tr-bj", "tr-hz", bj_mbps),
            peer("tra-peer-hz", "tr-hz", "tr-bj", hz_mbps)
        ],
        "tr_route_tables": [
            {"id": "vtb-bj", "transit_router": "tr-bj", "associations": ["tra-peer-bj"],
             "propagations": ["tra-peer-bj"], "routes": []},
            {"id": "vtb-hz", "transit_router": "tr-hz", "associations": ["tra-peer-hz"],
             "propagations": ["tra-peer-hz"], "routes": []}
        ]
    })
}

#[test]
fn inter_region_test_bandwidth_present_and_absent() {
    let (code, report) = audit(&inter_region(None, Some(100)));
    let finding = only(&report, "inter-region-test-bandwidth");
    // semantics S9.8: the connection is named by its smaller attachment id.
    assert_eq!(finding["resource"], "tra-peer-bj");
    assert!(
        message(finding).contains("between cn-beijing and cn-hangzhou"),
        "{finding:#}"
    );
    assert!(
        finding["fix"].as_str().unwrap().contains("tra-peer-bj"),
        "{finding:#}"
    );
    assert_eq!(code, Some(0));
    let (_, report) = audit(&inter_region(Some(50), Some(100)));
    assert_absent(&report, "inter-region-test-bandwidth");
}

#[test]
fn unused_resources_present() {
    let mut inventory = clean_peering();
    // No route uses the peering any more.
    find(&mut inventory, "route_tables", "vtb-a")["routes"] = json!([]);
    find(&mut inventory, "route_tables", "vtb-b")["routes"] = json!([]);
    inventory["nat_gateways"] = json!([
        {"id": "ngw-1", "vpc": "vpc-a", "vswitch": "vsw-a", "type": "internet",
         "eips": ["eip-nat"], "snat_entries": []}
    ]);
    inventory["eips"] = json!([
        {"id": "eip-nat", "ip": "198.51.100.1"},
        {"id": "eip-idle", "ip": "198.51.100.2"}
    ]);
    inventory["cens"] = json!([{"id": "cen-1", "edition": "enterprise"}]);
    inventory["transit_routers"] = json!([{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}]);
    inventory["tr_attachments"] = json!([
        {"id": "tra-a", "transit_router": "tr-1", "type": "vpc", "resource": "vpc-a",
         "vswitches": ["vsw-a"]}
    ]);
    let (code, report) = audit(&inventory);
    let unused: Vec<&str> = with_code(&report, "unused-resource")
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        unused,
        ["eip-idle", "ngw-1", "pcc-ab", "tra-a"],
        "{:#}",
        report["findings"]
    );
    assert_eq!(code, Some(0), "unused resources are warnings");
}

#[test]
fn unused_resources_absent_when_used() {
    let mut inventory = clean_peering();
    let routes = find(&mut inventory, "route_tables", "vtb-a")["routes"]
        .as_array_mut()
        .unwrap();
    routes.push(route("0.0.0.0/0", "nat_gateway", "ngw-1"));
    inventory["nat_gateways"] = json!([
        {"id": "ngw-1", "vpc": "vpc-a", "vswitch": "vsw-a", "type": "internet",
         "eips": ["eip-nat"], "snat_entries": []}
    ]);
    inventory["eips"] = json!([{"id": "eip-nat", "ip": "198.51.100.1"}]);
    let (code, report) = audit(&inventory);
    assert_absent(&report, "unused-resource");
    assert_eq!(code, Some(0));
}

// ---------------------------------------------------------------------------
// Output, determinism, --free-cidr
// ---------------------------------------------------------------------------

#[test]
fn json_report_shape() {
    let (_, report) = audit(&peering("10.0.0.0/16", "10.0.2.0/24", "10.0.2.5"));
    let mut keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["findings", "report_version"]);
    assert_eq!(report["report_version"], 1);
    for finding in report["findings"].as_array().unwrap() {
        for field in ["code", "severity", "resource", "message"] {
            assert!(finding[field].is_string(), "no {field}: {finding:#}");
        }
    }
}

#[test]
fn text_report_ends_with_a_summary() {
    let output = run(
        "audit",
        &peering("10.0.0.0/16", "10.0.2.0/24", "10.0.2.5"),
        &[],
    );
    assert!(output.stdout.contains("cidr-overlap"), "{}", output.stdout);
    assert!(
        output.stdout.trim_end().ends_with(
            "audit: 1 error, 0 warnings, 0 notes\n\
             netreach explain CODE for what a code means and how to fix it"
        ),
        "{}",
        output.stdout
    );
    for line in output.stdout.lines() {
        assert!(line.chars().count() <= 160, "a line over 160: {line}");
    }
    assert_eq!(output.code, Some(1));
}

#[test]
fn output_does_not_depend_on_list_order() {
    let inventory = hub_and_spoke(("10.1.0.0/16", "10.1.1.0/24"));
    let mut reversed = inventory.clone();
    for list in reversed.as_object_mut().unwrap().values_mut() {
        if let Some(items) = list.as_array_mut() {
            items.reverse();
        }
    }
    let a = run("audit", &inventory, &["--format", "json", "--all-overlaps"]);
    let b = run("audit", &reversed, &["--format", "json", "--all-overlaps"]);
    assert_eq!(a.stdout, b.stdout);
}

/// vpc-x (10.0.0.0/16) peered with vpc-y (10.1.0.0/16); vpc-z (10.2.0.0/16)
/// joined to neither.
fn free_cidr_fixture() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-x", "10.0.0.0/16"), vpc("vpc-y", "10.1.0.0/16"), vpc("vpc-z", "10.2.0.0/16")],
        "vswitches": [vswitch("vsw-x", "vpc-x", "10.0.1.0/24")],
        "peering_connections": [
            {"id": "pcc-xy", "vpc": "vpc-x", "peer_vpc": "vpc-y", "status": "activated"}
        ]
    })
}

#[test]
fn free_cidr_lists_blocks_free_in_the_domain() {
    let (code, report) = audit_with(
        &free_cidr_fixture(),
        &["--free-cidr", "16", "--domain", "vpc-x"],
    );
    assert_eq!(code, Some(0));
    assert_eq!(report["domain"], "vpc-x");
    assert_eq!(report["prefix_len"], 16);
    let free: Vec<&str> = report["free_cidrs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(free.len(), 16, "capped at 16: {free:?}");
    // 10.0/16 and 10.1/16 are in the domain; vpc-z is not, so 10.2/16 is free.
    assert_eq!(&free[..3], ["10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"]);
    let text = run(
        "audit",
        &free_cidr_fixture(),
        &["--free-cidr", "16", "--domain", "vpc-x"],
    );
    assert!(text.stdout.contains("10.2.0.0/16"), "{}", text.stdout);
    assert!(text.stdout.contains("the first 16"), "{}", text.stdout);
}

#[test]
fn free_cidr_bad_arguments_exit_2() {
    let inventory = free_cidr_fixture();
    let unknown = run(
        "audit",
        &inventory,
        &["--free-cidr", "16", "--domain", "vpc-q"],
    );
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown
            .stderr
            .contains("`vpc-q` is not a VPC or a data center"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stdout.is_empty());
    let wrong_kind = run(
        "audit",
        &inventory,
        &["--free-cidr", "16", "--domain", "vsw-x"],
    );
    assert_eq!(wrong_kind.code, Some(2));
    assert!(
        wrong_kind.stderr.contains("is a vSwitch"),
        "{}",
        wrong_kind.stderr
    );
    for length in ["7", "31"] {
        let out = run(
            "audit",
            &inventory,
            &["--free-cidr", length, "--domain", "vpc-x"],
        );
        assert_eq!(out.code, Some(2), "--free-cidr {length}");
        assert!(out.stderr.contains("8..=30"), "{}", out.stderr);
    }
    let alone = run("audit", &inventory, &["--domain", "vpc-x"]);
    assert_eq!(alone.code, Some(2));
}

// ---------------------------------------------------------------------------
// Issue 17: two common mistakes
// ---------------------------------------------------------------------------

/// The Internet NAT sample with its SNAT entries removed: the gateway has an
/// EIP and no SNAT entry.
#[test]
fn nat_without_snat_is_a_warning() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/6-internet-nat.json");
    let sample: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (code, report) = audit(&sample);
    assert_eq!(code, Some(0));
    assert!(with_code(&report, "nat-without-snat").is_empty());
    let mut broken = sample.clone();
    broken["nat_gateways"][0]["snat_entries"] = json!([]);
    let (code, report) = audit(&broken);
    assert_eq!(code, Some(0), "a warning does not fail audit by default");
    let found = with_code(&report, "nat-without-snat");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["resource"], "ngw-bp1qpajcmnn49q6x6bkvd");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("eip-bp1dy2jejspejmn6xsebs"), "{message}");
    assert!(found[0]["fix"]
        .as_str()
        .unwrap()
        .contains("create a SNAT entry"));
    let (code, _) = audit_with(&broken, &["--fail-on", "warning"]);
    assert_eq!(code, Some(1));
}

/// A basic-edition CEN with a VPC in each of two regions: no bandwidth between
/// them is a warning naming the two regions and the pair it blocks; a
/// bandwidth entry removes it.
#[test]
fn basic_cen_without_bandwidth_is_a_warning_with_the_pairs_it_blocks() {
    let mut inventory = json!({
        "version": 1,
        "vpcs": [
            {"id": "vpc-hz", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]},
            {"id": "vpc-bj", "region": "cn-beijing", "cidrs": ["10.20.0.0/16"]}
        ],
        "vswitches": [
            {"id": "vsw-hz", "vpc": "vpc-hz", "zone": "cn-hangzhou-h", "cidr": "10.10.1.0/24"},
            {"id": "vsw-bj", "vpc": "vpc-bj", "zone": "cn-beijing-a", "cidr": "10.20.1.0/24"}
        ],
        "cens": [{"id": "cen-basic", "edition": "basic", "attachments": [
            {"instance": "vpc-hz", "type": "vpc"},
            {"instance": "vpc-bj", "type": "vpc"}
        ]}],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
            "networks": [{"vpc": "vpc-hz", "vswitch": "vsw-hz", "routes": ["10.20.0.0/16"]}]}],
        "data_sources": [{"id": "ds-bj", "type": "mysql", "ip": "10.20.1.5", "port": 3306,
            "location": {"vpc": "vpc-bj"}, "whitelist": ["10.10.1.0/24"]}]
    });
    let (code, report) = audit(&inventory);
    assert_eq!(code, Some(0));
    let found = with_code(&report, "cen-bandwidth-missing");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["resource"], "cen-basic");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("between cn-beijing and cn-hangzhou"),
        "{message}"
    );
    assert!(message.contains("blocks rg-1 -> ds-bj"), "{message}");
    // the text report keeps every line under 160 characters
    let text = run("audit", &inventory, &[]);
    assert!(text.stdout.contains("cen-bandwidth-missing cen-basic: "));
    for line in text.stdout.lines() {
        assert!(line.chars().count() <= 160, "{line}");
    }
    inventory["cens"][0]["bandwidth"] =
        json!([{"regions": ["cn-hangzhou", "cn-beijing"], "mbps": 10}]);
    let (_, report) = audit(&inventory);
    assert!(with_code(&report, "cen-bandwidth-missing").is_empty());
}
