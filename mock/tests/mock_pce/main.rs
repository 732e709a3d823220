//! Tests of the mock PCE against the documented protocol: a real client (reqwest, trusting
//! only the mock's CA) or raw HTTP/1.1 over TCP, and the `mock-pce` binary.

// Tests may unwrap (house rule); clippy's test exemption misses helpers outside `#[test]`s.
#![allow(clippy::unwrap_used)]

mod api_keys;
mod binary;
mod faults;
mod http;
mod login;
mod optional_features;
mod rate_limit;
mod support;
