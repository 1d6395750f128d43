//! The synthetic inventory generator (`netreach::generate`): its inventories
//! load and validate, are the same for the same seed and differ for another,
//! and every pair gets the verdict its fault tags announce (module docs of
//! `src/generate/mod.rs`): reachable when no fault touches it, otherwise
//! unreachable with only the tagged codes as blocking findings.

use std::collections::BTreeSet;

use netreach::findings::{Class, Code};
use netreach::generate::{generate, GenSpec, FAULT_TAG};
use netreach::model::{DataSource, Inventory, ResourceGroup};
use netreach::overlap::Scope;
use netreach::reach::{Engine, Verdict};
use netreach::route::Routing;
use netreach::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

use super::util::analyse_text;

fn bytes(spec: &GenSpec) -> Vec<u8> {
    serde_json::to_vec(&generate(spec)).unwrap()
}

/// Through the JSON text and the loader, as the CLI would read a generated file.
fn analyse(spec: &GenSpec) -> (Inventory, ValidInventory, Routing) {
    let text = String::from_utf8(bytes(spec)).unwrap();
    let analysis = analyse_text("generated.json", &text, Scope::Check);
    (analysis.loaded.inventory, analysis.valid, analysis.routing)
}

fn location_kind(ds: &DataSource) -> &'static str {
    let l = &ds.location;
    if l.vpc.is_some() {
        "vpc"
    } else if l.ecs_instance.is_some() {
        "ecs_instance"
    } else if l.data_center.is_some() {
        "data_center"
    } else if l.internet.is_some() {
        "internet"
    } else {
        "classic"
    }
}

/// The codes the generator announces for a pair.
fn announced(rg: &ResourceGroup, ds: &DataSource) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    if let Some(code) = ds.tags.as_ref().and_then(|t| t.get(FAULT_TAG)) {
        codes.insert(code.clone());
    }
    let key = format!("{FAULT_TAG}/{}", location_kind(ds));
    if let Some(code) = rg.tags.as_ref().and_then(|t| t.get(&key)) {
        codes.insert(code.clone());
    }
    codes
}

/// Checks every pair against its tags; returns the blocking codes seen and the verdict counts.
fn check_all(spec: &GenSpec) -> (BTreeSet<String>, [usize; 3]) {
    let (inventory, valid, routing) = analyse(spec);
    let engine = Engine::new(&valid, &routing);
    let mut seen = BTreeSet::new();
    let mut counts = [0usize; 3];
    for (g, group) in valid.resource_groups.iter().enumerate() {
        let rg = inventory
            .resource_groups
            .iter()
            .find(|r| r.id == group.id)
            .unwrap();
        for (d, source) in valid.data_sources.iter().enumerate() {
            let ds = inventory
                .data_sources
                .iter()
                .find(|s| s.id == source.id)
                .unwrap();
            let pair = engine.check_pair(ResourceGroupIx::at(g), DataSourceIx::at(d));
            let blocking: BTreeSet<String> = pair
                .findings
                .iter()
                .filter(|f| f.code.class() == Class::Blocking)
                .map(|f| f.code.as_str().to_string())
                .collect();
            let expected = announced(rg, ds);
            let context = format!(
                "{} -> {}: {:?} {:?}",
                rg.id, ds.id, pair.verdict, pair.findings
            );
            if expected.is_empty() {
                assert_eq!(pair.verdict, Verdict::Reachable, "{context}");
            } else {
                assert_eq!(pair.verdict, Verdict::Unreachable, "{context}");
                assert!(
                    !blocking.is_empty() && blocking.is_subset(&expected),
                    "expected {expected:?}: {context}"
                );
            }
            counts[match pair.verdict {
                Verdict::Reachable => 0,
                Verdict::Unreachable => 1,
                Verdict::Unknown => 2,
            }] += 1;
            seen.extend(blocking);
        }
    }
    (seen, counts)
}

#[test]
fn presets_have_their_sizes() {
    for spec in [GenSpec::small(), GenSpec::medium(), GenSpec::large()] {
        let inventory = generate(&spec);
        assert_eq!(inventory.vpcs.len(), spec.vpcs);
        assert_eq!(
            inventory.vswitches.len(),
            spec.vpcs * spec.vswitches_per_vpc
        );
        assert_eq!(inventory.resource_groups.len(), spec.resource_groups);
        assert_eq!(inventory.data_sources.len(), spec.data_sources);
        assert_eq!(inventory.transit_routers.len(), spec.regions);
    }
    let xlarge = GenSpec::xlarge();
    assert_eq!(
        (xlarge.vpcs, xlarge.vpcs * xlarge.vswitches_per_vpc),
        (4_000, 32_000)
    );
    assert_eq!((xlarge.resource_groups, xlarge.data_sources), (200, 20_000));
}

#[test]
fn small_and_medium_validate_without_inventory_findings() {
    for spec in [GenSpec::small(), GenSpec::medium()] {
        let (_, valid, routing) = analyse(&spec);
        assert!(valid.findings.is_empty(), "{:?}", valid.findings);
        assert!(routing.findings.is_empty(), "{:?}", routing.findings);
        let overlaps = netreach::overlap::audit(&valid, &routing, false);
        assert!(
            !overlaps.iter().any(|f| f.code == Code::CidrOverlap),
            "{overlaps:?}"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    for spec in [GenSpec::small(), GenSpec::medium()] {
        assert_eq!(bytes(&spec), bytes(&spec));
        assert_ne!(bytes(&spec), bytes(&spec.with_seed(spec.seed + 1)));
    }
}

#[test]
fn small_pairs_get_the_announced_verdicts() {
    let (seen, [reachable, unreachable, unknown]) = check_all(&GenSpec::small());
    assert!(
        reachable > 0 && unreachable > 0 && unknown == 0,
        "{reachable} {unreachable} {unknown}"
    );
    assert!(seen.len() >= 3, "{seen:?}");
}

#[test]
fn medium_pairs_get_the_announced_verdicts_and_every_fault_shows() {
    let (seen, [reachable, unreachable, unknown]) = check_all(&GenSpec::medium());
    assert!(
        reachable > unreachable && unreachable > 0 && unknown == 0,
        "{reachable} {unreachable} {unknown}"
    );
    let every: BTreeSet<String> = [
        "whitelist-missing",
        "return-route-missing",
        "tr-attachment-inactive",
        "tr-attachment-not-associated",
        "security-group-denied",
        "snat-missing",
        "rg-route-missing",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(seen, every);
}

#[test]
fn no_faults_means_every_pair_reachable() {
    let spec = GenSpec {
        fault_rate: 0.0,
        ..GenSpec::small()
    };
    let (seen, [reachable, unreachable, unknown]) = check_all(&spec);
    assert!(seen.is_empty(), "{seen:?}");
    assert_eq!(
        (reachable, unreachable, unknown),
        (spec.resource_groups * spec.data_sources, 0, 0)
    );
}
