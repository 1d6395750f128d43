//! Safe output: `--output FILE` is complete or absent, control characters in
//! names never reach the terminal raw, a closed pipe ends the run quietly.

use std::io::Read;
use std::process::{Command as Process, Stdio};

use assert_cmd::cargo::cargo_bin;
use assert_cmd::Command;
use serde_json::json;

fn many_pairs(sources: usize) -> serde_json::Value {
    let data_sources: Vec<serde_json::Value> = (0..sources)
        .map(|i| {
            json!({"id": format!("ds-{i:05}"), "type": "mysql", "ip": format!("10.20.{}.{}", 1 + i / 250, 1 + i % 250),
                   "port": 3306, "location": {"vpc": "vpc-a"}, "whitelist": ["10.10.1.0/24"]})
        })
        .collect();
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.0.0.0/8"]}],
        "vswitches": [
            {"id": "vsw-rg", "vpc": "vpc-a", "cidr": "10.10.1.0/24"},
            {"id": "vsw-db", "vpc": "vpc-a", "cidr": "10.20.0.0/16"}
        ],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
                             "networks": [{"vpc": "vpc-a", "vswitch": "vsw-rg", "routes": []}]}],
        "data_sources": data_sources
    })
}

#[test]
fn output_file_is_written_whole_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("inv.json");
    std::fs::write(&inventory, many_pairs(50).to_string()).unwrap();
    let report = dir.path().join("report.json");
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args([
            "check",
            inventory.to_str().unwrap(),
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let parsed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(parsed["summary"]["pairs"], 50);
    // no temporary file is left behind
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".netreach-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn output_into_a_missing_directory_fails_cleanly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("inv.json");
    std::fs::write(&inventory, many_pairs(2).to_string()).unwrap();
    let report = dir.path().join("no/such/dir/report.txt");
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args([
            "check",
            inventory.to_str().unwrap(),
            "--output",
            report.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot open the output"));
    assert!(!report.exists());
}

#[test]
fn control_characters_in_names_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = many_pairs(1);
    inventory["data_sources"][0]["id"] = json!("ds-\u{1b}[31mred\u{7}\u{8}");
    inventory["data_sources"][0]["whitelist"] = json!([]);
    let path = dir.path().join("inv.json");
    std::fs::write(&path, inventory.to_string()).unwrap();
    for args in [
        vec!["check"],
        vec![
            "trace",
            "--from",
            "rg-1",
            "--to",
            "ds-\u{1b}[31mred\u{7}\u{8}",
        ],
    ] {
        let mut command = Command::cargo_bin("netreach").unwrap();
        command.args(&args[..1]).arg(&path).args(&args[1..]);
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{8}'),
            "{text:?}"
        );
        assert!(text.contains("ds-\\u{1b}[31mred\\u{7}\\u{8}"), "{text}");
    }
    // JSON keeps the name exactly, escaped by JSON itself
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .arg("check")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let raw = String::from_utf8_lossy(&output.stdout);
    assert!(!raw.contains('\u{1b}'));
    let parsed: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        parsed["pairs"][0]["data_source"],
        "ds-\u{1b}[31mred\u{7}\u{8}"
    );
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inv.json");
    std::fs::write(&path, many_pairs(20_000).to_string()).unwrap();
    let mut child = Process::new(cargo_bin("netreach"))
        .args(["check", path.to_str().unwrap(), "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(stderr.is_empty(), "stderr: {stderr}");
    assert!(matches!(status.code(), Some(0) | Some(1)), "{status:?}");
}
