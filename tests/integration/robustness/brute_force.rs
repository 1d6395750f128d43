//! (c) The brute-force twin: one address at a time, every route scanned; it
//! must agree with the engine on every pair of small random networks.

use super::*;

// ---------------------------------------------------------------------------
// (c) The brute-force twin: one address at a time, every route scanned.

/// Where a lookup sends an address.
pub(super) enum Step {
    /// Delivered in this VPC to this vSwitch.
    Local(usize),
    /// To these peerings (every branch must work).
    Peerings(Vec<usize>),
    /// No route.
    Nothing,
}

/// Longest-prefix match by linear scan over the table's effective routes: one
/// `local` route per vSwitch of its VPC, the written routes that are available
/// and not inside a vSwitch (those are invalid and ignored), and nothing else
/// in these networks (100.64.0.0/10 is never an address here).
pub(super) fn lookup(n: &Net, table: usize, address: Ipv4Addr) -> Step {
    let vpc = n.tables[table].vpc;
    let local = n
        .vswitches
        .iter()
        .enumerate()
        .filter(|(_, s)| s.vpc == vpc && s.cidr.contains(&address))
        .map(|(i, s)| (s.cidr.prefix_len(), Step::Local(i)));
    let written = n.tables[table]
        .routes
        .iter()
        .filter(|r| !r.pending && r.destination.contains(&address))
        .filter(|r| {
            !n.vswitches
                .iter()
                .any(|s| s.vpc == vpc && s.cidr.contains(&r.destination))
        })
        .map(|r| {
            (
                r.destination.prefix_len(),
                Step::Peerings(r.peerings.clone()),
            )
        });
    local
        .chain(written)
        .max_by_key(|(len, _)| *len)
        .map_or(Step::Nothing, |(_, step)| step)
}

pub(super) fn table_of(n: &Net, vsw: usize) -> usize {
    n.vswitches[vsw]
        .custom
        .unwrap_or(n.vpcs[n.vswitches[vsw].vpc].system)
}

/// Routes `address` from `table` (traffic already inside a VPC): the vSwitches
/// it may be delivered to, or `None` if any branch fails. Over a peering,
/// traffic enters the peer's system table and may only be delivered locally.
pub(super) fn walk(n: &Net, table: usize, address: Ipv4Addr) -> Option<Vec<usize>> {
    match lookup(n, table, address) {
        Step::Local(vsw) => Some(vec![vsw]),
        Step::Nothing => None,
        Step::Peerings(peerings) => {
            let vpc = n.tables[table].vpc;
            let mut delivered = Vec::new();
            for p in peerings {
                let peering = &n.peerings[p];
                if !peering.activated {
                    return None;
                }
                let other = if peering.vpc == vpc {
                    peering.peer
                } else {
                    peering.vpc
                };
                match lookup(n, n.vpcs[other].system, address) {
                    Step::Local(vsw) => delivered.push(vsw),
                    _ => return None,
                }
            }
            Some(delivered)
        }
    }
}

pub(super) fn private(address: Ipv4Addr) -> bool {
    [
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
    ]
    .iter()
    .any(|r| net(r).contains(&address))
}

/// Whether the pair is reachable through one binding.
pub(super) fn reference_binding(
    n: &Net,
    vsw: usize,
    routes: &Option<Vec<Ipv4Net>>,
    ds: &NSource,
) -> bool {
    let source_vsw = &n.vswitches[vsw];
    let source_vpc = &n.vpcs[source_vsw.vpc];
    // semantics S3.1: the route list covers a private destination outside the bound VPC.
    if let Some(routes) = routes {
        if private(ds.ip)
            && !source_vpc.cidr.contains(&ds.ip)
            && !routes.iter().any(|r| r.contains(&ds.ip))
        {
            return false;
        }
    }
    // semantics S3, S4.2: every branch arrives in the data source's VPC.
    let Some(arrived) = walk(n, table_of(n, vsw), ds.ip) else {
        return false;
    };
    if arrived.iter().any(|s| n.vswitches[*s].vpc != ds.vpc) {
        return false;
    }
    // semantics S4.3: the whitelist covers every address of the source vSwitch.
    let source_range = addresses(source_vsw.cidr);
    if let Some(whitelist) = &ds.whitelist {
        for address in source_range.clone() {
            if !whitelist.iter().any(|w| w.contains(&address)) {
                return false;
            }
        }
    }
    // semantics S5.2: every address of the source range comes back to the source vSwitch.
    let ds_vsw = n
        .vswitches
        .iter()
        .position(|s| s.vpc == ds.vpc && s.cidr.contains(&ds.ip))
        .unwrap();
    for address in source_range {
        match walk(n, table_of(n, ds_vsw), address) {
            Some(back) if back.iter().all(|s| *s == vsw) => {}
            _ => return false,
        }
    }
    true
}

