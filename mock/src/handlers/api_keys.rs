//! `/users/<id>/api_keys[/<key_id>]`: create, list, read, update and delete API keys.
//!
//! A user manages only his own keys (else 403), with a session or another key.

use hyper::StatusCode;
use serde_json::{json, Value};

use super::{authorize, require_self, Call, Caller, Credential};
use crate::payload::{json_pointer, parse_json_body};
use crate::reply::{Reply, X_TOTAL_COUNT};
use crate::state::Shared;

/// The schema name in messages about a bad body.
const SCHEMA: &str = "api_keys_post.schema.json";

/// The `name` and `description` of a create or update body. Choice (the schema text is not
/// published): an object with only these two properties, both strings; `name` required on
/// create; anything else is 406.
fn key_fields(body: &[u8], name_required: bool) -> Result<(Option<String>, Option<String>), Reply> {
    let value = parse_json_body(body, "object", SCHEMA).map_err(|d| Reply::invalid_input(&d))?;
    let Value::Object(object) = value else {
        return Err(Reply::invalid_input(&format!(
            "The property '#/' did not match the following type: object in schema {SCHEMA}"
        )));
    };
    let mut fields = [None, None];
    for (property, value) in &object {
        let slot = match property.as_str() {
            "name" => &mut fields[0],
            "description" => &mut fields[1],
            other => {
                return Err(Reply::invalid_input(&format!(
                    "The property '#/' contains additional properties [\"{other}\"] outside of the schema when none are allowed in schema {SCHEMA}"
                )))
            }
        };
        let Some(text) = value.as_str() else {
            return Err(Reply::invalid_input(&format!(
                "The property '{}' did not match the following type: string in schema {SCHEMA}",
                json_pointer(&format!("/{property}"))
            )));
        };
        *slot = Some(text.to_owned());
    }
    let [name, description] = fields;
    if name_required && name.is_none() {
        return Err(Reply::invalid_input(&format!(
            "The property '#/' did not contain a required property of 'name' in schema {SCHEMA}"
        )));
    }
    Ok((name, description))
}

/// Authorizes a call on `/users/<user_id>/...`.
fn owner(shared: &Shared, call: &Call<'_>, user_id: i64) -> Result<Caller, Reply> {
    let caller = authorize(shared, call)?;
    require_self(&caller, user_id)?;
    Ok(caller)
}

/// `POST /users/<id>/api_keys` `{"name", "description"}`: 201 with the secret, shown only
/// this once.
pub(crate) fn create(shared: &Shared, call: &Call<'_>, user_id: i64) -> Reply {
    let result = owner(shared, call, user_id).and_then(|_| key_fields(call.body, true));
    let (name, description) = match result {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let key_id = shared.rng.hex(12);
    let secret = shared.rng.hex(64);
    shared.issued(&secret);
    let now = shared.clock.now();
    let mut store = shared.store();
    let key = store.api_keys.create(
        user_id,
        key_id,
        secret.clone(),
        name.unwrap_or_default(),
        description.unwrap_or_default(),
        now,
    );
    Reply::json(
        StatusCode::CREATED,
        &json!({
            "key_id": key.key_id,
            "secret": secret,
            "auth_username": key.auth_username,
            "href": key.href(),
        }),
    )
}

/// `GET /users/<id>/api_keys`: the user's keys, without secrets, oldest first.
pub(crate) fn list(shared: &Shared, call: &Call<'_>, user_id: i64) -> Reply {
    if let Err(reply) = owner(shared, call, user_id) {
        return reply;
    }
    let store = shared.store();
    let keys: Vec<Value> = store
        .api_keys
        .of_user(user_id)
        .map(|key| key.to_json(&shared.clock))
        .collect();
    let count = keys.len() as u64;
    Reply::json(StatusCode::OK, &Value::Array(keys)).number_header(X_TOTAL_COUNT, count)
}

/// The 404 of an unknown key.
fn no_such_key(key_id: &str) -> Reply {
    Reply::error(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("API key {key_id} not found"),
    )
}

/// `GET /users/<id>/api_keys/<key_id>`.
pub(crate) fn get(shared: &Shared, call: &Call<'_>, user_id: i64, key_id: &str) -> Reply {
    if let Err(reply) = owner(shared, call, user_id) {
        return reply;
    }
    let store = shared.store();
    match store.api_keys.get(user_id, key_id) {
        Some(key) => Reply::json(StatusCode::OK, &key.to_json(&shared.clock)),
        None => no_such_key(key_id),
    }
}

/// `PUT /users/<id>/api_keys/<key_id>` `{"name"?, "description"?}`: 204.
pub(crate) fn update(shared: &Shared, call: &Call<'_>, user_id: i64, key_id: &str) -> Reply {
    let result = owner(shared, call, user_id).and_then(|_| key_fields(call.body, false));
    let (name, description) = match result {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let mut store = shared.store();
    let Some(key) = store.api_keys.get_mut(user_id, key_id) else {
        return no_such_key(key_id);
    };
    if let Some(name) = name {
        key.name = name;
    }
    if let Some(description) = description {
        key.description = description;
    }
    Reply::empty(StatusCode::NO_CONTENT)
}

/// `DELETE /users/<id>/api_keys/<key_id>`: 204, and the key stops working at once.
pub(crate) fn delete(shared: &Shared, call: &Call<'_>, user_id: i64, key_id: &str) -> Reply {
    if let Err(reply) = owner(shared, call, user_id) {
        return reply;
    }
    let mut store = shared.store();
    if !store.api_keys.delete(user_id, key_id) {
        return no_such_key(key_id);
    }
    store
        .limiter
        .forget(&Credential::ApiKey(key_id.to_owned()).rate_key());
    Reply::empty(StatusCode::NO_CONTENT)
}
