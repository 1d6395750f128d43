//! Helpers shared by every test module: running the binary (for the CLI
//! contract: exit codes, stdout and stderr), temporary files, the samples and
//! fixtures, and the in-process pipeline through [`netreach::analysis`] that
//! gives the same reports `check --format json` and `audit --format json`
//! write, without a process per test.
//!
//! Helpers panic with a readable message: they are test code.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use netreach::analysis::{analyse_sources, Analysis};
use netreach::findings::Severity;
use netreach::import::native::Source;
use netreach::overlap::Scope;
use netreach::reach::Verdict;
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Output {
    /// The exit status (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

/// The `netreach` binary of this build, ready for arguments.
pub fn netreach() -> assert_cmd::Command {
    match assert_cmd::Command::cargo_bin("netreach") {
        Ok(command) => command,
        Err(error) => panic!("the netreach binary is not built: {error}"),
    }
}

/// Runs `netreach` with the arguments.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    output_of(netreach().args(args))
}

/// Runs a prepared command and collects its exit code and streams.
pub fn output_of(command: &mut assert_cmd::Command) -> Output {
    let output = match command.output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run netreach: {error}"),
    };
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

/// A fresh temporary directory (removed when dropped).
pub fn tempdir() -> TempDir {
    match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("cannot create a temporary directory: {error}"),
    }
}

/// Writes `value` as pretty JSON to `dir/name`.
pub fn write(dir: &TempDir, name: &str, value: &Value) -> PathBuf {
    let text = match serde_json::to_string_pretty(value) {
        Ok(text) => text,
        Err(error) => panic!("cannot serialize {name}: {error}"),
    };
    write_text(dir.path(), name, &text)
}

/// Writes `text` to `dir/name`.
pub fn write_text(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Err(error) = std::fs::write(&path, text) {
        panic!("cannot write {}: {error}", path.display());
    }
    path
}

/// The crate's root (tests run there too).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `samples/NAME`.
pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// Every sample inventory (`samples/*.json` but `expected.json`), sorted.
pub fn samples() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap_or_else(|error| panic!("cannot list samples/: {error}"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && path.file_name().is_some_and(|n| n != "expected.json")
        })
        .collect();
    found.sort();
    found
}

/// `tests/fixtures/PATH`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(path)
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

// ---------------------------------------------------------------------------
// The pipeline, in-process
// ---------------------------------------------------------------------------

/// Analyses an inventory given as text (named `name`, as a file would be).
pub fn analyse_text(name: &str, text: &str, scope: Scope) -> Analysis {
    let sources = vec![Source {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }];
    match analyse_sources(sources, scope) {
        Ok(analysis) => analysis,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("{name} has input errors:\n{}", lines.join("\n"))
        }
    }
}

/// Analyses an inventory given as a JSON value.
pub fn analyse_value(inventory: &Value, scope: Scope) -> Analysis {
    analyse_text("inventory.json", &inventory.to_string(), scope)
}

/// Analyses an inventory file.
pub fn analyse_file(path: &Path, scope: Scope) -> Analysis {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    analyse_text(&path.display().to_string(), &text, scope)
}

/// What `netreach check FILE --format json` gives for `inventory`: (exit
/// code, report), computed in-process with the CLI's default `--fail-on
/// unknown` (exit 1 when a pair is not reachable).
pub fn check_json(inventory: &Value) -> (Option<i32>, Value) {
    let analysis = analyse_value(inventory, Scope::Check);
    let pairs = analysis.check_all();
    let failed = pairs.iter().any(|pair| pair.verdict != Verdict::Reachable);
    let text = netreach::render::json::check(&pairs, &analysis.findings);
    let report = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("the check report is not JSON: {error}\n{text}"));
    (Some(i32::from(failed)), report)
}

/// What `netreach audit FILE --format json [--all-overlaps]` gives for
/// `inventory`: (exit code, report), computed in-process with the CLI's
/// default policy (exit 1 when a finding is an error).
pub fn audit_json(inventory: &Value, all_overlaps: bool) -> (Option<i32>, Value) {
    let analysis = analyse_value(inventory, Scope::Audit { all_overlaps });
    let failed = analysis
        .findings
        .iter()
        .any(|finding| finding.severity == Severity::Error);
    let text = netreach::render::json::audit(&analysis.findings);
    let report = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("the audit report is not JSON: {error}\n{text}"));
    (Some(i32::from(failed)), report)
}

/// The nodes (not edges) of Graphviz SVG `svg` whose title starts with `prefix`.
pub fn svg_nodes(svg: &str, prefix: &str) -> usize {
    svg.lines()
        .filter(|l| l.starts_with(&format!("<title>{prefix}")) && !l.contains("&#45;&gt;"))
        .count()
}
