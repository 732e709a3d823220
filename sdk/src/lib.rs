//! A typed Rust SDK for the Illumio PCE REST API.
//!
//! - [`types`] holds the PCE's own types, generated from the newest supported release's
//!   JSON Schemas: one set for every release (responses read leniently, requests built
//!   strictly, each request checked against the schemas of the PCE's own release).
//! - [`Client`] talks to a PCE: API keys, the password login with session renewal and
//!   logout, retries of transient failures, and typed endpoints such as
//!   [`Client::optional_features_get`].
//!
//! ```no_run
//! use illumio_pce::{Client, Credentials};
//!
//! # async fn run() -> illumio_pce::Result<()> {
//! let client = Client::builder("https://pce.example.com:8443")
//!     .credentials(Credentials::password("admin@example.com", "correct horse"))
//!     .build()?;
//! let me = client.login().await?;
//! println!("logged in as {} on org {:?}", me.auth_username, client.org_id());
//! client.enable_optional_feature("per_rule_flow_log_setting").await?;
//! client.logout().await?;
//! # Ok(())
//! # }
//! ```

mod addressing;
mod api_keys;
mod api_request;
mod api_response;
mod array_download;
mod auth;
mod base_url;
mod builder;
mod bulk;
mod bulk_import;
mod calls;
mod client;
mod collection;
mod credentials;
#[rustfmt::skip] // written by `cargo xtask codegen`, which `--check` compares byte for byte
mod endpoints;
mod environment;
mod error;
mod http;
mod job;
mod json_array;
mod login;
mod optional_features;
mod pace;
mod provision;
pub mod redact;
mod release;
mod release_gap;
mod release_table;
#[rustfmt::skip] // written by `cargo xtask codegen`, which `--check` compares byte for byte
mod releases;
mod retry;
mod session;
pub mod traffic;
mod truncation;
pub mod types;
#[cfg(feature = "validation")]
pub mod validation;
mod violation;

pub use addressing::{href_path, PolicyVersion};
pub use api_keys::NewApiKey;
pub use api_request::{path_segment, ApiRequest};
pub use api_response::ApiResponse;
pub use builder::ClientBuilder;
pub use bulk::{Bulk, BulkItem, BulkOperation, BulkProgress, BULK_LIMIT, NO_RESULT};
pub use bulk_import::{BulkImport, ImportCall};
pub use client::Client;
pub use collection::Collect;
pub use credentials::Credentials;
pub use error::{ApiErrorItem, Error, Result};
pub use illumio_pce_lenient::{Href, Timestamp};
pub use job::{Job, JobPolling, JobProgress, JobStatus, Reference};
pub use login::LoginInfo;
pub use pace::RequestPace;
pub use provision::{PendingChange, PendingChanges, PolicyVersionInfo};
pub use release_gap::ReleaseGap;
pub use release_table::{AddedEntry, FileEntry, OperationEntry, ReleaseSet, ReleaseTable};
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};
pub use retry::RetryPolicy;

/// How the generated types read what a PCE sends (absent, `null` or another type than
/// declared): [`lenient::Object::is_null`] tells `null` from absent.
pub use illumio_pce_lenient as lenient;

/// The examples of the project's README, run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
