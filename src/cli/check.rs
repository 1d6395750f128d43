//! The `check` run: pairs checked in parallel (rayon) one resource group at a
//! time and written as they are done, in group-id then data-source-id order, so
//! that memory holds one group's reports, not millions. Reachable pairs of the
//! text report are kept as four small numbers each and listed at the end
//! (failing pairs first). A progress bar shows on stderr when it is a terminal.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::output::Sink;
use super::{error_line, fails, Analysis, Outcome};
use crate::reach::{Engine, PairReport, Scenario, Verdict};
use crate::render::json::Summary;
use crate::validate::{DsIx, RgIx};

/// How the check is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Streamed {
    /// The text report.
    Text,
    /// The JSON report.
    Json,
}

/// Pairs below this count get no progress bar.
const PROGRESS_FROM: usize = 20_000;

/// Checks every (group, source) pair and writes the report; returns the outcome.
pub(crate) fn run(
    analysis: &Analysis,
    groups: &[usize],
    sources: &[usize],
    format: Streamed,
    allow_unknown: bool,
    output: Option<&Path>,
) -> Outcome {
    let engine = Engine::new(&analysis.valid, &analysis.routing);
    let mut sink = match Sink::open(output) {
        Ok(sink) => sink,
        Err(error) => {
            error_line(&format!("error: cannot open the output: {error}"));
            return Outcome::Error;
        }
    };
    let total = groups.len() * sources.len();
    let progress = (total >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} pairs ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let mut summary = Summary {
        pairs: total,
        ..Summary::default()
    };
    let mut failed = false;
    let mut reachable: Vec<(u32, u32, Scenario, u32)> = Vec::new();
    let mut first = true;
    let mut result = match format {
        Streamed::Json => sink.write(crate::render::json::check_start().as_bytes()),
        Streamed::Text => Ok(()),
    };
    for &group in groups {
        if result.is_err() || sink.closed() {
            break;
        }
        let pairs: Vec<PairReport> = sources
            .par_iter()
            .map(|&source| engine.check_pair(RgIx::at(group), DsIx::at(source)))
            .collect();
        let mut chunk: Vec<u8> = Vec::new();
        let mut text = String::new();
        for (pair, &source) in pairs.iter().zip(sources) {
            match pair.verdict {
                Verdict::Reachable => summary.reachable += 1,
                Verdict::Unreachable => summary.unreachable += 1,
                Verdict::Unknown => summary.unknown += 1,
            }
            failed |= fails(pair.verdict, allow_unknown);
            match format {
                Streamed::Json => {
                    crate::render::json::check_pair(&mut chunk, pair, first);
                    first = false;
                }
                Streamed::Text if pair.verdict == Verdict::Reachable => {
                    let warnings =
                        u32::try_from(crate::render::text::warnings(pair)).unwrap_or(u32::MAX);
                    reachable.push((group as u32, source as u32, pair.scenario, warnings));
                }
                Streamed::Text => crate::render::text::failing_pair(&mut text, pair),
            }
        }
        chunk.extend_from_slice(text.as_bytes());
        result = sink.write(&chunk);
        if let Some(bar) = &progress {
            bar.inc(sources.len() as u64);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if result.is_ok() {
        let tail = match format {
            Streamed::Json => crate::render::json::check_end(&analysis.findings, &summary),
            Streamed::Text => {
                let v = &analysis.valid;
                let mut tail = String::new();
                for (group, source, scenario, warnings) in reachable {
                    // The indices came from these arenas; `get` keeps the CLI free of
                    // indexing that could panic (clippy::indexing_slicing is denied here).
                    let (Some(group), Some(source)) = (
                        v.resource_groups.get(group as usize),
                        v.data_sources.get(source as usize),
                    ) else {
                        continue;
                    };
                    crate::render::text::reachable_line(
                        &mut tail,
                        &group.id,
                        &source.id,
                        scenario,
                        warnings as usize,
                    );
                    if tail.len() > 1 << 16 {
                        if sink.write(tail.as_bytes()).is_err() {
                            break;
                        }
                        tail.clear();
                    }
                }
                crate::render::text::check_tail(&mut tail, &analysis.findings, &summary);
                tail
            }
        };
        result = sink.write(tail.as_bytes());
    }
    match result.and_then(|()| sink.finish()) {
        Ok(()) if failed => Outcome::Fail,
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}
