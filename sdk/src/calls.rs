//! The typed escape hatch: any endpoint, with typed query, body and response, and the status
//! and headers when wanted. Authentication, session renewal, retries and errors work as for
//! the typed endpoints, which are built on it.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::api_request::{check_path, ApiRequest};
use crate::api_response::ApiResponse;
use crate::client::Client;
use crate::error::Result;
use crate::http::Response;
use crate::truncation::{complete, with_query};

impl Client {
    /// Sends `request` and decodes the body of its successful response into `R`, with the
    /// status and headers. A collection `GET` whose answer holds fewer objects than
    /// `X-Total-Count` (and than its `max_results`) is [`Error::Truncated`](crate::Error::Truncated):
    /// [`Client::collect`] gets them all. `:org` (or `{org_id}`) in the path stands for the client's org
    /// id, found at login when the builder was not given one. A status that is not a success
    /// is [`Error::Api`](crate::Error::Api), with the PCE's error tokens.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// use illumio_pce::ApiRequest;
    /// let labels = client
    ///     .send::<Vec<serde_json::Value>>(ApiRequest::get("/orgs/:org/labels"))
    ///     .await?;
    /// println!("{} of {:?} labels", labels.body.len(), labels.total_count());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send<R: DeserializeOwned>(&self, request: ApiRequest) -> Result<ApiResponse<R>> {
        let response = self.send_checked(request).await?;
        let body = response.decode_or_null()?;
        Ok(ApiResponse {
            status: response.status,
            headers: response.headers,
            body,
        })
    }

    /// Sends `request` and returns the body of its successful response as bytes, undecoded:
    /// for downloads (datafiles, reports).
    pub async fn send_bytes(&self, request: ApiRequest) -> Result<ApiResponse<Vec<u8>>> {
        let response = self.send_checked(request).await?;
        Ok(ApiResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
        })
    }

    /// Checks the operation and the body against the PCE's release (when the request names
    /// them), sends it, and turns a status that is not a success into
    /// [`Error::Api`](crate::Error::Api).
    async fn send_checked(&self, request: ApiRequest) -> Result<Response> {
        // The org first: finding it may log in, which tells the PCE's release.
        let path = self.fill_org(request.path()).await?;
        // The PCE's release matters to an operation some release lacks, and to a body.
        let operation_varies = request
            .operation_name()
            .is_some_and(|operation| !self.releases().in_every_release(operation));
        let checks_body = cfg!(feature = "validation") && request.schema_path().is_some();
        if operation_varies || checks_body {
            let at = self.checked_release().await?;
            if let Some(operation) = request.operation_name() {
                self.releases().check_operation(operation, &at)?;
            }
            #[cfg(feature = "validation")]
            if let (Some(schema), Some(body)) = (request.schema_path(), request.body()) {
                crate::validation::check_body(self.releases(), &at, schema, body)?;
            }
        }
        let (method, _, query, body) = request.into_parts();
        let path = with_query(path, query.as_deref());
        let body = body.map(|b| b.to_string().into_bytes());
        let response = self.call(method.clone(), &path, body).await?;
        if method == Method::GET {
            complete(response, &path)
        } else if response.is_success() {
            Ok(response)
        } else {
            Err(response.into_error())
        }
    }

    /// `GET path?query`, decoded into `R`.
    pub async fn get<R: DeserializeOwned>(
        &self,
        path: &str,
        query: &(impl Serialize + ?Sized),
    ) -> Result<R> {
        Ok(self.send(ApiRequest::get(path).query(query)?).await?.body)
    }

    /// `POST path` with `body`, the answer decoded into `R`.
    pub async fn post<R: DeserializeOwned>(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
    ) -> Result<R> {
        Ok(self.send(ApiRequest::post(path).json(body)?).await?.body)
    }

    /// `PUT path` with `body`; the answer's body, if any, is not read.
    pub async fn put(&self, path: &str, body: &(impl Serialize + ?Sized)) -> Result<()> {
        self.send::<serde::de::IgnoredAny>(ApiRequest::put(path).json(body)?)
            .await
            .map(drop)
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> Result<()> {
        self.send::<serde::de::IgnoredAny>(ApiRequest::delete(path))
            .await
            .map(drop)
    }

    /// Sends `body` (if any) to `path` under `/api/v2` and returns the decoded response body,
    /// or `None` for an empty one (204): [`Client::send`] for callers who work in JSON.
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
        let mut request = ApiRequest::new(method, path);
        if let Some(body) = body {
            request = request.json(body)?;
        }
        Ok(self.send::<Option<Value>>(request).await?.body)
    }

    /// `path` with `:org` / `{org_id}` replaced by the org id, after checking it stays under
    /// `/api/v2`.
    pub(crate) async fn fill_org(&self, path: &str) -> Result<String> {
        check_path(path)?;
        if !path.contains(":org") && !path.contains("{org_id}") {
            return Ok(path.to_owned());
        }
        let org = self.require_org_id().await?.to_string();
        let filled: Vec<String> = path
            .split('/')
            .map(|segment| match segment {
                ":org" | "{org_id}" => org.clone(),
                other => other.to_owned(),
            })
            .collect();
        Ok(filled.join("/"))
    }
}
