//! Pre-migration comparison: the pairs whose verdict changes between two
//! checked snapshots (or a snapshot and a planned patch of it), the pairs that
//! exist in only one, the warnings of each pair that appear or go away, and
//! the inventory-wide findings that appear or go away. Pure: it compares
//! reports, it runs nothing.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::findings::{Code, Finding, Severity};
use crate::reach::tasks::{TaskFinding, TaskPair, TaskReport};
use crate::reach::{PairFinding, PairReport, Verdict};

/// How a pair changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The verdict got worse (reachable → unknown → unreachable).
    Worse,
    /// The pair exists only after, and is not reachable.
    AddedFailing,
    /// The verdict is the same, but warnings appeared or went away.
    Warnings,
    /// The pair exists only before.
    Removed,
    /// The pair exists only after, and is reachable.
    Added,
    /// The verdict got better.
    Better,
}

/// One changed pair.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Change {
    /// The resource group id.
    pub resource_group: String,
    /// The data source id.
    pub data_source: String,
    /// The verdict before (`null`: the pair did not exist).
    pub before: Option<Verdict>,
    /// The verdict after (`null`: the pair no longer exists).
    pub after: Option<Verdict>,
    /// How it changed.
    pub change: ChangeKind,
    /// The findings that explain the after verdict (the before ones for a removed pair).
    pub findings: Vec<PairFinding>,
    /// The fixes after.
    pub fixes: Vec<crate::reach::Fix>,
    /// Warnings after that the pair did not have before (by code and
    /// resource); only on pairs in both snapshots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_warnings: Vec<PairFinding>,
    /// Warnings before that the pair no longer has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved_warnings: Vec<PairFinding>,
}

/// Counts.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct DiffSummary {
    /// Pairs before.
    pub pairs_before: usize,
    /// Pairs after.
    pub pairs_after: usize,
    /// Pairs that got worse (including new pairs that fail).
    pub worse: usize,
    /// Pairs that got better.
    pub better: usize,
    /// Pairs only after.
    pub added: usize,
    /// Pairs only before.
    pub removed: usize,
    /// Inventory findings new after.
    pub new_findings: usize,
    /// Inventory findings gone after.
    pub resolved_findings: usize,
    /// Warnings new on pairs (summed over the pairs in both snapshots).
    pub new_warnings: usize,
    /// Warnings gone from pairs.
    pub resolved_warnings: usize,
}

/// The `diff` report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DiffReport {
    /// Always 2 (version 2: fixes are objects `{action, api, patch}`).
    pub report_version: u32,
    /// Counts.
    pub summary: DiffSummary,
    /// Changed pairs, worst first, then by resource group and data source id.
    pub changes: Vec<Change>,
    /// Inventory-wide findings present after and not before.
    pub new_findings: Vec<Finding>,
    /// Inventory-wide findings present before and not after.
    pub resolved_findings: Vec<Finding>,
    /// Tasks whose verdict changed, or that exist on one side only (semantics
    /// S9.1), worst first, then by task id; `[]` when none.
    pub tasks: Vec<TaskChange>,
}

/// One task whose verdict changed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TaskChange {
    /// The task id.
    pub task: String,
    /// The task type (after; before for a removed task).
    #[serde(rename = "type")]
    pub kind: crate::model::TaskType,
    /// The resource group id (after; before for a removed task).
    pub resource_group: String,
    /// The verdict before (`null`: the task did not exist).
    pub before: Option<Verdict>,
    /// The verdict after (`null`: the task no longer exists).
    pub after: Option<Verdict>,
    /// How it changed (`warnings` does not occur: a task changes by verdict).
    pub change: ChangeKind,
    /// Its pairs after (before for a removed task).
    pub pairs: Vec<TaskPair>,
    /// The findings that explain the after verdict (the before ones for a removed task).
    pub findings: Vec<TaskFinding>,
}

