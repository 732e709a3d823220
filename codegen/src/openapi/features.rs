//! Cargo features per API area, so that a program builds only the part of a release's crate
//! it uses.
//!
//! The rule: an operation's area is the first segment of its path below `/orgs/{org_id}`
//! (and below `/orgs/{org_id}/sec_policy/{pversion}` for policy objects), or the first
//! segment of a path outside an org: `GET /orgs/{org_id}/labels` is `labels`,
//! `PUT /orgs/{org_id}/sec_policy/{pversion}/rule_sets/{id}` is `rule_sets`,
//! `POST /orgs/{org_id}/sec_policy` is `sec_policy`, `GET /users/{id}` is `users`. The words
//! come from the paths, so they are the same in every release (25.2.20 has 61 areas; crates.io
//! allows 300 features).
//!
//! Each area's methods, and every type they reach (request and response bodies, and what those
//! hold), are compiled when its feature is on; a type several areas reach, when any of them
//! is. Types no operation reaches are behind the feature [`UNREFERENCED`]. An item that
//! involves several types (a conversion between two) is compiled when all of them are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

use super::Operation;
use crate::error::{Error, Result};
use crate::model::RootType;

/// The feature of the types no operation reaches.
pub const UNREFERENCED: &str = "unreferenced";

/// The API area of the operation on `path` (see the module doc).
pub fn area(path: &str) -> String {
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.starts_with(&["orgs", "{org_id}"]) {
        segments.drain(..2);
    }
    if segments.len() > 2 && segments[0] == "sec_policy" && segments[1] == "{pversion}" {
        segments.drain(..2);
    }
    segments.iter().find(|s| !s.starts_with('{')).map_or_else(
        || "root".to_owned(),
        |s| s.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_"),
    )
}

/// A types module with each item behind the features of the areas that reach it.
#[derive(Debug, Clone)]
pub struct GatedTypes {
    /// The module's source, each item with its `#[cfg(...)]`.
    pub source: String,
    /// Every feature: the area of each operation, and [`UNREFERENCED`] when some type no
    /// operation reaches; sorted.
    pub features: Vec<String>,
}

