//! `netreach render`: DOT snapshots of every sample with and without a
//! highlighted pair, Graphviz's own `dot` accepting every diagram and the
//! hostile-names fixture, byte-for-byte determinism (twice, and with shuffled
//! input lists), focus and collapse, argument errors, `--output`, and the exit
//! status when Graphviz is missing.
//!
//! The tests that run `dot` need Graphviz (`apt-get install graphviz`):
//! `graphviz_accepts_every_diagram`, `hostile_names_stay_text` (its SVG half)
//! and `svg_and_png_through_graphviz`. Without `dot` on the PATH they say on
//! stderr that they were skipped and pass, so that `cargo test` passes on a
//! machine with only a Rust toolchain; with `NETREACH_REQUIRE_DOT=1` (which
//! `.ci/run` sets after installing Graphviz) they cannot be skipped and fail.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const HOSTILE: &str = "tests/fixtures/render/hostile-names.json";
const MERGED: &str = "tests/fixtures/render/merged-edges.json";
const ROUTER_INTERFACE: &str = "tests/fixtures/render/router-interface.json";

fn netreach(args: &[&str]) -> Output {
    Command::cargo_bin("netreach")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

/// The DOT text of `render FILE ARGS…`, which must succeed.
fn render(file: &Path, args: &[&str]) -> String {
    let mut all = vec!["render", file.to_str().unwrap()];
    all.extend_from_slice(args);
    let output = netreach(&all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "render {} {args:?}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Every sample inventory, by name.
fn samples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "expected.json")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 20, "samples/ looks empty");
    files
}

/// `RG:DS` of the first failing pair of a sample, else of its first pair.
fn pair_to_highlight(file: &Path) -> String {
    let output = netreach(&["check", file.to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let pairs = report["pairs"].as_array().unwrap();
    let pair = pairs
        .iter()
        .find(|p| p["verdict"] != "reachable")
        .or_else(|| pairs.first())
        .unwrap();
    format!(
        "{}:{}",
        pair["resource_group"].as_str().unwrap(),
        pair["data_source"].as_str().unwrap()
    )
}

fn snapshot_name(file: &Path) -> String {
    file.file_stem()
        .unwrap()
        .to_string_lossy()
        .replace('.', "_")
}

/// Whether Graphviz's `dot` can run. When it cannot, `test` is skipped with a
/// line on stderr, unless `NETREACH_REQUIRE_DOT=1`, where it fails.
fn graphviz(test: &str) -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if found {
        return true;
    }
    let required = std::env::var("NETREACH_REQUIRE_DOT").is_ok_and(|v| v.trim() == "1");
    assert!(
        !required,
        "{test}: Graphviz's `dot` is not on the PATH and NETREACH_REQUIRE_DOT=1 forbids skipping \
         (apt-get install graphviz)"
    );
    // Written to the process's stderr, not through `eprintln!`, which the test
    // harness captures: the skip shows in every `cargo test` run.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: Graphviz's `dot` is not on the PATH (apt-get install graphviz; \
         NETREACH_REQUIRE_DOT=1 makes this a failure)"
    );
    false
}

/// Runs Graphviz's `dot -Tsvg` on DOT text; returns the SVG.
fn dot_svg(dot: &str, what: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run Graphviz's `dot` ({e}): apt-get install graphviz"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot failed on {what}: {stderr}");
    assert!(stderr.trim().is_empty(), "dot warned on {what}: {stderr}");
    let svg = String::from_utf8(output.stdout).unwrap();
    assert!(
        svg.trim_end().ends_with("</svg>"),
        "{what}: no complete SVG"
    );
    svg
}

#[test]
fn every_sample_renders_to_the_snapshot_dot() {
    for file in samples() {
        let name = snapshot_name(&file);
        insta::assert_snapshot!(name.clone(), render(&file, &[]));
        let pair = pair_to_highlight(&file);
        insta::assert_snapshot!(
            format!("{name}_highlight"),
            render(&file, &["--highlight", &pair])
        );
    }
}

#[test]
fn broken_samples_highlight_a_failing_pair_with_its_blocking_hop() {
    for file in samples() {
        if !file.to_string_lossy().contains(".broken") {
            continue;
        }
        let pair = pair_to_highlight(&file);
        let dot = render(&file, &["--highlight", &pair]);
        // the blocking hop is red and names the primary finding and a fix
        assert!(
            dot.contains("color=\"#c62828\""),
            "{}: no red hop",
            file.display()
        );
        assert!(
            dot.contains("xlabel=\"✗ "),
            "{}: no finding on the blocking hop",
            file.display()
        );
        assert!(
            dot.contains("fix: ") || dot.contains("decide: "),
            "{}: no proved fix or decision in a tooltip",
            file.display()
        );
    }
}

