//! Finishing the network family: VPCs, their route tables, vSwitches, route
//! entries (and the routes of VBRs, which come from the same API) and VPC
//! peerings.
//!
//! A route table's owner (a VPC, a VBR, a gateway) is found from the tables
//! and the VPCs that list them; a route entry goes where its table's owner is,
//! or is reported. Two different entries for one destination and origin keep
//! the one that sorts first, so the outcome does not depend on file order.

use super::*;

/// Who owns a route table, as far as the export says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Owner {
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

/// The destinations published to transit routers, by (VPC, transit router or "").
pub(super) type Advertised = BTreeMap<(String, String), BTreeSet<String>>;

/// The routes of each VPC table being gathered, by (destination, origin):
/// each with its file and its handle (id, or `table destination`).
type TableRoutes = BTreeMap<String, BTreeMap<(String, RouteOrigin), (Route, String, String)>>;

/// The routes of each VBR toward its data center, by destination, with files.
type VbrRoutes = BTreeMap<String, BTreeMap<String, (VbrRoute, String)>>;

impl Finisher {
    pub(super) fn vpcs(&mut self) {
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
    pub(super) fn owners(&mut self) -> BTreeMap<String, Owner> {
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

    pub(super) fn route_tables(&mut self, owners: &BTreeMap<String, Owner>) {
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

    pub(super) fn vswitches(&mut self, owners: &BTreeMap<String, Owner>) {
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
    pub(super) fn routes(&mut self, owners: &BTreeMap<String, Owner>) -> Advertised {
        let mut advertised: Advertised = BTreeMap::new();
        let mut tables: TableRoutes = BTreeMap::new();
        let mut vbr_routes: VbrRoutes = BTreeMap::new();
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
                    self.vpc_table_route(
                        vpc,
                        &fact,
                        handle,
                        destination,
                        &mut tables,
                        &mut advertised,
                    );
                }
                Owner::Vbr(vbr) => {
                    self.vbr_table_route(vbr, &fact, &handle, destination, &mut vbr_routes);
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

    /// A route of a VPC table: kept in `tables` (one per destination and
    /// origin; of two different ones the one that sorts first, the other
    /// reported), its destination noted where it is published to a transit
    /// router.
    fn vpc_table_route(
        &mut self,
        vpc: String,
        fact: &RouteFact,
        handle: String,
        destination: String,
        tables: &mut TableRoutes,
        advertised: &mut Advertised,
    ) {
        let file = fact.file.clone();
        let Some(route) = self.vpc_route(fact, &handle, &destination) else {
            return;
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
            return;
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

    /// A route of a VBR's table: kept when its next hop is the VBR's physical
    /// connection (the route toward the data center), otherwise reported.
    fn vbr_table_route(
        &mut self,
        vbr: String,
        fact: &RouteFact,
        handle: &str,
        destination: String,
        vbr_routes: &mut VbrRoutes,
    ) {
        let file = fact.file.clone();
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
            self.skip(&file, "vbr_route", handle, reason);
            return;
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

    /// One VPC route entry as a native route, or `None` (reported).
    pub(super) fn vpc_route(
        &mut self,
        fact: &RouteFact,
        handle: &str,
        destination: &str,
    ) -> Option<Route> {
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

    pub(super) fn peerings(&mut self) {
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
}
