//! Shapes and colours: one entry per node kind, cluster kind and edge kind,
//! and the legend that explains them. Every colour the diagram uses is named
//! here, so the picture and its legend cannot drift apart.

use super::escape::html;
use crate::graph::Node;

/// A node kind's look: Graphviz shape, fill colour and its legend text.
#[derive(Debug, Clone, Copy)]
pub(super) struct NodeStyle {
    /// The Graphviz shape.
    pub shape: &'static str,
    /// Fill colour.
    pub fill: &'static str,
    /// Outline colour.
    pub line: &'static str,
    /// What the legend calls it.
    pub legend: &'static str,
}

/// The look of a drawn node. A `Vpc` node is the VPC's router and a
/// `DataCenter` node the data center's router; a `VSwitch` node is a vSwitch
/// with nothing in it.
pub(super) fn node(n: Node) -> NodeStyle {
    let (shape, fill, line, legend) = match n {
        Node::Vpc(_) => ("hexagon", "#bbdefb", "#1565c0", "VPC router (route tables)"),
        Node::VSwitch(_) => (
            "box",
            "#ffffff",
            "#64b5f6",
            "vSwitch (nothing placed in it)",
        ),
        Node::TransitRouter(_) => ("doubleoctagon", "#b2ebf2", "#00838f", "transit router"),
        Node::NatGateway(_) => ("invhouse", "#cfd8dc", "#455a64", "NAT gateway"),
        Node::Eip(_) => ("ellipse", "#eceff1", "#455a64", "EIP"),
        Node::VpnGateway(_) => ("house", "#e1bee7", "#6a1b9a", "VPN gateway"),
        Node::CustomerGateway(_) => ("house", "#f3e5f5", "#6a1b9a", "customer gateway"),
        Node::Vbr(_) => (
            "trapezium",
            "#d7ccc8",
            "#5d4037",
            "VBR (virtual border router)",
        ),
        Node::PhysicalConnection(_) => {
            ("parallelogram", "#d7ccc8", "#5d4037", "physical connection")
        }
        Node::DataCenter(_) => (
            "hexagon",
            "#efebe9",
            "#5d4037",
            "data-center router (its routes)",
        ),
        Node::EcsInstance(_) => ("box3d", "#eeeeee", "#616161", "ECS instance"),
        Node::ResourceGroup(_) => (
            "component",
            "#fff59d",
            "#f9a825",
            "DataWorks resource group",
        ),
        Node::DataSource(_) => ("cylinder", "#b3e5fc", "#0277bd", "data source"),
        Node::Internet => ("ellipse", "#ffffff", "#455a64", "the internet"),
        Node::SecurityGroup(_) => ("box", "#fff3e0", "#e65100", "security group"),
        Node::RouteTable(_) => ("tab", "#e3f2fd", "#1565c0", "route table"),
        _ => ("box", "#ffffff", "#000000", "other"),
    };
    NodeStyle {
        shape,
        fill,
        line,
        legend,
    }
}

/// The kinds of box (cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum BoxKind {
    /// An account.
    Account,
    /// A region of an account.
    Region,
    /// A CEN.
    Cen,
    /// A VPC.
    Vpc,
    /// A vSwitch.
    VSwitch,
    /// A data center.
    DataCenter,
    /// The internet.
    Internet,
    /// The classic network.
    Classic,
}

/// A box kind's look: outline colour, background, line style and legend text.
pub(super) fn cluster(kind: BoxKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        BoxKind::Account => ("#424242", "#ffffff", "dashed", "account"),
        BoxKind::Region => ("#9e9e9e", "#fafafa", "rounded", "region"),
        BoxKind::Cen => ("#00838f", "#e0f7fa", "rounded", "CEN (transit routers)"),
        BoxKind::Vpc => ("#1565c0", "#e3f2fd", "rounded", "VPC"),
        BoxKind::VSwitch => ("#64b5f6", "#ffffff", "dashed", "vSwitch"),
        BoxKind::DataCenter => ("#5d4037", "#efebe9", "rounded", "data center (on premises)"),
        BoxKind::Internet => ("#455a64", "#f5f5f5", "rounded", "internet"),
        BoxKind::Classic => ("#9e9e9e", "#f5f5f5", "dashed", "classic network"),
    }
}

/// The kinds of connection drawn between nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum EdgeKind {
    /// A VPC peering connection.
    Peering,
    /// A transit-router attachment of a VPC or a VBR.
    Attachment,
    /// An inter-region connection between two transit routers.
    InterRegion,
    /// A VPN connection.
    Vpn,
    /// Express Connect: VBR to physical connection to data center.
    Express,
    /// A VPC's router interface to a VBR (a route with next hop `vbr`).
    RouterInterface,
    /// A customer gateway in its data center.
    Premises,
    /// NAT gateway or ECS instance to EIP, EIP to the internet.
    Public,
    /// An ECS instance hosting a data source.
    Hosts,
    /// A resource group's further VPC bindings.
    Binds,
    /// A blocking security group or route table to what it applies to
    /// (design style).
    Applies,
}

