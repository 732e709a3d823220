//! What a client accepts as configuration, and what it shows of it: `https` only unless
//! plain `http` is allowed outright, no user info in base URLs, a proxy's credentials hidden,
//! unverified TLS announced.

use illumio_pce::{Client, ClientBuilder, Credentials, Error};
use pce_tests::MockConfig;

use crate::{start, Logs, KEY_SECRET, KEY_USERNAME};

fn api_key(url: &str) -> ClientBuilder {
    Client::builder(url)
        .org_id(1)
        .credentials(Credentials::api_key(KEY_USERNAME, KEY_SECRET))
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed_and_then_works() {
    let mock = start(MockConfig {
        tls: false,
        api_keys: vec![(KEY_USERNAME.to_owned(), KEY_SECRET.to_owned())],
        ..MockConfig::default()
    })
    .await;
    let error = api_key(&mock.url())
        .build()
        .expect_err("cleartext credentials");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    let login_service = api_key("https://pce.example.com:8443")
        .login_service_url(mock.url())
        .build()
        .expect_err("a cleartext Login Service too");
    assert!(
        login_service.to_string().contains("Login Service URL"),
        "{login_service}"
    );

    let client = api_key(&mock.url())
        .allow_insecure_http(true)
        .build()
        .expect("allowed outright");
    client
        .optional_features_get()
        .await
        .expect("answers over http");
}

#[test]
fn base_urls_with_user_info_are_refused_without_echoing_it() {
    for url in [
        "https://admin:hunter2@pce.example.com:8443",
        "https://admin@pce.example.com:8443",
    ] {
        let error = api_key(url).build().expect_err("user info");
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("user name or password"), "{shown}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("admin@"),
            "{shown}"
        );
    }
    let error = api_key("https://pce.example.com:8443")
        .login_service_url("https://u:hunter2@login.illum.io:443")
        .build()
        .expect_err("user info");
    assert!(
        !format!("{error} {error:?}").contains("hunter2"),
        "{error:?}"
    );
}

#[test]
fn a_proxy_s_credentials_never_show() {
    let builder =
        api_key("https://pce.example.com:8443").proxy("http://proxyuser:hunter2@proxy:3128");
    let shown = format!("{builder:?}");
    assert!(shown.contains("***@proxy:3128"), "{shown}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("proxyuser"),
        "{shown}"
    );
    assert!(!shown.contains(KEY_SECRET), "{shown}");
    let error = api_key("https://pce.example.com:8443")
        .proxy("http://proxyuser:hunter2@[bad")
        .build()
        .expect_err("not a URL");
    assert!(
        !format!("{error} {error:?}").contains("hunter2"),
        "{error:?}"
    );
}

#[test]
fn unverified_tls_is_announced_and_shown() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .finish();
    let (careful, careless) = tracing::subscriber::with_default(subscriber, || {
        let careful = api_key("https://pce.example.com:8443")
            .build()
            .expect("builds");
        let careless = api_key("https://pce.example.com:8443")
            .danger_accept_invalid_certificates(true)
            .build()
            .expect("builds");
        (careful, careless)
    });
    let logged = logs.text();
    assert_eq!(logged.matches("WARN").count(), 1, "{logged}");
    assert!(logged.contains("not verified"), "{logged}");
    assert!(format!("{careless:?}").contains("accepts_invalid_certificates: true"));
    assert!(format!("{careful:?}").contains("accepts_invalid_certificates: false"));
}
