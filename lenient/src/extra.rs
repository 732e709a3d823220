//! What an object holds besides its fields: which properties were `null` ([`Nulls`], one
//! word, since real PCE objects nearly always have some) and, behind one pointer that stays
//! empty until it is needed, the properties its schema does not name and the values that did
//! not fit their field.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::nulls::Nulls;

/// The properties an object's schema does not name (what a newer PCE adds) and the values
/// that did not fit their field (another JSON type than declared), as the PCE sent them: a
/// `serde_json::Map` (through `Deref`), empty when the object had none; and which properties
/// were `null` ([`Extra::nulls`]), so that the object encodes back as it came.
///
/// It takes two words: the `null`s, and a pointer to the map that is only allocated once
/// something is put in it, so that objects with `null`s and nothing unknown (what a PCE
/// sends) cost no allocation for it.
///
/// ```
/// let mut extra = illumio_pce_lenient::Extra::default();
/// assert!(extra.is_empty());
/// extra.insert("new_in_26".to_owned(), serde_json::json!(1));
/// assert_eq!(extra["new_in_26"], 1);
/// ```
#[derive(Clone, Default)]
pub struct Extra {
    nulls: Nulls,
    map: Option<Box<Map<String, Value>>>,
}

impl Extra {
    /// Which properties were `null`, by index (for the generated `Serialize`; read
    /// [`Object::is_null`](crate::Object::is_null)).
    #[doc(hidden)]
    pub fn nulls(&self) -> Nulls {
        self.nulls
    }

    /// Records that property `index` (JSON name `name`) was `null`: by its index, or past
    /// [`Nulls::CAPACITY`] as a `null` in the map.
    pub(crate) fn set_null(&mut self, index: usize, name: &str) {
        if !self.nulls.insert(index) {
            self.map_mut().insert(name.to_owned(), Value::Null);
        }
    }

    /// Forgets what it holds for property `index` (JSON name `name`): a `null`, or a value that
    /// did not fit.
    pub(crate) fn forget(&mut self, index: usize, name: &str) {
        self.nulls.remove(index);
        if let Some(map) = &mut self.map {
            map.remove(name);
        }
    }

    fn map_mut(&mut self) -> &mut Map<String, Value> {
        self.map.get_or_insert_with(Box::default)
    }
}

/// The empty map an unused [`Extra`] reads as.
fn empty() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        match &self.map {
            Some(map) => map,
            None => empty(),
        }
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.map_mut()
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other && self.nulls() == other.nulls()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nulls().is_empty() {
            fmt::Debug::fmt(&**self, f)
        } else {
            f.debug_struct("Extra")
                .field("map", &**self)
                .field("nulls", &self.nulls())
                .finish()
        }
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The map, as JSON.
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unused_extra_reads_as_an_empty_map_and_equals_one_emptied() {
        let unused = Extra::default();
        assert!(unused.map.is_none() && unused.is_empty() && unused.nulls().is_empty());
        let mut emptied = Extra::default();
        emptied.insert("x".to_owned(), json!(1));
        emptied.set_null(2, "y");
        emptied.forget(0, "x");
        emptied.forget(2, "y");
        assert!(emptied.map.is_some());
        assert_eq!(unused, emptied);
        assert_eq!(format!("{unused:?}"), "{}");
    }

    #[test]
    fn nulls_are_kept_by_index_and_past_the_capacity_in_the_map() {
        let mut extra = Extra::default();
        extra.set_null(3, "name");
        extra.set_null(70, "far");
        assert!(extra.nulls().contains(3));
        assert_eq!(extra.get("far"), Some(&Value::Null));
        assert!(extra.get("name").is_none());
        extra.forget(3, "name");
        assert!(!extra.nulls().contains(3));
    }
}
