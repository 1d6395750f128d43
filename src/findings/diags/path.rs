//! Constructors of the codes the forward and return walks raise inside VPCs
//! and at NAT gateways (semantics S3, S5), the route lookups of every place, and the
//! `asymmetric-path` note; the codes of transit routers and of the links to
//! data centers are in `links.rs`.
//!
//! `no-route` and `return-route-missing` share the places a lookup can fail
//! ([`Lookup`]); the return path has places of its own ([`ReturnStop`]).

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::Ipv4Net;

use super::{nets, status_text};
use crate::findings::{Change, Code, Finding, Remedy};
use crate::model::{NatGatewayType, PeeringStatus};

/// `classic-network`: the data source is on the classic network (semantics S4.1).
pub fn classic_network(data_source: &str) -> Finding {
    Finding::new(
        Code::ClassicNetwork,
        data_source,
        format!(
            "data source {data_source} is on the classic network; VPC resource groups cannot reach it"
        ),
    )
    .with_decision(format!(
        "migrate {data_source} to a VPC (or use its VPC endpoint) and point the data source at the new address"
    ))
}

/// `ipv6-not-analysed`: the data source's address is IPv6.
pub fn ipv6_not_analysed(data_source: &str, address: Ipv6Addr) -> Finding {
    Finding::new(
        Code::Ipv6NotAnalysed,
        data_source,
        format!("data source {data_source} has the IPv6 address {address}; netreach v1 analyses IPv4 only"),
    )
}

/// A resource group's binding: the group, the VPC and the vSwitch it is bound to.
#[derive(Debug, Clone, Copy)]
pub struct BindingIds<'a> {
    /// The resource group.
    pub group: &'a str,
    /// The bound VPC.
    pub vpc: &'a str,
    /// The bound vSwitch.
    pub vswitch: &'a str,
}

/// `rg-route-missing`: the binding's route list does not cover `address`
/// (semantics S3.1); the remedy adds `network` to it.
pub fn rg_route_missing(binding: BindingIds<'_>, address: Ipv4Addr, network: Ipv4Net) -> Finding {
    let BindingIds {
        group,
        vpc,
        vswitch,
    } = binding;
    Finding::new(
        Code::RgRouteMissing,
        group,
        format!("the route list of {group}'s binding to {vpc}/{vswitch} does not cover {address}"),
    )
    .with_related([vpc.to_string(), vswitch.to_string()])
    .with_change(Change::GroupRoute {
        group: group.to_string(),
        vpc: vpc.to_string(),
        vswitch: vswitch.to_string(),
        destination: network,
    })
}

/// `rg-routes-unknown`: the binding's route list is not in the inventory.
pub fn rg_routes_unknown(binding: BindingIds<'_>, address: Ipv4Addr) -> Finding {
    let BindingIds {
        group,
        vpc,
        vswitch,
    } = binding;
    Finding::new(
        Code::RgRoutesUnknown,
        group,
        format!(
            "the route list of {group}'s binding to {vpc}/{vswitch} is not in the inventory; it must cover {address}"
        ),
    )
    .with_related([vpc.to_string(), vswitch.to_string()])
}

