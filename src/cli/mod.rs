//! The command line: clap structs, the run configuration, exit codes. The only
//! module that reads files and writes output.

mod check;
pub mod collect;
mod color;
mod fix;
mod output;

use color::{ColorChoice, Paint};

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::InputError;
use crate::findings::{Code, Finding};
use crate::import::native::{self, Loaded, Source};
use crate::overlap::Scope;
use crate::reach::{PairReport, Verdict};
use crate::route::Routing;
use crate::validate::{DsIx, Kind, RgIx, ValidInventory};

/// netreach: can every DataWorks resource group reach every data source?
#[derive(Debug, Parser)]
#[command(name = "netreach", version, about, long_about = None)]
#[command(
    after_help = "Exit codes:\n  0  the command ran and nothing failed\n  1  the command ran and something failed (an unreachable or unknown pair, a worse pair, an error finding; --fail-on error|unknown|warning says which)\n  2  the tool could not do its job (unreadable or malformed input, a bad argument)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour in text reports: `auto` (only on a terminal, and not when
    /// NO_COLOR is set), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    color: ColorChoice,
    /// Amend the merged inventory by id (RFC 7386 merge per element; new ids
    /// added); repeatable, applied in order. For every command that reads an
    /// inventory.
    #[arg(long, global = true, value_name = "FILE")]
    overlay: Vec<PathBuf>,
}

/// The `--overlay` files, set once by [`run`] and applied by every load of an
/// inventory ([`load_or_report`]), so that each command reading one takes them.
static OVERLAYS: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();

