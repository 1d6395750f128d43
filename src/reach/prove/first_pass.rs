//! The first pass of the prover: the selected pairs checked in the base world
//! (their verdicts, and the slim reports of the failing ones), and the
//! [`Universe`] that checks any other pair of the inventory there the first
//! time the proof asks for its verdict or its footprint (the resources its
//! walks met).
//!
//! Invariant: pairs are numbered group position × data sources + data-source
//! position, in id order; the numbering holds in every patched world, since
//! changes add elements and never remove or reorder groups and data sources.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Key;
use crate::findings::Class;
use crate::reach::{Engine, PairFinding, PairReport, Verdict};
use crate::route::Routing;
use crate::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

/// A resource of the base world as a number: its kind and its index.
pub(super) fn encode(valid: &ValidInventory, id: &str) -> Option<u32> {
    let (kind, index) = valid.lookup(id)?;
    let index = u32::try_from(index).ok().filter(|i| *i < (1 << 26))?;
    Some(((kind as u32) << 26) | index)
}

/// The resources a pair's walks met (places, tables, next hops, the resources
/// of its findings), as encoded ids, sorted: what a structural change must
/// touch to affect the pair.
fn footprint(valid: &ValidInventory, report: &PairReport) -> Vec<u32> {
    let mut ids: Vec<u32> = Vec::new();
    let mut hops = |list: &[crate::reach::Hop]| {
        for hop in list {
            ids.extend(encode(valid, &hop.at));
            if let Some(table) = &hop.table {
                ids.extend(encode(valid, table));
            }
            if let Some(next) = &hop.next_hop {
                ids.extend(encode(valid, next));
            }
        }
    };
    hops(&report.forward);
    hops(&report.return_path);
    for binding in &report.bindings {
        hops(&binding.forward);
        hops(&binding.return_path);
    }
    let findings = report
        .findings
        .iter()
        .chain(report.bindings.iter().flat_map(|b| b.findings.iter()));
    for finding in findings {
        ids.extend(encode(valid, &finding.resource));
        for related in &finding.related {
            ids.extend(encode(valid, related));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Whether a finding decides a verdict (blocking or undecided): the findings a
/// fix answers and a plan must not add.
pub(super) fn decides(finding: &PairFinding) -> bool {
    matches!(finding.code.class(), Class::Blocking | Class::Undecided)
}

/// The blocking and undecided findings of a report.
pub(super) fn bad(report: &PairReport) -> BTreeSet<Key> {
    report
        .findings
        .iter()
        .filter(|f| decides(f))
        .map(|f| (f.code, f.resource.clone()))
        .collect()
}

/// What the prover knows of the pairs of the inventory in the base world,
/// learnt lazily: pairs are numbered group position × data sources +
/// data-source position, in id order. A pair is checked in the base world
/// the first time its verdict or footprint is asked for, and never again;
/// the selected pairs are checked up front ([`run`]). So a proof touches the
/// pairs its changes can affect, not every pair of the inventory (a task
/// scope of 6,000 pairs in an account of 4,000,000 stays a proof of about
/// 6,000 pairs unless a change can reach every pair).
pub(super) struct Universe<'a> {
    pub(super) groups: Vec<ResourceGroupIx>,
    pub(super) sources: Vec<DataSourceIx>,
    valid: &'a ValidInventory,
    engine: Engine<'a>,
    base: Mutex<Base>,
}

/// What the base world said of the pairs checked so far.
#[derive(Default)]
struct Base {
    /// Per pair: whether its verdict is known.
    seen: Vec<bool>,
    /// The blocking and undecided findings of every failing pair seen, and its verdict.
    failing: HashMap<usize, (Verdict, BTreeSet<Key>)>,
    /// The footprints computed so far.
    prints: HashMap<usize, Vec<u32>>,
    /// Whether `prints` holds every pair.
    every_print: bool,
}

/// One pair checked in the base world.
struct Seen {
    n: usize,
    verdict: Verdict,
    bad: BTreeSet<Key>,
    print: Option<Vec<u32>>,
}

impl<'a> Universe<'a> {
    /// The pairs of `valid`, none checked yet.
    fn new(valid: &'a ValidInventory, routing: &'a Routing) -> Universe<'a> {
        let groups = valid.groups_by_id();
        let sources = valid.sources_by_id();
        let base = Base {
            seen: vec![false; groups.len() * sources.len()],
            ..Base::default()
        };
        Universe {
            groups,
            sources,
            valid,
            engine: Engine::new(valid, routing),
            base: Mutex::new(base),
        }
    }

    pub(super) fn pair(&self, n: usize) -> Option<(ResourceGroupIx, DataSourceIx)> {
        let d = self.sources.len();
        let g = *self.groups.get(n.checked_div(d)?)?;
        let s = *self.sources.get(n.checked_rem(d)?)?;
        Some((g, s))
    }

    /// The routing of the base world.
    pub(super) fn routing(&self) -> &'a Routing {
        self.engine.r
    }

    pub(super) fn len(&self) -> usize {
        self.groups.len() * self.sources.len()
    }

    fn base(&self) -> std::sync::MutexGuard<'_, Base> {
        self.base
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Checks pairs `ns` in the base world, in parallel, keeping their
    /// footprints when `prints`; the slim reports of those `keep` names.
    fn learn(
        &self,
        ns: &[usize],
        prints: bool,
        keep: &(dyn Fn(usize) -> bool + Sync),
    ) -> Vec<(usize, PairReport)> {
        let checked: Vec<(Seen, Option<PairReport>)> = ns
            .par_iter()
            .filter_map(|&n| {
                let (rg, ds) = self.pair(n)?;
                let report = self.engine.check_pair(rg, ds);
                let seen = Seen {
                    n,
                    verdict: report.verdict,
                    bad: bad(&report),
                    print: prints.then(|| footprint(self.valid, &report)),
                };
                let kept = (report.verdict != Verdict::Reachable && keep(n)).then(|| slim(report));
                Some((seen, kept))
            })
            .collect();
        let mut base = self.base();
        let mut reports = Vec::new();
        for (seen, kept) in checked {
            if let Some(flag) = base.seen.get_mut(seen.n) {
                *flag = true;
            }
            if seen.verdict != Verdict::Reachable {
                base.failing.insert(seen.n, (seen.verdict, seen.bad));
            }
            if let Some(print) = seen.print {
                base.prints.insert(seen.n, print);
            }
            if let Some(report) = kept {
                reports.push((seen.n, report));
            }
        }
        reports
    }

    /// Makes sure the verdicts of pairs `ns` before any change are known.
    pub(super) fn ensure_before(&self, ns: &[usize]) {
        let missing: Vec<usize> = {
            let base = self.base();
            ns.iter()
                .copied()
                .filter(|&n| !base.seen.get(n).copied().unwrap_or(true))
                .collect()
        };
        if !missing.is_empty() {
            self.learn(&missing, false, &|_| false);
        }
    }

    /// Makes sure the footprints of pairs `ns` are known.
    pub(super) fn ensure_prints(&self, ns: &[usize]) {
        let missing: Vec<usize> = {
            let base = self.base();
            if base.every_print {
                return;
            }
            ns.iter()
                .copied()
                .filter(|n| *n < base.seen.len() && !base.prints.contains_key(n))
                .collect()
        };
        if !missing.is_empty() {
            self.learn(&missing, true, &|_| false);
        }
    }

    /// Makes sure the footprint of every pair is known: the whole first pass,
    /// for an impact that names resources and no range to find them by.
    pub(super) fn ensure_every_print(&self) {
        if self.base().every_print {
            return;
        }
        let all: Vec<usize> = (0..self.len()).collect();
        self.ensure_prints(&all);
        self.base().every_print = true;
    }

    /// Whether the footprint of pair `n` holds one of `ids` (its footprint
    /// must be known: [`Universe::ensure_prints`]).
    pub(super) fn meets(&self, n: usize, ids: &HashSet<u32>) -> bool {
        self.base()
            .prints
            .get(&n)
            .is_some_and(|print| print.iter().any(|id| ids.contains(id)))
    }

    /// The verdict and findings of pair `n` before any change.
    pub(super) fn before(&self, n: usize) -> (Verdict, BTreeSet<Key>) {
        self.ensure_before(&[n]);
        self.base()
            .failing
            .get(&n)
            .cloned()
            .unwrap_or((Verdict::Reachable, BTreeSet::new()))
    }
}

