//! DataWorks tasks (semantics S9.1, S9.8 "Tasks"; issue 16): a task checked as a
//! whole with its resource group, `check --task`, `--scope tasks`, the reports'
//! `tasks`, `diff` of tasks, and the input errors of a task.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::util::{netreach, output_of, tempdir, write, Output};

/// The spec example with two groups and four data sources: `ds-orders`
/// reachable, `ds-warehouse` and `ds-archive` unreachable (`whitelist-missing`),
/// `ds-v6` unknown (`ipv6-not-analysed`).
fn inventory(tasks: Value) -> Value {
    let mut inventory: Value = serde_json::from_str(include_str!("../fixtures/spec-example.json"))
        .expect("the spec example is JSON");
    let ds = |id: &str, ip: &str| {
        json!({"id": id, "type": "mysql", "ip": ip, "port": 3306,
               "location": {"vpc": "vpc-db"}, "whitelist": []})
    };
    let sources = inventory["data_sources"].as_array_mut().expect("a list");
    sources.push(ds("ds-warehouse", "10.20.1.16"));
    sources.push(ds("ds-archive", "10.20.1.17"));
    sources.push(
        json!({"id": "ds-v6", "type": "mysql", "ip": "2001:db8::10", "port": 3306,
                        "location": {"internet": true}}),
    );
    let groups = inventory["resource_groups"].as_array_mut().expect("a list");
    groups.push(
        json!({"id": "rg-2", "type": "serverless", "region": "cn-hangzhou",
        "networks": [{"vpc": "vpc-dw", "vswitch": "vsw-dw", "routes": ["10.20.0.0/16"]}]}),
    );
    inventory["tasks"] = tasks;
    inventory
}

fn sync(id: &str, rg: &str, source: &str, destination: &str) -> Value {
    json!({"id": id, "type": "sync", "resource_group": rg, "source": source, "destination": destination})
}

/// Every rule's task, one per case of S9.1 / S9.8.
fn all_tasks() -> Value {
    json!([
        sync("orders-to-warehouse", "rg-1", "ds-orders", "ds-warehouse"),
        sync("orders-to-orders-copy", "rg-1", "ds-orders", "ds-v6"),
        sync("archive-to-warehouse", "rg-1", "ds-archive", "ds-warehouse"),
        sync("v6-to-archive", "rg-1", "ds-v6", "ds-archive"),
        {"id": "orders-nightly", "type": "schedule", "resource_group": "rg-1", "source": "ds-orders"},
        {"id": "orders-api", "type": "service", "resource_group": "rg-2", "source": "ds-orders"},
        {"id": "orders-to-odps", "name": "into MaxCompute", "type": "sync", "resource_group": "rg-2", "source": "ds-archive"},
    ])
}

fn file(dir: &tempfile::TempDir, value: &Value) -> PathBuf {
    write(dir, "inventory.json", value)
}

fn check(path: &Path, args: &[&str]) -> Output {
    output_of(netreach().arg("check").arg(path).args(args))
}

fn check_json(path: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = check(path, &[args, &["--format", "json"]].concat());
    let report = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON: {e}\n{}\n{}", out.stdout, out.stderr));
    (out.code, report)
}

