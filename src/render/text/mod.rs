//! Plain-text output for people. Every name that came from the inventory goes
//! through [`clean`], so control characters never reach a terminal raw.

mod diff;
mod tasks;
mod trace;

pub use diff::diff;
pub use tasks::{task_line, task_lines, task_summary};
pub use trace::trace;

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::findings::{Code, Finding, Severity};
use crate::reach::{BindingRef, BindingReport, Hop, PairFinding, PairReport, Scenario, Verdict};

/// Escapes control characters (terminal escape sequences included) as `\u{…}`.
/// Borrows `text` when it has none, which is nearly always.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The longest finding line of the `check`, `diff` and `audit` text reports,
/// in characters: longer ones are cut at a word with ` …` (the whole message
/// is in `trace` and in the JSON report).
pub const LINE_LIMIT: usize = 160;

/// `line` cut to [`LINE_LIMIT`] characters, at a space where one is near the
/// end, with ` …` to say so. The line is already escaped ([`clean`]), so a cut
/// never leaves a control character behind.
pub fn fit(line: String) -> String {
    let limit = limit();
    if line.chars().count() <= limit {
        return line;
    }
    let keep = limit.saturating_sub(2);
    let cut = line
        .char_indices()
        .nth(keep)
        .map_or(line.len(), |(index, _)| index);
    let head = line.get(..cut).unwrap_or(&line);
    // back to the last space of the last quarter, so that no word is cut
    let head = match head.rfind(' ') {
        Some(space) if space > cut * 3 / 4 => head.get(..space).unwrap_or(head),
        _ => head,
    };
    format!("{} …", head.trim_end_matches([' ', ',', ';', ':']))
}

thread_local! {
    /// The line limit in force on this thread: [`LINE_LIMIT`], or none
    /// inside [`check_whole`].
    static LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(LINE_LIMIT) };
}

fn limit() -> usize {
    LIMIT.with(std::cell::Cell::get)
}

/// [`check`] with no line cut short: every message whole. The cuts depend on
/// the length of ids, so this is the text that property tests hold to be the
/// same under any renaming of the ids.
pub fn check_whole(pairs: &[PairReport], findings: &[Finding]) -> String {
    let before = LIMIT.with(|limit| limit.replace(usize::MAX));
    let text = check(pairs, findings);
    LIMIT.with(|limit| limit.set(before));
    text
}

/// How a severity is written in front of a finding: `error`, `warning`, `note`.
fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One finding as a line: `severity[short] code resource: message`.
fn headline(severity: Severity, code: Code, resource: &str, message: &str) -> String {
    format!(
        "{}[{}] {code} {}: {}",
        severity_word(severity),
        code.short(),
        clean(resource),
        clean(message)
    )
}

/// A finding line of at most [`LINE_LIMIT`] characters, `indent` first: the
/// whole message if it fits, else its first clause (up to `; `) with ` …`,
/// else that clause with words left out of its middle (the start names what,
/// the end usually the address or range), else the code's one-line summary
/// ([`fit`] to the limit). The whole message is in `trace`, `audit` and the
/// JSON reports.
fn short_line(
    indent: &str,
    severity: Severity,
    code: Code,
    resource: &str,
    message: &str,
) -> String {
    let line = |text: &str| format!("{indent}{}", headline(severity, code, resource, text));
    let whole = line(message);
    if whole.chars().count() <= limit() {
        return whole;
    }
    let first = message.split("; ").next().unwrap_or(message);
    let clause = line(&format!("{first} …"));
    if first.len() < message.len() && clause.chars().count() <= limit() {
        return clause;
    }
    let room = limit().saturating_sub(line("").chars().count());
    if let Some(elided) = elide_middle(&clean(first), room) {
        // already escaped: the line is put together here, not cleaned twice
        return format!(
            "{indent}{}[{}] {code} {}: {elided}",
            severity_word(severity),
            code.short(),
            clean(resource)
        );
    }
    fit(line(&format!("{} …", code.summary())))
}

/// `text` in at most `room` characters with words left out of its middle
/// (` … ` where they were), keeping about as much of its end as of its start;
/// `None` when fewer than four words would stay.
fn elide_middle(text: &str, room: usize) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let width = |word: &str| word.chars().count() + 1;
    let budget = room.checked_sub(2)?;
    let mut tail = 0;
    let mut tail_width = 0;
    for word in words.iter().rev() {
        if tail_width + width(word) > budget / 2 {
            break;
        }
        tail_width += width(word);
        tail += 1;
    }
    let mut head = 0;
    let mut head_width = 0;
    for word in words.iter().take(words.len().saturating_sub(tail)) {
        if head_width + width(word) + tail_width > budget {
            break;
        }
        head_width += width(word);
        head += 1;
    }
    if head + tail < 4 || head == 0 || tail == 0 {
        return None;
    }
    let start = words.get(..head)?.join(" ");
    let end = words.get(words.len() - tail..)?.join(" ");
    Some(format!("{start} … {end}"))
}

