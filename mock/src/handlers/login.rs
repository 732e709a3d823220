//! The login flow: `POST /login_users/authenticate` (email and password for a 30-second auth
//! token), `GET /users/login` (auth token for a session) and `PUT /users/<id>/logout`.

use std::time::Duration;

use hyper::StatusCode;
use serde_json::{json, Value};

use super::{authorize, require_self, Call, Credential};
use crate::credentials;
use crate::reply::Reply;
use crate::sessions::session_username;
use crate::state::{Counters, Shared};

/// The build number the mock reports.
const BUILD: &str = "1000";

/// `POST /login_users/authenticate?pce_fqdn=F` with HTTP Basic `email:password`.
///
/// Choices where the docs are silent: the query is checked before the credentials; a
/// missing or empty `pce_fqdn` is 400 `pce_fqdn_required`, one that is not this PCE's
/// (compared case-insensitively) is 400 `invalid_pce_fqdn`. A body is optional; if present it
/// must be a JSON object, else 406. With two-factor authentication configured, its
/// `one_time_password` must be one of the mock's unused codes, else 401.
pub(crate) fn authenticate(shared: &Shared, call: &Call<'_>) -> Reply {
    let fqdn = call.query.and_then(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "pce_fqdn")
            .map(|(_, value)| value.into_owned())
    });
    match fqdn.as_deref() {
        None | Some("") => {
            return Reply::error(
                StatusCode::BAD_REQUEST,
                "pce_fqdn_required",
                "The pce_fqdn query parameter is required",
            )
        }
        Some(fqdn) if !fqdn.eq_ignore_ascii_case(&shared.fqdn) => {
            return Reply::error(
                StatusCode::BAD_REQUEST,
                "invalid_pce_fqdn",
                format!("Unknown PCE FQDN: {fqdn}"),
            )
        }
        Some(_) => {}
    }
    let body = if call.body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(serde_json::Map::new())
    } else {
        match serde_json::from_slice(call.body) {
            Ok(body @ Value::Object(_)) => body,
            _ => {
                return Reply::invalid_input(
                    "The property '#/' did not match the following type: object in schema login_users_authenticate_post.schema.json",
                )
            }
        }
    };
    let Some((email, password)) = credentials::basic(call.headers) else {
        return Reply::unauthenticated();
    };
    let mut store = shared.store();
    let Some(user_id) = store.sessions.check_password(&email, &password) else {
        return Reply::unauthenticated();
    };
    if shared.two_factor {
        // Each code works once; a missing or used one is the same 401 as a wrong password.
        let code = body["one_time_password"].as_str();
        let Some(at) = store
            .one_time_passwords
            .iter()
            .position(|known| Some(known.as_str()) == code)
        else {
            return Reply::unauthenticated();
        };
        store.one_time_passwords.remove(at);
    }
    let token = shared.rng.hex(48);
    shared.issued(&token);
    store
        .sessions
        .issue_auth_token(user_id, token.clone(), shared.clock.now());
    Counters::bump(&shared.counters.authentications);
    Reply::json(StatusCode::OK, &json!({ "auth_token": token }))
}

/// `GET /users/login` with `Authorization: Token token=<auth_token>`: uses up the auth token
/// and opens a session. Only the Token scheme is accepted here (choice).
pub(crate) fn users_login(shared: &Shared, call: &Call<'_>) -> Reply {
    let Some(auth_token) = credentials::auth_token(call.headers) else {
        return Reply::unauthenticated();
    };
    let now = shared.clock.now();
    let mut store = shared.store();
    let Some(user_id) = store.sessions.redeem_auth_token(&auth_token, now) else {
        return Reply::unauthenticated();
    };
    let session_token = shared.rng.hex(40);
    shared.issued(&session_token);
    let Some((user, previous)) =
        store
            .sessions
            .open_session(user_id, session_token.clone(), now, call.peer)
    else {
        return Reply::unauthenticated();
    };
    let org_id = shared.org_id;
    let full_name = user.email.split('@').next().unwrap_or_default();
    let mut body = json!({
        "href": format!("/users/{user_id}"),
        "auth_username": session_username(user_id),
        "session_token": session_token,
        "inactivity_expiration_minutes": shared.idle_minutes,
        "full_name": full_name,
        "username": user.email,
        "local": true,
        "type": "local",
        "start": shared.clock.pce_date(Duration::ZERO),
        "time_zone": "Etc/UTC",
        "certificate": {
            "expiration": shared.clock.rfc3339(Duration::from_secs(365 * 24 * 3600)),
            "generated": false,
        },
        "login_url": format!("{}/login", shared.url),
        "orgs": [{
            "org_id": org_id,
            "org_href": format!("/orgs/{org_id}"),
            "display_name": "Mock PCE",
            "role_scopes": [{
                "role": { "href": format!("/orgs/{org_id}/roles/owner") },
                "scope": [],
                "href": format!("/orgs/{org_id}/users/{user_id}/role_scopes/{user_id}"),
            }],
        }],
        "version_tag": format!("{}-{BUILD}", shared.version),
        "version_date": "Mon Jun 30 12:00:00 2025 +0000",
        "product_version": {
            "version": shared.version,
            "build": BUILD,
            "long_display": format!("{}-{BUILD}", shared.version),
            "short_display": shared.version,
        },
    });
    // The previous login, as strings like the documented example's; a first login has none,
    // and the fields are left out rather than sent as `null` (the schema types them as
    // strings).
    if let Some(login) = previous {
        body["last_login_ip_address"] = json!(login.ip.to_string());
        body["last_login_on"] = json!(shared.clock.rfc3339(login.at));
    }
    Counters::bump(&shared.counters.logins);
    Reply::json(StatusCode::OK, &body)
}

/// `PUT /users/<id>/logout`: ends the session used for the call, 204. The body (`{}` in the
/// docs) is not checked. Choices: with an API key, 400 (keys do not log out); for another
/// user, 403; the user's other sessions stay live.
pub(crate) fn logout(shared: &Shared, call: &Call<'_>, user_id: i64) -> Reply {
    let caller = match authorize(shared, call) {
        Ok(caller) => caller,
        Err(reply) => return reply,
    };
    let Credential::Session(token) = &caller.credential else {
        return Reply::error(
            StatusCode::BAD_REQUEST,
            "logout_not_allowed",
            "Only session credentials can log out; API keys are deleted instead",
        );
    };
    if let Err(reply) = require_self(&caller, user_id) {
        return reply;
    }
    let mut store = shared.store();
    store.sessions.close(token);
    store.limiter.forget(&caller.credential.rate_key());
    Reply::empty(StatusCode::NO_CONTENT)
}

/// `GET /product_version`, with any credential: the version the PCE runs, as 26.x bundles
/// describe the answer (`{"version", "build", …}` at the top; 25.2 bundles wrap it in
/// `product_version`, a shape the client reads too).
pub(crate) fn product_version(shared: &Shared, call: &Call<'_>) -> Reply {
    if let Err(reply) = authorize(shared, call) {
        return reply;
    }
    let build: u64 = BUILD.parse().unwrap_or_default();
    Reply::json(
        StatusCode::OK,
        &json!({
            "version": shared.version,
            "build": build,
            "long_display": format!("{}-{BUILD}", shared.version),
            "short_display": shared.version,
            "product_name": "pce",
        }),
    )
}
