//! Readers of inventories: the native format (JSON or YAML). Vendor formats stop here.

pub mod aliyun;
pub mod native;
pub mod terraform;
