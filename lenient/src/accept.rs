//! Reading one value by the JSON kind it turns out to have: a type says which kinds it
//! accepts ([`Accept`]); any other value is kept as it came.

use std::marker::PhantomData;
use std::num::NonZeroU64;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::read::{Lenient, Read, Seed};

/// The JSON values a type takes; [`read_any`] keeps every other value as it came.
///
/// Each method gets one kind of value and gives the `Self` it makes of it, or `None` when
/// it does not take it. A type that takes objects or arrays reads them itself (leniently:
/// what is inside never fails).
pub trait Accept: Sized {
    /// From `true` or `false`.
    fn bool(value: bool) -> Option<Self> {
        let _ = value;
        None
    }
    /// From a negative integer.
    fn i64(value: i64) -> Option<Self> {
        let _ = value;
        None
    }
    /// From a non-negative integer.
    fn u64(value: u64) -> Option<Self> {
        let _ = value;
        None
    }
    /// From a number with a fraction or an exponent.
    fn f64(value: f64) -> Option<Self> {
        let _ = value;
        None
    }
    /// From a string.
    fn str(value: &str) -> Option<Self> {
        let _ = value;
        None
    }
    /// From a string the deserializer owns (the string back when it does not take it).
    fn string(value: String) -> Result<Self, String> {
        Self::str(&value).ok_or(value)
    }
    /// From an object.
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Read<Self>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(|v| Read::Unfit(Box::new(v)))
    }
    /// From an array.
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Read<Self>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(|v| Read::Unfit(Box::new(v)))
    }
}

/// Reads a `T` from whatever value `deserializer` holds: `null` is [`Read::Null`], a value
/// `T` does not [`Accept`] is [`Read::Unfit`].
#[inline(always)]
pub fn read_any<'de, T: Accept, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Read<T>, D::Error> {
    deserializer.deserialize_any(Visit::<T>(PhantomData))
}

struct Visit<T>(PhantomData<fn() -> T>);

/// `value` when the type took it, else the value as it came (`unfit` of `raw`): a function
/// pointer rather than a closure, so that each type instantiates no closure of its own.
fn fit_or<T, V>(value: Option<T>, raw: V, unfit: fn(V) -> Value) -> Read<T> {
    match value {
        Some(value) => Read::Fit(value),
        None => Read::Unfit(Box::new(unfit(raw))),
    }
}

