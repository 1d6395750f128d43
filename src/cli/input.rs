//! Reading the input: inventory files within the size limit, merged, amended
//! by the `--overlay` files, validated and analysed through
//! [`crate::analysis::analyse`], and the resource groups and data sources a
//! command names resolved. Every problem is printed to stderr here (all input
//! errors of a run at once) and the caller gets `None`, which is exit 2.

use std::io;
use std::path::PathBuf;

use super::args::Selection;
use super::{error_line, Outcome};
use crate::analysis::Analysis;
use crate::diag::InputError;
use crate::import::native::{self, Loaded, Source};
use crate::overlap::Scope;
use crate::reach::tasks::{PairScope, TaskSelection};
use crate::validate::{DataSourceIx, Kind, ResourceGroupIx, TaskIx};

/// The `--overlay` files, set once by [`run`] and applied by every load of an
/// inventory ([`load_or_report`]), so that each command reading one takes them.
pub(super) static OVERLAYS: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();

/// Loads, validates and routes; on input errors prints them and returns `None`.
pub(super) fn analyse(paths: &[PathBuf], scope: Scope) -> Option<Analysis> {
    analyse_loaded(
        crate::timings::stage("load", || load_or_report(paths))?,
        scope,
    )
}

/// Validates and routes a loaded inventory and gathers the inventory-wide
/// findings of `scope`; on input errors prints them.
pub(super) fn analyse_loaded(loaded: Loaded, scope: Scope) -> Option<Analysis> {
    match crate::analysis::analyse(loaded, scope) {
        Ok(analysis) => Some(analysis),
        Err(errors) => {
            report_input_errors(&errors);
            None
        }
    }
}

/// What a command selected: the groups and sources of `--resource-group` /
/// `--data-source` (all of a kind when none is given), and the tasks and
/// pairs semantics S9.8 makes of them and of `--task`.
pub(super) struct Selected {
    /// The analysed inventory.
    pub(super) analysis: Analysis,
    /// The selected resource groups (arena positions), sorted by id.
    pub(super) groups: Vec<usize>,
    /// The selected data sources (arena positions), sorted by id.
    pub(super) sources: Vec<usize>,
    /// The tasks to report and the pairs they add or narrow to.
    pub(super) tasks: TaskSelection,
}

impl Selected {
    /// Every selected pair, in group-id then data-source-id order.
    pub(super) fn pairs(&self) -> Vec<(ResourceGroupIx, DataSourceIx)> {
        if self.tasks.only_task_pairs {
            return self.tasks.pairs.clone();
        }
        let mut pairs = Analysis::selection(&self.groups, &self.sources);
        if !self.tasks.pairs.is_empty() {
            let v = &self.analysis.valid;
            pairs.extend(self.tasks.pairs.iter().copied());
            pairs.sort_by(|a, b| {
                let key = |(rg, ds): &(ResourceGroupIx, DataSourceIx)| {
                    (
                        v.resource_groups.lookup(*rg).map(|g| g.id.as_str()),
                        v.data_sources.lookup(*ds).map(|d| d.id.as_str()),
                    )
                };
                key(a).cmp(&key(b))
            });
            pairs.dedup();
        }
        pairs
    }

    /// Whether the pairs are the product of `groups` and `sources` alone.
    pub(super) fn is_product(&self) -> bool {
        !self.tasks.only_task_pairs && self.tasks.pairs.is_empty()
    }
}

/// Loads, validates and routes, and resolves `--resource-group` /
/// `--data-source` (all of a kind when none is given) and `--task`; `scope`
/// is `--scope`. On input errors prints them and returns `None`.
pub(super) fn analyse_selected(selection: &Selection, scope: PairScope) -> Option<Selected> {
    let analysis = crate::timings::stage("load, validate, route, audit", || {
        analyse(&selection.inventory, Scope::Check)
    })?;
    let groups = select(
        &analysis,
        &selection.resource_groups,
        Kind::ResourceGroup,
        CHECK_OPTIONS,
    );
    let sources = select(
        &analysis,
        &selection.data_sources,
        Kind::DataSource,
        CHECK_OPTIONS,
    );
    let named = select_tasks(&analysis, &selection.tasks);
    let (groups, sources, named) = (groups?, sources?, named?);
    let narrowed = !selection.resource_groups.is_empty() || !selection.data_sources.is_empty();
    let rgs: Vec<ResourceGroupIx> = groups.iter().map(|&g| ResourceGroupIx::at(g)).collect();
    let dss: Vec<DataSourceIx> = sources.iter().map(|&s| DataSourceIx::at(s)).collect();
    let tasks = crate::reach::tasks::select(&analysis.valid, &rgs, &dss, narrowed, &named, scope);
    Some(Selected {
        analysis,
        groups,
        sources,
        tasks,
    })
}