/// [`short_line`] of a pair's finding.
fn pair_line(indent: &str, finding: &PairFinding) -> String {
    short_line(
        indent,
        finding.severity,
        finding.code,
        &finding.resource,
        &finding.message,
    )
}

/// [`headline`] of a pair's finding.
fn pair_headline(finding: &PairFinding) -> String {
    headline(
        finding.severity,
        finding.code,
        &finding.resource,
        &finding.message,
    )
}

/// The warnings and notes of a pair that the `check` text shows under it:
/// every finding of `warning` or `info` severity but the primary, once per
/// (code, resource) (semantics S9.7), in the pair's order.
pub fn notes(pair: &PairReport) -> Vec<&PairFinding> {
    notes_of(&pair.findings)
}

/// [`notes`] of a list of findings.
pub fn notes_of(findings: &[PairFinding]) -> Vec<&PairFinding> {
    let mut seen: Vec<(Code, &str)> = Vec::new();
    let mut shown = Vec::new();
    for finding in findings {
        if finding.primary || finding.severity == Severity::Error {
            continue;
        }
        let key = (finding.code, finding.resource.as_str());
        if !seen.contains(&key) {
            seen.push(key);
            shown.push(finding);
        }
    }
    shown
}

/// The codes a pair adds to the report's tally: its warnings and notes (the
/// primary included when it is a warning, an undecided finding), once per
/// (code, resource).
pub fn tally_codes(pair: &PairReport) -> Vec<Code> {
    let mut seen: Vec<(Code, &str)> = Vec::new();
    for finding in &pair.findings {
        if finding.severity == Severity::Error {
            continue;
        }
        let key = (finding.code, finding.resource.as_str());
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen.into_iter().map(|(code, _)| code).collect()
}

/// The warnings and notes of a report, counted by code, and whether any
/// finding line was shown at all (for the `explain` footer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings of each code (`warning` or `info` severity).
    pub codes: BTreeMap<Code, usize>,
    /// Whether the report showed a finding line.
    pub shown: bool,
}

