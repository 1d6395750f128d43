//! `netreach audit`: the inventory-wide findings, or (`--free-cidr`) the free
//! RFC 1918 blocks of a prefix length in the route-exchange domains of a VPC
//! or data center.

use super::args::{AuditArgs, FailOn, Format};
use super::color::{ColorChoice, Paint};
use super::input::analyse;
use super::{emit, error_line, Outcome};
use crate::analysis::Analysis;
use crate::overlap::Scope;

/// Analyses the inventory and writes its findings or its free blocks.
pub(super) fn run(args: AuditArgs, color: ColorChoice) -> Outcome {
    let AuditArgs {
        inventory,
        format,
        all_overlaps,
        free_cidr,
        domain,
        fail_on,
    } = args;
    let policy = FailOn::of(fail_on, false);
    let Some(analysis) = analyse(&inventory, Scope::Audit { all_overlaps }) else {
        return Outcome::Error;
    };
    if let (Some(length), Some(domain)) = (free_cidr, domain) {
        return free_cidrs(&analysis, &domain, length, format);
    }
    let findings = analysis.findings;
    let text = match format {
        Format::Text => crate::render::text::audit(&findings),
        Format::Json => crate::render::json::audit(&findings),
    };
    let text = Paint::of(color, format == Format::Text, None).apply(&text);
    let failed = findings
        .iter()
        .any(|f| policy.fails_on_severity(f.severity));
    match emit(&text) {
        Outcome::Pass if failed => Outcome::Fail,
        other => other,
    }
}

/// `--free-cidr LENGTH --domain ID`: the free blocks, at most
/// [`crate::overlap::FREE_CIDR_LIMIT`]; an unknown domain is exit 2.
fn free_cidrs(analysis: &Analysis, domain: &str, length: u8, format: Format) -> Outcome {
    let (v, routing) = (&analysis.valid, &analysis.routing);
    let blocks = match crate::overlap::free_cidrs(v, routing, domain, length) {
        Ok(blocks) => blocks,
        Err(problem) => {
            error_line(&format!("error: {problem}"));
            return Outcome::Error;
        }
    };
    let limit = crate::overlap::FREE_CIDR_LIMIT;
    let text = match format {
        Format::Json => crate::render::json::free_cidrs(domain, length, limit, &blocks),
        Format::Text => free_cidrs_text(domain, length, limit, &blocks),
    };
    emit(&text)
}

/// The text of `--free-cidr`: one block a line, and a note when the list was
/// cut at `limit`.
fn free_cidrs_text(domain: &str, length: u8, limit: usize, blocks: &[ipnet::Ipv4Net]) -> String {
    if blocks.is_empty() {
        return format!(
            "no RFC 1918 /{length} block is free in the route-exchange domains of {domain}\n"
        );
    }
    let mut text =
        format!("free RFC 1918 /{length} blocks in the route-exchange domains of {domain}:\n");
    for block in blocks {
        text.push_str(&format!("  {block}\n"));
    }
    if blocks.len() >= limit {
        text.push_str(&format!("(the first {limit}; more may be free)\n"));
    }
    text
}
