//! No secret — password, API key secret (configured or created), auth token, session token
//! (the client's own logins' included, as the mock reports every one it issued), or the Basic
//! header that encodes them — reaches `Debug`, `Display`, errors, `tracing` events or `log`
//! records, all captured at trace level.

use base64::Engine as _;
use illumio_pce::{Credentials, Error, RetryPolicy};
use pce_tests::Fault;

use crate::{
    builder, config, password_client, raw_login, start, Logs, EMAIL, KEY_SECRET, KEY_USERNAME,
    PASSWORD,
};

/// A session token inside a users/login body that is cut off.
const BROKEN_TOKEN: &str = "brokenlogin0123456789abcdef";

fn assert_no_secret(text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret leaked into: {text}"
        );
    }
}

#[tokio::test]
async fn no_secret_in_debug_display_errors_or_logs() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    // Global, not scoped: the other tests of this binary run on other threads at the same
    // time, and their logs are checked too.
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber of this test binary");
    // `log` records (rustls, and any dependency that logs that way) into the same output.
    tracing_log::LogTracer::init().expect("the only logger of this test binary");

    let mock = start(config()).await;
    let (auth_token, login) = raw_login(&mock).await;
    let session_username = login["auth_username"]
        .as_str()
        .expect("auth_username")
        .to_owned();
    let session_token = login["session_token"]
        .as_str()
        .expect("session_token")
        .to_owned();
    let basic = |user: &str, secret: &str| {
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"))
    };
    let secrets = vec![
        PASSWORD.to_owned(),
        KEY_SECRET.to_owned(),
        auth_token,
        session_token.clone(),
        basic(EMAIL, PASSWORD),
        basic(KEY_USERNAME, KEY_SECRET),
        basic(&session_username, &session_token),
    ];

    let credentials = [
        Credentials::password(EMAIL, PASSWORD),
        Credentials::api_key(KEY_USERNAME, KEY_SECRET),
        Credentials::session(&session_username, &session_token),
    ];
    let mut texts: Vec<String> = credentials.iter().map(|c| format!("{c:?}")).collect();
    let typed_login: illumio_pce::types::UsersLoginGet =
        serde_json::from_value(login.clone()).expect("the login answer decodes");
    texts.push(format!("{typed_login:?}"));

    let client = password_client(&mock);
    client
        .optional_features_get()
        .await
        .expect("logs in and lists");
    let me = client.login().await.expect("logs in");
    let key = client
        .create_api_key("k", "d")
        .await
        .expect("creates a key");
    texts.extend([format!("{client:?}"), format!("{me:?}"), format!("{key:?}")]);
    let key_secret = key.credentials();
    texts.push(format!("{key_secret:?}"));

    let mut errors: Vec<Error> = Vec::new();
    let wrong = builder(&mock)
        .credentials(Credentials::password(EMAIL, "wrong-password-123"))
        .build()
        .expect("builds");
    errors.push(
        wrong
            .optional_features_get()
            .await
            .expect_err("wrong password"),
    );
    mock.inject(Fault::Delay(std::time::Duration::ZERO), 1);
    mock.inject(Fault::TruncatedJson, 1);
    let truncated_login = builder(&mock)
        .credentials(Credentials::password(EMAIL, PASSWORD))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    errors.push(
        truncated_login
            .login()
            .await
            .expect_err("broken users/login body"),
    );
    let session_client = builder(&mock)
        .org_id(1)
        .credentials(Credentials::session(&session_username, &session_token))
        .build()
        .expect("builds");
    session_client.logout().await.expect("logs out");
    errors.push(
        session_client
            .optional_features_get()
            .await
            .expect_err("session over"),
    );
    // A users/login answer cut off inside its session token.
    mock.inject(Fault::Delay(std::time::Duration::ZERO), 1);
    mock.inject(
        Fault::Answer {
            status: 200,
            headers: Vec::new(),
            body: format!(r#"{{"auth_username": "user_1", "session_token": "{BROKEN_TOKEN}"#),
        },
        1,
    );
    errors.push(
        builder(&mock)
            .credentials(Credentials::password(EMAIL, PASSWORD))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("builds")
            .login()
            .await
            .expect_err("a broken users/login body with a token in it"),
    );
    mock.inject(Fault::Status(503), 1);
    errors.push(
        builder(&mock)
            .org_id(1)
            .credentials(Credentials::api_key(KEY_USERNAME, KEY_SECRET))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("builds")
            .optional_features_get()
            .await
            .expect_err("503"),
    );
    for error in &errors {
        texts.push(format!("{error:?}"));
        texts.push(error.to_string());
    }
    client.logout().await.expect("logs out");

    let mut secrets = secrets;
    secrets.extend(mock.issued_secrets());
    secrets.push(BROKEN_TOKEN.to_owned());
    // Auth and session tokens of every login, and the created key's secret (64 digits).
    let issued = mock.issued_secrets();
    assert!(issued.len() >= 5, "{} secrets issued", issued.len());
    assert!(
        issued.iter().any(|s| s.len() == 64),
        "the new key's secret is among them"
    );
    for text in &texts {
        assert_no_secret(text, &secrets);
    }
    let logged = logs.text();
    assert!(
        logged.contains("pce_request"),
        "the client logs its requests: {logged}"
    );
    assert_no_secret(&logged, &secrets);
}
