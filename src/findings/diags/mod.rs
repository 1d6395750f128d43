//! One constructor per finding code (the shape of cargo-deny's `diags.rs`):
//! the wording of every finding, its related resources, its fix text and its
//! remedy hook are written here once, and the analyses call the constructor
//! named after the code (`diags::return_route_missing`, `diags::whitelist_missing`).
//!
//! Where one code is raised at several places (a route missing in a VPC table,
//! a transit-router table, a VBR, ...), the constructor takes the place as a
//! typed parameter ([`Lookup`], [`ReturnStop`], ...) and composes the message
//! from it, so that the wording of a code never drifts between call sites.
//!
//! Invariants: constructors take ids, ranges and statuses, never an inventory,
//! so they decide no analysis; the bytes of every message are the contract of
//! the report snapshots (`tests/snapshots`), so a change of wording here is a
//! change of output. Remedies that need the engine (a proposed route, SNAT
//! entry, association) are computed in `reach::fix` and passed in.
//!
//! The families: [`path`] (the forward and return walks, semantics S3, S5), [`links`]
//! (transit routers and the links to data centers),
//! [`arrival`] (the checks where traffic arrives, semantics S4) and [`inventory`]
//! (inventory-wide findings of validation, routing and audit).

mod arrival;
mod inventory;
mod links;
mod path;

pub use arrival::*;
pub use inventory::*;
pub use links::*;
pub use path::*;

/// Where a finding whose code is raised both by `audit` and on a pair is
/// raised: over the whole inventory, where its fix is plain text, or on a
/// pair, where its fix is a decision (a [`super::Remedy`]) that the prover
/// carries to the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Audit: the fix is text on the finding.
    Inventory,
    /// A pair: the fix is a decision a person must take.
    Pair,
}

/// Joins ranges with `", "`, the way every list of ranges is written.
fn nets(list: &[ipnet::Ipv4Net]) -> String {
    list.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A status in the words of a report: its variant name, lowercase.
fn status_text(status: impl std::fmt::Debug) -> String {
    format!("{status:?}").to_lowercase()
}
