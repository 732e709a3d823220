//! What each post-pass expects of typify's output, checked on typify's own output for a small
//! bundle that has every construct the passes rewrite: a test per pass, named after it, that
//! fails saying which pass would go wrong when a typify release writes its output otherwise.

use quote::ToTokens;
use syn::{Fields, File, Item, ItemStruct};

use crate::settings::Settings;

/// The schemas: a response with an href, a number, a string enum, an optional object, a
/// union told apart by a property and a secret; a request with optional properties.
const SCHEMAS: [(&str, &str); 2] = [
    (
        "thing_get.schema.json",
        r#"{"type": "object", "required": ["href"], "properties": {
            "href": {"type": "string"},
            "size": {"type": "number"},
            "status": {"type": "string", "enum": ["on", "off"]},
            "agent": {"type": "object", "properties": {"name": {"type": "string"}}},
            "session_token": {"type": "string"},
            "source": {"oneOf": [
                {"type": "object", "required": ["ip"], "properties": {"ip": {"type": "string"}}},
                {"type": "object", "required": ["fqdn"], "properties": {"fqdn": {"type": "string"}}}
            ]}
        }}"#,
    ),
    (
        "thing_put.schema.json",
        r#"{"type": "object", "additionalProperties": false, "properties": {
            "name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}
        }}"#,
    ),
];

/// typify's output for [`SCHEMAS`], before any pass, the root of `thing_get` named `XYThing`
/// (which typify would spell `XyThing`).
fn typify_output() -> File {
    // A folder per call: the tests run in parallel, and each removes its own.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "codegen-expectations-{}-{call}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("creates the folder");
    for (name, text) in SCHEMAS {
        std::fs::write(dir.join(name), text).expect("writes the schema");
    }
    let settings = Settings::new().name("thing_get.schema.json", "", "XYThing");
    let output = crate::stages::load(&dir, &settings)
        .and_then(|loaded| loaded.model(&settings))
        .and_then(|modeled| modeled.convert(&settings))
        .expect("typify converts the schemas");
    let _ = std::fs::remove_dir_all(&dir);
    syn::parse2(output.tokens().clone()).expect("typify writes Rust")
}

fn find_struct<'a>(file: &'a File, name: &str) -> Option<&'a ItemStruct> {
    file.items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == name => Some(s),
        _ => None,
    })
}

/// The type of field `name` of `item`, as text.
fn field_type(item: &ItemStruct, name: &str) -> Option<String> {
    let Fields::Named(fields) = &item.fields else {
        return None;
    };
    fields
        .named
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
        .map(|f| f.ty.to_token_stream().to_string().replace(' ', ""))
}

/// Fails naming `pass` and what it expects, unless `holds`.
fn expect(pass: &str, holds: bool, what: &str) {
    assert!(
        holds,
        "typify's output no longer matches what the `{pass}` pass expects: {what}"
    );
}

#[test]
fn names() {
    let file = typify_output();
    expect(
        "every",
        find_struct(&file, "XYThing").is_some() && find_struct(&file, "XyThing").is_none(),
        "a type named `XYThing`, which typify spells `XyThing`, is renamed back by its patch \
         (typify_run), so the passes find it by the model's name",
    );
}

#[test]
fn variants() {
    let file = typify_output();
    let union = file.items.iter().find_map(|item| match item {
        Item::Enum(e)
            if e.variants
                .iter()
                .all(|v| matches!(v.fields, Fields::Unnamed(_))) =>
        {
            Some(e)
        }
        _ => None,
    });
    expect(
        "variants",
        union.is_some_and(|e| e.variants.len() == 2),
        "a `oneOf` of two objects is an enum of two one-field tuple variants",
    );
}

#[test]
fn numbers_and_hrefs() {
    let file = typify_output();
    let thing = find_struct(&file, "XYThing").expect("the struct");
    expect(
        "lenient",
        field_type(thing, "size").as_deref() == Some("::std::option::Option<::serde_json::Number>"),
        "a `number` is the converted `serde_json::Number`, in an `Option` when optional",
    );
    expect(
        "lenient",
        field_type(thing, "href").as_deref() == Some("::illumio_pce_lenient::Href"),
        "a required href is the converted `Href`, not in an `Option`",
    );
}

#[test]
fn open_enums() {
    let file = typify_output();
    let thing = find_struct(&file, "XYThing").expect("the struct");
    let status = field_type(thing, "status").unwrap_or_default();
    let written_by_typify = file.items.iter().any(|item| match item {
        Item::Enum(e) => status.contains(&format!("<{}>", e.ident)),
        _ => false,
    });
    expect(
        "open_enums",
        status.starts_with("::std::option::Option<") && !written_by_typify,
        "a response's string `enum` is named in the field (`with_replacement`) and written by \
         the pass, not by typify",
    );
}

#[test]
fn lossless_boxing_and_constructors() {
    let file = typify_output();
    let put = find_struct(&file, "ThingPut").expect("the request struct");
    for (pass, field, ty) in [
        (
            "lossless",
            "name",
            "::std::option::Option<::std::string::String>",
        ),
        ("lossless", "tags", "::std::vec::Vec<::std::string::String>"),
    ] {
        expect(
            pass,
            field_type(put, field).as_deref() == Some(ty),
            &format!("the optional property `{field}` is `{ty}`"),
        );
    }
    let thing = find_struct(&file, "XYThing").expect("the struct");
    let agent = field_type(thing, "agent").unwrap_or_default();
    expect(
        "boxing",
        agent.starts_with("::std::option::Option<") && !agent.contains("Box"),
        "an optional object is `Option<T>`, not yet boxed",
    );
}

#[test]
fn docs_secrets_and_derives() {
    let file = typify_output();
    let thing = find_struct(&file, "XYThing").expect("the struct");
    let derives: Vec<String> = thing
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .map(|a| a.to_token_stream().to_string())
        .collect();
    expect(
        "secrets",
        derives.iter().any(|d| d.contains("Debug")),
        "structs derive `Debug` (the pass replaces it where a field is a secret)",
    );
    expect(
        "docs",
        thing.attrs.iter().any(|a| a.path().is_ident("doc")),
        "types carry typify's doc attributes (the pass replaces them)",
    );
    let listed: Vec<String> = thing
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| {
            a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .ok()
        })
        .flat_map(|paths| paths.into_iter().map(|p| p.to_token_stream().to_string()))
        .collect();
    expect(
        "derives",
        listed.iter().any(|p| p == "PartialEq"),
        "`#[derive(...)]` is a comma list of paths, `PartialEq` among them (with_derive)",
    );
}