/// A pair checked in a world: its verdict and blocking or undecided findings,
/// and the slim report of a pair the proof works on.
pub(super) struct Outcome {
    pub(super) verdict: Verdict,
    pub(super) bad: BTreeSet<Key>,
    pub(super) report: Option<PairReport>,
}

/// A failing pair's report cut to what the proof reads: verdict, scenario,
/// findings with their remedies (the hops and messages are dropped, so that a
/// large account's failing pairs fit in memory).
pub(super) fn slim(mut report: PairReport) -> PairReport {
    report.forward = Vec::new();
    report.return_path = Vec::new();
    report.solution = None;
    report.findings.retain(decides);
    if report.bindings.len() < 2 {
        report.bindings = Vec::new();
    }
    for binding in &mut report.bindings {
        binding.findings.retain(decides);
    }
    let findings = report
        .findings
        .iter_mut()
        .chain(report.bindings.iter_mut().flat_map(|b| {
            b.forward = Vec::new();
            b.return_path = Vec::new();
            b.findings.iter_mut()
        }));
    for finding in findings {
        finding.message = String::new();
        finding.related = Vec::new();
    }
    report
}

/// Checks the selected `pairs` in the base world: the universe of pairs,
/// with these known, and the slim reports of the failing ones.
pub(super) fn run<'a>(
    valid: &'a ValidInventory,
    routing: &'a Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
) -> (Universe<'a>, Vec<(usize, PairReport)>) {
    let universe = Universe::new(valid, routing);
    let d = universe.sources.len();
    // Positions by arena index (no hashing).
    let mut group_at = vec![usize::MAX; valid.resource_groups.len()];
    for (i, rg) in universe.groups.iter().enumerate() {
        if let Some(slot) = group_at.get_mut(rg.ix()) {
            *slot = i;
        }
    }
    let mut source_at = vec![usize::MAX; valid.data_sources.len()];
    for (i, ds) in universe.sources.iter().enumerate() {
        if let Some(slot) = source_at.get_mut(ds.ix()) {
            *slot = i;
        }
    }
    let mut selected: Vec<usize> = pairs
        .iter()
        .filter_map(|(rg, ds)| {
            let g = *group_at.get(rg.ix())?;
            let s = *source_at.get(ds.ix())?;
            g.checked_mul(d)?.checked_add(s)
        })
        .filter(|&n| n < universe.len())
        .collect();
    selected.sort_unstable();
    selected.dedup();
    let mut failing = universe.learn(&selected, false, &|_| true);
    failing.sort_by_key(|(n, _)| *n);
    (universe, failing)
}
