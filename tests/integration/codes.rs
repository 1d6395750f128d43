//! Acceptance tests of the reachability semantics (`shared/spec/semantics.md`):
//! every finding code a pair can carry, produced by a minimal fixture and absent
//! from a near-identical one; every VPC next-hop type; every scenario of S6.2;
//! the settled readings of S2, S3, S4 and S8; the exit codes; and the validation
//! errors of the inventory (exit 2). Each fixture is a small base inventory built
//! here with `serde_json::json!` and modified per test, and checked in-process
//! as `netreach check FILE --format json` would ([`super::util::check_json`]);
//! the exit codes, filters, `trace` and the input errors (stderr) run the binary.
//! The tests say what the spec demands: a failing test is a disagreement between
//! the binary and the spec, never a reason to weaken the test.

use netreach::findings::{Class, Code};
use serde_json::{json, Value};

use super::util::{check_json, run, tempdir, write, Output};

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// Runs `netreach check FILE --format json EXTRA…` on one inventory.
fn check_raw(inventory: &Value, extra: &[&str]) -> Output {
    let dir = tempdir();
    let path = write(&dir, "inventory.json", inventory);
    let mut args = vec![
        "check".to_string(),
        path.display().to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];
    args.extend(extra.iter().map(|arg| arg.to_string()));
    run(&args)
}

/// `netreach check` with extra arguments: (exit code, report).
fn check_with(inventory: &Value, extra: &[&str]) -> (Option<i32>, Value) {
    let output = check_raw(inventory, extra);
    let report = match serde_json::from_str::<Value>(&output.stdout) {
        Ok(report) => report,
        Err(error) => panic!(
            "the report is not JSON ({error}); exit {:?}\nstdout:\n{}\nstderr:\n{}",
            output.code, output.stdout, output.stderr
        ),
    };
    (output.code, report)
}

/// What `netreach check FILE --format json` gives: (exit code, report),
/// computed in-process ([`super::util::check_json`]).
fn check(inventory: &Value) -> (Option<i32>, Value) {
    check_json(inventory)
}

/// The pair (rg, ds) of a report.
fn pair<'a>(report: &'a Value, rg: &str, ds: &str) -> &'a Value {
    report["pairs"]
        .as_array()
        .and_then(|pairs| {
            pairs
                .iter()
                .find(|p| p["resource_group"] == rg && p["data_source"] == ds)
        })
        .unwrap_or_else(|| panic!("no pair {rg} -> {ds} in the report:\n{report:#}"))
}

/// The finding codes of a pair, in report order.
fn codes(pair: &Value) -> Vec<String> {
    pair["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .filter_map(|f| f["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The findings of a pair with one code.
fn findings_with<'a>(pair: &'a Value, code: &str) -> Vec<&'a Value> {
    pair["findings"]
        .as_array()
        .map(|findings| findings.iter().filter(|f| f["code"] == code).collect())
        .unwrap_or_default()
}

/// The first finding of a pair with one code.
fn finding<'a>(pair: &'a Value, code: &str) -> &'a Value {
    match findings_with(pair, code).first() {
        Some(finding) => finding,
        None => panic!("no {code} finding; pair:\n{pair:#}"),
    }
}

