//! The schemas module of a bundle's client: every schema file embedded with `include_str!`,
//! as one `illumio_pce::validation::SchemaSet` the endpoints validate request bodies with.

use std::path::PathBuf;

use crate::load::slashed;

/// The module's source: `header`, then `SCHEMAS`, the set named `name` of `files` (paths in
/// the bundle), each included from `dir` (a path `include_str!` resolves, relative to the
/// module's file or absolute, ending in `/`).
pub fn schemas_module(name: &str, files: &[PathBuf], dir: &str, header: &str) -> String {
    let entries = files.iter().map(|file| {
        let path = slashed(file);
        let text = format!("include_str!({:?})", format!("{dir}{path}"));
        (path, text)
    });
    module(name, entries, header)
}

/// [`schemas_module`] with each file's text written out instead of included: `files` are
/// (path in the bundle, text), for a module that stands alone.
pub fn schemas_module_inline(name: &str, files: &[(PathBuf, String)], header: &str) -> String {
    let entries = files
        .iter()
        .map(|(file, text)| (slashed(file), format!("{text:?}")));
    module(name, entries, header)
}

/// The module over `entries`: (path, the Rust expression of its text).
fn module(name: &str, entries: impl Iterator<Item = (String, String)>, header: &str) -> String {
    let mut out = format!(
        "{header}\nuse std::sync::LazyLock;\n\nuse illumio_pce::validation::SchemaSet;\n\n\
         /// The bundle's schema files, which the endpoints check request bodies against before\n\
         /// sending them.\npub static SCHEMAS: LazyLock<SchemaSet> = LazyLock::new(|| SchemaSet::new({name:?}, FILES));\n\n\
         /// Every schema file of the bundle: (path in the bundle, text).\n\
         const FILES: &[(&str, &str)] = &[\n"
    );
    for (path, text) in entries {
        out.push_str(&format!("    ({path:?}, {text}),\n"));
    }
    out.push_str("];\n");
    out
}
