//! `check --format markdown`: the report parsed as CommonMark (pulldown-cmark,
//! with GitHub's tables and task lists) shows the summary, a section per
//! failing pair and task with its proved fixes as a checklist and its hops as
//! tables, and nothing from the input becomes a link, an image, HTML or an
//! extra table cell.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::json;

use super::util::{run, tempdir, write};

/// What a report parses into: the headings, the table rows (cells as text),
/// the task-list items and the events that would be markup.
#[derive(Debug, Default)]
struct Parsed {
    headings: Vec<String>,
    tables: Vec<Vec<Vec<String>>>,
    tasks: Vec<(bool, String)>,
    markup: Vec<String>,
    text: String,
}

fn parse(markdown: &str) -> Parsed {
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let mut parsed = Parsed::default();
    let mut heading: Option<String> = None;
    let mut cell: Option<String> = None;
    let mut item: Option<(bool, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => parsed.headings.extend(heading.take()),
            Event::Start(Tag::Table(_)) => parsed.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(table) = parsed.tables.last_mut() {
                    table.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let row = parsed.tables.last_mut().and_then(|t| t.last_mut());
                row.unwrap().push(cell.take().unwrap());
            }
            Event::TaskListMarker(checked) => item = Some((checked, String::new())),
            Event::End(TagEnd::Item) => parsed.tasks.extend(item.take()),
            Event::Text(t) | Event::Code(t) => {
                for open in [&mut heading, &mut cell] {
                    if let Some(open) = open.as_mut() {
                        open.push_str(&t);
                    }
                }
                if let Some((_, open)) = item.as_mut() {
                    open.push_str(&t);
                }
                parsed.text.push_str(&t);
            }
            Event::Html(h) | Event::InlineHtml(h) => parsed.markup.push(format!("html {h}")),
            Event::Start(Tag::Link { dest_url, .. }) => {
                parsed.markup.push(format!("link {dest_url}"))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                parsed.markup.push(format!("image {dest_url}"))
            }
            _ => {}
        }
    }
    parsed
}

fn markdown_of(path: &str) -> (Option<i32>, String) {
    let out = run(&["check", path, "--format", "markdown"]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    (out.code, out.stdout)
}

#[test]
fn showcase_report_is_commonmark_with_sections_checklists_and_hop_tables() {
    let (code, report) = markdown_of("samples/showcase.json");
    assert_eq!(code, Some(1), "failing pairs fail the check");
    let parsed = parse(&report);
    assert!(parsed.markup.is_empty(), "{:?}", parsed.markup);
    for heading in [
        "netreach check report",
        "Summary",
        "Failing tasks",
        "Failing pairs",
        "Reachable pairs",
        "UNREACHABLE rg-serverless-adhoc → ds-polardb-analytics-sh",
        "UNREACHABLE sync job orders-to-warehouse (on rg-serverless-adhoc)",
    ] {
        assert!(
            parsed.headings.iter().any(|h| h == heading),
            "no heading {heading:?} in {:?}",
            parsed.headings
        );
    }
    // the summary: every pair counted once, by scenario and in total
    let summary = &parsed.tables[0];
    assert_eq!(
        summary[0],
        ["pairs", "total", "reachable", "unreachable", "unknown"]
    );
    assert!(summary.contains(&vec![
        "all pairs".to_string(),
        "14".into(),
        "8".into(),
        "6".into(),
        "0".into()
    ]));
    assert!(summary.iter().any(|row| row[0] == "tasks" && row[1] == "5"));
    // the proved fix of the whitelist, unchecked, once for the pair and once for its task
    let whitelist = "data source console > ds-polardb-analytics-sh > Whitelist Settings > Modify: add 10.10.2.0/24";
    let items: Vec<&(bool, String)> = parsed
        .tasks
        .iter()
        .filter(|(_, text)| text.starts_with(whitelist))
        .collect();
    assert_eq!(items.len(), 2, "{:?}", parsed.tasks);
    assert!(items.iter().all(|(checked, _)| !checked));
    // hop tables: a header and numbered rows of six cells
    let hops: Vec<&Vec<Vec<String>>> = parsed
        .tables
        .iter()
        .filter(|t| t[0].first().is_some_and(|h| h == "#"))
        .collect();
    assert!(!hops.is_empty());
    for table in &hops {
        assert!(table.iter().all(|row| row.len() == 6), "{table:?}");
        assert_eq!(table[1][0], "1");
    }
    // reachable pairs are a count per scenario, not sections
    assert!(!parsed.headings.iter().any(|h| h.starts_with("reachable ")
        || h.contains("ds-rds-orders") && h.starts_with("rg-serverless-etl")));
    insta::assert_snapshot!("showcase_markdown", report);
}

#[test]
fn markdown_to_a_file_is_the_same_report_and_deterministic() {
    let dir = tempdir();
    let file = dir.path().join("report.md");
    let out = run(&[
        "check",
        "samples/showcase.json",
        "--format",
        "markdown",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.is_empty());
    let (_, stdout) = markdown_of("samples/showcase.json");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
}

/// Ids that hold Markdown, HTML, links, backticks, `|` and control
/// characters, on a pair that fails (so they show in a section, its
/// findings, its fix and its hops).
pub fn hostile_inventory() -> serde_json::Value {
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-<b>`x`</b>|](javascript:alert(1))", "region": "cn-hangzhou",
                  "cidrs": ["10.0.0.0/8"], "name": "<script>alert('vpc')</script>"}],
        "vswitches": [
            {"id": "vsw-rg|*a*|\n# heading\r\u{1b}[31m", "vpc": "vpc-<b>`x`</b>|](javascript:alert(1))", "cidr": "10.10.1.0/24"},
            {"id": "vsw-db", "vpc": "vpc-<b>`x`</b>|](javascript:alert(1))", "cidr": "10.20.0.0/16"}
        ],
        "resource_groups": [{"id": "rg-<script>alert(1)</script>", "type": "serverless", "region": "cn-hangzhou",
                             "networks": [{"vpc": "vpc-<b>`x`</b>|](javascript:alert(1))", "vswitch": "vsw-rg|*a*|\n# heading\r\u{1b}[31m"}]}],
        "data_sources": [
            {"id": "ds-[click](javascript:alert(1)) ![i](http://x/i.png) <img src=x onerror=alert(1)> ``code`` | pipe \u{7}\u{202e}",
             "type": "mysql", "ip": "10.20.0.5", "port": 3306,
             "location": {"vpc": "vpc-<b>`x`</b>|](javascript:alert(1))"}, "whitelist": []},
            {"id": "- [x] 1. <https://evil.example/> &amp; http://evil.example/",
             "type": "mysql", "ip": "10.20.0.6", "port": 3306,
             "location": {"vpc": "vpc-<b>`x`</b>|](javascript:alert(1))"}, "whitelist": []}
        ]
    })
}

