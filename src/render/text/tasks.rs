//! The task lines of the `check` text report (semantics S9.1): one line per
//! task, before the pairs, naming each side's verdict and the failing side's
//! primary finding.

use std::fmt::Write;

use super::{clean, plural};
use crate::model::TaskType;
use crate::reach::tasks::{TaskReport, TaskSummary};
use crate::reach::Verdict;

/// What a task of this type is called in a line: `sync job`, `schedule job`,
/// `service API`.
fn noun(kind: TaskType) -> &'static str {
    match kind {
        TaskType::Sync => "sync job",
        TaskType::Schedule => "schedule job",
        TaskType::Service => "service API",
    }
}

fn side(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Reachable => "reachable",
        Verdict::Unreachable => "UNREACHABLE",
        Verdict::Unknown => "UNKNOWN",
    }
}

/// One task's line: `sync job orders-to-warehouse (on rg-1): source reachable,
/// destination UNREACHABLE: whitelist-missing on ds-warehouse`.
pub fn task_line(out: &mut String, task: &TaskReport) {
    let sides: Vec<String> = task
        .pairs
        .iter()
        .map(|p| format!("{} {}", p.role.as_str(), side(p.verdict)))
        .collect();
    let primary = task
        .primary()
        .map(|f| format!(": {} on {}", f.finding.code, clean(&f.data_source)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {} (on {}): {}{primary}",
        noun(task.kind),
        clean(&task.task),
        clean(&task.resource_group),
        sides.join(", ")
    );
}

/// The task lines, then a blank line; nothing when there are no tasks.
pub fn task_lines(out: &mut String, tasks: &[TaskReport]) {
    if tasks.is_empty() {
        return;
    }
    for task in tasks {
        task_line(out, task);
    }
    out.push('\n');
}

/// The summary line of the tasks; nothing when there are none.
pub fn task_summary(out: &mut String, summary: &TaskSummary) {
    if summary.tasks == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "tasks: {} {}: {} reachable, {} unreachable, {} unknown",
        summary.tasks,
        plural(summary.tasks, "task", "tasks"),
        summary.reachable,
        summary.unreachable,
        summary.unknown
    );
}
