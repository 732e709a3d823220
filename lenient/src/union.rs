//! Reading a generated union (a schema's `oneOf`/`anyOf`): the branch a value takes is chosen
//! by what the schema says tells them apart, then read leniently.
//!
//! A branch can hold a value of its JSON [`Kind`]. Among those, the first whose tag property
//! has one of its values, or else whose required properties are all there, is chosen; else the
//! first that can hold the value at all (a response's branches read leniently, so it holds
//! it). A value no branch can hold does not fit the union.

use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use serde_json::Value;

use crate::read::Read;

/// The JSON kind of value a branch holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any value.
    Any,
    /// An object.
    Object,
    /// An array.
    Array,
    /// A string.
    String,
    /// An integer.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
}

impl Kind {
    /// Whether a value of this kind can be `value`.
    pub fn holds(self, value: &Value) -> bool {
        match self {
            Kind::Any => true,
            Kind::Object => value.is_object(),
            Kind::Array => value.is_array(),
            Kind::String => value.is_string(),
            Kind::Integer => value.is_i64() || value.is_u64(),
            Kind::Number => value.is_number(),
            Kind::Boolean => value.is_boolean(),
        }
    }
}

/// What the schema says of one branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Branch {
    /// The kind of value it holds.
    pub kind: Kind,
    /// The properties it requires (an object branch).
    pub required: &'static [&'static str],
    /// A property whose value picks the branch, and those values.
    pub tag: Option<(&'static str, &'static [&'static str])>,
}

impl Branch {
    /// Whether `value` has the branch's tag value, or else all its required properties.
    fn matches(&self, value: &Value) -> bool {
        if let Some((property, values)) = self.tag {
            return value
                .get(property)
                .and_then(Value::as_str)
                .is_some_and(|v| values.contains(&v));
        }
        self.required
            .iter()
            .all(|property| value.get(property).is_some_and(|v| !v.is_null()))
    }
}

/// A generated union, as [`union!`](crate::union!) implements it.
pub trait Union: Sized {
    /// Its branches, in the schema's order.
    const BRANCHES: &'static [Branch];

    /// The value read as branch `index`, when that branch holds it.
    fn branch(index: usize, value: &Value) -> Option<Self>;

    /// Reads `value` leniently: as the first branch that holds it, trying first those it
    /// matches (tag or required properties), then the others of its kind.
    fn from_value(value: Value) -> Read<Self> {
        if value.is_null() {
            return Read::Null;
        }
        let holding = || {
            Self::BRANCHES
                .iter()
                .enumerate()
                .filter(|(_, b)| b.kind.holds(&value))
        };
        let matching = holding().filter(|(_, b)| b.matches(&value));
        let others = holding().filter(|(_, b)| !b.matches(&value));
        let union = matching
            .chain(others)
            .find_map(|(index, _)| Self::branch(index, &value));
        match union {
            Some(union) => Read::Fit(union),
            None => Read::Unfit(Box::new(value)),
        }
    }
}

/// Reads a union `T` (named `name` in errors) from `deserializer`: fails only on a value no
/// branch can hold.
pub fn union<'de, T: Union, D: Deserializer<'de>>(
    deserializer: D,
    name: &str,
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match T::from_value(value) {
        Read::Fit(union) => Ok(union),
        Read::Null | Read::Unfit(_) => Err(D::Error::custom(format_args!(
            "a value no branch of `{name}` can hold"
        ))),
    }
}
