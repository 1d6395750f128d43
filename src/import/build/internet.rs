//! Finishing the way out to the internet: NAT gateways with their SNAT
//! entries, and EIPs with what they are bound to.

use super::*;

const NAT_STATUS: &[(&str, NatGatewayStatus)] = &[
    ("Available", NatGatewayStatus::Available),
    ("Creating", NatGatewayStatus::Creating),
    ("Modifying", NatGatewayStatus::Modifying),
    ("Deleting", NatGatewayStatus::Deleting),
    ("Converting", NatGatewayStatus::Converting),
];

impl Finisher {
    pub(super) fn nats(&mut self) {
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
            let Some(vswitch) = self.nat_vswitch(&id, &fact, &file) else {
                continue;
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
        self.unmatched_snats(&snats, &used);
    }

    /// The vSwitch of a NAT gateway. An older gateway names none: it is
    /// placed in the first vSwitch of its VPC (warned), or skipped when the
    /// export has none.
    fn nat_vswitch(&mut self, id: &str, fact: &NatFact, file: &str) -> Option<String> {
        match fact.vswitch.clone().filter(|v| !v.trim().is_empty()) {
            Some(vswitch) => Some(vswitch),
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
                        file,
                        "nat_gateway",
                        id,
                        format!(
                            "no `NatGatewayPrivateInfo.VswitchId` and no vSwitch of its VPC `{}` in the export to place it in",
                            fact.vpc
                        ),
                    );
                    return None;
                };
                self.warn(
                    file,
                    "nat_gateway",
                    id,
                    format!(
                        "no `NatGatewayPrivateInfo.VswitchId` in the body (an older gateway): placed in `{first}`, the first vSwitch of VPC `{}`; its SNAT entries and EIPs are kept (set `vswitch` in an overlay if another one is right)",
                        fact.vpc
                    ),
                );
                Some(first)
            }
        }
    }

    /// Reports the SNAT entries no imported NAT gateway took.
    fn unmatched_snats(&mut self, snats: &[SnatFact], used: &[bool]) {
        for (snat, &taken) in snats.iter().zip(used) {
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

    pub(super) fn snat_entry(&mut self, snat: &SnatFact, nat: &str) -> Option<SnatEntry> {
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

    pub(super) fn eips(&mut self) {
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
}
