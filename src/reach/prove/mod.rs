//! Fixes that are proved (semantics S10): every candidate change is applied to the
//! inventory and the pairs it can affect are checked again before it is shown.
//!
//! A first pass checks the selected pairs; any other pair of the inventory is
//! checked in the base world the first time the proof needs its verdict or its
//! footprint (the
//! resources its walks met). The prover then works in rounds over the failing
//! pairs. In each round every pair that is still failing proposes, for each of
//! its blocking and undecided findings, its most preferred candidate change not
//! yet ruled out; a second phase offers the pairs whose path no change fixed the
//! binding of the resource group to the data source's VPC (semantics S10.3, capped
//! by [`MAX_NEW_BINDINGS`] and [`MAX_BIND_CANDIDATES`]). The new changes are added to the plan of the
//! earlier rounds and applied together as one RFC 6902 patch to the merged
//! inventory document, which is then loaded, validated and routed again. The
//! pairs the new changes can affect ([`Impact`]) are checked in that world:
//!
//! - a pair that proposed none of them must not gain a blocking or undecided
//!   finding it did not have before the plan (semantics S10.2, S10.7): if one does,
//!   every new change that can affect it is ruled out and the round is tried
//!   again without them;
//! - a proposing pair's finding that is still there rules its change out for it;
//!   a finding the path now reaches (a deeper blocker) is answered in the next
//!   round.
//!
//! When no pair proposes anything new, the plan is settled: changes that removed
//! no finding are dropped, and the pairs the dropped changes can affect (every
//! pair the plan can affect, when a change was taken back since the last round)
//! are checked against the world before the plan. A pair's fixes are the changes of the plan that removed
//! one of its findings; its decisions are the findings no proved change removes.
//!
//! Cost: the check of the selected pairs, then R rounds (at most
//! [`MAX_ROUNDS`]), each one load, validation and routing of the patched
//! inventory (O(inventory)) plus the check, in both worlds, of the failing
//! pairs and of the pairs the round's changes can affect ([`Impact`]: a
//! whitelist, rule or binding reaches the pairs of its data source, security
//! group or group; a transit-router, VBR or VPN route the pairs that look up
//! an address of its prefix; a VPC or data-center route, an association, a
//! peering or a SNAT change the pairs whose footprint holds its resources
//! among those that look up an address of its prefix and can be in its VPC
//! or data center; a bandwidth or a peer attachment every pair). So a proof
//! costs what its changes can reach, not the G × D pairs of the inventory:
//! `--scope tasks` on an account of 250,000 pairs checks a few tens of
//! thousands.
//!
//! The files: this one holds the entry ([`plan_for`]) and the rounds;
//! `first_pass` the check of every pair and its footprint; `impact` which
//! pairs a change can affect; `propose` what a failing pair proposes; `plan`
//! the final proof of the plan as a whole and what each pair shows.

mod first_pass;
mod impact;
mod plan;
mod propose;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use ipnet::Ipv4Net;

use serde_json::Value;

use self::first_pass::{bad, slim_as, within, Outcome, Slim, Universe};
use self::impact::Impact;
pub use self::plan::Plan;
use super::{Engine, PairReport, Scenario, Verdict};
use crate::diag::SourceMap;
use crate::findings::{patch_all, Change, Code, DocIndex};
use crate::model::Inventory;
use crate::route::Routing;
use crate::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

/// Rounds of proposals per phase before the prover stops; a path rarely has
/// more blockers in a row than this.
pub const MAX_ROUNDS: usize = 8;

/// New bindings a plan gives one resource group at most: rebinding is the
/// seed's recommendation for a pair, not a way to join a group to every VPC of
/// an account (past this, the pair's own path fixes or a decision stand).
pub const MAX_NEW_BINDINGS: usize = 4;

/// Bindings a plan proposes in all: past this many distinct (group, VPC)
/// candidates the binding phase is left out, and those pairs keep their own
/// path fixes or decisions (a plan that rebinds groups wholesale is a redesign).
pub const MAX_BIND_CANDIDATES: usize = 16;

/// A pair by ids (stable across re-validated worlds).
pub type PairId = (String, String);

/// A finding by what it is about: (code, resource).
type Key = (Code, String);

