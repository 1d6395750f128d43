//! Facts → one native [`Inventory`], joined across files, checked, sorted.
//!
//! Both importers feed a [`Builder`] with [`super::facts`] (Alibaba's vocabulary)
//! and call [`Builder::finish`]. Finishing joins what the APIs split across
//! responses (a route entry names only its table; a table its VPC or its vRouter;
//! a SNAT entry its table; a resource group's bindings and their routes come from
//! two more APIs), maps every status and type to the native enums, and reports
//! whatever it cannot map: an unknown value is reported, never guessed. Then a
//! closing pass drops every item that refers to something not in the inventory
//! (a route to a NAT gateway that was not exported, a peering whose other VPC is
//! in an account that was not exported), again reporting each, so that the
//! output always loads and validates. Every list is sorted by id (or by content
//! where items have no id), so the bytes do not depend on the order of the files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Debug;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use super::coverage::{Coverage, FileCoverage, Item};
use super::facts::*;
use crate::model::*;

/// Facts of one kind keyed by id, with the file each came from.
#[derive(Debug, Clone)]
pub struct Keyed<T> {
    slots: BTreeMap<String, (T, String)>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            slots: BTreeMap::new(),
        }
    }
}

impl<T: Clone + PartialEq + Debug> Keyed<T> {
    /// Adds a fact. The same fact twice (overlapping pages, the same export
    /// read twice) is kept once; two different facts for one id keep the one
    /// that sorts first and are reported, so that the outcome does not depend on
    /// the order of the files.
    fn put(&mut self, warnings: &mut Vec<Item>, kind: &str, file: &str, id: &str, value: T) {
        match self.slots.get_mut(id) {
            None => {
                self.slots.insert(id.to_string(), (value, file.to_string()));
            }
            Some((old, old_file)) => {
                if *old == value {
                    if file < old_file.as_str() {
                        *old_file = file.to_string();
                    }
                    return;
                }
                let new_key = (format!("{value:?}"), file.to_string());
                let old_key = (format!("{old:?}"), old_file.clone());
                let (first, second) = if file < old_file.as_str() {
                    (file.to_string(), old_file.clone())
                } else {
                    (old_file.clone(), file.to_string())
                };
                let kept = if new_key < old_key {
                    file.to_string()
                } else {
                    old_file.clone()
                };
                warnings.push(Item {
                    file: first.clone(),
                    kind: kind.to_string(),
                    id: id.to_string(),
                    reason: format!(
                        "exported twice with different content (in {first} and {second}); kept the one from {kept}"
                    ),
                });
                if new_key < old_key {
                    *old = value;
                    *old_file = file.to_string();
                }
            }
        }
    }

    fn get(&self, id: &str) -> Option<&T> {
        self.slots.get(id).map(|(value, _)| value)
    }

    fn iter(&self) -> impl Iterator<Item = (&String, &T, &String)> {
        self.slots
            .iter()
            .map(|(id, (value, file))| (id, value, file))
    }
}

/// Collects facts from the files of one import and turns them into an inventory.
#[derive(Debug, Clone)]
pub struct Builder {
    coverage: Coverage,
    region: Option<String>,
    vpcs: Keyed<VpcFact>,
    vpc_cidrs: Vec<(String, String, String)>,
    vswitches: Keyed<VSwitchFact>,
    tables: Keyed<TableFact>,
    vswitch_tables: Vec<(String, String, String)>,
    routes: Vec<RouteFact>,
    peerings: Keyed<PeeringFact>,
    cens: Keyed<CenFact>,
    cen_editions: Vec<(String, String, String)>,
    children: Vec<ChildFact>,
    limits: Vec<LimitFact>,
    transit_routers: Keyed<TrFact>,
    attachments: Keyed<AttachmentFact>,
    vbr_regions: Vec<(String, String)>,
    tr_tables: Keyed<TrTableFact>,
    tr_links: Vec<TrLinkFact>,
    tr_routes: Vec<TrRouteFact>,
    nats: Keyed<NatFact>,
    nat_ips: Vec<(String, String, String)>,
    snats: Vec<SnatFact>,
    eips: Keyed<EipFact>,
    eip_bindings: Vec<(String, String, String, String)>,
    vpn_gateways: Keyed<VpnGatewayFact>,
    customer_gateways: Keyed<CustomerGatewayFact>,
    vpn_connections: Keyed<VpnConnectionFact>,
    vbrs: Keyed<VbrFact>,
    physical_connections: Keyed<PhysicalConnectionFact>,
    ecs: Keyed<EcsFact>,
    security_groups: Keyed<SecurityGroupFact>,
    rules: Vec<RuleFact>,
    databases: Vec<DatabaseFact>,
    whitelists: Vec<WhitelistFact>,
    resource_groups: Keyed<ResourceGroupFact>,
    networks: Keyed<NetworkFact>,
    network_routes: Vec<NetworkRouteFact>,
    dw_sources: Vec<DwSourceFact>,
}

impl Builder {
    /// A builder for `source` (`aliyun` or `terraform`); `region` is the
    /// `--region` given for resources whose source names none.
    pub fn new(source: &str, region: Option<String>) -> Builder {
        Builder {
            coverage: Coverage::new(source),
            region: region.filter(|r| !r.trim().is_empty()),
            vpcs: Keyed::default(),
            vpc_cidrs: Vec::new(),
            vswitches: Keyed::default(),
            tables: Keyed::default(),
            vswitch_tables: Vec::new(),
            routes: Vec::new(),
            peerings: Keyed::default(),
            cens: Keyed::default(),
            cen_editions: Vec::new(),
            children: Vec::new(),
            limits: Vec::new(),
            transit_routers: Keyed::default(),
            attachments: Keyed::default(),
            vbr_regions: Vec::new(),
            tr_tables: Keyed::default(),
            tr_links: Vec::new(),
            tr_routes: Vec::new(),
            nats: Keyed::default(),
            nat_ips: Vec::new(),
            snats: Vec::new(),
            eips: Keyed::default(),
            eip_bindings: Vec::new(),
            vpn_gateways: Keyed::default(),
            customer_gateways: Keyed::default(),
            vpn_connections: Keyed::default(),
            vbrs: Keyed::default(),
            physical_connections: Keyed::default(),
            ecs: Keyed::default(),
            security_groups: Keyed::default(),
            rules: Vec::new(),
            databases: Vec::new(),
            whitelists: Vec::new(),
            resource_groups: Keyed::default(),
            networks: Keyed::default(),
            network_routes: Vec::new(),
            dw_sources: Vec::new(),
        }
    }

    /// Records what a file was recognized as.
    pub fn file(&mut self, file: FileCoverage) {
        self.coverage.files.push(file);
    }

    /// Reports an item that is not imported.
    pub fn skip(&mut self, file: &str, kind: &str, id: &str, reason: impl Into<String>) {
        self.coverage.skipped.push(item(file, kind, id, reason));
    }

    /// Reports an item the native model implies, so it is not written.
    pub fn implied(&mut self, file: &str, kind: &str, id: &str, reason: impl Into<String>) {
        self.coverage.implied.push(item(file, kind, id, reason));
    }

    /// Reports something imported that deserves a look.
    pub fn warn(&mut self, file: &str, kind: &str, id: &str, reason: impl Into<String>) {
        self.coverage.warnings.push(item(file, kind, id, reason));
    }

    /// A VPC.
    pub fn vpc(&mut self, file: &str, fact: VpcFact) {
        let id = fact.id.clone();
        self.vpcs
            .put(&mut self.coverage.warnings, "vpc", file, &id, fact);
    }

    /// A secondary CIDR block of a VPC given on its own (Terraform).
    pub fn vpc_cidr(&mut self, file: &str, vpc: &str, cidr: &str) {
        self.vpc_cidrs
            .push((vpc.to_string(), cidr.to_string(), file.to_string()));
    }

    /// A vSwitch.
    pub fn vswitch(&mut self, file: &str, fact: VSwitchFact) {
        let id = fact.id.clone();
        self.vswitches
            .put(&mut self.coverage.warnings, "vswitch", file, &id, fact);
    }

    /// A route table (VPC, VBR or gateway).
    pub fn table(&mut self, file: &str, fact: TableFact) {
        let id = fact.id.clone();
        self.tables
            .put(&mut self.coverage.warnings, "route_table", file, &id, fact);
    }

    /// A vSwitch bound to a route table, said on its own (Terraform).
    pub fn vswitch_table(&mut self, file: &str, vswitch: &str, table: &str) {
        self.vswitch_tables
            .push((vswitch.to_string(), table.to_string(), file.to_string()));
    }

    /// A route entry of a VPC or VBR route table.
    pub fn route(&mut self, fact: RouteFact) {
        self.routes.push(fact);
    }

    /// A VPC peering connection.
    pub fn peering(&mut self, file: &str, fact: PeeringFact) {
        let id = fact.id.clone();
        self.peerings.put(
            &mut self.coverage.warnings,
            "peering_connection",
            file,
            &id,
            fact,
        );
    }

    /// A CEN instance.
    pub fn cen(&mut self, file: &str, fact: CenFact) {
        let id = fact.id.clone();
        self.cens
            .put(&mut self.coverage.warnings, "cen", file, &id, fact);
    }

    /// The edition of a CEN, where a source says it other than through its
    /// transit routers (`Basic` for Terraform's basic attachments).
    pub fn cen_edition(&mut self, file: &str, cen: &str, edition: &str) {
        self.cen_editions
            .push((cen.to_string(), edition.to_string(), file.to_string()));
    }

    /// A basic-edition CEN attachment.
    pub fn child(&mut self, fact: ChildFact) {
        self.children.push(fact);
    }

    /// An inter-region bandwidth allocation.
    pub fn limit(&mut self, fact: LimitFact) {
        self.limits.push(fact);
    }

    /// A transit router.
    pub fn transit_router(&mut self, file: &str, fact: TrFact) {
        let id = fact.id.clone();
        self.transit_routers.put(
            &mut self.coverage.warnings,
            "transit_router",
            file,
            &id,
            fact,
        );
    }

    /// A transit-router attachment; `resource_region` is the region of the
    /// attached resource where the source says it (a VBR's region).
    pub fn attachment(
        &mut self,
        file: &str,
        fact: AttachmentFact,
        resource_region: Option<String>,
    ) {
        if let Some(region) = resource_region {
            if fact.resource_type.eq_ignore_ascii_case("VBR") {
                self.vbr_regions.push((fact.resource.clone(), region));
            }
        }
        let id = fact.id.clone();
        self.attachments.put(
            &mut self.coverage.warnings,
            "tr_attachment",
            file,
            &id,
            fact,
        );
    }

    /// A transit-router route table.
    pub fn tr_table(&mut self, file: &str, fact: TrTableFact) {
        let id = fact.id.clone();
        self.tr_tables.put(
            &mut self.coverage.warnings,
            "tr_route_table",
            file,
            &id,
            fact,
        );
    }

    /// An association or propagation.
    pub fn tr_link(&mut self, fact: TrLinkFact) {
        self.tr_links.push(fact);
    }

    /// A transit-router route entry.
    pub fn tr_route(&mut self, fact: TrRouteFact) {
        self.tr_routes.push(fact);
    }

    /// A NAT gateway.
    pub fn nat(&mut self, file: &str, fact: NatFact) {
        let id = fact.id.clone();
        self.nats
            .put(&mut self.coverage.warnings, "nat_gateway", file, &id, fact);
    }

    /// A NAT IP of a VPC NAT gateway given on its own (Terraform).
    pub fn nat_ip(&mut self, file: &str, nat: &str, ip: &str) {
        self.nat_ips
            .push((nat.to_string(), ip.to_string(), file.to_string()));
    }

    /// A SNAT entry.
    pub fn snat(&mut self, fact: SnatFact) {
        self.snats.push(fact);
    }

    /// An EIP.
    pub fn eip(&mut self, file: &str, fact: EipFact) {
        let id = fact.id.clone();
        self.eips
            .put(&mut self.coverage.warnings, "eip", file, &id, fact);
    }

    /// An EIP bound to an instance, said on its own (Terraform).
    pub fn eip_binding(&mut self, file: &str, eip: &str, instance: &str, instance_type: &str) {
        self.eip_bindings.push((
            eip.to_string(),
            instance.to_string(),
            instance_type.to_string(),
            file.to_string(),
        ));
    }

    /// A VPN gateway.
    pub fn vpn_gateway(&mut self, file: &str, fact: VpnGatewayFact) {
        let id = fact.id.clone();
        self.vpn_gateways
            .put(&mut self.coverage.warnings, "vpn_gateway", file, &id, fact);
    }

    /// A customer gateway.
    pub fn customer_gateway(&mut self, file: &str, fact: CustomerGatewayFact) {
        let id = fact.id.clone();
        self.customer_gateways.put(
            &mut self.coverage.warnings,
            "customer_gateway",
            file,
            &id,
            fact,
        );
    }

    /// An IPsec-VPN connection.
    pub fn vpn_connection(&mut self, file: &str, fact: VpnConnectionFact) {
        let id = fact.id.clone();
        self.vpn_connections.put(
            &mut self.coverage.warnings,
            "vpn_connection",
            file,
            &id,
            fact,
        );
    }

    /// A VBR.
    pub fn vbr(&mut self, file: &str, fact: VbrFact) {
        let id = fact.id.clone();
        self.vbrs
            .put(&mut self.coverage.warnings, "vbr", file, &id, fact);
    }

    /// A physical connection.
    pub fn physical_connection(&mut self, file: &str, fact: PhysicalConnectionFact) {
        let id = fact.id.clone();
        self.physical_connections.put(
            &mut self.coverage.warnings,
            "physical_connection",
            file,
            &id,
            fact,
        );
    }

    /// An ECS instance.
    pub fn ecs(&mut self, file: &str, fact: EcsFact) {
        let id = fact.id.clone();
        self.ecs
            .put(&mut self.coverage.warnings, "ecs_instance", file, &id, fact);
    }

    /// A security group (without its rules).
    pub fn security_group(&mut self, file: &str, fact: SecurityGroupFact) {
        let id = fact.id.clone();
        self.security_groups.put(
            &mut self.coverage.warnings,
            "security_group",
            file,
            &id,
            fact,
        );
    }

