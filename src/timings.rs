//! Stage timings for whoever measures the program (`scripts/bench.sh`,
//! `docs/performance.md`): with `NETREACH_TIMINGS=1` in the environment, each
//! stage of a run writes one line `timing: <stage> <milliseconds> ms` to
//! stderr when it ends, followed on Linux by the resident memory then and its
//! peak so far (`rss <MB> MB, peak <MB> MB`, from `/proc/self/status`);
//! without it nothing is written and a stage costs one cached flag test.
//! Reports never depend on it.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// Whether stage timings are written (read once per process).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("NETREACH_TIMINGS").is_some_and(|v| v == "1"))
}

/// Runs `f` as the stage `name`, writing its wall time when timings are on.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    since(name, start);
    out
}

/// Writes the wall time since `start` as the stage `name`, when timings are on
/// (for a stage that is not one closure).
pub fn since(name: &str, start: Instant) {
    if enabled() {
        // A stage name is the program's own text, never the input's.
        let line = format!(
            "timing: {name} {:.1} ms{}\n",
            start.elapsed().as_secs_f64() * 1000.0,
            memory()
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// `, rss <MB> MB, peak <MB> MB` from `/proc/self/status` (VmRSS, VmHWM), or
/// nothing where that file cannot be read.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(", rss {} MB, peak {} MB", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}
