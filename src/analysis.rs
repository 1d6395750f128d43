//! The one library entry point: [`analyse`] takes a loaded inventory (the
//! output of [`crate::import::native::load`]) through validation, routing and
//! the inventory-wide findings, and the [`Analysis`] it returns checks pairs
//! and proves the plan of fixes. The CLI, the fuzz targets, the benchmarks and
//! the tests all call it instead of spelling out the pipeline.
//!
//! Invariants: no I/O; an inventory that does not validate is the only `Err`
//! (its input errors, as values); a broken network is a finding, never an
//! error. Pairs are checked in the order given, and [`Analysis::all_pairs`]
//! is group-id then data-source-id order, the order of every report.

use std::collections::HashMap;

use crate::diag::{InputError, Location};
use crate::findings::Finding;
use crate::import::native::{self, Loaded, Source};
use crate::overlap::Scope;
use crate::reach::prove::Plan;
use crate::reach::tasks::TaskReport;
use crate::reach::PairReport;
use crate::route::Routing;
use crate::validate::{DataSourceIx, ResourceGroupIx, TaskIx, ValidInventory};

/// A loaded, validated and routed inventory with its inventory-wide findings.
#[derive(Debug)]
pub struct Analysis {
    /// The merged inventory as loaded (the fix plan patches it).
    pub loaded: Loaded,
    /// The validated inventory the engine reads.
    pub valid: ValidInventory,
    /// The route tables, derived routes and longest-prefix match.
    pub routing: Routing,
    /// The inventory-wide findings of the scope given to [`analyse`].
    pub findings: Vec<Finding>,
}

/// Validates and routes a loaded inventory and gathers the inventory-wide
/// findings of `scope`; the error is every input error validation found.
pub fn analyse(loaded: Loaded, scope: Scope) -> Result<Analysis, Vec<InputError>> {
    use crate::timings::stage;
    let valid = stage("validate", || {
        crate::validate::validate(&loaded.inventory, &loaded.sources)
    })?;
    let routing = stage("route", || crate::route::build(&valid));
    let findings = stage("inventory findings", || {
        crate::overlap::inventory_findings(&valid, &routing, scope)
    });
    Ok(Analysis {
        loaded,
        valid,
        routing,
        findings,
    })
}

/// Loads the sources (merged, as the CLI merges its files) and analyses them:
/// [`native::load`] then [`analyse`]. Overlays are the CLI's business.
pub fn analyse_sources(sources: Vec<Source>, scope: Scope) -> Result<Analysis, Vec<InputError>> {
    analyse(native::load(sources)?, scope)
}

impl Analysis {
    /// The chosen pairs: every group × every source (arena positions), in
    /// that order.
    pub fn selection(groups: &[usize], sources: &[usize]) -> Vec<(ResourceGroupIx, DataSourceIx)> {
        groups
            .iter()
            .flat_map(|&g| {
                sources
                    .iter()
                    .map(move |&s| (ResourceGroupIx::at(g), DataSourceIx::at(s)))
            })
            .collect()
    }

    /// Every pair, in group-id then data-source-id order.
    pub fn all_pairs(&self) -> Vec<(ResourceGroupIx, DataSourceIx)> {
        let sources = self.valid.sources_by_id();
        self.valid
            .groups_by_id()
            .into_iter()
            .flat_map(|rg| sources.iter().map(move |&ds| (rg, ds)))
            .collect()
    }

    /// The plan of proved fixes for `pairs` (semantics S10).
    pub fn plan(&self, pairs: &[(ResourceGroupIx, DataSourceIx)]) -> Plan {
        crate::reach::prove::plan_for(&self.loaded.inventory, &self.valid, &self.routing, pairs)
    }

    /// [`Analysis::plan`], with `observe` shown each pair's report as the
    /// proof's first pass checks it ([`crate::reach::prove::Observer`]).
    pub fn plan_observed(
        &self,
        pairs: &[(ResourceGroupIx, DataSourceIx)],
        observe: crate::reach::prove::Observer<'_>,
    ) -> Plan {
        crate::reach::prove::plan_observed(
            &self.loaded.inventory,
            &self.valid,
            &self.routing,
            pairs,
            observe,
        )
    }

