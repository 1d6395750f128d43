//! Input errors through the binary: `netreach audit FILE…` on a bad inventory
//! exits 2, prints nothing on stdout, and lists every problem on stderr with its
//! file, JSON pointer, line and column, the offending value and a hint where one
//! helps. One test per class of problem; the fixtures are in
//! `tests/fixtures/input/`, and the huge, deep or binary inputs are written to a
//! temporary directory at test time.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The path of a fixture.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

/// Runs `netreach audit` on the paths (from their directory, so that messages
/// name the files as given) and returns (exit code, stdout, stderr).
fn audit(paths: &[&Path]) -> (Option<i32>, String, String) {
    let mut command = match Command::cargo_bin("netreach") {
        Ok(command) => command,
        Err(error) => panic!("the netreach binary is not built: {error}"),
    };
    command.arg("audit");
    for path in paths {
        command.arg(path);
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run netreach: {error}"),
    };
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `netreach audit` on files that must be refused: exit 2, nothing on
/// stdout; returns stderr.
fn refused(paths: &[&Path]) -> String {
    let (code, stdout, stderr) = audit(paths);
    assert_eq!(code, Some(2), "exit code; stderr:\n{stderr}");
    assert_eq!(stdout, "", "stdout must stay empty; stderr:\n{stderr}");
    stderr
}

/// Asserts that stderr holds each of the pieces.
fn assert_mentions(stderr: &str, pieces: &[&str]) {
    for piece in pieces {
        assert!(
            stderr.contains(piece),
            "stderr lacks {piece:?}; stderr:\n{stderr}"
        );
    }
}

/// The number of errors the summary line reports.
fn assert_count(stderr: &str, count: usize) {
    let summary = if count == 1 {
        "netreach: 1 input error found".to_string()
    } else {
        format!("netreach: {count} input errors found")
    };
    assert_mentions(stderr, &[&summary]);
    assert_eq!(
        stderr.matches("error: ").count(),
        count,
        "error lines; stderr:\n{stderr}"
    );
}

/// Writes a file into a fresh temporary directory.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("cannot create a temporary directory: {error}"),
    };
    let path = dir.path().join(name);
    if let Err(error) = std::fs::write(&path, bytes) {
        panic!("cannot write {}: {error}", path.display());
    }
    (dir, path)
}

#[test]
fn json_syntax_error_names_line_and_column() {
    let path = fixture("syntax_error.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!("{}:4:71: trailing comma", path.display())],
    );
    assert_count(&stderr, 1);
}

#[test]
fn empty_file_is_refused() {
    let path = fixture("empty.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!("{}: the file is empty", path.display()),
            r#"hint: an inventory is an object such as {"version": 1"#,
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn whitespace_only_file_is_refused() {
    let path = fixture("whitespace.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}: the file contains only whitespace",
            path.display()
        )],
    );
    assert_count(&stderr, 1);
}

#[test]
fn non_utf8_file_names_the_first_bad_byte() {
    let (_dir, path) = temp_file(
        "latin1.json",
        b"{\n  \"version\": 1,\n  \"x\": \"caf\xe9\"\n}\n",
    );
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:3:12: the file is not valid UTF-8 (byte 0xe9)",
                path.display()
            ),
            "hint: save the file as UTF-8",
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn deep_json_nesting_is_refused() {
    let mut text = String::from(r#"{"version": 1, "vpcs": "#);
    text.push_str(&"[".repeat(100_000));
    let (_dir, path) = temp_file("deep.json", text.as_bytes());
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:1:150: nesting deeper than 127 levels",
            path.display()
        )],
    );
    assert_count(&stderr, 1);
}