/// Every address of the range, network and broadcast included.
pub(super) fn addresses(range: Ipv4Net) -> impl Iterator<Item = Ipv4Addr> + Clone {
    (u32::from(range.network())..=u32::from(range.broadcast())).map(Ipv4Addr::from)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_brute_force_on_small_networks(seed in any::<u64>()) {
        let n = random_net(&mut Rng(seed));
        let value = net_json(&n);
        let loaded = load(source(&value)).unwrap();
        let v = validate(&loaded.inventory, &loaded.sources).unwrap();
        let routing = route::build(&v);
        // Walks shared between pairs (issue 19) or not, the same reports.
        let engine = Engine::new(&v, &routing).with_memo(MemoMode::On);
        let alone = Engine::new(&v, &routing).with_memo(MemoMode::Off);
        for (g, group) in n.groups.iter().enumerate() {
            for (d, ds) in n.sources.iter().enumerate() {
                let expected = group
                    .bindings
                    .iter()
                    .any(|(vsw, routes)| reference_binding(&n, *vsw, routes, ds));
                let pair = engine.check_pair(ResourceGroupIx::at(g), DataSourceIx::at(d));
                let walked = alone.check_pair(ResourceGroupIx::at(g), DataSourceIx::at(d));
                prop_assert_eq!(&pair, &walked, "memo on and off differ");
                let got = pair.verdict;
                prop_assert_eq!(
                    got,
                    if expected { Verdict::Reachable } else { Verdict::Unreachable },
                    "{} -> {}: {:#?}\ninventory: {}",
                    group.id,
                    ds.id,
                    pair.findings,
                    serde_json::to_string_pretty(&value).unwrap()
                );
            }
        }
    }
}

/// On a generated account (every fault of the generator, data sources in VPCs,
/// on ECS, in data centers and on the internet), the engine sharing walks between
/// pairs gives every pair the report of the engine walking each pair alone,
/// and does share walks (issue 19).
#[test]
fn shared_walks_give_the_same_reports_on_a_generated_account() {
    let value = serde_json::to_value(generate(&GenSpec::medium())).unwrap();
    let loaded = load(source(&value)).unwrap();
    let v = validate(&loaded.inventory, &loaded.sources).unwrap();
    let routing = route::build(&v);
    let engine = Engine::new(&v, &routing).with_memo(MemoMode::On);
    let alone = Engine::new(&v, &routing).with_memo(MemoMode::Off);
    let sources = v.sources_by_id();
    for rg in v.groups_by_id() {
        for &ds in &sources {
            assert_eq!(engine.check_pair(rg, ds), alone.check_pair(rg, ds));
        }
    }
    assert_eq!(alone.shared_walks(), 0);
    let pairs = v.resource_groups.len() * sources.len();
    assert!(
        engine.shared_walks() > pairs / 4,
        "{} walks shared for {pairs} pairs",
        engine.shared_walks()
    );
}

/// The brute-force twin sees both outcomes, so agreement is not vacuous.
#[test]
fn brute_force_networks_have_both_verdicts() {
    let (mut reachable, mut unreachable) = (0, 0);
    for seed in 0..200 {
        let n = random_net(&mut Rng(seed));
        for group in &n.groups {
            for ds in &n.sources {
                if group
                    .bindings
                    .iter()
                    .any(|(vsw, routes)| reference_binding(&n, *vsw, routes, ds))
                {
                    reachable += 1;
                } else {
                    unreachable += 1;
                }
            }
        }
    }
    assert!(
        reachable >= 20 && unreachable >= 20,
        "{reachable} reachable, {unreachable} unreachable"
    );
}
