//! The generator's DataWorks side: which resource groups are broken, the
//! resource groups bound to a workload vSwitch of a DataWorks VPC, and the
//! data sources in VPCs (RDS-like or on an ECS instance with a security
//! group), in data centers and on the internet, some broken on purpose.
//!
//! Invariant: every data source breaks at most one way, and carries the
//! [`FAULT_TAG`](super::FAULT_TAG) of the fault on the resource its pairs
//! fail at (see the module documentation of `generate`).

use super::data_centers::data_center_id;
use super::plan::SUMMARY_VPCS;
use super::plan::{address, aliyun_id, dc_base, fault_tags, region_name, SUMMARY_DCS};
use super::{Generator, Layout, Random, FAULT_TAG};
use crate::model::{
    Binding, DataSource, EcsInstance, EcsStatus, Location, ResourceGroup, ResourceGroupType,
    RuleDirection, RulePolicy, RuleProtocol, SecurityGroup, SecurityGroupRule, Tags,
};

/// Database engines and their ports.
const ENGINES: [(&str, u32); 6] = [
    ("mysql", 3306),
    ("postgresql", 5432),
    ("polardb", 3306),
    ("sqlserver", 1433),
    ("oracle", 1521),
    ("mongodb", 3717),
];

/// Draws the broken resource groups: half of them lose the SNAT entry of
/// their vSwitch (which breaks every group on that vSwitch), the other half
/// the data-center summary of their route list. Returns the SNAT-less
/// vSwitches (per `d * workload + s`) and the groups without the summary.
pub(super) fn group_faults(layout: &Layout, random: &mut Random) -> (Vec<bool>, Vec<bool>) {
    let groups = layout.spec.resource_groups;
    let workload = layout.workload();
    let snat_broken = random.choose(groups, layout.spec.fault_rate / 2.0);
    let no_dc_route = random.choose(groups, layout.spec.fault_rate / 2.0);
    let mut no_snat = vec![false; layout.dataworks * workload];
    for (g, broken) in snat_broken.iter().enumerate() {
        if *broken {
            let (d, s) = layout.binding_of(g);
            if let Some(slot) = no_snat.get_mut(d * workload + s) {
                *slot = true;
            }
        }
    }
    (no_snat, no_dc_route)
}

/// Where a data source lives and what is broken about it.
struct Placement {
    host: Option<String>,
    ip: String,
    location: Location,
    whitelist: Option<Vec<String>>,
    fault: Option<&'static str>,
}

/// The state the data-source steps share: the default whitelists and how
/// many addresses each vSwitch and data center has handed out.
struct Hosts {
    /// The CIDRs of the DataWorks VPCs (a VPC or data-center whitelist).
    dataworks_cidrs: Vec<String>,
    /// The NAT EIPs of the DataWorks VPCs (an internet whitelist).
    dataworks_eips: Vec<String>,
    /// Addresses taken per vSwitch (`i * per_vpc + s`).
    used: Vec<u32>,
    /// Addresses taken per data center.
    used_dc: Vec<u32>,
    /// Addresses a vSwitch hands out before wrapping around.
    host_span: u32,
}

/// Takes the next address number of a counter (0 when there is no counter).
fn take(slot: Option<&mut u32>) -> u32 {
    slot.map_or(0, |slot| {
        *slot += 1;
        *slot - 1
    })
}

