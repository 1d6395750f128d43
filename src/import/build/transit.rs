//! Finishing the transit family: CENs (basic edition: the networks attached
//! and the bandwidth of region pairs; enterprise edition: transit routers) and
//! transit-router attachments. The transit routers' route tables are finished
//! in [`super::transit_tables`].

use super::*;

const ATTACHMENT_STATUS: &[(&str, TrAttachmentStatus)] = &[
    ("Attached", TrAttachmentStatus::Attached),
    ("Attaching", TrAttachmentStatus::Attaching),
    ("Detaching", TrAttachmentStatus::Detaching),
];

impl Finisher {
    /// CENs and their transit routers; returns the enterprise transit routers written.
    pub(super) fn cens(&mut self) -> BTreeSet<String> {
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
        self.cen_children(&basic_cens);
        self.transit_routers(&basic_cens)
    }

    /// Reports the child instances of CENs that are not basic-edition (an
    /// enterprise CEN's networks come from its transit-router attachments).
    fn cen_children(&mut self, basic_cens: &BTreeSet<String>) {
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
    }

    /// Writes the transit routers of enterprise-edition CENs (others are
    /// implied or reported); returns their ids.
    fn transit_routers(&mut self, basic_cens: &BTreeSet<String>) -> BTreeSet<String> {
        let mut enterprise_trs = BTreeSet::new();
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

    pub(super) fn written_cen(&self, id: &str) -> bool {
        self.out.cens.iter().any(|c| c.id == id)
    }

    /// The compact attachments and bandwidth of a basic-edition CEN.
    pub(super) fn basic_parts(
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

    pub(super) fn attachments(
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
}
