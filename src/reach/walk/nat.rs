//! The way out to the internet (semantics S3.3, S3.5, S8.7): SNAT on a NAT gateway,
//! then the internet (Internet NAT) or onward in the gateway's VPC (VPC NAT).
//!
//! Rules obeyed here: the internet delivers public destinations only; a
//! source part takes the most specific SNAT entry that covers it (a vSwitch
//! entry also covers its own vSwitch's traffic), ties broken by entry id; an
//! entry that translates to an address the gateway does not own is
//! `snat-ip-invalid` but still translates, so the rest of the path is traced.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};

use ipnet::Ipv4Net;

use super::{dedup, host, DeliveredAt, Entry, Flow, Walk};
use crate::findings::diags::{self, Lookup};
use crate::model::NatGatewayType;
use crate::reach::fix;
use crate::route::split;
use crate::validate::{is_public_range, NatGatewayIx, SnatSource};

impl Walk<'_, '_> {
    /// semantics S3.5: the internet delivers to public addresses only.
    pub(super) fn internet(&mut self, flow: Flow, from: &str) {
        if !is_public_range(flow.dest) {
            let finding = self.route_missing(Lookup::Internet {
                from,
                dest: flow.dest,
            });
            self.add(finding);
            return;
        }
        self.hop("internet", None, None, None, Some(flow.dest), None);
        self.deliver(DeliveredAt::Internet, &flow);
    }

    /// semantics S9.2: an old-version resource group whose public address is
    /// unknown exits to the internet over its default EIP, never through a
    /// NAT gateway; the source is every address (the EIP is not known).
    pub(in crate::reach) fn start_default_eip(&mut self, group: &str, dest: Ipv4Net) {
        self.hop(
            group,
            None,
            None,
            Some("internet"),
            None,
            Some("exits over its default EIP (address not in the inventory)".to_string()),
        );
        let flow = Flow {
            dest,
            src: vec![Ipv4Net::default()],
            src_vsw: None,
            snat: None,
            depth: 0,
        };
        self.internet(flow, group);
    }

    /// semantics S3.3, S8.7: SNAT on a NAT gateway, then the internet or onward.
    pub(super) fn nat(&mut self, nat: NatGatewayIx, mut flow: Flow) {
        let v = self.v();
        let gateway = &v.nat_gateways[nat];
        self.transit.insert(Cow::Borrowed(&gateway.id));
        let mut translated: Vec<Ipv4Net> = Vec::new();
        // Each source range is split where a SNAT entry lies inside it, so
        // every part is translated by the one entry that covers it best.
        for source in flow.src.clone() {
            let has_inside = |part: Ipv4Net| {
                gateway.snat_entries.iter().any(|entry| match entry.source {
                    SnatSource::Cidr(cidr) => part.contains(&cidr) && cidr != part,
                    SnatSource::VSwitch(vsw) => {
                        let cidr = v.vswitches[vsw].cidr;
                        part.contains(&cidr) && cidr != part
                    }
                })
            };
            for part in split(source, &has_inside) {
                // The most specific covering entry; a vSwitch entry also
                // matches its own vSwitch's traffic; the smaller id on a tie.
                let best = gateway
                    .snat_entries
                    .iter()
                    .filter_map(|entry| {
                        let cidr = match entry.source {
                            SnatSource::Cidr(cidr) => cidr,
                            SnatSource::VSwitch(vsw) => v.vswitches[vsw].cidr,
                        };
                        let matches = match entry.source {
                            SnatSource::VSwitch(vsw) => {
                                flow.src_vsw == Some(vsw) || cidr.contains(&part)
                            }
                            SnatSource::Cidr(_) => cidr.contains(&part),
                        };
                        matches.then_some((cidr.prefix_len(), entry))
                    })
                    .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)));
                match best {
                    None => {
                        self.hop(
                            &gateway.id,
                            None,
                            None,
                            None,
                            None,
                            Some(format!("no SNAT entry covers {part}")),
                        );
                        let remedy = fix::snat_entry(self.e, gateway, flow.src_vsw, part);
                        self.add(diags::snat_missing(&gateway.id, part, remedy));
                    }
                    Some((_, entry)) => {
                        // The addresses the gateway owns: its EIPs (Internet NAT) or its NAT
                        // IPs (VPC NAT); a SNAT entry may translate to nothing else.
                        let owned: Vec<Ipv4Addr> = match gateway.kind {
                            NatGatewayType::Internet => gateway
                                .eips
                                .iter()
                                .filter_map(|e| match v.eips[*e].ip {
                                    IpAddr::V4(address) => Some(address),
                                    IpAddr::V6(_) => None,
                                })
                                .collect(),
                            NatGatewayType::Vpc => gateway.nat_ips.clone(),
                        };
                        let invalid: Vec<Ipv4Addr> = entry
                            .snat_ips
                            .iter()
                            .filter(|ip| !owned.contains(ip))
                            .copied()
                            .collect();
                        if !invalid.is_empty() {
                            self.add(diags::snat_ip_invalid(
                                &gateway.id,
                                gateway.kind,
                                &entry.id,
                                &invalid,
                                owned.first().copied(),
                            ));
                        }
                        let ips: Vec<String> =
                            entry.snat_ips.iter().map(|ip| ip.to_string()).collect();
                        self.hop(
                            &gateway.id,
                            None,
                            None,
                            Some(&entry.id),
                            None,
                            Some(format!("SNAT {part} to {}", ips.join(", "))),
                        );
                        translated.extend(entry.snat_ips.iter().map(|ip| host(*ip)));
                    }
                }
            }
        }
        // Nothing was translated: the SNAT findings above end this branch.
        if translated.is_empty() {
            return;
        }
        flow.src = dedup(translated);
        flow.src_vsw = None;
        flow.snat = Some(nat);
        match gateway.kind {
            NatGatewayType::Internet => {
                let id: &str = &gateway.id;
                self.internet(flow, id);
            }
            NatGatewayType::Vpc => {
                let table = v.vswitches[gateway.vswitch].table;
                self.vpc(gateway.vpc, table, Entry::Nat(nat), flow);
            }
        }
    }
}
