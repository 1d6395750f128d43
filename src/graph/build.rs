//! Building the [`Topology`] from a `ValidInventory`: nodes first, kind by kind
//! in [`Node`] order and by id inside a kind; then edges, kind by kind of the
//! resource that holds the reference, in the same id order, each reference in
//! the order the resource keeps it. No step iterates a hash map, so the graph
//! does not depend on the order of the input lists beyond what a resource's own
//! lists say.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};

use super::node::{AccountIx, Edge, Node, Region, RegionIx};
use super::Topology;
use crate::validate::*;

/// The positions of `items` sorted by id (ids are unique, so the order is total).
fn by_id<T>(items: &[T], id: fn(&T) -> &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items.get(a).map(id).cmp(&items.get(b).map(id)));
    order
}

/// The items of `items` in the order `order` gives, with their positions.
fn in_order<'v, T>(
    items: &'v [T],
    order: &'v [usize],
) -> impl Iterator<Item = (usize, &'v T)> + 'v {
    order
        .iter()
        .filter_map(move |&i| items.get(i).map(|item| (i, item)))
}

/// The id order of every arena.
struct Orders {
    vpcs: Vec<usize>,
    vswitches: Vec<usize>,
    route_tables: Vec<usize>,
    peerings: Vec<usize>,
    cens: Vec<usize>,
    transit_routers: Vec<usize>,
    tr_attachments: Vec<usize>,
    tr_route_tables: Vec<usize>,
    nat_gateways: Vec<usize>,
    eips: Vec<usize>,
    vpn_gateways: Vec<usize>,
    customer_gateways: Vec<usize>,
    vpn_connections: Vec<usize>,
    vbrs: Vec<usize>,
    physical_connections: Vec<usize>,
    data_centers: Vec<usize>,
    ecs_instances: Vec<usize>,
    security_groups: Vec<usize>,
    resource_groups: Vec<usize>,
    data_sources: Vec<usize>,
}

impl Orders {
    fn new(v: &ValidInventory) -> Orders {
        Orders {
            vpcs: by_id(v.vpcs.as_slice(), |x| &x.id),
            vswitches: by_id(v.vswitches.as_slice(), |x| &x.id),
            route_tables: by_id(v.route_tables.as_slice(), |x| &x.id),
            peerings: by_id(v.peerings.as_slice(), |x| &x.id),
            cens: by_id(v.cens.as_slice(), |x| &x.id),
            transit_routers: by_id(v.transit_routers.as_slice(), |x| &x.id),
            tr_attachments: by_id(v.tr_attachments.as_slice(), |x| &x.id),
            tr_route_tables: by_id(v.tr_route_tables.as_slice(), |x| &x.id),
            nat_gateways: by_id(v.nat_gateways.as_slice(), |x| &x.id),
            eips: by_id(v.eips.as_slice(), |x| &x.id),
            vpn_gateways: by_id(v.vpn_gateways.as_slice(), |x| &x.id),
            customer_gateways: by_id(v.customer_gateways.as_slice(), |x| &x.id),
            vpn_connections: by_id(v.vpn_connections.as_slice(), |x| &x.id),
            vbrs: by_id(v.vbrs.as_slice(), |x| &x.id),
            physical_connections: by_id(v.physical_connections.as_slice(), |x| &x.id),
            data_centers: by_id(v.data_centers.as_slice(), |x| &x.id),
            ecs_instances: by_id(v.ecs_instances.as_slice(), |x| &x.id),
            security_groups: by_id(v.security_groups.as_slice(), |x| &x.id),
            resource_groups: by_id(v.resource_groups.as_slice(), |x| &x.id),
            data_sources: by_id(v.data_sources.as_slice(), |x| &x.id),
        }
    }
}

/// The graph under construction.
struct Builder<'v> {
    v: &'v ValidInventory,
    graph: DiGraph<Node, Edge>,
    index: HashMap<Node, NodeIndex>,
    ids: Vec<String>,
    /// Edges already added, so that a reference written twice gives one edge.
    seen: HashSet<(NodeIndex, Edge, NodeIndex)>,
    accounts: BTreeMap<&'v str, AccountIx>,
    regions: BTreeMap<(Option<&'v str>, &'v str), RegionIx>,
}

