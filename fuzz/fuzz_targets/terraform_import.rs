//! Any bytes, as the files of `netreach import terraform` (see `files.rs` for how
//! one input holds several named files): import, then the imported inventory
//! written as JSON must load back through the native loader, and whatever
//! validates is checked pair by pair and rendered. Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netreach::import::aliyun::Options;
use netreach::import::native::{load, Source};
use netreach::import::terraform::import;

#[path = "common.rs"]
mod common;
#[path = "files.rs"]
mod files;

fuzz_target!(|data: &[u8]| {
    let sources = files::split(data);
    let options = Options {
        region: Some("cn-hangzhou".to_string()),
    };
    let imported = match import(&sources, &options) {
        Ok(imported) => imported,
        Err(errors) => {
            assert!(!errors.is_empty(), "import failed without an error");
            return;
        }
    };
    let _ = imported.coverage.summary();
    let _ = imported.coverage.to_json();
    let json = imported.inventory_json();
    let written = Source {
        name: "imported.json".to_string(),
        bytes: json.into_bytes(),
    };
    match load(vec![written]) {
        Ok(loaded) => {
            let _ = common::analyse(&loaded);
        }
        Err(errors) => panic!(
            "the imported inventory does not load back: {}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
});
