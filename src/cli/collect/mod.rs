//! `netreach collect aliyun`: runs the installed `aliyun` CLI for every API
//! `import aliyun` reads ([`plan`]), in every region, every page and every
//! per-resource call, and writes one file per response plus a `collect.json`
//! log of every call. netreach never sees credentials: the aliyun CLI uses its
//! own profiles. Calls run in a bounded pool of threads; a `Throttling` answer
//! is retried with exponential backoff; a failed call is logged and the rest go
//! on. Exit 0: the collection is complete; 1: some calls failed; 2: nothing
//! could be collected (no `aliyun`, an unusable output directory, the region
//! list failed).

pub mod plan;

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::Value;

use self::plan::Call;
use super::{error_line, Outcome};

/// What `collect` collects from.
#[derive(Debug, Subcommand)]
pub enum Source {
    /// Run the `aliyun` CLI (installed and configured) for every API `import
    /// aliyun` reads, in every region, every page; one file per response in
    /// --output, and a `collect.json` log of every call. Exit 0: complete;
    /// 1: some calls failed (see the log); 2: nothing could be collected.
    Aliyun(AliyunArgs),
}

/// The arguments of `collect aliyun`.
#[derive(Debug, Args)]
pub struct AliyunArgs {
    /// The directory to write (created; must be empty if it exists).
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
    /// Only this region (repeatable); default: every region DescribeRegions lists.
    #[arg(long = "region", value_name = "R")]
    regions: Vec<String>,
    /// The aliyun CLI profile to use (`aliyun configure --profile P`).
    #[arg(long, value_name = "P")]
    profile: Option<String>,
    /// How many calls run at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=32))]
    jobs: u32,
}

/// Runs `collect`.
pub fn run(source: Source) -> Outcome {
    match source {
        Source::Aliyun(args) => collect_aliyun(&args),
    }
}

/// The hint printed when there is no `aliyun` on PATH.
const INSTALL_HINT: &str =
    "hint: install the Alibaba Cloud CLI (https://github.com/aliyun/aliyun-cli/releases, \
or `brew install aliyun-cli`), then `aliyun configure` a profile with read-only access; \
docs/importing.md lists the RAM actions collect calls";

/// How many times a throttled call is tried.
const ATTEMPTS: u32 = 6;

/// One entry of `collect.json`.
#[derive(Debug, Clone, Serialize)]
struct Logged {
    /// The command, `aliyun` first (no secret is ever on it: credentials stay
    /// in the aliyun CLI's own configuration).
    argv: Vec<String>,
    /// The region the call is about; `null` for account-wide APIs.
    region: Option<String>,
    /// The response file, relative to the output directory; `null` when the
    /// call failed.
    file: Option<String>,
    /// The exit status of the last attempt (`null`: it could not be run).
    status: Option<i32>,
    /// How many times it was run (throttled calls are retried).
    attempts: u32,
    /// The `ErrorCode` of a server error.
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<String>,
    /// The error text (stderr without colour codes and response headers).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// `collect.json`.
#[derive(Debug, Serialize)]
struct Log {
    collect_version: u32,
    tool: &'static str,
    profile: Option<String>,
    regions: Vec<String>,
    complete: bool,
    calls: usize,
    failed: usize,
    entries: Vec<Logged>,
}

/// The outcome of one run of the CLI.
struct Ran {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs calls against one `aliyun` executable.
struct Runner {
    program: PathBuf,
    profile: Option<String>,
    output: PathBuf,
    backoff: Duration,
}

impl Runner {
    fn run_once(&self, args: &[String]) -> Ran {
        match std::process::Command::new(&self.program)
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
        {
            Ok(output) => Ran {
                status: output.status.code(),
                stdout: output.stdout,
                stderr: strip_ansi(&String::from_utf8_lossy(&output.stderr)),
            },
            Err(error) => Ran {
                status: None,
                stdout: Vec::new(),
                stderr: format!("cannot run {}: {error}", self.program.display()),
            },
        }
    }

