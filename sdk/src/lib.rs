//! A typed Rust SDK for the Illumio PCE REST API.
//!
//! [`pce`] holds the PCE's own types for every supported release, generated from the PCE's
//! JSON Schemas; `pce::latest` is the newest.

pub mod pce;

/// The examples of the project's README, run as doctests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
