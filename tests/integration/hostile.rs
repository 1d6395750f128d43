//! Hostile sizes, through the binary: very long strings, a list of hundreds of
//! thousands of entries, and a file over the input size limit. Each run either
//! answers or refuses with a clear message (exit 2), never hangs or crashes.
//! Deep nesting is in `input_errors.rs`; the limits measured on a release build
//! are in the README's "Limits" section.
//!
//! Every run has a generous timeout: not a measure of speed (that belongs in
//! benchmarks) but a guard, so that a regression to a hang fails instead of
//! stalling the suite.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::{json, Value};

use super::util::write_text as write;

/// Ten million bytes: a "very long string".
const LONG: usize = 10_000_000;

/// A hang guard, far above what any of these runs takes in a debug build.
const GUARD: Duration = Duration::from_secs(300);

/// The result of a run.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn netreach(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::cargo_bin("netreach").unwrap();
    command.args(args).timeout(GUARD);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// One VPC, a resource group's vSwitch and a database vSwitch, and one
/// reachable data source per entry of `data_sources`.
fn inventory(data_sources: Vec<Value>) -> Value {
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.0.0.0/8"]}],
        "vswitches": [
            {"id": "vsw-rg", "vpc": "vpc-a", "cidr": "10.0.0.0/24"},
            {"id": "vsw-db", "vpc": "vpc-a", "cidr": "10.16.0.0/12"}
        ],
        "resource_groups": [{"id": "rg-1", "type": "serverless", "region": "cn-hangzhou",
                             "networks": [{"vpc": "vpc-a", "vswitch": "vsw-rg"}]}],
        "data_sources": data_sources,
    })
}

fn data_source(id: &str, index: u32) -> Value {
    let ip = std::net::Ipv4Addr::from(u32::from(std::net::Ipv4Addr::new(10, 16, 0, 0)) + index);
    json!({"id": id, "type": "mysql", "ip": ip.to_string(), "port": 3306,
           "location": {"vpc": "vpc-a"}, "whitelist": ["10.0.0.0/24"]})
}

fn long(c: char) -> String {
    std::iter::repeat_n(c, LONG).collect()
}

#[test]
fn a_ten_megabyte_id_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let id = long('d');
    let path = write(
        dir.path(),
        "inv.json",
        &inventory(vec![data_source(&id, 5)]).to_string(),
    );
    let run = netreach(&["check", path.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["pairs"][0]["data_source"], json!(id));
    assert_eq!(report["summary"]["reachable"], json!(1));
}

#[test]
fn a_ten_megabyte_name_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = data_source("ds-1", 5);
    source["name"] = json!(long('n'));
    let path = write(dir.path(), "inv.json", &inventory(vec![source]).to_string());
    let run = netreach(&["check", path.to_str().unwrap()], &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("1 pair: 1 reachable"), "{}", run.stdout);
}

/// A dangling 10 MB reference beside a 10 MB id: "did you mean" compared the
/// two for hours (Jaro-Winkler is quadratic); long words now get no suggestion.
#[test]
fn a_dangling_ten_megabyte_reference_is_refused_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let mut value = inventory(vec![data_source("ds-1", 5)]);
    value["vpcs"][0]["id"] = json!(long('v'));
    value["vswitches"][0]["vpc"] = json!(long('w'));
    let path = write(dir.path(), "inv.json", &value.to_string());
    let run = netreach(&["check", path.to_str().unwrap()], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("/vswitches/0/vpc"),
        "{}",
        &run.stderr[..200.min(run.stderr.len())]
    );
    assert!(run.stderr.contains("names no resource"));
}

