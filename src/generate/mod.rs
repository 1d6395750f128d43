//! A deterministic, seeded generator of synthetic inventories, for benchmarks
//! and scale tests (issue 9). It owns nothing but the construction of a valid
//! [`Inventory`] from a [`GenSpec`]: no I/O, no analysis.
//!
//! The network it builds is one account's DataWorks estate on an Enterprise CEN:
//!
//! - one transit router per region with one route table, every attachment of the
//!   region associated with it and propagating into it; a pair of `peer`
//!   attachments (100 Mbit/s) between every two regions;
//! - VPCs with `vswitches_per_vpc` vSwitches (disjoint, inside the VPC CIDR, all
//!   in 10.0.0.0/8), each VPC attached to its region's transit router through
//!   its last two vSwitches: either with `route_sync` or with a summary static
//!   route `10.0.0.0/8 → attachment`;
//! - "DataWorks" VPCs (the first few, at least one per region where possible)
//!   that host the resource groups: summary routes to their attachment for
//!   10.0.0.0/8 and 172.16.0.0/12, an Internet NAT gateway with an EIP, one
//!   SNAT entry per vSwitch and `0.0.0.0/0 → NAT`; a few other VPCs peer with one
//!   of them (routes on both sides) and a few have a NAT gateway of their own;
//! - one data center per region (at most 16) in 172.16.0.0/12 behind an enabled
//!   physical connection and an active VBR with its routes, attached to the
//!   region's transit router, with a return route `10.0.0.0/8` via the connection;
//! - data sources in VPCs (RDS-like, with a whitelist of the DataWorks VPC
//!   CIDRs), on ECS instances (with a security group), in data centers and on the
//!   internet (whitelisting the NAT EIPs); resource groups bound to a vSwitch of
//!   a DataWorks VPC with a route list.
//!
//! About `fault_rate` of the data sources, of the other VPCs, of the data
//! centers and of the resource groups are broken on purpose. Each fault is
//! tagged [`FAULT_TAG`] `= <finding code>` on the resource it breaks and on every
//! data source whose pairs it breaks; a resource group whose pairs to one kind
//! of data source break carries `FAULT_TAG/<kind>` (`vpc`, `ecs_instance`,
//! `data_center`, `internet`). A pair whose data source and resource group carry
//! no fault tag for it is reachable; any other pair is unreachable with exactly
//! the tagged codes as its blocking findings (a forward failure may hide an
//! arrival check, so some may be missing, never others added).
//!
//! The same spec gives the same inventory, element for element.

use std::net::Ipv4Addr;

use crate::model::{
    Account, Binding, Cen, CenEdition, DataCenter, DataCenterRoute, DataSource, EcsInstance,
    EcsStatus, Eip, Inventory, Location, NatGateway, NatGatewayStatus, NatGatewayType, NextHop,
    NextHopType, PeeringConnection, PeeringStatus, PhysicalConnection, PhysicalConnectionStatus,
    ResourceGroup, ResourceGroupType, Route, RouteTable, RouteTableKind, RuleDirection, RulePolicy,
    RuleProtocol, SecurityGroup, SecurityGroupRule, SnatEntry, Tags, TrAttachment,
    TrAttachmentStatus, TrAttachmentType, TrRouteTable, TrRouteTableKind, TransitRouter, VSwitch,
    Vbr, VbrNextHop, VbrNextHopType, VbrRoute, VbrStatus, Vpc,
};

/// The tag key that names an injected fault (see the module documentation).
pub const FAULT_TAG: &str = "netreach-fault";

/// The names of the presets, smallest first.
pub const PRESETS: [&str; 4] = ["small", "medium", "large", "xlarge"];

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenSpec {
    /// The seed: the same spec gives the same inventory.
    pub seed: u64,
    /// Regions, each with a transit router and a data center (at most 16 data centers).
    pub regions: usize,
    /// VPCs (1 to 65,536).
    pub vpcs: usize,
    /// vSwitches per VPC (at least 3: the last two carry the transit-router attachment).
    pub vswitches_per_vpc: usize,
    /// DataWorks resource groups.
    pub resource_groups: usize,
    /// Data sources.
    pub data_sources: usize,
    /// The share of data sources, VPCs, data centers and resource groups broken on purpose (0 to 1).
    pub fault_rate: f64,
}