/// A number with a fraction as JSON (`null` for what JSON cannot hold).
fn f64_value(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A borrowed string as JSON.
fn str_value(v: &str) -> Value {
    Value::String(v.to_owned())
}

impl<'de, T: Accept> Visitor<'de> for Visit<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Read<T>, E> {
        Ok(fit_or(T::bool(v), v, Value::Bool))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Read<T>, E> {
        Ok(fit_or(T::i64(v), v, Value::from))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Read<T>, E> {
        Ok(fit_or(T::u64(v), v, Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Read<T>, E> {
        Ok(fit_or(T::f64(v), v, f64_value))
    }

    fn visit_str<E>(self, v: &str) -> Result<Read<T>, E> {
        Ok(fit_or(T::str(v), v, str_value))
    }

    fn visit_string<E>(self, v: String) -> Result<Read<T>, E> {
        Ok(match T::string(v) {
            Ok(value) => Read::Fit(value),
            Err(v) => Read::Unfit(Box::new(Value::String(v))),
        })
    }

    fn visit_unit<E>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }

    fn visit_none<E>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read<T>, A::Error> {
        T::map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<T>, A::Error> {
        T::seq(seq)
    }
}

/// `Lenient` through `Accept`, for the types here.
macro_rules! lenient_by_kind {
    ($($ty:ty),*) => {$(
        impl Lenient for $ty {
            #[inline]
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
                read_any(deserializer)
            }
        }
    )*};
}

lenient_by_kind!(String, bool, i64, u64, NonZeroU64, Number, Map<String, Value>);
lenient_by_kind!(i8, i16, i32, u8, u16, u32);
lenient_by_kind!(crate::Href, crate::Timestamp);

/// An integer type narrower than 64 bits takes the integers in its range.
macro_rules! narrow_integers {
    ($($ty:ty),*) => {$(
        impl Accept for $ty {
            fn i64(value: i64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
            fn u64(value: u64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
        }
    )*};
}

narrow_integers!(i8, i16, i32, u8, u16, u32);

impl Accept for String {
    fn str(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
    fn string(value: String) -> Result<Self, String> {
        Ok(value)
    }
}

impl Accept for bool {
    fn bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

impl Accept for i64 {
    fn i64(value: i64) -> Option<Self> {
        Some(value)
    }
    fn u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok()
    }
}

impl Accept for u64 {
    fn i64(value: i64) -> Option<Self> {
        u64::try_from(value).ok()
    }
    fn u64(value: u64) -> Option<Self> {
        Some(value)
    }
}

impl Accept for NonZeroU64 {
    fn u64(value: u64) -> Option<Self> {
        NonZeroU64::new(value)
    }
}

impl Accept for Number {
    fn i64(value: i64) -> Option<Self> {
        Some(value.into())
    }
    fn u64(value: u64) -> Option<Self> {
        Some(value.into())
    }
    fn f64(value: f64) -> Option<Self> {
        Number::from_f64(value)
    }
}

impl Accept for Map<String, Value> {
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Read<Self>, A::Error> {
        Map::deserialize(MapAccessDeserializer::new(map)).map(Read::Fit)
    }
}

/// Any value fits; `null` is `null` (a property reads `None`, an item of a list `null`).
impl Lenient for Value {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        Value::deserialize(deserializer).map(|value| match value {
            Value::Null => Read::Null,
            value => Read::Fit(value),
        })
    }

    fn from_null() -> Option<Self> {
        Some(Value::Null)
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        T::read(deserializer).map(|read| read.map(Box::new))
    }

    fn from_null() -> Option<Self> {
        T::from_null().map(Box::new)
    }
}

/// `null` fits, as `None` (an array item that may be `null`).
impl<T: Lenient> Lenient for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        Ok(match T::read(deserializer)? {
            Read::Fit(value) => Read::Fit(Some(value)),
            Read::Null => Read::Fit(None),
            Read::Unfit(value) => Read::Unfit(value),
        })
    }

    fn from_null() -> Option<Self> {
        Some(None)
    }
}

impl<T: Lenient + Serialize> Lenient for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error> {
        read_any(deserializer)
    }
}

/// An array fits when every item does; otherwise the whole array is kept as it came (the
/// items read so far written back, which gives the JSON they were read from).
impl<T: Lenient + Serialize> Accept for Vec<T> {
    fn seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Read<Self>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed::<T>::new())? {
            let first = match item {
                Read::Fit(item) => {
                    items.push(item);
                    continue;
                }
                Read::Null => match T::from_null() {
                    Some(item) => {
                        items.push(item);
                        continue;
                    }
                    None => Value::Null,
                },
                Read::Unfit(value) => *value,
            };
            let mut values = Vec::with_capacity(items.len() + 1);
            for item in &items {
                values.push(serde_json::to_value(item).map_err(A::Error::custom)?);
            }
            values.push(first);
            while let Some(value) = seq.next_element::<Value>()? {
                values.push(value);
            }
            return Ok(Read::Unfit(Box::new(Value::Array(values))));
        }
        Ok(Read::Fit(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T: Lenient>(text: &str) -> Read<T> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        T::read(&mut deserializer).expect("JSON")
    }

    #[test]
    fn a_value_of_the_declared_kind_fits() {
        assert_eq!(read::<String>(r#""web""#), Read::Fit("web".to_owned()));
        assert_eq!(read::<bool>("true"), Read::Fit(true));
        assert_eq!(read::<i64>("-3"), Read::Fit(-3));
        assert_eq!(
            read::<Number>("5.0").fit().map(|n| n.to_string()),
            Some("5.0".to_owned())
        );
        assert_eq!(
            read::<Vec<String>>(r#"["a","b"]"#),
            Read::Fit(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            read::<Value>("null"),
            Read::Null,
            "a property that is null reads None"
        );
        assert_eq!(
            read::<Vec<Value>>("[1,null]"),
            Read::Fit(vec![json!(1), Value::Null])
        );
        assert_eq!(
            read::<Vec<Option<String>>>(r#"["a",null]"#),
            Read::Fit(vec![Some("a".to_owned()), None])
        );
    }

    #[test]
    fn null_is_null_and_any_other_kind_is_kept_as_it_came() {
        assert_eq!(read::<String>("null"), Read::Null);
        assert_eq!(read::<String>("12"), Read::Unfit(Box::new(json!(12))));
        assert_eq!(
            read::<bool>(r#"{"a":[1,{"b":null}]}"#),
            Read::Unfit(Box::new(json!({"a":[1,{"b":null}]})))
        );
        assert_eq!(
            read::<i64>("18446744073709551615"),
            Read::Unfit(Box::new(json!(18446744073709551615u64)))
        );
        assert_eq!(read::<i64>("1.5"), Read::Unfit(Box::new(json!(1.5))));
        assert_eq!(read::<NonZeroU64>("0"), Read::Unfit(Box::new(json!(0))));
        assert_eq!(read::<u16>("65535"), Read::Fit(65535));
        assert_eq!(read::<u16>("65536"), Read::Unfit(Box::new(json!(65536))));
        assert_eq!(
            read::<Map<String, Value>>("[]"),
            Read::Unfit(Box::new(json!([])))
        );
    }

    #[test]
    fn an_array_with_an_item_that_does_not_fit_is_kept_whole() {
        assert_eq!(
            read::<Vec<String>>(r#"["a",1,"c"]"#),
            Read::Unfit(Box::new(json!(["a", 1, "c"])))
        );
        assert_eq!(
            read::<Vec<String>>(r#"["a",null]"#),
            Read::Unfit(Box::new(json!(["a", null])))
        );
        assert_eq!(
            read::<Vec<String>>(r#""a""#),
            Read::Unfit(Box::new(json!("a")))
        );
    }
}
