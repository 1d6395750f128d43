//! Any bytes, as the files of `netreach import aliyun` (see `files.rs` for how
//! one input holds several named files): import, then the imported inventory
//! written as JSON must load back through the native loader, and whatever
//! validates is checked pair by pair and rendered. Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;
#[path = "files.rs"]
mod files;

fuzz_target!(|data: &[u8]| {
    files::import_then_check(data, netreach::import::aliyun::import);
});
