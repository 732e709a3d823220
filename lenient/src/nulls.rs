//! Which properties of an object a PCE sent as `null`, so that the object encodes back as it
//! came: one bit per property, the property's index in its type.

use std::fmt;

/// The properties of an object that were `null` (their fields read `None`), by index.
///
/// Holds the first [`Nulls::CAPACITY`] properties of a type; an object keeps a `null` of a
/// later one in the map of its [`Extra`](crate::Extra) instead (no PCE schema has a type of
/// that many properties).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Nulls(u64);

impl Nulls {
    /// How many properties the set can hold.
    pub const CAPACITY: usize = 64;

    /// Whether property `index` was `null`.
    pub fn contains(&self, index: usize) -> bool {
        index < Self::CAPACITY && self.0 & (1 << index) != 0
    }

    /// Records that property `index` was `null`; `false` when it is past the capacity.
    pub fn insert(&mut self, index: usize) -> bool {
        if index >= Self::CAPACITY {
            return false;
        }
        self.0 |= 1 << index;
        true
    }

    /// Forgets that property `index` was `null`.
    pub fn remove(&mut self, index: usize) {
        if index < Self::CAPACITY {
            self.0 &= !(1 << index);
        }
    }

    /// Whether no property was `null`.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

impl fmt::Debug for Nulls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries((0..Self::CAPACITY).filter(|i| self.contains(*i)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_are_remembered_up_to_the_capacity() {
        let mut nulls = Nulls::default();
        assert!(nulls.is_empty());
        assert!(nulls.insert(0) && nulls.insert(63));
        assert!(!nulls.insert(64));
        assert!(nulls.contains(0) && nulls.contains(63) && !nulls.contains(64));
        nulls.remove(0);
        assert_eq!(format!("{nulls:?}"), "{63}");
    }
}
