//! The command line: parses the arguments ([`args`]), runs one command,
//! maps its [`Outcome`] to the exit status. The only module that reads files
//! ([`input`]) and writes output (here and [`output`]); the analysis itself is
//! the library's ([`crate::analysis::analyse`]), the reports the renderers'.
//! One file per command; `run` dispatches with one call each.

mod args;
mod audit;
mod check;
pub mod collect;
mod color;
mod diff;
mod document;
mod explain;
mod fix;
mod import;
mod input;
mod output;
mod render;
mod trace;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
use args::{Command, SchemaKind};

/// The outcome of a command, mapped to the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing failed (exit 0).
    Pass,
    /// Something failed (exit 1).
    Fail,
    /// The tool could not do its job (exit 2).
    Error,
}

impl Outcome {
    /// The exit status: 0, 1 or 2.
    fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Pass => ExitCode::from(0),
            Outcome::Fail => ExitCode::from(1),
            Outcome::Error => ExitCode::from(2),
        }
    }
}

/// Parses the arguments, runs the command, returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    run(cli).exit_code()
}

/// Runs the parsed command line: checks `--overlay` is given to a command
/// that reads an inventory, then one call per command.
fn run(cli: Cli) -> Outcome {
    let color = cli.color;
    let reads_inventory = !matches!(
        cli.command,
        Command::Import { .. }
            | Command::Collect { .. }
            | Command::Schema { .. }
            | Command::Explain { .. }
    );
    if !cli.overlay.is_empty() && !reads_inventory {
        error_line("error: --overlay amends an inventory: give it to a command that reads one (check, trace, audit, diff, render)");
        return Outcome::Error;
    }
    let _ = input::OVERLAYS.set(cli.overlay);
    match cli.command {
        Command::Schema { which } => schema(which),
        Command::Check(args) => check::command(args, color),
        Command::Trace(args) => trace::run(args, color),
        Command::Explain { code } => explain::run(&code),
        Command::Fix(args) => fix::command(args),
        Command::Collect { source } => collect::run(source),
        Command::Import(args) => import::run(args),
        Command::Render(args) => render::run(args),
        Command::Diff(args) => diff::run(args, color),
        Command::Audit(args) => audit::run(args, color),
    }
}

/// `netreach schema`: prints the inventory or the report JSON Schema.
fn schema(which: SchemaKind) -> Outcome {
    match which {
        SchemaKind::Inventory => emit(&inventory_schema_text()),
        SchemaKind::Report => emit(&crate::render::json::report_schema()),
    }
}

/// The inventory JSON Schema as pretty JSON with a trailing newline.
pub fn inventory_schema_text() -> String {
    let schema = schemars::schema_for!(crate::model::Inventory);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes a message to stderr, its control characters escaped.
pub(crate) fn error_line(text: &str) {
    // Messages quote ids, keys, values and file names from the input: their
    // control characters (terminal escape sequences) are escaped line by line,
    // so that none reaches the terminal raw (issue 8, found by tests/integration/hostile.rs).
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| crate::render::text::clean(line).into_owned())
        .collect();
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}", lines.join("\n"));
}

/// Writes a finished report to `output` (atomically) or stdout.
pub(crate) fn emit_to(output: Option<&std::path::Path>, text: &str) -> Outcome {
    match output::write_all(output, text.as_bytes()) {
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}

/// Writes a finished report to stdout; a closed pipe is not an error.
pub(crate) fn emit(text: &str) -> Outcome {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Outcome::Pass,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}
