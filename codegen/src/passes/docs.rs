//! Post-pass: doc comments from the schema on every type and field, in place of typify's
//! placeholders, each type saying where its schema is written.
//!
//! Expects of typify's output (test `expectations::docs_secrets_and_derives`): types and fields
//! carry typify's `#[doc]` attributes, which are replaced.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Attribute, Fields, File, Item};

use super::fields::{is_extra, json_name};
use crate::model::TypeDef;
use crate::History;

/// The doc of the map that keeps the properties a type does not name.
const EXTRA_DOC: &str =
    "Properties the schema does not name: kept when decoding (what a newer PCE adds), and\nencoded as they are.";

/// The doc of that map in a type that reads responses.
const LENIENT_EXTRA_DOC: &str = "Properties the schema does not name (what a newer PCE adds), and values that do not fit\ntheir field's type (the field then reads `None`): kept as the PCE sent them, and encoded\nas they are (a `serde_json::Map`, through `Deref`); and which properties were `null`.";

/// What a type that reads responses adds to its doc.
const LENIENT_DOC: &str = "Read the way PCEs send it: every property may be absent or `null` (its field reads\n`None`); a value of another type than the schema declares is kept in `extra`, under its\nname, and the field reads `None`. Encoding gives back the JSON received.";

/// Documents the types of `types` found in `file`, each type, field and enum value a later
/// release added saying which (`history`), and each type what a later release removed.
pub(crate) fn document(file: &mut File, types: &BTreeMap<String, TypeDef>, history: &History) {
    for item in &mut file.items {
        let named_struct = matches!(item, Item::Struct(s) if matches!(s.fields, Fields::Named(_)));
        let (ident, attrs) = match item {
            Item::Struct(s) => (s.ident.to_string(), &mut s.attrs),
            Item::Enum(e) => (e.ident.to_string(), &mut e.attrs),
            _ => continue,
        };
        let Some(def) = types.get(&ident) else {
            continue;
        };
        let doc = def.doc.as_deref().map(sanitize);
        let mut text = type_doc(doc.as_deref(), &def.origin.to_string());
        let lenient_struct = def.direction.lenient() && named_struct;
        if lenient_struct {
            text = format!("{text}\n\n{LENIENT_DOC}");
        }
        if let Some(release) = history.types.get(&ident) {
            text = format!("{text}\n\n{}", since(release));
        }
        if let Some(removed) = history.removed.get(&ident) {
            text = format!(
                "{text}\n\nNo longer in later releases: {}.",
                removed.join(", ")
            );
        }
        set_doc(attrs, &text);
        match item {
            Item::Struct(s) => {
                if let Fields::Named(fields) = &mut s.fields {
                    for field in &mut fields.named {
                        if is_extra(field) {
                            let doc = if lenient_struct {
                                LENIENT_EXTRA_DOC
                            } else {
                                EXTRA_DOC
                            };
                            set_doc(&mut field.attrs, doc);
                            continue;
                        }
                        let name = json_name(field);
                        let added = history.fields.get(&(ident.clone(), name.clone()));
                        let doc = def.fields.get(&name).map(|doc| sanitize(doc));
                        match (doc, added) {
                            (Some(doc), Some(release)) => {
                                set_doc(&mut field.attrs, &format!("{doc}\n\n{}", since(release)));
                            }
                            (Some(doc), None) => set_doc(&mut field.attrs, &doc),
                            (None, Some(release)) => set_doc(&mut field.attrs, &since(release)),
                            (None, None) => {}
                        }
                    }
                }
            }
            Item::Enum(e) => {
                for variant in &mut e.variants {
                    let Some(value) = variant_value(&variant.attrs) else {
                        continue;
                    };
                    if let Some(release) = history.values.get(&(ident.clone(), value)) {
                        let line = format!(" {}", since(release));
                        variant.attrs.push(syn::parse_quote!(#[doc = ""]));
                        variant.attrs.push(syn::parse_quote!(#[doc = #line]));
                    }
                }
            }
            _ => {}
        }
    }
}

/// "New in PCE 26.3.0: …", the line a type, field or value a later release added carries.
fn since(release: &str) -> String {
    format!("New in PCE {release}: a PCE of an older release does not know it.")
}

/// The JSON value an enum variant stands for: its `#[serde(rename = "…")]`, or the value its
/// doc names (`` `regex` ``, as open enums' variants are documented).
fn variant_value(attrs: &[Attribute]) -> Option<String> {
    let mut from_doc = None;
    for attr in attrs {
        let tokens = attr.meta.to_token_stream().to_string();
        let quoted = tokens.split('"').nth(1);
        if attr.path().is_ident("serde") && tokens.contains("rename") {
            return quoted.map(str::to_owned);
        }
        if attr.path().is_ident("doc") && tokens.contains("concat") {
            // `concat!(" `", "regex", "`")`: the third quoted piece.
            from_doc = tokens.split('"').nth(3).map(str::to_owned);
        }
    }
    from_doc
}

/// A type's doc: its schema's text (made safe for rustdoc), then where the schema is.
pub(crate) fn type_doc(doc: Option<&str>, origin: &str) -> String {
    match doc {
        Some(doc) => format!("{doc}\n\nSchema: `{origin}`."),
        None => format!("Schema: `{origin}`."),
    }
}

/// Replaces the doc comments of `attrs` with the Markdown `text`, one `#[doc]` per line.
pub(crate) fn set_doc(attrs: &mut Vec<Attribute>, text: &str) {
    attrs.retain(|a| !a.path().is_ident("doc"));
    let lines: Vec<Attribute> = text
        .lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            doc_attr(&line)
        })
        .collect();
    attrs.splice(0..0, lines);
}

/// `#[doc = "line"]`, built directly (parsing it would cost more than the whole pass).
fn doc_attr(line: &str) -> Attribute {
    let span = proc_macro2::Span::call_site();
    Attribute {
        pound_token: syn::token::Pound(span),
        style: syn::AttrStyle::Outer,
        bracket_token: syn::token::Bracket(span),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: syn::Ident::new("doc", span).into(),
            eq_token: syn::token::Eq(span),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(line, span)),
            }),
        }),
    }
}

