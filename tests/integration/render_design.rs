//! `netreach render --style design`, `--legend none`, `--show-tr-vswitches`,
//! `--focus-pair`, the size limit of a whole-inventory diagram and the
//! library's `render::dot::pair_diagram`: names on the canvas with ids in
//! tooltips and DOT comments, the blocking resource drawn with the pair's
//! proved fixes (never an unproved one), a pair's paths and one hop around.

use std::path::Path;

use super::render::{dot_svg, edges_over_labels, graphviz, netreach, render};
use super::util;
use netreach::overlap::Scope;
use netreach::render::dot;

const SHOWCASE: &str = "samples/showcase.json";

/// The statement line of DOT node `name` (`"kind:id"[…]`).
fn node_line<'a>(dot: &'a str, name: &str) -> Option<&'a str> {
    let head = format!("\"{name}\"[");
    dot.lines().find(|l| l.trim_start().starts_with(&head))
}

#[test]
fn design_names_resources_and_keeps_ids_in_tooltips_and_comments() {
    let dot = render(Path::new(SHOWCASE), &["--style", "design"]);
    // the VBR by its name, its id in the tooltip and the DOT comment
    let vbr = node_line(&dot, "vbr:vbr-bp1j3jzsz044x9hfzf1pd").unwrap();
    assert!(vbr.contains("label=\"VBR\\nvbr-hz-xixi-idc\""), "{vbr}");
    assert!(
        vbr.contains("tooltip=\"vbr-bp1j3jzsz044x9hfzf1pd\""),
        "{vbr}"
    );
    assert!(
        vbr.contains("comment=\"vbr-bp1j3jzsz044x9hfzf1pd\""),
        "{vbr}"
    );
    // a VPC box's title: its name and CIDR, not its id
    let title = node_line(&dot, "title:cluster_vpc:vpc-bp1bizvwazzge1yr0zng4").unwrap();
    assert!(
        title.contains("label=\"VPC vpc-hz-business\\n10.20.0.0/16\""),
        "{title}"
    );
    // the detail style still shows ids
    let detail = render(Path::new(SHOWCASE), &[]);
    let vbr = node_line(&detail, "vbr:vbr-bp1j3jzsz044x9hfzf1pd").unwrap();
    assert!(
        vbr.contains("label=\"VBR\\nvbr-bp1j3jzsz044x9hfzf1pd\""),
        "{vbr}"
    );
}

#[test]
fn design_leaves_out_transit_router_eni_vswitches_unless_asked() {
    let file = Path::new("samples/1-same-region-transit-router.json");
    let tr_vswitch = "vswitch:vsw-bp1tr0tydv9zfj5e9kstr";
    assert!(node_line(&render(file, &[]), tr_vswitch).is_some());
    let design = render(file, &["--style", "design"]);
    assert!(
        node_line(&design, tr_vswitch).is_none(),
        "an ENI vSwitch is drawn"
    );
    let shown = render(file, &["--style", "design", "--show-tr-vswitches"]);
    assert!(node_line(&shown, tr_vswitch).is_some());
}

#[test]
fn the_legend_names_no_shape_is_compact_in_design_and_can_be_left_out() {
    for style in ["detail", "design"] {
        let dot = render(Path::new(SHOWCASE), &["--style", style]);
        let legend = node_line(&dot, "legend").unwrap();
        for shape in [
            "(hexagon)",
            "(cylinder)",
            "(component)",
            "(trapezium)",
            "(box3d)",
        ] {
            assert!(!legend.contains(shape), "{style}: {shape} in the legend");
        }
        if style == "design" {
            // lines and colours only, three entries to a row
            assert!(!legend.contains(">data source</TD>"), "{legend}");
            assert!(legend.contains("COLSPAN=\"6\""), "{legend}");
        }
        let none = render(Path::new(SHOWCASE), &["--style", style, "--legend", "none"]);
        assert!(
            !none.contains("cluster_legend"),
            "{style}: --legend none drew one"
        );
    }
}

