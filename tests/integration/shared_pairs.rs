//! The text report of `check` shares work between alike resource groups (one
//! binding, same VPC, vSwitch and route list, no public address): a pair of a
//! group alike to one already checked is answered from the first one's result.
//! These tests hold the streamed, shared report of the binary to the report
//! rendered from every pair checked on its own, on every sample with its groups
//! duplicated (alike twins, and twins without a route list, whose failing pairs
//! name the group and must not be shared).

use std::path::Path;

use assert_cmd::Command;
use netreach::overlap::Scope;
use serde_json::Value;

use super::util::analyse_text;

/// Every group followed by alike twins: two identical but for the id and the
/// name, two without a route list and two with a route list that covers
/// nothing (each pair alike to each other only).
fn with_twins(inventory: &mut Value, copies: usize) {
    let Some(groups) = inventory["resource_groups"].as_array().cloned() else {
        return;
    };
    let mut all = Vec::new();
    for group in groups {
        let id = group["id"].as_str().unwrap().to_string();
        all.push(group.clone());
        for n in 0..copies {
            for twin in ["a", "b"] {
                let mut copy = group.clone();
                copy["id"] = Value::from(format!("{n:05}-{id}-twin-{twin}"));
                copy["name"] = Value::from(format!("twin {twin} of {id}"));
                all.push(copy);
            }
        }
        // Without a route list (rg-routes-unknown), and with one that covers
        // nothing (rg-route-missing, whose message and fix name the group).
        for (twin, routes) in [
            ("unlisted-c", None),
            ("unlisted-d", None),
            ("narrow-e", Some("192.0.2.0/24")),
            ("narrow-f", Some("192.0.2.0/24")),
        ] {
            for n in 0..copies {
                let mut copy = group.clone();
                copy["id"] = Value::from(format!("{n:05}-{id}-{twin}"));
                if let Some(networks) = copy["networks"].as_array_mut() {
                    for network in networks {
                        if let Some(binding) = network.as_object_mut() {
                            match routes {
                                None => binding.remove("routes"),
                                Some(route) => {
                                    binding.insert("routes".into(), Value::from(vec![route]))
                                }
                            };
                        }
                    }
                }
                all.push(copy);
            }
        }
        // Old-version twins without a public address: they reach internet data
        // sources over their default EIP (semantics S9.2), not like a serverless
        // group of the same binding, and `public-ip-unknown` names the group.
        // And old-version twins that leave from one public address (semantics S1.3).
        for (twin, public_ip) in [
            ("old-g", None),
            ("old-h", None),
            ("pub-i", Some("203.0.113.77")),
            ("pub-j", Some("203.0.113.77")),
        ] {
            for n in 0..copies {
                let mut copy = group.clone();
                copy["id"] = Value::from(format!("{n:05}-{id}-{twin}"));
                copy["type"] = Value::from("exclusive_data_integration");
                if let Some(object) = copy.as_object_mut() {
                    match public_ip {
                        None => object.remove("public_ip"),
                        Some(ip) => object.insert("public_ip".into(), Value::from(ip)),
                    };
                }
                all.push(copy);
            }
        }
    }
    inventory["resource_groups"] = Value::from(all);
}

/// The task and pair lines of the text report, every pair checked on its own.
fn unshared(text: &str) -> String {
    let (pairs, tasks) = analyse_text("twins.json", text, Scope::Check).check_all_with_tasks();
    let mut report = String::new();
    netreach::render::text::task_lines(&mut report, &tasks);
    report.push_str(&netreach::render::text::check(&pairs, &[]));
    pair_lines(&report)
}

/// The report up to the inventory findings and the summary.
fn pair_lines(report: &str) -> String {
    let end = report
        .find("\ninventory findings:\n")
        .or_else(|| report.find("\ncheck: "))
        .unwrap_or(report.len());
    report[..end].to_string()
}

/// Checks `sample` with `copies` of each twin through the binary and returns
/// the shared report's pair lines, after comparing them with the unshared ones.
fn compare(dir: &Path, sample: &Path, copies: usize) -> String {
    let name = sample.file_name().unwrap().to_string_lossy().to_string();
    let mut inventory: Value =
        serde_json::from_str(&std::fs::read_to_string(sample).unwrap()).unwrap();
    with_twins(&mut inventory, copies);
    let text = inventory.to_string();
    let file = dir.join(&name);
    std::fs::write(&file, &text).unwrap();
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let streamed = pair_lines(&String::from_utf8(output.stdout).unwrap());
    let alone = unshared(&text);
    if streamed != alone {
        let diff = streamed
            .lines()
            .zip(alone.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("shared: {a}\nalone:  {b}"))
            .unwrap_or_else(|| "one report is longer".into());
        panic!("{name}: the shared report differs\n{diff}");
    }
    streamed
}

/// Every sample, each group with a few twins.
#[test]
fn alike_groups_get_the_reports_they_would_get_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.extension().is_none_or(|e| e != "json") || name == "expected.json" {
            continue;
        }
        let streamed = compare(dir.path(), &path, 1);
        assert!(streamed.contains("-twin-b "), "{name}: no twin checked");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} samples");
}

/// Enough twins that pairs are shared across the blocks `check` works in
/// (16,384 pairs): twins are named by copy number first, so every block holds
/// twins of every class, and the later blocks' pairs, reachable and failing,
/// come from the first block's, except those whose findings name the group.
#[test]
fn twins_across_blocks_share_exactly() {
    let dir = tempfile::tempdir().unwrap();
    // 7 data sources, 2 groups: 2 × (1 + 10 × 400) groups × 7 = 56,014 pairs.
    let streamed = compare(dir.path(), Path::new("samples/showcase.json"), 400);
    let failing_twins = streamed
        .lines()
        .filter(|l| {
            (l.starts_with("UNREACHABLE") || l.starts_with("UNKNOWN")) && l.contains("-twin-")
        })
        .count();
    assert!(failing_twins > 400, "{failing_twins} failing twin pairs");
    let named = streamed
        .lines()
        .filter(|l| {
            l.contains("rg-route-missing") && l.contains("00399-") && l.contains("-narrow-f")
        })
        .count();
    assert!(named > 0, "no rg-route-missing naming a late narrow twin");
}
