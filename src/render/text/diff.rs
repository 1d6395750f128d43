//! The `diff` text report: pairs whose verdict or warnings changed, worst
//! first, and the inventory findings that came or went.

use std::fmt::Write;

use super::*;

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
    let mut shown = false;
    for change in &report.changes {
        let label = label(change.change);
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
                let _ = writeln!(out, "{}", pair_line("  ", primary));
                shown = true;
            }
        }
        for finding in &change.new_warnings {
            let _ = writeln!(out, "{}", pair_line("  new ", finding));
            shown = true;
        }
        for finding in &change.resolved_warnings {
            let _ = writeln!(out, "{}", pair_line("  resolved ", finding));
            shown = true;
        }
        if matches!(change.change, ChangeKind::Worse | ChangeKind::AddedFailing) {
            for fix in &change.fixes {
                let _ = writeln!(out, "  fix: {}", clean(&fix.action));
            }
        }
    }
    if !report.tasks.is_empty() {
        let _ = writeln!(out, "\ntasks whose verdict changed:");
        for task in &report.tasks {
            let label = label(task.change);
            let _ = writeln!(
                out,
                "{:<13} {:<11} {:<11} {} {} (on {})",
                label,
                verdict(task.before),
                verdict(task.after),
                task.kind.as_str(),
                clean(&task.task),
                clean(&task.resource_group)
            );
            if matches!(task.change, ChangeKind::Worse | ChangeKind::AddedFailing) {
                if let Some(primary) = task.findings.iter().find(|f| f.finding.primary) {
                    let prefix = format!(
                        "  {} {}: ",
                        primary.role.as_str(),
                        clean(&primary.data_source)
                    );
                    let _ = writeln!(out, "{}", pair_line(&prefix, &primary.finding));
                    shown = true;
                }
            }
        }
    }
    shown |= !report.new_findings.is_empty() || !report.resolved_findings.is_empty();
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
        "\ndiff: {} {} before, {} after: {} worse, {} better, {} added, {} removed; \
         {} new {} on pairs, {} resolved; {} new inventory {}, {} resolved",
        s.pairs_before,
        plural(s.pairs_before, "pair", "pairs"),
        s.pairs_after,
        s.worse,
        s.better,
        s.added,
        s.removed,
        s.new_warnings,
        plural(s.new_warnings, "warning", "warnings"),
        s.resolved_warnings,
        s.new_findings,
        plural(s.new_findings, "finding", "findings"),
        s.resolved_findings
    );
    if !report.tasks.is_empty() {
        let count = |kinds: &[ChangeKind]| {
            report
                .tasks
                .iter()
                .filter(|t| kinds.contains(&t.change))
                .count()
        };
        let _ = writeln!(
            out,
            "tasks: {} changed: {} worse, {} better, {} added, {} removed",
            report.tasks.len(),
            count(&[ChangeKind::Worse, ChangeKind::AddedFailing]),
            count(&[ChangeKind::Better]),
            count(&[ChangeKind::Added, ChangeKind::AddedFailing]),
            count(&[ChangeKind::Removed]),
        );
    }
    if shown {
        let _ = writeln!(out, "{EXPLAIN_FOOTER}");
    }
    out
}

/// How a change of a pair or a task is named in the first column.
fn label(change: crate::diff::ChangeKind) -> &'static str {
    match change {
        crate::diff::ChangeKind::Worse => "WORSE",
        crate::diff::ChangeKind::AddedFailing => "NEW, FAILING",
        crate::diff::ChangeKind::Warnings => "warnings",
        crate::diff::ChangeKind::Removed => "removed",
        crate::diff::ChangeKind::Added => "new",
        crate::diff::ChangeKind::Better => "better",
    }
}
