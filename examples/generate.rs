//! Writes a synthetic inventory (`netreach::generate`) as JSON to stdout.
//!
//! ```sh
//! cargo run --release --example generate -- large > /tmp/large.json
//! cargo run --release --example generate -- small --seed 7 > /tmp/small-7.json
//! ```
//!
//! Presets: `small`, `medium`, `large`, `xlarge` (see `GenSpec`); `--seed N`
//! changes the choices, not the sizes; `--tasks N` adds N DataWorks tasks
//! (`netreach::generate::add_tasks`; without it the output is unchanged). The output is compact JSON with one line per
//! element of each top-level list, so that the file stays small, stays
//! greppable, and the same arguments give the same bytes.

use std::io::{self, Write};
use std::process::ExitCode;

use netreach::generate::{add_tasks, generate, GenSpec, PRESETS};

const USAGE: &str = "usage: generate <small|medium|large|xlarge> [--seed N] [--tasks N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut preset = None;
    let mut seed = None;
    let mut tasks = 0;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seed" => match rest.next().and_then(|n| n.parse::<u64>().ok()) {
                Some(n) => seed = Some(n),
                None => return fail("--seed needs a non-negative integer"),
            },
            "--tasks" => match rest.next().and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => tasks = n,
                None => return fail("--tasks needs a non-negative integer"),
            },
            "-h" | "--help" => {
                let _ = writeln!(io::stdout(), "{USAGE}");
                return ExitCode::SUCCESS;
            }
            name if preset.is_none() => preset = Some(name.to_string()),
            other => return fail(&format!("unexpected argument `{other}`")),
        }
    }
    let Some(name) = preset else {
        return fail("no preset given");
    };
    let Some(mut spec) = GenSpec::preset(&name) else {
        return fail(&format!(
            "unknown preset `{name}` (one of {})",
            PRESETS.join(", ")
        ));
    };
    if let Some(seed) = seed {
        spec = spec.with_seed(seed);
    }
    let mut inventory = generate(&spec);
    if tasks > 0 {
        add_tasks(&mut inventory, tasks, spec.seed);
    }
    let text = match to_lines(&inventory) {
        Ok(text) => text,
        Err(error) => return fail(&format!("cannot encode the inventory: {error}")),
    };
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => fail(&format!("cannot write: {error}")),
    }
}

/// Compact JSON with one line per top-level key and per element of the
/// top-level lists (readable with `grep` and `head`, and errors get useful
/// line numbers), keys in the order of the model.
fn to_lines(inventory: &netreach::model::Inventory) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Lines { depth: 0 });
    serde::Serialize::serialize(inventory, &mut serializer)?;
    out.push(b'\n');
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A `serde_json` formatter that breaks lines at the two outer levels only.
struct Lines {
    depth: usize,
}

impl serde_json::ser::Formatter for Lines {
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.depth == 0 {
            writer.write_all(b"\n}")
        } else {
            writer.write_all(b"}")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        let separator: &[u8] = if first { b"" } else { b"," };
        writer.write_all(separator)?;
        if self.depth == 1 {
            writer.write_all(b"\n")?;
        }
        Ok(())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.depth == 1 {
            writer.write_all(b"\n]")
        } else {
            writer.write_all(b"]")
        }
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        let separator: &[u8] = if first { b"" } else { b"," };
        writer.write_all(separator)?;
        if self.depth == 2 {
            writer.write_all(b"\n")?;
        }
        Ok(())
    }
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(io::stderr(), "error: {message}\n{USAGE}");
    ExitCode::from(2)
}
