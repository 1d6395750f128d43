//! `diff` (snapshots and plans), SARIF and JUnit, through the binary.

use std::path::Path;

use serde_json::Value;

/// (exit code or -1, stdout, stderr) of `netreach ARGS…`.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = super::util::run(args);
    (output.code.unwrap_or(-1), output.stdout, output.stderr)
}

const GOOD: &str = "samples/1-same-region-peering.json";
const BROKEN: &str = "samples/1-same-region-peering.broken.json";

#[test]
fn diff_of_a_change_that_breaks_a_pair_exits_1() {
    let (code, out, _) = run(&["diff", GOOD, BROKEN, "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let change = &report["changes"][0];
    assert_eq!(change["resource_group"], "rg-serverless-etl");
    assert_eq!(change["data_source"], "ds-rds-crm");
    assert_eq!(change["before"], "reachable");
    assert_eq!(change["after"], "unreachable");
    assert_eq!(change["change"], "worse");
    assert_eq!(change["findings"][0]["code"], "return-route-missing");
    assert_eq!(report["summary"]["worse"], 1);
    let (code, text, _) = run(&["diff", GOOD, BROKEN]);
    assert_eq!(code, 1);
    assert!(text.contains("WORSE"), "{text}");
    assert!(text.contains("return-route-missing"), "{text}");
}

#[test]
fn diff_of_a_repair_exits_0_and_lists_the_pair_as_better() {
    let (code, out, _) = run(&["diff", BROKEN, GOOD, "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["changes"][0]["change"], "better");
    assert_eq!(report["changes"][0]["after"], "reachable");
    assert_eq!(report["summary"]["better"], 1);
}

#[test]
fn diff_of_identical_snapshots_has_no_changes() {
    let (code, out, _) = run(&["diff", GOOD, GOOD, "--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["changes"], serde_json::json!([]));
    assert_eq!(report["new_findings"], serde_json::json!([]));
    let (_, text, _) = run(&["diff", GOOD, GOOD]);
    assert!(text.contains("no pair changed its verdict"), "{text}");
}

#[test]
fn a_plan_that_applies_is_checked_as_the_after_snapshot() {
    let (code, out, _) = run(&[
        "diff",
        GOOD,
        "--plan",
        "samples/plans/move-crm-db.json",
        "--format",
        "json",
    ]);
    assert_eq!(
        code, 1,
        "moving the database without routes breaks the pair"
    );
    let report: Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = report["changes"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"rg-route-missing"), "{codes:?}");
    assert!(codes.contains(&"no-route"), "{codes:?}");
    let (code, out, _) = run(&[
        "diff",
        GOOD,
        "--plan",
        "samples/plans/move-crm-db.fixed.json",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no pair changed its verdict"), "{out}");
}

#[test]
fn a_plan_that_does_not_apply_is_exit_2_naming_the_operation() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, r#"[{"op": "add", "path": "/vpcs/-", "value": {}}, {"op": "remove", "path": "/nat_gateways/3"}]"#).unwrap();
    let (code, out, err) = run(&["diff", GOOD, "--plan", plan.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("operation 1"), "{err}");
    assert!(err.contains("/nat_gateways/3"), "{err}");
    std::fs::write(&plan, "[{\"op\": \"add\",").unwrap();
    let (code, out, err) = run(&["diff", GOOD, "--plan", plan.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("plan.json:1:"), "{err}");
}

#[test]
fn a_plan_whose_result_is_invalid_is_exit_2_with_the_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"[{"op": "replace", "path": "/data_sources/0/ip", "value": "10.99.0.1"}]"#,
    )
    .unwrap();
    let (code, out, err) = run(&["diff", GOOD, "--plan", plan.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("/data_sources/0/ip"), "{err}");
}

#[test]
fn diff_needs_after_or_a_plan() {
    let (code, _, err) = run(&["diff", GOOD]);
    assert_eq!(code, 2);
    assert!(err.contains("--plan") || err.contains("AFTER"), "{err}");
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    // The OASIS schema as published (tests/fixtures/sarif-schema-2.1.0.json, from
    // the serde-sarif crate). Its `language` patterns have a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) that a strict regex check of the
    // schema refuses; they are replaced by the pattern they mean. Nothing else changes.
    let published = include_str!("../fixtures/sarif-schema-2.1.0.json");
    let bad = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    assert!(published.contains(bad));
    let schema: Value =
        serde_json::from_str(&published.replace(bad, "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for sample in ["samples/showcase.json", BROKEN, GOOD] {
        let (code, out, _) = run(&["check", sample, "--format", "sarif"]);
        assert!(code == 0 || code == 1);
        let log: Value = serde_json::from_str(&out).unwrap();
        let problems: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(problems.is_empty(), "{sample}: {problems:?}");
    }
}

#[test]
fn sarif_has_a_result_per_blocking_finding_pointing_at_the_resource_line() {
    let (_, out, _) = run(&["check", BROKEN, "--format", "sarif"]);
    let log: Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result["ruleId"], "return-route-missing");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    let rule = &run["tool"]["driver"]["rules"][index];
    assert_eq!(rule["id"], "return-route-missing");
    assert!(rule["help"]["text"]
        .as_str()
        .unwrap()
        .contains("Why it matters"));
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], BROKEN);
    // the finding is about the data source VPC's route table: its line in the file
    let line = location["region"]["startLine"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(Path::new(BROKEN)).unwrap();
    let resource = result["locations"][0]["logicalLocations"][0]["name"]
        .as_str()
        .unwrap();
    let found = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(&format!("\"{resource}\"")))
        .map(|(i, _)| i + 1);
    assert!(
        found.is_some_and(|first| line <= first && first - line <= 2),
        "line {line}, id first at {found:?}"
    );
}

#[test]
fn junit_is_well_formed_with_one_test_case_per_pair() {
    let (code, out, _) = run(&["check", "samples/showcase.json", "--format", "junit"]);
    assert_eq!(code, 1);
    let mut reader = quick_xml::Reader::from_str(&out);
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                match e.name().as_ref() {
                    b"testsuite" => suites += 1,
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Empty(e)) => {
                if e.name().as_ref() == b"testcase" {
                    cases += 1;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("malformed XML: {e}\n{out}"),
        }
    }
    assert_eq!(depth, 0);
    // the showcase's five tasks (samples/README.md) are a suite of their own
    assert_eq!(suites, 3, "one suite per resource group, and the tasks");
    assert_eq!(cases, 14 + 5, "one case per pair and per task");
    assert_eq!(failures, 6 + 3, "one failure per unreachable pair or task");
    assert!(out.contains("type=\"snat-missing\""), "{out}");
    assert!(out.contains("fix: NAT Gateway console"), "{out}");
    assert!(out.contains("Create SNAT Entry"), "{out}");
}

/// `NETREACH_TIMINGS=1` writes one `timing:` line per stage to stderr (the
/// proof's first pass among them on a failing inventory) and changes no byte
/// of the report; without it no such line is written.
#[test]
fn stage_timings_go_to_stderr_and_change_no_report_byte() {
    for format in ["text", "json"] {
        let args = ["check", BROKEN, "--format", format];
        let plain = super::util::output_of(super::util::netreach().args(args));
        let timed = super::util::output_of(
            super::util::netreach()
                .args(args)
                .env("NETREACH_TIMINGS", "1"),
        );
        assert_eq!(plain.code, timed.code);
        assert_eq!(plain.stdout, timed.stdout, "{format}");
        assert!(!plain.stderr.contains("timing:"), "{}", plain.stderr);
        for stage in [
            "timing: load ",
            "timing: prove: first pass ",
            "timing: plan ",
        ] {
            assert!(timed.stderr.contains(stage), "{stage} in {}", timed.stderr);
        }
    }
}
