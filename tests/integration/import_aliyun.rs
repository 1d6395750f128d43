//! `netreach import aliyun`: CLI exports of every supported API, in both paging
//! shapes and several pages, imported and compared with the expected native
//! inventory and coverage report (insta snapshots), then checked end to end with
//! a hand-written overlay. Fixtures in `tests/fixtures/aliyun/` are written the
//! way the CLI prints (sorted keys, tab indentation):
//!
//! - `account/`: one account with every API of issue 6 (peering, a transit
//!   router with a VBR to a data center, Internet NAT, ECS, RDS, DataWorks),
//!   plus `overlay.json` (the data center and the data sources the cloud cannot
//!   know);
//! - `older/`: DescribeRouteTables with its flat next-hop fields;
//! - `basic-cen/`: a basic-edition CEN;
//! - `paging/raw/` and `paging/merged/`: the same data as raw pages and as
//!   `--pager` output;
//! - `statuses/`: unknown statuses, missing pages, ambiguous files;
//! - `unrecognized/`, `malformed/`: files that are not API output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use netreach::import::aliyun::{self, Imported, Options};
use netreach::import::native::Source;
use serde_json::Value;

use super::util::netreach;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aliyun")
}

/// Every `*.json` file under `dir`, sorted, named relative to the fixtures
/// root (so that reports do not depend on where the repository is).
fn sources(dir: &str) -> Vec<Source> {
    fn walk(path: &Path, found: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                walk(&entry, found);
            } else if entry.extension().is_some_and(|e| e == "json") {
                found.push(entry);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join(dir), &mut files);
    files
        .into_iter()
        .map(|path| Source {
            name: path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            bytes: std::fs::read(&path).unwrap(),
        })
        .collect()
}