#[test]
fn deep_json_nesting_within_the_limit_loads_and_locates() {
    // 127 levels: the top-level object and 126 arrays in place of a CIDR.
    let mut text = String::from(
        "{\"version\": 1,\n\"vpcs\": [{\"id\": \"vpc-a\", \"region\": \"r\", \"cidrs\": [",
    );
    text.push_str(&"[".repeat(123));
    text.push_str(&"]".repeat(123));
    text.push_str("]}]}\n");
    let (_dir, path) = temp_file("deep.json", text.as_bytes());
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:2:51: /vpcs/0/cidrs/0: expected a string, found an array",
            path.display()
        )],
    );
    assert_count(&stderr, 1);
}

#[test]
fn deep_yaml_nesting_is_refused() {
    let (_dir, flow) = temp_file("flow.yaml", "[".repeat(100_000).as_bytes());
    let stderr = refused(&[&flow]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:1:128: nesting deeper than 127 levels",
            flow.display()
        )],
    );
    assert_count(&stderr, 1);

    let (_dir, block) = temp_file("block.yaml", "- ".repeat(100_000).as_bytes());
    let stderr = refused(&[&block]);
    assert_mentions(
        &stderr,
        &[
            &format!("{}:1:", block.display()),
            "nesting deeper than 127 levels",
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn deep_yaml_nesting_within_the_limit_loads_and_locates() {
    let mut text = String::from("version: 1\nvpcs:\n");
    for depth in 0..60 {
        text.push_str(&"  ".repeat(depth + 1));
        text.push_str("- a:\n");
    }
    let (_dir, path) = temp_file("deep.yaml", text.as_bytes());
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:3:5: /vpcs/0/a: unknown field `a`",
            path.display()
        )],
    );
}

#[test]
fn missing_version_is_refused_with_a_hint() {
    let path = fixture("missing_version.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!("{}:1:1: missing required field `version`", path.display()),
            r#"hint: add "version": 1 at the top level"#,
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn unsupported_version_names_the_value() {
    let path = fixture("version_2.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:2:3: /version: unsupported version 2",
            path.display()
        )],
    );
    assert_count(&stderr, 1);

    let path = fixture("version_string.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:2:3: /version: unsupported version \"1\"",
                path.display()
            ),
            r#"hint: the version is the number 1, not the string "1""#,
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn top_level_must_be_an_object() {
    let path = fixture("top_level_array.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:1:1: the top level must be an object, found an array",
            path.display()
        )],
    );
    assert_count(&stderr, 1);
}

#[test]
fn unknown_top_level_key_suggests_the_close_one() {
    let path = fixture("unknown_top_level_key.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:3:3: /vswitchs: unknown top-level key `vswitchs`",
                path.display()
            ),
            "hint: did you mean `vswitches`?",
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn unknown_nested_field_suggests_the_close_one() {
    let path = fixture("unknown_nested_field.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:10:7: /vswitches/0/cidrr: unknown field `cidrr`",
                path.display()
            ),
            "hint: did you mean `cidr`?",
        ],
    );
    // the missing `cidr` is the same typo: not reported twice
    assert_count(&stderr, 1);
}

#[test]
fn wrong_type_names_the_value() {
    let path = fixture("wrong_type.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:5:56: /vpcs/1/cidrs/0: expected a string, found 42",
            path.display()
        )],
    );
    assert_count(&stderr, 1);
}

#[test]
fn missing_required_field_points_at_the_object() {
    let path = fixture("missing_field.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!(
            "{}:4:5: /vswitches/0: missing required field `vpc`",
            path.display()
        )],
    );
    assert_count(&stderr, 1);
}

#[test]
fn list_that_is_not_an_array_is_refused() {
    let path = fixture("list_not_array.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:3:3: /vpcs: `vpcs` must be an array, found an object",
                path.display()
            ),
            r#"hint: write "vpcs": [ … ]"#,
        ],
    );
    assert_count(&stderr, 1);
}

#[test]
fn two_bad_elements_are_both_reported() {
    let path = fixture("two_bad_elements.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:5:21: /vpcs/1/region: expected a string, found 7",
                path.display()
            ),
            &format!(
                "{}:7:72: /vpcs/3/tagz: unknown field `tagz`",
                path.display()
            ),
            "hint: did you mean `tags`?",
        ],
    );
    assert_count(&stderr, 2);
}

