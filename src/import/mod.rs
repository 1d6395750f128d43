//! Readers of inventories: the native format (JSON or YAML). Vendor formats stop here.
//!
//! `aliyun` and `terraform` read their vendor's shapes into facts and hand them
//! to the vendor-neutral `build`, which writes the native inventory.

pub mod aliyun;
pub mod build;
pub mod native;
pub mod terraform;
