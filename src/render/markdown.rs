//! The Markdown report of `check --format markdown`, for a ticket: a summary
//! table (pairs and tasks by verdict, pairs by scenario), one section per
//! failing task and per failing pair (verdict, scenario, primary blocker, the
//! proved fixes as a `- [ ]` checklist, the forward and return hops as tables),
//! the reachable pairs as a count per scenario, and the inventory-wide findings.
//!
//! Invariants: the text is CommonMark with the GitHub tables and task-list
//! extensions; every string that comes from the input goes through [`text`]
//! (or [`code`]), so no heading, list, table cell, link, image, HTML or entity
//! can come from an id, a name or a message. Fixes are the pair reports'
//! `fixes` (proved by `reach::prove`, semantics S10), never a candidate.
//! Sections are built pair by pair ([`Markdown::add`]) and laid out in the
//! order the pairs come (group id, then data source id), so the bytes do not
//! depend on the input order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::findings::{Finding, Severity};
use crate::reach::tasks::{TaskReport, TaskSummary};
use crate::reach::{Hop, PairFinding, PairReport, Scenario, Verdict};

/// `s` with what would not show as itself made visible: control characters
/// and the bidirectional controls (which would reorder the text around them)
/// as `\u{…}`. Borrows `s` when there is none, which is nearly always.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `s` as inline CommonMark text that shows as itself, in a paragraph, a
/// heading, a list item or a table cell: control characters made visible
/// ([`visible`]), then a backslash before every character that can open
/// Markdown syntax (emphasis, code, links and images (their `[`/`]`), HTML, entities, table
/// cells, strike-through, autolinks (`<`, and the `:` of `scheme://`),
/// headings), and before a leading `-`, `+`, `=` or `>`. The report never starts a line with input (every use follows a
/// list marker, a cell's `|` or a heading's `#`), so no block marker can come
/// from it; the leading escape is a second guard.
pub fn text(s: &str) -> String {
    let shown = visible(s);
    let mut out = String::with_capacity(shown.len() + 8);
    let mut chars = shown.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let escape = match c {
            // `(`, `)` and `!` open nothing once `[` and `]` are escaped
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '|' | '~' | '#' => true,
            // `scheme://` would be an extended autolink on GitHub
            ':' => chars.peek().is_some_and(|(_, next)| *next == '/'),
            '-' | '+' | '=' | '>' => i == 0,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A finding code (from the fixed table, never input) as a code span.
fn code(code: &str) -> String {
    format!("`{code}`")
}

/// The word of a verdict, as the text report writes it.
fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Reachable => "reachable",
        Verdict::Unreachable => "UNREACHABLE",
        Verdict::Unknown => "UNKNOWN",
    }
}

/// The counts of one scenario: reachable, unreachable, unknown.
type Counts = [usize; 3];

fn slot(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Reachable => 0,
        Verdict::Unreachable => 1,
        Verdict::Unknown => 2,
    }
}

/// What the report keeps of a pair: its verdict and scenario, and for a
/// failing pair its section ([`pair_section`]). Made in parallel, added in
/// order.
#[derive(Debug, Clone)]
pub struct Entry {
    verdict: Verdict,
    scenario: Scenario,
    section: Option<String>,
}

/// What the report keeps of `pair`.
pub fn entry(pair: &PairReport) -> Entry {
    Entry {
        verdict: pair.verdict,
        scenario: pair.scenario,
        section: (pair.verdict != Verdict::Reachable).then(|| pair_section(pair)),
    }
}

/// The report being built, pair by pair.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    by_scenario: BTreeMap<Scenario, Counts>,
    sections: String,
}

impl Markdown {
    /// Adds a pair (in report order).
    pub fn add(&mut self, entry: Entry) {
        let counts = self.by_scenario.entry(entry.scenario).or_default();
        if let Some(count) = counts.get_mut(slot(entry.verdict)) {
            *count += 1;
        }
        if let Some(section) = entry.section {
            self.sections.push_str(&section);
        }
    }