/// One world: an inventory with some changes applied, validated and routed.
struct World {
    valid: ValidInventory,
    routing: Routing,
}

/// What one failing pair did during the proof. Changes and findings are
/// named by their numbers in the proof's [`Named`] tables: the generated
/// `xlarge` account's 790,718 failing pairs propose 705,788 times among
/// 162,541 changes, and a copy per pair was most of the proof's memory.
#[derive(Debug, Default, Clone)]
struct PairState {
    /// The report in the current plan's world (slim, shared: [`Slim`]).
    report: Option<Slim>,
    /// (finding, change) proposals accepted into the plan, in order.
    proposed: Vec<(KeyId, ChangeId)>,
    /// Changes that did not remove the finding they were proposed for.
    failed: Vec<ChangeId>,
    /// The binding strategy was tried (semantics S10.3).
    bind_tried: bool,
}

/// A change by its number in [`Named::changes`].
type ChangeId = u32;

/// A finding key by its number in [`Named::keys`].
type KeyId = u32;

/// The changes and finding keys a proof's pairs proposed, each kept once and
/// named by its position (insertion order, so deterministic for one input).
#[derive(Default)]
struct Named {
    changes: indexmap::IndexSet<Change>,
    keys: indexmap::IndexSet<Key>,
}

impl Named {
    /// The number of `change`, added when new.
    fn change_id(&mut self, change: Change) -> ChangeId {
        u32::try_from(self.changes.insert_full(change).0).unwrap_or(u32::MAX)
    }

    /// The number of `key`, added when new.
    fn key_id(&mut self, key: Key) -> KeyId {
        u32::try_from(self.keys.insert_full(key).0).unwrap_or(u32::MAX)
    }

    /// The change numbered `id` (every number given out names one).
    fn change(&self, id: ChangeId) -> &Change {
        self.changes
            .get_index(id as usize)
            .unwrap_or_else(|| unreachable_change())
    }

    /// The finding key numbered `id`.
    fn key(&self, id: KeyId) -> &Key {
        static NONE: OnceLock<Key> = OnceLock::new();
        self.keys
            .get_index(id as usize)
            .unwrap_or_else(|| NONE.get_or_init(|| (Code::NoRoute, String::new())))
    }

    /// The number of `change`, when it was ever proposed.
    fn find(&self, change: &Change) -> Option<ChangeId> {
        self.changes
            .get_index_of(change)
            .and_then(|i| u32::try_from(i).ok())
    }
}

/// A change that names nothing, for a number no table gave out (never met:
/// numbers are only given by [`Named`]).
fn unreachable_change() -> &'static Change {
    static NONE: OnceLock<Change> = OnceLock::new();
    NONE.get_or_init(|| Change::Bind {
        group: String::new(),
        vpc: String::new(),
        vswitch: String::new(),
    })
}

impl PairState {
    /// Whether the pair still fails in the current plan's world.
    fn failing(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.verdict != Verdict::Reachable)
    }
}

/// What the prover needs of the inventory before any change.
struct Prover<'a> {
    inventory: &'a Inventory,
    /// The inventory as compact JSON, parsed again for each world: a
    /// `serde_json::Value` of it is about ten times its size, too much to
    /// hold through the proof of a large account.
    document: Vec<u8>,
    index: DocIndex,
    valid: &'a ValidInventory,
    universe: Universe<'a>,
    /// Per VPC, the ranges a walk can be in it for, and those of every VPC
    /// (`impact::ranges_into_vpc`), computed once.
    into: OnceLock<(Vec<Vec<Ipv4Net>>, Vec<Ipv4Net>)>,
}

/// The running state of a proof: the failing pairs, the plan so far, the
/// changes ruled out, the impacts computed, and whether every pair the plan
/// can affect was checked in the world of exactly the plan's changes (each
/// round checks the pairs its own changes can affect, in a world that holds
/// every earlier change, so this holds until a change is taken back).
struct Proof {
    states: BTreeMap<usize, PairState>,
    named: Named,
    accepted: Vec<Change>,
    rejected: HashSet<Change>,
    impacts: HashMap<Change, Impact>,
    verified: bool,
}

