//! Rendering: hands the bundle to typify, makes its output lossless, formats it with
//! `prettyplease` and puts the "do not edit" header on top.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use schemars::schema::Schema;
use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings};

use crate::bundle::{Bundle, Origin};
use crate::error::{Error, Result};
use crate::lossless::make_lossless;
use crate::naming::restore_names;
use crate::settings::Settings;
use crate::walk::{for_each_subschema, push_pointer};

/// The Rust source of the types of `bundle`, without header.
pub(crate) fn render_types(bundle: &Bundle) -> Result<String> {
    let mut definitions = Vec::with_capacity(bundle.definitions.len());
    for (name, value) in &bundle.definitions {
        let schema: Schema = serde_json::from_value(value.clone()).map_err(|_| {
            let origin = origin_of(bundle, name);
            let (tokens, reason) = locate_unreadable(value);
            let pointer = push_pointer(&origin.pointer, &tokens);
            Error::InvalidSchema {
                file: origin.file,
                pointer,
                reason,
            }
        })?;
        definitions.push((name.clone(), schema));
    }
    let tokens = match convert(definitions.clone()) {
        Ok(tokens) => tokens,
        Err(message) => {
            let culprit = definitions
                .iter()
                .map(|(name, _)| name)
                .find(|name| convert(isolate(&definitions, name)).is_err());
            return Err(typify_error(bundle, message, culprit));
        }
    };
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| typify_error(bundle, format!("produced unparsable Rust: {e}"), None))?;
    restore_names(&mut file, bundle.definitions.keys());
    make_lossless(&mut file, &bundle.objects);
    Ok(prettyplease::unparse(&file))
}

/// The innermost subschema of `schema` that does not read as a schema, as pointer tokens,
/// and what is wrong with it.
fn locate_unreadable(schema: &Value) -> (Vec<String>, String) {
    let readable = |v: &Value| serde_json::from_value::<Schema>(v.clone()).is_ok();
    let Some(map) = schema.as_object() else {
        return (
            Vec::new(),
            format!("a schema must be an object or a boolean, found {schema}"),
        );
    };
    let mut inner = None;
    let _ = for_each_subschema::<()>(map, |tokens, sub| {
        if inner.is_none() && !readable(sub) {
            let (below, reason) = locate_unreadable(sub);
            inner = Some(([tokens, below].concat(), reason));
        }
        Ok(())
    });
    if let Some(found) = inner {
        return found;
    }
    let culprit = map.iter().find(|(keyword, _)| {
        let mut without = map.clone();
        without.remove(*keyword);
        readable(&Value::Object(without))
    });
    let reason = match culprit {
        Some((keyword, value)) => {
            let value: String = value.to_string().chars().take(80).collect();
            format!("`{keyword}` has a value of the wrong kind: {value}")
        }
        None => "not a valid draft-04 schema".to_owned(),
    };
    (Vec::new(), reason)
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

/// Runs typify over `definitions`; its errors and panics become a message.
fn convert(definitions: Vec<(String, Schema)>) -> Result<TokenStream, String> {
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_derive("PartialEq".to_owned())
        .with_struct_builder(true);
    let mut space = TypeSpace::new(&settings);
    let converted = catch_unwind(AssertUnwindSafe(|| {
        space.add_ref_types(definitions).map(|()| space.to_stream())
    }));
    match converted {
        Ok(Ok(tokens)) => Ok(tokens),
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

/// `definitions` with every definition but `name` replaced by the schema that allows
/// anything, to find which one typify fails on.
fn isolate(definitions: &[(String, Schema)], name: &str) -> Vec<(String, Schema)> {
    definitions
        .iter()
        .map(|(other, schema)| {
            let schema = if other == name {
                schema.clone()
            } else {
                Schema::Bool(true)
            };
            (other.clone(), schema)
        })
        .collect()
}

/// An error located at the definition `culprit`, or else at the first definition.
fn typify_error(bundle: &Bundle, message: String, culprit: Option<&String>) -> Error {
    let origin = culprit
        .and_then(|name| bundle.origins.get(name))
        .or_else(|| bundle.origins.values().next())
        .cloned()
        .unwrap_or(Origin {
            file: PathBuf::new(),
            pointer: String::new(),
        });
    Error::Typify {
        file: origin.file,
        pointer: origin.pointer,
        message,
    }
}

fn origin_of(bundle: &Bundle, name: &str) -> Origin {
    bundle.origins.get(name).cloned().unwrap_or(Origin {
        file: PathBuf::new(),
        pointer: String::new(),
    })
}

/// The header every generated file starts with.
pub(crate) fn header(settings: &Settings, files: &[PathBuf]) -> String {
    let release = settings
        .release
        .as_deref()
        .map(|r| format!(" of PCE release {r}"))
        .unwrap_or_default();
    let source = if settings.release.is_some() {
        "its"
    } else {
        "the"
    };
    let command = settings.command.as_deref().unwrap_or("the `codegen` crate");
    let mut out = format!(
        "//! Types{release}, generated from {source} JSON Schemas.\n//!\n\
         //! Generated by {command}: do not edit by hand.\n//!\n//! Schemas:\n"
    );
    for file in files {
        let _ = writeln!(out, "//! - `{}`", file.display());
    }
    for fixup in &settings.fixups {
        let _ = writeln!(
            out,
            "//!\n//! Fix-up `{}` applied to `{}`.",
            fixup.name, fixup.file
        );
    }
    out.push('\n');
    out
}
