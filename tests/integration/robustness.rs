//! Robustness properties (issue 8), through the library:
//!
//! - any random inventory (random ids, references some of which dangle, CIDRs
//!   some of which are invalid, random statuses) gives exit 0, 1 or 2 and never
//!   panics (nothing is caught: a panic fails the test);
//! - on random valid small networks, the report is unchanged when every id is
//!   consistently renamed (ids mapped back before comparing) and when the lists
//!   are shuffled;
//! - an independent brute-force engine, written here, agrees with netreach's
//!   verdict on every pair of random networks of VPCs, vSwitches, peerings,
//!   static routes, route lists and whitelists.
//!
//! Random structures come from a seed and a small generator of their own (the
//! shapes are too interdependent for proptest's combinators); a failing case
//! prints its seed and its inventory.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use netreach::findings::Finding;
use netreach::generate::{generate, GenSpec};
use netreach::import::native::{load, Source};
use netreach::reach::{Engine, PairReport, Verdict};
use netreach::route;
use netreach::validate::{validate, DsIx, RgIx, ValidInventory};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// The random choices of one case, from its seed: the generator's SplitMix64
/// (`Rng(seed)`), with the two choices these tests add.
use netreach::generate::Random as Rng;

trait Choices {
    /// True with `percent` % probability.
    fn chance(&mut self, percent: usize) -> bool;

    /// One of `items` (not empty).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T;
}

impl Choices for Rng {
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// The library path of the CLI, and the report it prints.

fn source(value: &Value) -> Vec<Source> {
    vec![Source {
        name: "random.json".to_string(),
        bytes: serde_json::to_vec_pretty(value).unwrap(),
    }]
}

/// What `netreach check` would exit with, run through the library: 2 when the
/// input is refused (with at least one error), else 1 when a pair is not
/// reachable, else 0. Every report is rendered on the way.
fn exit_code(value: &Value) -> u8 {
    let loaded = match load(source(value)) {
        Ok(loaded) => loaded,
        Err(errors) => {
            assert!(!errors.is_empty());
            // The CLI's way: what could be read is validated too, in the
            // same run (issue 17); it never panics and never loses an error.
            let partial = netreach::import::native::load_partial(source(value));
            assert_eq!(partial.errors, errors);
            if let Some(loaded) = &partial.loaded {
                let more = netreach::validate::input_errors(
                    &loaded.inventory,
                    &loaded.sources,
                    &partial.unloaded,
                );
                for error in &more {
                    assert!(!error.to_string().is_empty());
                }
            }
            return 2;
        }
    };
    let v = match validate(&loaded.inventory, &loaded.sources) {
        Ok(v) => v,
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in &errors {
                assert!(!error.to_string().is_empty());
            }
            return 2;
        }
    };
    let (pairs, findings) = check_all(&v);
    let _ = netreach::render::json::check(&pairs, &findings);
    let _ = netreach::render::text::check(&pairs, &findings);
    if pairs.iter().all(|p| p.verdict == Verdict::Reachable) {
        0
    } else {
        1
    }
}

/// Every pair in group-id then data-source-id order, and every inventory-wide
/// finding (those of `audit --all-overlaps`, a superset of `check`'s).
fn check_all(v: &ValidInventory) -> (Vec<PairReport>, Vec<Finding>) {
    let routing = route::build(v);
    let pairs = netreach::reach::check_all(v, &routing);
    let findings = netreach::overlap::inventory_findings(
        v,
        &routing,
        netreach::overlap::Scope::Audit { all_overlaps: true },
    );
    (pairs, findings)
}

/// The JSON and text reports of a valid inventory.
fn report(value: &Value) -> String {
    let loaded = load(source(value)).unwrap();
    let v = validate(&loaded.inventory, &loaded.sources).unwrap_or_else(|errors| {
        panic!(
            "the generator made an invalid inventory: {}\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            serde_json::to_string_pretty(value).unwrap()
        )
    });
    let (pairs, findings) = check_all(&v);
    let mut out = netreach::render::json::check(&pairs, &findings);
    // The text with every message whole: where the text report cuts a long
    // line depends on the length of ids, which a renaming changes.
    out.push_str(&netreach::render::text::check_whole(&pairs, &findings));
    // The cut text keeps its lines (one per pair and finding); the count is
    // the same under any renaming.
    let lines = netreach::render::text::check(&pairs, &findings)
        .lines()
        .count();
    out.push_str(&format!("\n{lines} lines\n"));
    out
}

// ---------------------------------------------------------------------------
// (a) Random inventories: any shape, any reference, any value.

/// How many of each kind a random inventory has, and how often its values are bad.
struct Chaos {
    counts: BTreeMap<&'static str, usize>,
    /// Percent of values drawn from the bad pools.
    bad: usize,
}

const KINDS: [(&str, &str); 21] = [
    ("accounts", "acct"),
    ("vpcs", "vpc"),
    ("vswitches", "vsw"),
    ("route_tables", "vtb"),
    ("peering_connections", "pcc"),
    ("cens", "cen"),
    ("transit_routers", "tr"),
    ("tr_attachments", "tr-attach"),
    ("tr_route_tables", "vtb-tr"),
    ("nat_gateways", "ngw"),
    ("eips", "eip"),
    ("vpn_gateways", "vpn"),
    ("customer_gateways", "cgw"),
    ("vpn_connections", "vco"),
    ("vbrs", "vbr"),
    ("physical_connections", "pc"),
    ("data_centers", "idc"),
    ("ecs_instances", "i"),
    ("security_groups", "sg"),
    ("resource_groups", "rg"),
    ("data_sources", "ds"),
];