#[test]
fn two_unknown_fields_in_one_element_are_both_reported() {
    let path = fixture("two_unknown_fields.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:8:7: /data_sources/0/prot: unknown field `prot`",
                path.display()
            ),
            "hint: did you mean `port`?",
            &format!(
                "{}:11:7: /data_sources/0/whitelst: unknown field `whitelst`",
                path.display()
            ),
            "hint: did you mean `whitelist`?",
            // and, in the same run, the reference the fixture leaves dangling
            &format!(
                "{}:10:20: /data_sources/0/location/vpc: `vpc-db` names no resource",
                path.display()
            ),
        ],
    );
    assert_count(&stderr, 3);
}

#[test]
fn errors_in_two_files_are_both_reported() {
    let a = fixture("two_files_a.json");
    let b = fixture("two_files_b.json");
    let stderr = refused(&[&a, &b]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:4:21: /vpcs/0/regoin: unknown field `regoin`",
                a.display()
            ),
            "hint: did you mean `region`?",
            &format!(
                "{}:4:37: /vswitches/0/cidr: expected a string, found an array [\"10.0.1.0/24\"]",
                b.display()
            ),
        ],
    );
    assert_count(&stderr, 2);
    // file order is kept
    let first = stderr.find("two_files_a.json");
    let second = stderr.find("two_files_b.json");
    assert!(first < second, "stderr:\n{stderr}");
}

#[test]
fn yaml_errors_carry_lines_and_columns() {
    let text = "version: 1\nvpcs:\n  - id: vpc-a\n    region: cn-hangzhou\n    cidrs: [10.0.0.0/16, 42]\n    nmae: a\n";
    let (_dir, path) = temp_file("bad.yaml", text.as_bytes());
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[
            &format!(
                "{}:5:26: /vpcs/0/cidrs/1: expected a string, found 42",
                path.display()
            ),
            &format!("{}:6:5: /vpcs/0/nmae: unknown field `nmae`", path.display()),
            "hint: did you mean `name`?",
        ],
    );
    assert_count(&stderr, 2);
}

#[test]
fn yaml_inventory_loads() {
    let (code, stdout, stderr) = audit(&[&fixture("valid.yaml")]);
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert!(!stderr.contains("error"), "stderr:\n{stderr}");
    assert!(!stdout.is_empty());
}

#[test]
fn file_that_does_not_exist_is_refused() {
    let path = fixture("does_not_exist.json");
    let stderr = refused(&[&path]);
    assert_mentions(
        &stderr,
        &[&format!("{}: cannot read the file", path.display())],
    );
}