    /// A security-group rule.
    pub fn rule(&mut self, fact: RuleFact) {
        self.rules.push(fact);
    }

    /// A database endpoint.
    pub fn database(&mut self, fact: DatabaseFact) {
        self.databases.push(fact);
    }

    /// A whitelist that names no database.
    pub fn whitelist(&mut self, fact: WhitelistFact) {
        self.whitelists.push(fact);
    }

    /// A DataWorks resource group.
    pub fn resource_group(&mut self, file: &str, fact: ResourceGroupFact) {
        let id = fact.id.clone();
        self.resource_groups.put(
            &mut self.coverage.warnings,
            "resource_group",
            file,
            &id,
            fact,
        );
    }

    /// A DataWorks network.
    pub fn network(&mut self, file: &str, fact: NetworkFact) {
        let id = fact.id.clone();
        self.networks
            .put(&mut self.coverage.warnings, "network", file, &id, fact);
    }

    /// A DataWorks network route.
    pub fn network_route(&mut self, fact: NetworkRouteFact) {
        self.network_routes.push(fact);
    }

    /// A DataWorks data source.
    pub fn dw_source(&mut self, fact: DwSourceFact) {
        self.dw_sources.push(fact);
    }

    /// Joins, maps, checks and sorts: the inventory and the coverage report.
    pub fn finish(self) -> (Inventory, Coverage) {
        let mut finisher = Finisher {
            b: self,
            out: Inventory {
                version: 1,
                ..Inventory::default()
            },
            from: BTreeMap::new(),
            route_from: HashMap::new(),
            vbr_routes: BTreeMap::new(),
        };
        finisher.run();
        let Finisher { b, mut out, .. } = finisher;
        let mut coverage = b.coverage;
        sort_inventory(&mut out);
        coverage.imported = counts(&out);
        coverage.normalize();
        (out, coverage)
    }
}

fn item(file: &str, kind: &str, id: &str, reason: impl Into<String>) -> Item {
    Item {
        file: file.to_string(),
        kind: kind.to_string(),
        id: id.to_string(),
        reason: reason.into(),
    }
}

/// Pretty JSON with sorted keys (serde_json's map is ordered) and a final newline.
pub fn to_sorted_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_value(value)
        .and_then(|value| serde_json::to_string_pretty(&value))
        .unwrap_or_default();
    text.push('\n');
    text
}

/// The inventory as [`to_sorted_json`] writes it, byte for byte, with the
/// elements of each list serialized and pretty-printed in parallel (rayon):
/// the largest part of an import of a big account is writing it.
pub fn inventory_to_sorted_json(inventory: &Inventory) -> String {
    use rayon::prelude::*;
    let mut parts: Vec<(&'static str, String)> = Vec::new();
    macro_rules! lists {
        ($($list:ident: $element:ident),* $(,)?) => {$(
            if !inventory.$list.is_empty() {
                let elements: Vec<String> = inventory
                    .$list
                    .par_iter()
                    .map(|element| {
                        let text = serde_json::to_value(element)
                            .and_then(|value| serde_json::to_string_pretty(&value))
                            .unwrap_or_default();
                        let mut indented = String::with_capacity(text.len() + text.len() / 8);
                        for (n, line) in text.split('\n').enumerate() {
                            if n > 0 {
                                indented.push('\n');
                            }
                            indented.push_str("    ");
                            indented.push_str(line);
                        }
                        indented
                    })
                    .collect();
                parts.push((
                    stringify!($list),
                    format!("  \"{}\": [\n{}\n  ]", stringify!($list), elements.join(",\n")),
                ));
            }
        )*};
    }
    for_each_list!(lists);
    parts.push(("version", format!("  \"version\": {}", inventory.version)));
    parts.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = parts.into_iter().map(|(_, text)| text).collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// A CIDR or a bare address (which means /32), IPv4 only: the text as written
/// when valid, otherwise why not.
pub fn cidr4(text: &str) -> Result<String, String> {
    let text = text.trim();
    let net = parse_net(text)?;
    match net {
        IpNet::V4(_) => Ok(text.to_string()),
        IpNet::V6(_) => Err(format!("`{text}` is IPv6; v1 analysis is IPv4 only")),
    }
}

/// The canonical form of a CIDR (`10.0.0.1` → `10.0.0.1/32`), for comparing.
fn canonical(text: &str) -> String {
    parse_net(text.trim())
        .map(|net| net.to_string())
        .unwrap_or_else(|_| text.trim().to_string())
}

fn parse_net(text: &str) -> Result<IpNet, String> {
    if let Ok(net) = text.parse::<IpNet>() {
        if net.trunc() != net {
            return Err(format!("`{text}` has host bits set (`{}`)", net.trunc()));
        }
        return Ok(net);
    }
    match text.parse::<IpAddr>() {
        Ok(address) => Ok(IpNet::from(address)),
        Err(_) => Err(format!("`{text}` is not a CIDR block")),
    }
}

/// An IPv4 address: the text when valid, otherwise why not.
pub fn ip4(text: &str) -> Result<String, String> {
    let text = text.trim();
    match text.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => Ok(text.to_string()),
        Ok(IpAddr::V6(_)) => Err(format!("`{text}` is IPv6; v1 analysis is IPv4 only")),
        Err(_) => Err(format!("`{text}` is not an IP address")),
    }
}

/// Looks `value` up among (spelling, result) pairs, ignoring ASCII case.
fn lookup<T: Copy>(value: &str, table: &[(&str, T)]) -> Option<T> {
    table
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(value.trim()))
        .map(|(_, result)| *result)
}

fn is(value: &Option<String>, spelling: &str) -> bool {
    value
        .as_deref()
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(spelling))
}

/// Who owns a route table, as far as the export says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    Vpc(String, RouteTableKind),
    Vbr(String),
    Gateway,
    Unknown(String),
}

const ROUTE_STATUS: &[(&str, RouteStatus)] = &[
    ("Available", RouteStatus::Available),
    ("Pending", RouteStatus::Pending),
    ("Creating", RouteStatus::Pending),
];

const PEERING_STATUS: &[(&str, PeeringStatus)] = &[
    ("Activated", PeeringStatus::Activated),
    ("Accepting", PeeringStatus::Accepting),
    ("Creating", PeeringStatus::Creating),
    ("Updating", PeeringStatus::Updating),
    ("Deleting", PeeringStatus::Deleting),
    ("Expired", PeeringStatus::Expired),
    ("Rejected", PeeringStatus::Rejected),
    ("Deleted", PeeringStatus::Deleted),
];

const ATTACHMENT_STATUS: &[(&str, TrAttachmentStatus)] = &[
    ("Attached", TrAttachmentStatus::Attached),
    ("Attaching", TrAttachmentStatus::Attaching),
    ("Detaching", TrAttachmentStatus::Detaching),
];

const NAT_STATUS: &[(&str, NatGatewayStatus)] = &[
    ("Available", NatGatewayStatus::Available),
    ("Creating", NatGatewayStatus::Creating),
    ("Modifying", NatGatewayStatus::Modifying),
    ("Deleting", NatGatewayStatus::Deleting),
    ("Converting", NatGatewayStatus::Converting),
];

const VPN_GATEWAY_STATUS: &[(&str, VpnGatewayStatus)] = &[
    ("init", VpnGatewayStatus::Init),
    ("provisioning", VpnGatewayStatus::Provisioning),
    ("active", VpnGatewayStatus::Active),
    ("updating", VpnGatewayStatus::Updating),
    ("deleting", VpnGatewayStatus::Deleting),
];

const VPN_CONNECTION_STATUS: &[(&str, VpnConnectionStatus)] = &[
    ("ipsec_sa_established", VpnConnectionStatus::Established),
    ("ipsec_sa_not_established", VpnConnectionStatus::Down),
    ("ike_sa_established", VpnConnectionStatus::Down),
    ("ike_sa_not_established", VpnConnectionStatus::Down),
];

const VBR_STATUS: &[(&str, VbrStatus)] = &[
    ("active", VbrStatus::Active),
    ("unconfirmed", VbrStatus::Unconfirmed),
    ("terminating", VbrStatus::Terminating),
    ("terminated", VbrStatus::Terminated),
    ("recovering", VbrStatus::Recovering),
    ("deleting", VbrStatus::Deleting),
];

const PHYSICAL_CONNECTION_STATUS: &[(&str, PhysicalConnectionStatus)] = &[
    ("Enabled", PhysicalConnectionStatus::Enabled),
    ("Initial", PhysicalConnectionStatus::Initial),
    ("Approved", PhysicalConnectionStatus::Approved),
    ("Allocating", PhysicalConnectionStatus::Allocating),
    ("Allocated", PhysicalConnectionStatus::Allocated),
    ("Confirmed", PhysicalConnectionStatus::Confirmed),
    ("Rejected", PhysicalConnectionStatus::Rejected),
    ("Canceled", PhysicalConnectionStatus::Canceled),
    (
        "AllocationFailed",
        PhysicalConnectionStatus::AllocationFailed,
    ),
    ("Terminating", PhysicalConnectionStatus::Terminating),
    ("Terminated", PhysicalConnectionStatus::Terminated),
];

const ECS_STATUS: &[(&str, EcsStatus)] = &[
    ("Running", EcsStatus::Running),
    ("Pending", EcsStatus::Pending),
    ("Starting", EcsStatus::Starting),
    ("Stopping", EcsStatus::Stopping),
    ("Stopped", EcsStatus::Stopped),
];

const RESOURCE_GROUP_TYPE: &[(&str, ResourceGroupType)] = &[
    ("CommonV2", ResourceGroupType::Serverless),
    (
        "ExclusiveDataIntegration",
        ResourceGroupType::ExclusiveDataIntegration,
    ),
    ("ExclusiveScheduler", ResourceGroupType::ExclusiveScheduling),
    (
        "ExclusiveDataService",
        ResourceGroupType::ExclusiveDataService,
    ),
];

const RESOURCE_GROUP_STATUS: &[&str] = &[
    "Normal",
    "Stop",
    "Deleted",
    "Creating",
    "CreateFailed",
    "Updating",
    "UpdateFailed",
    "Deleting",
    "DeleteFailed",
    "Timeout",
    "Freezed",
    "Starting",
];

/// Maps an Alibaba `NextHopType` to the native type; `None`: not modelled.
fn hop_type(kind: &str) -> Option<NextHopType> {
    lookup(
        kind,
        &[
            ("NatGateway", NextHopType::NatGateway),
            ("VpcPeer", NextHopType::VpcPeer),
            ("Attachment", NextHopType::TrAttachment),
            ("VpnGateway", NextHopType::VpnGateway),
            ("Instance", NextHopType::Instance),
            ("NetworkInterface", NextHopType::NetworkInterface),
            ("HaVip", NextHopType::Havip),
            ("Ipv4Gateway", NextHopType::Ipv4Gateway),
            ("RouterInterface", NextHopType::Vbr),
        ],
    )
}

/// The state of the finishing pass.
struct Finisher {
    b: Builder,
    out: Inventory,
    /// The file each written resource came from (for reports about it).
    from: BTreeMap<String, String>,
    /// The file each written VPC route came from, by `table destination origin`.
    route_from: HashMap<String, String>,
    /// The routes of each VBR toward its data center (with their files).
    vbr_routes: BTreeMap<String, Vec<(VbrRoute, String)>>,
}

impl Finisher {
    fn run(&mut self) {
        self.vpcs();
        let owners = self.owners();
        self.route_tables(&owners);
        self.vswitches(&owners);
        let advertised = self.routes(&owners);
        self.peerings();
        let enterprise = self.cens();
        self.attachments(&enterprise, &advertised);
        self.tr_tables(&enterprise);
        self.nats();
        self.eips();
        self.vpn();
        self.vbrs();
        self.ecs();
        self.security_groups();
        self.databases();
        self.resource_groups();
        self.integrity();
    }

    fn skip(&mut self, file: &str, kind: &str, id: &str, reason: impl Into<String>) {
        self.b.skip(file, kind, id, reason);
    }

    /// Drops whatever refers to something not in the inventory (reported).
    fn integrity(&mut self) {
        let provenance = super::integrity::Provenance {
            resources: &self.from,
            routes: &self.route_from,
        };
        super::integrity::integrity(&mut self.out, &provenance, &mut self.b.coverage.skipped);
    }

    fn warn(&mut self, file: &str, kind: &str, id: &str, reason: impl Into<String>) {
        self.b.warn(file, kind, id, reason);
    }

    fn region_or_default(&self, region: &Option<String>) -> Option<String> {
        region
            .clone()
            .filter(|r| !r.trim().is_empty())
            .or_else(|| self.b.region.clone())
    }

    fn vpcs(&mut self) {
        let mut extra: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (vpc, cidr, file) in self.b.vpc_cidrs.clone() {
            extra.entry(vpc).or_default().push((cidr, file));
        }
        let facts: Vec<(String, VpcFact, String)> = self
            .b
            .vpcs
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in facts {
            let Some(region) = self.region_or_default(&fact.region) else {
                self.skip(&file, "vpc", &id, "no region in the source; pass --region");
                continue;
            };
            let mut cidrs: Vec<String> = Vec::new();
            let mut candidates: Vec<(String, String)> = fact
                .cidrs
                .iter()
                .map(|c| (c.clone(), file.clone()))
                .collect();
            candidates.extend(extra.remove(&id).unwrap_or_default());
            for (text, from) in candidates.iter().chain(
                fact.ipv6_cidrs
                    .iter()
                    .map(|c| (c.clone(), file.clone()))
                    .collect::<Vec<_>>()
                    .iter(),
            ) {
                match cidr4(text) {
                    Ok(cidr) => {
                        if !cidrs.iter().any(|c| canonical(c) == canonical(&cidr)) {
                            cidrs.push(cidr);
                        }
                    }
                    Err(reason) => {
                        self.skip(from, "vpc_cidr", &format!("{id} {text}"), reason);
                    }
                }
            }
            if cidrs.is_empty() {
                self.skip(&file, "vpc", &id, "no IPv4 CIDR block");
                continue;
            }
            let mut user_cidrs = Vec::new();
            for text in &fact.user_cidrs {
                match cidr4(text) {
                    Ok(cidr) => user_cidrs.push(cidr),
                    Err(reason) => self.skip(&file, "user_cidr", &format!("{id} {text}"), reason),
                }
            }
            user_cidrs.sort();
            user_cidrs.dedup();
            self.from.insert(id.clone(), file.clone());
            self.out.vpcs.push(Vpc {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                region,
                cidrs,
                user_cidrs: (!user_cidrs.is_empty()).then_some(user_cidrs),
            });
        }
        for (vpc, list) in extra {
            for (cidr, file) in list {
                self.skip(
                    &file,
                    "vpc_cidr",
                    &format!("{vpc} {cidr}"),
                    format!("secondary CIDR block of VPC `{vpc}`, which is not exported"),
                );
            }
        }
    }