#[test]
fn design_draws_the_blocking_security_group_and_route_table_with_the_proved_fix() {
    // a security group that denies: drawn next to the data source it guards
    let dot = render(
        Path::new("samples/4-ecs-hosted.broken.json"),
        &[
            "--style",
            "design",
            "--highlight",
            "rg-serverless-etl:ds-ecs-mysql-crm",
        ],
    );
    let sg = node_line(&dot, "security_group:sg-bp19mrc16v2wr2ug53gg").unwrap();
    assert!(
        sg.contains("color=\"#c62828\"") && sg.contains("penwidth=\"3\""),
        "{sg}"
    );
    assert!(dot.contains(
        "\"security_group:sg-bp19mrc16v2wr2ug53gg\" -> \"note:rg-serverless-etl:ds-ecs-mysql-crm\""
    ));
    // the route table that lacks the return route, in its VPC
    let dot = render(
        Path::new("samples/1-same-region-peering.broken.json"),
        &[
            "--style",
            "design",
            "--highlight",
            "rg-serverless-etl:ds-rds-crm",
        ],
    );
    let table = node_line(&dot, "route_table:vtb-bp1bizu0fvfkecod5902t").unwrap();
    assert!(
        table.contains("label=\"route table\\nvtb-hz-business-system\""),
        "{table}"
    );
    assert!(table.contains("color=\"#c62828\""), "{table}");
    // the detail style draws neither
    let detail = render(
        Path::new("samples/1-same-region-peering.broken.json"),
        &["--highlight", "rg-serverless-etl:ds-rds-crm"],
    );
    assert!(!detail.contains("\"route_table:"));
}