    /// The whole report: `inputs` are the inventory file names (shown in the
    /// title line), `tasks` the selected tasks' reports, `findings` the
    /// inventory-wide ones.
    pub fn finish(self, inputs: &[String], tasks: &[TaskReport], findings: &[Finding]) -> String {
        let mut out = String::from("# netreach check report\n\n");
        if !inputs.is_empty() {
            let names: Vec<String> = inputs.iter().map(|i| text(i)).collect();
            let _ = writeln!(out, "Inventory: {}\n", names.join(", "));
        }
        summary(&mut out, &self.by_scenario, tasks);
        let failing_tasks: Vec<&TaskReport> = tasks
            .iter()
            .filter(|t| t.verdict != Verdict::Reachable)
            .collect();
        if !failing_tasks.is_empty() {
            out.push_str("## Failing tasks\n\n");
            for task in failing_tasks {
                task_section(&mut out, task);
            }
        }
        if !self.sections.is_empty() {
            out.push_str("## Failing pairs\n\n");
            out.push_str(&self.sections);
        }
        reachable(&mut out, &self.by_scenario);
        inventory_findings(&mut out, findings);
        out
    }
}

/// The summary: pairs by verdict and scenario, tasks by verdict.
fn summary(out: &mut String, by_scenario: &BTreeMap<Scenario, Counts>, tasks: &[TaskReport]) {
    let total = by_scenario
        .values()
        .fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
    let pairs: usize = total.iter().sum();
    out.push_str("## Summary\n\n");
    out.push_str("| pairs | total | reachable | unreachable | unknown |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    for (scenario, c) in by_scenario {
        let _ = writeln!(
            out,
            "| scenario {} ({}) | {} | {} | {} | {} |",
            scenario.as_str(),
            scenario.title(),
            c.iter().sum::<usize>(),
            c[0],
            c[1],
            c[2]
        );
    }
    let _ = writeln!(
        out,
        "| **all pairs** | **{pairs}** | **{}** | **{}** | **{}** |",
        total[0], total[1], total[2]
    );
    if !tasks.is_empty() {
        let t = TaskSummary::of(tasks);
        let _ = writeln!(
            out,
            "| **tasks** | **{}** | **{}** | **{}** | **{}** |",
            t.tasks, t.reachable, t.unreachable, t.unknown
        );
    }
    out.push('\n');
}

/// The reachable pairs, as a count per scenario.
fn reachable(out: &mut String, by_scenario: &BTreeMap<Scenario, Counts>) {
    let rows: Vec<(&Scenario, usize)> = by_scenario
        .iter()
        .map(|(s, c)| (s, c[0]))
        .filter(|(_, n)| *n > 0)
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("## Reachable pairs\n\n| scenario | reachable pairs |\n|---|---:|\n");
    for (scenario, n) in rows {
        let _ = writeln!(
            out,
            "| {} ({}) | {n} |",
            scenario.as_str(),
            scenario.title()
        );
    }
    out.push('\n');
}

/// The inventory-wide findings, as a table.
fn inventory_findings(out: &mut String, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    let rows = findings.iter().map(|f| {
        (
            f.severity.as_str(),
            f.code.as_str(),
            &*f.resource,
            &*f.message,
        )
    });
    findings_table(out, "## Inventory findings", rows);
}

/// A titled table of findings: severity, code, resource, message (every
/// input string escaped).
fn findings_table<'f>(
    out: &mut String,
    title: &str,
    rows: impl Iterator<Item = (&'f str, &'f str, &'f str, &'f str)>,
) {
    let _ = write!(
        out,
        "{title}\n\n| severity | code | resource | message |\n|---|---|---|---|\n"
    );
    for (severity, code_text, resource, message) in rows {
        let _ = writeln!(
            out,
            "| {severity} | {} | {} | {} |",
            code(code_text),
            text(resource),
            text(message)
        );
    }
    out.push('\n');
}

/// A finding as one line: code, resource and message.
fn finding_line(f: &PairFinding) -> String {
    format!(
        "{} on {}: {}",
        code(f.code.as_str()),
        text(&f.resource),
        text(&f.message)
    )
}

/// The section of a failing task: its verdict, pairs, primary blocker and
/// the proved fixes of its findings as a checklist.
fn task_section(out: &mut String, task: &TaskReport) {
    let _ = writeln!(
        out,
        "### {} {} job {} (on {})\n",
        verdict_word(task.verdict),
        task.kind.as_str(),
        text(&task.task),
        text(&task.resource_group)
    );
    let _ = writeln!(out, "- **Verdict:** {}", task.verdict.as_str());
    for pair in &task.pairs {
        let _ = writeln!(
            out,
            "- **{}:** {} → {}",
            pair.role.as_str(),
            text(&pair.data_source),
            pair.verdict.as_str()
        );
    }
    if let Some(primary) = task.primary() {
        let _ = writeln!(
            out,
            "- **Primary blocker** ({}): {}",
            primary.role.as_str(),
            finding_line(&primary.finding)
        );
    }
    out.push('\n');
    let fixes: Vec<&str> = task
        .findings
        .iter()
        .filter_map(|f| f.finding.fix.as_deref())
        .collect();
    if !fixes.is_empty() {
        out.push_str("**Proved fixes**\n\n");
        for fix in fixes {
            let _ = writeln!(out, "- [ ] {}", text(fix));
        }
        out.push('\n');
    }
}