/// Checks the selected `pairs`, then proves fixes for the failing ones: the
/// plan every report of these pairs is annotated with ([`Plan::annotate`]).
/// Pairs outside `pairs` count for "no pair got worse": those a change can
/// affect are checked before and after it.
pub fn plan_for(
    inventory: &Inventory,
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
) -> Plan {
    plan_sharing(inventory, valid, routing, pairs, true)
}

/// What sees each selected pair's report as the first pass of a proof
/// checks it (in parallel, in no set order): the pair, the report before any
/// change (unannotated; taken from an alike group's pair when the group is
/// not the report's, whose scenario is then the last argument), so that a
/// caller writing the reachable pairs, which the plan never changes, need
/// not check them again.
pub type Observer<'o> =
    &'o (dyn Fn(ResourceGroupIx, DataSourceIx, &PairReport, Option<Scenario>) + Sync);

/// [`plan_for`], with `observe` shown every selected pair's report.
pub fn plan_observed(
    inventory: &Inventory,
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
    observe: Observer<'_>,
) -> Plan {
    prove(inventory, valid, routing, pairs, true, Some(observe))
}

/// [`plan_for`] with every pair checked on its own (`share` false) instead
/// of alike groups sharing their walks: the same plan, slower; the tests
/// compare the two.
pub fn plan_sharing(
    inventory: &Inventory,
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
    share: bool,
) -> Plan {
    prove(inventory, valid, routing, pairs, share, None)
}

/// The proof: the first pass, then the rounds ([`Prover::prove`]).
fn prove(
    inventory: &Inventory,
    valid: &ValidInventory,
    routing: &Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
    share: bool,
    observe: Option<Observer<'_>>,
) -> Plan {
    let (universe, failing) = crate::timings::stage("prove: first pass", || {
        first_pass::run(valid, routing, pairs, share, observe)
    });
    if failing.is_empty() {
        return Plan::default();
    }
    Prover {
        inventory,
        document: serde_json::to_vec(inventory).unwrap_or_default(),
        index: DocIndex::new(inventory),
        valid,
        universe,
        into: OnceLock::new(),
    }
    .prove(failing)
}