#[test]
fn reachable_pairs_are_green_both_ways() {
    let dot = render(
        Path::new("samples/5-data-center-vpn.json"),
        &["--highlight", "rg-serverless-etl:ds-idc-sqlserver-hr"],
    );
    let green: Vec<&str> = dot.lines().filter(|l| l.contains("#2e7d32")).collect();
    assert!(
        green.iter().any(|l| l.contains("style=\"solid\"")),
        "no forward path"
    );
    assert!(
        green.iter().any(|l| l.contains("style=\"dashed\"")),
        "no return path"
    );
    assert!(!dot.contains("#c62828"), "a reachable pair has no blocker");
}

#[test]
fn collapse_focus_and_merged_edges_snapshots() {
    let showcase = Path::new("samples/showcase.json");
    let collapsed = render(
        showcase,
        &["--collapse", "vswitches", "--highlight-failures"],
    );
    assert!(!collapsed.contains("cluster_vswitch:"));
    insta::assert_snapshot!("showcase_collapsed_failures", collapsed);

    let focused = render(
        showcase,
        &["--focus", "ds-polardb-analytics-sh", "--highlight-failures"],
    );
    // only what the paths to that data source touch
    assert!(focused.contains("\"data_source:ds-polardb-analytics-sh\"["));
    assert!(!focused.contains("\"data_source:ds-idc-oracle-erp\"["));
    assert!(!focused.contains("\"vbr:"));
    assert!(focused.contains("\"transit_router:"));
    insta::assert_snapshot!("showcase_focus_polardb", focused);

    let merged = render(Path::new(MERGED), &[]);
    assert!(merged.contains("label=\"2 VPN connections\""));
    assert!(merged.contains("lhead=\"cluster_data_center:idc-office\""));
    insta::assert_snapshot!("merged_edges", merged);
    let merged_collapsed = render(Path::new(MERGED), &["--collapse", "vswitches"]);
    assert!(merged_collapsed.contains("label=\"2 public addresses\""));
}

#[test]
fn graphviz_accepts_every_diagram() {
    if !graphviz("graphviz_accepts_every_diagram") {
        return;
    }
    for file in samples() {
        let what = file.display().to_string();
        dot_svg(&render(&file, &[]), &what);
        dot_svg(&render(&file, &["--highlight-failures"]), &what);
        dot_svg(
            &render(&file, &["--collapse", "vswitches", "--highlight-failures"]),
            &what,
        );
        let pair = pair_to_highlight(&file);
        dot_svg(&render(&file, &["--highlight", &pair]), &what);
    }
    dot_svg(&render(Path::new(MERGED), &[]), MERGED);
}

#[test]
fn hostile_names_stay_text() {
    let file = Path::new(HOSTILE);
    let dot = render(file, &["--highlight-failures"]);
    insta::assert_snapshot!("hostile_names", dot);
    if !graphviz("hostile_names_stay_text (the SVG half)") {
        return;
    }
    let svg = dot_svg(&dot, HOSTILE);
    // nothing a user wrote becomes markup or a statement
    for raw in ["<script", "<img", "<svg onload", "<b>", "\"pwn\""] {
        assert!(!svg.contains(raw), "raw `{raw}` in the SVG");
    }
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !svg.contains('\u{202e}'),
        "a bidirectional override survived"
    );
    // ids that differ only in a control character stay two nodes
    assert!(svg.contains("<title>data_source:ds a</title>"));
    assert!(svg.contains("<title>data_source:ds\\u{9}a</title>"));
    // one node per resource, none injected: three data sources, two VPC routers
    let nodes = |prefix: &str| {
        svg.lines()
            .filter(|l| l.starts_with(&format!("<title>{prefix}")) && !l.contains("&#45;&gt;"))
            .count()
    };
    assert_eq!(nodes("data_source:"), 3);
    assert_eq!(nodes("vpc:"), 2);
    // the rest of the hostile fixture renders as well
    dot_svg(&render(file, &[]), HOSTILE);
    dot_svg(&render(file, &["--collapse", "vswitches"]), HOSTILE);
    // a highlight whose resource-group id holds `:` and `"`
    dot_svg(&render(file, &["--highlight", "rg:one\":ds a"]), HOSTILE);
}

