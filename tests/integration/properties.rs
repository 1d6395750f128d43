//! Property tests of the routing core: longest-prefix match against a linear
//! scan, range splitting against per-address lookups, and the whole report
//! unchanged when every list of an inventory is shuffled.

use ipnet::Ipv4Net;
use netreach::import::native::{load, Source};
use netreach::route::{self, VpcMatch, VpcRoute};
use netreach::validate::{validate, VpcIx};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A VPC 10.0.0.0/8 with vSwitches 10.<i>.0.0/24 for the given `i`s and written
/// routes to a NAT gateway for the given prefixes (those inside a vSwitch or
/// 100.64.0.0/10 are dropped by validation's rule and must lose to it).
fn inventory(vswitch_octets: &[u8], routes: &[(u32, u8)]) -> Value {
    let mut octets: Vec<u8> = vswitch_octets.iter().map(|o| o % 200 + 1).collect();
    octets.sort();
    octets.dedup();
    let vswitches: Vec<Value> = octets
        .iter()
        .map(
            |o| json!({"id": format!("vsw-{o}"), "vpc": "vpc-a", "cidr": format!("10.{o}.0.0/24")}),
        )
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let written: Vec<Value> = routes
        .iter()
        .filter_map(|(address, len)| {
            let net = Ipv4Net::new((*address).into(), *len).ok()?.trunc();
            seen.insert(net).then(|| json!({"destination": net.to_string(), "next_hop": {"type": "nat_gateway", "id": "ngw-a"}}))
        })
        .collect();
    json!({
        "version": 1,
        "vpcs": [{"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.0.0.0/8"]}],
        "vswitches": if vswitches.is_empty() { vec![json!({"id": "vsw-0", "vpc": "vpc-a", "cidr": "10.0.0.0/24"})] } else { vswitches },
        "route_tables": [{"id": "vtb-a", "vpc": "vpc-a", "kind": "system", "routes": written}],
        "nat_gateways": [{"id": "ngw-a", "vpc": "vpc-a", "vswitch": if octets.is_empty() { "vsw-0".to_string() } else { format!("vsw-{}", octets[0]) }, "type": "internet", "snat_entries": []}]
    })
}

fn valid(value: &Value) -> netreach::validate::ValidInventory {
    let loaded = load(vec![Source {
        name: "p.json".into(),
        bytes: value.to_string().into_bytes(),
    }])
    .unwrap();
    validate(&loaded.inventory, &loaded.sources).unwrap()
}

/// The naive twin: scan every route of the table (implied local routes and
/// 100.64.0.0/10 included) and keep the longest that holds the address.
fn linear(value: &Value, address: u32) -> Option<u8> {
    let address = std::net::Ipv4Addr::from(address);
    let mut local: Vec<Ipv4Net> = value["vswitches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["cidr"].as_str().unwrap().parse().unwrap())
        .collect();
    local.push("100.64.0.0/10".parse().unwrap());
    let written = value["route_tables"][0]["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["destination"]
                .as_str()
                .unwrap()
                .parse::<Ipv4Net>()
                .unwrap()
        })
        // routes inside a vSwitch CIDR or 100.64.0.0/10 are invalid and ignored
        .filter(|r| !local.iter().any(|l| l.contains(r)));
    local
        .iter()
        .copied()
        .chain(written)
        .filter(|n| n.contains(&address))
        .map(|n| n.prefix_len())
        .max()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn longest_prefix_match_agrees_with_linear_scan(
        octets in proptest::collection::vec(any::<u8>(), 0..6),
        routes in proptest::collection::vec((any::<u32>(), 0u8..=32), 0..24),
        probes in proptest::collection::vec(any::<u32>(), 1..16),
    ) {
        let value = inventory(&octets, &routes);
        let v = valid(&value);
        let routing = route::build(&v);
        let table = v.vpcs[VpcIx(0)].system_table;
        let mut addresses = probes.clone();
        // probe inside the vSwitches and the routes too, not only at random
        addresses.extend(routes.iter().map(|(a, _)| *a));
        addresses.extend(octets.iter().map(|o| u32::from(std::net::Ipv4Addr::new(10, o % 200 + 1, 0, 7))));
        for address in addresses {
            let got = routing.lookup_vpc(&v, table, Ipv4Net::from(std::net::Ipv4Addr::from(address))).map(|(p, _)| p.prefix_len());
            prop_assert_eq!(got, linear(&value, address), "address {}", std::net::Ipv4Addr::from(address));
        }
    }

    #[test]
    fn split_parts_cover_the_range_and_each_takes_one_route(
        octets in proptest::collection::vec(any::<u8>(), 0..6),
        routes in proptest::collection::vec((any::<u32>(), 8u8..=30), 0..16),
        base in any::<u32>(),
        len in 8u8..=24,
    ) {
        let value = inventory(&octets, &routes);
        let v = valid(&value);
        let routing = route::build(&v);
        let table = v.vpcs[VpcIx(0)].system_table;
        let range = Ipv4Net::new(base.into(), len).unwrap().trunc();
        let parts = route::split(range, &|p| routing.vpc_has_inside(&v, table, p));
        let total: u64 = parts.iter().map(|p| 1u64 << (32 - p.prefix_len())).sum();
        prop_assert_eq!(total, 1u64 << (32 - len));
        for part in &parts {
            prop_assert!(range.contains(part));
            let whole = routing.lookup_vpc(&v, table, *part).map(|(p, _)| p);
            for probe in [part.network(), part.broadcast()] {
                let one = routing.lookup_vpc(&v, table, Ipv4Net::from(probe)).map(|(p, _)| p);
                prop_assert_eq!(whole, one, "part {} probe {}", part, probe);
            }
        }
    }
}

#[test]
fn local_routes_beat_everything_inside_a_vswitch() {
    let value = inventory(
        &[5],
        &[
            (u32::from(std::net::Ipv4Addr::new(10, 6, 0, 0)), 24),
            (0, 0),
        ],
    );
    let v = valid(&value);
    let routing = route::build(&v);
    let table = v.vpcs[VpcIx(0)].system_table;
    let hit = routing
        .lookup_vpc(&v, table, "10.6.0.9/32".parse().unwrap())
        .unwrap();
    assert!(
        matches!(hit.1, VpcMatch::Own(VpcRoute::Local(_))),
        "{hit:?}"
    );
}

/// Shuffles every array of a JSON document, deterministically from `seed`.
fn shuffle(value: &mut Value, seed: &mut u64) {
    match value {
        Value::Array(items) => {
            for item in items.iter_mut() {
                shuffle(item, seed);
            }
            for i in (1..items.len()).rev() {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let j = (*seed >> 33) as usize % (i + 1);
                items.swap(i, j);
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                shuffle(item, seed);
            }
        }
        _ => {}
    }
}

fn full_report(value: &Value) -> String {
    let v = valid(value);
    let routing = route::build(&v);
    let pairs = netreach::reach::check_all(&v, &routing);
    let findings =
        netreach::overlap::inventory_findings(&v, &routing, netreach::overlap::Scope::Check);
    netreach::render::json::check(&pairs, &findings)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn report_is_unchanged_when_every_list_is_shuffled(seed in any::<u64>(), sample in 0usize..64) {
        let mut files: Vec<_> = std::fs::read_dir("samples").unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("expected.json"))
            .collect();
        files.sort();
        let file = &files[sample % files.len()];
        let original: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let mut shuffled = original.clone();
        let mut state = seed;
        shuffle(&mut shuffled, &mut state);
        prop_assert_eq!(full_report(&original), full_report(&shuffled), "{}", file.display());
    }
}