/// Resolves `--task` ids; an id that is no task is an input error (with the
/// closest task id).
fn select_tasks(analysis: &Analysis, ids: &[String]) -> Option<Vec<TaskIx>> {
    let v = &analysis.valid;
    let mut chosen = Vec::new();
    let mut bad = false;
    for id in ids {
        match v.lookup(id) {
            Some((Kind::Task, index)) => chosen.push(TaskIx::at(index)),
            found => {
                let names = v.tasks.iter().map(|t| t.id.as_str());
                let hint = crate::diag::did_you_mean(id, names)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                let what = match found {
                    Some((kind, _)) => format!("`{id}` is {}, not a task{hint}", kind.noun()),
                    None => format!("`{id}` is not a task of the inventory{hint}"),
                };
                error_line(&format!("error: {what}"));
                bad = true;
            }
        }
    }
    if bad {
        return None;
    }
    chosen.sort();
    chosen.dedup();
    Some(chosen)
}

/// `check`'s options naming a resource group and a data source.
pub(super) const CHECK_OPTIONS: (&str, &str) = ("--resource-group", "--data-source");

/// `trace`'s options naming a resource group and a data source.
pub(super) const TRACE_OPTIONS: (&str, &str) = ("--from", "--to");

/// Resolves `--resource-group` / `--data-source` ids (all of that kind when
/// none is given), sorted by id; an unknown id is an input error.
/// `options` are the command's names for a resource group and a data source
/// (`--resource-group`, `--data-source`; `--from`, `--to`), for the message
/// when an id of one is given for the other.
pub(super) fn select(
    analysis: &Analysis,
    ids: &[String],
    kind: Kind,
    options: (&str, &str),
) -> Option<Vec<usize>> {
    let v = &analysis.valid;
    let is_group = kind == Kind::ResourceGroup;
    if ids.is_empty() {
        return Some(if is_group {
            v.groups_by_id()
                .into_iter()
                .map(ResourceGroupIx::ix)
                .collect()
        } else {
            v.sources_by_id()
                .into_iter()
                .map(DataSourceIx::ix)
                .collect()
        });
    }
    let mut chosen: Vec<(&str, usize)> = Vec::new();
    let mut bad = false;
    for id in ids {
        match v.lookup(id) {
            Some((found, index)) if found == kind => chosen.push((id, index)),
            // the other end of a pair given for this one: name the option it belongs to
            Some((found, _)) if matches!(found, Kind::ResourceGroup | Kind::DataSource) => {
                let option = if found == Kind::ResourceGroup {
                    options.0
                } else {
                    options.1
                };
                error_line(&format!(
                    "error: `{id}` is {}, not {}: did you mean to give it to {option}?",
                    found.noun(),
                    kind.noun()
                ));
                bad = true;
            }
            _ => {
                let names: Vec<&str> = if is_group {
                    v.resource_groups.iter().map(|g| g.id.as_str()).collect()
                } else {
                    v.data_sources.iter().map(|d| d.id.as_str()).collect()
                };
                let hint = crate::diag::did_you_mean(id, names)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                error_line(&format!(
                    "error: `{id}` is not {} of the inventory{hint}",
                    kind.noun()
                ));
                bad = true;
            }
        }
    }
    if bad {
        return None;
    }
    chosen.sort();
    chosen.dedup();
    Some(chosen.into_iter().map(|(_, i)| i).collect())
}

/// The loaded inventory amended by the `--overlay` files, in order; on any
/// problem prints every input error and returns `None`.
pub(super) fn with_overlays(loaded: Loaded) -> Option<Loaded> {
    let overlays = OVERLAYS.get().map(Vec::as_slice).unwrap_or_default();
    if overlays.is_empty() {
        return Some(loaded);
    }
    let result = read_sources(overlays).and_then(|sources| native::apply_overlays(loaded, sources));
    match result {
        Ok(loaded) => Some(loaded),
        Err(errors) => {
            report_input_errors(&errors);
            None
        }
    }
}

