//! netreach: offline reachability analysis of DataWorks resource groups to data
//! sources on Alibaba Cloud networks.
//!
//! The pipeline runs one way (see `ARCHITECTURE.md`):
//! load ([`import`]) → [`model::Inventory`] → [`validate`] → `ValidInventory`
//! → [`graph`] and [`route`] → [`reach`] / [`overlap`] → [`findings`] → [`render`].
//! Only [`cli`] reads files and writes output.

pub mod cli;
pub mod diag;
pub mod findings;
pub mod graph;
pub mod import;
pub mod model;
pub mod overlap;
pub mod reach;
pub mod render;
pub mod route;
pub mod validate;
