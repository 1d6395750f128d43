//! SARIF 2.1.0 output of `check --format sarif`: one result per blocking or
//! undecided finding of a pair, `ruleId` the finding code, the rules carrying
//! the `explain` text, locations pointing at the inventory file and, where
//! known, the line of the resource the finding is about.

use serde_json::{json, Value};

use crate::diag::Location;
use crate::findings::{Class, Code, Severity};
use crate::reach::tasks::TaskReport;
use crate::reach::PairReport;
use std::collections::BTreeMap;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(code: Code) -> Value {
    let explanation = code.explanation();
    let name: String = code
        .as_str()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    json!({
        "id": code.as_str(),
        "name": name,
        "shortDescription": {"text": code.summary()},
        "fullDescription": {"text": explanation.detects},
        "help": {
            "text": format!("{}\n\nWhy it matters: {}\n\nHow to fix it: {}", explanation.detects, explanation.matters, explanation.fix),
        },
        "defaultConfiguration": {"level": level(code.severity())},
        "properties": {"shortCode": code.short(), "rules": explanation.rule},
    })
}

/// The SARIF log. `locate` maps a resource id to where it is written.
pub fn check(
    pairs: &[PairReport],
    locate: &dyn Fn(&str) -> Option<Location>,
    fallback_uri: &str,
) -> String {
    check_with_tasks(&[], pairs, locate, fallback_uri)
}

/// [`check`] with tasks (semantics S9.1): each result of a pair some task uses
/// names those tasks (`properties.tasks`, sorted by id), so that a code-scanning
/// view can be filtered by task.
pub fn check_with_tasks(
    tasks: &[TaskReport],
    pairs: &[PairReport],
    locate: &dyn Fn(&str) -> Option<Location>,
    fallback_uri: &str,
) -> String {
    let mut tasks_of: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for task in tasks {
        for pair in &task.pairs {
            tasks_of
                .entry((task.resource_group.as_str(), pair.data_source.as_str()))
                .or_default()
                .push(task.task.as_str());
        }
    }
    let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let mut results = Vec::new();
    for pair in pairs {
        for finding in &pair.findings {
            if !matches!(finding.code.class(), Class::Blocking | Class::Undecided) {
                continue;
            }
            let rule_index = Code::ALL
                .iter()
                .position(|c| *c == finding.code)
                .unwrap_or(0);
            let location = locate(&finding.resource);
            let mut physical = json!({
                "artifactLocation": {"uri": location.as_ref().map(|l| l.file.as_str()).unwrap_or(fallback_uri)},
            });
            if let Some(line) = location.as_ref().and_then(|l| l.line) {
                let region = match location.as_ref().and_then(|l| l.column) {
                    Some(column) => json!({"startLine": line, "startColumn": column}),
                    None => json!({"startLine": line}),
                };
                if let Some(physical) = physical.as_object_mut() {
                    physical.insert("region".into(), region);
                }
            }
            let mut message = format!(
                "{} -> {}: {}",
                pair.resource_group, pair.data_source, finding.message
            );
            if let Some(fix) = &finding.fix {
                message.push_str(&format!(" Fix: {fix}"));
            }
            let mut result = json!({
                "ruleId": finding.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(finding.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"name": finding.resource, "kind": "resource"}],
                }],
                "partialFingerprints": {
                    "netreachPair/v1": format!("{}|{}|{}|{}", pair.resource_group, pair.data_source, finding.code.as_str(), finding.resource),
                },
                "properties": {
                    "resource_group": pair.resource_group,
                    "data_source": pair.data_source,
                    "verdict": pair.verdict.as_str(),
                    "scenario": pair.scenario.as_str(),
                    "primary": finding.primary,
                },
            });
            if let Some(names) =
                tasks_of.get(&(pair.resource_group.as_str(), pair.data_source.as_str()))
            {
                if let Some(properties) =
                    result.get_mut("properties").and_then(Value::as_object_mut)
                {
                    properties.insert("tasks".into(), json!(names));
                }
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "netreach",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/netreach/netreach",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
