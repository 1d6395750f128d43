//! The command line as clap parses it: the argument structs of every command
//! and the value enums of their options. No logic beyond the `--fail-on`
//! policy; `super::run` turns a parsed [`Cli`] into one call per command.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::collect;
use super::color::ColorChoice;
use super::fix;
use crate::reach::Verdict;

/// netreach: can every DataWorks resource group reach every data source?
#[derive(Debug, Parser)]
#[command(name = "netreach", version, about, long_about = None)]
#[command(
    after_help = "Exit codes:\n  0  the command ran and nothing failed\n  1  the command ran and something failed (an unreachable or unknown pair, a worse pair, an error finding; --fail-on error|unknown|warning says which)\n  2  the tool could not do its job (unreadable or malformed input, a bad argument)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Colour in text reports: `auto` (only on a terminal, and not when
    /// NO_COLOR is set), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Amend the merged inventory by id (RFC 7386 merge per element; new ids
    /// added); repeatable, applied in order. For every command that reads an
    /// inventory.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) overlay: Vec<PathBuf>,
}

/// The inventory and the pairs of it that `check` and `fix` work on.
#[derive(Debug, clap::Args)]
pub(crate) struct Selection {
    /// Inventory files (JSON or YAML), merged.
    #[arg(required = true)]
    pub(crate) inventory: Vec<PathBuf>,
    /// Only pairs of this resource group (repeatable).
    #[arg(long = "resource-group", value_name = "ID")]
    pub(crate) resource_groups: Vec<String>,
    /// Only pairs of this data source (repeatable).
    #[arg(long = "data-source", value_name = "ID")]
    pub(crate) data_sources: Vec<String>,
    /// This DataWorks task and its pairs (repeatable; semantics S9.8): alone it
    /// selects the task; with --resource-group / --data-source it adds to them.
    #[arg(long = "task", value_name = "ID")]
    pub(crate) tasks: Vec<String>,
}

/// Which pairs `check` checks (`--scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum PairScope {
    /// Every selected pair.
    #[default]
    All,
    /// Only the selected pairs some task uses.
    Tasks,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Every (resource group, data source) pair: verdict, path both ways, findings, fixes.
    Check(CheckArgs),
    /// One pair, hop by hop both ways, each hop naming the table and route entry it used.
    Trace(TraceArgs),
    /// Inventory-wide findings: invalid, overlapping or unused resources.
    Audit(AuditArgs),
    /// Pre-migration check: the pairs whose verdict changes between two
    /// snapshots, or between a snapshot and a planned RFC 6902 JSON Patch of it.
    #[command(group(clap::ArgGroup::new("target").required(true).args(["after", "plan"])))]
    #[command(
        override_usage = "netreach diff [OPTIONS] BEFORE AFTER\n       netreach diff [OPTIONS] BEFORE --plan PATCH"
    )]
    Diff(DiffArgs),
    /// Convert aliyun CLI exports or Terraform state into a native inventory;
    /// a coverage summary (what was read, imported, skipped and why) goes to stderr.
    Import(ImportArgs),
    /// One proved plan for the selected pairs: an RFC 6902 JSON Patch of the
    /// merged inventory (or the console actions in order with --format text).
    /// Exit 0: every selected pair is reachable after the plan; 1: some need a
    /// human decision (listed on stderr with why); 2: bad input.
    Fix(FixArgs),
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
    Render(RenderArgs),
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
    pub(crate) fn of(fail_on: Option<FailOn>, allow_unknown: bool) -> FailOn {
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
    pub(crate) fn diff_policy(self) -> crate::diff::FailOn {
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

/// `text` or `json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

/// The formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
    Sarif,
    Junit,
    /// A report for a ticket: summary, failing pairs and tasks, fixes as a checklist.
    Markdown,
    /// One self-contained HTML page with filters, search and diagrams.
    Html,
}

/// The formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RenderFormat {
    Dot,
    Svg,
    Png,
}

/// The levels `render --collapse` folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Collapse {
    /// vSwitches into their VPC.
    Vswitches,
}

/// The format `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportSource {
    /// JSON printed by the aliyun CLI (Describe/List APIs, raw pages or `--pager`).
    Aliyun,
    /// Terraform state (format 4) or `terraform show -json`.
    Terraform,
}

/// The schemas `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    Inventory,
    Report,
}

// The arguments of `check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) selection: Selection,
    /// `tasks`: check only the selected pairs some task uses (semantics S9.8).
    #[arg(long, value_enum, default_value_t = PairScope::All)]
    pub(crate) scope: PairScope,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
    /// What makes exit 1: `error` (unreachable pairs), `unknown` (also unknown
    /// pairs; the default) or `warning` (also any pair with a warning).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) fail_on: Option<FailOn>,
    /// `unknown` pairs do not fail the check: the spelling of `--fail-on error`.
    #[arg(long, conflicts_with = "fail_on")]
    pub(crate) allow_unknown: bool,
    /// Write the report to FILE (atomically: a temporary file renamed) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