impl Generator {
    /// Adds the resource groups, tagged with the faults that break their pairs.
    pub(super) fn resource_groups(&mut self) {
        let layout = &self.layout;
        let workload = layout.workload();
        let group_vswitch_fault = |g: usize| {
            let (d, s) = layout.binding_of(g);
            layout.no_snat.get(d * workload + s) == Some(&true)
        };
        for (g, &no_dc) in layout.no_dc_route.iter().enumerate() {
            let (d, s) = layout.binding_of(g);
            let mut tags = Tags::new();
            // Every fifth group is old-version: it reaches the internet over
            // its own EIP (the DataWorks EIP of its VPC, which internet data
            // sources whitelist), never through the NAT gateway (semantics S9.2).
            let old_version = g % 5 == 4;
            if group_vswitch_fault(g) && !old_version {
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
            self.inv.resource_groups.push(ResourceGroup {
                id: format!("rg-{g:04}"),
                name: Some(format!("resource group {g}")),
                tags: (!tags.is_empty()).then_some(tags),
                account: None,
                kind: if old_version {
                    ResourceGroupType::ExclusiveDataIntegration
                } else {
                    ResourceGroupType::Serverless
                },
                region: region_name(layout.region_of(d)),
                networks: vec![Binding {
                    vpc: layout.ids.vpc(d),
                    vswitch: layout.ids.vsw(d, s),
                    routes: Some(routes),
                }],
                public_ip: old_version.then(|| address(0x2760_0000 + d as u32)),
            });
        }
    }

    /// Draws which data sources are broken, then adds each: its engine, then
    /// where it lives (70% in a VPC, 15% in a data center, 15% on the internet).
    pub(super) fn data_sources(&mut self) {
        let layout = &self.layout;
        let (plan, dataworks) = (&layout.plan, layout.dataworks);
        let mut hosts = Hosts {
            dataworks_cidrs: (0..dataworks).map(|d| plan.vpc_cidr(d)).collect(),
            dataworks_eips: (0..dataworks)
                .map(|d| address(0x2760_0000 + d as u32))
                .collect(),
            used: vec![0u32; layout.vpcs * plan.per_vpc],
            used_dc: vec![0u32; layout.centers()],
            host_span: plan.vsw_size().saturating_sub(8).max(1),
        };
        let broken_sources = self
            .random
            .choose(layout.spec.data_sources, layout.spec.fault_rate);
        for (n, &broken) in broken_sources.iter().enumerate() {
            let Some(&(engine, port)) = ENGINES.get(self.random.below(ENGINES.len())) else {
                continue;
            };
            let draw = self.random.unit();
            let placement = if draw < 0.7 {
                self.source_in_vpc(&mut hosts, n, engine, port, broken, draw < 0.5)
            } else if draw < 0.85 {
                self.source_in_data_center(&mut hosts, n, engine, broken)
            } else {
                source_on_internet(&hosts, n, engine, broken)
            };
            self.inv.data_sources.push(DataSource {
                id: format!("ds-{engine}-{n:05}"),
                name: Some(format!("{engine} database {n}")),
                tags: placement.fault.and_then(fault_tags),
                account: None,
                kind: engine.into(),
                host: placement.host,
                ip: placement.ip,
                port,
                protocol: None,
                location: placement.location,
                whitelist: placement.whitelist,
                security_groups: None,
            });
        }
    }

    /// Places data source `n` on a workload vSwitch of a random VPC: an
    /// RDS-like endpoint (`rds`) or a database on an ECS instance with its
    /// security group. Its fault is the VPC's, else its own when `broken`.
    fn source_in_vpc(
        &mut self,
        hosts: &mut Hosts,
        n: usize,
        engine: &str,
        port: u32,
        broken: bool,
        rds: bool,
    ) -> Placement {
        let layout = &self.layout;
        let (plan, ids) = (&layout.plan, &layout.ids);
        let i = self.random.below(layout.vpcs);
        let s = self.random.below(layout.workload());
        let taken = take(hosts.used.get_mut(i * plan.per_vpc + s));
        let ip = address(plan.vsw_base(i, s) + 4 + taken % hosts.host_span);
        let mut fault = layout.roles.get(i).and_then(|role| role.fault());
        let mut location = Location::default();
        if rds {
            let mut whitelist = Some(hosts.dataworks_cidrs.clone());
            let host = Some(format!(
                "{engine}-{n}.{}.rds.aliyuncs.com",
                region_name(layout.region_of(i))
            ));
            location.vpc = Some(ids.vpc(i));
            if broken && fault.is_none() {
                whitelist = Some(vec!["127.0.0.1".into()]);
                fault = Some("whitelist-missing");
            }
            return Placement {
                host,
                ip,
                location,
                whitelist,
                fault,
            };
        }
        let instance = aliyun_id("i", i % layout.regions, n);
        let group = aliyun_id("sg", i % layout.regions, n);
        let denied = broken && fault.is_none();
        if denied {
            fault = Some("security-group-denied");
        }
        self.inv.security_groups.push(SecurityGroup {
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
        self.inv.ecs_instances.push(EcsInstance {
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
        location.ecs_instance = Some(instance);
        Placement {
            host: None,
            ip,
            location,
            whitelist: None,
            fault,
        }
    }

    /// Places data source `n` in a random data center. Its fault is the data
    /// center's, else a whitelist without the DataWorks VPCs when `broken`.
    fn source_in_data_center(
        &mut self,
        hosts: &mut Hosts,
        n: usize,
        engine: &str,
        broken: bool,
    ) -> Placement {
        let layout = &self.layout;
        let k = self.random.below(layout.centers());
        let taken = take(hosts.used_dc.get_mut(k));
        let mut whitelist = Some(hosts.dataworks_cidrs.clone());
        let mut fault = None;
        if self.broken_centers.get(k) == Some(&true) {
            fault = Some("return-route-missing");
        } else if broken {
            whitelist = Some(vec!["127.0.0.1".into()]);
            fault = Some("whitelist-missing");
        }
        Placement {
            host: Some(format!("{engine}-{n}.idc{k}.corp.internal")),
            ip: address(dc_base(k) + 0x0100 + taken % 0xfe00),
            location: Location {
                data_center: Some(data_center_id(k, layout.regions)),
                ..Location::default()
            },
            whitelist,
            fault,
        }
    }
}

/// Places data source `n` on the internet (47.96.0.0 onwards, one address
/// each), whitelisting the DataWorks EIPs, or nothing when `broken`.
fn source_on_internet(hosts: &Hosts, n: usize, engine: &str, broken: bool) -> Placement {
    let (whitelist, fault) = if broken {
        (Some(Vec::new()), Some("whitelist-missing"))
    } else {
        (Some(hosts.dataworks_eips.clone()), None)
    };
    Placement {
        host: Some(format!("{engine}-{n}.partner{}.example.com", n % 97)),
        ip: address(0x2f60_0000 + n as u32),
        location: Location {
            internet: Some(true),
            ..Location::default()
        },
        whitelist,
        fault,
    }
}
