//! The blocking codes of semantics S7 (verdict `unreachable`): each produced by a minimal
//! fixture and absent from a near-identical one.

use super::*;

// ===========================================================================
// 1. Every finding code: produced, and absent from a near-identical fixture
// ===========================================================================

#[test]
fn the_bases_are_reachable_and_clean() {
    for (name, inventory) in [
        ("peering", base_peering()),
        ("tr", base_tr()),
        ("peering+tr", base_peering_tr()),
        ("tr3", base_tr3()),
        ("cross-region", base_cross_region()),
        ("basic-cen", base_basic_cen()),
        ("nat", base_nat()),
        ("public-ip", base_public_ip()),
    ] {
        let (exit, pair) = check_pair(&inventory);
        assert_eq!(pair["verdict"], "reachable", "{name}; pair:\n{pair:#}");
        assert_eq!(
            codes(&pair),
            Vec::<String>::new(),
            "{name}; pair:\n{pair:#}"
        );
        assert_eq!(exit, Some(0), "{name}");
    }
}

// --- classic-network (semantics S4.1) ---

#[test]
fn code_classic_network_produced() {
    let mut inventory = base_peering();
    *ds(&mut inventory) = json!({"id": "ds-1", "type": "mysql", "ip": "10.161.24.7", "port": 3306,
                                  "location": {"classic": true}, "whitelist": ["10.10.1.0/24"]});
    let pair = expect_blocking(&inventory, "classic-network");
    assert_eq!(pair["scenario"], "classic");
    let advice = format!(
        "{}\n{}",
        fixes_text(&pair),
        finding(&pair, "classic-network")["fix"]
    )
    .to_lowercase();
    assert_mentions(&advice, &["migrat", "vpc"], "the classic-network fix");
}

#[test]
fn code_classic_network_absent() {
    expect_absent(&base_peering(), "classic-network");
}

// --- rg-route-missing (semantics S3.1) ---

#[test]
fn code_rg_route_missing_produced() {
    let mut inventory = base_peering();
    rg(&mut inventory)["networks"][0]["routes"] = json!([]);
    let pair = expect_blocking(&inventory, "rg-route-missing");
    assert_mentions(&fixes_text(&pair), &["rg-1"], "the fixes");
    // semantics S8.5: the trace goes on, the path is complete.
    assert!(
        places(&pair, "forward").iter().any(|p| p == "vpc-b"),
        "rg-route-missing does not stop the trace (S8.5); pair:\n{pair:#}"
    );
}

#[test]
fn code_rg_route_missing_absent() {
    expect_absent(&base_peering(), "rg-route-missing");
}

#[test]
fn code_rg_route_missing_route_list_covers_with_a_shorter_prefix() {
    let mut inventory = base_peering();
    rg(&mut inventory)["networks"][0]["routes"] = json!(["10.0.0.0/8"]);
    expect_absent(&inventory, "rg-route-missing");
}

// --- no-route (semantics S3.2) ---

#[test]
fn code_no_route_produced() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-a") = json!([]);
    let pair = expect_blocking(&inventory, "no-route");
    assert_eq!(finding(&pair, "no-route")["resource"], "vtb-a");
    assert_mentions(&fixes_text(&pair), &["vtb-a"], "the fixes");
}

#[test]
fn code_no_route_absent() {
    expect_absent(&base_peering(), "no-route");
}

// --- route-blackhole (semantics S3.3) ---

#[test]
fn code_route_blackhole_produced() {
    let mut inventory = base_tr();
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] =
        json!([{"destination": "10.20.1.0/24", "next_hop": {"type": "blackhole"}}]);
    let pair = expect_blocking(&inventory, "route-blackhole");
    let found = finding(&pair, "route-blackhole");
    assert_mentions(
        &format!("{} {}", found["resource"], found["message"]),
        &["trt-1"],
        "the route-blackhole finding",
    );
}

#[test]
fn code_route_blackhole_absent() {
    expect_absent(&base_tr(), "route-blackhole");
}

// --- peering-inactive (semantics S3.3, S8.12) ---

