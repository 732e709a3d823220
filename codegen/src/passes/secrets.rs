//! Generated types never print a secret: a struct with a password, secret, credential, auth
//! token or session token field (`UsersLoginGet.session_token`, `LoginUsersAuthenticatePostResponse.
//! auth_token`, …) gets a hand-made `Debug` that shows `"[redacted]"` for it instead of the
//! derived one. The value itself is untouched: it serializes and is read as the PCE sent it.
//!
//! Expects of typify's output (test `expectations::docs_secrets_and_derives`): structs derive
//! `Debug`.

use proc_macro2::Span;
use syn::{parse_quote, Fields, File, Ident, Item, LitStr};

use super::derives::drop_derives;

/// Whether a field of this name holds a secret. A bare `token` does not: in the PCE's
/// schemas it is an error or notification token, meant to be read.
pub(crate) fn is_secret(field: &str) -> bool {
    let field = field.trim_start_matches("r#");
    field.ends_with("password")
        || field.ends_with("secret")
        || field.ends_with("credential")
        || field.ends_with("credentials")
        || field == "auth_token"
        || field == "session_token"
        || field.ends_with("_auth_token")
        || field.ends_with("_session_token")
}

/// Replaces the derived `Debug` of every struct with a secret field by one that hides it (and
/// shows only the names in `extra`, where a secret of another type than declared is kept).
pub(crate) fn redact_debug(file: &mut File) {
    let mut impls = Vec::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(fields) = &item.fields else {
            continue;
        };
        let names: Vec<Ident> = fields
            .named
            .iter()
            .filter_map(|field| field.ident.clone())
            .collect();
        if !names.iter().any(|name| is_secret(&name.to_string())) {
            continue;
        }
        drop_derives(&mut item.attrs, &["Debug"]);
        let ty = &item.ident;
        let title = LitStr::new(&ty.to_string(), Span::call_site());
        let entries = names.iter().map(|name| {
            let shown = name.to_string();
            let label = LitStr::new(shown.trim_start_matches("r#"), Span::call_site());
            if is_secret(&shown) {
                quote::quote!(.field(#label, &"[redacted]"))
            } else if shown == "extra" {
                // A secret the PCE sent as another type than declared is kept here.
                quote::quote!(.field(#label, &self.extra.keys().collect::<::std::vec::Vec<_>>()))
            } else {
                quote::quote!(.field(#label, &self.#name))
            }
        });
        impls.push(Item::Impl(parse_quote! {
            /// Shows every field but the secret ones, which read `"[redacted]"`.
            impl ::std::fmt::Debug for #ty {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#title) #(#entries)* .finish()
                }
            }
        }));
    }
    file.items.extend(impls);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_secrets_and_session_tokens_are_secret_error_tokens_are_not() {
        for name in [
            "password",
            "new_password",
            "bind_password",
            "secret",
            "auth_token",
            "session_token",
        ] {
            assert!(is_secret(name), "{name}");
        }
        for name in [
            "token",
            "is_bind_password_set",
            "ven_maintenance_token_required",
            "name",
        ] {
            assert!(!is_secret(name), "{name}");
        }
    }
}