const GOOD_CIDRS: [&str; 13] = [
    "10.0.0.0/16",
    "10.0.1.0/24",
    "10.0.2.0/24",
    "10.1.0.0/16",
    "10.1.1.0/24",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "172.16.1.0/24",
    "192.168.0.0/24",
    "0.0.0.0/0",
    "10.0.1.5",
    "100.64.0.0/10",
    "47.96.0.0/16",
];
const BAD_CIDRS: [&str; 10] = [
    "10.0.0.1/16",
    "10.0.0.0/33",
    "300.0.0.0/8",
    "",
    "vpc-0",
    "2001:db8::/32",
    "::1",
    "10.0.0.0/-1",
    " 10.0.0.0/16",
    "10.0.0.0/016",
];
const GOOD_IPS: [&str; 10] = [
    "10.0.1.5",
    "10.0.2.9",
    "10.1.1.7",
    "192.168.0.10",
    "172.16.1.5",
    "47.96.1.2",
    "8.8.8.8",
    "100.64.1.1",
    "10.0.0.0",
    "255.255.255.255",
];
const BAD_IPS: [&str; 6] = [
    "10.0.1.0/24",
    "x",
    "10.0.1.256",
    "fe80::1",
    "2001:db8::7",
    "",
];
const NAMES: [&str; 5] = [
    "plain",
    "\u{1b}[31mred\u{1b}[0m",
    "line\nbreak\r\ttab",
    "数据 \"quoted\" <b>&amp;</b>",
    "\u{202e}evil\u{202c} \\ end",
];

impl Chaos {
    /// Which lists a case has (a profile: the core lists, plus NAT, plus ECS,
    /// or everything), how many of each, and how often values go bad.
    fn new(rng: &mut Rng) -> Chaos {
        let bad = *rng.pick(&[0, 0, 0, 2, 10, 30]);
        const CORE: [&str; 6] = [
            "vpcs",
            "vswitches",
            "route_tables",
            "peering_connections",
            "resource_groups",
            "data_sources",
        ];
        let extra: &[&str] = match rng.below(4) {
            0 => &[],
            1 => &["nat_gateways", "eips"],
            2 => &["ecs_instances", "security_groups", "accounts"],
            _ => &[
                "accounts",
                "cens",
                "transit_routers",
                "tr_attachments",
                "tr_route_tables",
                "nat_gateways",
                "eips",
                "vpn_gateways",
                "customer_gateways",
                "vpn_connections",
                "vbrs",
                "physical_connections",
                "data_centers",
                "ecs_instances",
                "security_groups",
            ],
        };
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (list, _) in KINDS {
            let n = if CORE.contains(&list) || extra.contains(&list) {
                rng.below(4)
            } else {
                0
            };
            counts.insert(list, n);
        }
        let vpcs = 1 + rng.below(3);
        counts.insert("vpcs", vpcs);
        // at least one vSwitch per VPC, so that vSwitch `i` of VPC `i % vpcs` exists
        counts.insert("vswitches", vpcs + rng.below(3));
        counts.insert("resource_groups", 1 + rng.below(2));
        counts.insert("data_sources", 1 + rng.below(3));
        if vpcs == 1 {
            counts.insert("peering_connections", 0);
        }
        Chaos { counts, bad }
    }

    fn bad(&self, rng: &mut Rng) -> bool {
        rng.chance(self.bad)
    }

    fn n(&self, list: &str) -> usize {
        self.counts[list]
    }

    fn has(&self, list: &str) -> bool {
        self.n(list) > 0
    }