/// The codes of the findings with severity `error`.
fn error_codes(pair: &Value) -> Vec<String> {
    pair["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .filter(|f| f["severity"] == "error")
                .filter_map(|f| f["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The proved fixes of a pair (their console actions) and the decisions it
/// needs (docs S10.2), joined into one text.
fn fixes_text(pair: &Value) -> String {
    let actions = pair["fixes"].as_array().into_iter().flatten().map(|fix| {
        assert!(
            fix["patch"].as_array().is_some_and(|p| !p.is_empty()),
            "a fix is a patch: {fix}"
        );
        fix["action"].as_str().unwrap_or_default().to_string()
    });
    let decisions = pair["decisions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["why"].as_str().unwrap_or_default().to_string());
    actions.chain(decisions).collect::<Vec<_>>().join("\n")
}

/// The `next_hop` of every hop of a path (`forward` or `return`).
fn hops(pair: &Value, direction: &str) -> Vec<String> {
    pair[direction]
        .as_array()
        .map(|path| {
            path.iter()
                .map(|hop| hop["next_hop"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The `at` of every hop of a path (`forward` or `return`).
fn places(pair: &Value, direction: &str) -> Vec<String> {
    pair[direction]
        .as_array()
        .map(|path| {
            path.iter()
                .map(|hop| hop["at"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Checks an inventory and returns the pair rg-1 -> ds-1 with the exit code.
fn check_pair(inventory: &Value) -> (Option<i32>, Value) {
    let (code, report) = check(inventory);
    (code, pair(&report, "rg-1", "ds-1").clone())
}

/// rg-1 -> ds-1 must be `unreachable` with `code` as its only blocking code,
/// severity `error`, primary, with fixes; exit 1. Returns the pair.
fn expect_blocking(inventory: &Value, code: &str) -> Value {
    let (exit, pair) = check_pair(inventory);
    assert_eq!(pair["verdict"], "unreachable", "verdict; pair:\n{pair:#}");
    let found = finding(&pair, code);
    assert_eq!(
        found["severity"], "error",
        "severity of {code}; pair:\n{pair:#}"
    );
    assert_eq!(
        found["primary"], true,
        "{code} must be primary; pair:\n{pair:#}"
    );
    let others: Vec<String> = error_codes(&pair)
        .into_iter()
        .filter(|c| c != code)
        .collect();
    assert!(
        others.is_empty(),
        "only {code} should block, also found {others:?}; pair:\n{pair:#}"
    );
    let primaries = pair["findings"]
        .as_array()
        .map(|f| f.iter().filter(|f| f["primary"] == true).count())
        .unwrap_or(0);
    assert_eq!(primaries, 1, "exactly one primary finding; pair:\n{pair:#}");
    assert!(
        !fixes_text(&pair).is_empty(),
        "a blocking finding needs a proved fix or a decision; pair:\n{pair:#}"
    );
    assert_eq!(exit, Some(1), "exit code of an unreachable pair");
    pair
}

/// rg-1 -> ds-1 must be `unknown` because of `code` (severity `warning`, no
/// blocking finding); exit 1, and 0 with `--allow-unknown`. Returns the pair.
fn expect_undecided(inventory: &Value, code: &str) -> Value {
    let (exit, pair) = check_pair(inventory);
    assert_eq!(pair["verdict"], "unknown", "verdict; pair:\n{pair:#}");
    let found = finding(&pair, code);
    assert_eq!(found["severity"], "warning", "severity of {code} (S8.13)");
    assert!(
        error_codes(&pair).is_empty(),
        "no blocking finding expected; pair:\n{pair:#}"
    );
    assert_eq!(exit, Some(1), "exit code of an unknown pair");
    // `--allow-unknown` passes unless a pair is unreachable (the binary's
    // side of it: `exit_codes_over_several_pairs`).
    let (_, report) = check(inventory);
    let unreachable = report["pairs"]
        .as_array()
        .is_some_and(|pairs| pairs.iter().any(|p| p["verdict"] == "unreachable"));
    assert!(!unreachable, "--allow-unknown makes unknown pass");
    pair
}

/// rg-1 -> ds-1 must be `reachable` without blocking or undecided findings; exit 0.
fn expect_reachable(inventory: &Value) -> Value {
    let (exit, pair) = check_pair(inventory);
    assert_eq!(pair["verdict"], "reachable", "verdict; pair:\n{pair:#}");
    let bad: Vec<String> = codes(&pair)
        .into_iter()
        .filter(|c| {
            Code::parse(c).is_some_and(|c| matches!(c.class(), Class::Blocking | Class::Undecided))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "a reachable pair with {bad:?}; pair:\n{pair:#}"
    );
    assert!(
        error_codes(&pair).is_empty(),
        "no error finding on a reachable pair; pair:\n{pair:#}"
    );
    assert_eq!(exit, Some(0), "exit code of a reachable pair");
    pair
}

/// rg-1 -> ds-1 must be `reachable` and carry the note `code` with one of the
/// severities.
fn expect_note(inventory: &Value, code: &str, severities: &[&str]) -> Value {
    let pair = expect_reachable(inventory);
    let found = finding(&pair, code);
    assert!(
        severities.iter().any(|s| found["severity"] == *s),
        "severity of {code} must be one of {severities:?}; pair:\n{pair:#}"
    );
    pair
}

/// rg-1 -> ds-1 must be `reachable` without `code`.
fn expect_absent(inventory: &Value, code: &str) -> Value {
    let pair = expect_reachable(inventory);
    assert!(
        !codes(&pair).iter().any(|c| c == code),
        "{code} must be absent; pair:\n{pair:#}"
    );
    pair
}

/// Asserts that a text mentions every piece.
fn assert_mentions(text: &str, pieces: &[&str], what: &str) {
    for piece in pieces {
        assert!(text.contains(piece), "{what} lacks {piece:?}:\n{text}");
    }
}

// ---------------------------------------------------------------------------
// Editing inventories
// ---------------------------------------------------------------------------

/// The element of a top-level list with this id.
fn find<'a>(inventory: &'a mut Value, list: &str, id: &str) -> &'a mut Value {
    let items = match inventory[list].as_array_mut() {
        Some(items) => items,
        None => panic!("the inventory has no list {list}"),
    };
    match items.iter_mut().find(|item| item["id"] == id) {
        Some(item) => item,
        None => panic!("no {id} in {list}"),
    }
}

/// Appends an element to a top-level list (created if absent).
fn push(inventory: &mut Value, list: &str, item: Value) {
    if inventory.get(list).is_none() {
        inventory[list] = json!([]);
    }
    match inventory[list].as_array_mut() {
        Some(items) => items.push(item),
        None => panic!("{list} is not a list"),
    }
}

/// Removes the element with this id from a top-level list.
fn remove(inventory: &mut Value, list: &str, id: &str) {
    match inventory[list].as_array_mut() {
        Some(items) => items.retain(|item| item["id"] != id),
        None => panic!("the inventory has no list {list}"),
    }
}

/// The routes of a VPC route table.
fn routes<'a>(inventory: &'a mut Value, table: &str) -> &'a mut Value {
    &mut find(inventory, "route_tables", table)["routes"]
}

/// Appends a route to a VPC route table.
fn add_route(inventory: &mut Value, table: &str, route: Value) {
    match routes(inventory, table).as_array_mut() {
        Some(list) => list.push(route),
        None => panic!("{table} has no routes list"),
    }
}

/// The resource group rg-1.
fn rg(inventory: &mut Value) -> &mut Value {
    find(inventory, "resource_groups", "rg-1")
}

/// The data source ds-1.
fn ds(inventory: &mut Value) -> &mut Value {
    find(inventory, "data_sources", "ds-1")
}

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

fn vpc(id: &str, region: &str, cidr: &str) -> Value {
    json!({"id": id, "region": region, "cidrs": [cidr]})
}

fn vsw(id: &str, vpc: &str, cidr: &str) -> Value {
    json!({"id": id, "vpc": vpc, "cidr": cidr})
}

fn table(id: &str, vpc: &str, routes: Value) -> Value {
    json!({"id": id, "vpc": vpc, "kind": "system", "routes": routes})
}

fn route(destination: &str, kind: &str, id: &str) -> Value {
    json!({"destination": destination, "next_hop": {"type": kind, "id": id}})
}

fn vpc_attachment(id: &str, transit_router: &str, vpc: &str, vswitch: &str) -> Value {
    json!({"id": id, "transit_router": transit_router, "type": "vpc", "resource": vpc,
           "status": "attached", "vswitches": [vswitch], "route_sync": false})
}

fn peer_attachment(id: &str, transit_router: &str, remote: &str) -> Value {
    json!({"id": id, "transit_router": transit_router, "type": "peer", "resource": remote,
           "status": "attached", "bandwidth_mbps": 10})
}

fn tr_table(id: &str, transit_router: &str, attachments: &[&str]) -> Value {
    json!({"id": id, "transit_router": transit_router, "associations": attachments,
           "propagations": attachments, "routes": []})
}

fn binding(vpc: &str, vswitch: &str, routes: &[&str]) -> Value {
    json!({"vpc": vpc, "vswitch": vswitch, "routes": routes})
}

fn resource_group(networks: Value) -> Value {
    json!({"id": "rg-1", "type": "serverless", "region": "cn-hangzhou", "networks": networks})
}

fn vpc_source(ip: &str, vpc: &str, whitelist: &[&str]) -> Value {
    json!({"id": "ds-1", "type": "mysql", "ip": ip, "port": 3306,
           "location": {"vpc": vpc}, "whitelist": whitelist})
}

// ---------------------------------------------------------------------------
// Base inventories (each one reachable and clean)
// ---------------------------------------------------------------------------

/// Two VPCs of cn-hangzhou peered both ways; rg-1 in vpc-a (vsw-a 10.10.1.0/24),
/// ds-1 (10.20.1.10:3306) in vpc-b, whitelisted, RG route list covering it.
fn base_peering() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16"),
                 vpc("vpc-b", "cn-hangzhou", "10.20.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24"),
                      vsw("vsw-b", "vpc-b", "10.20.1.0/24")],
        "route_tables": [
            table("vtb-a", "vpc-a", json!([route("10.20.0.0/16", "vpc_peer", "pcc-ab")])),
            table("vtb-b", "vpc-b", json!([route("10.10.0.0/16", "vpc_peer", "pcc-ab")]))
        ],
        "peering_connections": [
            {"id": "pcc-ab", "vpc": "vpc-a", "peer_vpc": "vpc-b", "status": "activated"}
        ],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &["10.20.0.0/16"])]))],
        "data_sources": [vpc_source("10.20.1.10", "vpc-b", &["10.10.1.0/24"])]
    })
}

/// As `base_peering`, but the VPCs are joined by one enterprise transit router
/// (tr-1, table trt-1 with both attachments associated and propagating) and the
/// VPC tables route to the attachments by hand (no route_sync).
fn base_tr() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16"),
                 vpc("vpc-b", "cn-hangzhou", "10.20.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24"),
                      vsw("vsw-b", "vpc-b", "10.20.1.0/24")],
        "route_tables": [
            table("vtb-a", "vpc-a", json!([route("10.20.0.0/16", "tr_attachment", "tra-a")])),
            table("vtb-b", "vpc-b", json!([route("10.10.0.0/16", "tr_attachment", "tra-b")]))
        ],
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}],
        "tr_attachments": [vpc_attachment("tra-a", "tr-1", "vpc-a", "vsw-a"),
                           vpc_attachment("tra-b", "tr-1", "vpc-b", "vsw-b")],
        "tr_route_tables": [tr_table("trt-1", "tr-1", &["tra-a", "tra-b"])],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &["10.20.0.0/16"])]))],
        "data_sources": [vpc_source("10.20.1.10", "vpc-b", &["10.10.1.0/24"])]
    })
}

