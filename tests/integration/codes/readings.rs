//! More readings of semantics S2, S3, S5, S6 and S8; output independent of input order.

use super::*;

// ===========================================================================
// More readings of semantics S2, S3, S5, S6 and S8
// ===========================================================================

#[test]
fn s8_12_blackhole_on_the_return_path_keeps_its_name() {
    let mut inventory = base_tr();
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] =
        json!([{"destination": "10.10.1.0/24", "next_hop": {"type": "blackhole"}}]);
    expect_blocking(&inventory, "route-blackhole");
}

#[test]
fn s8_12_return_delivered_to_another_network_is_return_route_missing() {
    // vpc-c also holds 10.10.1.0/24; vpc-b sends the replies there.
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vpcs",
        vpc("vpc-c", "cn-hangzhou", "10.10.0.0/16"),
    );
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-c", "vpc-c", "10.10.1.0/24"),
    );
    push(
        &mut inventory,
        "peering_connections",
        json!({"id": "pcc-bc", "vpc": "vpc-b", "peer_vpc": "vpc-c", "status": "activated"}),
    );
    *routes(&mut inventory, "vtb-b") = json!([route("10.10.0.0/16", "vpc_peer", "pcc-bc")]);
    expect_blocking(&inventory, "return-route-missing");
}

#[test]
fn s6_1_every_blocking_finding_is_reported_the_first_primary() {
    let mut inventory = base_peering();
    rg(&mut inventory)["networks"][0]["routes"] = json!([]);
    ds(&mut inventory)["whitelist"] = json!([]);
    let (exit, pair) = check_pair(&inventory);
    assert_eq!(pair["verdict"], "unreachable");
    assert_eq!(
        finding(&pair, "rg-route-missing")["primary"],
        true,
        "pair:\n{pair:#}"
    );
    assert_eq!(
        finding(&pair, "whitelist-missing")["primary"],
        false,
        "pair:\n{pair:#}"
    );
    assert_eq!(exit, Some(1));
}

#[test]
fn s3_3_vbr_without_a_route_to_the_destination_is_no_route() {
    let mut inventory = base_vbr();
    find(&mut inventory, "vbrs", "vbr-1")["routes"] = json!([
        {"destination": "172.30.0.0/16", "next_hop": {"type": "physical_connection", "id": "pc-1"}}
    ]);
    let pair = expect_blocking(&inventory, "no-route");
    let found = finding(&pair, "no-route");
    assert_mentions(
        &format!("{} {}", found["resource"], found["message"]),
        &["vbr-1"],
        "the no-route finding at the VBR",
    );
}

#[test]
fn s2_7_vpn_connection_attached_to_a_transit_router() {
    // The VPN connection hangs on tr-1; it propagates its remote_cidrs (semantics S2.2) and
    // sends what arrives from dc-1 to the TR table of its attachment (semantics S2.7).
    let mut inventory = base_vpn();
    *routes(&mut inventory, "vtb-a") = json!([]);
    if let Some(object) = inventory.as_object_mut() {
        object.remove("vpn_gateways");
    }
    inventory["vpn_connections"] = json!([
        {"id": "vco-1", "transit_router": "tr-1", "customer_gateway": "cgw-1",
         "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.16.0/20"],
         "status": "established"}
    ]);
    let mut attachment = vpc_attachment("tra-a", "tr-1", "vpc-a", "vsw-a");
    attachment["route_sync"] = json!(true);
    inventory["cens"] = json!([{"id": "cen-1", "edition": "enterprise"}]);
    inventory["transit_routers"] = json!([{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}]);
    inventory["tr_attachments"] = json!([
        attachment,
        {"id": "tra-vpn", "transit_router": "tr-1", "type": "vpn", "resource": "vco-1",
         "status": "attached"}
    ]);
    inventory["tr_route_tables"] = json!([tr_table("trt-1", "tr-1", &["tra-a", "tra-vpn"])]);
    let pair = expect_reachable(&inventory);
    assert_eq!(pair["scenario"], "5");
    assert!(
        places(&pair, "return").iter().any(|p| p == "tr-1"),
        "pair:\n{pair:#}"
    );
}

#[test]
fn s2_1_custom_route_inside_a_vswitch_cidr_never_wins() {
    let mut inventory = same_vpc();
    add_route(
        &mut inventory,
        "vtb-a",
        route("10.10.2.0/25", "havip", "havip-fw"),
    );
    let pair = expect_reachable(&inventory);
    assert_eq!(hops(&pair, "forward"), vec!["local".to_string()]);
}

