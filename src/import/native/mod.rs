//! The native inventory loader: bytes of one or more files → one merged
//! [`Inventory`] plus a [`SourceMap`], or every input error found.
//!
//! Each file is decoded (UTF-8), parsed into a JSON value (serde_json, or
//! serde-saphyr for YAML), checked at the top level (an object, `version: 1`,
//! only known keys, lists that are arrays) and then every element of every list
//! is deserialized on its own with `serde_path_to_error`, so that each bad
//! element is reported with its full JSON pointer. Within one element, an unknown
//! field or a value of the wrong type is removed and the element tried again, so
//! several problems of one element are reported together. Lines and columns come
//! from the parser for syntax errors and from [`SourceMap::locate_in_file`]
//! (parsed lazily, only when something is wrong) for everything else. [`load`]
//! returns nothing when any file has a problem: no partial inventory.
//! [`load_partial`] also returns, when every file parsed, the inventory of the
//! elements that could be read (with the ids of those that could not), so that
//! the CLI can validate it and list every input error in one run.
//!
//! Which syntax a file is read as: a name ending in `.yaml` or `.yml` (any case)
//! is YAML, a name ending in `.json` is JSON; any other name is JSON when its first
//! non-space character is `{` or `[`, and YAML otherwise (so `inventory.txt` or a
//! pipe may hold either).
//!
//! Layout: this file loads and merges (whole or partial); `parse` decodes and
//! parses one document; `element` deserializes one element and takes its
//! problems apart; `messages` rewords serde's messages; `overlay` applies
//! overlays to a loaded inventory.

mod element;
mod messages;
mod overlay;
mod parse;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use self::element::element;
use self::messages::{describe, quoted_list};
pub use self::overlay::apply_overlays;
use self::parse::read_document;
use crate::diag::{
    abbreviate, did_you_mean, escape_segment, InputError, Location, SourceFile, SourceMap, Syntax,
};
use crate::model::{for_each_list, Inventory, LIST_KEYS};

/// One input file: its name and its bytes (the CLI reads them).
#[derive(Debug, Clone)]
pub struct Source {
    /// The name as given on the command line.
    pub name: String,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// A loaded, merged inventory and where each element came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The merged inventory.
    pub inventory: Inventory,
    /// Where each element came from.
    pub sources: SourceMap,
}

/// How many times one element is deserialized again after a problem was removed
/// from it; bounds the work spent on a single hopeless element.
const MAX_ATTEMPTS_PER_ELEMENT: usize = 32;

/// Values longer than this are abbreviated in messages.
const MAX_SHOWN_VALUE: usize = 60;

/// Loads and merges the files; every problem of every file is returned.
///
/// Lists are concatenated in file order, and `sources.lists` records for every
/// merged element its file and its index in that file. Errors come file by file,
/// in the order of the files, and within a file in the order of their position.
pub fn load(sources: Vec<Source>) -> Result<Loaded, Vec<InputError>> {
    let partial = load_partial(sources);
    match partial.loaded {
        Some(loaded) if partial.errors.is_empty() => Ok(loaded),
        _ => Err(partial.errors),
    }
}

/// What [`load_partial`] found.
#[derive(Debug)]
pub struct Partial {
    /// The merged inventory of the elements that could be read, when every
    /// file parsed as an inventory (an object of lists); `None` when one did not.
    pub loaded: Option<Loaded>,
    /// Every problem, file by file, within a file by position.
    pub errors: Vec<InputError>,
    /// The ids of the elements left out because they could not be read: a
    /// reference to one of them is not dangling, its element is broken.
    pub unloaded: HashSet<String>,
    /// Members that hold a stand-in for a value already reported (a required
    /// member of the wrong type), as (file name, JSON pointer): an error of
    /// validation at or under one of them is no news and is left out.
    pub masked: Vec<(String, String)>,
}

