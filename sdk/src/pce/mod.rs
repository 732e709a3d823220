//! The PCE's own types, one module per supported release, generated from the release's JSON
//! Schemas by `cargo xtask codegen` (never edited by hand).
//!
//! Every type derives `Serialize`, `Deserialize`, `Debug`, `Clone` and `PartialEq`; string
//! enums implement `Display` and `FromStr`. Decoding then encoding a payload gives back the
//! same JSON: open objects keep unknown properties in `extra`, and an optional property that
//! may be `null` is an `Option<Option<T>>` (absent = `None`, `null` = `Some(None)`), as PCE
//! `PUT`s tell "leave unchanged" from "clear".
//!
//! ```
//! use illumio_pce::pce::latest::{FeatureName, FeatureToggle, OptionalFeatureToggle, OptionalFeaturesPut};
//!
//! let toggle = FeatureToggle { name: FeatureName::PerRuleFlowLogSetting, enabled: true };
//! let body = OptionalFeaturesPut(vec![OptionalFeatureToggle::from(toggle)]);
//! assert_eq!(
//!     serde_json::to_string(&body)?,
//!     r#"[{"enabled":true,"name":"per_rule_flow_log_setting"}]"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used,
    unreachable_pub,
    dead_code,
    rustdoc::all
)]

include!("releases.rs");