/// A place where a route lookup found nothing, on either path. The finding's
/// resource is the table (or device) looked up.
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    /// A VPC route table (semantics S3.2); `pending`: a matching route exists but is
    /// still pending and carries no traffic.
    VpcTable {
        table: &'a str,
        vpc: &'a str,
        part: Ipv4Net,
        pending: bool,
        remedy: Remedy,
    },
    /// A transit-router route table (semantics S3.3).
    TrTable {
        table: &'a str,
        tr: &'a str,
        part: Ipv4Net,
        remedy: Remedy,
    },
    /// A VBR's routes (semantics S3.3).
    Vbr {
        vbr: &'a str,
        part: Ipv4Net,
        remedy: Remedy,
    },
    /// A VPN gateway: no connection has the destination in its remote CIDRs
    /// and every source in its local CIDRs (semantics S8.8).
    VpnGateway {
        gateway: &'a str,
        dest: Ipv4Net,
        sources: &'a [Ipv4Net],
        remedy: Remedy,
    },
    /// The internet, for a destination that is not public (semantics S3.5); `from`
    /// is the gateway that sent it there.
    Internet { from: &'a str, dest: Ipv4Net },
    /// A data center that does not hold the destination routed to it (semantics S3.4).
    DataCenter { dc: &'a str, dest: Ipv4Net },
}

impl Lookup<'_> {
    /// The finding for this miss: its resource, message and remedy. The
    /// table lookups say "has no route for" forward and "replies to … have
    /// no route in" on the return path; the others read the same both ways.
    fn finding(self, code: Code) -> Finding {
        let back = code == Code::ReturnRouteMissing;
        match self {
            Lookup::VpcTable {
                table,
                vpc,
                part,
                pending,
                remedy,
            } => {
                let suffix = if pending {
                    " (a matching route is pending and carries no traffic)"
                } else {
                    ""
                };
                let message = if back {
                    format!("replies to {part} have no route in {table} of {vpc}{suffix}")
                } else {
                    format!("{table} of {vpc} has no route for {part}{suffix}")
                };
                Finding::new(code, table, message).with_remedy(remedy)
            }
            Lookup::TrTable {
                table,
                tr,
                part,
                remedy,
            } => {
                let message = if back {
                    format!("replies to {part} have no route in {table} of {tr}")
                } else {
                    format!("{table} of {tr} has no route for {part}")
                };
                Finding::new(code, table, message).with_remedy(remedy)
            }
            Lookup::Vbr { vbr, part, remedy } => {
                let message = if back {
                    format!("replies to {part} have no route in VBR {vbr}")
                } else {
                    format!("VBR {vbr} has no route for {part}")
                };
                Finding::new(code, vbr, message).with_remedy(remedy)
            }
            Lookup::VpnGateway {
                gateway,
                dest,
                sources,
                remedy,
            } => Finding::new(
                code,
                gateway,
                format!(
                    "no connection of VPN gateway {gateway} has {dest} in its remote CIDRs and {} in its local CIDRs",
                    nets(sources)
                ),
            )
            .with_remedy(remedy),
            Lookup::Internet { from, dest } => Finding::new(
                code,
                from,
                format!("{dest} is not a public address; the internet cannot deliver it"),
            )
            .with_decision(format!(
                "route {dest} through a private path (peering, transit router, VPN or Express Connect) instead of the internet"
            )),
            Lookup::DataCenter { dc, dest } => Finding::new(
                code,
                dc,
                format!("data center {dc} does not hold {dest}"),
            )
            .with_decision(format!(
                "route {dest} away from data center {dc}: the routes toward it capture an address it does not hold"
            )),
        }
    }
}

/// Where the forward path finds no route.
#[derive(Debug, Clone)]
pub enum NoRouteAt<'a> {
    /// A lookup on the way (shared with the return path).
    Lookup(Lookup<'a>),
    /// A VPN connection whose remote CIDRs do not hold the destination; the
    /// remedy adds `cidr` to them.
    VpnRemoteCidrs {
        connection: &'a str,
        dest: Ipv4Net,
        cidr: Ipv4Net,
    },
    /// An old-version resource group with no VPC binding, toward a private
    /// destination (semantics S9.8): it reaches only the internet.
    Unbound {
        group: &'a str,
        dest: std::net::Ipv4Addr,
    },
}

