//! The coverage report of an import: what was read, what became what, and
//! everything that was not imported, with its reason. Shared by both importers.
//!
//! Nothing an importer reads is dropped silently: every input file appears in
//! [`Coverage::files`] with what it was recognized as (or `null` when it was
//! not), every resource written is counted in [`Coverage::imported`], every item
//! the native model holds implicitly (system routes, propagated transit-router
//! routes) is listed in [`Coverage::implied`], and every item that could not be
//! modelled is listed in [`Coverage::skipped`] with its kind, id, file and
//! reason. The CLI prints [`Coverage::summary`] on stderr and writes
//! [`Coverage::to_json`] to `--report FILE`. Every list is sorted, so the same
//! input in any file order gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// One input file and what it was recognized as.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FileCoverage {
    /// The file name as given (or as found in a given directory).
    pub file: String,
    /// The API or state format the file was recognized as; `None`: not recognized.
    pub recognized_as: Option<String>,
    /// `page` (a raw paged response), `response` (a raw response of an API
    /// that does not page), `merged` (`--pager` output, without paging keys),
    /// `state v4`, `show -json`; `None` when not recognized.
    pub shape: Option<String>,
    /// Paging details (`page 2 of 3`, `more pages follow`), where the file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// How many items (API elements or Terraform resource instances) it held.
    pub items: usize,
    /// Why the file was not recognized, or another remark about the whole file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where a file that is not JSON stops being JSON: its line…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// …and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// One item that was not written as such, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Item {
    /// The file the item came from.
    pub file: String,
    /// What kind of thing it is (`route`, `vpc`, `alicloud_cen_route_map`, …).
    pub kind: String,
    /// Its id, or the best handle on it there is.
    pub id: String,
    /// Why it is not in the inventory (or, for `implied`, why it need not be).
    pub reason: String,
}

/// The coverage report of one import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Format version of this report.
    pub report_version: u32,
    /// `aliyun` or `terraform`.
    pub source: String,
    /// Every input file, sorted by name.
    pub files: Vec<FileCoverage>,
    /// The number of resources written, per list of the native inventory.
    pub imported: BTreeMap<String, usize>,
    /// Items not written because the native model implies them.
    pub implied: Vec<Item>,
    /// Items not imported, each with its reason.
    pub skipped: Vec<Item>,
    /// Things imported that deserve a look (unknown informational statuses,
    /// missing pages, routes whose table had no exported entries, …).
    pub warnings: Vec<Item>,
    /// The names of the files that were not recognized.
    pub unrecognized: Vec<String>,
    /// The names of the files that are not JSON at all (an HTML error page, a
    /// body cut off): named with line and column in `files`; the import is partial.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
}

impl Coverage {
    /// An empty report for `source`.
    pub fn new(source: &str) -> Coverage {
        Coverage {
            report_version: 1,
            source: source.to_string(),
            ..Coverage::default()
        }
    }

    /// Sorts and deduplicates every list.
    pub fn normalize(&mut self) {
        self.files.sort();
        self.files.dedup();
        for list in [&mut self.implied, &mut self.skipped, &mut self.warnings] {
            list.sort();
            list.dedup();
        }
        self.unrecognized = self
            .files
            .iter()
            .filter(|f| f.recognized_as.is_none())
            .map(|f| f.file.clone())
            .collect();
        self.unreadable = self
            .files
            .iter()
            .filter(|f| f.recognized_as.is_none() && f.line.is_some())
            .map(|f| f.file.clone())
            .collect();
    }

    /// Whether some input was recognized at all (the log of `collect` alone is
    /// no input).
    pub fn recognized_any(&self) -> bool {
        self.files.iter().any(|f| {
            f.recognized_as
                .as_deref()
                .is_some_and(|r| r != "collect log")
        })
    }

    /// Whether the import is partial: a file that is not JSON, or a call of
    /// the `collect` that made the files failed.
    pub fn is_partial(&self) -> bool {
        !self.unreadable.is_empty() || self.warnings.iter().any(|w| w.kind == "collect_call")
    }

    /// The report as pretty JSON (sorted keys) with a trailing newline.
    pub fn to_json(&self) -> String {
        super::to_sorted_json(self)
    }

    /// A human summary for stderr: files and what they were, counts, then every
    /// skipped item and warning.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "netreach import {}: {} file{} read",
            self.source,
            self.files.len(),
            plural(self.files.len())
        );
        for file in &self.files {
            match &file.recognized_as {
                Some(what) => {
                    let mut details = Vec::new();
                    if let Some(shape) = &file.shape {
                        details.push(shape.clone());
                    }
                    if let Some(page) = &file.page {
                        details.push(page.clone());
                    }
                    details.push(format!("{} item{}", file.items, plural(file.items)));
                    let _ = writeln!(text, "  {}: {what} ({})", file.file, details.join(", "));
                }
                None => {
                    let note = file.note.as_deref().unwrap_or("unknown content");
                    match (file.line, file.column) {
                        (Some(line), Some(column)) => {
                            let _ = writeln!(
                                text,
                                "  {}:{line}:{column}: unreadable ({note})",
                                file.file
                            );
                        }
                        _ => {
                            let _ = writeln!(text, "  {}: not recognized ({note})", file.file);
                        }
                    }
                }
            }
        }
        let counts: Vec<String> = self
            .imported
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(list, n)| format!("{n} {list}"))
            .collect();
        if counts.is_empty() {
            let _ = writeln!(text, "imported: nothing");
        } else {
            let _ = writeln!(text, "imported: {}", counts.join(", "));
        }
        if !self.implied.is_empty() {
            let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
            for item in &self.implied {
                *by_kind.entry(item.kind.as_str()).or_default() += 1;
            }
            let parts: Vec<String> = by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let _ = writeln!(
                text,
                "implied by the native model, not written: {}",
                parts.join(", ")
            );
        }
        for (title, list) in [("skipped", &self.skipped), ("warning", &self.warnings)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(text, "{title}: {} item{}", list.len(), plural(list.len()));
            for item in list {
                let _ = writeln!(
                    text,
                    "  {} {} ({}): {}",
                    item.kind, item.id, item.file, item.reason
                );
            }
        }
        if !self.unreadable.is_empty() {
            let _ = writeln!(
                text,
                "partial: {} file{} not JSON, the rest imported: {}",
                self.unreadable.len(),
                plural(self.unreadable.len()),
                self.unreadable.join(", ")
            );
        }
        if !self.unrecognized.is_empty() {
            let _ = writeln!(
                text,
                "not recognized: {} (nothing was imported from {})",
                self.unrecognized.join(", "),
                if self.unrecognized.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            );
        }
        text
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
