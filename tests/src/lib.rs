//! End-to-end tests of the SDK.
