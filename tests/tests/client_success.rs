//! Successful responses of the generated clients: the exact request on the wire, and the typed
//! value of each documented 2xx response (JSON, vendor `+json`, `text/plain`, empty bodies).

mod client_support;

use apis::runtime::Secret;
use apis::{arduino, cyclos, equinix, soracom, yandex};
use client_support::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ARDUINO_SUCCESS_ACCEPT: &str = "application/vnd.arduino.devicev2.pass+json, application/vnd.goa.error+json";
const ARDUINO_ERROR_ACCEPT: &str = "application/vnd.goa.error+json, text/plain";

fn utc(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().expect("valid RFC 3339 date-time")
}

// ---------------------------------------------------------------------------------------------
// Arduino
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn arduino_get_decodes_the_vendor_json_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/devices/dev-1/pass"))
        .respond_with(json_response(
            200,
            "application/vnd.arduino.devicev2.pass+json",
            &json!({"set": false, "suggested_password": "q7Rk2vLx9Ztm4Hc1"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let value = arduino(&server).devices_v2_pass_get("dev-1").send().await.expect("200 decodes");

    assert_eq!(value, arduino::types::ArduinoDevicev2Pass { set: false, suggested_password: Some(Secret::new("q7Rk2vLx9Ztm4Hc1")) });
    let request = single_request(&server).await;
    assert_line(&request, "GET", "/v2/devices/dev-1/pass", None);
    assert_eq!(header_names(&request), names(&["accept", "authorization", "host", "user-agent"]));
    assert_eq!(header(&request, "accept"), Some(ARDUINO_SUCCESS_ACCEPT));
    assert_eq!(header(&request, "authorization"), Some("Bearer arduino-token-123"));
    assert_eq!(header(&request, "user-agent"), Some(DEFAULT_USER_AGENT));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn arduino_get_accepts_vendor_json_with_parameters_and_odd_case() {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "Application/VND.Arduino.Devicev2.Pass+JSON; charset=utf-8", &json!({"set": true}))).await;

    let value = arduino(&server).devices_v2_pass_get("dev-1").send().await.expect("200 decodes");
    assert_eq!(value, arduino::types::ArduinoDevicev2Pass::new(true));
}

#[tokio::test]
async fn arduino_get_accepts_unknown_fields() {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "application/vnd.arduino.devicev2.pass+json", &json!({"set": true, "added_later": {"x": 1}})))
        .await;
    let value = arduino(&server).devices_v2_pass_get("dev-1").send().await.expect("unknown fields are ignored");
    assert!(value.set);
    assert_eq!(value.suggested_password, None);
}

