//! The types of the validated inventory: arenas of resources addressed by typed
//! indices, every reference resolved, every range parsed.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};

use crate::findings::Finding;
use crate::model::{
    CenEdition, DataSourceProtocol, NatGatewayType, PeeringStatus, PhysicalConnectionStatus,
    ResourceGroupType, RouteOrigin, RouteStatus, RouteTableKind, RuleDirection, RulePolicy,
    RuleProtocol, TaskType, TrAttachmentStatus, VbrStatus, VpnConnectionStatus,
};

pub use super::arena::*;

/// The kind of a resource, for references and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An account.
    Account,
    /// A VPC.
    Vpc,
    /// A vSwitch.
    VSwitch,
    /// A VPC route table.
    RouteTable,
    /// A peering connection.
    Peering,
    /// A CEN.
    Cen,
    /// A transit router.
    TransitRouter,
    /// A transit-router attachment.
    TrAttachment,
    /// A transit-router route table.
    TrRouteTable,
    /// A NAT gateway.
    NatGateway,
    /// An EIP.
    Eip,
    /// A VPN gateway.
    VpnGateway,
    /// A customer gateway.
    CustomerGateway,
    /// A VPN connection.
    VpnConnection,
    /// A VBR.
    Vbr,
    /// A physical connection.
    PhysicalConnection,
    /// A data center.
    DataCenter,
    /// An ECS instance.
    EcsInstance,
    /// A security group.
    SecurityGroup,
    /// A resource group.
    ResourceGroup,
    /// A data source.
    DataSource,
    /// A DataWorks task.
    Task,
}

impl Kind {
    /// The inventory list that holds this kind.
    pub fn list(self) -> &'static str {
        match self {
            Kind::Account => "accounts",
            Kind::Vpc => "vpcs",
            Kind::VSwitch => "vswitches",
            Kind::RouteTable => "route_tables",
            Kind::Peering => "peering_connections",
            Kind::Cen => "cens",
            Kind::TransitRouter => "transit_routers",
            Kind::TrAttachment => "tr_attachments",
            Kind::TrRouteTable => "tr_route_tables",
            Kind::NatGateway => "nat_gateways",
            Kind::Eip => "eips",
            Kind::VpnGateway => "vpn_gateways",
            Kind::CustomerGateway => "customer_gateways",
            Kind::VpnConnection => "vpn_connections",
            Kind::Vbr => "vbrs",
            Kind::PhysicalConnection => "physical_connections",
            Kind::DataCenter => "data_centers",
            Kind::EcsInstance => "ecs_instances",
            Kind::SecurityGroup => "security_groups",
            Kind::ResourceGroup => "resource_groups",
            Kind::DataSource => "data_sources",
            Kind::Task => "tasks",
        }
    }

    /// A human name: "a VPC", "a vSwitch".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Account => "an account",
            Kind::Vpc => "a VPC",
            Kind::VSwitch => "a vSwitch",
            Kind::RouteTable => "a VPC route table",
            Kind::Peering => "a peering connection",
            Kind::Cen => "a CEN",
            Kind::TransitRouter => "a transit router",
            Kind::TrAttachment => "a transit-router attachment",
            Kind::TrRouteTable => "a transit-router route table",
            Kind::NatGateway => "a NAT gateway",
            Kind::Eip => "an EIP",
            Kind::VpnGateway => "a VPN gateway",
            Kind::CustomerGateway => "a customer gateway",
            Kind::VpnConnection => "a VPN connection",
            Kind::Vbr => "a VBR",
            Kind::PhysicalConnection => "a physical connection",
            Kind::DataCenter => "a data center",
            Kind::EcsInstance => "an ECS instance",
            Kind::SecurityGroup => "a security group",
            Kind::ResourceGroup => "a resource group",
            Kind::DataSource => "a data source",
            Kind::Task => "a task",
        }
    }
}