/// The section of a failing pair: verdict, scenario, binding, primary
/// blocker, the other findings, the proved fixes as a checklist, the
/// decisions left and the hops both ways.
pub fn pair_section(pair: &PairReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### {} {} → {}\n",
        verdict_word(pair.verdict),
        text(&pair.resource_group),
        text(&pair.data_source)
    );
    let _ = writeln!(out, "- **Verdict:** {}", pair.verdict.as_str());
    let _ = writeln!(
        out,
        "- **Scenario:** {} ({})",
        pair.scenario.as_str(),
        pair.scenario.title()
    );
    if let Some(binding) = &pair.binding {
        let _ = writeln!(
            out,
            "- **Binding:** {} / {}",
            text(&binding.vpc),
            text(&binding.vswitch)
        );
    }
    if let Some(primary) = pair.primary() {
        let _ = writeln!(out, "- **Primary blocker:** {}", finding_line(primary));
    }
    if let Some(solution) = &pair.solution {
        let _ = writeln!(out, "- **The scenario needs:** {}", text(solution));
    }
    out.push('\n');
    let others: Vec<&PairFinding> = pair.findings.iter().filter(|f| !f.primary).collect();
    if !others.is_empty() {
        let rows = others.iter().map(|f| {
            (
                f.severity.as_str(),
                f.code.as_str(),
                &*f.resource,
                &*f.message,
            )
        });
        findings_table(&mut out, "**Other findings**", rows);
    }
    if !pair.fixes.is_empty() {
        out.push_str("**Proved fixes** (in order)\n\n");
        for fix in &pair.fixes {
            let api = fix
                .api
                .as_deref()
                .map(|api| format!(" (API {})", code_span(api)))
                .unwrap_or_default();
            let _ = writeln!(out, "- [ ] {}{api}", text(&fix.action));
        }
        out.push('\n');
    }
    if !pair.decisions.is_empty() {
        out.push_str("**Decisions left** (no change could be proved)\n\n");
        for d in &pair.decisions {
            let _ = writeln!(
                out,
                "- [ ] decide: {} ({} on {})",
                text(&d.why),
                code(d.code.as_str()),
                text(&d.resource)
            );
        }
        out.push('\n');
    }
    hops(&mut out, "Forward path", &pair.forward);
    hops(&mut out, "Return path", &pair.return_path);
    let severe = pair
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && !f.primary);
    if severe {
        let _ = writeln!(
            out,
            "`netreach trace --from {} --to {}` gives every hop of every binding.\n",
            code_text(&pair.resource_group),
            code_text(&pair.data_source)
        );
    }
    out
}

/// An API name as a code span (API names are from the fix table; made safe anyway).
fn code_span(s: &str) -> String {
    format!("`{}`", code_text(s))
}

/// `s` for the inside of a single-backtick code span: backticks, control
/// characters and `|` (which would end a table cell) left out or made visible.
fn code_text(s: &str) -> String {
    visible(s).replace('`', "'").replace('|', "/")
}

/// The hops of one direction as a table.
fn hops(out: &mut String, title: &str, hops: &[Hop]) {
    if hops.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{title}**\n");
    out.push_str("| # | at | table | route | next hop | note |\n|---:|---|---|---|---|---|\n");
    let cell = |v: &Option<String>| v.as_deref().map(text).unwrap_or_default();
    for (i, hop) in hops.iter().enumerate() {
        let route = match (&hop.route, &hop.range) {
            (Some(route), Some(range)) => format!("{} (for {})", text(route), text(range)),
            (route, _) => cell(route),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            text(&hop.at),
            cell(&hop.table),
            route,
            cell(&hop.next_hop),
            cell(&hop.note)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_escapes_what_opens_syntax() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("![x](javascript:y)"), "!\\[x\\](javascript:y)");
        assert_eq!(text("http://a"), "http\\://a");
        assert_eq!(text("<b>"), "\\<b>");
        assert_eq!(text("- a"), "\\- a");
        assert_eq!(text("10.0.0.0/8"), "10.0.0.0/8");
        assert_eq!(text("a\nb\u{202e}"), "a\\\\u{a}b\\\\u{202e}");
        assert_eq!(text("rg-serverless-etl"), "rg-serverless-etl");
    }
}