impl GenSpec {
    /// 2 regions, 20 VPCs × 4 vSwitches, 4 resource groups × 40 data sources.
    pub fn small() -> GenSpec {
        GenSpec {
            seed: 1,
            regions: 2,
            vpcs: 20,
            vswitches_per_vpc: 4,
            resource_groups: 4,
            data_sources: 40,
            fault_rate: 0.1,
        }
    }

    /// 3 regions, 200 VPCs × 8 vSwitches, 10 resource groups × 500 data sources.
    pub fn medium() -> GenSpec {
        GenSpec {
            seed: 1,
            regions: 3,
            vpcs: 200,
            vswitches_per_vpc: 8,
            resource_groups: 10,
            data_sources: 500,
            fault_rate: 0.1,
        }
    }

    /// 6 regions, 2,000 VPCs × 8 vSwitches, 50 resource groups × 5,000 data sources.
    pub fn large() -> GenSpec {
        GenSpec {
            seed: 1,
            regions: 6,
            vpcs: 2_000,
            vswitches_per_vpc: 8,
            resource_groups: 50,
            data_sources: 5_000,
            fault_rate: 0.1,
        }
    }

    /// 8 regions, 4,000 VPCs × 8 vSwitches, 200 resource groups × 20,000 data sources.
    pub fn xlarge() -> GenSpec {
        GenSpec {
            seed: 1,
            regions: 8,
            vpcs: 4_000,
            vswitches_per_vpc: 8,
            resource_groups: 200,
            data_sources: 20_000,
            fault_rate: 0.1,
        }
    }

    /// The preset of that name (one of [`PRESETS`]).
    pub fn preset(name: &str) -> Option<GenSpec> {
        match name {
            "small" => Some(GenSpec::small()),
            "medium" => Some(GenSpec::medium()),
            "large" => Some(GenSpec::large()),
            "xlarge" => Some(GenSpec::xlarge()),
            _ => None,
        }
    }

    /// The same spec with another seed.
    pub fn with_seed(self, seed: u64) -> GenSpec {
        GenSpec { seed, ..self }
    }
}

/// SplitMix64: small, fast and good enough to spread choices; written out so
/// that the output cannot change with a dependency's version. The seed is the
/// whole state (also the random-inventory tests' generator).
#[derive(Debug, Clone)]
pub struct Random(pub u64);

impl Random {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Exactly `round(count × rate)` distinct positions of `0..count` (at least
    /// one when the rate is positive and there are two or more), marked true.
    fn choose(&mut self, count: usize, rate: f64) -> Vec<bool> {
        let rate = if rate.is_finite() {
            rate.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut wanted = (count as f64 * rate).round() as usize;
        if rate > 0.0 && wanted == 0 && count > 1 {
            wanted = 1;
        }
        let mut order: Vec<usize> = (0..count).collect();
        let mut marked = vec![false; count];
        for k in 0..wanted.min(count) {
            let pick = k + self.below(count - k);
            order.swap(k, pick);
            if let Some(slot) = order.get(k).and_then(|&o| marked.get_mut(o)) {
                *slot = true;
            }
        }
        marked
    }
}

const REGIONS: [&str; 16] = [
    "cn-hangzhou",
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "cn-zhangjiakou",
    "cn-qingdao",
    "cn-chengdu",
    "cn-hongkong",
    "cn-huhehaote",
    "cn-wulanchabu",
    "cn-heyuan",
    "cn-guangzhou",
    "ap-southeast-1",
    "ap-southeast-5",
    "ap-northeast-1",
    "eu-central-1",
];

const ACCOUNT_PLATFORM: &str = "1000000000000001";
const ACCOUNT_BUSINESS: &str = "1000000000000002";
const SUMMARY_VPCS: &str = "10.0.0.0/8";
const SUMMARY_DCS: &str = "172.16.0.0/12";

/// Database engines and their ports.
const ENGINES: [(&str, u32); 6] = [
    ("mysql", 3306),
    ("postgresql", 5432),
    ("polardb", 3306),
    ("sqlserver", 1433),
    ("oracle", 1521),
    ("mongodb", 3717),
];

fn region_name(r: usize) -> String {
    match REGIONS.get(r) {
        Some(name) => (*name).to_string(),
        None => format!("region-{r}"),
    }
}

fn ceil_log2(n: usize) -> u32 {
    if n <= 1 {
        0
    } else {
        usize::BITS - (n - 1).leading_zeros()
    }
}

fn address(a: u32) -> String {
    Ipv4Addr::from(a).to_string()
}

fn cidr(a: u32, len: u32) -> String {
    format!("{}/{len}", Ipv4Addr::from(a))
}

fn fault_tags(code: &str) -> Option<Tags> {
    Some(Tags::from([(FAULT_TAG.to_string(), code.to_string())]))
}

fn route(destination: &str, kind: NextHopType, id: &str) -> Route {
    Route {
        destination: destination.to_string(),
        next_hop: Some(NextHop {
            kind,
            id: id.to_string(),
        }),
        next_hops: None,
        status: None,
        origin: None,
    }
}

/// How a VPC reaches its transit router, and what is broken about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VpcRole {
    /// Hosts resource groups: summary static routes, an Internet NAT gateway.
    DataWorks,
    /// Route synchronization from the transit router.
    Synced,
    /// A summary static route to the attachment.
    Static,
    /// Static, peered with a DataWorks VPC.
    Peered(usize),
    /// No return route: `10.0.0.0/8` is missing.
    FaultNoReturn,
    /// The attachment propagates but is associated with no table.
    FaultNotAssociated,
    /// The attachment is `detaching`.
    FaultDetaching,
}

impl VpcRole {
    fn fault(self) -> Option<&'static str> {
        match self {
            VpcRole::FaultNoReturn => Some("return-route-missing"),
            VpcRole::FaultNotAssociated => Some("tr-attachment-not-associated"),
            VpcRole::FaultDetaching => Some("tr-attachment-inactive"),
            _ => None,
        }
    }
}