/// `no-route`: a lookup found no route for the destination (semantics S3.2–S3.5).
pub fn no_route(at: NoRouteAt<'_>) -> Finding {
    match at {
        NoRouteAt::Lookup(lookup) => lookup.finding(Code::NoRoute),
        NoRouteAt::Unbound { group, dest } => Finding::new(
            Code::NoRoute,
            group,
            format!(
                "resource group {group} has no VPC binding: it reaches only the internet, not {dest}"
            ),
        )
        .with_decision(format!(
            "bind {group} to a vSwitch of a VPC that reaches {dest} (DataWorks console > Resource Groups > Network Settings)"
        )),
        NoRouteAt::VpnRemoteCidrs {
            connection,
            dest,
            cidr,
        } => Finding::new(
            Code::NoRoute,
            connection,
            format!("{dest} is outside the remote CIDRs of VPN connection {connection}"),
        )
        .with_change(Change::VpnRemoteCidr {
            connection: connection.to_string(),
            cidr,
        }),
    }
}

/// Where a reply was delivered instead of the resource group's vSwitch.
#[derive(Debug, Clone, Copy)]
pub enum Elsewhere<'a> {
    /// Another vSwitch.
    VSwitch(&'a str),
    /// A data center.
    DataCenter(&'a str),
    /// The internet.
    Internet,
    /// The cloud-services range of a VPC.
    CloudServices(&'a str),
    /// A VPC (the VPC of a NAT gateway).
    Vpc(&'a str),
}

impl std::fmt::Display for Elsewhere<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Elsewhere::VSwitch(id) => write!(f, "vSwitch {id}"),
            Elsewhere::DataCenter(id) => write!(f, "data center {id}"),
            Elsewhere::Internet => f.write_str("the internet"),
            Elsewhere::CloudServices(vpc) => write!(f, "cloud services of {vpc}"),
            Elsewhere::Vpc(id) => write!(f, "VPC {id}"),
        }
    }
}

