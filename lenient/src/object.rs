//! Reading and writing a generated response struct: one `Option` field per property, the
//! properties it does not name and the values that do not fit in `extra`, its `null`s in
//! [`Nulls`].

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::nulls::Nulls;
use crate::read::{Lenient, Read, Seed};

/// A generated response struct, as [`object!`](crate::object!) implements it.
pub trait Object: Default {
    /// The JSON name of each property the type names, by index.
    const PROPERTIES: &'static [&'static str];

    /// The index of the property named `name`.
    fn index(name: &str) -> Option<usize>;

    /// Reads the value of property `index` from `map` into its field.
    fn read_property<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// The properties the type does not name, and the values that did not fit their field.
    fn extra(&self) -> &Map<String, Value>;

    /// `extra`, to change it.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;

    /// The properties that were `null`.
    fn nulls(&self) -> &Nulls;

    /// `nulls`, to change it.
    fn nulls_mut(&mut self) -> &mut Nulls;

    /// Whether `property` was `null` (its field reads `None`).
    fn is_null(&self, property: &str) -> bool {
        match Self::index(property) {
            Some(index) if self.nulls().contains(index) => true,
            _ => self.extra().get(property) == Some(&Value::Null),
        }
    }

    /// Makes `property` `null` when encoded (the caller empties its field).
    fn set_null(&mut self, property: &str) {
        let recorded = Self::index(property).is_some_and(|index| self.nulls_mut().insert(index));
        if !recorded {
            self.extra_mut().insert(property.to_owned(), Value::Null);
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
        while let Some(key) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            match key {
                Key::Named(index) => object.read_property(index, &mut map)?,
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
/// recorded in `nulls`, a value that does not fit is kept in `extra`; a property sent twice
/// keeps its last value.
pub fn property<'de, T: Lenient, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    index: usize,
    name: &str,
    nulls: &mut Nulls,
    extra: &mut Map<String, Value>,
    map: &mut A,
) -> Result<(), A::Error> {
    let read = map.next_value_seed(Seed::<T>::new())?;
    if slot.is_some() || nulls.contains(index) || !extra.is_empty() {
        *slot = None;
        nulls.remove(index);
        extra.remove(name);
    }
    match read {
        Read::Fit(value) => *slot = Some(value),
        Read::Null => {
            if !nulls.insert(index) {
                extra.insert(name.to_owned(), Value::Null);
            }
        }
        Read::Unfit(value) => {
            #[cfg(feature = "audit")]
            crate::audit::unfit(name);
            extra.insert(name.to_owned(), value);
        }
    }
    Ok(())
}

/// Writes property `name` to `map`: its value when the field has one, `null` when it was
/// `null`, nothing when it was absent (a value kept in `extra` is written with `extra`).
pub fn write_property<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &str,
    field: &Option<T>,
    null: bool,
) -> Result<(), M::Error> {
    match field {
        Some(value) => map.serialize_entry(name, value),
        None if null => map.serialize_entry(name, &()),
        None => Ok(()),
    }
}
