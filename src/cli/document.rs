//! `check --format markdown|html`: the reports people read (a ticket, a
//! page). The pairs are checked a block at a time in parallel, each block's
//! reports folded into the renderer ([`crate::render::markdown::Markdown`],
//! [`crate::render::html::Html`]) and dropped, so memory holds one block of
//! reports and the renderer's compact state, not every report. For HTML, the
//! failing pairs (the failing tasks' pairs first) then get a diagram each, up
//! to [`crate::render::html::diagram::CAP`], drawn by Graphviz in
//! parallel. The report is written whole at the end (`--output` atomically).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::args::FailOn;
use super::check::has_warning;
use super::input::Selected;
use super::{emit_to, Outcome};
use crate::reach::{Engine, PairReport, Verdict};
use crate::render::html::{diagram, Html};
use crate::render::markdown::{self, Markdown};
use crate::validate::{DataSourceIx, ResourceGroupIx};

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Document {
    /// `--format markdown`.
    Markdown,
    /// `--format html`.
    Html,
}

/// Pairs checked between two folds.
const BLOCK: usize = 1 << 14;

/// Checks the selected pairs and writes the document; the exit status is
/// that of the other formats (`--fail-on`, tasks counted).
pub(super) fn run(
    selected: &Selected,
    inventory: &[PathBuf],
    document: Document,
    policy: FailOn,
    output: Option<&Path>,
) -> Outcome {
    let analysis = &selected.analysis;
    let pairs = selected.pairs();
    let plan = analysis.plan(&pairs);
    let tasks = analysis.tasks(&selected.tasks.tasks, &plan);
    let engine = Engine::new(&analysis.valid, &analysis.routing);
    let mut failed = tasks
        .iter()
        .any(|t| policy.fails_on(t.verdict, t.has_warning()));
    let mut md = Markdown::default();
    let mut html = Html::default();
    // the failing pairs of the HTML report: (row, pair)
    let mut failing: Vec<(usize, (ResourceGroupIx, DataSourceIx))> = Vec::new();
    for block in pairs.chunks(BLOCK) {
        let reports = plan.reports(&engine, block);
        failed |= reports
            .iter()
            .any(|p| policy.fails_on(p.verdict, has_warning(p)));
        match document {
            Document::Markdown => {
                let entries: Vec<markdown::Entry> =
                    reports.par_iter().map(markdown::entry).collect();
                for entry in entries {
                    md.add(entry);
                }
            }
            Document::Html => {
                for (report, &pair) in reports.iter().zip(block) {
                    let row = html.add(report);
                    if report.verdict != Verdict::Reachable {
                        failing.push((row, pair));
                    }
                }
            }
        }
    }
    let inputs: Vec<String> = inventory.iter().map(|p| p.display().to_string()).collect();
    let text = match document {
        Document::Markdown => md.finish(&inputs, &tasks, &analysis.findings),
        Document::Html => {
            diagrams(selected, &mut html, &failing, &tasks, &plan);
            html.finish(&inputs, &tasks, &analysis.findings)
        }
    };
    match emit_to(output, &text) {
        Outcome::Pass if failed => Outcome::Fail,
        other => other,
    }
}

/// Draws the diagrams of the failing pairs (those of failing tasks first, then
/// the others in report order) up to the cap, in parallel, and gives them to
/// the page; without Graphviz the page says so.
fn diagrams(
    selected: &Selected,
    html: &mut Html,
    failing: &[(usize, (ResourceGroupIx, DataSourceIx))],
    tasks: &[crate::reach::tasks::TaskReport],
    plan: &crate::reach::prove::Plan,
) {
    if failing.is_empty() {
        return;
    }
    let analysis = &selected.analysis;
    let v = &analysis.valid;
    if !crate::render::dot::dot_installed() {
        html.diagram_note(
            "Graphviz's `dot` was not installed when this report was made, so it holds no \
             diagram; each pair shows the `netreach render` command that draws it.",
        );
        return;
    }
    let cap = diagram::CAP;
    // the failing tasks' pairs first
    let in_task = |(rg, ds): (ResourceGroupIx, DataSourceIx)| {
        let (Some(g), Some(d)) = (v.resource_groups.lookup(rg), v.data_sources.lookup(ds)) else {
            return false;
        };
        tasks.iter().any(|t| {
            t.verdict != Verdict::Reachable
                && t.resource_group == g.id
                && t.pairs.iter().any(|p| p.data_source == d.id)
        })
    };
    let mut chosen: Vec<(usize, (ResourceGroupIx, DataSourceIx))> = failing
        .iter()
        .filter(|(_, pair)| in_task(*pair))
        .copied()
        .collect();
    chosen.extend(failing.iter().filter(|(_, pair)| !in_task(*pair)).copied());
    chosen.truncate(cap);
    let annotate = |report: &mut PairReport| plan.annotate(report);
    let names = crate::render::dot::names(&analysis.loaded.inventory);
    let drawn: Vec<(usize, Result<String, diagram::DiagramError>)> = chosen
        .par_iter()
        .map(|&(row, pair)| {
            (
                row,
                diagram::pair_svg(v, &analysis.routing, &names, &annotate, pair),
            )
        })
        .collect();
    let mut problem = None;
    let mut too_large = 0;
    for (row, svg) in drawn {
        match svg {
            Ok(svg) => html.set_diagram(row, &svg),
            Err(diagram::DiagramError::TooLarge(_)) => too_large += 1,
            Err(error) => problem = Some(error.to_string()),
        }
    }
    if let Some(problem) = problem {
        html.diagram_note(&format!("Some diagrams could not be drawn: {problem}."));
    } else if too_large > 0 {
        html.diagram_note(&format!(
            "{too_large} of the {} diagrams tried were too large to lay out at report time \
             (over {} KiB of DOT); {} failing pairs in all. Each pair shows the `netreach \
             render` command that draws it.",
            chosen.len(),
            diagram::MAX_DOT_BYTES / 1024,
            failing.len()
        ));
    } else if failing.len() > chosen.len() {
        html.diagram_note(&format!(
            "Diagrams are embedded for {} of the {} failing pairs (at most {}); the others \
             show the `netreach render` command that draws them.",
            chosen.len(),
            failing.len(),
            cap
        ));
    }
}