/// An inventory with one mistake of each kind the loader and validation find
/// (an unknown field, a value of the wrong type, an API spelling of an enum
/// value, a bad CIDR, a CIDR with host bits, an out-of-range port, a dangling
/// reference) in one file, and another mistake in a second file: every one is
/// listed in one run, sorted by file and position, with the count (issue 17).
#[test]
fn every_kind_of_mistake_is_listed_in_one_run() {
    let first = r#"{
  "version": 1,
  "vpcs": [
    {"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"], "descrption": "typo"},
    {"id": "vpc-b", "region": "cn-hangzhou", "cidrs": ["10.20.0.1/16"]}
  ],
  "vswitches": [
    {"id": "vsw-a", "vpc": "vpc-a", "zone": "cn-hangzhou-h", "cidr": "10.10.1.0/24"},
    {"id": "vsw-b", "vpc": "vpc-a", "zone": "cn-hangzhou-h", "cidr": "10.10.3.0/33"},
    {"id": "vsw-c", "vpc": "vpc-nowhere", "zone": "cn-hangzhou-h", "cidr": "10.30.1.0/24"}
  ],
  "route_tables": [
    {"id": "vtb-a", "vpc": "vpc-a", "kind": "system", "routes": [
      {"destination": "10.40.0.0/16", "next_hop": {"type": "VpcPeer", "id": "pcc-x"}}
    ]}
  ],
  "data_sources": [
    {"id": "ds-1", "type": "mysql", "ip": "10.10.1.15", "port": "3306", "location": {"vpc": "vpc-a"}},
    {"id": "ds-2", "type": "mysql", "ip": "10.10.1.16", "port": 70000, "location": {"vpc": "vpc-a"}}
  ]
}
"#;
    let second = r#"{
  "version": 1,
  "resource_groups": [
    {"id": "rg-1", "type": "serverless", "region": "cn-hangzhou", "netwroks": []}
  ]
}
"#;
    let (_dir, path) = temp_file("every.json", first.as_bytes());
    let other = path.with_file_name("second.json");
    std::fs::write(&other, second).unwrap();
    let stderr = refused(&[&path, &other]);
    let at = |line: usize, rest: &str| format!("{}:{line}:{rest}", path.display());
    let expected = [
        at(4, "73: /vpcs/0/descrption: unknown field `descrption`"),
        at(
            5,
            "56: /vpcs/1/cidrs/0: CIDR `10.20.0.1/16` has host bits set",
        ),
        at(9, "62: /vswitches/1/cidr: invalid CIDR `10.10.3.0/33`"),
        at(10, "21: /vswitches/2/vpc: `vpc-nowhere` names no resource"),
        at(14, ""),
        at(
            18,
            "57: /data_sources/0/port: expected a port number from 1 to 65535, found \"3306\"",
        ),
        at(19, "57: /data_sources/1/port: port 70000 is out of range"),
        format!("{}:4:", other.display()),
    ];
    let mut last = 0;
    for piece in &expected {
        let Some(position) = stderr.find(piece.as_str()) else {
            panic!("stderr lacks {piece:?}; stderr:\n{stderr}");
        };
        assert!(
            position >= last,
            "{piece:?} is out of order; stderr:\n{stderr}"
        );
        last = position;
    }
    assert_mentions(
        &stderr,
        &[
            "unknown value `VpcPeer`",
            "hint: write `vpc_peer`",
            "hint: write the number without quotes: 3306",
            "hint: ports run from 1 to 65535",
            "unknown field `netwroks`",
        ],
    );
    assert!(
        !stderr.contains("(S8"),
        "a rule number in a message:\n{stderr}"
    );
    assert_count(&stderr, 8);
}

/// One data source with a mistake in four members (an address, a port written
/// as a string, a dangling reference, a whitelist CIDR with host bits): all four
/// in one run, the port's stand-in raising nothing of its own.
#[test]
fn every_mistake_of_one_element_is_listed_in_one_run() {
    let text = r#"{"version": 1,
 "vpcs": [{"id": "vpc-a", "region": "cn-hangzhou", "cidrs": ["10.10.0.0/16"]}],
 "vswitches": [{"id": "vsw-a", "vpc": "vpc-a", "zone": "z", "cidr": "10.10.1.0/24"}],
 "data_sources": [{"id": "ds-1", "type": "mysql", "ip": "10.10.1.300", "port": "3306", "location": {"vpc": "vpc-nope"}, "whitelist": ["10.10.1.1/24"]}]
}
"#;
    let (_dir, path) = temp_file("one.json", text.as_bytes());
    let stderr = refused(&[&path]);
    let at = |rest: &str| format!("{}:4:{rest}", path.display());
    assert_mentions(
        &stderr,
        &[
            &at("51: /data_sources/0/ip: invalid IP address `10.10.1.300`"),
            &at("72: /data_sources/0/port: expected a port number from 1 to 65535"),
            &at("101: /data_sources/0/location/vpc: `vpc-nope` names no resource"),
            &at("135: /data_sources/0/whitelist/0: CIDR `10.10.1.1/24` has host bits set"),
        ],
    );
    assert_count(&stderr, 4);
}
