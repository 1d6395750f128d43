//! Finishing what runs in the VPCs: ECS instances, security groups and their
//! rules, and database instances (RDS, PolarDB, AnalyticDB) with their
//! endpoints and whitelists.
//!
//! A whitelist names its instance only through the file it came from (the
//! response does not say): the instance id in the file's path, else the one
//! instance described in the same directory, else the only instance there is;
//! otherwise the whitelist is reported.

use super::*;

const ECS_STATUS: &[(&str, EcsStatus)] = &[
    ("Running", EcsStatus::Running),
    ("Pending", EcsStatus::Pending),
    ("Starting", EcsStatus::Starting),
    ("Stopping", EcsStatus::Stopping),
    ("Stopped", EcsStatus::Stopped),
];

/// Whitelist groups (with their files) by database key.
type Whitelists = BTreeMap<String, Vec<(WhitelistGroupFact, String)>>;

impl Finisher {
    pub(super) fn ecs(&mut self) {
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

    pub(super) fn security_groups(&mut self) {
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

    pub(super) fn rule(&mut self, fact: &RuleFact) -> Option<SecurityGroupRule> {
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

    pub(super) fn databases(&mut self) {
        let mut databases = self.b.databases.clone();
        databases.sort();
        let (mut whitelists, mut whitelist_files) = self.assign_whitelists(&databases);
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
            let whitelist = self.whitelist(&d, &location, &groups);
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

    /// Gives each exported whitelist to its database: the instance id in the
    /// file's path, or the one instance described in the same directory, or
    /// the only instance there is; otherwise reported. Returns the groups and
    /// the files of each database's whitelists, by database key.
    fn assign_whitelists(
        &mut self,
        databases: &[DatabaseFact],
    ) -> (Whitelists, BTreeMap<String, Vec<String>>) {
        let mut whitelists: Whitelists = BTreeMap::new();
        let mut whitelist_files: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let keys: BTreeSet<String> = databases.iter().map(|d| d.key.clone()).collect();
        let mut in_dir: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in databases {
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
        (whitelists, whitelist_files)
    }

    /// The whitelist of one database: its groups' entries (a classic-network
    /// group does not apply to a VPC endpoint), or `None` when none was
    /// exported (warned).
    fn whitelist(
        &mut self,
        d: &DatabaseFact,
        location: &Location,
        groups: &[(WhitelistGroupFact, String)],
    ) -> Option<Vec<String>> {
        if groups.is_empty() {
            self.warn(
                &d.file,
                "data_source",
                &d.key,
                "whitelist not exported (DescribeDBInstanceIPArrayList): written without `whitelist`, so it is not checked",
            );
            None
        } else {
            let mut entries = Vec::new();
            for (group, group_file) in groups {
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
        }
    }
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