impl<'v> Builder<'v> {
    fn node(&mut self, node: Node, id: String) {
        let ix = self.graph.add_node(node);
        self.index.insert(node, ix);
        self.ids.push(id);
    }

    /// Adds `from -edge-> to` once; both nodes exist (every reference is resolved).
    fn edge(&mut self, from: Node, edge: Edge, to: Node) {
        let (Some(&a), Some(&b)) = (self.index.get(&from), self.index.get(&to)) else {
            return;
        };
        if self.seen.insert((a, edge, b)) {
            self.graph.add_edge(a, b, edge);
        }
    }

    fn account(&self, account: Option<&str>) -> Option<Node> {
        account
            .and_then(|id| self.accounts.get(id))
            .map(|&ix| Node::Account(ix))
    }

    fn region(&self, account: &'v Option<String>, region: &'v str) -> Option<Node> {
        self.region_of(account.as_deref(), region)
    }

    fn region_of(&self, account: Option<&'v str>, region: &'v str) -> Option<Node> {
        self.regions
            .get(&(account, region))
            .map(|&ix| Node::Region(ix))
    }

    /// Adds `container -contains-> node` when the container exists.
    fn contained(&mut self, container: Option<Node>, node: Node) {
        if let Some(container) = container {
            self.edge(container, Edge::Contains, node);
        }
    }
}

/// Every account id in use: the declared accounts and every account a kept resource names.
fn accounts(v: &ValidInventory) -> BTreeSet<&str> {
    let mut accounts: BTreeSet<&str> = v
        .ids
        .iter()
        .filter(|(_, (kind, _))| *kind == Kind::Account)
        .map(|(id, _)| id.as_str())
        .collect();
    let named = v
        .vpcs
        .iter()
        .map(|x| &x.account)
        .chain(v.vswitches.iter().map(|x| &x.account))
        .chain(v.cens.iter().map(|x| &x.account))
        .chain(v.transit_routers.iter().map(|x| &x.account))
        .chain(v.vbrs.iter().map(|x| &x.account))
        .chain(v.data_centers.iter().map(|x| &x.account))
        .chain(v.ecs_instances.iter().map(|x| &x.account))
        .chain(v.resource_groups.iter().map(|x| &x.account))
        .chain(v.data_sources.iter().map(|x| &x.account));
    accounts.extend(named.filter_map(|account| account.as_deref()));
    accounts
}

/// The account of a transit router: its own, else its CEN's (a resource without
/// an account takes its parent's).
fn tr_account<'v>(v: &'v ValidInventory, tr: &'v TransitRouter) -> Option<&'v str> {
    tr.account
        .as_deref()
        .or_else(|| v.cens.lookup(tr.cen).and_then(|cen| cen.account.as_deref()))
}

/// Every (account, region) pair that holds a VPC, transit router, VBR or resource group.
fn regions(v: &ValidInventory) -> BTreeSet<(Option<&str>, &str)> {
    fn pair<'a>(account: &'a Option<String>, region: &'a str) -> (Option<&'a str>, &'a str) {
        (account.as_deref(), region)
    }
    v.vpcs
        .iter()
        .map(|x| pair(&x.account, &x.region))
        .chain(
            v.transit_routers
                .iter()
                .map(|x| (tr_account(v, x), x.region.as_str())),
        )
        .chain(v.vbrs.iter().map(|x| pair(&x.account, &x.region)))
        .chain(
            v.resource_groups
                .iter()
                .map(|x| pair(&x.account, &x.region)),
        )
        .collect()
}

