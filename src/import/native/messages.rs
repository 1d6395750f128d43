//! serde's error messages taken apart and reworded for people: the field or
//! variant named, the expected spellings listed (with the API's spelling of a
//! native word pointed out), numbers named in their domain, values shown short.

use super::*;

/// What a serde error message says, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Serde {
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
pub(super) fn classify(message: &str, last_key: Option<&str>) -> Serde {
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
pub(super) fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `a`, `b` and `c` as "one of `a`, `b`, `c`" (or "`a`" alone).
pub(super) fn one_of(words: &[String]) -> String {
    match words {
        [] => "nothing".to_string(),
        [only] => format!("`{only}`"),
        _ => format!("one of {}", quoted_list(words)),
    }
}

pub(super) fn quoted_list<S: AsRef<str>>(words: &[S]) -> String {
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
pub(super) fn api_spelling<'a>(variant: &str, expected: &'a [String]) -> Option<&'a str> {
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
pub(super) fn domain_of(key: Option<&str>, expected: &str) -> Option<String> {
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

pub(super) fn reword_expected(expected: &str) -> String {
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
pub(super) fn describe(value: &Value) -> String {
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
