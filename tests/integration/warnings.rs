//! Warnings that count (issue 17): `check` names every warning and note of a
//! pair on its own line, counts them by code and points to `explain`;
//! `--fail-on error|unknown|warning` on `check`, `trace`, `diff` and `audit`;
//! `diff` reports new and resolved warnings per pair; text lines stay short;
//! plurals; `diff` usage in BEFORE AFTER order; argument mix-ups named.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

/// (exit code, stdout, stderr) of `netreach ARGS…`.
fn netreach(args: &[&str]) -> (Option<i32>, String, String) {
    let output = super::util::output_of(super::util::netreach().args(args).env_remove("NO_COLOR"));
    (output.code, output.stdout, output.stderr)
}

/// The sample inventory `samples/NAME`.
fn sample(name: &str) -> Value {
    super::util::read_json(&super::util::sample(name))
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

/// The peering sample as an export gives it: no whitelist, no route list.
fn exported() -> Value {
    let mut inventory = sample("1-same-region-peering.json");
    for source in inventory["data_sources"].as_array_mut().unwrap() {
        source.as_object_mut().unwrap().remove("whitelist");
    }
    for group in inventory["resource_groups"].as_array_mut().unwrap() {
        for network in group["networks"].as_array_mut().unwrap() {
            network.as_object_mut().unwrap().remove("routes");
        }
    }
    inventory
}

const FOOTER: &str = "netreach explain CODE for what a code means and how to fix it";

#[test]
fn check_names_every_warning_counts_them_and_points_to_explain() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "exported.json", &exported());
    let file = file.to_str().unwrap();
    let (code, stdout, _) = netreach(&["check", file]);
    assert_eq!(code, Some(0), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let pair = lines
        .iter()
        .position(|l| l.starts_with("reachable   rg-serverless-etl -> ds-rds-crm"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(lines[pair].ends_with("(2 warnings)"), "{stdout}");
    assert!(
        lines[pair + 1].starts_with("  warning[W302] rg-routes-unknown rg-serverless-etl: "),
        "{stdout}"
    );
    assert!(
        lines[pair + 2].starts_with("  warning[W301] whitelist-unknown ds-rds-crm: "),
        "{stdout}"
    );
    assert!(stdout.contains("check: 1 pair: 1 reachable"), "{stdout}");
    assert!(
        stdout.contains("findings by code: 2 warnings (1 whitelist-unknown, 1 rg-routes-unknown)"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(FOOTER), "{stdout}");

    // --fail-on: warning fails, error and unknown do not; --allow-unknown is error
    assert_eq!(
        netreach(&["check", file, "--fail-on", "warning"]).0,
        Some(1)
    );
    assert_eq!(
        netreach(&["check", file, "--fail-on", "unknown"]).0,
        Some(0)
    );
    assert_eq!(netreach(&["check", file, "--fail-on", "error"]).0, Some(0));
    for format in ["json", "sarif", "junit"] {
        let args = ["check", file, "--format", format, "--fail-on", "warning"];
        assert_eq!(netreach(&args).0, Some(1), "{format}");
    }
    let (_, junit, _) = netreach(&["check", file, "--format", "junit", "--fail-on", "warning"]);
    assert!(junit.contains(r#"failures="1""#), "{junit}");
    assert!(junit.contains(r#"type="warning""#), "{junit}");
    assert!(
        junit.contains("warning whitelist-unknown ds-rds-crm: "),
        "{junit}"
    );
    let (_, junit, _) = netreach(&["check", file, "--format", "junit"]);
    assert!(junit.contains(r#"failures="0""#), "{junit}");
    let (code, _, stderr) = netreach(&["check", file, "--allow-unknown", "--fail-on", "warning"]);
    assert_eq!(code, Some(2), "{stderr}");
    let trace = [
        "trace",
        file,
        "--from",
        "rg-serverless-etl",
        "--to",
        "ds-rds-crm",
    ];
    assert_eq!(netreach(&trace).0, Some(0));
    let mut failing = trace.to_vec();
    failing.extend(["--fail-on", "warning"]);
    assert_eq!(netreach(&failing).0, Some(1));
}

#[test]
fn a_clean_report_has_no_footer_and_a_pair_is_one_pair() {
    let (code, stdout, _) = netreach(&["check", "samples/same-vpc.json"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("check: 1 pair: "), "{stdout}");
    assert!(!stdout.contains("findings by code"), "{stdout}");
    assert!(!stdout.contains(FOOTER), "{stdout}");
}

#[test]
fn failing_pairs_show_their_warnings_and_the_footer() {
    let (code, stdout, _) = netreach(&["check", "samples/showcase.json"]);
    assert_eq!(code, Some(1));
    assert!(stdout.trim_end().ends_with(FOOTER), "{stdout}");
    assert!(stdout.contains("  note[I402] on-premises-firewall-not-modelled "));
    assert!(stdout.contains("findings by code: "), "{stdout}");
}

#[test]
fn text_lines_stay_under_160_characters() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let file = file.to_str().unwrap();
        for command in ["check", "audit"] {
            let (_, stdout, _) = netreach(&[command, file]);
            for line in stdout.lines() {
                // finding lines are what must stay short (a fix names what
                // to change, whole; audit wraps its findings)
                let finding = ["error[", "warning[", "note["]
                    .iter()
                    .any(|s| line.trim_start().starts_with(s));
                if !finding && command == "check" {
                    continue;
                }
                assert!(
                    line.chars().count() <= 160,
                    "{command} {file}: {} characters: {line}",
                    line.chars().count()
                );
            }
        }
    }
}

#[test]
fn diff_reports_a_new_warning_and_fails_on_it_with_fail_on_warning() {
    let dir = tempfile::tempdir().unwrap();
    let before = sample("2-cross-region.json");
    let mut after = before.clone();
    for attachment in after["tr_attachments"].as_array_mut().unwrap() {
        attachment.as_object_mut().unwrap().remove("bandwidth_mbps");
    }
    let before = write(dir.path(), "before.json", &before);
    let after = write(dir.path(), "after.json", &after);
    let (before, after) = (before.to_str().unwrap(), after.to_str().unwrap());
    let (code, stdout, _) = netreach(&["diff", before, after]);
    assert_eq!(code, Some(0), "warnings do not fail by default: {stdout}");
    assert!(
        stdout.contains("  new warning[W304] inter-region-test-bandwidth "),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 new warning on pairs, 0 resolved"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(FOOTER), "{stdout}");
    let (code, _, _) = netreach(&["diff", before, after, "--fail-on", "warning"]);
    assert_eq!(code, Some(1));
    // the way back resolves it
    let (code, stdout, _) = netreach(&["diff", after, before, "--fail-on", "warning"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("  resolved warning[W304] inter-region-test-bandwidth "),
        "{stdout}"
    );
    let (_, json, _) = netreach(&["diff", before, after, "--format", "json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["summary"]["new_warnings"], 1);
    let change = &report["changes"][0];
    assert_eq!(change["change"], "warnings");
    assert_eq!(
        change["new_warnings"][0]["code"],
        "inter-region-test-bandwidth"
    );
}

#[test]
fn audit_fails_on_warnings_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = sample("same-vpc.json");
    inventory["data_sources"][0]["whitelist"] = json!(["0.0.0.0/0"]);
    let file = write(dir.path(), "open.json", &inventory);
    let file = file.to_str().unwrap();
    let (code, stdout, _) = netreach(&["audit", file]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("whitelist-open"), "{stdout}");
    assert_eq!(
        netreach(&["audit", file, "--fail-on", "warning"]).0,
        Some(1)
    );
    assert_eq!(netreach(&["audit", file, "--fail-on", "error"]).0, Some(0));
}

#[test]
fn diff_usage_reads_before_after() {
    let (code, stdout, _) = netreach(&["diff", "--help"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("netreach diff [OPTIONS] BEFORE AFTER"),
        "{stdout}"
    );
    let before = stdout.find("<BEFORE>").unwrap_or(usize::MAX);
    let after = stdout.find("[AFTER]").unwrap_or(0);
    assert!(before < after, "{stdout}");
}

#[test]
fn trace_names_swapped_arguments() {
    let (code, stdout, stderr) = netreach(&[
        "trace",
        "samples/same-vpc.json",
        "--from",
        "ds-rds-orders",
        "--to",
        "rg-serverless-etl",
    ]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("did you swap --from and --to?"), "{stderr}");
    // an id of the other kind given to one option names the option it belongs to
    for (args, expected) in [
        (
            vec!["check", "samples/same-vpc.json", "--resource-group", "ds-rds-orders"],
            "`ds-rds-orders` is a data source, not a resource group: did you mean to give it to --data-source?",
        ),
        (
            vec!["check", "samples/same-vpc.json", "--data-source", "rg-serverless-etl"],
            "did you mean to give it to --resource-group?",
        ),
        (
            vec![
                "trace",
                "samples/same-vpc.json",
                "--from",
                "rg-serverless-etl",
                "--to",
                "rg-serverless-etl",
            ],
            "did you mean to give it to --from?",
        ),
    ] {
        let (code, _, stderr) = netreach(&args);
        assert_eq!(code, Some(2));
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn an_empty_return_says_why() {
    let cases = [
        (
            "samples/6-internet-nat.json",
            "ds-partner-postgres-crm",
            "return: not traced: replies are stateful through the NAT gateway ngw-",
        ),
        (
            "samples/showcase.json",
            "ds-idc-oracle-erp",
            "return: fails at its first hop: return-route-missing idc-hz-xixi",
        ),
        (
            "samples/classic.json",
            "ds-rds-billing",
            "return: not traced: the data source is on the classic network",
        ),
    ];
    for (file, source, expected) in cases {
        let group = if file.contains("showcase") {
            "rg-serverless-adhoc"
        } else {
            "rg-serverless-etl"
        };
        let (_, stdout, stderr) = netreach(&["trace", file, "--from", group, "--to", source]);
        assert!(stdout.contains(expected), "{file}: {stdout}{stderr}");
        assert!(!stdout.contains("return:\n  (none)"), "{file}: {stdout}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let file = "samples/showcase.json";
    // a pipe: no colour by default, nor with NO_COLOR
    let (_, plain, _) = netreach(&["check", file]);
    assert!(!plain.contains('\u{1b}'));
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args(["check", file, "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!output.stdout.contains(&0x1b));
    let (_, never, _) = netreach(&["check", file, "--color", "never"]);
    assert_eq!(never, plain);
    let (code, coloured, _) = netreach(&["check", file, "--color", "always"]);
    assert_eq!(code, Some(1));
    assert!(
        coloured.contains("\u{1b}[1;31mUNREACHABLE\u{1b}[0m "),
        "{coloured}"
    );
    assert!(
        coloured.contains("  \u{1b}[1;31merror\u{1b}[0m[R"),
        "{coloured}"
    );
    // the colour is all that differs
    let stripped = strip_sgr(&coloured);
    assert_eq!(stripped, plain);
    // JSON never has colour
    let (_, json, _) = netreach(&["check", file, "--format", "json", "--color", "always"]);
    assert!(!json.contains('\u{1b}'));
}

/// Hostile ids stay escaped with colour on: the only escape characters are the
/// colour's own.
#[test]
fn colour_keeps_hostile_text_escaped() {
    let file = "tests/fixtures/render/hostile-names.json";
    for command in ["check", "audit"] {
        let (_, coloured, stderr) = netreach(&[command, file, "--color", "always"]);
        let stripped = strip_sgr(&coloured);
        assert!(
            !stripped.chars().any(|c| c.is_control() && c != '\n'),
            "{command}: {stripped}{stderr}"
        );
    }
}

/// `text` without the SGR sequences `--color` adds.
fn strip_sgr(text: &str) -> String {
    let mut out = text.to_string();
    for code in [
        "\u{1b}[1;31m",
        "\u{1b}[1;33m",
        "\u{1b}[32m",
        "\u{1b}[36m",
        "\u{1b}[0m",
    ] {
        out = out.replace(code, "");
    }
    out
}

/// Ids with terminal escape sequences and control characters stay escaped in
/// the new lines: warning and note lines, the tally, the footer, diff's new
/// and resolved warnings, the two audit warnings, the return reason.
#[test]
fn hostile_ids_stay_escaped_in_the_new_lines() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = |name: &str, renames: &[(&str, &str)], edit: &dyn Fn(&mut Value)| {
        let mut text = serde_json::to_string(&sample(name)).unwrap();
        for (from, to) in renames {
            let quoted = serde_json::to_string(to).unwrap();
            text = text.replace(from, &quoted[1..quoted.len() - 1]);
        }
        let mut value: Value = serde_json::from_str(&text).unwrap();
        edit(&mut value);
        value
    };
    let evil = "\u{1b}[2J\u{7}";
    let nat_id = format!("ngw-{evil}x");
    let source_id = format!("ds-{evil}\u{9b}31m");
    let nat = hostile(
        "6-internet-nat.json",
        &[
            ("ngw-bp1qpajcmnn49q6x6bkvd", nat_id.as_str()),
            ("ds-partner-postgres-crm", source_id.as_str()),
        ],
        &|v| {
            v["nat_gateways"][0]["snat_entries"] = json!([]);
            for source in v["data_sources"].as_array_mut().unwrap() {
                source.as_object_mut().unwrap().remove("whitelist");
            }
        },
    );
    let clean = hostile("6-internet-nat.json", &[], &|_| {});
    let nat_file = write(dir.path(), "nat.json", &nat);
    let clean_file = write(dir.path(), "clean.json", &clean);
    let (nat_file, clean_file) = (nat_file.to_str().unwrap(), clean_file.to_str().unwrap());
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", nat_file],
        vec!["audit", nat_file],
        vec!["diff", clean_file, nat_file],
        vec!["diff", nat_file, clean_file],
        vec![
            "trace",
            nat_file,
            "--from",
            "rg-serverless-etl",
            "--to",
            &source_id,
        ],
    ];
    for args in runs {
        let (_, stdout, stderr) = netreach(&args);
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{args:?} {stream}: {text}"
            );
        }
        assert!(
            stdout.contains("\\u{1b}[2J\\u{7}"),
            "{args:?}: {stdout}{stderr}"
        );
    }
}