#[test]
fn hostile_names_stay_text_in_markdown() {
    let dir = tempdir();
    let path = write(&dir, "hostile.json", &hostile_inventory());
    let (code, report) = markdown_of(path.to_str().unwrap());
    assert_eq!(code, Some(1));
    let parsed = parse(&report);
    // no link, image or HTML at all: the report makes none, and none came from input
    assert!(parsed.markup.is_empty(), "{:?}", parsed.markup);
    assert!(
        !report.contains('\u{7}') && !report.contains('\u{1b}') && !report.contains('\u{202e}')
    );
    // every table keeps its columns: no `|` of an id split a cell
    for table in &parsed.tables {
        let width = table[0].len();
        assert!(table.iter().all(|row| row.len() == width), "{table:?}");
    }
    // the ids read back as themselves (control characters made visible)
    let ds = "ds-[click](javascript:alert(1)) ![i](http://x/i.png) <img src=x onerror=alert(1)> ``code`` | pipe \\u{7}\\u{202e}";
    assert!(
        parsed
            .headings
            .iter()
            .any(|h| h == &format!("UNREACHABLE rg-<script>alert(1)</script> → {ds}")),
        "{:?}",
        parsed.headings
    );
    assert!(parsed
        .text
        .contains("vsw-rg|*a*|\\u{a}# heading\\u{d}\\u{1b}[31m"));
    assert!(parsed
        .headings
        .iter()
        .any(|h| h.ends_with("→ - [x] 1. <https://evil.example/> &amp; http://evil.example/")));
    assert!(parsed.tables.iter().flatten().any(|row| row
        .iter()
        .any(|c| c == "vpc-<b>`x`</b>|](javascript:alert(1))")));
    // only the report's own headings: none from the `# heading` in an id
    assert!(parsed.headings.iter().all(|h| !h.starts_with("heading")));
    // one unchecked fix per data source, none checked by an id's `[x]`
    assert!(parsed.tasks.iter().all(|(checked, _)| !checked));
    assert_eq!(parsed.tasks.len(), 2, "{:?}", parsed.tasks);
}