/// A VPC.
#[derive(Debug, Clone)]
pub struct Vpc {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Account (own, else none: the implicit account).
    pub account: Option<String>,
    /// Region.
    pub region: String,
    /// IPv4 CIDRs, primary first.
    pub cidrs: Vec<Ipv4Net>,
    /// IPv6 CIDRs (kept, not analysed).
    pub cidrs_v6: Vec<IpNet>,
    /// Customer CIDR blocks.
    pub user_cidrs: Vec<Ipv4Net>,
    /// vSwitches, in id order.
    pub vswitches: Vec<VSwitchIx>,
    /// The system route table (written or implied).
    pub system_table: RouteTableIx,
}

/// A vSwitch.
#[derive(Debug, Clone)]
pub struct VSwitch {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Account.
    pub account: Option<String>,
    /// VPC.
    pub vpc: VpcIx,
    /// Zone.
    pub zone: Option<String>,
    /// CIDR.
    pub cidr: Ipv4Net,
    /// The route table serving it (its custom table, else the VPC's system table).
    pub table: RouteTableIx,
}

/// A VPC route table.
#[derive(Debug, Clone)]
pub struct RouteTable {
    /// Id (`<vpc>/system` for an implied system table).
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// VPC.
    pub vpc: VpcIx,
    /// System or custom.
    pub kind: RouteTableKind,
    /// True for a system table the inventory did not write.
    pub implied: bool,
    /// Written routes (IPv4 only; IPv6 routes are dropped here), invalid ones flagged.
    pub routes: Vec<Route>,
}

/// A written VPC route.
#[derive(Debug, Clone)]
pub struct Route {
    /// Destination.
    pub destination: Ipv4Net,
    /// Next hops (several: ECMP).
    pub next_hops: Vec<NextHop>,
    /// Available or pending.
    pub status: RouteStatus,
    /// Custom or learned.
    pub origin: RouteOrigin,
    /// Inside a vSwitch CIDR or `100.64.0.0/10`: invalid, ignored by routing (`route-inside-vswitch`).
    pub invalid: bool,
    /// Index of the route in its table's written list (for locations).
    pub index: usize,
}

/// A resolved VPC next hop.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NextHop {
    /// A NAT gateway of the VPC.
    NatGateway(NatGatewayIx),
    /// A peering connection of the VPC.
    VpcPeer(PeeringIx),
    /// A transit-router attachment of the VPC.
    TrAttachment(AttachmentIx),
    /// A VPN gateway of the VPC.
    VpnGateway(VpnGatewayIx),
    /// A VBR through a router interface.
    Vbr(VbrIx),
    /// An ECS instance (an appliance).
    Instance(EcsIx),
    /// An ENI (an opaque appliance).
    NetworkInterface(String),
    /// A HaVip (an opaque appliance).
    Havip(String),
    /// The VPC's IPv4 gateway.
    Ipv4Gateway(String),
}

/// A peering connection.
#[derive(Debug, Clone)]
pub struct Peering {
    /// Id.
    pub id: String,
    /// Requester VPC.
    pub vpc: VpcIx,
    /// Accepter VPC.
    pub peer_vpc: VpcIx,
    /// Status.
    pub status: PeeringStatus,
    /// Bandwidth.
    pub bandwidth_mbps: Option<u64>,
}

impl Peering {
    /// The other end of the peering, seen from `vpc`.
    pub fn other(&self, vpc: VpcIx) -> Option<VpcIx> {
        if self.vpc == vpc {
            Some(self.peer_vpc)
        } else if self.peer_vpc == vpc {
            Some(self.vpc)
        } else {
            None
        }
    }
}

/// A CEN.
#[derive(Debug, Clone)]
pub struct Cen {
    /// Id.
    pub id: String,
    /// Account.
    pub account: Option<String>,
    /// Edition.
    pub edition: CenEdition,
    /// Its transit routers (for basic edition, the implied ones).
    pub transit_routers: Vec<TransitRouterIx>,
}