/// Builds the topology graph (see the module documentation of `graph`).
pub(super) fn build(v: &ValidInventory) -> Topology {
    let order = Orders::new(v);
    let account_ids = accounts(v);
    let region_pairs = regions(v);
    let mut b = Builder {
        v,
        graph: DiGraph::new(),
        index: HashMap::new(),
        ids: Vec::new(),
        seen: HashSet::new(),
        accounts: BTreeMap::new(),
        regions: BTreeMap::new(),
    };
    let mut account_list = Vec::new();
    for (i, id) in account_ids.into_iter().enumerate() {
        let ix = AccountIx(u32::try_from(i).unwrap_or(u32::MAX));
        b.accounts.insert(id, ix);
        account_list.push(id.to_string());
        b.node(Node::Account(ix), id.to_string());
    }
    let mut region_list = Vec::new();
    for (i, (account, name)) in region_pairs.into_iter().enumerate() {
        let ix = RegionIx(u32::try_from(i).unwrap_or(u32::MAX));
        b.regions.insert((account, name), ix);
        let region = Region {
            account: account.map(str::to_string),
            name: name.to_string(),
        };
        b.node(Node::Region(ix), region.id());
        region_list.push(region);
    }
    add_resource_nodes(&mut b, &order);
    add_edges(&mut b, &order);
    Topology {
        graph: b.graph,
        index: b.index,
        ids: b.ids,
        accounts: account_list,
        regions: region_list,
    }
}

/// Adds the resource nodes, kind by kind in `Node` order, by id inside a kind, then `Internet`.
fn add_resource_nodes(b: &mut Builder<'_>, order: &Orders) {
    let v = b.v;
    macro_rules! nodes {
        ($($list:ident / $ord:ident => $variant:ident($ix:ident)),* $(,)?) => {$(
            for (i, item) in in_order(v.$list.as_slice(), &order.$ord) {
                b.node(Node::$variant($ix::at(i)), item.id.clone());
            }
        )*};
    }
    nodes!(
        vpcs / vpcs => Vpc(VpcIx),
        vswitches / vswitches => VSwitch(VSwitchIx),
        route_tables / route_tables => RouteTable(RouteTableIx),
        peerings / peerings => Peering(PeeringIx),
        cens / cens => Cen(CenIx),
        transit_routers / transit_routers => TransitRouter(TransitRouterIx),
        tr_attachments / tr_attachments => TrAttachment(AttachmentIx),
        tr_route_tables / tr_route_tables => TrRouteTable(TrRouteTableIx),
        nat_gateways / nat_gateways => NatGateway(NatGatewayIx),
        eips / eips => Eip(EipIx),
        vpn_gateways / vpn_gateways => VpnGateway(VpnGatewayIx),
        customer_gateways / customer_gateways => CustomerGateway(CustomerGatewayIx),
        vpn_connections / vpn_connections => VpnConnection(VpnConnectionIx),
        vbrs / vbrs => Vbr(VbrIx),
        physical_connections / physical_connections => PhysicalConnection(PhysicalConnectionIx),
        data_centers / data_centers => DataCenter(DataCenterIx),
        ecs_instances / ecs_instances => EcsInstance(EcsIx),
        security_groups / security_groups => SecurityGroup(SecurityGroupIx),
        resource_groups / resource_groups => ResourceGroup(ResourceGroupIx),
        data_sources / data_sources => DataSource(DataSourceIx),
    );
    b.node(Node::Internet, super::INTERNET_ID.to_string());
}

/// Adds the edges, each from the resource that holds the reference, in four
/// groups of kinds (their order is the order of the edges in the graph).
fn add_edges(b: &mut Builder<'_>, order: &Orders) {
    add_network_edges(b, order);
    add_transit_edges(b, order);
    add_hybrid_edges(b, order);
    add_workload_edges(b, order);
}

