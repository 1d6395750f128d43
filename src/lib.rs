//! netreach: offline reachability analysis of DataWorks resource groups to data
//! sources on Alibaba Cloud networks.
//!
//! The pipeline runs one way (see `ARCHITECTURE.md`):
//! load ([`import`]) → [`model::Inventory`] → [`validate`] → `ValidInventory`
//! → [`graph`] and [`route`] → [`reach`] / [`overlap`] → [`findings`] → [`render`].
//! [`analysis::analyse`] is the one entry point that runs it (validate, route,
//! the inventory-wide findings) and checks pairs; the CLI, the fuzz targets,
//! the benchmarks and the tests call it. Only [`cli`] reads files and writes
//! output.

// No panics on data paths, and nothing prints but the CLI (which writes through
// `std::io`, never the print macros). No indexing that can panic (issue 8):
// `get`, iterators and pattern matching instead; the validated inventory is
// addressed through `validate::Arena`, whose `Index` by typed index is the one
// allowed place. Unit tests may unwrap and index.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr
)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod analysis;
pub mod cli;
pub mod diag;
pub mod diff;
pub mod findings;
pub mod generate;
pub mod graph;
pub mod import;
pub mod model;
pub mod overlap;
pub mod reach;
pub mod render;
pub mod route;
pub mod timings;
pub mod validate;
