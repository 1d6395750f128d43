//! The one integration-test crate (ripgrep's shape): one module per area,
//! shared helpers in [`util`]. One binary links once and runs every test in
//! parallel; most tests call the library in-process
//! ([`netreach::analysis::analyse`]), and those about the command-line
//! contract (exit codes, streams, `--help`, files) run the binary.

mod util;

mod audit;
mod browser;
mod code_fixtures;
mod codes;
mod collect;
mod explain;
mod fix;
mod generate;
mod graph;
mod hostile;
mod html;
mod import_aliyun;
mod import_dataworks;
mod import_real_bodies;
mod import_terraform;
mod input_errors;
mod markdown;
mod overlap_props;
mod overlay;
mod properties;
mod regressions;
mod render;
mod render_design;
mod reports;
mod robustness;
mod rules_s9;
mod safe_output;
mod samples;
mod schema;
mod shared_pairs;
mod spec_example;
mod tasks;
mod warnings;