/// Regions and CENs in their accounts; VPCs in their regions, with their
/// vSwitches, route tables and peerings.
fn add_network_edges(b: &mut Builder<'_>, order: &Orders) {
    let v = b.v;
    let regions: Vec<(RegionIx, Option<&str>)> = b
        .regions
        .iter()
        .map(|(&(account, _), &ix)| (ix, account))
        .collect();
    for (ix, account) in regions {
        let container = b.account(account);
        b.contained(container, Node::Region(ix));
    }
    for (i, cen) in in_order(v.cens.as_slice(), &order.cens) {
        let container = b.account(cen.account.as_deref());
        b.contained(container, Node::Cen(CenIx::at(i)));
    }
    for (i, vpc) in in_order(v.vpcs.as_slice(), &order.vpcs) {
        let container = b.region(&vpc.account, &vpc.region);
        b.contained(container, Node::Vpc(VpcIx::at(i)));
    }
    for (i, vsw) in in_order(v.vswitches.as_slice(), &order.vswitches) {
        let node = Node::VSwitch(VSwitchIx::at(i));
        b.edge(Node::Vpc(vsw.vpc), Edge::Contains, node);
        b.edge(node, Edge::UsesTable, Node::RouteTable(vsw.table));
    }
    for (i, table) in in_order(v.route_tables.as_slice(), &order.route_tables) {
        let node = Node::RouteTable(RouteTableIx::at(i));
        b.edge(Node::Vpc(table.vpc), Edge::Contains, node);
        // router interfaces: the VBRs its routes' `vbr` next hops name
        for route in &table.routes {
            for hop in &route.next_hops {
                if let NextHop::Vbr(vbr) = hop {
                    b.edge(node, Edge::RouterInterface, Node::Vbr(*vbr));
                }
            }
        }
    }
    for (i, peering) in in_order(v.peerings.as_slice(), &order.peerings) {
        let node = Node::Peering(PeeringIx::at(i));
        b.edge(Node::Vpc(peering.vpc), Edge::Peers, node);
        b.edge(node, Edge::Peers, Node::Vpc(peering.peer_vpc));
    }
}

/// Transit routers in their regions and CENs, their attachments and route tables.
fn add_transit_edges(b: &mut Builder<'_>, order: &Orders) {
    let v = b.v;
    for (i, tr) in in_order(v.transit_routers.as_slice(), &order.transit_routers) {
        let node = Node::TransitRouter(TransitRouterIx::at(i));
        let container = b.region_of(tr_account(v, tr), &tr.region);
        b.contained(container, node);
        b.edge(Node::Cen(tr.cen), Edge::Contains, node);
    }
    for (i, att) in in_order(v.tr_attachments.as_slice(), &order.tr_attachments) {
        let node = Node::TrAttachment(AttachmentIx::at(i));
        b.edge(Node::TransitRouter(att.tr), Edge::Attaches, node);
        let attached = match &att.kind {
            AttachmentKind::Vpc { vpc, .. } => Node::Vpc(*vpc),
            AttachmentKind::Vbr(vbr) => Node::Vbr(*vbr),
            AttachmentKind::Vpn(vco) => Node::VpnConnection(*vco),
            AttachmentKind::Peer { remote, .. } => Node::TransitRouter(*remote),
        };
        b.edge(node, Edge::Attaches, attached);
        if let Some(counterpart) = att.counterpart {
            b.edge(node, Edge::InterRegion, Node::TrAttachment(counterpart));
        }
    }
    for (i, table) in in_order(v.tr_route_tables.as_slice(), &order.tr_route_tables) {
        let node = Node::TrRouteTable(TrRouteTableIx::at(i));
        b.edge(Node::TransitRouter(table.tr), Edge::Contains, node);
        for &att in &table.associations {
            b.edge(node, Edge::Associates, Node::TrAttachment(att));
        }
        for &att in &table.propagations {
            b.edge(node, Edge::Propagates, Node::TrAttachment(att));
        }
    }
}