/// `base_peering` plus the transit router of `base_tr` (attached, unused by the
/// VPC tables).
fn base_peering_tr() -> Value {
    let mut inventory = base_peering();
    let tr = base_tr();
    for key in [
        "cens",
        "transit_routers",
        "tr_attachments",
        "tr_route_tables",
    ] {
        inventory[key] = tr[key].clone();
    }
    inventory
}

/// `base_tr` plus vpc-c (10.30.0.0/16) attached as tra-c; ds-1 is in vpc-c
/// (10.30.1.10); vpc-a and vpc-b route 10.30.0.0/16 to their attachments.
fn base_tr3() -> Value {
    let mut inventory = base_tr();
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
    push(
        &mut inventory,
        "route_tables",
        table(
            "vtb-c",
            "vpc-c",
            json!([route("10.10.0.0/16", "tr_attachment", "tra-c")]),
        ),
    );
    add_route(
        &mut inventory,
        "vtb-a",
        route("10.30.0.0/16", "tr_attachment", "tra-a"),
    );
    add_route(
        &mut inventory,
        "vtb-b",
        route("10.30.0.0/16", "tr_attachment", "tra-b"),
    );
    push(
        &mut inventory,
        "tr_attachments",
        vpc_attachment("tra-c", "tr-1", "vpc-c", "vsw-c"),
    );
    find(&mut inventory, "tr_route_tables", "trt-1")["associations"] =
        json!(["tra-a", "tra-b", "tra-c"]);
    find(&mut inventory, "tr_route_tables", "trt-1")["propagations"] =
        json!(["tra-a", "tra-b", "tra-c"]);
    rg(&mut inventory)["networks"][0]["routes"] = json!(["10.20.0.0/16", "10.30.0.0/16"]);
    *ds(&mut inventory) = vpc_source("10.30.1.10", "vpc-c", &["10.10.1.0/24"]);
    inventory
}