    fn prefix(list: &str) -> &'static str {
        KINDS.iter().find(|(l, _)| *l == list).unwrap().1
    }

    /// The id of element `i` of `list`, or with chaos any reference at all
    /// (another kind, a missing id, not a string).
    fn id_of(&self, rng: &mut Rng, list: &str, i: usize) -> Value {
        if self.bad(rng) {
            let (other, prefix) = rng.pick(&KINDS);
            return match rng.below(3) {
                0 => json!(format!("{prefix}-{}", rng.below(self.n(other) + 1))),
                1 => json!("missing-9"),
                _ => json!(rng.below(3)),
            };
        }
        json!(format!("{}-{i}", Chaos::prefix(list)))
    }

    /// A reference to some element of `list`.
    fn reference(&self, rng: &mut Rng, list: &str) -> Value {
        let i = rng.below(self.n(list).max(1));
        self.id_of(rng, list, i)
    }

    fn references(&self, rng: &mut Rng, list: &str, max: usize) -> Value {
        if !self.has(list) {
            return json!([]);
        }
        Value::Array(
            (0..rng.below(max + 1))
                .map(|_| self.reference(rng, list))
                .collect(),
        )
    }

    /// References to some of the elements `indices` of `list`, each kept with
    /// `percent` % probability.
    fn some_of(&self, rng: &mut Rng, list: &str, indices: Vec<usize>, percent: usize) -> Value {
        let mut chosen = Vec::new();
        for i in indices {
            if rng.chance(percent) {
                chosen.push(self.id_of(rng, list, i));
            }
        }
        Value::Array(chosen)
    }

    /// The VPC of vSwitch `s` (vSwitch `s` is in VPC `s % vpcs`).
    fn vpc_of_vswitch(&self, s: usize) -> usize {
        s % self.n("vpcs")
    }

    /// The vSwitch of ECS instance `k`.
    fn vswitch_of_instance(&self, k: usize) -> usize {
        k % self.n("vswitches")
    }

    /// A CIDR: `good` unless chaos picks a bad one; now and then any good one.
    fn cidr_or(&self, rng: &mut Rng, good: String) -> Value {
        if self.bad(rng) {
            json!(rng.pick(&BAD_CIDRS))
        } else if rng.chance(10) {
            json!(rng.pick(&GOOD_CIDRS))
        } else {
            json!(good)
        }
    }

    fn cidr(&self, rng: &mut Rng) -> Value {
        let good = rng.pick(&GOOD_CIDRS).to_string();
        self.cidr_or(rng, good)
    }

    fn cidrs(&self, rng: &mut Rng, max: usize) -> Value {
        Value::Array((0..rng.below(max + 1)).map(|_| self.cidr(rng)).collect())
    }

    /// An address: `good` unless chaos picks a bad one; now and then any good one.
    fn ip_or(&self, rng: &mut Rng, good: String) -> Value {
        if self.bad(rng) {
            json!(rng.pick(&BAD_IPS))
        } else if rng.chance(10) {
            json!(rng.pick(&GOOD_IPS))
        } else {
            json!(good)
        }
    }

    fn ip(&self, rng: &mut Rng) -> Value {
        let good = rng.pick(&GOOD_IPS).to_string();
        self.ip_or(rng, good)
    }

    /// One of the enum's words, or with chaos a word that is not one.
    fn word(&self, rng: &mut Rng, words: &[&str]) -> Value {
        if self.bad(rng) {
            json!(rng.pick(&["weird", "ACTIVE", "", "1"]))
        } else {
            json!(rng.pick(words))
        }
    }

    fn region(&self, rng: &mut Rng) -> Value {
        json!(rng.pick(&["cn-hangzhou", "cn-shanghai", "cn-beijing"]))
    }

    /// The address of ECS instance `k`.
    fn instance_ip(&self, k: usize) -> String {
        let s = self.vswitch_of_instance(k);
        format!("10.{}.{s}.{}", self.vpc_of_vswitch(s), 10 + k)
    }

    /// Element `i` of `list`. The clean choices make a consistent network
    /// (vSwitch `s` in VPC `s % vpcs` with CIDR 10.<vpc>.<s>.0/24, the first
    /// `vpcs` route tables system tables, next hops in their table's VPC, data
    /// sources where their location says); chaos then breaks values.
    fn element(&self, rng: &mut Rng, list: &str, i: usize) -> Value {
        let mut o = Map::new();
        let id = if self.bad(rng) && i > 0 {
            // a duplicate id
            format!("{}-0", Chaos::prefix(list))
        } else {
            format!("{}-{i}", Chaos::prefix(list))
        };
        o.insert("id".into(), json!(id));
        let vpcs = self.n("vpcs");
        let mut put = |key: &str, value: Value| {
            o.insert(key.to_string(), value);
        };
        match list {
            "accounts" => {}
            "vpcs" => {
                put("region", self.region(rng));
                let mut cidrs = vec![self.cidr_or(rng, format!("10.{i}.0.0/16"))];
                if rng.chance(15) {
                    cidrs.push(self.cidr_or(rng, format!("172.16.{i}.0/24")));
                }
                put("cidrs", Value::Array(cidrs));
                if rng.chance(15) {
                    put("user_cidrs", self.cidrs(rng, 2));
                }
                if self.has("accounts") && rng.chance(50) {
                    put("account", self.reference(rng, "accounts"));
                }
            }
            "vswitches" => {
                let vpc = self.vpc_of_vswitch(i);
                put("vpc", self.id_of(rng, "vpcs", vpc));
                put("cidr", self.cidr_or(rng, format!("10.{vpc}.{i}.0/24")));
                // a custom table of the same VPC, if there is one
                let custom: Vec<usize> = (vpcs..self.n("route_tables"))
                    .filter(|t| t % vpcs == vpc)
                    .collect();
                if !custom.is_empty() && rng.chance(50) {
                    let t = *rng.pick(&custom);
                    put("route_table", self.id_of(rng, "route_tables", t));
                }
                if rng.chance(30) {
                    put("zone", json!("cn-hangzhou-h"));
                }
            }
            "route_tables" => {
                let vpc = i % vpcs;
                put("vpc", self.id_of(rng, "vpcs", vpc));
                let kind = if i < vpcs { "system" } else { "custom" };
                put("kind", self.word(rng, &[kind]));
                let mut seen = BTreeSet::new();
                let routes = (0..rng.below(4))
                    .filter_map(|_| {
                        let route = self.route(rng, vpc);
                        seen.insert(route["destination"].to_string())
                            .then_some(route)
                    })
                    .collect();
                put("routes", Value::Array(routes));
            }
            "peering_connections" => {
                put("vpc", self.id_of(rng, "vpcs", i % vpcs));
                put("peer_vpc", self.id_of(rng, "vpcs", (i + 1) % vpcs));
                put(
                    "status",
                    self.word(rng, &["activated", "activated", "accepting", "expired"]),
                );
                if rng.chance(20) {
                    put("bandwidth_mbps", json!(rng.below(1000)));
                }
            }
            "cens" => {
                let basic = rng.chance(50);
                put("edition", json!(if basic { "basic" } else { "enterprise" }));
                if basic {
                    let attachments = (0..rng.below(4))
                        .map(|_| {
                            let vbr = self.has("vbrs") && rng.chance(30);
                            let mut a = json!({
                                "instance": self.reference(rng, if vbr { "vbrs" } else { "vpcs" }),
                                "type": if vbr { "vbr" } else { "vpc" },
                            });
                            if rng.chance(30) {
                                a["region"] = self.region(rng);
                            }
                            a
                        })
                        .collect();
                    put("attachments", Value::Array(attachments));
                    let bandwidth = (0..rng.below(2))
                        .map(|_| {
                            let regions = if self.bad(rng) {
                                json!(["cn-hangzhou", "cn-hangzhou"])
                            } else {
                                json!(["cn-hangzhou", "cn-shanghai"])
                            };
                            json!({"regions": regions, "mbps": rng.below(3) * 10})
                        })
                        .collect();
                    put("bandwidth", Value::Array(bandwidth));
                }
            }
            "transit_routers" => {
                put("cen", self.reference(rng, "cens"));
                put("region", self.region(rng));
            }
            "tr_attachments" => {
                put("transit_router", self.reference(rng, "transit_routers"));
                let kinds: Vec<&str> = [
                    ("vpc", "vpcs"),
                    ("vbr", "vbrs"),
                    ("vpn", "vpn_connections"),
                    ("peer", "transit_routers"),
                ]
                .iter()
                .filter(|(_, target)| self.has(target))
                .map(|(kind, _)| *kind)
                .collect();
                let kind = *rng.pick(&kinds);
                put("type", json!(kind));
                let target = match kind {
                    "vpc" => "vpcs",
                    "vbr" => "vbrs",
                    "vpn" => "vpn_connections",
                    _ => "transit_routers",
                };
                let resource = rng.below(self.n(target));
                put("resource", self.id_of(rng, target, resource));
                if rng.chance(50) {
                    put(
                        "status",
                        self.word(rng, &["attached", "attached", "attaching", "detaching"]),
                    );
                }
                if kind == "vpc" {
                    let own: Vec<usize> = (0..self.n("vswitches"))
                        .filter(|s| self.vpc_of_vswitch(*s) == resource)
                        .collect();
                    put("vswitches", self.some_of(rng, "vswitches", own, 70));
                    put("route_sync", json!(rng.chance(50)));
                    if rng.chance(30) {
                        put("advertise", self.cidrs(rng, 2));
                    }
                }
                if kind == "peer" && rng.chance(50) {
                    put("bandwidth_mbps", json!(rng.below(3) * 50));
                }
            }
            "tr_route_tables" => {
                put("transit_router", self.reference(rng, "transit_routers"));
                if rng.chance(50) {
                    put("kind", self.word(rng, &["system", "custom"]));
                }
                // each attachment associated with at most one table: table i takes
                // the attachments congruent to it
                let mine =
                    (0..self.n("tr_attachments")).filter(|a| a % self.n("tr_route_tables") == i);
                put(
                    "associations",
                    self.some_of(rng, "tr_attachments", mine.collect(), 70),
                );
                put("propagations", self.references(rng, "tr_attachments", 3));
                let routes = (0..rng.below(3))
                    .map(|_| {
                        let next_hop = if rng.chance(20) || !self.has("tr_attachments") {
                            json!({"type": "blackhole"})
                        } else {
                            json!({"type": "attachment", "id": self.reference(rng, "tr_attachments")})
                        };
                        json!({"destination": self.cidr(rng), "next_hop": next_hop})
                    })
                    .collect();
                put("routes", Value::Array(routes));
            }
            "nat_gateways" => {
                let vpc = i % vpcs;
                put("vpc", self.id_of(rng, "vpcs", vpc));
                put("vswitch", self.id_of(rng, "vswitches", vpc));
                let internet = rng.chance(60);
                put("type", json!(if internet { "internet" } else { "vpc" }));
                if internet {
                    put("eips", self.references(rng, "eips", 2));
                } else {
                    put(
                        "nat_ips",
                        json!([self.ip_or(rng, format!("10.{vpc}.{vpc}.200"))]),
                    );
                }
                let entries = (0..rng.below(3))
                    .map(|_| {
                        let mut e = if rng.chance(50) {
                            json!({"source_vswitch": self.id_of(rng, "vswitches", vpc)})
                        } else {
                            json!({"source_cidr": self.cidr(rng)})
                        };
                        e["snat_ips"] = json!([self.ip(rng)]);
                        e
                    })
                    .collect();
                put("snat_entries", Value::Array(entries));
                if rng.chance(30) {
                    put("status", self.word(rng, &["available", "creating"]));
                }
            }
            "eips" => {
                put("ip", self.ip_or(rng, format!("47.96.0.{}", 1 + i)));
                if rng.chance(60) {
                    let owners: Vec<&str> = ["nat_gateways", "ecs_instances"]
                        .into_iter()
                        .filter(|l| self.has(l))
                        .collect();
                    if !owners.is_empty() {
                        let owner = *rng.pick(&owners);
                        put("bound_to", self.reference(rng, owner));
                    }
                }
            }
            "vpn_gateways" => {
                put("vpc", self.id_of(rng, "vpcs", i % vpcs));
                if rng.chance(50) {
                    put("status", self.word(rng, &["active", "init"]));
                }
            }
            "customer_gateways" => {
                put("ip", self.ip_or(rng, format!("203.0.113.{}", 1 + i)));
                if self.has("data_centers") && rng.chance(50) {
                    put("data_center", self.reference(rng, "data_centers"));
                }
            }
            "vpn_connections" => {
                if self.has("vpn_gateways") && (rng.chance(60) || !self.has("transit_routers")) {
                    put("vpn_gateway", self.reference(rng, "vpn_gateways"));
                } else if self.has("transit_routers") {
                    put("transit_router", self.reference(rng, "transit_routers"));
                }
                put("customer_gateway", self.reference(rng, "customer_gateways"));
                put("local_cidrs", self.cidrs(rng, 2));
                put("remote_cidrs", self.cidrs(rng, 2));
                put("status", self.word(rng, &["established", "down"]));
                if rng.chance(50) {
                    put("publish_to_vpc", json!(rng.chance(50)));
                }
            }
            "vbrs" => {
                put("region", self.region(rng));
                let pc = rng.below(self.n("physical_connections"));
                put(
                    "physical_connection",
                    self.id_of(rng, "physical_connections", pc),
                );
                put(
                    "status",
                    self.word(rng, &["active", "active", "terminated"]),
                );
                let routes = (0..rng.below(3))
                    .map(|_| json!({"destination": self.cidr(rng), "next_hop": {"type": "physical_connection", "id": self.id_of(rng, "physical_connections", pc)}}))
                    .collect();
                put("routes", Value::Array(routes));
            }
            "physical_connections" => {
                put(
                    "status",
                    self.word(rng, &["enabled", "enabled", "terminated"]),
                );
                if self.has("data_centers") && rng.chance(50) {
                    put("data_center", self.reference(rng, "data_centers"));
                }
            }
            "data_centers" => {
                put(
                    "cidrs",
                    json!([self.cidr_or(rng, format!("172.16.{i}.0/24"))]),
                );
                let vias: Vec<&str> = ["physical_connections", "vpn_connections"]
                    .into_iter()
                    .filter(|l| self.has(l))
                    .collect();
                let routes = if vias.is_empty() {
                    Vec::new()
                } else {
                    (0..rng.below(3))
                        .map(|_| {
                            let via = *rng.pick(&vias);
                            json!({"destination": self.cidr(rng), "via": self.reference(rng, via)})
                        })
                        .collect()
                };
                put("routes", Value::Array(routes));
            }
            "ecs_instances" => {
                let s = self.vswitch_of_instance(i);
                put("vswitch", self.id_of(rng, "vswitches", s));
                put("private_ips", json!([self.ip_or(rng, self.instance_ip(i))]));
                if rng.chance(20) {
                    put("public_ip", self.ip(rng));
                }
                let vpc = self.vpc_of_vswitch(s);
                let same_vpc = (0..self.n("security_groups")).filter(|g| g % vpcs == vpc);
                put(
                    "security_groups",
                    self.some_of(rng, "security_groups", same_vpc.collect(), 60),
                );
                if rng.chance(30) {
                    put("status", self.word(rng, &["running", "stopped"]));
                }
            }
            "security_groups" => {
                put("vpc", self.id_of(rng, "vpcs", i % vpcs));
                let rules = (0..rng.below(4))
                    .map(|_| {
                        let port_range = if self.bad(rng) {
                            json!(rng.pick(&["3306", "5/1", "a/b", "-1/80"]))
                        } else {
                            json!(rng.pick(&["3306/3306", "-1/-1", "1/65535"]))
                        };
                        let priority = if self.bad(rng) {
                            json!(rng.pick(&[0, 101, 1000]))
                        } else {
                            json!(rng.below(100) + 1)
                        };
                        let mut r = json!({
                            "direction": self.word(rng, &["ingress", "ingress", "egress"]),
                            "policy": self.word(rng, &["accept", "drop"]),
                            "protocol": self.word(rng, &["tcp", "udp", "icmp", "all"]),
                            "port_range": port_range,
                            "priority": priority,
                        });
                        if rng.chance(60) {
                            r["source_cidr"] = self.cidr(rng);
                        }
                        r
                    })
                    .collect();
                put("rules", Value::Array(rules));
            }
            "resource_groups" => {
                put(
                    "type",
                    self.word(rng, &["serverless", "exclusive_data_integration"]),
                );
                put("region", self.region(rng));
                let networks = (0..1 + rng.below(2))
                    .map(|_| {
                        let s = rng.below(self.n("vswitches"));
                        let mut n = json!({
                            "vpc": self.id_of(rng, "vpcs", self.vpc_of_vswitch(s)),
                            "vswitch": self.id_of(rng, "vswitches", s),
                        });
                        if rng.chance(50) {
                            n["routes"] = self.cidrs(rng, 2);
                        }
                        n
                    })
                    .collect();
                put("networks", Value::Array(networks));
                if rng.chance(10) {
                    put("public_ip", self.ip(rng));
                }
            }
            "data_sources" => {
                put("type", json!(rng.pick(&["mysql", "oss", ""])));
                let port = if self.bad(rng) {
                    json!(rng.pick(&[json!(0), json!(70000), json!(-1), json!("3306")]))
                } else {
                    json!(3306)
                };
                put("port", port);
                let mut places = vec!["vpc", "vpc", "internet", "classic"];
                if self.has("ecs_instances") {
                    places.push("ecs_instance");
                }
                if self.has("data_centers") {
                    places.push("data_center");
                }
                let (location, ip) = match *rng.pick(&places) {
                    "vpc" => {
                        let s = rng.below(self.n("vswitches"));
                        let vpc = self.vpc_of_vswitch(s);
                        (
                            json!({"vpc": self.id_of(rng, "vpcs", vpc)}),
                            format!("10.{vpc}.{s}.5"),
                        )
                    }
                    "ecs_instance" => {
                        let k = rng.below(self.n("ecs_instances"));
                        (
                            json!({"ecs_instance": self.id_of(rng, "ecs_instances", k)}),
                            self.instance_ip(k),
                        )
                    }
                    "data_center" => {
                        let k = rng.below(self.n("data_centers"));
                        (
                            json!({"data_center": self.id_of(rng, "data_centers", k)}),
                            format!("172.16.{k}.5"),
                        )
                    }
                    "internet" if self.bad(rng) => (
                        json!({"internet": true, "classic": true}),
                        "8.8.8.8".to_string(),
                    ),
                    "internet" => (json!({"internet": true}), "47.96.1.2".to_string()),
                    _ => (json!({"classic": true}), "10.200.0.5".to_string()),
                };
                put("location", location);
                put("ip", self.ip_or(rng, ip));
                if rng.chance(60) {
                    put("whitelist", self.cidrs(rng, 3));
                }
                if self.has("security_groups") && rng.chance(20) {
                    put(
                        "security_groups",
                        self.references(rng, "security_groups", 2),
                    );
                }
                if rng.chance(20) {
                    put("protocol", self.word(rng, &["tcp", "udp"]));
                }
            }
            _ => unreachable!("{list}"),
        }
        if rng.chance(20) {
            o.insert("name".into(), json!(rng.pick(&NAMES)));
        }
        if self.bad(rng) {
            // an unknown field, or a required one gone
            if rng.chance(50) {
                o.insert("colour".into(), json!("blue"));
            } else if let Some(key) = o.keys().nth(1).cloned() {
                o.remove(&key);
            }
        }
        Value::Object(o)
    }

    /// A route of a table of VPC `vpc`, its next hops in that VPC.
    fn route(&self, rng: &mut Rng, vpc: usize) -> Value {
        let vpcs = self.n("vpcs");
        let mut choices: Vec<(&str, Option<(&str, usize)>)> = vec![
            ("havip", None),
            ("network_interface", None),
            ("ipv4_gateway", None),
        ];
        for p in 0..self.n("peering_connections") {
            if p % vpcs == vpc || (p + 1) % vpcs == vpc {
                choices.push(("vpc_peer", Some(("peering_connections", p))));
            }
        }
        for (kind, list) in [
            ("nat_gateway", "nat_gateways"),
            ("vpn_gateway", "vpn_gateways"),
        ] {
            for g in (0..self.n(list)).filter(|g| g % vpcs == vpc) {
                choices.push((kind, Some((list, g))));
            }
        }
        for k in 0..self.n("ecs_instances") {
            if self.vpc_of_vswitch(self.vswitch_of_instance(k)) == vpc {
                choices.push(("instance", Some(("ecs_instances", k))));
            }
        }
        for a in 0..self.n("tr_attachments") {
            choices.push(("tr_attachment", Some(("tr_attachments", a))));
        }
        for v in 0..self.n("vbrs") {
            choices.push(("vbr", Some(("vbrs", v))));
        }
        let next_hop = |rng: &mut Rng| {
            let (kind, target) = *rng.pick(&choices);
            let id = match target {
                Some((list, i)) => self.id_of(rng, list, i),
                None => json!(format!("{kind}-1")),
            };
            json!({"type": kind, "id": id})
        };
        let destination = if rng.chance(50) {
            let other = rng.below(vpcs);
            self.cidr_or(rng, format!("10.{other}.0.0/16"))
        } else {
            self.cidr(rng)
        };
        let mut route = json!({ "destination": destination });
        if rng.chance(15) {
            route["next_hops"] = json!([next_hop(rng), next_hop(rng)]);
        } else {
            route["next_hop"] = next_hop(rng);
        }
        if rng.chance(20) {
            route["status"] = self.word(rng, &["available", "pending"]);
        }
        if rng.chance(20) {
            route["origin"] = self.word(rng, &["custom", "learned"]);
        }
        route
    }
}

