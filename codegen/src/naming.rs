//! Readable Rust type names for schemas: from file stems, property names and the naming
//! table, made unique without typify's `Variant0`/`Item` fallbacks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use heck::ToUpperCamelCase;
use syn::visit_mut::VisitMut;

/// `x_y_get.schema.json` → `XYGet`.
pub(crate) fn file_type_name(file: &Path) -> String {
    let stem = file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let stem = stem.trim_end_matches(".json").trim_end_matches(".schema");
    pascal(stem)
}

/// A Pascal-case identifier that is valid Rust (a leading digit gets a `T` prefix).
pub(crate) fn pascal(word: &str) -> String {
    let name = word.to_upper_camel_case();
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("T{name}"),
        Some(_) if name == "Self" => "SelfType".to_owned(),
        Some(_) => name,
    }
}

/// How typify spells a type name it is given: re-cased, so `XYGet` becomes `XyGet`.
fn typify_spelling(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Gives the types typify re-cased their names back, in every identifier that spells them
/// (or starts with them, as typify's names for nested enums do) and in typify's
/// one-word doc comments.
pub(crate) fn restore_names<'a>(file: &mut syn::File, names: impl Iterator<Item = &'a String>) {
    let respelt: BTreeMap<String, String> = names
        .filter_map(|name| {
            let typify = typify_spelling(name);
            (typify != *name).then(|| (typify, name.clone()))
        })
        .collect();
    if !respelt.is_empty() {
        RestoreNames { respelt }.visit_file_mut(file);
    }
}

struct RestoreNames {
    /// typify's spelling → ours.
    respelt: BTreeMap<String, String>,
}

impl RestoreNames {
    /// Ours for `ident` when it is, or starts with, a respelt name followed by a new word.
    fn restored(&self, ident: &str) -> Option<String> {
        if let Some(ours) = self.respelt.get(ident) {
            return Some(ours.clone());
        }
        self.respelt
            .iter()
            .filter(|(typify, _)| {
                ident.starts_with(typify.as_str())
                    && ident[typify.len()..].starts_with(|c: char| c.is_ascii_uppercase())
            })
            .max_by_key(|(typify, _)| typify.len())
            .map(|(typify, ours)| format!("{ours}{}", &ident[typify.len()..]))
    }
}

impl VisitMut for RestoreNames {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some(ours) = self.restored(&ident.to_string()) {
            *ident = syn::Ident::new(&ours, ident.span());
        }
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::NameValue(doc) = &mut attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &mut doc.value
            {
                let value = text.value();
                if let Some(ours) = value
                    .strip_prefix('`')
                    .and_then(|v| v.strip_suffix('`'))
                    .and_then(|n| self.restored(n))
                {
                    *text = syn::LitStr::new(&format!("`{ours}`"), text.span());
                }
            }
        }
    }
}

/// The name of the type at `tokens` (a JSON pointer, split) below the type `owner`.
///
/// Properties append their name, array items the singular of their property (`orgs` →
/// `Org`), branches of `oneOf`/`anyOf`/`allOf` `Branch` and their number.
pub(crate) fn nested_type_name(owner: &str, tokens: &[String]) -> String {
    let mut parts: Vec<String> = vec![owner.to_owned()];
    let mut last_property: Option<&str> = None;
    let mut rest = tokens.iter().map(String::as_str).peekable();
    while let Some(token) = rest.next() {
        let property = last_property.take();
        match token {
            "properties" | "patternProperties" | "definitions" | "dependencies" => {
                if let Some(name) = rest.next() {
                    if token == "definitions" {
                        parts = vec![pascal(name)];
                    } else {
                        parts.push(pascal(name));
                        last_property = Some(name);
                    }
                }
            }
            "items" => match (rest.peek().and_then(|t| t.parse::<usize>().ok()), property) {
                (Some(index), _) => {
                    rest.next();
                    parts.push(format!("Item{}", index + 1));
                }
                (None, Some(name)) if singular(name) != name => {
                    parts.pop();
                    parts.push(pascal(&singular(name)));
                }
                (None, _) => parts.push("Item".to_owned()),
            },
            "oneOf" | "anyOf" | "allOf" => {
                let index = rest
                    .next()
                    .and_then(|t| t.parse::<usize>().ok())
                    .unwrap_or(0);
                parts.push(format!("Branch{}", index + 1));
            }
            "additionalProperties" => parts.push("Value".to_owned()),
            "additionalItems" => parts.push("Item".to_owned()),
            other => parts.push(pascal(other)),
        }
    }
    parts.concat()
}