#[test]
fn code_peering_inactive_produced() {
    let mut inventory = base_peering();
    find(&mut inventory, "peering_connections", "pcc-ab")["status"] = json!("accepting");
    let pair = expect_blocking(&inventory, "peering-inactive");
    assert_eq!(finding(&pair, "peering-inactive")["resource"], "pcc-ab");
    assert_eq!(
        findings_with(&pair, "peering-inactive").len(),
        1,
        "a finding seen in both directions is reported once (S8.12); pair:\n{pair:#}"
    );
}

#[test]
fn code_peering_inactive_absent() {
    expect_absent(&base_peering(), "peering-inactive");
}

// --- peering-not-transitive (semantics S3.3) ---

#[test]
fn code_peering_not_transitive_produced() {
    expect_blocking(&three_vpcs_chained(), "peering-not-transitive");
}

#[test]
fn code_peering_not_transitive_absent() {
    let mut inventory = three_vpcs_chained();
    push(
        &mut inventory,
        "peering_connections",
        json!({"id": "pcc-ac", "vpc": "vpc-a", "peer_vpc": "vpc-c", "status": "activated"}),
    );
    *routes(&mut inventory, "vtb-a") = json!([route("10.30.0.0/16", "vpc_peer", "pcc-ac")]);
    *routes(&mut inventory, "vtb-c") = json!([route("10.10.0.0/16", "vpc_peer", "pcc-ac")]);
    expect_absent(&inventory, "peering-not-transitive");
}

// --- tr-attachment-inactive (semantics S3.3) ---

#[test]
fn code_tr_attachment_inactive_produced() {
    let mut inventory = base_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["status"] = json!("attaching");
    let pair = expect_blocking(&inventory, "tr-attachment-inactive");
    assert_eq!(
        finding(&pair, "tr-attachment-inactive")["resource"],
        "tra-a"
    );
}

#[test]
fn code_tr_attachment_inactive_absent() {
    expect_absent(&base_tr(), "tr-attachment-inactive");
}

// --- tr-attachment-not-associated (semantics S3.3) ---

#[test]
fn code_tr_attachment_not_associated_produced() {
    let mut inventory = base_tr();
    find(&mut inventory, "tr_route_tables", "trt-1")["associations"] = json!(["tra-b"]);
    let pair = expect_blocking(&inventory, "tr-attachment-not-associated");
    assert_eq!(
        finding(&pair, "tr-attachment-not-associated")["resource"],
        "tra-a"
    );
}

#[test]
fn code_tr_attachment_not_associated_absent() {
    expect_absent(&base_tr(), "tr-attachment-not-associated");
}

// --- inter-region-missing (semantics S3.7, S8.9) ---

#[test]
fn code_inter_region_missing_produced() {
    let pair = expect_blocking(&cross_region_without_peers(), "inter-region-missing");
    assert_eq!(
        findings_with(&pair, "inter-region-missing").len(),
        1,
        "one inter-region-missing per (CEN, region pair) (S8.9); pair:\n{pair:#}"
    );
    assert!(
        !codes(&pair).iter().any(|c| c == "no-route"),
        "inter-region-missing replaces a bare no-route (S3.7); pair:\n{pair:#}"
    );
}

#[test]
fn code_inter_region_missing_absent() {
    expect_absent(&base_cross_region(), "inter-region-missing");
}

#[test]
fn code_inter_region_missing_one_peer_attachment_joins_nothing() {
    // semantics S8.9: a peer attachment without its counterpart joins nothing.
    let mut inventory = cross_region_without_peers();
    push(
        &mut inventory,
        "tr_attachments",
        peer_attachment("trp-hz", "tr-hz", "tr-bj"),
    );
    *find(&mut inventory, "tr_route_tables", "trt-hz") =
        tr_table("trt-hz", "tr-hz", &["tra-a", "trp-hz"]);
    expect_blocking(&inventory, "inter-region-missing");
}

// --- snat-missing (semantics S3.3, S8.7) ---