/// Puts each item of `types` (a generated types module) behind the features of the areas of
/// `operations` that reach it; `roots` are the module's root types by schema file.
pub fn gate_types(types: &str, operations: &[Operation], roots: &[RootType]) -> Result<GatedTypes> {
    let mut file = syn::parse_file(types).map_err(|e| Error::Generated {
        reason: format!("the types module does not parse: {e}"),
    })?;
    let defined: BTreeSet<String> = file.items.iter().filter_map(defined_type).collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &file.items {
        let owner = defined_type(item).or_else(|| inherent_impl_of(item));
        if let Some(owner) = owner {
            let mentioned = mentions(item.to_token_stream(), &defined);
            uses.entry(owner.clone())
                .or_default()
                .extend(mentioned.into_iter().filter(|name| *name != owner));
        }
    }
    let by_file: BTreeMap<&PathBuf, &RootType> = roots.iter().map(|r| (&r.file, r)).collect();
    let mut areas: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in operations {
        let starts = [&op.request, &op.response]
            .into_iter()
            .flatten()
            .filter_map(|file| by_file.get(file))
            .flat_map(|root| std::iter::once(root.name.clone()).chain(root.items.clone()));
        reach(&uses, starts, &area(&op.path), &mut areas);
    }
    let unreached: Vec<String> = defined
        .iter()
        .filter(|name| !areas.contains_key(*name))
        .cloned()
        .collect();
    reach(&uses, unreached.into_iter(), UNREFERENCED, &mut areas);
    for item in &mut file.items {
        let involved = match &*item {
            // Helpers (generic over the types they serve), which the types of the features
            // that are on may not use.
            syn::Item::Macro(helper) if helper.ident.is_some() => {
                push_attribute(item, quote::quote!(allow(unused_macros)));
                continue;
            }
            syn::Item::Fn(_) => {
                push_attribute(item, quote::quote!(allow(dead_code)));
                continue;
            }
            syn::Item::Impl(block) => {
                let mut tokens = block.self_ty.to_token_stream();
                if let Some((_, path, _)) = &block.trait_ {
                    tokens.extend(path.to_token_stream());
                }
                mentions(tokens, &defined)
            }
            // A generated macro call names its type first.
            syn::Item::Macro(call) => first_mention(call.mac.tokens.clone(), &defined)
                .into_iter()
                .collect(),
            other => match defined_type(other) {
                Some(name) => BTreeSet::from([name]),
                None => mentions(other.to_token_stream(), &defined),
            },
        };
        if let Some(cfg) = cfg_of(&involved, &areas) {
            push_attribute(item, quote::quote!(cfg(#cfg)));
        }
    }
    let features: BTreeSet<String> = areas
        .values()
        .flatten()
        .cloned()
        .chain(operations.iter().map(|op| area(&op.path)))
        .collect();
    Ok(GatedTypes {
        source: prettyplease::unparse(&file),
        features: features.into_iter().collect(),
    })
}

/// Marks `start` and every type it reaches through `uses` as in `area`.
fn reach(
    uses: &BTreeMap<String, BTreeSet<String>>,
    start: impl Iterator<Item = String>,
    area: &str,
    areas: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let mut stack: Vec<String> = start.collect();
    while let Some(name) = stack.pop() {
        if areas
            .entry(name.clone())
            .or_default()
            .insert(area.to_owned())
        {
            stack.extend(uses.get(&name).into_iter().flatten().cloned());
        }
    }
}

/// The type an item defines (a struct, an enum or an alias).
fn defined_type(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(item) => Some(item.ident.to_string()),
        syn::Item::Enum(item) => Some(item.ident.to_string()),
        syn::Item::Type(item) => Some(item.ident.to_string()),
        _ => None,
    }
}

/// The type of an inherent `impl T { … }` (its methods come with the type).
fn inherent_impl_of(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Impl(item) if item.trait_.is_none() => match &*item.self_ty {
            syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The defined types `tokens` mention: by their bare name (`…::Value` is another crate's).
fn mentions(tokens: TokenStream, defined: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![tokens];
    while let Some(tokens) = stack.pop() {
        // How many `:` just before the token.
        let mut colons = 0;
        for token in tokens {
            match &token {
                TokenTree::Ident(ident) if colons < 2 => {
                    let name = ident.to_string();
                    if defined.contains(&name) {
                        found.insert(name);
                    }
                }
                TokenTree::Group(group) => stack.push(group.stream()),
                _ => {}
            }
            colons = match &token {
                TokenTree::Punct(punct) if punct.as_char() == ':' => colons + 1,
                _ => 0,
            };
        }
    }
    found
}

/// The first defined type `tokens` name at their top level.
fn first_mention(tokens: TokenStream, defined: &BTreeSet<String>) -> Option<String> {
    tokens.into_iter().find_map(|token| match token {
        TokenTree::Ident(ident) => Some(ident.to_string()).filter(|name| defined.contains(name)),
        _ => None,
    })
}

/// The `cfg` of an item that involves the types `mentioned`: all of their areas' features
/// (a set another one holds is left out); `None` when it involves none.
fn cfg_of(
    mentioned: &BTreeSet<String>,
    areas: &BTreeMap<String, BTreeSet<String>>,
) -> Option<TokenStream> {
    let mut sets: Vec<&BTreeSet<String>> = mentioned.iter().filter_map(|n| areas.get(n)).collect();
    sets.sort_by_key(|set| set.len());
    sets.dedup();
    let mut kept: Vec<&BTreeSet<String>> = Vec::new();
    for set in sets {
        if !kept.iter().any(|smaller| smaller.is_subset(set)) {
            kept.push(set);
        }
    }
    let any: Vec<TokenStream> = kept
        .iter()
        .map(|set| {
            let mut features: Vec<TokenStream> =
                set.iter().map(|f| quote::quote!(feature = #f)).collect();
            match features.len() {
                1 => features.remove(0),
                _ => quote::quote!(any(#(#features),*)),
            }
        })
        .collect();
    match any.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        all => Some(quote::quote!(all(#(#all),*))),
    }
}

/// Adds the attribute `#[meta]` to `item`.
fn push_attribute(item: &mut syn::Item, meta: TokenStream) {
    let attribute: syn::Attribute = syn::parse_quote!(#[#meta]);
    let attrs = match item {
        syn::Item::Struct(item) => &mut item.attrs,
        syn::Item::Enum(item) => &mut item.attrs,
        syn::Item::Type(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        syn::Item::Macro(item) => &mut item.attrs,
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Const(item) => &mut item.attrs,
        syn::Item::Static(item) => &mut item.attrs,
        syn::Item::Trait(item) => &mut item.attrs,
        syn::Item::Mod(item) => &mut item.attrs,
        syn::Item::Use(item) => &mut item.attrs,
        _ => return,
    };
    attrs.insert(0, attribute);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::Answer;

    fn operation(path: &str, response: &str) -> Operation {
        Operation {
            name: String::new(),
            method: "GET".to_owned(),
            path: path.to_owned(),
            description: String::new(),
            path_params: Vec::new(),
            query: Vec::new(),
            request: None,
            response: Some(PathBuf::from(response)),
            status: 200,
            answer: Answer::One,
        }
    }

    fn root(file: &str, name: &str) -> RootType {
        RootType {
            file: PathBuf::from(file),
            name: name.to_owned(),
            nullable: false,
            items: None,
        }
    }

    /// The `cfg` just before the first `starts` in `source`, as one line of text.
    fn cfg_before(source: &str, starts: &str) -> String {
        let at = source.find(starts).expect("the item");
        let cfg = source[..at].rfind("#[cfg(").expect("a cfg before it");
        source[cfg..at]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn items_are_behind_the_areas_that_reach_them() {
        let types = "
            pub struct Label { pub created_by: Option<Shared>, pub value: Option<::serde_json::Value> }
            pub struct Workload { pub labels: Vec<Label>, pub owner: Option<Shared> }
            pub struct Shared { pub href: String }
            pub struct Value { pub x: i64 }
            pub struct Lonely { pub value: Option<Value> }
            impl From<Label> for Workload { fn from(_: Label) -> Self { todo!() } }
            object!(Label { 0 created_by: \"created_by\" });
            fn helper<T>(t: T) -> T { t }
        ";
        let operations = [
            operation("/orgs/{org_id}/labels", "v2/labels_get.schema.json"),
            operation(
                "/orgs/{org_id}/workloads/{id}",
                "v2/workloads_get.schema.json",
            ),
        ];
        let roots = [
            root("v2/labels_get.schema.json", "Label"),
            root("v2/workloads_get.schema.json", "Workload"),
        ];
        let gated = gate_types(types, &operations, &roots).expect("gates");
        let source = gated.source;
        assert_eq!(gated.features, ["labels", UNREFERENCED, "workloads"]);
        // A label reaches no workload: the workloads area reaches labels.
        assert_eq!(
            cfg_before(&source, "pub struct Label "),
            r#"#[cfg(any(feature = "labels", feature = "workloads"))]"#
        );
        assert_eq!(
            cfg_before(&source, "pub struct Workload "),
            r#"#[cfg(feature = "workloads")]"#
        );
        // `::serde_json::Value` is not the generated `Value`, which only `Lonely` uses.
        assert_eq!(
            cfg_before(&source, "pub struct Value "),
            format!(r#"#[cfg(feature = "{UNREFERENCED}")]"#)
        );
        // A conversion between two types needs both; the smaller set is enough.
        assert_eq!(
            cfg_before(&source, "impl From<Label> for Workload"),
            r#"#[cfg(feature = "workloads")]"#
        );
        assert_eq!(
            cfg_before(&source, "object!"),
            r#"#[cfg(any(feature = "labels", feature = "workloads"))]"#
        );
        assert!(
            source.contains("#[allow(dead_code)]\nfn helper"),
            "{source}"
        );
    }

    #[test]
    fn an_area_is_the_first_segment_below_the_org_or_the_policy_version() {
        assert_eq!(area("/orgs/{org_id}/labels"), "labels");
        assert_eq!(area("/orgs/{org_id}/labels/{label_id}"), "labels");
        assert_eq!(
            area("/orgs/{org_id}/sec_policy/{pversion}/rule_sets/{rule_set_id}/sec_rules"),
            "rule_sets"
        );
        assert_eq!(area("/orgs/{org_id}/sec_policy"), "sec_policy");
        assert_eq!(area("/orgs/{org_id}/sec_policy/pending"), "sec_policy");
        assert_eq!(area("/users/{user_id}/api_keys"), "users");
        assert_eq!(area("/product_version"), "product_version");
    }
}
