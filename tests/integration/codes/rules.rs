//! Specific rules of the semantics, one test each; the exit codes over several
//! pairs; `check`'s filters and `trace` through the binary.

use super::*;

// ===========================================================================
// 4. Specific rules
// ===========================================================================

#[test]
fn s2_3_static_route_beats_propagated_ones() {
    // The prefix is ambiguous among propagated routes, a static route settles it.
    let mut inventory = tr_advertising("10.20.1.0/24");
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] = json!([
        {"destination": "10.20.1.0/24", "next_hop": {"type": "attachment", "id": "tra-b"}}
    ]);
    expect_absent(&inventory, "route-conflict");
}

#[test]
fn s2_4_route_sync_writes_the_tr_routes_into_the_vpc() {
    let mut inventory = base_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["route_sync"] = json!(true);
    *routes(&mut inventory, "vtb-a") = json!([]);
    let pair = expect_reachable(&inventory);
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("tra-a")
    );
}

#[test]
fn s2_4_synchronized_route_is_more_specific_than_a_static_one() {
    // Synced 10.20.1.0/24 -> tra-a beats the static 10.20.0.0/16 -> pcc-ab by LPM.
    let mut inventory = base_peering_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["route_sync"] = json!(true);
    let pair = expect_reachable(&inventory);
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("tra-a")
    );
}

#[test]
fn s2_4_static_route_of_the_same_destination_beats_the_synchronized_one() {
    let mut inventory = base_peering_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["route_sync"] = json!(true);
    *routes(&mut inventory, "vtb-a") = json!([route("10.20.1.0/24", "vpc_peer", "pcc-ab")]);
    let pair = expect_reachable(&inventory);
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("pcc-ab")
    );
}

#[test]
fn s2_4_synchronized_route_inside_a_vswitch_cidr_is_dropped() {
    // trt-1 holds 10.10.1.128/25 -> tra-b; synchronized into vpc-a it would steal
    // half of vsw-a: it is rejected and vsw-a stays local.
    let mut inventory = base_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["route_sync"] = json!(true);
    *routes(&mut inventory, "vtb-a") = json!([]);
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] = json!([
        {"destination": "10.10.1.128/25", "next_hop": {"type": "attachment", "id": "tra-b"}}
    ]);
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-a2", "vpc-a", "10.10.2.0/24"),
    );
    rg(&mut inventory)["networks"] = json!([binding("vpc-a", "vsw-a2", &[])]);
    *ds(&mut inventory) = vpc_source("10.10.1.130", "vpc-a", &["10.10.2.0/24"]);
    let pair = expect_reachable(&inventory);
    assert_eq!(pair["scenario"], "same-vpc");
    assert_eq!(hops(&pair, "forward"), vec!["local".to_string()]);
}

#[test]
fn s2_5_publish_to_vpc_writes_the_remote_cidrs() {
    let mut inventory = base_vpn();
    *routes(&mut inventory, "vtb-a") = json!([]);
    find(&mut inventory, "vpn_connections", "vco-1")["publish_to_vpc"] = json!(true);
    let pair = expect_reachable(&inventory);
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("vpn-1")
    );
}

#[test]
fn s2_5_without_publish_to_vpc_there_is_no_route() {
    let mut inventory = base_vpn();
    *routes(&mut inventory, "vtb-a") = json!([]);
    find(&mut inventory, "vpn_connections", "vco-1")["publish_to_vpc"] = json!(false);
    expect_blocking(&inventory, "no-route");
}

#[test]
fn s2_6_basic_cen_reaches_across_regions() {
    let pair = expect_reachable(&base_basic_cen());
    assert_eq!(pair["scenario"], "2");
}

#[test]
fn s2_6_basic_cen_with_zero_bandwidth_is_inter_region_missing() {
    let mut inventory = base_basic_cen();
    inventory["cens"][0]["bandwidth"][0]["mbps"] = json!(0);
    let pair = expect_blocking(&inventory, "inter-region-missing");
    assert_eq!(findings_with(&pair, "inter-region-missing").len(), 1);
}

#[test]
fn s2_6_basic_cen_without_bandwidth_is_inter_region_missing() {
    let mut inventory = base_basic_cen();
    inventory["cens"][0]["bandwidth"] = json!([]);
    expect_blocking(&inventory, "inter-region-missing");
}

