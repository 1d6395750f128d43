//! Input errors and where they are: the file, the JSON pointer inside that file,
//! and the line and column where the source text lets us find them.
//!
//! The loader records, for every element of every merged list, the file and the
//! index it came from ([`SourceMap`]); validation reports problems against the
//! merged inventory and asks the source map to turn `/vswitches/7/vpc` into
//! `b.json`, `/vswitches/2/vpc`, line 14, column 20.
//!
//! Lines and columns are found lazily: the happy path keeps only the text of each
//! file, and the first time a location in a file is asked for, the file is parsed
//! once more into a tree of positions (a jsonc-parser AST for JSON, serde-saphyr
//! spans for YAML) that is cached in the [`SourceFile`]. Lines and columns are
//! 1-based; columns count characters (Unicode scalar values), not bytes.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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
    /// The positions of the nodes of `text`, built on the first lookup; `None`
    /// inside when the text cannot be parsed (then locations have no line).
    positions: OnceLock<Option<PositionTree>>,
}

impl SourceFile {
    /// A source file; its positions are computed only when first asked for.
    pub fn new(name: impl Into<String>, text: impl Into<String>, syntax: Syntax) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            syntax,
            positions: OnceLock::new(),
        }
    }

    /// The line and column of the node `pointer` names, or of its nearest existing
    /// ancestor when that node does not exist (a missing field, say). A member of
    /// an object is found at its key, an element of an array at its value.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let tree = self
            .positions
            .get_or_init(|| PositionTree::parse(&self.text, self.syntax))
            .as_ref()?;
        let at = tree.resolve(pointer);
        Some((at.line, at.column))
    }
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
            files: vec![SourceFile::new(name, String::new(), Syntax::Json)],
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

    /// The location of a pointer inside file number `file`, with the line and
    /// column of the node it names (or of its nearest existing ancestor).
    pub fn locate_in_file(&self, file: usize, pointer: &str) -> Location {
        let Some(source) = self.files.get(file) else {
            return Location {
                file: String::new(),
                pointer: pointer.to_string(),
                line: None,
                column: None,
            };
        };
        let position = source.position(pointer);
        Location {
            file: source.name.clone(),
            pointer: pointer.to_string(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
        }
    }
}

/// Words and candidates longer than this (in bytes) take no part in
/// suggestions: typos are short, and Jaro-Winkler is quadratic in the lengths,
/// so a dangling 10 MB reference beside a 10 MB id took hours (issue 8, found
/// by tests/integration/hostile.rs).
const MAX_SUGGESTION_LEN: usize = 256;

/// The closest candidate to `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.len() > MAX_SUGGESTION_LEN {
        return None;
    }
    candidates
        .into_iter()
        .filter(|candidate| candidate.len() <= MAX_SUGGESTION_LEN)
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// The deepest nesting of arrays and objects accepted, for JSON and YAML alike
/// (the top-level object is level 1). serde_json's recursion limit of 128 refuses
/// the 128th level, so YAML gets the same bound; every recursive walk in the
/// loader and here stays within it, so no input can overflow the stack.
pub const MAX_NESTING: usize = 127;

/// The serde-saphyr options every YAML read uses: no snippets in messages, no
/// comment capture, nesting capped at [`MAX_NESTING`], and node and event budgets
/// raised so that inventories of tens of megabytes load (alias limits stay at
/// their defaults, which stop "billion laughs" documents).
pub fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_NESTING;
    budget.flow_nesting_limit = MAX_NESTING;
    budget.max_nodes = 100_000_000;
    budget.max_events = 400_000_000;
    budget.max_total_scalar_bytes = 1 << 30;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options.emit_comments = false;
    options
}

/// The stack of the thread YAML is parsed on. serde-saphyr recurses once per
/// nesting level with frames of up to some 30 KiB in unoptimized builds, so
/// [`MAX_NESTING`] levels need about 4 MiB, more than a main thread may have; the
/// memory is only reserved, not used, until the recursion reaches it.
const YAML_STACK: usize = 64 << 20;

/// Runs `work` (a serde-saphyr parse) on a thread with a 64 MiB
/// stack; `None` if the thread could not be started or panicked.
pub fn on_yaml_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("netreach-yaml".to_string())
            .stack_size(YAML_STACK)
            .spawn_scoped(scope, work)
            .ok()?
            .join()
            .ok()
    })
}

/// The parts of a JSON pointer (`/a/b~1c` → `a`, `b/c`); the root `""` has none.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// A name as quoted in a message: whole when short, else its first 64
/// characters and its length, so that a hostile 10 MB key is not echoed whole
/// (the JSON path of the error still names it exactly).
pub fn abbreviate(name: &str) -> String {
    const KEEP: usize = 64;
    match name.char_indices().nth(KEEP) {
        None => name.to_string(),
        Some((end, _)) => format!(
            "{}… ({} bytes)",
            name.get(..end).unwrap_or_default(),
            name.len()
        ),
    }
}