#[test]
fn code_snat_missing_produced() {
    let mut inventory = base_nat();
    find(&mut inventory, "nat_gateways", "ngw-1")["snat_entries"] = json!([]);
    let pair = expect_blocking(&inventory, "snat-missing");
    assert_mentions(&fixes_text(&pair), &["ngw-1"], "the fixes");
}

#[test]
fn code_snat_missing_absent() {
    expect_absent(&base_nat(), "snat-missing");
}

#[test]
fn code_snat_missing_names_the_uncovered_part_of_the_source_range() {
    // semantics S8.7: a source_cidr entry covering half of vsw-a.
    let mut inventory = base_nat();
    find(&mut inventory, "nat_gateways", "ngw-1")["snat_entries"] =
        json!([{"source_cidr": "10.10.1.0/25", "snat_ips": ["203.0.113.25"]}]);
    let pair = expect_blocking(&inventory, "snat-missing");
    assert_mentions(
        finding(&pair, "snat-missing")["message"]
            .as_str()
            .unwrap_or(""),
        &["10.10.1.128/25"],
        "the snat-missing message",
    );
}

#[test]
fn code_snat_missing_absent_when_a_source_cidr_covers_the_range() {
    let mut inventory = base_nat();
    find(&mut inventory, "nat_gateways", "ngw-1")["snat_entries"] =
        json!([{"source_cidr": "10.10.0.0/16", "snat_ips": ["203.0.113.25"]}]);
    expect_absent(&inventory, "snat-missing");
}

// --- snat-ip-invalid (semantics S3.3) ---

#[test]
fn code_snat_ip_invalid_produced() {
    // 203.0.113.99 is an EIP of the account, not of the gateway.
    let mut inventory = base_nat();
    push(
        &mut inventory,
        "eips",
        json!({"id": "eip-2", "ip": "203.0.113.99"}),
    );
    find(&mut inventory, "nat_gateways", "ngw-1")["snat_entries"] =
        json!([{"source_vswitch": "vsw-a", "snat_ips": ["203.0.113.99"]}]);
    ds(&mut inventory)["whitelist"] = json!(["203.0.113.25", "203.0.113.99"]);
    expect_blocking(&inventory, "snat-ip-invalid");
}

#[test]
fn code_snat_ip_invalid_absent() {
    let mut inventory = base_nat();
    push(
        &mut inventory,
        "eips",
        json!({"id": "eip-2", "ip": "203.0.113.99"}),
    );
    ds(&mut inventory)["whitelist"] = json!(["203.0.113.25", "203.0.113.99"]);
    expect_absent(&inventory, "snat-ip-invalid");
}

// --- no-public-source (semantics S3.3) ---

/// `base_public_ip` without the public address, with a default route to the
/// VPC's IPv4 gateway, and a serverless group (an old-version group would
/// leave over its default EIP, semantics S9.2).
pub(super) fn ipv4_gateway_without_public_source() -> Value {
    let mut inventory = base_public_ip();
    *routes(&mut inventory, "vtb-a") = json!([route("0.0.0.0/0", "ipv4_gateway", "igw-1")]);
    rg(&mut inventory)["type"] = json!("serverless");
    if let Some(group) = rg(&mut inventory).as_object_mut() {
        group.remove("public_ip");
    }
    inventory
}

#[test]
fn code_no_public_source_produced() {
    expect_blocking(&ipv4_gateway_without_public_source(), "no-public-source");
}

#[test]
fn code_no_public_source_absent() {
    let mut inventory = ipv4_gateway_without_public_source();
    rg(&mut inventory)["public_ip"] = json!("203.0.113.50");
    expect_absent(&inventory, "no-public-source");
}

// --- link-down (semantics S3.3): VBR, physical connection, VPN connection ---

#[test]
fn code_link_down_vbr_produced() {
    let mut inventory = base_vbr();
    find(&mut inventory, "vbrs", "vbr-1")["status"] = json!("unconfirmed");
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "vbr-1");
}

#[test]
fn code_link_down_physical_connection_produced() {
    let mut inventory = base_vbr();
    find(&mut inventory, "physical_connections", "pc-1")["status"] = json!("terminated");
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "pc-1");
}