/// An edge kind's look: colour, line style, arrow direction and legend text.
pub(super) fn edge(kind: EdgeKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        EdgeKind::Peering => ("#1565c0", "solid", "none", "VPC peering"),
        EdgeKind::Attachment => ("#00838f", "solid", "none", "transit-router attachment"),
        EdgeKind::InterRegion => ("#00838f", "bold", "none", "inter-region connection"),
        EdgeKind::Vpn => ("#6a1b9a", "dashed", "none", "VPN connection (IPsec)"),
        EdgeKind::Express => ("#5d4037", "bold", "none", "Express Connect"),
        EdgeKind::RouterInterface => ("#5d4037", "solid", "none", "router interface (VPC to VBR)"),
        EdgeKind::Premises => (
            "#6a1b9a",
            "dotted",
            "none",
            "customer gateway of a data center",
        ),
        EdgeKind::Public => ("#455a64", "solid", "none", "public address (EIP)"),
        EdgeKind::Hosts => (
            "#616161",
            "dotted",
            "none",
            "ECS instance hosts the data source",
        ),
        EdgeKind::Binds => (
            "#f9a825",
            "dashed",
            "forward",
            "further resource-group binding",
        ),
        EdgeKind::Applies => (
            "#e65100",
            "dotted",
            "none",
            "security group or route table applied",
        ),
    }
}

/// The plural noun of an edge kind, for merged edges ("3 peerings").
pub(super) fn plural(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Peering => "peerings",
        EdgeKind::Attachment => "attachments",
        EdgeKind::InterRegion => "inter-region connections",
        EdgeKind::Vpn => "VPN connections",
        EdgeKind::Express => "Express Connect links",
        EdgeKind::RouterInterface => "router interfaces",
        EdgeKind::Premises => "customer gateways",
        EdgeKind::Public => "public addresses",
        EdgeKind::Hosts => "hosted data sources",
        EdgeKind::Binds => "bindings",
        EdgeKind::Applies => "applied to",
    }
}

/// Path colours.
pub(super) const REACHABLE: &str = "#2e7d32";
/// The traversed part of a pair that fails.
pub(super) const FAILING: &str = "#ef6c00";
/// The hop that blocks an unreachable pair.
pub(super) const BLOCKED: &str = "#c62828";
/// The hop where an `unknown` pair's analysis stops.
pub(super) const UNDECIDED: &str = "#ad1457";

/// The font of every text.
pub(super) const FONT: &str = "Helvetica";

/// What the legend shows: the kinds present in the diagram.
#[derive(Debug, Clone, Default)]
pub(super) struct LegendContent {
    /// Node kinds (one representative node each), in node order.
    pub nodes: Vec<Node>,
    /// Box kinds.
    pub boxes: Vec<BoxKind>,
    /// Edge kinds.
    pub edges: Vec<EdgeKind>,
    /// Whether paths are highlighted, and which colours appear.
    pub reachable: bool,
    /// A failing pair is highlighted.
    pub failing: bool,
    /// An unknown pair is highlighted.
    pub undecided: bool,
}

/// The legend as an HTML-like table (program text only, escaped anyway): a
/// sample and a text per kind the diagram uses, never a Graphviz shape name.
/// The design style lays the entries out `DESIGN_COLUMNS` to a row, so that the
/// legend is a strip rather than a column.
pub(super) fn legend(content: &LegendContent, design: bool) -> String {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut entry = |sample: String, text: &str| entries.push((sample, html(text)));
    for &n in &content.nodes {
        let s = node(n);
        entry(
            format!(" BGCOLOR=\"{}\" BORDER=\"1\" COLOR=\"{}\">", s.fill, s.line),
            s.legend,
        );
    }
    for &kind in &content.boxes {
        let (line, fill, style, text) = cluster(kind);
        let sides = if style == "dashed" {
            " STYLE=\"DASHED\""
        } else {
            ""
        };
        entry(
            format!(" BGCOLOR=\"{fill}\" BORDER=\"1\" COLOR=\"{line}\"{sides}>"),
            &format!("{text} (box)"),
        );
    }
    for &kind in &content.edges {
        let (colour, style, _, text) = edge(kind);
        entry(line_sample(colour, style), text);
    }
    if content.reachable || content.failing || content.undecided {
        entry(
            line_sample("#000000", "solid"),
            "highlighted path: forward (solid), return (dashed)",
        );
    }
    if content.reachable {
        entry(line_sample(REACHABLE, "bold"), "path of a reachable pair");
    }
    if content.failing || content.undecided {
        entry(
            line_sample(FAILING, "bold"),
            "path of a failing pair, up to the blocker",
        );
    }
    if content.failing {
        entry(
            line_sample(BLOCKED, "bold"),
            "blocking hop; its note: the finding and the proved fix",
        );
    }
    if content.undecided {
        entry(
            line_sample(UNDECIDED, "bold"),
            "where an unknown pair's analysis stops",
        );
    }
    let columns = if design { DESIGN_COLUMNS } else { 1 };
    let mut rows = String::new();
    for chunk in entries.chunks(columns) {
        rows.push_str("<TR>");
        for (sample, text) in chunk {
            rows.push_str(&format!(
                "<TD WIDTH=\"44\" HEIGHT=\"16\" FIXEDSIZE=\"TRUE\"{sample}</TD><TD ALIGN=\"LEFT\">{text}</TD>"
            ));
        }
        rows.push_str("</TR>");
    }
    let (size, span) = if design {
        (" POINT-SIZE=\"9\"", 2 * columns)
    } else {
        ("", 2)
    };
    format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\"><TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\"><FONT{size}><B>legend</B></FONT></TD></TR>{rows}</TABLE>>"
    )
}

/// How many entries a row of the design style's legend holds.
const DESIGN_COLUMNS: usize = 3;

/// A cell showing a line in `colour`: solid, bold, dashed or dotted.
fn line_sample(colour: &str, style: &str) -> String {
    let glyphs = match style {
        "dashed" => "- - - -",
        "dotted" => "· · · · ·",
        _ => "———",
    };
    let (open, close) = if style == "bold" {
        ("<B>", "</B>")
    } else {
        ("", "")
    };
    format!(
        "><FONT COLOR=\"{colour}\">{open}{}{close}</FONT>",
        html(glyphs)
    )
}
