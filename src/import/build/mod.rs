//! The vendor-neutral builder: facts → one native [`Inventory`], joined across
//! files, checked, sorted. Shared by both importers (`aliyun`, `terraform`).
//!
//! Both importers feed a [`Builder`] with [`facts`] and call
//! [`Builder::finish`]. The facts are in Alibaba Cloud's vocabulary (statuses and
//! types as Alibaba spells them), since both importers read Alibaba resources:
//! they live here, with the builder that maps them, not in either importer.
//! Finishing joins what the APIs split across
//! responses (a route entry names only its table; a table its VPC or its vRouter;
//! a SNAT entry its table; a resource group's bindings and their routes come from
//! two more APIs), maps every status and type to the native enums, and reports
//! whatever it cannot map: an unknown value is reported, never guessed. Then a
//! closing pass (`integrity`) drops every item that refers to something not in the inventory
//! (a route to a NAT gateway that was not exported, a peering whose other VPC is
//! in an account that was not exported), again reporting each, so that the
//! output always loads and validates. Every list is sorted by id (or by content
//! where items have no id), so the bytes do not depend on the order of the files.
//!
//! Layout: this file holds the [`Builder`] (one method per fact), the
//! `Finisher` that runs the finishing pass in order, and the CIDR and spelling
//! helpers; one file per resource family holds the finishing of that family
//! (`network`: VPCs, route tables, vSwitches, routes, peerings; `internet`: NAT
//! gateways, SNAT, EIPs; `transit`: CENs, transit routers, attachments;
//! `transit_tables`: transit-router route tables and routes; `hybrid`: VPN and
//! VBRs; `compute`: ECS, security groups, databases; `dataworks`: resource groups
//! and data sources), with the tables that map that family's spellings; `json`
//! reads the input files and writes the inventory sorted; [`coverage`] is the
//! report of an import.

mod compute;
pub mod coverage;
mod dataworks;
pub mod facts;
mod hybrid;
mod integrity;
mod internet;
mod json;
mod network;
mod transit;
mod transit_tables;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Debug;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use self::coverage::{Coverage, FileCoverage, Item};
use self::facts::*;
use self::json::{counts, sort_inventory};
pub use self::json::{each_file, inventory_to_sorted_json, parse_json, to_sorted_json};
use crate::model::*;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The region of resources whose export names none (`--region`).
    pub region: Option<String>,
}

/// The result of an import: the inventory and what became of every input.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The native inventory.
    pub inventory: Inventory,
    /// The coverage report.
    pub coverage: Coverage,
}

impl Imported {
    /// The inventory as pretty JSON with sorted keys and a final newline.
    pub fn inventory_json(&self) -> String {
        inventory_to_sorted_json(&self.inventory)
    }
}

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
        let provenance = self::integrity::Provenance {
            resources: &self.from,
            routes: &self.route_from,
        };
        self::integrity::integrity(&mut self.out, &provenance, &mut self.b.coverage.skipped);
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
}
