//! HTTP behaviour: routing errors, request ids, header case, TLS names, plain HTTP,
//! keep-alive, the request log and shutdown.

use std::collections::HashSet;
use std::net::SocketAddr;

use base64::Engine as _;
use illumio_pce_mock::{Fault, MockConfig, MockPce};
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{client_for, error_token, session, Harness, EMAIL, PASSWORD};

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let h = Harness::default().await;
    for path in [
        "/api/v2/nothing",
        "/api/v2/orgs/x/optional_features",
        "/api/v2/users/login/",
        "/api/v1/users/login",
        "/",
    ] {
        let response = h
            .client
            .get(format!("{}{path}", h.pce.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_token(response).await, "not_found");
    }
    let response = h
        .request(Method::DELETE, "/orgs/1/optional_features")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "GET, PUT");
    assert_eq!(error_token(response).await, "method_not_allowed");
    let response = h
        .request(Method::GET, "/login_users/authenticate")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");
}

#[tokio::test]
async fn every_response_has_a_unique_request_id() {
    let h = Harness::default().await;
    let login = h.login().await;
    h.pce.inject(Fault::HtmlErrorPage, 1);
    h.pce.inject(Fault::TruncatedJson, 1);
    h.pce
        .inject(Fault::Redirect("https://example.com/".to_owned()), 1);
    let mut responses = Vec::new();
    for _ in 0..3 {
        responses.push(h.users_login("x").await);
    }
    let put = |body: &'static str| {
        h.call(
            Method::PUT,
            "/orgs/1/optional_features",
            session(&login),
            Some(body),
        )
    };
    responses.push(put("[]").await);
    responses.push(put("{").await);
    responses.push(
        h.call(
            Method::GET,
            "/orgs/1/optional_features",
            session(&login),
            None,
        )
        .await,
    );
    responses.push(h.users_login("x").await);
    responses.push(h.request(Method::GET, "/nothing").send().await.unwrap());
    responses.push(
        h.request(Method::POST, "/users/login")
            .send()
            .await
            .unwrap(),
    );
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses, [502, 200, 307, 204, 406, 200, 401, 404, 405]);
    let ids: HashSet<String> = responses
        .iter()
        .map(|r| r.headers()["x-request-id"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), responses.len());
}

/// Sends a raw HTTP/1.1 request and reads the whole response (the request asks the server
/// to close the connection after it).
async fn raw(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

/// The status code of a raw response.
fn status(response: &str) -> u16 {
    response.split(' ').nth(1).unwrap().parse().unwrap()
}

/// The value of a header of a raw response, whatever the case of its name.
fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    response
        .split("\r\n\r\n")
        .next()?
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
}

