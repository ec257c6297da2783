//! The generated models on the wire: renames, optional fields, defaults, unknown enum values, secrets,
//! exclusive fields and date-times, through serde_json.

use apis::cyclos::types::{ChangePassword, PasswordStatusAndType, PasswordStatusEnum};
use apis::soracom::types::{AuthRequest, AuthResponse};
use apis::yandex::types::{Operation, OperationErrorOrResponse};
use serde_json::json;

#[test]
fn unknown_enum_values_are_kept_and_round_trip() {
    let status: PasswordStatusAndType = serde_json::from_value(json!({ "status": "frozenByPolicy" })).unwrap();
    assert_eq!(status.status, Some(PasswordStatusEnum::Unknown("frozenByPolicy".to_owned())));
    assert_eq!(serde_json::to_value(&status).unwrap(), json!({ "status": "frozenByPolicy" }));
    let known: PasswordStatusAndType = serde_json::from_value(json!({ "status": "temporarilyBlocked" })).unwrap();
    assert_eq!(known.status, Some(PasswordStatusEnum::TemporarilyBlocked));
    assert_eq!(PasswordStatusEnum::TemporarilyBlocked.as_str(), "temporarilyBlocked");
    assert_eq!(PasswordStatusEnum::from("neverCreated"), PasswordStatusEnum::NeverCreated);
}

#[test]
fn optional_fields_are_left_out_and_renamed_fields_use_wire_names() {
    let body = ChangePassword { new_password: Some("s3cret-value".into()), force_change: Some(true), ..ChangePassword::default() };
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({ "newPassword": "s3cret-value", "forceChange": true }));
}

#[test]
fn defaults_fill_missing_fields() {
    let request: AuthRequest = serde_json::from_value(json!({ "email": "a@example.com" })).unwrap();
    assert_eq!(request.token_timeout_seconds, 86400);
    assert_eq!(AuthRequest::default().token_timeout_seconds, 86400);
}

#[test]
fn secrets_never_show_in_debug_but_are_sent() {
    let response: AuthResponse =
        serde_json::from_value(json!({ "apiKey": "api-key-123", "token": "token-456", "operatorId": "OP1" })).unwrap();
    let debug = format!("{response:?}");
    assert!(!debug.contains("api-key-123") && !debug.contains("token-456"), "{debug}");
    assert!(debug.contains("***") && debug.contains("OP1"), "{debug}");
    let wire = serde_json::to_value(&response).unwrap();
    assert_eq!(wire["apiKey"], "api-key-123");
    assert_eq!(response.token.as_ref().map(|t| t.expose()), Some("token-456"));
}

#[test]
fn operation_error_and_response_are_exclusive() {
    let done: Operation = serde_json::from_value(json!({
        "id": "op1", "done": true, "createdAt": "2026-11-25T10:00:00.123456789Z",
        "response": { "deviceId": "d1", "id": "p1", "createdAt": "2026-11-25T10:00:00Z" }
    }))
    .unwrap();
    assert!(matches!(done.error_or_response, Some(OperationErrorOrResponse::Response(_))));
    assert_eq!(done.created_at.map(|t| t.timestamp_subsec_nanos()), Some(123_456_789));
    let failed: Operation = serde_json::from_value(json!({ "id": "op2", "done": true, "error": { "code": 3, "message": "bad" } })).unwrap();
    assert!(matches!(failed.error_or_response, Some(OperationErrorOrResponse::Error(ref status)) if status.code == Some(3)));
    let running: Operation = serde_json::from_value(json!({ "id": "op3", "done": false })).unwrap();
    assert_eq!(running.error_or_response, None);
    let both = serde_json::from_value::<Operation>(json!({ "id": "op4", "error": {}, "response": {} }));
    let message = both.unwrap_err().to_string();
    assert!(message.contains("mutually exclusive"), "{message}");
    assert_eq!(serde_json::to_value(&failed).unwrap()["error"]["code"], 3);
}

/// A multi-file spec: the path item is in another file, its response's items in a third, and the
/// discriminator's mapping names schemas by file; each value decodes into the variant it maps to.
#[tokio::test]
async fn path_items_and_discriminator_mappings_in_other_files() {
    use fixture_apis::path_item_refs::types::{Dessert, Item};
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let menu = r#"[{"kind":"dessert","name":"tart","sweetness":3},{"kind":"drink","name":"tea","hot":true},{"kind":"soup","name":"pho"}]"#;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(menu, "application/json")).mount(&server).await;
    let client = fixture_apis::path_item_refs::Client::builder().base_url(server.uri()).build().expect("client");
    let items = client.list_menu().send().await.expect("200");
    let [dessert, drink, soup] = items.as_slice() else { panic!("three items: {items:?}") };
    assert_eq!(dessert, &Item::Dessert(Dessert { kind: "dessert".into(), name: "tart".into(), sweetness: Some(3) }));
    assert!(matches!(drink, Item::Drink(d) if d.hot == Some(true)), "{drink:?}");
    assert!(matches!(soup, Item::Unknown(_)), "{soup:?}");
}