/// A random inventory: the lists of the case's profile with elements whose ids
/// are `<prefix>-<index>`, so that most references resolve.
fn random_inventory(rng: &mut Rng) -> Value {
    let chaos = Chaos::new(rng);
    let mut top = Map::new();
    top.insert("version".into(), json!(1));
    for (list, _) in KINDS {
        let n = chaos.n(list);
        if n == 0 && rng.chance(50) {
            continue;
        }
        let items = (0..n).map(|i| chaos.element(rng, list, i)).collect();
        top.insert(list.to_string(), Value::Array(items));
    }
    Value::Object(top)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_random_inventory_exits_0_1_or_2_without_panicking(seed in any::<u64>()) {
        let value = random_inventory(&mut Rng(seed));
        let code = exit_code(&value);
        prop_assert!(code <= 2);
    }
}

/// The random inventories reach every outcome, so the property above is not
/// only exercising the loader's refusals.
#[test]
fn random_inventories_reach_every_exit_code() {
    let mut seen = BTreeMap::new();
    for seed in 0..400 {
        *seen
            .entry(exit_code(&random_inventory(&mut Rng(seed))))
            .or_insert(0) += 1;
    }
    assert!(
        seen.len() == 3 && seen.values().all(|n| *n >= 5),
        "{seen:?}"
    );
}