#[test]
fn code_link_down_vpn_connection_produced() {
    let mut inventory = base_vpn();
    find(&mut inventory, "vpn_connections", "vco-1")["status"] = json!("down");
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "vco-1");
}

#[test]
fn code_link_down_absent_vbr() {
    expect_absent(&base_vbr(), "link-down");
}

#[test]
fn code_link_down_absent_vpn() {
    expect_absent(&base_vpn(), "link-down");
}

#[test]
fn code_link_down_vbr_behind_a_transit_router_produced() {
    let mut inventory = base_vbr_tr();
    find(&mut inventory, "vbrs", "vbr-1")["status"] = json!("terminating");
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "vbr-1");
}

// --- routing-loop (semantics S3.3, S3.8) ---

/// `base_tr3` where trt-1 sends 10.30.1.0/24 to vpc-b by a static route (it beats
/// the propagated one), and vpc-b sends it back to the transit router.
pub(super) fn tr_loop() -> Value {
    let mut inventory = base_tr3();
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] = json!([
        {"destination": "10.30.1.0/24", "next_hop": {"type": "attachment", "id": "tra-b"}}
    ]);
    inventory
}

#[test]
fn code_routing_loop_produced() {
    expect_blocking(&tr_loop(), "routing-loop");
}

#[test]
fn code_routing_loop_absent() {
    expect_absent(&base_tr3(), "routing-loop");
}

#[test]
fn code_routing_loop_vpc_nat_gateway_routing_back_to_itself() {
    // semantics S3.3: the lookup after a VPC NAT gateway continues in its vSwitch's table;
    // a route back to the same gateway there is a loop.
    let mut inventory = base_vpc_nat();
    find(&mut inventory, "vswitches", "vsw-nat")["route_table"] = json!("vtb-rg");
    expect_blocking(&inventory, "routing-loop");
}

#[test]
fn code_routing_loop_absent_vpc_nat_gateway() {
    expect_absent(&base_vpc_nat(), "routing-loop");
}

// --- wrong-destination (semantics S4.2) ---

/// `base_peering` where vpc-a has the secondary range `secondary` with the
/// vSwitch vsw-a2 covering it.
pub(super) fn peering_with_secondary(secondary: &str) -> Value {
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-a")["cidrs"] = json!(["10.10.0.0/16", secondary]);
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-a2", "vpc-a", secondary),
    );
    inventory
}

#[test]
fn code_wrong_destination_produced() {
    // 10.20.1.0/24 also exists in vpc-a: its local route wins over the peering.
    let pair = expect_blocking(&peering_with_secondary("10.20.1.0/24"), "wrong-destination");
    let message = finding(&pair, "wrong-destination")["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        message.contains("vsw-a2") || message.contains("vpc-a"),
        "the message names where the traffic went: {message}"
    );
    assert!(
        message.contains("vsw-b") || message.contains("vpc-b"),
        "the message names where the data source is: {message}"
    );
}

#[test]
fn code_wrong_destination_absent() {
    expect_absent(&peering_with_secondary("10.20.2.0/24"), "wrong-destination");
}

// --- whitelist-missing, whitelist-partial (semantics S4.3) ---

#[test]
fn code_whitelist_missing_produced() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!(["192.168.0.0/24"]);
    let pair = expect_blocking(&inventory, "whitelist-missing");
    assert_mentions(&fixes_text(&pair), &["10.10.1.0/24", "ds-1"], "the fixes");
}

#[test]
fn code_whitelist_missing_empty_whitelist_allows_nothing() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!([]);
    expect_blocking(&inventory, "whitelist-missing");
}

#[test]
fn code_whitelist_missing_absent() {
    expect_absent(&base_peering(), "whitelist-missing");
}

#[test]
fn code_whitelist_partial_produced() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.0/25"]);
    let pair = expect_blocking(&inventory, "whitelist-partial");
    assert_mentions(
        finding(&pair, "whitelist-partial")["message"]
            .as_str()
            .unwrap_or(""),
        &["10.10.1.128/25"],
        "the whitelist-partial message",
    );
}