/// The inventory and the pairs of it that `check` and `fix` work on.
#[derive(Debug, clap::Args)]
struct Selection {
    /// Inventory files (JSON or YAML), merged.
    #[arg(required = true)]
    inventory: Vec<PathBuf>,
    /// Only pairs of this resource group (repeatable).
    #[arg(long = "resource-group", value_name = "ID")]
    resource_groups: Vec<String>,
    /// Only pairs of this data source (repeatable).
    #[arg(long = "data-source", value_name = "ID")]
    data_sources: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Every (resource group, data source) pair: verdict, path both ways, findings, fixes.
    Check {
        #[command(flatten)]
        selection: Selection,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// What makes exit 1: `error` (unreachable pairs), `unknown` (also unknown
        /// pairs; the default) or `warning` (also any pair with a warning).
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
        /// `unknown` pairs do not fail the check: the spelling of `--fail-on error`.
        #[arg(long, conflicts_with = "fail_on")]
        allow_unknown: bool,
        /// Write the report to FILE (atomically: a temporary file renamed) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
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
        /// What makes exit 1: `error` (unreachable), `unknown` (also unknown; the
        /// default) or `warning` (also a reachable pair with a warning).
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
        /// An `unknown` verdict does not fail the trace: the spelling of `--fail-on error`.
        #[arg(long, conflicts_with = "fail_on")]
        allow_unknown: bool,
        /// Write the report to FILE (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Inventory-wide findings: invalid, overlapping or unused resources.
    Audit {
        /// Inventory files (JSON or YAML), merged.
        #[arg(required = true)]
        inventory: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also list, as info, overlaps of networks that exchange no routes.
        #[arg(long)]
        all_overlaps: bool,
        /// Instead of findings, list free RFC 1918 blocks of this prefix length
        /// (8 to 30) in the route-exchange domains of --domain (at most 16).
        #[arg(long, value_name = "PREFIXLEN", requires = "domain",
              value_parser = clap::value_parser!(u8).range(8..=30))]
        free_cidr: Option<u8>,
        /// The VPC or data center whose domains --free-cidr looks at.
        #[arg(long, value_name = "ID", requires = "free_cidr")]
        domain: Option<String>,
        /// What makes exit 1: `error` or `unknown` (the default: an error
        /// finding) or `warning` (also a warning finding).
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
    },
    /// Pre-migration check: the pairs whose verdict changes between two
    /// snapshots, or between a snapshot and a planned RFC 6902 JSON Patch of it.
    #[command(group(clap::ArgGroup::new("target").required(true).args(["after", "plan"])))]
    #[command(
        override_usage = "netreach diff [OPTIONS] BEFORE AFTER\n       netreach diff [OPTIONS] BEFORE --plan PATCH"
    )]
    Diff {
        /// The inventory before the change.
        before: PathBuf,
        /// The inventory after the change.
        after: Option<PathBuf>,
        /// A JSON Patch (RFC 6902) to apply to BEFORE instead of giving AFTER.
        #[arg(long, value_name = "PATCH")]
        plan: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// What makes exit 1: `error` (a pair that became unreachable, a new error
        /// finding), `unknown` (also one that became unknown; the default) or
        /// `warning` (also a new warning on a pair or in the inventory).
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
        /// Write the report to FILE (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Convert aliyun CLI exports or Terraform state into a native inventory;
    /// a coverage summary (what was read, imported, skipped and why) goes to stderr.
    Import {
        /// What the files are: `aliyun` (CLI JSON output) or `terraform` (state).
        #[arg(value_enum)]
        source: ImportSource,
        /// Files, or directories walked (sorted) for `*.json` (and `*.tfstate`
        /// for terraform).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the inventory to FILE (atomically: a temporary file renamed) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also write the coverage report as JSON to FILE.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// The region of resources whose export or state names none.
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// One proved plan for the selected pairs: an RFC 6902 JSON Patch of the
    /// merged inventory (or the console actions in order with --format text).
    /// Exit 0: every selected pair is reachable after the plan; 1: some need a
    /// human decision (listed on stderr with why); 2: bad input.
    Fix {
        #[command(flatten)]
        selection: Selection,
        /// Output format.
        #[arg(long, value_enum, default_value_t = fix::FixFormat::Json)]
        format: fix::FixFormat,
        /// Write the plan to FILE (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Collect the exports `import` reads by running a cloud's own CLI.
    Collect {
        #[command(subcommand)]
        source: collect::Source,
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
    /// Architecture diagram (Graphviz): DOT, or SVG and PNG through Graphviz's `dot`.
    Render {
        /// Inventory files (JSON or YAML), merged.
        #[arg(required = true)]
        inventory: Vec<PathBuf>,
        /// Draw this pair's forward and return path (repeatable); a failing pair
        /// up to the blocker, the blocking hop in red with the finding and fix.
        #[arg(long, value_name = "RG:DS")]
        highlight: Vec<String>,
        /// Draw the path of every pair that is not reachable.
        #[arg(long)]
        highlight_failures: bool,
        /// Keep only what the paths of this resource touch (repeatable).
        #[arg(long, value_name = "ID")]
        focus: Vec<String>,
        /// Fold a level into its parent: `vswitches` into their VPC.
        #[arg(long, value_enum, value_name = "LEVEL")]
        collapse: Vec<Collapse>,
        /// Output format: `dot` needs nothing installed; `svg` and `png` run Graphviz's `dot`.
        #[arg(long, value_enum, default_value_t = RenderFormat::Dot)]
        format: RenderFormat,
        /// Write to FILE (complete or not at all) instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// What makes exit 1 (`--fail-on`, cli.md additions of 2026-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum FailOn {
    /// Only what is broken: unreachable pairs, error findings.
    Error,
    /// Also unknown pairs (the default).
    #[default]
    Unknown,
    /// Also any warning (such as whitelist-unknown, rg-routes-unknown,
    /// inter-region-test-bandwidth).
    Warning,
}

impl FailOn {
    /// The policy of `--fail-on` and `--allow-unknown`.
    fn of(fail_on: Option<FailOn>, allow_unknown: bool) -> FailOn {
        match fail_on {
            Some(policy) => policy,
            None if allow_unknown => FailOn::Error,
            None => FailOn::Unknown,
        }
    }

    /// Whether a pair of this verdict (with a warning or not) fails.
    pub(crate) fn fails_on(self, verdict: Verdict, warning: bool) -> bool {
        match verdict {
            Verdict::Unreachable => true,
            Verdict::Unknown => self != FailOn::Error,
            Verdict::Reachable => self == FailOn::Warning && warning,
        }
    }

    /// The same policy in the words of [`crate::diff`].
    fn diff_policy(self) -> crate::diff::FailOn {
        match self {
            FailOn::Error => crate::diff::FailOn::Error,
            FailOn::Unknown => crate::diff::FailOn::Unknown,
            FailOn::Warning => crate::diff::FailOn::Warning,
        }
    }

    /// Whether an inventory finding of this severity fails.
    pub(crate) fn fails_on_severity(self, severity: crate::findings::Severity) -> bool {
        match severity {
            crate::findings::Severity::Error => true,
            crate::findings::Severity::Warning => self == FailOn::Warning,
            crate::findings::Severity::Info => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RenderFormat {
    Dot,
    Svg,
    Png,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Collapse {
    /// vSwitches into their VPC.
    Vswitches,
}

/// The format `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ImportSource {
    /// JSON printed by the aliyun CLI (Describe/List APIs, raw pages or `--pager`).
    Aliyun,
    /// Terraform state (format 4) or `terraform show -json`.
    Terraform,
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
    let color = cli.color;
    // The colour of a text report written to stdout, or to `--output` (a file).
    let paint = |text: bool, output: &Option<PathBuf>| {
        if text {
            Paint::new(color, output.is_some())
        } else {
            Paint::none()
        }
    };
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
    let _ = OVERLAYS.set(cli.overlay);
    match cli.command {
        Command::Schema { which } => match which {
            SchemaKind::Inventory => emit(&inventory_schema_text()),
            SchemaKind::Report => emit(&crate::render::json::report_schema()),
        },
        Command::Check {
            selection,
            format,
            fail_on,
            allow_unknown,
            output,
        } => {
            let policy = FailOn::of(fail_on, allow_unknown);
            let Some((analysis, groups, sources)) = analyse_selected(&selection) else {
                return Outcome::Error;
            };
            let streamed = match format {
                CheckFormat::Text => Some(check::Streamed::Text),
                CheckFormat::Json => Some(check::Streamed::Json),
                CheckFormat::Sarif | CheckFormat::Junit => None,
            };
            if let Some(streamed) = streamed {
                return check::run(
                    &analysis,
                    &groups,
                    &sources,
                    streamed,
                    policy,
                    paint(streamed == check::Streamed::Text, &output),
                    output.as_deref(),
                );
            }
            let pairs = check_pairs(&analysis, &groups, &sources);
            let text = match format {
                CheckFormat::Text | CheckFormat::Json => String::new(),
                CheckFormat::Sarif => {
                    let fallback = selection
                        .inventory
                        .first()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    crate::render::sarif::check(
                        &pairs,
                        &|id| locate_resource(&analysis, id),
                        &fallback,
                    )
                }
                CheckFormat::Junit => crate::render::junit::check_with(
                    &pairs,
                    policy == FailOn::Error,
                    policy == FailOn::Warning,
                ),
            };
            let failed = pairs
                .iter()
                .any(|p| policy.fails_on(p.verdict, check::has_warning(p)));
            match emit_to(output.as_deref(), &text) {
                Outcome::Pass if failed => Outcome::Fail,
                other => other,
            }
        }
        Command::Trace {
            inventory,
            from,
            to,
            format,
            fail_on,
            allow_unknown,
            output,
        } => {
            let policy = FailOn::of(fail_on, allow_unknown);
            let Some(analysis) = analyse(&inventory, Scope::Check) else {
                return Outcome::Error;
            };
            if let Some(problem) = swapped(&analysis, &from, &to) {
                error_line(&format!("error: {problem}"));
                return Outcome::Error;
            }
            let Some(groups) = select(
                &analysis,
                std::slice::from_ref(&from),
                Kind::ResourceGroup,
                TRACE_OPTIONS,
            ) else {
                return Outcome::Error;
            };
            let Some(sources) = select(
                &analysis,
                std::slice::from_ref(&to),
                Kind::DataSource,
                TRACE_OPTIONS,
            ) else {
                return Outcome::Error;
            };
            let (Some(&rg), Some(&ds)) = (groups.first(), sources.first()) else {
                return Outcome::Error;
            };
            let Some(pair) = check_pairs(&analysis, &[rg], &[ds]).pop() else {
                return Outcome::Error;
            };
            let text = match format {
                Format::Text => crate::render::text::trace(&pair),
                Format::Json => crate::render::json::trace(&pair),
            };
            let text = paint(format == Format::Text, &output).apply(&text);
            match emit_to(output.as_deref(), &text) {
                Outcome::Pass if policy.fails_on(pair.verdict, check::has_warning(&pair)) => {
                    Outcome::Fail
                }
                other => other,
            }
        }
        Command::Explain { code } => explain(&code),
        Command::Fix {
            selection,
            format,
            output,
        } => {
            let Some((analysis, groups, sources)) = analyse_selected(&selection) else {
                return Outcome::Error;
            };
            fix::run(&analysis, &groups, &sources, format, output.as_deref())
        }
        Command::Collect { source } => collect::run(source),
        Command::Import {
            source,
            paths,
            output,
            report,
            region,
        } => import_exports(source, &paths, output.as_deref(), report.as_deref(), region),
        Command::Render {
            inventory,
            highlight,
            highlight_failures,
            focus,
            collapse,
            format,
            output,
        } => render_diagram(
            &inventory,
            &highlight,
            highlight_failures,
            &focus,
            collapse.contains(&Collapse::Vswitches),
            format,
            output.as_deref(),
        ),
        Command::Diff {
            before,
            after,
            plan,
            format,
            fail_on,
            output,
        } => {
            let policy = FailOn::of(fail_on, false);
            let Some(old) = analyse(std::slice::from_ref(&before), Scope::Check) else {
                return Outcome::Error;
            };
            let new = match (&after, &plan) {
                (Some(after), _) => analyse(std::slice::from_ref(after), Scope::Check),
                (None, Some(plan)) => apply_plan(&before, plan)
                    .and_then(|loaded| analyse_loaded(loaded, Scope::Check)),
                (None, None) => None,
            };
            let Some(new) = new else {
                return Outcome::Error;
            };
            let all = |a: &Analysis| {
                let groups = select(a, &[], Kind::ResourceGroup, CHECK_OPTIONS).unwrap_or_default();
                let sources = select(a, &[], Kind::DataSource, CHECK_OPTIONS).unwrap_or_default();
                check_pairs(a, &groups, &sources)
            };
            let report = crate::diff::diff(&all(&old), &all(&new), &old.findings, &new.findings);
            let text = match format {
                Format::Text => crate::render::text::diff(&report),
                Format::Json => crate::render::json::diff(&report),
            };
            let text = paint(format == Format::Text, &output).apply(&text);
            match emit_to(output.as_deref(), &text) {
                Outcome::Pass if report.failed(policy.diff_policy()) => Outcome::Fail,
                other => other,
            }
        }
        Command::Audit {
            inventory,
            format,
            all_overlaps,
            free_cidr,
            domain,
            fail_on,
        } => {
            let policy = FailOn::of(fail_on, false);
            let Some(analysis) = analyse(&inventory, Scope::Audit { all_overlaps }) else {
                return Outcome::Error;
            };
            if let (Some(length), Some(domain)) = (free_cidr, domain) {
                let (v, routing) = (&analysis.valid, &analysis.routing);
                let blocks = match crate::overlap::free_cidrs(v, routing, &domain, length) {
                    Ok(blocks) => blocks,
                    Err(problem) => {
                        error_line(&format!("error: {problem}"));
                        return Outcome::Error;
                    }
                };
                let limit = crate::overlap::FREE_CIDR_LIMIT;
                let text = match format {
                    Format::Json => {
                        let report = serde_json::json!({
                            "report_version": 1,
                            "domain": domain,
                            "prefix_len": length,
                            "limit": limit,
                            "free_cidrs": blocks.iter().map(|b| b.to_string()).collect::<Vec<_>>(),
                        });
                        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
                        text.push('\n');
                        text
                    }
                    Format::Text if blocks.is_empty() => format!(
                        "no RFC 1918 /{length} block is free in the route-exchange domains of {domain}\n"
                    ),
                    Format::Text => {
                        let mut text = format!(
                            "free RFC 1918 /{length} blocks in the route-exchange domains of {domain}:\n"
                        );
                        for block in &blocks {
                            text.push_str(&format!("  {block}\n"));
                        }
                        if blocks.len() >= limit {
                            text.push_str(&format!("(the first {limit}; more may be free)\n"));
                        }
                        text
                    }
                };
                return emit(&text);
            }
            let findings = analysis.findings;
            let text = match format {
                Format::Text => crate::render::text::audit(&findings),
                Format::Json => crate::render::json::audit(&findings),
            };
            let text = paint(format == Format::Text, &None).apply(&text);
            let failed = findings
                .iter()
                .any(|f| policy.fails_on_severity(f.severity));
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
    loaded: Loaded,
}

/// Loads, validates and routes; on input errors prints them and returns `None`.
fn analyse(paths: &[PathBuf], scope: Scope) -> Option<Analysis> {
    analyse_loaded(load_or_report(paths)?, scope)
}

/// Validates and routes a loaded inventory and gathers the inventory-wide
/// findings of `scope`; on input errors prints them.
fn analyse_loaded(loaded: Loaded, scope: Scope) -> Option<Analysis> {
    let valid = match crate::validate::validate(&loaded.inventory, &loaded.sources) {
        Ok(valid) => valid,
        Err(errors) => {
            report_input_errors(&errors);
            return None;
        }
    };
    let routing = crate::route::build(&valid);
    let findings = crate::overlap::inventory_findings(&valid, &routing, scope);
    Some(Analysis {
        valid,
        routing,
        findings,
        loaded,
    })
}

/// BEFORE with the RFC 6902 patch applied, loaded; on any problem (unreadable
/// files, malformed JSON, an operation that does not apply) prints it and
/// returns `None`.
fn apply_plan(before: &std::path::Path, plan: &std::path::Path) -> Option<Loaded> {
    let fail = |file: &std::path::Path, message: String| {
        report_input_errors(&[whole_file_error(file.display().to_string(), message, None)]);
        None
    };
    // Load BEFORE first so that its own problems are reported precisely.
    let loaded = load_or_report(&[before.to_path_buf()])?;
    // Patch the document as written (not a re-encoding), so that the plan's
    // paths are the paths of the user's file.
    let Some(file) = loaded.sources.files.first() else {
        return fail(before, "nothing was read".to_string());
    };
    let parsed = match file.syntax {
        crate::diag::Syntax::Json => {
            serde_json::from_str::<serde_json::Value>(&file.text).map_err(|e| e.to_string())
        }
        crate::diag::Syntax::Yaml => crate::diag::on_yaml_stack(|| {
            serde_saphyr::from_str::<serde_json::Value>(&file.text).map_err(|e| e.to_string())
        })
        .unwrap_or_else(|| Err("the YAML parser failed".to_string())),
    };
    let mut document = match parsed {
        Ok(document) => document,
        Err(error) => {
            return fail(
                before,
                format!("cannot read the inventory as a document: {error}"),
            )
        }
    };
    let text = match read_limited(plan, max_input_bytes()) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return fail(plan, "the file is not UTF-8 text".to_string()),
        },
        Err((message, hint)) => {
            report_input_errors(&[whole_file_error(plan.display().to_string(), message, hint)]);
            return None;
        }
    };
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    // The JSON path of an operation that is not RFC 6902 (`/3/op`).
    let parsed: Result<json_patch::Patch, (String, serde_json::Error)> =
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(patch) => deserializer
                .end()
                .map(|()| patch)
                .map_err(|e| (String::new(), e)),
            Err(error) => {
                let pointer: String = error
                    .path()
                    .iter()
                    .map(|segment| match segment {
                        serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                        serde_path_to_error::Segment::Map { key } => {
                            format!("/{}", crate::diag::escape_segment(key))
                        }
                        _ => String::new(),
                    })
                    .collect();
                Err((pointer, error.into_inner()))
            }
        };
    let patch: json_patch::Patch = match parsed {
        Ok(patch) => patch,
        Err((pointer, error)) => {
            report_input_errors(&[InputError {
                location: crate::diag::Location {
                    file: plan.display().to_string(),
                    pointer,
                    line: Some(error.line()),
                    column: Some(error.column()),
                },
                message: format!("not an RFC 6902 JSON Patch: {error}"),
                hint: Some("a plan is a JSON array of operations such as {\"op\": \"add\", \"path\": \"/vpcs/-\", \"value\": {…}}".into()),
            }]);
            return None;
        }
    };
    if let Err(error) = json_patch::patch(&mut document, &patch) {
        let operation = patch
            .0
            .get(error.operation)
            .map(|op| serde_json::to_string(op).unwrap_or_default())
            .unwrap_or_default();
        return fail(
            plan,
            format!(
                "operation {} ({operation}) does not apply to {}: {}",
                error.operation,
                before.display(),
                error.kind
            ),
        );
    }
    let bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    let name = format!("{} + {}", before.display(), plan.display());
    match native::load(vec![Source { name, bytes }]) {
        Ok(loaded) => with_overlays(loaded),
        Err(errors) => {
            report_input_errors(&errors);
            None
        }
    }
}

/// The loaded inventory amended by the `--overlay` files, in order; on any
/// problem prints every input error and returns `None`.
fn with_overlays(loaded: Loaded) -> Option<Loaded> {
    let overlays = OVERLAYS.get().map(Vec::as_slice).unwrap_or_default();
    if overlays.is_empty() {
        return Some(loaded);
    }
    let result = read_sources(overlays).and_then(|sources| native::apply_overlays(loaded, sources));
    match result {
        Ok(loaded) => Some(loaded),
        Err(errors) => {
            report_input_errors(&errors);
            None
        }
    }
}

impl Analysis {
    /// The chosen pairs: every group × every source, in that order.
    fn selection(groups: &[usize], sources: &[usize]) -> Vec<(RgIx, DsIx)> {
        groups
            .iter()
            .flat_map(|&g| sources.iter().map(move |&s| (RgIx::at(g), DsIx::at(s))))
            .collect()
    }

    /// The plan of proved fixes for the chosen pairs (docs S10).
    fn plan(&self, groups: &[usize], sources: &[usize]) -> crate::reach::prove::Plan {
        crate::reach::prove::plan_for(
            &self.loaded.inventory,
            &self.valid,
            &self.routing,
            &Analysis::selection(groups, sources),
        )
    }
}

/// Loads, validates and routes, and resolves `--resource-group` /
/// `--data-source` (all of a kind when none is given); on input errors prints
/// them and returns `None`.
fn analyse_selected(selection: &Selection) -> Option<(Analysis, Vec<usize>, Vec<usize>)> {
    let analysis = analyse(&selection.inventory, Scope::Check)?;
    let groups = select(
        &analysis,
        &selection.resource_groups,
        Kind::ResourceGroup,
        CHECK_OPTIONS,
    )?;
    let sources = select(
        &analysis,
        &selection.data_sources,
        Kind::DataSource,
        CHECK_OPTIONS,
    )?;
    Some((analysis, groups, sources))
}

/// Checks every chosen pair, in group-id then data-source-id order.
fn check_pairs(analysis: &Analysis, groups: &[usize], sources: &[usize]) -> Vec<PairReport> {
    crate::reach::check_with_fixes(
        &analysis.loaded.inventory,
        &analysis.valid,
        &analysis.routing,
        &Analysis::selection(groups, sources),
    )
}

/// Where a resource is written: its file, pointer, line and column; `None`
/// for implied resources (a VPC's implied system table, a basic CEN's routers).
fn locate_resource(analysis: &Analysis, id: &str) -> Option<crate::diag::Location> {
    let (kind, index) = analysis.valid.lookup(id)?;
    let written = analysis
        .loaded
        .sources
        .lists
        .get(kind.list())
        .map_or(0, |origins| origins.len());
    (index < written).then(|| analysis.loaded.sources.locate(kind.list(), index, ""))
}

/// `check`'s options naming a resource group and a data source.
const CHECK_OPTIONS: (&str, &str) = ("--resource-group", "--data-source");

/// `trace`'s options naming a resource group and a data source.
const TRACE_OPTIONS: (&str, &str) = ("--from", "--to");

/// The message for `trace --from DS --to RG` (or a data source given to
/// `--from` alone): the ids name the other kind.
fn swapped(analysis: &Analysis, from: &str, to: &str) -> Option<String> {
    let v = &analysis.valid;
    let kind = |id: &str| v.lookup(id).map(|(kind, _)| kind);
    let (from_kind, to_kind) = (kind(from), kind(to));
    if from_kind != Some(Kind::DataSource) {
        return None;
    }
    let clause = if to_kind == Some(Kind::ResourceGroup) {
        format!("and `{to}` is a resource group")
    } else {
        "and --from takes a resource group".to_string()
    };
    Some(format!(
        "`{from}` is a data source, not a resource group, {clause}: did you swap --from and --to?\n\
         hint: netreach trace INVENTORY… --from <resource group> --to <data source>"
    ))
}

/// Resolves `--resource-group` / `--data-source` ids (all of that kind when
/// none is given), sorted by id; an unknown id is an input error.
/// `options` are the command's names for a resource group and a data source
/// (`--resource-group`, `--data-source`; `--from`, `--to`), for the message
/// when an id of one is given for the other.
fn select(
    analysis: &Analysis,
    ids: &[String],
    kind: Kind,
    options: (&str, &str),
) -> Option<Vec<usize>> {
    let v = &analysis.valid;
    let is_group = kind == Kind::ResourceGroup;
    if ids.is_empty() {
        return Some(if is_group {
            v.groups_by_id().into_iter().map(RgIx::ix).collect()
        } else {
            v.sources_by_id().into_iter().map(DsIx::ix).collect()
        });
    }
    let mut chosen: Vec<(&str, usize)> = Vec::new();
    let mut bad = false;
    for id in ids {
        match v.lookup(id) {
            Some((found, index)) if found == kind => chosen.push((id, index)),
            // the other end of a pair given for this one: name the option it belongs to
            Some((found, _)) if matches!(found, Kind::ResourceGroup | Kind::DataSource) => {
                let option = if found == Kind::ResourceGroup {
                    options.0
                } else {
                    options.1
                };
                error_line(&format!(
                    "error: `{id}` is {}, not {}: did you mean to give it to {option}?",
                    found.noun(),
                    kind.noun()
                ));
                bad = true;
            }
            _ => {
                let names: Vec<&str> = if is_group {
                    v.resource_groups.iter().map(|g| g.id.as_str()).collect()
                } else {
                    v.data_sources.iter().map(|d| d.id.as_str()).collect()
                };
                let hint = crate::diag::did_you_mean(id, names)
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
    chosen.sort();
    chosen.dedup();
    Some(chosen.into_iter().map(|(_, i)| i).collect())
}

/// The inventory JSON Schema as pretty JSON with a trailing newline.
pub fn inventory_schema_text() -> String {
    let schema = schemars::schema_for!(crate::model::Inventory);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// `netreach import`: reads the files (directories walked, sorted, for
/// `*.json`), converts them, writes the inventory and the coverage report.
fn import_exports(
    source: ImportSource,
    paths: &[PathBuf],
    output: Option<&std::path::Path>,
    report: Option<&std::path::Path>,
    region: Option<String>,
) -> Outcome {
    fn walk(
        dir: &std::path::Path,
        extensions: &[&str],
        found: &mut Vec<PathBuf>,
    ) -> io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<io::Result<_>>()?;
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, extensions, found)?;
            } else if path.extension().is_some_and(|ext| {
                extensions
                    .iter()
                    .any(|wanted| ext.eq_ignore_ascii_case(wanted))
            }) {
                found.push(path);
            }
        }
        Ok(())
    }
    // Terraform keeps its state in `*.tfstate`; both are read from directories.
    let extensions: &[&str] = match source {
        ImportSource::Aliyun => &["json"],
        ImportSource::Terraform => &["json", "tfstate"],
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            if let Err(error) = walk(path, extensions, &mut files) {
                error_line(&format!(
                    "error: cannot read the directory {}: {error}",
                    path.display()
                ));
                return Outcome::Error;
            }
            if files.len() == before {
                error_line(&format!(
                    "error: no *.{} file in the directory {}",
                    extensions.join(" or *."),
                    path.display()
                ));
                return Outcome::Error;
            }
        } else {
            files.push(path.clone());
        }
    }
    let sources = match read_sources(&files) {
        Ok(sources) => sources,
        Err(errors) => return report_input_errors(&errors),
    };
    let options = crate::import::aliyun::Options { region };
    let imported = match source {
        ImportSource::Aliyun => crate::import::aliyun::import(&sources, &options),
        ImportSource::Terraform => crate::import::terraform::import(&sources, &options),
    };
    let imported = match imported {
        Ok(imported) => imported,
        Err(errors) => return report_input_errors(&errors),
    };
    error_line(imported.coverage.summary().trim_end());
    if let Some(path) = report {
        if let Err(error) = output::write_all(Some(path), imported.coverage.to_json().as_bytes()) {
            error_line(&format!("error: cannot write {}: {error}", path.display()));
            return Outcome::Error;
        }
    }
    if !imported.coverage.recognized_any() {
        error_line(
            "error: no input was recognized, so nothing was imported
             hint: give the files the aliyun CLI printed (or the directory of `netreach collect aliyun`), or a Terraform state; docs/importing.md shows how",
        );
        return Outcome::Error;
    }
    match emit_to(output, &imported.inventory_json()) {
        // a file that is not JSON, or a failed collect call: the rest is
        // imported, the import is partial
        Outcome::Pass if imported.coverage.is_partial() => Outcome::Fail,
        other => other,
    }
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
    let sources = match read_sources(paths) {
        Ok(sources) => sources,
        Err(errors) => {
            report_input_errors(&errors);
            return None;
        }
    };
    let partial = native::load_partial(sources);
    let (loaded, mut errors) = match partial.loaded {
        Some(loaded) if partial.errors.is_empty() => return with_overlays(loaded),
        other => (other, partial.errors),
    };
    // Every file parsed: the elements that could be read are validated too, so
    // that unknown fields, wrong types, bad CIDRs, out-of-range values and
    // dangling references all come in one run.
    if let Some(loaded) = &loaded {
        let masked = &partial.masked;
        errors.extend(
            crate::validate::input_errors(&loaded.inventory, &loaded.sources, &partial.unloaded)
                .into_iter()
                .filter(|error| {
                    !masked.iter().any(|(file, pointer)| {
                        error.location.file == *file
                            && error
                                .location
                                .pointer
                                .strip_prefix(pointer.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                    })
                }),
        );
        let order: std::collections::HashMap<&str, usize> = loaded
            .sources
            .files
            .iter()
            .enumerate()
            .rev()
            .map(|(index, file)| (file.name.as_str(), index))
            .collect();
        errors.sort_by(|a, b| {
            let key = |e: &InputError| {
                (
                    order.get(e.location.file.as_str()).copied(),
                    e.location.line.unwrap_or(usize::MAX),
                    e.location.column.unwrap_or(usize::MAX),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.location.pointer.cmp(&b.location.pointer))
                .then_with(|| a.message.cmp(&b.message))
        });
        errors.dedup();
    }
    report_input_errors(&errors);
    None
}

/// Reads every file within the input limit; the errors are those of every
/// file that could not be read.
fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>, Vec<InputError>> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let limit = max_input_bytes();
    for path in paths {
        let name = path.display().to_string();
        match read_limited(path, limit) {
            Ok(bytes) => sources.push(Source { name, bytes }),
            Err((message, hint)) => errors.push(whole_file_error(name, message, hint)),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

/// An input error about a whole file (no JSON path, no line).
fn whole_file_error(file: String, message: String, hint: Option<String>) -> InputError {
    InputError {
        location: crate::diag::Location {
            file,
            pointer: String::new(),
            line: None,
            column: None,
        },
        message,
        hint,
    }
}

/// The largest inventory file read (1 GiB): a bigger one is refused before it
/// is read, so that a wrong file (a disk image, a log) fails at once with a
/// message instead of exhausting memory. `NETREACH_MAX_INPUT_BYTES` changes it.
const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The input size limit: `NETREACH_MAX_INPUT_BYTES` if set to a number, else
/// [`MAX_INPUT_BYTES`].
fn max_input_bytes() -> u64 {
    std::env::var("NETREACH_MAX_INPUT_BYTES")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(MAX_INPUT_BYTES)
}

/// Reads a whole file of at most `limit` bytes; the error is a message and a
/// hint. The size is checked before reading, and again while reading, for
/// pipes and files that grow.
fn read_limited(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, (String, Option<String>)> {
    use std::io::Read;
    let too_big = |size: &str| {
        (
            format!("the file is larger than the input limit of {limit} bytes{size}"),
            Some("an inventory is far smaller; check the file, or raise the limit with NETREACH_MAX_INPUT_BYTES=<bytes>".to_string()),
        )
    };
    let unreadable = |error: io::Error| {
        (
            format!("cannot read the file: {}", error.to_string().to_lowercase()),
            None,
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let known = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(size) = known.filter(|size| *size > limit) {
        return Err(too_big(&format!(" ({size} bytes)")));
    }
    let mut bytes = Vec::with_capacity(known.map_or(0, |size| usize::try_from(size).unwrap_or(0)));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(""));
    }
    Ok(bytes)
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
    // Messages quote ids, keys, values and file names from the input: their
    // control characters (terminal escape sequences) are escaped line by line,
    // so that none reaches the terminal raw (issue 8, found by tests/hostile.rs).
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| crate::render::text::clean(line).into_owned())
        .collect();
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}", lines.join("\n"));
}

/// `render`: checks `--highlight` and `--focus` (every bad one reported, exit
/// 2), draws the diagram, runs Graphviz for SVG and PNG, and writes the result
/// to stdout or, whole, to `--output`.
fn render_diagram(
    inventory: &[PathBuf],
    highlight: &[String],
    highlight_failures: bool,
    focus: &[String],
    collapse_vswitches: bool,
    format: RenderFormat,
    output: Option<&std::path::Path>,
) -> Outcome {
    use crate::render::dot;
    let Some(analysis) = analyse(inventory, Scope::Check) else {
        return Outcome::Error;
    };
    let v = &analysis.valid;
    let mut problems = Vec::new();
    let mut pairs = Vec::new();
    for text in highlight {
        match dot::parse_highlight(v, text) {
            Ok(pair) => pairs.push(pair),
            Err(problem) => problems.push(problem),
        }
    }
    for id in focus {
        if let Err(problem) = dot::check_focus(v, id) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        for problem in problems {
            error_line(&format!("error: {problem}"));
        }
        return Outcome::Error;
    }
    let options = dot::Options {
        highlight: pairs,
        highlight_failures,
        focus: focus.to_vec(),
        collapse_vswitches,
    };
    // Proved fixes for the drawn pairs (all pairs when failures or a focus are drawn).
    let drawn: Vec<(RgIx, DsIx)> = if options.highlight_failures || !options.focus.is_empty() {
        v.groups_by_id()
            .into_iter()
            .flat_map(|rg| v.sources_by_id().into_iter().map(move |ds| (rg, ds)))
            .collect()
    } else {
        options.highlight.clone()
    };
    let plan =
        crate::reach::prove::plan_for(&analysis.loaded.inventory, v, &analysis.routing, &drawn);
    let text = dot::render_with(v, &analysis.routing, &options, &|report| {
        plan.annotate(report)
    });
    let image = match format {
        RenderFormat::Dot => None,
        RenderFormat::Svg => Some(dot::ImageFormat::Svg),
        RenderFormat::Png => Some(dot::ImageFormat::Png),
    };
    let bytes = match image {
        None => text.into_bytes(),
        Some(image) => match dot::to_image(&text, image) {
            Ok(bytes) => bytes,
            Err(dot::GraphvizError::NotInstalled) => {
                error_line(
                    "error: graphviz's `dot` is not installed, so no SVG or PNG can be made\n\
                     hint: install graphviz (`apt-get install graphviz`, `brew install graphviz`), \
                     or write the DOT text with `--format dot` and render it elsewhere",
                );
                return Outcome::Error;
            }
            Err(error) => {
                error_line(&format!("error: {error}"));
                return Outcome::Error;
            }
        },
    };
    // stdout, or the whole file at once (a temporary file renamed into place)
    match output::write_all(output, &bytes) {
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
}

/// Writes a finished report to `output` (atomically) or stdout.
fn emit_to(output: Option<&std::path::Path>, text: &str) -> Outcome {
    match output::write_all(output, text.as_bytes()) {
        Ok(()) => Outcome::Pass,
        Err(error) => {
            error_line(&format!("error: cannot write the output: {error}"));
            Outcome::Error
        }
    }
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
