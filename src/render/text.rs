//! Plain-text output for people. Every name that came from the inventory goes
//! through [`clean`], so control characters never reach a terminal raw.

use std::fmt::Write;

use crate::findings::{Code, Finding, Severity};
use crate::reach::{BindingRef, BindingReport, Hop, PairFinding, PairReport, Scenario, Verdict};

/// Escapes control characters (terminal escape sequences included) as `\u{…}`.
/// Borrows `text` when it has none, which is nearly always.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One finding as a line: `severity[short] code resource: message`.
fn headline(severity: Severity, code: Code, resource: &str, message: &str) -> String {
    format!(
        "{severity}[{}] {code} {}: {}",
        code.short(),
        clean(resource),
        clean(message)
    )
}

/// [`headline`] of a pair's finding.
fn pair_headline(finding: &PairFinding) -> String {
    headline(
        finding.severity,
        finding.code,
        &finding.resource,
        &finding.message,
    )
}

fn finding_line(out: &mut String, indent: &str, finding: &Finding) {
    let _ = writeln!(
        out,
        "{indent}{}",
        headline(
            finding.severity,
            finding.code,
            &finding.resource,
            &finding.message
        )
    );
    if let Some(fix) = &finding.fix {
        let _ = writeln!(out, "{indent}  fix: {}", clean(fix));
    }
}

/// The `audit` text report.
pub fn audit(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        finding_line(&mut out, "", finding);
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let infos = findings.len() - errors - warnings;
    let _ = writeln!(
        out,
        "audit: {errors} errors, {warnings} warnings, {infos} notes"
    );
    out
}

fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Reachable => "reachable",
        Verdict::Unreachable => "UNREACHABLE",
        Verdict::Unknown => "UNKNOWN",
    }
}

/// The block of a failing pair in the `check` text report: the verdict line,
/// the primary finding and the fixes.
pub fn failing_pair(out: &mut String, pair: &PairReport) {
    failing_first_line(
        out,
        pair.verdict,
        &pair.resource_group,
        &pair.data_source,
        pair.scenario,
        pair.binding.as_ref(),
    );
    let others = failing_body(out, pair);
    failing_more(out, others, &pair.resource_group, &pair.data_source);
}

