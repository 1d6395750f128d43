//! The command line: clap structs, the run configuration, exit codes. The only
//! module that reads files and writes output.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::InputError;
use crate::findings::Code;
use crate::import::native::{self, Loaded, Source};

/// netreach: can every DataWorks resource group reach every data source?
#[derive(Debug, Parser)]
#[command(name = "netreach", version, about, long_about = None)]
#[command(
    after_help = "Exit codes:\n  0  the command ran and nothing failed\n  1  the command ran and something failed (an unreachable or unknown pair, an error finding)\n  2  the tool could not do its job (unreadable or malformed input, a bad argument)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Inventory-wide findings: invalid, overlapping or unused resources.
    Audit {
        /// Inventory files (JSON or YAML), merged.
        #[arg(required = true)]
        inventory: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a JSON Schema.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// What a finding code means and how to fix it.
    Explain {
        /// A finding code (`no-route`) or short code (`R103`); `all` lists every code.
        code: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaKind {
    Inventory,
}

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

fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Schema { which } => match which {
            SchemaKind::Inventory => emit(&inventory_schema_text()),
        },
        Command::Explain { code } => explain(&code),
        Command::Audit { inventory, format } => {
            let Some(loaded) = load_or_report(&inventory) else {
                return Outcome::Error;
            };
            let validated = match crate::validate::validate(&loaded.inventory, &loaded.sources) {
                Ok(validated) => validated,
                Err(errors) => return report_input_errors(&errors),
            };
            let findings = validated.findings;
            let text = match format {
                Format::Text => crate::render::text::audit(&findings),
                Format::Json => crate::render::json::audit(&findings),
            };
            let failed = findings
                .iter()
                .any(|f| f.severity == crate::findings::Severity::Error);
            match emit(&text) {
                Outcome::Pass if failed => Outcome::Fail,
                other => other,
            }
        }
    }
}

/// The inventory JSON Schema as pretty JSON with a trailing newline.
pub fn inventory_schema_text() -> String {
    let schema = schemars::schema_for!(crate::model::Inventory);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

fn explain(code: &str) -> Outcome {
    if code == "all" {
        let mut text = String::new();
        for code in Code::ALL {
            text.push_str(&format!(
                "{:<6} {:<34} {:<8} {}\n",
                code.short(),
                code.as_str(),
                code.severity(),
                code.summary()
            ));
        }
        return emit(&text);
    }
    match Code::parse(code) {
        Some(code) => emit(&crate::render::text::explain(code)),
        None => {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let hint = crate::diag::did_you_mean(code, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            error_line(&format!(
                "error: unknown finding code `{code}`{hint}; `netreach explain all` lists them"
            ));
            Outcome::Error
        }
    }
}

/// Reads and loads the inventory files; on any problem prints every input error
/// to stderr and returns `None`.
fn load_or_report(paths: &[PathBuf]) -> Option<Loaded> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => sources.push(Source { name, bytes }),
            Err(error) => errors.push(InputError {
                location: crate::diag::Location {
                    file: name,
                    pointer: String::new(),
                    line: None,
                    column: None,
                },
                message: format!("cannot read the file: {}", error.to_string().to_lowercase()),
                hint: None,
            }),
        }
    }
    if !errors.is_empty() {
        report_input_errors(&errors);
        return None;
    }
    match native::load(sources) {
        Ok(loaded) => Some(loaded),
        Err(errors) => {
            report_input_errors(&errors);
            None
        }
    }
}

fn report_input_errors(errors: &[InputError]) -> Outcome {
    let mut text = String::new();
    for error in errors {
        text.push_str(&format!("error: {error}\n"));
    }
    let count = errors.len();
    text.push_str(&format!(
        "netreach: {count} input error{} found; nothing was analysed\n",
        if count == 1 { "" } else { "s" }
    ));
    error_line(text.trim_end());
    Outcome::Error
}

#[allow(clippy::print_stderr)]
fn error_line(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// Writes a finished report to stdout; a closed pipe is not an error.
fn emit(text: &str) -> Outcome {
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