/// vpc-a in cn-hangzhou, vpc-b in cn-beijing, one enterprise CEN with a transit
/// router per region joined by a pair of peer attachments (10 Mbps).
fn base_cross_region() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16"),
                 vpc("vpc-b", "cn-beijing", "10.20.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24"),
                      vsw("vsw-b", "vpc-b", "10.20.1.0/24")],
        "route_tables": [
            table("vtb-a", "vpc-a", json!([route("10.20.0.0/16", "tr_attachment", "tra-a")])),
            table("vtb-b", "vpc-b", json!([route("10.10.0.0/16", "tr_attachment", "tra-b")]))
        ],
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [{"id": "tr-hz", "cen": "cen-1", "region": "cn-hangzhou"},
                            {"id": "tr-bj", "cen": "cen-1", "region": "cn-beijing"}],
        "tr_attachments": [vpc_attachment("tra-a", "tr-hz", "vpc-a", "vsw-a"),
                           vpc_attachment("tra-b", "tr-bj", "vpc-b", "vsw-b"),
                           peer_attachment("trp-hz", "tr-hz", "tr-bj"),
                           peer_attachment("trp-bj", "tr-bj", "tr-hz")],
        "tr_route_tables": [tr_table("trt-hz", "tr-hz", &["tra-a", "trp-hz"]),
                            tr_table("trt-bj", "tr-bj", &["tra-b", "trp-bj"])],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &["10.20.0.0/16"])]))],
        "data_sources": [vpc_source("10.20.1.10", "vpc-b", &["10.10.1.0/24"])]
    })
}

