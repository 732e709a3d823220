//! Logging in: password (on-prem and SaaS-style), API key, existing session, wrong password,
//! and API keys created from a session.

use illumio_pce::{Credentials, Error, StatusCode};
use pce_tests::MockConfig;

use crate::{
    api_key_client, builder, config, password_client, session_client, start, EMAIL, PASSWORD,
};

#[tokio::test]
async fn a_password_login_learns_the_org_and_reads_the_features() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    assert_eq!(client.org_id(), None);
    let features = client
        .optional_features_get()
        .await
        .expect("lists the features");
    assert!(features
        .iter()
        .any(|f| f.name.as_deref() == Some("per_rule_flow_log_setting")));
    assert_eq!(client.org_id(), Some(1));
    assert_eq!((mock.authentications(), mock.logins()), (1, 1));
}

#[tokio::test]
async fn login_says_who_is_logged_in_and_on_which_pce() {
    let mock = start(config()).await;
    let me = password_client(&mock).login().await.expect("logs in");
    assert!(me.auth_username.starts_with("user_"), "{me:?}");
    assert_eq!(me.orgs[0].org_id, Some(1));
    assert!(me.product_version.and_then(|v| v.version).is_some());
    assert_eq!(me.inactivity_expiration_minutes, 10);
}

#[tokio::test]
async fn a_saas_login_authenticates_at_the_login_service() {
    let mock = start(MockConfig {
        separate_login_service: true,
        ..config()
    })
    .await;
    let login_service = mock.login_service_url().expect("a login service");
    let client = builder(&mock)
        .login_service_url(login_service)
        .credentials(Credentials::password(EMAIL, PASSWORD))
        .build()
        .expect("builds");
    client
        .optional_features_get()
        .await
        .expect("lists the features");
    assert_eq!((mock.authentications(), mock.logins()), (1, 1));

    // Without the Login Service, the PCE itself has no authenticate endpoint.
    let on_prem_style = builder(&mock)
        .credentials(Credentials::password(EMAIL, PASSWORD))
        .build()
        .expect("builds");
    let error = on_prem_style
        .optional_features_get()
        .await
        .expect_err("no login service");
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn an_api_key_needs_no_login() {
    let mock = start(config()).await;
    api_key_client(&mock)
        .optional_features_get()
        .await
        .expect("lists the features");
    assert_eq!((mock.authentications(), mock.logins()), (0, 0));
}

#[tokio::test]
async fn a_wrong_password_is_an_authentication_error() {
    let mock = start(config()).await;
    let client = builder(&mock)
        .credentials(Credentials::password(EMAIL, "wrong"))
        .build()
        .expect("builds");
    let error = client.optional_features_get().await.expect_err("refused");
    let Error::Authentication {
        status, request_id, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, Some(StatusCode::UNAUTHORIZED));
    assert!(
        request_id.is_some(),
        "the request id is kept for support: {error}"
    );
    assert_eq!(mock.logins(), 0);
}

#[tokio::test]
async fn an_existing_session_is_used_as_it_is() {
    let mock = start(config()).await;
    let client = session_client(&mock).await;
    client
        .optional_features_get()
        .await
        .expect("lists the features");
    assert_eq!(mock.logins(), 1, "only the login by hand");
}

#[tokio::test]
async fn an_api_key_created_from_a_session_works_as_credentials() {
    let mock = start(config()).await;
    let key = password_client(&mock)
        .create_api_key("ci", "made by a test")
        .await
        .expect("creates a key");
    assert_eq!(key.auth_username, format!("api_{}", key.key_id));
    let client = builder(&mock)
        .org_id(1)
        .credentials(key.credentials())
        .build()
        .expect("builds");
    client.optional_features_get().await.expect("the key works");
    assert_eq!(mock.logins(), 1);
}

#[tokio::test]
async fn an_api_key_cannot_create_another_without_a_session() {
    let mock = start(config()).await;
    let error = api_key_client(&mock)
        .create_api_key("x", "y")
        .await
        .expect_err("needs a session");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
}

#[tokio::test]
async fn authenticate_sends_json_as_documented() {
    let mock = start(config()).await;
    password_client(&mock).login().await.expect("logs in");
    let authenticate = mock
        .requests()
        .into_iter()
        .find(|r| r.path.starts_with("/api/v2/login_users/authenticate"))
        .expect("authenticated");
    assert_eq!(
        authenticate.content_type.as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn a_one_time_password_is_sent_until_a_login_succeeds_with_it() {
    let mock = start(MockConfig {
        one_time_passwords: vec!["246810".to_owned()],
        ..config()
    })
    .await;
    let without = password_client(&mock)
        .login()
        .await
        .expect_err("2FA needs a code");
    assert!(
        matches!(without, Error::Authentication { .. }),
        "{without:?}"
    );

    let client = builder(&mock)
        .credentials(Credentials::password_with_one_time_password(
            EMAIL, PASSWORD, "246810",
        ))
        .retry_policy(illumio_pce::RetryPolicy::none())
        .build()
        .expect("builds");
    // A login that fails on the way (a 503 in front of the PCE) keeps the code.
    mock.inject(pce_tests::Fault::Status(503), 1);
    client.login().await.expect_err("503");
    client.login().await.expect("the code is accepted");
    assert_eq!(mock.authentications(), 1);
    // The code is spent: logging in again sends none, and the mock refuses.
    let again = client.login().await.expect_err("no second use");
    assert!(matches!(again, Error::Authentication { .. }), "{again:?}");
    assert_eq!(mock.authentications(), 1);
}
