//! The native inventory's ways out of a VPC: NAT gateways and EIPs, VPN gateways, customer
//! gateways and IPsec connections, VBRs, physical connections and data centers.
//! Serde types only, as the module `model` says: no logic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

/// The kind of a NAT gateway.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NatGatewayType {
    /// Internet NAT gateway: translates to EIPs.
    Internet,
    /// VPC NAT gateway: translates to private NAT IPs.
    Vpc,
}

/// The status of a NAT gateway (informational; it does not change verdicts).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NatGatewayStatus {
    /// In service.
    Available,
    /// Being created.
    Creating,
    /// Being modified.
    Modifying,
    /// Being deleted.
    Deleting,
    /// Being converted (standard to enhanced).
    Converting,
}

/// A NAT gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    /// NAT gateway id (`ngw-…`).
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
    /// The VPC.
    pub vpc: String,
    /// The vSwitch the gateway sits in.
    pub vswitch: String,
    /// `internet` or `vpc`.
    #[serde(rename = "type")]
    pub kind: NatGatewayType,
    /// Internet gateways: the bound EIPs (ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eips: Option<Vec<String>>,
    /// VPC gateways: the NAT IP addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_ips: Option<Vec<String>>,
    /// SNAT entries.
    #[serde(default)]
    pub snat_entries: Vec<SnatEntry>,
    /// Gateway status (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<NatGatewayStatus>,
}

/// A SNAT entry: exactly one of `source_vswitch` and `source_cidr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnatEntry {
    /// Entry id (`snat-…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The source vSwitch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_vswitch: Option<String>,
    /// The source CIDR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_cidr: Option<String>,
    /// The translated addresses: EIP addresses (Internet) or NAT IPs (VPC).
    pub snat_ips: Vec<String>,
}

/// An elastic IP address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Eip {
    /// EIP allocation id (`eip-…`).
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
    /// The public address.
    pub ip: String,
    /// A NAT gateway or ECS instance the EIP is bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound_to: Option<String>,
}

/// The status of a VPN gateway (informational).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum VpnGatewayStatus {
    /// Being created.
    Init,
    /// Being provisioned.
    Provisioning,
    /// In service.
    Active,
    /// Being updated.
    Updating,
    /// Being deleted.
    Deleting,
}

/// A VPN gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VpnGateway {
    /// VPN gateway id (`vpn-…`).
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
    /// The VPC.
    pub vpc: String,
    /// Gateway status (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VpnGatewayStatus>,
}

/// A customer gateway: the on-premises VPN device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerGateway {
    /// Customer gateway id (`cgw-…`).
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
    /// The device's public address.
    pub ip: String,
    /// The data center behind the device (exports cannot know it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_center: Option<String>,
}

/// The status of a VPN connection.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum VpnConnectionStatus {
    /// The tunnel is up.
    Established,
    /// The tunnel is down.
    Down,
}

/// An IPsec-VPN connection: on a VPN gateway or attached to a transit router.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VpnConnection {
    /// Connection id (`vco-…`).
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
    /// The VPN gateway (exactly one of `vpn_gateway` and `transit_router`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway: Option<String>,
    /// The transit router (exactly one of `vpn_gateway` and `transit_router`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_router: Option<String>,
    /// The customer gateway.
    pub customer_gateway: String,
    /// The cloud-side ranges of the connection.
    pub local_cidrs: Vec<String>,
    /// The on-premises ranges of the connection.
    pub remote_cidrs: Vec<String>,
    /// `established` or `down`.
    pub status: VpnConnectionStatus,
    /// Put routes for `remote_cidrs` into the gateway VPC's system table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_to_vpc: Option<bool>,
}

/// The status of a VBR.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum VbrStatus {
    /// Forwarding.
    Active,
    /// Waiting for confirmation.
    Unconfirmed,
    /// Being terminated.
    Terminating,
    /// Terminated.
    Terminated,
    /// Being recovered.
    Recovering,
    /// Being deleted.
    Deleting,
}

/// A virtual border router (Express Connect).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vbr {
    /// VBR id (`vbr-…`).
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
    /// Region id.
    pub region: String,
    /// The physical connection the VBR sits on.
    pub physical_connection: String,
    /// Only `active` forwards.
    pub status: VbrStatus,
    /// The VBR's own routes toward the data center (static or BGP-learned, as exported).
    #[serde(default)]
    pub routes: Vec<VbrRoute>,
    /// The Alibaba-side interconnect address (`LocalGatewayIp`), inventory 1.1:
    /// the next hop the data center's router uses toward the cloud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_ip: Option<String>,
    /// The customer-side interconnect address (`PeerGatewayIp`), inventory 1.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_ip: Option<String>,
}

/// The type of a VBR route's next hop.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum VbrNextHopType {
    /// The VBR's physical connection (toward the data center).
    PhysicalConnection,
}

/// A VBR route's next hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VbrNextHop {
    /// `physical_connection`.
    #[serde(rename = "type")]
    pub kind: VbrNextHopType,
    /// The physical connection id.
    pub id: String,
}

/// A VBR route toward the data center.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VbrRoute {
    /// Destination CIDR.
    pub destination: String,
    /// The next hop.
    pub next_hop: VbrNextHop,
}

/// The status of a physical connection.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PhysicalConnectionStatus {
    /// Forwarding.
    Enabled,
    /// Applied for.
    Initial,
    /// Approved.
    Approved,
    /// Being allocated.
    Allocating,
    /// Allocated.
    Allocated,
    /// Confirmed.
    Confirmed,
    /// Rejected.
    Rejected,
    /// Canceled.
    Canceled,
    /// Allocation failed.
    AllocationFailed,
    /// Being terminated.
    Terminating,
    /// Terminated.
    Terminated,
}

/// An Express Connect physical connection (a leased line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhysicalConnection {
    /// Physical connection id (`pc-…`).
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
    /// The data center at the other end (exports cannot know it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_center: Option<String>,
    /// Only `enabled` forwards.
    pub status: PhysicalConnectionStatus,
}

/// An on-premises data center.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCenter {
    /// Data center id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (for scenario classification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The on-premises ranges.
    pub cidrs: Vec<String>,
    /// The data center's own routes toward the cloud (the return routes).
    #[serde(default)]
    pub routes: Vec<DataCenterRoute>,
}

/// A data center route toward the cloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCenterRoute {
    /// Destination CIDR.
    pub destination: String,
    /// A physical connection or a VPN connection.
    pub via: String,
}