/// The address plan: VPC `i` is the `i`-th block of `vpc_len` in 10.0.0.0/8,
/// vSwitch `j` the `j`-th block of `vsw_len` inside it.
struct Plan {
    vpc_len: u32,
    vsw_len: u32,
    per_vpc: usize,
}

impl Plan {
    fn vpc_base(&self, i: usize) -> u32 {
        0x0a00_0000 | ((i as u32) << (32 - self.vpc_len))
    }

    fn vsw_base(&self, i: usize, j: usize) -> u32 {
        self.vpc_base(i) | ((j as u32) << (32 - self.vsw_len))
    }

    fn vsw_size(&self) -> u32 {
        1u32 << (32 - self.vsw_len)
    }

    /// vSwitches that hold workloads (resource groups, data sources); the
    /// last two carry the transit-router attachment and the NAT gateway.
    fn workload(&self) -> usize {
        self.per_vpc - 2
    }
}

/// The id code of a region, as in real Alibaba Cloud ids (`vpc-bp1…` in cn-hangzhou).
fn region_code(r: usize) -> &'static str {
    const CODES: [&str; 16] = [
        "bp1", "uf6", "2ze", "wz9", "8vb", "m5e", "2vc", "j6c", "hp3", "0jl", "7xv", "7xw", "t4n",
        "k1a", "6we", "gw8",
    ];
    CODES.get(r % CODES.len()).copied().unwrap_or_default()
}

