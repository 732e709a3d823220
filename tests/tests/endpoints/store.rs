//! `mock-pce --bundle` on the small test bundle, through its generated client: the generic
//! store behind every operation (create, list with `X-Total-Count`, get, update, delete, 404),
//! request bodies checked on arrival (406 with the PCE's token), 405 with `Allow`.

use illumio_pce::{ApiRequest, Error, StatusCode};
use reqwest::Method;
use serde_json::{json, Value};

use super::{bundle_pce, types};

#[tokio::test]
async fn a_label_is_created_listed_read_updated_and_deleted() {
    let (mock, pce) = bundle_pce().await;
    let created = pce
        .labels_create(&types::NewLabel::new("role", "web"))
        .await
        .expect("201");
    assert_eq!(created.href.as_deref(), Some("/orgs/1/labels/1"));
    let href = created.href.expect("the created label's href");
    pce.labels_create(&types::NewLabel::new("env", "prod"))
        .await
        .expect("201");

    let response = pce
        .client()
        .send::<Vec<Value>>(ApiRequest::get("/orgs/:org/labels"))
        .await
        .expect("lists");
    assert_eq!(response.total_count(), Some(2));
    let listed = pce.labels_list(&Default::default()).await.expect("lists");
    let values: Vec<&str> = listed.iter().filter_map(|l| l.value.as_deref()).collect();
    assert_eq!(values, ["web", "prod"]);

    let label = pce.labels_get(&href).await.expect("reads");
    assert_eq!(
        (label.key.as_deref(), label.value.as_deref()),
        (Some("role"), Some("web"))
    );
    let mut update = types::LabelUpdate::new();
    update.value = Some("db".to_owned());
    pce.labels_update(&href, &update).await.expect("204");
    let value = pce.labels_get(&href).await.expect("reads").value;
    assert_eq!(value.as_deref(), Some("db"));
    assert_eq!(
        mock.object("/orgs/1/labels/1"),
        Some(json!({"href": "/orgs/1/labels/1", "key": "role", "value": "db"}))
    );

    pce.labels_delete(&href).await.expect("204");
    let error = pce.labels_get(&href).await.expect_err("deleted");
    assert!(error.is_not_found(), "{error:?}");
    let error = pce.labels_delete(&href).await.expect_err("already deleted");
    assert!(error.is_not_found(), "{error:?}");
    let service = illumio_pce::Href::from("/orgs/1/services/1");
    let error = pce.labels_get(&service).await.expect_err("not a label");
    assert!(matches!(error, Error::Href { .. }), "{error:?}");
    assert_eq!(
        pce.labels_list(&Default::default())
            .await
            .expect("lists")
            .len(),
        1
    );
}

#[tokio::test]
async fn a_body_the_schema_refuses_gets_a_406_with_the_pce_token() {
    let (mock, pce) = bundle_pce().await;
    // The typed method would refuse this body before sending; the generic call sends it.
    let error = pce
        .client()
        .post::<Value>("/orgs/:org/labels", &json!({"key": "role", "value": 7}))
        .await
        .expect_err("406");
    let Error::Api { status, errors, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 406);
    assert_eq!(errors[0].token, "input_validation_error");
    assert!(errors[0].message.contains("'#/value'"), "{errors:?}");
    assert!(
        errors[0].message.contains("labels_post.schema.json"),
        "{errors:?}"
    );
    assert_eq!(mock.object("/orgs/1/labels/1"), None, "nothing stored");
}

#[tokio::test]
async fn answers_follow_the_response_schema_and_unknown_methods_get_405() {
    let (mock, pce) = bundle_pce().await;
    // Stored without the `value` its GET schema requires: the answer fills it in.
    mock.insert("/orgs/1/labels/9", json!({"key": "role", "extra": true}));
    let label = pce
        .client()
        .get::<Value>("/orgs/:org/labels/9", &())
        .await
        .expect("reads");
    assert_eq!(label["key"], "role");
    assert!(label["value"].is_string(), "{label}");
    assert_eq!(label["extra"], true, "the schema allows other properties");

    let error = pce
        .client()
        .send::<Value>(ApiRequest::new(Method::PATCH, "/orgs/:org/labels/9"))
        .await
        .expect_err("405");
    assert!(
        matches!(
            error,
            Error::Api {
                status: StatusCode::METHOD_NOT_ALLOWED,
                ..
            }
        ),
        "{error:?}"
    );
}