/// The tasks whose verdict changed between two checks, worst first, then by id.
pub fn diff_tasks(before: &[TaskReport], after: &[TaskReport]) -> Vec<TaskChange> {
    let old: BTreeMap<&str, &TaskReport> = before.iter().map(|t| (t.task.as_str(), t)).collect();
    let new: BTreeMap<&str, &TaskReport> = after.iter().map(|t| (t.task.as_str(), t)).collect();
    let mut ids: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut changes: Vec<TaskChange> = ids
        .into_iter()
        .filter_map(|id| {
            let (b, a) = (old.get(id).copied(), new.get(id).copied());
            let change = match (b, a) {
                (Some(b), Some(a)) if a.verdict.rank() > b.verdict.rank() => ChangeKind::Worse,
                (Some(b), Some(a)) if a.verdict.rank() < b.verdict.rank() => ChangeKind::Better,
                (Some(_), None) => ChangeKind::Removed,
                (None, Some(a)) if a.verdict == Verdict::Reachable => ChangeKind::Added,
                (None, Some(_)) => ChangeKind::AddedFailing,
                _ => return None,
            };
            let shown = a.or(b)?;
            Some(TaskChange {
                task: id.to_string(),
                kind: shown.kind,
                resource_group: shown.resource_group.clone(),
                before: b.map(|t| t.verdict),
                after: a.map(|t| t.verdict),
                change,
                pairs: shown.pairs.clone(),
                findings: shown.findings.clone(),
            })
        })
        .collect();
    changes.sort_by(|x, y| (x.change, &x.task).cmp(&(y.change, &y.task)));
    changes
}

impl DiffReport {
    /// The report with the tasks whose verdict changed ([`diff_tasks`]).
    pub fn with_tasks(mut self, before: &[TaskReport], after: &[TaskReport]) -> DiffReport {
        self.tasks = diff_tasks(before, after);
        self
    }
}

/// What makes `diff` fail (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A pair that became (or is new and) unreachable; a new error finding.
    Error,
    /// Also a pair that became unknown (the default).
    Unknown,
    /// Also a new warning: on a pair in both snapshots, on a new pair, or
    /// among the inventory findings.
    Warning,
}

impl DiffReport {
    /// Exit 1 under `policy`: a pair got worse into a failing verdict, a new
    /// error finding appeared, or (`Warning`) a new warning did.
    pub fn failed(&self, policy: FailOn) -> bool {
        // worse into a verdict the policy fails, for a pair or a task alike
        let failing = |change: ChangeKind, after: Option<Verdict>| {
            matches!(change, ChangeKind::Worse | ChangeKind::AddedFailing)
                && match after {
                    Some(Verdict::Unreachable) => true,
                    Some(Verdict::Unknown) => policy != FailOn::Error,
                    _ => false,
                }
        };
        let worse = self.changes.iter().any(|c| failing(c.change, c.after));
        let warned = policy == FailOn::Warning
            && self.changes.iter().any(|c| {
                c.new_warnings
                    .iter()
                    .any(|f| f.severity == Severity::Warning)
                    || (matches!(c.change, ChangeKind::Added | ChangeKind::AddedFailing)
                        && c.findings.iter().any(|f| f.severity == Severity::Warning))
            });
        let found = self.new_findings.iter().any(|f| {
            f.severity == Severity::Error
                || (policy == FailOn::Warning && f.severity == Severity::Warning)
        });
        let task_worse = self.tasks.iter().any(|t| failing(t.change, t.after));
        worse || warned || found || task_worse
    }
}

/// The warnings of a pair (severity `warning`, undecided findings included),
/// once per (code, resource).
fn warnings_of(pair: &PairReport) -> BTreeMap<(Code, &str), &PairFinding> {
    let mut found = BTreeMap::new();
    for finding in &pair.findings {
        if finding.severity == Severity::Warning {
            found
                .entry((finding.code, finding.resource.as_str()))
                .or_insert(finding);
        }
    }
    found
}

