//! The first pass of the prover: the selected pairs checked in the base world
//! (their verdicts, and the slim reports of the failing ones), and the
//! [`Universe`] that checks any other pair of the inventory there the first
//! time the proof asks for its verdict or its footprint (the resources its
//! walks met).
//!
//! Invariant: pairs are numbered group position × data sources + data-source
//! position, in id order; the numbering holds in every patched world, since
//! changes add elements and never remove or reorder groups and data sources.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::Key;
use crate::findings::Class;
use crate::reach::{Engine, PairFinding, PairReport, Scenario, Verdict};
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

/// [`footprint`] of the pair whose report this is, or of the pair of
/// `alike`'s group: an alike group's report differs from its
/// representative's only where it names its group, so its footprint is the
/// representative's with the group's id in place of the representative's.
fn footprint_as(
    valid: &ValidInventory,
    report: &PairReport,
    alike: Option<&Alike<'_>>,
) -> Vec<u32> {
    let mut ids = footprint(valid, report);
    if let Some(alike) = alike {
        let (from, to) = (
            encode(valid, &report.resource_group),
            encode(valid, alike.group),
        );
        if let (Some(from), Some(to)) = (from, to) {
            if ids.contains(&from) {
                ids.retain(|id| *id != from);
                ids.push(to);
                ids.sort_unstable();
                ids.dedup();
            }
        }
    }
    ids
}

/// Whether a finding decides a verdict (blocking or undecided): the findings a
/// fix answers and a plan must not add.
pub(super) fn decides(finding: &PairFinding) -> bool {
    matches!(finding.code.class(), Class::Blocking | Class::Undecided)
}

/// A pair's blocking and undecided findings, sorted and without repeats: a
/// boxed slice, not a set, since most failing pairs have one or two and the
/// proof holds those of every failing pair (a B-tree node is ten times that).
pub(super) type Bad = Box<[Key]>;