/// `base_cross_region` without the inter-region connection.
fn cross_region_without_peers() -> Value {
    let mut inventory = base_cross_region();
    remove(&mut inventory, "tr_attachments", "trp-hz");
    remove(&mut inventory, "tr_attachments", "trp-bj");
    *find(&mut inventory, "tr_route_tables", "trt-hz") = tr_table("trt-hz", "tr-hz", &["tra-a"]);
    *find(&mut inventory, "tr_route_tables", "trt-bj") = tr_table("trt-bj", "tr-bj", &["tra-b"]);
    inventory
}

/// A basic-edition CEN with vpc-a (cn-hangzhou) and vpc-b (cn-beijing) attached
/// and a 10 Mbps bandwidth between the regions; no written routes at all.
fn base_basic_cen() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16"),
                 vpc("vpc-b", "cn-beijing", "10.20.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24"),
                      vsw("vsw-b", "vpc-b", "10.20.1.0/24")],
        "cens": [{"id": "cen-1", "edition": "basic",
                  "attachments": [{"instance": "vpc-a", "type": "vpc"},
                                  {"instance": "vpc-b", "type": "vpc"}],
                  "bandwidth": [{"regions": ["cn-hangzhou", "cn-beijing"], "mbps": 10}]}],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &["10.20.0.0/16"])]))],
        "data_sources": [vpc_source("10.20.1.10", "vpc-b", &["10.10.1.0/24"])]
    })
}

/// One VPC with an internet NAT gateway (SNAT of vsw-a to the EIP 203.0.113.25);
/// ds-1 is a public endpoint (198.51.100.40:5432) whitelisting that EIP. The RG
/// route list is known and empty (a public destination needs none, S3.1).
fn base_nat() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24"),
                      vsw("vsw-nat", "vpc-a", "10.10.0.0/24")],
        "route_tables": [
            table("vtb-a", "vpc-a", json!([route("0.0.0.0/0", "nat_gateway", "ngw-1")]))
        ],
        "nat_gateways": [{"id": "ngw-1", "vpc": "vpc-a", "vswitch": "vsw-nat", "type": "internet",
                          "eips": ["eip-1"],
                          "snat_entries": [{"source_vswitch": "vsw-a",
                                            "snat_ips": ["203.0.113.25"]}]}],
        "eips": [{"id": "eip-1", "ip": "203.0.113.25", "bound_to": "ngw-1"}],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &[])]))],
        "data_sources": [{"id": "ds-1", "type": "postgresql", "ip": "198.51.100.40", "port": 5432,
                          "location": {"internet": true}, "whitelist": ["203.0.113.25"]}]
    })
}

/// `base_peering` where vsw-a uses the custom table vtb-rg that sends 10.20/16 to
/// a VPC NAT gateway (vsw-nat, NAT IP 10.10.0.100); the NAT's vSwitch uses the
/// system table (peering). ds-1 whitelists the NAT IP.
fn base_vpc_nat() -> Value {
    let mut inventory = base_peering();
    push(
        &mut inventory,
        "vswitches",
        vsw("vsw-nat", "vpc-a", "10.10.0.0/24"),
    );
    find(&mut inventory, "vswitches", "vsw-a")["route_table"] = json!("vtb-rg");
    push(
        &mut inventory,
        "route_tables",
        json!({"id": "vtb-rg", "vpc": "vpc-a", "kind": "custom",
               "routes": [route("10.20.0.0/16", "nat_gateway", "ngw-v")]}),
    );
    push(
        &mut inventory,
        "nat_gateways",
        json!({"id": "ngw-v", "vpc": "vpc-a", "vswitch": "vsw-nat", "type": "vpc",
               "nat_ips": ["10.10.0.100"],
               "snat_entries": [{"source_vswitch": "vsw-a", "snat_ips": ["10.10.0.100"]}]}),
    );
    ds(&mut inventory)["whitelist"] = json!(["10.10.0.100"]);
    inventory
}

/// One VPC with a VPN gateway and an established IPsec connection to the data
/// center dc-1 (192.168.16.0/20), routed by hand; ds-1 is on premises.
fn base_vpn() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24")],
        "route_tables": [
            table("vtb-a", "vpc-a", json!([route("192.168.16.0/20", "vpn_gateway", "vpn-1")]))
        ],
        "vpn_gateways": [{"id": "vpn-1", "vpc": "vpc-a"}],
        "customer_gateways": [{"id": "cgw-1", "ip": "203.0.113.10", "data_center": "dc-1"}],
        "vpn_connections": [{"id": "vco-1", "vpn_gateway": "vpn-1", "customer_gateway": "cgw-1",
                             "local_cidrs": ["10.10.0.0/16"], "remote_cidrs": ["192.168.16.0/20"],
                             "status": "established"}],
        "data_centers": [{"id": "dc-1", "cidrs": ["192.168.16.0/20"],
                          "routes": [{"destination": "10.10.0.0/16", "via": "vco-1"}]}],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &["192.168.16.0/20"])]))],
        "data_sources": [{"id": "ds-1", "type": "sqlserver", "ip": "192.168.20.15", "port": 1433,
                          "location": {"data_center": "dc-1"}, "whitelist": ["10.10.1.0/24"]}]
    })
}

