//! DataWorks tasks checked as a whole (semantics S9.1, S9.8 "Tasks"): a task's
//! verdict, primary and findings are taken from the reports of its pairs, all
//! with the task's resource group, in the order source, destination.
//!
//! Nothing here walks a network: a task costs a lookup of its (at most two)
//! pairs' reports, so tasks add no cost per pair. Which pairs and tasks a run
//! selects (`--task`, `--scope tasks`) is [`TaskSelection`].

use std::collections::{BTreeSet, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use super::{PairFinding, PairReport, Verdict};
use crate::model::TaskType;
use crate::validate::{DataSourceIx, ResourceGroupIx, TaskIx, TaskRole, ValidInventory};

/// One pair of a task, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TaskPair {
    /// The data source id.
    pub data_source: String,
    /// `source` or `destination`.
    pub role: Role,
    /// The pair's verdict.
    pub verdict: Verdict,
}

/// The role of a data source in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The data source the task reads.
    Source,
    /// The data source a `sync` task writes.
    Destination,
}

impl From<TaskRole> for Role {
    fn from(role: TaskRole) -> Role {
        match role {
            TaskRole::Source => Role::Source,
            TaskRole::Destination => Role::Destination,
        }
    }
}

impl Role {
    /// `source` | `destination`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Destination => "destination",
        }
    }
}

/// A finding of a task: a finding of one of its pairs, naming the data source
/// it concerns and its role. `primary` is true only on the task's primary.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TaskFinding {
    /// The data source of the pair the finding is from.
    pub data_source: String,
    /// That data source's role in the task.
    pub role: Role,
    /// The pair's finding (`primary`: the task's primary, semantics S9.8).
    #[serde(flatten)]
    pub finding: PairFinding,
}

/// A task's report (semantics S9.1, S9.8).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TaskReport {
    /// The task id.
    pub task: String,
    /// The task type.
    #[serde(rename = "type")]
    pub kind: TaskType,
    /// The resource group id.
    pub resource_group: String,
    /// `unreachable` if any pair is, else `unknown` if any is, else `reachable`.
    pub verdict: Verdict,
    /// Its pairs, source first.
    pub pairs: Vec<TaskPair>,
    /// Its pairs' findings, source first; the task's primary (if any) is the
    /// one with `primary`.
    pub findings: Vec<TaskFinding>,
}

impl TaskReport {
    /// The primary finding, if any (a reachable task has none).
    pub fn primary(&self) -> Option<&TaskFinding> {
        self.findings.iter().find(|f| f.finding.primary)
    }

    /// Whether some finding has `warning` severity (undecided ones included).
    pub fn has_warning(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.finding.severity == crate::findings::Severity::Warning)
    }
}

/// The verdict of a task from its pairs' (semantics S9.1): unreachable if any
/// is, else unknown if any is, else reachable.
pub fn task_verdict(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    verdicts
        .into_iter()
        .max_by_key(|v| v.rank())
        .unwrap_or(Verdict::Reachable)
}

/// The report of `task` from its pairs' reports (`pair` gives the report of
/// a (group, source) pair); `None` if a pair's report is missing.
pub fn task_report<'r>(
    v: &ValidInventory,
    task: TaskIx,
    pair: impl Fn(ResourceGroupIx, DataSourceIx) -> Option<&'r PairReport>,
) -> Option<TaskReport> {
    let t = v.tasks.lookup(task)?;
    let group = v.resource_groups.lookup(t.resource_group)?;
    let mut reports = Vec::with_capacity(2);
    for (role, ds) in t.roles() {
        let source = v.data_sources.lookup(ds)?;
        reports.push((
            Role::from(role),
            source.id.as_str(),
            pair(t.resource_group, ds)?,
        ));
    }
    let verdict = task_verdict(reports.iter().map(|(_, _, r)| r.verdict));
    // semantics S9.8: the primary is the primary of the first pair, source then
    // destination, whose verdict is the task's.
    let primary_pair = reports
        .iter()
        .position(|(_, _, r)| verdict != Verdict::Reachable && r.verdict == verdict);
    let pairs = reports
        .iter()
        .map(|(role, id, r)| TaskPair {
            data_source: (*id).to_string(),
            role: *role,
            verdict: r.verdict,
        })
        .collect();
    let findings = reports
        .iter()
        .enumerate()
        .flat_map(|(n, (role, id, r))| {
            let is_primary_pair = primary_pair == Some(n);
            r.findings.iter().map(move |f| {
                let mut finding = f.clone();
                finding.primary &= is_primary_pair;
                TaskFinding {
                    data_source: (*id).to_string(),
                    role: *role,
                    finding,
                }
            })
        })
        .collect();
    Some(TaskReport {
        task: t.id.clone(),
        kind: t.kind,
        resource_group: group.id.clone(),
        verdict,
        pairs,
        findings,
    })
}

/// Every task, sorted by id (the order of every report).
pub fn tasks_by_id(v: &ValidInventory) -> Vec<TaskIx> {
    let mut tasks: Vec<TaskIx> = v.tasks.indices().collect();
    tasks.sort_by(|a, b| v.tasks[*a].id.cmp(&v.tasks[*b].id));
    tasks
}