/// The blocking and undecided findings of a report.
pub(super) fn bad(report: &PairReport) -> Bad {
    let mut keys: Vec<Key> = report
        .findings
        .iter()
        .filter(|f| decides(f))
        .map(|f| (f.code, f.resource.clone()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_boxed_slice()
}

/// Whether every finding of `some` is in `all` (both sorted, [`Bad`]).
pub(super) fn within(some: &[Key], all: &[Key]) -> bool {
    some.iter().all(|key| all.binary_search(key).is_ok())
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
    /// Per group position, the group whose pairs its pairs take their outcome
    /// from in the base world ([`representatives`]).
    reps: Vec<usize>,
    /// Whether alike groups share their walks (in every world of the proof).
    pub(super) share: bool,
    base: Mutex<Base>,
    /// The slim reports of the proof, each kept once.
    slims: Mutex<Slims>,
}

/// What the base world said of the pairs checked so far.
#[derive(Default)]
struct Base {
    /// Per pair: whether its verdict is known.
    seen: Vec<bool>,
    /// The blocking and undecided findings of every failing pair seen, and its verdict.
    failing: HashMap<usize, (Verdict, Bad)>,
    /// The footprints computed so far.
    prints: HashMap<usize, Vec<u32>>,
    /// Whether `prints` holds every pair.
    every_print: bool,
}

/// One pair checked in the base world.
struct Seen {
    n: usize,
    verdict: Verdict,
    bad: Bad,
    print: Option<Vec<u32>>,
}

impl<'a> Universe<'a> {
    /// The pairs of `valid`, none checked yet.
    fn new(valid: &'a ValidInventory, routing: &'a Routing, share: bool) -> Universe<'a> {
        let groups = valid.groups_by_id();
        let sources = valid.sources_by_id();
        let base = Base {
            seen: vec![false; groups.len() * sources.len()],
            ..Base::default()
        };
        let reps = representatives(valid, &groups, share);
        Universe {
            groups,
            sources,
            valid,
            engine: Engine::new(valid, routing),
            reps,
            share,
            base: Mutex::new(base),
            slims: Mutex::new(Slims::default()),
        }
    }

    pub(super) fn pair(&self, n: usize) -> Option<(ResourceGroupIx, DataSourceIx)> {
        self.numbering(&self.reps).pair(n)
    }

    /// The numbering of the universe's pairs with the representatives `reps`
    /// (the base world's, or a patched world's).
    pub(super) fn numbering<'n>(&'n self, reps: &'n [usize]) -> Numbering<'n> {
        Numbering {
            groups: &self.groups,
            sources: &self.sources,
            reps,
        }
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

    /// The proof's table of slim reports.
    pub(super) fn slims(&self) -> std::sync::MutexGuard<'_, Slims> {
        self.slims
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
        observe: Option<super::Observer<'_>>,
    ) -> Vec<(usize, Slim)> {
        let at = self.numbering(&self.reps);
        let mut reports = Vec::new();
        check_shared(
            self.valid,
            &self.engine,
            &at,
            ns,
            &|n, report, alike| {
                if let (Some(observe), Some((rg, ds))) = (observe, self.pair(n)) {
                    observe(rg, ds, report, alike.map(|a| a.scenario));
                }
                let seen = Seen {
                    n,
                    verdict: report.verdict,
                    bad: bad(report),
                    print: prints.then(|| footprint_as(self.valid, report, alike)),
                };
                let kept = (report.verdict != Verdict::Reachable && keep(n))
                    .then(|| Arc::new(slim_as(report, alike)));
                (seen, kept)
            },
            &mut |block| reports.extend(self.record(block)),
        );
        reports
    }

    /// Records what the base world said of pairs just checked; the slim
    /// reports kept.
    fn record(&self, checked: Vec<(Seen, Option<Slim>)>) -> Vec<(usize, Slim)> {
        let mut base = self.base();
        let mut slims = self.slims();
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
                reports.push((seen.n, slims.share(report)));
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
            self.learn(&missing, false, &|_| false, None);
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
            self.learn(&missing, true, &|_| false, None);
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
    pub(super) fn before(&self, n: usize) -> (Verdict, Bad) {
        self.ensure_before(&[n]);
        self.base()
            .failing
            .get(&n)
            .cloned()
            .unwrap_or((Verdict::Reachable, Bad::default()))
    }
}

/// A pair checked in a world: its verdict and blocking or undecided findings,
/// and the slim report of a pair the proof works on.
pub(super) struct Outcome {
    pub(super) verdict: Verdict,
    pub(super) bad: Bad,
    pub(super) report: Option<Slim>,
}

/// A failing pair's report as the proof keeps it ([`slim`]): shared by every
/// pair whose slim report is the same ([`Slims`]), so without the ids of its
/// group and data source (the proof knows the pair by number).
pub(super) type Slim = Arc<PairReport>;

/// The slim reports of a proof, each kept once: failing pairs that fail alike
/// (the same findings on the same resources, with the same candidate changes)
/// share one. On the generated `xlarge` account, 790,718 failing pairs have
/// 232,509 distinct slim reports. One hash per pair kept.
#[derive(Default)]
pub(super) struct Slims(HashSet<Shared>);

/// A slim report in [`Slims`], hashed on what a slim report holds.
struct Shared(Slim);

impl Hash for Shared {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let report = &*self.0;
        report.verdict.hash(state);
        report.scenario.hash(state);
        report
            .binding
            .as_ref()
            .map(|b| (&b.vpc, &b.vswitch))
            .hash(state);
        let findings = report
            .findings
            .iter()
            .chain(report.bindings.iter().flat_map(|b| b.findings.iter()));
        for finding in findings {
            (finding.code, &finding.resource, &finding.remedy).hash(state);
        }
        report.bindings.len().hash(state);
    }
}

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Shared {}

impl Slims {
    /// The kept slim report equal to `report`, or `report`, now kept.
    pub(super) fn share(&mut self, report: Slim) -> Slim {
        let probe = Shared(report);
        if let Some(kept) = self.0.get(&probe) {
            return Arc::clone(&kept.0);
        }
        let report = Arc::clone(&probe.0);
        self.0.insert(probe);
        report
    }

    /// Forgets the slim reports no pair holds any more.
    pub(super) fn prune(&mut self) {
        self.0.retain(|kept| Arc::strong_count(&kept.0) > 1);
    }
}

/// A failing pair's report cut to what the proof reads: verdict, scenario,
/// findings with their remedies (the hops, messages and the pair's ids are
/// dropped, so that a large account's failing pairs fit in memory).
pub(super) fn slim(mut report: PairReport) -> PairReport {
    report.resource_group = String::new();
    report.data_source = String::new();
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

/// [`slim`] of a borrowed report (the hops are never copied), as the pair of
/// `alike`'s group has it when given.
pub(super) fn slim_as(report: &PairReport, alike: Option<&Alike<'_>>) -> PairReport {
    let mut slim = slim(PairReport {
        resource_group: String::new(),
        data_source: String::new(),
        verdict: report.verdict,
        scenario: report.scenario,
        binding: report.binding.clone(),
        forward: Vec::new(),
        return_path: Vec::new(),
        findings: report
            .findings
            .iter()
            .filter(|f| decides(f))
            .cloned()
            .collect(),
        fixes: report.fixes.clone(),
        decisions: report.decisions.clone(),
        solution: None,
        bindings: if report.bindings.len() < 2 {
            Vec::new()
        } else {
            report.bindings.clone()
        },
    });
    if let Some(alike) = alike {
        slim.scenario = alike.scenario;
    }
    slim
}

/// Per group position, the position of the group whose pairs its pairs can
/// take their outcome from: the first group (by id) with the same single
/// binding (VPC and vSwitch), kind (old-version or serverless) and public
/// address, else itself (all of them itself when `share` is false). A walk
/// reads the group through these, its id (in the findings that name it), its
/// region and account (the scenario) and its route list (semantics S3.1), so
/// [`check_shared`] takes a report only where neither of the last differ for
/// the pair. O(G log G).
pub(super) fn representatives(
    valid: &ValidInventory,
    groups: &[ResourceGroupIx],
    share: bool,
) -> Vec<usize> {
    let mut first: BTreeMap<crate::reach::WalkKey, usize> = BTreeMap::new();
    groups
        .iter()
        .enumerate()
        .map(
            |(g, &rg)| match crate::reach::walk_key(valid, rg).filter(|_| share) {
                Some(k) => *first.entry(k).or_insert(g),
                None => g,
            },
        )
        .collect()
}

/// Whether the pair of `group` toward `ds` can take the report of its
/// representative's pair ([`representatives`]), given that report does not
/// name its group: the walk does not read the route list, or the group's
/// list covers the address (a report that does not name its group passed
/// the representative's list).
fn route_lists_agree(valid: &ValidInventory, group: ResourceGroupIx, ds: DataSourceIx) -> bool {
    let (Some(group), Some(source)) = (
        valid.resource_groups.lookup(group),
        valid.data_sources.lookup(ds),
    ) else {
        return false;
    };
    let (Some(binding), IpAddr::V4(address)) = (group.bindings.first(), source.ip) else {
        // Not traced (IPv6): the route list is not read.
        return true;
    };
    !crate::reach::engine::route_list_read(&valid.vpcs[binding.vpc], address)
        || binding
            .routes
            .as_ref()
            .is_some_and(|routes| routes.iter().any(|r| r.contains(&address)))
}

/// How pairs are numbered in a world: group position × data sources +
/// data-source position, and each group's representative.
pub(super) struct Numbering<'n> {
    groups: &'n [ResourceGroupIx],
    sources: &'n [DataSourceIx],
    reps: &'n [usize],
}

impl Numbering<'_> {
    /// The group and data source of pair `n`.
    fn pair(&self, n: usize) -> Option<(ResourceGroupIx, DataSourceIx)> {
        let d = self.sources.len();
        Some((
            *self.groups.get(n.checked_div(d)?)?,
            *self.sources.get(n.checked_rem(d)?)?,
        ))
    }
}

