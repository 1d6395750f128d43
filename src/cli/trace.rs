//! `netreach trace`: one pair, hop by hop both ways, each hop naming the
//! table and route entry it used.

use super::args::{FailOn, Format, TraceArgs};
use super::color::{ColorChoice, Paint};
use super::input::{analyse, select, TRACE_OPTIONS};
use super::{emit_to, error_line, Outcome};
use crate::analysis::Analysis;
use crate::overlap::Scope;
use crate::validate::Kind;

/// Resolves `--from` and `--to`, checks the pair and writes its trace.
pub(super) fn run(args: TraceArgs, color: ColorChoice) -> Outcome {
    let TraceArgs {
        inventory,
        from,
        to,
        format,
        fail_on,
        allow_unknown,
        output,
    } = args;
    let policy = FailOn::of(fail_on, allow_unknown);
    let Some(analysis) = analyse(&inventory, Scope::Check) else {
        return Outcome::Error;
    };
    if let Some(problem) = swapped(&analysis, &from, &to) {
        error_line(&format!("error: {problem}"));
        return Outcome::Error;
    }
    let Some(groups) = select(
        &analysis,
        std::slice::from_ref(&from),
        Kind::ResourceGroup,
        TRACE_OPTIONS,
    ) else {
        return Outcome::Error;
    };
    let Some(sources) = select(
        &analysis,
        std::slice::from_ref(&to),
        Kind::DataSource,
        TRACE_OPTIONS,
    ) else {
        return Outcome::Error;
    };
    let (Some(&rg), Some(&ds)) = (groups.first(), sources.first()) else {
        return Outcome::Error;
    };
    let Some(pair) = analysis.check(&Analysis::selection(&[rg], &[ds])).pop() else {
        return Outcome::Error;
    };
    let text = match format {
        Format::Text => crate::render::text::trace(&pair),
        Format::Json => crate::render::json::trace(&pair),
    };
    let paint = Paint::of(color, format == Format::Text, output.as_deref());
    match emit_to(output.as_deref(), &paint.apply(&text)) {
        Outcome::Pass if policy.fails_on(pair.verdict, super::check::has_warning(&pair)) => {
            Outcome::Fail
        }
        other => other,
    }
}

/// The message for `trace --from DS --to RG` (or a data source given to
/// `--from` alone): the ids name the other kind.
fn swapped(analysis: &Analysis, from: &str, to: &str) -> Option<String> {
    let v = &analysis.valid;
    let kind = |id: &str| v.lookup(id).map(|(kind, _)| kind);
    let (from_kind, to_kind) = (kind(from), kind(to));
    if from_kind != Some(Kind::DataSource) {
        return None;
    }
    let clause = if to_kind == Some(Kind::ResourceGroup) {
        format!("and `{to}` is a resource group")
    } else {
        "and --from takes a resource group".to_string()
    };
    Some(format!(
        "`{from}` is a data source, not a resource group, {clause}: did you swap --from and --to?\n\
         hint: netreach trace INVENTORY… --from <resource group> --to <data source>"
    ))
}
