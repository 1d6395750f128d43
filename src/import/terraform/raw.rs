//! The attributes of the `alicloud_*` resource types the importer reads, as
//! private raw structs (names as they appear in state; section 10 of
//! `docs/alibaba-network-model.md`).
//!
//! Only the attributes the importer reads are declared. Deprecated spellings
//! (`name` before `vpc_name`, `availability_zone` before `zone_id`) are read as
//! fallbacks. Scalars are lenient ([`Text`], [`Count`], [`Flag`]) because state
//! files write `null` for unset attributes and some providers keep numbers as
//! strings.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::import::aliyun::lenient::{Count, Flag, List, Text};

/// Tags: a map of strings (or `null`).
pub type TagMap = Option<BTreeMap<String, Text>>;

/// `alicloud_vpc`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Vpc {
    pub id: Text,
    pub cidr_block: Text,
    pub secondary_cidr_blocks: List<Text>,
    pub user_cidrs: List<Text>,
    pub route_table_id: Text,
    pub router_id: Text,
    pub ipv6_cidr_block: Text,
    pub vpc_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_vpc_ipv4_cidr_block`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Ipv4CidrBlock {
    pub vpc_id: Text,
    pub secondary_cidr_block: Text,
}

/// `alicloud_vswitch`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VSwitch {
    pub id: Text,
    pub vpc_id: Text,
    pub cidr_block: Text,
    pub zone_id: Text,
    pub availability_zone: Text,
    pub ipv6_cidr_block: Text,
    pub vswitch_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_route_table`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RouteTable {
    pub id: Text,
    pub vpc_id: Text,
    pub associate_type: Text,
    pub route_table_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_route_table_attachment`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RouteTableAttachment {
    pub route_table_id: Text,
    pub vswitch_id: Text,
}

/// One element of `next_hops` of `alicloud_vpc_route_entry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NextHop {
    pub nexthop_type: Text,
    pub nexthop_id: Text,
    pub enabled: Flag,
}

/// One element of `route_publish_targets`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PublishTarget {
    pub target_type: Text,
    pub target_instance_id: Text,
    pub publish_status: Text,
}

/// `alicloud_route_entry` (`destination_cidrblock`, sic) and
/// `alicloud_vpc_route_entry` (`destination_cidr_block`, `next_hops`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RouteEntry {
    pub route_table_id: Text,
    pub destination_cidrblock: Text,
    pub destination_cidr_block: Text,
    pub nexthop_type: Text,
    pub nexthop_id: Text,
    pub next_hops: List<NextHop>,
    pub route_publish_targets: List<PublishTarget>,
    pub status: Text,
}

/// `alicloud_cen_instance`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CenInstance {
    pub id: Text,
    pub cen_instance_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_cen_instance_attachment`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CenInstanceAttachment {
    pub instance_id: Text,
    pub child_instance_id: Text,
    pub child_instance_type: Text,
    pub child_instance_region_id: Text,
    pub status: Text,
}

/// `alicloud_cen_bandwidth_limit`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CenBandwidthLimit {
    pub instance_id: Text,
    pub region_ids: List<Text>,
    pub bandwidth_limit: Count,
}

/// `alicloud_cen_transit_router`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TransitRouter {
    pub transit_router_id: Text,
    pub cen_id: Text,
    #[serde(rename = "type")]
    pub kind: Text,
    pub transit_router_name: Text,
    pub tags: TagMap,
}

/// One element of `zone_mappings`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ZoneMapping {
    pub vswitch_id: Text,
}

/// `alicloud_cen_transit_router_vpc/vbr/vpn/peer_attachment`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Attachment {
    pub id: Text,
    pub transit_router_attachment_id: Text,
    pub transit_router_id: Text,
    pub vpc_id: Text,
    pub vbr_id: Text,
    pub vpn_id: Text,
    pub peer_transit_router_id: Text,
    pub peer_transit_router_region_id: Text,
    pub zone_mappings: List<ZoneMapping>,
    pub auto_publish_route_enabled: Flag,
    pub route_table_association_enabled: Flag,
    pub route_table_propagation_enabled: Flag,
    pub bandwidth: Count,
    pub status: Text,
    pub transit_router_attachment_name: Text,
    pub tags: TagMap,
}

/// `alicloud_cen_transit_router_route_table`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TrRouteTable {
    pub transit_router_route_table_id: Text,
    pub transit_router_id: Text,
    pub transit_router_route_table_type: Text,
    pub transit_router_route_table_name: Text,
    pub tags: TagMap,
}

/// `alicloud_cen_transit_router_route_table_association` / `_propagation`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TrLink {
    pub transit_router_route_table_id: Text,
    pub transit_router_attachment_id: Text,
    pub status: Text,
}

/// `alicloud_cen_transit_router_route_entry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TrRouteEntry {
    pub transit_router_route_table_id: Text,
    pub transit_router_route_entry_id: Text,
    pub transit_router_route_entry_destination_cidr_block: Text,
    pub transit_router_route_entry_next_hop_type: Text,
    pub transit_router_route_entry_next_hop_id: Text,
    pub status: Text,
}

