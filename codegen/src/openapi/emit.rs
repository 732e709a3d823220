//! The endpoints module: one async method per operation, on a `Pce` wrapper of an
//! `illumio_pce::Client` (a bundle's crate) or on the `Client` itself (the SDK's own), and a
//! query struct for each operation that takes query parameters.

use std::collections::BTreeMap;
use std::path::PathBuf;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::{Address, Answer, Operation, Param, ParamType};
use crate::model::RootType;

/// Where the endpoints module finds what it uses, and what it puts its methods on.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The types module (e.g. `crate::types`).
    pub types: String,
    /// The SDK crate: `illumio_pce`, or `crate` for the SDK's own endpoints.
    pub sdk: String,
    /// Where the methods go.
    pub target: Target,
    /// Put each method and query struct behind the cargo feature of its API area
    /// ([`features::area`](super::features::area)).
    pub features: bool,
    /// The operations the client's oldest release lacks ([`Operation::key`]) and the release
    /// that added each, which their docs name.
    pub since: BTreeMap<String, String>,
}

/// What the generated methods are methods of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A `Pce` struct wrapping a client that checks requests against the `ReleaseTable`
    /// static at this path (e.g. `crate::releases::RELEASES`).
    Wrapper {
        /// The path of the crate's `ReleaseTable`.
        releases: String,
    },
    /// The SDK's `Client` itself, checking against the SDK's own releases.
    Client,
}

