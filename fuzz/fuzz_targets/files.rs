//! How an import target's input holds several files: the bytes are cut at each
//! NUL byte into at most 64 files; a file whose first byte is `@` takes the rest
//! of its first line as its name (importers link some items by the file's
//! path), the others are named `f<i>.json`. `scripts/fuzz.sh` writes the seeds
//! this way.

use netreach::import::native::Source;

/// The files of one fuzz input.
pub fn split(data: &[u8]) -> Vec<Source> {
    data.split(|byte| *byte == 0)
        .take(64)
        .enumerate()
        .map(|(i, chunk)| match chunk.strip_prefix(b"@") {
            Some(rest) => {
                let end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
                let (name, body) = rest.split_at(end);
                Source {
                    name: String::from_utf8_lossy(name).into_owned(),
                    bytes: body.get(1..).unwrap_or_default().to_vec(),
                }
            }
            None => Source {
                name: format!("f{i}.json"),
                bytes: chunk.to_vec(),
            },
        })
        .collect()
}
