//! Decoding and parsing one document (an inventory or an overlay): UTF-8,
//! then JSON (serde_json, refusing duplicate keys) or YAML (serde-saphyr), with
//! syntax errors positioned by line and column and worded in the house style.
//! The syntax is chosen by [`syntax_of`] (see the module documentation of
//! [`super`]).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Number;

use super::*;
use crate::diag::{on_yaml_stack, yaml_options, MAX_NESTING};

/// Decodes and parses one file (an inventory or an overlay) into a document.
pub(super) fn read_document(source: Source) -> (SourceFile, Result<Value, Vec<Problem>>) {
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

/// The syntax a file is read as (see the module documentation).
pub(super) fn syntax_of(name: &str, text: &str) -> Syntax {
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
pub(super) fn not_utf8(bytes: &[u8], valid_up_to: usize) -> Problem {
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
pub(super) fn parse(text: &str, syntax: Syntax) -> Result<Value, Vec<Problem>> {
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

pub(super) fn parse_json(text: &str) -> Result<Value, Problem> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue::deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value.0))
        .map_err(|error| json_syntax_problem(text, &error))?;
    Ok(value)
}

/// A serde_json syntax error, reworded, with a character column.
pub(super) fn json_syntax_problem(text: &str, error: &serde_json::Error) -> Problem {
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
pub(super) fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let counted = line_text
        .char_indices()
        .take_while(|(offset, _)| *offset < byte_column)
        .count();
    counted.max(1)
}

pub(super) fn parse_yaml(text: &str) -> Result<Value, Problem> {
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
pub(super) fn yaml_syntax_problem(error: &serde_saphyr::Error) -> Problem {
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
pub(super) fn house_style(text: &str) -> String {
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
pub(super) struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictValueVisitor)
    }
}

pub(super) struct StrictValueVisitor;

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
