//! The check every collection `GET` goes through: the PCE answers at most 500 objects at once
//! and tells how many there are in `X-Total-Count`; an answer holding fewer than that (and
//! fewer than the query's `max_results`) is [`Error::Truncated`], never a silent partial list.

use crate::error::{Error, Result};
use crate::http::Response;
use crate::json_array::count_items;

/// `path` with `query` added (after `?`, or after `&` when the path has a query already).
pub(crate) fn with_query(path: String, query: Option<&str>) -> String {
    match query {
        Some(query) if path.contains('?') => format!("{path}&{query}"),
        Some(query) => format!("{path}?{query}"),
        None => path,
    }
}

/// The `max_results` of a path's query.
pub(crate) fn max_results(path: &str) -> Option<u64> {
    let (_, query) = path.split_once('?')?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "max_results")
        .and_then(|(_, value)| value.trim().parse().ok())
}

/// How many objects a `GET` of `path` (with its query) should answer out of `total`.
pub(crate) fn wanted(total: u64, path: &str) -> u64 {
    max_results(path).map_or(total, |asked| asked.min(total))
}

/// `response` (to a `GET` of `path`, query included) when it is a success and, for a
/// collection, whole; else the error it stands for. Answers without `X-Total-Count`, or that
/// are not arrays, are whole.
pub(crate) fn complete(response: Response, path: &str) -> Result<Response> {
    if !response.is_success() {
        return Err(response.into_error());
    }
    let total = response
        .headers
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let Some(total) = total else {
        return Ok(response);
    };
    let Some(received) = count_items(&response.body) else {
        return Ok(response);
    };
    if received < wanted(total, path) {
        return Err(Error::Truncated {
            method: response.method.clone(),
            path: response.path.clone(),
            received,
            total,
            request_id: response.request_id.clone(),
        });
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_results_is_read_from_the_query_wherever_it_was_written() {
        assert_eq!(
            max_results("/orgs/1/labels?key=role&max_results=1000"),
            Some(1000)
        );
        assert_eq!(max_results("/orgs/1/labels?key=role"), None);
        assert_eq!(max_results("/orgs/1/labels"), None);
        assert_eq!(wanted(1234, "/orgs/1/labels?max_results=100"), 100);
        assert_eq!(wanted(50, "/orgs/1/labels?max_results=100"), 50);
        let path = with_query("/orgs/1/labels?key=role".to_owned(), Some("max_results=5"));
        assert_eq!(path, "/orgs/1/labels?key=role&max_results=5");
        assert_eq!(
            with_query("/orgs/1/labels".to_owned(), Some("a=1")),
            "/orgs/1/labels?a=1"
        );
    }
}
