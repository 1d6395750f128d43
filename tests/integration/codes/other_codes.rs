//! The undecided codes (verdict `unknown`) and the notes of semantics S7: each produced by a
//! minimal fixture and absent from a near-identical one.

use super::*;

#[test]
fn code_appliance_not_modelled_produced() {
    let mut inventory = base_peering();
    inventory["ecs_instances"] = json!([
        {"id": "i-fw", "vswitch": "vsw-a", "private_ips": ["10.10.1.50"], "security_groups": []}
    ]);
    *routes(&mut inventory, "vtb-a") = json!([route("10.20.0.0/16", "instance", "i-fw")]);
    expect_undecided(&inventory, "appliance-not-modelled");
}

#[test]
fn code_appliance_not_modelled_absent() {
    expect_absent(&base_peering(), "appliance-not-modelled");
}

// --- route-conflict (semantics S2.3, S8.3) ---

/// `base_tr` where vpc-a's attachment also advertises `prefix`.
pub(super) fn tr_advertising(prefix: &str) -> Value {
    let mut inventory = base_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["advertise"] = json!([prefix]);
    inventory
}

#[test]
fn code_route_conflict_produced() {
    // 10.20.1.0/24 is propagated by tra-b (vsw-b) and by tra-a (advertise).
    expect_undecided(&tr_advertising("10.20.1.0/24"), "route-conflict");
}

#[test]
fn code_route_conflict_absent() {
    expect_absent(&tr_advertising("10.20.2.0/24"), "route-conflict");
}

// --- ipv6-not-analysed ---

#[test]
fn code_ipv6_not_analysed_produced() {
    let mut inventory = base_nat();
    ds(&mut inventory)["ip"] = json!("2400:3200::1");
    let pair = expect_undecided(&inventory, "ipv6-not-analysed");
    assert_mentions(
        finding(&pair, "ipv6-not-analysed")["message"]
            .as_str()
            .unwrap_or(""),
        &["2400:3200::1"],
        "the ipv6-not-analysed message",
    );
}

#[test]
fn code_ipv6_not_analysed_absent() {
    expect_absent(&base_nat(), "ipv6-not-analysed");
}

// --- leaves-model ---

/// `base_vbr` with a second VBR (vbr-2 on pc-2, dc-1's return path) and pc-1
/// given no data center: `pc1_data_center` decides whether pc-1 leads anywhere.
pub(super) fn two_vbrs(pc1_data_center: Option<&str>) -> Value {
    let mut inventory = base_vbr();
    let pc1 = find(&mut inventory, "physical_connections", "pc-1");
    match pc1_data_center {
        Some(dc) => pc1["data_center"] = json!(dc),
        None => {
            if let Some(object) = pc1.as_object_mut() {
                object.remove("data_center");
            }
        }
    }
    push(
        &mut inventory,
        "vbrs",
        json!({"id": "vbr-2", "region": "cn-hangzhou", "physical_connection": "pc-2",
               "status": "active",
               "routes": [{"destination": "172.21.0.0/16",
                           "next_hop": {"type": "physical_connection", "id": "pc-2"}}]}),
    );
    push(
        &mut inventory,
        "physical_connections",
        json!({"id": "pc-2", "data_center": "dc-1", "status": "enabled"}),
    );
    add_route(
        &mut inventory,
        "vtb-a",
        route("172.21.0.0/16", "vbr", "vbr-2"),
    );
    find(&mut inventory, "data_centers", "dc-1")["routes"] =
        json!([{"destination": "10.10.0.0/16", "via": "pc-2"}]);
    inventory
}

#[test]
fn code_leaves_model_produced() {
    // pc-1 names no data center and no data center routes via it.
    expect_undecided(&two_vbrs(None), "leaves-model");
}

#[test]
fn code_leaves_model_absent() {
    expect_absent(&two_vbrs(Some("dc-1")), "leaves-model");
}

