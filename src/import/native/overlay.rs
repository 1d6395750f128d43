//! Overlays: files that amend a loaded inventory by id, each element an RFC 7386
//! JSON Merge Patch of the element with that id (or a new element). Every
//! element an overlay touched is located at the overlay from then on.

use super::*;

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

/// One overlay element: its index in its list, its id and the patch.
pub(super) type Patch = (usize, String, Value);

/// Applies one parsed overlay; returns its problems (nothing is applied when
/// the file itself is malformed).
pub(super) fn overlay(loaded: &mut Loaded, value: Value, file_index: usize) -> Vec<Problem> {
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
pub(super) fn overlay_list<T: serde::Serialize + DeserializeOwned>(
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
