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

pub(crate) fn netreach(args: &[&str]) -> Output {
    Command::cargo_bin("netreach")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

/// The DOT text of `render FILE ARGS…`, which must succeed.
pub(crate) fn render(file: &Path, args: &[&str]) -> String {
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
pub(crate) fn samples() -> Vec<PathBuf> {
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
pub(crate) fn pair_to_highlight(file: &Path) -> String {
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
pub(crate) fn graphviz(test: &str) -> bool {
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
pub(crate) fn dot_svg(dot: &str, what: &str) -> String {
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
        // the finding and its proved fix in a note node (not an edge label:
        // Graphviz routes edges around nodes), joined to the blocker
        let note = dot
            .lines()
            .find(|l| l.trim_start().starts_with("\"note:") && l.contains("shape=\"note\""))
            .unwrap_or_else(|| panic!("{}: no note on the blocker", file.display()));
        assert!(note.contains("label=\"✗ "), "{}: {note}", file.display());
        assert!(
            note.contains("proved fix:") || note.contains("decide: "),
            "{}: {note}",
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
    assert_eq!(super::util::svg_nodes(&svg, "data_source:"), 3);
    assert_eq!(super::util::svg_nodes(&svg, "vpc:"), 2);
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
            &["--style", "design", "--highlight-failures"][..],
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

/// A text of an SVG drawn by Graphviz: its estimated box and where it belongs.
#[derive(Debug)]
struct SvgText {
    /// The `<g>` it is in: `node3`, `edge7`, `clust2`, or empty.
    owner: String,
    text: String,
    /// left, top, right, bottom
    bbox: (f64, f64, f64, f64),
}

/// An edge of an SVG drawn by Graphviz: its title (`from->to`) and the points
/// sampled along its path.
#[derive(Debug)]
struct SvgEdge {
    owner: String,
    title: String,
    points: Vec<(f64, f64)>,
}

/// The estimated advance of a character in Helvetica, in ems (from its AFM
/// widths, grouped: narrow, lower-case and digits, upper-case, wide).
fn em_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.24,
        'f' | 't' | 'r' | '-' | '(' | ')' | ' ' | '/' | '[' | ']' => 0.31,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.86,
        'A'..='Z' => 0.68,
        _ if c.is_ascii() => 0.54,
        // CJK, emoji and the like
        _ => 1.0,
    }
}

/// The estimated width of SVG text in ems, an entity (`&#45;`) counting as
/// its character.
fn svg_ems(raw: &str) -> f64 {
    raw.chars().map(em_width).sum()
}

/// The points of an SVG path's `d` as Graphviz writes it (`M x,y C x,y x,y x,y …`),
/// each cubic Bézier segment sampled at 24 points.
fn sample_path(d: &str) -> Vec<(f64, f64)> {
    let numbers: Vec<(f64, f64)> = d
        .replace(['M', 'C'], " ")
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    let mut out = Vec::new();
    let Some(&first) = numbers.first() else {
        return out;
    };
    out.push(first);
    let mut start = first;
    for segment in numbers[1..].chunks(3) {
        let [c1, c2, end] = segment else { break };
        for k in 1..=24 {
            let t = f64::from(k) / 24.0;
            let u = 1.0 - t;
            let x = u * u * u * start.0
                + 3.0 * u * u * t * c1.0
                + 3.0 * u * t * t * c2.0
                + t * t * t * end.0;
            let y = u * u * u * start.1
                + 3.0 * u * u * t * c1.1
                + 3.0 * u * t * t * c2.1
                + t * t * t * end.1;
            out.push((x, y));
        }
        start = *end;
    }
    out
}

/// The texts and edges of an SVG that Graphviz wrote. A text's box is
/// estimated: each character's Helvetica advance ([`em_width`]) times the font
/// size wide, from 0.75 × font size above the baseline to 0.2 below, placed by
/// its `text-anchor`.
fn svg_geometry(svg: &str) -> (Vec<SvgText>, Vec<SvgEdge>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut texts = Vec::new();
    let mut edges: Vec<SvgEdge> = Vec::new();
    // the open <g> elements: (depth, id) of the node, edge or cluster ones
    let mut depth = 0usize;
    let mut owner: Option<(usize, String)> = None;
    let mut in_title = false;
    let mut text: Option<(f64, f64, f64, String, String)> = None;
    let attr = |e: &quick_xml::events::BytesStart<'_>, key: &str| -> Option<String> {
        e.attributes()
            .filter_map(Result::ok)
            .find(|a| a.key.as_ref() == key.as_bytes())
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
    };
    loop {
        let event = reader.read_event().unwrap();
        match event.clone() {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"g" => {
                depth += 1;
                let class = attr(&e, "class").unwrap_or_default();
                if matches!(class.as_str(), "node" | "edge" | "cluster") {
                    let id = attr(&e, "id").unwrap_or_default();
                    if class == "edge" {
                        edges.push(SvgEdge {
                            owner: id.clone(),
                            title: String::new(),
                            points: Vec::new(),
                        });
                    }
                    owner = Some((depth, id));
                }
            }
            Event::End(e) if e.name().as_ref() == b"g" => {
                if owner.as_ref().is_some_and(|(d, _)| *d == depth) {
                    owner = None;
                }
                depth -= 1;
            }
            Event::Start(e) if e.name().as_ref() == b"title" => in_title = true,
            Event::End(e) if e.name().as_ref() == b"title" => in_title = false,
            Event::Start(e) if e.name().as_ref() == b"text" => {
                let num = |k: &str| {
                    attr(&e, k)
                        .and_then(|v| v.parse::<f64>().ok())
                        .unwrap_or(0.0)
                };
                let anchor = attr(&e, "text-anchor").unwrap_or_default();
                text = Some((num("x"), num("y"), num("font-size"), anchor, String::new()));
            }
            Event::Text(_) | Event::GeneralRef(_) => {
                let piece = match reader_event_text(&event) {
                    Some(piece) => piece,
                    None => continue,
                };
                if in_title {
                    if let (Some(edge), Some((_, id))) = (edges.last_mut(), &owner) {
                        if &edge.owner == id {
                            edge.title.push_str(&piece);
                        }
                    }
                } else if let Some((_, _, _, _, content)) = &mut text {
                    content.push_str(&piece);
                }
            }
            Event::End(e) if e.name().as_ref() == b"text" => {
                if let Some((x, y, size, anchor, content)) = text.take() {
                    let width = size * svg_ems(&content);
                    let left = match anchor.as_str() {
                        "middle" => x - width / 2.0,
                        "end" => x - width,
                        _ => x,
                    };
                    texts.push(SvgText {
                        owner: owner.as_ref().map(|(_, id)| id.clone()).unwrap_or_default(),
                        text: content,
                        bbox: (left, y - 0.75 * size, left + width, y + 0.2 * size),
                    });
                }
            }
            Event::Empty(e) if e.name().as_ref() == b"path" => {
                if let (Some(edge), Some((_, id))) = (edges.last_mut(), &owner) {
                    if &edge.owner == id {
                        edge.points
                            .extend(sample_path(&attr(&e, "d").unwrap_or_default()));
                    }
                }
            }
            _ => {}
        }
    }
    (texts, edges)
}

/// The text of a text event, or the character of an entity reference.
fn reader_event_text(event: &quick_xml::events::Event<'_>) -> Option<String> {
    use quick_xml::events::Event;
    match event {
        Event::Text(t) => Some(String::from_utf8_lossy(t.as_ref()).into_owned()),
        Event::GeneralRef(r) => Some(
            match &r[..] {
                b"gt" => ">",
                b"lt" => "<",
                b"amp" => "&",
                b"quot" => "\"",
                b"#45" => "-",
                _ => "?",
            }
            .to_string(),
        ),
        _ => None,
    }
}

/// Every (edge, text) where a drawn edge runs through the box of a text that
/// is not its own label, the box shrunk by 1 unit on every side (a glancing
/// touch is not a crossing).
pub(crate) fn edges_over_labels(svg: &str) -> Vec<String> {
    let (texts, edges) = svg_geometry(svg);
    let mut found = Vec::new();
    for edge in &edges {
        for text in texts.iter().filter(|t| t.owner != edge.owner) {
            let (l, t, r, b) = text.bbox;
            let inside =
                |&(x, y): &(f64, f64)| x > l + 1.0 && x < r - 1.0 && y > t + 1.0 && y < b - 1.0;
            if edge.points.iter().any(inside) {
                found.push(format!(
                    "edge {} crosses {:?} ({})",
                    edge.title, text.text, text.owner
                ));
            }
        }
    }
    found
}

#[test]
fn the_svg_geometry_check_sees_a_crossing() {
    // the check itself: a path through a text box is found, one beside it is not
    let svg = r#"<svg><g id="node1" class="node"><title>a</title><text text-anchor="middle" x="100" y="100" font-family="Helvetica" font-size="10.00">a long label</text></g>
<g id="edge1" class="edge"><title>a&#45;&gt;b</title><path fill="none" d="M100,50C100,80 100,120 100,150"/></g>
<g id="edge2" class="edge"><title>c&#45;&gt;d</title><path fill="none" d="M200,50C200,80 200,120 200,150"/></g></svg>"#;
    let found = edges_over_labels(svg);
    assert_eq!(
        found,
        vec!["edge a->b crosses \"a long label\" (node1)".to_string()]
    );
}

#[test]
fn no_edge_runs_over_a_label_in_either_style() {
    if !graphviz("design_diagrams_have_no_edge_over_a_label") {
        return;
    }
    let mut problems = Vec::new();
    let mut files = samples();
    files.push(PathBuf::from(ROUTER_INTERFACE));
    for file in &files {
        let pair = pair_to_highlight(file);
        for args in [
            vec!["--style", "design"],
            vec!["--style", "design", "--highlight", &pair],
            vec!["--style", "design", "--highlight-failures"],
            vec![
                "--style",
                "design",
                "--collapse",
                "vswitches",
                "--highlight-failures",
            ],
            vec!["--highlight", &pair],
            vec!["--highlight-failures"],
        ] {
            let svg = dot_svg(&render(file, &args), &file.display().to_string());
            for problem in edges_over_labels(&svg) {
                problems.push(format!("{} {args:?}: {problem}", file.display()));
            }
            // every VBR is joined to what it connects (its attachment, a router interface)
            let (_, edges) = svg_geometry(&svg);
            let dot = render(file, &["--style", "design"]);
            for line in dot
                .lines()
                .filter(|l| l.trim_start().starts_with("\"vbr:") && l.contains("[label="))
            {
                let vbr = line.trim_start().split('"').nth(1).unwrap();
                assert!(
                    edges
                        .iter()
                        .any(|e| e.title.contains(vbr) && !e.title.contains("physical_connection")),
                    "{}: {vbr} has no edge but its physical connection",
                    file.display()
                );
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} crossings:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
