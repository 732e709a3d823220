//! Reading and writing a generated response struct: one `Option` field per property; the
//! properties it does not name, the values that do not fit and which properties were `null`
//! in its [`Extra`].

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::extra::Extra;
use crate::nulls::Nulls;
use crate::read::{Lenient, Read};

/// A generated response struct: what was read besides its fields, and which properties
/// were `null`.
pub trait Object: Default {
    /// The index of the property named `name`.
    #[doc(hidden)]
    fn index(name: &str) -> Option<usize>;

    /// Reads the value of property `index` from `map` into its field; `repeated` when the
    /// object already had the property (what was read of it before is forgotten).
    #[doc(hidden)]
    fn read_property<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        repeated: bool,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// The properties the type does not name, the values that did not fit their field, and
    /// which properties were `null`.
    fn extra(&self) -> &Extra;

    /// `extra`, to change it.
    fn extra_mut(&mut self) -> &mut Extra;

    /// Whether `property` was `null` (its field reads `None`).
    fn is_null(&self, property: &str) -> bool {
        match Self::index(property) {
            Some(index) if self.extra().nulls().contains(index) => true,
            _ => self.extra().get(property) == Some(&Value::Null),
        }
    }

    /// Makes `property` `null` when encoded (the caller empties its field).
    fn set_null(&mut self, property: &str) {
        match Self::index(property) {
            Some(index) => self.extra_mut().set_null(index, property),
            None => {
                self.extra_mut().insert(property.to_owned(), Value::Null);
            }
        }
    }
}

/// Reads an object of type `T` from `deserializer`: any JSON object; what is inside never
/// fails. Anything but an object is the deserializer's error.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        let mut seen = Nulls::default();
        while let Some(key) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            match key {
                Key::Named(index) => {
                    let repeated = seen.contains(index) || !seen.insert(index);
                    object.read_property(index, repeated, &mut map)?
                }
                Key::Other(name) => {
                    let value: Value = map.next_value()?;
                    object.extra_mut().insert(name, value);
                }
            }
        }
        Ok(object)
    }
}

/// A property name: one the type names (its index), or another.
enum Key {
    Named(usize),
    Other(String),
}

struct KeySeed<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T: Object> Visitor<'de> for KeySeed<T> {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(T::index(name).map_or_else(|| Key::Other(name.to_owned()), Key::Named))
    }

    fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Key, E> {
        Ok(T::index(&name).map_or(Key::Other(name), Key::Named))
    }
}

/// Reads the value of property `index` (JSON name `name`) from `map` into `slot`: `null` is
/// recorded in `extra`, and so is a value that does not fit; a property sent twice
/// (`repeated`) keeps its last value.
#[inline(always)]
pub fn property<'de, T: Lenient, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    index: usize,
    name: &str,
    extra: &mut Extra,
    repeated: bool,
    map: &mut A,
) -> Result<(), A::Error> {
    map.next_value_seed(PropertySeed {
        slot,
        index,
        name,
        extra,
        repeated,
    })
}

/// The seed that reads a property's value and puts it where it belongs, so that what was read
/// is never returned through the deserializer.
struct PropertySeed<'a, T> {
    slot: &'a mut Option<T>,
    index: usize,
    name: &'a str,
    extra: &'a mut Extra,
    repeated: bool,
}

impl<'de, T: Lenient> DeserializeSeed<'de> for PropertySeed<'_, T> {
    type Value = ();

    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let read = T::read(deserializer)?;
        if self.repeated {
            *self.slot = None;
            self.extra.forget(self.index, self.name);
        }
        match read {
            Read::Fit(value) => *self.slot = Some(value),
            Read::Null => self.extra.set_null(self.index, self.name),
            Read::Unfit(value) => {
                #[cfg(feature = "audit")]
                crate::audit::unfit(self.name);
                self.extra.insert(self.name.to_owned(), *value);
            }
        }
        Ok(())
    }
}

/// A property's field, as [`write_object`] writes it: an `Option` whose value serializes.
pub trait Field {
    /// The field's value, when it has one.
    fn value(&self) -> Option<&dyn erased_serde::Serialize>;
}

impl<T: Serialize> Field for Option<T> {
    #[inline]
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        self.as_ref()
            .map(|value| value as &dyn erased_serde::Serialize)
    }
}

/// Writes an object of type `T` to `serializer`: each property (`names[i]`, `fields[i]`,
/// index `i`) with its value when its field has one, `null` when it was `null`, nothing when
/// it was absent; then what `extra` holds, but what a property already wrote (a value that did
/// not fit, kept in `extra` before its field was set). One function for every type: its
/// properties come as trait objects, so that a type's `Serialize` is one call.
pub fn write_object<T: Object, S: Serializer>(
    serializer: S,
    names: &[&str],
    fields: &[&dyn Field],
    extra: &Extra,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let nulls = extra.nulls();
    let mut written = Nulls::default();
    for (index, (name, field)) in names.iter().zip(fields).enumerate() {
        match field.value() {
            Some(value) => map.serialize_entry(name, value)?,
            None if nulls.contains(index) => map.serialize_entry(name, &())?,
            None => continue,
        }
        written.insert(index);
    }
    for (name, value) in extra.iter() {
        if !T::index(name).is_some_and(|index| written.contains(index)) {
            map.serialize_entry(name, value)?;
        }
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::{Extra, Object};

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Workload {
        hostname: Option<String>,
        online: Option<bool>,
        extra: Extra,
    }
    crate::object!(Workload { 0 hostname: "hostname", 1 online: "online" });

    fn round_trip(json: serde_json::Value) -> Workload {
        let workload: Workload = serde_json::from_value(json.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&workload).expect("encodes"), json);
        workload
    }

    #[test]
    fn null_absent_and_unfit_each_come_back_as_they_came() {
        let null = round_trip(json!({"hostname": null}));
        assert!(null.is_null("hostname") && !null.is_null("online"));
        let unfit = round_trip(json!({"online": "yes", "new": [1]}));
        assert_eq!(unfit.online, None);
        assert_eq!(unfit.extra["online"], "yes");
        let twice: Workload =
            serde_json::from_str(r#"{"online": "yes", "online": true}"#).expect("decodes");
        assert_eq!(
            serde_json::to_value(&twice).expect("encodes"),
            json!({"online": true}),
            "the last value wins"
        );
        let null_then_value: Workload =
            serde_json::from_str(r#"{"hostname": null, "online": true, "hostname": "web-1"}"#)
                .expect("decodes");
        assert!(!null_then_value.is_null("hostname"));
        assert_eq!(
            serde_json::to_value(&null_then_value).expect("encodes"),
            json!({"hostname": "web-1", "online": true})
        );
    }

    #[test]
    fn a_field_set_after_reading_is_written_once() {
        let mut workload: Workload =
            serde_json::from_value(json!({"online": "yes", "hostname": null})).expect("decodes");
        workload.online = Some(true);
        workload.hostname = Some("web-1".to_owned());
        let text = serde_json::to_string(&workload).expect("encodes");
        assert_eq!(text.matches("online").count(), 1, "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).expect("JSON"),
            json!({"online": true, "hostname": "web-1"})
        );
        workload.set_null("online");
        workload.online = None;
        assert_eq!(
            serde_json::to_value(&workload).expect("encodes"),
            json!({"online": null, "hostname": "web-1"})
        );
    }
}
