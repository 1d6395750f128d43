//! The native inventory loader: bytes of one or more files → one merged
//! [`Inventory`] plus a [`SourceMap`], or every input error found.

use crate::diag::{InputError, SourceFile, SourceMap, Syntax};
use crate::model::Inventory;

/// One input file: its name and its bytes (the CLI reads them).
#[derive(Debug, Clone)]
pub struct Source {
    /// The name as given on the command line.
    pub name: String,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// A loaded, merged inventory and where each element came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The merged inventory.
    pub inventory: Inventory,
    /// Where each element came from.
    pub sources: SourceMap,
}

/// Loads and merges the files; every problem of every file is returned.
pub fn load(sources: Vec<Source>) -> Result<Loaded, Vec<InputError>> {
    let mut map = SourceMap::default();
    let mut merged = Inventory {
        version: 1,
        ..Inventory::default()
    };
    let mut errors = Vec::new();
    for (file_index, source) in sources.into_iter().enumerate() {
        let text = String::from_utf8_lossy(&source.bytes).into_owned();
        match serde_json::from_str::<Inventory>(&text) {
            Ok(inventory) => {
                macro_rules! merge {
                    ($($key:ident),*) => {$(
                        let origins = map.lists.entry(stringify!($key).to_string()).or_default();
                        for (i, item) in inventory.$key.into_iter().enumerate() {
                            origins.push((file_index, i));
                            merged.$key.push(item);
                        }
                    )*};
                }
                merge!(
                    accounts,
                    vpcs,
                    vswitches,
                    route_tables,
                    peering_connections,
                    cens,
                    transit_routers,
                    tr_attachments,
                    tr_route_tables,
                    nat_gateways,
                    eips,
                    vpn_gateways,
                    customer_gateways,
                    vpn_connections,
                    vbrs,
                    physical_connections,
                    data_centers,
                    ecs_instances,
                    security_groups,
                    resource_groups,
                    data_sources
                );
            }
            Err(error) => errors.push(InputError {
                location: crate::diag::Location {
                    file: source.name.clone(),
                    pointer: String::new(),
                    line: Some(error.line()),
                    column: Some(error.column()),
                },
                message: error.to_string(),
                hint: None,
            }),
        }
        map.files.push(SourceFile {
            name: source.name,
            text,
            syntax: Syntax::Json,
        });
    }
    if errors.is_empty() {
        Ok(Loaded {
            inventory: merged,
            sources: map,
        })
    } else {
        Err(errors)
    }
}
