//! The weights of the topology graph: [`Node`], one variant per resource kind
//! holding its typed index into the validated inventory (plus the graph's own
//! account and region indices and the single `Internet` node), and [`Edge`],
//! the kind of relation an edge stands for.

use crate::validate::{
    AttachmentIx, CenIx, CustomerGatewayIx, DataCenterIx, DataSourceIx, EcsIx, EipIx, Kind,
    NatGatewayIx, PeeringIx, PhysicalConnectionIx, ResourceGroupIx, RouteTableIx, SecurityGroupIx,
    TrRouteTableIx, TransitRouterIx, VSwitchIx, VbrIx, VpcIx, VpnConnectionIx, VpnGatewayIx,
};

/// An account node's index into the topology's account list (sorted by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountIx(pub u32);

/// A region node's index into the topology's region list (sorted by account, then name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionIx(pub u32);

/// A region node: a region string inside one account (or the implicit account).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region {
    /// The account the region belongs to; `None`: the implicit account.
    pub account: Option<String>,
    /// The region, e.g. `cn-hangzhou`.
    pub name: String,
}

impl Region {
    /// The region node's id: the region name in the implicit account,
    /// `<account>/<region>` under an account.
    pub fn id(&self) -> String {
        match &self.account {
            Some(account) => format!("{account}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A node of the topology graph.
///
/// The variant order is the order in which the graph adds nodes (then by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// An account (written in `accounts` or named by a resource).
    Account(AccountIx),
    /// A region of an account.
    Region(RegionIx),
    /// A VPC.
    Vpc(VpcIx),
    /// A vSwitch.
    VSwitch(VSwitchIx),
    /// A VPC route table (written or implied).
    RouteTable(RouteTableIx),
    /// A VPC peering connection.
    Peering(PeeringIx),
    /// A CEN.
    Cen(CenIx),
    /// A transit router (written or implied by a basic-edition CEN).
    TransitRouter(TransitRouterIx),
    /// A transit-router attachment.
    TrAttachment(AttachmentIx),
    /// A transit-router route table.
    TrRouteTable(TrRouteTableIx),
    /// A NAT gateway.
    NatGateway(NatGatewayIx),
    /// An EIP.
    Eip(EipIx),
    /// A VPN gateway.
    VpnGateway(VpnGatewayIx),
    /// A customer gateway.
    CustomerGateway(CustomerGatewayIx),
    /// A VPN connection.
    VpnConnection(VpnConnectionIx),
    /// A VBR.
    Vbr(VbrIx),
    /// A physical connection.
    PhysicalConnection(PhysicalConnectionIx),
    /// A data center.
    DataCenter(DataCenterIx),
    /// An ECS instance.
    EcsInstance(EcsIx),
    /// A security group.
    SecurityGroup(SecurityGroupIx),
    /// A DataWorks resource group.
    ResourceGroup(ResourceGroupIx),
    /// A data source.
    DataSource(DataSourceIx),
    /// The internet (one node).
    Internet,
}

impl Node {
    /// Every kind name, in node order.
    pub const KINDS: [&'static str; 23] = [
        "account",
        "region",
        "vpc",
        "vswitch",
        "route_table",
        "peering",
        "cen",
        "transit_router",
        "tr_attachment",
        "tr_route_table",
        "nat_gateway",
        "eip",
        "vpn_gateway",
        "customer_gateway",
        "vpn_connection",
        "vbr",
        "physical_connection",
        "data_center",
        "ecs_instance",
        "security_group",
        "resource_group",
        "data_source",
        "internet",
    ];

    /// The kind name, snake_case (`vpc`, `tr_attachment`, `internet`).
    pub fn kind(self) -> &'static str {
        match self {
            Node::Account(_) => "account",
            Node::Region(_) => "region",
            Node::Vpc(_) => "vpc",
            Node::VSwitch(_) => "vswitch",
            Node::RouteTable(_) => "route_table",
            Node::Peering(_) => "peering",
            Node::Cen(_) => "cen",
            Node::TransitRouter(_) => "transit_router",
            Node::TrAttachment(_) => "tr_attachment",
            Node::TrRouteTable(_) => "tr_route_table",
            Node::NatGateway(_) => "nat_gateway",
            Node::Eip(_) => "eip",
            Node::VpnGateway(_) => "vpn_gateway",
            Node::CustomerGateway(_) => "customer_gateway",
            Node::VpnConnection(_) => "vpn_connection",
            Node::Vbr(_) => "vbr",
            Node::PhysicalConnection(_) => "physical_connection",
            Node::DataCenter(_) => "data_center",
            Node::EcsInstance(_) => "ecs_instance",
            Node::SecurityGroup(_) => "security_group",
            Node::ResourceGroup(_) => "resource_group",
            Node::DataSource(_) => "data_source",
            Node::Internet => "internet",
        }
    }

    /// The node of an inventory resource, from the kind and index that
    /// `ValidInventory::lookup` returns. `None` for accounts, whose nodes are
    /// indexed by the graph itself (see `Topology::account`), and for tasks,
    /// which are not network resources.
    pub fn of(kind: Kind, index: usize) -> Option<Node> {
        Some(match kind {
            Kind::Account | Kind::Task => return None,
            Kind::Vpc => Node::Vpc(VpcIx::at(index)),
            Kind::VSwitch => Node::VSwitch(VSwitchIx::at(index)),
            Kind::RouteTable => Node::RouteTable(RouteTableIx::at(index)),
            Kind::Peering => Node::Peering(PeeringIx::at(index)),
            Kind::Cen => Node::Cen(CenIx::at(index)),
            Kind::TransitRouter => Node::TransitRouter(TransitRouterIx::at(index)),
            Kind::TrAttachment => Node::TrAttachment(AttachmentIx::at(index)),
            Kind::TrRouteTable => Node::TrRouteTable(TrRouteTableIx::at(index)),
            Kind::NatGateway => Node::NatGateway(NatGatewayIx::at(index)),
            Kind::Eip => Node::Eip(EipIx::at(index)),
            Kind::VpnGateway => Node::VpnGateway(VpnGatewayIx::at(index)),
            Kind::CustomerGateway => Node::CustomerGateway(CustomerGatewayIx::at(index)),
            Kind::VpnConnection => Node::VpnConnection(VpnConnectionIx::at(index)),
            Kind::Vbr => Node::Vbr(VbrIx::at(index)),
            Kind::PhysicalConnection => Node::PhysicalConnection(PhysicalConnectionIx::at(index)),
            Kind::DataCenter => Node::DataCenter(DataCenterIx::at(index)),
            Kind::EcsInstance => Node::EcsInstance(EcsIx::at(index)),
            Kind::SecurityGroup => Node::SecurityGroup(SecurityGroupIx::at(index)),
            Kind::ResourceGroup => Node::ResourceGroup(ResourceGroupIx::at(index)),
            Kind::DataSource => Node::DataSource(DataSourceIx::at(index)),
        })
    }
}

/// The relation an edge stands for. Edges point from the container or the
/// referring resource to the contained or referred one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// Containment: account → region/CEN/data center; region → VPC, transit
    /// router, VBR, resource group; CEN → transit router; VPC → vSwitch, route
    /// table, NAT gateway, VPN gateway, security group; vSwitch → ECS instance,
    /// NAT gateway; transit router → its route table.
    Contains,
    /// vSwitch → the route table serving it (custom, else the VPC's system table).
    UsesTable,
    /// VPC → peering connection → peer VPC.
    Peers,
    /// Transit router → attachment → attached VPC, VBR, VPN connection or remote router.
    Attaches,
    /// Transit-router route table → an attachment associated with it.
    Associates,
    /// Transit-router route table → an attachment propagating into it.
    Propagates,
    /// Peer attachment → its counterpart in the remote router (one inter-region connection).
    InterRegion,
    /// NAT gateway → an EIP of it.
    HasEip,
    /// EIP → the ECS instance it is bound to.
    BoundTo,
    /// The links toward on-premises: VPN gateway or transit router → VPN
    /// connection → customer gateway → data center; VBR → physical connection
    /// → data center (where the inventory names the data center).
    Connects,
    /// Data center → a physical or VPN connection its routes go via.
    RoutesVia,
    /// VPC route table → a VBR that a route's `vbr` next hop (a router
    /// interface) names.
    RouterInterface,
    /// Resource group → the vSwitch of one of its VPC bindings.
    Binds,
    /// Data source → its place: vSwitch (or VPC for an IPv6 address), ECS
    /// instance, data center or the internet.
    LocatedIn,
    /// ECS instance or data source → a security group that applies to it.
    SecuredBy,
}

impl Edge {
    /// The edge kind name, snake_case (`contains`, `uses_table`, `located_in`).
    pub fn name(self) -> &'static str {
        match self {
            Edge::Contains => "contains",
            Edge::UsesTable => "uses_table",
            Edge::Peers => "peers",
            Edge::Attaches => "attaches",
            Edge::Associates => "associates",
            Edge::Propagates => "propagates",
            Edge::InterRegion => "inter_region",
            Edge::HasEip => "has_eip",
            Edge::BoundTo => "bound_to",
            Edge::Connects => "connects",
            Edge::RoutesVia => "routes_via",
            Edge::RouterInterface => "router_interface",
            Edge::Binds => "binds",
            Edge::LocatedIn => "located_in",
            Edge::SecuredBy => "secured_by",
        }
    }
}