#[test]
fn s2_7_vbr_learns_the_routes_of_its_transit_router() {
    let pair = expect_reachable(&base_vbr_tr());
    let back = pair["return"].as_array().cloned().unwrap_or_default();
    assert!(
        back.iter()
            .any(|hop| hop["at"] == "vbr-1" && hop["next_hop"] == "tra-v"),
        "the reply leaves vbr-1 by the route learned from tr-1; pair:\n{pair:#}"
    );
}

#[test]
fn s2_8_exported_learned_entry_wins_over_the_derived_route() {
    let (_, report) = check(&learned_entry("havip", "havip-fw"));
    let pair = pair(&report, "rg-1", "ds-1");
    assert_eq!(
        pair["verdict"], "unknown",
        "the learned entry stands; pair:\n{pair:#}"
    );
    assert!(codes(pair).iter().any(|c| c == "appliance-not-modelled"));
}

#[test]
fn s8_2_pending_route_carries_no_traffic() {
    let mut inventory = base_peering();
    routes(&mut inventory, "vtb-a")[0]["status"] = json!("pending");
    let pair = expect_blocking(&inventory, "no-route");
    assert_eq!(finding(&pair, "no-route")["resource"], "vtb-a");
}

#[test]
fn s8_2_available_route_carries_traffic() {
    let mut inventory = base_peering();
    routes(&mut inventory, "vtb-a")[0]["status"] = json!("available");
    expect_reachable(&inventory);
}

#[test]
fn s8_2_written_custom_route_beats_written_learned_one() {
    let mut inventory = base_peering();
    let mut learned = route("10.20.0.0/16", "havip", "havip-fw");
    learned["origin"] = json!("learned");
    *routes(&mut inventory, "vtb-a") =
        json!([learned, route("10.20.0.0/16", "vpc_peer", "pcc-ab")]);
    let pair = expect_reachable(&inventory);
    assert_eq!(
        hops(&pair, "forward").first().map(String::as_str),
        Some("pcc-ab")
    );
}

/// Three regions, a transit router each, fully meshed by peer attachments; vpc-a
/// in cn-hangzhou, ds-1 in vpc-b of cn-beijing. tr-hz learns vpc-b's range both
/// from tr-bj directly and through tr-sh: the same origin along two paths.
pub(super) fn three_region_mesh() -> Value {
    let mut inventory = base_cross_region();
    push(
        &mut inventory,
        "transit_routers",
        json!({"id": "tr-sh", "cen": "cen-1", "region": "cn-shanghai"}),
    );
    inventory["tr_attachments"] = json!([
        vpc_attachment("tra-a", "tr-hz", "vpc-a", "vsw-a"),
        vpc_attachment("tra-b", "tr-bj", "vpc-b", "vsw-b"),
        peer_attachment("trp-hz-bj", "tr-hz", "tr-bj"),
        peer_attachment("trp-bj-hz", "tr-bj", "tr-hz"),
        peer_attachment("trp-hz-sh", "tr-hz", "tr-sh"),
        peer_attachment("trp-sh-hz", "tr-sh", "tr-hz"),
        peer_attachment("trp-bj-sh", "tr-bj", "tr-sh"),
        peer_attachment("trp-sh-bj", "tr-sh", "tr-bj")
    ]);
    inventory["tr_route_tables"] = json!([
        tr_table("trt-hz", "tr-hz", &["tra-a", "trp-hz-bj", "trp-hz-sh"]),
        tr_table("trt-bj", "tr-bj", &["tra-b", "trp-bj-hz", "trp-bj-sh"]),
        tr_table("trt-sh", "tr-sh", &["trp-sh-hz", "trp-sh-bj"])
    ]);
    inventory
}

#[test]
fn s8_3_same_origin_along_two_paths_is_not_a_conflict() {
    let pair = expect_absent(&three_region_mesh(), "route-conflict");
    assert!(
        !places(&pair, "forward").iter().any(|p| p == "tr-sh"),
        "the fewest hops win: straight from tr-hz to tr-bj; pair:\n{pair:#}"
    );
    assert!(places(&pair, "forward").iter().any(|p| p == "tr-bj"));
}