/// Gateways, EIPs, VPN connections, VBRs, physical connections and data centers.
fn add_hybrid_edges(b: &mut Builder<'_>, order: &Orders) {
    let v = b.v;
    for (i, nat) in in_order(v.nat_gateways.as_slice(), &order.nat_gateways) {
        let node = Node::NatGateway(NatGatewayIx::at(i));
        b.edge(Node::Vpc(nat.vpc), Edge::Contains, node);
        b.edge(Node::VSwitch(nat.vswitch), Edge::Contains, node);
        for &eip in &nat.eips {
            b.edge(node, Edge::HasEip, Node::Eip(eip));
        }
    }
    for (i, eip) in in_order(v.eips.as_slice(), &order.eips) {
        if let Some(EipTarget::EcsInstance(ecs)) = eip.bound_to {
            b.edge(
                Node::Eip(EipIx::at(i)),
                Edge::BoundTo,
                Node::EcsInstance(ecs),
            );
        }
    }
    for (i, gateway) in in_order(v.vpn_gateways.as_slice(), &order.vpn_gateways) {
        b.edge(
            Node::Vpc(gateway.vpc),
            Edge::Contains,
            Node::VpnGateway(VpnGatewayIx::at(i)),
        );
    }
    for (i, cgw) in in_order(v.customer_gateways.as_slice(), &order.customer_gateways) {
        if let Some(dc) = cgw.data_center {
            b.edge(
                Node::CustomerGateway(CustomerGatewayIx::at(i)),
                Edge::Connects,
                Node::DataCenter(dc),
            );
        }
    }
    for (i, vco) in in_order(v.vpn_connections.as_slice(), &order.vpn_connections) {
        let node = Node::VpnConnection(VpnConnectionIx::at(i));
        let terminus = match vco.attach {
            VpnAttach::Gateway(gateway) => Node::VpnGateway(gateway),
            VpnAttach::TransitRouter(tr) => Node::TransitRouter(tr),
        };
        b.edge(terminus, Edge::Connects, node);
        b.edge(
            node,
            Edge::Connects,
            Node::CustomerGateway(vco.customer_gateway),
        );
    }
    for (i, vbr) in in_order(v.vbrs.as_slice(), &order.vbrs) {
        let node = Node::Vbr(VbrIx::at(i));
        let container = b.region(&vbr.account, &vbr.region);
        b.contained(container, node);
        b.edge(
            node,
            Edge::Connects,
            Node::PhysicalConnection(vbr.physical_connection),
        );
    }
    for (i, pc) in in_order(
        v.physical_connections.as_slice(),
        &order.physical_connections,
    ) {
        if let Some(dc) = pc.data_center {
            b.edge(
                Node::PhysicalConnection(PhysicalConnectionIx::at(i)),
                Edge::Connects,
                Node::DataCenter(dc),
            );
        }
    }
    for (i, dc) in in_order(v.data_centers.as_slice(), &order.data_centers) {
        let node = Node::DataCenter(DataCenterIx::at(i));
        let container = b.account(dc.account.as_deref());
        b.contained(container, node);
        for route in &dc.routes {
            let via = match route.via {
                Via::PhysicalConnection(pc) => Node::PhysicalConnection(pc),
                Via::VpnConnection(vco) => Node::VpnConnection(vco),
            };
            b.edge(node, Edge::RoutesVia, via);
        }
    }
}

/// ECS instances, security groups, resource groups and data sources.
fn add_workload_edges(b: &mut Builder<'_>, order: &Orders) {
    let v = b.v;
    for (i, ecs) in in_order(v.ecs_instances.as_slice(), &order.ecs_instances) {
        let node = Node::EcsInstance(EcsIx::at(i));
        b.edge(Node::VSwitch(ecs.vswitch), Edge::Contains, node);
        for &sg in &ecs.security_groups {
            b.edge(node, Edge::SecuredBy, Node::SecurityGroup(sg));
        }
    }
    for (i, sg) in in_order(v.security_groups.as_slice(), &order.security_groups) {
        b.edge(
            Node::Vpc(sg.vpc),
            Edge::Contains,
            Node::SecurityGroup(SecurityGroupIx::at(i)),
        );
    }
    for (i, rg) in in_order(v.resource_groups.as_slice(), &order.resource_groups) {
        let node = Node::ResourceGroup(ResourceGroupIx::at(i));
        let container = b.region(&rg.account, &rg.region);
        b.contained(container, node);
        for binding in &rg.bindings {
            b.edge(node, Edge::Binds, Node::VSwitch(binding.vswitch));
        }
    }
    for (i, ds) in in_order(v.data_sources.as_slice(), &order.data_sources) {
        let node = Node::DataSource(DataSourceIx::at(i));
        if let Some(place) = super::place_of(ds.location) {
            b.edge(node, Edge::LocatedIn, place);
        }
        for &sg in &ds.security_groups {
            b.edge(node, Edge::SecuredBy, Node::SecurityGroup(sg));
        }
    }
}
