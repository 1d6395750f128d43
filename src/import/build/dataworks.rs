//! Finishing the DataWorks family: resource groups with their network
//! bindings and routes, and data sources resolved to an address (an RDS
//! endpoint, an ECS private address) or reported with the overlay that would
//! add them.

use super::*;

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

/// The file and handle of each route of a network binding, by network.
type RouteFiles = BTreeMap<String, Vec<(String, String)>>;

impl Finisher {
    /// The DataWorks data sources, each resolved from the export itself: the
    /// RDS instance it names, or the RDS endpoint or ECS address its host
    /// matches. An RDS instance a DataWorks data source resolves to is written
    /// under the DataWorks name; the others keep their instance id. What
    /// cannot be resolved is skipped with what an overlay must add.
    pub(super) fn dataworks_sources(&mut self, rds: Vec<(String, DataSource)>) {
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
            let port = fact.port.or_else(|| default_port(&fact.kind));
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

    pub(super) fn resource_groups(&mut self) {
        let facts: Vec<(String, ResourceGroupFact, String)> = self
            .b
            .resource_groups
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let (mut routes, mut route_files) = self.network_routes();
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
            let Some(kind) = self.resource_group_kind(&id, &fact, &file) else {
                continue;
            };
            let listed = networks_of.remove(&id).unwrap_or_default();
            let mut bindings = self.bindings(&listed, &mut routes, &mut route_files);
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

    /// The routes of each network binding (canonical CIDRs) and, for the
    /// reports, the file and handle of each; an unreadable route is reported
    /// and leaves its network's route list known but short.
    fn network_routes(&mut self) -> (BTreeMap<String, BTreeSet<String>>, RouteFiles) {
        let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut route_files: RouteFiles = BTreeMap::new();
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
        (routes, route_files)
    }

    /// The native type of a resource group, or `None` (reported); an
    /// unknown status, or one other than `Normal`, is warned.
    fn resource_group_kind(
        &mut self,
        id: &str,
        fact: &ResourceGroupFact,
        file: &str,
    ) -> Option<ResourceGroupType> {
        let kind = match fact.kind.as_deref().map(str::trim) {
            Some(k) => match lookup(k, RESOURCE_GROUP_TYPE) {
                Some(kind) => kind,
                None => {
                    self.skip(
                        file,
                        "resource_group",
                        id,
                        format!("unknown resource group type `{k}`"),
                    );
                    return None;
                }
            },
            None => {
                self.skip(
                    file,
                    "resource_group",
                    id,
                    "no resource group type in the source (looked for `ResourceGroupType`)",
                );
                return None;
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
                self.warn(file, "resource_group", id, format!("unknown status `{s}`"));
            } else if !s.eq_ignore_ascii_case("Normal") {
                self.warn(
                    file,
                    "resource_group",
                    id,
                    format!("status `{s}`: the group may not run tasks"),
                );
            }
        }
        Some(kind)
    }

    /// The bindings of a resource group from its listed networks (those not
    /// in service reported), each with its routes taken from `routes`.
    fn bindings(
        &mut self,
        listed: &[(String, NetworkFact, String)],
        routes: &mut BTreeMap<String, BTreeSet<String>>,
        route_files: &mut RouteFiles,
    ) -> Vec<Binding> {
        let mut bindings: Vec<Binding> = Vec::new();
        for (nid, network, nfile) in listed {
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
        bindings
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

/// The usual port of a database type, where the data source gives none.
fn default_port(kind: &str) -> Option<u32> {
    Some(match kind {
        "mysql"
        | "polardb"
        | "mariadb"
        | "drds"
        | "polardbx"
        | "adb_mysql"
        | "analyticdb_for_mysql"
        | "doris"
        | "starrocks" => 3306,
        "postgresql"
        | "hologres"
        | "adb_postgresql"
        | "analyticdb_for_postgresql"
        | "polardb_postgresql" => 5432,
        "sqlserver" => 1433,
        "oracle" => 1521,
        "mongodb" => 3717,
        "redis" => 6379,
        "clickhouse" => 8123,
        _ => return None,
    })
}
