//! The diagram of one pair for the HTML report: the SVG that
//! `netreach render --style design --focus-pair RG:DS --format svg` draws
//! (the pair's paths both ways and one hop around them, names on the canvas,
//! the blocker marked with its proved fixes), made by Graphviz's `dot` at
//! report time. [`pair_svg`] is the one place the HTML report draws; for a
//! pair without a diagram the page (`page.js`, `renderCommand`) shows the
//! `render` command that draws the same picture: change both together.
//!
//! Invariant: the fixes drawn are those of the plan the report uses
//! (`annotate`), never an unproved one.

use std::collections::BTreeMap;

use crate::reach::PairReport;
use crate::render::dot;
use crate::route::Routing;
use crate::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

/// The most diagrams one report embeds (the failing tasks' pairs first, then
/// the other failing pairs in report order); a focused diagram checks only
/// its own pair, so the inventory's size does not lower it.
pub const CAP: usize = 24;

/// The largest DOT text handed to Graphviz: past it `dot` takes minutes, so
/// the page shows the command instead. A pair's focused diagram of the
/// `large` account is about 260 DOT lines; the samples' whole diagrams are
/// under 70 KB.
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

/// The SVG of the pair `(rg, ds)`, drawn as
/// `render --style design --focus-pair RG:DS --format svg` draws it, with the
/// display `names` and the fixes `annotate` sets; none past [`MAX_DOT_BYTES`]
/// of DOT.
pub fn pair_svg(
    v: &ValidInventory,
    routing: &Routing,
    names: &BTreeMap<String, String>,
    annotate: &(dyn Fn(&mut PairReport) + Sync),
    pair: (ResourceGroupIx, DataSourceIx),
) -> Result<String, DiagramError> {
    let text = dot::pair_diagram(v, routing, pair, names.clone(), annotate);
    if text.len() > MAX_DOT_BYTES {
        return Err(DiagramError::TooLarge(text.len()));
    }
    let svg = dot::to_image(&text, dot::ImageFormat::Svg)?;
    Ok(String::from_utf8_lossy(&svg).into_owned())
}