#[tokio::test]
async fn arduino_set_returns_the_model_with_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/devices/dev-2/pass"))
        .respond_with(
            json_response(200, "application/vnd.arduino.devicev2.pass+json", &json!({"set": true}))
                .insert_header("X-Request-Id", "req-42")
                .append_header("X-Multi", "one")
                .append_header("X-Multi", "two"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = arduino(&server)
        .devices_v2_pass_set("dev-2", arduino::types::Devicev2Pass { password: Some(Secret::new("n3w-Passw0rd")) })
        .send()
        .with_meta()
        .await
        .expect("200 decodes");

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-42"));
    let multi: Vec<_> = response.headers.get_all("x-multi").iter().filter_map(|v| v.to_str().ok()).collect();
    assert_eq!(multi, ["one", "two"]);
    assert_eq!(response.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/vnd.arduino.devicev2.pass+json"));
    // Deref to the value, and into_inner.
    assert!(response.set);
    assert_eq!(response.into_inner(), arduino::types::ArduinoDevicev2Pass::new(true));

    let request = single_request(&server).await;
    assert_line(&request, "PUT", "/v2/devices/dev-2/pass", None);
    assert_eq!(header_names(&request), names(&["accept", "authorization", "content-length", "content-type", "host", "user-agent"]));
    assert_eq!(header(&request, "accept"), Some(ARDUINO_SUCCESS_ACCEPT));
    assert_body(&request, "application/json", r#"{"password":"n3w-Passw0rd"}"#);
}

#[tokio::test]
async fn arduino_check_and_delete_give_unit_on_an_empty_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/v2/devices/dev-3/pass")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    Mock::given(method("DELETE"))
        .and(path("/v2/devices/dev-3/pass"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Deleted", "yes"))
        .expect(1)
        .mount(&server)
        .await;
    let client = arduino(&server);

    let checked: () =
        client.devices_v2_pass_check("dev-3", arduino::types::CheckDevicesV2PassPayload::new("pw")).send().await.expect("empty 200");
    assert_eq!(checked, ());

    let deleted = client.devices_v2_pass_delete("dev-3").send().with_meta().await.expect("empty 200");
    assert_eq!(deleted.status.as_u16(), 200);
    assert_eq!(deleted.headers.get("x-deleted").map(|v| v.as_bytes()), Some(&b"yes"[..]));
    assert_eq!(deleted.into_inner(), ());

    let all = requests(&server).await;
    let [check, delete] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_line(check, "POST", "/v2/devices/dev-3/pass", None);
    assert_eq!(header(check, "accept"), Some(ARDUINO_ERROR_ACCEPT));
    assert_body(check, "application/json", r#"{"password":"pw"}"#);
    assert_line(delete, "DELETE", "/v2/devices/dev-3/pass", None);
    assert_eq!(header(delete, "accept"), Some(ARDUINO_ERROR_ACCEPT));
    assert_eq!(header(delete, "authorization"), Some("Bearer arduino-token-123"));
    assert_no_body(delete);
    assert_eq!(header_names(delete), names(&["accept", "authorization", "host", "user-agent"]));
}

#[tokio::test]
async fn arduino_check_ignores_a_body_on_its_bodiless_200() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw("whatever", "text/html")).await;
    arduino(&server)
        .devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("pw"))
        .send()
        .await
        .expect("a 200 without a documented body gives () whatever is sent");
}

// ---------------------------------------------------------------------------------------------
// Cyclos
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cyclos_generated_password_decodes_from_json_and_from_text() {
    // (content type sent, body sent, value expected)
    let cases = [
        ("application/json", r#""5820 3317""#, "5820 3317"),
        ("application/json; charset=UTF-8", r#""p\"w\u00e9""#, "p\"wé"),
        ("text/plain", "5820 3317", "5820 3317"),
        ("text/plain; charset=utf-8", "  spaced\n", "  spaced\n"),
        ("Text/Plain", "\"quoted\"", "\"quoted\""),
    ];
    for (content_type, body, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/passwords/pin/change-generated"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/passwords/pin/generate"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
            .expect(1)
            .mount(&server)
            .await;
        let client = cyclos(&server);

        let changed: Secret = client.change_generated("pin").send().await.unwrap_or_else(|e| panic!("{content_type}: {e}"));
        assert_eq!(changed.expose(), expected, "{content_type}");
        assert_eq!(format!("{changed:?}"), "***");

        let generated = client.generate_password("pin").send().with_meta().await.unwrap_or_else(|e| panic!("{content_type}: {e}"));
        assert_eq!(generated.status.as_u16(), 200);
        assert_eq!(generated.expose(), expected, "{content_type}");

        let all = requests(&server).await;
        let [change, generate] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
        for (request, expected_path) in [(change, "/passwords/pin/change-generated"), (generate, "/passwords/pin/generate")] {
            assert_line(request, "POST", expected_path, None);
            assert_eq!(header(request, "accept"), Some("application/json, text/plain"));
            assert_eq!(header(request, "access-client-token"), Some(CYCLOS_ACCESS_CLIENT));
            assert_no_body(request);
            let mut expected_names = names(&["accept", "access-client-token", "host", "user-agent"]);
            if header(request, "content-length").is_some() {
                expected_names.insert("content-length".into());
            }
            assert_eq!(header_names(request), expected_names);
        }
    }
}

#[tokio::test]
async fn cyclos_204_operations_give_unit() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204).insert_header("X-Done", "1")).await;
    let client = cyclos(&server);

    let mut expected_paths = Vec::new();
    macro_rules! check {
        ($call:expr, $path:expr) => {{
            let response = $call.send().with_meta().await.expect("204");
            assert_eq!(response.status.as_u16(), 204);
            assert_eq!(response.headers.get("x-done").map(|v| v.as_bytes()), Some(&b"1"[..]));
            let (): () = response.into_inner();
            expected_paths.push($path);
        }};
    }
    check!(client.allow_generation("u1", "pin"), "/u1/passwords/pin/allow-generation");
    check!(client.change_password("self", "login"), "/self/passwords/login/change");
    check!(client.disable_password("u1", "login"), "/u1/passwords/login/disable");
    check!(client.enable_password("u1", "login"), "/u1/passwords/login/enable");
    check!(client.reset_and_send_password("u1", "login"), "/u1/passwords/login/reset-and-send");
    check!(client.reset_generated_password("u1", "pin"), "/u1/passwords/pin/reset-generated");
    check!(client.unblock_password("u1", "login"), "/u1/passwords/login/unblock");
    // `send` returns the bare unit.
    client.unblock_password("u2", "login").send().await.expect("204");
    expected_paths.push("/u2/passwords/login/unblock");

    let all = requests(&server).await;
    assert_eq!(all.len(), expected_paths.len());
    for (request, expected_path) in all.iter().zip(expected_paths) {
        assert_line(request, "POST", expected_path, None);
        assert_eq!(header(request, "accept"), Some("application/json"));
        assert_eq!(header(request, "access-client-token"), Some(CYCLOS_ACCESS_CLIENT));
        assert_no_body(request);
    }
}

#[tokio::test]
async fn cyclos_list_user_passwords_decodes_a_json_array() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/self/passwords"))
        .respond_with(json_response(
            200,
            "application/json",
            &json!([
                {
                    "date": "2024-05-01T12:30:00Z",
                    "status": "active",
                    "type": {"id": "1", "internalName": "login", "name": "Login password"}
                },
                {"status": "brandNewStatus"},
                {}
            ]),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = cyclos(&server).list_user_passwords("self").send().await.expect("200 decodes");

    assert_eq!(
        list,
        vec![
            cyclos::types::PasswordStatusAndType {
                date: Some(utc("2024-05-01T12:30:00Z")),
                status: Some(cyclos::types::PasswordStatusEnum::Active),
                type_: Some(cyclos::types::InternalNamedEntity {
                    id: Some("1".into()),
                    internal_name: Some("login".into()),
                    name: Some("Login password".into()),
                }),
            },
            cyclos::types::PasswordStatusAndType {
                status: Some(cyclos::types::PasswordStatusEnum::Unknown("brandNewStatus".into())),
                ..Default::default()
            },
            cyclos::types::PasswordStatusAndType::default(),
        ]
    );
    let request = single_request(&server).await;
    assert_line(&request, "GET", "/self/passwords", None);
    assert_eq!(header_names(&request), names(&["accept", "access-client-token", "host", "user-agent"]));
    assert_eq!(header(&request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn cyclos_password_data_and_list_data_decode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/u1/passwords/login"))
        .respond_with(json_response(
            200,
            "application/json",
            &json!({
                "status": "temporarilyBlocked",
                "date": "2024-02-09T08:00:00.5+02:00",
                "requireOldPasswordForChange": true,
                "permissions": {"change": true, "unblock": true, "resetAndSend": false},
                "type": {"id": "9", "name": "Login", "mode": "manual", "description": "8+ chars"}
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/u1/passwords/list-data"))
        .respond_with(json_response(
            200,
            "application/json",
            &json!({
                "confirmationPasswordInput": {
                    "inputMethod": "virtualKeyboard",
                    "buttons": [["1", "2"], ["3"]],
                    "otpSendMediums": ["sms", "email"],
                    "mode": "otp"
                },
                "passwords": [{"status": "pending"}]
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = cyclos(&server);

    let data = client.get_user_passwords_data("u1", "login").send().await.expect("200 decodes");
    assert_eq!(
        data,
        cyclos::types::PasswordStatusAndActions {
            date: Some(utc("2024-02-09T06:00:00.5Z")),
            permissions: Some(cyclos::types::PasswordActions {
                change: Some(true),
                unblock: Some(true),
                reset_and_send: Some(false),
                ..Default::default()
            }),
            require_old_password_for_change: Some(true),
            status: Some(cyclos::types::PasswordStatusEnum::TemporarilyBlocked),
            type_: Some(cyclos::types::PasswordTypeWithDescription {
                description: Some("8+ chars".into()),
                id: Some("9".into()),
                mode: Some(cyclos::types::PasswordModeEnum::Manual),
                name: Some("Login".into()),
                ..Default::default()
            }),
        }
    );

    let list_data = client.get_user_passwords_list_data("u1").send().await.expect("200 decodes");
    assert_eq!(
        list_data,
        cyclos::types::DataForUserPasswords {
            confirmation_password_input: Some(cyclos::types::PasswordInput {
                input_method: Some(cyclos::types::PasswordInputMethodEnum::VirtualKeyboard),
                buttons: Some(vec![vec!["1".into(), "2".into()], vec!["3".into()]]),
                otp_send_mediums: Some(vec![cyclos::types::SendMediumEnum::Sms, cyclos::types::SendMediumEnum::Email]),
                mode: Some(cyclos::types::PasswordModeEnum::Otp),
                ..Default::default()
            }),
            passwords: Some(vec![cyclos::types::PasswordStatusAndActions {
                status: Some(cyclos::types::PasswordStatusEnum::Pending),
                ..Default::default()
            }]),
        }
    );

    let all = requests(&server).await;
    let [data, list] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_line(data, "GET", "/u1/passwords/login", None);
    assert_line(list, "GET", "/u1/passwords/list-data", None);
    for request in [data, list] {
        assert_eq!(header(request, "accept"), Some("application/json"));
        assert_no_body(request);
    }
}

#[tokio::test]
async fn cyclos_json_without_content_type_is_accepted() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_bytes(br#"[{"status":"expired"}]"#.to_vec())).await;
    let list = cyclos(&server).list_user_passwords("self").send().await.expect("a body without Content-Type is tried as JSON");
    assert_eq!(list[0].status, Some(cyclos::types::PasswordStatusEnum::Expired));
}

// ---------------------------------------------------------------------------------------------
// Equinix
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn equinix_recovery_codes_decode_and_204s_give_unit() {
    let server = MockServer::start().await;
    let codes = json_response(200, "application/json", &json!({"recovery_codes": ["aaaa-bbbb", "cccc-dddd"]}));
    Mock::given(method("GET")).and(path("/user/otp/recovery-codes")).respond_with(codes.clone()).expect(1).mount(&server).await;
    Mock::given(method("POST")).and(path("/user/otp/recovery-codes")).respond_with(codes).expect(1).mount(&server).await;
    Mock::given(method("POST")).and(path("/user/otp/sms/receive")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/user/otp/verify/123456"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = equinix(&server);
    let expected = equinix::types::RecoveryCodeList { recovery_codes: Some(vec![Secret::new("aaaa-bbbb"), Secret::new("cccc-dddd")]) };

    assert_eq!(client.find_recovery_codes().send().await.expect("200"), expected);
    assert_eq!(client.regenerate_codes().send().await.expect("200"), expected);
    let received = client.receive_codes().send().with_meta().await.expect("204");
    assert_eq!(received.status.as_u16(), 204);
    client.find_ensure_otp("123456").send().await.expect("204");

    let all = requests(&server).await;
    let [find, regenerate, receive, verify] = all.as_slice() else { panic!("expected four requests, got {all:#?}") };
    assert_line(find, "GET", "/user/otp/recovery-codes", None);
    assert_line(regenerate, "POST", "/user/otp/recovery-codes", None);
    assert_line(receive, "POST", "/user/otp/sms/receive", None);
    assert_line(verify, "POST", "/user/otp/verify/123456", None);
    for request in [find, regenerate, receive, verify] {
        assert_eq!(header(request, "accept"), Some("application/json"));
        assert_eq!(header(request, "x-auth-token"), Some(EQUINIX_TOKEN));
        assert_eq!(header(request, "authorization"), None);
        assert_no_body(request);
    }
}

// ---------------------------------------------------------------------------------------------
// Soracom
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn soracom_auth_decodes_and_reset_operations_give_unit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth"))
        .respond_with(json_response(
            200,
            "application/json",
            &json!({"apiKey": "api-key-1", "token": "api-token-1", "operatorId": "OP0012345678"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/password_reset_token/issue"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/password_reset_token/verify"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = soracom(&server);

    let auth = client
        .auth(soracom::types::AuthRequest {
            email: Some("root@example.com".into()),
            password: Some(Secret::new("r00t-pw")),
            ..Default::default()
        })
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(
        auth,
        soracom::types::AuthResponse {
            api_key: Some(Secret::new("api-key-1")),
            operator_id: Some("OP0012345678".into()),
            token: Some(Secret::new("api-token-1")),
            user_name: None,
        }
    );
    client.issue_password_reset_token(soracom::types::IssuePasswordResetTokenRequest::new("root@example.com")).send().await.expect("200");
    let verified = client
        .verify_password_reset_token(soracom::types::VerifyPasswordResetTokenRequest::new("n3w-pw", "tok-1"))
        .send()
        .with_meta()
        .await
        .expect("200");
    assert_eq!(verified.status.as_u16(), 200);

    let all = requests(&server).await;
    let [auth, issue, verify] = all.as_slice() else { panic!("expected three requests, got {all:#?}") };
    assert_line(auth, "POST", "/auth", None);
    assert_eq!(header(auth, "accept"), Some("application/json"));
    assert_body(auth, "application/json", r#"{"email":"root@example.com","password":"r00t-pw","tokenTimeoutSeconds":86400}"#);
    assert_line(issue, "POST", "/auth/password_reset_token/issue", None);
    // No response body is documented, so the client sets no Accept; reqwest's default remains.
    assert_eq!(header(issue, "accept"), Some("*/*"));
    assert_body(issue, "application/json", r#"{"email":"root@example.com"}"#);
    assert_line(verify, "POST", "/auth/password_reset_token/verify", None);
    assert_eq!(header(verify, "accept"), Some("*/*"));
    assert_body(verify, "application/json", r#"{"password":"n3w-pw","token":"tok-1"}"#);
    for request in [auth, issue, verify] {
        assert_eq!(header_names(request), names(&["accept", "content-length", "content-type", "host", "user-agent"]));
    }
}

// ---------------------------------------------------------------------------------------------
// Yandex
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn yandex_add_password_decodes_the_operation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/iot-devices/v1/devices/are0dev/passwords"))
        .respond_with(json_response(
            200,
            "application/json",
            &json!({
                "id": "op-1",
                "description": "Add password",
                "createdAt": "2024-05-01T12:30:00Z",
                "createdBy": "ajeuser",
                "modifiedAt": "2024-05-01T12:30:01.123456789Z",
                "done": true,
                "metadata": {"deviceId": "are0dev", "passwordId": "pw-1"},
                "response": {"id": "pw-1", "deviceId": "are0dev", "createdAt": "2024-05-01T12:30:01Z"}
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let operation = yandex(&server)
        .add_password("are0dev", yandex::types::AddDevicePasswordRequest { password: Some(Secret::new("Xk7!pQ2#vR9$mL4w")) })
        .send()
        .await
        .expect("200 decodes");

    assert_eq!(
        operation,
        yandex::types::Operation {
            created_at: Some(utc("2024-05-01T12:30:00Z")),
            created_by: Some("ajeuser".into()),
            description: Some("Add password".into()),
            done: Some(true),
            id: Some("op-1".into()),
            metadata: Some(yandex::types::AddDevicePasswordMetadata {
                device_id: Some("are0dev".into()),
                password_id: Some("pw-1".into()),
            }),
            modified_at: Some(utc("2024-05-01T12:30:01.123456789Z")),
            error_or_response: Some(yandex::types::OperationErrorOrResponse::Response(yandex::types::DevicePassword {
                created_at: Some(utc("2024-05-01T12:30:01Z")),
                device_id: Some("are0dev".into()),
                id: Some("pw-1".into()),
            })),
        }
    );
    let request = single_request(&server).await;
    assert_line(&request, "POST", "/iot-devices/v1/devices/are0dev/passwords", None);
    assert_eq!(header_names(&request), names(&["accept", "authorization", "content-length", "content-type", "host", "user-agent"]));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(header(&request, "authorization"), Some("Bearer yandex-iam-token"));
    assert_body(&request, "application/json", r#"{"password":"Xk7!pQ2#vR9$mL4w"}"#);
}

#[tokio::test]
async fn cyclos_generated_password_refuses_an_undocumented_text_type() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw("<html><body>Sign in</body></html>", "text/html")).await;
    let result = cyclos(&server).change_generated("pin").send().await;
    match result {
        Err(apis::runtime::Error::Decode(error)) => {
            assert_eq!(error.status().as_u16(), 200);
            assert_eq!(error.content_type(), Some("text/html"));
        }
        other => panic!(
            "text/html is neither of the documented application/json and text/plain, \
             expected Error::Decode, got {:?}",
            other.map(|secret| secret.expose().to_owned())
        ),
    }
}
