//! Sessions: reuse, renewal after the PCE's inactivity expiry (by moving the mock's clock),
//! one login for many concurrent callers, an expired auth token, and logout.

use std::time::Duration;

use illumio_pce::Error;
use pce_tests::Fault;

use crate::{config, password_client, session_client, start};

/// Past the mock's 10-minute inactivity expiry.
const IDLE: Duration = Duration::from_secs(11 * 60);

#[tokio::test]
async fn a_session_and_its_connection_are_reused() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    for _ in 0..20 {
        client
            .optional_features_get()
            .await
            .expect("lists the features");
    }
    assert_eq!(mock.logins(), 1);
    // Usually one connection; hyper's pool may not have the last one back in time for the
    // next request and open another, so "far fewer than the 21 requests" is the promise.
    assert!(
        mock.connections() <= 3,
        "{} connections",
        mock.connections()
    );
}

#[tokio::test]
async fn an_expired_session_is_renewed_once() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    client
        .optional_features_get()
        .await
        .expect("lists the features");
    mock.advance_clock(IDLE);
    client
        .optional_features_get()
        .await
        .expect("renews the session and lists again");
    assert_eq!(mock.logins(), 2);
}

#[tokio::test]
async fn using_a_session_keeps_it_alive() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    for _ in 0..4 {
        client
            .optional_features_get()
            .await
            .expect("lists the features");
        mock.advance_clock(Duration::from_secs(6 * 60));
    }
    assert_eq!(mock.logins(), 1, "24 minutes in all, never 10 idle");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_callers_after_expiry_make_one_login() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    client
        .optional_features_get()
        .await
        .expect("lists the features");
    mock.advance_clock(IDLE);
    let callers: Vec<_> = (0..64)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.optional_features_get().await.map(|f| f.len()) })
        })
        .collect();
    for caller in callers {
        caller.await.expect("joins").expect("lists the features");
    }
    assert_eq!(mock.logins(), 2);
}

#[tokio::test]
async fn an_expired_auth_token_restarts_the_login() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    // authenticate passes; users/login refuses the token as if its 30 s had run out.
    mock.inject(Fault::Delay(Duration::ZERO), 1);
    mock.inject(Fault::Status(401), 1);
    client
        .login()
        .await
        .expect("authenticates again and logs in");
    assert_eq!((mock.authentications(), mock.logins()), (2, 1));
}

#[tokio::test]
async fn logout_ends_the_session_and_a_second_logout_sends_nothing() {
    let mock = start(config()).await;
    let client = session_client(&mock).await;
    client
        .optional_features_get()
        .await
        .expect("lists the features");
    client.logout().await.expect("logs out");
    let sent = mock.requests().len();
    client.logout().await.expect("a second logout is a no-op");
    let error = client
        .optional_features_get()
        .await
        .expect_err("the session is over");
    assert!(
        matches!(error, Error::Authentication { status: None, .. }),
        "{error:?}"
    );
    assert_eq!(
        mock.requests().len(),
        sent,
        "after logout nothing is sent with the dead session, and no second PUT"
    );
}

#[tokio::test]
async fn after_logout_a_password_client_logs_in_anew_without_a_401_first() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    client
        .optional_features_get()
        .await
        .expect("lists the features");
    client.logout().await.expect("logs out");
    let sent = mock.requests().len();
    client.optional_features_get().await.expect("logs in again");
    assert_eq!(mock.logins(), 2);
    let after: Vec<String> = mock.requests()[sent..]
        .iter()
        .map(|r| r.path.split('?').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        after,
        [
            "/api/v2/login_users/authenticate",
            "/api/v2/users/login",
            "/api/v2/orgs/1/optional_features"
        ]
    );
    let logouts = mock
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/logout"))
        .count();
    assert_eq!(logouts, 1);
}

#[tokio::test]
async fn a_session_replaced_by_login_is_logged_out() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    client.login().await.expect("logs in");
    client.login().await.expect("logs in again");
    let paths: Vec<String> = mock.requests().into_iter().map(|r| r.path).collect();
    let last_logout = paths.iter().rposition(|p| p.ends_with("/logout"));
    let last_login = paths.iter().rposition(|p| p == "/api/v2/users/login");
    assert!(
        matches!((last_logout, last_login), (Some(out), Some(login)) if out > login),
        "the first session is logged out after the second login: {paths:?}"
    );
    client
        .optional_features_get()
        .await
        .expect("the new session works");
    assert_eq!(mock.logins(), 2);
}