// ---------------------------------------------------------------------------
// Small valid networks: VPCs, vSwitches, route tables with static routes to
// peerings (some ECMP, some pending, some invalid inside a vSwitch), peerings
// of every status, resource groups with one or two bindings and optional route
// lists, data sources in VPCs with optional whitelists.

#[derive(Debug, Clone)]
struct Net {
    vpcs: Vec<NVpc>,
    vswitches: Vec<NVsw>,
    tables: Vec<NTable>,
    peerings: Vec<NPeering>,
    groups: Vec<NGroup>,
    sources: Vec<NSource>,
}

#[derive(Debug, Clone)]
struct NVpc {
    id: String,
    cidr: Ipv4Net,
    system: usize,
}

#[derive(Debug, Clone)]
struct NVsw {
    id: String,
    vpc: usize,
    cidr: Ipv4Net,
    /// A custom table, else the VPC's system table.
    custom: Option<usize>,
}

#[derive(Debug, Clone)]
struct NTable {
    id: String,
    vpc: usize,
    system: bool,
    routes: Vec<NRoute>,
}

#[derive(Debug, Clone)]
struct NRoute {
    destination: Ipv4Net,
    /// Peerings (two for ECMP).
    peerings: Vec<usize>,
    pending: bool,
}

#[derive(Debug, Clone)]
struct NPeering {
    id: String,
    vpc: usize,
    peer: usize,
    activated: bool,
    status: &'static str,
}

