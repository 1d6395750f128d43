//! The end of a proof: the final check of the plan as a whole (semantics S10.7),
//! and the [`Plan`] that annotates each report with its proved fixes and the
//! decisions a person must take.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::first_pass::{bad, within};
use super::impact::Impact;
use super::{Key, Named, PairId, PairState, Prover};
use crate::findings::{patch_all, Change, DocIndex, Remedy};
use crate::model::Inventory;
use crate::reach::{Decision, Engine, Fix, PairReport, Verdict};
use crate::validate::{DataSourceIx, ResourceGroupIx};

/// A pair's fixes: each change that removed one of its findings (by index
/// in the plan), with the numbers of the finding keys it removed.
type PairFixes = Box<[(u32, Box<[u32]>)]>;

/// The proved plan and what it does for each pair. A pair is held as the
/// positions of its group and data source among those of the proof (ids in
/// `groups` and `sources`), a finding key by its number in `keys`: a plan of
/// the generated `xlarge` account fixes 699,000 pairs, and ids and keys
/// copied per pair were most of its memory.
#[derive(Debug, Default)]
pub struct Plan {
    /// The changes, in the order they were proved.
    pub changes: Vec<Change>,
    /// The position of each group and data source of the proof, by id.
    groups: HashMap<String, u32>,
    sources: HashMap<String, u32>,
    /// The ids, by position.
    group_ids: Vec<String>,
    source_ids: Vec<String>,
    /// The finding keys the fixes name, by number.
    keys: Vec<Key>,
    /// For each failing pair: the indices of the changes that removed one of its
    /// findings, and the findings each removed (by number in `keys`).
    fixes: HashMap<(u32, u32), PairFixes>,
    /// Failing pairs that are reachable once the plan is applied, sorted.
    reachable: Vec<(u32, u32)>,
    /// Failing pairs that still fail, with their remaining blocking and undecided findings' reasons.
    decisions: HashMap<(u32, u32), Arc<[Decision]>>,
    /// Each change's console action and API (its patch is in `patches`).
    shown: Vec<Fix>,
    /// Each change's standalone patch as compact JSON: a `Value` tree of it
    /// is about five times the size (310 MB for the 162,000 changes of `xlarge`).
    patches: Vec<Box<str>>,
}

