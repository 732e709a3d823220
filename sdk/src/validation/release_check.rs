//! A request body checked against the schemas of the PCE's release, and refused naming what
//! is new when a newer release of the client's would accept it.
//!
//! What is new is found in the table's additions (the diff of each release with the one
//! before): the value at a violation, or the keys and scalars of the object or array there,
//! that a later release added to the schema. A violation that names none of them is reported
//! as a value of a shape new in the first release that accepts the whole body.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::release_gap::ReleaseGap;
use crate::release_table::{Checked, ReleaseTable};

/// `Ok` when `body` is valid for `schema` (a path, `v2/labels_post.schema.json`) in the
/// release `at`, or when that release has no such schema (the operation check speaks for
/// it); [`Error::NotInRelease`] when a newer release accepts it; else
/// [`Error::Validation`].
pub(crate) fn check_body(
    table: &ReleaseTable,
    at: &Checked,
    schema: &str,
    body: &Value,
) -> Result<()> {
    let Some(set) = table
        .schemas(at.index)
        .filter(|set| set.text(schema).is_some())
    else {
        return Ok(());
    };
    let violations = set.validate(schema, body)?;
    if violations.is_empty() {
        return Ok(());
    }
    let accepted_by = (at.index + 1..table.releases().len()).find_map(|newer| {
        let set = table.schemas(newer)?;
        let accepts = set.text(schema).is_some()
            && set
                .validate(schema, body)
                .is_ok_and(|violations| violations.is_empty());
        accepts.then(|| set.name().to_owned())
    });
    let Some(newer) = accepted_by else {
        return Err(Error::Validation {
            schema: format!("{}/{schema}", at.release),
            violations,
        });
    };
    let mut gaps: Vec<ReleaseGap> = Vec::new();
    for violation in &violations {
        let found = additions(table, at, schema, &violation.pointer, body);
        if found.is_empty() {
            gaps.push(ReleaseGap {
                what: "a value of this shape".to_owned(),
                pointer: Some(violation.pointer.clone()),
                since: newer.clone(),
            });
        }
        for gap in found {
            if !gaps.contains(&gap) {
                gaps.push(gap);
            }
        }
    }
    gaps.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    Err(at.refuse(gaps))
}

/// What a release after `at` added to `schema` that the value at `pointer` in `body` uses:
/// the value itself, or the keys of an object and the scalars it or an array directly holds
/// (one level, where the schema keyword that failed looks).
fn additions(
    table: &ReleaseTable,
    at: &Checked,
    schema: &str,
    pointer: &str,
    body: &Value,
) -> Vec<ReleaseGap> {
    let newer = |release: Option<usize>| {
        release
            .filter(|r| *r > at.index)
            .and_then(|r| table.releases().get(r))
            .map(|r| (*r).to_owned())
    };
    let value_gap = |value: &Value, here: String| {
        let scalar = !value.is_object() && !value.is_array();
        let since = newer(table.value_since(schema, &value.to_string())).filter(|_| scalar)?;
        Some(ReleaseGap {
            what: format!("the value `{value}`"),
            pointer: Some(here),
            since,
        })
    };
    let mut found = Vec::new();
    match body.pointer(pointer) {
        Some(Value::Object(map)) => {
            for (key, child) in map {
                let here = format!("{pointer}/{}", escape(key));
                match newer(table.property_since(schema, key)) {
                    Some(since) => found.push(ReleaseGap {
                        what: format!("`{key}`"),
                        pointer: Some(here),
                        since,
                    }),
                    None => found.extend(value_gap(child, here)),
                }
            }
        }
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                found.extend(value_gap(item, format!("{pointer}/{index}")));
            }
        }
        Some(scalar) => found.extend(value_gap(scalar, pointer.to_owned())),
        None => {}
    }
    found
}

/// A JSON pointer's escaping of one key: `~` as `~0`, `/` as `~1`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    static TABLE: ReleaseTable = ReleaseTable::new(
        &["25.2.20", "26.3.0"],
        &[],
        &[
            (
                "v2/rules_post.schema.json",
                0b01,
                r#"{"type": "object", "additionalProperties": false, "properties": {"name": {"type": "string"}, "kind": {"enum": ["a"]}}}"#,
            ),
            (
                "v2/rules_post.schema.json",
                0b10,
                r#"{"type": "object", "additionalProperties": false, "properties": {"name": {"type": ["string", "integer"]}, "kind": {"enum": ["a", "b"]}, "all_ips": {"type": "boolean"}}}"#,
            ),
        ],
        &[("v2/rules_post.schema.json", "all_ips", 1)],
        &[("v2/rules_post.schema.json", "\"b\"", 1)],
    );

    fn check(version: &str, body: Value) -> Result<()> {
        let at = Checked::of(&TABLE, Some(version));
        check_body(&TABLE, &at, "v2/rules_post.schema.json", &body)
    }

    #[test]
    fn what_a_newer_release_added_is_refused_naming_it_and_its_release() {
        let error = check(
            "25.2.20",
            json!({"name": "r", "all_ips": true, "kind": "b"}),
        )
        .expect_err("new in 26.3.0");
        assert_eq!(
            error.to_string(),
            "`all_ips` (`/all_ips`) is new in 26.3.0, the value `\"b\"` (`/kind`) is new in 26.3.0; this PCE runs 25.2.20"
        );
        assert!(check("26.3.0", json!({"name": "r", "all_ips": true, "kind": "b"})).is_ok());
        assert!(check("25.2.20", json!({"name": "r", "kind": "a"})).is_ok());
    }

    #[test]
    fn a_shape_only_a_newer_release_takes_is_refused_naming_where_and_since_when() {
        let error = check("25.2.20", json!({"name": 5})).expect_err("new in 26.3.0");
        assert_eq!(
            error.to_string(),
            "a value of this shape (`/name`) is new in 26.3.0; this PCE runs 25.2.20"
        );
    }

    #[test]
    fn a_body_no_release_accepts_is_a_validation_error() {
        let error = check("25.2.20", json!({"name": true})).expect_err("invalid everywhere");
        assert!(matches!(error, Error::Validation { .. }), "{error:?}");
    }
}
