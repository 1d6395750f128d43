//! The native inventory, version 1, as serde types: the input contract of
//! `../shared/spec/inventory.md`, and what the importers write.
//!
//! These types hold exactly what the file says and nothing more: CIDRs and
//! addresses stay strings here (so that every bad one can be reported with its
//! JSON path, not only the first), references stay ids. `validate` turns an
//! [`Inventory`] into a `ValidInventory`. Every struct rejects unknown fields,
//! so a typo is an input error, never silently ignored. The JSON Schema in
//! `schemas/inventory.v1.schema.json` is generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Free-form `key: value` tags, as on Alibaba Cloud resources.
pub type Tags = BTreeMap<String, String>;

/// A whole inventory: one file, or several files merged (lists concatenated).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "netreach native inventory, version 1")]
pub struct Inventory {
    /// Format version; must be `1`.
    pub version: u32,
    /// Alibaba Cloud accounts (optional; resources name their account by id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    /// VPCs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpcs: Vec<Vpc>,
    /// vSwitches (subnets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vswitches: Vec<VSwitch>,
    /// VPC route tables, system and custom. System routes are implied, never written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTable>,
    /// VPC peering connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peering_connections: Vec<PeeringConnection>,
    /// Cloud Enterprise Network instances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cens: Vec<Cen>,
    /// Enterprise-edition transit routers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_routers: Vec<TransitRouter>,
    /// Transit-router attachments (VPC, VBR, VPN, inter-region peer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tr_attachments: Vec<TrAttachment>,
    /// Transit-router route tables with their associations and propagations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tr_route_tables: Vec<TrRouteTable>,
    /// NAT gateways (Internet and VPC).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    /// Elastic IP addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eips: Vec<Eip>,
    /// VPN gateways.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateways: Vec<VpnGateway>,
    /// Customer gateways (the on-premises VPN devices).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGateway>,
    /// IPsec-VPN connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<VpnConnection>,
    /// Virtual border routers (Express Connect).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vbrs: Vec<Vbr>,
    /// Express Connect physical connections (leased lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub physical_connections: Vec<PhysicalConnection>,
    /// On-premises data centers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_centers: Vec<DataCenter>,
    /// ECS instances (hosts of self-managed data sources).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ecs_instances: Vec<EcsInstance>,
    /// Security groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroup>,
    /// DataWorks resource groups: the sources of every check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_groups: Vec<ResourceGroup>,
    /// Data sources: the targets of every check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<DataSource>,
}

/// Calls the macro `$callback` with every top-level list of [`Inventory`], in
/// the order of the spec, as `field: ElementType` pairs:
///
/// ```text
/// $callback! { accounts: Account, vpcs: Vpc, …, data_sources: DataSource }
/// ```
///
/// This is the one place that names the lists: [`LIST_KEYS`], the native
/// loader, the importers' sorting and counting, and `validate`'s id collection
/// all expand from it, and a compile-time check below makes sure it names every
/// list field of [`Inventory`] with its element type. To add a list, add the
/// field to [`Inventory`] and a line here.
macro_rules! for_each_list {
    ($callback:ident) => {
        $callback! {
            accounts: Account,
            vpcs: Vpc,
            vswitches: VSwitch,
            route_tables: RouteTable,
            peering_connections: PeeringConnection,
            cens: Cen,
            transit_routers: TransitRouter,
            tr_attachments: TrAttachment,
            tr_route_tables: TrRouteTable,
            nat_gateways: NatGateway,
            eips: Eip,
            vpn_gateways: VpnGateway,
            customer_gateways: CustomerGateway,
            vpn_connections: VpnConnection,
            vbrs: Vbr,
            physical_connections: PhysicalConnection,
            data_centers: DataCenter,
            ecs_instances: EcsInstance,
            security_groups: SecurityGroup,
            resource_groups: ResourceGroup,
            data_sources: DataSource,
        }
    };
}
pub(crate) use for_each_list;

macro_rules! list_keys {
    ($($list:ident: $element:ident),* $(,)?) => {
        /// The top-level list keys, in the order of the spec. `validate` and the loader
        /// use this one list so that a new key cannot be forgotten in one of them.
        pub const LIST_KEYS: [&str; [$(stringify!($list)),*].len()] = [$(stringify!($list)),*];

        // Fails to compile if `for_each_list!` misses a list field of `Inventory`
        // (the pattern has no `..`) or gives a wrong element type.
        const _: fn(Inventory) = |inventory| {
            let Inventory { version: _, $($list),* } = inventory;
            $(let _: Vec<$element> = $list;)*
        };
    };
}
for_each_list!(list_keys);

