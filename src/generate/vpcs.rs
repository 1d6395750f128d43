//! The generator's VPCs: the role of each VPC, then for each its vSwitches,
//! its system route table, its transit-router attachment and (for some) an
//! Internet NAT gateway with an EIP; then the peerings of the partner VPCs.
//!
//! Invariants: `inv.route_tables` holds VPC `i`'s table at position `i` (the
//! peering step adds routes to both ends by position); the last two vSwitches
//! of a VPC carry its attachment, the last one its NAT gateway.

use super::plan::{address, aliyun_id, cidr, fault_tags, region_name, route};
use super::plan::{SUMMARY_DCS, SUMMARY_VPCS};
use super::{Generator, Layout, Random};
use crate::model::{
    Eip, Inventory, NatGateway, NatGatewayStatus, NatGatewayType, NextHopType, PeeringConnection,
    PeeringStatus, RouteTable, RouteTableKind, SnatEntry, TrAttachment, TrAttachmentStatus,
    TrAttachmentType, VSwitch, Vpc,
};

/// How a VPC reaches its transit router, and what is broken about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VpcRole {
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
    /// The finding code of the role's fault, if it is a broken one.
    pub(super) fn fault(self) -> Option<&'static str> {
        match self {
            VpcRole::FaultNoReturn => Some("return-route-missing"),
            VpcRole::FaultNotAssociated => Some("tr-attachment-not-associated"),
            VpcRole::FaultDetaching => Some("tr-attachment-inactive"),
            _ => None,
        }
    }

    /// Whether VPC `i` of this role has a NAT gateway: every DataWorks VPC and
    /// every eighth unbroken other one.
    fn has_nat(self, i: usize) -> bool {
        self == VpcRole::DataWorks || (self.fault().is_none() && i % 8 == 3)
    }
}

/// Draws the role of every VPC: faults first (among the other VPCs), then
/// peering and sync. Reads `layout`'s sizes only (its roles are not set yet).
pub(super) fn roles(layout: &Layout, random: &mut Random) -> Vec<VpcRole> {
    let (vpcs, dataworks, regions) = (layout.vpcs, layout.dataworks, layout.regions);
    let others = vpcs - dataworks;
    let broken = random.choose(others, layout.spec.fault_rate);
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
                layout.region_of(i)
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
    roles
}

/// What a VPC is for, in the names of its resources.
fn purpose(role: VpcRole) -> &'static str {
    match role {
        VpcRole::DataWorks => "dataworks",
        VpcRole::Peered(_) => "partner",
        _ => "app",
    }
}

impl Generator {
    /// Adds every VPC with its vSwitches, route table, attachment and NAT gateway.
    pub(super) fn vpcs(&mut self) {
        let layout = &self.layout;
        for (i, &role) in layout.roles.iter().enumerate() {
            vpc_and_vswitches(layout, &mut self.inv, i, role);
            vpc_route_table(layout, &mut self.inv, i, role);
            vpc_attachment(layout, &mut self.inv, i, role);
            if role.has_nat(i) {
                nat_gateway(layout, &mut self.inv, i, role);
            }
        }
    }

    /// Adds the peerings of the partner VPCs, with routes on both sides.
    pub(super) fn peerings(&mut self) {
        let layout = &self.layout;
        let inv = &mut self.inv;
        for (i, &role) in layout.roles.iter().enumerate() {
            if let VpcRole::Peered(partner) = role {
                let id = layout.ids.peering(i);
                if let Some(table) = inv.route_tables.get_mut(i) {
                    table.routes.push(route(
                        &layout.plan.vpc_cidr(partner),
                        NextHopType::VpcPeer,
                        &id,
                    ));
                }
                if let Some(table) = inv.route_tables.get_mut(partner) {
                    table
                        .routes
                        .push(route(&layout.plan.vpc_cidr(i), NextHopType::VpcPeer, &id));
                }
                inv.peering_connections.push(PeeringConnection {
                    id,
                    name: None,
                    tags: None,
                    account: None,
                    vpc: layout.ids.vpc(partner),
                    peer_vpc: layout.ids.vpc(i),
                    status: PeeringStatus::Activated,
                    bandwidth_mbps: (layout.region_of(i) != layout.region_of(partner))
                        .then_some(100),
                });
            }
        }
    }
}

/// Adds VPC `i` and its vSwitches, spread over the region's zones.
fn vpc_and_vswitches(layout: &Layout, inv: &mut Inventory, i: usize, role: VpcRole) {
    let zones = ["a", "b", "c", "h", "i", "j", "k"];
    let (plan, ids) = (&layout.plan, &layout.ids);
    let region = region_name(layout.region_of(i));
    inv.vpcs.push(Vpc {
        id: ids.vpc(i),
        name: Some(format!("vpc-{region}-{}-{i}", purpose(role))),
        tags: role.fault().and_then(fault_tags),
        account: Some(layout.account_of(i).into()),
        region: region.clone(),
        cidrs: vec![plan.vpc_cidr(i)],
        user_cidrs: None,
    });
    for j in 0..plan.per_vpc {
        let zone = format!("{region}-{}", zones.get(j % zones.len()).unwrap_or(&"a"));
        let use_of = if j >= plan.workload() {
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
}

/// Adds VPC `i`'s system route table: the summaries to its attachment as its
/// role says, and the default route to its NAT gateway if it has one.
fn vpc_route_table(layout: &Layout, inv: &mut Inventory, i: usize, role: VpcRole) {
    let ids = &layout.ids;
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
    if role.has_nat(i) {
        routes.push(route("0.0.0.0/0", NextHopType::NatGateway, &ids.nat(i)));
    }
    let region = region_name(layout.region_of(i));
    inv.route_tables.push(RouteTable {
        id: ids.table(i),
        name: Some(format!("vtb-{region}-{}-{i}-system", purpose(role))),
        tags: None,
        account: None,
        vpc: ids.vpc(i),
        kind: RouteTableKind::System,
        routes,
    });
}

/// Adds VPC `i`'s attachment to its region's transit router, associated with
/// and propagating into the region's table (unless the role breaks that).
fn vpc_attachment(layout: &Layout, inv: &mut Inventory, i: usize, role: VpcRole) {
    let ids = &layout.ids;
    let r = layout.region_of(i);
    let region = region_name(r);
    let attachment = ids.attachment(i);
    let per_vpc = layout.plan.per_vpc;
    let status = if role == VpcRole::FaultDetaching {
        TrAttachmentStatus::Detaching
    } else {
        TrAttachmentStatus::Attached
    };
    inv.tr_attachments.push(TrAttachment {
        id: attachment.clone(),
        name: Some(format!("attach-{region}-{}-{i}", purpose(role))),
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
    if let Some(table) = inv.tr_route_tables.get_mut(r) {
        if role != VpcRole::FaultNotAssociated {
            table.associations.push(attachment.clone());
        }
        table.propagations.push(attachment);
    }
}

/// Adds VPC `i`'s Internet NAT gateway and its EIP: in a DataWorks VPC one
/// SNAT entry per workload vSwitch (less the broken ones), elsewhere one for
/// the whole VPC CIDR.
fn nat_gateway(layout: &Layout, inv: &mut Inventory, i: usize, role: VpcRole) {
    let (plan, ids) = (&layout.plan, &layout.ids);
    let (r, per_vpc, workload) = (layout.region_of(i), plan.per_vpc, plan.workload());
    let no_snat = &layout.no_snat;
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
            source_cidr: Some(plan.vpc_cidr(i)),
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