/// One VPC reaching the data center dc-1 (172.20.0.0/16) through a VBR by a
/// router interface (`vbr` next hop); ds-1 is on premises.
fn base_vbr() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24")],
        "route_tables": [
            table("vtb-a", "vpc-a", json!([route("172.20.0.0/16", "vbr", "vbr-1")]))
        ],
        "vbrs": [{"id": "vbr-1", "region": "cn-hangzhou", "physical_connection": "pc-1",
                  "status": "active",
                  "routes": [{"destination": "172.20.0.0/16",
                              "next_hop": {"type": "physical_connection", "id": "pc-1"}}]}],
        "physical_connections": [{"id": "pc-1", "data_center": "dc-1", "status": "enabled"}],
        "data_centers": [{"id": "dc-1", "cidrs": ["172.20.0.0/16"],
                          "routes": [{"destination": "10.10.0.0/16", "via": "pc-1"}]}],
        "resource_groups": [resource_group(json!([binding("vpc-a", "vsw-a", &["172.20.0.0/16"])]))],
        "data_sources": [{"id": "ds-1", "type": "oracle", "ip": "172.20.8.30", "port": 1521,
                          "location": {"data_center": "dc-1"}, "whitelist": ["10.10.1.0/24"]}]
    })
}

/// As `base_vbr`, but the VBR is attached to a transit router together with the
/// VPC (route_sync): the VPC learns 172.20.0.0/16 from the TR, the VBR learns
/// 10.10.1.0/24 from it (S2.7).
fn base_vbr_tr() -> Value {
    let mut inventory = base_vbr();
    *routes(&mut inventory, "vtb-a") = json!([]);
    let mut attachment = vpc_attachment("tra-a", "tr-1", "vpc-a", "vsw-a");
    attachment["route_sync"] = json!(true);
    inventory["cens"] = json!([{"id": "cen-1", "edition": "enterprise"}]);
    inventory["transit_routers"] = json!([{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}]);
    inventory["tr_attachments"] = json!([
        attachment,
        {"id": "tra-v", "transit_router": "tr-1", "type": "vbr", "resource": "vbr-1",
         "status": "attached"}
    ]);
    inventory["tr_route_tables"] = json!([tr_table("trt-1", "tr-1", &["tra-a", "tra-v"])]);
    inventory
}

/// `base_peering` where ds-1 is self-hosted on the ECS instance i-1 (10.20.1.20)
/// in vsw-b, whose security group sg-b admits 10.10.1.0/24 on tcp 3306.
fn base_ecs() -> Value {
    let mut inventory = base_peering();
    inventory["ecs_instances"] = json!([
        {"id": "i-1", "vswitch": "vsw-b", "private_ips": ["10.20.1.20"],
         "security_groups": ["sg-b"]}
    ]);
    inventory["security_groups"] = json!([{"id": "sg-b", "vpc": "vpc-b", "rules": [
        sg_rule("accept", "tcp", "3306/3306", Some("10.10.1.0/24"), 1)
    ]}]);
    *ds(&mut inventory) = json!({"id": "ds-1", "type": "mysql", "ip": "10.20.1.20", "port": 3306,
                                  "location": {"ecs_instance": "i-1"}});
    inventory
}

/// An ingress security-group rule.
fn sg_rule(
    policy: &str,
    protocol: &str,
    ports: &str,
    source: Option<&str>,
    priority: u32,
) -> Value {
    let mut rule = json!({"direction": "ingress", "policy": policy, "protocol": protocol,
                          "port_range": ports, "priority": priority});
    if let Some(source) = source {
        rule["source_cidr"] = json!(source);
    }
    rule
}

/// Sets the rules of sg-b.
fn set_rules(inventory: &mut Value, rules: Value) {
    find(inventory, "security_groups", "sg-b")["rules"] = rules;
}

/// A legacy exclusive group with its own public address 203.0.113.50 in a VPC
/// with no route at all; ds-1 is a public endpoint whitelisting that address.
fn base_public_ip() -> Value {
    json!({
        "version": 1,
        "vpcs": [vpc("vpc-a", "cn-hangzhou", "10.10.0.0/16")],
        "vswitches": [vsw("vsw-a", "vpc-a", "10.10.1.0/24")],
        "route_tables": [table("vtb-a", "vpc-a", json!([]))],
        "resource_groups": [{"id": "rg-1", "type": "exclusive_data_integration",
                             "region": "cn-hangzhou", "public_ip": "203.0.113.50",
                             "networks": [binding("vpc-a", "vsw-a", &[])]}],
        "data_sources": [{"id": "ds-1", "type": "postgresql", "ip": "198.51.100.40", "port": 5432,
                          "location": {"internet": true}, "whitelist": ["203.0.113.50"]}]
    })
}

