//! The `check` run: pairs checked and rendered in parallel (rayon) and written
//! in group-id then data-source-id order as they are done, so that memory holds
//! two blocks of reports, not millions. Reachable pairs of the text report are
//! kept as four small numbers each and listed at the end (failing pairs first).
//! For the text report, groups alike in their binding
//! ([`crate::reach::binding_classes`]) share what the report needs of a pair
//! (the verdict and warning count, or a failing pair's findings and fixes), so
//! a pair of an alike group already seen is not walked again. A progress bar
//! shows on stderr when it is a terminal. The table of what alike groups share
//! is [`crate::reach::classes::ClassCache`]; what is kept in it (rendered
//! text) is decided here.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::{CheckArgs, CheckFormat, FailOn, PairScope};
use super::color::{ColorChoice, Paint};
use super::input::analyse_selected;
use super::output::Sink;
use super::{emit_to, error_line, Outcome};
use crate::analysis::Analysis;
use crate::findings::Code;
use crate::reach::classes::ClassCache;
use crate::reach::tasks::TaskSummary;
use crate::reach::{BindingRef, Engine, PairFinding, PairNumbering, PairReport, Scenario, Verdict};
use crate::render::json::Summary;
use crate::render::text::Tally;
use crate::validate::{DataSourceIx, ResourceGroupIx, TaskIx};

/// How the check is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Streamed {
    /// The text report.
    Text,
    /// The JSON report.
    Json,
}

/// Pairs checked and rendered between two writes.
const BLOCK: usize = 1 << 14;

/// Pairs one worker checks and renders at a time.
const CHUNK: usize = 256;

/// A reachable pair of the text report, listed after the failing ones.
#[derive(Clone)]
struct Reachable {
    group: u32,
    source: u32,
    scenario: Scenario,
    warnings: u32,
    /// Its warning and note lines, if it has any (shared by alike groups).
    notes: Option<Arc<Notes>>,
}

/// The warning and note lines of a reachable pair.
struct Notes {
    /// The group they were written for.
    group: u32,
    /// The lines, as written for `group`.
    text: String,
    /// The findings, kept when the lines name the group, to be written again
    /// for an alike group ([`crate::reach::for_alike_group`]).
    findings: Option<Vec<PairFinding>>,
}

impl Notes {
    /// The notes of a reachable pair of `group`, if it has any.
    fn of(pair: &PairReport, group: usize) -> Option<Arc<Notes>> {
        let shown = crate::render::text::notes(pair);
        if shown.is_empty() {
            return None;
        }
        let mut text = String::new();
        crate::render::text::note_lines(&mut text, pair);
        let findings = crate::reach::names_group(pair)
            .then(|| shown.into_iter().cloned().collect::<Vec<PairFinding>>());
        Some(Arc::new(Notes {
            group: u32::try_from(group).unwrap_or(u32::MAX),
            text,
            findings,
        }))
    }

    /// The lines for `group` (named `group_id`), written for `written_for`.
    fn write(&self, out: &mut String, group: u32, group_id: &str, written_for: &str) {
        match &self.findings {
            Some(findings) if group != self.group => {
                let alike: Vec<PairFinding> = findings
                    .iter()
                    .map(|f| crate::reach::for_alike_group(f, written_for, group_id))
                    .collect();
                crate::render::text::write_notes(out, &alike);
            }
            _ => out.push_str(&self.text),
        }
    }
}

/// What the text report needs of a pair, shared by the alike groups of a
/// binding class toward one data source.
enum Memo {
    /// A reachable pair: its warning count, notes and tallied codes.
    Reachable {
        warnings: u32,
        notes: Option<Arc<Notes>>,
        codes: Vec<Code>,
    },
    /// A failing pair whose findings and fixes do not name its group.
    Failing(Box<Failing>),
}

