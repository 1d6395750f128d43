//! The native inventory's VPCs, vSwitches, VPC route tables and peering connections.
//! Serde types only, as the module `model` says: no logic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

/// A VPC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// VPC id (`vpc-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Region id, for example `cn-hangzhou`.
    pub region: String,
    /// IPv4 (and IPv6) CIDR blocks: primary first, then secondary.
    pub cidrs: Vec<String>,
    /// Customer CIDR blocks (`UserCidrs`): public ranges the VPC routes as private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_cidrs: Option<Vec<String>>,
}

/// A vSwitch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VSwitch {
    /// vSwitch id (`vsw-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The VPC the vSwitch belongs to.
    pub vpc: String,
    /// Zone id, for example `cn-hangzhou-h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// The vSwitch CIDR; must lie inside one of the VPC's CIDRs.
    pub cidr: String,
    /// A custom route table of the same VPC; absent means the VPC's system table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table: Option<String>,
}

/// The kind of a VPC route table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RouteTableKind {
    /// The VPC's system table (one per VPC).
    System,
    /// A custom table bound to vSwitches.
    Custom,
}

/// A VPC route table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    /// Route table id (`vtb-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The VPC the table belongs to.
    pub vpc: String,
    /// `system` or `custom`.
    pub kind: RouteTableKind,
    /// The written routes (custom and exported learned entries; never system routes).
    #[serde(default)]
    pub routes: Vec<Route>,
}

/// Whether a route carries traffic.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RouteStatus {
    /// Installed and forwarding.
    Available,
    /// Not yet installed: carries no traffic.
    Pending,
}

/// Where a written route came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RouteOrigin {
    /// Written by the user.
    Custom,
    /// Reported by the cloud: CEN, BGP, ECR or transit-router synchronized.
    Learned,
}

/// A VPC route entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Destination CIDR (a bare address means /32).
    pub destination: String,
    /// The next hop (exactly one of `next_hop` and `next_hops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hop: Option<NextHop>,
    /// ECMP next hops (exactly one of `next_hop` and `next_hops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hops: Option<Vec<NextHop>>,
    /// `available` (default) or `pending` (carries no traffic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RouteStatus>,
    /// `custom` (default) or `learned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<RouteOrigin>,
}

/// The type of a VPC route's next hop (Alibaba `NextHopType`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NextHopType {
    /// `NatGateway`: a NAT gateway in the same VPC.
    NatGateway,
    /// `VpcPeer`: a peering connection of this VPC.
    VpcPeer,
    /// `Attachment`: a transit-router attachment of this VPC.
    TrAttachment,
    /// `VpnGateway`: a VPN gateway in the same VPC.
    VpnGateway,
    /// `RouterInterface`: a VBR reached through a router interface.
    Vbr,
    /// `Instance`: an ECS instance in the same VPC.
    Instance,
    /// `NetworkInterface`: an ENI (an opaque appliance).
    NetworkInterface,
    /// `HaVip`: a high-availability virtual IP (an opaque appliance).
    Havip,
    /// `Ipv4Gateway`: the VPC's IPv4 gateway.
    Ipv4Gateway,
}

/// A VPC route's next hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextHop {
    /// The next-hop type.
    #[serde(rename = "type")]
    pub kind: NextHopType,
    /// The id of the next-hop resource.
    pub id: String,
}

/// The status of a VPC peering connection.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PeeringStatus {
    /// Carries traffic.
    Activated,
    /// Waiting for the accepter (cross-account).
    Accepting,
    /// Being created.
    Creating,
    /// Being updated.
    Updating,
    /// Being deleted.
    Deleting,
    /// Expired.
    Expired,
    /// Rejected by the accepter.
    Rejected,
    /// Deleted.
    Deleted,
}

/// A VPC peering connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeeringConnection {
    /// Peering id (`pcc-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the requester VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The requester VPC.
    pub vpc: String,
    /// The accepter VPC (may be in another account or region).
    pub peer_vpc: String,
    /// Only `activated` carries traffic.
    pub status: PeeringStatus,
    /// Bandwidth in Mbit/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_mbps: Option<u64>,
}
