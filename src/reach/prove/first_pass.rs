//! The first pass of the prover: every pair of the inventory checked once in
//! the base world, keeping each pair's footprint (the resources its walks
//! met) and, for failing pairs, its verdict, its blocking and undecided
//! findings and (when selected) a slim report.
//!
//! Invariant: pairs are numbered group position × data sources + data-source
//! position, in id order; the numbering holds in every patched world, since
//! changes add elements and never remove or reorder groups and data sources.

use std::collections::{BTreeSet, HashMap};

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

/// What the first pass learnt of every pair of the inventory (base world):
/// pairs are numbered group position × data sources + data-source position,
/// in id order.
pub(super) struct Universe {
    pub(super) groups: Vec<ResourceGroupIx>,
    pub(super) sources: Vec<DataSourceIx>,
    /// The footprints of every pair, one after the other (one allocation:
    /// millions of pairs would pay a vector header each).
    pub(super) prints: Vec<u32>,
    /// Where pair n's footprint ends in `prints` (it starts where n - 1's ends).
    pub(super) ends: Vec<usize>,
    /// The blocking and undecided findings of every failing pair, and its verdict.
    pub(super) failing: HashMap<usize, (Verdict, BTreeSet<Key>)>,
}

impl Universe {
    pub(super) fn pair(&self, n: usize) -> Option<(ResourceGroupIx, DataSourceIx)> {
        let d = self.sources.len();
        let g = *self.groups.get(n.checked_div(d)?)?;
        let s = *self.sources.get(n.checked_rem(d)?)?;
        Some((g, s))
    }

    pub(super) fn len(&self) -> usize {
        self.groups.len() * self.sources.len()
    }

    /// The footprint of pair `n`.
    pub(super) fn footprint(&self, n: usize) -> &[u32] {
        let start = match n.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(n).copied().unwrap_or(start);
        self.prints.get(start..end).unwrap_or(&[])
    }

    /// The verdict and findings of pair `n` before any change.
    pub(super) fn before(&self, n: usize) -> (Verdict, BTreeSet<Key>) {
        self.failing
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

/// What the first pass keeps of a block of pairs: their footprints one after
/// the other with their lengths, and for each failing pair its verdict, its
/// blocking and undecided findings and (when selected) its slim report.
#[derive(Default)]
struct FirstPass {
    prints: Vec<u32>,
    lens: Vec<usize>,
    failing: Vec<(usize, Verdict, BTreeSet<Key>, Option<PairReport>)>,
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

/// Checks every pair of the inventory once: the universe of pairs with their
/// footprints, and the slim reports of the failing pairs among `pairs`.
pub(super) fn run(
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
) -> (Universe, Vec<(usize, PairReport)>) {
    let engine = Engine::new(valid, routing);
    let groups = valid.groups_by_id();
    let sources = valid.sources_by_id();
    let total = groups.len() * sources.len();
    let d = sources.len();
    // The selection as one flag per pair of the universe (no hashing).
    let mut group_at = vec![usize::MAX; valid.resource_groups.len()];
    for (i, rg) in groups.iter().enumerate() {
        if let Some(slot) = group_at.get_mut(rg.ix()) {
            *slot = i;
        }
    }
    let mut source_at = vec![usize::MAX; valid.data_sources.len()];
    for (i, ds) in sources.iter().enumerate() {
        if let Some(slot) = source_at.get_mut(ds.ix()) {
            *slot = i;
        }
    }
    let mut selected = vec![false; total];
    for (rg, ds) in pairs {
        if let (Some(&g), Some(&s)) = (group_at.get(rg.ix()), source_at.get(ds.ix())) {
            let n = g.checked_mul(d).and_then(|n| n.checked_add(s));
            if let Some(flag) = n.and_then(|n| selected.get_mut(n)) {
                *flag = true;
            }
        }
    }
    // Blocks of pairs in parallel, each with its footprints in one vector.
    const BLOCK: usize = 4096;
    let blocks: Vec<FirstPass> = (0..total.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut pass = FirstPass::default();
            let start = b * BLOCK;
            for n in start..(start + BLOCK).min(total) {
                let (Some(&rg), Some(&ds)) = (
                    n.checked_div(d).and_then(|g| groups.get(g)),
                    n.checked_rem(d).and_then(|s| sources.get(s)),
                ) else {
                    pass.lens.push(0);
                    continue;
                };
                let report = engine.check_pair(rg, ds);
                let print = footprint(valid, &report);
                pass.lens.push(print.len());
                pass.prints.extend(print);
                if report.verdict == Verdict::Reachable {
                    continue;
                }
                let keys = bad(&report);
                let verdict = report.verdict;
                let state = selected
                    .get(n)
                    .copied()
                    .unwrap_or(false)
                    .then(|| slim(report));
                pass.failing.push((n, verdict, keys, state));
            }
            pass
        })
        .collect();
    let mut universe = Universe {
        groups,
        sources,
        prints: Vec::with_capacity(blocks.iter().map(|b| b.prints.len()).sum()),
        ends: Vec::with_capacity(total),
        failing: HashMap::new(),
    };
    let mut failing = Vec::new();
    for block in blocks {
        for len in block.lens {
            let end = universe.ends.last().copied().unwrap_or(0) + len;
            universe.ends.push(end);
        }
        universe.prints.extend(block.prints);
        for (n, verdict, keys, state) in block.failing {
            universe.failing.insert(n, (verdict, keys));
            if let Some(report) = state {
                failing.push((n, report));
            }
        }
    }
    (universe, failing)
}
