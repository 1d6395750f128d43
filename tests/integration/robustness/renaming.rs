//! (b) Renaming and (d) shuffling: the report is unchanged when every id is
//! renamed or every list shuffled, on the small networks and on small networks of
//! the synthetic generator.

use super::*;

// ---------------------------------------------------------------------------
// (b) Renaming and (d) shuffling, on the small networks above and on small
// networks of the synthetic generator (transit routers, NAT, VBRs, data
// centers, ECS, security groups, faults).

/// A small network of `netreach::generate` with a random seed.
pub(super) fn generated(seed: u64) -> Value {
    let spec = GenSpec {
        seed,
        regions: 2,
        vpcs: 6,
        vswitches_per_vpc: 3,
        resource_groups: 2,
        data_sources: 8,
        fault_rate: 0.3,
    };
    serde_json::to_value(generate(&spec)).unwrap()
}

/// Every id of the inventory (the `id` of every element of every list).
pub(super) fn ids(value: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for list in value.as_object().unwrap().values() {
        if let Some(items) = list.as_array() {
            for item in items {
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    found.insert(id.to_string());
                }
            }
        }
    }
    found
}

/// Replaces every string equal to a key of `map` (ids and references alike).
pub(super) fn rename_strings(value: &mut Value, map: &BTreeMap<String, String>) {
    match value {
        Value::String(text) => {
            if let Some(new) = map.get(text.as_str()) {
                *text = new.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rename_strings(i, map)),
        Value::Object(members) => members.values_mut().for_each(|m| rename_strings(m, map)),
        _ => {}
    }
}

/// A consistent renaming of every id that keeps their order (reports sort by
/// id): each id keeps its kind prefix (up to its first `-`), then its rank
/// among all ids, fixed width, then random letters (some not ASCII).
pub(super) fn renaming(ids: &BTreeSet<String>, rng: &mut Rng) -> BTreeMap<String, String> {
    const LETTERS: [&str; 8] = ["q", "z", "x", "k", "é", "ß", "中", "ω"];
    ids.iter()
        .enumerate()
        .map(|(rank, id)| {
            let prefix = id.split_once('-').map_or("", |(p, _)| p);
            let mut new = format!("{prefix}-{rank:05}");
            for _ in 0..1 + rng.below(6) {
                new.push_str(rng.pick::<&str>(&LETTERS));
            }
            (id.clone(), new)
        })
        .collect()
}

pub(super) fn check_renaming(original: &Value, seed: u64) -> Result<(), TestCaseError> {
    let map = renaming(&ids(original), &mut Rng(seed));
    let mut renamed = original.clone();
    rename_strings(&mut renamed, &map);
    let mut back = report(&renamed);
    // longest first, so that no new id is replaced inside a longer one
    let mut pairs: Vec<(&String, &String)> = map.iter().collect();
    pairs.sort_by_key(|(_, new)| std::cmp::Reverse(new.len()));
    for (old, new) in pairs {
        back = back.replace(new.as_str(), old);
    }
    let expected = report(original);
    prop_assert!(
        expected == back,
        "the report changed under renaming; first difference at byte {}\nexpected: {}\ngot:      {}",
        first_difference(&expected, &back),
        excerpt(&expected, &back),
        excerpt(&back, &expected)
    );
    Ok(())
}

pub(super) fn first_difference(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

pub(super) fn excerpt(a: &str, b: &str) -> String {
    let at = first_difference(a, b);
    let start = at.saturating_sub(200);
    a.char_indices()
        .skip_while(|(i, _)| *i < start)
        .take_while(|(i, _)| *i < at + 200)
        .map(|(_, c)| c)
        .collect()
}

/// Shuffles every array of the document, deterministically, except a VPC's
/// `cidrs`, whose first element is its primary CIDR.
pub(super) fn shuffle(value: &mut Value, rng: &mut Rng, key: &str) {
    match value {
        Value::Array(items) => {
            for item in items.iter_mut() {
                shuffle(item, rng, "");
            }
            if key != "cidrs" {
                for i in (1..items.len()).rev() {
                    items.swap(i, rng.below(i + 1));
                }
            }
        }
        Value::Object(members) => {
            for (k, member) in members.iter_mut() {
                shuffle(member, rng, k);
            }
        }
        _ => {}
    }
}

pub(super) fn check_shuffle(original: &Value, seed: u64) -> Result<(), TestCaseError> {
    let mut shuffled = original.clone();
    shuffle(&mut shuffled, &mut Rng(seed), "");
    let (expected, got) = (report(original), report(&shuffled));
    prop_assert!(
        expected == got,
        "the report changed under shuffling; first difference at byte {}\nexpected: {}\ngot:      {}",
        first_difference(&expected, &got),
        excerpt(&expected, &got),
        excerpt(&got, &expected)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn report_is_unchanged_under_consistent_renaming(seed in any::<u64>()) {
        check_renaming(&net_json(&random_net(&mut Rng(seed))), seed)?;
    }

    #[test]
    fn report_is_unchanged_when_lists_are_shuffled(seed in any::<u64>()) {
        check_shuffle(&net_json(&random_net(&mut Rng(seed))), seed)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn generated_networks_are_unchanged_under_renaming(seed in any::<u64>()) {
        check_renaming(&generated(seed), seed)?;
    }

    #[test]
    fn generated_networks_are_unchanged_when_shuffled(seed in any::<u64>()) {
        check_shuffle(&generated(seed), seed)?;
    }
}