    /// Who owns each route table: its own record first, then what VPCs,
    /// vSwitches and VBRs say about it.
    fn owners(&mut self) -> BTreeMap<String, Owner> {
        let mut owners: BTreeMap<String, Owner> = BTreeMap::new();
        let vrouters: BTreeMap<String, String> = self
            .b
            .vpcs
            .iter()
            .filter_map(|(id, fact, _)| fact.vrouter.clone().map(|v| (v, id.clone())))
            .collect();
        let tables: Vec<(String, TableFact)> = self
            .b
            .tables
            .iter()
            .map(|(id, fact, _)| (id.clone(), fact.clone()))
            .collect();
        for (id, table) in &tables {
            let owner = if is(&table.router_type, "VBR") {
                match &table.router_id {
                    Some(vbr) => Owner::Vbr(vbr.clone()),
                    None => Owner::Unknown("a VBR route table that names no VBR".into()),
                }
            } else {
                let vpc = table
                    .vpc
                    .clone()
                    .or_else(|| {
                        table
                            .vrouter
                            .as_ref()
                            .and_then(|v| vrouters.get(v).cloned())
                    })
                    .or_else(|| {
                        table
                            .router_id
                            .as_ref()
                            .and_then(|v| vrouters.get(v).cloned())
                    });
                match vpc {
                    None => Owner::Unknown(
                        "its VPC is unknown (the vRouter is in no exported VPC)".into(),
                    ),
                    Some(_) if is(&table.associate_type, "Gateway") => Owner::Gateway,
                    Some(vpc) => match table.table_type.as_deref() {
                        Some(t) if t.eq_ignore_ascii_case("System") => {
                            Owner::Vpc(vpc, RouteTableKind::System)
                        }
                        Some(t) if t.eq_ignore_ascii_case("Custom") => {
                            Owner::Vpc(vpc, RouteTableKind::Custom)
                        }
                        Some(other) => Owner::Unknown(format!("unknown RouteTableType `{other}`")),
                        None => Owner::Unknown("its kind (system or custom) is not said".into()),
                    },
                }
            };
            owners.insert(id.clone(), owner);
        }
        // Hints fill in tables that have no record of their own (or whose kind
        // the record left open).
        let mut hints: Vec<(String, Owner)> = Vec::new();
        for (id, vpc, _) in self.b.vpcs.iter() {
            if let Some(table) = &vpc.system_table {
                hints.push((
                    table.clone(),
                    Owner::Vpc(id.clone(), RouteTableKind::System),
                ));
            } else if let [only] = vpc.table_ids.as_slice() {
                hints.push((only.clone(), Owner::Vpc(id.clone(), RouteTableKind::System)));
            }
        }
        for (_, vsw, _) in self.b.vswitches.iter() {
            if let (Some(table), Some(kind)) = (&vsw.table, &vsw.table_type) {
                let kind = if kind.eq_ignore_ascii_case("System") {
                    Some(RouteTableKind::System)
                } else if kind.eq_ignore_ascii_case("Custom") {
                    Some(RouteTableKind::Custom)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    hints.push((table.clone(), Owner::Vpc(vsw.vpc.clone(), kind)));
                }
            }
        }
        for (vsw, table, _) in &self.b.vswitch_tables {
            if let Some(fact) = self.b.vswitches.get(vsw) {
                hints.push((
                    table.clone(),
                    Owner::Vpc(fact.vpc.clone(), RouteTableKind::Custom),
                ));
            }
        }
        for (id, vbr, _) in self.b.vbrs.iter() {
            if let Some(table) = &vbr.table {
                hints.push((table.clone(), Owner::Vbr(id.clone())));
            }
        }
        for (table, owner) in hints {
            match owners.get(&table) {
                None | Some(Owner::Unknown(_)) => {
                    owners.insert(table, owner);
                }
                Some(_) => {}
            }
        }
        owners
    }

    fn route_tables(&mut self, owners: &BTreeMap<String, Owner>) {
        let mut system_of: BTreeMap<String, String> = BTreeMap::new();
        for (id, owner) in owners {
            let fact = self.b.tables.get(id).cloned();
            // A table known only from its VPC, vSwitches or VBR is reported
            // against the file of that VPC.
            let file = self
                .b
                .tables
                .slots
                .get(id)
                .map(|(_, f)| f.clone())
                .or_else(|| match owner {
                    Owner::Vpc(vpc, _) => self.from.get(vpc).cloned(),
                    _ => None,
                })
                .unwrap_or_default();
            match owner {
                Owner::Vpc(vpc, kind) => {
                    if *kind == RouteTableKind::System {
                        if let Some(first) = system_of.get(vpc) {
                            let reason = format!(
                                "a second system route table for VPC `{vpc}` (the first is `{first}`)"
                            );
                            self.skip(&file, "route_table", id, reason);
                            continue;
                        }
                        system_of.insert(vpc.clone(), id.clone());
                    }
                    let common = fact.map(|f| f.common).unwrap_or_default();
                    self.from.insert(id.clone(), file);
                    self.out.route_tables.push(RouteTable {
                        id: id.clone(),
                        name: common.name,
                        tags: common.tags,
                        account: common.account,
                        vpc: vpc.clone(),
                        kind: *kind,
                        routes: Vec::new(),
                    });
                }
                Owner::Gateway => {
                    self.skip(
                        &file,
                        "route_table",
                        id,
                        "gateway route table (bound to an IPv4 gateway, for inbound traffic): not modelled",
                    );
                }
                Owner::Vbr(_) => {}
                Owner::Unknown(reason) => {
                    if fact.is_some() {
                        let reason = reason.clone();
                        self.skip(&file, "route_table", id, reason);
                    }
                }
            }
        }
    }

    fn vswitches(&mut self, owners: &BTreeMap<String, Owner>) {
        let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (table, fact, _) in self.b.tables.iter() {
            for vsw in &fact.vswitches {
                listed.entry(vsw.clone()).or_default().insert(table.clone());
            }
        }
        for (vsw, table, _) in &self.b.vswitch_tables {
            listed.entry(vsw.clone()).or_default().insert(table.clone());
        }
        let facts: Vec<(String, VSwitchFact, String)> = self
            .b
            .vswitches
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in facts {
            if let Some(v6) = &fact.ipv6_cidr {
                self.skip(
                    &file,
                    "vswitch_cidr",
                    &format!("{id} {v6}"),
                    format!("`{v6}` is IPv6; v1 analysis is IPv4 only"),
                );
            }
            let cidr = match cidr4(&fact.cidr) {
                Ok(cidr) => cidr,
                Err(reason) => {
                    self.skip(&file, "vswitch", &id, reason);
                    continue;
                }
            };
            let custom = |table: &String| {
                matches!(
                    owners.get(table),
                    Some(Owner::Vpc(_, RouteTableKind::Custom))
                )
            };
            let own = fact.table.clone().filter(|t| owners.contains_key(t));
            let mut route_table = own.clone().filter(custom);
            let from_lists: Vec<String> = listed
                .get(&id)
                .map(|set| set.iter().filter(|t| custom(t)).cloned().collect())
                .unwrap_or_default();
            if route_table.is_none() && own.is_none() {
                route_table = from_lists.first().cloned();
            }
            let disagreeing: Vec<&String> = from_lists
                .iter()
                .filter(|t| Some(*t) != route_table.as_ref())
                .collect();
            if !disagreeing.is_empty() {
                let names: Vec<String> = disagreeing.iter().map(|t| format!("`{t}`")).collect();
                let reason = format!(
                    "also listed by route table {}; kept {}",
                    names.join(", "),
                    route_table
                        .as_ref()
                        .map(|t| format!("`{t}`"))
                        .unwrap_or_else(|| "the system table".into())
                );
                self.warn(&file, "vswitch", &id, reason);
            }
            self.from.insert(id.clone(), file);
            self.out.vswitches.push(VSwitch {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpc: fact.vpc,
                zone: fact.zone,
                cidr,
                route_table,
            });
        }
    }

    /// Route entries into VPC tables and VBRs; returns the destinations
    /// published to transit routers, by (VPC, transit router or "").
    fn routes(
        &mut self,
        owners: &BTreeMap<String, Owner>,
    ) -> BTreeMap<(String, String), BTreeSet<String>> {
        let mut advertised: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        type Slot = (Route, String, String);
        let mut tables: BTreeMap<String, BTreeMap<(String, RouteOrigin), Slot>> = BTreeMap::new();
        let mut vbr_routes: BTreeMap<String, BTreeMap<String, (VbrRoute, String)>> =
            BTreeMap::new();
        let mut with_entries: BTreeSet<String> = BTreeSet::new();
        // read once, here: taken rather than copied
        let mut facts = std::mem::take(&mut self.b.routes);
        facts.sort_by(|a, b| {
            (&a.file, &a.table, &a.destination).cmp(&(&b.file, &b.table, &b.destination))
        });
        for fact in facts {
            if !with_entries.contains(&fact.table) {
                with_entries.insert(fact.table.clone());
            }
            let handle = fact
                .id
                .clone()
                .unwrap_or_else(|| format!("{} {}", fact.table, fact.destination));
            let file = fact.file.clone();
            if fact.entry_type.eq_ignore_ascii_case("System") {
                self.b.implied(
                    &file,
                    "route",
                    &handle,
                    "system route (a vSwitch CIDR or 100.64.0.0/10): implied by the native model",
                );
                continue;
            }
            let owner = owners.get(&fact.table).cloned().unwrap_or_else(|| {
                Owner::Unknown(format!(
                    "route table `{}` is not exported (DescribeRouteTableList)",
                    fact.table
                ))
            });
            let destination = match cidr4(&fact.destination) {
                Ok(destination) => canonical(&destination),
                Err(reason) => {
                    self.skip(&file, "route", &handle, reason);
                    continue;
                }
            };
            match owner {
                Owner::Vpc(vpc, _) => {
                    let Some(route) = self.vpc_route(&fact, &handle, &destination) else {
                        continue;
                    };
                    for publish in &fact.publish {
                        let published = publish
                            .status
                            .as_deref()
                            .is_none_or(|s| s.eq_ignore_ascii_case("Published"));
                        if publish.target_type.eq_ignore_ascii_case("TR") && published {
                            advertised
                                .entry((vpc.clone(), publish.target_id.clone().unwrap_or_default()))
                                .or_default()
                                .insert(destination.clone());
                        }
                    }
                    let origin = route.origin.unwrap_or(RouteOrigin::Custom);
                    if !tables.contains_key(&fact.table) {
                        tables.insert(fact.table.clone(), BTreeMap::new());
                    }
                    let Some(slot) = tables.get_mut(&fact.table) else {
                        continue;
                    };
                    let key = (destination.clone(), origin);
                    match slot.get(&key) {
                        Some((existing, _, _)) if *existing == route => {}
                        Some((existing, existing_file, existing_handle)) => {
                            let keep_new = format!("{route:?}") < format!("{existing:?}");
                            let (kept, dropped) = if keep_new {
                                (handle.clone(), existing_handle.clone())
                            } else {
                                (existing_handle.clone(), handle.clone())
                            };
                            let dropped_file = if keep_new {
                                existing_file.clone()
                            } else {
                                file.clone()
                            };
                            self.skip(
                                &dropped_file,
                                "route",
                                &dropped,
                                format!(
                                    "a second route for {destination} in `{}` (kept `{kept}`)",
                                    fact.table
                                ),
                            );
                            if keep_new {
                                slot.insert(key, (route, file, handle));
                            }
                        }
                        None => {
                            slot.insert(key, (route, file, handle));
                        }
                    }
                }
                Owner::Vbr(vbr) => {
                    let physical = self
                        .b
                        .vbrs
                        .get(&vbr)
                        .map(|v| v.physical_connection.clone())
                        .unwrap_or_default();
                    let to_line = fact
                        .hops
                        .iter()
                        .any(|h| !physical.is_empty() && h.id == physical);
                    if !to_line {
                        let hops: Vec<String> = fact
                            .hops
                            .iter()
                            .map(|h| format!("{} {}", h.kind, h.id))
                            .collect();
                        let reason = if physical.is_empty() {
                            format!("route of VBR `{vbr}`, which is not exported")
                        } else {
                            format!(
                                "VBR route whose next hop ({}) is not the VBR's physical connection `{physical}`; routes toward the cloud are derived from the transit router",
                                if hops.is_empty() { "none".to_string() } else { hops.join(", ") }
                            )
                        };
                        self.skip(&file, "vbr_route", &handle, reason);
                        continue;
                    }
                    let route = VbrRoute {
                        destination: destination.clone(),
                        next_hop: VbrNextHop {
                            kind: VbrNextHopType::PhysicalConnection,
                            id: physical,
                        },
                    };
                    vbr_routes
                        .entry(vbr)
                        .or_default()
                        .entry(destination)
                        .or_insert((route, file));
                }
                Owner::Gateway => {
                    self.skip(
                        &file,
                        "route",
                        &handle,
                        format!(
                            "route of gateway route table `{}`: not modelled",
                            fact.table
                        ),
                    );
                }
                Owner::Unknown(reason) => {
                    self.skip(&file, "route", &handle, reason);
                }
            }
        }
        for table in &mut self.out.route_tables {
            if let Some(routes) = tables.remove(&table.id) {
                for ((destination, origin), (route, file, _)) in routes {
                    self.route_from
                        .insert(format!("{} {destination} {origin:?}", table.id), file);
                    table.routes.push(route);
                }
            } else if !with_entries.contains(&table.id) {
                let file = self.from.get(&table.id).cloned().unwrap_or_default();
                self.b.coverage.warnings.push(item(
                    &file,
                    "route_table",
                    &table.id,
                    "no route entries exported for this table (not even its system routes): its routes are unknown and written empty",
                ));
            }
        }
        self.vbr_routes = vbr_routes
            .into_iter()
            .map(|(vbr, routes)| (vbr, routes.into_values().collect()))
            .collect();
        advertised
    }