#[derive(Debug, Clone)]
struct NGroup {
    id: String,
    /// (vSwitch, route list).
    bindings: Vec<(usize, Option<Vec<Ipv4Net>>)>,
}

#[derive(Debug, Clone)]
struct NSource {
    id: String,
    vpc: usize,
    ip: Ipv4Addr,
    whitelist: Option<Vec<Ipv4Net>>,
}

fn net(text: &str) -> Ipv4Net {
    text.parse().unwrap()
}

fn random_net(rng: &mut Rng) -> Net {
    let vpc_count = 2 + rng.below(3);
    let mut vpcs = Vec::new();
    let mut vswitches = Vec::new();
    let mut tables = Vec::new();
    for i in 0..vpc_count {
        // mostly disjoint /16s; sometimes the range of an earlier VPC (overlap)
        let octet = if i > 0 && rng.chance(20) {
            rng.below(i) as u8
        } else {
            i as u8
        };
        let cidr = Ipv4Net::new(Ipv4Addr::new(10, octet, 0, 0), 16).unwrap();
        tables.push(NTable {
            id: format!("vtb-{i}0"),
            vpc: i,
            system: true,
            routes: Vec::new(),
        });
        vpcs.push(NVpc {
            id: format!("vpc-{i}"),
            cidr,
            system: tables.len() - 1,
        });
        let custom = rng.chance(40).then(|| {
            tables.push(NTable {
                id: format!("vtb-{i}1"),
                vpc: i,
                system: false,
                routes: Vec::new(),
            });
            tables.len() - 1
        });
        let mut thirds: Vec<u8> = (0..6).collect();
        for j in 0..1 + rng.below(3) {
            let k = rng.below(thirds.len());
            let third = thirds.remove(k);
            let len = 24 + rng.below(5) as u8;
            vswitches.push(NVsw {
                id: format!("vsw-{i}{j}"),
                vpc: i,
                cidr: Ipv4Net::new(Ipv4Addr::new(10, octet, third, 0), len).unwrap(),
                custom: custom.filter(|_| rng.chance(60)),
            });
        }
    }
    let mut peerings = Vec::new();
    // sometimes a chain 0-1-2-…, where only transit would join the ends
    let chain = rng.chance(30);
    let count = if chain {
        vpc_count - 1
    } else {
        1 + rng.below(vpc_count + 1)
    };
    for k in 0..count {
        let (a, b) = if chain {
            (k, k + 1)
        } else {
            let a = rng.below(vpc_count);
            (a, (a + 1 + rng.below(vpc_count - 1)) % vpc_count)
        };
        let status = *rng.pick(&[
            "activated",
            "activated",
            "activated",
            "accepting",
            "expired",
        ]);
        peerings.push(NPeering {
            id: format!("pcc-{k}"),
            vpc: a,
            peer: b,
            activated: status == "activated",
            status,
        });
    }
    // Candidate destinations: whole VPCs, vSwitches, halves, supernets.
    let mut destinations: Vec<Ipv4Net> =
        vec![net("0.0.0.0/0"), net("10.0.0.0/8"), net("10.0.0.0/14")];
    for vpc in &vpcs {
        destinations.push(vpc.cidr);
    }
    for vsw in &vswitches {
        destinations.push(vsw.cidr);
        destinations.extend(vsw.cidr.subnets(vsw.cidr.prefix_len() + 1).unwrap());
        destinations.push(vsw.cidr.supernet().unwrap());
    }
    for table in tables.iter_mut() {
        let own: Vec<usize> = (0..peerings.len())
            .filter(|p| peerings[*p].vpc == table.vpc || peerings[*p].peer == table.vpc)
            .collect();
        if own.is_empty() {
            continue;
        }
        let mut used = BTreeSet::new();
        if chain {
            // a route to every other VPC toward it along the chain: the ends
            // would need transit, which peering does not give
            for (target, vpc) in vpcs.iter().enumerate() {
                if target == table.vpc || !rng.chance(80) {
                    continue;
                }
                let step = if target > table.vpc {
                    table.vpc
                } else {
                    table.vpc - 1
                };
                let toward = own.iter().copied().find(|p| peerings[*p].vpc == step);
                if let Some(p) = toward.filter(|_| used.insert(vpc.cidr)) {
                    table.routes.push(NRoute {
                        destination: vpc.cidr,
                        peerings: vec![p],
                        pending: false,
                    });
                }
            }
        }
        for _ in 0..1 + rng.below(5) {
            // mostly a whole VPC, as real tables do, else anything
            let target = rng.below(vpcs.len());
            let destination = if rng.chance(50) {
                vpcs[target].cidr
            } else {
                *rng.pick(&destinations)
            };
            if !used.insert(destination) {
                continue;
            }
            // mostly the peering toward the destination's VPC when there is one
            let toward: Vec<usize> = own
                .iter()
                .copied()
                .filter(|p| peerings[*p].vpc == target || peerings[*p].peer == target)
                .collect();
            let first = if !toward.is_empty() && rng.chance(60) {
                *rng.pick(&toward)
            } else {
                *rng.pick(&own)
            };
            let mut hops = vec![first];
            if own.len() > 1 && rng.chance(15) {
                let other = *rng.pick(&own);
                if other != hops[0] {
                    hops.push(other);
                }
            }
            table.routes.push(NRoute {
                destination,
                peerings: hops,
                pending: rng.chance(25),
            });
        }
    }
    let mut route_lists: Vec<Ipv4Net> = destinations.clone();
    route_lists.push(net("192.168.0.0/16"));
    let groups = (0..1 + rng.below(2))
        .map(|g| {
            let mut bindings: Vec<(usize, Option<Vec<Ipv4Net>>)> = Vec::new();
            for _ in 0..1 + rng.below(2) {
                let vsw = rng.below(vswitches.len());
                if bindings.iter().any(|(b, _)| *b == vsw) {
                    continue;
                }
                let routes = rng
                    .chance(40)
                    .then(|| (0..rng.below(3)).map(|_| *rng.pick(&route_lists)).collect());
                bindings.push((vsw, routes));
            }
            NGroup {
                id: format!("rg-{g}"),
                bindings,
            }
        })
        .collect();
    let sources = (0..1 + rng.below(3))
        .map(|d| {
            let vsw = &vswitches[rng.below(vswitches.len())];
            let size = 1u32 << (32 - vsw.cidr.prefix_len());
            let ip =
                Ipv4Addr::from(u32::from(vsw.cidr.network()) + rng.below(size as usize) as u32);
            let whitelist = rng.chance(70).then(|| {
                let mut pool: Vec<Ipv4Net> = Vec::new();
                for other in &vswitches {
                    pool.push(other.cidr);
                    pool.extend(other.cidr.subnets(other.cidr.prefix_len() + 1).unwrap());
                    pool.push(Ipv4Net::from(other.cidr.network()));
                }
                pool.push(net("0.0.0.0/0"));
                let mut whitelist: Vec<Ipv4Net> =
                    (0..rng.below(4)).map(|_| *rng.pick(&pool)).collect();
                if rng.chance(50) {
                    whitelist.push(net("10.0.0.0/8"));
                }
                whitelist
            });
            NSource {
                id: format!("ds-{d}"),
                vpc: vsw.vpc,
                ip,
                whitelist,
            }
        })
        .collect();
    Net {
        vpcs,
        vswitches,
        tables,
        peerings,
        groups,
        sources,
    }
}

