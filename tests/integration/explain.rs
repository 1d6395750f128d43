//! `netreach explain` through the binary: exit codes, streams, lookup by name,
//! short code and any case, the `all` listing, the "did you mean" hint, and the
//! code list against the one written in the semantics page (S7).

use assert_cmd::Command;
use netreach::findings::{Class, Code};
use predicates::prelude::*;

/// The codes of semantics S7, copied from `spec/semantics.md` in the page's order,
/// grouped as the page groups them.
const S7_BLOCKING: &[&str] = &[
    "classic-network",
    "rg-route-missing",
    "no-route",
    "route-blackhole",
    "peering-inactive",
    "peering-not-transitive",
    "tr-attachment-inactive",
    "tr-attachment-not-associated",
    "inter-region-missing",
    "snat-missing",
    "snat-ip-invalid",
    "no-public-source",
    "link-down",
    "routing-loop",
    "wrong-destination",
    "whitelist-missing",
    "whitelist-partial",
    "security-group-denied",
    "return-route-missing",
];
const S7_UNDECIDED: &[&str] = &[
    "appliance-not-modelled",
    "route-conflict",
    "ipv6-not-analysed",
    "leaves-model",
];
const S7_NOTES: &[&str] = &[
    "whitelist-unknown",
    "rg-routes-unknown",
    "whitelist-open",
    "inter-region-test-bandwidth",
    "asymmetric-path",
    "on-premises-firewall-not-modelled",
    "learned-route-differs",
];
const S7_INVENTORY: &[&str] = &[
    "cidr-overlap",
    "vswitch-outside-vpc",
    "vswitch-overlap",
    "route-inside-vswitch",
    "unused-resource",
    // issue 17: audit's warnings for two common mistakes
    "nat-without-snat",
    "cen-bandwidth-missing",
];

fn netreach() -> Command {
    match Command::cargo_bin("netreach") {
        Ok(command) => command,
        Err(error) => panic!("the netreach binary is not built: {error}"),
    }
}

fn sections() -> [&'static str; 3] {
    ["What it detects", "Why it matters", "How to fix it"]
}

#[test]
fn explain_by_name_prints_the_three_sections() {
    let mut assert = netreach().args(["explain", "no-route"]).assert().success();
    for section in sections() {
        assert = assert.stdout(predicate::str::contains(section));
    }
    assert
        .stdout(predicate::str::starts_with("no-route (R103)"))
        .stdout(predicate::str::contains("CreateRouteEntry"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn explain_by_short_code() {
    netreach()
        .args(["explain", "R103"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("no-route (R103)"))
        .stdout(predicate::str::contains("How to fix it"));
}

#[test]
fn explain_is_case_insensitive() {
    for argument in ["NO-ROUTE", "No-Route", "r103"] {
        netreach()
            .args(["explain", argument])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("no-route (R103)"));
    }
}

#[test]
fn explain_works_for_every_code() {
    for &code in Code::ALL {
        let output = netreach().args(["explain", code.short()]).output();
        let output = match output {
            Ok(output) => output,
            Err(error) => panic!("cannot run netreach: {error}"),
        };
        assert!(output.status.success(), "{code}: {:?}", output.status);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with(code.as_str()), "{code}: {stdout}");
        for section in sections() {
            assert!(stdout.contains(section), "{code}: no {section}");
        }
        assert!(stdout.contains(code.explanation().rule), "{code}: no rule");
    }
}

#[test]
fn explain_all_lists_every_code() {
    let output = match netreach().args(["explain", "all"]).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run netreach: {error}"),
    };
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), Code::ALL.len());
    for &code in Code::ALL {
        assert!(
            stdout.contains(code.as_str()),
            "{code} missing from explain all"
        );
        assert!(stdout.contains(code.short()), "{} missing", code.short());
    }
}

#[test]
fn unknown_code_exits_2_with_a_hint() {
    netreach()
        .args(["explain", "no-rout"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("did you mean `no-route`"));
}

#[test]
fn codes_match_semantics_s7() {
    let written: Vec<&str> = [S7_BLOCKING, S7_UNDECIDED, S7_NOTES, S7_INVENTORY].concat();
    let declared: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(declared, written);
}

#[test]
fn classes_match_the_groups_of_s7() {
    for (names, class) in [
        (S7_BLOCKING, Class::Blocking),
        (S7_UNDECIDED, Class::Undecided),
        (S7_NOTES, Class::Note),
        (S7_INVENTORY, Class::Inventory),
    ] {
        for &name in names {
            match Code::parse(name) {
                Some(code) => assert_eq!(code.class(), class, "{name}"),
                None => panic!("{name} is not a code"),
            }
        }
    }
}
