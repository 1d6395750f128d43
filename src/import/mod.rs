//! Readers of inventories: the native format (JSON or YAML). Vendor formats stop here.

pub mod native;
