//! Running typify over the model: one `add_ref_types` call per strongly connected group of
//! types, dependencies first, so a type typify refuses (or panics on) is known at once,
//! without running it again per type to find the culprit.
//!
//! A panic inside typify is caught and reported as an [`Error::Typify`]. The library installs
//! no panic hook: the process's own hook still sees the panic (a program that wants it quiet,
//! as `cargo xtask` does, silences panics located in `typify-impl` with its own hook).

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::TokenStream;
use schemars::schema::{InstanceType, Schema, SchemaObject};
use serde_json::Value;
use typify::{TypeSpace, TypeSpaceImpl, TypeSpacePatch, TypeSpaceSettings};

use crate::error::{Error, Result};
use crate::lower::Kind;
use crate::model::{Model, HREF_FORMAT, TIMESTAMP_FORMAT};
use crate::words::typify_spelling;

/// The Rust tokens of the model's types, and the types typify could not convert (made
/// `serde_json::Value` when `allow` is set; an error otherwise).
pub(crate) fn convert(model: &Model, allow: bool) -> Result<(TokenStream, Vec<Refused>)> {
    let mut schemas: BTreeMap<String, Schema> = BTreeMap::new();
    for (name, def) in &model.types {
        let schema =
            serde_json::from_value(def.schema.clone()).map_err(|e| Error::InvalidSchema {
                file: def.origin.file.clone(),
                pointer: def.origin.pointer.clone(),
                reason: format!("not a schema typify reads: {e}"),
            })?;
        schemas.insert(name.clone(), schema);
    }
    let batches = groups(model);
    let written_by_us: Vec<&String> = model
        .types
        .iter()
        .filter(|(_, def)| def.kind == Kind::OpenEnum)
        .map(|(name, _)| name)
        .collect();
    let mut refused: Vec<Refused> = Vec::new();
    loop {
        match run(&schemas, &batches, &written_by_us) {
            Ok(tokens) => return Ok((tokens, refused)),
            Err(failure) => {
                let def = model.types.get(&failure.names[0]);
                let (file, pointer) = def
                    .map(|d| (d.origin.file.clone(), d.origin.pointer.clone()))
                    .unwrap_or_default();
                let message = if failure.names.len() > 1 {
                    format!(
                        "{} (converting {})",
                        failure.message,
                        failure.names.join(", ")
                    )
                } else {
                    failure.message.clone()
                };
                if !allow
                    || failure
                        .names
                        .iter()
                        .all(|n| refused.iter().any(|r| &r.name == n))
                {
                    return Err(Error::Typify {
                        file,
                        pointer,
                        message,
                    });
                }
                for name in &failure.names {
                    schemas.insert(name.clone(), Schema::Bool(true));
                    refused.push(Refused {
                        name: name.clone(),
                        at: format!("{}#{}", crate::load::slashed(&file), pointer),
                        message: message.clone(),
                    });
                }
            }
        }
    }
}

/// A type typify refused, generated as `serde_json::Value`.
#[derive(Debug, Clone)]
pub(crate) struct Refused {
    /// The type's name.
    pub name: String,
    /// Where its schema is written.
    pub at: String,
    /// typify's message.
    pub message: String,
}

/// One failing group: its type names and what typify said.
struct Failure {
    names: Vec<String>,
    message: String,
}

/// Runs typify over the groups; the types of `written_by_us` are only named (the post-passes
/// write them).
fn run(
    schemas: &BTreeMap<String, Schema>,
    batches: &[Vec<String>],
    written_by_us: &[&String],
) -> Result<TokenStream, Failure> {
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_derive("PartialEq".to_owned())
        .with_struct_builder(false);
    for (instance_type, format, rust, impls) in CONVERSIONS {
        let schema = SchemaObject {
            instance_type: Some(instance_type.into()),
            format: format.map(str::to_owned),
            ..Default::default()
        };
        settings.with_conversion(schema, rust, impls.iter().cloned());
    }
    // typify spells every name its own way (`XYGet` as `XyGet`); each is renamed back.
    let mut renames = Vec::new();
    for name in schemas.keys() {
        let spelt = typify_spelling(name);
        if spelt != *name {
            let mut patch = TypeSpacePatch::default();
            patch.with_rename(name);
            renames.push((spelt, patch));
        }
    }
    for (spelt, patch) in &renames {
        settings.with_patch(spelt, patch);
    }
    for name in written_by_us {
        let impls = [TypeSpaceImpl::FromStr, TypeSpaceImpl::Display];
        settings.with_replacement(typify_spelling(name), name, impls.into_iter());
    }
    let mut space = TypeSpace::new(&settings);
    for batch in batches {
        let definitions: Vec<(String, Schema)> = batch
            .iter()
            .filter_map(|name| schemas.get(name).map(|s| (name.clone(), s.clone())))
            .collect();
        quietly(|| space.add_ref_types(definitions)).map_err(|message| Failure {
            names: batch.clone(),
            message,
        })?;
    }
    quietly(|| Ok(space.to_stream())).map_err(|message| Failure {
        names: batches.last().cloned().unwrap_or_default(),
        message,
    })
}

