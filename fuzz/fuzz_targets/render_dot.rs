//! Any bytes, as one inventory file: load → validate → route → the DOT diagram
//! of `netreach render`, once with every failing pair highlighted and once
//! with vSwitches collapsed, a pair highlighted and a focus. The DOT text must
//! parse as DOT (graphviz-rust's parser), so no id or label broke out of its
//! quotes. Must never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netreach::import::native::{load, Source};
use netreach::render::dot;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz".to_string(),
        bytes: data.to_vec(),
    };
    let Ok(loaded) = load(vec![source]) else {
        return;
    };
    let Some(analysed) = common::analyse(loaded) else {
        return;
    };
    let v = &analysed.valid;
    let mut variants = vec![dot::Options {
        highlight_failures: true,
        ..dot::Options::default()
    }];
    if let (Some(rg), Some(ds)) = (
        v.resource_groups.iter().next(),
        v.data_sources.iter().next(),
    ) {
        // The pair and the focus go through the CLI's own parsers.
        let pair = dot::parse_highlight(v, &format!("{}:{}", rg.id, ds.id));
        let focus = dot::check_focus(v, &ds.id).map(|()| vec![ds.id.clone()]);
        variants.push(dot::Options {
            highlight: pair.into_iter().collect(),
            highlight_failures: false,
            focus: focus.unwrap_or_default(),
            collapse_vswitches: true,
        });
    } else {
        variants.push(dot::Options {
            collapse_vswitches: true,
            ..dot::Options::default()
        });
    }
    for options in &variants {
        let text = dot::render(v, &analysed.routing, options);
        if let Err(error) = graphviz_rust::parse(&text) {
            panic!("the DOT text does not parse: {error}\n{text}");
        }
    }
});