/// Reads and loads the inventory files; on any problem prints every input error
/// to stderr and returns `None`.
pub(super) fn load_or_report(paths: &[PathBuf]) -> Option<Loaded> {
    let sources = match read_sources(paths) {
        Ok(sources) => sources,
        Err(errors) => {
            report_input_errors(&errors);
            return None;
        }
    };
    let partial = native::load_partial(sources);
    let (loaded, mut errors) = match partial.loaded {
        Some(loaded) if partial.errors.is_empty() => return with_overlays(loaded),
        other => (other, partial.errors),
    };
    // Every file parsed: the elements that could be read are validated too, so
    // that unknown fields, wrong types, bad CIDRs, out-of-range values and
    // dangling references all come in one run.
    if let Some(loaded) = &loaded {
        let masked = &partial.masked;
        errors.extend(
            crate::validate::input_errors(&loaded.inventory, &loaded.sources, &partial.unloaded)
                .into_iter()
                .filter(|error| {
                    !masked.iter().any(|(file, pointer)| {
                        error.location.file == *file
                            && error
                                .location
                                .pointer
                                .strip_prefix(pointer.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                    })
                }),
        );
        let order: std::collections::HashMap<&str, usize> = loaded
            .sources
            .files
            .iter()
            .enumerate()
            .rev()
            .map(|(index, file)| (file.name.as_str(), index))
            .collect();
        errors.sort_by(|a, b| {
            let key = |e: &InputError| {
                (
                    order.get(e.location.file.as_str()).copied(),
                    e.location.line.unwrap_or(usize::MAX),
                    e.location.column.unwrap_or(usize::MAX),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.location.pointer.cmp(&b.location.pointer))
                .then_with(|| a.message.cmp(&b.message))
        });
        errors.dedup();
    }
    report_input_errors(&errors);
    None
}

/// Reads every file within the input limit; the errors are those of every
/// file that could not be read.
pub(super) fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>, Vec<InputError>> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let limit = max_input_bytes();
    for path in paths {
        let name = path.display().to_string();
        match read_limited(path, limit) {
            Ok(bytes) => sources.push(Source { name, bytes }),
            Err((message, hint)) => errors.push(whole_file_error(name, message, hint)),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

/// An input error about a whole file (no JSON path, no line).
pub(super) fn whole_file_error(file: String, message: String, hint: Option<String>) -> InputError {
    InputError {
        location: crate::diag::Location {
            file,
            pointer: String::new(),
            line: None,
            column: None,
        },
        message,
        hint,
    }
}

/// The largest inventory file read (1 GiB): a bigger one is refused before it
/// is read, so that a wrong file (a disk image, a log) fails at once with a
/// message instead of exhausting memory. `NETREACH_MAX_INPUT_BYTES` changes it.
pub(super) const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The input size limit: `NETREACH_MAX_INPUT_BYTES` if set to a number, else
/// [`MAX_INPUT_BYTES`].
pub(super) fn max_input_bytes() -> u64 {
    std::env::var("NETREACH_MAX_INPUT_BYTES")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(MAX_INPUT_BYTES)
}

/// Reads a whole file of at most `limit` bytes; the error is a message and a
/// hint. The size is checked before reading, and again while reading, for
/// pipes and files that grow.
pub(super) fn read_limited(
    path: &std::path::Path,
    limit: u64,
) -> Result<Vec<u8>, (String, Option<String>)> {
    use std::io::Read;
    let too_big = |size: &str| {
        (
            format!("the file is larger than the input limit of {limit} bytes{size}"),
            Some("an inventory is far smaller; check the file, or raise the limit with NETREACH_MAX_INPUT_BYTES=<bytes>".to_string()),
        )
    };
    let unreadable = |error: io::Error| {
        (
            format!("cannot read the file: {}", error.to_string().to_lowercase()),
            None,
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let known = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(size) = known.filter(|size| *size > limit) {
        return Err(too_big(&format!(" ({size} bytes)")));
    }
    let mut bytes = Vec::with_capacity(known.map_or(0, |size| usize::try_from(size).unwrap_or(0)));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(""));
    }
    Ok(bytes)
}

pub(super) fn report_input_errors(errors: &[InputError]) -> Outcome {
    let mut text = String::new();
    for error in errors {
        text.push_str(&format!("error: {error}\n"));
    }
    let count = errors.len();
    text.push_str(&format!(
        "netreach: {count} input error{} found; nothing was analysed\n",
        if count == 1 { "" } else { "s" }
    ));
    error_line(text.trim_end());
    Outcome::Error
}
