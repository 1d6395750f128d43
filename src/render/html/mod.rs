//! The HTML report of `check --format html`: one self-contained page (its
//! style and script inline, a Content-Security-Policy that forbids every
//! fetch) with the summary, filters by verdict, scenario, resource group and
//! task, a search box, each pair's findings, proved fixes and hops, and the
//! diagram of a failing pair with its path highlighted.
//!
//! The summary and the inventory findings are written as HTML here, every
//! string escaped ([`escape`]). The pairs and tasks go into a JSON island
//! ([`island`]: shared strings, hops, paths, findings and fixes stored once),
//! which the page's script (`page.js`) reads and shows a page of rows at a
//! time; the script builds every element with `textContent` and never parses
//! input as HTML. Diagrams (SVG from Graphviz, [`diagram`]) are shown as
//! `data:` images, so even an SVG could run no script.
//!
//! Invariants: pairs are added in report order (group id, then data source
//! id) and every table of the island is filled in that order, so the same
//! report gives the same bytes; the page names no external resource.

pub mod diagram;
mod island;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use island::{ints, script_safe, string, Strings, Table};

use crate::findings::Finding;
use crate::reach::tasks::{TaskReport, TaskSummary};
use crate::reach::{Hop, PairFinding, PairReport, Scenario, Verdict};

/// The page's style, inline.
const STYLE: &str = include_str!("page.css");
/// The page's script, inline.
const SCRIPT: &str = include_str!("page.js");
/// The page's controls (filters, list, detail pane), without data.
const BODY: &str = include_str!("body.html");

/// The policy that keeps the page from loading or sending anything: inline
/// script and style only, images only as `data:` URLs (the diagrams).
pub const CSP: &str =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/// `s` as HTML text or attribute value: `& < > " '` as entities, control and
/// bidirectional characters made visible (`\u{…}`).
pub fn escape(s: &str) -> String {
    let shown = crate::render::markdown::visible(s);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A finding of a pair as the island stores it: code, severity, primary,
/// resource, message, proved fix (-1: none), related resources.
type FindingRow = (u32, u32, bool, u32, u32, i64, Vec<u32>);

/// The report being built, pair by pair.
#[derive(Debug, Default)]
pub struct Html {
    strings: Strings,
    hops: Table<[i64; 6]>,
    paths: Table<Vec<u32>>,
    findings: Table<FindingRow>,
    fixes: Table<(u32, i64)>,
    decisions: Table<(u32, u32, u32)>,
    /// The pair rows, joined by `,`.
    rows: String,
    pairs: usize,
    by_scenario: BTreeMap<Scenario, [usize; 3]>,
    /// The diagrams (SVG text), each stored once.
    diagrams: Strings,
    /// (pair row, diagram) for the pairs that have one.
    diagram_of: Vec<(usize, u32)>,
    /// Why there are no diagrams, or fewer than failing pairs.
    diagram_note: Option<String>,
}

fn verdict_code(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Reachable => 0,
        Verdict::Unreachable => 1,
        Verdict::Unknown => 2,
    }
}

impl Html {
    /// Adds a pair (in report order); returns its row.
    pub fn add(&mut self, pair: &PairReport) -> usize {
        let row = self.pairs;
        self.pairs += 1;
        let counts = self.by_scenario.entry(pair.scenario).or_default();
        if let Some(count) = counts.get_mut(verdict_code(pair.verdict)) {
            *count += 1;
        }
        let rg = self.strings.add(&pair.resource_group);
        let ds = self.strings.add(&pair.data_source);
        let scenario = self.strings.add(&scenario_label(pair.scenario));
        let (vpc, vsw) = match &pair.binding {
            Some(b) => (
                i64::from(self.strings.add(&b.vpc)),
                i64::from(self.strings.add(&b.vswitch)),
            ),
            None => (-1, -1),
        };
        let forward = self.path(&pair.forward);
        let back = self.path(&pair.return_path);
        if row > 0 {
            self.rows.push_str(",\n");
        }
        let _ = write!(
            self.rows,
            "[{rg},{ds},{},{scenario},{vpc},{vsw},{forward},{back}",
            verdict_code(pair.verdict)
        );
        let findings: Vec<u32> = pair.findings.iter().map(|f| self.finding(f)).collect();
        let fixes: Vec<u32> = pair
            .fixes
            .iter()
            .map(|f| {
                let action = self.strings.add(&f.action);
                let api = self.strings.opt(f.api.as_deref());
                self.fixes.add((action, api))
            })
            .collect();
        let decisions: Vec<u32> = pair
            .decisions
            .iter()
            .map(|d| {
                let code = self.strings.add(d.code.as_str());
                let resource = self.strings.add(&d.resource);
                let why = self.strings.add(&d.why);
                self.decisions.add((code, resource, why))
            })
            .collect();
        let solution = self.strings.opt(pair.solution.as_deref());
        if !findings.is_empty() || !fixes.is_empty() || !decisions.is_empty() || solution >= 0 {
            for list in [&findings, &fixes, &decisions] {
                self.rows.push(',');
                ints(&mut self.rows, list.iter());
            }
            let _ = write!(self.rows, ",{solution}");
        }
        self.rows.push(']');
        row
    }

