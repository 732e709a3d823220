//! Loading: reads the root schema files and, transitively, every file their `$ref`s name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, MissingRef, Result};
use crate::settings::Settings;
use crate::walk::{for_each_subschema, push_pointer};

/// The schema files of one generation run, keyed by their path relative to the base folder.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// Every loaded file.
    pub files: BTreeMap<PathBuf, Value>,
    /// `$ref`s to files that do not exist (or to remote URLs, which are never fetched).
    pub missing: Vec<MissingRef>,
}

/// A `$ref` split into the file it names (relative to the base folder) and its fragment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RefTarget {
    /// The file, or `None` for a remote URL.
    pub file: Option<PathBuf>,
    /// The JSON pointer inside the file (`""` for the whole file).
    pub pointer: String,
}

impl RefTarget {
    /// Resolves `reference` as written in the file `from` (relative to the base folder).
    pub fn resolve(from: &Path, reference: &str) -> Self {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.contains("://") {
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

/// Every `*.schema.json` under `dir`, recursively, relative to `dir`, sorted.
pub(crate) fn find_schemas(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let path = if rel.as_os_str().is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(&rel)
        };
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

/// Loads `roots` (relative to `base`) and every file they reference.
pub(crate) fn load(base: &Path, roots: Vec<PathBuf>) -> Result<Loaded> {
    let mut files = BTreeMap::new();
    let mut missing = Vec::new();
    let mut absent = BTreeSet::new();
    let mut queue: Vec<PathBuf> = roots.iter().rev().cloned().collect();
    while let Some(rel) = queue.pop() {
        if files.contains_key(&rel) {
            continue;
        }
        let path = base.join(&rel);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?;
        let value: Value = serde_json::from_str(&text).map_err(|source| Error::Json {
            file: rel.clone(),
            source,
        })?;
        let mut refs = Vec::new();
        collect_refs(&value, "", &mut refs);
        for (pointer, reference) in refs {
            let target = RefTarget::resolve(&rel, &reference);
            match target.file {
                Some(file) if file == rel || files.contains_key(&file) => {}
                Some(file) if base.join(&file).is_file() => queue.push(file),
                resolved => {
                    let resolved = resolved.unwrap_or_else(|| PathBuf::from(&reference));
                    absent.insert(resolved.clone());
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
    Ok(Loaded { files, missing })
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
    }
}
