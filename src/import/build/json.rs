//! JSON in and out of an import: the input files parsed in parallel chunks,
//! the inventory sorted and written with sorted keys, byte for byte the same
//! whatever the order of the files.

use super::*;

/// Pretty JSON with sorted keys (serde_json's map is ordered) and a final newline.
pub fn to_sorted_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_value(value)
        .and_then(|value| serde_json::to_string_pretty(&value))
        .unwrap_or_default();
    text.push('\n');
    text
}

/// The inventory as [`to_sorted_json`] writes it, byte for byte, with the
/// elements of each list serialized and pretty-printed in parallel (rayon):
/// the largest part of an import of a big account is writing it.
pub fn inventory_to_sorted_json(inventory: &Inventory) -> String {
    use rayon::prelude::*;
    let mut parts: Vec<(&'static str, String)> = Vec::new();
    macro_rules! lists {
        ($($list:ident: $element:ident),* $(,)?) => {$(
            if !inventory.$list.is_empty() {
                let elements: Vec<String> = inventory
                    .$list
                    .par_iter()
                    .map(|element| {
                        let text = serde_json::to_value(element)
                            .and_then(|value| serde_json::to_string_pretty(&value))
                            .unwrap_or_default();
                        let mut indented = String::with_capacity(text.len() + text.len() / 8);
                        for (n, line) in text.split('\n').enumerate() {
                            if n > 0 {
                                indented.push('\n');
                            }
                            indented.push_str("    ");
                            indented.push_str(line);
                        }
                        indented
                    })
                    .collect();
                parts.push((
                    stringify!($list),
                    format!("  \"{}\": [\n{}\n  ]", stringify!($list), elements.join(",\n")),
                ));
            }
        )*};
    }
    for_each_list!(lists);
    parts.push(("version", format!("  \"version\": {}", inventory.version)));
    parts.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = parts.into_iter().map(|(_, text)| text).collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// Sorts every list of the inventory (by id; by content where there is none).
pub(super) fn sort_inventory(inv: &mut Inventory) {
    macro_rules! by_id {
        ($($list:ident: $element:ident),* $(,)?) => {$(
            inv.$list.sort_by(|a, b| a.id.cmp(&b.id));
        )*};
    }
    for_each_list!(by_id);
    for table in &mut inv.route_tables {
        sort_routes(&mut table.routes, |r| &r.destination);
    }
    for table in &mut inv.tr_route_tables {
        table.associations.sort();
        table.associations.dedup();
        table.propagations.sort();
        table.propagations.dedup();
        sort_routes(&mut table.routes, |r| &r.destination);
    }
    for vbr in &mut inv.vbrs {
        sort_routes(&mut vbr.routes, |r| &r.destination);
    }
    for nat in &mut inv.nat_gateways {
        nat.snat_entries.sort_by_cached_key(to_sorted_json);
    }
}

/// Sorts routes by canonical destination, then (for the rare routes of one
/// destination) by their sorted JSON: the order of `(canonical, json)` keys,
/// without serializing every route.
fn sort_routes<T: Serialize>(routes: &mut Vec<T>, destination: impl Fn(&T) -> &String) {
    let mut keyed: Vec<(String, T)> = std::mem::take(routes)
        .into_iter()
        .map(|route| (canonical(destination(&route)), route))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed.get(start).map(|(key, _)| key.clone());
        let mut end = start + 1;
        while end < keyed.len() && keyed.get(end).map(|(key, _)| key) == key.as_ref() {
            end += 1;
        }
        if end - start > 1 {
            if let Some(run) = keyed.get_mut(start..end) {
                run.sort_by_cached_key(|(_, route)| to_sorted_json(route));
            }
        }
        start = end;
    }
    routes.extend(keyed.into_iter().map(|(_, route)| route));
}

/// The number of resources per list.
pub(super) fn counts(inv: &Inventory) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    macro_rules! count {
        ($($list:ident: $element:ident),* $(,)?) => {$(
            counts.insert(stringify!($list).to_string(), inv.$list.len());
        )*};
    }
    for_each_list!(count);
    counts
}

/// Gives `read` every input file parsed as JSON, in name order, a file given
/// twice with the same bytes once; the files that do not parse go to `errors`
/// ([`parse_json`]). One chunk of files' documents is held at a time.
pub fn each_file(
    sources: &[crate::import::native::Source],
    errors: &mut Vec<crate::diag::InputError>,
    mut read: impl FnMut(&str, &serde_json::Value),
) {
    use rayon::prelude::*;
    let mut ordered: Vec<&crate::import::native::Source> = sources.iter().collect();
    ordered.sort_by(|a, b| a.name.cmp(&b.name));
    ordered.dedup_by(|a, b| a.name == b.name && a.bytes == b.bytes);
    // Parsed in parallel a few files at a time (an export is thousands of
    // small pages), read in name order; at most one chunk of documents is held.
    let mut chunks: Vec<&[&crate::import::native::Source]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (index, source) in ordered.iter().enumerate() {
        if index > start
            && (index - start >= PARSE_CHUNK || bytes + source.bytes.len() > PARSE_BYTES)
        {
            chunks.extend(ordered.get(start..index));
            (start, bytes) = (index, 0);
        }
        bytes += source.bytes.len();
    }
    chunks.extend(ordered.get(start..));
    for chunk in chunks {
        let parsed: Vec<(Option<serde_json::Value>, Vec<crate::diag::InputError>)> = chunk
            .par_iter()
            .map(|source| {
                let mut found = Vec::new();
                let value = parse_json(&source.name, &source.bytes, &mut found);
                (value, found)
            })
            .collect();
        for (source, (value, found)) in chunk.iter().zip(parsed) {
            errors.extend(found);
            if let Some(value) = value {
                read(&source.name, &value);
            }
        }
    }
}

/// How many files are parsed at once ([`each_file`])…
const PARSE_CHUNK: usize = 16;

/// …and how many bytes of them, unless one file alone is larger: memory stays
/// that of the largest document, not of all of them.
const PARSE_BYTES: usize = 8 << 20;

/// Parses one input file as JSON. A syntax error is an input error with the
/// file, line and column (the tool cannot import a file it cannot read): it is
/// pushed onto `errors` and `None` is returned.
pub fn parse_json(
    name: &str,
    bytes: &[u8],
    errors: &mut Vec<crate::diag::InputError>,
) -> Option<serde_json::Value> {
    use crate::diag::{InputError, Location};
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let located = |line: Option<usize>, column: Option<usize>, message: String| InputError {
        location: Location {
            file: name.to_string(),
            pointer: String::new(),
            line,
            column,
        },
        message,
        hint: Some("the importer reads the JSON the tool printed, unchanged".to_string()),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        errors.push(located(None, None, "the file is empty".to_string()));
        return None;
    }
    match serde_json::from_slice(bytes) {
        Ok(value) => Some(value),
        Err(error) => {
            let full = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            let bare = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
            let position = (error.line() > 0).then_some(error.line());
            errors.push(located(
                position,
                position.map(|_| error.column().max(1)),
                format!("malformed JSON: {bare}"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod parallel_json_tests {
    use super::*;

    #[test]
    fn the_parallel_writer_writes_the_same_bytes() {
        let inventory = crate::generate::generate(&crate::generate::GenSpec::small());
        assert_eq!(
            inventory_to_sorted_json(&inventory),
            to_sorted_json(&inventory)
        );
        let empty = Inventory {
            version: 1,
            ..Inventory::default()
        };
        assert_eq!(inventory_to_sorted_json(&empty), to_sorted_json(&empty));
    }
}