#[test]
fn code_leaves_model_absent_when_the_data_center_is_inferred() {
    // pc-1 names no data center, but dc-1 routes via it: dc-1 is behind it.
    let mut inventory = base_vbr();
    if let Some(object) = find(&mut inventory, "physical_connections", "pc-1").as_object_mut() {
        object.remove("data_center");
    }
    expect_absent(&inventory, "leaves-model");
}

// --- whitelist-unknown (semantics S4.3, S8.11) ---

#[test]
fn code_whitelist_unknown_produced() {
    let mut inventory = base_peering();
    if let Some(object) = ds(&mut inventory).as_object_mut() {
        object.remove("whitelist");
    }
    expect_note(&inventory, "whitelist-unknown", &["warning"]);
}

#[test]
fn code_whitelist_unknown_absent() {
    expect_absent(&base_peering(), "whitelist-unknown");
}

// --- rg-routes-unknown (semantics S3.1) ---

#[test]
fn code_rg_routes_unknown_produced() {
    let mut inventory = base_peering();
    if let Some(object) = rg(&mut inventory)["networks"][0].as_object_mut() {
        object.remove("routes");
    }
    let pair = expect_note(&inventory, "rg-routes-unknown", &["warning", "info"]);
    assert!(!codes(&pair).iter().any(|c| c == "rg-route-missing"));
}

#[test]
fn code_rg_routes_unknown_absent() {
    expect_absent(&base_peering(), "rg-routes-unknown");
}

// --- whitelist-open ---

#[test]
fn code_whitelist_open_produced() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!(["0.0.0.0/0"]);
    expect_note(&inventory, "whitelist-open", &["warning", "info"]);
}

#[test]
fn code_whitelist_open_absent() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!(["10.0.0.0/8"]);
    expect_absent(&inventory, "whitelist-open");
}

// --- inter-region-test-bandwidth ---

#[test]
fn code_inter_region_test_bandwidth_produced() {
    let mut inventory = base_cross_region();
    for id in ["trp-hz", "trp-bj"] {
        if let Some(object) = find(&mut inventory, "tr_attachments", id).as_object_mut() {
            object.remove("bandwidth_mbps");
        }
    }
    expect_note(
        &inventory,
        "inter-region-test-bandwidth",
        &["warning", "info"],
    );
}

#[test]
fn code_inter_region_test_bandwidth_absent() {
    expect_absent(&base_cross_region(), "inter-region-test-bandwidth");
}

// --- asymmetric-path (semantics S5.3) ---

#[test]
fn code_asymmetric_path_produced() {
    // Forward over the peering, back over the transit router.
    let mut inventory = base_peering_tr();
    *routes(&mut inventory, "vtb-b") = json!([route("10.10.0.0/16", "tr_attachment", "tra-b")]);
    expect_note(&inventory, "asymmetric-path", &["info"]);
}

#[test]
fn code_asymmetric_path_absent() {
    expect_absent(&base_peering_tr(), "asymmetric-path");
}

// --- on-premises-firewall-not-modelled (semantics S4.5) ---

#[test]
fn code_on_premises_firewall_not_modelled_produced() {
    expect_note(&base_vbr(), "on-premises-firewall-not-modelled", &["info"]);
    expect_note(&base_vpn(), "on-premises-firewall-not-modelled", &["info"]);
}

#[test]
fn code_on_premises_firewall_not_modelled_absent() {
    expect_absent(&base_peering(), "on-premises-firewall-not-modelled");
}

// --- learned-route-differs (semantics S2.8): top-level findings ---

/// `base_peering_tr` where tra-a synchronizes the TR table into vpc-a (deriving
/// 10.20.1.0/24 -> tra-a) and vtb-a holds an exported learned entry for the same
/// destination with next hop (`kind`, `id`).
pub(super) fn learned_entry(kind: &str, id: &str) -> Value {
    let mut inventory = base_peering_tr();
    find(&mut inventory, "tr_attachments", "tra-a")["route_sync"] = json!(true);
    let mut learned = route("10.20.1.0/24", kind, id);
    learned["origin"] = json!("learned");
    *routes(&mut inventory, "vtb-a") = json!([learned]);
    inventory
}

