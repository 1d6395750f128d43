//! Every finding code held to a fixture, data-driven (ruff's fixture-per-rule
//! shape): `tests/fixtures/codes/<kebab-code>.json` is a small inventory that
//! produces the code. Each fixture runs in-process through
//! [`netreach::analysis::analyse`] (the `audit` findings, and for a code that
//! [`Code::class`] does not make an inventory code, every pair checked with
//! its proved fixes); the code must be produced, and the findings of that
//! code (the report fragment) are an insta snapshot,
//! `snapshots/integration__code_fixtures__<kebab-code>.snap`.
//!
//! The code table, [`Code::ALL`], is the single list of names: a code without
//! a fixture fails here, and so does a fixture whose name is not a code.
//! Adding a code: add its fixture, run `cargo insta test` (or
//! `INSTA_UPDATE=always cargo test`), review and commit the new snapshot.

use std::path::PathBuf;

use netreach::findings::{Class, Code};
use netreach::overlap::Scope;
use serde_json::{json, Value};

use super::util::{analyse_file, fixture};

/// The fixtures, sorted by file name: (code named by the file, path).
fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = fixture("codes");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, path)
        })
        .collect();
    found.sort();
    found
}

/// The code a fixture's file name spells, exactly (not a short code, not
/// another case).
fn code_named(stem: &str) -> Option<Code> {
    Code::parse(stem).filter(|code| code.as_str() == stem)
}

/// The report fragment of `code` for the inventory at `path`: the `audit`
/// findings of that code and, unless [`Code::class`] says it is an inventory
/// code, each pair finding of that code with its pair and verdict (a note
/// such as `whitelist-open` can be either); and how many were found.
fn fragment(code: Code, path: &std::path::Path) -> (usize, Value) {
    let analysis = analyse_file(
        path,
        Scope::Audit {
            all_overlaps: false,
        },
    );
    let audit: Vec<&netreach::findings::Finding> = analysis
        .findings
        .iter()
        .filter(|finding| finding.code == code)
        .collect();
    if code.class() == Class::Inventory {
        return (audit.len(), json!({ "audit": audit }));
    }
    let mut pairs = Vec::new();
    for pair in analysis.check_all() {
        for finding in pair.findings.iter().filter(|finding| finding.code == code) {
            pairs.push(json!({
                "resource_group": pair.resource_group,
                "data_source": pair.data_source,
                "verdict": pair.verdict,
                "finding": finding,
            }));
        }
    }
    (
        audit.len() + pairs.len(),
        json!({ "audit": audit, "pairs": pairs }),
    )
}

/// Each fixture produces its code; the findings of that code are snapshotted.
#[test]
fn every_fixture_produces_its_code() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixture in tests/fixtures/codes");
    for (stem, path) in fixtures {
        let Some(code) = code_named(&stem) else {
            continue; // reported by `every_fixture_is_named_after_a_code`
        };
        let (found, fragment) = fragment(code, &path);
        assert!(found > 0, "{} does not produce {stem}", path.display());
        insta::with_settings!({
            description => format!("the {stem} findings of tests/fixtures/codes/{stem}.json"),
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(stem.as_str(), fragment);
        });
    }
}

/// Every code of the code table has a fixture.
#[test]
fn every_code_has_a_fixture() {
    let named: Vec<String> = fixtures().into_iter().map(|(stem, _)| stem).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|name| !named.iter().any(|stem| stem == name))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture in tests/fixtures/codes: {missing:?}"
    );
}

/// Every fixture is named after a code of the code table (its kebab name).
#[test]
fn every_fixture_is_named_after_a_code() {
    let strays: Vec<String> = fixtures()
        .into_iter()
        .map(|(stem, _)| stem)
        .filter(|stem| code_named(stem).is_none())
        .collect();
    assert!(
        strays.is_empty(),
        "fixtures in tests/fixtures/codes named after no code: {strays:?}"
    );
}
