//! Facts in Alibaba Cloud's own vocabulary, the meeting point of both importers.
//!
//! The aliyun CLI importer and the Terraform importer read different shapes but
//! speak the same language: `NextHopType: "VpcPeer"`, `Status: "Attached"`,
//! `RouteTableType: "Custom"`. Each turns its raw structs into these facts, with
//! values still spelled as Alibaba spells them; [`super`] (the builder) then joins the
//! facts across files (a vSwitch's custom table, a SNAT entry's gateway, a CEN's
//! edition), maps the statuses and types to the native enums, and reports what
//! cannot be mapped. A fact holds only what its source said: `None` and empty
//! lists mean "not said", never a default.

use crate::model::Tags;

/// The name, tags and account common to most resources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Common {
    /// Display name.
    pub name: Option<String>,
    /// Tags.
    pub tags: Option<Tags>,
    /// Owner account id.
    pub account: Option<String>,
}

/// A VPC (`DescribeVpcs`, `alicloud_vpc`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VpcFact {
    /// `VpcId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `RegionId`; `None` where the source has none (Terraform).
    pub region: Option<String>,
    /// `CidrBlock`, then the secondary blocks.
    pub cidrs: Vec<String>,
    /// `Ipv6CidrBlock` (not modelled; reported).
    pub ipv6_cidrs: Vec<String>,
    /// `UserCidrs`.
    pub user_cidrs: Vec<String>,
    /// The system route table id, where the source names it as such.
    pub system_table: Option<String>,
    /// `RouterTableIds`: the VPC's route tables (kind not said).
    pub table_ids: Vec<String>,
    /// `VRouterId` (joins `DescribeRouteTables`, which names no VPC).
    pub vrouter: Option<String>,
}

/// A vSwitch (`DescribeVSwitches`, `alicloud_vswitch`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VSwitchFact {
    /// `VSwitchId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `VpcId`.
    pub vpc: String,
    /// `ZoneId`.
    pub zone: Option<String>,
    /// `CidrBlock`.
    pub cidr: String,
    /// `Ipv6CidrBlock` (not modelled; reported).
    pub ipv6_cidr: Option<String>,
    /// `RouteTable.RouteTableId`.
    pub table: Option<String>,
    /// `RouteTable.RouteTableType` (`System` / `Custom`).
    pub table_type: Option<String>,
}

/// A route table: of a VPC, of a VBR, or a gateway table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableFact {
    /// `RouteTableId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `VpcId`, where said.
    pub vpc: Option<String>,
    /// `VRouterId` (older API).
    pub vrouter: Option<String>,
    /// `RouterType`: `VRouter` or `VBR`.
    pub router_type: Option<String>,
    /// `RouterId`: the vRouter or VBR id.
    pub router_id: Option<String>,
    /// `RouteTableType`: `System` or `Custom`.
    pub table_type: Option<String>,
    /// `AssociateType`: `VSwitch` or `Gateway`.
    pub associate_type: Option<String>,
    /// `VSwitchIds`: the vSwitches bound to the table.
    pub vswitches: Vec<String>,
}

/// One next hop of a route entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct HopFact {
    /// `NextHopType`, as spelled by Alibaba.
    pub kind: String,
    /// `NextHopId` / `InstanceId`.
    pub id: String,
    /// `Enabled` (0/1), where said.
    pub enabled: Option<bool>,
    /// `NextHopRelatedInfo.InstanceId` (the VBR behind a router interface).
    pub related_id: Option<String>,
    /// `NextHopRelatedInfo.InstanceType`.
    pub related_type: Option<String>,
}

/// Where a VPC route is published (`RoutePublishTargets`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishFact {
    /// `PublishTargetType` (`TR`, `ECR`).
    pub target_type: String,
    /// `PublishTargetInstanceId`.
    pub target_id: Option<String>,
    /// `PublishStatus` (`Published`, `NonPublished`), where said.
    pub status: Option<String>,
}

/// A route entry of a VPC or VBR route table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteFact {
    /// The file it came from.
    pub file: String,
    /// `RouteTableId`.
    pub table: String,
    /// `RouteEntryId`, where said.
    pub id: Option<String>,
    /// `DestinationCidrBlock`.
    pub destination: String,
    /// `Type`: `Custom`, `System`, `BGP`, `CEN`, `ECR`; empty when not said.
    pub entry_type: String,
    /// `ServiceType` (`TR` for transit-router synchronized routes).
    pub service_type: String,
    /// `Status`, where said.
    pub status: Option<String>,
    /// The next hops (several for ECMP).
    pub hops: Vec<HopFact>,
    /// `RoutePublishTargets`.
    pub publish: Vec<PublishFact>,
}

