//! (e) Proved fixes (semantics S10.2, S10.7): the plan of `netreach fix` for every
//! pair, applied as the JSON Patch it is, never makes a pair worse, and every pair
//! it claims is reachable afterwards.

use super::*;

// ---------------------------------------------------------------------------
// (e) Proved fixes (semantics S10.2, S10.7): on random networks, the plan of
// `netreach fix` for every pair, applied as the JSON Patch it is, never makes a
// pair's verdict worse, and every pair it claims is reachable afterwards.

pub(super) fn verdict_rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Reachable => 0,
        Verdict::Unknown => 1,
        Verdict::Unreachable => 2,
    }
}

/// `value` loaded, validated and routed (a valid inventory).
fn analysed(value: &Value) -> netreach::analysis::Analysis {
    netreach::analysis::analyse(
        load(source(value)).unwrap(),
        netreach::overlap::Scope::Check,
    )
    .unwrap()
}

pub(super) fn check_plan(value: &Value) -> Result<usize, TestCaseError> {
    check_plan_of(value, 1)
}

/// [`check_plan`] for the plan of every `step`-th pair only: the other pairs
/// are bystanders the prover checks lazily (only those a change can affect),
/// and none of them may get worse either (semantics S10.2).
pub(super) fn check_plan_of(value: &Value, step: usize) -> Result<usize, TestCaseError> {
    let analysis = analysed(value);
    let (v, routing, inventory) = (
        &analysis.valid,
        &analysis.routing,
        &analysis.loaded.inventory,
    );
    let before = netreach::reach::check_all(v, routing);
    let selected: Vec<_> = analysis.all_pairs().into_iter().step_by(step).collect();
    let plan = analysis.plan(&selected);
    let patch: json_patch::Patch =
        serde_json::from_value(Value::Array(plan.patch(inventory))).unwrap();
    let mut document = serde_json::to_value(inventory).unwrap();
    json_patch::patch(&mut document, &patch).unwrap();
    let patched = load(source(&document)).unwrap();
    let w = validate(&patched.inventory, &patched.sources).unwrap();
    let after = netreach::reach::check_all(&w, &route::build(&w));
    let after: BTreeMap<(String, String), Verdict> = after
        .into_iter()
        .map(|p| ((p.resource_group, p.data_source), p.verdict))
        .collect();
    for pair in &before {
        let key = (pair.resource_group.clone(), pair.data_source.clone());
        let now = after.get(&key).copied();
        prop_assert!(
            now.is_some_and(|now| verdict_rank(now) <= verdict_rank(pair.verdict)),
            "{} -> {} got worse: {:?} -> {:?}\nplan: {}\ninventory: {}",
            key.0,
            key.1,
            pair.verdict,
            now,
            serde_json::to_string_pretty(&plan.patch(inventory)).unwrap(),
            serde_json::to_string_pretty(value).unwrap()
        );
    }
    for key in &plan.reachable() {
        prop_assert_eq!(
            after.get(key).copied(),
            Some(Verdict::Reachable),
            "{} -> {} is claimed reachable after the plan",
            &key.0,
            &key.1
        );
    }
    Ok(plan.reachable_count())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_plan_never_makes_a_pair_worse_on_peering_networks(seed in any::<u64>()) {
        let n = random_net(&mut Rng(seed));
        check_plan(&net_json(&n))?;
    }

    #[test]
    fn a_plan_never_makes_a_pair_worse_on_generated_networks(seed in any::<u64>()) {
        check_plan(&generated(seed))?;
    }

    #[test]
    fn a_plan_for_some_pairs_never_makes_another_pair_worse(seed in any::<u64>(), step in 2usize..5) {
        check_plan_of(&generated(seed), step)?;
        let n = random_net(&mut Rng(seed));
        check_plan_of(&net_json(&n), step)?;
    }
}