impl Prover<'_> {
    /// The world with `changes` applied, or `None` when the patch does not
    /// apply or the result is not a valid inventory.
    fn world(&self, changes: &[Change]) -> Option<World> {
        let ops = patch_all(changes, self.inventory, &self.index)?;
        let patch: json_patch::Patch = serde_json::from_value(Value::Array(ops)).ok()?;
        let mut document: Value = serde_json::from_slice(&self.document).ok()?;
        json_patch::patch(&mut document, &patch).ok()?;
        let inventory: Inventory = serde_json::from_value(document).ok()?;
        let valid = crate::validate::validate(&inventory, &SourceMap::default()).ok()?;
        let routing = crate::route::build(&valid);
        Some(World { valid, routing })
    }

    /// Outcomes of pairs `ns` in `world`, in parallel: the slim report of the
    /// pairs `keep` names, the verdict and findings of the others. The universe's
    /// indices hold there (changes add elements, never remove or reorder groups
    /// and data sources), and the ids are checked.
    fn check(
        &self,
        world: &World,
        ns: &[usize],
        keep: &(dyn Fn(usize) -> bool + Sync),
    ) -> HashMap<usize, Outcome> {
        let engine = Engine::new(&world.valid, &world.routing);
        let v = self.valid;
        let u = &self.universe;
        let ns: Vec<usize> = ns
            .iter()
            .copied()
            .filter(|&n| {
                u.pair(n).is_some_and(|(rg, ds)| {
                    world
                        .valid
                        .resource_groups
                        .lookup(rg)
                        .is_some_and(|g| g.id == v.resource_groups[rg].id)
                        && world
                            .valid
                            .data_sources
                            .lookup(ds)
                            .is_some_and(|s| s.id == v.data_sources[ds].id)
                })
            })
            .collect();
        // The binding classes of this world (a change can rebind a group).
        let reps = first_pass::representatives(&world.valid, &u.groups, u.share);
        let at = u.numbering(&reps);
        let mut outcomes = HashMap::with_capacity(ns.len());
        first_pass::check_shared(
            &world.valid,
            &engine,
            &at,
            &ns,
            &|n, report, alike| {
                let outcome = Outcome {
                    verdict: report.verdict,
                    bad: bad(report),
                    report: keep(n).then(|| std::sync::Arc::new(slim_as(report, alike))),
                };
                (n, outcome)
            },
            &mut |block| {
                let mut slims = u.slims();
                outcomes.extend(block.into_iter().map(|(n, mut outcome)| {
                    outcome.report = outcome.report.map(|r| slims.share(r));
                    (n, outcome)
                }));
            },
        );
        outcomes
    }

    /// Proves fixes for the failing pairs (universe index, slim report before any
    /// change). Every pair of the inventory counts for "no pair got worse".
    fn prove(&self, failing: Vec<(usize, Slim)>) -> Plan {
        let mut proof = Proof {
            states: failing
                .into_iter()
                .map(|(n, report)| {
                    (
                        n,
                        PairState {
                            report: Some(report),
                            ..PairState::default()
                        },
                    )
                })
                .collect(),
            named: Named::default(),
            accepted: Vec::new(),
            rejected: HashSet::new(),
            impacts: HashMap::new(),
            verified: true,
        };
        // Phase one: each finding's own changes; phase two: for the pairs still
        // failing on their path, the binding the seed recommends.
        for phase_bind in [false, true] {
            if phase_bind {
                let candidates: HashSet<Change> = proof
                    .states
                    .iter()
                    .filter(|(_, s)| s.failing())
                    .filter_map(|(n, s)| self.bind_candidate(*n, s.report.as_deref()?))
                    .collect();
                if candidates.is_empty() || candidates.len() > MAX_BIND_CANDIDATES {
                    break;
                }
            }
            for _ in 0..MAX_ROUNDS {
                if !self.round(&mut proof, phase_bind) {
                    break;
                }
            }
            if phase_bind {
                self.take_back_bindings(&mut proof);
            }
        }
        crate::timings::stage("prove: settle", || {
            self.settle(
                proof.states,
                &proof.named,
                proof.accepted,
                &mut proof.impacts,
                proof.verified,
            )
        })
    }

    /// One round (see the module doc): the failing pairs propose, the new
    /// changes are applied with the plan and the pairs they can affect are
    /// checked. False when nothing new was proposed (the phase is over).
    fn round(&self, proof: &mut Proof, phase_bind: bool) -> bool {
        let mut proposals: Vec<(usize, KeyId, ChangeId)> = Vec::new();
        for (n, state) in proof.states.iter_mut() {
            if !state.failing() {
                continue;
            }
            let made = self.proposals(*n, state, &proof.rejected, &proof.named, phase_bind);
            for (key, change) in made {
                proposals.push((*n, proof.named.key_id(key), proof.named.change_id(change)));
            }
        }
        let named = &proof.named;
        let mut new: Vec<Change> = Vec::new();
        let mut seen: HashSet<&Change> = proof.accepted.iter().collect();
        let mut bindings: HashMap<&str, usize> = HashMap::new();
        for change in &proof.accepted {
            if let Change::Bind { group, .. } = change {
                *bindings.entry(group.as_str()).or_default() += 1;
            }
        }
        let mut capped: Vec<Change> = Vec::new();
        for &(_, _, id) in &proposals {
            let change = named.change(id);
            if !seen.insert(change) {
                continue;
            }
            if let Change::Bind { group, .. } = change {
                let count = bindings.entry(group.as_str()).or_default();
                if *count >= MAX_NEW_BINDINGS {
                    capped.push(change.clone());
                    continue;
                }
                *count += 1;
            }
            new.push(change.clone());
        }
        proof.rejected.extend(capped);
        let proposals: Vec<(usize, KeyId, ChangeId)> = proposals
            .into_iter()
            .filter(|(_, _, c)| !proof.rejected.contains(named.change(*c)))
            .collect();
        if new.is_empty() {
            return false;
        }
        let mut trial = proof.accepted.clone();
        trial.extend(new.iter().cloned());
        let Some(world) = crate::timings::stage("prove: patched world", || self.world(&trial))
        else {
            // Rule out the changes that do not apply or leave the
            // inventory invalid, and try the round again.
            for change in &new {
                let mut alone = proof.accepted.clone();
                alone.push(change.clone());
                if self.world(&alone).is_none() {
                    proof.rejected.insert(change.clone());
                }
            }
            if new.iter().all(|c| !proof.rejected.contains(c)) {
                proof.rejected.extend(new.iter().cloned());
            }
            return true;
        };
        let mut round = Impact::default();
        for change in &new {
            round.merge(self.impact_of(&mut proof.impacts, change));
        }
        // The pairs the round can affect, and the pairs still failing
        // (a pair already reachable is in the first set if it can change).
        let mut recheck: BTreeSet<usize> =
            crate::timings::stage("prove: affected pairs", || self.affected(&round))
                .into_iter()
                .collect();
        recheck.extend(
            proof
                .states
                .iter()
                .filter(|(_, state)| state.failing())
                .map(|(n, _)| *n),
        );
        let recheck: Vec<usize> = recheck.into_iter().collect();
        let after = crate::timings::stage("prove: recheck", || {
            self.check(&world, &recheck, &|n| proof.states.contains_key(&n))
        });
        let proposers: HashSet<usize> = proposals.iter().map(|(n, _, _)| *n).collect();
        self.universe.ensure_before(&recheck);
        let mut worse: Vec<usize> = Vec::new();
        for (n, outcome) in &after {
            if proposers.contains(n) {
                continue;
            }
            let (verdict, was) = self.universe.before(*n);
            let gained = !within(&outcome.bad, &was);
            if gained || outcome.verdict.rank() > verdict.rank() {
                worse.push(*n);
            }
        }
        if !worse.is_empty() {
            let mut blamed = false;
            for change in &new {
                if self.reaches(&mut proof.impacts, change, &worse) {
                    proof.rejected.insert(change.clone());
                    blamed = true;
                }
            }
            if !blamed {
                proof.rejected.extend(new.iter().cloned());
            }
            return true;
        }
        proof.accepted.extend(new);
        proof.verified = true;
        for (n, key, change) in proposals {
            let Some(state) = proof.states.get_mut(&n) else {
                continue;
            };
            let bind = matches!(proof.named.change(change), Change::Bind { .. });
            let still = after
                .get(&n)
                .is_some_and(|o| o.bad.contains(proof.named.key(key)));
            if still && !bind && !state.failed.contains(&change) {
                state.failed.push(change);
            }
            if bind {
                // The pair goes through its new binding: what it needed
                // on the old one is no longer its fix (fewest changes).
                state.proposed.clear();
            }
            state.proposed.push((key, change));
        }
        let mut after = after;
        for (n, state) in proof.states.iter_mut() {
            if let Some(report) = after.get_mut(n).and_then(|o| o.report.take()) {
                state.report = Some(report);
            }
        }
        drop(after);
        self.universe.slims().prune();
        true
    }

    /// After the binding phase: a binding that did not make its pair reachable
    /// is taken back, with the plan's other pairs checked again without it.
    fn take_back_bindings(&self, proof: &mut Proof) {
        let undone: Vec<Change> = proof
            .states
            .values()
            .filter(|s| s.failing())
            .flat_map(|s| s.proposed.iter().map(|(_, c)| proof.named.change(*c)))
            .filter(|c| matches!(c, Change::Bind { .. }))
            .cloned()
            .collect();
        if !undone.is_empty() {
            proof.rejected.extend(undone.iter().cloned());
            let undone: HashSet<Change> = undone.into_iter().collect();
            proof.accepted.retain(|c| !undone.contains(c));
            self.reset(&mut proof.states, &proof.named, &proof.accepted);
            proof.verified = false;
        }
    }

    /// After changes were taken back: every failing pair's report in the world
    /// of the remaining plan, and its proposals cut to that plan.
    fn reset(&self, states: &mut BTreeMap<usize, PairState>, named: &Named, accepted: &[Change]) {
        let ns: Vec<usize> = states.keys().copied().collect();
        let kept: HashSet<&Change> = accepted.iter().collect();
        let Some(world) = self.world(accepted) else {
            return;
        };
        let mut reports = self.check(&world, &ns, &|_| true);
        for (n, state) in states.iter_mut() {
            state
                .proposed
                .retain(|(_, c)| kept.contains(named.change(*c)));
            state.report = reports.get_mut(n).and_then(|o| o.report.take());
        }
    }
}