/// Tens of thousands of dangling references beside as many ids: every error
/// weighed every id for "did you mean", quadratic (a 5 MB file took hours);
/// only the first hundred errors get a suggestion now.
#[test]
fn many_dangling_references_are_refused_promptly() {
    const COUNT: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let vpcs: Vec<Value> = (0..COUNT)
        .map(|i| json!({"id": format!("vpc-{i:06}"), "region": "cn-hangzhou", "cidrs": ["10.0.0.0/16"]}))
        .collect();
    let vswitches: Vec<Value> = (0..COUNT)
        .map(|i| json!({"id": format!("vsw-{i:06}"), "vpc": format!("vpx-{i:06}"), "cidr": "10.0.0.0/24"}))
        .collect();
    let value = json!({"version": 1, "vpcs": vpcs, "vswitches": vswitches});
    let path = write(dir.path(), "inv.json", &value.to_string());
    let run = netreach(&["check", path.to_str().unwrap()], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains(&format!("{COUNT} input errors found")));
    assert_eq!(run.stderr.matches("did you mean").count(), 100);
}

#[test]
fn a_ten_megabyte_unknown_key_and_cidr_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = data_source("ds-1", 5);
    source[format!("colour{}", long('z'))] = json!(1);
    source["whitelist"] = json!([long('1')]);
    let path = write(dir.path(), "inv.json", &inventory(vec![source]).to_string());
    let run = netreach(&["check", path.to_str().unwrap()], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("unknown field `colourzzzz"),
        "{}",
        &run.stderr[..200.min(run.stderr.len())]
    );
    // the JSON path names the key exactly once; the message abbreviates it
    assert!(
        run.stderr
            .contains(&format!("… ({} bytes)", LONG + "colour".len())),
        "{}",
        &run.stderr[..400.min(run.stderr.len())]
    );
    assert!(
        run.stderr.len() < 2 * LONG + 10_000,
        "the 10 MB key or CIDR is echoed more than once: {} bytes",
        run.stderr.len()
    );
}