/// The first line of a failing pair's block.
pub fn failing_first_line(
    out: &mut String,
    verdict: Verdict,
    resource_group: &str,
    data_source: &str,
    scenario: Scenario,
    binding: Option<&BindingRef>,
) {
    let via = binding
        .map(|b| format!(" via {}/{}", clean(&b.vpc), clean(&b.vswitch)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{:<11} {} -> {}  (scenario {}){via}",
        verdict_label(verdict),
        clean(resource_group),
        clean(data_source),
        scenario
    );
}

/// The primary finding and the fixes of a failing pair's block; returns the
/// number of other findings that are not notes.
pub fn failing_body(out: &mut String, pair: &PairReport) -> usize {
    if let Some(primary) = pair.primary() {
        let _ = writeln!(out, "  {}", pair_headline(primary));
    }
    for fix in &pair.fixes {
        let _ = writeln!(out, "  fix: {}", clean(&fix.action));
    }
    for decision in &pair.decisions {
        let _ = writeln!(
            out,
            "  decide: {} ({} on {})",
            clean(&decision.why),
            decision.code,
            clean(&decision.resource)
        );
    }
    pair.findings
        .iter()
        .filter(|f| !f.primary && f.severity != Severity::Info)
        .count()
}

/// The last line of a failing pair's block, when it has `others` more findings.
pub fn failing_more(out: &mut String, others: usize, resource_group: &str, data_source: &str) {
    if others > 0 {
        let _ = writeln!(
            out,
            "  (+{others} more; `netreach trace --from {} --to {}` shows every hop and finding)",
            clean(resource_group),
            clean(data_source)
        );
    }
}

/// The one line of a reachable pair in the `check` text report.
pub fn reachable_line(
    out: &mut String,
    resource_group: &str,
    data_source: &str,
    scenario: Scenario,
    warnings: usize,
) {
    let note = if warnings > 0 {
        format!(
            "  ({warnings} warning{})",
            if warnings == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{:<11} {} -> {}  (scenario {scenario}){note}",
        verdict_label(Verdict::Reachable),
        clean(resource_group),
        clean(data_source)
    );
}

/// The number of warnings of a pair (shown on reachable lines).
pub fn warnings(pair: &PairReport) -> usize {
    pair.findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count()
}

/// The end of the `check` text report: inventory findings and the summary.
pub fn check_tail(out: &mut String, findings: &[Finding], summary: &crate::render::json::Summary) {
    if !findings.is_empty() {
        let _ = writeln!(out, "\ninventory findings:");
        for finding in findings {
            finding_line(out, "  ", finding);
        }
    }
    let _ = writeln!(
        out,
        "\ncheck: {} pairs: {} reachable, {} unreachable, {} unknown",
        summary.pairs, summary.reachable, summary.unreachable, summary.unknown
    );
}

/// The `check` text report: failing pairs first with their primary finding and
/// fixes, then the reachable ones, then inventory findings and a summary.
pub fn check(pairs: &[PairReport], findings: &[Finding]) -> String {
    let mut out = String::new();
    for pair in pairs.iter().filter(|p| p.verdict != Verdict::Reachable) {
        failing_pair(&mut out, pair);
    }
    for pair in pairs.iter().filter(|p| p.verdict == Verdict::Reachable) {
        reachable_line(
            &mut out,
            &pair.resource_group,
            &pair.data_source,
            pair.scenario,
            warnings(pair),
        );
    }
    check_tail(&mut out, findings, &crate::render::json::Summary::of(pairs));
    out
}

fn hops(out: &mut String, hops: &[Hop]) {
    if hops.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (i, hop) in hops.iter().enumerate() {
        let mut line = format!("  {:>2}. {}", i + 1, clean(&hop.at));
        if let Some(table) = &hop.table {
            let _ = write!(line, "  table {}", clean(table));
        }
        if let Some(route) = &hop.route {
            let _ = write!(line, "  route {}", clean(route));
        }
        if let Some(next_hop) = &hop.next_hop {
            let _ = write!(line, "  -> {}", clean(next_hop));
        }
        if let Some(range) = &hop.range {
            let _ = write!(line, "  [{}]", clean(range));
        }
        if let Some(note) = &hop.note {
            let _ = write!(line, "  ({})", clean(note));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// The `trace` text report: every hop both ways, the findings and the fixes.
pub fn trace(pair: &PairReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} -> {}: {} (scenario {}: {})",
        clean(&pair.resource_group),
        clean(&pair.data_source),
        pair.verdict.as_str(),
        pair.scenario,
        pair.scenario.title()
    );
    let single;
    let views: &[BindingReport] = if pair.bindings.is_empty() {
        single = pair.binding.as_ref().map(|binding| BindingReport {
            binding: binding.clone(),
            verdict: pair.verdict,
            forward: pair.forward.clone(),
            return_path: pair.return_path.clone(),
            findings: pair.findings.clone(),
        });
        single.as_slice()
    } else {
        &pair.bindings
    };
    for binding in views {
        let _ = writeln!(
            out,
            "\nbinding {}/{}: {}",
            clean(&binding.binding.vpc),
            clean(&binding.binding.vswitch),
            binding.verdict.as_str()
        );
        let _ = writeln!(out, "forward:");
        hops(&mut out, &binding.forward);
        let _ = writeln!(out, "return:");
        hops(&mut out, &binding.return_path);
        if !binding.findings.is_empty() {
            let _ = writeln!(out, "findings:");
            for finding in &binding.findings {
                let primary = if finding.primary { " (primary)" } else { "" };
                let _ = writeln!(out, "  {}{primary}", pair_headline(finding));
            }
        }
    }
    if !pair.fixes.is_empty() {
        let _ = writeln!(out, "\nfixes:");
        for fix in &pair.fixes {
            let _ = writeln!(out, "  - {}", clean(&fix.action));
        }
    }
    if !pair.decisions.is_empty() {
        let _ = writeln!(out, "\nneeds a decision:");
        for decision in &pair.decisions {
            let _ = writeln!(
                out,
                "  - {} ({} on {})",
                clean(&decision.why),
                decision.code,
                clean(&decision.resource)
            );
        }
    }
    if let Some(solution) = &pair.solution {
        let _ = writeln!(out, "\nscenario {} needs: {}", pair.scenario, solution);
    }
    out
}

/// The `explain CODE` text.
pub fn explain(code: Code) -> String {
    let explanation = code.explanation();
    format!(
        "{} ({}), default severity {}\n{}\n\nWhat it detects\n  {}\n\nWhy it matters\n  {}\n\nHow to fix it\n  {}\n\nRules\n  {}\n\nExample\n  {}\n",
        code.as_str(),
        code.short(),
        code.severity(),
        code.summary(),
        explanation.detects,
        explanation.matters,
        explanation.fix,
        explanation.rule,
        explanation.example
    )
}

/// The `diff` text report: a table of changes, worst first, then the
/// inventory findings that appeared or went away, then a summary.
pub fn diff(report: &crate::diff::DiffReport) -> String {
    use crate::diff::ChangeKind;
    let mut out = String::new();
    let verdict = |v: Option<Verdict>| v.map(|v| v.as_str()).unwrap_or("-");
    if report.changes.is_empty() {
        let _ = writeln!(out, "no pair changed its verdict");
    } else {
        let _ = writeln!(
            out,
            "{:<13} {:<11} {:<11} pair",
            "change", "before", "after"
        );
    }
    for change in &report.changes {
        let label = match change.change {
            ChangeKind::Worse => "WORSE",
            ChangeKind::AddedFailing => "NEW, FAILING",
            ChangeKind::Removed => "removed",
            ChangeKind::Added => "new",
            ChangeKind::Better => "better",
        };
        let _ = writeln!(
            out,
            "{:<13} {:<11} {:<11} {} -> {}",
            label,
            verdict(change.before),
            verdict(change.after),
            clean(&change.resource_group),
            clean(&change.data_source)
        );
        if matches!(change.change, ChangeKind::Worse | ChangeKind::AddedFailing) {
            if let Some(primary) = change.findings.iter().find(|f| f.primary) {
                let _ = writeln!(out, "  {}", pair_headline(primary));
            }
            for fix in &change.fixes {
                let _ = writeln!(out, "  fix: {}", clean(&fix.action));
            }
        }
    }
    if !report.new_findings.is_empty() {
        let _ = writeln!(out, "\nnew inventory findings:");
        for finding in &report.new_findings {
            finding_line(&mut out, "  ", finding);
        }
    }
    if !report.resolved_findings.is_empty() {
        let _ = writeln!(out, "\nresolved inventory findings:");
        for finding in &report.resolved_findings {
            finding_line(&mut out, "  ", finding);
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\ndiff: {} pairs before, {} after: {} worse, {} better, {} added, {} removed; {} new findings, {} resolved",
        s.pairs_before, s.pairs_after, s.worse, s.better, s.added, s.removed, s.new_findings, s.resolved_findings
    );
    out
}