/// Runs `f`, turning typify's errors and panics into a message.
fn quietly<T>(f: impl FnOnce() -> Result<T, typify::Error>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(describe(&error)),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "typify panicked".to_owned());
            Err(format!("panicked: {message}"))
        }
    }
}

/// typify's message, with the value it objected to where it has one.
fn describe(error: &typify::Error) -> String {
    match error {
        typify::Error::BadValue(expected, value) => {
            format!("the value {value} is not a valid {expected}")
        }
        other => other.to_string(),
    }
}

/// What typify converts to a type of ours: a JSON type and `format`, the Rust type, and the
/// traits that type has. A number keeps how it was written (`5` and `5.0`), which an `f64`
/// would not; the formats are the model's (hrefs, and the date-times of responses).
const CONVERSIONS: [(InstanceType, Option<&str>, &str, &[TypeSpaceImpl]); 3] = [
    (
        InstanceType::String,
        Some(HREF_FORMAT),
        "::illumio_pce_lenient::Href",
        &[
            TypeSpaceImpl::FromStr,
            TypeSpaceImpl::Display,
            TypeSpaceImpl::Default,
        ],
    ),
    (
        InstanceType::String,
        Some(TIMESTAMP_FORMAT),
        "::illumio_pce_lenient::Timestamp",
        &[TypeSpaceImpl::FromStr, TypeSpaceImpl::Display],
    ),
    (
        InstanceType::Number,
        None,
        "::serde_json::Number",
        &[TypeSpaceImpl::FromStr, TypeSpaceImpl::Display],
    ),
];

/// The model's types in groups that refer to each other (strongly connected components),
/// each group after the groups it refers to.
fn groups(model: &Model) -> Vec<Vec<String>> {
    let names: Vec<&String> = model.types.keys().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = model
        .types
        .values()
        .map(|def| {
            let mut refs = BTreeSet::new();
            collect_refs(&def.schema, &mut |name| {
                if let Some(i) = index.get(name) {
                    refs.insert(*i);
                }
            });
            refs.into_iter().collect()
        })
        .collect();
    tarjan(&edges)
        .into_iter()
        .map(|group| group.into_iter().map(|i| names[i].clone()).collect())
        .collect()
}

fn collect_refs(schema: &Value, found: &mut dyn FnMut(&str)) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
            {
                found(name);
            }
            map.values().for_each(|v| collect_refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, found)),
        _ => {}
    }
}

/// Tarjan's strongly connected components of the graph `edges` (node → successors), in an
/// order where every component comes after the components it reaches; iterative, so deep
/// chains of types cannot overflow the stack.
fn tarjan(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut components, mut counter) = (Vec::new(), Vec::new(), 0);
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((node, next)) = work.pop() {
            if next == 0 {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&successor) = edges[node].get(next) {
                work.push((node, next + 1));
                if index[successor] == UNSEEN {
                    work.push((successor, 0));
                } else if on_stack[successor] {
                    low[node] = low[node].min(index[successor]);
                }
                continue;
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_come_after_what_they_refer_to() {
        // 0 → 1 → 2 → 1, 3 alone, 4 → 0
        let edges = vec![vec![1], vec![2], vec![1], vec![], vec![0]];
        assert_eq!(tarjan(&edges), vec![vec![1, 2], vec![0], vec![3], vec![4]]);
    }
}
