//! Proved fixes (semantics S10) through the binary: `netreach fix` on every broken
//! sample and on the two fixes that failed when applied (issue 13), the plan
//! applied as the JSON Patch it is, `diff --plan` on it, the report's fix
//! objects, and bad plans.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// (exit code or -1, stdout, stderr) of `netreach ARGS…`.
fn netreach(args: &[&str]) -> (i32, String, String) {
    let output = super::util::run(args);
    (output.code.unwrap_or(-1), output.stdout, output.stderr)
}

fn temp(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// The inventory with the plan applied (the document `diff --plan` patches).
fn applied(inventory: &Path, plan: &str) -> Value {
    let mut document: Value =
        serde_json::from_str(&std::fs::read_to_string(inventory).unwrap()).unwrap();
    let patch: json_patch::Patch = serde_json::from_str(plan).unwrap();
    json_patch::patch(&mut document, &patch).unwrap();
    document
}

/// The samples whose fix needs a person: an enterprise inter-region
/// connection, a VPN tunnel that is down, a classic-network database.
const HUMAN: [&str; 3] = [
    "2-cross-region.broken.json",
    "5-data-center-vpn.broken.json",
    "classic.json",
];

fn broken_samples() -> Vec<PathBuf> {
    let mut samples: Vec<PathBuf> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".broken.json") || name == "classic.json"
        })
        .collect();
    samples.sort();
    samples
}

