//! `netreach diff`: the pairs whose verdict changes between two snapshots, or
//! between a snapshot and the snapshot with a planned RFC 6902 JSON Patch
//! applied (`--plan`), and the inventory findings that appear or go.

use std::path::Path;

use super::args::DiffArgs;
use super::color::{ColorChoice, Paint};
use super::input::{
    analyse, analyse_loaded, load_or_report, max_input_bytes, read_limited, report_input_errors,
    whole_file_error, with_overlays,
};
use super::{emit_to, Outcome};
use crate::diag::InputError;
use crate::import::native::{self, Loaded, Source};
use crate::overlap::Scope;

/// Analyses both sides, checks every pair of each and writes the report.
pub(super) fn run(args: DiffArgs, color: ColorChoice) -> Outcome {
    let DiffArgs {
        before,
        after,
        plan,
        format,
        fail_on,
        output,
    } = args;
    let policy = super::args::FailOn::of(fail_on, false);
    let Some(old) = analyse(std::slice::from_ref(&before), Scope::Check) else {
        return Outcome::Error;
    };
    let new = match (&after, &plan) {
        (Some(after), _) => analyse(std::slice::from_ref(after), Scope::Check),
        (None, Some(plan)) => {
            apply_plan(&before, plan).and_then(|loaded| analyse_loaded(loaded, Scope::Check))
        }
        (None, None) => None,
    };
    let Some(new) = new else {
        return Outcome::Error;
    };
    let (old_pairs, old_tasks) = old.check_all_with_tasks();
    let (new_pairs, new_tasks) = new.check_all_with_tasks();
    let report = crate::diff::diff(&old_pairs, &new_pairs, &old.findings, &new.findings)
        .with_tasks(&old_tasks, &new_tasks);
    let text = match format {
        super::args::Format::Text => crate::render::text::diff(&report),
        super::args::Format::Json => crate::render::json::diff(&report),
    };
    let paint = Paint::of(
        color,
        format == super::args::Format::Text,
        output.as_deref(),
    );
    match emit_to(output.as_deref(), &paint.apply(&text)) {
        Outcome::Pass if report.failed(policy.diff_policy()) => Outcome::Fail,
        other => other,
    }
}

/// BEFORE with the RFC 6902 patch applied, loaded; on any problem (unreadable
/// files, malformed JSON, an operation that does not apply) prints it and
/// returns `None`.
fn apply_plan(before: &Path, plan: &Path) -> Option<Loaded> {
    let fail = |file: &Path, message: String| {
        report_input_errors(&[whole_file_error(file.display().to_string(), message, None)]);
        None
    };
    // Load BEFORE first so that its own problems are reported precisely.
    let loaded = load_or_report(&[before.to_path_buf()])?;
    // Patch the document as written (not a re-encoding), so that the plan's
    // paths are the paths of the user's file.
    let Some(file) = loaded.sources.files.first() else {
        return fail(before, "nothing was read".to_string());
    };
    let parsed = match file.syntax {
        crate::diag::Syntax::Json => {
            serde_json::from_str::<serde_json::Value>(&file.text).map_err(|e| e.to_string())
        }
        crate::diag::Syntax::Yaml => crate::diag::on_yaml_stack(|| {
            serde_saphyr::from_str::<serde_json::Value>(&file.text).map_err(|e| e.to_string())
        })
        .unwrap_or_else(|| Err("the YAML parser failed".to_string())),
    };
    let mut document = match parsed {
        Ok(document) => document,
        Err(error) => {
            return fail(
                before,
                format!("cannot read the inventory as a document: {error}"),
            )
        }
    };
    let text = match read_limited(plan, max_input_bytes()) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return fail(plan, "the file is not UTF-8 text".to_string()),
        },
        Err((message, hint)) => {
            report_input_errors(&[whole_file_error(plan.display().to_string(), message, hint)]);
            return None;
        }
    };
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    // The JSON path of an operation that is not RFC 6902 (`/3/op`).
    let parsed: Result<json_patch::Patch, (String, serde_json::Error)> =
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(patch) => deserializer
                .end()
                .map(|()| patch)
                .map_err(|e| (String::new(), e)),
            Err(error) => {
                let pointer: String = error
                    .path()
                    .iter()
                    .map(|segment| match segment {
                        serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                        serde_path_to_error::Segment::Map { key } => {
                            format!("/{}", crate::diag::escape_segment(key))
                        }
                        _ => String::new(),
                    })
                    .collect();
                Err((pointer, error.into_inner()))
            }
        };
    let patch: json_patch::Patch = match parsed {
        Ok(patch) => patch,
        Err((pointer, error)) => {
            report_input_errors(&[InputError {
                location: crate::diag::Location {
                    file: plan.display().to_string(),
                    pointer,
                    line: Some(error.line()),
                    column: Some(error.column()),
                },
                message: format!("not an RFC 6902 JSON Patch: {error}"),
                hint: Some("a plan is a JSON array of operations such as {\"op\": \"add\", \"path\": \"/vpcs/-\", \"value\": {…}}".into()),
            }]);
            return None;
        }
    };
    if let Err(error) = json_patch::patch(&mut document, &patch) {
        let operation = patch
            .0
            .get(error.operation)
            .map(|op| serde_json::to_string(op).unwrap_or_default())
            .unwrap_or_default();
        return fail(
            plan,
            format!(
                "operation {} ({operation}) does not apply to {}: {}",
                error.operation,
                before.display(),
                error.kind
            ),
        );
    }
    let bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    let name = format!("{} + {}", before.display(), plan.display());
    match native::load(vec![Source { name, bytes }]) {
        Ok(loaded) => with_overlays(loaded),
        Err(errors) => {
            report_input_errors(&errors);
            None
        }
    }
}
