//! A JSON array read piece by piece: bytes go in as they arrive, each complete item comes
//! out decoded, and only the unfinished item stays in memory. This is how a datafile of an
//! async collection job is read without holding the whole body, and how a collection's items
//! are counted without decoding them.

use serde::de::{DeserializeOwned, Error as _};

/// Where the reader is in the array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the opening `[`.
    Start,
    /// Inside the array, where an item (or, first, the closing `]`) may start.
    Items,
    /// After the closing `]`: only whitespace may follow.
    End,
}

/// Splits a JSON array into its items as its bytes arrive, and decodes each into `T`.
///
/// The reader only finds where each item ends (strings, escapes and nesting), jumping through
/// strings with `memchr`; each item is then decoded by `serde_json`, which checks it in full.
#[derive(Debug)]
pub(crate) struct ArrayReader {
    /// Bytes not consumed yet: the start of an unfinished item.
    pending: Vec<u8>,
    /// How far `pending` has been scanned.
    scanned: usize,
    place: Place,
    /// Nesting depth inside the current item.
    depth: u32,
    in_string: bool,
    /// Whether a comma was read and its item not yet.
    after_comma: bool,
    /// Bytes read so far, for the position in errors.
    consumed: u64,
    /// The largest item accepted, in bytes.
    max_item: u64,
}

impl ArrayReader {
    /// A reader before the opening `[`, refusing an item longer than `max_item` bytes (so
    /// that a body that never ends an item cannot take all memory).
    pub(crate) fn new(max_item: u64) -> Self {
        Self {
            pending: Vec::new(),
            scanned: 0,
            place: Place::Start,
            depth: 0,
            in_string: false,
            after_comma: false,
            consumed: 0,
            max_item,
        }
    }

    /// Reads `bytes`, the next part of the array, handing each item it completes to `item`.
    pub(crate) fn feed<T: DeserializeOwned>(
        &mut self,
        bytes: &[u8],
        item: &mut impl FnMut(T),
    ) -> Result<(), serde_json::Error> {
        self.pending.extend_from_slice(bytes);
        let len = self.pending.len();
        let mut start = 0;
        let mut at = self.scanned;
        while at < len {
            if self.in_string {
                // Straight to the next quote or backslash: most of an item is strings.
                match memchr::memchr2(b'"', b'\\', &self.pending[at..]) {
                    None => at = len,
                    Some(offset) if self.pending[at + offset] == b'\\' => {
                        // The escaped byte may be in the next part: `at` may pass `len`.
                        at += offset + 2;
                    }
                    Some(offset) => {
                        self.in_string = false;
                        at += offset + 1;
                    }
                }
                continue;
            }
            let byte = self.pending[at];
            match self.place {
                Place::Start | Place::End => {
                    if !byte.is_ascii_whitespace() {
                        if self.place == Place::Start && byte == b'[' {
                            self.place = Place::Items;
                            start = at + 1;
                        } else {
                            return Err(self.unexpected(at, byte));
                        }
                    }
                }
                Place::Items => match byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => {
                        self.depth = self.depth.checked_add(1).ok_or_else(|| {
                            serde_json::Error::custom("a JSON array nested too deep")
                        })?
                    }
                    b'}' if self.depth == 0 => return Err(self.unexpected(at, byte)),
                    b'}' => self.depth -= 1,
                    b']' if self.depth > 0 => self.depth -= 1,
                    b',' | b']' if self.depth == 0 => {
                        let text = &self.pending[start..at];
                        let blank = text.iter().all(u8::is_ascii_whitespace);
                        if blank && byte == b']' && !self.after_comma {
                            // `[]`, or the `]` after the last item.
                        } else {
                            item(serde_json::from_slice(text)?);
                        }
                        self.after_comma = byte == b',';
                        if byte == b']' {
                            self.place = Place::End;
                        }
                        start = at + 1;
                    }
                    _ => {}
                },
            }
            at += 1;
        }
        if (len - start) as u64 > self.max_item {
            return Err(serde_json::Error::custom(format!(
                "an item of the JSON array is longer than {} bytes",
                self.max_item
            )));
        }
        // Keep the unfinished item only; it is scanned up to `at`.
        self.consumed += start as u64;
        self.pending.drain(..start);
        self.scanned = at - start;
        if self.place != Place::Items {
            self.pending.clear();
            self.scanned = 0;
        }
        Ok(())
    }

    /// Checks that the array was complete once the last bytes were fed.
    pub(crate) fn finish(&self) -> Result<(), serde_json::Error> {
        match self.place {
            Place::End => Ok(()),
            Place::Start => Err(serde_json::Error::custom(
                "expected a JSON array, found an empty body",
            )),
            Place::Items => Err(serde_json::Error::custom(format!(
                "the JSON array ends early, after {} bytes",
                self.consumed + self.pending.len() as u64
            ))),
        }
    }

    fn unexpected(&self, at: usize, byte: u8) -> serde_json::Error {
        serde_json::Error::custom(format!(
            "unexpected {:?} at byte {} of a JSON array",
            char::from(byte),
            self.consumed + at as u64
        ))
    }
}

