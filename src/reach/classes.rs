//! The per-class cache of a check: groups alike in their binding
//! ([`super::binding_classes`]) get the same verdict, hops and findings toward
//! one data source, so what a report needs of one such pair can be kept once
//! per (class, data source) and reused for the other groups of the class.
//!
//! The cache is a table of `class × data sources` slots holding whatever the
//! caller keeps of a pair (the CLI keeps rendered text); the engine decides the
//! classes, the caller decides what is shared. Invariants: a slot is filled
//! once (the first value wins, so the result does not depend on which worker
//! finished first); a group of no class has no slot; past [`MAX_SLOTS`] the
//! table is empty and every pair is checked on its own.

use crate::validate::{ResourceGroupIx, ValidInventory};

/// The largest table (class × data source slots, a few words each): past it,
/// alike groups are checked like the others.
pub const MAX_SLOTS: usize = 1 << 23;

/// What is kept per (binding class, data source) of a selection.
#[derive(Debug)]
pub struct ClassCache<T> {
    /// The class of each selected group (by position), if it shares one.
    classes: Vec<Option<u32>>,
    /// The number of selected data sources.
    sources: usize,
    /// `class * sources + source position`.
    slots: Vec<Option<T>>,
}

impl<T> ClassCache<T> {
    /// A cache for the selected `groups` (arena positions) and `sources`
    /// selected data sources; empty when the table would exceed [`MAX_SLOTS`].
    pub fn new(v: &ValidInventory, groups: &[usize], sources: usize) -> ClassCache<T> {
        let rgs: Vec<ResourceGroupIx> = groups.iter().map(|&g| ResourceGroupIx::at(g)).collect();
        let classes = super::binding_classes(v, &rgs);
        let class_count = classes
            .iter()
            .flatten()
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut slots = Vec::new();
        if class_count
            .checked_mul(sources)
            .is_some_and(|count| count <= MAX_SLOTS)
        {
            slots.resize_with(class_count * sources, || None);
        }
        ClassCache {
            classes,
            sources,
            slots,
        }
    }

    /// A cache that keeps nothing (every pair is checked on its own).
    pub fn none() -> ClassCache<T> {
        ClassCache {
            classes: Vec::new(),
            sources: 0,
            slots: Vec::new(),
        }
    }

    /// The slot of the pair of the `group`-th selected group and the
    /// `source`-th selected data source, if its group has a class.
    pub fn slot(&self, group: usize, source: usize) -> Option<usize> {
        let class = (*self.classes.get(group)?)? as usize;
        let slot = class.checked_mul(self.sources)?.checked_add(source)?;
        (slot < self.slots.len()).then_some(slot)
    }

    /// What is kept in `slot`, if anything.
    pub fn get(&self, slot: usize) -> Option<&T> {
        self.slots.get(slot).and_then(Option::as_ref)
    }

    /// Keeps `value` in `slot` unless the slot is already filled.
    pub fn fill(&mut self, slot: usize, value: T) {
        if let Some(empty @ None) = self.slots.get_mut(slot) {
            *empty = Some(value);
        }
    }
}