#[test]
fn code_learned_route_differs_produced() {
    let inventory = learned_entry("vpc_peer", "pcc-ab");
    let (exit, report) = check(&inventory);
    let top: Vec<&Value> = report["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter(|f| f["code"] == "learned-route-differs")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        top.len(),
        1,
        "top-level findings:\n{:#}",
        report["findings"]
    );
    assert_eq!(top[0]["severity"], "info");
    let pair = pair(&report, "rg-1", "ds-1");
    assert_eq!(pair["verdict"], "reachable", "pair:\n{pair:#}");
    assert_eq!(
        hops(pair, "forward").first().map(String::as_str),
        Some("pcc-ab"),
        "the exported entry wins (S2.8); pair:\n{pair:#}"
    );
    assert_eq!(exit, Some(0));
}

#[test]
fn code_learned_route_differs_absent() {
    let inventory = learned_entry("tr_attachment", "tra-a");
    let (exit, report) = check(&inventory);
    assert!(
        !report["findings"]
            .as_array()
            .map(|f| f.iter().any(|f| f["code"] == "learned-route-differs"))
            .unwrap_or(false),
        "top-level findings:\n{:#}",
        report["findings"]
    );
    assert_eq!(pair(&report, "rg-1", "ds-1")["verdict"], "reachable");
    assert_eq!(exit, Some(0));
}

// --- exit codes ---

#[test]
fn exit_codes_over_several_pairs() {
    // rg-1 -> ds-1 reachable, rg-1 -> ds-2 unknown (appliance).
    let mut inventory = base_peering();
    inventory["ecs_instances"] = json!([
        {"id": "i-fw", "vswitch": "vsw-a", "private_ips": ["10.10.1.50"], "security_groups": []}
    ]);
    push(
        &mut inventory,
        "vpcs",
        vpc("vpc-c", "cn-hangzhou", "10.30.0.0/16"),
    );
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-c", "vpc-c", "10.30.1.0/24"),
    );
    add_route(
        &mut inventory,
        "vtb-a",
        route("10.30.0.0/16", "instance", "i-fw"),
    );
    // The replies from vpc-c come back over a peering.
    push(
        &mut inventory,
        "peering_connections",
        json!({"id": "pcc-ac", "vpc": "vpc-a", "peer_vpc": "vpc-c", "status": "activated"}),
    );
    push(
        &mut inventory,
        "route_tables",
        table(
            "vtb-c",
            "vpc-c",
            json!([route("10.10.0.0/16", "vpc_peer", "pcc-ac")]),
        ),
    );
    rg(&mut inventory)["networks"][0]["routes"] = json!(["10.20.0.0/16", "10.30.0.0/16"]);
    let mut second = vpc_source("10.30.1.10", "vpc-c", &["10.10.1.0/24"]);
    second["id"] = json!("ds-2");
    push(&mut inventory, "data_sources", second);
    let (exit, report) = check(&inventory);
    assert_eq!(pair(&report, "rg-1", "ds-1")["verdict"], "reachable");
    assert_eq!(pair(&report, "rg-1", "ds-2")["verdict"], "unknown");
    assert_eq!(report["summary"]["pairs"], 2);
    assert_eq!(report["summary"]["reachable"], 1);
    assert_eq!(report["summary"]["unknown"], 1);
    assert_eq!(exit, Some(1), "an unknown pair fails the check");
    let (exit, _) = check_with(&inventory, &["--allow-unknown"]);
    assert_eq!(exit, Some(0), "--allow-unknown makes it pass");

    // Break ds-1: unreachable fails even with --allow-unknown.
    ds(&mut inventory)["whitelist"] = json!([]);
    let (exit, _) = check_with(&inventory, &["--allow-unknown"]);
    assert_eq!(exit, Some(1), "unreachable fails with --allow-unknown");
}
