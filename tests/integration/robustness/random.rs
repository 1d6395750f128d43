//! (a) Random inventories: any shape, any reference, any value, through
//! the library path of the CLI: exit 0, 1 or 2, never a panic.

use super::*;

// ---------------------------------------------------------------------------
// (a) Random inventories: any shape, any reference, any value.

/// How many of each kind a random inventory has, and how often its values are bad.
pub(super) struct Chaos {
    pub(super) counts: BTreeMap<&'static str, usize>,
    /// Percent of values drawn from the bad pools.
    pub(super) bad: usize,
}

pub(super) const KINDS: [(&str, &str); 21] = [
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

pub(super) const GOOD_CIDRS: [&str; 13] = [
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
pub(super) const BAD_CIDRS: [&str; 10] = [
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
pub(super) const GOOD_IPS: [&str; 10] = [
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
pub(super) const BAD_IPS: [&str; 6] = [
    "10.0.1.0/24",
    "x",
    "10.0.1.256",
    "fe80::1",
    "2001:db8::7",
    "",
];
pub(super) const NAMES: [&str; 5] = [
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
pub(super) fn random_inventory(rng: &mut Rng) -> Value {
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
