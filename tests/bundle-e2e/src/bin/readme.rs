//! The README's example of a generated crate ("A typed client for your PCE's release"), taken
//! from README.md by `build.rs` so that the README shows what runs; `tests/readme.rs` runs it
//! against the mock.

include!(concat!(env!("OUT_DIR"), "/readme.rs"));
