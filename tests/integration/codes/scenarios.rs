//! The DataWorks scenarios (semantics S6.2, S8.14) and their classification order.

use super::*;

// ===========================================================================
// 3. Scenarios (semantics S6.2, S8.14) and their classification order
// ===========================================================================

/// The scenario of rg-1 -> ds-1.
pub(super) fn scenario(inventory: &Value) -> String {
    let (_, pair) = check_pair(inventory);
    pair["scenario"].as_str().unwrap_or("").to_string()
}

/// `base_peering` with ds-1 in vpc-a itself (vsw-a2).
pub(super) fn same_vpc() -> Value {
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-a2", "vpc-a", "10.10.2.0/24"),
    );
    *ds(&mut inventory) = vpc_source("10.10.2.10", "vpc-a", &["10.10.1.0/24"]);
    inventory
}

#[test]
fn scenario_same_vpc() {
    let pair = expect_reachable(&same_vpc());
    assert_eq!(pair["scenario"], "same-vpc");
    assert_eq!(hops(&pair, "forward"), vec!["local".to_string()]);
}

#[test]
fn scenario_1_same_account_same_region() {
    assert_eq!(scenario(&base_peering()), "1");
    assert_eq!(scenario(&base_tr()), "1");
}

#[test]
fn scenario_2_same_account_different_regions() {
    assert_eq!(scenario(&base_cross_region()), "2");
    assert_eq!(scenario(&base_basic_cen()), "2");
}

#[test]
fn scenario_3_different_accounts() {
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    find(&mut inventory, "vpcs", "vpc-b")["account"] = json!("2222");
    let pair = expect_reachable(&inventory);
    assert_eq!(pair["scenario"], "3");
}

#[test]
fn scenario_3_group_account_beats_its_vpc_account() {
    // semantics S8.14: the group's own account counts first.
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("2222");
    find(&mut inventory, "vpcs", "vpc-b")["account"] = json!("2222");
    rg(&mut inventory)["account"] = json!("1111");
    assert_eq!(scenario(&inventory), "3");
}

#[test]
fn scenario_3_before_2() {
    let mut inventory = base_cross_region();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    find(&mut inventory, "vpcs", "vpc-b")["account"] = json!("2222");
    assert_eq!(scenario(&inventory), "3");
}

#[test]
fn scenario_4_data_source_on_ecs() {
    let pair = expect_reachable(&base_ecs());
    assert_eq!(pair["scenario"], "4");
}

#[test]
fn scenario_4_before_same_vpc() {
    let mut inventory = same_vpc();
    inventory["ecs_instances"] = json!([
        {"id": "i-1", "vswitch": "vsw-a2", "private_ips": ["10.10.2.20"], "security_groups": ["sg-a"]}
    ]);
    inventory["security_groups"] = json!([{"id": "sg-a", "vpc": "vpc-a", "rules": [
        sg_rule("accept", "tcp", "3306/3306", Some("10.10.1.0/24"), 1)
    ]}]);
    *ds(&mut inventory) = json!({"id": "ds-1", "type": "mysql", "ip": "10.10.2.20", "port": 3306,
                                  "location": {"ecs_instance": "i-1"}});
    let pair = expect_reachable(&inventory);
    assert_eq!(pair["scenario"], "4");
}

#[test]
fn scenario_4_before_3() {
    let mut inventory = base_ecs();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    find(&mut inventory, "vpcs", "vpc-b")["account"] = json!("2222");
    assert_eq!(scenario(&inventory), "4");
}

#[test]
fn scenario_5_data_source_in_a_data_center() {
    assert_eq!(scenario(&base_vbr()), "5");
    assert_eq!(scenario(&base_vpn()), "5");
    assert_eq!(scenario(&base_vbr_tr()), "5");
}

#[test]
fn scenario_5_before_3() {
    let mut inventory = base_vbr();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    find(&mut inventory, "data_centers", "dc-1")["account"] = json!("2222");
    assert_eq!(scenario(&inventory), "5");
}

#[test]
fn scenario_6_data_source_on_the_internet() {
    assert_eq!(scenario(&base_nat()), "6");
    assert_eq!(scenario(&base_public_ip()), "6");
}

#[test]
fn scenario_classic_first() {
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    *ds(&mut inventory) = json!({"id": "ds-1", "type": "mysql", "ip": "10.161.24.7", "port": 3306,
                                  "account": "2222", "location": {"classic": true},
                                  "whitelist": ["10.10.1.0/24"]});
    assert_eq!(scenario(&inventory), "classic");
}

#[test]
fn scenario_same_vpc_before_3() {
    let mut inventory = same_vpc();
    find(&mut inventory, "vpcs", "vpc-a")["account"] = json!("1111");
    rg(&mut inventory)["account"] = json!("2222");
    assert_eq!(scenario(&inventory), "same-vpc");
}

#[test]
fn scenario_named_in_an_unreachable_pair() {
    // semantics S6.2: an unreachable pair still names its scenario and its solution.
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-b") = json!([]);
    let (_, pair) = check_pair(&inventory);
    assert_eq!(pair["scenario"], "1");
}
