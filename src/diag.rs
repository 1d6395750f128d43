//! Input errors and where they are: the file, the JSON pointer inside that file,
//! and the line and column where the source text lets us find them.
//!
//! The loader records, for every element of every merged list, the file and the
//! index it came from ([`SourceMap`]); validation reports problems against the
//! merged inventory and asks the source map to turn `/vswitches/7/vpc` into
//! `b.json`, `/vswitches/2/vpc`, line 14, column 20.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file name as given on the command line.
    pub file: String,
    /// The JSON pointer inside that file (`/vswitches/2/vpc`).
    pub pointer: String,
    /// 1-based line, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.pointer.is_empty() {
            write!(f, ": {}", self.pointer)?;
        }
        Ok(())
    }
}

/// One problem with the input: the tool cannot analyse it (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputError {
    /// Where.
    pub location: Location,
    /// What is wrong, lowercase, naming the offending value.
    pub message: String,
    /// How to fix it, where a hint helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The syntax a source file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// A file the inventory was read from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name as given on the command line.
    pub name: String,
    /// The whole text (kept to find lines and columns when reporting).
    pub text: String,
    /// The syntax it was read as.
    pub syntax: Syntax,
}

/// Where each element of the merged inventory came from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The files, in command-line order.
    pub files: Vec<SourceFile>,
    /// For each top-level list key, per merged index: (file index, index in that file).
    pub lists: BTreeMap<String, Vec<(usize, usize)>>,
}

impl SourceMap {
    /// A source map for an inventory built in memory (tests, importers): every
    /// element is its own origin in a file called `name`.
    pub fn in_memory(name: &str) -> SourceMap {
        SourceMap {
            files: vec![SourceFile {
                name: name.to_string(),
                text: String::new(),
                syntax: Syntax::Json,
            }],
            lists: BTreeMap::new(),
        }
    }

    /// The location of `rest` (a pointer suffix such as `/vpc`, or empty) inside
    /// element `index` of the merged list `list`.
    pub fn locate(&self, list: &str, index: usize, rest: &str) -> Location {
        let (file, local) = self
            .lists
            .get(list)
            .and_then(|origins| origins.get(index).copied())
            .unwrap_or((0, index));
        let pointer = format!("/{list}/{local}{rest}");
        self.locate_in_file(file, &pointer)
    }

    /// The location of a pointer inside file number `file`.
    pub fn locate_in_file(&self, file: usize, pointer: &str) -> Location {
        let name = self
            .files
            .get(file)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        Location {
            file: name,
            pointer: pointer.to_string(),
            line: None,
            column: None,
        }
    }
}

/// The closest candidate to `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}