    /// One VPC route entry as a native route, or `None` (reported).
    fn vpc_route(&mut self, fact: &RouteFact, handle: &str, destination: &str) -> Option<Route> {
        let file = fact.file.as_str();
        let entry_type = fact.entry_type.trim();
        let learned = ["CEN", "BGP", "ECR"]
            .iter()
            .any(|t| entry_type.eq_ignore_ascii_case(t))
            || fact.service_type.trim().eq_ignore_ascii_case("TR");
        if !learned && !entry_type.is_empty() && !entry_type.eq_ignore_ascii_case("Custom") {
            self.skip(
                file,
                "route",
                handle,
                format!("unknown route type `{entry_type}`"),
            );
            return None;
        }
        let status = match &fact.status {
            None => None,
            Some(s) if s.trim().is_empty() => None,
            Some(s) => match lookup(s, ROUTE_STATUS) {
                Some(status) => Some(status),
                None => {
                    self.skip(file, "route", handle, format!("unknown route status `{s}`"));
                    return None;
                }
            },
        };
        let mut hops: Vec<NextHop> = Vec::new();
        for hop in &fact.hops {
            if hop.enabled == Some(false) {
                self.skip(
                    file,
                    "next_hop",
                    &format!("{handle} {} {}", hop.kind, hop.id),
                    "disabled next hop (Enabled: 0) carries no traffic",
                );
                continue;
            }
            let Some(kind) = hop_type(&hop.kind) else {
                let reason = if hop.kind.trim().is_empty() {
                    "next hop without a type".to_string()
                } else {
                    format!("next hop type `{}` is not modelled", hop.kind)
                };
                self.skip(file, "route", handle, reason);
                return None;
            };
            let id = if kind == NextHopType::Vbr {
                let named = [&hop.related_id, &Some(hop.id.clone())]
                    .into_iter()
                    .flatten()
                    .find(|id| id.starts_with("vbr-"))
                    .cloned();
                match named {
                    Some(vbr) => vbr,
                    None => {
                        self.skip(
                            file,
                            "route",
                            handle,
                            format!(
                                "router interface `{}` names no VBR (NextHopRelatedInfo): not modelled",
                                hop.id
                            ),
                        );
                        return None;
                    }
                }
            } else {
                hop.id.trim().to_string()
            };
            if id.is_empty() {
                self.skip(file, "route", handle, "next hop without an id");
                return None;
            }
            let hop = NextHop { kind, id };
            if !hops.contains(&hop) {
                hops.push(hop);
            }
        }
        hops.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        let (next_hop, next_hops) = match hops.len() {
            0 => {
                self.skip(file, "route", handle, "no next hop");
                return None;
            }
            1 => (hops.pop(), None),
            _ => (None, Some(hops)),
        };
        Some(Route {
            destination: destination.to_string(),
            next_hop,
            next_hops,
            status: status.filter(|s| *s != RouteStatus::Available),
            origin: learned.then_some(RouteOrigin::Learned),
        })
    }

    fn peerings(&mut self) {
        let facts: Vec<(String, PeeringFact, String)> = self
            .b
            .peerings
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in facts {
            let status = match &fact.status {
                None => {
                    self.skip(
                        &file,
                        "peering_connection",
                        &id,
                        "no status in the source (looked for `Status`)",
                    );
                    continue;
                }
                Some(s) => match lookup(s, PEERING_STATUS) {
                    Some(status) => status,
                    None => {
                        self.skip(
                            &file,
                            "peering_connection",
                            &id,
                            format!("unknown peering status `{s}`"),
                        );
                        continue;
                    }
                },
            };
            self.from.insert(id.clone(), file);
            self.out.peering_connections.push(PeeringConnection {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpc: fact.vpc,
                peer_vpc: fact.peer_vpc,
                status,
                bandwidth_mbps: fact.bandwidth,
            });
        }
    }

    /// CENs and their transit routers; returns the enterprise transit routers written.
    fn cens(&mut self) -> BTreeSet<String> {
        let mut editions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (_, tr, _) in self.b.transit_routers.iter() {
            if let Some(kind) = &tr.kind {
                editions
                    .entry(tr.cen.clone())
                    .or_default()
                    .insert(kind.to_ascii_lowercase());
            }
        }
        for (cen, edition, _) in &self.b.cen_editions {
            editions
                .entry(cen.clone())
                .or_default()
                .insert(edition.to_ascii_lowercase());
        }
        let mut enterprise_trs = BTreeSet::new();
        let mut cens: Vec<(String, CenFact, String)> = self
            .b
            .cens
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        // A CEN whose own record was not exported is still known from its
        // transit routers: their list names it and says its edition.
        let mut named: BTreeMap<String, String> = BTreeMap::new();
        for (_, tr, file) in self.b.transit_routers.iter() {
            if self.b.cens.get(&tr.cen).is_none() && !tr.cen.trim().is_empty() {
                named.entry(tr.cen.clone()).or_insert_with(|| file.clone());
            }
        }
        let cens_read = self
            .b
            .coverage
            .files
            .iter()
            .any(|f| f.recognized_as.as_deref() == Some("DescribeCens"));
        for (cen, file) in named {
            let reason = if cens_read {
                format!(
                    "written from its transit routers (`CenId` `{cen}`): the DescribeCens export does not list it (another account, or a missing page): no name or tags"
                )
            } else {
                "written from its transit routers (DescribeCens not exported): no name or tags"
                    .to_string()
            };
            self.warn(&file, "cen", &cen, reason);
            let fact = CenFact {
                id: cen.clone(),
                common: Common::default(),
            };
            cens.push((cen, fact, file));
        }
        cens.sort_by(|a, b| a.0.cmp(&b.0));
        let mut basic_cens = BTreeSet::new();
        for (id, fact, file) in cens {
            let said = editions.get(&id).cloned().unwrap_or_default();
            let edition = if said.contains("enterprise") {
                CenEdition::Enterprise
            } else if said.contains("basic") {
                CenEdition::Basic
            } else {
                let reason = if said.is_empty() {
                    "edition unknown: no transit router of this CEN is exported (ListTransitRouters gives its Type)".to_string()
                } else {
                    let list: Vec<String> = said.iter().cloned().collect();
                    format!("unknown transit-router type `{}`", list.join("`, `"))
                };
                self.skip(&file, "cen", &id, reason);
                continue;
            };
            let (attachments, bandwidth) = if edition == CenEdition::Basic {
                basic_cens.insert(id.clone());
                self.basic_parts(&id)
            } else {
                (None, None)
            };
            self.from.insert(id.clone(), file);
            self.out.cens.push(Cen {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                edition,
                attachments,
                bandwidth,
            });
        }
        // Child instances and limits of enterprise CENs are said again by the
        // transit-router attachments.
        let children = self.b.children.clone();
        for child in children {
            if basic_cens.contains(&child.cen) {
                continue;
            }
            let handle = format!("{} {}", child.cen, child.instance);
            if self.b.cens.get(&child.cen).is_some() && !self.written_cen(&child.cen) {
                self.skip(
                    &child.file,
                    "cen_child_instance",
                    &handle,
                    format!("CEN `{}` is not imported", child.cen),
                );
            } else if self.written_cen(&child.cen) {
                self.b.implied(
                    &child.file,
                    "cen_child_instance",
                    &handle,
                    "enterprise-edition CEN: its networks come from the transit-router attachments",
                );
            } else {
                self.skip(
                    &child.file,
                    "cen_child_instance",
                    &handle,
                    format!("CEN `{}` is not exported", child.cen),
                );
            }
        }
        let trs: Vec<(String, TrFact, String)> = self
            .b
            .transit_routers
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in trs {
            if is(&fact.kind, "Basic") {
                self.b.implied(
                    &file,
                    "transit_router",
                    &id,
                    "basic-edition transit router: the native model derives it from the CEN's attachments",
                );
                continue;
            }
            if fact.kind.is_some() && !is(&fact.kind, "Enterprise") {
                let kind = fact.kind.clone().unwrap_or_default();
                self.skip(
                    &file,
                    "transit_router",
                    &id,
                    format!("unknown transit-router type `{kind}`"),
                );
                continue;
            }
            if basic_cens.contains(&fact.cen) {
                self.b.implied(
                    &file,
                    "transit_router",
                    &id,
                    "transit router of a basic-edition CEN: derived from the CEN's attachments",
                );
                continue;
            }
            let Some(region) = self.region_or_default(&fact.region) else {
                self.skip(
                    &file,
                    "transit_router",
                    &id,
                    "no region in the source; pass --region",
                );
                continue;
            };
            enterprise_trs.insert(id.clone());
            self.from.insert(id.clone(), file);
            self.out.transit_routers.push(TransitRouter {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                cen: fact.cen,
                region,
            });
        }
        enterprise_trs
    }

    fn written_cen(&self, id: &str) -> bool {
        self.out.cens.iter().any(|c| c.id == id)
    }

    /// The compact attachments and bandwidth of a basic-edition CEN.
    fn basic_parts(
        &mut self,
        cen: &str,
    ) -> (Option<Vec<BasicAttachment>>, Option<Vec<BasicBandwidth>>) {
        let mut attachments: BTreeMap<String, BasicAttachment> = BTreeMap::new();
        let children: Vec<ChildFact> = self
            .b
            .children
            .iter()
            .filter(|c| c.cen == cen)
            .cloned()
            .collect();
        for child in children {
            let handle = format!("{cen} {}", child.instance);
            let kind = match lookup(
                &child.kind,
                &[
                    ("VPC", BasicAttachmentType::Vpc),
                    ("VBR", BasicAttachmentType::Vbr),
                ],
            ) {
                Some(kind) => kind,
                None => {
                    self.skip(
                        &child.file,
                        "cen_child_instance",
                        &handle,
                        format!("child instance type `{}` is not modelled", child.kind),
                    );
                    continue;
                }
            };
            match child.status.as_deref().map(str::trim) {
                None | Some("") => {}
                Some(s) if s.eq_ignore_ascii_case("Attached") => {}
                Some(s)
                    if s.eq_ignore_ascii_case("Attaching")
                        || s.eq_ignore_ascii_case("Detaching") =>
                {
                    self.skip(
                        &child.file,
                        "cen_child_instance",
                        &handle,
                        format!("status `{s}`: not attached"),
                    );
                    continue;
                }
                Some(s) => {
                    self.skip(
                        &child.file,
                        "cen_child_instance",
                        &handle,
                        format!("unknown child instance status `{s}`"),
                    );
                    continue;
                }
            }
            attachments.insert(
                child.instance.clone(),
                BasicAttachment {
                    instance: child.instance.clone(),
                    kind,
                    region: child.region.clone(),
                },
            );
        }
        let mut bandwidth: BTreeMap<(String, String), u64> = BTreeMap::new();
        let limits: Vec<LimitFact> = self
            .b
            .limits
            .iter()
            .filter(|l| l.cen == cen)
            .cloned()
            .collect();
        for limit in limits {
            let mut pair = [limit.region_a.clone(), limit.region_b.clone()];
            pair.sort();
            let handle = format!("{cen} {} {}", pair[0], pair[1]);
            let Some(mbps) = limit.mbps else {
                self.skip(&limit.file, "cen_bandwidth", &handle, "no bandwidth value");
                continue;
            };
            let [a, b] = pair;
            let slot = bandwidth.entry((a, b)).or_insert(mbps);
            *slot = (*slot).max(mbps);
        }
        let attachments: Vec<BasicAttachment> = attachments.into_values().collect();
        let bandwidth: Vec<BasicBandwidth> = bandwidth
            .into_iter()
            .map(|((a, b), mbps)| BasicBandwidth {
                regions: vec![a, b],
                mbps,
            })
            .collect();
        (
            (!attachments.is_empty()).then_some(attachments),
            (!bandwidth.is_empty()).then_some(bandwidth),
        )
    }