/// A failing pair's shared part: the shown binding, the primary finding,
/// warnings, notes and fixes as rendered, the count of other findings, and the
/// tallied codes.
struct Failing {
    verdict: Verdict,
    binding: Option<BindingRef>,
    body: String,
    others: usize,
    codes: Vec<Code>,
}

impl Memo {
    /// What alike groups can take of `pair` (checked for `group`), if anything.
    fn of(pair: &PairReport, group: usize) -> Option<Memo> {
        let codes = crate::render::text::tally_codes(pair);
        if pair.verdict == Verdict::Reachable {
            return Some(Memo::Reachable {
                warnings: u32::try_from(crate::render::text::warnings(pair)).unwrap_or(u32::MAX),
                notes: Notes::of(pair, group),
                codes,
            });
        }
        if crate::reach::names_group(pair) {
            return None;
        }
        let mut body = String::new();
        let others = crate::render::text::failing_body(&mut body, pair);
        Some(Memo::Failing(Box::new(Failing {
            verdict: pair.verdict,
            binding: pair.binding.clone(),
            body,
            others,
            codes,
        })))
    }
}

/// A reachable pair of the text report as the proof's first pass saw it
/// (the plan never changes a reachable pair, semantics S10): the report pass
/// lists it without checking it again.
struct Early {
    scenario: Scenario,
    /// Whether it has a finding of `warning` severity ([`has_warning`]).
    warned: bool,
    warnings: u32,
    /// Its notes and tallied codes, when it has any.
    shown: Option<Arc<Shown>>,
}

/// A reachable pair's notes (if any) and tallied codes.
type Shown = (Option<Arc<Notes>>, Vec<Code>);

/// The reachable pairs of a text run's product of groups and sources, filled
/// by the first pass in parallel (one slot per pair, set once).
struct EarlyTable {
    numbering: PairNumbering,
    slots: Vec<std::sync::OnceLock<Early>>,
    /// The notes and codes of the pairs seen so far, each kept once (the
    /// pairs toward one data center share their note): [`EarlyTable::share`].
    shared: std::sync::Mutex<std::collections::HashSet<ByText>>,
}

/// A reachable pair's [`Shown`] whose notes do not name its group, compared
/// by the lines and codes it writes.
struct ByText(Arc<Shown>);

impl ByText {
    fn text(&self) -> (Option<&str>, &[Code]) {
        let (notes, codes) = &*self.0;
        (notes.as_ref().map(|n| n.text.as_str()), codes.as_slice())
    }
}

impl std::hash::Hash for ByText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text().hash(state);
    }
}

impl PartialEq for ByText {
    fn eq(&self, other: &ByText) -> bool {
        self.text() == other.text()
    }
}

impl Eq for ByText {}

impl EarlyTable {
    fn new(analysis: &Analysis, groups: &[usize], sources: &[usize]) -> EarlyTable {
        let mut slots = Vec::new();
        slots.resize_with(groups.len() * sources.len(), std::sync::OnceLock::new);
        EarlyTable {
            numbering: PairNumbering::new(
                &analysis.valid,
                groups.iter().copied(),
                sources.iter().copied(),
            ),
            slots,
            shared: std::sync::Mutex::default(),
        }
    }

    /// `notes` and `codes`, as kept once: notes that name their group are
    /// not shared (they are written again for an alike group).
    fn share(&self, notes: Option<Arc<Notes>>, codes: Vec<Code>) -> Option<Arc<Shown>> {
        if notes.is_none() && codes.is_empty() {
            return None;
        }
        let names_group = notes.as_ref().is_some_and(|n| n.findings.is_some());
        let shown = Arc::new((notes, codes));
        if names_group {
            return Some(shown);
        }
        let mut shared = self
            .shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let probe = ByText(shown);
        if let Some(kept) = shared.get(&probe) {
            return Some(Arc::clone(&kept.0));
        }
        let shown = Arc::clone(&probe.0);
        shared.insert(probe);
        Some(shown)
    }

