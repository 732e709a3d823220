//! End-to-end tests of the SDK, and what they share: the mock PCE they run against (the
//! `illumio-pce-mock` crate, re-exported) and a log capture.

mod logs;

pub use illumio_pce_mock::{Fault, JobSettings, MockConfig, MockPce, RecordedRequest, Unset};
pub use logs::Logs;
