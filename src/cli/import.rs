//! `netreach import`: aliyun CLI exports or Terraform state read from files
//! and directories, converted into a native inventory; the coverage summary
//! (what was read, imported, skipped and why) goes to stderr.

use std::io;
use std::path::PathBuf;

use super::args::{ImportArgs, ImportSource};
use super::input::{read_sources, report_input_errors};
use super::{emit_to, error_line, output, Outcome};

/// `import` with its arguments as clap gives them.
pub(super) fn run(args: ImportArgs) -> Outcome {
    convert(
        args.source,
        &args.paths,
        args.output.as_deref(),
        args.report.as_deref(),
        args.region,
    )
}

/// `netreach import`: reads the files (directories walked, sorted, for
/// `*.json`), converts them, writes the inventory and the coverage report.
fn convert(
    source: ImportSource,
    paths: &[PathBuf],
    output: Option<&std::path::Path>,
    report: Option<&std::path::Path>,
    region: Option<String>,
) -> Outcome {
    fn walk(
        dir: &std::path::Path,
        extensions: &[&str],
        found: &mut Vec<PathBuf>,
    ) -> io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<io::Result<_>>()?;
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, extensions, found)?;
            } else if path.extension().is_some_and(|ext| {
                extensions
                    .iter()
                    .any(|wanted| ext.eq_ignore_ascii_case(wanted))
            }) {
                found.push(path);
            }
        }
        Ok(())
    }
    // Terraform keeps its state in `*.tfstate`; both are read from directories.
    let extensions: &[&str] = match source {
        ImportSource::Aliyun => &["json"],
        ImportSource::Terraform => &["json", "tfstate"],
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            if let Err(error) = walk(path, extensions, &mut files) {
                error_line(&format!(
                    "error: cannot read the directory {}: {error}",
                    path.display()
                ));
                return Outcome::Error;
            }
            if files.len() == before {
                error_line(&format!(
                    "error: no *.{} file in the directory {}",
                    extensions.join(" or *."),
                    path.display()
                ));
                return Outcome::Error;
            }
        } else {
            files.push(path.clone());
        }
    }
    let sources = match read_sources(&files) {
        Ok(sources) => sources,
        Err(errors) => return report_input_errors(&errors),
    };
    let options = crate::import::aliyun::Options { region };
    let imported = match source {
        ImportSource::Aliyun => crate::import::aliyun::import(&sources, &options),
        ImportSource::Terraform => crate::import::terraform::import(&sources, &options),
    };
    let imported = match imported {
        Ok(imported) => imported,
        Err(errors) => return report_input_errors(&errors),
    };
    error_line(imported.coverage.summary().trim_end());
    if let Some(path) = report {
        if let Err(error) = output::write_all(Some(path), imported.coverage.to_json().as_bytes()) {
            error_line(&format!("error: cannot write {}: {error}", path.display()));
            return Outcome::Error;
        }
    }
    if !imported.coverage.recognized_any() {
        error_line(
            "error: no input was recognized, so nothing was imported
             hint: give the files the aliyun CLI printed (or the directory of `netreach collect aliyun`), or a Terraform state; docs/importing.md shows how",
        );
        return Outcome::Error;
    }
    match emit_to(output, &imported.inventory_json()) {
        // a file that is not JSON, or a failed collect call: the rest is
        // imported, the import is partial
        Outcome::Pass if imported.coverage.is_partial() => Outcome::Fail,
        other => other,
    }
}
