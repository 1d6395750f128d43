//! The command line: clap structs, the run configuration, exit codes. The only
//! module that reads files and writes output.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::InputError;
use crate::findings::{Code, Finding};
use crate::import::native::{self, Loaded, Source};
use crate::reach::{Engine, Verdict};
use crate::route::Routing;
use crate::validate::{DsIx, Kind, RgIx, ValidInventory};

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
    /// Every (resource group, data source) pair: verdict, path both ways, findings, fixes.
    Check {
        /// Inventory files (JSON or YAML), merged.
        #[arg(required = true)]
        inventory: Vec<PathBuf>,
        /// Only pairs of this resource group (repeatable).
        #[arg(long = "resource-group", value_name = "ID")]
        resource_groups: Vec<String>,
        /// Only pairs of this data source (repeatable).
        #[arg(long = "data-source", value_name = "ID")]
        data_sources: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// `unknown` pairs do not fail the check (exit 0 when nothing is unreachable).
        #[arg(long)]
        allow_unknown: bool,
    },
    /// One pair, hop by hop both ways, each hop naming the table and route entry it used.
    Trace {
        /// Inventory files (JSON or YAML), merged.
        #[arg(required = true)]
        inventory: Vec<PathBuf>,
        /// The resource group.
        #[arg(long, value_name = "RG")]
        from: String,
        /// The data source.
        #[arg(long, value_name = "DS")]
        to: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// An `unknown` verdict does not fail the trace.
        #[arg(long)]
        allow_unknown: bool,
    },
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
    Report,
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
            SchemaKind::Report => emit(&crate::render::json::report_schema()),
        },
        Command::Check {
            inventory,
            resource_groups,
            data_sources,
            format,
            allow_unknown,
        } => {
            let Some(analysis) = analyse(&inventory) else {
                return Outcome::Error;
            };
            let Some(groups) = select(&analysis, &resource_groups, Kind::ResourceGroup) else {
                return Outcome::Error;
            };
            let Some(sources) = select(&analysis, &data_sources, Kind::DataSource) else {
                return Outcome::Error;
            };
            let engine = Engine::new(&analysis.valid, &analysis.routing);
            let mut pairs = Vec::with_capacity(groups.len() * sources.len());
            for &rg in &groups {
                for &ds in &sources {
                    pairs.push(engine.check_pair(RgIx::at(rg), DsIx::at(ds)));
                }
            }
            let text = match format {
                Format::Text => crate::render::text::check(&pairs, &analysis.findings),
                Format::Json => crate::render::json::check(&pairs, &analysis.findings),
            };
            let failed = pairs.iter().any(|p| fails(p.verdict, allow_unknown));
            match emit(&text) {
                Outcome::Pass if failed => Outcome::Fail,
                other => other,
            }
        }
        Command::Trace {
            inventory,
            from,
            to,
            format,
            allow_unknown,
        } => {
            let Some(analysis) = analyse(&inventory) else {
                return Outcome::Error;
            };
            let Some(groups) = select(&analysis, std::slice::from_ref(&from), Kind::ResourceGroup)
            else {
                return Outcome::Error;
            };
            let Some(sources) = select(&analysis, std::slice::from_ref(&to), Kind::DataSource)
            else {
                return Outcome::Error;
            };
            let (Some(&rg), Some(&ds)) = (groups.first(), sources.first()) else {
                return Outcome::Error;
            };
            let pair = Engine::new(&analysis.valid, &analysis.routing)
                .check_pair(RgIx::at(rg), DsIx::at(ds));
            let text = match format {
                Format::Text => crate::render::text::trace(&pair),
                Format::Json => crate::render::json::trace(&pair),
            };
            match emit(&text) {
                Outcome::Pass if fails(pair.verdict, allow_unknown) => Outcome::Fail,
                other => other,
            }
        }
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

/// A loaded, validated and routed inventory with its inventory-wide findings.
struct Analysis {
    valid: ValidInventory,
    routing: Routing,
    findings: Vec<Finding>,
}

/// Loads, validates and routes; on input errors prints them and returns `None`.
fn analyse(paths: &[PathBuf]) -> Option<Analysis> {
    let loaded = load_or_report(paths)?;
    let valid = match crate::validate::validate(&loaded.inventory, &loaded.sources) {
        Ok(valid) => valid,
        Err(errors) => {
            report_input_errors(&errors);
            return None;
        }
    };
    let routing = crate::route::build(&valid);
    let mut findings: Vec<Finding> = valid
        .findings
        .iter()
        .chain(routing.findings.iter())
        .cloned()
        .collect();
    findings.sort();
    findings.dedup();
    Some(Analysis {
        valid,
        routing,
        findings,
    })
}

/// Resolves `--resource-group` / `--data-source` ids (all of that kind when
/// none is given), sorted by id; an unknown id is an input error.
fn select(analysis: &Analysis, ids: &[String], kind: Kind) -> Option<Vec<usize>> {
    let v = &analysis.valid;
    let all: Vec<(&str, usize)> = match kind {
        Kind::ResourceGroup => v
            .resource_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect(),
        _ => v
            .data_sources
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect(),
    };
    let mut chosen: Vec<(&str, usize)> = Vec::new();
    let mut bad = false;
    for id in ids {
        match all.iter().find(|(candidate, _)| candidate == id) {
            Some(found) => chosen.push(*found),
            None => {
                let hint = crate::diag::did_you_mean(id, all.iter().map(|(c, _)| *c))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                error_line(&format!(
                    "error: `{id}` is not {} of the inventory{hint}",
                    kind.noun()
                ));
                bad = true;
            }
        }
    }
    if bad {
        return None;
    }
    if ids.is_empty() {
        chosen = all;
    }
    chosen.sort();
    chosen.dedup();
    Some(chosen.into_iter().map(|(_, i)| i).collect())
}

fn fails(verdict: Verdict, allow_unknown: bool) -> bool {
    match verdict {
        Verdict::Reachable => false,
        Verdict::Unreachable => true,
        Verdict::Unknown => !allow_unknown,
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