/// How many items the JSON array `body` has, or `None` when it is not an array.
pub(crate) fn count_items(body: &[u8]) -> Option<u64> {
    let mut reader = ArrayReader::new(u64::MAX);
    let mut count = 0;
    reader
        .feed(body, &mut |_: serde::de::IgnoredAny| count += 1)
        .ok()?;
    reader.finish().ok()?;
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// The items of `text` fed `step` bytes at a time.
    fn read(text: &str, step: usize) -> Result<Vec<Value>, String> {
        let mut reader = ArrayReader::new(1 << 20);
        let mut items = Vec::new();
        for chunk in text.as_bytes().chunks(step.max(1)) {
            reader
                .feed(chunk, &mut |item| items.push(item))
                .map_err(|e| e.to_string())?;
        }
        reader.finish().map_err(|e| e.to_string())?;
        Ok(items)
    }

    #[test]
    fn items_come_out_whole_however_the_bytes_are_cut() {
        let text = r#" [ {"href": "/orgs/1/labels/1", "name": "a,]}\"[{"},
            {"nested": [1, [2, {"x": "]"}]], "e": "\\"}, 3, "four", null, [] ] "#;
        let expected = vec![
            json!({"href": "/orgs/1/labels/1", "name": "a,]}\"[{"}),
            json!({"nested": [1, [2, {"x": "]"}]], "e": "\\"}),
            json!(3),
            json!("four"),
            Value::Null,
            json!([]),
        ];
        for step in 1..=text.len() {
            assert_eq!(read(text, step).as_ref(), Ok(&expected), "step {step}");
        }
        assert_eq!(read("[]", 1), Ok(Vec::new()));
        assert_eq!(read(" [ \n ] \n", 2), Ok(Vec::new()));
    }

    #[test]
    fn broken_arrays_are_errors() {
        for text in [
            "",
            "  ",
            "{}",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1,2",
            "[{\"a\":1]",
            "[1]]",
            "[1] x",
            "[}]",
            "[\"open]",
        ] {
            assert!(read(text, 3).is_err(), "{text:?} was read");
        }
    }

    #[test]
    fn only_the_unfinished_item_is_kept() {
        let mut reader = ArrayReader::new(1 << 20);
        let mut count = 0;
        let item = format!("{{\"name\": \"{}\"}},", "x".repeat(1000));
        reader.feed(b"[", &mut |_: Value| count += 1).unwrap();
        for _ in 0..1000 {
            reader
                .feed(item.as_bytes(), &mut |_: Value| count += 1)
                .unwrap();
            assert!(reader.pending.len() < item.len());
        }
        reader.feed(b"1]", &mut |_: Value| count += 1).unwrap();
        reader.finish().unwrap();
        assert_eq!(count, 1001);
    }

    #[test]
    fn an_item_that_never_ends_is_refused_at_the_limit() {
        let mut reader = ArrayReader::new(1000);
        reader.feed(b"[\"", &mut |_: Value| {}).unwrap();
        let chunk = [b'x'; 300];
        let fed: Vec<bool> = (0..4)
            .map(|_| reader.feed(&chunk, &mut |_: Value| {}).is_ok())
            .collect();
        assert_eq!(fed, [true, true, true, false]);
    }

    /// Any JSON value (strings with escapes, quotes and brackets, numbers, nesting).
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e12f64..1e12).prop_map(Value::from),
            "[\\[\\]{}\",:\\\\a-z \u{e9}\u{1F600}\n\t]{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\\\"{}]{0,6}", inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// `items` as a JSON array with whitespace `gap` around every token.
    fn written(items: &[Value], gap: &str, pretty: bool) -> String {
        let items: Vec<String> = items
            .iter()
            .map(|item| {
                if pretty {
                    serde_json::to_string_pretty(item).unwrap_or_default()
                } else {
                    serde_json::to_string(item).unwrap_or_default()
                }
            })
            .collect();
        format!(
            "{gap}[{gap}{}{gap}]{gap}",
            items.join(&format!("{gap},{gap}"))
        )
    }

    /// `bytes` fed cut at `cuts` (positions, taken modulo the length): the items, or the
    /// error; the reader never holds more than the unfinished item and the last chunk.
    fn fed(bytes: &[u8], cuts: &[usize], max_item: u64) -> Result<Vec<Value>, String> {
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        cuts.push(bytes.len());
        cuts.sort_unstable();
        let mut reader = ArrayReader::new(max_item);
        let mut items = Vec::new();
        let mut from = 0;
        for to in cuts {
            let chunk = &bytes[from..to];
            reader
                .feed(chunk, &mut |item| items.push(item))
                .map_err(|e| e.to_string())?;
            assert!(reader.pending.len() as u64 <= max_item + chunk.len() as u64);
            from = to;
        }
        reader.finish().map_err(|e| e.to_string())?;
        Ok(items)
    }

    proptest! {
        #[test]
        fn any_array_cut_anywhere_reads_as_serde_json_reads_it_whole(
            items in prop::collection::vec(any_json(), 0..8),
            gap in "[ \t\r\n]{0,3}",
            pretty in any::<bool>(),
            cuts in prop::collection::vec(any::<usize>(), 0..12),
        ) {
            let text = written(&items, &gap, pretty);
            let whole: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
            prop_assert_eq!(fed(text.as_bytes(), &cuts, 1 << 20), Ok(whole));
        }

        #[test]
        fn any_bytes_end_in_items_or_an_error(
            bytes in prop::collection::vec(
                prop_oneof![Just(b'['), Just(b']'), Just(b'"'), Just(b'\\'), Just(b','), Just(b'{'), any::<u8>()],
                0..64,
            ),
            cuts in prop::collection::vec(any::<usize>(), 0..8),
        ) {
            // Ends (no panic, no hang); what it reads is what serde_json reads whole.
            if let Ok(items) = fed(&bytes, &cuts, 16) {
                let whole: Result<Vec<Value>, _> = serde_json::from_slice(&bytes);
                prop_assert_eq!(Ok(items), whole.map_err(|e| e.to_string()));
            }
        }
    }

    #[test]
    fn items_are_counted_without_being_decoded() {
        assert_eq!(count_items(br#"[{"a": [1, 2]}, {"b": "]"}]"#), Some(2));
        assert_eq!(count_items(b"[]"), Some(0));
        assert_eq!(count_items(br#"{"a": 1}"#), None);
    }
}
