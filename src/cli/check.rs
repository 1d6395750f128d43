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
use super::{error_line, Analysis, Outcome};
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

/// Pairs checked and rendered between two writes.
const BLOCK: usize = 1 << 14;

/// Pairs one worker checks and renders at a time.
const CHUNK: usize = 256;

/// A reachable pair of the text report, listed after the failing ones.
#[derive(Clone, Copy)]
struct Reachable {
    group: u32,
    source: u32,
    scenario: Scenario,
    warnings: u32,
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
}

impl Chunk {
    fn add(&mut self, pair: &PairReport, group: usize, source: usize, format: Streamed) {
        let slot = match pair.verdict {
            Verdict::Reachable => 0,
            Verdict::Unreachable => 1,
            Verdict::Unknown => 2,
        };
        if let Some(count) = self.counts.get_mut(slot) {
            *count += 1;
        }
        match format {
            Streamed::Json => {
                let first = self.bytes.is_empty();
                crate::render::json::check_pair(&mut self.bytes, pair, first);
            }
            Streamed::Text if pair.verdict == Verdict::Reachable => {
                self.reachable.push(Reachable {
                    group: u32::try_from(group).unwrap_or(u32::MAX),
                    source: u32::try_from(source).unwrap_or(u32::MAX),
                    scenario: pair.scenario,
                    warnings: u32::try_from(crate::render::text::warnings(pair))
                        .unwrap_or(u32::MAX),
                });
            }
            Streamed::Text => {
                let mut text = String::new();
                crate::render::text::failing_pair(&mut text, pair);
                self.bytes.extend_from_slice(text.as_bytes());
            }
        }
    }
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
    let mut reachable: Vec<Reachable> = Vec::new();
    let mut first = true;
    let mut result = match format {
        Streamed::Json => sink.write(crate::render::json::check_start().as_bytes()),
        Streamed::Text => Ok(()),
    };
    // Pairs in (group, source) order, BLOCK at a time: each block is checked
    // and rendered in parallel by CHUNK-sized pieces (the workers also drop
    // the reports), then written in order. Memory holds one block's output.
    let pairs = |block: std::ops::Range<usize>| {
        block.filter_map(|n| {
            let group = groups.get(n.checked_div(sources.len())?)?;
            let source = sources.get(n.checked_rem(sources.len())?)?;
            Some((*group, *source))
        })
    };
    // While one block is written, the next is checked (rayon::join): the
    // writing thread joins the checking once its write is done.
    let check_block = |block: std::ops::Range<usize>| -> Vec<Chunk> {
        let end = block.end;
        block
            .step_by(CHUNK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|from| {
                let mut chunk = Chunk::default();
                for (group, source) in pairs(from..(from + CHUNK).min(end)) {
                    let pair = engine.check_pair(RgIx::at(group), DsIx::at(source));
                    chunk.add(&pair, group, source, format);
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
            || {
                let mut result = Ok(());
                for chunk in &written {
                    if result.is_err() || sink.closed() {
                        break;
                    }
                    if format == Streamed::Json && !chunk.bytes.is_empty() {
                        if !first {
                            result = sink.write(b",\n");
                        }
                        first = false;
                    }
                    if result.is_ok() {
                        result = sink.write(&chunk.bytes);
                    }
                }
                result
            },
            || check_block(start..end),
        );
        result = wrote;
        for chunk in &written {
            reachable.extend(chunk.reachable.iter().copied());
        }
        if start == end {
            break;
        }
        for chunk in &checked {
            summary.reachable += chunk.counts[0];
            summary.unreachable += chunk.counts[1];
            summary.unknown += chunk.counts[2];
            failed |= chunk.counts[1] > 0 || (chunk.counts[2] > 0 && !allow_unknown);
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
                                    v.resource_groups.lookup(RgIx(line.group)),
                                    v.data_sources.lookup(DsIx(line.source)),
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
                            }
                            text
                        })
                        .collect();
                    result = sink.write(texts.concat().as_bytes());
                }
                let mut tail = String::new();
                crate::render::text::check_tail(&mut tail, &analysis.findings, &summary);
                tail
            }
        };
        if result.is_ok() {
            result = sink.write(tail.as_bytes());
        }
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