/// A million data sources take over 30 s to load in a debug build, too slow
/// for the suite: 200,000 here (the million, on a release build, is measured
/// in the README's "Limits").
#[test]
fn two_hundred_thousand_data_sources_are_checked() {
    const COUNT: u32 = 200_000;
    let dir = tempfile::tempdir().unwrap();
    // Written line by line: building a 200,000-element `Value` would cost more
    // than the run it feeds.
    let mut head = inventory(Vec::new());
    head.as_object_mut().unwrap().remove("data_sources");
    let mut text = head.to_string();
    text.pop(); // the closing brace
    text.push_str(",\"data_sources\":[");
    for i in 0..COUNT {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&data_source(&format!("ds-{i:07}"), i).to_string());
    }
    text.push_str("]}");
    let path = write(dir.path(), "inv.json", &text);
    let report = dir.path().join("report.json");
    let run = netreach(
        &[
            "check",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    assert_eq!(report["summary"]["pairs"], json!(COUNT));
    assert_eq!(report["summary"]["reachable"], json!(COUNT));
    assert_eq!(
        report["pairs"][COUNT as usize - 1]["data_source"],
        json!("ds-0199999")
    );
}

#[test]
fn a_file_over_the_input_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = inventory(vec![data_source("ds-1", 5)]).to_string();
    let path = write(dir.path(), "inv.json", &text);
    let limit = (text.len() - 1).to_string();
    let run = netreach(
        &["check", path.to_str().unwrap()],
        &[("NETREACH_MAX_INPUT_BYTES", &limit)],
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains(&format!(
            "the file is larger than the input limit of {limit} bytes ({} bytes)",
            text.len()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("NETREACH_MAX_INPUT_BYTES"),
        "{}",
        run.stderr
    );
    // exactly at the limit it is read
    let limit = text.len().to_string();
    let run = netreach(
        &["check", path.to_str().unwrap()],
        &[("NETREACH_MAX_INPUT_BYTES", &limit)],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// A pipe has no size to look at beforehand: the limit stops the reading.
#[test]
fn a_pipe_over_the_input_limit_is_refused() {
    let text = inventory(vec![data_source("ds-1", 5)]).to_string();
    let output = Command::cargo_bin("netreach")
        .unwrap()
        .args(["check", "/dev/stdin"])
        .env("NETREACH_MAX_INPUT_BYTES", "100")
        .write_stdin(text)
        .timeout(GUARD)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the file is larger than the input limit of 100 bytes"),
        "{stderr}"
    );
}

/// `import` reads other systems' exports: the same limit holds, for every file.
#[test]
fn an_import_over_the_input_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(
        dir.path(),
        "vpcs.json",
        &format!(
            "{{\"Vpcs\": {{\"Vpc\": []}}, \"pad\": \"{}\"}}",
            "x".repeat(500)
        ),
    );
    let other = write(dir.path(), "more.json", &"y".repeat(300));
    let run = netreach(
        &[
            "import",
            "aliyun",
            big.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
        &[("NETREACH_MAX_INPUT_BYTES", "200")],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // both files are named, each with the limit
    for file in ["vpcs.json", "more.json"] {
        assert!(
            run.stderr.lines().any(|line| line.contains(file)
                && line.contains("larger than the input limit of 200 bytes")),
            "{}",
            run.stderr
        );
    }
}

/// `diff --plan` reads a patch: the same limit holds for it.
#[test]
fn a_plan_over_the_input_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = inventory(vec![data_source("ds-1", 5)]).to_string();
    let before = write(dir.path(), "before.json", &text);
    let plan = format!(
        "[{{\"op\": \"replace\", \"path\": \"/data_sources/0/name\", \"value\": \"{}\"}}]",
        "n".repeat(text.len())
    );
    let plan = write(dir.path(), "plan.json", &plan);
    let limit = (text.len() + 10).to_string();
    let run = netreach(
        &[
            "diff",
            before.to_str().unwrap(),
            "--plan",
            plan.to_str().unwrap(),
        ],
        &[("NETREACH_MAX_INPUT_BYTES", &limit)],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("plan.json")
            && run
                .stderr
                .contains(&format!("larger than the input limit of {limit} bytes")),
        "{}",
        run.stderr
    );
}

/// An unreadable limit falls back to the default rather than refusing everything.
#[test]
fn a_malformed_limit_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "inv.json",
        &inventory(vec![data_source("ds-1", 5)]).to_string(),
    );
    let run = netreach(
        &["check", path.to_str().unwrap()],
        &[("NETREACH_MAX_INPUT_BYTES", "lots")],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// A 10 MB id made of markup, on a failing pair, in the Markdown and HTML
/// reports: answered, and still text (no `<script>` survives in the page
/// outside the escaped island, no Markdown link or HTML is parsed from it).
#[test]
fn a_ten_megabyte_markup_id_stays_text_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let piece = "<script>x</script>[a](javascript:b)|`";
    let id: String = piece.repeat(LONG / piece.len());
    let mut source = data_source(&id, 5);
    source["whitelist"] = json!([]);
    let path = write(dir.path(), "inv.json", &inventory(vec![source]).to_string());
    let path = path.to_str().unwrap();
    let markdown = netreach(&["check", path, "--format", "markdown"], &[]);
    assert_eq!(markdown.code, Some(1), "{}", markdown.stderr);
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_TASKLISTS;
    let markup = pulldown_cmark::Parser::new_ext(&markdown.stdout, options)
        .filter(|e| {
            matches!(
                e,
                pulldown_cmark::Event::Html(_)
                    | pulldown_cmark::Event::InlineHtml(_)
                    | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })
            )
        })
        .count();
    assert_eq!(markup, 0);
    let html = netreach(&["check", path, "--format", "html"], &[("PATH", "")]);
    assert_eq!(html.code, Some(1), "{}", html.stderr);
    assert_eq!(html.stdout.matches("<script").count(), 2);
    assert!(html
        .stdout
        .contains("\\u003cscript\\u003ex\\u003c/script\\u003e[a](javascript:b)|`"));
}
