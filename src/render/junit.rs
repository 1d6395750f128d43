//! JUnit XML output of `check --format junit`: a test suite per resource group,
//! a test case per pair, a failure carrying the primary blocker and the fix.
//! quick-xml escapes every name and message.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::findings::Severity;
use crate::reach::tasks::TaskReport;
use crate::reach::{PairReport, Verdict};

/// The JUnit report; with `allow_unknown`, unknown pairs are skipped, not failed.
pub fn check(pairs: &[PairReport], allow_unknown: bool) -> String {
    check_with(pairs, allow_unknown, false)
}

/// [`check`]; with `warnings_fail` (`--fail-on warning`), a reachable pair
/// with a warning is a failure of type `warning` listing its warnings.
pub fn check_with(pairs: &[PairReport], allow_unknown: bool, warnings_fail: bool) -> String {
    check_with_tasks(&[], pairs, allow_unknown, warnings_fail)
}

/// [`check_with`] with tasks (semantics S9.1): a first test suite `tasks` with
/// a test case per task, failed (or skipped) as its pairs would be, its
/// message naming the failing side's primary finding.
pub fn check_with_tasks(
    tasks: &[TaskReport],
    pairs: &[PairReport],
    allow_unknown: bool,
    warnings_fail: bool,
) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let warned = |p: &PairReport| {
        warnings_fail && p.findings.iter().any(|f| f.severity == Severity::Warning)
    };
    let failures = |list: &[&PairReport]| {
        list.iter()
            .filter(|p| {
                p.verdict == Verdict::Unreachable
                    || (p.verdict == Verdict::Unknown && !allow_unknown)
                    || (p.verdict == Verdict::Reachable && warned(p))
            })
            .count()
    };
    let all: Vec<&PairReport> = pairs.iter().collect();
    let task_failed = |t: &TaskReport| {
        t.verdict == Verdict::Unreachable
            || (t.verdict == Verdict::Unknown && !allow_unknown)
            || (t.verdict == Verdict::Reachable && warnings_fail && t.has_warning())
    };
    let task_failures = tasks.iter().filter(|t| task_failed(t)).count();
    let mut groups: Vec<(&str, Vec<&PairReport>)> = Vec::new();
    for pair in pairs {
        match groups.last_mut() {
            Some((group, list)) if *group == pair.resource_group => list.push(pair),
            _ => groups.push((pair.resource_group.as_str(), vec![pair])),
        }
    }
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "netreach"));
    root.push_attribute(("tests", (pairs.len() + tasks.len()).to_string().as_str()));
    root.push_attribute((
        "failures",
        (failures(&all) + task_failures).to_string().as_str(),
    ));
    root.push_attribute(("errors", "0"));
    let _ = writer.write_event(Event::Start(root));
    if !tasks.is_empty() {
        task_suite(&mut writer, tasks, allow_unknown, &task_failed);
    }
    for (group, list) in &groups {
        let skipped = if allow_unknown {
            list.iter()
                .filter(|p| p.verdict == Verdict::Unknown)
                .count()
        } else {
            0
        };
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", clean(group).as_str()));
        suite.push_attribute(("tests", list.len().to_string().as_str()));
        suite.push_attribute(("failures", failures(list).to_string().as_str()));
        suite.push_attribute(("errors", "0"));
        suite.push_attribute(("skipped", skipped.to_string().as_str()));
        let _ = writer.write_event(Event::Start(suite));
        for pair in list {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("classname", clean(group).as_str()));
            case.push_attribute((
                "name",
                clean(&format!("{} -> {}", pair.resource_group, pair.data_source)).as_str(),
            ));
            if pair.verdict == Verdict::Reachable && warned(pair) {
                let warnings: Vec<_> = pair
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Warning)
                    .collect();
                let _ = writer.write_event(Event::Start(case));
                let count = warnings.len();
                let message = format!(
                    "reachable with {count} warning{}",
                    if count == 1 { "" } else { "s" }
                );
                let mut body = String::new();
                for finding in warnings {
                    body.push_str(&format!(
                        "{} {} {}: {}\n",
                        finding.severity, finding.code, finding.resource, finding.message
                    ));
                }
                close_case(&mut writer, "failure", &message, Some("warning"), &body);
                continue;
            }
            if pair.verdict == Verdict::Reachable {
                let _ = writer.write_event(Event::Empty(case));
                continue;
            }
            let _ = writer.write_event(Event::Start(case));
            let primary = pair.primary();
            let kind = primary
                .map(|f| f.code.as_str())
                .unwrap_or(pair.verdict.as_str());
            let message = primary
                .map(|f| format!("{}: {} ({})", pair.verdict.as_str(), f.message, f.resource))
                .unwrap_or_else(|| pair.verdict.as_str().to_string());
            let mut body = format!("scenario {}: {}\n", pair.scenario, pair.scenario.title());
            for finding in &pair.findings {
                body.push_str(&format!(
                    "{} {} {}: {}\n",
                    finding.severity, finding.code, finding.resource, finding.message
                ));
            }
            for fix in &pair.fixes {
                body.push_str(&format!("fix: {}\n", fix.action));
            }
            for decision in &pair.decisions {
                body.push_str(&format!(
                    "decide: {} ({} on {})\n",
                    decision.why, decision.code, decision.resource
                ));
            }
            let element = if pair.verdict == Verdict::Unknown && allow_unknown {
                "skipped"
            } else {
                "failure"
            };
            let kind = (element == "failure").then_some(kind);
            close_case(&mut writer, element, &message, kind, &body);
        }
        let _ = writer.write_event(Event::End(BytesEnd::new("testsuite")));
    }
    let _ = writer.write_event(Event::End(BytesEnd::new("testsuites")));
    let mut text = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    text.push('\n');
    text
}