/// Schema text made safe for rustdoc: no indented or fenced blocks (rustdoc would compile
/// them as doctests), no brackets read as links, no HTML, URLs as links.
pub(crate) fn sanitize(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line
                .trim()
                .replace("```", "'''")
                .replace('[', "\\[")
                .replace(']', "\\]")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            link_urls(&line)
        })
        .collect::<Vec<String>>()
        .join("\n")
}

/// `https://x` → `<https://x>`, so rustdoc links it instead of warning.
fn link_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(start) = ["http://", "https://"]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
    {
        let (before, from) = rest.split_at(start);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '`' | '"'))
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push_str(before);
        if before.ends_with('`') {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &from[url.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn schema_text_cannot_break_rustdoc() {
        assert_eq!(
            sanitize("  see [the guide] at https://docs.illumio.com/x.\n    indented <b>"),
            "see \\[the guide\\] at <https://docs.illumio.com/x>.\nindented &lt;b&gt;"
        );
        assert_eq!(sanitize("```json\n{}\n```"), "'''json\n{}\n'''");
        assert_eq!(link_urls("`https://x`"), "`https://x`");
    }

    #[test]
    fn docs_replace_what_was_there() {
        let mut attrs: Vec<Attribute> = vec![
            parse_quote!(#[doc = "`Old`"]),
            parse_quote!(#[serde(default)]),
        ];
        set_doc(
            &mut attrs,
            &type_doc(Some("A label."), "v2/labels.schema.json#/items"),
        );
        let docs: Vec<String> = attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(
            docs,
            [" A label.", "", " Schema: `v2/labels.schema.json#/items`."]
        );
        assert_eq!(attrs.len(), 4);
    }
}
