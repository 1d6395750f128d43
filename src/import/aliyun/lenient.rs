//! Tolerant scalar and list types for vendor JSON.
//!
//! Vendor output is not typed the way the native format is: the aliyun CLI keeps
//! numbers as the API wrote them (a port may be `"3306"` or `3306`), older APIs
//! wrap every list in an object named after its element (`{"VSwitchId": [..]}`,
//! with irregular names), and Terraform writes `null` for unset attributes. The
//! raw structs of both importers use these types so that one odd value never
//! makes a whole item unreadable: [`Text`] accepts a string, number or boolean,
//! [`Count`] a number or a numeric string, [`Flag`] a boolean, `0`/`1` or
//! `"true"`/`"false"`, and [`List`] a bare array, a one-key wrapper object around
//! an array, or nothing at all.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};

/// A scalar read as text; `null` and absence are the empty string.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Text(pub String);

impl Text {
    /// The text, or `None` when it is empty (after trimming spaces).
    pub fn get(&self) -> Option<String> {
        let trimmed = self.0.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

    /// The trimmed text (possibly empty).
    pub fn as_str(&self) -> &str {
        self.0.trim()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Text, E> {
                Ok(Text(value))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::default())
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A non-negative whole number written as a number or as a numeric string;
/// anything else (empty, negative, fractional, `null`) is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?;
        Ok(Count(text.as_str().parse::<u64>().ok()))
    }
}

/// A boolean written as `true`/`false`, `1`/`0` or their strings; `None` when
/// absent or anything else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Flag(pub Option<bool>);

impl Flag {
    /// `true` only when the flag is set and true.
    pub fn is_true(self) -> bool {
        self.0 == Some(true)
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(deserializer)?;
        let value = match text.as_str().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        };
        Ok(Flag(value))
    }
}

/// A list: a bare array, an object with one key whose value is the array (the
/// older APIs' `{"VSwitchId": [..]}` wrappers, whatever the key is called), an
/// empty object, or `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<T> List<T> {
    /// The elements.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array, or an object wrapping one array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    items.push(item);
                }
                Ok(List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
                let mut items: Vec<T> = Vec::new();
                let mut keys = 0usize;
                while let Some(key) = map.next_key::<String>()? {
                    keys += 1;
                    if keys > 1 {
                        return Err(de::Error::custom(format!(
                            "a list wrapper has more than one key (`{key}`)"
                        )));
                    }
                    let inner: Option<Vec<T>> = map.next_value()?;
                    items = inner.unwrap_or_default();
                }
                Ok(List(items))
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<List<T>, E> {
                // Some APIs write an empty list as an empty string.
                if value.trim().is_empty() {
                    Ok(List(Vec::new()))
                } else {
                    Err(E::invalid_type(de::Unexpected::Str(value), &self))
                }
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

/// Splits a comma-separated list (`SnatIp`, `LocalSubnet`, `SecurityIPList`),
/// trimming spaces and dropping empty parts.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Sample {
        text: Text,
        count: Count,
        flag: Flag,
        list: List<Text>,
    }

    fn sample(json: &str) -> Sample {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn scalars_accept_numbers_strings_and_null() {
        let s = sample(r#"{"text": 3306, "count": "3306", "flag": 1, "list": null}"#);
        assert_eq!(s.text.0, "3306");
        assert_eq!(s.count.0, Some(3306));
        assert_eq!(s.flag.0, Some(true));
        assert!(s.list.0.is_empty());
        let s = sample(r#"{"text": null, "count": "", "flag": "false"}"#);
        assert_eq!(s.text.get(), None);
        assert_eq!(s.count.0, None);
        assert_eq!(s.flag.0, Some(false));
    }

    #[test]
    fn lists_accept_wrappers_and_bare_arrays() {
        let s = sample(r#"{"list": {"VSwitchId": ["a", "b"]}}"#);
        assert_eq!(s.list.0.len(), 2);
        let s = sample(r#"{"list": ["a"]}"#);
        assert_eq!(s.list.0.len(), 1);
        let s = sample(r#"{"list": {}}"#);
        assert!(s.list.0.is_empty());
        assert!(serde_json::from_str::<Sample>(r#"{"list": {"A": [], "B": []}}"#).is_err());
    }

    #[test]
    fn split_list_trims_and_drops_empty_parts() {
        assert_eq!(
            split_list(" 1.2.3.4, ,5.6.7.8 "),
            vec!["1.2.3.4", "5.6.7.8"]
        );
    }
}