// The arguments of `trace`.
#[derive(Debug, clap::Args)]
pub(crate) struct TraceArgs {
    /// Inventory files (JSON or YAML), merged.
    #[arg(required = true)]
    pub(crate) inventory: Vec<PathBuf>,
    /// The resource group.
    #[arg(long, value_name = "RG")]
    pub(crate) from: String,
    /// The data source.
    #[arg(long, value_name = "DS")]
    pub(crate) to: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// What makes exit 1: `error` (unreachable), `unknown` (also unknown; the
    /// default) or `warning` (also a reachable pair with a warning).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) fail_on: Option<FailOn>,
    /// An `unknown` verdict does not fail the trace: the spelling of `--fail-on error`.
    #[arg(long, conflicts_with = "fail_on")]
    pub(crate) allow_unknown: bool,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

// The arguments of `audit`.
#[derive(Debug, clap::Args)]
pub(crate) struct AuditArgs {
    /// Inventory files (JSON or YAML), merged.
    #[arg(required = true)]
    pub(crate) inventory: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Also list, as info, overlaps of networks that exchange no routes.
    #[arg(long)]
    pub(crate) all_overlaps: bool,
    /// Instead of findings, list free RFC 1918 blocks of this prefix length
    /// (8 to 30) in the route-exchange domains of --domain (at most 16).
    #[arg(long, value_name = "PREFIXLEN", requires = "domain",
          value_parser = clap::value_parser!(u8).range(8..=30))]
    pub(crate) free_cidr: Option<u8>,
    /// The VPC or data center whose domains --free-cidr looks at.
    #[arg(long, value_name = "ID", requires = "free_cidr")]
    pub(crate) domain: Option<String>,
    /// What makes exit 1: `error` or `unknown` (the default: an error
    /// finding) or `warning` (also a warning finding).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) fail_on: Option<FailOn>,
}

// The arguments of `diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The inventory before the change.
    pub(crate) before: PathBuf,
    /// The inventory after the change.
    pub(crate) after: Option<PathBuf>,
    /// A JSON Patch (RFC 6902) to apply to BEFORE instead of giving AFTER.
    #[arg(long, value_name = "PATCH")]
    pub(crate) plan: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// What makes exit 1: `error` (a pair that became unreachable, a new error
    /// finding), `unknown` (also one that became unknown; the default) or
    /// `warning` (also a new warning on a pair or in the inventory).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) fail_on: Option<FailOn>,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

// The arguments of `import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// What the files are: `aliyun` (CLI JSON output) or `terraform` (state).
    #[arg(value_enum)]
    pub(crate) source: ImportSource,
    /// Files, or directories walked (sorted) for `*.json` (and `*.tfstate`
    /// for terraform).
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Write the inventory to FILE (atomically: a temporary file renamed) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Also write the coverage report as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) report: Option<PathBuf>,
    /// The region of resources whose export or state names none.
    #[arg(long, value_name = "REGION")]
    pub(crate) region: Option<String>,
}

// The arguments of `fix`.
#[derive(Debug, clap::Args)]
pub(crate) struct FixArgs {
    #[command(flatten)]
    pub(crate) selection: Selection,
    /// Output format.
    #[arg(long, value_enum, default_value_t = fix::FixFormat::Json)]
    pub(crate) format: fix::FixFormat,
    /// Write the plan to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

// The arguments of `render`.
#[derive(Debug, clap::Args)]
pub(crate) struct RenderArgs {
    /// Inventory files (JSON or YAML), merged.
    #[arg(required = true)]
    pub(crate) inventory: Vec<PathBuf>,
    /// Draw this pair's forward and return path (repeatable); a failing pair
    /// up to the blocker, the blocking hop in red with the finding and fix.
    #[arg(long, value_name = "RG:DS")]
    pub(crate) highlight: Vec<String>,
    /// Draw the path of every pair that is not reachable.
    #[arg(long)]
    pub(crate) highlight_failures: bool,
    /// Keep only what the paths of this resource touch (repeatable).
    #[arg(long, value_name = "ID")]
    pub(crate) focus: Vec<String>,
    /// Fold a level into its parent: `vswitches` into their VPC.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) collapse: Vec<Collapse>,
    /// Output format: `dot` needs nothing installed; `svg` and `png` run Graphviz's `dot`.
    #[arg(long, value_enum, default_value_t = RenderFormat::Dot)]
    pub(crate) format: RenderFormat,
    /// Write to FILE (complete or not at all) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// `detail`: every id on the canvas (troubleshooting); `design`: names,
    /// ids as tooltips, the blocking resource drawn (design documents).
    #[arg(long, value_enum, default_value_t = RenderStyle::Detail)]
    pub(crate) style: RenderStyle,
    /// `none`: draw no legend (`auto`: only what the diagram uses).
    #[arg(long, value_enum, default_value_t = LegendMode::Auto)]
    pub(crate) legend: LegendMode,
    /// Design style: also draw the empty vSwitches that hold only
    /// transit-router ENIs.
    #[arg(long)]
    pub(crate) show_tr_vswitches: bool,
    /// Keep only this pair's paths both ways and one hop around, highlighted
    /// (repeatable; any inventory size).
    #[arg(long, value_name = "RG:DS")]
    pub(crate) focus_pair: Vec<String>,
    /// Draw a whole inventory past the size limit (Graphviz may take minutes).
    #[arg(long)]
    pub(crate) no_size_limit: bool,
}

/// The looks of `render --style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RenderStyle {
    /// Every id and detail (the default).
    Detail,
    /// Names, a compact legend, the blocking resource drawn.
    Design,
}

/// `render --legend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LegendMode {
    /// The kinds the diagram uses.
    Auto,
    /// No legend.
    None,
}
