//! Post-pass: requests are built, responses are read.
//!
//! Every generated struct with named fields and every enum is `#[non_exhaustive]`, so that a
//! release adding a property or a value breaks no code: nothing outside the module writes a
//! struct literal or an exhaustive `match` of them. A newtype (`OptionalFeaturesPut(Vec<…>)`)
//! has nothing to add and stays built as `Name(value)`. A struct a request carries gets
//! `new`, taking its required properties (in the schema's order), so that a missing one does
//! not compile, and one method per optional property to set it:
//!
//! ```text
//! let toggle = FeatureToggle::new(FeatureName::PerRuleFlowLogSetting, true);
//! let user = UserPut::new().time_zone(None);   // `null`: clear the time zone
//! ```
//!
//! A setter of a property that may be `null` takes an `Option`: `None` sends `null`. A
//! response's struct has no constructor: it is decoded, and its fields are public to read.
//!
//! Expects of typify's output (test `expectations::lossless_boxing_and_constructors`): structs
//! with named, public fields, one per property.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{parse_quote, Fields, File, Item};

use super::fields::{json_name, option_inner};
use crate::keywords::strings;
use crate::lower::Kind;
use crate::model::{Model, Presence};

/// Marks the model's structs and enums `#[non_exhaustive]` and gives the structs requests
/// carry their constructor and setters.
pub(crate) fn constructors(file: &mut File, model: &Model) {
    let (mut strict, mut lenient): (Vec<Item>, Vec<Item>) = (Vec::new(), Vec::new());
    for item in &mut file.items {
        let newtype = matches!(item, Item::Struct(s) if matches!(s.fields, Fields::Unnamed(_)));
        let (name, attrs) = match item {
            Item::Struct(s) => (s.ident.to_string(), &mut s.attrs),
            Item::Enum(e) => (e.ident.to_string(), &mut e.attrs),
            _ => continue,
        };
        let Some(def) = model.types.get(&name) else {
            continue;
        };
        if !newtype {
            attrs.push(parse_quote!(#[non_exhaustive]));
        }
        let Item::Struct(item) = item else { continue };
        if def.kind != Kind::Struct || !def.direction.built() {
            continue;
        }
        let Fields::Named(fields) = &item.fields else {
            continue;
        };
        let empty = BTreeMap::new();
        let presence = model.objects.get(&name).unwrap_or(&empty);
        let order: Vec<String> = strings(&def.schema, "required");
        if def.direction.lenient() {
            lenient.push(lenient_constructor(
                &item.ident,
                &fields.named,
                presence,
                &order,
            ));
        } else {
            strict.push(constructor(&item.ident, &fields.named, presence, &order));
        }
    }
    if !lenient.is_empty() {
        file.items.insert(0, lenient_setters_macro());
    }
    if !strict.is_empty() {
        file.items.insert(0, setters_macro());
    }
    file.items.extend(strict);
    file.items.extend(lenient);
}

/// The `macro_rules!` that writes the constructor and setters of a struct, so that each costs
/// one line per property.
fn setters_macro() -> Item {
    parse_quote! {
        /// The constructor and setters of a struct requests carry: `new` takes the required
        /// properties (`field: Type`, anything `Into<Type>`); `method => field: Type` sets an
        /// optional one (anything `Into<Type>`); after it, `method => field: Option<Type>` sets
        /// one that may be `null` (`None` sends `null`); last, the fields that start empty.
        macro_rules! constructor {
            (
                $name:ident { $($required:ident: $rty:ty,)* }
                { $($method:ident => $field:ident: $value:ty,)* }
                { $($nullable:ident => $nfield:ident: $nvalue:ty,)* }
                { $($empty:ident,)* }
            ) => {
                impl $name {
                    #[doc = concat!(" A `", stringify!($name), "` with its required properties; the methods below set the others.")]
                    pub fn new($($required: impl ::std::convert::Into<$rty>),*) -> Self {
                        Self {
                            $($required: $required.into(),)*
                            $($field: ::std::option::Option::None,)*
                            $($nfield: ::std::option::Option::None,)*
                            $($empty: ::std::default::Default::default(),)*
                        }
                    }
                    $(
                        #[doc = concat!(" Sets `", stringify!($field), "`.")]
                        pub fn $method(mut self, value: impl ::std::convert::Into<$value>) -> Self {
                            // Into the field's own type (a boxed object, or the value itself).
                            let value: $value = value.into();
                            self.$field = ::std::option::Option::Some(value.into());
                            self
                        }
                    )*
                    $(
                        #[doc = concat!(" Sets `", stringify!($nfield), "`; `None` sends `null`.")]
                        pub fn $nullable(mut self, value: $nvalue) -> Self {
                            self.$nfield = ::std::option::Option::Some(value.map(::std::convert::Into::into));
                            self
                        }
                    )*
                }
            };
        }
    }
}

/// The `macro_rules!` that writes the constructor and setters of a struct that requests carry
/// and responses read, whose every field is an `Option`.
fn lenient_setters_macro() -> Item {
    parse_quote! {
        /// The constructor and setters of a struct requests carry and responses read (its
        /// fields all `Option`s): `new` takes the required properties (`field: Type`, anything
        /// `Into<Type>`); `method => field: Type` sets an optional one (anything `Into<Type>`);
        /// after it, `method => field ["json"]: Option<Type>` sets one that may be `null`
        /// (`None` sends `null`), a required one too.
        macro_rules! lenient_constructor {
            (
                $name:ident { $($required:ident: $rty:ty,)* }
                { $($method:ident => $field:ident: $value:ty,)* }
                { $($nullable:ident => $nfield:ident [$json:literal]: $nvalue:ty,)* }
            ) => {
                impl $name {
                    #[doc = concat!(" A `", stringify!($name), "` with its required properties; the methods below set the others.")]
                    pub fn new($($required: impl ::std::convert::Into<$rty>),*) -> Self {
                        Self {
                            $($required: {
                                let value: $rty = $required.into();
                                ::std::option::Option::Some(value.into())
                            },)*
                            ..::std::default::Default::default()
                        }
                    }
                    $(
                        #[doc = concat!(" Sets `", stringify!($field), "`.")]
                        pub fn $method(mut self, value: impl ::std::convert::Into<$value>) -> Self {
                            // Into the field's own type (a boxed object, or the value itself).
                            let value: $value = value.into();
                            self.$field = ::std::option::Option::Some(value.into());
                            self
                        }
                    )*
                    $(
                        #[doc = concat!(" Sets `", stringify!($nfield), "`; `None` sends `null`.")]
                        pub fn $nullable(mut self, value: $nvalue) -> Self {
                            self.$nfield = value.map(::std::convert::Into::into);
                            if self.$nfield.is_none() {
                                ::illumio_pce_lenient::Object::set_null(&mut self, $json);
                            }
                            self
                        }
                    )*
                }
            };
        }
    }
}

/// `constructor!(Name { required… } { optional… } { nullable… } { empty… });` of a request's
/// struct.
fn constructor(
    name: &Ident,
    fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>,
    presence: &BTreeMap<String, Presence>,
    order: &[String],
) -> Item {
    let mut required: Vec<(usize, TokenStream)> = Vec::new();
    let (mut optional, mut nullable, mut empty) = (Vec::new(), Vec::new(), Vec::new());
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let json = json_name(field);
        match presence.get(&json) {
            Some(Presence::Required | Presence::RequiredOrNull) => {
                let rank = order.iter().position(|r| *r == json).unwrap_or(usize::MAX);
                let ty = &field.ty;
                required.push((rank, quote!(#ident: #ty,)));
            }
            Some(Presence::OptionalOrNull) => {
                let (method, inner) = setter(ident, field);
                nullable.push(quote!(#method => #ident: #inner,));
            }
            Some(Presence::Optional) => {
                let (method, inner) = setter(ident, field);
                optional.push(quote!(#method => #ident: #inner,));
            }
            None => empty.push(quote!(#ident,)),
        }
    }
    required.sort_by_key(|(rank, _)| *rank);
    let required = required.into_iter().map(|(_, tokens)| tokens);
    parse_quote! {
        constructor!(#name { #(#required)* } { #(#optional)* } { #(#nullable)* } { #(#empty)* });
    }
}

/// `lenient_constructor!(Name { required… } { optional… } { nullable… });` of a struct
/// requests carry and responses read: a required property that may be `null` is taken by
/// `new` and has a setter that can send `null` instead.
fn lenient_constructor(
    name: &Ident,
    fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>,
    presence: &BTreeMap<String, Presence>,
    order: &[String],
) -> Item {
    let mut required: Vec<(usize, TokenStream)> = Vec::new();
    let (mut optional, mut nullable) = (Vec::new(), Vec::new());
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let json = json_name(field);
        let Some(presence) = presence.get(&json) else {
            continue;
        };
        let (method, inner) = setter(ident, field);
        if matches!(presence, Presence::Required | Presence::RequiredOrNull) {
            let rank = order.iter().position(|r| *r == json).unwrap_or(usize::MAX);
            required.push((rank, quote!(#ident: #inner,)));
        }
        match presence {
            Presence::Required => {}
            Presence::Optional => optional.push(quote!(#method => #ident: #inner,)),
            Presence::RequiredOrNull | Presence::OptionalOrNull => {
                let json = syn::LitStr::new(&json, Span::call_site());
                nullable.push(quote!(#method => #ident [#json]: ::std::option::Option<#inner>,));
            }
        }
    }
    required.sort_by_key(|(rank, _)| *rank);
    let required = required.into_iter().map(|(_, tokens)| tokens);
    parse_quote! {
        lenient_constructor!(#name { #(#required)* } { #(#optional)* } { #(#nullable)* });
    }
}

/// The setter's method name and the type it takes: the inside of the field's `Option`, the
/// object itself where the field boxes it.
fn setter(ident: &Ident, field: &syn::Field) -> (Ident, syn::Type) {
    let name = ident.to_string();
    let method = if matches!(name.as_str(), "new" | "extra") {
        Ident::new(&format!("with_{name}"), Span::call_site())
    } else {
        ident.clone()
    };
    let inner = option_inner(&field.ty).unwrap_or(&field.ty);
    let inner = match option_inner(inner) {
        Some(value) => {
            let value = unboxed(value);
            parse_quote!(::std::option::Option<#value>)
        }
        None => unboxed(inner),
    };
    (method, inner)
}

/// `T` of a `Box<T>` the boxing pass made, else the type itself: setters take the object.
fn unboxed(ty: &syn::Type) -> syn::Type {
    if let syn::Type::Path(path) = ty {
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if segments == ["std", "boxed", "Box"] {
            if let Some(syn::PathArguments::AngleBracketed(args)) =
                path.path.segments.last().map(|s| &s.arguments)
            {
                if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                    return inner.clone();
                }
            }
        }
    }
    ty.clone()
}
