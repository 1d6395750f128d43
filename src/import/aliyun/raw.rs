//! The aliyun CLI's JSON, API by API, as private raw structs.
//!
//! One struct per collection element, with the keys the APIs use (PascalCase,
//! irregular where the API is: `VPCId`, `IPAddress`, `SourceCIDR`,
//! `DefaultVswicthId`). Only the fields the importer reads are declared; every
//! other key is ignored, since the CLI prints whatever the API returns. Scalars
//! are [`Text`]/[`Count`]/[`Flag`] and lists [`List`], so that a number written
//! as a string or an older wrapper object never makes an item unreadable.
//! Shapes: `docs/alibaba-network-model.md`, sections 0 and 2.

use serde::Deserialize;

use super::lenient::{Count, Flag, List, Text};

/// A tag: most APIs write `Key`/`Value`, NAT gateways and ECS `TagKey`/`TagValue`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    pub key: Text,
    pub value: Text,
    pub tag_key: Text,
    pub tag_value: Text,
}

/// `DescribeVpcs`: `Vpcs.Vpc[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: Text,
    pub region_id: Text,
    pub cidr_block: Text,
    pub secondary_cidr_blocks: List<Text>,
    pub user_cidrs: List<Text>,
    pub router_table_ids: List<Text>,
    pub v_router_id: Text,
    pub owner_id: Text,
    pub ipv6_cidr_block: Text,
    pub vpc_name: Text,
    pub tags: List<Tag>,
}

/// The route table of a vSwitch in `DescribeVSwitches`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VSwitchRouteTable {
    pub route_table_id: Text,
    pub route_table_type: Text,
}

/// `DescribeVSwitches`: `VSwitches.VSwitch[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VSwitch {
    pub v_switch_id: Text,
    pub vpc_id: Text,
    pub zone_id: Text,
    pub cidr_block: Text,
    pub ipv6_cidr_block: Text,
    pub route_table: VSwitchRouteTable,
    pub owner_id: Text,
    pub v_switch_name: Text,
    pub tags: List<Tag>,
}

/// `DescribeRouteTableList`: `RouterTableList.RouterTableListType[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RouteTableListItem {
    pub route_table_id: Text,
    pub vpc_id: Text,
    pub route_table_type: Text,
    pub associate_type: Text,
    pub router_type: Text,
    pub router_id: Text,
    pub v_switch_ids: List<Text>,
    pub owner_id: Text,
    pub route_table_name: Text,
    pub tags: List<Tag>,
}

/// `NextHopRelatedInfo` of a next hop.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NextHopRelatedInfo {
    pub instance_id: Text,
    pub instance_type: Text,
}

/// One element of `NextHops.NextHop[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NextHop {
    pub next_hop_type: Text,
    pub next_hop_id: Text,
    pub enabled: Flag,
    pub next_hop_related_info: NextHopRelatedInfo,
}

/// One element of `RoutePublishTargets[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PublishTarget {
    pub publish_target_type: Text,
    pub publish_target_instance_id: Text,
    pub publish_status: Text,
}

/// A route entry: `DescribeRouteEntryList` (`NextHops`) and `DescribeRouteTables`
/// (flat `NextHopType`/`InstanceId`, and `NextHops` for ECMP).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RouteEntry {
    pub route_entry_id: Text,
    pub route_table_id: Text,
    pub destination_cidr_block: Text,
    #[serde(rename = "Type")]
    pub entry_type: Text,
    pub status: Text,
    pub service_type: Text,
    pub next_hops: List<NextHop>,
    pub route_publish_targets: List<PublishTarget>,
    pub next_hop_type: Text,
    pub instance_id: Text,
    /// The far end of a router interface (a VBR), older API (sic "Oppsite").
    pub next_hop_oppsite_instance_id: Text,
    pub next_hop_oppsite_type: Text,
}

/// `DescribeRouteTables`: `RouteTables.RouteTable[]`, entries included.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RouteTablesItem {
    pub route_table_id: Text,
    pub route_table_type: Text,
    pub v_router_id: Text,
    pub vpc_id: Text,
    pub router_type: Text,
    pub v_switch_ids: List<Text>,
    pub route_entrys: List<RouteEntry>,
    pub route_table_name: Text,
}

/// The requester or accepter side of a peering.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PeerSide {
    pub vpc_id: Text,
}

/// `ListVpcPeerConnections`: `VpcPeerConnects[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PeerConnection {
    pub instance_id: Text,
    pub status: Text,
    pub owner_id: Text,
    pub vpc: PeerSide,
    pub accepting_vpc: PeerSide,
    pub bandwidth: Count,
    pub name: Text,
    pub tags: List<Tag>,
}

/// `NatGatewayPrivateInfo`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatPrivateInfo {
    pub vswitch_id: Text,
}

/// One element of `IpLists.IpList[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatIp {
    pub ip_address: Text,
    pub allocation_id: Text,
}