/// One segment escaped for a JSON pointer (`b/c` → `b~1c`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

/// The position of every node of a parsed file.
#[derive(Debug, Clone)]
struct PositionTree {
    root: PositionNode,
}

/// A node: where its value starts, and its children.
#[derive(Debug, Clone)]
struct PositionNode {
    at: Position,
    children: Children,
}

#[derive(Debug, Clone)]
enum Children {
    Leaf,
    /// Members: key, where the key starts, the value.
    Object(Vec<(String, Position, PositionNode)>),
    Array(Vec<PositionNode>),
}

impl PositionTree {
    fn parse(text: &str, syntax: Syntax) -> Option<PositionTree> {
        let root = match syntax {
            Syntax::Json => json_positions(text)?,
            Syntax::Yaml => on_yaml_stack(|| {
                serde_saphyr::from_str_with_options::<YamlNode>(text, yaml_options())
                    .ok()
                    .map(|node| node.0)
            })??,
        };
        Some(PositionTree { root })
    }

    /// The position of the deepest node on the pointer's path.
    fn resolve(&self, pointer: &str) -> Position {
        let mut node = &self.root;
        let mut at = node.at;
        for segment in pointer_segments(pointer) {
            let next = match &node.children {
                Children::Object(members) => members
                    .iter()
                    .rev()
                    .find(|(key, _, _)| *key == segment)
                    .map(|(_, key_at, value)| (*key_at, value)),
                Children::Array(items) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index))
                    .map(|value| (value.at, value)),
                Children::Leaf => None,
            };
            match next {
                Some((next_at, next_node)) => {
                    at = next_at;
                    node = next_node;
                }
                None => break,
            }
        }
        at
    }
}

/// Turns increasing byte offsets into lines and columns in one pass over the text.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    at: Position,
}

impl Cursor<'_> {
    fn advance_to(&mut self, offset: usize) -> Position {
        if offset > self.offset {
            if let Some(skipped) = self.text.get(self.offset..offset) {
                for character in skipped.chars() {
                    if character == '\n' {
                        self.at.line += 1;
                        self.at.column = 1;
                    } else {
                        self.at.column += 1;
                    }
                }
                self.offset = offset;
            }
        }
        self.at
    }
}

/// The positions of a JSON text, from jsonc-parser's AST (byte ranges). Texts
/// nested deeper than [`MAX_NESTING`] are refused before parsing, as the parser
/// and the walk below recurse.
fn json_positions(text: &str) -> Option<PositionNode> {
    if json_depth(text) > MAX_NESTING {
        return None;
    }
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()).ok()?;
    let root = parsed.value?;
    let mut cursor = Cursor {
        text,
        offset: 0,
        at: Position { line: 1, column: 1 },
    };
    Some(json_node(&root, &mut cursor))
}

/// The deepest nesting of brackets in a JSON text (strings skipped).
fn json_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn json_node(value: &jsonc_parser::ast::Value<'_>, cursor: &mut Cursor<'_>) -> PositionNode {
    use jsonc_parser::ast::Value;
    use jsonc_parser::common::Ranged;
    let at = cursor.advance_to(value.start());
    let children = match value {
        Value::Object(object) => Children::Object(
            object
                .properties
                .iter()
                .map(|property| {
                    let key_at = cursor.advance_to(property.name.start());
                    let key = property.name.as_str().to_string();
                    (key, key_at, json_node(&property.value, cursor))
                })
                .collect(),
        ),
        Value::Array(array) => Children::Array(
            array
                .elements
                .iter()
                .map(|element| json_node(element, cursor))
                .collect(),
        ),
        _ => Children::Leaf,
    };
    PositionNode { at, children }
}

/// A YAML node read with its serde-saphyr span.
struct YamlNode(PositionNode);

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<YamlChildren>::deserialize(deserializer)?;
        Ok(YamlNode(PositionNode {
            at: saphyr_position(&spanned.referenced),
            children: spanned.value.0,
        }))
    }
}

fn saphyr_position(location: &serde_saphyr::Location) -> Position {
    Position {
        line: usize::try_from(location.line()).unwrap_or(usize::MAX),
        column: usize::try_from(location.column()).unwrap_or(usize::MAX),
    }
}

struct YamlChildren(Children);

impl<'de> Deserialize<'de> for YamlChildren {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlChildrenVisitor)
    }
}

struct YamlChildrenVisitor;

impl<'de> Visitor<'de> for YamlChildrenVisitor {
    type Value = YamlChildren;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<serde_saphyr::Spanned<String>>()? {
            let value = map.next_value::<YamlNode>()?;
            members.push((key.value, saphyr_position(&key.referenced), value.0));
        }
        Ok(YamlChildren(Children::Object(members)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<YamlNode>()? {
            items.push(item.0);
        }
        Ok(YamlChildren(Children::Array(items)))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(YamlChildren(Children::Leaf))
    }
}
