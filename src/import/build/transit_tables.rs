//! Finishing the route tables of transit routers: each table with its
//! associations and propagations, and its static routes (the routes a table
//! learns by propagation are implied by the native model, reported as such).
//!
//! ListTransitRouterRouteEntries does not name the table it lists: a file's
//! table is found from its path, the entries' attachments, or as the only one.

use super::*;

impl Finisher {
    pub(super) fn tr_tables(&mut self, enterprise: &BTreeSet<String>) {
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

    pub(super) fn tr_routes(&mut self, written: &BTreeSet<String>) {
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
            let inferred = self.tr_table_of_file(&file, &facts, &all_tables, &tables_of_tr);
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
                let Some(route) = self.tr_static_route(&file, &handle, &fact) else {
                    continue;
                };
                let destination = route.destination.clone();
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

    /// The table of a file of ListTransitRouterRouteEntries, which does not
    /// echo the table it was asked for: the one in the file's path, or the
    /// only table of the transit router of the entries' attachments, or the
    /// only table there is.
    fn tr_table_of_file(
        &self,
        file: &str,
        facts: &[TrRouteFact],
        all_tables: &[String],
        tables_of_tr: &BTreeMap<String, Vec<String>>,
    ) -> Option<String> {
        let in_path: Vec<&String> = all_tables
            .iter()
            .filter(|t| file.contains(t.as_str()))
            .collect();
        let mut candidates: BTreeSet<String> = all_tables.iter().cloned().collect();
        for fact in facts {
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
        if let [only] = in_path.as_slice() {
            Some((*only).clone())
        } else if candidates.len() == 1 {
            candidates.iter().next().cloned()
        } else {
            None
        }
    }

    /// One static route of a transit-router table as a native route, or
    /// `None` (reported: not forwarding, an unreadable destination, a next hop
    /// not modelled).
    fn tr_static_route(&mut self, file: &str, handle: &str, fact: &TrRouteFact) -> Option<TrRoute> {
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
                    file,
                    "tr_route",
                    handle,
                    format!("status `{s}`: not forwarding"),
                );
                return None;
            }
            Some(s) => {
                self.skip(
                    file,
                    "tr_route",
                    handle,
                    format!("unknown route status `{s}`"),
                );
                return None;
            }
        }
        let destination = match cidr4(&fact.destination) {
            Ok(d) => canonical(&d),
            Err(reason) => {
                self.skip(file, "tr_route", handle, reason);
                return None;
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
                    self.skip(file, "tr_route", handle, "next hop without an id");
                    return None;
                }
            }
        } else {
            self.skip(
                file,
                "tr_route",
                handle,
                format!("next hop type `{}` is not modelled", fact.hop_type),
            );
            return None;
        };
        let route = TrRoute {
            destination: destination.clone(),
            next_hop,
        };
        Some(route)
    }
}