    /// Keeps what the text report needs of `pair` when it is reachable;
    /// `scenario` is the pair's own when the report is an alike group's.
    fn observe(
        &self,
        (rg, ds): (ResourceGroupIx, DataSourceIx),
        pair: &PairReport,
        scenario: Option<Scenario>,
    ) {
        if pair.verdict != Verdict::Reachable {
            return;
        }
        let Some(slot) = self.numbering.of(rg, ds).and_then(|n| self.slots.get(n)) else {
            return;
        };
        let notes = Notes::of(pair, rg.ix());
        let codes = crate::render::text::tally_codes(pair);
        let _ = slot.set(Early {
            scenario: scenario.unwrap_or(pair.scenario),
            warned: has_warning(pair),
            warnings: u32::try_from(crate::render::text::warnings(pair)).unwrap_or(u32::MAX),
            shown: self.share(notes, codes),
        });
    }

    /// The first pass's view of the `n`-th pair of the product, if reachable.
    fn get(&self, n: usize) -> Option<&Early> {
        self.slots.get(n).and_then(std::sync::OnceLock::get)
    }
}

/// The checked and rendered pairs of one worker's chunk.
#[derive(Default)]
struct Chunk {
    /// Reachable, unreachable, unknown.
    counts: [usize; 3],
    /// The JSON pairs (joined by `,\n`), or the text blocks of failing pairs.
    bytes: Vec<u8>,
    /// The reachable pairs of the text report.
    reachable: Vec<Reachable>,
    /// New memo slots.
    memos: Vec<(usize, Memo)>,
    /// The warnings and notes by code.
    tally: Tally,
    /// Whether a pair failed under the `--fail-on` policy.
    failed: bool,
}

impl Chunk {
    fn count(&mut self, verdict: Verdict) {
        let slot = match verdict {
            Verdict::Reachable => 0,
            Verdict::Unreachable => 1,
            Verdict::Unknown => 2,
        };
        if let Some(count) = self.counts.get_mut(slot) {
            *count += 1;
        }
    }

    /// A reachable text-report pair as the proof's first pass saw it.
    fn add_early(&mut self, early: &Early, (group, source): (usize, usize), policy: FailOn) {
        self.count(Verdict::Reachable);
        self.failed |= policy.fails_on(Verdict::Reachable, early.warned);
        let (notes, codes) = match early.shown.as_deref() {
            Some((notes, codes)) => (notes.clone(), codes.as_slice()),
            None => (None, &[][..]),
        };
        let line = (early.scenario, early.warnings, notes);
        self.keep_reachable((group, source), line, codes);
    }

    /// A reachable pair of the text report (counted by the caller): its codes
    /// tallied, and its line (scenario, warning count, notes) kept for the
    /// end of the report.
    fn keep_reachable(
        &mut self,
        (group, source): (usize, usize),
        (scenario, warnings, notes): (Scenario, u32, Option<Arc<Notes>>),
        codes: &[Code],
    ) {
        self.tally.add(codes);
        self.tally.shown |= notes.is_some();
        self.reachable.push(Reachable {
            group: u32::try_from(group).unwrap_or(u32::MAX),
            source: u32::try_from(source).unwrap_or(u32::MAX),
            scenario,
            warnings,
            notes,
        });
    }

