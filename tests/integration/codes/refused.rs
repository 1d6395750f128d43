//! Input errors of validation through the binary: exit 2, nothing on stdout,
//! stderr naming the file, the JSON pointer, the value and a hint.

use super::*;

// ===========================================================================
// 5. Input errors of validation (exit 2, nothing on stdout)
// ===========================================================================

/// Runs `check` on the inventories (written as files `name`), which must be
/// refused: exit 2, empty stdout. Returns (stderr, the paths).
pub(super) fn refused(files: &[(&str, Value)]) -> (String, Vec<String>) {
    let dir = tempdir();
    let mut args = vec!["check".to_string()];
    let mut paths = Vec::new();
    for (name, inventory) in files {
        let path = write(&dir, name, inventory).display().to_string();
        args.push(path.clone());
        paths.push(path);
    }
    args.push("--format".to_string());
    args.push("json".to_string());
    let output = run(&args);
    assert_eq!(
        output.code,
        Some(2),
        "exit code; stderr:\n{}",
        output.stderr
    );
    assert_eq!(
        output.stdout, "",
        "stdout must stay empty; stderr:\n{}",
        output.stderr
    );
    (output.stderr, paths)
}

/// One refused inventory: stderr must name the file, the pointer, the value and
/// give a hint.
pub(super) fn refused_one(inventory: Value, pointer: &str, value: &str, more: &[&str]) -> String {
    let (stderr, paths) = refused(&[("inventory.json", inventory)]);
    let mut pieces = vec![paths[0].as_str(), pointer, value, "hint:"];
    pieces.extend_from_slice(more);
    assert_mentions(&stderr, &pieces, "stderr");
    stderr
}

#[test]
fn input_cidr_with_host_bits_suggests_the_canonical_form() {
    let mut inventory = base_peering();
    find(&mut inventory, "vswitches", "vsw-b")["cidr"] = json!("10.20.1.7/24");
    refused_one(
        inventory,
        "/vswitches/1/cidr",
        "10.20.1.7/24",
        &["10.20.1.0/24"],
    );
}

#[test]
fn input_invalid_cidr() {
    let mut inventory = base_peering();
    find(&mut inventory, "vpcs", "vpc-b")["cidrs"] = json!(["10.20.0.0/33"]);
    refused_one(inventory, "/vpcs/1/cidrs/0", "10.20.0.0/33", &[]);
}

#[test]
fn input_invalid_cidr_in_a_whitelist() {
    let mut inventory = base_peering();
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.300/24"]);
    refused_one(
        inventory,
        "/data_sources/0/whitelist/0",
        "10.10.1.300/24",
        &[],
    );
}

#[test]
fn input_duplicate_id_within_one_file() {
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-a", "vpc-a", "10.10.2.0/24"),
    );
    refused_one(inventory, "/vswitches/2", "vsw-a", &["/vswitches/0"]);
}

#[test]
fn input_duplicate_id_across_two_files() {
    let second = json!({"version": 1, "vpcs": [vpc("vpc-a", "cn-beijing", "10.99.0.0/16")]});
    let (stderr, paths) = refused(&[("first.json", base_peering()), ("second.json", second)]);
    assert_mentions(
        &stderr,
        &[&paths[0], &paths[1], "/vpcs/0", "vpc-a", "hint:"],
        "stderr",
    );
}

#[test]
fn input_reference_to_a_missing_id_suggests_the_closest() {
    let mut inventory = base_peering();
    rg(&mut inventory)["networks"][0]["vswitch"] = json!("vsw-aa");
    refused_one(
        inventory,
        "/resource_groups/0/networks/0/vswitch",
        "vsw-aa",
        &["did you mean", "vsw-a"],
    );
}

#[test]
fn input_reference_to_an_id_of_the_wrong_kind() {
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-a") = json!([route("10.20.0.0/16", "vpc_peer", "vsw-b")]);
    let stderr = refused_one(
        inventory,
        "/route_tables/0/routes/0/next_hop/id",
        "vsw-b",
        &[],
    );
    let lower = stderr.to_lowercase();
    assert!(
        lower.contains("vswitch") && lower.contains("peering"),
        "stderr says what vsw-b is and what was expected:\n{stderr}"
    );
}

#[test]
fn input_location_with_two_variants() {
    let mut inventory = base_peering();
    ds(&mut inventory)["location"] = json!({"vpc": "vpc-b", "internet": true});
    refused_one(inventory, "/data_sources/0/location", "internet", &["vpc"]);
}

#[test]
fn input_location_with_no_variant() {
    let mut inventory = base_peering();
    ds(&mut inventory)["location"] = json!({});
    refused_one(inventory, "/data_sources/0/location", "location", &[]);
}

#[test]
fn input_port_out_of_range() {
    let mut inventory = base_peering();
    ds(&mut inventory)["port"] = json!(70000);
    refused_one(inventory, "/data_sources/0/port", "70000", &["65535"]);
}

#[test]
fn input_security_group_priority_zero() {
    let mut inventory = base_ecs();
    set_rules(
        &mut inventory,
        json!([sg_rule(
            "accept",
            "tcp",
            "3306/3306",
            Some("10.10.1.0/24"),
            0
        )]),
    );
    refused_one(
        inventory,
        "/security_groups/0/rules/0/priority",
        "0",
        &["100"],
    );
}

#[test]
fn input_data_source_ip_outside_its_vpc_vswitches() {
    // semantics S8.1: inside vpc-b's range but in no vSwitch.
    let mut inventory = base_peering();
    ds(&mut inventory)["ip"] = json!("10.20.9.9");
    refused_one(inventory, "/data_sources/0/ip", "10.20.9.9", &["vpc-b"]);
}

#[test]
fn input_data_source_ip_not_an_address_of_its_ecs_instance() {
    let mut inventory = base_ecs();
    ds(&mut inventory)["ip"] = json!("10.20.1.21");
    refused_one(inventory, "/data_sources/0/ip", "10.20.1.21", &["i-1"]);
}

#[test]
fn input_data_source_ip_outside_its_data_center() {
    let mut inventory = base_vbr();
    ds(&mut inventory)["ip"] = json!("172.21.0.5");
    refused_one(inventory, "/data_sources/0/ip", "172.21.0.5", &["dc-1"]);
}

#[test]
fn input_internet_data_source_with_a_private_ip() {
    let mut inventory = base_nat();
    ds(&mut inventory)["ip"] = json!("192.168.1.1");
    refused_one(inventory, "/data_sources/0/ip", "192.168.1.1", &[]);
}

#[test]
fn input_binding_vswitch_not_in_its_vpc() {
    let mut inventory = base_peering();
    rg(&mut inventory)["networks"][0]["vswitch"] = json!("vsw-b");
    refused_one(
        inventory,
        "/resource_groups/0/networks/0/vswitch",
        "vsw-b",
        &["vpc-a"],
    );
}
