//! The data island of the HTML report: every pair, task and finding as
//! compact JSON, with what many pairs share (strings, hops, paths, findings,
//! fixes) stored once in tables and referred to by index. A row of 250,000
//! pairs is then a few integers, not a copy of its hops.
//!
//! Invariants: a table's indices are positions in the order things were first
//! added, and things are added in report order, so the same report gives the
//! same bytes. [`script_safe`] escapes `<`, `>`, `&`, U+2028 and U+2029 in the
//! serialized JSON, so no string of the input can close the `<script>` element
//! the island sits in (those characters occur only inside JSON strings, where
//! `\uXXXX` means the same).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hash;

/// Things stored once, in first-seen order.
#[derive(Debug, Clone)]
pub(super) struct Table<T: Eq + Hash + Clone> {
    index: HashMap<T, u32>,
    items: Vec<T>,
}

impl<T: Eq + Hash + Clone> Default for Table<T> {
    fn default() -> Self {
        Table {
            index: HashMap::new(),
            items: Vec::new(),
        }
    }
}

impl<T: Eq + Hash + Clone> Table<T> {
    /// The index of `item`, added if new.
    pub(super) fn add(&mut self, item: T) -> u32 {
        if let Some(&i) = self.index.get(&item) {
            return i;
        }
        let i = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        self.index.insert(item.clone(), i);
        self.items.push(item);
        i
    }

    /// The items, by index.
    pub(super) fn items(&self) -> &[T] {
        &self.items
    }
}

/// Strings stored once; borrowed lookups so that a repeated string is not copied.
#[derive(Debug, Clone, Default)]
pub(super) struct Strings {
    index: HashMap<String, u32>,
    items: Vec<String>,
}

impl Strings {
    /// The index of `s`, added if new.
    pub(super) fn add(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        self.index.insert(s.to_string(), i);
        self.items.push(s.to_string());
        i
    }

    /// The index of `s` if there is one, else -1.
    pub(super) fn opt(&mut self, s: Option<&str>) -> i64 {
        s.map_or(-1, |s| i64::from(self.add(s)))
    }

    /// The strings, by index.
    pub(super) fn items(&self) -> &[String] {
        &self.items
    }
}

/// `json` made safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and
/// U+2029 (and the bidirectional controls) as `\u` escapes (valid JSON, the
/// same value).
pub(super) fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            // bidirectional controls: the same value, but no raw one in the page
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A JSON string literal, script-safe.
pub(super) fn string(s: &str) -> String {
    script_safe(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string()))
}

/// Writes `[a,b,c]` of integers.
pub(super) fn ints<I: std::fmt::Display>(out: &mut String, items: impl IntoIterator<Item = I>) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{item}");
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::{script_safe, string, Strings, Table};

    #[test]
    fn nothing_can_close_the_script() {
        let s = string("</script><script>alert(1)</script>&\u{2028}");
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script>&\u{2028}");
        assert_eq!(script_safe("[1,2]"), "[1,2]");
    }

    #[test]
    fn tables_store_once_in_first_seen_order() {
        let mut strings = Strings::default();
        assert_eq!(strings.add("b"), 0);
        assert_eq!(strings.add("a"), 1);
        assert_eq!(strings.add("b"), 0);
        assert_eq!(strings.opt(None), -1);
        let mut table: Table<Vec<u32>> = Table::default();
        assert_eq!(table.add(vec![1]), 0);
        assert_eq!(table.add(vec![1]), 0);
        assert_eq!(table.items().len(), 1);
    }
}