#[test]
fn code_whitelist_partial_absent_when_two_halves_cover_the_range() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.0/25", "10.10.1.128/25"]);
    expect_absent(&inventory, "whitelist-partial");
}

// --- security-group-denied (semantics S4.4) ---

#[test]
fn code_security_group_denied_produced() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([sg_rule(
            "accept",
            "tcp",
            "3306/3306",
            Some("10.10.1.0/25"),
            1
        )]),
    );
    let pair = expect_blocking(&inventory, "security-group-denied");
    assert_mentions(
        finding(&pair, "security-group-denied")["message"]
            .as_str()
            .unwrap_or(""),
        &["10.10.1.128/25"],
        "the security-group-denied message (S1.2)",
    );
}

#[test]
fn code_security_group_denied_absent() {
    let pair = expect_absent(&base_ecs(), "security-group-denied");
    assert!(
        !codes(&pair).iter().any(|c| c == "whitelist-unknown"),
        "no whitelist-unknown for a data source on ECS (S8.11); pair:\n{pair:#}"
    );
}

#[test]
fn code_security_group_denied_data_source_own_groups() {
    let mut inventory = base_peering();
    inventory["security_groups"] = json!([{"id": "sg-b", "vpc": "vpc-b", "rules": [
        sg_rule("accept", "tcp", "3306/3306", Some("192.168.0.0/16"), 1)
    ]}]);
    ds(&mut inventory)["security_groups"] = json!(["sg-b"]);
    expect_blocking(&inventory, "security-group-denied");
    set_rules(
        &mut inventory,
        json!([sg_rule(
            "accept",
            "tcp",
            "3306/3306",
            Some("10.10.1.0/24"),
            1
        )]),
    );
    expect_absent(&inventory, "security-group-denied");
}

// --- return-route-missing (semantics S5.2, S8.12) ---

#[test]
fn code_return_route_missing_produced() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-b") = json!([]);
    let pair = expect_blocking(&inventory, "return-route-missing");
    let found = finding(&pair, "return-route-missing");
    assert_mentions(
        &format!("{} {}", found["resource"], found["message"]),
        &["vtb-b", "10.10.1.0/24"],
        "the return-route-missing finding",
    );
}

#[test]
fn code_return_route_missing_absent() {
    expect_absent(&base_peering(), "return-route-missing");
}

#[test]
fn code_return_route_missing_names_the_failing_half() {
    // The return route covers 10.10.1.0/25 only: 10.10.1.128/25 has no way back.
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-b") = json!([route("10.10.1.0/25", "vpc_peer", "pcc-ab")]);
    let pair = expect_blocking(&inventory, "return-route-missing");
    assert_mentions(
        finding(&pair, "return-route-missing")["message"]
            .as_str()
            .unwrap_or(""),
        &["10.10.1.128/25"],
        "the return-route-missing message",
    );
}

#[test]
fn code_return_route_missing_absent_when_two_halves_route_back() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-b") = json!([
        route("10.10.1.0/25", "vpc_peer", "pcc-ab"),
        route("10.10.1.128/25", "vpc_peer", "pcc-ab")
    ]);
    expect_absent(&inventory, "return-route-missing");
}

#[test]
fn code_return_route_missing_traced_even_when_the_forward_path_fails() {
    // semantics S8.5: both blockers are reported, the forward one primary.
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-a") = json!([]);
    *routes(&mut inventory, "vtb-b") = json!([]);
    let (exit, pair) = check_pair(&inventory);
    assert_eq!(pair["verdict"], "unreachable");
    let all = codes(&pair);
    assert!(
        all.iter().any(|c| c == "no-route") && all.iter().any(|c| c == "return-route-missing"),
        "every blocker is reported (S6.1, S8.5); pair:\n{pair:#}"
    );
    assert_eq!(finding(&pair, "no-route")["primary"], true);
    assert_eq!(finding(&pair, "return-route-missing")["primary"], false);
    assert_eq!(exit, Some(1));
}

// --- appliance-not-modelled (semantics S3.3) ---
