//! `netreach render`: the architecture diagram (Graphviz DOT, or SVG and PNG
//! through Graphviz's `dot`), with the paths of highlighted pairs and their
//! proved fixes, in the detail or the design style. A whole inventory past
//! [`crate::render::dot::MAX_WHOLE_ELEMENTS`] is refused (exit 2) with a
//! summary by region and CEN, unless `--focus`, `--focus-pair` or
//! `--no-size-limit` is given.

use super::args::{Collapse, LegendMode, RenderArgs, RenderFormat, RenderStyle};
use super::input::analyse;
use super::{error_line, output, Outcome};
use crate::overlap::Scope;
use crate::validate::{DataSourceIx, ResourceGroupIx};

/// `render`: checks `--highlight`, `--focus-pair` and `--focus` (every bad one
/// reported, exit 2), refuses a whole inventory too large to lay out, draws
/// the diagram, runs Graphviz for SVG and PNG, and writes the result to
/// stdout or, whole, to `--output`.
pub(super) fn run(args: RenderArgs) -> Outcome {
    use crate::render::dot;
    let Some(analysis) = analyse(&args.inventory, Scope::Check) else {
        return Outcome::Error;
    };
    let v = &analysis.valid;
    let mut problems = Vec::new();
    let mut pairs = Vec::new();
    for text in &args.highlight {
        match dot::parse_highlight(v, text) {
            Ok(pair) => pairs.push(pair),
            Err(problem) => problems.push(problem),
        }
    }
    let mut focus_pairs = Vec::new();
    for text in &args.focus_pair {
        match dot::parse_highlight(v, text) {
            Ok(pair) => focus_pairs.push(pair),
            Err(problem) => problems.push(problem.replacen("--highlight", "--focus-pair", 1)),
        }
    }
    for id in &args.focus {
        if let Err(problem) = dot::check_focus(v, id) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        for problem in problems {
            error_line(&format!("error: {problem}"));
        }
        return Outcome::Error;
    }
    let style = match args.style {
        RenderStyle::Detail => dot::Style::Detail,
        RenderStyle::Design => dot::Style::Design,
    };
    let options = dot::Options {
        highlight: pairs,
        highlight_failures: args.highlight_failures,
        focus: args.focus.clone(),
        collapse_vswitches: args.collapse.contains(&Collapse::Vswitches),
        style,
        no_legend: args.legend == LegendMode::None,
        show_tr_vswitches: args.show_tr_vswitches,
        focus_pairs,
        names: match style {
            dot::Style::Design => dot::names(&analysis.loaded.inventory),
            dot::Style::Detail => Default::default(),
        },
    };
    // a whole inventory Graphviz cannot lay out in about a minute: refuse
    if !args.no_size_limit {
        if let Err(too_large) = dot::check_size(v, &options) {
            error_line(&format!("error: {too_large}"));
            return Outcome::Error;
        }
    }
    // Proved fixes for the drawn pairs (all pairs when failures or a focus are drawn).
    let drawn: Vec<(ResourceGroupIx, DataSourceIx)> =
        if options.highlight_failures || !options.focus.is_empty() {
            v.groups_by_id()
                .into_iter()
                .flat_map(|rg| v.sources_by_id().into_iter().map(move |ds| (rg, ds)))
                .collect()
        } else {
            let mut drawn = options.highlight.clone();
            drawn.extend(options.focus_pairs.iter().copied());
            drawn
        };
    let plan = analysis.plan(&drawn);
    let text = dot::render_with(v, &analysis.routing, &options, &|report| {
        plan.annotate(report)
    });
    let image = match args.format {
        RenderFormat::Dot => None,
        RenderFormat::Svg => Some(dot::ImageFormat::Svg),
        RenderFormat::Png => Some(dot::ImageFormat::Png),
    };
    let bytes = match image {
        None => text.into_bytes(),
        Some(image) => match dot::to_image(&text, image) {
            Ok(bytes) => bytes,
            Err(dot::GraphvizError::NotInstalled) => {
                error_line(
                    "error: graphviz's `dot` is not installed, so no SVG or PNG can be made\n\
                     hint: install graphviz (`apt-get install graphviz`, `brew install graphviz`), \
                     or write the DOT text with `--format dot` and render it elsewhere",
                );
                return Outcome::Error;
            }
            Err(error) => {
                error_line(&format!("error: {error}"));
                return Outcome::Error;
            }
        },
    };
    // stdout, or the whole file at once (a temporary file renamed into place)
    match output::write_all(args.output.as_deref(), &bytes) {
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}
