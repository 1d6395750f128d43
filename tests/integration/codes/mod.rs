//! Acceptance tests of the reachability semantics (`docs/semantics.md`):
//! every finding code a pair can carry, produced by a minimal fixture and absent
//! from a near-identical one; every VPC next-hop type; every scenario of semantics S6.2;
//! the settled readings of semantics S2, S3, S4 and S8; the exit codes; and the validation
//! errors of the inventory (exit 2). Each fixture is a small base inventory built
//! here with `serde_json::json!` and modified per test, and checked in-process
//! as `netreach check FILE --format json` would ([`super::util::check_json`]);
//! the exit codes, filters, `trace` and the input errors (stderr) run the binary.
//! The tests say what the spec demands: a failing test is a disagreement between
//! the binary and the spec, never a reason to weaken the test.

use netreach::findings::{Class, Code};
use serde_json::{json, Value};

use super::util::{check_json, run, tempdir, write, Output};

mod blocking_codes;
mod next_hops;
mod other_codes;
mod readings;
mod refused;
mod rules;
mod scenarios;

// Fixtures that one part builds and others use too.
use blocking_codes::*;
use other_codes::*;
use refused::*;
use rules::*;
use scenarios::*;

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
/// needs (semantics S10.2), joined into one text.
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
/// route list is known and empty (a public destination needs none, semantics S3.1).
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
/// 10.10.1.0/24 from it (semantics S2.7).
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
