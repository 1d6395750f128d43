//! The `fix` run (docs/cli.md, additions of 2026-12): one plan for the selected
//! pairs, proved as a whole (semantics S10.7), written as an RFC 6902 JSON Patch of
//! the merged inventory or as the console actions in order, grouped by resource.

use std::fmt::Write as _;
use std::path::Path;

use super::args::FixArgs;
use super::input::analyse_selected;
use super::{error_line, Outcome};
use crate::analysis::Analysis;
use crate::reach::prove::Plan;
use crate::reach::tasks::PairScope;
use crate::validate::{DataSourceIx, ResourceGroupIx};

/// How the plan is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FixFormat {
    /// The RFC 6902 JSON Patch.
    Json,
    /// The console actions, in order, grouped by resource.
    Text,
}

/// `netreach fix` with its arguments as clap gives them.
pub(super) fn command(args: FixArgs) -> Outcome {
    let Some(selected) = analyse_selected(&args.selection, PairScope::All) else {
        return Outcome::Error;
    };
    run(
        &selected.analysis,
        &selected.pairs(),
        args.format,
        args.output.as_deref(),
    )
}

/// Proves a plan for the selected pairs and writes it.
pub(crate) fn run(
    analysis: &Analysis,
    pairs: &[(ResourceGroupIx, DataSourceIx)],
    format: FixFormat,
    output: Option<&Path>,
) -> Outcome {
    let plan = analysis.plan(pairs);
    let text = match format {
        FixFormat::Json => {
            let patch = plan.patch(&analysis.loaded.inventory);
            let mut text = serde_json::to_string_pretty(&patch).unwrap_or_else(|_| "[]".into());
            text.push('\n');
            text
        }
        FixFormat::Text => actions(&plan),
    };
    let written = super::emit_to(output, &text);
    if written != Outcome::Pass {
        return written;
    }
    let open = plan.open_decisions();
    for ((group, source), decisions) in &open {
        for decision in *decisions {
            error_line(&format!(
                "needs a decision: {} -> {}: {} on {}: {}",
                crate::render::text::clean(group),
                crate::render::text::clean(source),
                decision.code,
                crate::render::text::clean(&decision.resource),
                crate::render::text::clean(&decision.why)
            ));
        }
    }
    if open.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail
    }
}

/// The text plan: a summary line, then each resource with its actions in plan
/// order (numbered in the order they are applied).
fn actions(plan: &Plan) -> String {
    let mut out = String::new();
    let changes = plan.changes.len();
    let fixed = plan.reachable_count();
    let open = plan.open_decisions().len();
    let _ = writeln!(
        out,
        "netreach fix: {changes} {} making {fixed} failing {} reachable; {open} {} a decision",
        if changes == 1 { "change" } else { "changes" },
        if fixed == 1 { "pair" } else { "pairs" },
        if open == 1 {
            "pair needs"
        } else {
            "pairs need"
        },
    );
    let mut resources: Vec<&str> = Vec::new();
    for change in &plan.changes {
        if !resources.contains(&change.resource()) {
            resources.push(change.resource());
        }
    }
    for resource in resources {
        let _ = writeln!(out, "\n{}", crate::render::text::clean(resource));
        for (n, (change, fix)) in plan.changes.iter().zip(plan.fixes()).enumerate() {
            if change.resource() != resource {
                continue;
            }
            let api = fix
                .api
                .as_deref()
                .map(|api| format!(" (API {api})"))
                .unwrap_or_else(|| " (outside Alibaba Cloud)".to_string());
            let _ = writeln!(
                out,
                "  {}. {}{api}",
                n + 1,
                crate::render::text::clean(&fix.action)
            );
        }
    }
    out
}