/// The distinct pairs of `tasks`, in group-id then data-source-id order.
pub fn pairs_of(v: &ValidInventory, tasks: &[TaskIx]) -> Vec<(ResourceGroupIx, DataSourceIx)> {
    let mut pairs: BTreeSet<(&str, &str, ResourceGroupIx, DataSourceIx)> = BTreeSet::new();
    for &task in tasks {
        let Some(t) = v.tasks.lookup(task) else {
            continue;
        };
        let Some(group) = v.resource_groups.lookup(t.resource_group) else {
            continue;
        };
        for (_, ds) in t.roles() {
            if let Some(source) = v.data_sources.lookup(ds) {
                pairs.insert((&group.id, &source.id, t.resource_group, ds));
            }
        }
    }
    pairs.into_iter().map(|(_, _, rg, ds)| (rg, ds)).collect()
}

/// What a run selects of pairs and tasks (semantics S9.8): the pairs to check
/// and the tasks to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSelection {
    /// The tasks to report, sorted by id.
    pub tasks: Vec<TaskIx>,
    /// Pairs to check beyond the product of the selected groups and sources
    /// (the named tasks' pairs that the product lacks), or, with
    /// `only_task_pairs`, every pair to check; in group-id then data-source-id
    /// order.
    pub pairs: Vec<(ResourceGroupIx, DataSourceIx)>,
    /// The pairs to check are `pairs` alone, not the product of the selected
    /// groups and sources.
    pub only_task_pairs: bool,
}

/// How tasks narrow a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairScope {
    /// Every selected pair (the product of the selected groups and sources).
    All,
    /// Only the selected pairs some task uses (`--scope tasks`).
    Tasks,
}

/// The selection of semantics S9.8. `groups` and `sources` are the selected
/// resource groups and data sources (every one when none is named; `narrowed`
/// says whether `--resource-group` or `--data-source` was given), `named` the
/// tasks of `--task`.
///
/// - `--task` alone: the named tasks and their pairs.
/// - `--task` with `--resource-group` / `--data-source`: the product, plus the
///   named tasks' pairs; the named tasks and every task whose pairs are all in
///   the product.
/// - no `--task`: every task whose pairs are all in the product.
/// - `--scope tasks`: of these pairs, only those some listed task uses.
pub fn select(
    v: &ValidInventory,
    groups: &[ResourceGroupIx],
    sources: &[DataSourceIx],
    narrowed: bool,
    named: &[TaskIx],
    scope: PairScope,
) -> TaskSelection {
    let product_holds = {
        let groups: std::collections::HashSet<ResourceGroupIx> = groups.iter().copied().collect();
        let sources: std::collections::HashSet<DataSourceIx> = sources.iter().copied().collect();
        move |t: &crate::validate::Task| {
            groups.contains(&t.resource_group) && t.roles().all(|(_, ds)| sources.contains(&ds))
        }
    };
    let by_product = named.is_empty() || narrowed;
    let mut tasks: Vec<TaskIx> = tasks_by_id(v)
        .into_iter()
        .filter(|&task| {
            named.contains(&task)
                || (by_product && v.tasks.lookup(task).is_some_and(&product_holds))
        })
        .collect();
    tasks.dedup();
    let task_pairs = pairs_of(v, &tasks);
    if scope == PairScope::Tasks || !by_product {
        return TaskSelection {
            tasks,
            pairs: task_pairs,
            only_task_pairs: true,
        };
    }
    let named_pairs = pairs_of(v, named);
    let groups: std::collections::HashSet<ResourceGroupIx> = groups.iter().copied().collect();
    let sources: std::collections::HashSet<DataSourceIx> = sources.iter().copied().collect();
    let extra = named_pairs
        .into_iter()
        .filter(|(rg, ds)| !(groups.contains(rg) && sources.contains(ds)))
        .collect();
    TaskSelection {
        tasks,
        pairs: extra,
        only_task_pairs: false,
    }
}

/// The reports of `tasks` from their pairs' reports, checked by `check` (each
/// distinct pair once); reports are kept slim (no hops) while tasks are built.
pub fn reports(
    v: &ValidInventory,
    tasks: &[TaskIx],
    check: impl Fn(&[(ResourceGroupIx, DataSourceIx)]) -> Vec<PairReport>,
) -> Vec<TaskReport> {
    let pairs = pairs_of(v, tasks);
    let checked = check(&pairs);
    let by_pair: HashMap<(ResourceGroupIx, DataSourceIx), &PairReport> =
        pairs.iter().copied().zip(checked.iter()).collect();
    tasks
        .iter()
        .filter_map(|&task| task_report(v, task, |rg, ds| by_pair.get(&(rg, ds)).copied()))
        .collect()
}

/// Task counts by verdict (`summary.tasks` of the JSON report).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TaskSummary {
    /// All tasks reported.
    pub tasks: usize,
    /// Reachable tasks.
    pub reachable: usize,
    /// Unreachable tasks.
    pub unreachable: usize,
    /// Unknown tasks.
    pub unknown: usize,
}

impl TaskSummary {
    /// Counts the verdicts of `tasks`.
    pub fn of(tasks: &[TaskReport]) -> TaskSummary {
        let mut summary = TaskSummary {
            tasks: tasks.len(),
            ..TaskSummary::default()
        };
        for task in tasks {
            match task.verdict {
                Verdict::Reachable => summary.reachable += 1,
                Verdict::Unreachable => summary.unreachable += 1,
                Verdict::Unknown => summary.unknown += 1,
            }
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_is_the_worst_of_its_pairs() {
        use Verdict::*;
        assert_eq!(task_verdict([Reachable, Unknown]), Unknown);
        assert_eq!(task_verdict([Unknown, Unreachable]), Unreachable);
        assert_eq!(task_verdict([Reachable]), Reachable);
        assert_eq!(task_verdict([Unreachable, Reachable]), Unreachable);
    }
}