#[test]
fn s8_4_vbr_own_route_beats_the_learned_one() {
    // trt-1 holds 172.20.0.0/16 -> tra-v; vbr-1 learns it back, but its own route
    // to pc-1 wins.
    let mut inventory = base_vbr_tr();
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] = json!([
        {"destination": "172.20.0.0/16", "next_hop": {"type": "attachment", "id": "tra-v"}}
    ]);
    let pair = expect_reachable(&inventory);
    let forward = pair["forward"].as_array().cloned().unwrap_or_default();
    assert!(
        forward
            .iter()
            .any(|hop| hop["at"] == "vbr-1" && hop["next_hop"] == "pc-1"),
        "vbr-1 forwards to pc-1 by its own route; pair:\n{pair:#}"
    );
}

#[test]
fn s8_7_snat_longest_mask_wins() {
    // A /32 entry inside vsw-a translates 10.10.1.5 to 203.0.113.26: the data
    // source sees both EIPs.
    let mut inventory = base_nat();
    push(
        &mut inventory,
        "eips",
        json!({"id": "eip-2", "ip": "203.0.113.26", "bound_to": "ngw-1"}),
    );
    let ngw = find(&mut inventory, "nat_gateways", "ngw-1");
    ngw["eips"] = json!(["eip-1", "eip-2"]);
    ngw["snat_entries"] = json!([
        {"source_vswitch": "vsw-a", "snat_ips": ["203.0.113.25"]},
        {"source_cidr": "10.10.1.5/32", "snat_ips": ["203.0.113.26"]}
    ]);
    let pair = expect_blocking(&inventory, "whitelist-partial");
    assert_mentions(
        finding(&pair, "whitelist-partial")["message"]
            .as_str()
            .unwrap_or(""),
        &["203.0.113.26"],
        "the whitelist-partial message",
    );
    ds(&mut inventory)["whitelist"] = json!(["203.0.113.25", "203.0.113.26"]);
    expect_reachable(&inventory);
}

#[test]
fn s8_8_vpn_longest_remote_prefix_wins() {
    // vco-1 (192.168.16.0/20) established, vco-2 (192.168.0.0/16) down.
    let mut inventory = base_vpn();
    push(
        &mut inventory,
        "vpn_connections",
        json!({"id": "vco-2", "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
               "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.0.0/16"],
               "status": "down"}),
    );
    expect_reachable(&inventory);
    // The other way round: the longest prefix is down.
    find(&mut inventory, "vpn_connections", "vco-1")["status"] = json!("down");
    find(&mut inventory, "vpn_connections", "vco-2")["status"] = json!("established");
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "vco-1");
}

#[test]
fn s8_8_vpn_without_a_matching_connection_is_no_route() {
    let mut inventory = base_vpn();
    find(&mut inventory, "vpn_connections", "vco-1")["remote_cidrs"] = json!(["192.168.32.0/20"]);
    let (_, pair) = check_pair(&inventory);
    assert_eq!(pair["verdict"], "unreachable", "pair:\n{pair:#}");
    assert_eq!(pair["findings"][0]["code"], "no-route", "pair:\n{pair:#}");
    // semantics S9.8: the replies over vco-1 come from outside its remote
    // CIDRs, the return side of the same policy.
    assert_eq!(
        codes(&pair),
        ["no-route", "vpn-policy-mismatch"],
        "pair:\n{pair:#}"
    );
    let found = finding(&pair, "no-route");
    assert_mentions(
        &format!("{} {}", found["resource"], found["message"]),
        &["vpn-1"],
        "the no-route finding at the gateway",
    );
}

#[test]
fn s3_3_vpn_local_cidrs_must_hold_the_whole_source_range() {
    let mut inventory = base_vpn();
    find(&mut inventory, "vpn_connections", "vco-1")["local_cidrs"] = json!(["10.10.2.0/24"]);
    let (_, pair) = check_pair(&inventory);
    assert_eq!(pair["verdict"], "unreachable", "pair:\n{pair:#}");
}

// --- semantics S4.4 security groups ---

#[test]
fn s4_4_lower_priority_number_decides() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([
            sg_rule("drop", "tcp", "3306/3306", Some("10.10.1.0/24"), 2),
            sg_rule("accept", "tcp", "3306/3306", Some("10.10.1.0/24"), 1)
        ]),
    );
    expect_reachable(&inventory);
    set_rules(
        &mut inventory,
        json!([
            sg_rule("drop", "tcp", "3306/3306", Some("10.10.1.0/24"), 1),
            sg_rule("accept", "tcp", "3306/3306", Some("10.10.1.0/24"), 2)
        ]),
    );
    expect_blocking(&inventory, "security-group-denied");
}