/// A VPC peering connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeeringFact {
    /// `InstanceId` (`pcc-…`).
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `Vpc.VpcId` (requester).
    pub vpc: String,
    /// `AcceptingVpc.VpcId`.
    pub peer_vpc: String,
    /// `Status`.
    pub status: Option<String>,
    /// `Bandwidth` (Mbit/s).
    pub bandwidth: Option<u64>,
}

/// A CEN instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CenFact {
    /// `CenId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
}

/// A network attached to a CEN the basic way (`DescribeCenAttachedChildInstances`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChildFact {
    /// The file it came from.
    pub file: String,
    /// `CenId`.
    pub cen: String,
    /// `ChildInstanceId`.
    pub instance: String,
    /// `ChildInstanceType`: `VPC`, `VBR`, `CCN`.
    pub kind: String,
    /// `ChildInstanceRegionId`.
    pub region: Option<String>,
    /// `Status`, where said.
    pub status: Option<String>,
}

/// An inter-region bandwidth allocation of a CEN.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LimitFact {
    /// The file it came from.
    pub file: String,
    /// `CenId`.
    pub cen: String,
    /// `LocalRegionId`.
    pub region_a: String,
    /// `OppositeRegionId`.
    pub region_b: String,
    /// `BandwidthLimit` (Mbit/s).
    pub mbps: Option<u64>,
    /// `Status`, where said.
    pub status: Option<String>,
    /// `TransitRouterAttachmentId` (enterprise limits name their connection).
    pub attachment: Option<String>,
}

/// A transit router.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrFact {
    /// `TransitRouterId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `CenId`.
    pub cen: String,
    /// `RegionId`.
    pub region: Option<String>,
    /// `Type`: `Enterprise` or `Basic`.
    pub kind: Option<String>,
}

/// A transit-router attachment of any kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttachmentFact {
    /// `TransitRouterAttachmentId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `TransitRouterId`.
    pub tr: String,
    /// `ResourceType`: `VPC`, `VBR`, `VPN`, `TR` (peer).
    pub resource_type: String,
    /// The attached VPC, VBR, IPsec connection, or peer transit router.
    pub resource: String,
    /// `Status`.
    pub status: Option<String>,
    /// `ZoneMappings[].VSwitchId` (VPC attachments).
    pub vswitches: Vec<String>,
    /// `AutoPublishRouteEnabled` on a VPC attachment: route synchronization.
    pub route_sync: Option<bool>,
    /// `Bandwidth` of a peer attachment (Mbit/s).
    pub bandwidth: Option<u64>,
}

/// A transit-router route table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrTableFact {
    /// `TransitRouterRouteTableId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `TransitRouterId`.
    pub tr: String,
    /// `TransitRouterRouteTableType`: `System` or `Custom`.
    pub kind: Option<String>,
}

/// An association or propagation of an attachment with a transit-router table.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct TrLinkFact {
    /// The file it came from.
    pub file: String,
    /// `TransitRouterRouteTableId`.
    pub table: String,
    /// `TransitRouterAttachmentId`.
    pub attachment: String,
    /// `true`: association; `false`: propagation.
    pub association: bool,
    /// `Status`, where said.
    pub status: Option<String>,
}

/// A transit-router route entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct TrRouteFact {
    /// The file it came from.
    pub file: String,
    /// The route table, where the source names it (Terraform does; the API does not).
    pub table: Option<String>,
    /// `TransitRouterRouteEntryId`, where said.
    pub id: Option<String>,
    /// `TransitRouterRouteEntryDestinationCidrBlock`.
    pub destination: String,
    /// `TransitRouterRouteEntryType`: `Static` or `Propagated`; empty when not said.
    pub entry_type: String,
    /// `TransitRouterRouteEntryStatus`, where said.
    pub status: Option<String>,
    /// `TransitRouterRouteEntryNextHopType`: `Attachment` or `BlackHole`.
    pub hop_type: String,
    /// `TransitRouterRouteEntryNextHopId`.
    pub hop_id: Option<String>,
}

