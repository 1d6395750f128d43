//! Regressions: the minimized inputs of problems that fuzzing, the property
//! tests of `robustness.rs` and the hostile-size tests of `hostile.rs` found,
//! each run through the binary as a user would meet it.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

/// `netreach check --format json` on `value`: (exit code, stdout, stderr).
fn check(dir: &Path, value: &Value) -> (Option<i32>, String, String) {
    let path = dir.join("inv.json");
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Two VPCs joined by two peerings, and an ECMP route over both.
fn ecmp(next_hops: [&str; 2]) -> Value {
    json!({
        "version": 1,
        "vpcs": [
            {"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.1.0.0/16"]},
            {"id": "vpc-b", "region": "cn-hangzhou", "cidrs": ["10.2.0.0/16"]}
        ],
        "vswitches": [
            {"id": "vsw-a", "vpc": "vpc-a", "cidr": "10.1.1.0/24"},
            {"id": "vsw-b", "vpc": "vpc-b", "cidr": "10.2.1.0/24"}
        ],
        "peering_connections": [
            {"id": "pcc-1", "vpc": "vpc-a", "peer_vpc": "vpc-b", "status": "activated"},
            {"id": "pcc-2", "vpc": "vpc-a", "peer_vpc": "vpc-b", "status": "activated"}
        ],
        "route_tables": [
            {"id": "vtb-a", "vpc": "vpc-a", "kind": "system", "routes": [
                {"destination": "10.2.0.0/16", "next_hops": [
                    {"type": "vpc_peer", "id": next_hops[0]}, {"type": "vpc_peer", "id": next_hops[1]}]}]},
            {"id": "vtb-b", "vpc": "vpc-b", "kind": "system", "routes": [
                {"destination": "10.1.0.0/16", "next_hop": {"type": "vpc_peer", "id": "pcc-1"}}]}
        ],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
                             "networks": [{"vpc": "vpc-a", "vswitch": "vsw-a"}]}],
        "data_sources": [{"id": "ds-1", "type": "mysql", "ip": "10.2.1.5", "port": 3306,
                          "location": {"vpc": "vpc-b"}}]
    })
}

/// The hops of ECMP branches followed the order of `next_hops` in the file, so
/// the same network gave two reports (found by the shuffle property of
/// `robustness.rs`; fixed in `src/reach/walk/vpc.rs`: branches in id order).
#[test]
fn ecmp_next_hops_in_any_order_give_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let (code, first, _) = check(dir.path(), &ecmp(["pcc-1", "pcc-2"]));
    assert_eq!(code, Some(0));
    let (_, second, _) = check(dir.path(), &ecmp(["pcc-2", "pcc-1"]));
    assert_eq!(first, second);
    let report: Value = serde_json::from_str(&first).unwrap();
    let hops: Vec<&str> = report["pairs"][0]["forward"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hop| hop["next_hop"].as_str())
        .collect();
    assert_eq!(hops, ["pcc-1", "local", "pcc-2", "local"]);
}

/// A data center whose return routes for one destination go over two VPN
/// connections (ECMP, semantics S8.6), listed in the given order.
fn data_center_ecmp(reverse: bool) -> Value {
    let mut routes = vec![
        json!({"destination": "10.10.0.0/16", "via": "vco-1"}),
        json!({"destination": "10.10.0.0/16", "via": "vco-2"}),
    ];
    if reverse {
        routes.reverse();
    }
    let connection = |id: &str| {
        json!({"id": id, "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
               "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.16.0/20"],
               "status": "established", "publish_to_vpc": true})
    };
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]}],
        "vswitches": [{"id": "vsw-a", "vpc": "vpc-a", "cidr": "10.10.1.0/24"}],
        "vpn_gateways": [{"id": "vpn-1", "vpc": "vpc-a", "status": "active"}],
        "customer_gateways": [{"id": "cgw-1", "ip": "203.0.113.10", "data_center": "idc-1"}],
        "vpn_connections": [connection("vco-1"), connection("vco-2")],
        "data_centers": [{"id": "idc-1", "cidrs": ["192.168.16.0/20"], "routes": routes}],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
                             "networks": [{"vpc": "vpc-a", "vswitch": "vsw-a",
                                           "routes": ["192.168.16.0/20"]}]}],
        "data_sources": [{"id": "ds-1", "type": "oracle", "ip": "192.168.20.5", "port": 1521,
                          "location": {"data_center": "idc-1"}}]
    })
}

/// The same for a data center's return routes over several connections
/// (fixed alongside: connections in id order).
#[test]
fn data_center_ecmp_routes_in_any_order_give_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let (code, first, stderr) = check(dir.path(), &data_center_ecmp(false));
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    let (_, second, _) = check(dir.path(), &data_center_ecmp(true));
    assert_eq!(first, second);
    assert!(
        first.contains("vco-1") && first.contains("vco-2"),
        "{first}"
    );
}

/// Input errors quote ids, keys and values from the file, and arguments from
/// the command line: their terminal escape sequences reached stderr raw (found
/// by `hostile.rs`; fixed in `src/cli/mod.rs`, `error_line`).
#[test]
fn control_characters_in_input_errors_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let mut dangling = ecmp(["pcc-1", "pcc-2"]);
    dangling["vswitches"][0]["vpc"] = json!("evil\u{1b}[2J\u{1b}]0;title\u{7}");
    let mut unknown = ecmp(["pcc-1", "pcc-2"]);
    unknown["data_sources"][0]["colour\u{1b}[31m"] = json!(1);
    for (value, quoted) in [
        (dangling, r"evil\u{1b}[2J\u{1b}]0;title\u{7}"),
        (unknown, r"colour\u{1b}[31m"),
    ] {
        let (code, stdout, stderr) = check(dir.path(), &value);
        assert_eq!(code, Some(2));
        assert!(stdout.is_empty());
        assert!(stderr.contains(quoted), "{stderr}");
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{stderr:?}"
        );
    }

    let path = dir.path().join("ok.json");
    std::fs::write(&path, ecmp(["pcc-1", "pcc-2"]).to_string()).unwrap();
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args(["check", "--data-source", "ds-\u{1b}[31mx"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains(r"ds-\u{1b}[31mx"), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
}