    /// `pairs`, in that order, each with the proved fixes of their plan, as
    /// `check` reports them.
    pub fn check(&self, pairs: &[(ResourceGroupIx, DataSourceIx)]) -> Vec<PairReport> {
        crate::reach::check_with_fixes(&self.loaded.inventory, &self.valid, &self.routing, pairs)
    }

    /// Every pair ([`Analysis::all_pairs`]) with its proved fixes.
    pub fn check_all(&self) -> Vec<PairReport> {
        self.check(&self.all_pairs())
    }

    /// The reports of `tasks` (semantics S9.1), their pairs checked once each
    /// (in parallel) and annotated from `plan`, the plan of the run they are
    /// reported with, so that a task's fixes are its pairs' fixes.
    pub fn tasks(&self, tasks: &[TaskIx], plan: &Plan) -> Vec<TaskReport> {
        self.tasks_with(tasks, plan, &HashMap::new())
    }

    /// [`Analysis::tasks`] for a run that already holds reports: a task's pair
    /// is taken from `known` where it is there, and only the others are
    /// checked (annotated from `plan`, as `known` was).
    pub fn tasks_with(
        &self,
        tasks: &[TaskIx],
        plan: &Plan,
        known: &HashMap<(ResourceGroupIx, DataSourceIx), &PairReport>,
    ) -> Vec<TaskReport> {
        use rayon::prelude::*;
        let engine = crate::reach::Engine::new(&self.valid, &self.routing);
        crate::reach::tasks::reports(&self.valid, tasks, |pairs| {
            pairs
                .par_iter()
                .map(|&(rg, ds)| {
                    let mut report = match known.get(&(rg, ds)) {
                        Some(report) => PairReport::clone(report),
                        None => {
                            let mut report = engine.check_pair(rg, ds);
                            plan.annotate(&mut report);
                            report
                        }
                    };
                    // Tasks need the verdict and findings only.
                    report.forward = Vec::new();
                    report.return_path = Vec::new();
                    report.bindings = Vec::new();
                    report
                })
                .collect()
        })
    }

    /// Every pair ([`Analysis::all_pairs`]) with its proved fixes, and every
    /// task (sorted by id) taken from those reports (no pair checked twice).
    pub fn check_all_with_tasks(&self) -> (Vec<PairReport>, Vec<TaskReport>) {
        let all = self.all_pairs();
        let pairs = self.check(&all);
        let by_pair: HashMap<(ResourceGroupIx, DataSourceIx), &PairReport> =
            all.iter().copied().zip(pairs.iter()).collect();
        let tasks = crate::reach::tasks::tasks_by_id(&self.valid)
            .into_iter()
            .filter_map(|task| {
                crate::reach::tasks::task_report(&self.valid, task, |rg, ds| {
                    by_pair.get(&(rg, ds)).copied()
                })
            })
            .collect();
        (pairs, tasks)
    }

    /// Every task's report with the plan of its own pairs (a library call
    /// outside a `check` run).
    pub fn check_tasks(&self) -> Vec<TaskReport> {
        let tasks = crate::reach::tasks::tasks_by_id(&self.valid);
        let plan = self.plan(&crate::reach::tasks::pairs_of(&self.valid, &tasks));
        self.tasks(&tasks, &plan)
    }

    /// Where a resource is written: its file, pointer, line and column; `None`
    /// for implied resources (a VPC's implied system table, a basic CEN's
    /// routers) and unknown ids.
    pub fn locate(&self, id: &str) -> Option<Location> {
        let (kind, index) = self.valid.lookup(id)?;
        let written = self
            .loaded
            .sources
            .lists
            .get(kind.list())
            .map_or(0, |origins| origins.len());
        (index < written).then(|| self.loaded.sources.locate(kind.list(), index, ""))
    }
}