/// A transit router.
#[derive(Debug, Clone)]
pub struct TransitRouter {
    /// Id (`<cen>/<region>` when implied by a basic CEN).
    pub id: String,
    /// CEN.
    pub cen: CenIx,
    /// Region.
    pub region: String,
    /// Account.
    pub account: Option<String>,
    /// Implied by a basic-edition CEN.
    pub implied: bool,
    /// Attachments.
    pub attachments: Vec<AttachmentIx>,
    /// Route tables.
    pub tables: Vec<TrRouteTableIx>,
}

/// What a transit-router attachment attaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentKind {
    /// A VPC, entering through the ENIs in `vswitches`.
    Vpc {
        /// VPC.
        vpc: VpcIx,
        /// ENI vSwitches (empty: unknown, the system table is used).
        vswitches: Vec<VSwitchIx>,
        /// Route synchronization into the VPC's system table.
        route_sync: bool,
        /// Extra advertised ranges.
        advertise: Vec<Ipv4Net>,
    },
    /// A VBR.
    Vbr(VbrIx),
    /// A VPN connection.
    Vpn(VpnConnectionIx),
    /// One side of an inter-region connection.
    Peer {
        /// The remote transit router.
        remote: TransitRouterIx,
        /// Bandwidth.
        bandwidth_mbps: Option<u64>,
    },
}

/// A transit-router attachment.
#[derive(Debug, Clone)]
pub struct TrAttachment {
    /// Id.
    pub id: String,
    /// Transit router.
    pub tr: TransitRouterIx,
    /// What it attaches.
    pub kind: AttachmentKind,
    /// Status.
    pub status: TrAttachmentStatus,
    /// Implied by a basic-edition CEN.
    pub implied: bool,
    /// The table it is associated with.
    pub associated: Option<TrRouteTableIx>,
    /// The tables it propagates into.
    pub propagates_to: Vec<TrRouteTableIx>,
    /// For `peer`: the counterpart attachment in the remote router (naming this router), if present.
    pub counterpart: Option<AttachmentIx>,
}

/// A transit-router route table.
#[derive(Debug, Clone)]
pub struct TrRouteTable {
    /// Id.
    pub id: String,
    /// Transit router.
    pub tr: TransitRouterIx,
    /// Implied by a basic-edition CEN.
    pub implied: bool,
    /// Associated attachments.
    pub associations: Vec<AttachmentIx>,
    /// Propagating attachments.
    pub propagations: Vec<AttachmentIx>,
    /// Static routes.
    pub routes: Vec<TrRoute>,
}

/// A static transit-router route.
#[derive(Debug, Clone)]
pub struct TrRoute {
    /// Destination.
    pub destination: Ipv4Net,
    /// Next hop: an attachment, or `None` for a blackhole.
    pub next_hop: Option<AttachmentIx>,
}

/// A SNAT entry's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnatSource {
    /// A vSwitch.
    VSwitch(VSwitchIx),
    /// A CIDR.
    Cidr(Ipv4Net),
}

/// A SNAT entry.
#[derive(Debug, Clone)]
pub struct SnatEntry {
    /// Id, or `snat#<n>`.
    pub id: String,
    /// Source.
    pub source: SnatSource,
    /// Translated addresses.
    pub snat_ips: Vec<Ipv4Addr>,
}

/// A NAT gateway.
#[derive(Debug, Clone)]
pub struct NatGateway {
    /// Id.
    pub id: String,
    /// VPC.
    pub vpc: VpcIx,
    /// vSwitch.
    pub vswitch: VSwitchIx,
    /// Internet or VPC.
    pub kind: NatGatewayType,
    /// Bound EIPs (listed on the gateway or bound to it).
    pub eips: Vec<EipIx>,
    /// NAT IPs.
    pub nat_ips: Vec<Ipv4Addr>,
    /// SNAT entries.
    pub snat_entries: Vec<SnatEntry>,
}

/// What an EIP is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EipTarget {
    /// A NAT gateway.
    NatGateway(NatGatewayIx),
    /// An ECS instance.
    EcsInstance(EcsIx),
}

