//! Where reports go: stdout, or `--output FILE` written to a temporary file in
//! the same directory and renamed into place once complete, so that a failure
//! never leaves half a report. A closed stdout pipe ends the writing quietly.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An open report destination.
pub(crate) enum Sink {
    /// Standard output (buffered).
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file to be renamed to `path`.
    File {
        /// The temporary file.
        file: BufWriter<tempfile::NamedTempFile>,
        /// The final name.
        path: PathBuf,
    },
    /// The reader went away (a closed pipe): everything else is dropped.
    Closed,
}

impl Sink {
    /// Opens stdout or a temporary file beside `path`.
    pub(crate) fn open(output: Option<&Path>) -> io::Result<Sink> {
        match output {
            None => Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            ))),
            Some(path) => {
                let dir = match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let file = tempfile::Builder::new()
                    .prefix(".netreach-")
                    .suffix(".tmp")
                    .tempfile_in(dir)?;
                Ok(Sink::File {
                    file: BufWriter::with_capacity(1 << 16, file),
                    path: path.to_path_buf(),
                })
            }
        }
    }

    /// Writes bytes; a closed pipe turns the sink into `Closed`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let result = match self {
            Sink::Stdout(out) => out.write_all(bytes),
            Sink::File { file, .. } => file.write_all(bytes),
            Sink::Closed => Ok(()),
        };
        match result {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                *self = Sink::Closed;
                Ok(())
            }
            other => other,
        }
    }

    /// Flushes, and for a file renames the temporary file into place.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut out) => match out.flush() {
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            },
            Sink::File { file, path } => {
                let file = file.into_inner().map_err(|e| e.into_error())?;
                // tempfile creates 0600 files; a report is an ordinary file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    file.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))?;
                }
                file.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
            Sink::Closed => Ok(()),
        }
    }

    /// Whether the reader went away.
    pub(crate) fn closed(&self) -> bool {
        matches!(self, Sink::Closed)
    }
}

/// Writes a finished text to stdout or to `output` (atomically).
pub(crate) fn write_all(output: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    let mut sink = Sink::open(output)?;
    sink.write(bytes)?;
    sink.finish()
}
