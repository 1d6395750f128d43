//! Changes: what a fix does to the inventory (docs: semantics S10).
//!
//! A [`Change`] names resources by id, never by index, so that the same change
//! found by many pairs is one value (it is deduplicated and proved once). Each
//! change can say itself three ways: an `action` sentence in the words of the
//! Alibaba Cloud console, the `api` that makes it, and the RFC 6902 operations
//! that make it in the merged inventory document ([`Change::patch`]). The
//! operations address list elements by index, each preceded by a `test` of the
//! element's `id`, so a patch applied to another document fails instead of
//! changing the wrong element.
//!
//! A finding's [`Remedy`] is either the changes that may remove it, most
//! preferred first (the prover in `reach::prove` keeps the first that proves
//! itself), or the decision a person must take.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::Value;

use crate::model::{Inventory, NextHopType};

mod patch;

pub use patch::{patch_all, DocIndex};

/// One change to the inventory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Bind the resource group to a vSwitch (DataWorks network settings).
    Bind {
        group: String,
        vpc: String,
        vswitch: String,
    },
    /// Add a CIDR to the route list of a resource group's binding (DataWorks custom route).
    GroupRoute {
        group: String,
        vpc: String,
        vswitch: String,
        destination: Ipv4Net,
    },
    /// Add a custom route entry to a VPC route table. `implied`: the VPC's
    /// system table is not written in the inventory (the patch writes it).
    VpcRoute {
        table: String,
        vpc: String,
        implied: bool,
        destination: Ipv4Net,
        next_hop: NextHopType,
        via: String,
    },
    /// Add a static route to a transit-router route table.
    TrRoute {
        table: String,
        destination: Ipv4Net,
        attachment: String,
    },
    /// Point a blackhole route of a transit-router table at an attachment.
    TrRouteReplace {
        table: String,
        destination: Ipv4Net,
        attachment: String,
    },
    /// Propagate an attachment's routes into a transit-router route table.
    TrPropagation { table: String, attachment: String },
    /// Associate an attachment with a transit-router route table.
    TrAssociation { table: String, attachment: String },
    /// Add a route to a VBR's route table, toward the data center.
    VbrRoute {
        vbr: String,
        destination: Ipv4Net,
        physical_connection: String,
    },
    /// Add a route on the data center's own router (not an Alibaba Cloud API).
    /// `next_hop`: the VBR's Alibaba-side address where the inventory has it.
    DcRoute {
        data_center: String,
        destination: Ipv4Net,
        via: String,
        next_hop: Option<Ipv4Addr>,
        vbr: Option<String>,
    },
    /// Add entries to a data source's IP whitelist.
    Whitelist {
        data_source: String,
        kind: String,
        cidrs: Vec<Ipv4Net>,
    },
    /// Add an ingress accept rule to a security group, ahead of every matching
    /// drop rule; `revoke`: a priority-1 drop rule that must go for it to win.
    SecurityGroupRule {
        group: String,
        protocol: String,
        port: u32,
        sources: Vec<Ipv4Net>,
        priority: u32,
        revoke: Option<Revoke>,
    },
    /// Create a SNAT entry on a NAT gateway.
    SnatEntry {
        nat: String,
        source_vswitch: Option<String>,
        source_cidr: Option<Ipv4Net>,
        snat_ip: Ipv4Addr,
    },
    /// Change the addresses of a SNAT entry.
    SnatIps {
        nat: String,
        entry: String,
        ips: Vec<Ipv4Addr>,
    },
    /// Basic-edition CEN: a bandwidth package and an inter-region bandwidth.
    CenBandwidth {
        cen: String,
        regions: (String, String),
        mbps: u64,
    },
    /// Accept a VPC peering connection that waits for its accepter.
    AcceptPeering { peering: String },
    /// Add a CIDR to a VPN connection's remote (customer-side) CIDRs.
    VpnRemoteCidr { connection: String, cidr: Ipv4Net },
    /// Add a CIDR to a VPN connection's local (Alibaba-side) CIDRs.
    VpnLocalCidr { connection: String, cidr: Ipv4Net },
}

/// A security-group rule to remove, named by its fields.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Revoke {
    /// The group holding it.
    pub group: String,
    /// Its index in the group's `rules` (for the patch only; never shown).
    pub index: usize,
    /// The rule as the console shows it ("drop tcp 27017/27017 from 10.0.0.0/8, priority 1").
    pub text: String,
}

/// How a finding can be removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Remedy {
    /// Changes that may remove it, most preferred first; one is enough.
    Change(Vec<Change>),
    /// No change netreach can prove: what a person must decide, and why.
    Decide(String),
}

