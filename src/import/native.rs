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

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::diag::{
    abbreviate, did_you_mean, escape_segment, on_yaml_stack, yaml_options, InputError, Location,
    SourceFile, SourceMap, Syntax, MAX_NESTING,
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
    /// Pointers of members holding a stand-in ([`stand_in`]).
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

/// The syntax a file is read as (see the module documentation).
fn syntax_of(name: &str, text: &str) -> Syntax {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return Syntax::Yaml;
    }
    if lower.ends_with(".json") {
        return Syntax::Json;
    }
    match text.trim_start().chars().next() {
        Some('{') | Some('[') | None => Syntax::Json,
        Some(_) => Syntax::Yaml,
    }
}

/// The problem of a file that is not UTF-8: where its first bad byte is.
fn not_utf8(bytes: &[u8], valid_up_to: usize) -> Problem {
    let valid = bytes.get(..valid_up_to).unwrap_or_default();
    // The prefix is valid UTF-8 by definition of `valid_up_to`.
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
    let line = prefix.matches('\n').count() + 1;
    let column = prefix
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    let byte = bytes.get(valid_up_to).copied().unwrap_or_default();
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    let hint = if utf16 {
        "the file looks like UTF-16; save it as UTF-8"
    } else {
        "save the file as UTF-8"
    };
    Problem::positioned(
        Some((line, column)),
        format!("the file is not valid UTF-8 (byte 0x{byte:02x})"),
    )
    .hint(hint)
}

/// Parses the text into a JSON value; a syntax error is the file's only problem.
fn parse(text: &str, syntax: Syntax) -> Result<Value, Vec<Problem>> {
    let example = r#"an inventory is an object such as {"version": 1, "vpcs": []}"#;
    if text.is_empty() {
        return Err(vec![
            Problem::positioned(None, "the file is empty").hint(example)
        ]);
    }
    if text.trim().is_empty() {
        return Err(vec![Problem::positioned(
            None,
            "the file contains only whitespace",
        )
        .hint(example)]);
    }
    match syntax {
        Syntax::Json => parse_json(text),
        Syntax::Yaml => parse_yaml(text),
    }
    .map_err(|problem| vec![problem])
}

fn parse_json(text: &str) -> Result<Value, Problem> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue::deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value.0))
        .map_err(|error| json_syntax_problem(text, &error))?;
    Ok(value)
}

/// A serde_json syntax error, reworded, with a character column.
fn json_syntax_problem(text: &str, error: &serde_json::Error) -> Problem {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let bare = full.strip_suffix(&suffix).unwrap_or(&full);
    let position = (error.line() > 0).then(|| {
        (
            error.line(),
            char_column(text, error.line(), error.column()),
        )
    });
    if bare.contains("recursion limit exceeded") {
        return Problem::positioned(
            position,
            format!("nesting deeper than {MAX_NESTING} levels"),
        )
        .hint("an inventory is only a few levels deep; check the generator of this file");
    }
    let message = match bare.strip_prefix("EOF while") {
        Some(rest) => format!("unexpected end of file while{rest}"),
        None => bare.to_string(),
    };
    Problem::positioned(position, message)
}

/// The character column of serde_json's byte column on a 1-based line.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let counted = line_text
        .char_indices()
        .take_while(|(offset, _)| *offset < byte_column)
        .count();
    counted.max(1)
}

fn parse_yaml(text: &str) -> Result<Value, Problem> {
    on_yaml_stack(|| {
        serde_saphyr::from_str_with_options::<StrictValue>(text, yaml_options())
            .map(|value| value.0)
            .map_err(|error| yaml_syntax_problem(&error))
    })
    .unwrap_or_else(|| {
        Err(Problem::positioned(
            None,
            "the YAML parser could not run (no thread for it)",
        ))
    })
}

/// A serde-saphyr error, reworded where its words are not a user's.
fn yaml_syntax_problem(error: &serde_saphyr::Error) -> Problem {
    use serde_saphyr::budget::BudgetBreach;
    use serde_saphyr::{Error, MessageFormatter};

    let mut inner = error;
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = inner {
        inner = error;
    }
    let position = error
        .location()
        .filter(|location| location.line() > 0)
        .map(|location| {
            (
                usize::try_from(location.line()).unwrap_or(usize::MAX),
                usize::try_from(location.column()).unwrap_or(usize::MAX),
            )
        });
    let nesting = || {
        Problem::positioned(
            position,
            format!("nesting deeper than {MAX_NESTING} levels"),
        )
        .hint("an inventory is only a few levels deep; check the generator of this file")
    };
    match inner {
        Error::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => nesting(),
        Error::Budget { breach, .. } => Problem::positioned(
            position,
            format!(
                "the file exceeds a YAML parser limit ({})",
                format!("{breach:?}").to_lowercase()
            ),
        )
        .hint("aliases, anchors and nodes are capped to keep YAML bombs out"),
        Error::DuplicateMappingKey { key, .. } => Problem::positioned(
            position,
            match key {
                Some(key) => format!("duplicate key `{key}`"),
                None => "duplicate key".to_string(),
            },
        ),
        Error::MultipleDocuments { .. } => {
            Problem::positioned(position, "the file holds more than one YAML document")
                .hint("put each document in its own file and give them all on the command line")
        }
        _ => {
            let text = serde_saphyr::UserMessageFormatter.format_message(inner);
            if text.contains("recursion limit exceeded") {
                return nesting();
            }
            Problem::positioned(position, house_style(&text))
        }
    }
}

