//! Pre-migration comparison: the pairs whose verdict changes between two
//! checked snapshots (or a snapshot and a planned patch of it), the pairs that
//! exist in only one, and the inventory-wide findings that appear or go away.
//! Pure: it compares reports, it runs nothing.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::findings::{Finding, Severity};
use crate::reach::{PairFinding, PairReport, Verdict};

/// How a pair changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The verdict got worse (reachable → unknown → unreachable).
    Worse,
    /// The pair exists only after, and is not reachable.
    AddedFailing,
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
}

impl DiffReport {
    /// Exit 1: a pair got worse, or a new error-severity finding appeared.
    pub fn failed(&self) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c.change, ChangeKind::Worse | ChangeKind::AddedFailing))
            || self
                .new_findings
                .iter()
                .any(|f| f.severity == Severity::Error)
    }
}

fn rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Reachable => 0,
        Verdict::Unknown => 1,
        Verdict::Unreachable => 2,
    }
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
        let change = match (b, a) {
            (Some(b), Some(a)) if rank(a.verdict) > rank(b.verdict) => ChangeKind::Worse,
            (Some(b), Some(a)) if rank(a.verdict) < rank(b.verdict) => ChangeKind::Better,
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
    };
    DiffReport {
        report_version: 2,
        summary,
        changes,
        new_findings,
        resolved_findings,
    }
}
