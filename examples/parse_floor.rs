//! The parse-only floor of issue 9: reads a file into a `serde_json::Value`
//! and exits. `netreach check` is measured as a ratio to this (see
//! `docs/performance.md` and `scripts/bench.sh`).
//!
//! ```sh
//! cargo run --release --example parse_floor -- /tmp/large.json
//! ```

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        let _ = writeln!(std::io::stderr(), "usage: parse_floor FILE");
        return ExitCode::from(2);
    };
    let parsed = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| e.to_string())
        });
    match parsed {
        Ok(value) => {
            std::hint::black_box(&value);
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {path}: {error}");
            ExitCode::from(2)
        }
    }
}