/// A NAT gateway.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NatFact {
    /// `NatGatewayId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `VpcId`.
    pub vpc: String,
    /// `NatGatewayPrivateInfo.VswitchId`.
    pub vswitch: Option<String>,
    /// `NetworkType`: `internet` or `intranet`.
    pub network_type: Option<String>,
    /// `Status`.
    pub status: Option<String>,
    /// `IpLists`: (allocation id, address) pairs.
    pub ips: Vec<(String, String)>,
    /// `SnatTableIds`.
    pub snat_tables: Vec<String>,
}

/// A SNAT entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SnatFact {
    /// The file it came from.
    pub file: String,
    /// `SnatEntryId`.
    pub id: Option<String>,
    /// `SnatTableId`.
    pub table: Option<String>,
    /// `NatGatewayId`.
    pub nat: Option<String>,
    /// `SourceVSwitchId`.
    pub source_vswitch: Option<String>,
    /// `SourceCIDR`.
    pub source_cidr: Option<String>,
    /// `SnatIp`, split.
    pub ips: Vec<String>,
    /// `Status`, where said.
    pub status: Option<String>,
}

/// An EIP.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EipFact {
    /// `AllocationId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `IpAddress`.
    pub ip: String,
    /// `InstanceType`: what it is bound to (`Nat`, `EcsInstance`, …).
    pub instance_type: Option<String>,
    /// `InstanceId`.
    pub instance: Option<String>,
}

/// A VPN gateway.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VpnGatewayFact {
    /// `VpnGatewayId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `VpcId`.
    pub vpc: String,
    /// `Status`.
    pub status: Option<String>,
}

/// A customer gateway.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerGatewayFact {
    /// `CustomerGatewayId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `IpAddress`.
    pub ip: String,
}

/// An IPsec-VPN connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VpnConnectionFact {
    /// `VpnConnectionId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `VpnGatewayId`.
    pub gateway: Option<String>,
    /// `TransitRouterId`.
    pub transit_router: Option<String>,
    /// `CustomerGatewayId`.
    pub customer_gateway: Option<String>,
    /// `LocalSubnet`, split.
    pub local: Vec<String>,
    /// `RemoteSubnet`, split.
    pub remote: Vec<String>,
    /// `Status` (tunnel negotiation).
    pub status: Option<String>,
    /// The statuses of the tunnels of a dual-tunnel connection.
    pub tunnel_statuses: Vec<String>,
    /// Routes of this connection are published to the VPC (Terraform `publish_vpc`).
    pub publish_to_vpc: Option<bool>,
}

/// A VBR.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VbrFact {
    /// `VbrId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// Region, where the source says.
    pub region: Option<String>,
    /// `PhysicalConnectionId`.
    pub physical_connection: String,
    /// `Status`.
    pub status: Option<String>,
    /// `RouteTableId`.
    pub table: Option<String>,
    /// `AccessPointId` (`ap-cn-beijing-dx-A`), which names the region.
    pub access_point: Option<String>,
    /// `LocalGatewayIp`.
    pub local_ip: Option<String>,
    /// `PeerGatewayIp`.
    pub peer_ip: Option<String>,
}

/// A physical connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhysicalConnectionFact {
    /// `PhysicalConnectionId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `Status`.
    pub status: Option<String>,
}

/// An ECS instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EcsFact {
    /// `InstanceId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `InstanceNetworkType`: `vpc` or `classic`.
    pub network_type: Option<String>,
    /// `VpcAttributes.VSwitchId`.
    pub vswitch: Option<String>,
    /// Private addresses.
    pub private_ips: Vec<String>,
    /// Public address or EIP address.
    pub public_ip: Option<String>,
    /// `SecurityGroupIds`.
    pub security_groups: Vec<String>,
    /// `Status`.
    pub status: Option<String>,
}

/// A security group (rules come separately, possibly from several pages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityGroupFact {
    /// `SecurityGroupId`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `VpcId`.
    pub vpc: String,
}

