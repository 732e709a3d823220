//! A request to any PCE path, built before it is sent: method, path under `/api/v2` (with
//! `:org` standing for the client's org id), query and JSON body.

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The characters a path segment keeps as they are (RFC 3986 unreserved); everything else is
/// percent-encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request for [`Client::send`](crate::Client::send), the typed escape hatch for any
/// endpoint.
///
/// ```
/// use illumio_pce::{ApiRequest, Method};
///
/// #[derive(serde::Serialize)]
/// struct Query {
///     max_results: u32,
/// }
///
/// let request = ApiRequest::get("/orgs/:org/labels").query(&Query { max_results: 10 })?;
/// assert_eq!(request.method(), &Method::GET);
/// assert_eq!(request.path(), "/orgs/:org/labels");
/// assert_eq!(request.query_string(), Some("max_results=10"));
/// # Ok::<(), illumio_pce::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ApiRequest {
    method: Method,
    path: String,
    query: Option<String>,
    body: Option<Value>,
    schema: Option<String>,
    operation: Option<&'static str>,
}

impl ApiRequest {
    /// A request with no query and no body; `path` is under `/api/v2` and may use `:org`
    /// for the client's org id (e.g. `/orgs/:org/labels`).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: None,
            body: None,
            schema: None,
            operation: None,
        }
    }

    /// A `GET` of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    /// A `PUT` of `path`.
    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    /// A `POST` to `path`.
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    /// A `DELETE` of `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// The query string from `query`, a struct or map of scalars (`None` fields are left
    /// out); an empty one sends no `?`.
    pub fn query<Q: Serialize + ?Sized>(mut self, query: &Q) -> Result<Self> {
        let encoded = serde_urlencoded::to_string(query).map_err(|e| Error::Encode {
            what: format!("query of {} {}", self.method, self.path),
            reason: e.to_string(),
        })?;
        self.query = (!encoded.is_empty()).then_some(encoded);
        Ok(self)
    }

    /// The JSON body from `body`.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let value = serde_json::to_value(body).map_err(|e| Error::Encode {
            what: format!("body of {} {}", self.method, self.path),
            reason: e.to_string(),
        })?;
        self.body = Some(value);
        Ok(self)
    }

    /// Checks the body, before it is sent, against the schema at `path` (e.g.
    /// `v2/labels_post.schema.json`) of the PCE's release among the client's
    /// [releases](crate::Client::releases); a body the release refuses and a newer one accepts
    /// is [`Error::NotInRelease`](crate::Error::NotInRelease), naming what is new and where.
    /// With the `validation` feature off, nothing is checked.
    pub fn schema(mut self, path: impl Into<String>) -> Self {
        self.schema = Some(path.into());
        self
    }

    /// Names the operation, as the client's [releases](crate::Client::releases) list it
    /// (`"POST /orgs/{org_id}/labels"`): before it is sent, a request for an operation the
    /// PCE's release does not have is [`Error::NotInRelease`](crate::Error::NotInRelease),
    /// naming the release that added it.
    pub fn operation(mut self, operation: &'static str) -> Self {
        self.operation = Some(operation);
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, as given (placeholders not filled in).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The encoded query, when there is one.
    pub fn query_string(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The JSON body, when there is one.
    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// The schema the body is checked against, when one is named.
    pub fn schema_path(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The operation, when one is named.
    pub fn operation_name(&self) -> Option<&'static str> {
        self.operation
    }

    pub(crate) fn into_parts(self) -> (Method, String, Option<String>, Option<Value>) {
        (self.method, self.path, self.query, self.body)
    }
}

/// `value` as one path segment: everything but letters, digits and `-._~` percent-encoded,
/// so an id or a name can never add a segment or a query.
///
/// ```
/// assert_eq!(illumio_pce::path_segment("a/b c"), "a%2Fb%20c");
/// assert_eq!(illumio_pce::path_segment(42), "42");
/// ```
pub fn path_segment(value: impl std::fmt::Display) -> String {
    percent_encoding::utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

/// A path must start with `/` and may not leave `/api/v2`: no `.` or `..` segment, plain or
/// percent-encoded, and no backslash or control character (URL parsing reads `\` as `/` and
/// drops tabs and line breaks, which would make `..\..` or `.\t.` a way out).
pub(crate) fn check_path(path: &str) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::Config {
            reason: format!("the path {path:?} {why}"),
        })
    };
    if !path.starts_with('/') {
        return refuse("must start with /");
    }
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return refuse("may not contain a backslash or a control character");
    }
    let before_query = path.split(['?', '#']).next().unwrap_or(path);
    for segment in before_query.split('/') {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        if decoded == "." || decoded == ".." {
            return refuse("may not contain . or .. segments");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_path;

    #[test]
    fn a_path_cannot_leave_the_api() {
        assert!(check_path("/orgs/1/labels").is_ok());
        for sneaky in [
            "/..\\..\\login",
            "/.\t./.\t./login",
            "/%2e\t%2e/login",
            "/a\r\n",
        ] {
            assert!(check_path(sneaky).is_err(), "{sneaky:?} accepted");
        }
        assert!(check_path("/orgs/1/labels?name=a..b").is_ok());
        for bad in [
            "orgs/1",
            "/../login",
            "/orgs/%2e%2e/x",
            "/orgs/./x",
            "/orgs/%2E/x",
        ] {
            assert!(check_path(bad).is_err(), "{bad} accepted");
        }
    }
}
