//! Request and response bodies: JSON by default, form encoding where the spec offers it, no body
//! at all for an omitted optional body, and the `error` / `response` one-of of Yandex's Operation.

mod client_support;

use apis::runtime::{Error, Secret};
use apis::{arduino, cyclos, soracom, yandex};
use client_support::*;
use serde_json::json;
use wiremock::matchers::{body_string, header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FORM: &str = "application/x-www-form-urlencoded";

// ---------------------------------------------------------------------------------------------
// Arduino: JSON by default, form-urlencoded on request
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn arduino_check_sends_json_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/devices/dev-1/pass"))
        .and(header_is("content-type", "application/json"))
        .and(body_string(r#"{"password":"s3cr t&x=\"é"}"#))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    arduino(&server)
        .devices_v2_pass_check("dev-1", arduino::types::CheckDevicesV2PassPayload::new("s3cr t&x=\"é"))
        .send()
        .await
        .expect("200");
    let request = single_request(&server).await;
    assert_body(&request, "application/json", r#"{"password":"s3cr t&x=\"é"}"#);
}

#[tokio::test]
async fn arduino_check_and_set_can_send_form_urlencoded_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/devices/dev-1/pass"))
        .and(header_is("content-type", FORM))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/devices/dev-1/pass"))
        .and(header_is("content-type", FORM))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"set":true}"#, "application/vnd.arduino.devicev2.pass+json"))
        .expect(2)
        .mount(&server)
        .await;
    let client = arduino(&server);

    client
        .devices_v2_pass_check("dev-1", arduino::types::CheckDevicesV2PassPayload::new("s3cr t&x=y/é+"))
        .form_encoded()
        .send()
        .await
        .expect("200");
    let set = client
        .devices_v2_pass_set("dev-1", arduino::types::Devicev2Pass { password: Some(Secret::new("p@ss word")) })
        .form_encoded()
        .send()
        .await
        .expect("200");
    assert!(set.set);
    // The only field is optional; without it the form is empty.
    client.devices_v2_pass_set("dev-1", arduino::types::Devicev2Pass::default()).form_encoded().send().await.expect("200");

    let all = requests(&server).await;
    let [check, set, empty] = all.as_slice() else { panic!("expected three requests, got {all:#?}") };
    assert_line(check, "POST", "/v2/devices/dev-1/pass", None);
    assert_body(check, FORM, "password=s3cr+t%26x%3Dy%2F%C3%A9%2B");
    assert_line(set, "PUT", "/v2/devices/dev-1/pass", None);
    assert_body(set, FORM, "password=p%40ss+word");
    assert_body(empty, FORM, "");
    for request in [check, set, empty] {
        assert_eq!(header(request, "authorization"), Some("Bearer arduino-token-123"));
    }
}

#[tokio::test]
async fn arduino_set_without_password_sends_an_empty_json_object() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw(r#"{"set":false}"#, "application/vnd.arduino.devicev2.pass+json")).await;
    arduino(&server).devices_v2_pass_set("dev-1", arduino::types::Devicev2Pass::default()).send().await.expect("200");
    let request = single_request(&server).await;
    assert_body(&request, "application/json", "{}");
}

// ---------------------------------------------------------------------------------------------
// Cyclos: an optional body that is left out is not sent at all
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cyclos_change_password_without_body_sends_no_body() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    cyclos(&server).change_password("self", "login").send().await.expect("204");
    let request = single_request(&server).await;
    assert_line(&request, "POST", "/self/passwords/login/change", None);
    assert!(request.body.is_empty(), "not `null`, not `{{}}`: nothing");
    assert_eq!(header(&request, "content-type"), None);
    assert_no_body(&request);
    let mut expected = names(&["accept", "access-client-token", "host", "user-agent"]);
    if header(&request, "content-length").is_some() {
        expected.insert("content-length".into());
    }
    assert_eq!(header_names(&request), expected);
}

#[tokio::test]
async fn cyclos_change_password_with_body_sends_json() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    let client = cyclos(&server);
    client
        .change_password("self", "login")
        .body(cyclos::types::ChangePassword {
            check_confirmation: Some(true),
            force_change: Some(false),
            new_password: Some(Secret::new("n3w")),
            new_password_confirmation: Some(Secret::new("n3w")),
            old_password: Some(Secret::new("0ld")),
        })
        .send()
        .await
        .expect("204");
    client
        .change_password("u1", "login")
        .body(cyclos::types::ChangePassword { new_password: Some(Secret::new("only-new")), ..Default::default() })
        .send()
        .await
        .expect("204");
    // An all-empty body is still a body: `{}`.
    client.change_password("u1", "login").body(cyclos::types::ChangePassword::default()).send().await.expect("204");

    let all = requests(&server).await;
    let [full, partial, empty] = all.as_slice() else { panic!("expected three requests, got {all:#?}") };
    assert_line(full, "POST", "/self/passwords/login/change", None);
    assert_body(
        full,
        "application/json",
        r#"{"checkConfirmation":true,"forceChange":false,"newPassword":"n3w","newPasswordConfirmation":"n3w","oldPassword":"0ld"}"#,
    );
    assert_line(partial, "POST", "/u1/passwords/login/change", None);
    assert_body(partial, "application/json", r#"{"newPassword":"only-new"}"#);
    assert_body(empty, "application/json", "{}");
    for request in [full, partial, empty] {
        assert_eq!(header(request, "accept"), Some("application/json"));
    }
}

#[tokio::test]
async fn bodiless_posts_send_no_body() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    equinix(&server).receive_codes().send().await.expect("204");
    cyclos(&server).disable_password("u", "t").send().await.expect("204");
    for request in requests(&server).await {
        assert_eq!(request.method.as_str(), "POST");
        assert_no_body(&request);
    }
}