#[tokio::test]
async fn header_names_and_schemes_are_case_insensitive() {
    let pce = MockPce::start(MockConfig {
        tls: false,
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let addr: SocketAddr = pce.url().trim_start_matches("http://").parse().unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{EMAIL}:{PASSWORD}"));
    let mut auth_tokens = Vec::new();
    for (name, scheme) in [
        ("Authorization", "Basic"),
        ("authorization", "basic"),
        ("AUTHORIZATION", "BASIC"),
        ("aUtHoRiZaTiOn", "Basic"),
    ] {
        let response = raw(
            addr,
            &format!(
                "POST /api/v2/login_users/authenticate?pce_fqdn=pce.test HTTP/1.1\r\n\
                 HOST: pce.test\r\n{name}: {scheme} {basic}\r\nCONTENT-TYPE: application/json\r\n\
                 content-length: 0\r\nConnection: close\r\n\r\n"
            ),
        )
        .await;
        assert_eq!(status(&response), 200, "{name}: {scheme}\n{response}");
        assert!(header(&response, "X-Request-ID").is_some());
        let body = response.split("\r\n\r\n").nth(1).unwrap();
        let token: serde_json::Value = serde_json::from_str(body).unwrap();
        auth_tokens.push(token["auth_token"].as_str().unwrap().to_owned());
    }
    for (token, (name, scheme)) in auth_tokens.iter().zip([
        ("Authorization", "Token token="),
        ("authorization", "token TOKEN="),
        ("AUTHORIZATION", "TOKEN token="),
        ("aUtHoRiZaTiOn", "Token Token="),
    ]) {
        let response = raw(
            addr,
            &format!(
                "GET /api/v2/users/login HTTP/1.1\r\nHost: pce.test\r\n{name}: {scheme}{token}\r\n\
                 Connection: close\r\n\r\n"
            ),
        )
        .await;
        assert_eq!(status(&response), 200, "{name}: {scheme}\n{response}");
    }
    assert_eq!(pce.logins(), 4);
    let recorded = pce.requests();
    assert!(recorded.iter().all(|r| r.has_header("Authorization")));
    assert!(recorded
        .iter()
        .all(|r| r.headers.contains(&"host".to_owned())));
    assert_eq!(recorded[1].auth_scheme.as_deref(), Some("basic"));
    assert_eq!(recorded[7].auth_scheme.as_deref(), Some("Token"));
}

#[tokio::test]
async fn two_authorization_headers_are_rejected() {
    let pce = MockPce::start(MockConfig {
        tls: false,
        api_keys: vec![("api_k".to_owned(), "s".to_owned())],
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let addr: SocketAddr = pce.url().trim_start_matches("http://").parse().unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode("api_k:s");
    let one = format!("Authorization: Basic {basic}\r\n");
    for (headers, expected) in [(one.clone(), 200), (format!("{one}{one}"), 401)] {
        let response = raw(
            addr,
            &format!(
                "GET /api/v2/orgs/1/optional_features HTTP/1.1\r\nHost: x\r\n{headers}\
                 Connection: close\r\n\r\n"
            ),
        )
        .await;
        assert_eq!(status(&response), expected, "{response}");
    }
}

#[tokio::test]
async fn certificate_covers_localhost_and_the_fqdn_and_connections_are_kept_alive() {
    let pce = MockPce::start(MockConfig {
        fqdn: "pce.example.test".to_owned(),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let addr: SocketAddr = pce.url().trim_start_matches("https://").parse().unwrap();
    let port = addr.port();
    let client = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([reqwest::Certificate::from_pem(pce.ca_pem().unwrap().as_bytes()).unwrap()])
        .resolve("pce.example.test", addr)
        .build()
        .unwrap();
    for host in ["127.0.0.1", "localhost", "pce.example.test"] {
        for _ in 0..3 {
            let response = client
                .get(format!("https://{host}:{port}/api/v2/users/login"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{host}");
        }
    }
    // One connection per host name, each reused.
    assert_eq!(pce.connections(), 3);

    // A client that does not trust the mock's CA cannot connect.
    let untrusting = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([])
        .build()
        .unwrap();
    let error = untrusting.get(pce.url()).send().await.unwrap_err();
    assert!(error.is_connect() || error.is_request(), "{error:?}");
}

#[tokio::test]
async fn plain_http_works_without_a_ca() {
    let h = Harness::start(MockConfig {
        tls: false,
        ..MockConfig::default()
    })
    .await;
    assert!(h.pce.url().starts_with("http://127.0.0.1:"));
    assert!(h.pce.ca_pem().is_none());
    let login = h.login().await;
    assert_eq!(h.probe(session(&login)).await, StatusCode::OK);
}

#[tokio::test]
async fn request_log_keeps_no_credentials() {
    let h = Harness::default().await;
    let login = h.login().await;
    h.probe(session(&login)).await;
    let log = h.pce.requests();
    let lines: Vec<String> = log
        .iter()
        .map(|r| format!("{} {} {:?}", r.method, r.path, r.auth_scheme))
        .collect();
    assert_eq!(
        lines,
        [
            "POST /api/v2/login_users/authenticate?pce_fqdn=pce.test Some(\"Basic\")",
            "GET /api/v2/users/login Some(\"Token\")",
            "GET /api/v2/orgs/1/optional_features Some(\"Basic\")",
        ]
    );
    assert!(log.iter().all(|r| !r.login_service));
    let dump = format!("{log:?}");
    assert!(!dump.contains(login.session_token.as_deref().unwrap_or("no token")));
    assert!(!dump.contains(PASSWORD));
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let pce = MockPce::start(MockConfig::default()).await.unwrap();
    let url = pce.url();
    let client = client_for(pce.ca_pem());
    assert!(client.get(&url).send().await.is_ok());
    pce.shutdown().await;
    let fresh = client_for(None);
    assert!(fresh.get(&url).send().await.is_err());
}
