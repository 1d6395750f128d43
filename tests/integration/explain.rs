//! `netreach explain`: through the binary, the exit codes, streams, lookup by
//! name, short code and any case, the `all` listing and the "did you mean"
//! hint; in-process, every code's explanation. The code table
//! ([`Code::ALL`]) is the one list of codes: these tests read it, and check
//! its shape (grouped by class in the order of semantics S7, names and short
//! codes unique, each short code's letter naming its class).

use netreach::findings::{Class, Code};
use predicates::prelude::*;

use super::util::netreach;

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
        let text = netreach::render::text::explain(code);
        assert!(text.starts_with(code.as_str()), "{code}: {text}");
        for section in sections() {
            assert!(text.contains(section), "{code}: no {section}");
        }
        assert!(text.contains(code.explanation().rule), "{code}: no rule");
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

/// The table lists the codes by class, in the order of semantics S7:
/// blocking, undecided, notes, inventory.
#[test]
fn codes_are_grouped_by_class_in_the_order_of_s7() {
    let rank = |class: Class| match class {
        Class::Blocking => 0,
        Class::Undecided => 1,
        Class::Note => 2,
        Class::Inventory => 3,
    };
    let ranks: Vec<u8> = Code::ALL.iter().map(|code| rank(code.class())).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "Code::ALL is not grouped by class: {ranks:?}"
    );
}

/// Names and short codes are unique, every name parses back to its code, and
/// a short code's letter names its class (R blocking, U undecided, W or I
/// note, A inventory).
#[test]
fn names_and_short_codes_are_unique_and_name_the_class() {
    let mut names: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
    let mut shorts: Vec<&str> = Code::ALL.iter().map(|code| code.short()).collect();
    names.sort_unstable();
    names.dedup();
    shorts.sort_unstable();
    shorts.dedup();
    assert_eq!(names.len(), Code::ALL.len(), "a name is used twice");
    assert_eq!(shorts.len(), Code::ALL.len(), "a short code is used twice");
    for &code in Code::ALL {
        assert_eq!(Code::parse(code.as_str()), Some(code));
        assert_eq!(Code::parse(code.short()), Some(code));
        let letter = code.short().chars().next();
        let expected: &[char] = match code.class() {
            Class::Blocking => &['R'],
            Class::Undecided => &['U'],
            Class::Note => &['W', 'I'],
            Class::Inventory => &['A'],
        };
        assert!(
            letter.is_some_and(|l| expected.contains(&l)),
            "{code}: short code {} for class {:?}",
            code.short(),
            code.class()
        );
    }
}