/// Loads and merges the files like [`load`], but keeps what could be read: the
/// elements with a problem that removing the bad member cured (an unknown field,
/// an optional member of the wrong type) stay, the others are left out and their
/// ids recorded. A file that does not parse (syntax, encoding, not an object)
/// contributes nothing, and then no inventory is returned (validating the others
/// alone would report references into it as dangling).
pub fn load_partial(sources: Vec<Source>) -> Partial {
    let mut map = SourceMap::default();
    let mut inventories = Vec::new();
    let mut errors = Vec::new();
    let mut unloaded = HashSet::new();
    let mut masked = Vec::new();
    let mut every_file_parsed = true;
    for (file_index, source) in sources.into_iter().enumerate() {
        let (file, outcome) = read_file(source);
        map.files.push(file);
        let problems = match outcome {
            Ok(read) => {
                unloaded.extend(read.unloaded);
                let name = map.files.get(file_index).map(|f| f.name.clone());
                masked.extend(
                    read.masked
                        .into_iter()
                        .map(|pointer| (name.clone().unwrap_or_default(), pointer)),
                );
                inventories.push((file_index, read.inventory, read.kept));
                read.problems
            }
            Err(problems) => {
                every_file_parsed = false;
                problems
            }
        };
        let mut found: Vec<InputError> = problems
            .into_iter()
            .map(|problem| problem.into_error(&map, file_index))
            .collect();
        found.sort_by_key(|error| {
            (
                error.location.line.unwrap_or(usize::MAX),
                error.location.column.unwrap_or(usize::MAX),
            )
        });
        errors.extend(found);
    }
    let loaded = every_file_parsed.then(|| {
        let mut merged = Inventory {
            version: 1,
            ..Inventory::default()
        };
        for (file_index, inventory, kept) in inventories {
            merge(&mut merged, inventory, &kept, file_index, &mut map);
        }
        Loaded {
            inventory: merged,
            sources: map,
        }
    });
    Partial {
        loaded,
        errors,
        unloaded,
        masked,
    }
}

/// One file read as an inventory: the elements that could be read, where each
/// stood in its list, the problems found, and the ids of the elements left out.
struct Read {
    inventory: Inventory,
    /// Per list, the index in the file of each element kept (only for lists
    /// where some element was left out).
    kept: BTreeMap<&'static str, Vec<usize>>,
    problems: Vec<Problem>,
    unloaded: Vec<String>,
    /// Pointers of members holding a stand-in ([`element::stand_in`]).
    masked: Vec<String>,
}

/// One problem found in a file, before it is located.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    pointer: String,
    /// A line and column the parser gave; `None` means: look the pointer up.
    known: Option<Option<(usize, usize)>>,
    message: String,
    hint: Option<String>,
}