/// The `tasks` test suite: a test case per task (class name the task type).
fn task_suite(
    writer: &mut Writer<Vec<u8>>,
    tasks: &[TaskReport],
    allow_unknown: bool,
    failed: &dyn Fn(&TaskReport) -> bool,
) {
    let skipped = if allow_unknown {
        tasks
            .iter()
            .filter(|t| t.verdict == Verdict::Unknown)
            .count()
    } else {
        0
    };
    let failures = tasks.iter().filter(|t| failed(t)).count();
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", "tasks"));
    suite.push_attribute(("tests", tasks.len().to_string().as_str()));
    suite.push_attribute(("failures", failures.to_string().as_str()));
    suite.push_attribute(("errors", "0"));
    suite.push_attribute(("skipped", skipped.to_string().as_str()));
    let _ = writer.write_event(Event::Start(suite));
    for task in tasks {
        let mut case = BytesStart::new("testcase");
        case.push_attribute((
            "classname",
            format!("tasks.{}", task.kind.as_str()).as_str(),
        ));
        case.push_attribute((
            "name",
            clean(&format!("{} on {}", task.task, task.resource_group)).as_str(),
        ));
        let skip = task.verdict == Verdict::Unknown && allow_unknown;
        if !failed(task) && !skip {
            let _ = writer.write_event(Event::Empty(case));
            continue;
        }
        let _ = writer.write_event(Event::Start(case));
        let mut line = String::new();
        crate::render::text::task_line(&mut line, task);
        let mut body = String::new();
        for finding in &task.findings {
            body.push_str(&format!(
                "{} {}: {} {} {}: {}\n",
                finding.role.as_str(),
                finding.data_source,
                finding.finding.severity,
                finding.finding.code,
                finding.finding.resource,
                finding.finding.message
            ));
            if let Some(fix) = &finding.finding.fix {
                body.push_str(&format!("fix: {fix}\n"));
            }
        }
        let element = if skip { "skipped" } else { "failure" };
        let kind = (element == "failure").then(|| {
            task.primary().map(|f| f.finding.code.as_str()).unwrap_or(
                if task.verdict == Verdict::Reachable {
                    "warning"
                } else {
                    task.verdict.as_str()
                },
            )
        });
        close_case(writer, element, line.trim_end(), kind, &body);
    }
    let _ = writer.write_event(Event::End(BytesEnd::new("testsuite")));
}

/// Ends an open test case with its `failure` (or `skipped`) element: the
/// message, the type where there is one, and the body, each escaped.
fn close_case(
    writer: &mut Writer<Vec<u8>>,
    element: &str,
    message: &str,
    kind: Option<&str>,
    body: &str,
) {
    let mut outcome = BytesStart::new(element);
    outcome.push_attribute(("message", clean(message).as_str()));
    if let Some(kind) = kind {
        outcome.push_attribute(("type", kind));
    }
    let _ = writer.write_event(Event::Start(outcome));
    let _ = writer.write_event(Event::Text(BytesText::new(&clean(body))));
    let _ = writer.write_event(Event::End(BytesEnd::new(element)));
    let _ = writer.write_event(Event::End(BytesEnd::new("testcase")));
}

/// XML 1.0 cannot carry most control characters even escaped: replace them.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}
