//! The diagram of one pair for the HTML report: the SVG that
//! `netreach render --highlight RG:DS --focus RG --focus DS --format svg`
//! draws (the pair's paths both ways highlighted, with its proved fixes), made
//! by Graphviz's `dot` at report time. [`pair_svg`] is the one place the HTML
//! report draws; for a pair without a diagram the page (`page.js`,
//! `renderCommand`) shows the `render` command that draws the same picture:
//! change both together.
//!
//! Invariant: the fixes drawn are those of the plan the report uses
//! (`annotate`), never an unproved one.

use crate::reach::PairReport;
use crate::render::dot;
use crate::route::Routing;
use crate::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

/// The most diagrams one report embeds (the failing tasks' pairs first, then
/// the other failing pairs in report order).
pub const CAP: usize = 24;

/// The pair checks the diagrams of one report may cost: a focused diagram
/// checks every pair of the inventory to find what the focus touches, so on a
/// large inventory fewer diagrams are drawn ([`cap_for`]: 24 up to 20,833
/// pairs, 2 at 250,000).
pub const BUDGET: usize = 500_000;

/// The largest DOT text handed to Graphviz: past it `dot` takes minutes (the
/// focus of a resource group of the `large` account keeps 3.4 MB of DOT,
/// which `dot` had not laid out after 3 minutes), so the page shows the
/// command instead. The samples' whole diagrams are under 70 KB.
pub const MAX_DOT_BYTES: usize = 256 * 1024;

/// Why a pair has no diagram.
#[derive(Debug, thiserror::Error)]
pub enum DiagramError {
    /// Graphviz is missing or failed.
    #[error(transparent)]
    Graphviz(#[from] dot::GraphvizError),
    /// The focused diagram is too large to lay out at report time.
    #[error("its diagram ({0} bytes of DOT) is too large to lay out at report time")]
    TooLarge(usize),
}

/// How many diagrams a report of an inventory of `pairs` pairs embeds:
/// [`CAP`], or fewer where each one costs a check of many pairs ([`BUDGET`]).
pub fn cap_for(pairs: usize) -> usize {
    CAP.min(BUDGET.checked_div(pairs).unwrap_or(CAP))
}

/// The SVG of the pair `(rg, ds)`, drawn as
/// `render --highlight RG:DS --focus RG --focus DS --format svg` draws it,
/// with the fixes `annotate` sets; none past [`MAX_DOT_BYTES`] of DOT.
pub fn pair_svg(
    v: &ValidInventory,
    routing: &Routing,
    annotate: &(dyn Fn(&mut PairReport) + Sync),
    (rg, ds): (ResourceGroupIx, DataSourceIx),
) -> Result<String, DiagramError> {
    let ids = v
        .resource_groups
        .lookup(rg)
        .map(|g| g.id.clone())
        .into_iter()
        .chain(v.data_sources.lookup(ds).map(|d| d.id.clone()))
        .collect();
    let options = dot::Options {
        highlight: vec![(rg, ds)],
        focus: ids,
        ..dot::Options::default()
    };
    let text = dot::render_with(v, routing, &options, annotate);
    if text.len() > MAX_DOT_BYTES {
        return Err(DiagramError::TooLarge(text.len()));
    }
    let svg = dot::to_image(&text, dot::ImageFormat::Svg)?;
    Ok(String::from_utf8_lossy(&svg).into_owned())
}
