//! TLS trust: the mock's self-made certificate is refused unless its CA is trusted (or the
//! caller explicitly accepts invalid certificates); HTTP/2 negotiated by ALPN where offered.

use illumio_pce::{Client, Credentials, Error};

use crate::{config, start, KEY_SECRET, KEY_USERNAME};

#[tokio::test]
async fn the_certificate_is_refused_without_the_ca_and_accepted_with_it() {
    let mock = start(config()).await;
    let credentials = Credentials::api_key(KEY_USERNAME, KEY_SECRET);
    let untrusting = Client::builder(&mock.url())
        .org_id(1)
        .credentials(credentials.clone())
        .build()
        .expect("builds");
    let error = untrusting
        .optional_features_get()
        .await
        .expect_err("unknown CA");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");

    let trusting = Client::builder(&mock.url())
        .org_id(1)
        .credentials(credentials.clone())
        .ca_certificate_pem(mock.ca_pem().expect("https"))
        .build()
        .expect("builds");
    trusting
        .optional_features_get()
        .await
        .expect("trusts the mock's CA");

    let reckless = Client::builder(&mock.url())
        .org_id(1)
        .credentials(credentials)
        .danger_accept_invalid_certificates(true)
        .build()
        .expect("builds");
    reckless
        .optional_features_get()
        .await
        .expect("accepts any certificate when told to");
}

#[test]
fn a_ca_file_that_is_not_pem_is_a_configuration_error() {
    let error = Client::builder("https://pce.example.com:8443")
        .org_id(1)
        .credentials(Credentials::api_key(KEY_USERNAME, KEY_SECRET))
        .ca_certificate_pem("not a certificate")
        .build()
        .expect_err("bad PEM");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
}

#[tokio::test]
async fn the_client_speaks_http2_where_offered_and_http1_otherwise() {
    for (http2, expected) in [(true, "HTTP/2.0"), (false, "HTTP/1.1")] {
        let mock = pce_tests::MockPce::start(pce_tests::MockConfig { http2, ..config() })
            .await
            .expect("starts");
        crate::api_key_client(&mock)
            .optional_features_get()
            .await
            .expect("answers");
        let versions: Vec<String> = mock.requests().into_iter().map(|r| r.version).collect();
        assert_eq!(versions, [expected], "HTTP/2 offered: {http2}");
    }
}
