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

/// An importer as the two import targets call it.
pub type Importer =
    fn(
        &[Source],
        &netreach::import::aliyun::Options,
    ) -> Result<netreach::import::aliyun::Imported, Vec<netreach::diag::InputError>>;

/// Any bytes as the files of an import: import, then the imported inventory
/// written as JSON must load back through the native loader, and whatever
/// validates is checked pair by pair and rendered. Must never panic.
pub fn import_then_check(data: &[u8], import: Importer) {
    let sources = split(data);
    let options = netreach::import::aliyun::Options {
        region: Some("cn-hangzhou".to_string()),
    };
    let imported = match import(&sources, &options) {
        Ok(imported) => imported,
        Err(errors) => {
            assert!(!errors.is_empty(), "import failed without an error");
            return;
        }
    };
    let _ = imported.coverage.summary();
    let _ = imported.coverage.to_json();
    let json = imported.inventory_json();
    let written = Source {
        name: "imported.json".to_string(),
        bytes: json.into_bytes(),
    };
    match netreach::import::native::load(vec![written]) {
        Ok(loaded) => {
            let _ = super::common::analyse(loaded);
        }
        Err(errors) => panic!(
            "the imported inventory does not load back: {}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}