#[test]
fn every_broken_sample_is_fixed_by_its_plan_or_needs_a_decision() {
    let samples = broken_samples();
    assert!(samples.len() >= 10);
    for sample in samples {
        let name = sample.file_name().unwrap().to_string_lossy().into_owned();
        let path = sample.to_str().unwrap();
        let (code, plan, stderr) = netreach(&["fix", path]);
        let human = HUMAN.contains(&name.as_str());
        assert_eq!(code, if human { 1 } else { 0 }, "{name}: {stderr}");
        if human {
            assert!(stderr.contains("needs a decision"), "{name}: {stderr}");
            continue;
        }
        // Applied, every pair of the sample is reachable.
        let document = applied(&sample, &plan);
        let (_dir, patched) = temp("patched.json", &document.to_string());
        let (code, report, _) = netreach(&["check", patched.to_str().unwrap()]);
        assert_eq!(code, 0, "{name} after its plan:\n{report}\nplan: {plan}");
        // `diff --plan` agrees: nothing worse, every failing pair better.
        let (_plan_dir, plan_file) = temp("plan.json", &plan);
        let (code, diff, _) = netreach(&[
            "diff",
            path,
            "--plan",
            plan_file.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{name}: {diff}");
        let diff: Value = serde_json::from_str(&diff).unwrap();
        assert_eq!(diff["summary"]["worse"], 0, "{name}");
        let (_, before, _) = netreach(&["check", path, "--format", "json"]);
        let before: Value = serde_json::from_str(&before).unwrap();
        let failing = before["summary"]["unreachable"].as_u64().unwrap()
            + before["summary"]["unknown"].as_u64().unwrap();
        assert_eq!(diff["summary"]["better"].as_u64(), Some(failing), "{name}");
    }
}

#[test]
fn a_priority_one_drop_is_removed_before_the_accept_rule_is_added() {
    let path = "tests/fixtures/fix/sg-baseline-drop.json";
    let (code, text, _) = netreach(&["check", path]);
    assert_eq!(code, 1);
    // The blocking rule is named by its fields, never by its index.
    assert!(
        text.contains("sg-db: drop all -1/-1 from 10.0.0.0/8, priority 1"),
        "{text}"
    );
    assert!(
        !text.contains("rule 0") && !text.contains("rule 1 "),
        "{text}"
    );
    let (code, plan, stderr) = netreach(&["fix", path]);
    assert_eq!(code, 0, "{stderr}");
    let ops: Value = serde_json::from_str(&plan).unwrap();
    let ops = ops.as_array().unwrap();
    assert!(
        ops.iter().any(|op| op["op"] == "remove"),
        "the drop rule is removed: {plan}"
    );
    assert!(ops.iter().any(|op| op["op"] == "add"
        && op["value"]["policy"] == "accept"
        && op["value"]["source_cidr"] == "10.11.1.0/24"));
    let document = applied(Path::new(path), &plan);
    let (_dir, patched) = temp("patched.json", &document.to_string());
    assert_eq!(netreach(&["check", patched.to_str().unwrap()]).0, 0);
}

#[test]
fn an_accept_rule_is_given_a_priority_that_wins_over_the_drop() {
    let mut document: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/fix/sg-baseline-drop.json").unwrap(),
    )
    .unwrap();
    // The baseline drop at priority 5: the accept rule goes at 4.
    document["security_groups"][0]["rules"][1]["priority"] = 5.into();
    document["security_groups"][0]["rules"][2]["priority"] = 5.into();
    let (_dir, path) = temp("sg.json", &document.to_string());
    let (code, plan, _) = netreach(&["fix", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let ops: Value = serde_json::from_str(&plan).unwrap();
    let added: Vec<&Value> = ops
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["op"] == "add")
        .collect();
    assert_eq!(added.len(), 1, "{plan}");
    assert_eq!(added[0]["value"]["priority"], 4);
    assert!(!ops
        .as_array()
        .unwrap()
        .iter()
        .any(|op| op["op"] == "remove"));
    let patched = applied(&path, &plan);
    let (_dir2, patched_path) = temp("patched.json", &patched.to_string());
    assert_eq!(netreach(&["check", patched_path.to_str().unwrap()]).0, 0);
}

#[test]
fn overlapping_vpcs_are_fixed_by_binding_the_group_to_the_data_source_vpc() {
    let path = "tests/fixtures/fix/overlapping-vpcs.json";
    let (code, report, _) = netreach(&["check", path, "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["report_version"], 2);
    let fixes = report["pairs"][0]["fixes"].as_array().unwrap();
    // The seed's recommendation first, then the whitelist entry of the new
    // binding's whole vSwitch CIDR; never a route inside a vSwitch CIDR.
    assert_eq!(
        fixes[0]["api"], "dataworks-public CreateNetwork",
        "{fixes:?}"
    );
    assert!(fixes[0]["action"]
        .as_str()
        .unwrap()
        .contains("Add Binding: VPC vpc-db, vSwitch vsw-db"));
    assert_eq!(fixes[1]["api"], "ModifySecurityIps");
    assert!(fixes[1]["action"]
        .as_str()
        .unwrap()
        .ends_with("add 10.10.2.0/24"));
    for fix in fixes {
        assert!(fix["patch"].as_array().is_some_and(|p| !p.is_empty()));
        assert!(!fix["action"].as_str().unwrap().contains("/32"));
    }
    let (code, plan, _) = netreach(&["fix", path]);
    assert_eq!(code, 0);
    let document = applied(Path::new(path), &plan);
    let (_dir, patched) = temp("patched.json", &document.to_string());
    assert_eq!(netreach(&["check", patched.to_str().unwrap()]).0, 0);
    let (code, audit, _) = netreach(&["audit", patched.to_str().unwrap()]);
    assert!(!audit.contains("route-inside-vswitch"), "{code}: {audit}");
}

#[test]
fn a_whitelist_fix_adds_the_whole_vswitch_not_fragments() {
    let mut document: Value =
        serde_json::from_str(&std::fs::read_to_string("samples/same-vpc.broken.json").unwrap())
            .unwrap();
    // Admit every other /27 of the group's vSwitch: a partial whitelist.
    let vsw = document["vswitches"][0]["cidr"]
        .as_str()
        .unwrap()
        .to_string();
    let net: ipnet::Ipv4Net = vsw.parse().unwrap();
    let parts: Vec<String> = net
        .subnets(27)
        .unwrap()
        .step_by(2)
        .map(|n| n.to_string())
        .collect();
    document["data_sources"][0]["whitelist"] = parts.into();
    let (_dir, path) = temp("partial.json", &document.to_string());
    let (_, report, _) = netreach(&["check", path.to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_str(&report).unwrap();
    let pair = &report["pairs"][0];
    assert_eq!(pair["findings"][0]["code"], "whitelist-partial", "{pair}");
    let fixes = pair["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1);
    let adds: Vec<&Value> = fixes[0]["patch"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["op"] == "add")
        .collect();
    assert_eq!(adds.len(), 1, "{fixes:?}");
    assert_eq!(adds[0]["value"], Value::String(vsw));
}

#[test]
fn fix_text_lists_console_actions_grouped_by_resource() {
    let (code, text, _) = netreach(&[
        "fix",
        "samples/1-same-region-peering.broken.json",
        "--format",
        "text",
    ]);
    assert_eq!(code, 0);
    // The missing return route in the data source's table, next hop the peering.
    assert!(
        text.starts_with("netreach fix: 1 change making 1 failing pair reachable"),
        "{text}"
    );
    assert!(text.contains("\nvtb-bp1bizu0fvfkecod5902t\n"), "{text}");
    assert!(
        text.contains("  1. VPC console > Route Tables > vtb-bp1bizu0fvfkecod5902t > Add Route Entry: destination 10.10.1.0/24, next hop VPC peering connection pcc-"),
        "{text}"
    );
    assert!(text.contains("(API CreateRouteEntry)"), "{text}");
}

#[test]
fn fix_needs_a_valid_inventory_and_writes_nothing_otherwise() {
    let (_dir, path) = temp("bad.json", r#"{"version": 1, "vpcs": [{"id": 3}]}"#);
    let (code, stdout, stderr) = netreach(&["fix", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("bad.json"), "{stderr}");
}

#[test]
fn a_plan_that_does_not_apply_is_refused_naming_the_operation() {
    let plan = r#"[{"op": "test", "path": "/data_sources/0/id", "value": "ds-elsewhere"}]"#;
    let (_dir, plan_path) = temp("plan.json", plan);
    let (code, stdout, stderr) = netreach(&[
        "diff",
        "samples/same-vpc.broken.json",
        "--plan",
        plan_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("operation 0"), "{stderr}");
}

#[test]
fn a_data_center_return_route_names_the_vbr_address() {
    let mut document: Value = serde_json::from_str(
        &std::fs::read_to_string("samples/5-data-center-vbr.broken.json").unwrap(),
    )
    .unwrap();
    document["vbrs"][0]["local_ip"] = "10.254.0.1".into();
    document["vbrs"][0]["peer_ip"] = "10.254.0.2".into();
    let (_dir, path) = temp("vbr.json", &document.to_string());
    let (code, text, stderr) = netreach(&["fix", path.to_str().unwrap(), "--format", "text"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains("via 10.254.0.1 (the Alibaba-side address of VBR"),
        "{text}"
    );
}

#[test]
fn a_plan_that_is_not_json_patch_is_refused_with_its_json_path() {
    let plan = r#"[
  {"op": "test", "path": "/version", "value": 1},
  {"op": "frobnicate", "path": "/vpcs/-"}
]"#;
    let (_dir, plan_path) = temp("plan.json", plan);
    let (code, stdout, stderr) = netreach(&[
        "diff",
        "samples/same-vpc.broken.json",
        "--plan",
        plan_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("/1"), "{stderr}");
    assert!(
        stderr.contains(":3:"),
        "the line of the bad operation: {stderr}"
    );
}

/// The most preferred fix of ds-a (propagating att-y into trt-1) would bring
/// 10.20.1.0/24 into trt-1 from a second VPC and make rg-1 -> ds-b unknown
/// (`route-conflict`): the prover must see the bystander get worse, rule the
/// propagation out and prove the static route instead (semantics S10.2).
#[test]
fn a_fix_that_would_break_another_pair_is_replaced_by_one_that_does_not() {
    let path = "tests/fixtures/fix/propagation-conflict.json";
    let (code, text, _) = netreach(&["check", path]);
    assert_eq!(code, 1);
    assert!(text.contains("reachable   rg-1 -> ds-b"), "{text}");
    let (code, plan, stderr) = netreach(&["fix", path]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!plan.contains("/propagations/"), "{plan}");
    assert!(plan.contains("\"10.30.0.0/16\""), "{plan}");
    let (_dir, plan_file) = temp("plan.json", &plan);
    let (code, diff, _) = netreach(&["diff", path, "--plan", plan_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{diff}");
    assert!(diff.contains("0 worse, 1 better"), "{diff}");
    // The report's fixes are the same proved change.
    let (_, report, _) = netreach(&["check", path, "--format", "json"]);
    let report: Value = serde_json::from_str(&report).unwrap();
    let action = report["pairs"][0]["fixes"][0]["action"].as_str().unwrap();
    assert!(
        action.contains("Add Route Entry: destination 10.30.0.0/16"),
        "{action}"
    );
}
