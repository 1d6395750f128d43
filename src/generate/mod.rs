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
//!
//! Layout: this file holds the presets, [`GenSpec`] and the [`Layout`]
//! decided before anything is built (sizes, VPC roles, resource-group faults);
//! `generate` runs the steps in order, each in its own file: `transit` (the
//! CEN, transit routers and their tables), `vpcs` (VPCs, vSwitches, route
//! tables, attachments, NAT gateways, peerings), `data_centers` (data centers
//! behind VBRs) and `dataworks` (resource groups and data sources); `plan`
//! holds the addressing plan and the ids, `random` the seeded random source.
//! Invariant: the random draws happen in one fixed order (the roles, the
//! group faults, the broken data centers, then the data sources), so a step
//! must not draw out of its turn.

use crate::model::Inventory;

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

mod data_centers;
mod dataworks;
mod plan;
mod random;
mod tasks;
mod transit;
mod vpcs;

pub use random::Random;
pub use tasks::add_tasks;

use plan::{Ids, Plan, ACCOUNT_BUSINESS, ACCOUNT_PLATFORM};
use vpcs::VpcRole;

/// Everything decided before anything is built: the sizes, the address plan,
/// the role of each VPC and which resource groups are broken. Fixed once
/// `Generator::new` has drawn it; the build steps only read it.
struct Layout {
    /// The spec as given.
    spec: GenSpec,
    /// Regions (at least one).
    regions: usize,
    /// VPCs (1 to 65,536).
    vpcs: usize,
    /// The address plan.
    plan: Plan,
    /// The first `dataworks` VPCs host the resource groups (at least one).
    dataworks: usize,
    /// The ids of the resources.
    ids: Ids,
    /// The role of each VPC.
    roles: Vec<VpcRole>,
    /// Per workload vSwitch of a DataWorks VPC (`d * workload + s`): its SNAT entry is missing.
    no_snat: Vec<bool>,
    /// Per resource group: its route list lacks the data-center summary.
    no_dc_route: Vec<bool>,
}

impl Layout {
    /// The region of VPC `i`.
    fn region_of(&self, i: usize) -> usize {
        i % self.regions
    }

    /// The account of VPC `i`: every fifth other VPC belongs to the business unit.
    fn account_of(&self, i: usize) -> &'static str {
        if i >= self.dataworks && i % 5 == 4 {
            ACCOUNT_BUSINESS
        } else {
            ACCOUNT_PLATFORM
        }
    }

    /// Workload vSwitches per VPC.
    fn workload(&self) -> usize {
        self.plan.workload()
    }

    /// Resource group `g` sits in DataWorks VPC `g % D`, on workload vSwitch `(g / D) % W`.
    fn binding_of(&self, g: usize) -> (usize, usize) {
        (g % self.dataworks, (g / self.dataworks) % self.workload())
    }

    /// Data centers: one per region, at most 16.
    fn centers(&self) -> usize {
        self.regions.min(16)
    }
}

/// The state the build steps share: the layout, the random source (for the
/// draws made while building) and the inventory being filled.
struct Generator {
    layout: Layout,
    random: Random,
    /// Per data center: broken on purpose (drawn by the data-center step).
    broken_centers: Vec<bool>,
    inv: Inventory,
}

impl Generator {
    /// Draws the layout of `spec`: the VPC roles, then the resource-group faults.
    fn new(spec: &GenSpec) -> Generator {
        let mut random = Random(spec.seed ^ 0x6e65_7472_6561_6368);
        let regions = spec.regions.max(1);
        let vpcs = spec.vpcs.clamp(1, 1 << 16);
        let plan = Plan::new(vpcs, spec.vswitches_per_vpc);
        // DataWorks VPCs: two per region where there are enough groups, never more than groups or VPCs.
        let dataworks = vpcs.min(spec.resource_groups.max(1)).min(2 * regions);
        let ids = Ids {
            regions,
            per_vpc: plan.per_vpc,
        };
        let mut layout = Layout {
            spec: *spec,
            regions,
            vpcs,
            plan,
            dataworks,
            ids,
            roles: Vec::new(),
            no_snat: Vec::new(),
            no_dc_route: Vec::new(),
        };
        layout.roles = vpcs::roles(&layout, &mut random);
        let (no_snat, no_dc_route) = dataworks::group_faults(&layout, &mut random);
        layout.no_snat = no_snat;
        layout.no_dc_route = no_dc_route;
        Generator {
            layout,
            random,
            broken_centers: Vec::new(),
            inv: Inventory {
                version: 1,
                ..Inventory::default()
            },
        }
    }
}

/// Generates the inventory that `spec` describes (see the module documentation).
pub fn generate(spec: &GenSpec) -> Inventory {
    let mut generator = Generator::new(spec);
    generator.accounts_and_transit();
    generator.vpcs();
    generator.peerings();
    generator.data_centers();
    generator.resource_groups();
    generator.data_sources();
    generator.inv
}