impl Remedy {
    /// A single candidate change.
    pub fn one(change: Change) -> Remedy {
        Remedy::Change(vec![change])
    }
}

/// A next-hop type in the console's words.
fn next_hop_words(kind: NextHopType) -> &'static str {
    match kind {
        NextHopType::NatGateway => "NAT gateway",
        NextHopType::VpcPeer => "VPC peering connection",
        NextHopType::TrAttachment => "transit router",
        NextHopType::VpnGateway => "VPN gateway",
        NextHopType::Vbr => "router interface (VBR)",
        NextHopType::Instance => "ECS instance",
        NextHopType::NetworkInterface => "secondary ENI",
        NextHopType::Havip => "HaVip",
        NextHopType::Ipv4Gateway => "IPv4 gateway",
    }
}

/// Items joined with `", "`.
fn list_text<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Change {
    /// The change in the words of the Alibaba Cloud console.
    pub fn action(&self) -> String {
        match self {
            Change::Bind {
                group,
                vpc,
                vswitch,
            } => format!(
                "DataWorks console > Resource Groups > {group} > Network Settings > Add Binding: VPC {vpc}, vSwitch {vswitch} (the data source's VPC)"
            ),
            Change::GroupRoute {
                group,
                vpc,
                vswitch,
                destination,
            } => format!(
                "DataWorks console > Resource Groups > {group} > Network Settings > binding {vpc}/{vswitch} > Add Route: destination {destination}"
            ),
            Change::VpcRoute {
                table,
                vpc,
                implied,
                destination,
                next_hop,
                via,
            } => {
                let name = if *implied {
                    format!("the system route table of {vpc}")
                } else {
                    table.clone()
                };
                format!(
                    "VPC console > Route Tables > {name} > Add Route Entry: destination {destination}, next hop {} {via}",
                    next_hop_words(*next_hop)
                )
            }
            Change::TrRoute {
                table,
                destination,
                attachment,
            } => format!(
                "CEN console > Transit Router > Route Table {table} > Add Route Entry: destination {destination}, next hop attachment {attachment}"
            ),
            Change::TrRouteReplace {
                table,
                destination,
                attachment,
            } => format!(
                "CEN console > Transit Router > Route Table {table} > route {destination}: delete the blackhole entry and add {destination} with next hop attachment {attachment}"
            ),
            Change::TrPropagation { table, attachment } => format!(
                "CEN console > Transit Router > Route Table {table} > Route Propagation > Create Propagation: attachment {attachment}"
            ),
            Change::TrAssociation { table, attachment } => format!(
                "CEN console > Transit Router > Route Table {table} > Associated Forwarding > Create Association: attachment {attachment}"
            ),
            Change::VbrRoute {
                vbr,
                destination,
                physical_connection,
            } => format!(
                "Express Connect console > Virtual Border Routers > {vbr} > Routes > Add Route: destination {destination}, next hop physical connection {physical_connection}"
            ),
            Change::DcRoute {
                data_center,
                destination,
                via,
                next_hop,
                vbr,
            } => match (next_hop, vbr) {
                (Some(address), Some(vbr)) => format!(
                    "on the router of data center {data_center}: add a route to {destination} via {address} (the Alibaba-side address of VBR {vbr}, over {via})"
                ),
                _ => format!(
                    "on the router of data center {data_center}: add a route to {destination} through connection {via}"
                ),
            },
            Change::Whitelist {
                data_source,
                cidrs,
                ..
            } => format!(
                "data source console > {data_source} > Whitelist Settings > Modify: add {}",
                list_text(cidrs)
            ),
            Change::SecurityGroupRule {
                group,
                protocol,
                port,
                sources,
                priority,
                revoke,
            } => {
                let add = format!(
                    "ECS console > Security Groups > {group} > Inbound > Add Rule: accept {protocol} {port}/{port} from {}, priority {priority}",
                    list_text(sources)
                );
                match revoke {
                    Some(r) => format!(
                        "ECS console > Security Groups > {} > Inbound > delete the rule \"{}\" (at priority 1 no accept rule can win over it); then {add}",
                        r.group, r.text
                    ),
                    None => add,
                }
            }
            Change::SnatEntry {
                nat,
                source_vswitch,
                source_cidr,
                snat_ip,
            } => {
                let source = match (source_vswitch, source_cidr) {
                    (Some(vsw), _) => format!("vSwitch {vsw}"),
                    (None, Some(cidr)) => format!("CIDR {cidr}"),
                    (None, None) => "the source".to_string(),
                };
                format!(
                    "NAT Gateway console > {nat} > SNAT Management > Create SNAT Entry: source {source}, public IP {snat_ip}"
                )
            }
            Change::SnatIps { nat, entry, ips } => format!(
                "NAT Gateway console > {nat} > SNAT Management > {entry} > Edit: public IP {}",
                list_text(ips)
            ),
            Change::CenBandwidth { cen, regions, mbps } => format!(
                "CEN console > {cen} > Bandwidth Packages > Purchase Bandwidth Package covering {a} and {b}; then Inter-region Connections > Set Bandwidth: {a} <-> {b}, {mbps} Mbps",
                a = regions.0,
                b = regions.1
            ),
            Change::AcceptPeering { peering } => format!(
                "VPC console (the accepter's account) > VPC Peering Connections > {peering} > Receive"
            ),
            Change::VpnRemoteCidr { connection, cidr } => format!(
                "VPN Gateway console > IPsec Connections > {connection} > Edit: add {cidr} to the peer (remote) CIDR blocks"
            ),
            Change::VpnLocalCidr { connection, cidr } => format!(
                "VPN Gateway console > IPsec Connections > {connection} > Edit: add {cidr} to the local CIDR blocks"
            ),
        }
    }

    /// The Alibaba Cloud API that makes the change; `None` where it is made
    /// outside Alibaba Cloud (an on-premises router).
    pub fn api(&self) -> Option<&'static str> {
        Some(match self {
            Change::Bind { .. } => "dataworks-public CreateNetwork",
            Change::GroupRoute { .. } => "dataworks-public CreateRoute",
            Change::VpcRoute { .. } => "CreateRouteEntry",
            Change::TrRoute { .. } => "CreateTransitRouterRouteEntry",
            Change::TrRouteReplace { .. } => {
                "DeleteTransitRouterRouteEntry, CreateTransitRouterRouteEntry"
            }
            Change::TrPropagation { .. } => "EnableTransitRouterRouteTablePropagation",
            Change::TrAssociation { .. } => "AssociateTransitRouterAttachmentWithRouteTable",
            Change::VbrRoute { .. } => "CreateRouteEntry",
            Change::DcRoute { .. } => return None,
            Change::Whitelist { kind, .. } => {
                if kind.to_ascii_lowercase().contains("polardb") {
                    "ModifyDBClusterAccessWhitelist"
                } else {
                    "ModifySecurityIps"
                }
            }
            Change::SecurityGroupRule { revoke: None, .. } => "AuthorizeSecurityGroup",
            Change::SecurityGroupRule { .. } => "RevokeSecurityGroup, AuthorizeSecurityGroup",
            Change::SnatEntry { .. } => "CreateSnatEntry",
            Change::SnatIps { .. } => "ModifySnatEntry",
            Change::CenBandwidth { .. } => {
                "CreateCenBandwidthPackage, AssociateCenBandwidthPackage, SetCenInterRegionBandwidthLimit"
            }
            Change::AcceptPeering { .. } => "AcceptVpcPeerConnection",
            Change::VpnRemoteCidr { .. } | Change::VpnLocalCidr { .. } => {
                "ModifyVpnConnectionAttribute"
            }
        })
    }

    /// The resource the change is made on (fixes are grouped by it).
    pub fn resource(&self) -> &str {
        match self {
            Change::Bind { group, .. } | Change::GroupRoute { group, .. } => group,
            Change::VpcRoute {
                table,
                vpc,
                implied,
                ..
            } => {
                if *implied {
                    vpc
                } else {
                    table
                }
            }
            Change::TrRoute { table, .. }
            | Change::TrRouteReplace { table, .. }
            | Change::TrPropagation { table, .. }
            | Change::TrAssociation { table, .. } => table,
            Change::VbrRoute { vbr, .. } => vbr,
            Change::DcRoute { data_center, .. } => data_center,
            Change::Whitelist { data_source, .. } => data_source,
            Change::SecurityGroupRule { group, .. } => group,
            Change::SnatEntry { nat, .. } | Change::SnatIps { nat, .. } => nat,
            Change::CenBandwidth { cen, .. } => cen,
            Change::AcceptPeering { peering } => peering,
            Change::VpnRemoteCidr { connection, .. } | Change::VpnLocalCidr { connection, .. } => {
                connection
            }
        }
    }

    /// The RFC 6902 operations that make the change in `inventory` (the
    /// merged document), or `None` when the element it changes is not written
    /// there (an implied resource this change cannot write).
    pub fn patch(&self, inventory: &Inventory, index: &DocIndex) -> Option<Vec<Value>> {
        patch_all(std::slice::from_ref(self), inventory, index)
    }
}