/// Three VPCs: a–b and b–c peered, ds-1 in vpc-c (10.30.1.10); vpc-a routes to
/// vpc-c over pcc-ab and vpc-b forwards over pcc-bc (not transitive).
fn three_vpcs_chained() -> Value {
    let mut inventory = base_peering();
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
    push(
        &mut inventory,
        "peering_connections",
        json!({"id": "pcc-bc", "vpc": "vpc-b", "peer_vpc": "vpc-c", "status": "activated"}),
    );
    *routes(&mut inventory, "vtb-a") = json!([route("10.30.0.0/16", "vpc_peer", "pcc-ab")]);
    add_route(
        &mut inventory,
        "vtb-b",
        route("10.30.0.0/16", "vpc_peer", "pcc-bc"),
    );
    push(
        &mut inventory,
        "route_tables",
        table(
            "vtb-c",
            "vpc-c",
            json!([route("10.10.0.0/16", "vpc_peer", "pcc-bc")]),
        ),
    );
    rg(&mut inventory)["networks"][0]["routes"] = json!(["10.30.0.0/16"]);
    *ds(&mut inventory) = vpc_source("10.30.1.10", "vpc-c", &["10.10.1.0/24"]);
    inventory
}

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

// --- classic-network (S4.1) ---

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

// --- rg-route-missing (S3.1) ---