#[test]
fn output_is_deterministic() {
    let showcase = Path::new("samples/showcase.json");
    let args = [
        "--highlight-failures",
        "--highlight",
        "rg-serverless-etl:ds-rds-orders",
    ];
    let first = render(showcase, &args);
    assert_eq!(first, render(showcase, &args), "two runs differ");
    let reordered = render(
        showcase,
        &[
            "--highlight",
            "rg-serverless-etl:ds-rds-orders",
            "--highlight-failures",
        ],
    );
    assert_eq!(first, reordered, "argument order changes the output");

    // every list of the inventory reversed and rotated: the same bytes
    let dir = tempfile::tempdir().unwrap();
    for file in samples()
        .into_iter()
        .chain([PathBuf::from(HOSTILE), PathBuf::from(MERGED)])
    {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut value: Value = serde_json::from_str(&text).unwrap();
        for (_, list) in value.as_object_mut().unwrap().iter_mut() {
            if let Some(items) = list.as_array_mut() {
                items.reverse();
                if !items.is_empty() {
                    items.rotate_left(1);
                }
            }
        }
        let shuffled = dir.path().join(file.file_name().unwrap());
        std::fs::write(&shuffled, value.to_string()).unwrap();
        for args in [
            &["--highlight-failures"][..],
            &["--collapse", "vswitches"][..],
        ] {
            assert_eq!(
                render(&file, args),
                render(&shuffled, args),
                "{}: shuffled lists change the output",
                file.display()
            );
        }
    }
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("diagram.dot");
    let showcase = "samples/showcase.json";
    let output = netreach(&["render", showcase, "--output", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written, render(Path::new(showcase), &[]));
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "a temporary file was left behind");

    // a directory that does not exist: exit 2, nothing written
    let missing = dir.path().join("no/such/dir/diagram.dot");
    let output = netreach(&["render", showcase, "--output", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write"));
}

#[test]
fn svg_and_png_through_graphviz() {
    if !graphviz("svg_and_png_through_graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("d.svg");
    let png = dir.path().join("d.png");
    let file = "samples/2-cross-region.broken.json";
    let highlight = "rg-serverless-etl:ds-rds-ledger-bj";
    for (format, path) in [("svg", &svg), ("png", &png)] {
        let output = netreach(&[
            "render",
            file,
            "--highlight",
            highlight,
            "--format",
            format,
            "--output",
            path.to_str().unwrap(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(std::fs::read_to_string(&svg)
        .unwrap()
        .contains("inter&#45;region&#45;missing"));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn missing_graphviz_exits_2_with_the_install_hint() {
    let empty = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("netreach");
    assert!(binary.is_absolute());
    for format in ["svg", "png"] {
        let output = std::process::Command::new(&binary)
            .args(["render", "samples/same-vpc.json", "--format", format])
            .env("PATH", empty.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("apt-get install graphviz"), "{stderr}");
        assert!(stderr.contains("--format dot"), "{stderr}");
    }
    // DOT needs no Graphviz
    let output = std::process::Command::new(&binary)
        .args(["render", "samples/same-vpc.json"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("digraph"));
}

#[test]
fn bad_highlights_and_focus_ids_exit_2_with_a_hint() {
    let file = "samples/showcase.json";
    let cases: &[(&[&str], &str)] = &[
        (
            &["--highlight", "rg-serverless-etl"],
            "expected RESOURCE_GROUP:DATA_SOURCE",
        ),
        (
            &["--highlight", "rg-serverless-et:ds-rds-orders"],
            "did you mean `rg-serverless-etl`?",
        ),
        (
            &["--highlight", "rg-serverless-etl:ds-rds-order"],
            "did you mean `ds-rds-orders`?",
        ),
        (
            &["--highlight", "ds-rds-orders:rg-serverless-etl"],
            "is a data source, not a resource group, and `rg-serverless-etl` is a resource group: did you swap them?",
        ),
        (
            &["--focus", "vpc-bp1dw2pohtb19y6ed4tjX"],
            "did you mean `vpc-bp1dw2pohtb19y6ed4tjf`?",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["render", file];
        all.extend_from_slice(args);
        let output = netreach(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: partial output");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    // every bad argument is reported, not only the first
    let output = netreach(&["render", file, "--highlight", "x", "--focus", "y"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--highlight x") && stderr.contains("--focus y"),
        "{stderr}"
    );
}

#[test]
fn a_router_interface_is_an_edge_from_the_vpc_to_its_vbr() {
    // a VPC that reaches its data center by a route with next hop `vbr`
    let dot = render(Path::new(ROUTER_INTERFACE), &[]);
    let edge = dot
        .lines()
        .find(|l| {
            l.contains("\"vpc:vpc-bp1dwfxb07dbo2yfa0doh\" -> \"vbr:vbr-bp1bt6wrs2hpbm98r49cf\"")
        })
        .unwrap_or_else(|| panic!("no router-interface edge:\n{dot}"));
    assert!(edge.contains("router interface\\n172.20.0.0/16"), "{edge}");
    // and the highlighted path goes over it
    let dot = render(
        Path::new(ROUTER_INTERFACE),
        &["--highlight", "rg-serverless-etl:ds-idc-oracle-erp"],
    );
    assert!(dot.lines().any(|l| l
        .contains("\"vpc:vpc-bp1dwfxb07dbo2yfa0doh\" -> \"vbr:vbr-bp1bt6wrs2hpbm98r49cf\"")
        && l.contains("#2e7d32")));
}
