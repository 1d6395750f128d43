//! `check --format html`: one self-contained page (a Content-Security-Policy
//! that forbids every fetch, no external script, style, font or image), the
//! summary as static HTML, the pairs and tasks in a JSON island that parses
//! and that input cannot close, diagrams of failing pairs from Graphviz (or a
//! note saying Graphviz was missing), and hostile ids kept as text. What the
//! page shows once its script ran is tested in a browser (`browser.rs`).

use serde_json::Value;

use super::util::{netreach, output_of, run, tempdir, write};

/// The page of `check PATH --format html`, which fails (the inputs have
/// failing pairs) and writes nothing on stderr.
fn page(path: &str) -> String {
    let out = run(&["check", path, "--format", "html"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout
}

/// The page split into the island's JSON and the rest of the page.
fn split(page: &str) -> (Value, String) {
    let open = "<script type=\"application/json\" id=\"netreach-data\">\n";
    let start = page.find(open).expect("no island") + open.len();
    let end = start
        + page[start..]
            .find("\n</script>")
            .expect("island not closed");
    let island: Value = serde_json::from_str(&page[start..end]).expect("the island is JSON");
    let rest = format!("{}{}", &page[..start], &page[end..]);
    (island, rest)
}

/// Whether Graphviz's `dot` runs; without it the test says so on stderr
/// (NETREACH_REQUIRE_DOT=1 makes it fail, as in `render.rs`).
fn graphviz(test: &str) -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let required = std::env::var("NETREACH_REQUIRE_DOT").is_ok_and(|v| v.trim() == "1");
        assert!(
            !required,
            "{test}: `dot` is missing and NETREACH_REQUIRE_DOT=1"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: Graphviz's `dot` is not on the PATH"
        );
    }
    found
}

#[test]
fn the_page_is_self_contained_and_holds_every_pair() {
    let page = page("samples/showcase.json");
    let (island, rest) = split(&page);
    assert!(rest.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">"
    ));
    // nothing outside the island can name a resource to fetch
    for external in [
        "src=", "href=", "<link", "url(", "@import", "http://", "https://", "<iframe", "<object",
    ] {
        assert!(!rest.contains(external), "`{external}` in the page");
    }
    assert_eq!(
        rest.matches("<script").count(),
        2,
        "the island and the script"
    );
    // the summary, written as HTML
    assert!(rest.contains(
        "<tr class=\"total\"><td>all pairs</td><td>14</td><td>8</td><td>6</td><td>0</td></tr>"
    ));
    assert!(rest.contains(
        "<tr class=\"total\"><td>tasks</td><td>5</td><td>2</td><td>3</td><td>0</td></tr>"
    ));
    // every pair, in report order, with shared strings stored once
    let strings = island["strings"].as_array().unwrap();
    let text = |i: &Value| {
        strings[i.as_u64().unwrap() as usize]
            .as_str()
            .unwrap()
            .to_string()
    };
    let pairs = island["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 14);
    let ids: Vec<(String, String)> = pairs.iter().map(|p| (text(&p[0]), text(&p[1]))).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let mut unique = strings.clone();
    unique.sort_by_key(|s| s.as_str().unwrap().to_string());
    unique.dedup();
    assert_eq!(unique.len(), strings.len(), "a string stored twice");
    // the proved fix of the whitelist is on its pair
    let polardb = pairs
        .iter()
        .find(|p| text(&p[0]) == "rg-serverless-adhoc" && text(&p[1]) == "ds-polardb-analytics-sh")
        .unwrap();
    assert_eq!(polardb[2], 1, "unreachable");
    let fixes: Vec<String> = polardb[9]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| text(&island["fixes"][f.as_u64().unwrap() as usize][0]))
        .collect();
    assert_eq!(
        fixes,
        ["data source console > ds-polardb-analytics-sh > Whitelist Settings > Modify: add 10.10.2.0/24"]
    );
    assert_eq!(island["tasks"].as_array().unwrap().len(), 5);
    // the same bytes twice
    assert_eq!(page, self::page("samples/showcase.json"));
}

#[test]
fn failing_pairs_get_their_diagram() {
    if !graphviz("failing_pairs_get_their_diagram") {
        return;
    }
    let (island, _) = split(&page("samples/showcase.json"));
    let pairs = island["pairs"].as_array().unwrap();
    let failing = pairs.iter().filter(|p| p[2] != 0).count();
    let diagram_of = island["diagram_of"].as_array().unwrap();
    assert_eq!(
        diagram_of.len(),
        failing,
        "every failing pair (under the cap)"
    );
    for d in diagram_of {
        assert_ne!(
            pairs[d[0].as_u64().unwrap() as usize][2],
            0,
            "only failing pairs"
        );
        let svg = island["diagrams"][d[1].as_u64().unwrap() as usize]
            .as_str()
            .unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
    assert!(island["diagram_note"].is_null());
}

#[test]
fn without_graphviz_the_page_says_so_and_shows_the_rest() {
    let dir = tempdir();
    let mut command = netreach();
    command
        .args(["check", "samples/showcase.json", "--format", "html"])
        .env("PATH", dir.path());
    let out = output_of(&mut command);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let (island, rest) = split(&out.stdout);
    assert!(rest
        .contains("<p class=\"note\" id=\"diagram-note\">Graphviz&#39;s `dot` was not installed"));
    assert!(island["diagram_note"]
        .as_str()
        .unwrap()
        .contains("not installed"));
    assert!(island["diagrams"].as_array().unwrap().is_empty());
    assert_eq!(island["pairs"].as_array().unwrap().len(), 14);
}

#[test]
fn hostile_names_stay_text_in_html() {
    let dir = tempdir();
    let inventory = super::markdown::hostile_inventory();
    let path = write(&dir, "hostile.json", &inventory);
    let page = page(path.to_str().unwrap());
    let (island, rest) = split(&page);
    // no element or attribute from input outside the island
    for raw in ["<script>alert", "<img", "<b>", "onerror", "javascript:"] {
        assert!(!rest.contains(raw), "raw `{raw}` in the page");
    }
    assert_eq!(rest.matches("<script").count(), 2);
    assert!(!page.contains('\u{7}') && !page.contains('\u{1b}') && !page.contains('\u{202e}'));
    // the island cannot be closed: no `<`, `>` or `&` in it at all
    let start = page.find("id=\"netreach-data\">").unwrap() + "id=\"netreach-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    assert!(!page[start..end].contains(['<', '>', '&']));
    // and the ids read back exactly
    let strings: Vec<&str> = island["strings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for id in [
        inventory["resource_groups"][0]["id"].as_str().unwrap(),
        inventory["data_sources"][0]["id"].as_str().unwrap(),
        inventory["vpcs"][0]["id"].as_str().unwrap(),
    ] {
        assert!(strings.contains(&id), "{id:?} not in the island");
    }
    // the inventory's file name is shown escaped
    assert!(rest.contains("Inventory: "));
}
