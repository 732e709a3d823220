//! Retries: 429 honours `Retry-After` (seconds or an HTTP date), 503 and dropped connections
//! are retried, the budget runs out, and a POST is not repeated after a failure it may have
//! survived.

use std::time::{Duration, Instant};

use illumio_pce::{Credentials, Error, RetryPolicy, StatusCode};
use pce_tests::Fault;

use crate::{api_key_builder, api_key_client, builder, config, start, EMAIL, PASSWORD};

#[tokio::test]
async fn a_429_is_retried_after_retry_after() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    mock.inject(
        Fault::RateLimited {
            retry_after_secs: 1,
        },
        1,
    );
    let started = Instant::now();
    client
        .optional_features_get()
        .await
        .expect("succeeds on the second attempt");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_given_as_an_http_date_is_honoured() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    // Two seconds ahead, to the whole second an HTTP date has: at least one second's wait.
    let at = std::time::SystemTime::now() + Duration::from_secs(2);
    mock.inject(
        Fault::Answer {
            status: 429,
            headers: vec![("Retry-After".to_owned(), httpdate::fmt_http_date(at))],
            body: r#"[{"token": "too_many_requests_error", "message": "later"}]"#.to_owned(),
        },
        1,
    );
    let started = Instant::now();
    client
        .optional_features_get()
        .await
        .expect("succeeds on the second attempt");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_secs(5),
        "waited {waited:?}"
    );
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn a_503_then_success() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    mock.inject(Fault::Status(503), 1);
    client
        .optional_features_get()
        .await
        .expect("succeeds on the second attempt");
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    mock.inject(Fault::DropConnection, 1);
    client
        .optional_features_get()
        .await
        .expect("succeeds on the second attempt");
}

#[tokio::test]
async fn the_retry_budget_runs_out() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(5)),
        )
        .build()
        .expect("builds");
    mock.inject(Fault::Status(502), 5);
    let error = client.optional_features_get().await.expect_err("gives up");
    let Error::Api {
        status,
        attempts,
        errors,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*status, *attempts), (StatusCode::BAD_GATEWAY, 3));
    assert_eq!(errors[0].token, "bad_gateway");
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_login_post_is_not_repeated_after_a_503() {
    let mock = start(config()).await;
    let client = builder(&mock)
        .credentials(Credentials::password(EMAIL, PASSWORD))
        .build()
        .expect("builds");
    mock.inject(Fault::Status(503), 1);
    let error = client.login().await.expect_err("POST is not idempotent");
    assert!(
        matches!(
            error,
            Error::Api {
                status: StatusCode::SERVICE_UNAVAILABLE,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_rate_limit_longer_than_the_budget_is_an_error() {
    let mock = start(pce_tests::MockConfig {
        rate_limit_per_minute: 3,
        ..config()
    })
    .await;
    let client = api_key_builder(&mock)
        .retry_policy(RetryPolicy::default().max_total_wait(Duration::from_secs(5)))
        .build()
        .expect("builds");
    for _ in 0..3 {
        client
            .optional_features_get()
            .await
            .expect("within the limit");
    }
    let error = client
        .optional_features_get()
        .await
        .expect_err("Retry-After is about a minute");
    let Error::Api {
        status,
        errors,
        attempts,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*status, *attempts), (StatusCode::TOO_MANY_REQUESTS, 1));
    assert_eq!(errors[0].token, "too_many_requests_error");
}

#[tokio::test]
async fn a_slow_response_times_out() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    mock.inject(Fault::Delay(Duration::from_secs(2)), 1);
    let error = client.optional_features_get().await.expect_err("too slow");
    let Error::Transport {
        source, attempts, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(source.is_timeout(), "{error}");
    assert_eq!(*attempts, 1);
}

#[tokio::test]
async fn a_406_saying_the_database_is_locked_is_retried_and_a_duplicate_is_not() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    let answer = |body: &str| Fault::Answer {
        status: 406,
        headers: Vec::new(),
        body: body.to_owned(),
    };
    mock.inject(
        answer(
            r#"[{"token": "input_validation_error", "message": "Could not get a database lock"}]"#,
        ),
        1,
    );
    client
        .optional_features_get()
        .await
        .expect("succeeds on the second attempt");
    assert_eq!(mock.requests().len(), 2);

    for token in ["label_key_and_value_must_be_unique", "already_deleted"] {
        let before = mock.requests().len();
        mock.inject(
            answer(&format!(
                r#"[{{"token": "{token}", "message": "refused"}}]"#
            )),
            1,
        );
        match client.optional_features_get().await {
            Err(Error::Api { status, errors, .. }) => {
                assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
                assert_eq!(errors[0].token, token);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(mock.requests().len(), before + 1, "{token} is sent once");
    }
}
