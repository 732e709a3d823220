//! Read, modify, write: the body that updates an object, from the object as it was read. The
//! generated `to_update()` of a response type keeps exactly the properties its `PUT` schema
//! has, at every depth ([`Keep`], written by the generator from that schema), but those read
//! as `null` (left out, the PCE keeps them as they are), and decodes them as the strict request
//! type.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Which properties of a value a `PUT` schema has.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The whole value.
    All,
    /// An object's properties, each with what to keep of its value.
    Object(&'static [(&'static str, Keep)]),
    /// An array, what to keep of each item.
    Items(&'static Keep),
    /// A union: what one of the branches keeps; the branch that keeps most.
    OneOf(&'static [Keep]),
}

impl Keep {
    /// `value` with only what this keeps, and how many properties that is.
    fn apply(&self, value: &Value) -> (Value, usize) {
        match (self, value) {
            (Keep::Object(properties), Value::Object(object)) => {
                let mut kept = Map::new();
                let mut count = 0;
                for (name, keep) in *properties {
                    // A `null` read is left out: the PCE keeps what it has.
                    if let Some(value) = object.get(*name).filter(|v| !v.is_null()) {
                        let (value, inner) = keep.apply(value);
                        kept.insert((*name).to_owned(), value);
                        count += 1 + inner;
                    }
                }
                (Value::Object(kept), count)
            }
            (Keep::Items(keep), Value::Array(items)) => {
                let mut count = 0;
                let items = items
                    .iter()
                    .map(|item| {
                        let (item, inner) = keep.apply(item);
                        count += inner;
                        item
                    })
                    .collect();
                (Value::Array(items), count)
            }
            (Keep::OneOf(branches), _) => branches
                .iter()
                .map(|branch| branch.apply(value))
                .max_by_key(|(_, count)| *count)
                .unwrap_or((Value::Null, 0)),
            _ => (value.clone(), 0),
        }
    }
}

/// `object` as the body `U` of its update: the properties `keep` names, as they were read;
/// of a union's branches, the first that decodes, trying those that keep most first.
///
/// # Errors
///
/// When what was read does not make a valid `U` (a property the `PUT` requires that the
/// object lacks, a value it refuses).
#[doc(hidden)]
pub fn update_body<T: Serialize, U: DeserializeOwned>(
    object: &T,
    keep: &Keep,
) -> Result<U, serde_json::Error> {
    let mut error = None;
    for body in candidates(serde_json::to_value(object)?, keep) {
        match serde_json::from_value(body) {
            Ok(update) => return Ok(update),
            Err(e) => error = Some(e),
        }
    }
    Err(error.unwrap_or_else(|| serde::de::Error::custom("the update type has no branch")))
}

/// The bodies `keep` makes of `value`, those that keep most first: the part of
/// [`update_body`] that does not depend on its types, compiled once.
fn candidates(value: Value, keep: &Keep) -> Vec<Value> {
    let mut candidates: Vec<(Value, usize)> = match keep {
        Keep::OneOf(branches) => branches.iter().map(|b| b.apply(&value)).collect(),
        one => vec![one.apply(&value)],
    };
    candidates.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    candidates.into_iter().map(|(body, _)| body).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct LabelRef {
        href: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct WorkloadPut {
        name: Option<String>,
        labels: Option<Vec<LabelRef>>,
    }

    const LABEL: Keep = Keep::Object(&[("href", Keep::All)]);
    const PUT: Keep = Keep::Object(&[("name", Keep::All), ("labels", Keep::Items(&LABEL))]);

    #[test]
    fn only_what_the_put_has_is_kept_at_every_depth() {
        let read = json!({
            "href": "/orgs/1/workloads/7", "name": "web", "created_at": "2024-01-01",
            "description": null,
            "labels": [{"href": "/orgs/1/labels/3", "key": "role", "value": "web"}]
        });
        let update: WorkloadPut = update_body(&read, &PUT).expect("decodes");
        assert_eq!(
            update,
            WorkloadPut {
                name: Some("web".into()),
                labels: Some(vec![LabelRef {
                    href: "/orgs/1/labels/3".into()
                }]),
            }
        );
    }

    #[test]
    fn a_union_takes_the_branch_that_keeps_most_and_decodes() {
        const BRANCHES: Keep = Keep::OneOf(&[
            Keep::Object(&[("name", Keep::All)]),
            Keep::Object(&[("name", Keep::All), ("labels", Keep::Items(&LABEL))]),
        ]);
        let read = json!({"name": "web", "labels": [{"href": "/orgs/1/labels/3"}]});
        let update: WorkloadPut = update_body(&read, &BRANCHES).expect("decodes");
        assert_eq!(update.labels.map(|l| l.len()), Some(1));
    }

    #[test]
    fn what_the_put_refuses_is_an_error() {
        let read = json!({"name": 7});
        assert!(update_body::<_, WorkloadPut>(&read, &PUT).is_err());
    }
}