/// `base_tr` where ds-1 is in the data center dc-1 (192.168.16.0/20) behind a
/// VPN gateway of vpc-b; trt-1 routes 192.168.16.0/20 to tra-b, which has two
/// vSwitches: vsw-b (system table, routes it to the VPN gateway) and vsw-b2
/// (custom table vtb-b2 with `b2_routes`).
pub(super) fn tr_attachment_two_tables(b2_routes: Value) -> Value {
    let mut inventory = base_tr();
    let mut b2 = vsw("vsw-b2", "vpc-b", "10.20.2.0/24");
    b2["route_table"] = json!("vtb-b2");
    push(&mut inventory, "vswitches", b2);
    push(
        &mut inventory,
        "route_tables",
        json!({"id": "vtb-b2", "vpc": "vpc-b", "kind": "custom", "routes": b2_routes}),
    );
    add_route(
        &mut inventory,
        "vtb-b",
        route("192.168.16.0/20", "vpn_gateway", "vpn-b"),
    );
    inventory["vpn_gateways"] = json!([{"id": "vpn-b", "vpc": "vpc-b"}]);
    inventory["customer_gateways"] =
        json!([{"id": "cgw-1", "ip": "203.0.113.10", "data_center": "dc-1"}]);
    inventory["vpn_connections"] = json!([
        {"id": "vco-1", "vpn_gateway": "vpn-b", "customer_gateway": "cgw-1",
         "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.16.0/20"],
         "status": "established"}
    ]);
    inventory["data_centers"] = json!([{"id": "dc-1", "cidrs": ["192.168.16.0/20"],
        "routes": [{"destination": "10.10.0.0/16", "via": "vco-1"}]}]);
    find(&mut inventory, "tr_attachments", "tra-b")["vswitches"] = json!(["vsw-b", "vsw-b2"]);
    *routes(&mut inventory, "vtb-a") = json!([route("192.168.16.0/20", "tr_attachment", "tra-a")]);
    find(&mut inventory, "tr_route_tables", "trt-1")["routes"] = json!([
        {"destination": "192.168.16.0/20", "next_hop": {"type": "attachment", "id": "tra-b"}}
    ]);
    rg(&mut inventory)["networks"][0]["routes"] = json!(["192.168.16.0/20"]);
    *ds(&mut inventory) = json!({"id": "ds-1", "type": "sqlserver", "ip": "192.168.20.15",
        "port": 1433, "location": {"data_center": "dc-1"}, "whitelist": ["10.10.1.0/24"]});
    inventory
}

#[test]
fn s8_6_tr_attachment_vswitches_with_different_tables_are_branches() {
    let pair = expect_blocking(&tr_attachment_two_tables(json!([])), "no-route");
    assert_eq!(finding(&pair, "no-route")["resource"], "vtb-b2");
}

#[test]
fn s8_6_tr_attachment_branches_all_succeed() {
    expect_reachable(&tr_attachment_two_tables(json!([route(
        "192.168.16.0/20",
        "vpn_gateway",
        "vpn-b"
    )])));
}

#[test]
fn s1_1_bindings_of_one_vpc_are_ordered_by_vswitch_id() {
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-z", "vpc-a", "10.10.3.0/24"),
    );
    rg(&mut inventory)["networks"] = json!([
        binding("vpc-a", "vsw-z", &["10.20.0.0/16"]),
        binding("vpc-a", "vsw-a", &["10.20.0.0/16"])
    ]);
    let (_, report) = check(&inventory);
    let pair = pair(&report, "rg-1", "ds-1");
    assert_eq!(pair["verdict"], "reachable", "pair:\n{pair:#}");
    assert_eq!(pair["binding"], json!({"vpc": "vpc-a", "vswitch": "vsw-a"}));
    assert_eq!(pair["bindings"][0]["binding"]["vswitch"], "vsw-a");
    assert_eq!(pair["bindings"][1]["binding"]["vswitch"], "vsw-z");
    assert_eq!(pair["bindings"][1]["verdict"], "unreachable");
}

#[test]
fn s3_6_public_ip_is_not_used_for_a_private_destination() {
    let mut inventory = base_peering();
    rg(&mut inventory)["type"] = json!("exclusive_data_integration");
    rg(&mut inventory)["public_ip"] = json!("203.0.113.50");
    expect_reachable(&inventory);
    ds(&mut inventory)["whitelist"] = json!(["203.0.113.50"]);
    expect_blocking(&inventory, "whitelist-missing");
}