impl Prover<'_> {
    /// The final proof of the plan as a whole (semantics S10.7) and what each pair shows.
    pub(super) fn settle(
        &self,
        mut states: BTreeMap<usize, PairState>,
        named: &Named,
        mut accepted: Vec<Change>,
        impacts: &mut HashMap<Change, Impact>,
        mut verified: bool,
    ) -> Plan {
        loop {
            let before_used = accepted.clone();
            // Keep only the changes that removed a finding of some pair.
            let used: HashSet<Change> = states
                .values()
                .flat_map(|state| {
                    let now = state.report.as_deref().map(bad).unwrap_or_default();
                    state
                        .proposed
                        .iter()
                        .filter(move |(key, change)| {
                            matches!(named.change(*change), Change::Bind { .. })
                                || !now.contains(named.key(*key))
                        })
                        .map(|(_, c)| named.change(*c).clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            accepted.retain(|c| used.contains(c));
            if accepted.is_empty() {
                if accepted.len() != before_used.len() {
                    self.reset(&mut states, named, &accepted);
                }
                break;
            }
            // What must be checked again: after an incremental proof, only the
            // pairs the dropped changes can affect (a change taken back affects
            // no other pair); otherwise everything the plan can affect.
            let dropped: Vec<&Change> = before_used.iter().filter(|c| !used.contains(*c)).collect();
            let mut whole = Impact::default();
            let scope: Vec<&Change> = if verified {
                dropped
            } else {
                accepted.iter().collect()
            };
            if verified && scope.is_empty() {
                let worse = states.iter().any(|(n, state)| {
                    let (verdict, _) = self.universe.before(*n);
                    state
                        .report
                        .as_ref()
                        .is_some_and(|r| r.verdict.rank() > verdict.rank())
                });
                if !worse {
                    break;
                }
            }
            for change in scope {
                whole.merge(self.impact_of(impacts, change));
            }
            let Some(world) = self.world(&accepted) else {
                accepted.clear();
                self.reset(&mut states, named, &accepted);
                break;
            };
            verified = true;
            let mut recheck: BTreeSet<usize> = self.affected(&whole).into_iter().collect();
            recheck.extend(states.keys().copied());
            let recheck: Vec<usize> = recheck.into_iter().collect();
            let mut after = self.check(&world, &recheck, &|n| states.contains_key(&n));
            self.universe.ensure_before(&recheck);
            // No pair may get a worse verdict, and a pair that is not one the
            // plan works on may not gain a blocking or undecided finding.
            let worse: Vec<usize> = after
                .iter()
                .filter(|(n, outcome)| {
                    let (verdict, was) = self.universe.before(**n);
                    outcome.verdict.rank() > verdict.rank()
                        || (!states.contains_key(n) && !within(&outcome.bad, &was))
                })
                .map(|(n, _)| *n)
                .collect();
            if worse.is_empty() {
                for (n, state) in states.iter_mut() {
                    state.report = after.get_mut(n).and_then(|o| o.report.take());
                }
                break;
            }
            // Take back every change that can reach a pair that got worse.
            let before_len = accepted.len();
            let keep: Vec<Change> = accepted
                .iter()
                .filter(|change| !self.reaches(impacts, change, &worse))
                .cloned()
                .collect();
            accepted = if keep.len() == before_len {
                Vec::new()
            } else {
                keep
            };
            self.reset(&mut states, named, &accepted);
        }
        self.plan_of(states, named, accepted)
    }

    /// The plan of the settled changes `accepted`, and what each pair
    /// shows: the changes that removed one of its findings, whether it is
    /// reachable, and the decisions for the findings left.
    fn plan_of(
        &self,
        states: BTreeMap<usize, PairState>,
        named: &Named,
        accepted: Vec<Change>,
    ) -> Plan {
        let v = self.valid;
        let group_ids: Vec<String> = (self.universe.groups.iter())
            .map(|&rg| v.resource_groups[rg].id.clone())
            .collect();
        let source_ids: Vec<String> = (self.universe.sources.iter())
            .map(|&ds| v.data_sources[ds].id.clone())
            .collect();
        let number = |ids: &[String]| -> HashMap<String, u32> {
            (ids.iter().enumerate())
                .filter_map(|(i, id)| Some((id.clone(), u32::try_from(i).ok()?)))
                .collect()
        };
        let mut plan = Plan {
            changes: accepted.clone(),
            groups: number(&group_ids),
            sources: number(&source_ids),
            group_ids,
            source_ids,
            keys: named.keys.iter().cloned().collect(),
            ..Plan::default()
        };
        for change in &accepted {
            plan.shown.push(Fix {
                action: change.action(),
                api: change.api().map(str::to_string),
                patch: Vec::new(),
            });
            let patch = change
                .patch(self.inventory, &self.index)
                .unwrap_or_default();
            plan.patches
                .push(serde_json::to_string(&patch).unwrap_or_default().into());
        }
        let position: HashMap<&Change, u32> = (accepted.iter().enumerate())
            .filter_map(|(i, c)| Some((c, u32::try_from(i).ok()?)))
            .collect();
        let d = self.universe.sources.len().max(1);
        // Decisions are alike for many pairs (one data center's pairs): kept once.
        let mut shared: HashSet<Arc<[Decision]>> = HashSet::new();
        for (n, state) in states {
            let (Ok(g), Ok(s)) = (u32::try_from(n / d), u32::try_from(n % d)) else {
                continue;
            };
            let now = state.report.as_deref().map(bad).unwrap_or_default();
            let mut fixes: Vec<(u32, Vec<u32>)> = Vec::new();
            for &(key, change) in &state.proposed {
                let (key_id, key, change) = (key, named.key(key), named.change(change));
                let Some(&at) = position.get(change) else {
                    continue;
                };
                if now.contains(key) && !matches!(change, Change::Bind { .. }) {
                    continue;
                }
                match fixes.iter_mut().find(|(i, _)| *i == at) {
                    Some((_, keys)) => keys.push(key_id),
                    None => fixes.push((at, vec![key_id])),
                }
            }
            if state
                .report
                .as_ref()
                .is_some_and(|r| r.verdict == Verdict::Reachable)
            {
                plan.reachable.push((g, s));
            }
            let decisions = decisions(&state, &now);
            if !decisions.is_empty() {
                let decisions: Arc<[Decision]> = decisions.into();
                let decisions = match shared.get(&decisions) {
                    Some(kept) => Arc::clone(kept),
                    None => {
                        shared.insert(Arc::clone(&decisions));
                        decisions
                    }
                };
                plan.decisions.insert((g, s), decisions);
            }
            if !fixes.is_empty() {
                let fixes = fixes
                    .into_iter()
                    .map(|(at, keys)| (at, keys.into_boxed_slice()))
                    .collect();
                plan.fixes.insert((g, s), fixes);
            }
        }
        plan.reachable.sort_unstable();
        plan
    }
}
/// The findings the plan leaves, with why no change is offered for them.
fn decisions(state: &PairState, now: &[Key]) -> Vec<Decision> {
    let Some(report) = &state.report else {
        return Vec::new();
    };
    report
        .findings
        .iter()
        .filter(|f| now.contains(&(f.code, f.resource.clone())))
        .map(|f| Decision {
            code: f.code,
            resource: f.resource.clone(),
            why: match &f.remedy {
                Some(Remedy::Decide(why)) => why.clone(),
                Some(Remedy::Change(candidates)) => match candidates.first() {
                    Some(first) => format!(
                        "no change netreach can prove removes it without harming another pair (tried: {})",
                        first.action()
                    ),
                    None => "no change netreach can prove removes it".to_string(),
                },
                None => "no change netreach can prove removes it".to_string(),
            },
        })
        .collect()
}

impl Plan {
    /// Sets a pair report's proved fixes, each finding's proved action and the
    /// decisions it needs; a pair the plan does not know keeps none.
    pub fn annotate(&self, report: &mut PairReport) {
        self.annotate_with(report, true);
    }

    /// [`Plan::annotate`] with each fix's patch left empty: for a report
    /// that shows only the actions (the text report), the patches are not
    /// parsed for every pair.
    pub fn annotate_actions(&self, report: &mut PairReport) {
        self.annotate_with(report, false);
    }

    fn annotate_with(&self, report: &mut PairReport, patches: bool) {
        report.fixes.clear();
        report.decisions.clear();
        for finding in &mut report.findings {
            finding.fix = None;
        }
        if report.verdict == Verdict::Reachable {
            return;
        }
        let Some(pair) = self.position(&report.resource_group, &report.data_source) else {
            return;
        };
        if let Some(fixes) = self.fixes.get(&pair) {
            for (at, keys) in fixes {
                let Some(fix) = self.fix(*at as usize, patches) else {
                    continue;
                };
                for finding in &mut report.findings {
                    if finding.fix.is_none()
                        && keys.iter().any(|k| {
                            self.keys
                                .get(*k as usize)
                                .is_some_and(|(c, r)| *c == finding.code && *r == finding.resource)
                        })
                    {
                        finding.fix = Some(fix.action.clone());
                    }
                }
                report.fixes.push(fix);
            }
        }
        if let Some(decisions) = self.decisions.get(&pair) {
            report.decisions = decisions.to_vec();
        }
    }

    /// The positions of a pair the plan knows, by its ids.
    fn position(&self, group: &str, source: &str) -> Option<(u32, u32)> {
        Some((*self.groups.get(group)?, *self.sources.get(source)?))
    }

    /// The ids of the pair at positions `(g, s)`.
    fn pair_id(&self, (g, s): (u32, u32)) -> Option<PairId> {
        Some((
            self.group_ids.get(g as usize)?.clone(),
            self.source_ids.get(s as usize)?.clone(),
        ))
    }

    /// The `at`-th change as a fix, with its patch when `patch`.
    fn fix(&self, at: usize, patch: bool) -> Option<Fix> {
        let mut fix = self.shown.get(at)?.clone();
        if patch {
            fix.patch = self
                .patches
                .get(at)
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or_default();
        }
        Some(fix)
    }

    /// Failing pairs that are reachable once the plan is applied, by id, sorted.
    pub fn reachable(&self) -> Vec<PairId> {
        let mut ids: Vec<PairId> = (self.reachable.iter())
            .filter_map(|&pair| self.pair_id(pair))
            .collect();
        ids.sort();
        ids
    }

    /// How many failing pairs are reachable once the plan is applied.
    pub fn reachable_count(&self) -> usize {
        self.reachable.len()
    }

    /// `pairs`, in that order, checked by `engine` in parallel and annotated
    /// with this plan ([`Plan::annotate`]): the reports `check` writes.
    pub fn reports(
        &self,
        engine: &Engine<'_>,
        pairs: &[(ResourceGroupIx, DataSourceIx)],
    ) -> Vec<PairReport> {
        pairs
            .par_iter()
            .map(|&(rg, ds)| {
                let mut report = engine.check_pair(rg, ds);
                self.annotate(&mut report);
                report
            })
            .collect()
    }

    /// The whole plan as one RFC 6902 patch of the merged inventory.
    pub fn patch(&self, inventory: &Inventory) -> Vec<Value> {
        patch_all(&self.changes, inventory, &DocIndex::new(inventory)).unwrap_or_default()
    }

    /// Each change with its action, API and standalone patch, in plan order.
    pub fn fixes(&self) -> Vec<Fix> {
        (0..self.shown.len())
            .filter_map(|at| self.fix(at, true))
            .collect()
    }

    /// The decisions of every pair the plan leaves failing, by pair id.
    pub fn open_decisions(&self) -> Vec<(PairId, &[Decision])> {
        let mut out: Vec<(PairId, &[Decision])> = (self.decisions.iter())
            .filter_map(|(&p, d)| Some((self.pair_id(p)?, &d[..])))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}