#[test]
fn s4_4_drop_wins_a_tie() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([
            sg_rule("accept", "tcp", "3306/3306", Some("10.10.1.0/24"), 1),
            sg_rule("drop", "tcp", "3306/3306", Some("10.10.1.0/24"), 1)
        ]),
    );
    expect_blocking(&inventory, "security-group-denied");
}

#[test]
fn s4_4_protocol_all_matches_tcp() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([sg_rule("accept", "all", "-1/-1", Some("10.10.1.0/24"), 1)]),
    );
    expect_reachable(&inventory);
}

#[test]
fn s4_4_ports_minus_one_match_every_port() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([sg_rule("accept", "tcp", "-1/-1", Some("10.10.1.0/24"), 1)]),
    );
    expect_reachable(&inventory);
}

#[test]
fn s4_4_port_range_covering_the_port() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([sg_rule(
            "accept",
            "tcp",
            "3000/4000",
            Some("10.10.1.0/24"),
            1
        )]),
    );
    expect_reachable(&inventory);
}

#[test]
fn s4_4_rule_without_source_cidr_matches_every_source() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([sg_rule("accept", "tcp", "3306/3306", None, 1)]),
    );
    expect_reachable(&inventory);
}

#[test]
fn s4_4_no_matching_rule_is_denied() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([
            sg_rule("accept", "tcp", "22/22", Some("10.10.1.0/24"), 1),
            sg_rule("accept", "udp", "3306/3306", Some("10.10.1.0/24"), 1)
        ]),
    );
    expect_blocking(&inventory, "security-group-denied");
}

#[test]
fn s4_4_drop_of_another_port_does_not_matter() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([
            sg_rule("drop", "tcp", "22/22", Some("10.10.1.0/24"), 1),
            sg_rule("accept", "tcp", "3306/3306", Some("10.10.1.0/24"), 50)
        ]),
    );
    expect_reachable(&inventory);
}

#[test]
fn s8_11_egress_rules_are_not_used() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([{"direction": "egress", "policy": "accept", "protocol": "all",
                "port_range": "-1/-1", "dest_cidr": "0.0.0.0/0", "priority": 1}]),
    );
    expect_blocking(&inventory, "security-group-denied");
}

#[test]
fn s8_11_rules_of_all_groups_are_merged() {
    // sg-b accepts at priority 5, sg-c drops at priority 1: the drop decides.
    let mut inventory = base_ecs();
    push(
        &mut inventory,
        "security_groups",
        json!({"id": "sg-c", "vpc": "vpc-b", "rules": [
            sg_rule("drop", "tcp", "3306/3306", Some("10.10.1.0/24"), 1)
        ]}),
    );
    set_rules(
        &mut inventory,
        json!([sg_rule(
            "accept",
            "tcp",
            "3306/3306",
            Some("10.10.1.0/24"),
            5
        )]),
    );
    find(&mut inventory, "ecs_instances", "i-1")["security_groups"] = json!(["sg-b", "sg-c"]);
    expect_blocking(&inventory, "security-group-denied");
}

// --- semantics S1.1 bindings ---

/// `base_peering` with a second VPC vpc-0 (sorting before vpc-a) bound too; vpc-0
/// has no route to ds-1. `working_first` puts vpc-a first in the input.
pub(super) fn two_bindings(working_first: bool) -> Value {
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vpcs",
        vpc("vpc-0", "cn-hangzhou", "10.0.0.0/16"),
    );
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-0", "vpc-0", "10.0.1.0/24"),
    );
    push(
        &mut inventory,
        "route_tables",
        table("vtb-0", "vpc-0", json!([])),
    );
    let working = binding("vpc-a", "vsw-a", &["10.20.0.0/16"]);
    let broken = binding("vpc-0", "vsw-0", &["10.20.0.0/16"]);
    rg(&mut inventory)["networks"] = if working_first {
        json!([working, broken])
    } else {
        json!([broken, working])
    };
    inventory
}