    fn path(&mut self, hops: &[Hop]) -> u32 {
        let ids: Vec<u32> = hops
            .iter()
            .map(|h| {
                let hop = [
                    i64::from(self.strings.add(&h.at)),
                    self.strings.opt(h.table.as_deref()),
                    self.strings.opt(h.route.as_deref()),
                    self.strings.opt(h.next_hop.as_deref()),
                    self.strings.opt(h.range.as_deref()),
                    self.strings.opt(h.note.as_deref()),
                ];
                self.hops.add(hop)
            })
            .collect();
        self.paths.add(ids)
    }

    fn finding(&mut self, f: &PairFinding) -> u32 {
        let row = (
            self.strings.add(f.code.as_str()),
            self.strings.add(f.severity.as_str()),
            f.primary,
            self.strings.add(&f.resource),
            self.strings.add(&f.message),
            self.strings.opt(f.fix.as_deref()),
            f.related.iter().map(|r| self.strings.add(r)).collect(),
        );
        self.findings.add(row)
    }

    /// Gives the pair of `row` the diagram `svg` (identical diagrams stored once).
    pub fn set_diagram(&mut self, row: usize, svg: &str) {
        let index = self.diagrams.add(svg);
        self.diagram_of.push((row, index));
    }

    /// Says on the page why diagrams are missing (Graphviz not installed, the cap).
    pub fn diagram_note(&mut self, note: &str) {
        self.diagram_note = Some(note.to_string());
    }

