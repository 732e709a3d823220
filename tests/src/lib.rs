//! End-to-end tests of the SDK, and the mock PCE they run against.
//!
//! [`mock`] is a real HTTP(S) server on loopback that behaves as Illumio's documentation says a
//! PCE does (login flow, session and API-key credentials, optional features, rate limit), with
//! a hand-moved clock and injectable faults, so that the SDK is tested against the protocol
//! rather than against itself. The `mock-pce` binary serves it from the command line.

mod logs;
pub mod mock;

pub use logs::Logs;
pub use mock::{Fault, JobSettings, MockConfig, MockPce, RecordedRequest, Unset};
