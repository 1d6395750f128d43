//! The end of a proof: the final check of the plan as a whole (semantics S10.7),
//! and the [`Plan`] that annotates each report with its proved fixes and the
//! decisions a person must take.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde_json::Value;

use super::first_pass::{bad, within};
use super::impact::Impact;
use super::{Key, PairId, PairState, Prover};
use crate::findings::{patch_all, Change, DocIndex, Remedy};
use crate::model::Inventory;
use crate::reach::{Decision, Engine, Fix, PairReport, Verdict};
use crate::validate::{DataSourceIx, ResourceGroupIx};

/// The proved plan and what it does for each pair.
#[derive(Debug, Default)]
pub struct Plan {
    /// The changes, in the order they were proved.
    pub changes: Vec<Change>,
    /// For each failing pair: the indices of the changes that removed one of its
    /// findings, and the findings each removed.
    fixes: HashMap<PairId, Vec<(usize, Vec<Key>)>>,
    /// Failing pairs that are reachable once the plan is applied.
    pub reachable: BTreeSet<PairId>,
    /// Failing pairs that still fail, with their remaining blocking and undecided findings' reasons.
    decisions: HashMap<PairId, Vec<Decision>>,
    /// Each change's standalone patch, and its console action and API.
    shown: Vec<Fix>,
}

impl Prover<'_> {
    /// The final proof of the plan as a whole (semantics S10.7) and what each pair shows.
    pub(super) fn settle(
        &self,
        mut states: BTreeMap<usize, PairState>,
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
                    let now = state.report.as_ref().map(bad).unwrap_or_default();
                    state
                        .proposed
                        .iter()
                        .filter(move |(key, change)| {
                            matches!(change, Change::Bind { .. }) || !now.contains(key)
                        })
                        .map(|(_, c)| c.clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            accepted.retain(|c| used.contains(c));
            if accepted.is_empty() {
                if accepted.len() != before_used.len() {
                    self.reset(&mut states, &accepted);
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
                self.reset(&mut states, &accepted);
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
            self.reset(&mut states, &accepted);
        }
        self.plan_of(states, accepted)
    }

    /// The plan of the settled changes `accepted`, and what each pair
    /// shows: the changes that removed one of its findings, whether it is
    /// reachable, and the decisions for the findings left.
    fn plan_of(&self, states: BTreeMap<usize, PairState>, accepted: Vec<Change>) -> Plan {
        let mut plan = Plan {
            changes: accepted.clone(),
            ..Plan::default()
        };
        plan.shown = accepted
            .iter()
            .map(|change| Fix {
                action: change.action(),
                api: change.api().map(str::to_string),
                patch: change
                    .patch(self.inventory, &self.index)
                    .unwrap_or_default(),
            })
            .collect();
        let position: HashMap<&Change, usize> =
            accepted.iter().enumerate().map(|(i, c)| (c, i)).collect();
        for (n, state) in states {
            let pair = self.pair_id(n);
            let now = state.report.as_ref().map(bad).unwrap_or_default();
            let mut fixes: Vec<(usize, Vec<Key>)> = Vec::new();
            for (key, change) in &state.proposed {
                let Some(&at) = position.get(change) else {
                    continue;
                };
                if now.contains(key) && !matches!(change, Change::Bind { .. }) {
                    continue;
                }
                match fixes.iter_mut().find(|(i, _)| *i == at) {
                    Some((_, keys)) => keys.push(key.clone()),
                    None => fixes.push((at, vec![key.clone()])),
                }
            }
            if state
                .report
                .as_ref()
                .is_some_and(|r| r.verdict == Verdict::Reachable)
            {
                plan.reachable.insert(pair.clone());
            }
            let decisions = decisions(&state, &now);
            if !decisions.is_empty() {
                plan.decisions.insert(pair.clone(), decisions);
            }
            if !fixes.is_empty() {
                plan.fixes.insert(pair, fixes);
            }
        }
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
        let pair = (report.resource_group.clone(), report.data_source.clone());
        report.fixes.clear();
        report.decisions.clear();
        for finding in &mut report.findings {
            finding.fix = None;
        }
        if report.verdict == Verdict::Reachable {
            return;
        }
        if let Some(fixes) = self.fixes.get(&pair) {
            for (at, keys) in fixes {
                let Some(fix) = self.shown.get(*at) else {
                    continue;
                };
                report.fixes.push(fix.clone());
                for finding in &mut report.findings {
                    if finding.fix.is_none()
                        && keys
                            .iter()
                            .any(|(c, r)| *c == finding.code && *r == finding.resource)
                    {
                        finding.fix = Some(fix.action.clone());
                    }
                }
            }
        }
        if let Some(decisions) = self.decisions.get(&pair) {
            report.decisions = decisions.clone();
        }
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
    pub fn fixes(&self) -> &[Fix] {
        &self.shown
    }

    /// The decisions of every pair the plan leaves failing, by pair id.
    pub fn open_decisions(&self) -> Vec<(&PairId, &[Decision])> {
        let mut out: Vec<(&PairId, &[Decision])> = self
            .decisions
            .iter()
            .map(|(p, d)| (p, d.as_slice()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}
