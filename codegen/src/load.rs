//! Loading: finds the bundle a schema folder belongs to, reads its schema files and,
//! transitively, every file their `$ref`s name, and applies the named repairs of
//! [`pce_schema_repairs`] to each file as it is read.
//!
//! Files are keyed by their path inside the *bundle folder*: the folder given, or its parent
//! when the folder given is a release bundle's `v2/` (its parent holds `common/` or
//! `openapi.json`). So `--schemas <bundle>/v2` keys `v2/labels.schema.json` and
//! `common/labels.schema.json`, and a `$ref` that would leave the bundle folder is never
//! followed (repair `ref_outside_bundle`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use pce_schema_repairs::walk::{for_each_subschema, push_pointer};
use pce_schema_repairs::{bundle_root, leaves_bundle, repair_file, Applied};
use serde_json::Value;

use crate::error::{Error, MissingRef, Result};
use crate::openapi::Operation;
use crate::settings::Settings;

/// The name of the repair that keeps `$ref`s inside the bundle.
const OUTSIDE: &str = "ref_outside_bundle";

/// The schema files of one generation run.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Every loaded file, keyed by its path inside the bundle folder.
    pub files: BTreeMap<PathBuf, Value>,
    /// The files the run was asked for (the others were reached through `$ref`s).
    pub roots: Vec<PathBuf>,
    /// `$ref`s to files that do not exist, lie outside the bundle, or are remote URLs.
    pub missing: Vec<MissingRef>,
    /// Every repair applied, with the file it was applied to.
    pub repairs: Vec<(PathBuf, Applied)>,
    /// The operations of the bundle's `openapi.json`, when the folder is a bundle's and it
    /// has one (they name the PCE's objects).
    pub routes: Vec<Operation>,
}

/// A `$ref` split into the file it names (inside the bundle folder) and its fragment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RefTarget {
    /// The file, or `None` for a remote URL or a file outside the bundle.
    pub file: Option<PathBuf>,
    /// The JSON pointer inside the file (`""` for the whole file).
    pub pointer: String,
}

impl RefTarget {
    /// Resolves `reference` as written in the file `from` (inside the bundle folder).
    pub fn resolve(from: &Path, reference: &str) -> Self {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.contains("://") || leaves_bundle(&slashed(from), reference) {
            None
        } else if file_part.is_empty() {
            Some(from.to_path_buf())
        } else {
            Some(normalize(
                &from.parent().unwrap_or(Path::new("")).join(file_part),
            ))
        };
        let pointer = fragment.trim_end_matches('/').to_owned();
        Self { file, pointer }
    }
}

/// Collapses `.` and `..` without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path with `/` between its parts, whatever the platform.
pub(crate) fn slashed(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Every `*.schema.json` under `dir`, recursively, relative to `dir`, sorted.
pub(crate) fn find_schemas(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let path = dir.join(&rel);
        let entries = std::fs::read_dir(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let name = rel.join(entry.file_name());
            let kind = entry.file_type().map_err(|source| Error::Io {
                path: entry.path(),
                source,
            })?;
            if kind.is_dir() {
                pending.push(name);
            } else if name.to_string_lossy().ends_with(".schema.json") {
                found.push(name);
            }
        }
    }
    if found.is_empty() {
        return Err(Error::NoSchemas {
            dir: dir.to_path_buf(),
        });
    }
    found.sort();
    Ok(found)
}

/// Loads every schema under `dir` and the files they reference.
pub(crate) fn load_folder(dir: &Path) -> Result<Loaded> {
    let root = bundle_root(dir);
    let prefix = dir
        .strip_prefix(&root)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let roots = find_schemas(dir)?
        .into_iter()
        .map(|file| prefix.join(file))
        .collect();
    let mut loaded = load(&root, roots)?;
    if root.join("openapi.json").is_file() {
        let files: BTreeSet<PathBuf> = loaded.files.keys().cloned().collect();
        loaded.routes = crate::openapi::read(&root, &files)?;
    }
    Ok(loaded)
}