fn import(sources: &[Source]) -> Imported {
    aliyun::import(sources, &Options::default()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn import_dir(dir: &str) -> Imported {
    import(&sources(dir))
}

fn inventory(imported: &Imported) -> Value {
    serde_json::from_str(&imported.inventory_json()).unwrap()
}

#[test]
fn account_inventory() {
    insta::assert_snapshot!("account_inventory", import_dir("account").inventory_json());
}

#[test]
fn account_report() {
    insta::assert_snapshot!("account_report", import_dir("account").coverage.to_json());
}

#[test]
fn older_route_tables_with_flat_next_hops() {
    let imported = import_dir("older");
    insta::assert_snapshot!("older_inventory", imported.inventory_json());
    insta::assert_snapshot!("older_report", imported.coverage.to_json());
}

#[test]
fn basic_edition_cen() {
    let imported = import_dir("basic-cen");
    insta::assert_snapshot!("basic_cen_inventory", imported.inventory_json());
    insta::assert_snapshot!("basic_cen_report", imported.coverage.to_json());
}

#[test]
fn unknown_statuses_missing_pages_and_ambiguous_files_are_reported() {
    let imported = import_dir("statuses");
    insta::assert_snapshot!("statuses_inventory", imported.inventory_json());
    insta::assert_snapshot!("statuses_report", imported.coverage.to_json());
}

#[test]
fn every_api_of_the_issue_is_recognized() {
    let mut all = Vec::new();
    for dir in ["account", "older", "basic-cen"] {
        all.extend(sources(dir));
    }
    let imported = import(&all);
    let recognized: BTreeSet<String> = imported
        .coverage
        .files
        .iter()
        .filter_map(|f| f.recognized_as.clone())
        .collect();
    let apis = [
        "DescribeVpcs",
        "DescribeVSwitches",
        "DescribeRouteTableList",
        "DescribeRouteEntryList",
        "DescribeRouteTables",
        "ListVpcPeerConnections",
        "DescribeNatGateways",
        "DescribeSnatTableEntries",
        "DescribeEipAddresses",
        "DescribeCens",
        "DescribeCenAttachedChildInstances",
        "DescribeCenBandwidthPackages",
        "DescribeCenInterRegionBandwidthLimits",
        "ListTransitRouters",
        "ListTransitRouterVpcAttachments",
        "ListTransitRouterVbrAttachments",
        "ListTransitRouterVpnAttachments",
        "ListTransitRouterPeerAttachments",
        "ListTransitRouterRouteTables",
        "ListTransitRouterRouteEntries",
        "ListTransitRouterRouteTableAssociations",
        "ListTransitRouterRouteTablePropagations",
        "DescribeVirtualBorderRouters",
        "DescribePhysicalConnections",
        "DescribeVpnGateways",
        "DescribeVpnConnections",
        "DescribeCustomerGateways",
        "DescribeInstances",
        "DescribeSecurityGroupAttribute",
        "DescribeDBInstanceNetInfo",
        "DescribeDBInstanceIPArrayList",
        "ListResourceGroups",
        "ListNetworks",
        "ListRoutes",
    ];
    for api in apis {
        assert!(
            recognized.contains(api),
            "{api} is not recognized in any fixture"
        );
    }
    assert!(imported.coverage.unrecognized.is_empty());
    // Both shapes appear, and most APIs come in several pages.
    let shapes: BTreeSet<String> = imported
        .coverage
        .files
        .iter()
        .filter_map(|f| f.shape.clone())
        .collect();
    for shape in ["merged", "page", "response"] {
        assert!(shapes.contains(shape), "no {shape} file among {shapes:?}");
    }
}

#[test]
fn raw_pages_and_pager_output_give_the_same_inventory() {
    let raw = import_dir("paging/raw");
    let merged = import_dir("paging/merged");
    assert_eq!(raw.inventory_json(), merged.inventory_json());
    assert!(raw
        .coverage
        .files
        .iter()
        .all(|f| f.shape.as_deref() == Some("page")));
    assert!(merged
        .coverage
        .files
        .iter()
        .all(|f| f.shape.as_deref() == Some("merged")));
    assert!(raw.coverage.warnings.iter().all(|w| w.kind != "page"));
}

#[test]
fn the_same_export_twice_or_in_another_order_gives_the_same_bytes() {
    let once = sources("account");
    let expected = import(&once);
    let mut reversed = once.clone();
    reversed.reverse();
    assert_eq!(
        import(&reversed).inventory_json(),
        expected.inventory_json()
    );
    assert_eq!(
        import(&reversed).coverage.to_json(),
        expected.coverage.to_json()
    );
    let mut twice = once.clone();
    twice.extend(once.iter().cloned());
    assert_eq!(import(&twice).inventory_json(), expected.inventory_json());
    // The same files again under other names (a second copy of the export).
    let mut copied = once.clone();
    copied.extend(once.iter().rev().map(|s| Source {
        name: format!("copy/{}", s.name),
        bytes: s.bytes.clone(),
    }));
    let copy = import(&copied);
    assert_eq!(copy.inventory_json(), expected.inventory_json());
    assert!(copy
        .coverage
        .warnings
        .iter()
        .all(|w| !w.reason.contains("twice")));
}

#[test]
fn system_routes_are_implied_and_learned_routes_marked() {
    let imported = import_dir("account");
    let inv = inventory(&imported);
    let tables = inv["route_tables"].as_array().unwrap();
    let system = tables
        .iter()
        .find(|t| t["id"] == "vtb-bp1dwsys4k8m2x6c9v3b7")
        .unwrap();
    let routes = system["routes"].as_array().unwrap();
    // No vSwitch CIDR or 100.64.0.0/10 route is written.
    for route in routes {
        let destination = route["destination"].as_str().unwrap();
        assert!(!destination.starts_with("10.10.") && destination != "100.64.0.0/10");
    }
    let implied = imported
        .coverage
        .implied
        .iter()
        .filter(|i| i.kind == "route")
        .count();
    assert_eq!(implied, 13);
    // The TR-synchronized entry (Type CEN, ServiceType TR) is learned.
    let learned = routes
        .iter()
        .find(|r| r["destination"] == "172.20.0.0/16")
        .unwrap();
    assert_eq!(learned["origin"], "learned");
    assert_eq!(learned["next_hop"]["type"], "tr_attachment");
    // ECMP: the two enabled next hops; the disabled third is reported.
    let ecmp = routes
        .iter()
        .find(|r| r["destination"] == "192.168.0.0/16")
        .unwrap();
    assert_eq!(ecmp["next_hops"].as_array().unwrap().len(), 2);
    assert!(imported
        .coverage
        .skipped
        .iter()
        .any(|s| s.kind == "next_hop" && s.reason.contains("Enabled: 0")));
    // A route published to the transit router is advertised on its attachment.
    let attachment = inv["tr_attachments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "tr-attach-dw7x3c9v1b5n")
        .unwrap();
    assert_eq!(attachment["advertise"], serde_json::json!(["10.40.0.0/16"]));
    assert_eq!(attachment["route_sync"], true);
}

#[test]
fn vbr_routes_are_recognized_by_the_physical_connection_id() {
    let inv = inventory(&import_dir("account"));
    let vbr = &inv["vbrs"][0];
    assert_eq!(
        vbr["region"], "cn-hangzhou",
        "the region comes from the VBR attachment"
    );
    assert_eq!(
        vbr["routes"],
        serde_json::json!([{"destination": "172.20.0.0/16",
            "next_hop": {"type": "physical_connection", "id": "pc-bp1idc3c8v1b6n4m9x2"}}])
    );
}

#[test]
fn both_spellings_of_the_default_vswitch_are_read() {
    let inv = inventory(&import_dir("account"));
    let groups = inv["resource_groups"].as_array().unwrap();
    // ListResourceGroups spells it DefaultVswicthId; GetResourceGroup DefaultVswitchId.
    let exclusive = groups
        .iter()
        .find(|g| g["type"] == "exclusive_data_integration")
        .unwrap();
    assert_eq!(
        exclusive["networks"][0]["vswitch"],
        "vsw-bp1nat8c3v6b1n4m7x2z5"
    );
    let serverless = groups.iter().find(|g| g["type"] == "serverless").unwrap();
    assert_eq!(
        serverless["networks"][0]["routes"],
        serde_json::json!(["10.10.0.0/16", "10.20.0.0/16", "172.20.0.0/16"])
    );
}

/// Imports `dir` with the binary into a temporary directory; returns the
/// inventory and report paths and stderr.
fn import_with_binary(dir: &Path, temp: &Path) -> (PathBuf, PathBuf, String) {
    let output = temp.join("inventory.json");
    let report = temp.join("report.json");
    let run = netreach()
        .args(["import", "aliyun"])
        .arg(dir)
        .arg("--output")
        .arg(&output)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(run.stdout.is_empty(), "the inventory goes to --output only");
    (output, report, stderr)
}

#[test]
fn the_imported_account_passes_audit() {
    let temp = tempfile::tempdir().unwrap();
    let (output, report, stderr) = import_with_binary(&root().join("account"), temp.path());
    assert!(
        stderr.contains("netreach import aliyun: 48 files read"),
        "{stderr}"
    );
    assert!(stderr.contains("skipped: "), "{stderr}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 48);
    assert_eq!(report["imported"]["vpcs"], 2);
    let audit = netreach().arg("audit").arg(&output).output().unwrap();
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&audit.stdout)
    );
}

#[test]
fn the_account_and_an_overlay_check_to_the_expected_verdicts() {
    let temp = tempfile::tempdir().unwrap();
    let (output, _, _) = import_with_binary(&root().join("account"), temp.path());
    let run = netreach()
        .arg("check")
        .arg(&output)
        .arg(root().join("overlay.json"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "one pair is unreachable");
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    let mut lines = Vec::new();
    for pair in report["pairs"].as_array().unwrap() {
        let primary = pair["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["primary"] == true)
            .map(|f| f["code"].as_str().unwrap().to_string())
            .unwrap_or_default();
        let line = format!(
            "{} -> {}: {} (scenario {}) {primary}",
            pair["resource_group"].as_str().unwrap(),
            pair["data_source"].as_str().unwrap(),
            pair["verdict"].as_str().unwrap(),
            pair["scenario"].as_str().unwrap_or("-"),
        );
        lines.push(line.trim_end().to_string());
    }
    let serverless = "Serverless_res_group_524257424564736_6831777003001";
    for (ds, verdict) in [
        ("rm-bp1crm6n2m8x4c1v7b3", "reachable"),
        ("ds-idc-oracle-erp", "reachable"),
        ("ds-partner-postgres-crm", "reachable"),
        ("ds-app-mysql", "reachable"),
        ("pgm-bp1bi3m7x1c5v9b2n6", "unreachable"),
    ] {
        let prefix = format!("{serverless} -> {ds}: {verdict} (");
        assert!(
            lines.iter().any(|l| l.starts_with(&prefix)),
            "{prefix}\n{}",
            lines.join("\n")
        );
    }
    insta::assert_snapshot!("account_verdicts", lines.join("\n"));
}

#[test]
fn an_unrecognized_file_is_named() {
    let temp = tempfile::tempdir().unwrap();
    let (output, report, stderr) = import_with_binary(&root().join("unrecognized"), temp.path());
    for name in ["notes.json", "list.json", "query-output.json"] {
        assert!(
            stderr.contains(&format!("{name}: not recognized")),
            "{name}:\n{stderr}"
        );
    }
    assert!(stderr.contains("not recognized: "), "{stderr}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(report["unrecognized"].as_array().unwrap().len(), 3);
    let inventory: Value = serde_json::from_str(&std::fs::read_to_string(output).unwrap()).unwrap();
    assert_eq!(inventory["vpcs"].as_array().unwrap().len(), 1);
}

#[test]
fn malformed_json_exits_2_with_file_and_line() {
    let file = root().join("malformed/vpcs.json");
    let run = netreach()
        .args(["import", "aliyun"])
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
    assert!(stderr.contains("malformed JSON"), "{stderr}");
}

#[test]
fn without_output_the_inventory_goes_to_stdout() {
    let run = netreach()
        .args(["import", "aliyun"])
        .arg(root().join("older"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let inventory: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(inventory["version"], 1);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        import_dir("older").inventory_json()
    );
}

#[test]
fn an_empty_directory_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let run = netreach()
        .args(["import", "aliyun"])
        .arg(temp.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no *.json file in the directory"));
}