/// The pair of a group alike to the one whose report it takes: its own group
/// id and scenario (the only parts of a report that differ, semantics S6.2).
pub(super) struct Alike<'v> {
    group: &'v str,
    scenario: Scenario,
}

/// Checks pairs `ns` in the world of `valid` and `engine`, in parallel, and
/// gives each to `each` with its report. A pair whose group has another
/// representative takes the report of the representative's pair toward the
/// same data source (walked once for the whole class), with its own group id
/// and scenario in `Alike`, unless that report names its group
/// ([`crate::reach::names_group`]): then it is checked alone. So a first pass
/// over G groups in C binding classes walks about C / G of the pairs.
/// O(N log N) to order N pairs by representative, plus the walks.
pub(super) fn check_shared<T: Send>(
    valid: &ValidInventory,
    engine: &Engine<'_>,
    at: &Numbering<'_>,
    ns: &[usize],
    each: &(dyn Fn(usize, &PairReport, Option<&Alike<'_>>) -> T + Sync),
    sink: &mut dyn FnMut(Vec<T>),
) {
    let d = at.sources.len();
    // (the representative's pair, the pair), grouped by the first.
    let mut jobs: Vec<(usize, usize)> = ns
        .iter()
        .filter_map(|&n| {
            let g = n.checked_div(d)?;
            let r = *at.reps.get(g)?;
            Some((r * d + n % d, n))
        })
        .collect();
    jobs.sort_unstable();
    let runs: Vec<&[(usize, usize)]> = jobs.chunk_by(|a, b| a.0 == b.0).collect();
    let pair = |n: usize| at.pair(n);
    let check_run = |run: &&[(usize, usize)]| {
        let mut out = Vec::with_capacity(run.len());
        let Some(&(m, _)) = run.first() else {
            return out;
        };
        let Some((rg, ds)) = pair(m) else {
            return out;
        };
        let report = engine.check_pair(rg, ds);
        let shared = run.len() > 1 && !crate::reach::names_group(&report);
        for &(_, n) in *run {
            let Some((group, _)) = pair(n) else {
                continue;
            };
            if n == m {
                out.push(each(n, &report, None));
                continue;
            }
            let alike = (shared && route_lists_agree(valid, group, ds))
                .then(|| {
                    Some(Alike {
                        group: valid.resource_groups.lookup(group)?.id.as_str(),
                        scenario: crate::reach::single_binding_scenario(valid, group, ds)?,
                    })
                })
                .flatten();
            match alike {
                Some(alike) => out.push(each(n, &report, Some(&alike))),
                None => out.push(each(n, &engine.check_pair(group, ds), None)),
            }
        }
        out
    };
    // Blocks of about BLOCK pairs, so that what is held between two sinks
    // stays bounded whatever the number of pairs.
    let mut from = 0;
    while from < runs.len() {
        let mut to = from;
        let mut count = 0;
        while to < runs.len() && count < BLOCK {
            count += runs.get(to).map_or(0, |run| run.len());
            to += 1;
        }
        if let Some(block) = runs.get(from..to) {
            sink(block.par_iter().flat_map_iter(check_run).collect());
        }
        from = to;
    }
}

/// Pairs checked between two sinks of [`check_shared`].
const BLOCK: usize = 1 << 16;

/// Checks the selected `pairs` in the base world: the universe of pairs,
/// with these known, and the slim reports of the failing ones.
pub(super) fn run<'a>(
    valid: &'a ValidInventory,
    routing: &'a Routing,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
    share: bool,
    observe: Option<super::Observer<'_>>,
) -> (Universe<'a>, Vec<(usize, Slim)>) {
    let universe = Universe::new(valid, routing, share);
    let numbering = crate::reach::PairNumbering::new(
        valid,
        universe.groups.iter().map(|rg| rg.ix()),
        universe.sources.iter().map(|ds| ds.ix()),
    );
    let mut selected: Vec<usize> = pairs
        .iter()
        .filter_map(|&(rg, ds)| numbering.of(rg, ds))
        .filter(|&n| n < universe.len())
        .collect();
    selected.sort_unstable();
    selected.dedup();
    let mut failing = universe.learn(&selected, false, &|_| true, observe);
    failing.sort_by_key(|(n, _)| *n);
    (universe, failing)
}