    fn attachments(
        &mut self,
        enterprise: &BTreeSet<String>,
        advertised: &BTreeMap<(String, String), BTreeSet<String>>,
    ) {
        let mut limit_of: BTreeMap<String, u64> = BTreeMap::new();
        let limits = self.b.limits.clone();
        for limit in &limits {
            if let Some(attachment) = &limit.attachment {
                if let Some(mbps) = limit.mbps {
                    limit_of.insert(attachment.clone(), mbps);
                }
                let handle = format!("{} {}", limit.cen, attachment);
                self.b.implied(
                    &limit.file,
                    "cen_bandwidth",
                    &handle,
                    "bandwidth of an inter-region connection: written on its peer attachment",
                );
            } else if !self
                .out
                .cens
                .iter()
                .any(|c| c.id == limit.cen && c.edition == CenEdition::Basic)
            {
                let handle = format!("{} {} {}", limit.cen, limit.region_a, limit.region_b);
                self.skip(
                    &limit.file,
                    "cen_bandwidth",
                    &handle,
                    format!("CEN `{}` is not imported as a basic-edition CEN", limit.cen),
                );
            }
        }
        let facts: Vec<(String, AttachmentFact, String)> = self
            .b
            .attachments
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in facts {
            let basic = self
                .b
                .transit_routers
                .get(&fact.tr)
                .is_some_and(|tr| is(&tr.kind, "Basic"));
            if basic {
                self.b.implied(
                    &file,
                    "tr_attachment",
                    &id,
                    "attachment of a basic-edition transit router: written as a CEN attachment",
                );
                continue;
            }
            if !enterprise.contains(&fact.tr) && self.b.transit_routers.get(&fact.tr).is_some() {
                self.skip(
                    &file,
                    "tr_attachment",
                    &id,
                    format!("transit router `{}` is not imported", fact.tr),
                );
                continue;
            }
            let kind = match lookup(
                &fact.resource_type,
                &[
                    ("VPC", TrAttachmentType::Vpc),
                    ("VBR", TrAttachmentType::Vbr),
                    ("VPN", TrAttachmentType::Vpn),
                    ("TR", TrAttachmentType::Peer),
                ],
            ) {
                Some(kind) => kind,
                None => {
                    self.skip(
                        &file,
                        "tr_attachment",
                        &id,
                        format!("attachment type `{}` is not modelled", fact.resource_type),
                    );
                    continue;
                }
            };
            let status = match fact.status.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => match lookup(s, ATTACHMENT_STATUS) {
                    Some(status) => Some(status),
                    None if s.eq_ignore_ascii_case("Detached") => {
                        self.skip(
                            &file,
                            "tr_attachment",
                            &id,
                            "status `Detached`: not attached",
                        );
                        continue;
                    }
                    None => {
                        self.skip(
                            &file,
                            "tr_attachment",
                            &id,
                            format!("unknown attachment status `{s}`"),
                        );
                        continue;
                    }
                },
            };
            if fact.resource.trim().is_empty() {
                self.skip(&file, "tr_attachment", &id, "names no attached resource");
                continue;
            }
            let vpc = kind == TrAttachmentType::Vpc;
            let advertise: BTreeSet<String> = if vpc {
                advertised
                    .iter()
                    .filter(|((v, tr), _)| *v == fact.resource && (tr.is_empty() || *tr == fact.tr))
                    .flat_map(|(_, set)| set.iter().cloned())
                    .collect()
            } else {
                BTreeSet::new()
            };
            let mut vswitches = fact.vswitches.clone();
            vswitches.sort();
            vswitches.dedup();
            let bandwidth = if kind == TrAttachmentType::Peer {
                fact.bandwidth.or_else(|| limit_of.get(&id).copied())
            } else {
                None
            };
            self.from.insert(id.clone(), file);
            self.out.tr_attachments.push(TrAttachment {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                transit_router: fact.tr,
                kind,
                resource: fact.resource,
                status,
                vswitches: vpc.then_some(vswitches),
                route_sync: if vpc { fact.route_sync } else { None },
                advertise: (!advertise.is_empty()).then(|| advertise.into_iter().collect()),
                bandwidth_mbps: bandwidth,
            });
        }
    }

    fn tr_tables(&mut self, enterprise: &BTreeSet<String>) {
        let facts: Vec<(String, TrTableFact, String)> = self
            .b
            .tr_tables
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut written: BTreeSet<String> = BTreeSet::new();
        for (id, fact, file) in &facts {
            if !enterprise.contains(&fact.tr) {
                let basic = self
                    .b
                    .transit_routers
                    .get(&fact.tr)
                    .is_some_and(|tr| is(&tr.kind, "Basic"));
                if basic {
                    self.b.implied(
                        file,
                        "tr_route_table",
                        id,
                        "route table of a basic-edition transit router: derived from the CEN",
                    );
                } else if self.b.transit_routers.get(&fact.tr).is_some() {
                    self.skip(
                        file,
                        "tr_route_table",
                        id,
                        format!("transit router `{}` is not imported", fact.tr),
                    );
                } else {
                    self.skip(
                        file,
                        "tr_route_table",
                        id,
                        format!("transit router `{}` is not exported", fact.tr),
                    );
                }
                continue;
            }
            let kind = match fact.kind.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(k) => match lookup(
                    k,
                    &[
                        ("System", TrRouteTableKind::System),
                        ("Custom", TrRouteTableKind::Custom),
                    ],
                ) {
                    Some(kind) => Some(kind),
                    None => {
                        self.warn(
                            file,
                            "tr_route_table",
                            id,
                            format!("unknown route table type `{k}`: written without `kind`"),
                        );
                        None
                    }
                },
            };
            written.insert(id.clone());
            self.from.insert(id.clone(), file.clone());
            self.out.tr_route_tables.push(TrRouteTable {
                id: id.clone(),
                name: fact.common.name.clone(),
                tags: fact.common.tags.clone(),
                account: fact.common.account.clone(),
                transit_router: fact.tr.clone(),
                kind,
                associations: Vec::new(),
                propagations: Vec::new(),
                routes: Vec::new(),
            });
        }
        // Associations and propagations.
        let links = self.b.tr_links.clone();
        for link in links {
            let what = if link.association {
                "tr_association"
            } else {
                "tr_propagation"
            };
            let handle = format!("{} {}", link.table, link.attachment);
            if !written.contains(&link.table) {
                let reason = if self.b.tr_tables.get(&link.table).is_some() {
                    format!(
                        "transit-router route table `{}` is not imported",
                        link.table
                    )
                } else {
                    format!(
                        "transit-router route table `{}` is not exported",
                        link.table
                    )
                };
                self.skip(&link.file, what, &handle, reason);
                continue;
            }
            let active = if link.association {
                ["Associating", "Dissociating", "Deleted"]
            } else {
                ["Enabling", "Disabling", "Deleted"]
            };
            match link.status.as_deref().map(str::trim) {
                None | Some("") => {}
                Some(s) if s.eq_ignore_ascii_case("Active") => {}
                Some(s) if active.iter().any(|a| a.eq_ignore_ascii_case(s)) => {
                    self.skip(
                        &link.file,
                        what,
                        &handle,
                        format!("status `{s}`: not active"),
                    );
                    continue;
                }
                Some(s) => {
                    self.skip(&link.file, what, &handle, format!("unknown status `{s}`"));
                    continue;
                }
            }
            if let Some(table) = self
                .out
                .tr_route_tables
                .iter_mut()
                .find(|t| t.id == link.table)
            {
                let list = if link.association {
                    &mut table.associations
                } else {
                    &mut table.propagations
                };
                if !list.contains(&link.attachment) {
                    list.push(link.attachment.clone());
                }
            }
        }
        self.tr_routes(&written);
    }

    fn tr_routes(&mut self, written: &BTreeSet<String>) {
        let tables_of_tr: BTreeMap<String, Vec<String>> = {
            let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (id, fact, _) in self.b.tr_tables.iter() {
                map.entry(fact.tr.clone()).or_default().push(id.clone());
            }
            map
        };
        let all_tables: Vec<String> = self
            .b
            .tr_tables
            .iter()
            .map(|(id, _, _)| id.clone())
            .collect();
        let mut by_file: BTreeMap<String, Vec<TrRouteFact>> = BTreeMap::new();
        for fact in self.b.tr_routes.clone() {
            by_file.entry(fact.file.clone()).or_default().push(fact);
        }
        let mut routes: BTreeMap<String, BTreeMap<String, (TrRoute, String)>> = BTreeMap::new();
        for (file, facts) in by_file {
            // ListTransitRouterRouteEntries does not echo the table it was asked
            // for: find it in the file's path, or from the entries' attachments,
            // or take the only table there is.
            let in_path: Vec<&String> = all_tables
                .iter()
                .filter(|t| file.contains(t.as_str()))
                .collect();
            let mut candidates: BTreeSet<String> = all_tables.iter().cloned().collect();
            for fact in &facts {
                if let Some(hop) = &fact.hop_id {
                    if let Some(att) = self.b.attachments.get(hop) {
                        let of_tr: BTreeSet<String> = tables_of_tr
                            .get(&att.tr)
                            .map(|list| list.iter().cloned().collect())
                            .unwrap_or_default();
                        candidates = candidates.intersection(&of_tr).cloned().collect();
                    }
                }
            }
            let inferred = if let [only] = in_path.as_slice() {
                Some((*only).clone())
            } else if candidates.len() == 1 {
                candidates.iter().next().cloned()
            } else {
                None
            };
            for fact in facts {
                let handle = fact
                    .id
                    .clone()
                    .unwrap_or_else(|| {
                        format!(
                            "{} {}",
                            fact.table.clone().unwrap_or_default(),
                            fact.destination
                        )
                    })
                    .trim()
                    .to_string();
                if fact.entry_type.eq_ignore_ascii_case("Propagated") {
                    self.b.implied(
                        &file,
                        "tr_route",
                        &handle,
                        "propagated route: derived from the table's propagations",
                    );
                    continue;
                }
                if !fact.entry_type.is_empty() && !fact.entry_type.eq_ignore_ascii_case("Static") {
                    self.skip(
                        &file,
                        "tr_route",
                        &handle,
                        format!("unknown route entry type `{}`", fact.entry_type),
                    );
                    continue;
                }
                let Some(table) = fact.table.clone().or_else(|| inferred.clone()) else {
                    self.skip(
                        &file,
                        "tr_route",
                        &handle,
                        "cannot tell which transit-router route table this entry belongs to (ListTransitRouterRouteEntries does not name it): put the table id in the file name",
                    );
                    continue;
                };
                if !written.contains(&table) {
                    self.skip(
                        &file,
                        "tr_route",
                        &handle,
                        format!("transit-router route table `{table}` is not imported"),
                    );
                    continue;
                }
                match fact.status.as_deref().map(str::trim) {
                    None | Some("") => {}
                    Some(s) if s.eq_ignore_ascii_case("Active") => {}
                    Some(s)
                        if [
                            "Rejected",
                            "Prohibited",
                            "Standby",
                            "Candidate",
                            "Creating",
                            "Deleting",
                        ]
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(s)) =>
                    {
                        self.skip(
                            &file,
                            "tr_route",
                            &handle,
                            format!("status `{s}`: not forwarding"),
                        );
                        continue;
                    }
                    Some(s) => {
                        self.skip(
                            &file,
                            "tr_route",
                            &handle,
                            format!("unknown route status `{s}`"),
                        );
                        continue;
                    }
                }
                let destination = match cidr4(&fact.destination) {
                    Ok(d) => canonical(&d),
                    Err(reason) => {
                        self.skip(&file, "tr_route", &handle, reason);
                        continue;
                    }
                };
                let next_hop = if fact.hop_type.eq_ignore_ascii_case("BlackHole") {
                    TrNextHop {
                        kind: TrNextHopType::Blackhole,
                        id: None,
                    }
                } else if fact.hop_type.eq_ignore_ascii_case("Attachment") {
                    match fact.hop_id.clone().filter(|h| !h.trim().is_empty()) {
                        Some(id) => TrNextHop {
                            kind: TrNextHopType::Attachment,
                            id: Some(id),
                        },
                        None => {
                            self.skip(&file, "tr_route", &handle, "next hop without an id");
                            continue;
                        }
                    }
                } else {
                    self.skip(
                        &file,
                        "tr_route",
                        &handle,
                        format!("next hop type `{}` is not modelled", fact.hop_type),
                    );
                    continue;
                };
                let route = TrRoute {
                    destination: destination.clone(),
                    next_hop,
                };
                let slot = routes.entry(table.clone()).or_default();
                match slot.get(&destination) {
                    Some((existing, _)) if *existing == route => {}
                    Some((existing, existing_file)) => {
                        let keep_new = format!("{route:?}") < format!("{existing:?}");
                        let dropped_file = if keep_new {
                            existing_file.clone()
                        } else {
                            file.clone()
                        };
                        self.skip(
                            &dropped_file,
                            "tr_route",
                            &format!("{table} {destination}"),
                            "a second static route for this destination in the table",
                        );
                        if keep_new {
                            slot.insert(destination, (route, file.clone()));
                        }
                    }
                    None => {
                        slot.insert(destination, (route, file.clone()));
                    }
                }
            }
        }
        for table in &mut self.out.tr_route_tables {
            if let Some(list) = routes.remove(&table.id) {
                table.routes = list.into_values().map(|(route, _)| route).collect();
            }
        }
    }

    fn nats(&mut self) {
        let facts: Vec<(String, NatFact, String)> = self
            .b
            .nats
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut snats = self.b.snats.clone();
        snats.sort();
        let mut used = vec![false; snats.len()];
        let nat_ips = self.b.nat_ips.clone();
        for (id, fact, file) in facts {
            let kind = match fact.network_type.as_deref().map(str::trim) {
                Some(t) if t.eq_ignore_ascii_case("internet") => NatGatewayType::Internet,
                Some(t) if t.eq_ignore_ascii_case("intranet") => NatGatewayType::Vpc,
                Some(t) if !t.is_empty() => {
                    self.skip(
                        &file,
                        "nat_gateway",
                        &id,
                        format!("unknown NetworkType `{t}`"),
                    );
                    continue;
                }
                _ => {
                    // Bodies from before VPC NAT gateways existed have no
                    // NetworkType: every gateway then was an Internet one.
                    self.warn(
                        &file,
                        "nat_gateway",
                        &id,
                        "no `NetworkType` in the body (an older gateway): read as an Internet NAT gateway",
                    );
                    NatGatewayType::Internet
                }
            };
            let vswitch = match fact.vswitch.clone().filter(|v| !v.trim().is_empty()) {
                Some(vswitch) => vswitch,
                None => {
                    // An older gateway names no vSwitch: place it in the first
                    // vSwitch of its VPC, so that its SNAT entries and EIPs are kept.
                    let first = self
                        .out
                        .vswitches
                        .iter()
                        .filter(|v| v.vpc == fact.vpc)
                        .map(|v| v.id.clone())
                        .min();
                    let Some(first) = first else {
                        self.skip(
                            &file,
                            "nat_gateway",
                            &id,
                            format!(
                                "no `NatGatewayPrivateInfo.VswitchId` and no vSwitch of its VPC `{}` in the export to place it in",
                                fact.vpc
                            ),
                        );
                        continue;
                    };
                    self.warn(
                        &file,
                        "nat_gateway",
                        &id,
                        format!(
                            "no `NatGatewayPrivateInfo.VswitchId` in the body (an older gateway): placed in `{first}`, the first vSwitch of VPC `{}`; its SNAT entries and EIPs are kept (set `vswitch` in an overlay if another one is right)",
                            fact.vpc
                        ),
                    );
                    first
                }
            };
            let status = match fact.status.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => match lookup(s, NAT_STATUS) {
                    Some(status) => Some(status),
                    None => {
                        self.warn(
                            &file,
                            "nat_gateway",
                            &id,
                            format!("unknown status `{s}`: written without `status`"),
                        );
                        None
                    }
                },
            };
            let mut eips = Vec::new();
            let mut ips = Vec::new();
            for (allocation, address) in &fact.ips {
                match kind {
                    NatGatewayType::Internet => {
                        if allocation.trim().is_empty() {
                            continue;
                        }
                        eips.push(allocation.clone());
                        if self.b.eips.get(allocation).is_none() && !address.trim().is_empty() {
                            // The gateway's own list says enough to write the EIP.
                            let eip = EipFact {
                                id: allocation.clone(),
                                common: Common::default(),
                                ip: address.clone(),
                                instance_type: Some("Nat".into()),
                                instance: Some(id.clone()),
                            };
                            self.b.eip(&file, eip);
                        }
                    }
                    NatGatewayType::Vpc => match ip4(address) {
                        Ok(ip) => ips.push(ip),
                        Err(reason) => {
                            self.skip(&file, "nat_ip", &format!("{id} {address}"), reason)
                        }
                    },
                }
            }
            for (nat, ip, from) in &nat_ips {
                if *nat == id {
                    match ip4(ip) {
                        Ok(ip) => ips.push(ip),
                        Err(reason) => self.skip(from, "nat_ip", &format!("{id} {ip}"), reason),
                    }
                }
            }
            eips.sort();
            eips.dedup();
            ips.sort();
            ips.dedup();
            let mut entries: Vec<SnatEntry> = Vec::new();
            for (k, snat) in snats.iter().enumerate() {
                let mine = snat.nat.as_deref() == Some(id.as_str())
                    || snat
                        .table
                        .as_ref()
                        .is_some_and(|t| fact.snat_tables.contains(t));
                if !mine {
                    continue;
                }
                if let Some(taken) = used.get_mut(k) {
                    *taken = true;
                }
                if let Some(entry) = self.snat_entry(snat, &id) {
                    if !entries.contains(&entry) {
                        entries.push(entry);
                    }
                }
            }
            self.from.insert(id.clone(), file);
            self.out.nat_gateways.push(NatGateway {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpc: fact.vpc,
                vswitch,
                kind,
                eips: (kind == NatGatewayType::Internet && !eips.is_empty()).then_some(eips),
                nat_ips: (kind == NatGatewayType::Vpc && !ips.is_empty()).then_some(ips),
                snat_entries: entries,
                status,
            });
        }
        for (snat, &taken) in snats.iter().zip(&used) {
            if !taken {
                let handle = snat.id.clone().unwrap_or_default();
                let reason = match (&snat.nat, &snat.table) {
                    (Some(nat), _) => format!(
                        "its NAT gateway `{nat}` (`NatGatewayId`) is not imported"
                    ),
                    (None, Some(table)) => format!(
                        "no imported NAT gateway lists its SNAT table `{table}` (`SnatTableId`) in `SnatTableIds`"
                    ),
                    (None, None) => {
                        "neither `NatGatewayId` nor `SnatTableId` in the entry".to_string()
                    }
                };
                self.skip(&snat.file, "snat_entry", &handle, reason);
            }
        }
    }

    fn snat_entry(&mut self, snat: &SnatFact, nat: &str) -> Option<SnatEntry> {
        let handle = snat.id.clone().unwrap_or_else(|| nat.to_string());
        let file = snat.file.clone();
        match snat.status.as_deref().map(str::trim) {
            None | Some("") => {}
            Some(s) if s.eq_ignore_ascii_case("Available") => {}
            Some(s) if s.eq_ignore_ascii_case("Pending") || s.eq_ignore_ascii_case("Deleting") => {
                self.skip(
                    &file,
                    "snat_entry",
                    &handle,
                    format!("status `{s}`: not in service"),
                );
                return None;
            }
            Some(s) => {
                self.skip(
                    &file,
                    "snat_entry",
                    &handle,
                    format!("unknown SNAT entry status `{s}`"),
                );
                return None;
            }
        }
        let (source_vswitch, source_cidr) = match (&snat.source_vswitch, &snat.source_cidr) {
            (Some(vsw), _) if !vsw.trim().is_empty() => (Some(vsw.clone()), None),
            (_, Some(cidr)) if !cidr.trim().is_empty() => match cidr4(cidr) {
                Ok(cidr) => (None, Some(cidr)),
                Err(reason) => {
                    self.skip(&file, "snat_entry", &handle, reason);
                    return None;
                }
            },
            _ => {
                self.skip(&file, "snat_entry", &handle, "no source (vSwitch or CIDR)");
                return None;
            }
        };
        let mut ips = Vec::new();
        for ip in &snat.ips {
            match ip4(ip) {
                Ok(ip) => ips.push(ip),
                Err(reason) => self.skip(&file, "snat_ip", &format!("{handle} {ip}"), reason),
            }
        }
        ips.sort();
        ips.dedup();
        if ips.is_empty() {
            self.skip(&file, "snat_entry", &handle, "no SNAT address");
            return None;
        }
        Some(SnatEntry {
            id: snat.id.clone(),
            source_vswitch,
            source_cidr,
            snat_ips: ips,
        })
    }

    fn eips(&mut self) {
        let bindings = self.b.eip_bindings.clone();
        let facts: Vec<(String, EipFact, String)> = self
            .b
            .eips
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut bound_by_nat: BTreeMap<String, String> = BTreeMap::new();
        for (id, fact, _) in self.b.nats.iter() {
            for (allocation, _) in &fact.ips {
                bound_by_nat.insert(allocation.clone(), id.clone());
            }
        }
        for (id, mut fact, file) in facts {
            for (eip, instance, kind, _) in &bindings {
                if *eip == id && fact.instance.is_none() {
                    fact.instance = Some(instance.clone());
                    fact.instance_type = Some(kind.clone());
                }
            }
            let ip = match ip4(&fact.ip) {
                Ok(ip) => ip,
                Err(reason) => {
                    self.skip(&file, "eip", &id, reason);
                    continue;
                }
            };
            let instance = fact.instance.clone().filter(|i| !i.trim().is_empty());
            let bound_to = match (&instance, fact.instance_type.as_deref().map(str::trim)) {
                (None, _) => bound_by_nat.get(&id).cloned(),
                (Some(instance), Some(t))
                    if t.eq_ignore_ascii_case("Nat") || t.eq_ignore_ascii_case("EcsInstance") =>
                {
                    Some(instance.clone())
                }
                (Some(instance), kind) => {
                    let kind = kind.unwrap_or("unknown");
                    self.skip(
                        &file,
                        "eip_binding",
                        &format!("{id} {instance}"),
                        format!("bound to `{instance}` of type `{kind}`: not modelled (the EIP is written unbound)"),
                    );
                    None
                }
            };
            self.from.insert(id.clone(), file);
            self.out.eips.push(Eip {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                ip,
                bound_to,
            });
        }
        for (eip, instance, _, file) in bindings {
            if self.b.eips.get(&eip).is_none() {
                self.skip(
                    &file,
                    "eip_binding",
                    &format!("{eip} {instance}"),
                    format!("EIP `{eip}` is not exported"),
                );
            }
        }
    }

    fn vpn(&mut self) {
        let gateways: Vec<(String, VpnGatewayFact, String)> = self
            .b
            .vpn_gateways
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in gateways {
            let status = match fact.status.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => match lookup(s, VPN_GATEWAY_STATUS) {
                    Some(status) => Some(status),
                    None => {
                        self.warn(
                            &file,
                            "vpn_gateway",
                            &id,
                            format!("unknown status `{s}`: written without `status`"),
                        );
                        None
                    }
                },
            };
            self.from.insert(id.clone(), file);
            self.out.vpn_gateways.push(VpnGateway {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpc: fact.vpc,
                status,
            });
        }
        let customer: Vec<(String, CustomerGatewayFact, String)> = self
            .b
            .customer_gateways
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in customer {
            let ip = match ip4(&fact.ip) {
                Ok(ip) => ip,
                Err(reason) => {
                    self.skip(&file, "customer_gateway", &id, reason);
                    continue;
                }
            };
            self.from.insert(id.clone(), file);
            self.out.customer_gateways.push(CustomerGateway {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                ip,
                data_center: None,
            });
        }
        let connections: Vec<(String, VpnConnectionFact, String)> = self
            .b
            .vpn_connections
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in connections {
            let said: Vec<String> = match fact.status.clone().filter(|s| !s.trim().is_empty()) {
                Some(s) => vec![s],
                None => fact.tunnel_statuses.clone(),
            };
            if said.is_empty() {
                self.skip(
                    &file,
                    "vpn_connection",
                    &id,
                    "no status in the source (looked for `Status`, in any case, and `TunnelOptionsSpecification[].Status`)",
                );
                continue;
            }
            let mut status = VpnConnectionStatus::Down;
            let mut unknown = None;
            for s in &said {
                match lookup(s, VPN_CONNECTION_STATUS) {
                    Some(VpnConnectionStatus::Established) => {
                        status = VpnConnectionStatus::Established
                    }
                    Some(VpnConnectionStatus::Down) => {}
                    None => unknown = Some(s.clone()),
                }
            }
            if let Some(s) = unknown {
                if status != VpnConnectionStatus::Established {
                    self.skip(
                        &file,
                        "vpn_connection",
                        &id,
                        format!("unknown tunnel status `{s}`"),
                    );
                    continue;
                }
            }
            let gateway = fact.gateway.clone().filter(|g| !g.trim().is_empty());
            let transit_router = fact.transit_router.clone().filter(|t| !t.trim().is_empty());
            let (vpn_gateway, transit_router) = match (gateway, transit_router) {
                (Some(g), _) => (Some(g), None),
                (None, Some(t)) => (None, Some(t)),
                (None, None) => {
                    self.skip(
                        &file,
                        "vpn_connection",
                        &id,
                        "attached to neither a VPN gateway nor a transit router",
                    );
                    continue;
                }
            };
            let Some(customer_gateway) = fact
                .customer_gateway
                .clone()
                .filter(|c| !c.trim().is_empty())
            else {
                self.skip(&file, "vpn_connection", &id, "no customer gateway");
                continue;
            };
            let mut sides = [Vec::new(), Vec::new()];
            for (side, list) in sides.iter_mut().zip([&fact.local, &fact.remote]) {
                for text in list.iter() {
                    match cidr4(text) {
                        Ok(cidr) => side.push(cidr),
                        Err(reason) => {
                            self.skip(&file, "vpn_subnet", &format!("{id} {text}"), reason)
                        }
                    }
                }
                side.sort();
                side.dedup();
            }
            let [local_cidrs, remote_cidrs] = sides;
            self.from.insert(id.clone(), file);
            self.out.vpn_connections.push(VpnConnection {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpn_gateway,
                transit_router,
                customer_gateway,
                local_cidrs,
                remote_cidrs,
                status,
                publish_to_vpc: fact.publish_to_vpc,
            });
        }
    }

    fn vbrs(&mut self) {
        let mut regions: BTreeMap<String, String> = BTreeMap::new();
        for child in &self.b.children {
            if child.kind.eq_ignore_ascii_case("VBR") {
                if let Some(region) = &child.region {
                    regions.insert(child.instance.clone(), region.clone());
                }
            }
        }
        for (vbr, region) in &self.b.vbr_regions {
            regions.insert(vbr.clone(), region.clone());
        }
        let facts: Vec<(String, VbrFact, String)> = self
            .b
            .vbrs
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut routes = std::mem::take(&mut self.vbr_routes);
        for (id, fact, file) in facts {
            let region = fact
                .region
                .clone()
                .filter(|r| !r.trim().is_empty())
                .or_else(|| regions.get(&id).cloned())
                .or_else(|| fact.access_point.as_deref().and_then(access_point_region))
                .or_else(|| self.b.region.clone());
            let Some(region) = region else {
                self.skip(
                    &file,
                    "vbr",
                    &id,
                    "no region (looked for `RegionId`, an attachment or CEN child naming the VBR, and a region in `AccessPointId`); pass --region",
                );
                continue;
            };
            let mut interconnect = |key: &str, value: &Option<String>| {
                let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
                match ip4(value) {
                    Ok(ip) => Some(ip),
                    Err(reason) => {
                        self.b.warn(
                            &file,
                            "vbr",
                            &id,
                            format!("`{key}` `{value}` is not read: {reason}"),
                        );
                        None
                    }
                }
            };
            let local_ip = interconnect("LocalGatewayIp", &fact.local_ip);
            let peer_ip = interconnect("PeerGatewayIp", &fact.peer_ip);
            let status = match fact.status.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => match lookup(s, VBR_STATUS) {
                    Some(status) => status,
                    None => {
                        self.skip(&file, "vbr", &id, format!("unknown VBR status `{s}`"));
                        continue;
                    }
                },
                _ => {
                    self.skip(
                        &file,
                        "vbr",
                        &id,
                        "no status in the source (looked for `Status`)",
                    );
                    continue;
                }
            };
            if fact.physical_connection.trim().is_empty() {
                self.skip(
                    &file,
                    "vbr",
                    &id,
                    "no physical connection (looked for `PhysicalConnectionId`)",
                );
                continue;
            }
            let own_routes = routes.remove(&id).unwrap_or_default();
            self.from.insert(id.clone(), file);
            self.out.vbrs.push(Vbr {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                region,
                physical_connection: fact.physical_connection,
                status,
                routes: own_routes.into_iter().map(|(route, _)| route).collect(),
                local_ip,
                peer_ip,
            });
        }
        let pcs: Vec<(String, PhysicalConnectionFact, String)> = self
            .b
            .physical_connections
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in pcs {
            let status = match fact.status.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => match lookup(s, PHYSICAL_CONNECTION_STATUS) {
                    Some(status) => status,
                    None => {
                        self.skip(
                            &file,
                            "physical_connection",
                            &id,
                            format!("unknown physical connection status `{s}`"),
                        );
                        continue;
                    }
                },
                _ => {
                    self.skip(
                        &file,
                        "physical_connection",
                        &id,
                        "no status in the source (looked for `Status`)",
                    );
                    continue;
                }
            };
            self.from.insert(id.clone(), file);
            self.out.physical_connections.push(PhysicalConnection {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                data_center: None,
                status,
            });
        }
    }

    fn ecs(&mut self) {
        let facts: Vec<(String, EcsFact, String)> = self
            .b
            .ecs
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in facts {
            if is(&fact.network_type, "classic") {
                self.skip(
                    &file,
                    "ecs_instance",
                    &id,
                    "classic-network instance: not modelled",
                );
                continue;
            }
            let Some(vswitch) = fact.vswitch.clone().filter(|v| !v.trim().is_empty()) else {
                self.skip(&file, "ecs_instance", &id, "no vSwitch");
                continue;
            };
            let mut private_ips = Vec::new();
            for text in &fact.private_ips {
                match ip4(text) {
                    Ok(ip) => {
                        if !private_ips.contains(&ip) {
                            private_ips.push(ip);
                        }
                    }
                    Err(reason) => self.skip(&file, "private_ip", &format!("{id} {text}"), reason),
                }
            }
            if private_ips.is_empty() {
                self.skip(&file, "ecs_instance", &id, "no private IPv4 address");
                continue;
            }
            let public_ip = match fact.public_ip.as_deref().filter(|p| !p.trim().is_empty()) {
                None => None,
                Some(text) => match ip4(text) {
                    Ok(ip) => Some(ip),
                    Err(reason) => {
                        self.skip(&file, "public_ip", &format!("{id} {text}"), reason);
                        None
                    }
                },
            };
            let status = match fact.status.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => match lookup(s, ECS_STATUS) {
                    Some(status) => Some(status),
                    None => {
                        self.warn(
                            &file,
                            "ecs_instance",
                            &id,
                            format!("unknown status `{s}`: written without `status`"),
                        );
                        None
                    }
                },
            };
            let mut security_groups = fact.security_groups.clone();
            security_groups.sort();
            security_groups.dedup();
            self.from.insert(id.clone(), file);
            self.out.ecs_instances.push(EcsInstance {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vswitch,
                private_ips,
                public_ip,
                security_groups,
                status,
            });
        }
    }

    fn security_groups(&mut self) {
        let facts: Vec<(String, SecurityGroupFact, String)> = self
            .b
            .security_groups
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut rules: BTreeMap<String, Vec<SecurityGroupRule>> = BTreeMap::new();
        for fact in self.b.rules.clone() {
            if self.b.security_groups.get(&fact.group).is_none() {
                continue;
            }
            if let Some(rule) = self.rule(&fact) {
                rules.entry(fact.group.clone()).or_default().push(rule);
            }
        }
        for (id, fact, file) in facts {
            let mut list = rules.remove(&id).unwrap_or_default();
            list.sort_by_cached_key(to_sorted_json);
            list.dedup();
            self.from.insert(id.clone(), file);
            self.out.security_groups.push(SecurityGroup {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpc: fact.vpc,
                rules: list,
            });
        }
    }

    fn rule(&mut self, fact: &RuleFact) -> Option<SecurityGroupRule> {
        let handle = fact.id.clone().unwrap_or_else(|| {
            format!(
                "{} {} {} {}",
                fact.group, fact.direction, fact.protocol, fact.port_range
            )
        });
        let file = fact.file.clone();
        let fail = |this: &mut Finisher, reason: String| {
            this.skip(&file, "security_group_rule", &handle, reason);
            None
        };
        let Some(direction) = lookup(
            &fact.direction,
            &[
                ("ingress", RuleDirection::Ingress),
                ("egress", RuleDirection::Egress),
            ],
        ) else {
            return fail(self, format!("unknown direction `{}`", fact.direction));
        };
        let Some(policy) = lookup(
            &fact.policy,
            &[("accept", RulePolicy::Accept), ("drop", RulePolicy::Drop)],
        ) else {
            return fail(self, format!("unknown policy `{}`", fact.policy));
        };
        let Some(protocol) = lookup(
            &fact.protocol,
            &[
                ("tcp", RuleProtocol::Tcp),
                ("udp", RuleProtocol::Udp),
                ("icmp", RuleProtocol::Icmp),
                ("all", RuleProtocol::All),
            ],
        ) else {
            return fail(
                self,
                format!("protocol `{}` is not modelled", fact.protocol),
            );
        };
        let port_range = fact.port_range.trim().to_string();
        let valid_range = port_range.split_once('/').is_some_and(|(a, b)| {
            a.trim().parse::<i64>().is_ok() && b.trim().parse::<i64>().is_ok()
        });
        if !valid_range {
            return fail(
                self,
                format!("port range `{port_range}` is not `start/end`"),
            );
        }
        let priority = fact.priority.unwrap_or(1);
        if !(1..=100).contains(&priority) {
            return fail(self, format!("priority {priority} is out of range 1..100"));
        }
        let cidr = match direction {
            RuleDirection::Ingress => fact.source_cidr.clone(),
            RuleDirection::Egress => fact.dest_cidr.clone(),
        }
        .filter(|c| !c.trim().is_empty());
        let cidr = match cidr {
            Some(text) => match cidr4(&text) {
                Ok(cidr) => cidr,
                Err(reason) => return fail(self, reason),
            },
            None => {
                let reason = if let Some(group) = &fact.peer_group {
                    format!("peer is security group `{group}`: not modelled")
                } else if let Some(list) = &fact.prefix_list {
                    format!("peer is prefix list `{list}`: not modelled")
                } else if let Some(v6) = &fact.ipv6_cidr {
                    format!("`{v6}` is IPv6; v1 analysis is IPv4 only")
                } else {
                    "no peer CIDR".to_string()
                };
                return fail(self, reason);
            }
        };
        let (source_cidr, dest_cidr) = match direction {
            RuleDirection::Ingress => (Some(cidr), None),
            RuleDirection::Egress => (None, Some(cidr)),
        };
        Some(SecurityGroupRule {
            direction,
            policy,
            protocol,
            port_range,
            source_cidr,
            dest_cidr,
            priority: u32::try_from(priority).unwrap_or(1),
        })
    }

    fn databases(&mut self) {
        let mut databases = self.b.databases.clone();
        databases.sort();
        let mut whitelists: BTreeMap<String, Vec<(WhitelistGroupFact, String)>> = BTreeMap::new();
        let mut whitelist_files: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let keys: BTreeSet<String> = databases.iter().map(|d| d.key.clone()).collect();
        let mut in_dir: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in &databases {
            in_dir
                .entry(parent(&d.file))
                .or_default()
                .insert(d.key.clone());
        }
        for list in self.b.whitelists.clone() {
            // DescribeDBInstanceIPArrayList does not name its instance: find the
            // instance id in the file's path, or the one instance described in
            // the same directory, or the only instance there is.
            let named: Vec<&String> = keys
                .iter()
                .filter(|k| list.file.contains(k.as_str()))
                .collect();
            let key = if let [only] = named.as_slice() {
                Some((*only).clone())
            } else if let Some(set) = in_dir.get(&parent(&list.file)).filter(|s| s.len() == 1) {
                set.iter().next().cloned()
            } else if keys.len() == 1 {
                keys.iter().next().cloned()
            } else {
                None
            };
            match key {
                Some(key) => {
                    whitelist_files
                        .entry(key.clone())
                        .or_default()
                        .push(list.file.clone());
                    let file = list.file.clone();
                    whitelists
                        .entry(key)
                        .or_default()
                        .extend(list.groups.into_iter().map(|g| (g, file.clone())));
                }
                None => {
                    let handle = list.file.clone();
                    let reason = match instance_in_name(&list.file) {
                        Some(named) => format!(
                            "the file name names instance `{named}`, but no DescribeDBInstanceNetInfo of it is in the export (an endpoint whose connection string starts with `{named}`): export its net info"
                        ),
                        None => "cannot tell which RDS instance this whitelist belongs to (DescribeDBInstanceIPArrayList does not name it): put the instance id in the file name".to_string(),
                    };
                    self.skip(&list.file, "rds_whitelist", &handle, reason);
                }
            }
        }
        let mut seen: BTreeMap<String, DatabaseFact> = BTreeMap::new();
        let mut rds: Vec<(String, DataSource)> = Vec::new();
        for d in databases {
            if let Some(first) = seen.get(&d.key) {
                // The same endpoint read again from another copy of the export.
                let again = DatabaseFact {
                    file: first.file.clone(),
                    ..d.clone()
                };
                if again == *first {
                    continue;
                }
                self.skip(
                    &d.file,
                    "data_source",
                    &d.key,
                    "a second endpoint with this key: the data source uses the first",
                );
                continue;
            }
            seen.insert(d.key.clone(), d.clone());
            let Some(ip) = d.ip.clone().filter(|i| !i.trim().is_empty()) else {
                self.skip(
                    &d.file,
                    "data_source",
                    &d.key,
                    "no private address in the source (looked for `IPAddress` of the private endpoint)",
                );
                continue;
            };
            let ip = match ip4(&ip) {
                Ok(ip) => ip,
                Err(reason) => {
                    self.skip(&d.file, "data_source", &d.key, reason);
                    continue;
                }
            };
            let Some(port) = d.port.and_then(|p| u32::try_from(p).ok()) else {
                self.skip(
                    &d.file,
                    "data_source",
                    &d.key,
                    "no port in the source (looked for `Port` of the private endpoint)",
                );
                continue;
            };
            let location = match &d.vpc {
                Some(vpc) if !vpc.trim().is_empty() => Location {
                    vpc: Some(vpc.clone()),
                    ..Location::default()
                },
                _ => Location {
                    classic: Some(true),
                    ..Location::default()
                },
            };
            let mut groups: Vec<(WhitelistGroupFact, String)> = d
                .whitelist
                .iter()
                .map(|g| (g.clone(), d.file.clone()))
                .collect();
            groups.extend(whitelists.remove(&d.key).unwrap_or_default());
            let whitelist = if groups.is_empty() {
                self.warn(
                    &d.file,
                    "data_source",
                    &d.key,
                    "whitelist not exported (DescribeDBInstanceIPArrayList): written without `whitelist`, so it is not checked",
                );
                None
            } else {
                let mut entries = Vec::new();
                for (group, group_file) in &groups {
                    let classic_only = group
                        .network_type
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case("Classic"));
                    if classic_only && location.vpc.is_some() {
                        self.skip(
                            group_file,
                            "whitelist_group",
                            &format!("{} {}", d.key, group.name),
                            "classic-network whitelist group: does not apply to the VPC endpoint",
                        );
                        continue;
                    }
                    for entry in &group.entries {
                        match cidr4(entry) {
                            Ok(cidr) => entries.push(cidr),
                            Err(reason) => self.skip(
                                group_file,
                                "whitelist_entry",
                                &format!("{} {entry}", d.key),
                                reason,
                            ),
                        }
                    }
                }
                entries.sort();
                entries.dedup();
                Some(entries)
            };
            let mut security_groups = d.security_groups.clone();
            security_groups.sort();
            security_groups.dedup();
            rds.push((
                d.file.clone(),
                DataSource {
                    id: d.key.clone(),
                    name: d.name.clone(),
                    tags: None,
                    account: None,
                    kind: d.kind.clone(),
                    host: d.host.clone(),
                    ip,
                    port,
                    protocol: None,
                    location,
                    whitelist,
                    security_groups: (!security_groups.is_empty()).then_some(security_groups),
                },
            ));
        }
        self.dataworks_sources(rds);
        for (key, groups) in whitelists {
            let files = whitelist_files.remove(&key).unwrap_or_default();
            for file in files {
                self.skip(
                    &file,
                    "rds_whitelist",
                    &key,
                    format!(
                        "RDS instance `{key}` is not imported ({} group(s))",
                        groups.len()
                    ),
                );
            }
        }
    }

    /// The DataWorks data sources, each resolved from the export itself: the
    /// RDS instance it names, or the RDS endpoint or ECS address its host
    /// matches. An RDS instance a DataWorks data source resolves to is written
    /// under the DataWorks name; the others keep their instance id. What
    /// cannot be resolved is skipped with what an overlay must add.
    fn dataworks_sources(&mut self, rds: Vec<(String, DataSource)>) {
        let mut facts = self.b.dw_sources.clone();
        facts.sort();
        let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut written: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
        let mut resolved = Vec::new();
        for fact in facts {
            if let Some((file, project)) = written.get(&fact.id) {
                if *project != fact.project || *file != fact.file {
                    self.skip(
                        &fact.file,
                        "data_source",
                        &fact.id,
                        format!(
                            "a DataWorks data source of this name is already read from {file} (project {}): give this one its own id in an overlay",
                            project.as_deref().unwrap_or("?")
                        ),
                    );
                }
                continue;
            }
            let port = fact
                .port
                .or_else(|| super::dataworks::default_port(&fact.kind));
            let by_instance = fact.instance.as_deref().and_then(|instance| {
                rds.iter()
                    .find(|(_, d)| d.id.eq_ignore_ascii_case(instance))
            });
            let by_host = fact.host.as_deref().and_then(|host| {
                rds.iter().find(|(_, d)| {
                    d.host
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(host))
                        || d.ip == host
                })
            });
            let source = if let Some((file, d)) = by_instance.or(by_host) {
                used.entry(d.id.clone()).or_default().push(fact.id.clone());
                let port = if by_instance.is_some() {
                    d.port
                } else {
                    fact.port.unwrap_or(d.port)
                };
                Some((
                    file.clone(),
                    DataSource {
                        id: fact.id.clone(),
                        name: Some(fact.name.clone()),
                        kind: if fact.kind.is_empty() {
                            d.kind.clone()
                        } else {
                            fact.kind.clone()
                        },
                        port,
                        ..d.clone()
                    },
                ))
            } else if let Some((ecs, ip)) = fact.host.as_deref().and_then(|host| {
                self.out
                    .ecs_instances
                    .iter()
                    .find(|e| e.private_ips.iter().any(|ip| ip == host))
                    .map(|e| (e.id.clone(), host.to_string()))
            }) {
                port.map(|port| {
                    (
                        fact.file.clone(),
                        DataSource {
                            id: fact.id.clone(),
                            name: Some(fact.name.clone()),
                            tags: None,
                            account: None,
                            kind: fact.kind.clone(),
                            host: None,
                            ip,
                            port,
                            protocol: None,
                            location: Location {
                                ecs_instance: Some(ecs),
                                ..Location::default()
                            },
                            whitelist: None,
                            security_groups: None,
                        },
                    )
                })
            } else {
                None
            };
            match source {
                Some((_, source)) => {
                    written.insert(fact.id.clone(), (fact.file.clone(), fact.project.clone()));
                    self.from.insert(fact.id.clone(), fact.file.clone());
                    resolved.push(source);
                }
                None => {
                    let reason = unresolved(&fact, port);
                    self.skip(&fact.file, "data_source", &fact.id, reason);
                }
            }
        }
        for (file, d) in rds {
            match used.get(&d.id) {
                Some(names) => self.b.implied(
                    &file,
                    "data_source",
                    &d.id,
                    format!("written as the DataWorks data source {}", names.join(", ")),
                ),
                None => {
                    self.from.insert(d.id.clone(), file);
                    self.out.data_sources.push(d);
                }
            }
        }
        self.out.data_sources.extend(resolved);
    }

    fn resource_groups(&mut self) {
        let facts: Vec<(String, ResourceGroupFact, String)> = self
            .b
            .resource_groups
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut route_files: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for route in self.b.network_routes.clone() {
            let handle = route
                .id
                .clone()
                .unwrap_or_else(|| format!("{} {}", route.network, route.destination));
            match cidr4(&route.destination) {
                Ok(cidr) => {
                    routes
                        .entry(route.network.clone())
                        .or_default()
                        .insert(canonical(&cidr));
                    route_files
                        .entry(route.network.clone())
                        .or_default()
                        .push((route.file.clone(), handle));
                }
                Err(reason) => {
                    self.skip(&route.file, "network_route", &handle, reason);
                    routes.entry(route.network.clone()).or_default();
                }
            }
        }
        let mut networks_of: BTreeMap<String, Vec<(String, NetworkFact, String)>> = BTreeMap::new();
        for (id, fact, file) in self.b.networks.iter() {
            networks_of
                .entry(fact.resource_group.clone())
                .or_default()
                .push((id.clone(), fact.clone(), file.clone()));
        }
        for (id, fact, file) in facts {
            if is(&fact.status, "Deleted") {
                self.skip(&file, "resource_group", &id, "status `Deleted`");
                if let Some(list) = networks_of.remove(&id) {
                    for (nid, _, nfile) in list {
                        self.skip(
                            &nfile,
                            "network",
                            &nid,
                            format!("resource group `{id}` is deleted"),
                        );
                    }
                }
                continue;
            }
            let kind = match fact.kind.as_deref().map(str::trim) {
                Some(k) => match lookup(k, RESOURCE_GROUP_TYPE) {
                    Some(kind) => kind,
                    None => {
                        self.skip(
                            &file,
                            "resource_group",
                            &id,
                            format!("unknown resource group type `{k}`"),
                        );
                        continue;
                    }
                },
                None => {
                    self.skip(
                        &file,
                        "resource_group",
                        &id,
                        "no resource group type in the source (looked for `ResourceGroupType`)",
                    );
                    continue;
                }
            };
            if let Some(s) = fact
                .status
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if !RESOURCE_GROUP_STATUS
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(s))
                {
                    self.warn(
                        &file,
                        "resource_group",
                        &id,
                        format!("unknown status `{s}`"),
                    );
                } else if !s.eq_ignore_ascii_case("Normal") {
                    self.warn(
                        &file,
                        "resource_group",
                        &id,
                        format!("status `{s}`: the group may not run tasks"),
                    );
                }
            }
            let mut bindings: Vec<Binding> = Vec::new();
            let listed = networks_of.remove(&id).unwrap_or_default();
            for (nid, network, nfile) in &listed {
                match network.status.as_deref().map(str::trim) {
                    None | Some("") => {}
                    Some(s) if s.eq_ignore_ascii_case("Running") => {}
                    Some(s)
                        if ["Pending", "Creating", "Deleting", "Deleted"]
                            .iter()
                            .any(|k| k.eq_ignore_ascii_case(s)) =>
                    {
                        self.skip(
                            nfile,
                            "network",
                            nid,
                            format!("status `{s}`: not in service"),
                        );
                        continue;
                    }
                    Some(s) => {
                        self.skip(
                            nfile,
                            "network",
                            nid,
                            format!("unknown network status `{s}`"),
                        );
                        continue;
                    }
                }
                let binding = Binding {
                    vpc: network.vpc.clone(),
                    vswitch: network.vswitch.clone(),
                    routes: routes.remove(nid).map(|set| set.into_iter().collect()),
                };
                route_files.remove(nid);
                if !bindings.contains(&binding) {
                    bindings.push(binding);
                }
            }
            if listed.is_empty() {
                if let (Some(vpc), Some(vswitch)) = (&fact.default_vpc, &fact.default_vswitch) {
                    bindings.push(Binding {
                        vpc: vpc.clone(),
                        vswitch: vswitch.clone(),
                        routes: None,
                    });
                }
            }
            bindings.sort_by(|a, b| (&a.vpc, &a.vswitch).cmp(&(&b.vpc, &b.vswitch)));
            let region = fact
                .region
                .clone()
                .filter(|r| !r.trim().is_empty())
                .or_else(|| {
                    bindings.iter().find_map(|b| {
                        self.out
                            .vpcs
                            .iter()
                            .find(|v| v.id == b.vpc)
                            .map(|v| v.region.clone())
                    })
                })
                .or_else(|| {
                    fact.default_vpc.as_ref().and_then(|vpc| {
                        self.out
                            .vpcs
                            .iter()
                            .find(|v| &v.id == vpc)
                            .map(|v| v.region.clone())
                    })
                })
                .or_else(|| self.b.region.clone());
            let Some(region) = region else {
                self.skip(
                    &file,
                    "resource_group",
                    &id,
                    "no region (its VPC is not exported); pass --region",
                );
                continue;
            };
            self.from.insert(id.clone(), file);
            self.out.resource_groups.push(ResourceGroup {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                kind,
                region,
                networks: bindings,
                public_ip: None,
            });
        }
        for (rg, list) in networks_of {
            for (nid, _, file) in list {
                self.skip(
                    &file,
                    "network",
                    &nid,
                    format!("resource group `{rg}` is not exported"),
                );
            }
        }
        for (network, list) in route_files {
            for (file, handle) in list {
                self.skip(
                    &file,
                    "network_route",
                    &handle,
                    format!("network `{network}` is not imported"),
                );
            }
        }
    }
}