    /// A text-report pair from the memo of an alike group.
    fn add_memo(
        &mut self,
        memo: &Memo,
        analysis: &Analysis,
        (group, source): (usize, usize),
        policy: FailOn,
    ) {
        let v = &analysis.valid;
        let (rg, ds) = (ResourceGroupIx::at(group), DataSourceIx::at(source));
        let (Some(scenario), Some(group_ref), Some(source_ref)) = (
            crate::reach::single_binding_scenario(v, rg, ds),
            v.resource_groups.lookup(rg),
            v.data_sources.lookup(ds),
        ) else {
            return;
        };
        match memo {
            Memo::Reachable {
                warnings,
                notes,
                codes,
            } => {
                self.count(Verdict::Reachable);
                self.failed |= policy.fails_on(Verdict::Reachable, *warnings > 0);
                let line = (scenario, *warnings, notes.clone());
                self.keep_reachable((group, source), line, codes);
            }
            Memo::Failing(failing) => {
                let Failing {
                    verdict,
                    binding,
                    body,
                    others,
                    codes,
                } = &**failing;
                self.count(*verdict);
                self.tally.add(codes);
                self.tally.shown = true;
                self.failed |= policy.fails_on(*verdict, true);
                let mut text = String::new();
                crate::render::text::failing_first_line(
                    &mut text,
                    *verdict,
                    &group_ref.id,
                    &source_ref.id,
                    scenario,
                    binding.as_ref(),
                );
                text.push_str(body);
                crate::render::text::failing_more(
                    &mut text,
                    *others,
                    &group_ref.id,
                    &source_ref.id,
                );
                self.bytes.extend_from_slice(text.as_bytes());
            }
        }
    }

    fn add(
        &mut self,
        pair: &PairReport,
        (group, source): (usize, usize),
        format: Streamed,
        policy: FailOn,
    ) {
        self.count(pair.verdict);
        self.failed |= policy.fails_on(pair.verdict, has_warning(pair));
        match format {
            Streamed::Json => {
                let first = self.bytes.is_empty();
                crate::render::json::check_pair(&mut self.bytes, pair, first);
            }
            Streamed::Text if pair.verdict == Verdict::Reachable => {
                let warnings =
                    u32::try_from(crate::render::text::warnings(pair)).unwrap_or(u32::MAX);
                let line = (pair.scenario, warnings, Notes::of(pair, group));
                let codes = crate::render::text::tally_codes(pair);
                self.keep_reachable((group, source), line, &codes);
            }
            Streamed::Text => {
                let mut text = String::new();
                crate::render::text::failing_pair(&mut text, pair);
                self.tally.add(&crate::render::text::tally_codes(pair));
                self.tally.shown = true;
                self.bytes.extend_from_slice(text.as_bytes());
            }
        }
    }
}

/// `netreach check`: the text and JSON reports are streamed ([`run`]); SARIF
/// and JUnit are built from every pair at once.
pub(super) fn command(args: CheckArgs, color: ColorChoice) -> Outcome {
    let CheckArgs {
        selection,
        scope,
        format,
        fail_on,
        allow_unknown,
        output,
    } = args;
    let policy = FailOn::of(fail_on, allow_unknown);
    let scope = match scope {
        PairScope::All => crate::reach::tasks::PairScope::All,
        PairScope::Tasks => crate::reach::tasks::PairScope::Tasks,
    };
    let Some(selected) = analyse_selected(&selection, scope) else {
        return Outcome::Error;
    };
    let analysis = &selected.analysis;
    let streamed = match format {
        CheckFormat::Text => Streamed::Text,
        CheckFormat::Json => Streamed::Json,
        CheckFormat::Markdown | CheckFormat::Html => {
            let document = match format {
                CheckFormat::Html => super::document::Document::Html,
                _ => super::document::Document::Markdown,
            };
            return super::document::run(
                &selected,
                &selection.inventory,
                document,
                policy,
                output.as_deref(),
            );
        }
        CheckFormat::Sarif | CheckFormat::Junit => {
            let selection_pairs = selected.pairs();
            let plan = analysis.plan(&selection_pairs);
            let engine = Engine::new(&analysis.valid, &analysis.routing);
            let pairs = plan.reports(&engine, &selection_pairs);
            // the tasks take their pairs from the reports just made
            let known = selection_pairs.iter().copied().zip(pairs.iter()).collect();
            let tasks = analysis.tasks_with(&selected.tasks.tasks, &plan, &known);
            let text = match format {
                CheckFormat::Junit => crate::render::junit::check_with_tasks(
                    &tasks,
                    &pairs,
                    policy == FailOn::Error,
                    policy == FailOn::Warning,
                ),
                _ => {
                    let fallback = selection
                        .inventory
                        .first()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    crate::render::sarif::check_with_tasks(
                        &tasks,
                        &pairs,
                        &|id| analysis.locate(id),
                        &fallback,
                    )
                }
            };
            let failed = pairs
                .iter()
                .any(|p| policy.fails_on(p.verdict, has_warning(p)))
                || tasks
                    .iter()
                    .any(|t| policy.fails_on(t.verdict, t.has_warning()));
            return match emit_to(output.as_deref(), &text) {
                Outcome::Pass if failed => Outcome::Fail,
                other => other,
            };
        }
    };
    let paint = Paint::of(color, streamed == Streamed::Text, output.as_deref());
    let listed;
    let pairs = if selected.is_product() {
        Pairs::Product {
            groups: &selected.groups,
            sources: &selected.sources,
        }
    } else {
        listed = selected.pairs();
        Pairs::List(&listed)
    };
    run(
        analysis,
        pairs,
        &selected.tasks.tasks,
        streamed,
        policy,
        paint,
        output.as_deref(),
    )
}

