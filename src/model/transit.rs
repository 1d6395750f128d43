//! The native inventory's CENs: basic-edition attachments and bandwidths, enterprise-edition
//! transit routers, their attachments and route tables.
//! Serde types only, as the module `model` says: no logic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

/// The edition of a CEN instance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CenEdition {
    /// Enterprise edition: explicit transit routers, attachments and route tables.
    Enterprise,
    /// Basic edition (legacy): written compactly, expanded (semantics S2.6).
    Basic,
}

/// A Cloud Enterprise Network instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cen {
    /// CEN id (`cen-…`).
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
    /// `enterprise` or `basic`.
    pub edition: CenEdition,
    /// Basic edition only: the attached networks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<BasicAttachment>>,
    /// Basic edition only: inter-region bandwidth allocations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<Vec<BasicBandwidth>>,
}

/// The kind of network attached to a basic-edition CEN.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BasicAttachmentType {
    /// A VPC.
    Vpc,
    /// A VBR.
    Vbr,
}

/// A network attached to a basic-edition CEN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicAttachment {
    /// The VPC or VBR id.
    pub instance: String,
    /// `vpc` or `vbr`.
    #[serde(rename = "type")]
    pub kind: BasicAttachmentType,
    /// Region; defaults to the instance's region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An inter-region bandwidth allocation of a basic-edition CEN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicBandwidth {
    /// The two regions joined.
    pub regions: Vec<String>,
    /// Allocated bandwidth in Mbit/s; `0` joins nothing.
    pub mbps: u64,
}

/// An enterprise-edition transit router.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitRouter {
    /// Transit router id (`tr-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the CEN's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The CEN the router belongs to.
    pub cen: String,
    /// Region id.
    pub region: String,
}

/// The kind of a transit-router attachment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TrAttachmentType {
    /// A VPC attachment.
    Vpc,
    /// A VBR attachment.
    Vbr,
    /// An IPsec-VPN connection attachment.
    Vpn,
    /// One side of an inter-region connection to another transit router.
    Peer,
}

/// The status of a transit-router attachment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TrAttachmentStatus {
    /// Forwarding.
    Attached,
    /// Being attached.
    Attaching,
    /// Being detached.
    Detaching,
}

/// A transit-router attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrAttachment {
    /// Attachment id (`tr-attach-…`).
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
    /// The transit router.
    pub transit_router: String,
    /// `vpc`, `vbr`, `vpn` or `peer`.
    #[serde(rename = "type")]
    pub kind: TrAttachmentType,
    /// The attached VPC, VBR or VPN connection, or for `peer` the remote transit router.
    pub resource: String,
    /// `attached` (default), `attaching` or `detaching`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TrAttachmentStatus>,
    /// `vpc` only: the ENI vSwitches, one per zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vswitches: Option<Vec<String>>,
    /// `vpc` only: the transit router writes its routes into the VPC's system table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_sync: Option<bool>,
    /// `vpc` only: extra VPC routes advertised to the transit router.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advertise: Option<Vec<String>>,
    /// `peer` only: inter-region bandwidth in Mbit/s (absent or 0: 1 Kbps test bandwidth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_mbps: Option<u64>,
}

/// The kind of a transit-router route table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TrRouteTableKind {
    /// The router's default table.
    System,
    /// A custom table.
    Custom,
}

/// A transit-router route table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrRouteTable {
    /// Route table id (`vtb-…`).
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
    /// The transit router.
    pub transit_router: String,
    /// `system` or `custom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TrRouteTableKind>,
    /// Attachments associated with this table (forwarding).
    #[serde(default)]
    pub associations: Vec<String>,
    /// Attachments propagating their routes into this table (learning).
    #[serde(default)]
    pub propagations: Vec<String>,
    /// Static routes.
    #[serde(default)]
    pub routes: Vec<TrRoute>,
}

/// The type of a transit-router route's next hop.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TrNextHopType {
    /// An attachment of the same transit router.
    Attachment,
    /// Drop the traffic.
    Blackhole,
}

/// A transit-router route's next hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrNextHop {
    /// `attachment` or `blackhole`.
    #[serde(rename = "type")]
    pub kind: TrNextHopType,
    /// The attachment id (required for `attachment`, absent for `blackhole`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A static transit-router route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrRoute {
    /// Destination CIDR.
    pub destination: String,
    /// The next hop.
    pub next_hop: TrNextHop,
}
