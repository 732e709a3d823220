//! What reading one value leniently gives, and the trait every readable type implements.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// One value, read leniently.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<T> {
    /// The value fits the type.
    Fit(T),
    /// The value is `null` (and the type does not hold `null`).
    Null,
    /// The value does not fit the type: as it came (boxed, so that what fits moves little).
    Unfit(Box<Value>),
}

impl<T> Read<T> {
    /// The value, when it fits.
    pub fn fit(self) -> Option<T> {
        match self {
            Read::Fit(value) => Some(value),
            Read::Null | Read::Unfit(_) => None,
        }
    }

    /// Changes the value that fits, leaving the others as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Read<U> {
        match self {
            Read::Fit(value) => Read::Fit(f(value)),
            Read::Null => Read::Null,
            Read::Unfit(value) => Read::Unfit(value),
        }
    }
}

impl<T: Lenient> Read<T> {
    /// Reads a `T` out of a JSON value already parsed.
    pub fn from_value(value: &Value) -> Self {
        T::read(value).unwrap_or_else(|_| Read::Unfit(Box::new(value.clone())))
    }
}

/// A type read leniently: from any JSON value, without failing on what the value holds.
///
/// A deserializer's own errors (a body that is not JSON, an I/O error) still end the read.
pub trait Lenient: Sized {
    /// Reads one value.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error>;

    /// What `null` is as an item of a list: a value of the type when it holds `null` (any
    /// JSON value, an `Option`), else `None` (the list then does not fit). A property that is
    /// `null` reads `None` whatever its type.
    fn from_null() -> Option<Self> {
        None
    }
}

/// Reads a type that is not itself lenient (a request's, reached from a response): the
/// value whole, then the type from it when it fits, else the value as it came.
pub fn read_strict<'de, T: DeserializeOwned, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Read<T>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    if value.is_null() {
        return Ok(Read::Null);
    }
    Ok(match T::deserialize(&value) {
        Ok(fit) => Read::Fit(fit),
        Err(_) => Read::Unfit(Box::new(value)),
    })
}

/// The [`DeserializeSeed`] that reads a `T` leniently, for `next_element_seed`.
pub(crate) struct Seed<T>(PhantomData<fn() -> T>);

impl<T> Seed<T> {
    /// The seed.
    pub(crate) fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Read<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        T::read(deserializer)
    }
}