#[test]
fn s1_1_reachable_through_the_second_binding() {
    let (exit, report) = check(&two_bindings(true));
    let pair = pair(&report, "rg-1", "ds-1");
    assert_eq!(pair["verdict"], "reachable", "pair:\n{pair:#}");
    assert_eq!(pair["binding"], json!({"vpc": "vpc-a", "vswitch": "vsw-a"}));
    let tried: Vec<Value> = pair["bindings"]
        .as_array()
        .map(|b| b.iter().map(|b| b["binding"]["vpc"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        tried,
        vec![json!("vpc-0"), json!("vpc-a")],
        "ordered by VPC id"
    );
    assert_eq!(pair["bindings"][0]["verdict"], "unreachable");
    assert_eq!(pair["bindings"][1]["verdict"], "reachable");
    assert_eq!(exit, Some(0));
}

#[test]
fn s1_1_binding_order_does_not_depend_on_input_order() {
    let (_, first) = check(&two_bindings(true));
    let (_, second) = check(&two_bindings(false));
    assert_eq!(first, second, "deterministic output");
}

#[test]
fn s8_13_unknown_binding_beats_unreachable_binding() {
    let mut inventory = two_bindings(true);
    *routes(&mut inventory, "vtb-a") = json!([]);
    *routes(&mut inventory, "vtb-0") = json!([route("10.20.0.0/16", "havip", "havip-fw")]);
    // The replies to vpc-0 come back over a peering.
    push(
        &mut inventory,
        "peering_connections",
        json!({"id": "pcc-0b", "vpc": "vpc-0", "peer_vpc": "vpc-b", "status": "activated"}),
    );
    add_route(
        &mut inventory,
        "vtb-b",
        route("10.0.0.0/16", "vpc_peer", "pcc-0b"),
    );
    let (_, report) = check(&inventory);
    let pair = pair(&report, "rg-1", "ds-1");
    assert_eq!(pair["verdict"], "unknown", "pair:\n{pair:#}");
    assert_eq!(pair["binding"], json!({"vpc": "vpc-0", "vswitch": "vsw-0"}));
}

// --- semantics S1.3 / semantics S3.6 public_ip ---

#[test]
fn s1_3_public_ip_reaches_the_internet_without_nat() {
    let pair = expect_reachable(&base_public_ip());
    assert_eq!(pair["scenario"], "6");
}

/// semantics S9.2 (which replaces the v1 reading `no-route`): without
/// `public_ip` the old-version group still leaves over its default EIP, whose
/// address is unknown, so the whitelist cannot be decided.
#[test]
fn s1_3_s9_2_without_public_ip_the_whitelist_is_undecided() {
    let mut inventory = base_public_ip();
    if let Some(group) = rg(&mut inventory).as_object_mut() {
        group.remove("public_ip");
    }
    expect_undecided(&inventory, "public-ip-unknown");
}

#[test]
fn s1_3_the_whitelist_sees_the_public_ip() {
    let mut inventory = base_public_ip();
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.0/24"]);
    expect_blocking(&inventory, "whitelist-missing");
}

// --- semantics S3.1 user_cidrs ---

/// `base_peering` where vpc-b uses the public range 198.51.100.0/24; ds-1 is at
/// 198.51.100.10; the RG route list is known and empty.
pub(super) fn public_range_peer() -> Value {
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-b")["cidrs"] = json!(["198.51.100.0/24"]);
    find(&mut inventory, "vswitches", "vsw-b")["cidr"] = json!("198.51.100.0/25");
    *routes(&mut inventory, "vtb-a") = json!([route("198.51.100.0/24", "vpc_peer", "pcc-ab")]);
    rg(&mut inventory)["networks"][0]["routes"] = json!([]);
    *ds(&mut inventory) = vpc_source("198.51.100.10", "vpc-b", &["10.10.1.0/24"]);
    inventory
}

#[test]
fn s3_1_public_destination_needs_no_rg_route() {
    expect_absent(&public_range_peer(), "rg-route-missing");
}

#[test]
fn s3_1_user_cidrs_make_a_public_destination_need_an_rg_route() {
    let mut inventory = public_range_peer();
    find(&mut inventory, "vpcs", "vpc-a")["user_cidrs"] = json!(["198.51.100.0/24"]);
    expect_blocking(&inventory, "rg-route-missing");
    rg(&mut inventory)["networks"][0]["routes"] = json!(["198.51.100.0/24"]);
    expect_absent(&inventory, "rg-route-missing");
}

#[test]
fn s3_1_destination_inside_the_bound_vpc_needs_no_rg_route() {
    let mut inventory = same_vpc();
    rg(&mut inventory)["networks"][0]["routes"] = json!([]);
    expect_absent(&inventory, "rg-route-missing");
}

// --- semantics S3.8 loops ---

#[test]
fn s3_8_loop_between_two_vpc_tables_through_the_transit_router() {
    // vtb-a -> trt-1 -> vpc-b (vtb-b) -> trt-1 again, for the same destination.
    let pair = expect_blocking(&tr_loop(), "routing-loop");
    assert!(
        places(&pair, "forward").iter().any(|p| p == "vpc-b"),
        "the loop passes through vpc-b; pair:\n{pair:#}"
    );
}

// --- filters ---

/// `base_peering` with a second group rg-2 and a second data source ds-2.
pub(super) fn two_by_two() -> Value {
    let mut inventory = base_peering();
    let mut second_group = resource_group(json!([binding("vpc-a", "vsw-a", &["10.20.0.0/16"])]));
    second_group["id"] = json!("rg-2");
    push(&mut inventory, "resource_groups", second_group);
    let mut second_source = vpc_source("10.20.1.11", "vpc-b", &["10.10.1.0/24"]);
    second_source["id"] = json!("ds-2");
    push(&mut inventory, "data_sources", second_source);
    inventory
}

#[test]
fn filters_select_pairs() {
    let (_, report) = check(&two_by_two());
    assert_eq!(report["summary"]["pairs"], 4);
    let listed: Vec<(String, String)> = report["pairs"]
        .as_array()
        .map(|pairs| {
            pairs
                .iter()
                .map(|p| {
                    (
                        p["resource_group"].as_str().unwrap_or("").to_string(),
                        p["data_source"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected: Vec<(String, String)> = [
        ("rg-1", "ds-1"),
        ("rg-1", "ds-2"),
        ("rg-2", "ds-1"),
        ("rg-2", "ds-2"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(listed, expected, "pairs sorted by group then data source");

    let (exit, report) = check_with(&two_by_two(), &["--resource-group", "rg-2"]);
    assert_eq!(report["summary"]["pairs"], 2);
    assert!(report["pairs"]
        .as_array()
        .map(|p| p.iter().all(|p| p["resource_group"] == "rg-2"))
        .unwrap_or(false));
    assert_eq!(exit, Some(0));

    let (_, report) = check_with(&two_by_two(), &["--data-source", "ds-2"]);
    assert_eq!(report["summary"]["pairs"], 2);

    let (_, report) = check_with(
        &two_by_two(),
        &["--resource-group", "rg-1", "--data-source", "ds-2"],
    );
    assert_eq!(report["summary"]["pairs"], 1);
    pair(&report, "rg-1", "ds-2");
}

#[test]
fn filters_with_an_unknown_resource_group() {
    let output = check_raw(&two_by_two(), &["--resource-group", "rg-3x"]);
    assert_eq!(output.code, Some(2), "stderr:\n{}", output.stderr);
    assert_eq!(output.stdout, "");
    assert_mentions(&output.stderr, &["rg-3x", "did you mean"], "stderr");
}

#[test]
fn filters_with_an_unknown_data_source() {
    let output = check_raw(&two_by_two(), &["--data-source", "ds-11"]);
    assert_eq!(output.code, Some(2), "stderr:\n{}", output.stderr);
    assert_eq!(output.stdout, "");
    assert_mentions(&output.stderr, &["ds-11", "did you mean", "ds-1"], "stderr");
}

#[test]
fn trace_prints_both_ways() {
    let dir = tempdir();
    let path = write(&dir, "inventory.json", &base_peering());
    let output = run(&[
        "trace".to_string(),
        path.display().to_string(),
        "--from".to_string(),
        "rg-1".to_string(),
        "--to".to_string(),
        "ds-1".to_string(),
        "--format".to_string(),
        "json".to_string(),
    ]);
    assert_eq!(output.code, Some(0), "stderr:\n{}", output.stderr);
    let pair: Value = match serde_json::from_str(&output.stdout) {
        Ok(pair) => pair,
        Err(error) => panic!("trace output is not JSON ({error}):\n{}", output.stdout),
    };
    assert_eq!(pair["verdict"], "reachable");
    assert_eq!(
        hops(&pair, "forward"),
        vec!["pcc-ab".to_string(), "local".to_string()]
    );
    assert_eq!(
        hops(&pair, "return"),
        vec!["pcc-ab".to_string(), "local".to_string()]
    );
    assert_eq!(pair["forward"][0]["table"], "vtb-a");
    assert_eq!(pair["return"][0]["table"], "vtb-b");
}