/// Loads `roots` (relative to the bundle folder `base`) and every file they reference.
pub(crate) fn load(base: &Path, roots: Vec<PathBuf>) -> Result<Loaded> {
    let mut files = BTreeMap::new();
    let mut missing = Vec::new();
    let mut repairs = Vec::new();
    let mut queue: Vec<PathBuf> = roots.iter().rev().cloned().collect();
    let mut queued: BTreeSet<PathBuf> = roots.iter().cloned().collect();
    while let Some(rel) = queue.pop() {
        let mut value = read(base, &rel)?;
        let mut others = |path: &str| read(base, Path::new(path)).ok();
        for applied in repair_file(&slashed(&rel), &mut value, &mut others) {
            repairs.push((rel.clone(), applied));
        }
        let mut refs = Vec::new();
        collect_refs(&value, "", &mut refs);
        for (pointer, reference) in refs {
            let target = RefTarget::resolve(&rel, &reference);
            match target.file {
                Some(file) if queued.contains(&file) => {}
                Some(file) if base.join(&file).is_file() => {
                    queued.insert(file.clone());
                    queue.push(file);
                }
                resolved => {
                    if resolved.is_none() && leaves_bundle(&slashed(&rel), &reference) {
                        let applied = Applied {
                            repair: OUTSIDE,
                            pointer: pointer.clone(),
                        };
                        repairs.push((rel.clone(), applied));
                    }
                    let resolved = resolved.unwrap_or_else(|| PathBuf::from(&reference));
                    missing.push(MissingRef {
                        file: rel.clone(),
                        pointer,
                        target: reference,
                        resolved,
                    });
                }
            }
        }
        files.insert(rel, value);
    }
    Ok(Loaded {
        files,
        roots,
        missing,
        repairs,
        routes: Vec::new(),
    })
}

/// Reads and parses one file of the bundle.
fn read(base: &Path, rel: &Path) -> Result<Value> {
    let path = base.join(rel);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        file: rel.to_path_buf(),
        source,
    })
}

/// Applies the fix-ups of `settings` to the loaded files.
pub(crate) fn apply_fixups(loaded: &mut Loaded, settings: &Settings) -> Result<()> {
    for fixup in &settings.fixups {
        let file = PathBuf::from(fixup.file);
        let Some(value) = loaded.files.get_mut(&file) else {
            return Err(Error::UnknownLocation {
                file,
                pointer: String::new(),
                what: format!("fix-up {}", fixup.name),
            });
        };
        (fixup.apply)(value).map_err(|reason| Error::Fixup {
            file,
            name: fixup.name.to_owned(),
            reason,
        })?;
    }
    Ok(())
}

/// Collects `(pointer of the holder, $ref)` for every `$ref` in a schema.
pub(crate) fn collect_refs(schema: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        out.push((pointer.to_owned(), reference.clone()));
    }
    let _ = for_each_subschema::<()>(map, |tokens, sub| {
        collect_refs(sub, &push_pointer(pointer, &tokens), out);
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_refs_like_the_pce_writes_them() {
        let from = Path::new("v2/sec_rules.schema.json");
        let cases = [
            ("labels.schema.json", "v2/labels.schema.json", ""),
            (
                "../common/labels.schema.json",
                "common/labels.schema.json",
                "",
            ),
            (
                "file.schema.json#/definitions/x",
                "v2/file.schema.json",
                "/definitions/x",
            ),
            (
                "#/definitions/x",
                "v2/sec_rules.schema.json",
                "/definitions/x",
            ),
            ("labels.schema.json#", "v2/labels.schema.json", ""),
        ];
        for (reference, file, pointer) in cases {
            let target = RefTarget::resolve(from, reference);
            assert_eq!(target.file.as_deref(), Some(Path::new(file)), "{reference}");
            assert_eq!(target.pointer, pointer, "{reference}");
        }
        assert_eq!(RefTarget::resolve(from, "http://x/y.json").file, None);
        assert_eq!(
            RefTarget::resolve(from, "../../agent/schema/v2/x.schema.json").file,
            None
        );
    }
}