/// English singular of a property name, for the common plural spellings only.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") || !word.ends_with('s') {
        word.to_owned()
    } else if let Some(stem) = word
        .strip_suffix("es")
        .filter(|s| s.ends_with("ss") || s.ends_with('x'))
    {
        stem.to_owned()
    } else {
        word[..word.len() - 1].to_owned()
    }
}

/// The type names handed out so far, as typify spells them.
#[derive(Debug, Default)]
pub(crate) struct Names {
    used: BTreeSet<String>,
}

impl Names {
    /// Takes `name` if it is free (also as typify spells it); reports whether it was.
    pub fn claim(&mut self, name: &str) -> bool {
        self.used.insert(typify_spelling(name))
    }

    /// Takes `name`, or `prefix` + `name`, or the first free `prefix` + `name` + number.
    pub fn unique(&mut self, name: &str, prefix: &str) -> String {
        if self.claim(name) {
            return name.to_owned();
        }
        let prefixed = if name.starts_with(prefix) {
            name.to_owned()
        } else {
            format!("{prefix}{name}")
        };
        if self.claim(&prefixed) {
            return prefixed;
        }
        let mut number = 2;
        loop {
            let numbered = format!("{prefixed}{number}");
            if self.claim(&numbered) {
                return numbered;
            }
            number += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(pointer: &str) -> Vec<String> {
        pointer.split('/').skip(1).map(str::to_owned).collect()
    }

    #[test]
    fn file_names_become_pascal_case() {
        assert_eq!(
            file_type_name(Path::new("v2/optional_features_get.schema.json")),
            "OptionalFeaturesGet"
        );
        assert_eq!(
            file_type_name(Path::new("common/ipv4_ipv6_subnet.schema.json")),
            "Ipv4Ipv6Subnet"
        );
        assert_eq!(
            file_type_name(Path::new("fragments/x.rule_types.json")),
            "XRuleTypes"
        );
        assert_eq!(pascal("2fa"), "T2fa");
    }

    #[test]
    fn nested_names_read_like_the_payload() {
        let name = |p: &str| nested_type_name("UsersLoginGet", &tokens(p));
        assert_eq!(name("/properties/certificate"), "UsersLoginGetCertificate");
        assert_eq!(name("/properties/orgs/items"), "UsersLoginGetOrg");
        assert_eq!(
            name("/properties/orgs/items/properties/role_scopes/items"),
            "UsersLoginGetOrgRoleScope"
        );
        assert_eq!(name("/properties/addresses/items"), "UsersLoginGetAddress");
        assert_eq!(name("/properties/policies/items"), "UsersLoginGetPolicy");
        assert_eq!(name("/properties/scope/items"), "UsersLoginGetScopeItem");
        assert_eq!(name("/items/oneOf/1"), "UsersLoginGetItemBranch2");
        assert_eq!(name("/definitions/label"), "Label");
    }

    #[test]
    fn names_stay_unique() {
        let mut names = Names::default();
        assert_eq!(names.unique("Label", "Common"), "Label");
        assert_eq!(names.unique("Label", "Common"), "CommonLabel");
        assert_eq!(names.unique("Label", "Common"), "CommonLabel2");
    }
}