/// A dependency's message in house style: no control characters, a lowercase
/// first word (unless it is an acronym), no trailing period.
fn house_style(text: &str) -> String {
    let clean: String = text
        .trim()
        .trim_end_matches('.')
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut chars = clean.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(clean.chars().skip(1)).collect()
        }
        _ => clean,
    }
}

/// A JSON value read from JSON or YAML that refuses duplicate keys in objects
/// (serde_json's own `Value` silently keeps the last one, dropping data).
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictValueVisitor)
    }
}

struct StrictValueVisitor;

impl<'de> Visitor<'de> for StrictValueVisitor {
    type Value = StrictValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::Number(value.into())))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::Number(value.into())))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
        i64::try_from(value)
            .map(|value| StrictValue(Value::Number(value.into())))
            .map_err(|_| E::custom(format!("the number {value} is too large")))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
        u64::try_from(value)
            .map(|value| StrictValue(Value::Number(value.into())))
            .map_err(|_| E::custom(format!("the number {value} is too large")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Number::from_f64(value)
            .map(|number| StrictValue(Value::Number(number)))
            .ok_or_else(|| E::custom(format!("the number {value} is not finite")))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::String(value.to_string())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::String(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(StrictValue(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        StrictValue::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<StrictValue>()? {
            items.push(item.0);
        }
        Ok(StrictValue(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = access.next_value::<StrictValue>()?;
            map.insert(key, value.0);
        }
        Ok(StrictValue(Value::Object(map)))
    }
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

/// Applies overlay files to a loaded (merged) inventory, in order
/// (inventory.md, additions of version 1.1; semantics S9.8): each element of
/// an overlay list whose `id` exists in that list is merged into it as an
/// RFC 7386 JSON Merge Patch (`null` removes a key), a new id is the patch
/// applied to `{}`. `version` is optional (1 where present). An element that
/// is not an object with an `id`, an id of another list, or a result that is
/// not a valid element is an input error at the overlay's file, JSON path,
/// line and column. The overlay files join `sources`, and every element an
/// overlay touched is located at that overlay's element from then on.
pub fn apply_overlays(
    mut loaded: Loaded,
    overlays: Vec<Source>,
) -> Result<Loaded, Vec<InputError>> {
    for source in overlays {
        let file_index = loaded.sources.files.len();
        let (file, parsed) = read_document(source);
        loaded.sources.files.push(file);
        let problems = match parsed {
            Ok(value) => overlay(&mut loaded, value, file_index),
            Err(problems) => problems,
        };
        if !problems.is_empty() {
            let mut errors: Vec<InputError> = problems
                .into_iter()
                .map(|problem| problem.into_error(&loaded.sources, file_index))
                .collect();
            errors.sort_by_key(|error| {
                (
                    error.location.line.unwrap_or(usize::MAX),
                    error.location.column.unwrap_or(usize::MAX),
                )
            });
            return Err(errors);
        }
    }
    Ok(loaded)
}

/// Decodes and parses one file (an inventory or an overlay) into a document.
fn read_document(source: Source) -> (SourceFile, Result<Value, Vec<Problem>>) {
    let Source { name, bytes } = source;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let problem = not_utf8(error.as_bytes(), error.utf8_error().valid_up_to());
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            return (
                SourceFile::new(name, text, Syntax::Json),
                Err(vec![problem]),
            );
        }
    };
    // A byte-order mark is not content; editors on Windows like to write one.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let syntax = syntax_of(&name, &text);
    let parsed = parse(&text, syntax);
    (SourceFile::new(name, text, syntax), parsed)
}

/// One overlay element: its index in its list, its id and the patch.
type Patch = (usize, String, Value);

/// Applies one parsed overlay; returns its problems (nothing is applied when
/// the file itself is malformed).
fn overlay(loaded: &mut Loaded, value: Value, file_index: usize) -> Vec<Problem> {
    let example =
        r#"an overlay is an object of lists such as {"vbrs": [{"id": "vbr-1", "routes": […]}]}"#;
    let top = match value {
        Value::Object(top) => top,
        other => {
            return vec![Problem::at(
                "",
                format!(
                    "the top level must be an object, found {}",
                    describe(&other)
                ),
            )
            .hint(example)]
        }
    };
    let mut problems = Vec::new();
    let mut patches: std::collections::BTreeMap<String, Vec<Patch>> = Default::default();
    for (key, list) in top {
        if key == "version" {
            if list.as_u64() != Some(1) {
                problems.push(
                    Problem::at("/version", "`version` must be 1 where an overlay gives it")
                        .hint("leave `version` out of an overlay, or write \"version\": 1"),
                );
            }
            continue;
        }
        if !LIST_KEYS.contains(&key.as_str()) {
            let hint = did_you_mean(&key, LIST_KEYS.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("the lists are {}", LIST_KEYS.join(", ")));
            problems.push(
                Problem::at(
                    format!("/{}", escape_segment(&key)),
                    format!("unknown list `{}`", abbreviate(&key)),
                )
                .hint(hint),
            );
            continue;
        }
        let Value::Array(items) = list else {
            problems.push(
                Problem::at(
                    format!("/{key}"),
                    format!("`{key}` must be an array, found {}", describe(&list)),
                )
                .hint(format!(r#"write "{key}": [ … ], even for one element"#)),
            );
            continue;
        };
        for (index, item) in items.into_iter().enumerate() {
            match item.get("id").and_then(Value::as_str) {
                Some(id) if item.is_object() && !id.is_empty() => {
                    let id = id.to_string();
                    patches
                        .entry(key.clone())
                        .or_default()
                        .push((index, id, item));
                }
                _ => problems.push(
                    Problem::at(
                        format!("/{key}/{index}"),
                        "an overlay element must be an object with a non-empty string `id`",
                    )
                    .hint("the id names the element to amend, or the new element to add"),
                ),
            }
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    // An id may only amend an element of its own list.
    let owners = list_of_ids(&loaded.inventory);
    for (key, list) in &patches {
        for (index, id, _) in list {
            if let Some(other) = owners
                .get(id.as_str())
                .filter(|other| **other != key.as_str())
            {
                problems.push(
                    Problem::at(
                        format!("/{key}/{index}/id"),
                        format!(
                            "id `{}` is already used by an element of `{other}`: an overlay amends an element of its own list",
                            abbreviate(id)
                        ),
                    )
                    .hint(format!("put the element under `{other}`, or give the new one another id")),
                );
            }
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    apply_lists(
        &mut loaded.inventory,
        &mut loaded.sources,
        &patches,
        file_index,
        &mut problems,
    );
    problems
}

/// Merges the patches of one list into it.
fn overlay_list<T: serde::Serialize + DeserializeOwned>(
    key: &str,
    list: &mut Vec<T>,
    mut index: std::collections::HashMap<String, usize>,
    origins: &mut Vec<(usize, usize)>,
    patches: &[Patch],
    file_index: usize,
    problems: &mut Vec<Problem>,
) {
    for (at, id, patch) in patches {
        let existing = index.get(id).copied();
        let mut document = match existing.and_then(|i| list.get(i)) {
            Some(element) => {
                serde_json::to_value(element).unwrap_or_else(|_| Value::Object(Map::new()))
            }
            None => Value::Object(Map::new()),
        };
        json_patch::merge(&mut document, patch);
        let (value, found, _) = element::<T>(document);
        let outcome = match value {
            Some(value) if found.is_empty() => Ok(value),
            _ => Err(found),
        };
        match outcome {
            Ok(value) => match existing {
                Some(i) => {
                    if let Some(slot) = list.get_mut(i) {
                        *slot = value;
                    }
                    if let Some(origin) = origins.get_mut(i) {
                        *origin = (file_index, *at);
                    }
                }
                None => {
                    index.insert(id.clone(), list.len());
                    list.push(value);
                    origins.push((file_index, *at));
                }
            },
            Err(found) => problems.extend(found.into_iter().map(|mut problem| {
                let what = if existing.is_some() {
                    "merged into the existing element"
                } else {
                    "as a new element"
                };
                problem.message = format!("{} ({what})", problem.message);
                problem.pointer = format!("/{key}/{at}{}", problem.pointer);
                problem
            })),
        }
    }
}

macro_rules! overlay_lists {
    ($($key:ident: $element:ident),* $(,)?) => {
        /// The list each id of the inventory belongs to.
        fn list_of_ids(inventory: &Inventory) -> std::collections::HashMap<&str, &'static str> {
            let mut owners = std::collections::HashMap::new();
            $(
                for element in &inventory.$key {
                    owners.entry(element.id.as_str()).or_insert(stringify!($key));
                }
            )*
            owners
        }

        /// Applies the patches of every list.
        fn apply_lists(
            inventory: &mut Inventory,
            map: &mut SourceMap,
            patches: &std::collections::BTreeMap<String, Vec<Patch>>,
            file_index: usize,
            problems: &mut Vec<Problem>,
        ) {
            $(
                if let Some(list) = patches.get(stringify!($key)) {
                    let index = inventory
                        .$key
                        .iter()
                        .enumerate()
                        .map(|(i, element)| (element.id.clone(), i))
                        .collect();
                    let origins = map.lists.entry(stringify!($key).to_string()).or_default();
                    // written elements keep their origins; implied ones have none
                    origins.resize(inventory.$key.len(), (0, 0));
                    overlay_list(stringify!($key), &mut inventory.$key, index, origins, list, file_index, problems);
                }
            )*
        }
    };
}

for_each_list!(overlay_lists);

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

/// One step of a path inside an element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

fn pointer_of(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", escape_segment(key)),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

fn value_at<'a>(mut value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    for step in steps {
        value = match step {
            Step::Key(key) => value.as_object()?.get(key)?,
            Step::Index(index) => value.as_array()?.get(*index)?,
        };
    }
    Some(value)
}

/// Removes the member a path ends in; false when it does not end in a member
/// or there is no such member.
fn remove_member(value: &mut Value, steps: &[Step]) -> bool {
    let Some((Step::Key(key), parent_steps)) = steps.split_last() else {
        return false;
    };
    let mut parent = value;
    for step in parent_steps {
        let next = match step {
            Step::Key(key) => parent.as_object_mut().and_then(|map| map.get_mut(key)),
            Step::Index(index) => parent
                .as_array_mut()
                .and_then(|items| items.get_mut(*index)),
        };
        match next {
            Some(next) => parent = next,
            None => return false,
        }
    }
    parent
        .as_object_mut()
        .and_then(|map| map.remove(key))
        .is_some()
}

/// Deserializes one element: the value (if one could be read once the bad
/// members were removed or stood in for), every problem found in it, and the
/// pointers of the members that hold a stand-in value ([`stand_in`]); pointers
/// are relative to the element.
fn element<T: DeserializeOwned>(mut item: Value) -> (Option<T>, Vec<Problem>, Vec<String>) {
    let mut found = Vec::new();
    let mut masked = Vec::new();
    // Members already reported, as (object pointer, field): one removed because
    // of its type, or one an unknown field was taken for a typo of. Their
    // "missing field" would be no news.
    let mut accounted: Vec<(String, String)> = Vec::new();
    for _ in 0..MAX_ATTEMPTS_PER_ELEMENT {
        let error = match serde_path_to_error::deserialize::<_, T>(&item) {
            Ok(value) => return (Some(value), found, masked),
            Err(error) => error,
        };
        let mut steps = Vec::new();
        let mut exact = true;
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => steps.push(Step::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => steps.push(Step::Index(*index)),
                serde_path_to_error::Segment::Enum { .. } => {}
                serde_path_to_error::Segment::Unknown => exact = false,
            }
        }
        let pointer = pointer_of(&steps);
        let message = error.into_inner().to_string();
        let last_key = match steps.last() {
            Some(Step::Key(key)) => Some(key.clone()),
            _ => None,
        };
        let retry = match classify(&message, last_key.as_deref()) {
            Serde::UnknownField { field, expected } => {
                let hint = match did_you_mean(&field, expected.iter().map(String::as_str)) {
                    Some(close) => {
                        accounted.push((pointer_of(parent_steps(&steps)), close.to_string()));
                        format!("did you mean `{close}`?")
                    }
                    None if expected.is_empty() => "this object takes no fields".to_string(),
                    None => format!("the fields here are {}", quoted_list(&expected)),
                };
                found.push(
                    Problem::at(&pointer, format!("unknown field `{}`", abbreviate(&field)))
                        .hint(hint),
                );
                true
            }
            Serde::MissingField { field } => {
                let known = accounted
                    .iter()
                    .any(|(parent, key)| *parent == pointer && *key == field);
                // A required member already reported (removed for its type, or
                // taken for the typo of an unknown field) gets a stand-in, so
                // that the rest of the element is read and checked; validation
                // errors under it are dropped (`masked`).
                if known && exact && stand_in::<T>(&mut item, &steps, &field) {
                    masked.push(format!("{pointer}/{}", escape_segment(&field)));
                    continue;
                }
                if !known {
                    found.push(Problem::at(
                        &pointer,
                        format!("missing required field `{field}`"),
                    ));
                }
                false
            }
            Serde::UnknownVariant { variant, expected } => {
                let mut problem = Problem::at(
                    &pointer,
                    format!(
                        "unknown value `{}`, expected {}",
                        abbreviate(&variant),
                        one_of(&expected)
                    ),
                );
                if let Some(native) = api_spelling(&variant, &expected) {
                    problem = problem.hint(format!(
                        "write `{native}`: the inventory spells values in snake_case, \
                         not as the Alibaba Cloud API does"
                    ));
                } else if let Some(close) =
                    did_you_mean(&variant, expected.iter().map(String::as_str))
                {
                    problem = problem.hint(format!("did you mean `{close}`?"));
                }
                found.push(problem);
                true
            }
            Serde::Mismatch { expected } => {
                let value = value_at(&item, &steps);
                let actual = value
                    .map(describe)
                    .unwrap_or_else(|| "something else".to_string());
                let wanted = domain_of(last_key.as_deref(), &expected)
                    .unwrap_or_else(|| reword_expected(&expected));
                let mut problem =
                    Problem::at(&pointer, format!("expected {wanted}, found {actual}"));
                let whole = matches!(
                    expected.as_str(),
                    "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64"
                );
                if let Some(number) = value
                    .and_then(Value::as_str)
                    .filter(|text| whole && text.trim().parse::<u64>().is_ok())
                {
                    problem = problem.hint(format!(
                        "write the number without quotes: {}",
                        number.trim()
                    ));
                }
                found.push(problem);
                true
            }
            Serde::Other => {
                found.push(Problem::at(&pointer, message));
                false
            }
        };
        // Remove the member the problem is in (for a problem inside an array,
        // the member holding the array) and try again.
        let member = steps
            .iter()
            .rposition(|step| matches!(step, Step::Key(_)))
            .and_then(|last_key| steps.get(..=last_key))
            .unwrap_or_default();
        if !(retry && exact && remove_member(&mut item, member)) {
            return (None, found, masked);
        }
        if let Some(Step::Key(key)) = member.last() {
            accounted.push((pointer_of(parent_steps(member)), key.clone()));
        }
    }
    (None, found, masked)
}

/// The steps of a serde path (`None` when a segment is not known).
fn steps_of(path: &serde_path_to_error::Path) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => steps.push(Step::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => steps.push(Step::Index(*index)),
            serde_path_to_error::Segment::Enum { .. } => {}
            serde_path_to_error::Segment::Unknown => return None,
        }
    }
    Some(steps)
}

/// Puts into the object at `object` a stand-in for its required member
/// `field` (a string, a number, an array, an object or a boolean: the first
/// the element's type takes); false when none is taken. The stand-in only lets
/// the rest of the element be read: the member's own problem was reported.
fn stand_in<T: DeserializeOwned>(item: &mut Value, object: &[Step], field: &str) -> bool {
    let mut member: Vec<Step> = object.to_vec();
    member.push(Step::Key(field.to_string()));
    let candidates = [
        Value::String(String::new()),
        Value::from(1),
        Value::Array(Vec::new()),
        Value::Object(Map::new()),
        Value::Bool(false),
    ];
    for candidate in candidates {
        let Some(Value::Object(map)) = value_at_mut(item, object) else {
            return false;
        };
        map.insert(field.to_string(), candidate);
        match serde_path_to_error::deserialize::<_, T>(&*item) {
            Ok(_) => return true,
            Err(error) => match steps_of(error.path()) {
                // the stand-in itself is wrong: try the next
                Some(steps) if steps.starts_with(&member) => {}
                // another problem, elsewhere: the stand-in is taken
                Some(_) => return true,
                None => {}
            },
        }
    }
    remove_member(item, &member);
    false
}

fn value_at_mut<'a>(mut value: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    for step in steps {
        value = match step {
            Step::Key(key) => value.as_object_mut()?.get_mut(key)?,
            Step::Index(index) => value.as_array_mut()?.get_mut(*index)?,
        };
    }
    Some(value)
}

/// The steps of a path but its last.
fn parent_steps(steps: &[Step]) -> &[Step] {
    steps.split_last().map_or(steps, |(_, parent)| parent)
}

/// What a serde error message says, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Serde {
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    MissingField {
        field: String,
    },
    UnknownVariant {
        variant: String,
        expected: Vec<String>,
    },
    Mismatch {
        expected: String,
    },
    Other,
}

/// Takes apart serde's messages (`serde::de::Error`'s default wording, which
/// serde_json keeps). `last_key` is the last key of the error's path: the unknown
/// field itself, as the message may not quote it unambiguously.
fn classify(message: &str, last_key: Option<&str>) -> Serde {
    if let (Some(field), Some(_)) = (last_key, message.strip_prefix("unknown field `")) {
        let prefix = format!("unknown field `{field}`, ");
        if let Some(rest) = message.strip_prefix(&prefix) {
            return Serde::UnknownField {
                field: field.to_string(),
                expected: backticked(rest),
            };
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        if let Some(field) = rest.strip_suffix('`') {
            return Serde::MissingField {
                field: field.to_string(),
            };
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        if let Some((variant, expected)) = rest.rsplit_once("`, expected ") {
            return Serde::UnknownVariant {
                variant: variant.to_string(),
                expected: backticked(expected),
            };
        }
    }
    if message.starts_with("invalid type: ") || message.starts_with("invalid value: ") {
        if let Some((_, expected)) = message.rsplit_once(", expected ") {
            return Serde::Mismatch {
                expected: expected.to_string(),
            };
        }
    }
    Serde::Other
}

/// The words between backticks: "expected one of `a`, `b`" → a, b.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `a`, `b` and `c` as "one of `a`, `b`, `c`" (or "`a`" alone).
fn one_of(words: &[String]) -> String {
    match words {
        [] => "nothing".to_string(),
        [only] => format!("`{only}`"),
        _ => format!("one of {}", quoted_list(words)),
    }
}

fn quoted_list<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .map(|word| format!("`{}`", word.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Serde's "expected" in the words of a JSON file.
/// The native spelling of an enum value written as the Alibaba Cloud API
/// spells it (`VpcPeer` for `vpc_peer`, `HaVip` for `havip`, `Attached` for
/// `attached`, `RouterInterface` for `vbr`), if `variant` is one.
fn api_spelling<'a>(variant: &str, expected: &'a [String]) -> Option<&'a str> {
    // The API names whose native word is not the same letters.
    const RENAMED: &[(&str, &str)] = &[
        ("attachment", "tr_attachment"),
        ("routerinterface", "vbr"),
        ("transitrouter", "tr_attachment"),
    ];
    let squeeze = |word: &str| -> String {
        word.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    if variant.len() > 64 {
        return None;
    }
    let written = squeeze(variant);
    let found = expected
        .iter()
        .find(|word| squeeze(word) == written && word.as_str() != variant)
        .or_else(|| {
            let native = RENAMED
                .iter()
                .find(|(api, _)| *api == written)
                .map(|(_, native)| *native)?;
            expected.iter().find(|word| word.as_str() == native)
        });
    found.map(String::as_str)
}

/// What a number of a known field must be, in the words of its domain (a
/// port is 1 to 65535, not any `u32`).
fn domain_of(key: Option<&str>, expected: &str) -> Option<String> {
    let numeric = matches!(expected, "u8" | "u16" | "u32" | "u64" | "usize");
    match key? {
        "port" if numeric => Some("a port number from 1 to 65535".to_string()),
        "priority" if numeric => Some("a priority from 1 to 100".to_string()),
        "mbps" | "bandwidth_mbps" if numeric => {
            Some("a bandwidth in Mbps (a whole number, 0 or more)".to_string())
        }
        _ => None,
    }
}

fn reword_expected(expected: &str) -> String {
    match expected {
        "a sequence" => "an array".to_string(),
        "a map" => "an object".to_string(),
        "u8" | "u16" | "u32" | "u64" | "usize" => {
            let max = match expected {
                "u8" => u64::from(u8::MAX),
                "u16" => u64::from(u16::MAX),
                "u32" => u64::from(u32::MAX),
                _ => u64::MAX,
            };
            format!("a whole number from 0 to {max}")
        }
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        "f32" | "f64" => "a number".to_string(),
        _ if expected.starts_with("struct ") => "an object".to_string(),
        _ if expected.starts_with("enum ") => "a string".to_string(),
        _ => expected.to_string(),
    }
}

/// A value as a message shows it: short ones as JSON, long ones abbreviated.
fn describe(value: &Value) -> String {
    let what = match value {
        Value::Array(items) if items.len() > 8 => {
            return format!("an array of {} elements", items.len())
        }
        Value::Object(map) if map.len() > 8 => {
            return format!("an object of {} members", map.len())
        }
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        _ => "",
    };
    let json = serde_json::to_string(value).unwrap_or_default();
    if json.chars().count() <= MAX_SHOWN_VALUE {
        return if what.is_empty() {
            json
        } else {
            format!("{what} {json}")
        };
    }
    match value {
        Value::String(_) => {
            let head: String = json.chars().take(MAX_SHOWN_VALUE).collect();
            format!("{head}…\"")
        }
        _ if !what.is_empty() => what.to_string(),
        _ => json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn errors(name: &str, text: &str) -> Vec<InputError> {
        match load(vec![source(name, text)]) {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        }
    }

    fn loaded(name: &str, text: &str) -> Loaded {
        match load(vec![source(name, text)]) {
            Ok(loaded) => loaded,
            Err(errors) => panic!("unexpected errors: {errors:?}"),
        }
    }

    fn at(location: &Location) -> (Option<usize>, Option<usize>) {
        (location.line, location.column)
    }

    const JSON: &str = "{\n  \"version\": 1,\n  \"vpcs\": [\n    {\"id\": \"vpc-a\", \"region\": \"r\", \"cidrs\": [\"10.0.0.0/16\"]},\n    {\"id\": \"vpc-é\",\n     \"region\": \"r\", \"cidrs\": [\"10.1.0.0/16\", \"10.2.0.0/16\"]}\n  ],\n  \"a/b\": []\n}\n";

    #[test]
    fn json_pointers_resolve_to_lines_and_columns() {
        let loaded = loaded("a.json", &JSON.replace(",\n  \"a/b\": []", ""));
        let map = &loaded.sources;
        assert_eq!(at(&map.locate_in_file(0, "")), (Some(1), Some(1)));
        assert_eq!(at(&map.locate_in_file(0, "/version")), (Some(2), Some(3)));
        assert_eq!(at(&map.locate_in_file(0, "/vpcs")), (Some(3), Some(3)));
        assert_eq!(at(&map.locate_in_file(0, "/vpcs/0")), (Some(4), Some(5)));
        assert_eq!(
            at(&map.locate_in_file(0, "/vpcs/0/region")),
            (Some(4), Some(21))
        );
        // columns count characters: `é` is one column, two bytes
        assert_eq!(at(&map.locate("vpcs", 1, "/region")), (Some(6), Some(6)));
        assert_eq!(at(&map.locate("vpcs", 1, "/cidrs/1")), (Some(6), Some(46)));
    }

    #[test]
    fn a_missing_node_is_found_at_its_nearest_ancestor() {
        let loaded = loaded("a.json", &JSON.replace(",\n  \"a/b\": []", ""));
        let map = &loaded.sources;
        assert_eq!(at(&map.locate("vpcs", 0, "/account")), (Some(4), Some(5)));
        assert_eq!(at(&map.locate("vpcs", 1, "/cidrs/7")), (Some(6), Some(21)));
        assert_eq!(
            at(&map.locate_in_file(0, "/nothing/here")),
            (Some(1), Some(1))
        );
        let location = map.locate_in_file(0, "/vpcs/0/account");
        assert_eq!(location.pointer, "/vpcs/0/account");
        assert_eq!(location.file, "a.json");
    }

    #[test]
    fn escaped_pointer_segments_resolve() {
        let found = errors("a.json", JSON);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].location.pointer, "/a~1b");
        assert_eq!(at(&found[0].location), (Some(8), Some(3)));
    }

    #[test]
    fn yaml_pointers_resolve_to_lines_and_columns() {
        let yaml =
            "version: 1\nvpcs:\n  - id: vpc-a\n    region: r\n    cidrs:\n      - 10.0.0.0/16\n      - 10.1.0.0/16\n";
        let loaded = loaded("a.yaml", yaml);
        let map = &loaded.sources;
        assert_eq!(at(&map.locate_in_file(0, "/version")), (Some(1), Some(1)));
        assert_eq!(at(&map.locate("vpcs", 0, "")), (Some(3), Some(5)));
        assert_eq!(at(&map.locate("vpcs", 0, "/region")), (Some(4), Some(5)));
        assert_eq!(at(&map.locate("vpcs", 0, "/cidrs/1")), (Some(7), Some(9)));
        assert_eq!(at(&map.locate("vpcs", 0, "/cidrs/9")), (Some(5), Some(5)));
    }

    #[test]
    fn several_problems_of_one_element_are_reported() {
        let text = r#"{"version": 1, "vswitches": [
  {"id": "vsw-1", "vpc": "vpc-a", "cidrr": "10.0.0.0/24", "zonee": "z", "route_table": 5}
]}"#;
        let found = errors("a.json", text);
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "a.json:2:35: /vswitches/0/cidrr: unknown field `cidrr`\n  hint: did you mean `cidr`?",
                "a.json:2:59: /vswitches/0/zonee: unknown field `zonee`\n  hint: did you mean `zone`?",
                "a.json:2:73: /vswitches/0/route_table: expected a string, found 5",
            ]
        );
    }

    #[test]
    fn merged_lists_remember_their_origin() {
        let a = r#"{"version": 1, "accounts": [{"id": "1"}, {"id": "2"}]}"#;
        let b = r#"{"version": 1, "accounts": [{"id": "3"}]}"#;
        let Ok(loaded) = load(vec![source("a.json", a), source("b.json", b)]) else {
            panic!("both files are valid");
        };
        assert_eq!(loaded.inventory.accounts.len(), 3);
        assert_eq!(loaded.sources.lists["accounts"], [(0, 0), (0, 1), (1, 0)]);
        assert_eq!(loaded.sources.lists.len(), LIST_KEYS.len());
        let location = loaded.sources.locate("accounts", 2, "/id");
        assert_eq!(location.file, "b.json");
        assert_eq!(location.pointer, "/accounts/0/id");
        assert_eq!(at(&location), (Some(1), Some(30)));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let found = errors("a.json", "{\"version\": 1,\n \"vpcs\": [], \"vpcs\": []}");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("duplicate key `vpcs`"),
            "{found:?}"
        );
        assert_eq!(found[0].location.line, Some(2));
    }

    #[test]
    fn syntax_follows_the_name_then_the_first_character() {
        assert_eq!(syntax_of("a.YML", "{}"), Syntax::Yaml);
        assert_eq!(syntax_of("a.json", "version: 1"), Syntax::Json);
        assert_eq!(syntax_of("a.txt", "  {"), Syntax::Json);
        assert_eq!(syntax_of("a.txt", "version: 1"), Syntax::Yaml);
    }

    #[test]
    fn api_spellings_of_enum_values_get_the_native_word() {
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let hops = words(&[
            "nat_gateway",
            "vpc_peer",
            "tr_attachment",
            "vpn_gateway",
            "vbr",
            "instance",
            "network_interface",
            "havip",
            "ipv4_gateway",
        ]);
        for (api, native) in [
            ("VpcPeer", "vpc_peer"),
            ("Instance", "instance"),
            ("HaVip", "havip"),
            ("Ipv4Gateway", "ipv4_gateway"),
            ("NatGateway", "nat_gateway"),
            ("Attachment", "tr_attachment"),
            ("RouterInterface", "vbr"),
        ] {
            assert_eq!(api_spelling(api, &hops), Some(native), "{api}");
        }
        assert_eq!(api_spelling("vpc_peer", &hops), None);
        assert_eq!(api_spelling("Gateway", &hops), None);
        let statuses = words(&["attached", "attaching", "detaching"]);
        assert_eq!(api_spelling("Attached", &statuses), Some("attached"));
    }

    #[test]
    fn numbers_are_named_in_their_domain() {
        assert_eq!(
            domain_of(Some("port"), "u32").as_deref(),
            Some("a port number from 1 to 65535")
        );
        assert_eq!(domain_of(Some("name"), "u32"), None);
        assert_eq!(domain_of(Some("port"), "a string"), None);
    }

    #[test]
    fn serde_messages_are_taken_apart() {
        assert_eq!(
            classify("unknown field `a`b`, expected `x` or `y`", Some("a`b")),
            Serde::UnknownField {
                field: "a`b".to_string(),
                expected: vec!["x".to_string(), "y".to_string()]
            }
        );
        assert_eq!(
            classify("invalid type: string \"a, expected b\", expected u32", None),
            Serde::Mismatch {
                expected: "u32".to_string()
            }
        );
        assert_eq!(describe(&Value::from("x".repeat(100))).chars().count(), 62);
        assert_eq!(house_style("Recursive reference."), "recursive reference");
        assert_eq!(house_style("EOF here"), "EOF here");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the bytes, loading never panics, and a refusal always says why.
        #[test]
        fn any_mangled_inventory_is_loaded_or_explained(
            cut in 0usize..400,
            insert in proptest::prelude::any::<u8>(),
            yaml in proptest::prelude::any::<bool>(),
        ) {
            let text = r#"{"version": 1, "vpcs": [{"id": "vpc-a", "region": "r", "cidrs": ["10.0.0.0/8"]}], "vswitches": [{"id": "vsw-a", "vpc": "vpc-a", "cidr": "10.0.0.0/24", "tags": {"a": "b"}}], "route_tables": [{"id": "vtb", "vpc": "vpc-a", "kind": "system", "routes": [{"destination": "0.0.0.0/0", "next_hop": {"type": "nat_gateway", "id": "ngw"}}]}]}"#;
            let mut bytes = text.as_bytes().to_vec();
            let at = cut.min(bytes.len());
            bytes.insert(at, insert);
            let name = if yaml { "a.yaml" } else { "a.json" };
            if let Err(found) = load(vec![Source { name: name.to_string(), bytes }]) {
                proptest::prop_assert!(!found.is_empty());
                for error in &found {
                    proptest::prop_assert!(!error.message.is_empty());
                    proptest::prop_assert_eq!(&error.location.file, name);
                }
            }
        }
    }
}
