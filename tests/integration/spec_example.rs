//! The example at the end of the inventory spec loads, audits clean and checks
//! reachable, hop by hop both ways.

use assert_cmd::Command;
use serde_json::Value;

const EXAMPLE: &str = "tests/fixtures/spec-example.json";

#[test]
fn the_spec_example_audits_clean() {
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args(["audit", EXAMPLE, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"report_version": 1, "findings": []})
    );
}

#[test]
fn the_spec_example_is_reachable_both_ways() {
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args([
            "trace",
            EXAMPLE,
            "--from",
            "rg-1",
            "--to",
            "ds-orders",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let pair: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(pair["verdict"], "reachable");
    assert_eq!(pair["scenario"], "1");
    assert_eq!(
        pair["binding"],
        serde_json::json!({"vpc": "vpc-dw", "vswitch": "vsw-dw"})
    );
    assert_eq!(
        pair["forward"][0],
        serde_json::json!({"at": "vpc-dw", "table": "vtb-dw", "route": "10.20.0.0/16", "next_hop": "pcc-1"})
    );
    assert_eq!(pair["forward"][1]["next_hop"], "local");
    assert_eq!(pair["return"][0]["route"], "10.10.0.0/16");
    assert_eq!(pair["return"][0]["next_hop"], "pcc-1");
    assert_eq!(pair["return"][1]["at"], "vpc-dw");
    assert_eq!(pair["findings"], serde_json::json!([]));
}