/// An EIP.
#[derive(Debug, Clone)]
pub struct Eip {
    /// Id.
    pub id: String,
    /// Address.
    pub ip: IpAddr,
    /// Binding.
    pub bound_to: Option<EipTarget>,
}

/// A VPN gateway.
#[derive(Debug, Clone)]
pub struct VpnGateway {
    /// Id.
    pub id: String,
    /// VPC.
    pub vpc: VpcIx,
    /// Its connections, in id order.
    pub connections: Vec<VpnConnectionIx>,
}

/// A customer gateway.
#[derive(Debug, Clone)]
pub struct CustomerGateway {
    /// Id.
    pub id: String,
    /// Public address.
    pub ip: IpAddr,
    /// The data center behind it, if written.
    pub data_center: Option<DataCenterIx>,
}

/// Where a VPN connection terminates in the cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VpnAttach {
    /// On a VPN gateway.
    Gateway(VpnGatewayIx),
    /// On a transit router.
    TransitRouter(TransitRouterIx),
}

/// A VPN connection.
#[derive(Debug, Clone)]
pub struct VpnConnection {
    /// Id.
    pub id: String,
    /// Where it terminates.
    pub attach: VpnAttach,
    /// Customer gateway.
    pub customer_gateway: CustomerGatewayIx,
    /// Cloud-side ranges.
    pub local_cidrs: Vec<Ipv4Net>,
    /// On-premises ranges.
    pub remote_cidrs: Vec<Ipv4Net>,
    /// Status.
    pub status: VpnConnectionStatus,
    /// Publish remote ranges to the gateway VPC.
    pub publish_to_vpc: bool,
}

/// A VBR.
#[derive(Debug, Clone)]
pub struct Vbr {
    /// Id.
    pub id: String,
    /// Region.
    pub region: String,
    /// Account.
    pub account: Option<String>,
    /// Physical connection.
    pub physical_connection: PhysicalConnectionIx,
    /// Status.
    pub status: VbrStatus,
    /// The Alibaba-side interconnect address, where the inventory has it.
    pub local_ip: Option<Ipv4Addr>,
    /// Own routes toward the data center.
    pub routes: Vec<VbrRoute>,
}

/// A VBR route.
#[derive(Debug, Clone)]
pub struct VbrRoute {
    /// Destination.
    pub destination: Ipv4Net,
    /// The physical connection.
    pub physical_connection: PhysicalConnectionIx,
}

/// A physical connection.
#[derive(Debug, Clone)]
pub struct PhysicalConnection {
    /// Id.
    pub id: String,
    /// Data center, if written.
    pub data_center: Option<DataCenterIx>,
    /// Status.
    pub status: PhysicalConnectionStatus,
    /// The VBRs on it, in id order.
    pub vbrs: Vec<VbrIx>,
}

/// Where a data-center route goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A physical connection.
    PhysicalConnection(PhysicalConnectionIx),
    /// A VPN connection.
    VpnConnection(VpnConnectionIx),
}

/// A data-center route toward the cloud.
#[derive(Debug, Clone)]
pub struct DataCenterRoute {
    /// Destination.
    pub destination: Ipv4Net,
    /// Via.
    pub via: Via,
}

/// A data center.
#[derive(Debug, Clone)]
pub struct DataCenter {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Account.
    pub account: Option<String>,
    /// On-premises ranges.
    pub cidrs: Vec<Ipv4Net>,
    /// Routes toward the cloud.
    pub routes: Vec<DataCenterRoute>,
}

/// An ECS instance.
#[derive(Debug, Clone)]
pub struct EcsInstance {
    /// Id.
    pub id: String,
    /// Account.
    pub account: Option<String>,
    /// vSwitch.
    pub vswitch: VSwitchIx,
    /// VPC.
    pub vpc: VpcIx,
    /// Private addresses.
    pub private_ips: Vec<IpAddr>,
    /// Public address.
    pub public_ip: Option<IpAddr>,
    /// Security groups.
    pub security_groups: Vec<SecurityGroupIx>,
}

