//! Robustness properties (issue 8), through the library:
//!
//! - any random inventory (random ids, references some of which dangle, CIDRs
//!   some of which are invalid, random statuses) gives exit 0, 1 or 2 and never
//!   panics (nothing is caught: a panic fails the test);
//! - on random valid small networks, the report is unchanged when every id is
//!   consistently renamed (ids mapped back before comparing) and when the lists
//!   are shuffled;
//! - an independent brute-force engine, written here, agrees with netreach's
//!   verdict on every pair of random networks of VPCs, vSwitches, peerings,
//!   static routes, route lists and whitelists.
//!
//! Random structures come from a seed and a small generator of their own (the
//! shapes are too interdependent for proptest's combinators); a failing case
//! prints its seed and its inventory.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use netreach::findings::Finding;
use netreach::generate::{generate, GenSpec};
use netreach::import::native::{load, Source};
use netreach::reach::{Engine, MemoMode, PairReport, Verdict};
use netreach::route;
use netreach::validate::{validate, DataSourceIx, ResourceGroupIx, ValidInventory};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// The random choices of one case, from its seed: the generator's SplitMix64
/// (`Rng(seed)`), with the two choices these tests add.
use netreach::generate::Random as Rng;

mod brute_force;
mod fixes;
mod random;
mod renaming;
mod small_networks;

// Generators and checks that one part defines and others use.
use renaming::*;
use small_networks::*;

trait Choices {
    /// True with `percent` % probability.
    fn chance(&mut self, percent: usize) -> bool;

    /// One of `items` (not empty).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T;
}

impl Choices for Rng {
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// The library path of the CLI, and the report it prints.

fn source(value: &Value) -> Vec<Source> {
    vec![Source {
        name: "random.json".to_string(),
        bytes: serde_json::to_vec_pretty(value).unwrap(),
    }]
}

/// What `netreach check` would exit with, run through the library: 2 when the
/// input is refused (with at least one error), else 1 when a pair is not
/// reachable, else 0. Every report is rendered on the way.
fn exit_code(value: &Value) -> u8 {
    let loaded = match load(source(value)) {
        Ok(loaded) => loaded,
        Err(errors) => {
            assert!(!errors.is_empty());
            // The CLI's way: what could be read is validated too, in the
            // same run (issue 17); it never panics and never loses an error.
            let partial = netreach::import::native::load_partial(source(value));
            assert_eq!(partial.errors, errors);
            if let Some(loaded) = &partial.loaded {
                let more = netreach::validate::input_errors(
                    &loaded.inventory,
                    &loaded.sources,
                    &partial.unloaded,
                );
                for error in &more {
                    assert!(!error.to_string().is_empty());
                }
            }
            return 2;
        }
    };
    let v = match validate(&loaded.inventory, &loaded.sources) {
        Ok(v) => v,
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in &errors {
                assert!(!error.to_string().is_empty());
            }
            return 2;
        }
    };
    let (pairs, findings) = check_all(&v);
    let _ = netreach::render::json::check(&pairs, &findings);
    let _ = netreach::render::text::check(&pairs, &findings);
    if pairs.iter().all(|p| p.verdict == Verdict::Reachable) {
        0
    } else {
        1
    }
}

/// Every pair in group-id then data-source-id order, and every inventory-wide
/// finding (those of `audit --all-overlaps`, a superset of `check`'s).
fn check_all(v: &ValidInventory) -> (Vec<PairReport>, Vec<Finding>) {
    let routing = route::build(v);
    let pairs = netreach::reach::check_all(v, &routing);
    let findings = netreach::overlap::inventory_findings(
        v,
        &routing,
        netreach::overlap::Scope::Audit { all_overlaps: true },
    );
    (pairs, findings)
}

/// The JSON and text reports of a valid inventory.
fn report(value: &Value) -> String {
    let loaded = load(source(value)).unwrap();
    let v = validate(&loaded.inventory, &loaded.sources).unwrap_or_else(|errors| {
        panic!(
            "the generator made an invalid inventory: {}\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            serde_json::to_string_pretty(value).unwrap()
        )
    });
    let (pairs, findings) = check_all(&v);
    let mut out = netreach::render::json::check(&pairs, &findings);
    // The text with every message whole: where the text report cuts a long
    // line depends on the length of ids, which a renaming changes.
    out.push_str(&netreach::render::text::check_whole(&pairs, &findings));
    // The cut text keeps its lines (one per pair and finding); the count is
    // the same under any renaming.
    let lines = netreach::render::text::check(&pairs, &findings)
        .lines()
        .count();
    out.push_str(&format!("\n{lines} lines\n"));
    out
}
