//! `--overlay FILE` (inventory.md, additions of version 1.1; semantics S9.8):
//! amends the merged inventory by id, on every command that reads one.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::util::{netreach, write_text as write};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec-example.json")
}

/// `check --format json` of the example with the overlays; (exit, report, stderr).
fn check(overlays: &[&Path]) -> (Option<i32>, Value, String) {
    let mut command = netreach();
    command.args(["check", "--format", "json"]).arg(example());
    for overlay in overlays {
        command.arg("--overlay").arg(overlay);
    }
    let run = command.output().unwrap();
    let report = serde_json::from_slice(&run.stdout).unwrap_or(Value::Null);
    (
        run.status.code(),
        report,
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

#[test]
fn an_existing_id_is_merged_and_null_removes_a_key() {
    let temp = tempfile::tempdir().unwrap();
    let (code, report, _) = check(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(report["pairs"][0]["verdict"], "reachable");
    // an empty whitelist: nothing allowed
    let closed = write(
        temp.path(),
        "closed.json",
        r#"{"data_sources": [{"id": "ds-orders", "whitelist": []}]}"#,
    );
    let (code, report, stderr) = check(&[&closed]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(report["pairs"][0]["verdict"], "unreachable");
    // null removes the whitelist: unknown, not checked
    let unknown = write(
        temp.path(),
        "unknown.yaml",
        "data_sources:\n  - id: ds-orders\n    whitelist: null\n",
    );
    let (code, report, stderr) = check(&[&closed, &unknown]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(report["pairs"][0]["verdict"], "reachable");
    let codes: Vec<&str> = report["pairs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"whitelist-unknown"), "{codes:?}");
}

#[test]
fn a_new_id_is_added_and_overlays_apply_in_order() {
    let temp = tempfile::tempdir().unwrap();
    let add = write(
        temp.path(),
        "add.json",
        r#"{"version": 1, "data_sources": [{"id": "ds-new", "type": "mysql", "ip": "10.20.1.16",
            "port": 3306, "location": {"vpc": "vpc-db"}, "whitelist": ["10.10.1.0/24"]}]}"#,
    );
    let port = write(
        temp.path(),
        "port.json",
        r#"{"data_sources": [{"id": "ds-new", "port": 5432, "type": "postgresql"}]}"#,
    );
    let (code, report, stderr) = check(&[&add, &port]);
    assert_eq!(code, Some(0), "{stderr}");
    let pairs = report["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[0]["data_source"], "ds-new");
    // the same overlays on audit, trace and render
    for args in [
        vec!["audit"],
        vec!["trace", "--from", "rg-1", "--to", "ds-new"],
        vec!["render"],
    ] {
        let run = netreach()
            .args(&args)
            .arg(example())
            .arg("--overlay")
            .arg(&add)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

#[test]
fn errors_name_the_overlay_file_path_line_and_column() {
    let temp = tempfile::tempdir().unwrap();
    let no_id = write(
        temp.path(),
        "no-id.json",
        "{\n  \"data_sources\": [\n    {\"port\": 1}\n  ]\n}\n",
    );
    let (code, _, stderr) = check(&[&no_id]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no-id.json"), "{stderr}");
    assert!(stderr.contains("/data_sources/0"), "{stderr}");
    assert!(stderr.contains(":3:5"), "{stderr}");
    assert!(stderr.contains("`id`"), "{stderr}");

    let bad_port = write(
        temp.path(),
        "bad-port.json",
        "{\"data_sources\": [\n  {\"id\": \"ds-orders\", \"port\": \"x\"}\n]}\n",
    );
    let (code, _, stderr) = check(&[&bad_port]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("bad-port.json") && stderr.contains("/data_sources/0/port"),
        "{stderr}"
    );
    assert!(stderr.contains(":2:"), "{stderr}");

    let other_list = write(
        temp.path(),
        "other.json",
        r#"{"vpcs": [{"id": "ds-orders", "region": "cn-hangzhou", "cidrs": ["10.30.0.0/16"]}]}"#,
    );
    let (code, _, stderr) = check(&[&other_list]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("other.json")
            && stderr.contains("already used by an element of `data_sources`"),
        "{stderr}"
    );

    let unknown = write(temp.path(), "unknown.json", r#"{"data_source": []}"#);
    let (code, _, stderr) = check(&[&unknown]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("did you mean `data_sources`"), "{stderr}");

    let version = write(temp.path(), "version.json", r#"{"version": 2}"#);
    let (code, _, stderr) = check(&[&version]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("`version` must be 1"), "{stderr}");
}

#[test]
fn an_overlay_is_refused_where_no_inventory_is_read() {
    let run = netreach()
        .args(["schema", "inventory", "--overlay", "x.json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--overlay amends an inventory"));
}

#[test]
fn diff_applies_the_overlay_to_both_sides_and_after_a_plan() {
    let temp = tempfile::tempdir().unwrap();
    let closed = write(
        temp.path(),
        "closed.json",
        r#"{"data_sources": [{"id": "ds-orders", "whitelist": []}]}"#,
    );
    let plan = write(
        temp.path(),
        "plan.json",
        r#"[{"op": "replace", "path": "/data_sources/0/port", "value": 3307}]"#,
    );
    let run = netreach()
        .args(["diff", "--format", "json"])
        .arg(example())
        .arg("--plan")
        .arg(&plan)
        .arg("--overlay")
        .arg(&closed)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    // unreachable before and after: no verdict changed
    let text = report.to_string();
    assert!(!text.contains("\"reachable\""), "{report:#}");
}