/// A port range, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    /// First port.
    pub from: u16,
    /// Last port.
    pub to: u16,
}

impl PortRange {
    /// Every port (`-1/-1`).
    pub const ALL: PortRange = PortRange {
        from: 0,
        to: u16::MAX,
    };

    /// Whether the range holds `port`.
    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }
}

impl std::fmt::Display for PortRange {
    /// As the console writes it: `3306/3306`, or `-1/-1` for every port.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == PortRange::ALL {
            f.write_str("-1/-1")
        } else {
            write!(f, "{}/{}", self.from, self.to)
        }
    }
}

/// A security-group rule.
#[derive(Debug, Clone)]
pub struct SecurityGroupRule {
    /// Direction.
    pub direction: RuleDirection,
    /// Policy.
    pub policy: RulePolicy,
    /// Protocol.
    pub protocol: RuleProtocol,
    /// Ports.
    pub ports: PortRange,
    /// Source (ingress); `None`: every source.
    pub source: Option<IpNet>,
    /// Priority, 1 to 100.
    pub priority: u32,
    /// Index of the rule in its group (for messages).
    pub index: usize,
}

/// A security group.
#[derive(Debug, Clone)]
pub struct SecurityGroup {
    /// Id.
    pub id: String,
    /// VPC.
    pub vpc: VpcIx,
    /// Rules.
    pub rules: Vec<SecurityGroupRule>,
}

/// A resource group binding.
#[derive(Debug, Clone)]
pub struct Binding {
    /// VPC.
    pub vpc: VpcIx,
    /// vSwitch.
    pub vswitch: VSwitchIx,
    /// The binding's route list; `None`: unknown.
    pub routes: Option<Vec<Ipv4Net>>,
}

/// A resource group.
#[derive(Debug, Clone)]
pub struct ResourceGroup {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Account (own; the scenario falls back to the binding VPC's, semantics S8.14).
    pub account: Option<String>,
    /// Type.
    pub kind: ResourceGroupType,
    /// Region.
    pub region: String,
    /// Bindings, ordered by VPC id then vSwitch id (semantics S1.1).
    pub bindings: Vec<Binding>,
    /// Own public egress address.
    pub public_ip: Option<Ipv4Addr>,
}

/// Where a data source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsLocation {
    /// In a VPC, in the vSwitch holding its address (`None` for an IPv6 address).
    Vpc(VpcIx, Option<VSwitchIx>),
    /// On an ECS instance.
    Ecs(EcsIx),
    /// In a data center.
    DataCenter(DataCenterIx),
    /// On the internet.
    Internet,
    /// On the classic network.
    Classic,
}

/// A data source.
#[derive(Debug, Clone)]
pub struct DataSource {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Account (own, else its place's).
    pub account: Option<String>,
    /// Free-text type.
    pub kind: String,
    /// DNS name.
    pub host: Option<String>,
    /// Address.
    pub ip: IpAddr,
    /// Port.
    pub port: u16,
    /// Protocol.
    pub protocol: DataSourceProtocol,
    /// Location.
    pub location: DsLocation,
    /// Whitelist; `None`: unknown.
    pub whitelist: Option<Vec<IpNet>>,
    /// Its own security groups plus its ECS instance's, in id order.
    pub security_groups: Vec<SecurityGroupIx>,
}

/// A DataWorks task (semantics S9.1): its resource group and its data sources.
#[derive(Debug, Clone)]
pub struct Task {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Type.
    pub kind: TaskType,
    /// The resource group it runs on.
    pub resource_group: ResourceGroupIx,
    /// The data source it reads.
    pub source: DataSourceIx,
    /// The data source a `sync` task writes, if given (never the source).
    pub destination: Option<DataSourceIx>,
}

impl Task {
    /// The task's data sources with their roles, source first (semantics S9.8).
    pub fn roles(&self) -> impl Iterator<Item = (TaskRole, DataSourceIx)> + '_ {
        std::iter::once((TaskRole::Source, self.source))
            .chain(self.destination.map(|d| (TaskRole::Destination, d)))
    }
}