    /// Runs one call (retrying on throttling), writes its response; returns
    /// the log entry and the parsed body of a successful call.
    fn call(&self, call: &Call) -> (Logged, Option<Value>) {
        let args = call.args(self.profile.as_deref());
        let mut argv = vec!["aliyun".to_string()];
        argv.extend(args.iter().cloned());
        let mut attempts = 0;
        let ran = loop {
            attempts += 1;
            let ran = self.run_once(&args);
            let throttled =
                ran.status != Some(0) && error_code(&ran.stderr).is_some_and(is_throttling);
            if !throttled || attempts >= ATTEMPTS {
                break ran;
            }
            std::thread::sleep(self.backoff.saturating_mul(1 << (attempts - 1)));
        };
        let mut logged = Logged {
            argv,
            region: call.region.clone(),
            file: None,
            status: ran.status,
            attempts,
            error_code: None,
            error: None,
        };
        if ran.status != Some(0) {
            logged.error_code = error_code(&ran.stderr).map(str::to_string);
            logged.error = Some(error_text(&ran.stderr, ran.status));
            return (logged, None);
        }
        let body = serde_json::from_slice::<Value>(&ran.stdout);
        let file = call.file();
        let path = self.output.join(&file);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &ran.stdout));
        if let Err(error) = written {
            logged.error = Some(format!("cannot write {}: {error}", path.display()));
            return (logged, None);
        }
        logged.file = Some(file);
        match body {
            Ok(body) => (logged, Some(body)),
            Err(error) => {
                logged.error = Some(format!("the response is not JSON: {error}"));
                (logged, None)
            }
        }
    }
}

fn is_throttling(code: &str) -> bool {
    code.starts_with("Throttling") || code == "ServiceUnavailable"
}

/// The `ErrorCode:` of an SDK server error.
fn error_code(stderr: &str) -> Option<&str> {
    stderr.lines().find_map(|line| {
        line.trim()
            .strip_prefix("ErrorCode:")
            .map(str::trim)
            .filter(|code| !code.is_empty())
    })
}

/// The error text worth keeping: every line but the response headers and the
/// troubleshooting link, joined.
fn error_text(stderr: &str, status: Option<i32>) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty() && !line.starts_with("RespHeaders") && !line.starts_with("Recommend")
        })
        .take(8)
        .collect();
    if lines.is_empty() {
        match status {
            Some(code) => format!("exit status {code}, nothing on stderr"),
            None => "killed by a signal".to_string(),
        }
    } else {
        lines.join("; ")
    }
}