/// Where the return path stops (semantics S5): every wording of `return-route-missing`.
#[derive(Debug, Clone)]
pub enum ReturnStop<'a> {
    /// A lookup on the way (shared with the forward path).
    Lookup(Lookup<'a>),
    /// Replies reach a place other than the resource group's vSwitch
    /// `target`; `resource` is the last table (or place) of the return path.
    DeliveredElsewhere {
        resource: &'a str,
        dest: Ipv4Net,
        place: Elsewhere<'a>,
        target: &'a str,
    },
    /// A data center's own routes have nothing for the reply (semantics S5.2).
    DataCenterRoutes {
        dc: &'a str,
        part: Ipv4Net,
        remedy: Remedy,
    },
    /// The data center routes over a physical connection that has no VBR.
    NoVbr {
        connection: &'a str,
        dest: Ipv4Net,
        dc: &'a str,
    },
    /// The reply falls outside the local CIDRs of the VPN connection the
    /// data center routes it over; the remedy adds `part` to them.
    OutsideLocalCidrs { connection: &'a str, part: Ipv4Net },
    /// The VPN connection the reply takes is on a transit router but has no
    /// attachment there.
    NoVpnAttachment { connection: &'a str, tr: &'a str },
}

/// `return-route-missing`: replies for (part of) the source range have no
/// way back (semantics S5, S8.12).
pub fn return_route_missing(stop: ReturnStop<'_>) -> Finding {
    let code = Code::ReturnRouteMissing;
    match stop {
        ReturnStop::Lookup(lookup) => lookup.finding(code),
        ReturnStop::DeliveredElsewhere {
            resource,
            dest,
            place,
            target,
        } => Finding::new(
            code,
            resource,
            format!("replies to {dest} are delivered to {place}, not to the resource group's vSwitch {target}"),
        )
        .with_related([target.to_string()])
        .with_decision(format!(
            "route {dest} back toward the resource group's VPC at {resource}, or re-address one of the overlapping networks that captures it"
        )),
        ReturnStop::DataCenterRoutes { dc, part, remedy } => Finding::new(
            code,
            dc,
            format!("data center {dc} has no route back to {part}"),
        )
        .with_remedy(remedy),
        ReturnStop::NoVbr {
            connection,
            dest,
            dc,
        } => Finding::new(
            code,
            connection,
            format!("no VBR sits on physical connection {connection}; replies to {dest} go nowhere"),
        )
        .with_decision(format!(
            "create a VBR on {connection} or route {dest} via another connection in {dc}"
        )),
        ReturnStop::OutsideLocalCidrs { connection, part } => Finding::new(
            code,
            connection,
            format!("replies to {part} fall outside the local CIDRs of VPN connection {connection}"),
        )
        .with_change(Change::VpnLocalCidr {
            connection: connection.to_string(),
            cidr: part,
        }),
        ReturnStop::NoVpnAttachment { connection, tr } => Finding::new(
            code,
            connection,
            format!("VPN connection {connection} has no attachment on transit router {tr}"),
        )
        .with_decision(format!(
            "attach {connection} to {tr} and associate the attachment with a route table"
        )),
    }
}

/// Why a path is a routing loop (semantics S3.8, S8.10).
#[derive(Debug, Clone, Copy)]
pub enum Loop<'a> {
    /// `place` is entered a second time for a range inside the first.
    Revisit { place: &'a str, dest: Ipv4Net },
    /// The path is longer than `limit` hops at `place`.
    TooLong {
        place: &'a str,
        dest: Ipv4Net,
        limit: u32,
    },
    /// `table` sends traffic back to the NAT gateway `nat` it just left.
    BackToNat {
        table: &'a str,
        nat: &'a str,
        dest: Ipv4Net,
    },
}

/// `routing-loop`: the path loops or is too long.
pub fn routing_loop(why: Loop<'_>) -> Finding {
    match why {
        Loop::Revisit { place, dest } => {
            loop_at(place, dest, format!("{place} is reached again for {dest}"))
        }
        Loop::TooLong { place, dest, limit } => loop_at(
            place,
            dest,
            format!("the path is longer than {limit} hops at {place}"),
        ),
        Loop::BackToNat { table, nat, dest } => Finding::new(
            Code::RoutingLoop,
            table,
            format!("{table} sends {dest} back to NAT gateway {nat}, which it just left"),
        )
        .with_decision(format!(
            "give the NAT gateway's vSwitch a route for {dest} that leads onward, not back to {nat}"
        )),
    }
}

/// A loop found on entering `place`: the shared wording of a revisit and of
/// a path that is too long.
fn loop_at(place: &str, dest: Ipv4Net, why: String) -> Finding {
    Finding::new(Code::RoutingLoop, place, format!("routing loop: {why}")).with_decision(format!(
        "correct the routes for {dest} so that the path does not return to {place}"
    ))
}

/// `peering-not-transitive`: traffic that arrived in `vpc` over peering `via`
/// would leave again by route `prefix` of `table` (semantics S3.2).
pub fn peering_not_transitive(
    vpc: &str,
    via: &str,
    part: Ipv4Net,
    prefix: Ipv4Net,
    table: &str,
) -> Finding {
    Finding::new(
        Code::PeeringNotTransitive,
        vpc,
        format!("traffic for {part} arrives in {vpc} over peering {via} and would leave again by route {prefix} in {table}: peering is not transitive"),
    )
    .with_related([via.to_string()])
    .with_decision(format!(
        "connect the two ends directly (a peering of their own, or a transit router) instead of going through {vpc}"
    ))
}

/// `peering-inactive`: the path uses a peering that is not activated; one
/// still accepting is accepted, any other is replaced.
pub fn peering_inactive(peering: &str, status: PeeringStatus) -> Finding {
    let text = status_text(status);
    Finding::new(
        Code::PeeringInactive,
        peering,
        format!("peering {peering} is {text}, not activated"),
    )
    .with_remedy(match status {
        PeeringStatus::Accepting => Remedy::one(Change::AcceptPeering {
            peering: peering.to_string(),
        }),
        _ => Remedy::Decide(format!(
            "peering {peering} is {text}: create a new peering between the two VPCs (the accepter's account accepts it) and point the routes at it"
        )),
    })
}

/// `appliance-not-modelled`: route `prefix` of `table` sends `dest` through
/// the appliance `hop`.
pub fn appliance_not_modelled(hop: &str, table: &str, prefix: Ipv4Net, dest: Ipv4Net) -> Finding {
    Finding::new(
        Code::ApplianceNotModelled,
        hop,
        format!("route {prefix} in {table} sends traffic through {hop}, an appliance netreach does not model"),
    )
    .with_related([table.to_string()])
    .with_decision(format!(
        "verify that {hop} forwards {dest} onward and back, or route it directly"
    ))
}

/// `no-public-source`: the IPv4 gateway `hop` would carry `dest` to the
/// internet from the private source `private` (semantics S3.5).
pub fn no_public_source(hop: &str, table: &str, dest: Ipv4Net, private: Ipv4Net) -> Finding {
    Finding::new(
        Code::NoPublicSource,
        hop,
        format!("{hop} sends {dest} to the internet with the private source {private}"),
    )
    .with_related([table.to_string()])
    .with_decision(format!(
        "route {dest} to an Internet NAT gateway with a SNAT entry for the source instead of {hop}"
    ))
}

/// `snat-missing`: no SNAT entry of `gateway` covers the source `part` (semantics S8.7).
pub fn snat_missing(gateway: &str, part: Ipv4Net, remedy: Remedy) -> Finding {
    Finding::new(
        Code::SnatMissing,
        gateway,
        format!("no SNAT entry of {gateway} covers the source {part}"),
    )
    .with_remedy(remedy)
}

/// `snat-ip-invalid`: SNAT entry `entry` of `gateway` translates to the
/// `invalid` addresses, which the gateway does not own; the remedy points
/// the entry at `owned`, the gateway's first address, when it has one.
pub fn snat_ip_invalid(
    gateway: &str,
    kind: NatGatewayType,
    entry: &str,
    invalid: &[Ipv4Addr],
    owned: Option<Ipv4Addr>,
) -> Finding {
    let what = match kind {
        NatGatewayType::Internet => "an EIP address of the gateway",
        NatGatewayType::Vpc => "a NAT IP of the gateway",
    };
    let remedy = match owned {
        Some(ip) => Remedy::one(Change::SnatIps {
            nat: gateway.to_string(),
            entry: entry.to_string(),
            ips: vec![ip],
        }),
        None => Remedy::Decide(format!(
            "bind an EIP to {gateway} (or give it a NAT IP) and change SNAT entry {entry} to it"
        )),
    };
    let invalid: Vec<String> = invalid.iter().map(|ip| ip.to_string()).collect();
    Finding::new(
        Code::SnatIpInvalid,
        gateway,
        format!(
            "SNAT entry {entry} of {gateway} translates to {}, which is not {what}",
            invalid.join(", ")
        ),
    )
    .with_related([entry.to_string()])
    .with_remedy(remedy)
}

/// `asymmetric-path`: the return path crosses `back`, the forward path
/// `forward` (transit places, in id order).
pub fn asymmetric_path(data_source: &str, back: &[&str], forward: &[&str]) -> Finding {
    let join = |items: &[&str]| {
        if items.is_empty() {
            "nothing".to_string()
        } else {
            items.join(", ")
        }
    };
    Finding::new(
        Code::AsymmetricPath,
        data_source,
        format!(
            "the return path crosses {} but the forward path crosses {}",
            join(back),
            join(forward)
        ),
    )
}

/// `binding-unreachable` (semantics S9.5, S9.8): the pair is reachable, but the
/// binding `binding` of its group cannot reach `data_source`; `blocker` is
/// that binding's primary finding (its code and resource).
pub fn binding_unreachable(
    binding: BindingIds<'_>,
    data_source: &str,
    blocker: (Code, &str),
) -> Finding {
    let BindingIds {
        group,
        vpc,
        vswitch,
    } = binding;
    let (code, resource) = blocker;
    Finding::new(
        Code::BindingUnreachable,
        vswitch,
        format!(
            "binding {vpc}/{vswitch} of {group} cannot reach {data_source}: {code} on {resource}; tasks that run through this binding fail"
        ),
    )
    .with_related([group.to_string(), vpc.to_string()])
}