/// `DescribeNatGateways`: `NatGateways.NatGateway[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatGateway {
    pub nat_gateway_id: Text,
    pub vpc_id: Text,
    pub network_type: Text,
    pub status: Text,
    pub name: Text,
    pub nat_gateway_private_info: NatPrivateInfo,
    pub ip_lists: List<NatIp>,
    pub snat_table_ids: List<Text>,
    pub tags: List<Tag>,
}

/// `DescribeSnatTableEntries`: `SnatTableEntries.SnatTableEntry[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SnatEntry {
    pub snat_entry_id: Text,
    pub snat_table_id: Text,
    pub nat_gateway_id: Text,
    pub source_v_switch_id: Text,
    #[serde(rename = "SourceCIDR")]
    pub source_cidr: Text,
    pub snat_ip: Text,
    pub status: Text,
}

/// `DescribeEipAddresses`: `EipAddresses.EipAddress[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Eip {
    pub allocation_id: Text,
    pub ip_address: Text,
    pub instance_type: Text,
    pub instance_id: Text,
    pub name: Text,
    pub tags: List<Tag>,
}

/// `DescribeCens`: `Cens.Cen[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Cen {
    pub cen_id: Text,
    pub name: Text,
    pub tags: List<Tag>,
}

/// `DescribeCenAttachedChildInstances`: `ChildInstances.ChildInstance[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ChildInstance {
    pub cen_id: Text,
    pub child_instance_id: Text,
    pub child_instance_type: Text,
    pub child_instance_region_id: Text,
    pub status: Text,
}

/// `DescribeCenBandwidthPackages`: `CenBandwidthPackages.CenBandwidthPackage[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BandwidthPackage {
    pub cen_bandwidth_package_id: Text,
    pub cen_ids: List<Text>,
    pub bandwidth: Count,
}

/// `DescribeCenInterRegionBandwidthLimits`:
/// `CenInterRegionBandwidthLimits.CenInterRegionBandwidthLimit[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BandwidthLimit {
    pub cen_id: Text,
    pub local_region_id: Text,
    pub opposite_region_id: Text,
    pub bandwidth_limit: Count,
    pub status: Text,
    pub transit_router_attachment_id: Text,
}

/// `ListTransitRouters`: `TransitRouters[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TransitRouter {
    pub transit_router_id: Text,
    pub cen_id: Text,
    pub region_id: Text,
    #[serde(rename = "Type")]
    pub kind: Text,
    pub ali_uid: Text,
    pub transit_router_name: Text,
    pub tags: List<Tag>,
}

/// One element of `ZoneMappings[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ZoneMapping {
    pub v_switch_id: Text,
}

/// `ListTransitRouterVpc/Vbr/Vpn/PeerAttachments`: `TransitRouterAttachments[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Attachment {
    pub transit_router_attachment_id: Text,
    pub transit_router_id: Text,
    pub resource_type: Text,
    pub status: Text,
    pub vpc_id: Text,
    pub zone_mappings: List<ZoneMapping>,
    pub auto_publish_route_enabled: Flag,
    pub vbr_id: Text,
    pub vbr_region_id: Text,
    pub vpn_id: Text,
    pub peer_transit_router_id: Text,
    pub bandwidth: Count,
    pub transit_router_attachment_name: Text,
    pub tags: List<Tag>,
}

/// `ListTransitRouterRouteTables`: `TransitRouterRouteTables[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TrRouteTable {
    pub transit_router_route_table_id: Text,
    pub transit_router_id: Text,
    pub transit_router_route_table_type: Text,
    pub transit_router_route_table_name: Text,
    pub tags: List<Tag>,
}

/// `ListTransitRouterRouteEntries`: `TransitRouterRouteEntries[]` (the table is
/// not named in the response).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TrRouteEntry {
    pub transit_router_route_entry_id: Text,
    pub transit_router_route_entry_destination_cidr_block: Text,
    pub transit_router_route_entry_type: Text,
    pub transit_router_route_entry_status: Text,
    pub transit_router_route_entry_next_hop_type: Text,
    pub transit_router_route_entry_next_hop_id: Text,
}

/// `ListTransitRouterRouteTableAssociations` / `…Propagations`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TrLink {
    pub transit_router_attachment_id: Text,
    pub transit_router_route_table_id: Text,
    pub status: Text,
}

/// `DescribeVirtualBorderRouters`: `VirtualBorderRouterSet.VirtualBorderRouterType[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Vbr {
    pub vbr_id: Text,
    pub region_id: Text,
    pub route_table_id: Text,
    pub physical_connection_id: Text,
    pub status: Text,
    pub name: Text,
    pub access_point_id: Text,
    pub local_gateway_ip: Text,
    pub peer_gateway_ip: Text,
}

/// `DescribePhysicalConnections`: `PhysicalConnectionSet.PhysicalConnectionType[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PhysicalConnection {
    pub physical_connection_id: Text,
    pub status: Text,
    pub name: Text,
}

/// `DescribeVpnGateways`: `VpnGateways.VpnGateway[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpnGateway {
    pub vpn_gateway_id: Text,
    pub vpc_id: Text,
    pub status: Text,
    pub name: Text,
    pub tags: List<Tag>,
}