/// Why a DataWorks data source is not resolved, and what the overlay adds.
fn unresolved(fact: &DwSourceFact, port: Option<u32>) -> String {
    let kind = if fact.kind.is_empty() {
        "?"
    } else {
        fact.kind.as_str()
    };
    let port_text = port.map_or_else(|| "<port>".to_string(), |p| p.to_string());
    let overlay = |ip: &str| {
        format!(
            "add it in an overlay: {{\"data_sources\": [{{\"id\": \"{}\", \"type\": \"{kind}\", \"ip\": \"{ip}\", \"port\": {port_text}, \"location\": {{\"vpc\" | \"data_center\" | \"internet\": …}}}}]}}",
            fact.id
        )
    };
    match (&fact.instance, &fact.host) {
        (Some(instance), _) => format!(
            "names instance `{instance}` (`instanceId`), which is not in the export (DescribeDBInstanceNetInfo of that instance not read); {}",
            overlay("<private address>")
        ),
        (None, Some(host)) => {
            let ip = if host.parse::<std::net::Ipv4Addr>().is_ok() {
                host.as_str()
            } else {
                "<address of the host>"
            };
            format!(
                "its host `{host}` matches no RDS endpoint or ECS private address of the export; {}",
                overlay(ip)
            )
        }
        (None, None) => format!(
            "no host or instance in its connection properties (type `{kind}`, looked for `instanceId`, `jdbcUrl`, `address`, `host`): a DataWorks-managed service, or a type not read; if it must be checked, {}",
            overlay("<address>")
        ),
    }
}

