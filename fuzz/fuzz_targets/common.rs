//! What every fuzz target does once it holds a native inventory: analyse it
//! through the library's one entry point ([`netreach::analysis::analyse`]:
//! validation, routing, the inventory-wide findings), check every pair through
//! the engine and render the reports, asserting the output contracts that hold
//! for any input (the JSON report is JSON; the text report holds no control
//! character but the line break).

use netreach::analysis::Analysis;
use netreach::import::native::Loaded;
use netreach::reach::Engine;
use netreach::route::Routing;
use netreach::validate::{DataSourceIx, ResourceGroupIx, ValidInventory};

/// Pairs checked at most per input: bounds the time one input can take.
const MAX_PAIRS: usize = 4096;

/// The analysed inventory (`render_dot` draws it; the other targets drop it).
#[allow(dead_code)]
pub struct Analysed {
    pub valid: ValidInventory,
    pub routing: Routing,
}

/// Validates, routes, audits and checks every pair; renders every report.
pub fn analyse(loaded: Loaded) -> Option<Analysed> {
    let scope = netreach::overlap::Scope::Audit { all_overlaps: true };
    let Analysis {
        valid,
        routing,
        findings,
        ..
    } = match netreach::analysis::analyse(loaded, scope) {
        Ok(analysis) => analysis,
        Err(errors) => {
            assert!(!errors.is_empty(), "validation failed without an error");
            for error in &errors {
                let _ = error.to_string();
            }
            return None;
        }
    };
    let engine = Engine::new(&valid, &routing);
    let mut pairs = Vec::new();
    'groups: for rg in 0..valid.resource_groups.len() {
        for ds in 0..valid.data_sources.len() {
            if pairs.len() >= MAX_PAIRS {
                break 'groups;
            }
            pairs.push(engine.check_pair(ResourceGroupIx::at(rg), DataSourceIx::at(ds)));
        }
    }
    let json = netreach::render::json::check(&pairs, &findings);
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("the JSON report is not JSON: {error}");
    }
    let text = netreach::render::text::check(&pairs, &findings);
    assert_clean(&text);
    assert_clean(&netreach::render::text::audit(&findings));
    for pair in pairs.iter().take(16) {
        assert_clean(&netreach::render::text::trace(pair));
        let trace = netreach::render::json::trace(pair);
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&trace) {
            panic!("the JSON trace is not JSON: {error}");
        }
    }
    let sarif = netreach::render::sarif::check(&pairs, &|_| None, "fuzz.json");
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&sarif) {
        panic!("the SARIF report is not JSON: {error}");
    }
    let _ = netreach::render::junit::check(&pairs, false);
    Some(Analysed { valid, routing })
}

/// Text for a terminal: no control character but the line break.
fn assert_clean(text: &str) {
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n') {
        panic!("raw control character {:?} in the text report", c);
    }
}