/// The pairs a run checks: the product of the selected groups and sources
/// (with the memo of alike groups), or a list (tasks' pairs, semantics S9.8).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pairs<'a> {
    /// Every selected group × every selected source (arena positions).
    Product {
        /// The groups, sorted by id.
        groups: &'a [usize],
        /// The sources, sorted by id.
        sources: &'a [usize],
    },
    /// These pairs, in group-id then data-source-id order.
    List(&'a [(ResourceGroupIx, DataSourceIx)]),
}

impl Pairs<'_> {
    fn len(&self) -> usize {
        match self {
            Pairs::Product { groups, sources } => groups.len() * sources.len(),
            Pairs::List(list) => list.len(),
        }
    }

    fn all(&self) -> Vec<(ResourceGroupIx, DataSourceIx)> {
        match self {
            Pairs::Product { groups, sources } => Analysis::selection(groups, sources),
            Pairs::List(list) => list.to_vec(),
        }
    }

    /// The `n`-th pair: its positions in the product (for the memo; none for
    /// a list) and its arena positions.
    fn nth(&self, n: usize) -> Option<(usize, usize, usize, usize)> {
        match self {
            Pairs::Product { groups, sources } => {
                let (g, s) = (n.checked_div(sources.len())?, n.checked_rem(sources.len())?);
                Some((g, s, *groups.get(g)?, *sources.get(s)?))
            }
            Pairs::List(list) => {
                let (rg, ds) = list.get(n)?;
                Some((usize::MAX, usize::MAX, rg.ix(), ds.ix()))
            }
        }
    }
}

/// Whether a pair has a finding of `warning` severity (undecided ones included).
pub(crate) fn has_warning(pair: &PairReport) -> bool {
    pair.findings
        .iter()
        .any(|f| f.severity == crate::findings::Severity::Warning)
}

/// Pairs below this count get no progress bar.
const PROGRESS_FROM: usize = 20_000;

