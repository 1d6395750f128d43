//! `netreach render`: the architecture diagram (Graphviz DOT, or SVG and PNG
//! through Graphviz's `dot`), with the paths of highlighted pairs and their
//! proved fixes.

use std::path::PathBuf;

use super::args::{Collapse, RenderArgs, RenderFormat};
use super::input::analyse;
use super::{error_line, output, Outcome};
use crate::overlap::Scope;
use crate::validate::{DataSourceIx, ResourceGroupIx};

/// `render` with its arguments as clap gives them.
pub(super) fn run(args: RenderArgs) -> Outcome {
    draw(
        &args.inventory,
        &args.highlight,
        args.highlight_failures,
        &args.focus,
        args.collapse.contains(&Collapse::Vswitches),
        args.format,
        args.output.as_deref(),
    )
}

/// `render`: checks `--highlight` and `--focus` (every bad one reported, exit
/// 2), draws the diagram, runs Graphviz for SVG and PNG, and writes the result
/// to stdout or, whole, to `--output`.
fn draw(
    inventory: &[PathBuf],
    highlight: &[String],
    highlight_failures: bool,
    focus: &[String],
    collapse_vswitches: bool,
    format: RenderFormat,
    output: Option<&std::path::Path>,
) -> Outcome {
    use crate::render::dot;
    let Some(analysis) = analyse(inventory, Scope::Check) else {
        return Outcome::Error;
    };
    let v = &analysis.valid;
    let mut problems = Vec::new();
    let mut pairs = Vec::new();
    for text in highlight {
        match dot::parse_highlight(v, text) {
            Ok(pair) => pairs.push(pair),
            Err(problem) => problems.push(problem),
        }
    }
    for id in focus {
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
    let options = dot::Options {
        highlight: pairs,
        highlight_failures,
        focus: focus.to_vec(),
        collapse_vswitches,
    };
    // Proved fixes for the drawn pairs (all pairs when failures or a focus are drawn).
    let drawn: Vec<(ResourceGroupIx, DataSourceIx)> =
        if options.highlight_failures || !options.focus.is_empty() {
            v.groups_by_id()
                .into_iter()
                .flat_map(|rg| v.sources_by_id().into_iter().map(move |ds| (rg, ds)))
                .collect()
        } else {
            options.highlight.clone()
        };
    let plan = analysis.plan(&drawn);
    let text = dot::render_with(v, &analysis.routing, &options, &|report| {
        plan.annotate(report)
    });
    let image = match format {
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
    match output::write_all(output, &bytes) {
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}