/// An id of the shape of a real one: `{prefix}-{region code}` then 16 base-36
/// characters, ten that look random and six that number the resource (so that
/// ids never collide). Ids do not depend on the seed.
fn aliyun_id(prefix: &str, r: usize, n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let digit = |d: u64| DIGITS.get(d as usize).copied().unwrap_or(b'0');
    let mut salt = 0xcbf2_9ce4_8422_2325u64;
    for byte in prefix.bytes() {
        salt = (salt ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut mixer = Random(salt ^ (n as u64));
    let mut look = mixer.next_u64();
    let mut id = format!("{prefix}-{}", region_code(r));
    for _ in 0..10 {
        id.push(char::from(digit(look % 36)));
        look /= 36;
    }
    let mut number = [b'0'; 6];
    let mut rest = n;
    for slot in number.iter_mut().rev() {
        *slot = digit((rest % 36) as u64);
        rest /= 36;
    }
    id.extend(number.iter().map(|&b| char::from(b)));
    id
}

/// The ids of the generated resources.
struct Ids {
    regions: usize,
    per_vpc: usize,
}

impl Ids {
    fn vpc(&self, i: usize) -> String {
        aliyun_id("vpc", i % self.regions, i)
    }

    fn vsw(&self, i: usize, j: usize) -> String {
        aliyun_id("vsw", i % self.regions, i * self.per_vpc + j)
    }

    fn table(&self, i: usize) -> String {
        aliyun_id("vtb", i % self.regions, i)
    }

    fn attachment(&self, i: usize) -> String {
        aliyun_id("tr-attach", i % self.regions, i)
    }

    fn nat(&self, i: usize) -> String {
        aliyun_id("ngw", i % self.regions, i)
    }

    fn eip(&self, i: usize) -> String {
        aliyun_id("eip", i % self.regions, i)
    }

    fn peering(&self, i: usize) -> String {
        aliyun_id("pcc", i % self.regions, i)
    }

    fn tr(&self, r: usize) -> String {
        aliyun_id("tr", r, r)
    }

    fn tr_table(&self, r: usize) -> String {
        aliyun_id("vtb", r, (1 << 30) + r)
    }
}

/// Generates the inventory that `spec` describes (see the module documentation).
pub fn generate(spec: &GenSpec) -> Inventory {
    let mut random = Random(spec.seed ^ 0x6e65_7472_6561_6368);
    let regions = spec.regions.max(1);
    let vpcs = spec.vpcs.clamp(1, 1 << 16);
    let vpc_len = (8 + ceil_log2(vpcs)).max(16);
    let per_vpc = spec.vswitches_per_vpc.clamp(3, 1 << (28 - vpc_len.min(26)));
    let plan = Plan {
        vpc_len,
        vsw_len: vpc_len + ceil_log2(per_vpc),
        per_vpc,
    };
    let groups = spec.resource_groups;
    // DataWorks VPCs: two per region where there are enough groups, never more than groups or VPCs.
    let dataworks = vpcs.min(groups.max(1)).min(2 * regions);
    let region_of = |i: usize| i % regions;
    let account_of = |i: usize| {
        if i >= dataworks && i % 5 == 4 {
            ACCOUNT_BUSINESS
        } else {
            ACCOUNT_PLATFORM
        }
    };

    // Roles: faults first (among the other VPCs), then peering and sync.
    let others = vpcs - dataworks;
    let broken = random.choose(others, spec.fault_rate);
    let mut roles = Vec::with_capacity(vpcs);
    let mut fault_turn = 0usize;
    for i in 0..vpcs {
        let role = if i < dataworks {
            VpcRole::DataWorks
        } else if broken.get(i - dataworks) == Some(&true) {
            fault_turn += 1;
            match fault_turn % 3 {
                1 => VpcRole::FaultNoReturn,
                2 => VpcRole::FaultNotAssociated,
                _ => VpcRole::FaultDetaching,
            }
        } else if i % 16 == 5 {
            // Same region where a DataWorks VPC exists there.
            let partner = if dataworks >= regions {
                region_of(i)
            } else {
                i % dataworks
            };
            VpcRole::Peered(partner)
        } else if random.unit() < 0.5 {
            VpcRole::Synced
        } else {
            VpcRole::Static
        };
        roles.push(role);
    }
    let has_nat = |i: usize, role: VpcRole| {
        role == VpcRole::DataWorks || (role.fault().is_none() && i % 8 == 3)
    };

    // Resource groups: group g in DataWorks VPC g % D, on workload vSwitch (g / D) % W.
    let workload = plan.workload();
    let binding_of = |g: usize| (g % dataworks, (g / dataworks) % workload);
    // Half the broken groups lose the SNAT entry of their vSwitch (which breaks
    // every group on that vSwitch), the other half the data-center summary of
    // their route list.
    let snat_broken = random.choose(groups, spec.fault_rate / 2.0);
    let no_dc_route = random.choose(groups, spec.fault_rate / 2.0);
    let mut no_snat = vec![false; dataworks * workload];
    for (g, broken) in snat_broken.iter().enumerate() {
        if *broken {
            let (d, s) = binding_of(g);
            if let Some(slot) = no_snat.get_mut(d * workload + s) {
                *slot = true;
            }
        }
    }

    let ids = Ids { regions, per_vpc };
    let mut inv = Inventory {
        version: 1,
        ..Inventory::default()
    };
    inv.accounts = vec![
        Account {
            id: ACCOUNT_PLATFORM.into(),
            name: Some("data platform".into()),
            tags: None,
        },
        Account {
            id: ACCOUNT_BUSINESS.into(),
            name: Some("business unit".into()),
            tags: None,
        },
    ];
    inv.cens.push(Cen {
        id: "cen-dataworks-backbone".into(),
        name: Some("enterprise backbone".into()),
        tags: None,
        account: Some(ACCOUNT_PLATFORM.into()),
        edition: CenEdition::Enterprise,
        attachments: None,
        bandwidth: None,
    });
    let mut tr_tables: Vec<TrRouteTable> = (0..regions)
        .map(|r| {
            inv.transit_routers.push(TransitRouter {
                id: ids.tr(r),
                name: None,
                tags: None,
                account: None,
                cen: "cen-dataworks-backbone".into(),
                region: region_name(r),
            });
            TrRouteTable {
                id: ids.tr_table(r),
                name: None,
                tags: None,
                account: None,
                transit_router: ids.tr(r),
                kind: Some(TrRouteTableKind::System),
                associations: Vec::new(),
                propagations: Vec::new(),
                routes: Vec::new(),
            }
        })
        .collect();
    // Inter-region connections: a pair of peer attachments between every two regions.
    for (a, table) in tr_tables.iter_mut().enumerate() {
        for b in 0..regions {
            if a == b {
                continue;
            }
            let id = aliyun_id("tr-attach", a, (1 << 28) + a * regions + b);
            inv.tr_attachments.push(TrAttachment {
                id: id.clone(),
                name: None,
                tags: None,
                account: None,
                transit_router: ids.tr(a),
                kind: TrAttachmentType::Peer,
                resource: ids.tr(b),
                status: Some(TrAttachmentStatus::Attached),
                vswitches: None,
                route_sync: None,
                advertise: None,
                bandwidth_mbps: Some(100),
            });
            table.associations.push(id.clone());
            table.propagations.push(id);
        }
    }

    // VPCs, vSwitches, route tables, attachments, NAT gateways, peerings.
    let zones = ["a", "b", "c", "h", "i", "j", "k"];
    let mut vpc_tables: Vec<RouteTable> = Vec::with_capacity(vpcs);
    for (i, &role) in roles.iter().enumerate() {
        let r = region_of(i);
        let region = region_name(r);
        let purpose = match role {
            VpcRole::DataWorks => "dataworks",
            VpcRole::Peered(_) => "partner",
            _ => "app",
        };
        inv.vpcs.push(Vpc {
            id: ids.vpc(i),
            name: Some(format!("vpc-{region}-{purpose}-{i}")),
            tags: role.fault().and_then(fault_tags),
            account: Some(account_of(i).into()),
            region: region.clone(),
            cidrs: vec![cidr(plan.vpc_base(i), plan.vpc_len)],
            user_cidrs: None,
        });
        for j in 0..per_vpc {
            let zone = format!("{region}-{}", zones.get(j % zones.len()).unwrap_or(&"a"));
            let use_of = if j >= workload {
                "tr"
            } else if role == VpcRole::DataWorks {
                "dataworks-rg"
            } else {
                "app"
            };
            inv.vswitches.push(VSwitch {
                id: ids.vsw(i, j),
                name: Some(format!("vsw-{zone}-{use_of}-{i}-{j}")),
                tags: None,
                account: None,
                vpc: ids.vpc(i),
                zone: Some(zone),
                cidr: cidr(plan.vsw_base(i, j), plan.vsw_len),
                route_table: None,
            });
        }
        let attachment = ids.attachment(i);
        let mut routes = Vec::new();
        match role {
            VpcRole::DataWorks => {
                routes.push(route(SUMMARY_VPCS, NextHopType::TrAttachment, &attachment));
                routes.push(route(SUMMARY_DCS, NextHopType::TrAttachment, &attachment));
            }
            VpcRole::Static
            | VpcRole::Peered(_)
            | VpcRole::FaultNotAssociated
            | VpcRole::FaultDetaching => {
                routes.push(route(SUMMARY_VPCS, NextHopType::TrAttachment, &attachment));
            }
            VpcRole::Synced | VpcRole::FaultNoReturn => {}
        }
        if has_nat(i, role) {
            routes.push(route("0.0.0.0/0", NextHopType::NatGateway, &ids.nat(i)));
        }
        vpc_tables.push(RouteTable {
            id: ids.table(i),
            name: Some(format!("vtb-{region}-{purpose}-{i}-system")),
            tags: None,
            account: None,
            vpc: ids.vpc(i),
            kind: RouteTableKind::System,
            routes,
        });
        let status = if role == VpcRole::FaultDetaching {
            TrAttachmentStatus::Detaching
        } else {
            TrAttachmentStatus::Attached
        };
        inv.tr_attachments.push(TrAttachment {
            id: attachment.clone(),
            name: Some(format!("attach-{region}-{purpose}-{i}")),
            tags: role
                .fault()
                .filter(|_| role != VpcRole::FaultNoReturn)
                .and_then(fault_tags),
            account: None,
            transit_router: ids.tr(r),
            kind: TrAttachmentType::Vpc,
            resource: ids.vpc(i),
            status: Some(status),
            vswitches: Some(vec![ids.vsw(i, per_vpc - 2), ids.vsw(i, per_vpc - 1)]),
            route_sync: Some(role == VpcRole::Synced),
            advertise: None,
            bandwidth_mbps: None,
        });
        if let Some(table) = tr_tables.get_mut(r) {
            if role != VpcRole::FaultNotAssociated {
                table.associations.push(attachment.clone());
            }
            table.propagations.push(attachment);
        }
        if has_nat(i, role) {
            let eip = ids.eip(i);
            let eip_ip = address(0x2760_0000 + i as u32);
            let snat_entries = if role == VpcRole::DataWorks {
                (0..workload)
                    .filter(|s| no_snat.get(i * workload + s) != Some(&true))
                    .map(|s| SnatEntry {
                        id: Some(aliyun_id("snat", r, i * per_vpc + s)),
                        source_vswitch: Some(ids.vsw(i, s)),
                        source_cidr: None,
                        snat_ips: vec![eip_ip.clone()],
                    })
                    .collect()
            } else {
                vec![SnatEntry {
                    id: Some(aliyun_id("snat", r, i * per_vpc)),
                    source_vswitch: None,
                    source_cidr: Some(cidr(plan.vpc_base(i), plan.vpc_len)),
                    snat_ips: vec![eip_ip.clone()],
                }]
            };
            let missing = role == VpcRole::DataWorks
                && (0..workload).any(|s| no_snat.get(i * workload + s) == Some(&true));
            inv.nat_gateways.push(NatGateway {
                id: ids.nat(i),
                name: None,
                tags: if missing {
                    fault_tags("snat-missing")
                } else {
                    None
                },
                account: None,
                vpc: ids.vpc(i),
                vswitch: ids.vsw(i, per_vpc - 1),
                kind: NatGatewayType::Internet,
                eips: Some(vec![eip.clone()]),
                nat_ips: None,
                snat_entries,
                status: Some(NatGatewayStatus::Available),
            });
            inv.eips.push(Eip {
                id: eip,
                name: None,
                tags: None,
                account: None,
                ip: eip_ip,
                bound_to: Some(ids.nat(i)),
            });
        }
    }
    for (i, &role) in roles.iter().enumerate() {
        if let VpcRole::Peered(partner) = role {
            let id = ids.peering(i);
            if let Some(table) = vpc_tables.get_mut(i) {
                table.routes.push(route(
                    &cidr(plan.vpc_base(partner), plan.vpc_len),
                    NextHopType::VpcPeer,
                    &id,
                ));
            }
            if let Some(table) = vpc_tables.get_mut(partner) {
                table.routes.push(route(
                    &cidr(plan.vpc_base(i), plan.vpc_len),
                    NextHopType::VpcPeer,
                    &id,
                ));
            }
            inv.peering_connections.push(PeeringConnection {
                id,
                name: None,
                tags: None,
                account: None,
                vpc: ids.vpc(partner),
                peer_vpc: ids.vpc(i),
                status: PeeringStatus::Activated,
                bandwidth_mbps: (region_of(i) != region_of(partner)).then_some(100),
            });
        }
    }
    inv.route_tables = vpc_tables;

    // Data centers behind VBRs, one per region (at most 16).
    let centers = regions.min(16);
    let broken_centers = random.choose(centers, spec.fault_rate);
    let dc_base = |k: usize| 0xac10_0000u32 + ((k as u32) << 16);
    for (k, &broken_center) in broken_centers.iter().enumerate() {
        let r = k % regions;
        let (dc, pc, vbr) = (
            format!("idc-{}-{k:02}", region_name(r)),
            aliyun_id("pc", r, k),
            aliyun_id("vbr", r, k),
        );
        let attachment = aliyun_id("tr-attach", r, (1 << 29) + k);
        inv.data_centers.push(DataCenter {
            id: dc.clone(),
            name: Some(format!("data center {k} ({})", region_name(r))),
            tags: if broken_center {
                fault_tags("return-route-missing")
            } else {
                None
            },
            account: Some(ACCOUNT_PLATFORM.into()),
            cidrs: vec![cidr(dc_base(k), 16)],
            routes: if broken_center {
                Vec::new()
            } else {
                vec![DataCenterRoute {
                    destination: SUMMARY_VPCS.into(),
                    via: pc.clone(),
                }]
            },
        });
        inv.physical_connections.push(PhysicalConnection {
            id: pc.clone(),
            name: None,
            tags: None,
            account: None,
            data_center: Some(dc),
            status: PhysicalConnectionStatus::Enabled,
        });
        inv.vbrs.push(Vbr {
            id: vbr.clone(),
            name: None,
            tags: None,
            account: None,
            region: region_name(r),
            physical_connection: pc.clone(),
            status: VbrStatus::Active,
            local_ip: None,
            peer_ip: None,
            routes: vec![VbrRoute {
                destination: cidr(dc_base(k), 16),
                next_hop: VbrNextHop {
                    kind: VbrNextHopType::PhysicalConnection,
                    id: pc,
                },
            }],
        });
        inv.tr_attachments.push(TrAttachment {
            id: attachment.clone(),
            name: None,
            tags: None,
            account: None,
            transit_router: ids.tr(r),
            kind: TrAttachmentType::Vbr,
            resource: vbr,
            status: Some(TrAttachmentStatus::Attached),
            vswitches: None,
            route_sync: None,
            advertise: None,
            bandwidth_mbps: None,
        });
        if let Some(table) = tr_tables.get_mut(r) {
            table.associations.push(attachment.clone());
            table.propagations.push(attachment);
        }
    }
    inv.tr_route_tables = tr_tables;

    // Resource groups.
    let group_vswitch_fault = |g: usize| {
        let (d, s) = binding_of(g);
        no_snat.get(d * workload + s) == Some(&true)
    };
    for (g, &no_dc) in no_dc_route.iter().enumerate() {
        let (d, s) = binding_of(g);
        let mut tags = Tags::new();
        if group_vswitch_fault(g) {
            tags.insert(format!("{FAULT_TAG}/internet"), "snat-missing".into());
        }
        let mut routes = vec![SUMMARY_VPCS.to_string()];
        if no_dc {
            tags.insert(
                format!("{FAULT_TAG}/data_center"),
                "rg-route-missing".into(),
            );
        } else {
            routes.push(SUMMARY_DCS.to_string());
        }
        inv.resource_groups.push(ResourceGroup {
            id: format!("rg-{g:04}"),
            name: Some(format!("resource group {g}")),
            tags: (!tags.is_empty()).then_some(tags),
            account: None,
            kind: if g % 5 == 4 {
                ResourceGroupType::ExclusiveDataIntegration
            } else {
                ResourceGroupType::Serverless
            },
            region: region_name(region_of(d)),
            networks: vec![Binding {
                vpc: ids.vpc(d),
                vswitch: ids.vsw(d, s),
                routes: Some(routes),
            }],
            public_ip: None,
        });
    }

    // Data sources.
    let dataworks_cidrs: Vec<String> = (0..dataworks)
        .map(|d| cidr(plan.vpc_base(d), plan.vpc_len))
        .collect();
    let dataworks_eips: Vec<String> = (0..dataworks)
        .map(|d| address(0x2760_0000 + d as u32))
        .collect();
    let broken_sources = random.choose(spec.data_sources, spec.fault_rate);
    let mut used = vec![0u32; vpcs * per_vpc];
    let mut used_dc = vec![0u32; centers];
    let host_span = plan.vsw_size().saturating_sub(8).max(1);
    for (n, &broken) in broken_sources.iter().enumerate() {
        let Some(&(engine, port)) = ENGINES.get(random.below(ENGINES.len())) else {
            continue;
        };
        let id = format!("ds-{engine}-{n:05}");
        let host;
        let draw = random.unit();
        let mut location = Location::default();
        let mut whitelist = Some(dataworks_cidrs.clone());
        let mut fault: Option<&str> = None;
        let ip;
        if draw < 0.7 {
            // In a VPC: an RDS-like endpoint, or a database on an ECS instance.
            let i = random.below(vpcs);
            let s = random.below(workload);
            let taken = used.get_mut(i * per_vpc + s).map_or(0, |slot| {
                *slot += 1;
                *slot - 1
            });
            ip = address(plan.vsw_base(i, s) + 4 + taken % host_span);
            fault = roles.get(i).and_then(|role| role.fault());
            if draw < 0.5 {
                host = Some(format!(
                    "{engine}-{n}.{}.rds.aliyuncs.com",
                    region_name(region_of(i))
                ));
                location.vpc = Some(ids.vpc(i));
                if broken && fault.is_none() {
                    whitelist = Some(vec!["127.0.0.1".into()]);
                    fault = Some("whitelist-missing");
                }
            } else {
                let instance = aliyun_id("i", i % regions, n);
                let group = aliyun_id("sg", i % regions, n);
                let denied = broken && fault.is_none();
                if denied {
                    fault = Some("security-group-denied");
                }
                inv.security_groups.push(SecurityGroup {
                    id: group.clone(),
                    name: None,
                    tags: if denied {
                        fault_tags("security-group-denied")
                    } else {
                        None
                    },
                    account: None,
                    vpc: ids.vpc(i),
                    rules: vec![SecurityGroupRule {
                        direction: RuleDirection::Ingress,
                        policy: RulePolicy::Accept,
                        protocol: RuleProtocol::Tcp,
                        port_range: format!("{port}/{port}"),
                        source_cidr: Some(if denied {
                            "192.168.0.0/16".into()
                        } else {
                            SUMMARY_VPCS.into()
                        }),
                        dest_cidr: None,
                        priority: 1,
                    }],
                });
                inv.ecs_instances.push(EcsInstance {
                    id: instance.clone(),
                    name: None,
                    tags: None,
                    account: None,
                    vswitch: ids.vsw(i, s),
                    private_ips: vec![ip.clone()],
                    public_ip: None,
                    security_groups: vec![group],
                    status: Some(EcsStatus::Running),
                });
                host = None;
                location.ecs_instance = Some(instance);
                whitelist = None;
            }
        } else if draw < 0.85 {
            let k = random.below(centers);
            let taken = used_dc.get_mut(k).map_or(0, |slot| {
                *slot += 1;
                *slot - 1
            });
            ip = address(dc_base(k) + 0x0100 + taken % 0xfe00);
            host = Some(format!("{engine}-{n}.idc{k}.corp.internal"));
            location.data_center = Some(format!("idc-{}-{k:02}", region_name(k % regions)));
            if broken_centers.get(k) == Some(&true) {
                fault = Some("return-route-missing");
            } else if broken {
                whitelist = Some(vec!["127.0.0.1".into()]);
                fault = Some("whitelist-missing");
            }
        } else {
            // A public endpoint: 47.96.0.0 onwards, one address each.
            ip = address(0x2f60_0000 + n as u32);
            location.internet = Some(true);
            host = Some(format!("{engine}-{n}.partner{}.example.com", n % 97));
            whitelist = Some(dataworks_eips.clone());
            if broken {
                whitelist = Some(Vec::new());
                fault = Some("whitelist-missing");
            }
        }
        inv.data_sources.push(DataSource {
            id,
            name: Some(format!("{engine} database {n}")),
            tags: fault.and_then(fault_tags),
            account: None,
            kind: engine.into(),
            host,
            ip,
            port,
            protocol: None,
            location,
            whitelist,
            security_groups: None,
        });
    }
    inv
}