fn task<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["tasks"]
        .as_array()
        .and_then(|tasks| tasks.iter().find(|t| t["task"] == id))
        .unwrap_or_else(|| panic!("no task {id} in {}", report["tasks"]))
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .map(|e| e[key].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn pair_ids(report: &Value) -> Vec<String> {
    report["pairs"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        p["resource_group"].as_str().unwrap_or(""),
                        p["data_source"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_task_takes_the_worst_verdict_of_its_pairs_and_the_primary_of_the_first_such_pair() {
    let dir = tempdir();
    let path = file(&dir, &inventory(all_tasks()));
    let (code, report) = check_json(&path, &[]);
    assert_eq!(code, Some(1));
    // sorted by task id
    assert_eq!(
        ids(&report["tasks"], "task"),
        [
            "archive-to-warehouse",
            "orders-api",
            "orders-nightly",
            "orders-to-odps",
            "orders-to-orders-copy",
            "orders-to-warehouse",
            "v6-to-archive"
        ]
    );
    // reachable source, unreachable destination: unreachable, primary on the destination
    let t = task(&report, "orders-to-warehouse");
    assert_eq!(t["type"], "sync");
    assert_eq!(t["resource_group"], "rg-1");
    assert_eq!(t["verdict"], "unreachable");
    assert_eq!(
        t["pairs"],
        json!([
            {"data_source": "ds-orders", "role": "source", "verdict": "reachable"},
            {"data_source": "ds-warehouse", "role": "destination", "verdict": "unreachable"}
        ])
    );
    let primaries: Vec<&Value> = t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["primary"] == true)
        .collect();
    assert_eq!(primaries.len(), 1, "{}", t["findings"]);
    assert_eq!(primaries[0]["data_source"], "ds-warehouse");
    assert_eq!(primaries[0]["role"], "destination");
    assert_eq!(primaries[0]["code"], "whitelist-missing");
    // unknown beside reachable: unknown, primary the undecided finding
    let t = task(&report, "orders-to-orders-copy");
    assert_eq!(t["verdict"], "unknown");
    let primary = t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["primary"] == true)
        .unwrap();
    assert_eq!(primary["code"], "ipv6-not-analysed");
    assert_eq!(primary["data_source"], "ds-v6");
    // both unreachable: the source's primary; findings source first, each naming its side
    let t = task(&report, "archive-to-warehouse");
    assert_eq!(t["verdict"], "unreachable");
    let findings = t["findings"].as_array().unwrap();
    assert_eq!(
        findings
            .iter()
            .map(|f| (
                f["role"].as_str().unwrap(),
                f["data_source"].as_str().unwrap(),
                f["primary"].as_bool().unwrap()
            ))
            .collect::<Vec<_>>(),
        [
            ("source", "ds-archive", true),
            ("destination", "ds-warehouse", false)
        ]
    );
    // unknown source, unreachable destination: unreachable; the primary is the
    // destination's (the first pair whose verdict is the task's), findings still source first
    let t = task(&report, "v6-to-archive");
    assert_eq!(t["verdict"], "unreachable");
    let findings = t["findings"].as_array().unwrap();
    assert_eq!(findings[0]["role"], "source");
    assert_eq!(findings[0]["code"], "ipv6-not-analysed");
    assert_eq!(findings[0]["primary"], false);
    let primary = findings.iter().find(|f| f["primary"] == true).unwrap();
    assert_eq!(
        (primary["role"].as_str(), primary["code"].as_str()),
        (Some("destination"), Some("whitelist-missing"))
    );
    // a reachable task has no primary and no blocking finding
    let t = task(&report, "orders-nightly");
    assert_eq!(t["verdict"], "reachable");
    assert!(t["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["primary"] == false));
    assert_eq!(
        t["pairs"],
        json!([{"data_source": "ds-orders", "role": "source", "verdict": "reachable"}])
    );
    // schedule and service tasks: one pair, with their group
    assert_eq!(task(&report, "orders-api")["resource_group"], "rg-2");
    assert_eq!(task(&report, "orders-api")["type"], "service");
    // a sync task without a destination is checked on its source alone
    let t = task(&report, "orders-to-odps");
    assert_eq!(t["verdict"], "unreachable");
    assert_eq!(ids(&t["pairs"], "role"), ["source"]);
    assert_eq!(
        report["summary"]["tasks"],
        json!({"tasks": 7, "reachable": 2, "unreachable": 4, "unknown": 1})
    );
}

#[test]
fn without_tasks_the_report_says_so() {
    let dir = tempdir();
    let path = file(&dir, &inventory(json!([])));
    let (_, report) = check_json(&path, &[]);
    assert_eq!(report["tasks"], json!([]));
    assert_eq!(
        report["summary"]["tasks"],
        json!({"tasks": 0, "reachable": 0, "unreachable": 0, "unknown": 0})
    );
    let out = check(&path, &[]);
    assert!(!out.stdout.contains("tasks:"), "{}", out.stdout);
}

#[test]
fn the_text_report_gives_one_line_per_task_before_the_pairs() {
    let dir = tempdir();
    let path = file(&dir, &inventory(all_tasks()));
    let out = check(&path, &[]);
    assert_eq!(out.code, Some(1));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        &lines[..8],
        [
            "sync job archive-to-warehouse (on rg-1): source UNREACHABLE, destination UNREACHABLE: whitelist-missing on ds-archive",
            "service API orders-api (on rg-2): source reachable",
            "schedule job orders-nightly (on rg-1): source reachable",
            "sync job orders-to-odps (on rg-2): source UNREACHABLE: whitelist-missing on ds-archive",
            "sync job orders-to-orders-copy (on rg-1): source reachable, destination UNKNOWN: ipv6-not-analysed on ds-v6",
            "sync job orders-to-warehouse (on rg-1): source reachable, destination UNREACHABLE: whitelist-missing on ds-warehouse",
            "sync job v6-to-archive (on rg-1): source UNKNOWN, destination UNREACHABLE: whitelist-missing on ds-archive",
            "",
        ]
    );
    assert!(
        out.stdout
            .contains("\ntasks: 7 tasks: 2 reachable, 4 unreachable, 1 unknown\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn task_selects_the_task_and_its_pairs_and_adds_to_other_selections() {
    let dir = tempdir();
    let path = file(&dir, &inventory(all_tasks()));
    // --task alone: that task and its pairs
    let (code, report) = check_json(&path, &["--task", "orders-to-warehouse"]);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&report["tasks"], "task"), ["orders-to-warehouse"]);
    assert_eq!(pair_ids(&report), ["rg-1 ds-orders", "rg-1 ds-warehouse"]);
    assert_eq!(report["summary"]["pairs"], 2);
    // a reachable task alone passes
    let (code, report) = check_json(&path, &["--task", "orders-nightly"]);
    assert_eq!(code, Some(0));
    assert_eq!(pair_ids(&report), ["rg-1 ds-orders"]);
    // with --resource-group: the group's pairs plus the task's; the task, and every
    // task whose pairs are all selected
    let (_, report) = check_json(
        &path,
        &["--task", "orders-to-warehouse", "--resource-group", "rg-2"],
    );
    assert_eq!(
        pair_ids(&report),
        [
            "rg-1 ds-orders",
            "rg-1 ds-warehouse",
            "rg-2 ds-archive",
            "rg-2 ds-orders",
            "rg-2 ds-v6",
            "rg-2 ds-warehouse"
        ]
    );
    assert_eq!(
        ids(&report["tasks"], "task"),
        ["orders-api", "orders-to-odps", "orders-to-warehouse"]
    );
    // without --task: the tasks whose pairs are all selected
    let (_, report) = check_json(
        &path,
        &[
            "--resource-group",
            "rg-1",
            "--data-source",
            "ds-orders",
            "--data-source",
            "ds-warehouse",
        ],
    );
    assert_eq!(
        ids(&report["tasks"], "task"),
        ["orders-nightly", "orders-to-warehouse"]
    );
    assert_eq!(report["summary"]["pairs"], 2);
    // an unknown task id is an input error with the closest id
    let out = check(&path, &["--task", "orders-to-warehuose"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("did you mean `orders-to-warehouse`?"),
        "{}",
        out.stderr
    );
    // a data source given to --task names what it is
    let out = check(&path, &["--task", "ds-orders"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("`ds-orders` is a data source, not a task"),
        "{}",
        out.stderr
    );
}

#[test]
fn scope_tasks_checks_only_the_pairs_tasks_use() {
    let dir = tempdir();
    let tasks = json!([
        sync("orders-to-warehouse", "rg-1", "ds-orders", "ds-warehouse"),
        {"id": "orders-api", "type": "service", "resource_group": "rg-2", "source": "ds-orders"},
    ]);
    let path = file(&dir, &inventory(tasks));
    let (code, report) = check_json(&path, &["--scope", "tasks"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        pair_ids(&report),
        ["rg-1 ds-orders", "rg-1 ds-warehouse", "rg-2 ds-orders"]
    );
    assert_eq!(report["summary"]["pairs"], 3);
    assert_eq!(report["summary"]["tasks"]["tasks"], 2);
    // the text report counts the same pairs
    let out = check(&path, &["--scope", "tasks"]);
    assert!(
        out.stdout
            .contains("check: 3 pairs: 2 reachable, 1 unreachable, 0 unknown"),
        "{}",
        out.stdout
    );
    // narrowed by --resource-group: the tasks of that group
    let (code, report) = check_json(&path, &["--scope", "tasks", "--resource-group", "rg-2"]);
    assert_eq!(code, Some(0));
    assert_eq!(pair_ids(&report), ["rg-2 ds-orders"]);
    assert_eq!(ids(&report["tasks"], "task"), ["orders-api"]);
}

#[test]
fn fix_task_plans_for_the_tasks_pairs() {
    let dir = tempdir();
    let path = file(&dir, &inventory(all_tasks()));
    let out = output_of(
        netreach()
            .arg("fix")
            .arg(&path)
            .args(["--task", "orders-to-warehouse"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let patch: Value = serde_json::from_str(&out.stdout).unwrap();
    let text = patch.to_string();
    // the warehouse's whitelist is opened; nothing is planned for other data sources
    assert!(text.contains("10.10.1.0/24"), "{text}");
    let paths: Vec<&str> = patch
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|op| op["path"].as_str())
        .collect();
    let inv = inventory(all_tasks());
    let warehouse = inv["data_sources"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d["id"] == "ds-warehouse")
        .unwrap();
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with(&format!("/data_sources/{warehouse}/"))),
        "{paths:?}"
    );
}

#[test]
fn bad_tasks_are_input_errors_all_at_once() {
    let dir = tempdir();
    let tasks = json!([
        sync("t-missing-group", "rg-l", "ds-orders", "ds-warehouse"),
        {"id": "t-missing-source", "type": "schedule", "resource_group": "rg-1", "source": "ds-order"},
        {"id": "t-destination-on-service", "type": "service", "resource_group": "rg-1", "source": "ds-orders", "destination": "ds-warehouse"},
        sync("t-same", "rg-1", "ds-orders", "ds-orders"),
        sync("t-missing-destination", "rg-1", "ds-orders", "ds-warehous"),
    ]);
    let path = file(&dir, &inventory(tasks));
    let out = check(&path, &[]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    let err = &out.stderr;
    let name = path.display().to_string();
    for (pointer, message, hint) in [
        (
            "/tasks/0/resource_group",
            "`rg-l` names no resource (expected a resource group)",
            "did you mean `rg-1`?",
        ),
        (
            "/tasks/1/source",
            "`ds-order` names no resource (expected a data source)",
            "did you mean `ds-orders`?",
        ),
        (
            "/tasks/2/destination",
            "a `service` task has no destination (only `sync` tasks do)",
            "remove `destination`",
        ),
        (
            "/tasks/3/destination",
            "the task's destination `ds-orders` is also its source",
            "reads one data source and writes another",
        ),
        (
            "/tasks/4/destination",
            "`ds-warehous` names no resource (expected a data source)",
            "did you mean `ds-warehouse`?",
        ),
    ] {
        let line = err
            .lines()
            .position(|l| l.contains(pointer))
            .unwrap_or_else(|| panic!("no error at {pointer}:\n{err}"));
        let text = err.lines().nth(line).unwrap();
        assert!(text.starts_with(&format!("error: {name}:")), "{text}");
        // file:line:column
        let rest = &text[format!("error: {name}:").len()..];
        let mut parts = rest.splitn(3, ':');
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{text}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{text}");
        assert!(text.contains(message), "{text}");
        assert!(err.lines().nth(line + 1).unwrap().contains(hint), "{err}");
    }
    assert!(err.contains("5 input errors"), "{err}");
}

#[test]
fn a_task_is_an_id_like_any_other() {
    let dir = tempdir();
    let tasks = json!([{"id": "ds-orders", "type": "schedule", "resource_group": "rg-1", "source": "ds-orders"}]);
    let out = check(&file(&dir, &inventory(tasks)), &[]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("/tasks/0/id: duplicate id `ds-orders`"),
        "{}",
        out.stderr
    );
    // an unknown field is an input error
    let tasks = json!([{"id": "t", "type": "schedule", "resource_group": "rg-1", "source": "ds-orders", "sink": "x"}]);
    let out = check(&file(&dir, &inventory(tasks)), &[]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("/tasks/0"), "{}", out.stderr);
}

#[test]
fn the_json_report_with_tasks_validates_against_the_report_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("../../schemas/report.v2.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempdir();
    let path = file(&dir, &inventory(all_tasks()));
    for args in [
        &[][..],
        &["--scope", "tasks"][..],
        &["--task", "v6-to-archive"][..],
    ] {
        let (_, report) = check_json(&path, args);
        let problems: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(problems.is_empty(), "{args:?}: {problems:?}");
        assert!(!report["tasks"].as_array().unwrap().is_empty());
    }
}

#[test]
fn diff_reports_tasks_whose_verdict_changes() {
    let dir = tempdir();
    let before = inventory(all_tasks());
    let mut after = before.clone();
    // the warehouse admits the group: orders-to-warehouse becomes reachable;
    // ds-orders closes: orders-nightly, orders-api and orders-to-orders-copy
    // (unknown before, for its destination) fail
    for ds in after["data_sources"].as_array_mut().unwrap() {
        if ds["id"] == "ds-warehouse" {
            ds["whitelist"] = json!(["10.10.1.0/24"]);
        }
        if ds["id"] == "ds-orders" {
            ds["whitelist"] = json!([]);
        }
    }
    after["tasks"].as_array_mut().unwrap().push(json!({"id": "new-api", "type": "service", "resource_group": "rg-1", "source": "ds-warehouse"}));
    let a = write(&dir, "before.json", &before);
    let b = write(&dir, "after.json", &after);
    let out = output_of(
        netreach()
            .args(["diff", "--format", "json"])
            .arg(&a)
            .arg(&b),
    );
    assert_eq!(out.code, Some(1));
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let changes: Vec<(String, String, String)> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["task"].as_str().unwrap().to_string(),
                t["change"].as_str().unwrap().to_string(),
                t["after"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let expect = |t: &str, c: &str, a: &str| (t.to_string(), c.to_string(), a.to_string());
    assert_eq!(
        changes,
        [
            expect("orders-api", "worse", "unreachable"),
            expect("orders-nightly", "worse", "unreachable"),
            expect("orders-to-orders-copy", "worse", "unreachable"),
            expect("new-api", "added", "reachable"),
        ]
    );
    // orders-to-warehouse: the destination is fixed but the source now fails: not a change
    let out = output_of(netreach().arg("diff").arg(&a).arg(&b));
    assert!(
        out.stdout.contains("\ntasks whose verdict changed:\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("WORSE         reachable   unreachable service orders-api (on rg-2)\n  source ds-orders: error[R116] whitelist-missing ds-orders"),
        "{}",
        out.stdout
    );
    // the summary counts the tasks as well as the pairs
    assert!(
        out.stdout
            .contains("\ntasks: 4 changed: 3 worse, 0 better, 1 added, 0 removed\n"),
        "{}",
        out.stdout
    );
    // no change: an empty list
    let out = output_of(
        netreach()
            .args(["diff", "--format", "json"])
            .arg(&a)
            .arg(&a),
    );
    assert_eq!(out.code, Some(0));
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["tasks"], json!([]));
}

#[test]
fn junit_has_a_test_case_per_task_and_sarif_names_the_tasks_of_a_result() {
    let dir = tempdir();
    let path = file(&dir, &inventory(all_tasks()));
    let out = check(&path, &["--format", "junit"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .contains(r#"<testsuite name="tasks" tests="7" failures="5" errors="0" skipped="0">"#),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(r#"<testcase classname="tasks.schedule" name="orders-nightly on rg-1"/>"#),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(r#"<failure message="sync job orders-to-warehouse (on rg-1): source reachable, destination UNREACHABLE: whitelist-missing on ds-warehouse" type="whitelist-missing">"#), "{}", out.stdout);
    // 4 groups × 2 … : 8 pairs and 7 tasks
    assert!(
        out.stdout
            .contains(r#"<testsuites name="netreach" tests="15""#),
        "{}",
        out.stdout
    );
    let out = check(&path, &["--format", "sarif"]);
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let warehouse = results
        .iter()
        .find(|r| {
            r["properties"]["resource_group"] == "rg-1"
                && r["properties"]["data_source"] == "ds-warehouse"
        })
        .unwrap();
    assert_eq!(
        warehouse["properties"]["tasks"],
        json!(["archive-to-warehouse", "orders-to-warehouse"])
    );
    let untasked = results
        .iter()
        .find(|r| {
            r["properties"]["resource_group"] == "rg-2"
                && r["properties"]["data_source"] == "ds-warehouse"
        })
        .unwrap();
    assert!(untasked["properties"].get("tasks").is_none());
}

#[test]
fn task_reports_are_the_same_whatever_the_input_order() {
    let dir = tempdir();
    let mut reversed = all_tasks();
    reversed.as_array_mut().unwrap().reverse();
    let a = check(&file(&dir, &inventory(all_tasks())), &["--format", "json"]);
    let b = check(
        &write(&dir, "reversed.json", &inventory(reversed)),
        &["--format", "json"],
    );
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn the_generator_adds_valid_tasks_only_when_asked() {
    use netreach::generate::{add_tasks, generate, GenSpec};
    let spec = GenSpec::small();
    let plain = generate(&spec);
    assert!(plain.tasks.is_empty(), "the default output has no tasks");
    let mut with = plain.clone();
    add_tasks(&mut with, 50, spec.seed);
    let mut again = plain.clone();
    add_tasks(&mut again, 50, spec.seed);
    assert_eq!(with, again, "the same seed gives the same tasks");
    assert_eq!(with.tasks.len(), 50);
    assert!(with.tasks.iter().any(|t| t.destination.is_some()));
    assert!(with
        .tasks
        .iter()
        .all(|t| t.destination.as_ref() != Some(&t.source)));
    // everything but the tasks is the inventory as generated
    let mut without = with.clone();
    without.tasks.clear();
    assert_eq!(without, plain);
    // and it validates: every task is reported
    let analysis = super::util::analyse_value(
        &serde_json::to_value(&with).unwrap(),
        netreach::overlap::Scope::Check,
    );
    assert_eq!(analysis.check_tasks().len(), 50);
}