/// An Alibaba Cloud account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Account id (the Alibaba Cloud UID).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

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

/// The edition of a CEN instance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CenEdition {
    /// Enterprise edition: explicit transit routers, attachments and route tables.
    Enterprise,
    /// Basic edition (legacy): written compactly, expanded by the semantics (S2.6).
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
    /// The Alibaba-side interconnect address (`LocalGatewayIp`), IPv4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_ip: Option<String>,
    /// The customer-side interconnect address (`PeerGatewayIp`), IPv4.
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

/// The status of an ECS instance (informational).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EcsStatus {
    /// Running.
    Running,
    /// Being created.
    Pending,
    /// Starting.
    Starting,
    /// Stopping.
    Stopping,
    /// Stopped.
    Stopped,
}

/// An ECS instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcsInstance {
    /// Instance id (`i-…`).
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
    /// The vSwitch.
    pub vswitch: String,
    /// Private addresses, inside the vSwitch CIDR.
    pub private_ips: Vec<String>,
    /// A public address of the instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    /// Security groups of the instance.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// Instance status (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EcsStatus>,
}

/// A security group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    /// Security group id (`sg-…`).
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
    /// The rules.
    #[serde(default)]
    pub rules: Vec<SecurityGroupRule>,
}

/// The direction of a security-group rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RuleDirection {
    /// Inbound.
    Ingress,
    /// Outbound (not used by the analysis: security groups are stateful).
    Egress,
}

/// The action of a security-group rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RulePolicy {
    /// Allow.
    Accept,
    /// Deny; wins a tie of priority.
    Drop,
}

/// The protocol of a security-group rule or a data source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RuleProtocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// Every protocol.
    All,
}

/// A security-group rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    /// `ingress` or `egress`.
    pub direction: RuleDirection,
    /// `accept` or `drop`.
    pub policy: RulePolicy,
    /// `tcp`, `udp`, `icmp` or `all`.
    pub protocol: RuleProtocol,
    /// `start/end`, for example `3306/3306`; `-1/-1` means every port.
    pub port_range: String,
    /// Ingress source; absent means every source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_cidr: Option<String>,
    /// Egress destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_cidr: Option<String>,
    /// 1 (first) to 100 (last).
    pub priority: u32,
}

/// The type of a DataWorks resource group.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ResourceGroupType {
    /// Serverless resource group.
    Serverless,
    /// Legacy exclusive resource group for Data Integration.
    ExclusiveDataIntegration,
    /// Legacy exclusive resource group for scheduling.
    ExclusiveScheduling,
    /// Legacy exclusive resource group for DataService Studio.
    ExclusiveDataService,
}

/// A DataWorks resource group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroup {
    /// Resource group id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the binding VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The group type.
    #[serde(rename = "type")]
    pub kind: ResourceGroupType,
    /// Region id.
    pub region: String,
    /// VPC bindings.
    pub networks: Vec<Binding>,
    /// Legacy exclusive groups: the own public egress address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

/// A resource group's VPC binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    /// The bound VPC.
    pub vpc: String,
    /// The bound vSwitch (of that VPC).
    pub vswitch: String,
    /// The binding's own route list (DataWorks custom routes); absent: unknown, `[]`: empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<String>>,
}

/// The transport protocol of a data source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DataSourceProtocol {
    /// TCP (the default).
    Tcp,
    /// UDP.
    Udp,
}

/// A data source: the target of the checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// Data source id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to its VPC's, instance's or data center's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Free text: `mysql`, `polardb`, `postgresql`, `oss`, ….
    #[serde(rename = "type")]
    pub kind: String,
    /// DNS name, if any (never resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The address netreach checks.
    pub ip: String,
    /// The port, 1 to 65535.
    pub port: u32,
    /// `tcp` (default) or `udp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<DataSourceProtocol>,
    /// Where the data source is: exactly one variant.
    pub location: Location,
    /// IP whitelist; absent: unknown (not checked), `[]`: nothing allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whitelist: Option<Vec<String>>,
    /// Security groups of the data source itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
}

/// Where a data source is: exactly one of the fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// A cloud database or service inside this VPC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    /// Self-hosted on this ECS instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs_instance: Option<String>,
    /// On premises, in this data center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_center: Option<String>,
    /// A public endpoint on the internet (`true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet: Option<bool>,
    /// An Alibaba Cloud classic-network endpoint (`true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classic: Option<bool>,
}