/// The plans above are not empty: on these seeds they fix pairs.
#[test]
fn plans_fix_pairs_of_random_networks() {
    let mut fixed = 0;
    for seed in 0..20 {
        fixed += check_plan(&generated(seed)).unwrap();
        fixed += check_plan(&net_json(&random_net(&mut Rng(seed)))).unwrap();
    }
    assert!(fixed >= 10, "only {fixed} pairs fixed");
}

// ---------------------------------------------------------------------------
// The prover's first pass and rechecks take the report of a pair from the
// pair of an alike group (same binding, kind and public address) where the
// group's id, scenario and route list cannot change it: the plan and every
// report must be those of checking each pair alone.

/// `value` with every resource group written four times: as it is, as a
/// copy with the same bindings (an alike group), as a copy whose route
/// lists cover only 192.168.255.0/24 (alike but for its route list, so its
/// pairs toward private addresses outside its VPC are not the first's), and
/// as a copy in another account (alike, with scenarios of its own).
fn with_alike_groups(value: &Value) -> Value {
    let mut value = value.clone();
    let Some(groups) = value
        .get_mut("resource_groups")
        .and_then(Value::as_array_mut)
    else {
        return value;
    };
    let mut copies = Vec::new();
    for group in groups.iter() {
        let id = group["id"].as_str().unwrap_or_default();
        let mut alike = group.clone();
        alike["id"] = json!(format!("{id}-alike"));
        alike["name"] = json!(format!("{id} alike"));
        copies.push(alike);
        let mut narrow = group.clone();
        narrow["id"] = json!(format!("{id}-narrow"));
        narrow["name"] = json!(format!("{id} narrow"));
        if let Some(networks) = narrow.get_mut("networks").and_then(Value::as_array_mut) {
            for network in networks {
                network["routes"] = json!(["192.168.255.0/24"]);
            }
        }
        copies.push(narrow);
        // Alike for a walk, in another account: its pairs' scenarios are its own
        // (semantics S8.14), not the first group's.
        let mut other = group.clone();
        other["id"] = json!(format!("{id}-other"));
        other["name"] = json!(format!("{id} other"));
        other["account"] = json!("1999999999999999");
        copies.push(other);
    }
    groups.extend(copies);
    let accounts = value
        .as_object_mut()
        .map(|o| o.entry("accounts").or_insert(json!([])));
    if let Some(Value::Array(accounts)) = accounts {
        accounts.push(json!({"id": "1999999999999999", "name": "another account"}));
    }
    value
}

/// The plan for every pair of `value`, proved with alike groups sharing
/// their walks and with every pair alone: the same changes, and the same
/// report (fixes and decisions included) for every pair.
fn check_sharing(value: &Value) -> Result<usize, TestCaseError> {
    let analysis = analysed(value);
    let (v, routing, inventory) = (
        &analysis.valid,
        &analysis.routing,
        &analysis.loaded.inventory,
    );
    let all = analysis.all_pairs();
    let shared = netreach::reach::prove::plan_sharing(inventory, v, routing, &all, true);
    let alone = netreach::reach::prove::plan_sharing(inventory, v, routing, &all, false);
    prop_assert_eq!(shared.patch(inventory), alone.patch(inventory));
    let engine = Engine::new(v, routing).with_memo(MemoMode::Off);
    let (a, b) = (shared.reports(&engine, &all), alone.reports(&engine, &all));
    for (a, b) in a.iter().zip(&b) {
        prop_assert_eq!(a, b);
    }
    Ok(a.iter().filter(|r| !r.fixes.is_empty()).count())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn alike_groups_share_walks_without_changing_a_plan(seed in any::<u64>()) {
        check_sharing(&with_alike_groups(&generated(seed)))?;
        check_sharing(&with_alike_groups(&net_json(&random_net(&mut Rng(seed)))))?;
    }
}

/// The networks above have fixes to share: the comparison is not of empty plans.
#[test]
fn alike_groups_have_fixes_to_share() {
    let mut fixed = 0;
    for seed in 0..12 {
        fixed += check_sharing(&with_alike_groups(&generated(seed))).unwrap();
    }
    assert!(fixed >= 6, "only {fixed} pairs with fixes");
}