#[test]
fn code_rg_route_missing_produced() {
    let mut inventory = base_peering();
    rg(&mut inventory)["networks"][0]["routes"] = json!([]);
    let pair = expect_blocking(&inventory, "rg-route-missing");
    assert_mentions(&fixes_text(&pair), &["rg-1"], "the fixes");
    // S8.5: the trace goes on, the path is complete.
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

// --- no-route (S3.2) ---

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

// --- route-blackhole (S3.3) ---

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

// --- peering-inactive (S3.3, S8.12) ---

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

// --- peering-not-transitive (S3.3) ---

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

// --- tr-attachment-inactive (S3.3) ---

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

// --- tr-attachment-not-associated (S3.3) ---

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

// --- inter-region-missing (S3.7, S8.9) ---

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
    // S8.9: a peer attachment without its counterpart joins nothing.
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

// --- snat-missing (S3.3, S8.7) ---

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
    // S8.7: a source_cidr entry covering half of vsw-a.
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

// --- snat-ip-invalid (S3.3) ---

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

// --- no-public-source (S3.3) ---

/// `base_public_ip` without the public address, with a default route to the
/// VPC's IPv4 gateway.
fn ipv4_gateway_without_public_source() -> Value {
    let mut inventory = base_public_ip();
    *routes(&mut inventory, "vtb-a") = json!([route("0.0.0.0/0", "ipv4_gateway", "igw-1")]);
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

// --- link-down (S3.3): VBR, physical connection, VPN connection ---

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

// --- routing-loop (S3.3, S3.8) ---

/// `base_tr3` where trt-1 sends 10.30.1.0/24 to vpc-b by a static route (it beats
/// the propagated one), and vpc-b sends it back to the transit router.
fn tr_loop() -> Value {
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
    // S3.3: the lookup after a VPC NAT gateway continues in its vSwitch's table;
    // a route back to the same gateway there is a loop.
    let mut inventory = base_vpc_nat();
    find(&mut inventory, "vswitches", "vsw-nat")["route_table"] = json!("vtb-rg");
    expect_blocking(&inventory, "routing-loop");
}

#[test]
fn code_routing_loop_absent_vpc_nat_gateway() {
    expect_absent(&base_vpc_nat(), "routing-loop");
}

// --- wrong-destination (S4.2) ---

/// `base_peering` where vpc-a has the secondary range `secondary` with the
/// vSwitch vsw-a2 covering it.
fn peering_with_secondary(secondary: &str) -> Value {
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

// --- whitelist-missing, whitelist-partial (S4.3) ---

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

// --- security-group-denied (S4.4) ---

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

// --- return-route-missing (S5.2, S8.12) ---

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
    // S8.5: both blockers are reported, the forward one primary.
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

// --- appliance-not-modelled (S3.3) ---

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

// --- route-conflict (S2.3, S8.3) ---

/// `base_tr` where vpc-a's attachment also advertises `prefix`.
fn tr_advertising(prefix: &str) -> Value {
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
fn two_vbrs(pc1_data_center: Option<&str>) -> Value {
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

// --- whitelist-unknown (S4.3, S8.11) ---

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

// --- rg-routes-unknown (S3.1) ---

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

// --- asymmetric-path (S5.3) ---

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

// --- on-premises-firewall-not-modelled (S4.5) ---

#[test]
fn code_on_premises_firewall_not_modelled_produced() {
    expect_note(&base_vbr(), "on-premises-firewall-not-modelled", &["info"]);
    expect_note(&base_vpn(), "on-premises-firewall-not-modelled", &["info"]);
}

#[test]
fn code_on_premises_firewall_not_modelled_absent() {
    expect_absent(&base_peering(), "on-premises-firewall-not-modelled");
}

// --- learned-route-differs (S2.8): top-level findings ---

/// `base_peering_tr` where tra-a synchronizes the TR table into vpc-a (deriving
/// 10.20.1.0/24 -> tra-a) and vtb-a holds an exported learned entry for the same
/// destination with next hop (`kind`, `id`).
fn learned_entry(kind: &str, id: &str) -> Value {
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

// ===========================================================================
// 2. Every VPC next-hop type, and ECMP (S3.3, S8.6)
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
    // S3.3: an internet NAT gateway delivers nothing private.
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
    // S5.1: the reply returns through ngw-v (stateful) over the same peering; the
    // paths cross the same hops, so no asymmetric-path (S5.3).
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
    // S8.4: the VBR routes replies for vpc-a's vSwitch CIDRs back to vpc-a.
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

// ===========================================================================
// 3. Scenarios (S6.2, S8.14) and their classification order
// ===========================================================================

/// The scenario of rg-1 -> ds-1.
fn scenario(inventory: &Value) -> String {
    let (_, pair) = check_pair(inventory);
    pair["scenario"].as_str().unwrap_or("").to_string()
}

/// `base_peering` with ds-1 in vpc-a itself (vsw-a2).
fn same_vpc() -> Value {
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
    // S8.14: the group's own account counts first.
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
    // S6.2: an unreachable pair still names its scenario and its solution.
    let mut inventory = base_peering();
    *routes(&mut inventory, "vtb-b") = json!([]);
    let (_, pair) = check_pair(&inventory);
    assert_eq!(pair["scenario"], "1");
}

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
fn three_region_mesh() -> Value {
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
    let pair = expect_blocking(&inventory, "no-route");
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

// --- S4.4 security groups ---

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

// --- S1.1 bindings ---

/// `base_peering` with a second VPC vpc-0 (sorting before vpc-a) bound too; vpc-0
/// has no route to ds-1. `working_first` puts vpc-a first in the input.
fn two_bindings(working_first: bool) -> Value {
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

// --- S1.3 / S3.6 public_ip ---

#[test]
fn s1_3_public_ip_reaches_the_internet_without_nat() {
    let pair = expect_reachable(&base_public_ip());
    assert_eq!(pair["scenario"], "6");
}

#[test]
fn s1_3_without_public_ip_there_is_no_route() {
    let mut inventory = base_public_ip();
    if let Some(group) = rg(&mut inventory).as_object_mut() {
        group.remove("public_ip");
    }
    expect_blocking(&inventory, "no-route");
}

#[test]
fn s1_3_the_whitelist_sees_the_public_ip() {
    let mut inventory = base_public_ip();
    ds(&mut inventory)["whitelist"] = json!(["10.10.1.0/24"]);
    expect_blocking(&inventory, "whitelist-missing");
}

// --- S3.1 user_cidrs ---

/// `base_peering` where vpc-b uses the public range 198.51.100.0/24; ds-1 is at
/// 198.51.100.10; the RG route list is known and empty.
fn public_range_peer() -> Value {
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

// --- S3.8 loops ---

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
fn two_by_two() -> Value {
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

// ===========================================================================
// 5. Input errors of validation (exit 2, nothing on stdout)
// ===========================================================================

/// Runs `check` on the inventories (written as files `name`), which must be
/// refused: exit 2, empty stdout. Returns (stderr, the paths).
fn refused(files: &[(&str, Value)]) -> (String, Vec<String>) {
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
fn refused_one(inventory: Value, pointer: &str, value: &str, more: &[&str]) -> String {
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
    // S8.1: inside vpc-b's range but in no vSwitch.
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

// ===========================================================================
// More readings of S2, S3, S5, S6 and S8
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
    // The VPN connection hangs on tr-1; it propagates its remote_cidrs (S2.2) and
    // sends what arrives from dc-1 to the TR table of its attachment (S2.7).
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
fn tr_attachment_two_tables(b2_routes: Value) -> Value {
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
fn reversed(inventory: &Value) -> Value {
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