// ---------------------------------------------------------------------------------------------
// Soracom and Yandex request bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn soracom_auth_body_has_renamed_fields_and_the_default_timeout() {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "application/json", &json!({}))).await;
    let client = soracom(&server);
    client
        .auth(soracom::types::AuthRequest {
            auth_key_id: Some("keyId-1".into()),
            auth_key: Some(Secret::new("secret-1")),
            mfa_otp_code: Some(Secret::new("123456")),
            token_timeout_seconds: 3600,
            ..Default::default()
        })
        .send()
        .await
        .expect("200");
    client
        .auth(soracom::types::AuthRequest {
            operator_id: Some("OP001".into()),
            user_name: Some("sam".into()),
            password: Some(Secret::new("pw")),
            ..Default::default()
        })
        .send()
        .await
        .expect("200");
    let all = requests(&server).await;
    let [key, sam] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_body(
        key,
        "application/json",
        r#"{"authKey":"secret-1","authKeyId":"keyId-1","mfaOTPCode":"123456","tokenTimeoutSeconds":3600}"#,
    );
    assert_body(sam, "application/json", r#"{"operatorId":"OP001","password":"pw","tokenTimeoutSeconds":86400,"userName":"sam"}"#);
}

#[tokio::test]
async fn yandex_add_password_body() {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "application/json", &json!({"id": "op"}))).await;
    let client = yandex(&server);
    client
        .add_password("d1", yandex::types::AddDevicePasswordRequest { password: Some(Secret::new("Xk7!pQ2#vR9$mL4w")) })
        .send()
        .await
        .expect("200");
    client.add_password("d1", yandex::types::AddDevicePasswordRequest::default()).send().await.expect("200");
    let all = requests(&server).await;
    let [with, without] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_body(with, "application/json", r#"{"password":"Xk7!pQ2#vR9$mL4w"}"#);
    assert_body(without, "application/json", "{}");
}

// ---------------------------------------------------------------------------------------------
// Yandex Operation: `error` and `response` are mutually exclusive
// ---------------------------------------------------------------------------------------------

async fn add_password_answering(body: serde_json::Value) -> Result<yandex::types::Operation, Error<yandex::client::AddPasswordError>> {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "application/json", &body)).await;
    yandex(&server).add_password("d1", yandex::types::AddDevicePasswordRequest::default()).send().await
}

#[tokio::test]
async fn yandex_operation_with_both_error_and_response_fails_to_decode() {
    let body = json!({
        "id": "op-1",
        "done": true,
        "error": {"code": 3, "message": "bad"},
        "response": {"id": "pw-1"}
    });
    let error = add_password_answering(body.clone()).await.expect_err("both set is invalid");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    let Error::Decode(inner) = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(inner.status().as_u16(), 200);
    assert_eq!(inner.content_type(), Some("application/json"));
    assert!(inner.message().contains("`error` and `response` are mutually exclusive, but more than one is set"), "{}", inner.message());
    assert_eq!(inner.body(), body.to_string().as_bytes());
    assert!(error
        .to_string()
        .starts_with("could not decode the 200 OK response (content type application/json, 85 bytes): the JSON does not match the expected type: `error` and `response` are mutually exclusive"), "{error}");
}

#[tokio::test]
async fn yandex_operation_with_only_error_decodes_to_the_error_variant() {
    let operation = add_password_answering(json!({
        "id": "op-1",
        "done": true,
        "error": {"code": 9, "message": "failed precondition", "details": [{"k": "v"}]}
    }))
    .await
    .expect("decodes");
    assert_eq!(operation.id.as_deref(), Some("op-1"));
    assert_eq!(operation.done, Some(true));
    assert_eq!(
        operation.error_or_response,
        Some(yandex::types::OperationErrorOrResponse::Error(yandex::types::Status {
            code: Some(9),
            message: Some("failed precondition".into()),
            details: Some(vec![json!({"k": "v"})]),
        }))
    );
}

#[tokio::test]
async fn yandex_operation_with_only_response_decodes_to_the_response_variant() {
    let operation = add_password_answering(json!({
        "id": "op-2",
        "done": true,
        "response": {"id": "pw-1", "deviceId": "d1"}
    }))
    .await
    .expect("decodes");
    assert_eq!(
        operation.error_or_response,
        Some(yandex::types::OperationErrorOrResponse::Response(yandex::types::DevicePassword {
            created_at: None,
            device_id: Some("d1".into()),
            id: Some("pw-1".into()),
        }))
    );
}

#[tokio::test]
async fn yandex_operation_with_neither_decodes_to_none() {
    let operation = add_password_answering(json!({"id": "op-3", "done": false})).await.expect("decodes");
    assert_eq!(operation.done, Some(false));
    assert_eq!(operation.error_or_response, None);

    // Explicit nulls count as absent.
    let operation = add_password_answering(json!({"id": "op-4", "error": null, "response": null})).await.expect("decodes");
    assert_eq!(operation.error_or_response, None);
}

#[tokio::test]
async fn yandex_operation_serializes_the_one_of_flat() {
    let operation = yandex::types::Operation {
        created_at: None,
        created_by: None,
        description: None,
        done: Some(true),
        id: Some("op".into()),
        metadata: None,
        modified_at: None,
        error_or_response: Some(yandex::types::OperationErrorOrResponse::Error(yandex::types::Status {
            code: Some(5),
            ..Default::default()
        })),
    };
    assert_eq!(serde_json::to_value(&operation).expect("serializes"), json!({"done": true, "id": "op", "error": {"code": 5}}));
}