impl Tally {
    /// Counts `codes` (from [`tally_codes`]).
    pub fn add(&mut self, codes: &[Code]) {
        for code in codes {
            *self.codes.entry(*code).or_default() += 1;
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &Tally) {
        for (code, count) in &other.codes {
            *self.codes.entry(*code).or_default() += count;
        }
        self.shown |= other.shown;
    }

    /// The summary line of the warnings and notes by code, if there are any:
    /// `findings by code: 3 warnings (2 whitelist-unknown, 1 rg-routes-unknown); 1 note (1 asymmetric-path)`.
    pub fn line(&self) -> Option<String> {
        let part = |severity: Severity| -> Option<String> {
            let mut counted: Vec<(usize, Code)> = self
                .codes
                .iter()
                .filter(|(code, _)| code.severity() == severity)
                .map(|(code, count)| (*count, *code))
                .collect();
            if counted.is_empty() {
                return None;
            }
            // most frequent first, then by code
            counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let total: usize = counted.iter().map(|(count, _)| count).sum();
            let listed: Vec<String> = counted
                .iter()
                .map(|(count, code)| format!("{count} {code}"))
                .collect();
            let noun = match severity {
                Severity::Warning => plural(total, "warning", "warnings"),
                _ => plural(total, "note", "notes"),
            };
            Some(format!("{total} {noun} ({})", listed.join(", ")))
        };
        let parts: Vec<String> = [Severity::Warning, Severity::Info]
            .into_iter()
            .filter_map(part)
            .collect();
        (!parts.is_empty()).then(|| format!("findings by code: {}", parts.join("; ")))
    }
}

/// `one` for 1, else `many`.
pub fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// The last line of a text report that showed findings.
pub const EXPLAIN_FOOTER: &str = "netreach explain CODE for what a code means and how to fix it";

/// Writes the warning and note lines of a pair (see [`notes`]).
pub fn note_lines(out: &mut String, pair: &PairReport) {
    write_notes(out, &pair.findings);
}

/// [`note_lines`] of a list of findings.
pub fn write_notes(out: &mut String, findings: &[PairFinding]) {
    for finding in notes_of(findings) {
        let _ = writeln!(out, "{}", pair_line("  ", finding));
    }
}

/// An inventory finding: its headline cut to [`LINE_LIMIT`] (the whole
/// message is in `audit`), and its fix.
fn finding_line(out: &mut String, indent: &str, finding: &Finding) {
    let _ = writeln!(
        out,
        "{}",
        short_line(
            indent,
            finding.severity,
            finding.code,
            &finding.resource,
            &finding.message
        )
    );
    if let Some(fix) = &finding.fix {
        let _ = writeln!(out, "{indent}  fix: {}", clean(fix));
    }
}

/// `text` in lines of at most [`LINE_LIMIT`] characters, broken at spaces,
/// the first after `first`, the others after `indent`.
fn wrapped(out: &mut String, first: &str, indent: &str, text: &str) {
    let mut line = first.to_string();
    let mut empty = first.trim().is_empty();
    for word in text.split(' ') {
        let width = line.chars().count() + 1 + word.chars().count();
        if !empty && width > LINE_LIMIT {
            let _ = writeln!(out, "{line}");
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    let _ = writeln!(out, "{line}");
}

/// The `audit` text report: every finding whole (its message wrapped at
/// [`LINE_LIMIT`] characters), its fix, a summary and the `explain` footer.
pub fn audit(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let head = format!(
            "{}[{}] {} {}:",
            severity_word(finding.severity),
            finding.code.short(),
            finding.code,
            clean(&finding.resource)
        );
        wrapped(&mut out, &head, "    ", &clean(&finding.message));
        if let Some(fix) = &finding.fix {
            wrapped(&mut out, "  fix:", "    ", &clean(fix));
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let infos = findings.len() - errors - warnings;
    let _ = writeln!(
        out,
        "audit: {errors} {}, {warnings} {}, {infos} {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(infos, "note", "notes")
    );
    if !findings.is_empty() {
        let _ = writeln!(out, "{EXPLAIN_FOOTER}");
    }
    out
}

fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Reachable => "reachable",
        Verdict::Unreachable => "UNREACHABLE",
        Verdict::Unknown => "UNKNOWN",
    }
}

/// The block of a failing pair in the `check` text report: the verdict line,
/// the primary finding and the fixes.
pub fn failing_pair(out: &mut String, pair: &PairReport) {
    failing_first_line(
        out,
        pair.verdict,
        &pair.resource_group,
        &pair.data_source,
        pair.scenario,
        pair.binding.as_ref(),
    );
    let others = failing_body(out, pair);
    failing_more(out, others, &pair.resource_group, &pair.data_source);
}

/// The first line of a failing pair's block.
pub fn failing_first_line(
    out: &mut String,
    verdict: Verdict,
    resource_group: &str,
    data_source: &str,
    scenario: Scenario,
    binding: Option<&BindingRef>,
) {
    let via = binding
        .map(|b| format!(" via {}/{}", clean(&b.vpc), clean(&b.vswitch)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{:<11} {} -> {}  (scenario {}){via}",
        verdict_label(verdict),
        clean(resource_group),
        clean(data_source),
        scenario
    );
}

/// The primary finding, the warnings and notes, and the fixes of a failing
/// pair's block; returns the number of other blocking findings (not shown).
pub fn failing_body(out: &mut String, pair: &PairReport) -> usize {
    if let Some(primary) = pair.primary() {
        let _ = writeln!(out, "{}", pair_line("  ", primary));
    }
    note_lines(out, pair);
    for fix in &pair.fixes {
        let _ = writeln!(out, "  fix: {}", clean(&fix.action));
    }
    for decision in &pair.decisions {
        let _ = writeln!(
            out,
            "  decide: {} ({} on {})",
            clean(&decision.why),
            decision.code,
            clean(&decision.resource)
        );
    }
    pair.findings
        .iter()
        .filter(|f| !f.primary && f.severity == Severity::Error)
        .count()
}

/// The last line of a failing pair's block, when it has `others` more findings.
pub fn failing_more(out: &mut String, others: usize, resource_group: &str, data_source: &str) {
    if others > 0 {
        let _ = writeln!(
            out,
            "  (+{others} more {}; `netreach trace --from {} --to {}` shows every hop and finding)",
            plural(others, "blocker", "blockers"),
            clean(resource_group),
            clean(data_source)
        );
    }
}

/// The line of a reachable pair in the `check` text report; its warning and
/// note lines ([`note_lines`]) follow it.
pub fn reachable_line(
    out: &mut String,
    resource_group: &str,
    data_source: &str,
    scenario: Scenario,
    warnings: usize,
) {
    let note = if warnings > 0 {
        format!("  ({warnings} {})", plural(warnings, "warning", "warnings"))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{:<11} {} -> {}  (scenario {scenario}){note}",
        verdict_label(Verdict::Reachable),
        clean(resource_group),
        clean(data_source)
    );
}

/// The number of warnings of a pair (shown on reachable lines), once per
/// (code, resource).
pub fn warnings(pair: &PairReport) -> usize {
    notes(pair)
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count()
}

/// The end of the `check` text report: inventory findings, the summary, the
/// warnings and notes by code, and the `explain` footer when a finding was shown.
pub fn check_tail(
    out: &mut String,
    findings: &[Finding],
    summary: &crate::render::json::Summary,
    tally: &Tally,
) {
    if !findings.is_empty() {
        let _ = writeln!(out, "\ninventory findings:");
        for finding in findings {
            finding_line(out, "  ", finding);
        }
    }
    let _ = writeln!(
        out,
        "\ncheck: {} {}: {} reachable, {} unreachable, {} unknown",
        summary.pairs,
        plural(summary.pairs, "pair", "pairs"),
        summary.reachable,
        summary.unreachable,
        summary.unknown
    );
    tasks::task_summary(out, &summary.tasks);
    if let Some(line) = tally.line() {
        let _ = writeln!(out, "{line}");
    }
    if tally.shown || !findings.is_empty() {
        let _ = writeln!(out, "{EXPLAIN_FOOTER}");
    }
}

/// The `check` text report: failing pairs first with their primary finding,
/// warnings, notes and fixes, then the reachable ones with their warnings and
/// notes, then inventory findings and a summary.
pub fn check(pairs: &[PairReport], findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut tally = Tally::default();
    for pair in pairs.iter().filter(|p| p.verdict != Verdict::Reachable) {
        failing_pair(&mut out, pair);
        tally.add(&tally_codes(pair));
        tally.shown = true;
    }
    for pair in pairs.iter().filter(|p| p.verdict == Verdict::Reachable) {
        reachable_line(
            &mut out,
            &pair.resource_group,
            &pair.data_source,
            pair.scenario,
            warnings(pair),
        );
        note_lines(&mut out, pair);
        let codes = tally_codes(pair);
        tally.shown |= !codes.is_empty();
        tally.add(&codes);
    }
    check_tail(
        &mut out,
        findings,
        &crate::render::json::Summary::of(pairs),
        &tally,
    );
    out
}

/// The `explain CODE` text.
pub fn explain(code: Code) -> String {
    let explanation = code.explanation();
    format!(
        "{} ({}), default severity {}\n{}\n\nWhat it detects\n  {}\n\nWhy it matters\n  {}\n\nHow to fix it\n  {}\n\nRules\n  {}\n\nExample\n  {}\n",
        code.as_str(),
        code.short(),
        code.severity(),
        code.summary(),
        explanation.detects,
        explanation.matters,
        explanation.fix,
        explanation.rule,
        explanation.example
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_at_a_word() {
        let long = format!("start {} end", "word ".repeat(60));
        let cut = fit(long);
        assert!(cut.chars().count() <= LINE_LIMIT);
        assert!(cut.ends_with(" …"));
        assert_eq!(fit("short".to_string()), "short");
    }

    #[test]
    fn a_long_message_keeps_its_start_and_end() {
        let message = format!(
            "the route list of rg-1's binding to {} does not cover 10.30.1.20",
            "vpc-x/vsw-y ".repeat(20).trim_end()
        );
        let line = short_line(
            "  ",
            Severity::Error,
            Code::RgRouteMissing,
            "rg-1",
            &message,
        );
        assert!(line.chars().count() <= LINE_LIMIT, "{line}");
        assert!(line.starts_with("  error[R102] rg-route-missing rg-1: the route list of rg-1's"));
        assert!(line.contains(" … "), "{line}");
        assert!(line.ends_with("10.30.1.20"), "{line}");
    }

    #[test]
    fn the_tally_counts_by_code_with_plurals() {
        let mut tally = Tally::default();
        tally.add(&[
            Code::WhitelistUnknown,
            Code::WhitelistUnknown,
            Code::AsymmetricPath,
        ]);
        assert_eq!(
            tally.line().as_deref(),
            Some("findings by code: 2 warnings (2 whitelist-unknown); 1 note (1 asymmetric-path)")
        );
        assert_eq!(Tally::default().line(), None);
    }
}
