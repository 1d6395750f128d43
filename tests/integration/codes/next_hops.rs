//! Every VPC next-hop type, and ECMP (semantics S3.3, S8.6).

use super::*;

// ===========================================================================
// 2. Every VPC next-hop type, and ECMP (semantics S3.3, S8.6)
// ===========================================================================

#[test]
fn next_hop_nat_gateway_internet() {
    let pair = expect_reachable(&base_nat());
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("ngw-1")
    );
}

#[test]
fn next_hop_nat_gateway_internet_private_destination_is_no_route() {
    // semantics S3.3: an internet NAT gateway delivers nothing private.
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-nat", "vpc-a", "10.10.0.0/24"),
    );
    *routes(&mut inventory, "vtb-a") = json!([route("10.20.0.0/16", "nat_gateway", "ngw-1")]);
    inventory["nat_gateways"] = json!([{"id": "ngw-1", "vpc": "vpc-a", "vswitch": "vsw-nat",
        "type": "internet", "eips": ["eip-1"],
        "snat_entries": [{"source_vswitch": "vsw-a", "snat_ips": ["203.0.113.25"]}]}]);
    inventory["eips"] = json!([{"id": "eip-1", "ip": "203.0.113.25", "bound_to": "ngw-1"}]);
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.0/24", "203.0.113.25"]);
    expect_blocking(&inventory, "no-route");
}

#[test]
fn next_hop_nat_gateway_vpc() {
    let pair = expect_reachable(&base_vpc_nat());
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("ngw-v")
    );
}

#[test]
fn s5_1_vpc_nat_reply_follows_the_translation_back_symmetrically() {
    // semantics S5.1: the reply returns through ngw-v (stateful) over the same peering; the
    // paths cross the same hops, so no asymmetric-path (semantics S5.3).
    let pair = expect_absent(&base_vpc_nat(), "asymmetric-path");
    assert_eq!(codes(&pair), Vec::<String>::new(), "pair:\n{pair:#}");
}

#[test]
fn next_hop_nat_gateway_vpc_whitelist_sees_the_nat_ip() {
    let mut inventory = base_vpc_nat();
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.0/24"]);
    expect_blocking(&inventory, "whitelist-missing");
}

#[test]
fn next_hop_vpc_peer() {
    let pair = expect_reachable(&base_peering());
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("pcc-ab")
    );
    assert_eq!(pair["scenario"], "1");
}

#[test]
fn next_hop_tr_attachment() {
    let pair = expect_reachable(&base_tr());
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("tra-a")
    );
    assert!(places(&pair, "forward").iter().any(|p| p == "tr-1"));
}

#[test]
fn next_hop_vpn_gateway() {
    let pair = expect_reachable(&base_vpn());
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("vpn-1")
    );
    assert_eq!(pair["scenario"], "5");
}

#[test]
fn next_hop_vbr_router_interface() {
    // semantics S8.4: the VBR routes replies for vpc-a's vSwitch CIDRs back to vpc-a.
    let pair = expect_reachable(&base_vbr());
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("vbr-1")
    );
    assert!(places(&pair, "return").iter().any(|p| p == "vbr-1"));
}

#[test]
fn next_hop_instance() {
    let mut inventory = base_peering();
    inventory["ecs_instances"] = json!([
        {"id": "i-fw", "vswitch": "vsw-a", "private_ips": ["10.10.1.50"], "security_groups": []}
    ]);
    *routes(&mut inventory, "vtb-a") = json!([route("10.20.0.0/16", "instance", "i-fw")]);
    expect_undecided(&inventory, "appliance-not-modelled");
}

#[test]
fn next_hop_network_interface() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-a") =
        json!([route("10.20.0.0/16", "network_interface", "eni-fw")]);
    expect_undecided(&inventory, "appliance-not-modelled");
}

#[test]
fn next_hop_havip() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-a") = json!([route("10.20.0.0/16", "havip", "havip-fw")]);
    expect_undecided(&inventory, "appliance-not-modelled");
}

#[test]
fn next_hop_ipv4_gateway() {
    // A private source at an IPv4 gateway: no-public-source.
    expect_blocking(&ipv4_gateway_without_public_source(), "no-public-source");
}

#[test]
fn next_hop_ecmp_every_branch_succeeds() {
    let mut inventory = base_peering_tr();
    *routes(&mut inventory, "vtb-a") = json!([{"destination": "10.20.0.0/16", "next_hops": [
        {"type": "vpc_peer", "id": "pcc-ab"}, {"type": "tr_attachment", "id": "tra-a"}
    ]}]);
    expect_reachable(&inventory);
}

#[test]
fn next_hop_ecmp_one_failing_branch_blocks() {
    let mut inventory = base_peering_tr();
    *routes(&mut inventory, "vtb-a") = json!([{"destination": "10.20.0.0/16", "next_hops": [
        {"type": "vpc_peer", "id": "pcc-ab"}, {"type": "tr_attachment", "id": "tra-a"}
    ]}]);
    find(&mut inventory, "tr_attachments", "tra-a")["status"] = json!("attaching");
    expect_blocking(&inventory, "tr-attachment-inactive");
}

#[test]
fn next_hop_ecmp_one_appliance_branch_is_unknown() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-a") = json!([{"destination": "10.20.0.0/16", "next_hops": [
        {"type": "vpc_peer", "id": "pcc-ab"}, {"type": "havip", "id": "havip-fw"}
    ]}]);
    expect_undecided(&inventory, "appliance-not-modelled");
}