impl Problem {
    /// A problem at `pointer`, located later from the source text.
    fn at(pointer: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            pointer: pointer.into(),
            known: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem whose line and column (if any) are already known.
    fn positioned(position: Option<(usize, usize)>, message: impl Into<String>) -> Problem {
        Problem {
            pointer: String::new(),
            known: Some(position),
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    fn into_error(self, map: &SourceMap, file: usize) -> InputError {
        let location = match self.known {
            None => map.locate_in_file(file, &self.pointer),
            Some(position) => Location {
                file: map
                    .files
                    .get(file)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                pointer: self.pointer,
                line: position.map(|(line, _)| line),
                column: position.map(|(_, column)| column),
            },
        };
        InputError {
            location,
            message: self.message,
            hint: self.hint,
        }
    }
}

/// Decodes, parses and checks one file.
fn read_file(source: Source) -> (SourceFile, Result<Read, Vec<Problem>>) {
    let (file, parsed) = read_document(source);
    (file, parsed.and_then(inventory_from_value))
}

/// Checks the top level and deserializes every element of every list.
fn inventory_from_value(value: Value) -> Result<Read, Vec<Problem>> {
    let mut top = match value {
        Value::Object(top) => top,
        other => {
            return Err(vec![Problem::at(
                "",
                format!(
                    "the top level must be an object, found {}",
                    describe(&other)
                ),
            )
            .hint(
                r#"an inventory is an object such as {"version": 1, "vpcs": []}"#,
            )]);
        }
    };
    let mut problems = Vec::new();
    match top.remove("version") {
        None => problems.push(
            Problem::at("", "missing required field `version`")
                .hint(r#"add "version": 1 at the top level"#),
        ),
        Some(Value::Number(number)) if number.as_u64() == Some(1) => {}
        Some(other) => {
            let hint = if other.as_str() == Some("1") {
                r#"the version is the number 1, not the string "1""#
            } else {
                r#"this netreach reads inventories of version 1: write "version": 1"#
            };
            problems.push(
                Problem::at(
                    "/version",
                    format!("unsupported version {}", describe(&other)),
                )
                .hint(hint),
            );
        }
    }
    for key in top.keys() {
        if !LIST_KEYS.contains(&key.as_str()) {
            let known = std::iter::once("version").chain(LIST_KEYS);
            let hint = match did_you_mean(key, known) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the top-level keys are `version` and the lists {}",
                    quoted_list(&LIST_KEYS)
                ),
            };
            problems.push(
                Problem::at(
                    format!("/{}", escape_segment(key)),
                    format!("unknown top-level key `{}`", abbreviate(key)),
                )
                .hint(hint),
            );
        }
    }
    let mut inventory = Inventory {
        version: 1,
        ..Inventory::default()
    };
    let mut kept = BTreeMap::new();
    let mut unloaded = Vec::new();
    let mut masked = Vec::new();
    fill_lists(
        &mut top,
        &mut inventory,
        &mut Loading {
            problems: &mut problems,
            kept: &mut kept,
            unloaded: &mut unloaded,
            masked: &mut masked,
        },
    );
    Ok(Read {
        inventory,
        kept,
        problems,
        unloaded,
        masked,
    })
}

/// Where [`load_list`] puts what it finds besides the elements.
struct Loading<'a> {
    problems: &'a mut Vec<Problem>,
    kept: &'a mut BTreeMap<&'static str, Vec<usize>>,
    unloaded: &'a mut Vec<String>,
    masked: &'a mut Vec<String>,
}

/// Defines the functions that go over every top-level list, named once by
/// [`for_each_list!`].
macro_rules! lists {
    ($($key:ident: $element:ident),* $(,)?) => {
        /// Deserializes each list present in `top` into `inventory`.
        fn fill_lists(top: &mut Map<String, Value>, inventory: &mut Inventory, loading: &mut Loading<'_>) {
            $(
                if let Some(list) = top.remove(stringify!($key)) {
                    load_list(stringify!($key), list, &mut inventory.$key, loading);
                }
            )*
        }

        /// Appends the lists of one file to the merged inventory, recording
        /// origins (the index in the file, past any element left out).
        fn merge(
            merged: &mut Inventory,
            inventory: Inventory,
            kept: &BTreeMap<&'static str, Vec<usize>>,
            file_index: usize,
            map: &mut SourceMap,
        ) {
            $(
                let origins = map.lists.entry(stringify!($key).to_string()).or_default();
                let written = kept.get(stringify!($key));
                for (index, item) in inventory.$key.into_iter().enumerate() {
                    let at = written.and_then(|w| w.get(index).copied()).unwrap_or(index);
                    origins.push((file_index, at));
                    merged.$key.push(item);
                }
            )*
        }
    };
}

for_each_list!(lists);

/// Deserializes each element of one list on its own.
fn load_list<T: DeserializeOwned>(
    key: &'static str,
    list: Value,
    out: &mut Vec<T>,
    loading: &mut Loading<'_>,
) {
    let problems = &mut *loading.problems;
    let items = match list {
        Value::Array(items) => items,
        other => {
            problems.push(
                Problem::at(
                    format!("/{key}"),
                    format!("`{key}` must be an array, found {}", describe(&other)),
                )
                .hint(format!(r#"write "{key}": [ … ], even for one element"#)),
            );
            return;
        }
    };
    let mut kept = Vec::new();
    let mut left_out = false;
    for (index, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(Value::as_str).map(str::to_string);
        let (value, found, masked) = element::<T>(item);
        problems.extend(found.into_iter().map(|mut problem| {
            problem.pointer = format!("/{key}/{index}{}", problem.pointer);
            problem
        }));
        loading.masked.extend(
            masked
                .into_iter()
                .map(|pointer| format!("/{key}/{index}{pointer}")),
        );
        match value {
            Some(value) => {
                out.push(value);
                kept.push(index);
            }
            None => {
                left_out = true;
                loading.unloaded.extend(id);
            }
        }
    }
    if left_out {
        loading.kept.insert(key, kept);
    }
}