/// The role a data source plays in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskRole {
    /// The data source the task reads.
    Source,
    /// The data source a `sync` task writes.
    Destination,
}

impl TaskRole {
    /// `source` | `destination`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskRole::Source => "source",
            TaskRole::Destination => "destination",
        }
    }
}

/// The validated inventory. Arenas are in input (merged) order; implied
/// resources come after the written ones of their kind.
#[derive(Debug, Clone, Default)]
pub struct ValidInventory {
    /// VPCs.
    pub vpcs: Arena<VpcIx, Vpc>,
    /// vSwitches.
    pub vswitches: Arena<VSwitchIx, VSwitch>,
    /// VPC route tables, written then implied.
    pub route_tables: Arena<RouteTableIx, RouteTable>,
    /// Peering connections.
    pub peerings: Arena<PeeringIx, Peering>,
    /// CENs.
    pub cens: Arena<CenIx, Cen>,
    /// Transit routers, written then implied.
    pub transit_routers: Arena<TransitRouterIx, TransitRouter>,
    /// Transit-router attachments, written then implied.
    pub tr_attachments: Arena<AttachmentIx, TrAttachment>,
    /// Transit-router route tables, written then implied.
    pub tr_route_tables: Arena<TrRouteTableIx, TrRouteTable>,
    /// NAT gateways.
    pub nat_gateways: Arena<NatGatewayIx, NatGateway>,
    /// EIPs.
    pub eips: Arena<EipIx, Eip>,
    /// VPN gateways.
    pub vpn_gateways: Arena<VpnGatewayIx, VpnGateway>,
    /// Customer gateways.
    pub customer_gateways: Arena<CustomerGatewayIx, CustomerGateway>,
    /// VPN connections.
    pub vpn_connections: Arena<VpnConnectionIx, VpnConnection>,
    /// VBRs.
    pub vbrs: Arena<VbrIx, Vbr>,
    /// Physical connections.
    pub physical_connections: Arena<PhysicalConnectionIx, PhysicalConnection>,
    /// Data centers.
    pub data_centers: Arena<DataCenterIx, DataCenter>,
    /// ECS instances.
    pub ecs_instances: Arena<EcsIx, EcsInstance>,
    /// Security groups.
    pub security_groups: Arena<SecurityGroupIx, SecurityGroup>,
    /// Resource groups.
    pub resource_groups: Arena<ResourceGroupIx, ResourceGroup>,
    /// Data sources.
    pub data_sources: Arena<DataSourceIx, DataSource>,
    /// DataWorks tasks (semantics S9.1).
    pub tasks: Arena<TaskIx, Task>,
    /// Every id (written and implied) to its kind and index.
    pub ids: HashMap<String, (Kind, usize)>,
    /// Validation findings that do not stop analysis, sorted.
    pub findings: Vec<Finding>,
}

impl ValidInventory {
    /// The kind and index of an id.
    pub fn lookup(&self, id: &str) -> Option<(Kind, usize)> {
        self.ids.get(id).copied()
    }

    /// Every resource group, sorted by id (the order of every report).
    pub fn groups_by_id(&self) -> Vec<ResourceGroupIx> {
        let mut groups: Vec<ResourceGroupIx> = self.resource_groups.indices().collect();
        groups.sort_by(|a, b| {
            self.resource_groups[*a]
                .id
                .cmp(&self.resource_groups[*b].id)
        });
        groups
    }

    /// Every data source, sorted by id (the order of every report).
    pub fn sources_by_id(&self) -> Vec<DataSourceIx> {
        let mut sources: Vec<DataSourceIx> = self.data_sources.indices().collect();
        sources.sort_by(|a, b| self.data_sources[*a].id.cmp(&self.data_sources[*b].id));
        sources
    }
}