#[test]
fn s8_15_documentation_range_counts_as_public() {
    let mut inventory = base_nat();
    ds(&mut inventory)["ip"] = json!("192.0.2.10");
    let pair = expect_reachable(&inventory);
    assert_eq!(pair["scenario"], "6");
}

#[test]
fn s8_15_shared_and_benchmark_ranges_are_not_public() {
    for ip in ["100.64.1.1", "198.18.0.1", "169.254.1.1", "192.0.0.9"] {
        let mut inventory = base_nat();
        ds(&mut inventory)["ip"] = json!(ip);
        refused_one(inventory, "/data_sources/0/ip", ip, &[]);
    }
}

#[test]
fn s5_2_data_center_return_routes_longest_match() {
    // dc-1 sends 10.10.1.0/24 via pc-1 (up) and 10.10.0.0/16 via pc-2 (down).
    let mut inventory = two_vbrs(Some("dc-1"));
    find(&mut inventory, "data_centers", "dc-1")["routes"] = json!([
        {"destination": "10.10.0.0/16", "via": "pc-2"},
        {"destination": "10.10.1.0/24", "via": "pc-1"}
    ]);
    find(&mut inventory, "physical_connections", "pc-2")["status"] = json!("terminated");
    expect_reachable(&inventory);
    // The other way round: the longest match is down.
    find(&mut inventory, "data_centers", "dc-1")["routes"] = json!([
        {"destination": "10.10.0.0/16", "via": "pc-1"},
        {"destination": "10.10.1.0/24", "via": "pc-2"}
    ]);
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "pc-2");
}

#[test]
fn s5_2_each_part_of_the_source_range_is_traced() {
    // The two halves of vsw-a return over different VBRs.
    let mut inventory = two_vbrs(Some("dc-1"));
    find(&mut inventory, "data_centers", "dc-1")["routes"] = json!([
        {"destination": "10.10.1.0/25", "via": "pc-1"},
        {"destination": "10.10.1.128/25", "via": "pc-2"}
    ]);
    expect_reachable(&inventory);
    find(&mut inventory, "vbrs", "vbr-2")["status"] = json!("unconfirmed");
    let pair = expect_blocking(&inventory, "link-down");
    assert_eq!(finding(&pair, "link-down")["resource"], "vbr-2");
}

/// Reverses every top-level list of an inventory.
pub(super) fn reversed(inventory: &Value) -> Value {
    let mut copy = inventory.clone();
    if let Some(object) = copy.as_object_mut() {
        for value in object.values_mut() {
            if let Some(list) = value.as_array_mut() {
                list.reverse();
            }
        }
    }
    copy
}

#[test]
fn output_does_not_depend_on_input_order() {
    for inventory in [base_tr3(), three_region_mesh(), two_vbrs(None), tr_loop()] {
        let (_, first) = check(&inventory);
        let (_, second) = check(&reversed(&inventory));
        assert_eq!(first, second, "the same report in any list order");
    }
}

#[test]
fn s5_1_reply_to_the_vpc_nat_ips_must_route_back() {
    // vtb-b routes back only the group's vSwitch, not the NAT IP 10.10.0.100.
    let mut inventory = base_vpc_nat();
    *routes(&mut inventory, "vtb-b") = json!([route("10.10.1.0/24", "vpc_peer", "pcc-ab")]);
    expect_blocking(&inventory, "return-route-missing");
}

#[test]
fn s5_1_after_snat_only_the_nat_ips_need_a_way_back() {
    let mut inventory = base_vpc_nat();
    *routes(&mut inventory, "vtb-b") = json!([route("10.10.0.0/24", "vpc_peer", "pcc-ab")]);
    expect_reachable(&inventory);
}

#[test]
fn s8_14_regions_are_the_group_s_and_the_data_source_vpc_s() {
    let mut inventory = base_peering();
    rg(&mut inventory)["region"] = json!("cn-beijing");
    assert_eq!(scenario(&inventory), "2");
}

#[test]
fn s8_14_data_source_own_account_counts_first() {
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    find(&mut inventory, "vpcs", "vpc-b")["account"] = json!("1111");
    ds(&mut inventory)["account"] = json!("2222");
    assert_eq!(scenario(&inventory), "3");
}