    /// The page: `inputs` are the inventory file names (for the `render`
    /// command shown where a pair has no diagram), `tasks` the selected
    /// tasks' reports, `findings` the inventory-wide ones.
    pub fn finish(
        mut self,
        inputs: &[String],
        tasks: &[TaskReport],
        findings: &[Finding],
    ) -> String {
        let mut out = String::with_capacity(self.rows.len() * 2 + (1 << 16));
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>netreach check report</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
        );
        self.header(&mut out, inputs, tasks);
        inventory_findings(&mut out, findings);
        out.push_str(BODY);
        out.push_str("<script type=\"application/json\" id=\"netreach-data\">\n");
        self.island(&mut out, inputs, tasks);
        out.push_str("\n</script>\n<script>\n");
        out.push_str(SCRIPT);
        out.push_str("</script>\n</body>\n</html>\n");
        out
    }

    /// The title, the inputs and the summary table, as static HTML.
    fn header(&self, out: &mut String, inputs: &[String], tasks: &[TaskReport]) {
        out.push_str("<header><h1>netreach check report</h1>\n");
        if !inputs.is_empty() {
            let names: Vec<String> = inputs.iter().map(|i| escape(i)).collect();
            let _ = writeln!(
                out,
                "<p class=\"inputs\">Inventory: {}</p>",
                names.join(", ")
            );
        }
        out.push_str("</header>\n<section id=\"summary\"><h2>Summary</h2>\n<table class=\"summary\">\n\
                      <thead><tr><th>pairs</th><th>total</th><th>reachable</th><th>unreachable</th><th>unknown</th></tr></thead>\n<tbody>\n");
        let mut total = [0usize; 3];
        for (scenario, c) in &self.by_scenario {
            for (t, n) in total.iter_mut().zip(c) {
                *t += n;
            }
            let _ = writeln!(
                out,
                "<tr><td>scenario {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&scenario_label(*scenario)),
                c.iter().sum::<usize>(),
                c[0],
                c[1],
                c[2]
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"total\"><td>all pairs</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            self.pairs, total[0], total[1], total[2]
        );
        if !tasks.is_empty() {
            let t = TaskSummary::of(tasks);
            let _ = writeln!(
                out,
                "<tr class=\"total\"><td>tasks</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                t.tasks, t.reachable, t.unreachable, t.unknown
            );
        }
        out.push_str("</tbody></table>\n");
        if let Some(note) = &self.diagram_note {
            let _ = writeln!(
                out,
                "<p class=\"note\" id=\"diagram-note\">{}</p>",
                escape(note)
            );
        }
        out.push_str("</section>\n");
    }

    /// The JSON island.
    fn island(&mut self, out: &mut String, inputs: &[String], tasks: &[TaskReport]) {
        let inputs: Vec<u32> = inputs.iter().map(|i| self.strings.add(i)).collect();
        let tasks: Vec<String> = tasks.iter().map(|t| self.task(t)).collect();
        out.push_str("{\"version\":1,\"inputs\":");
        ints(out, inputs);
        out.push_str(",\n\"strings\":[");
        for (i, s) in self.strings.items().iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&string(s));
        }
        out.push_str("],\n\"hops\":[");
        for (i, hop) in self.hops.items().iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            ints(out, hop.iter());
        }
        out.push_str("],\n\"paths\":[");
        for (i, path) in self.paths.items().iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            ints(out, path.iter());
        }
        out.push_str("],\n\"findings\":[");
        for (i, (code, sev, primary, res, msg, fix, related)) in
            self.findings.items().iter().enumerate()
        {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let _ = write!(
                out,
                "[{code},{sev},{},{res},{msg},{fix},",
                u8::from(*primary)
            );
            ints(out, related.iter());
            out.push(']');
        }
        out.push_str("],\n\"fixes\":[");
        for (i, (action, api)) in self.fixes.items().iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let _ = write!(out, "[{action},{api}]");
        }
        out.push_str("],\n\"decisions\":[");
        for (i, (code, res, why)) in self.decisions.items().iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let _ = write!(out, "[{code},{res},{why}]");
        }
        out.push_str("],\n\"tasks\":[");
        out.push_str(&tasks.join(",\n"));
        out.push_str("],\n\"diagrams\":[");
        for (i, svg) in self.diagrams.items().iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&string(svg));
        }
        out.push_str("],\n\"diagram_of\":[");
        for (i, (row, d)) in self.diagram_of.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "[{row},{d}]");
        }
        out.push_str("],\n\"diagram_note\":");
        match &self.diagram_note {
            Some(note) => out.push_str(&string(note)),
            None => out.push_str("null"),
        }
        out.push_str(",\n\"pairs\":[\n");
        // rows hold only integers: nothing to escape
        out.push_str(&script_safe(&self.rows));
        out.push_str("]}");
    }

    /// A task as the island stores it: id, type, group, verdict, its pairs
    /// `[data source, role, verdict]` and findings `[data source, role, finding]`.
    fn task(&mut self, task: &TaskReport) -> String {
        let mut out = String::new();
        let id = self.strings.add(&task.task);
        let kind = self.strings.add(task.kind.as_str());
        let rg = self.strings.add(&task.resource_group);
        let _ = write!(out, "[{id},{kind},{rg},{},[", verdict_code(task.verdict));
        for (i, pair) in task.pairs.iter().enumerate() {
            let ds = self.strings.add(&pair.data_source);
            let role = self.strings.add(pair.role.as_str());
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}[{ds},{role},{}]", verdict_code(pair.verdict));
        }
        out.push_str("],[");
        for (i, f) in task.findings.iter().enumerate() {
            let ds = self.strings.add(&f.data_source);
            let role = self.strings.add(f.role.as_str());
            let finding = self.finding(&f.finding);
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}[{ds},{role},{finding}]");
        }
        out.push_str("]]");
        out
    }
}

/// A scenario as the page shows it: `1 (same account and region)`.
fn scenario_label(scenario: Scenario) -> String {
    format!("{} ({})", scenario.as_str(), scenario.title())
}

/// The inventory-wide findings as a static table.
fn inventory_findings(out: &mut String, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    out.push_str("<section id=\"inventory-findings\"><h2>Inventory findings</h2>\n<table>\n\
                  <thead><tr><th>severity</th><th>code</th><th>resource</th><th>message</th></tr></thead>\n<tbody>\n");
    for f in findings {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            f.severity.as_str(),
            escape(f.code.as_str()),
            escape(&f.resource),
            escape(&f.message)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape("<img src=x onerror='a'>&\"\u{1b}"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;\\u{1b}"
        );
    }
}