/// `text` without ANSI escape sequences (`ESC [ … letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The `aliyun` executable on PATH.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            let plain = dir.join(name);
            let exe = dir.join(format!("{name}.exe"));
            [plain, exe]
        })
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The first backoff after a throttled call: 1 s, or
/// `NETREACH_COLLECT_BACKOFF_MS` (the tests make it short).
fn backoff() -> Duration {
    let millis = std::env::var("NETREACH_COLLECT_BACKOFF_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(millis)
}

/// The work shared by the pool: calls waiting, calls running, entries logged.
struct Pool {
    queue: VecDeque<Call>,
    running: usize,
    entries: Vec<Logged>,
}

fn collect_aliyun(args: &AliyunArgs) -> Outcome {
    let Some(program) = find_on_path("aliyun") else {
        error_line(&format!(
            "error: the `aliyun` command is not on PATH: collect runs the Alibaba Cloud CLI\n{INSTALL_HINT}"
        ));
        return Outcome::Error;
    };
    let output = &args.output;
    if output.exists() {
        let empty = std::fs::read_dir(output).map(|mut entries| entries.next().is_none());
        match empty {
            Ok(true) => {}
            Ok(false) => {
                error_line(&format!(
                    "error: {} is not empty: collect writes into a new or empty directory, so that no old response mixes with the new ones",
                    output.display()
                ));
                return Outcome::Error;
            }
            Err(error) => {
                error_line(&format!(
                    "error: cannot use {} as the output directory: {error}",
                    output.display()
                ));
                return Outcome::Error;
            }
        }
    } else if let Err(error) = std::fs::create_dir_all(output) {
        error_line(&format!(
            "error: cannot create {}: {error}",
            output.display()
        ));
        return Outcome::Error;
    }
    let runner = Runner {
        program,
        profile: args.profile.clone(),
        output: output.clone(),
        backoff: backoff(),
    };
    let mut entries = Vec::new();
    let mut regions: Vec<String> = args.regions.clone();
    regions.sort();
    regions.dedup();
    if regions.is_empty() {
        let Some(api) = plan::api("DescribeRegions") else {
            return Outcome::Error;
        };
        let call = Call::new(api, None, None);
        let (logged, body) = runner.call(&call);
        let error = logged.error.clone();
        entries.push(logged);
        regions = body.as_ref().map(plan::regions).unwrap_or_default();
        if regions.is_empty() {
            let why = error.unwrap_or_else(|| "it listed no region".to_string());
            error_line(&format!(
                "error: cannot list the regions (aliyun vpc DescribeRegions): {why}\n\
                 hint: check the profile with `aliyun configure list`, or name the regions with --region"
            ));
            write_log(output, args, &regions, entries);
            return Outcome::Error;
        }
    }
    let first = plan::first_calls(&regions);
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(first.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} calls {wide_msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let pool = Mutex::new(Pool {
        queue: first.into_iter().collect(),
        running: 0,
        entries,
    });
    let wake = Condvar::new();
    std::thread::scope(|scope| {
        for _ in 0..args.jobs {
            scope.spawn(|| worker(&runner, &pool, &wake, progress.as_ref()));
        }
    });
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let entries = match pool.into_inner() {
        Ok(pool) => pool.entries,
        Err(poisoned) => poisoned.into_inner().entries,
    };
    let (calls, failed) = write_log(output, args, &regions, entries.clone());
    let mut text = format!(
        "netreach collect aliyun: {calls} call{} in {} region{}, {failed} failed; responses in {}, log in {}",
        if calls == 1 { "" } else { "s" },
        regions.len(),
        if regions.len() == 1 { "" } else { "s" },
        output.display(),
        output.join("collect.json").display()
    );
    let mut failures: Vec<&Logged> = entries.iter().filter(|e| e.error.is_some()).collect();
    failures.sort_by(|a, b| a.argv.cmp(&b.argv));
    for entry in failures.iter().take(20) {
        text.push_str(&format!(
            "\n  failed: {}: {}",
            entry.argv.join(" "),
            entry.error.as_deref().unwrap_or_default()
        ));
    }
    if failures.len() > 20 {
        text.push_str(&format!(
            "\n  … and {} more (see the log)",
            failures.len() - 20
        ));
    }
    if failed > 0 {
        text.push_str("\nthe collection is partial: `import aliyun` reads what was collected and its coverage report names what is missing");
    }
    error_line(&text);
    if failed > 0 {
        Outcome::Fail
    } else {
        Outcome::Pass
    }
}

/// Takes calls until none is waiting or running.
fn worker(runner: &Runner, pool: &Mutex<Pool>, wake: &Condvar, progress: Option<&ProgressBar>) {
    loop {
        let call = {
            let Ok(mut state) = pool.lock() else { return };
            loop {
                if let Some(call) = state.queue.pop_front() {
                    state.running += 1;
                    break call;
                }
                if state.running == 0 {
                    wake.notify_all();
                    return;
                }
                state = match wake.wait(state) {
                    Ok(state) => state,
                    Err(_) => return,
                };
            }
        };
        if let Some(bar) = progress {
            bar.set_message(format!(
                "{} {}",
                call.api.name,
                call.region.as_deref().unwrap_or("global")
            ));
        }
        let (logged, body) = runner.call(&call);
        let next = body
            .as_ref()
            .map(|body| plan::follow(&call, body))
            .unwrap_or_default();
        if let Some(bar) = progress {
            bar.inc_length(next.len() as u64);
            bar.inc(1);
        }
        let Ok(mut state) = pool.lock() else { return };
        state.entries.push(logged);
        state.queue.extend(next);
        state.running -= 1;
        wake.notify_all();
    }
}

/// Writes `collect.json` (entries sorted by argv); returns (calls, failed).
fn write_log(
    output: &Path,
    args: &AliyunArgs,
    regions: &[String],
    mut entries: Vec<Logged>,
) -> (usize, usize) {
    entries.sort_by(|a, b| a.argv.cmp(&b.argv));
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    let log = Log {
        collect_version: 1,
        tool: "aliyun",
        profile: args.profile.clone(),
        regions: regions.to_vec(),
        complete: failed == 0,
        calls: entries.len(),
        failed,
        entries,
    };
    let calls = log.calls;
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    let path = output.join("collect.json");
    if let Err(error) = std::fs::write(&path, text) {
        error_line(&format!("error: cannot write {}: {error}", path.display()));
    }
    (calls, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_are_read_through_their_colour() {
        let stderr = "\u{1b}[1;31mERROR: SDK.ServerError\nErrorCode: Forbidden.RAM\nRecommend: https://x\nRequestId: 1\nMessage: User not authorized\nRespHeaders: map[]\u{1b}[0m\n";
        let clean = strip_ansi(stderr);
        assert_eq!(error_code(&clean), Some("Forbidden.RAM"));
        assert_eq!(
            error_text(&clean, Some(1)),
            "ERROR: SDK.ServerError; ErrorCode: Forbidden.RAM; RequestId: 1; Message: User not authorized"
        );
    }
}
