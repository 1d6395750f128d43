//! Validation: `Inventory` → `ValidInventory` (references resolved, CIDRs canonical).

use crate::diag::{InputError, SourceMap};
use crate::findings::Finding;
use crate::model::Inventory;

/// The validated inventory.
#[derive(Debug, Clone, Default)]
pub struct ValidInventory {
    /// Findings that do not stop analysis.
    pub findings: Vec<Finding>,
}

/// Validates an inventory.
pub fn validate(
    inventory: &Inventory,
    sources: &SourceMap,
) -> Result<ValidInventory, Vec<InputError>> {
    let _ = (inventory, sources);
    Ok(ValidInventory::default())
}

/// The closest candidate to `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}