/// The warnings in `after` and not in `before`.
fn added_warnings(before: &PairReport, after: &PairReport) -> Vec<PairFinding> {
    let old = warnings_of(before);
    warnings_of(after)
        .into_iter()
        .filter(|(key, _)| !old.contains_key(key))
        .map(|(_, finding)| finding.clone())
        .collect()
}

/// Compares two checks. O((P + F) log (P + F)) for P pairs and F findings.
pub fn diff(
    before: &[PairReport],
    after: &[PairReport],
    before_findings: &[Finding],
    after_findings: &[Finding],
) -> DiffReport {
    let key = |p: &PairReport| (p.resource_group.clone(), p.data_source.clone());
    let old: BTreeMap<(String, String), &PairReport> = before.iter().map(|p| (key(p), p)).collect();
    let new: BTreeMap<(String, String), &PairReport> = after.iter().map(|p| (key(p), p)).collect();
    let mut changes = Vec::new();
    let mut keys: Vec<&(String, String)> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let (b, a) = (old.get(k), new.get(k));
        let (new_warnings, resolved_warnings) = match (b, a) {
            (Some(b), Some(a)) => (added_warnings(b, a), added_warnings(a, b)),
            _ => (Vec::new(), Vec::new()),
        };
        let change = match (b, a) {
            (Some(b), Some(a)) if a.verdict.rank() > b.verdict.rank() => ChangeKind::Worse,
            (Some(b), Some(a)) if a.verdict.rank() < b.verdict.rank() => ChangeKind::Better,
            (Some(_), Some(_)) if !new_warnings.is_empty() || !resolved_warnings.is_empty() => {
                ChangeKind::Warnings
            }
            (Some(_), Some(_)) => continue,
            (Some(_), None) => ChangeKind::Removed,
            (None, Some(a)) if a.verdict == Verdict::Reachable => ChangeKind::Added,
            (None, Some(_)) => ChangeKind::AddedFailing,
            (None, None) => continue,
        };
        let shown = a.or(b);
        changes.push(Change {
            resource_group: k.0.clone(),
            data_source: k.1.clone(),
            before: b.map(|p| p.verdict),
            after: a.map(|p| p.verdict),
            change,
            findings: shown.map(|p| p.findings.clone()).unwrap_or_default(),
            fixes: a.map(|p| p.fixes.clone()).unwrap_or_default(),
            new_warnings,
            resolved_warnings,
        });
    }
    changes.sort_by(|x, y| {
        (x.change, &x.resource_group, &x.data_source).cmp(&(
            y.change,
            &y.resource_group,
            &y.data_source,
        ))
    });
    let same = |f: &Finding, g: &Finding| {
        f.code == g.code && f.resource == g.resource && f.message == g.message
    };
    let new_findings: Vec<Finding> = after_findings
        .iter()
        .filter(|f| !before_findings.iter().any(|g| same(f, g)))
        .cloned()
        .collect();
    let resolved_findings: Vec<Finding> = before_findings
        .iter()
        .filter(|f| !after_findings.iter().any(|g| same(f, g)))
        .cloned()
        .collect();
    let count = |kinds: &[ChangeKind]| changes.iter().filter(|c| kinds.contains(&c.change)).count();
    let summary = DiffSummary {
        pairs_before: before.len(),
        pairs_after: after.len(),
        worse: count(&[ChangeKind::Worse, ChangeKind::AddedFailing]),
        better: count(&[ChangeKind::Better]),
        added: count(&[ChangeKind::Added, ChangeKind::AddedFailing]),
        removed: count(&[ChangeKind::Removed]),
        new_findings: new_findings.len(),
        resolved_findings: resolved_findings.len(),
        new_warnings: changes.iter().map(|c| c.new_warnings.len()).sum(),
        resolved_warnings: changes.iter().map(|c| c.resolved_warnings.len()).sum(),
    };
    DiffReport {
        report_version: 2,
        summary,
        changes,
        new_findings,
        resolved_findings,
        tasks: Vec::new(),
    }
}
