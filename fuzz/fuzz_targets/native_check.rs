//! Any bytes, as one inventory file (JSON or YAML, told apart by content as for
//! a file without an extension): load → validate → route → overlap audit →
//! every pair through the engine → JSON, text, SARIF and JUnit reports.
//! Must never panic; every refusal must come with at least one input error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netreach::import::native::{load, Source};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz".to_string(),
        bytes: data.to_vec(),
    };
    match load(vec![source]) {
        Ok(loaded) => {
            let _ = common::analyse(loaded);
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "load failed without an error");
            for error in &errors {
                let _ = error.to_string();
            }
        }
    }
});
