//! Reading a generated request struct strictly, as serde's derive would, in a fraction of the
//! code: every property the schema requires must be there, a property it does not name is
//! refused (or, for a struct with `extra`, kept there), a property sent twice is refused, and
//! each value decodes as its field's type. The struct's `Deserialize` is one call of
//! [`request`]; the per-type part ([`Request::read_map`], written by `request!`) is a match
//! arm per property.
//!
//! serde's derive writes, for every struct, a field enum and its visitor, a sequence visitor
//! and a wrapper type per `deserialize_with` field: most of a generated crate's build time.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serializer};
use serde_json::{Map, Value};

/// A generated request struct, read from a JSON object.
pub trait Request: Sized {
    /// The struct's name, for errors (`expected struct LabelUpdate`).
    const NAME: &'static str;

    /// The JSON names of its properties; a property's index is its place here.
    const PROPERTIES: &'static [&'static str];

    /// Reads the struct from an object's entries.
    fn read_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a request struct `T` from `deserializer`: its `Deserialize`.
pub fn request<'de, T: Request, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(RequestVisitor::<T>(PhantomData))
}

struct RequestVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Request> Visitor<'de> for RequestVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_map(map)
    }
}

/// The next property name of `map`: its index among `properties`, or the name itself when
/// `properties` does not hold it.
pub fn next_property<'de, A: MapAccess<'de>>(
    map: &mut A,
    properties: &'static [&'static str],
) -> Result<Option<Result<usize, String>>, A::Error> {
    map.next_key_seed(PropertyName(properties))
}

struct PropertyName(&'static [&'static str]);

impl PropertyName {
    fn find(&self, name: &str) -> Result<usize, String> {
        self.0
            .iter()
            .position(|known| *known == name)
            .ok_or_else(|| name.to_owned())
    }
}

impl<'de> DeserializeSeed<'de> for PropertyName {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for PropertyName {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.find(name))
    }
}

/// Reads the value of property `name` into `slot`; a property sent twice is an error.
pub fn put<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required property's value; its absence is an error.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Writes a request struct to `serializer`: each property (`names[i]`) that has a value
/// (`values[i]`), then what `extra` holds. One function for every type: the values come as
/// trait objects, so that a type's `Serialize` is one call.
pub fn write_request<S: Serializer>(
    serializer: S,
    names: &[&str],
    values: &[Option<&dyn erased_serde::Serialize>],
    extra: Option<&Map<String, Value>>,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    for (name, value) in names.iter().zip(values) {
        if let Some(value) = value {
            map.serialize_entry(name, value)?;
        }
    }
    for (name, value) in extra.into_iter().flatten() {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// What a request struct does with a property it does not name.
pub trait Others: Default {
    /// Takes the value of property `name` (not among `properties`) from `map`.
    fn other<'de, A: MapAccess<'de>>(
        &mut self,
        name: String,
        properties: &'static [&'static str],
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Refuses it: the struct's schema allows no other property.
#[derive(Default)]
pub struct Refuse;

impl Others for Refuse {
    fn other<'de, A: MapAccess<'de>>(
        &mut self,
        name: String,
        properties: &'static [&'static str],
        _: &mut A,
    ) -> Result<(), A::Error> {
        Err(A::Error::unknown_field(&name, properties))
    }
}

/// Keeps it, in the struct's `extra`.
impl Others for Map<String, Value> {
    fn other<'de, A: MapAccess<'de>>(
        &mut self,
        name: String,
        _: &'static [&'static str],
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.insert(name, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct LabelPut {
        key: String,
        value: Option<String>,
        description: Option<Option<String>>,
        r#type: Option<String>,
    }
    crate::request!(LabelPut {
        0 key: "key" required,
        1 value: "value" optional,
        2 description: "description" optional,
        3 r#type: "type" optional,
    });

    #[derive(Debug, PartialEq)]
    struct Open {
        name: String,
        tags: Vec<String>,
        extra: serde_json::Map<String, serde_json::Value>,
    }
    crate::request!(Open { 0 name: "name" required, 1 tags: "tags" defaulted } extra);

    fn read(body: serde_json::Value) -> Result<LabelPut, String> {
        serde_json::from_value(body).map_err(|e| e.to_string())
    }

    #[test]
    fn absent_null_and_set_are_three_things() {
        let put = read(json!({"key": "role", "description": null, "type": "x"})).expect("reads");
        assert_eq!(
            put,
            LabelPut {
                key: "role".into(),
                value: None,
                description: Some(None),
                r#type: Some("x".into()),
            }
        );
    }

    #[test]
    fn what_serde_derive_refuses_is_refused_in_its_words() {
        assert_eq!(read(json!({})).unwrap_err(), "missing field `key`");
        assert_eq!(
            read(json!({"key": "a", "color": 1})).unwrap_err(),
            "unknown field `color`, expected one of `key`, `value`, `description`, `type`"
        );
        assert_eq!(
            read(json!({"key": "a", "value": null})).unwrap_err(),
            "invalid type: null, expected a string"
        );
        assert_eq!(
            read(json!([])).unwrap_err(),
            "invalid type: sequence, expected struct LabelPut"
        );
        let twice = serde_json::from_str::<LabelPut>(r#"{"key": "a", "key": "b"}"#);
        assert!(twice
            .unwrap_err()
            .to_string()
            .starts_with("duplicate field `key`"));
    }

    #[test]
    fn a_struct_with_extra_keeps_what_it_does_not_name() {
        let open: Open =
            serde_json::from_str(r#"{"name": "web", "new_in_26": [1]}"#).expect("reads");
        assert_eq!(open.name, "web");
        assert_eq!(open.extra["new_in_26"], json!([1]));
        assert_eq!(
            serde_json::to_value(&open).expect("writes"),
            json!({"name": "web", "tags": [], "new_in_26": [1]})
        );
    }

    #[test]
    fn a_defaulted_property_absent_reads_its_default_and_is_always_written() {
        let open: Open = serde_json::from_value(json!({"name": "web"})).expect("reads");
        assert!(open.tags.is_empty());
        let tagged: Open =
            serde_json::from_value(json!({"name": "web", "tags": ["a"]})).expect("reads");
        assert_eq!(tagged.tags, ["a"]);
        assert_eq!(
            serde_json::to_value(&tagged).expect("writes"),
            json!({"name": "web", "tags": ["a"]})
        );
    }

    #[test]
    fn writing_gives_back_what_was_read_null_and_absent_apart() {
        for body in [
            json!({"key": "role"}),
            json!({"key": "role", "description": null, "value": "web"}),
            json!({"key": "role", "description": "front", "type": "x"}),
        ] {
            let put = read(body.clone()).expect("reads");
            assert_eq!(serde_json::to_value(&put).expect("writes"), body);
        }
    }
}