/// The region an access point id names: `ap-cn-beijing-dx-A` → `cn-beijing`,
/// `ap-ap-southeast-1-sg-B`-like ids → `ap-southeast-1`.
fn access_point_region(access_point: &str) -> Option<String> {
    let rest = access_point.trim().strip_prefix("ap-")?;
    let parts: Vec<&str> = rest.split('-').collect();
    let (first, second) = (parts.first()?, parts.get(1)?);
    if first.is_empty() || second.is_empty() {
        return None;
    }
    let mut region = format!("{first}-{second}");
    if let Some(number) = parts
        .get(2)
        .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        region.push('-');
        region.push_str(number);
    }
    Some(region)
}

/// A database instance id in a file name (`DescribeDBInstanceIPArrayList.rm-bp1x.p1.json`
/// → `rm-bp1x`): a token of letters, a dash, then letters and digits, with
/// an instance prefix of RDS, PolarDB or AnalyticDB.
fn instance_in_name(file: &str) -> Option<String> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.split(['.', '_', ' '])
        .find(|token| {
            let Some((prefix, rest)) = token.split_once('-') else {
                return false;
            };
            matches!(
                prefix,
                "rm" | "pgm" | "pc" | "gp" | "am" | "amv" | "dds" | "r"
            ) && rest.len() >= 6
                && rest.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(str::to_string)
}

/// The directory part of a file name (`a/b/c.json` → `a/b`).
fn parent(file: &str) -> String {
    match file.rfind(['/', '\\']) {
        Some(at) => file[..at].to_string(),
        None => String::new(),
    }
}

/// Sorts every list of the inventory (by id; by content where there is none).
fn sort_inventory(inv: &mut Inventory) {
    macro_rules! by_id {
        ($($list:ident: $element:ident),* $(,)?) => {$(
            inv.$list.sort_by(|a, b| a.id.cmp(&b.id));
        )*};
    }
    for_each_list!(by_id);
    for table in &mut inv.route_tables {
        sort_routes(&mut table.routes, |r| &r.destination);
    }
    for table in &mut inv.tr_route_tables {
        table.associations.sort();
        table.associations.dedup();
        table.propagations.sort();
        table.propagations.dedup();
        sort_routes(&mut table.routes, |r| &r.destination);
    }
    for vbr in &mut inv.vbrs {
        sort_routes(&mut vbr.routes, |r| &r.destination);
    }
    for nat in &mut inv.nat_gateways {
        nat.snat_entries.sort_by_cached_key(to_sorted_json);
    }
}

/// Sorts routes by canonical destination, then (for the rare routes of one
/// destination) by their sorted JSON: the order of `(canonical, json)` keys,
/// without serializing every route.
fn sort_routes<T: Serialize>(routes: &mut Vec<T>, destination: impl Fn(&T) -> &String) {
    let mut keyed: Vec<(String, T)> = std::mem::take(routes)
        .into_iter()
        .map(|route| (canonical(destination(&route)), route))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed.get(start).map(|(key, _)| key.clone());
        let mut end = start + 1;
        while end < keyed.len() && keyed.get(end).map(|(key, _)| key) == key.as_ref() {
            end += 1;
        }
        if end - start > 1 {
            if let Some(run) = keyed.get_mut(start..end) {
                run.sort_by_cached_key(|(_, route)| to_sorted_json(route));
            }
        }
        start = end;
    }
    routes.extend(keyed.into_iter().map(|(_, route)| route));
}