/// A security-group rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleFact {
    /// The file it came from.
    pub file: String,
    /// `SecurityGroupId`.
    pub group: String,
    /// `SecurityGroupRuleId`, where said.
    pub id: Option<String>,
    /// `Direction`.
    pub direction: String,
    /// `Policy`.
    pub policy: String,
    /// `IpProtocol`.
    pub protocol: String,
    /// `PortRange`.
    pub port_range: String,
    /// `SourceCidrIp`.
    pub source_cidr: Option<String>,
    /// `DestCidrIp`.
    pub dest_cidr: Option<String>,
    /// `Ipv6SourceCidrIp` / `Ipv6DestCidrIp`.
    pub ipv6_cidr: Option<String>,
    /// `SourceGroupId` / `DestGroupId`.
    pub peer_group: Option<String>,
    /// `SourcePrefixListId` / `DestPrefixListId`.
    pub prefix_list: Option<String>,
    /// `Priority` (a string in the API).
    pub priority: Option<u64>,
}

/// A whitelist group of a database.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct WhitelistGroupFact {
    /// `DBInstanceIPArrayName`.
    pub name: String,
    /// `SecurityIPList`, split.
    pub entries: Vec<String>,
    /// `WhitelistNetworkType` / `WhitelistNetType`: `MIX`, `VPC`, `Classic`.
    pub network_type: Option<String>,
}

/// An RDS endpoint (`DescribeDBInstanceNetInfo`), or a whole database
/// (Terraform `alicloud_db_instance`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct DatabaseFact {
    /// The file it came from.
    pub file: String,
    /// The data source id: the instance id, or the first label of the
    /// connection string where the source names no instance.
    pub key: String,
    /// Display name.
    pub name: Option<String>,
    /// The engine or product (`mysql`, `postgresql`, `rds`, …).
    pub kind: String,
    /// `ConnectionString`.
    pub host: Option<String>,
    /// `IPAddress`.
    pub ip: Option<String>,
    /// `Port`.
    pub port: Option<u64>,
    /// `VPCId`; `None` on the classic network.
    pub vpc: Option<String>,
    /// Whitelist groups given with the endpoint or the database.
    pub whitelist: Vec<WhitelistGroupFact>,
    /// Security groups of the database.
    pub security_groups: Vec<String>,
}

/// The whitelist of a database that the response does not name
/// (`DescribeDBInstanceIPArrayList`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct WhitelistFact {
    /// The file it came from (its path is the only link to its database).
    pub file: String,
    /// The groups.
    pub groups: Vec<WhitelistGroupFact>,
}

/// A DataWorks resource group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceGroupFact {
    /// `Id`.
    pub id: String,
    /// Name, tags, owner.
    pub common: Common,
    /// `ResourceGroupType`; `None` where the source does not say (then serverless
    /// is assumed only for Terraform's `alicloud_data_works_dw_resource_group`).
    pub kind: Option<String>,
    /// `Status`.
    pub status: Option<String>,
    /// `DefaultVpcId`.
    pub default_vpc: Option<String>,
    /// `DefaultVswicthId` / `DefaultVswitchId`.
    pub default_vswitch: Option<String>,
    /// Region, where the source says.
    pub region: Option<String>,
}

/// A DataWorks network (a VPC binding of a resource group).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkFact {
    /// `Id`.
    pub id: String,
    /// `ResourceGroupId`.
    pub resource_group: String,
    /// `VpcId`.
    pub vpc: String,
    /// `VswitchId`.
    pub vswitch: String,
    /// `Status`.
    pub status: Option<String>,
}

/// A DataWorks network route.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct NetworkRouteFact {
    /// The file it came from.
    pub file: String,
    /// `Id`.
    pub id: Option<String>,
    /// `NetworkId`.
    pub network: String,
    /// `DestinationCidr`.
    pub destination: String,
}

/// A DataWorks data source (`ListDataSources`), reduced to what locates it:
/// never a password, user name, access key or the raw connection properties.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct DwSourceFact {
    /// The file it came from.
    pub file: String,
    /// The data source id in the inventory: its DataWorks name (`.dev` added
    /// for the development environment).
    pub id: String,
    /// The DataWorks name.
    pub name: String,
    /// The DataWorks type, lower case (`mysql`, `postgresql`, `odps`, …).
    pub kind: String,
    /// The DataWorks project (workspace) id.
    pub project: Option<String>,
    /// The cloud instance it names (`instanceId`, `instanceName`).
    pub instance: Option<String>,
    /// The host of its URL or address.
    pub host: Option<String>,
    /// The port of its URL or address.
    pub port: Option<u32>,
}