fn net_json(n: &Net) -> Value {
    json!({
        "version": 1,
        "vpcs": n.vpcs.iter().map(|v| json!({"id": v.id, "region": "cn-hangzhou", "cidrs": [v.cidr.to_string()]})).collect::<Vec<_>>(),
        "vswitches": n.vswitches.iter().map(|s| {
            let mut o = json!({"id": s.id, "vpc": n.vpcs[s.vpc].id, "cidr": s.cidr.to_string()});
            if let Some(t) = s.custom {
                o["route_table"] = json!(n.tables[t].id);
            }
            o
        }).collect::<Vec<_>>(),
        "route_tables": n.tables.iter().map(|t| json!({
            "id": t.id,
            "vpc": n.vpcs[t.vpc].id,
            "kind": if t.system { "system" } else { "custom" },
            "routes": t.routes.iter().map(|r| {
                let hops: Vec<Value> = r.peerings.iter().map(|p| json!({"type": "vpc_peer", "id": n.peerings[*p].id})).collect();
                let mut o = json!({"destination": r.destination.to_string()});
                if hops.len() == 1 {
                    o["next_hop"] = hops[0].clone();
                } else {
                    o["next_hops"] = Value::Array(hops);
                }
                if r.pending {
                    o["status"] = json!("pending");
                }
                o
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "peering_connections": n.peerings.iter().map(|p| json!({
            "id": p.id, "vpc": n.vpcs[p.vpc].id, "peer_vpc": n.vpcs[p.peer].id, "status": p.status,
        })).collect::<Vec<_>>(),
        "resource_groups": n.groups.iter().map(|g| json!({
            "id": g.id, "type": "serverless", "region": "cn-hangzhou",
            "networks": g.bindings.iter().map(|(s, routes)| {
                let vsw = &n.vswitches[*s];
                let mut o = json!({"vpc": n.vpcs[vsw.vpc].id, "vswitch": vsw.id});
                if let Some(routes) = routes {
                    o["routes"] = json!(routes.iter().map(|r| r.to_string()).collect::<Vec<_>>());
                }
                o
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "data_sources": n.sources.iter().map(|d| {
            let mut o = json!({"id": d.id, "type": "mysql", "ip": d.ip.to_string(), "port": 3306, "location": {"vpc": n.vpcs[d.vpc].id}});
            if let Some(whitelist) = &d.whitelist {
                o["whitelist"] = json!(whitelist.iter().map(|w| w.to_string()).collect::<Vec<_>>());
            }
            o
        }).collect::<Vec<_>>(),
    })
}

// ---------------------------------------------------------------------------
// (c) The brute-force twin: one address at a time, every route scanned.

/// Where a lookup sends an address.
enum Step {
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
fn lookup(n: &Net, table: usize, address: Ipv4Addr) -> Step {
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

fn table_of(n: &Net, vsw: usize) -> usize {
    n.vswitches[vsw]
        .custom
        .unwrap_or(n.vpcs[n.vswitches[vsw].vpc].system)
}

/// Routes `address` from `table` (traffic already inside a VPC): the vSwitches
/// it may be delivered to, or `None` if any branch fails. Over a peering,
/// traffic enters the peer's system table and may only be delivered locally.
fn walk(n: &Net, table: usize, address: Ipv4Addr) -> Option<Vec<usize>> {
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

fn private(address: Ipv4Addr) -> bool {
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
fn reference_binding(n: &Net, vsw: usize, routes: &Option<Vec<Ipv4Net>>, ds: &NSource) -> bool {
    let source_vsw = &n.vswitches[vsw];
    let source_vpc = &n.vpcs[source_vsw.vpc];
    // S3.1: the route list covers a private destination outside the bound VPC.
    if let Some(routes) = routes {
        if private(ds.ip)
            && !source_vpc.cidr.contains(&ds.ip)
            && !routes.iter().any(|r| r.contains(&ds.ip))
        {
            return false;
        }
    }
    // S3, S4.2: every branch arrives in the data source's VPC.
    let Some(arrived) = walk(n, table_of(n, vsw), ds.ip) else {
        return false;
    };
    if arrived.iter().any(|s| n.vswitches[*s].vpc != ds.vpc) {
        return false;
    }
    // S4.3: the whitelist covers every address of the source vSwitch.
    let source_range = addresses(source_vsw.cidr);
    if let Some(whitelist) = &ds.whitelist {
        for address in source_range.clone() {
            if !whitelist.iter().any(|w| w.contains(&address)) {
                return false;
            }
        }
    }
    // S5.2: every address of the source range comes back to the source vSwitch.
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
fn addresses(range: Ipv4Net) -> impl Iterator<Item = Ipv4Addr> + Clone {
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
        let engine = Engine::new(&v, &routing);
        for (g, group) in n.groups.iter().enumerate() {
            for (d, ds) in n.sources.iter().enumerate() {
                let expected = group
                    .bindings
                    .iter()
                    .any(|(vsw, routes)| reference_binding(&n, *vsw, routes, ds));
                let pair = engine.check_pair(RgIx::at(g), DsIx::at(d));
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

// ---------------------------------------------------------------------------
// (b) Renaming and (d) shuffling, on the small networks above and on small
// networks of the synthetic generator (transit routers, NAT, VBRs, data
// centers, ECS, security groups, faults).

/// A small network of `netreach::generate` with a random seed.
fn generated(seed: u64) -> Value {
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
fn ids(value: &Value) -> BTreeSet<String> {
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
fn rename_strings(value: &mut Value, map: &BTreeMap<String, String>) {
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
fn renaming(ids: &BTreeSet<String>, rng: &mut Rng) -> BTreeMap<String, String> {
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

fn check_renaming(original: &Value, seed: u64) -> Result<(), TestCaseError> {
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

fn first_difference(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn excerpt(a: &str, b: &str) -> String {
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
fn shuffle(value: &mut Value, rng: &mut Rng, key: &str) {
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

fn check_shuffle(original: &Value, seed: u64) -> Result<(), TestCaseError> {
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

// ---------------------------------------------------------------------------
// (e) Proved fixes (docs S10.2, S10.7): on random networks, the plan of
// `netreach fix` for every pair, applied as the JSON Patch it is, never makes a
// pair's verdict worse, and every pair it claims is reachable afterwards.

fn verdict_rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Reachable => 0,
        Verdict::Unknown => 1,
        Verdict::Unreachable => 2,
    }
}

fn check_plan(value: &Value) -> Result<usize, TestCaseError> {
    let analysis = netreach::analysis::analyse(
        load(source(value)).unwrap(),
        netreach::overlap::Scope::Check,
    )
    .unwrap();
    let (v, routing, inventory) = (
        &analysis.valid,
        &analysis.routing,
        &analysis.loaded.inventory,
    );
    let before = netreach::reach::check_all(v, routing);
    let plan = analysis.plan(&analysis.all_pairs());
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
    for key in &plan.reachable {
        prop_assert_eq!(
            after.get(key).copied(),
            Some(Verdict::Reachable),
            "{} -> {} is claimed reachable after the plan",
            &key.0,
            &key.1
        );
    }
    Ok(plan.reachable.len())
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