/// The number of resources per list.
fn counts(inv: &Inventory) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    macro_rules! count {
        ($($list:ident: $element:ident),* $(,)?) => {$(
            counts.insert(stringify!($list).to_string(), inv.$list.len());
        )*};
    }
    for_each_list!(count);
    counts
}

/// Gives `read` every input file parsed as JSON, in name order, a file given
/// twice with the same bytes once; the files that do not parse go to `errors`
/// ([`parse_json`]). One chunk of files' documents is held at a time.
pub fn each_file(
    sources: &[crate::import::native::Source],
    errors: &mut Vec<crate::diag::InputError>,
    mut read: impl FnMut(&str, &serde_json::Value),
) {
    use rayon::prelude::*;
    let mut ordered: Vec<&crate::import::native::Source> = sources.iter().collect();
    ordered.sort_by(|a, b| a.name.cmp(&b.name));
    ordered.dedup_by(|a, b| a.name == b.name && a.bytes == b.bytes);
    // Parsed in parallel a few files at a time (an export is thousands of
    // small pages), read in name order; at most one chunk of documents is held.
    let mut chunks: Vec<&[&crate::import::native::Source]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (index, source) in ordered.iter().enumerate() {
        if index > start
            && (index - start >= PARSE_CHUNK || bytes + source.bytes.len() > PARSE_BYTES)
        {
            chunks.extend(ordered.get(start..index));
            (start, bytes) = (index, 0);
        }
        bytes += source.bytes.len();
    }
    chunks.extend(ordered.get(start..));
    for chunk in chunks {
        let parsed: Vec<(Option<serde_json::Value>, Vec<crate::diag::InputError>)> = chunk
            .par_iter()
            .map(|source| {
                let mut found = Vec::new();
                let value = parse_json(&source.name, &source.bytes, &mut found);
                (value, found)
            })
            .collect();
        for (source, (value, found)) in chunk.iter().zip(parsed) {
            errors.extend(found);
            if let Some(value) = value {
                read(&source.name, &value);
            }
        }
    }
}

/// How many files are parsed at once ([`each_file`])…
const PARSE_CHUNK: usize = 16;

/// …and how many bytes of them, unless one file alone is larger: memory stays
/// that of the largest document, not of all of them.
const PARSE_BYTES: usize = 8 << 20;

/// Parses one input file as JSON. A syntax error is an input error with the
/// file, line and column (the tool cannot import a file it cannot read): it is
/// pushed onto `errors` and `None` is returned.
pub fn parse_json(
    name: &str,
    bytes: &[u8],
    errors: &mut Vec<crate::diag::InputError>,
) -> Option<serde_json::Value> {
    use crate::diag::{InputError, Location};
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let located = |line: Option<usize>, column: Option<usize>, message: String| InputError {
        location: Location {
            file: name.to_string(),
            pointer: String::new(),
            line,
            column,
        },
        message,
        hint: Some("the importer reads the JSON the tool printed, unchanged".to_string()),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        errors.push(located(None, None, "the file is empty".to_string()));
        return None;
    }
    match serde_json::from_slice(bytes) {
        Ok(value) => Some(value),
        Err(error) => {
            let full = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            let bare = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
            let position = (error.line() > 0).then_some(error.line());
            errors.push(located(
                position,
                position.map(|_| error.column().max(1)),
                format!("malformed JSON: {bare}"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod parallel_json_tests {
    use super::*;

    #[test]
    fn the_parallel_writer_writes_the_same_bytes() {
        let inventory = crate::generate::generate(&crate::generate::GenSpec::small());
        assert_eq!(
            inventory_to_sorted_json(&inventory),
            to_sorted_json(&inventory)
        );
        let empty = Inventory {
            version: 1,
            ..Inventory::default()
        };
        assert_eq!(inventory_to_sorted_json(&empty), to_sorted_json(&empty));
    }
}
