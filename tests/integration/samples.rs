//! Every bundled sample gives the verdicts its documentation claims
//! (`samples/expected.json`, mirrored in `samples/README.md`): verdict,
//! scenario, the blocking and undecided codes with the primary one first, and
//! for reachable pairs the complete set of warnings and notes.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn report(file: &Path) -> (i32, Value) {
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .arg("check")
        .arg(file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: no JSON report ({e}): {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

fn expected() -> Value {
    serde_json::from_str(include_str!("../../samples/expected.json")).unwrap()
}

#[test]
fn every_sample_is_documented() {
    let expected = expected();
    let documented: BTreeSet<String> = expected.as_object().unwrap().keys().cloned().collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && name != "expected.json")
        .collect();
    assert_eq!(documented, on_disk);
    let readme = include_str!("../../samples/README.md");
    for name in &on_disk {
        assert!(
            readme.contains(name.as_str()),
            "samples/README.md does not describe {name}"
        );
    }
}

#[test]
fn samples_give_their_documented_verdicts() {
    let expected = expected();
    let mut failures = Vec::new();
    for (file, pairs) in expected.as_object().unwrap() {
        let path = Path::new("samples").join(file);
        let (code, report) = report(&path);
        let all_reachable = report["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["verdict"] == "reachable");
        if code != if all_reachable { 0 } else { 1 } {
            failures.push(format!("{file}: exit {code}"));
        }
        let reported: BTreeSet<String> = report["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p["resource_group"].as_str().unwrap(),
                    p["data_source"].as_str().unwrap()
                )
            })
            .collect();
        // Keys `task ID` document the sample's tasks (semantics S9.1); the others its pairs.
        let documented: BTreeSet<String> = pairs
            .as_object()
            .unwrap()
            .keys()
            .filter(|key| !key.starts_with("task "))
            .cloned()
            .collect();
        if reported != documented {
            failures.push(format!(
                "{file}: pairs {reported:?} != documented {documented:?}"
            ));
        }
        check_tasks(file, pairs, &report, &mut failures);
        for (key, want) in pairs.as_object().unwrap() {
            if key.starts_with("task ") {
                continue;
            }
            let (rg, ds) = key.split_once(' ').unwrap();
            let Some(pair) = report["pairs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["resource_group"] == rg && p["data_source"] == ds)
            else {
                continue;
            };
            if pair["verdict"] != want["verdict"] {
                failures.push(format!(
                    "{file} {key}: verdict {} != {}",
                    pair["verdict"], want["verdict"]
                ));
            }
            if pair["scenario"] != want["scenario"] {
                failures.push(format!(
                    "{file} {key}: scenario {} != {}",
                    pair["scenario"], want["scenario"]
                ));
            }
            let findings = pair["findings"].as_array().unwrap();
            let decisive: Vec<&str> = findings
                .iter()
                .filter(|f| {
                    f["severity"] == "error"
                        || (f["severity"] == "warning" && is_undecided(f["code"].as_str().unwrap()))
                })
                .map(|f| f["code"].as_str().unwrap())
                .collect();
            let want_codes: Vec<&str> = want["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            if decisive.first() != want_codes.first()
                || decisive.iter().collect::<BTreeSet<_>>()
                    != want_codes.iter().collect::<BTreeSet<_>>()
            {
                failures.push(format!(
                    "{file} {key}: codes {decisive:?} != {want_codes:?}"
                ));
            }
            if let Some(first) = want_codes.first() {
                let primary = findings
                    .iter()
                    .find(|f| f["primary"] == true)
                    .map(|f| f["code"].as_str().unwrap());
                if primary != Some(*first) {
                    failures.push(format!("{file} {key}: primary {primary:?} != {first}"));
                }
                if pair["fixes"].as_array().unwrap().is_empty()
                    && pair["decisions"].as_array().is_none_or(|d| d.is_empty())
                {
                    failures.push(format!("{file} {key}: neither a proved fix nor a decision"));
                }
            }
            if let Some(notes) = want.get("notes") {
                let got: BTreeSet<&str> = findings
                    .iter()
                    .filter(|f| !decisive.contains(&f["code"].as_str().unwrap()))
                    .map(|f| f["code"].as_str().unwrap())
                    .collect();
                let want_notes: BTreeSet<&str> = notes
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect();
                if got != want_notes {
                    failures.push(format!("{file} {key}: notes {got:?} != {want_notes:?}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "samples disagree with their documentation:\n{}",
        failures.join("\n")
    );
}

/// The sample's tasks as documented: every task reported and no other, each
/// with its verdict and primary (`code on data source`, absent when reachable).
fn check_tasks(file: &str, documented: &Value, report: &Value, failures: &mut Vec<String>) {
    let tasks = report["tasks"].as_array().unwrap();
    let reported: BTreeSet<String> = tasks
        .iter()
        .map(|t| format!("task {}", t["task"].as_str().unwrap()))
        .collect();
    let want: BTreeSet<String> = documented
        .as_object()
        .unwrap()
        .keys()
        .filter(|key| key.starts_with("task "))
        .cloned()
        .collect();
    if reported != want {
        failures.push(format!("{file}: tasks {reported:?} != documented {want:?}"));
    }
    for task in tasks {
        let key = format!("task {}", task["task"].as_str().unwrap());
        let Some(want) = documented.get(&key) else {
            continue;
        };
        if task["verdict"] != want["verdict"] {
            failures.push(format!(
                "{file} {key}: verdict {} != {}",
                task["verdict"], want["verdict"]
            ));
        }
        let primary = task["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["primary"] == true)
            .map(|f| {
                format!(
                    "{} on {}",
                    f["code"].as_str().unwrap(),
                    f["data_source"].as_str().unwrap()
                )
            });
        if primary.as_deref() != want["primary"].as_str() {
            failures.push(format!(
                "{file} {key}: primary {primary:?} != {}",
                want["primary"]
            ));
        }
    }
}

fn is_undecided(code: &str) -> bool {
    matches!(
        code,
        "appliance-not-modelled" | "route-conflict" | "ipv6-not-analysed" | "leaves-model"
    )
}

#[test]
fn samples_audit_without_input_errors() {
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name == "expected.json" {
            continue;
        }
        let output = Command::cargo_bin("netreach")
            .unwrap()
            .arg("audit")
            .arg(&path)
            .output()
            .unwrap();
        assert_ne!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