/// One tunnel of a dual-tunnel connection.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct TunnelOptions {
    pub customer_gateway_id: Text,
    pub status: Text,
}

/// `DescribeVpnConnections`: `VpnConnections.VpnConnection[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpnConnection {
    pub vpn_connection_id: Text,
    pub vpn_gateway_id: Text,
    pub customer_gateway_id: Text,
    pub local_subnet: Text,
    pub remote_subnet: Text,
    pub status: Text,
    pub transit_router_id: Text,
    pub name: Text,
    pub tunnel_options_specification: List<TunnelOptions>,
    pub tag: List<Tag>,
}

/// `DescribeCustomerGateways`: `CustomerGateways.CustomerGateway[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CustomerGateway {
    pub customer_gateway_id: Text,
    pub ip_address: Text,
    pub name: Text,
}

/// `VpcAttributes` of an ECS instance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpcAttributes {
    pub vpc_id: Text,
    pub v_switch_id: Text,
    pub private_ip_address: List<Text>,
}

/// `EipAddress` of an ECS instance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceEip {
    pub ip_address: Text,
}

/// One element of `PrivateIpSets.PrivateIpSet[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivateIpSet {
    pub private_ip_address: Text,
}

/// One element of `NetworkInterfaces.NetworkInterface[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterface {
    pub primary_ip_address: Text,
    pub private_ip_sets: List<PrivateIpSet>,
}

/// `DescribeInstances`: `Instances.Instance[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    pub instance_id: Text,
    pub instance_name: Text,
    pub status: Text,
    pub instance_network_type: Text,
    pub vpc_attributes: VpcAttributes,
    pub public_ip_address: List<Text>,
    pub eip_address: InstanceEip,
    pub security_group_ids: List<Text>,
    pub network_interfaces: List<NetworkInterface>,
    pub tags: List<Tag>,
}

/// `DescribeSecurityGroupAttribute`: the whole response (one group).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SecurityGroupAttribute {
    pub security_group_id: Text,
    pub security_group_name: Text,
    pub vpc_id: Text,
}

/// One element of `Permissions.Permission[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Permission {
    pub security_group_rule_id: Text,
    pub direction: Text,
    pub ip_protocol: Text,
    pub port_range: Text,
    pub source_cidr_ip: Text,
    pub source_group_id: Text,
    pub source_prefix_list_id: Text,
    pub dest_cidr_ip: Text,
    pub dest_group_id: Text,
    pub dest_prefix_list_id: Text,
    pub ipv6_source_cidr_ip: Text,
    pub ipv6_dest_cidr_ip: Text,
    pub policy: Text,
    pub priority: Count,
}

/// One element of `SecurityIPGroups.securityIPGroup[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SecurityIpGroup {
    #[serde(rename = "SecurityIPGroupName")]
    pub name: Text,
    #[serde(rename = "SecurityIPs")]
    pub ips: Text,
}

/// `DescribeDBInstanceNetInfo`: `DBInstanceNetInfos.DBInstanceNetInfo[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NetInfo {
    #[serde(rename = "ConnectionString")]
    pub connection_string: Text,
    #[serde(rename = "IPAddress")]
    pub ip_address: Text,
    #[serde(rename = "IPType")]
    pub ip_type: Text,
    #[serde(rename = "Port")]
    pub port: Count,
    #[serde(rename = "VPCId")]
    pub vpc_id: Text,
    #[serde(rename = "ConnectionStringType")]
    pub connection_string_type: Text,
    #[serde(rename = "SecurityIPGroups")]
    pub security_ip_groups: List<SecurityIpGroup>,
}

/// `DescribeDBInstanceIPArrayList`: `Items.DBInstanceIPArray[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IpArray {
    #[serde(rename = "DBInstanceIPArrayName")]
    pub name: Text,
    #[serde(rename = "SecurityIPList")]
    pub security_ip_list: Text,
    #[serde(rename = "WhitelistNetworkType")]
    pub whitelist_network_type: Text,
    #[serde(rename = "WhitelistNetType")]
    pub whitelist_net_type: Text,
}

/// `ListResourceGroups`: `PagingInfo.ResourceGroupList[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ResourceGroup {
    pub id: Text,
    pub name: Text,
    pub status: Text,
    pub resource_group_type: Text,
    pub default_vpc_id: Text,
    /// The spelling of ListResourceGroups.
    pub default_vswicth_id: Text,
    /// The spelling of GetResourceGroup.
    pub default_vswitch_id: Text,
    pub aliyun_resource_tags: List<Tag>,
}

/// `ListNetworks`: `PagingInfo.NetworkList[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Network {
    pub id: Text,
    pub resource_group_id: Text,
    pub vpc_id: Text,
    pub vswitch_id: Text,
    pub status: Text,
}

/// `ListRoutes`: `PagingInfo.RouteList[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkRoute {
    pub id: Text,
    pub network_id: Text,
    pub destination_cidr: Text,
}
