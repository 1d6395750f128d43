//! One element of a list deserialized on its own: each problem (an unknown
//! field, a value of the wrong type) is reported with its JSON pointer, the
//! offending member removed (or given a stand-in) and the element tried again,
//! so that several problems of one element are reported together.

use super::messages::{api_spelling, classify, domain_of, one_of, reword_expected, Serde};
use super::*;

/// One step of a path inside an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

pub(super) fn pointer_of(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", escape_segment(key)),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

pub(super) fn value_at<'a>(mut value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
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
pub(super) fn remove_member(value: &mut Value, steps: &[Step]) -> bool {
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
pub(super) fn element<T: DeserializeOwned>(
    mut item: Value,
) -> (Option<T>, Vec<Problem>, Vec<String>) {
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
pub(super) fn steps_of(path: &serde_path_to_error::Path) -> Option<Vec<Step>> {
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
pub(super) fn stand_in<T: DeserializeOwned>(
    item: &mut Value,
    object: &[Step],
    field: &str,
) -> bool {
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

pub(super) fn value_at_mut<'a>(mut value: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    for step in steps {
        value = match step {
            Step::Key(key) => value.as_object_mut()?.get_mut(key)?,
            Step::Index(index) => value.as_array_mut()?.get_mut(*index)?,
        };
    }
    Some(value)
}

/// The steps of a path but its last.
pub(super) fn parent_steps(steps: &[Step]) -> &[Step] {
    steps.split_last().map_or(steps, |(_, parent)| parent)
}