#[test]
fn the_note_shows_every_proved_fix_of_the_pair_and_never_an_unproved_one() {
    for file in super::render::samples() {
        if !file.to_string_lossy().contains(".broken") {
            continue;
        }
        let (_, report) = util::check_json(&util::read_json(&file));
        let pair = report["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["verdict"] != "reachable")
            .unwrap();
        let id = format!(
            "{}:{}",
            pair["resource_group"].as_str().unwrap(),
            pair["data_source"].as_str().unwrap()
        );
        let dot = render(&file, &["--style", "design", "--highlight", &id]);
        let note = node_line(&dot, &format!("note:{id}")).unwrap();
        let fixes = pair["fixes"].as_array().unwrap();
        if fixes.is_empty() {
            assert!(!note.contains("proved fix"), "{}: {note}", file.display());
        }
        for fix in fixes {
            // the note wraps lines: compare the words
            let words: Vec<&str> = fix["action"].as_str().unwrap().split_whitespace().collect();
            let shown: Vec<&str> = note
                .split("label=\"")
                .nth(1)
                .unwrap()
                .split("\" ")
                .next()
                .unwrap()
                .split("\\l")
                .flat_map(str::split_whitespace)
                .collect();
            assert!(
                shown.windows(words.len()).any(|w| w == words.as_slice()),
                "{}: the proved fix {fix} is not in {note}",
                file.display()
            );
        }
    }
    // without the plan (the library's `render`), nothing is proved: no fix shown
    let analysis = util::analyse_file(Path::new("samples/same-vpc.broken.json"), Scope::Check);
    let v = &analysis.valid;
    let options = dot::Options {
        highlight: vec![dot::parse_highlight(v, "rg-serverless-etl:ds-rds-orders").unwrap()],
        style: dot::Style::Design,
        ..dot::Options::default()
    };
    let text = dot::render(v, &analysis.routing, &options);
    let note = node_line(&text, "note:rg-serverless-etl:ds-rds-orders").unwrap();
    assert!(note.contains("no proved fix"), "{note}");
    assert!(
        !note.contains("Whitelist"),
        "an unproved candidate is drawn: {note}"
    );
}

#[test]
fn focus_pair_keeps_the_paths_and_one_hop_around() {
    let pair = "rg-serverless-adhoc:ds-idc-oracle-erp";
    let dot = render(
        Path::new(SHOWCASE),
        &["--style", "design", "--focus-pair", pair],
    );
    // on the path both ways
    for kept in [
        "resource_group:rg-serverless-adhoc",
        "data_source:ds-idc-oracle-erp",
        "vbr:vbr-bp1j3jzsz044x9hfzf1pd",
        "data_center:idc-hz-xixi",
    ] {
        assert!(node_line(&dot, kept).is_some(), "{kept} left out");
    }
    // elsewhere: left out (the Shanghai data source, the internet one)
    for gone in [
        "data_source:ds-polardb-analytics-sh",
        "data_source:ds-partner-postgres-crm",
    ] {
        assert!(node_line(&dot, gone).is_none(), "{gone} kept");
    }
    // highlighted, with its note
    assert!(dot.contains("\"note:rg-serverless-adhoc:ds-idc-oracle-erp\"["));
    // with --highlight-failures: other failing pairs only inside what the pair keeps
    let failures = render(
        Path::new(SHOWCASE),
        &[
            "--style",
            "design",
            "--focus-pair",
            pair,
            "--highlight-failures",
        ],
    );
    let node_names = |text: &str| -> std::collections::BTreeSet<String> {
        text.lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with('"') && l.contains("\"[") && !l.starts_with("\"note:"))
            .map(|l| l.split("\"[").next().unwrap().to_string())
            .collect()
    };
    assert_eq!(node_names(&failures), node_names(&dot));
    // (the showcase's other failing pairs end outside it: no other note)
    assert_eq!(
        failures.matches("\"note:").count(),
        dot.matches("\"note:").count()
    );
    // the library's one-pair diagram is the same text
    let analysis = util::analyse_file(Path::new(SHOWCASE), Scope::Check);
    let v = &analysis.valid;
    let ids = dot::parse_highlight(v, pair).unwrap();
    let plan = analysis.plan(&[ids]);
    let names = dot::names(&analysis.loaded.inventory);
    let text = dot::pair_diagram(v, &analysis.routing, ids, names, &|r| plan.annotate(r));
    assert_eq!(text, dot);
    // a bad pair: exit 2, named as --focus-pair
    let output = netreach(&[
        "render",
        SHOWCASE,
        "--focus-pair",
        "rg-nope:ds-idc-oracle-erp",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--focus-pair rg-nope"));
}

#[test]
fn a_whole_inventory_past_the_limit_is_refused_with_a_summary() {
    let dir = util::tempdir();
    let spec = netreach::generate::GenSpec::medium();
    let inventory = netreach::generate::generate(&spec);
    let file = dir.path().join("medium.json");
    std::fs::write(&file, serde_json::to_vec(&inventory).unwrap()).unwrap();
    let path = file.to_str().unwrap();
    let output = netreach(&["render", path]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("too large to draw"), "{stderr}");
    assert!(
        stderr.contains("by region:") && stderr.contains("by CEN:"),
        "{stderr}"
    );
    assert!(stderr.contains("--focus-pair"), "{stderr}");
    // a focus is never refused
    let analysis = util::analyse_file(&file, Scope::Check);
    let rg = &analysis.valid.resource_groups.as_slice()[0].id;
    let ds = &analysis.valid.data_sources.as_slice()[0].id;
    let pair = format!("{rg}:{ds}");
    let output = netreach(&["render", path, "--style", "design", "--focus-pair", &pair]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    if graphviz("a_whole_inventory_past_the_limit_is_refused_with_a_summary") {
        let svg = dot_svg(&String::from_utf8(output.stdout).unwrap(), "focused medium");
        assert_eq!(edges_over_labels(&svg), Vec::<String>::new());
    }
}

#[test]
fn hostile_names_stay_text_in_the_design_style() {
    let file = Path::new("tests/fixtures/render/hostile-names.json");
    let dot = render(file, &["--style", "design", "--highlight-failures"]);
    // the ids go into tooltips and comments escaped like every label
    assert!(
        !dot.contains('\u{202e}'),
        "a bidirectional override survived"
    );
    if !graphviz("hostile_names_stay_text_in_the_design_style") {
        return;
    }
    let svg = dot_svg(&dot, "hostile names, design");
    for raw in ["<script", "<img", "<svg onload", "<b>", "\"pwn\""] {
        assert!(!svg.contains(raw), "raw `{raw}` in the SVG");
    }
    // a comment cannot be closed early by an id: every `<!--` has its `-->`
    assert_eq!(svg.matches("<!--").count(), svg.matches("-->").count());
    // the SVG is well-formed XML and no edge runs over a label
    assert_eq!(edges_over_labels(&svg), Vec::<String>::new());
    assert_eq!(super::util::svg_nodes(&svg, "data_source:"), 3);
    assert_eq!(super::util::svg_nodes(&svg, "vpc:"), 2);
}
