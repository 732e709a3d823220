//! Any endpoint, with JSON in and out: for the parts of the API the SDK has no typed method
//! for yet. Authentication, session renewal, retries and errors work as for typed calls.

use reqwest::Method;
use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};

impl Client {
    /// Sends `body` (if any) to `path` under `/api/v2` (e.g. `/orgs/1/labels`) and returns
    /// the decoded response body, or `None` for an empty one (204).
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// let labels = client.request_json(illumio_pce::Method::GET, "/orgs/1/labels", None).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn request_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Option<Value>> {
        if !path.starts_with('/') {
            return Err(Error::Config {
                reason: format!("the path {path:?} must start with /"),
            });
        }
        let body = body.map(|b| b.to_string().into_bytes());
        let response = self.call(method, path, body).await?;
        if !response.is_success() {
            return Err(response.into_error());
        }
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        response.decode().map(Some)
    }
}
