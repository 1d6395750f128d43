//! Small valid networks (VPCs, vSwitches, route tables with static routes to
//! peerings, peerings of every status, resource groups with one or two bindings,
//! data sources in VPCs): their generator, used by the properties below.

use super::*;

// ---------------------------------------------------------------------------
// Small valid networks: VPCs, vSwitches, route tables with static routes to
// peerings (some ECMP, some pending, some invalid inside a vSwitch), peerings
// of every status, resource groups with one or two bindings and optional route
// lists, data sources in VPCs with optional whitelists.

#[derive(Debug, Clone)]
pub(super) struct Net {
    pub(super) vpcs: Vec<NVpc>,
    pub(super) vswitches: Vec<NVsw>,
    pub(super) tables: Vec<NTable>,
    pub(super) peerings: Vec<NPeering>,
    pub(super) groups: Vec<NGroup>,
    pub(super) sources: Vec<NSource>,
}

#[derive(Debug, Clone)]
pub(super) struct NVpc {
    pub(super) id: String,
    pub(super) cidr: Ipv4Net,
    pub(super) system: usize,
}

#[derive(Debug, Clone)]
pub(super) struct NVsw {
    pub(super) id: String,
    pub(super) vpc: usize,
    pub(super) cidr: Ipv4Net,
    /// A custom table, else the VPC's system table.
    pub(super) custom: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct NTable {
    pub(super) id: String,
    pub(super) vpc: usize,
    pub(super) system: bool,
    pub(super) routes: Vec<NRoute>,
}

#[derive(Debug, Clone)]
pub(super) struct NRoute {
    pub(super) destination: Ipv4Net,
    /// Peerings (two for ECMP).
    pub(super) peerings: Vec<usize>,
    pub(super) pending: bool,
}

#[derive(Debug, Clone)]
pub(super) struct NPeering {
    pub(super) id: String,
    pub(super) vpc: usize,
    pub(super) peer: usize,
    pub(super) activated: bool,
    pub(super) status: &'static str,
}

#[derive(Debug, Clone)]
pub(super) struct NGroup {
    pub(super) id: String,
    /// (vSwitch, route list).
    pub(super) bindings: Vec<(usize, Option<Vec<Ipv4Net>>)>,
}

#[derive(Debug, Clone)]
pub(super) struct NSource {
    pub(super) id: String,
    pub(super) vpc: usize,
    pub(super) ip: Ipv4Addr,
    pub(super) whitelist: Option<Vec<Ipv4Net>>,
}

pub(super) fn net(text: &str) -> Ipv4Net {
    text.parse().unwrap()
}

pub(super) fn random_net(rng: &mut Rng) -> Net {
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

pub(super) fn net_json(n: &Net) -> Value {
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
