//! `netreach import terraform`: a state file (format 4, with `count` and
//! `for_each` instances and nested modules) and the same resources as
//! `terraform show -json` output, imported and compared with the expected native
//! inventory and coverage report (insta snapshots), then checked end to end with
//! the hand-written overlay of the aliyun fixtures (the data center behind the
//! physical connection, the data sources the state cannot place). Fixtures are in
//! `tests/fixtures/terraform/` (`project/` holds the
//! state and its `show -json` twin; `older/` and `malformed/` files that are
//! not read).

use std::path::{Path, PathBuf};

use netreach::import::aliyun::{Imported, Options};
use netreach::import::native::Source;
use netreach::import::terraform;
use serde_json::Value;

use super::util::netreach;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/terraform")
        .join(name)
}

fn source(name: &str) -> Source {
    Source {
        name: name.to_string(),
        bytes: std::fs::read(fixture(name)).unwrap(),
    }
}

fn import(names: &[&str], region: Option<&str>) -> Imported {
    let sources: Vec<Source> = names.iter().map(|n| source(n)).collect();
    let options = Options {
        region: region.map(str::to_string),
    };
    terraform::import(&sources, &options).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn state_inventory() {
    let imported = import(&["project/terraform.tfstate"], Some("cn-hangzhou"));
    insta::assert_snapshot!("state_inventory", imported.inventory_json());
    insta::assert_snapshot!("state_report", imported.coverage.to_json());
}

#[test]
fn show_json_gives_the_same_inventory_as_the_state() {
    let state = import(&["project/terraform.tfstate"], Some("cn-hangzhou"));
    let show = import(&["project/show.json"], Some("cn-hangzhou"));
    assert_eq!(state.inventory_json(), show.inventory_json());
    assert_eq!(show.coverage.files[0].shape.as_deref(), Some("show -json"));
    assert_eq!(state.coverage.files[0].shape.as_deref(), Some("state v4"));
    // Child modules are walked: the database VPC and its app vSwitch are there.
    let inventory: Value = serde_json::from_str(&show.inventory_json()).unwrap();
    let vswitches: Vec<&str> = inventory["vswitches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert!(vswitches.contains(&"vsw-bp1app5n8b2v6c9x3m7k1"));
    // count and for_each instances (index_key 0, 1, "rg", "nat") are all read.
    for id in [
        "vsw-bp1trh2x5c8v1b4n7m3k6",
        "vsw-bp1tri7m4n1b8v5c2x9z3",
        "vsw-bp1rg4k7m2x9c5v8b3n6q",
        "vsw-bp1nat8c3v6b1n4m7x2z5",
    ] {
        assert!(vswitches.contains(&id), "{id}");
    }
}

#[test]
fn both_shapes_together_or_in_another_order_give_the_same_bytes() {
    let state = import(&["project/terraform.tfstate"], Some("cn-hangzhou"));
    let both = import(
        &["project/terraform.tfstate", "project/show.json"],
        Some("cn-hangzhou"),
    );
    let reversed = import(
        &["project/show.json", "project/terraform.tfstate"],
        Some("cn-hangzhou"),
    );
    assert_eq!(both.inventory_json(), state.inventory_json());
    assert_eq!(reversed.inventory_json(), state.inventory_json());
    assert_eq!(reversed.coverage.to_json(), both.coverage.to_json());
    assert!(both
        .coverage
        .warnings
        .iter()
        .all(|w| !w.reason.contains("twice")));
}

#[test]
fn without_a_region_the_resources_that_need_one_are_reported() {
    let imported = import(&["project/terraform.tfstate"], None);
    let inventory: Value = serde_json::from_str(&imported.inventory_json()).unwrap();
    assert!(inventory.get("vpcs").is_none());
    for kind in ["vpc", "transit_router", "vbr", "resource_group"] {
        assert!(
            imported
                .coverage
                .skipped
                .iter()
                .any(|s| s.kind == kind && s.reason.contains("--region")),
            "{kind}"
        );
    }
}

#[test]
fn unsupported_types_and_data_sources_are_reported_with_their_address() {
    let imported = import(&["project/terraform.tfstate"], Some("cn-hangzhou"));
    let skipped: Vec<(&str, &str)> = imported
        .coverage
        .skipped
        .iter()
        .map(|s| (s.kind.as_str(), s.id.as_str()))
        .collect();
    for (kind, address) in [
        (
            "alicloud_cen_route_map",
            "alicloud_cen_route_map.deny_vbr_to_vbr",
        ),
        ("random_id", "random_id.suffix"),
        ("alicloud_zones", "data.alicloud_zones.default"),
        (
            "alicloud_vpc_ipv4_gateway",
            "alicloud_vpc_ipv4_gateway.main",
        ),
        (
            "alicloud_polardb_cluster",
            "module.databases.alicloud_polardb_cluster.bi",
        ),
    ] {
        assert!(
            skipped.contains(&(kind, address)),
            "{kind} {address}: {skipped:?}"
        );
    }
}

#[test]
fn the_state_and_an_overlay_check_to_the_expected_verdicts() {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("inventory.json");
    let report = temp.path().join("report.json");
    let run = netreach()
        .args(["import", "terraform"])
        .arg(fixture("project/terraform.tfstate"))
        .args(["--region", "cn-hangzhou", "--output"])
        .arg(&output)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("terraform state (state v4"), "{stderr}");
    let audit = netreach().arg("audit").arg(&output).output().unwrap();
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&audit.stdout)
    );
    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aliyun/overlay.json");
    let run = netreach()
        .arg("check")
        .arg(&output)
        .arg(&overlay)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    let mut lines = Vec::new();
    for pair in report["pairs"].as_array().unwrap() {
        lines.push(format!(
            "{} -> {}: {} (scenario {})",
            pair["resource_group"].as_str().unwrap(),
            pair["data_source"].as_str().unwrap(),
            pair["verdict"].as_str().unwrap(),
            pair["scenario"].as_str().unwrap_or("-"),
        ));
    }
    assert_eq!(lines.len(), 4);
    assert!(
        lines.iter().all(|l| l.contains(": reachable (")),
        "{lines:?}"
    );
    insta::assert_snapshot!("state_verdicts", lines.join("\n"));
}

#[test]
fn an_older_state_format_is_named_with_its_version_and_the_way_out() {
    let run = netreach()
        .args(["import", "terraform"])
        .arg(fixture("older/state-v3.tfstate"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    // nothing recognized: exit 2 (issue 15)
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(run.stdout.is_empty());
    assert!(
        stderr.contains("state-v3.tfstate: not recognized (Terraform state format version 3 (written by Terraform 0.11 or older); only version 4"),
        "{stderr}"
    );
    assert!(stderr.contains("terraform show -json"), "{stderr}");
    assert!(stderr.contains("no input was recognized"), "{stderr}");
}

#[test]
fn malformed_json_exits_2_with_file_and_line() {
    let file = fixture("malformed/broken.tfstate");
    let run = netreach()
        .args(["import", "terraform"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(run.stdout.is_empty());
    assert!(
        stderr.contains(&format!("{}:4:", file.display())),
        "{stderr}"
    );
}

#[test]
fn a_directory_is_walked_for_state_files() {
    let run = netreach()
        .args(["import", "terraform"])
        .arg(fixture("project"))
        .args(["--region", "cn-hangzhou"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("2 files read"), "{stderr}");
    assert!(
        stderr.contains("terraform.tfstate: terraform state (state v4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("show.json: terraform state (show -json"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        import(&["project/terraform.tfstate"], Some("cn-hangzhou")).inventory_json()
    );
}
