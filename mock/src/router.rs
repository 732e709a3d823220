//! Which endpoint a request is for: 404 for unknown paths, 405 (with `Allow`) for a known path
//! and a method it does not take.
//!
//! Routing comes before authentication (choice), so a 404 or 405 never depends on
//! credentials and never counts against a rate limit. Paths match exactly: a trailing `/`
//! is a different, unknown path.

use hyper::header::{HeaderValue, ALLOW};
use hyper::{Method, StatusCode};

use super::bundle::{Bundle, Found};
use super::handlers::{self, api_keys, login, optional_features, Call};
use super::reply::Reply;
use super::state::Shared;

/// Every API path starts with this.
const API_PREFIX: &str = "/api/v2/";

/// A known path.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// `/login_users/authenticate`
    Authenticate,
    /// `/users/login`
    UsersLogin,
    /// `/users/<id>/logout`
    Logout(i64),
    /// `/users/<id>/api_keys`
    ApiKeys(i64),
    /// `/users/<id>/api_keys/<key_id>`
    ApiKey(i64, String),
    /// `/orgs/<id>/optional_features`
    OptionalFeatures(i64),
    /// `/product_version`
    ProductVersion,
}

impl Route {
    /// The route of a path, if it is a known one.
    fn parse(path: &str) -> Option<Self> {
        let rest = path.strip_prefix(API_PREFIX)?;
        let segments: Vec<&str> = rest.split('/').collect();
        let id = |segment: &str| segment.parse::<i64>().ok();
        Some(match segments.as_slice() {
            ["login_users", "authenticate"] => Route::Authenticate,
            ["users", "login"] => Route::UsersLogin,
            ["users", user, "logout"] => Route::Logout(id(user)?),
            ["users", user, "api_keys"] => Route::ApiKeys(id(user)?),
            ["users", user, "api_keys", key] if !key.is_empty() => {
                Route::ApiKey(id(user)?, (*key).to_owned())
            }
            ["orgs", org, "optional_features"] => Route::OptionalFeatures(id(org)?),
            ["product_version"] => Route::ProductVersion,
            _ => return None,
        })
    }

    /// The methods the route takes, for `Allow`.
    fn allowed(&self) -> &'static str {
        match self {
            Route::Authenticate => "POST",
            Route::UsersLogin => "GET",
            Route::Logout(_) => "PUT",
            Route::ApiKeys(_) => "GET, POST",
            Route::ApiKey(..) => "GET, PUT, DELETE",
            Route::OptionalFeatures(_) => "GET, PUT",
            Route::ProductVersion => "GET",
        }
    }
}

/// Serves a request for an operation of the bundle, `None` when its path is not in the index.
fn bundle_dispatch(
    shared: &Shared,
    bundle: &Bundle,
    method: &Method,
    path: &str,
    call: &Call<'_>,
) -> Option<Reply> {
    let href = path.strip_prefix(API_PREFIX.trim_end_matches('/'))?;
    Some(match bundle.find(method, href)? {
        Found::Operation(operation, params) => {
            handlers::bundle::serve(shared, bundle, operation, &params, href, call)
        }
        Found::OtherMethods(methods) => {
            let allowed: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
            let allow =
                HeaderValue::try_from(allowed.join(", ")).unwrap_or(HeaderValue::from_static(""));
            Reply::error(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("{method} is not allowed on {path}"),
            )
            .header(ALLOW, allow)
        }
    })
}

/// Serves a request on the PCE listener or (`login_service`) the login-service listener.
/// The login service serves only `POST /login_users/authenticate`; when it exists, the PCE
/// listener does not serve that route.
pub(crate) fn dispatch(
    shared: &Shared,
    login_service: bool,
    method: &Method,
    path: &str,
    call: &Call<'_>,
) -> Reply {
    let route = Route::parse(path).filter(|route| {
        let is_authenticate = *route == Route::Authenticate;
        if login_service {
            is_authenticate
        } else {
            !(is_authenticate && shared.separate_login_service)
        }
    });
    let Some(route) = route else {
        let href = path.strip_prefix(API_PREFIX.trim_end_matches('/'));
        if let (Some(href), false) = (href, login_service) {
            if let Some(reply) = handlers::jobs::serve(shared, method, href, call) {
                return reply;
            }
        }
        if let (Some(bundle), false) = (&shared.bundle, login_service) {
            if let Some(reply) = bundle_dispatch(shared, bundle, method, path, call) {
                return reply;
            }
        }
        return Reply::error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No route for {path}"),
        );
    };
    match (&route, method) {
        (Route::Authenticate, &Method::POST) => login::authenticate(shared, call),
        (Route::UsersLogin, &Method::GET) => login::users_login(shared, call),
        (Route::Logout(user), &Method::PUT) => login::logout(shared, call, *user),
        (Route::ApiKeys(user), &Method::GET) => api_keys::list(shared, call, *user),
        (Route::ApiKeys(user), &Method::POST) => api_keys::create(shared, call, *user),
        (Route::ApiKey(user, key), &Method::GET) => api_keys::get(shared, call, *user, key),
        (Route::ApiKey(user, key), &Method::PUT) => api_keys::update(shared, call, *user, key),
        (Route::ApiKey(user, key), &Method::DELETE) => api_keys::delete(shared, call, *user, key),
        (Route::OptionalFeatures(org), &Method::GET) => optional_features::get(shared, call, *org),
        (Route::OptionalFeatures(org), &Method::PUT) => optional_features::put(shared, call, *org),
        (Route::ProductVersion, &Method::GET) => login::product_version(shared, call),
        _ => Reply::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{method} is not allowed on {path}"),
        )
        .header(ALLOW, HeaderValue::from_static(route.allowed())),
    }
}