/// `alicloud_vpc_peer_connection` and `_accepter`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PeerConnection {
    pub id: Text,
    pub instance_id: Text,
    pub vpc_id: Text,
    pub accepting_vpc_id: Text,
    pub status: Text,
    pub bandwidth: Count,
    pub peer_connection_name: Text,
    pub tags: TagMap,
}

/// `alicloud_nat_gateway`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NatGateway {
    pub id: Text,
    pub vpc_id: Text,
    pub vswitch_id: Text,
    pub network_type: Text,
    pub status: Text,
    pub nat_gateway_name: Text,
    pub name: Text,
    pub snat_table_ids: Text,
    pub tags: TagMap,
}

/// `alicloud_snat_entry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SnatEntry {
    pub snat_table_id: Text,
    pub snat_entry_id: Text,
    pub source_vswitch_id: Text,
    pub source_cidr: Text,
    pub snat_ip: Text,
    pub status: Text,
}

/// `alicloud_vpc_nat_ip`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NatIp {
    pub nat_gateway_id: Text,
    pub nat_ip: Text,
}

/// `alicloud_eip_address` (and the older `alicloud_eip`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Eip {
    pub id: Text,
    pub ip_address: Text,
    pub address_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_eip_association`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EipAssociation {
    pub allocation_id: Text,
    pub instance_id: Text,
    pub instance_type: Text,
}

/// `alicloud_vpn_gateway`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VpnGateway {
    pub id: Text,
    pub vpc_id: Text,
    pub status: Text,
    pub vpn_gateway_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_vpn_customer_gateway`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CustomerGateway {
    pub id: Text,
    pub ip_address: Text,
    pub customer_gateway_name: Text,
    pub name: Text,
}

/// One tunnel of `tunnel_options_specification`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Tunnel {
    pub customer_gateway_id: Text,
    pub status: Text,
}

/// `alicloud_vpn_connection`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VpnConnection {
    pub id: Text,
    pub vpn_gateway_id: Text,
    pub customer_gateway_id: Text,
    pub local_subnet: List<Text>,
    pub remote_subnet: List<Text>,
    pub status: Text,
    pub vpn_connection_name: Text,
    pub name: Text,
    pub tunnel_options_specification: List<Tunnel>,
    pub tags: TagMap,
}

/// `alicloud_vpn_route_entry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VpnRouteEntry {
    pub next_hop: Text,
    pub route_dest: Text,
    pub publish_vpc: Flag,
}

/// `alicloud_express_connect_physical_connection`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PhysicalConnection {
    pub id: Text,
    pub status: Text,
    pub physical_connection_name: Text,
}

/// `alicloud_express_connect_virtual_border_router`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Vbr {
    pub id: Text,
    pub physical_connection_id: Text,
    pub status: Text,
    pub virtual_border_router_name: Text,
    pub route_table_id: Text,
    pub local_gateway_ip: Text,
    pub peer_gateway_ip: Text,
}

/// `alicloud_security_group`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SecurityGroup {
    pub id: Text,
    pub vpc_id: Text,
    pub security_group_name: Text,
    pub name: Text,
    pub tags: TagMap,
}

/// `alicloud_security_group_rule`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SecurityGroupRule {
    pub id: Text,
    pub security_group_id: Text,
    #[serde(rename = "type")]
    pub direction: Text,
    pub ip_protocol: Text,
    pub port_range: Text,
    pub cidr_ip: Text,
    pub ipv6_cidr_ip: Text,
    pub source_security_group_id: Text,
    pub prefix_list_id: Text,
    pub policy: Text,
    pub priority: Count,
}

/// `alicloud_instance`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Instance {
    pub id: Text,
    pub vswitch_id: Text,
    pub private_ip: Text,
    pub secondary_private_ips: List<Text>,
    pub public_ip: Text,
    pub security_groups: List<Text>,
    pub instance_name: Text,
    pub status: Text,
    pub tags: TagMap,
}

/// `alicloud_db_instance`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DbInstance {
    pub id: Text,
    pub engine: Text,
    pub vpc_id: Text,
    pub vswitch_id: Text,
    pub private_ip_address: Text,
    pub connection_string: Text,
    pub port: Count,
    pub security_ips: List<Text>,
    pub db_instance_ip_array_name: Text,
    pub whitelist_network_type: Text,
    pub security_group_ids: List<Text>,
    pub instance_name: Text,
}

/// `alicloud_data_works_dw_resource_group`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DwResourceGroup {
    pub id: Text,
    pub resource_group_name: Text,
    pub default_vpc_id: Text,
    pub default_vswitch_id: Text,
    pub status: Text,
    pub tags: TagMap,
}

/// `alicloud_data_works_network`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DwNetwork {
    pub id: Text,
    pub dw_resource_group_id: Text,
    pub vpc_id: Text,
    pub vswitch_id: Text,
    pub status: Text,
}