/// Checks every (group, source) pair and writes the report; returns the outcome.
pub(crate) fn run(
    analysis: &Analysis,
    selection: Pairs<'_>,
    tasks: &[TaskIx],
    format: Streamed,
    policy: FailOn,
    paint: Paint,
    output: Option<&Path>,
) -> Outcome {
    let engine = Engine::new(&analysis.valid, &analysis.routing);
    // The fixes are proved first (semantics S10.2): every failing pair of the
    // selection, then the report annotates each pair from the plan.
    // The text report lists the reachable pairs of a product as the first
    // pass of the proof saw them, without checking them again.
    let early = match (format, selection) {
        (Streamed::Text, Pairs::Product { groups, sources }) => {
            Some(EarlyTable::new(analysis, groups, sources))
        }
        _ => None,
    };
    let plan = crate::timings::stage("plan", || match &early {
        Some(table) => analysis.plan_observed(&selection.all(), &|rg, ds, pair, scenario| {
            table.observe((rg, ds), pair, scenario);
        }),
        None => analysis.plan(&selection.all()),
    });
    let started = std::time::Instant::now();
    // Tasks (semantics S9.1) from their pairs' reports with the same plan:
    // a task costs its own pairs, never a cost per pair of the run.
    let task_reports = analysis.tasks(tasks, &plan);
    let mut sink = match Sink::open(output) {
        Ok(sink) => sink,
        Err(error) => {
            error_line(&format!("error: cannot open the output: {error}"));
            return Outcome::Error;
        }
    };
    let total = selection.len();
    let progress = progress_bar(total);
    let mut summary = Summary {
        pairs: total,
        tasks: TaskSummary::of(&task_reports),
        ..Summary::default()
    };
    // The exit status counts tasks as well as pairs (semantics S9.8).
    let mut failed = task_reports
        .iter()
        .any(|t| policy.fails_on(t.verdict, t.has_warning()));
    let mut tally = Tally::default();
    let mut reachable: Vec<Reachable> = Vec::new();
    let mut first = true;
    let mut result = match format {
        Streamed::Json => sink.write(crate::render::json::check_start(&task_reports).as_bytes()),
        Streamed::Text => {
            let mut text = String::new();
            crate::render::text::task_lines(&mut text, &task_reports);
            sink.write(paint.apply(&text).as_bytes())
        }
    };
    drop(task_reports);
    // Pairs in (group, source) order, BLOCK at a time: each block is checked
    // and rendered in parallel by CHUNK-sized pieces (the workers also drop
    // the reports), then written in order while the next block is checked.
    // Memory holds two blocks' output (and, for text, the memo table).
    // The memo of the text report: one slot per binding class and source.
    let mut memo: ClassCache<Memo> = match (format, selection) {
        (Streamed::Text, Pairs::Product { groups, sources }) => {
            ClassCache::new(&analysis.valid, groups, sources.len())
        }
        _ => ClassCache::none(),
    };
    // While one block is written, the next is checked (rayon::join): the
    // writing thread joins the checking once its write is done.
    let check_block = |block: std::ops::Range<usize>, memo: &ClassCache<Memo>| -> Vec<Chunk> {
        let end = block.end;
        block
            .into_par_iter()
            .step_by(CHUNK)
            .map(|from| {
                let mut chunk = Chunk::default();
                for (n, (g, s, group, source)) in
                    (from..(from + CHUNK).min(end)).filter_map(|n| Some((n, selection.nth(n)?)))
                {
                    if let Some(known) = early.as_ref().and_then(|table| table.get(n)) {
                        chunk.add_early(known, (group, source), policy);
                        continue;
                    }
                    let slot = memo.slot(g, s);
                    if let Some(known) = slot.and_then(|i| memo.get(i)) {
                        chunk.add_memo(known, analysis, (group, source), policy);
                        continue;
                    }
                    let mut pair =
                        engine.check_pair(ResourceGroupIx::at(group), DataSourceIx::at(source));
                    match format {
                        Streamed::Text => plan.annotate_actions(&mut pair),
                        Streamed::Json => plan.annotate(&mut pair),
                    }
                    chunk.add(&pair, (group, source), format, policy);
                    if let Some(slot) = slot {
                        if let Some(new) = Memo::of(&pair, group) {
                            chunk.memos.push((slot, new));
                        }
                    }
                }
                chunk
            })
            .collect()
    };
    let mut pending: Vec<Chunk> = Vec::new();
    let mut start = 0;
    loop {
        if result.is_err() || sink.closed() {
            break;
        }
        let end = (start + BLOCK).min(total);
        let written = std::mem::take(&mut pending);
        let (wrote, checked) = rayon::join(
            || write_chunks(&mut sink, &written, format, paint, &mut first),
            || check_block(start..end, &memo),
        );
        result = wrote;
        for chunk in &written {
            reachable.extend(chunk.reachable.iter().cloned());
        }
        if start == end {
            break;
        }
        let mut checked = checked;
        for chunk in &mut checked {
            for (slot, new) in std::mem::take(&mut chunk.memos) {
                memo.fill(slot, new);
            }
        }
        for chunk in &checked {
            summary.reachable += chunk.counts[0];
            summary.unreachable += chunk.counts[1];
            summary.unknown += chunk.counts[2];
            failed |= chunk.failed;
            tally.merge(&chunk.tally);
        }
        if let Some(bar) = &progress {
            bar.inc((end - start) as u64);
        }
        pending = checked;
        start = end;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if result.is_ok() {
        let tail = match format {
            Streamed::Json => crate::render::json::check_end(&analysis.findings, &summary),
            Streamed::Text => {
                // The reachable lines, rendered in parallel and written in order.
                result = write_reachable(&mut sink, analysis, &reachable, paint);
                let mut tail = String::new();
                crate::render::text::check_tail(&mut tail, &analysis.findings, &summary, &tally);
                tail
            }
        };
        if result.is_ok() {
            result = sink.write(paint.apply(&tail).as_bytes());
        }
    }
    let result = result.and_then(|()| sink.finish());
    crate::timings::since("tasks and report", started);
    match result {
        Ok(()) if failed => Outcome::Fail,
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}

/// The reachable lines of the text report, listed after the failing pairs:
/// rendered in parallel, BLOCK at a time, and written in order.
fn write_reachable(
    sink: &mut Sink,
    analysis: &Analysis,
    reachable: &[Reachable],
    paint: Paint,
) -> std::io::Result<()> {
    let mut result = Ok(());
    let v = &analysis.valid;
    for lines in reachable.chunks(BLOCK) {
        if result.is_err() || sink.closed() {
            break;
        }
        let texts: Vec<String> = lines
            .par_chunks(CHUNK)
            .map(|lines| {
                let mut text = String::new();
                for line in lines {
                    // The indices came from these arenas; `get` keeps the CLI
                    // free of indexing that could panic.
                    let (Some(group), Some(source)) = (
                        v.resource_groups.lookup(ResourceGroupIx(line.group)),
                        v.data_sources.lookup(DataSourceIx(line.source)),
                    ) else {
                        continue;
                    };
                    crate::render::text::reachable_line(
                        &mut text,
                        &group.id,
                        &source.id,
                        line.scenario,
                        line.warnings as usize,
                    );
                    if let Some(notes) = &line.notes {
                        let written_for = v
                            .resource_groups
                            .lookup(ResourceGroupIx(notes.group))
                            .map_or("", |g| g.id.as_str());
                        notes.write(&mut text, line.group, &group.id, written_for);
                    }
                }
                text
            })
            .collect();
        result = sink.write(paint.apply(&texts.concat()).as_bytes());
    }
    result
}

/// Writes the checked chunks of a block in order (JSON pairs joined by
/// `,\n`; `first` is true until the first pair is written); stops at the
/// first error or when the reader went away.
fn write_chunks(
    sink: &mut Sink,
    chunks: &[Chunk],
    format: Streamed,
    paint: Paint,
    first: &mut bool,
) -> std::io::Result<()> {
    let mut result = Ok(());
    for chunk in chunks {
        if result.is_err() || sink.closed() {
            break;
        }
        if format == Streamed::Json && !chunk.bytes.is_empty() {
            if !*first {
                result = sink.write(b",\n");
            }
            *first = false;
        }
        if result.is_ok() {
            result = match format {
                Streamed::Text => sink.write(
                    paint
                        .apply(&String::from_utf8_lossy(&chunk.bytes))
                        .as_bytes(),
                ),
                Streamed::Json => sink.write(&chunk.bytes),
            };
        }
    }
    result
}

/// A progress bar on stderr for a long check ([`PROGRESS_FROM`] pairs or
/// more) when stderr is a terminal.
fn progress_bar(total: usize) -> Option<ProgressBar> {
    (total >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} pairs ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    })
}