/// The module's source: `header` (the `//!` lines naming command and bundle), then the
/// `Pce` type and its methods over `operations`, whose schema types are the `roots` of the
/// types module at `paths.types`.
pub fn endpoints(
    operations: &[Operation],
    roots: &[RootType],
    paths: &Paths,
    header: &str,
) -> String {
    let roots: BTreeMap<&PathBuf, &RootType> = roots.iter().map(|r| (&r.file, r)).collect();
    let types: syn::Path =
        syn::parse_str(&paths.types).unwrap_or_else(|_| syn::parse_quote!(crate::types));
    let sdk: syn::Path =
        syn::parse_str(&paths.sdk).unwrap_or_else(|_| syn::parse_quote!(illumio_pce));
    let on_client = paths.target == Target::Client;
    let mut methods = Vec::new();
    let mut queries = Vec::new();
    for op in operations {
        let query = query_struct(op);
        let since = paths.since.get(&op.key()).map(String::as_str);
        let method = method(op, &roots, &types, &sdk, on_client, query.is_some(), since);
        if paths.features {
            let area = super::features::area(&op.path);
            let cfg: syn::Attribute = syn::parse_quote!(#[cfg(feature = #area)]);
            methods.push(each_behind(method, &cfg));
            queries.extend(query.map(|query| quote!(#cfg #query)));
        } else {
            methods.push(method);
            queries.extend(query);
        }
    }
    // With features, the methods that use these may all be left out.
    let allow = if paths.features {
        quote!(#[allow(unused_imports)])
    } else {
        quote!()
    };
    let file: syn::File = match &paths.target {
        Target::Client => syn::parse_quote! {
            #allow
            use #sdk::{ApiRequest, Client, Method, Result};

            impl Client {
                #(#methods)*
            }

            #(#queries)*
        },
        Target::Wrapper { releases } => {
            let releases: syn::Path = syn::parse_str(releases)
                .unwrap_or_else(|_| syn::parse_quote!(crate::releases::RELEASES));
            let count = operations.len();
            let doc = [
                format!(" The {count} operations of the bundles, typed, over an [`illumio_pce::Client`]:"),
                " its authentication, sessions, retries and errors. Before a request is sent, it is".to_owned(),
                " checked against the release of the PCE it goes to: an operation, a body property".to_owned(),
                " or an enum value that release lacks is `Error::NotInRelease`.".to_owned(),
            ];
            syn::parse_quote! {
                #allow
                use #sdk::{ApiRequest, Client, Method, Result};

                #(#[doc = #doc])*
                #[derive(Clone, Debug)]
                pub struct Pce {
                    client: Client,
                }

                impl Pce {
                    /// Typed endpoints over `client`.
                    pub fn new(client: Client) -> Self {
                        Self { client: client.with_releases(&#releases) }
                    }

                    /// The client underneath, for its other calls ([`Client::send`] reaches any path).
                    pub fn client(&self) -> &Client {
                        &self.client
                    }

                    #(#methods)*
                }

                #(#queries)*
            }
        }
    };
    format!("{header}\n{}", prettyplease::unparse(&file))
}

/// The methods in `methods`, each behind `cfg`.
fn each_behind(methods: TokenStream, cfg: &syn::Attribute) -> TokenStream {
    match syn::parse2::<syn::ItemImpl>(quote!(impl Pce { #methods })) {
        Ok(block) => block
            .items
            .into_iter()
            .map(|item| quote!(#cfg #item))
            .collect(),
        // The methods are this module's own tokens, which parse; unparsed, they go ungated.
        Err(_) => methods,
    }
}

/// The query struct of `op`, when it takes query parameters.
fn query_struct(op: &Operation) -> Option<TokenStream> {
    if op.query.is_empty() {
        return None;
    }
    let name = query_name(op);
    let doc = [
        format!(
            " The query parameters of `{} {}`; leave the ones you do not",
            op.method, op.path
        ),
        " need at `None` (`..Default::default()`).".to_owned(),
    ];
    let fields = op.query.iter().map(|param| {
        let ident = field_ident(&param.name);
        let ty = scalar(param.ty);
        let json = &param.name;
        let doc = param_doc(param);
        quote! {
            #(#[doc = #doc])*
            #[serde(rename = #json, skip_serializing_if = "Option::is_none")]
            pub #ident: Option<#ty>,
        }
    });
    Some(quote! {
        #(#[doc = #doc])*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn method(
    op: &Operation,
    roots: &BTreeMap<&PathBuf, &RootType>,
    types: &syn::Path,
    sdk: &syn::Path,
    on_client: bool,
    has_query: bool,
    since: Option<&str>,
) -> TokenStream {
    let name = Ident::new(&op.name, Span::call_site());
    let mut doc = vec![format!(" `{} {}`", op.method, op.path)];
    if !op.description.is_empty() {
        doc.push(String::new());
        doc.extend(op.description.lines().map(|line| format!(" {line}")));
    }
    if let Some(since) = since {
        doc.push(String::new());
        doc.push(format!(
            " New in PCE {since}: against a PCE of an older release this is `Error::NotInRelease`, and nothing is sent."
        ));
    }
    let response = if op.answer == Answer::Created {
        "Response: the object created, read as an item of the collection's schema"
    } else {
        "Response schema"
    };
    for (label, file) in [("Request schema", &op.request), (response, &op.response)] {
        if let Some(file) = file {
            doc.push(String::new());
            doc.push(format!(" {label}: `{}`.", file.display()));
        }
    }
    let is_list =
        op.answer == Answer::List && op.response.as_ref().is_some_and(|f| roots.contains_key(f));
    if is_list {
        doc.push(String::new());
        doc.push(" One answer holds at most 500 objects: past that this fails with".to_owned());
        doc.push(format!(
            " `Error::Truncated`, and [`{0}_all`](Self::{0}_all) gets them all.",
            op.name
        ));
    }
    let mut args = Vec::new();
    let mut template = String::new();
    let mut values = Vec::new();
    let address = op.address();
    if let Address::Href { object, .. } = &address {
        args.push(quote!(href: &#sdk::Href));
        doc.push(String::new());
        doc.push(format!(
            " `href`: the href the PCE gave the object, of `{object}` (`Error::Href` otherwise)."
        ));
    }
    let segments = match address {
        Address::Href { .. } => "",
        _ => op.path.as_str(),
    };
    for segment in segments.split('/').skip(1) {
        template.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some("org_id") => template.push_str(":org"),
            Some("pversion") if address == Address::Version => {
                args.push(quote!(version: #sdk::PolicyVersion));
                template.push_str("{version}");
            }
            Some(param) => {
                let p = op.path_params.iter().find(|p| p.name == param);
                let ident = field_ident(param);
                let ty = match p.map_or(ParamType::String, |p| p.ty) {
                    ParamType::String => quote!(&str),
                    scalar_type => scalar(scalar_type),
                };
                let segment = Ident::new(
                    &format!("{}_segment", param.to_snake_case()),
                    Span::call_site(),
                );
                args.push(quote!(#ident: #ty));
                template.push_str(&format!("{{{segment}}}"));
                values.push(quote!(let #segment = #sdk::path_segment(#ident);));
            }
            None => template.push_str(&segment.replace('{', "{{").replace('}', "}}")),
        }
    }
    let path = match &address {
        Address::Href { object, tail } if tail.is_empty() => {
            quote!(let path = #sdk::href_path(href, #object)?;)
        }
        Address::Href { object, tail } => {
            let tail = tail.replace('{', "{{").replace('}', "}}");
            let format = format!("{{}}{tail}");
            quote!(let path = format!(#format, #sdk::href_path(href, #object)?);)
        }
        _ if values.is_empty() && address != Address::Version => quote!(let path = #template;),
        _ => quote! {
            #(#values)*
            let path = format!(#template);
        },
    };
    let key = op.key();
    let mut request = match op.method.as_str() {
        "GET" => quote!(ApiRequest::new(Method::GET, path).operation(#key)),
        "PUT" => quote!(ApiRequest::new(Method::PUT, path).operation(#key)),
        "POST" => quote!(ApiRequest::new(Method::POST, path).operation(#key)),
        "DELETE" => quote!(ApiRequest::new(Method::DELETE, path).operation(#key)),
        _ => quote!(ApiRequest::new(Method::PATCH, path).operation(#key)),
    };
    if has_query {
        let query = query_name(op);
        args.push(quote!(query: &#query));
        request = quote!(#request.query(query)?);
    }
    if let Some(file) = &op.request {
        let body = match roots.get(file) {
            Some(root) => type_path(types, &root.name),
            None => quote!(::serde_json::Value),
        };
        args.push(quote!(body: &#body));
        let file = crate::load::slashed(file);
        request = quote!(#request.json(body)?.schema(#file));
    }

    let root = op.response.as_ref().and_then(|f| roots.get(f));
    let ends_in_param = op.path.ends_with('}');
    let bulk = op
        .request
        .as_ref()
        .and_then(|f| roots.get(f))
        .is_some_and(|r| r.items.is_some());
    let answer = match (op.answer, root) {
        (Answer::Empty, _) => quote!(()),
        (Answer::Bytes, _) => quote!(::std::vec::Vec<u8>),
        (Answer::List, Some(root)) => {
            let item = type_path(types, root.items.as_deref().unwrap_or(&root.name));
            quote!(::std::vec::Vec<#item>)
        }
        (Answer::One, Some(root)) if ends_in_param && root.items.is_some() => {
            type_path(types, root.items.as_deref().unwrap_or(&root.name))
        }
        (Answer::Created, Some(root)) if !bulk => {
            type_path(types, root.items.as_deref().unwrap_or(&root.name))
        }
        (Answer::Created, _) => quote!(::serde_json::Value),
        (_, Some(root)) => type_path(types, &root.name),
        _ => quote!(::serde_json::Value),
    };
    let client = if on_client {
        quote!(self)
    } else {
        quote!(self.client)
    };
    let call = match op.answer {
        Answer::Bytes => quote!(Ok(#client.send_bytes(request).await?.body)),
        Answer::Empty => quote! {
            #client.send::<::serde::de::IgnoredAny>(request).await?;
            Ok(())
        },
        _ => quote!(Ok(#client.send(request).await?.body)),
    };
    let all = match (op.answer, root) {
        (Answer::List, Some(root)) => {
            let item = type_path(types, root.items.as_deref().unwrap_or(&root.name));
            let all = Ident::new(&format!("{}_all", op.name), Span::call_site());
            let krate = quote!(#sdk).to_string().replace(' ', "");
            let all_doc = [
                format!(" `{} {}`: every object, however many.", op.method, op.path),
                String::new(),
                format!(" [`{name}`](Self::{name}) fails with [`Error::Truncated`]({krate}::Error::Truncated)"),
                " when the collection has more objects than one answer holds (500); this gets them".to_owned(),
                format!(" all through an async job ([`Collect`]({krate}::Collect)), the query (`max_results`"),
                " too) passed on. Await it, or set a progress callback first.".to_owned(),
            ];
            let (path, request) = match &address {
                Address::Href { object, tail } => {
                    let tail = tail.replace('{', "{{").replace('}', "}}");
                    let format = format!("{{object}}{tail}");
                    let get =
                        quote!(ApiRequest::new(Method::GET, format!(#format)).operation(#key));
                    let then = if has_query {
                        quote!(and_then(|object| #get.query(query)))
                    } else {
                        quote!(map(|object| #get))
                    };
                    (quote!(), quote!(#sdk::href_path(href, #object).#then))
                }
                _ if has_query => (
                    path.clone(),
                    quote!(ApiRequest::new(Method::GET, path).operation(#key).query(query)),
                ),
                _ => (
                    path.clone(),
                    quote!(Ok(ApiRequest::new(Method::GET, path).operation(#key))),
                ),
            };
            let client_ref = if on_client {
                quote!(self)
            } else {
                quote!(&self.client)
            };
            quote! {
                #(#[doc = #all_doc])*
                #[inline]
                pub fn #all(&self, #(#args),*) -> #sdk::Collect<'_, #item> {
                    #path
                    #sdk::Collect::new(#client_ref, #request)
                }
            }
        }
        _ => quote!(),
    };
    // `#[inline]`, like a generic, is compiled where it is called: a program compiles the
    // operations it uses (with the decoding of what they answer), not the crate all of them.
    quote! {
        #(#[doc = #doc])*
        #[inline]
        pub async fn #name(&self, #(#args),*) -> Result<#answer> {
            #path
            let request = #request;
            #call
        }

        #all
    }
}

fn query_name(op: &Operation) -> Ident {
    Ident::new(
        &format!("{}Query", op.name.to_upper_camel_case()),
        Span::call_site(),
    )
}

fn type_path(types: &syn::Path, name: &str) -> TokenStream {
    let ident = Ident::new(name, Span::call_site());
    quote!(#types::#ident)
}

fn scalar(ty: ParamType) -> TokenStream {
    match ty {
        ParamType::Integer => quote!(i64),
        ParamType::Number => quote!(f64),
        ParamType::Boolean => quote!(bool),
        ParamType::String => quote!(::std::string::String),
    }
}

fn param_doc(param: &Param) -> Vec<String> {
    let mut doc: Vec<String> = if param.description.is_empty() {
        vec![format!(" `{}`", param.name)]
    } else {
        param
            .description
            .lines()
            .map(|line| format!(" {line}"))
            .collect()
    };
    if !param.values.is_empty() {
        let values: Vec<String> = param.values.iter().map(|v| format!("`{v}`")).collect();
        doc.push(String::new());
        doc.push(format!(" One of {}.", values.join(", ")));
    }
    doc
}

/// A field or argument for the wire name `name`: snake case, a raw identifier for a keyword,
/// `_` before a leading digit.
fn field_ident(name: &str) -> Ident {
    let mut snake = name.to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if matches!(snake.as_str(), "self" | "crate" | "super" | "Self") {
        // The keywords a raw identifier cannot be.
        snake.push('_');
    }
    if syn::parse_str::<Ident>(&snake).is_ok() {
        Ident::new(&snake, Span::call_site())
    } else {
        Ident::new_raw(&snake, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::field_ident;

    #[test]
    fn wire_names_become_identifiers() {
        let idents: Vec<String> = ["type", "max_results", "self", "2fa", "labelGroup"]
            .into_iter()
            .map(|name| field_ident(name).to_string())
            .collect();
        assert_eq!(
            idents,
            ["r#type", "max_results", "self_", "_2fa", "label_group"]
        );
    }
}
