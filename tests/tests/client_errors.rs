//! Error responses of the generated clients: each documented non-2xx status decodes into its typed
//! variant, undocumented ones land in `Unexpected`, undecodable bodies are `Error::Decode`, and
//! every error displays as a readable sentence.

mod client_support;

use apis::runtime::{Error, UnexpectedResponse};
use apis::{arduino, cyclos, equinix, soracom, yandex};
use client_support::*;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

const GOA: &str = "application/vnd.goa.error+json";

fn goa_error(id: &str, code: &str, status: i64, detail: &str) -> serde_json::Value {
    json!({"id": id, "code": code, "status": status, "detail": detail})
}

fn goa(id: &str, code: &str, status: i64, detail: &str) -> arduino::types::GoaError {
    arduino::types::GoaError { code: Some(code.into()), detail: Some(detail.into()), id: Some(id.into()), meta: None, status: Some(status) }
}

/// Starts a server answering every request with `template`.
async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    respond_all(&server, template).await;
    server
}

/// The typed error of an `Error::Api`, or a panic showing what came instead.
fn api<E: std::fmt::Display>(error: Error<E>) -> E {
    match error {
        Error::Api { error: inner, .. } => inner,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn decode<E: std::fmt::Display>(error: &Error<E>) -> &apis::runtime::DecodeError {
    match error {
        Error::Decode(inner) => inner,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

fn header_text<'a>(response: &'a UnexpectedResponse, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

// ---------------------------------------------------------------------------------------------
// Arduino: goa errors, bodiless statuses, and the JSON / text union of check and delete
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn arduino_get_errors_decode_into_goa_errors() {
    let server =
        server_answering(json_response(401, GOA, &goa_error("7HQ4ZP2M", "unauthorized", 401, "invalid or expired access token"))).await;
    let error = arduino(&server).devices_v2_pass_get("dev-1").send().await.expect_err("401");
    assert_eq!(error.to_string(), "the server answered with status 401: Unauthorized");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "a documented error keeps its status");
    assert_eq!(error.headers().and_then(|h| h.get("content-type")).map(|v| v.as_bytes()), Some(GOA.as_bytes()));
    assert!(!format!("{error:?}").contains("invalid or expired"), "Debug shows no body content: {error:?}");
    let source = std::error::Error::source(&error).expect("Api has the typed error as source");
    assert_eq!(source.to_string(), "status 401: Unauthorized");
    assert_eq!(
        api(error),
        arduino::client::DevicesV2PassGetError::Unauthorized(goa("7HQ4ZP2M", "unauthorized", 401, "invalid or expired access token"))
    );
    let request = single_request(&server).await;
    assert_line(&request, "GET", "/v2/devices/dev-1/pass", None);

    let server = server_answering(ResponseTemplate::new(404)).await;
    let error = arduino(&server).devices_v2_pass_get("dev-1").send().await.expect_err("404");
    assert_eq!(error.to_string(), "the server answered with status 404: Not Found");
    assert_eq!(api(error), arduino::client::DevicesV2PassGetError::NotFound);

    let server = server_answering(json_response(
        500,
        "application/vnd.goa.error+json; charset=utf-8",
        &json!({"id": "9XK2LQ7A", "code": "internal_error", "status": 500,
                "detail": "boom", "meta": {"timestamp": 1458609066}}),
    ))
    .await;
    let error = arduino(&server).devices_v2_pass_get("dev-1").send().await.expect_err("500");
    assert_eq!(error.to_string(), "the server answered with status 500: Internal Server Error");
    assert_eq!(
        api(error),
        arduino::client::DevicesV2PassGetError::InternalServerError(arduino::types::GoaError {
            meta: Some(json!({"timestamp": 1458609066})),
            ..goa("9XK2LQ7A", "internal_error", 500, "boom")
        })
    );
}

#[tokio::test]
async fn arduino_set_errors_decode_into_goa_errors() {
    let body = arduino::types::Devicev2Pass::default;
    let cases: [(u16, arduino::client::DevicesV2PassSetError, &str); 4] = [
        (400, arduino::client::DevicesV2PassSetError::BadRequest(goa("a", "invalid_value", 400, "d")), "status 400: Bad Request"),
        (401, arduino::client::DevicesV2PassSetError::Unauthorized(goa("a", "unauthorized", 401, "d")), "status 401: Unauthorized"),
        (404, arduino::client::DevicesV2PassSetError::NotFound, "status 404: Not Found"),
        (
            500,
            arduino::client::DevicesV2PassSetError::InternalServerError(goa("a", "internal_error", 500, "d")),
            "status 500: Internal Server Error",
        ),
    ];
    for (status, expected, text) in cases {
        let template = match &expected {
            arduino::client::DevicesV2PassSetError::NotFound => ResponseTemplate::new(404),
            arduino::client::DevicesV2PassSetError::BadRequest(e)
            | arduino::client::DevicesV2PassSetError::Unauthorized(e)
            | arduino::client::DevicesV2PassSetError::InternalServerError(e) => {
                json_response(status, GOA, &serde_json::to_value(e).expect("GoaError serializes"))
            }
            other => panic!("not a case: {other:?}"),
        };
        let server = server_answering(template).await;
        let error = arduino(&server).devices_v2_pass_set("dev-1", body()).send().await.expect_err("error status");
        assert_eq!(error.to_string(), format!("the server answered with {text}"));
        assert_eq!(api(error), expected, "status {status}");
        assert_eq!(requests(&server).await.len(), 1, "PUT with a 4xx/500 is not retried");
    }
}

#[tokio::test]
async fn arduino_check_401_is_text_or_goa_json_by_content_type() {
    use arduino::client::DevicesV2PassCheckError as E;
    use arduino::types::GoaErrorOrText as Body;
    let payload = || arduino::types::CheckDevicesV2PassPayload::new("wrong");

    // text/plain: the text variant, body as sent.
    let server = server_answering(ResponseTemplate::new(401).set_body_raw("the password does not match", "text/plain")).await;
    let error = arduino(&server).devices_v2_pass_check("dev-1", payload()).send().await.expect_err("401");
    assert_eq!(error.to_string(), "the server answered with status 401: Unauthorized");
    assert_eq!(api(error), E::Unauthorized(Body::Text("the password does not match".into())));

    // text/plain with a charset parameter.
    let server = server_answering(ResponseTemplate::new(401).set_body_raw("non ascii: é", "text/plain; charset=utf-8")).await;
    let error = arduino(&server).devices_v2_pass_check("dev-1", payload()).send().await.expect_err("401");
    assert_eq!(api(error), E::Unauthorized(Body::Text("non ascii: é".into())));

    // goa JSON: the JSON variant.
    let server =
        server_answering(json_response(401, GOA, &goa_error("3F1FKVRR", "unauthorized", 401, "the password does not match"))).await;
    let error = arduino(&server).devices_v2_pass_check("dev-1", payload()).send().await.expect_err("401");
    assert_eq!(api(error), E::Unauthorized(Body::Json(goa("3F1FKVRR", "unauthorized", 401, "the password does not match"))));

    // 400 has no body.
    let server = server_answering(ResponseTemplate::new(400)).await;
    let error = arduino(&server).devices_v2_pass_check("dev-1", payload()).send().await.expect_err("400");
    assert_eq!(error.to_string(), "the server answered with status 400: Bad Request");
    assert_eq!(api(error), E::BadRequest);

    // 500 in both forms.
    use arduino::types::GoaErrorOrText as Body500;
    let server = server_answering(ResponseTemplate::new(500).set_body_raw("oops", "text/plain")).await;
    let error = arduino(&server).devices_v2_pass_check("dev-1", payload()).send().await.expect_err("500");
    assert_eq!(api(error), E::InternalServerError(Body500::Text("oops".into())));
    let server = server_answering(json_response(500, GOA, &goa_error("i", "internal_error", 500, "d"))).await;
    let error = arduino(&server).devices_v2_pass_check("dev-1", payload()).send().await.expect_err("500");
    assert_eq!(api(error), E::InternalServerError(Body500::Json(goa("i", "internal_error", 500, "d"))));
}

#[tokio::test]
async fn arduino_delete_errors_cover_text_json_and_bodiless() {
    use arduino::client::DevicesV2PassDeleteError as E;
    use arduino::types::GoaErrorOrText as Body500;
    use arduino::types::GoaErrorOrText as Body401;

    let server = server_answering(ResponseTemplate::new(401).set_body_raw("expired", "text/plain")).await;
    let error = arduino(&server).devices_v2_pass_delete("dev-1").send().await.expect_err("401");
    assert_eq!(api(error), E::Unauthorized(Body401::Text("expired".into())));

    let server = server_answering(json_response(401, GOA, &goa_error("i", "unauthorized", 401, "d"))).await;
    let error = arduino(&server).devices_v2_pass_delete("dev-1").send().await.expect_err("401");
    assert_eq!(api(error), E::Unauthorized(Body401::Json(goa("i", "unauthorized", 401, "d"))));

    let server = server_answering(ResponseTemplate::new(404)).await;
    let error = arduino(&server).devices_v2_pass_delete("dev-1").send().await.expect_err("404");
    assert_eq!(error.to_string(), "the server answered with status 404: Not Found");
    assert_eq!(api(error), E::NotFound);

    let server = server_answering(ResponseTemplate::new(500).set_body_raw("down", "text/plain")).await;
    let error = arduino(&server).devices_v2_pass_delete("dev-1").send().await.expect_err("500");
    assert_eq!(api(error), E::InternalServerError(Body500::Text("down".into())));
}

// ---------------------------------------------------------------------------------------------
// Equinix
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn equinix_errors_decode_into_the_error_model() {
    use equinix::client::{FindEnsureOtpError, FindRecoveryCodesError, ReceiveCodesError, RegenerateCodesError};
    let single = |text: &str| equinix::types::ErrorModel { error: Some(text.into()), errors: None };

    let server = server_answering(json_response(400, "application/json", &json!({"error": "bad otp"}))).await;
    let error = equinix(&server).find_ensure_otp("000000").send().await.expect_err("400");
    assert_eq!(error.to_string(), "the server answered with status 400: bad request");
    assert_eq!(api(error), FindEnsureOtpError::BadRequest(single("bad otp")));

    let server = server_answering(json_response(401, "application/json", &json!({"error": "no"}))).await;
    let error = equinix(&server).find_ensure_otp("000000").send().await.expect_err("401");
    assert_eq!(api(error), FindEnsureOtpError::Unauthorized(single("no")));

    let server = server_answering(json_response(404, "application/json", &json!({"errors": ["not found", "really"]}))).await;
    let error = equinix(&server).find_recovery_codes().send().await.expect_err("404");
    assert_eq!(error.to_string(), "the server answered with status 404: not found");
    assert_eq!(
        api(error),
        FindRecoveryCodesError::NotFound(equinix::types::ErrorModel {
            error: None,
            errors: Some(vec!["not found".into(), "really".into()])
        })
    );

    let server = server_answering(json_response(422, "application/json", &json!({"error": "2fa off"}))).await;
    let error = equinix(&server).find_recovery_codes().send().await.expect_err("422");
    assert_eq!(api(error), FindRecoveryCodesError::UnprocessableEntity(single("2fa off")));
    let error = equinix(&server).regenerate_codes().send().await.expect_err("422");
    assert_eq!(api(error), RegenerateCodesError::UnprocessableEntity(single("2fa off")));

    let server = server_answering(json_response(500, "application/json", &json!({}))).await;
    let error = equinix(&server).receive_codes().send().await.expect_err("500");
    assert_eq!(error.to_string(), "the server answered with status 500: internal server error");
    assert_eq!(api(error), ReceiveCodesError::InternalServerError(equinix::types::ErrorModel::default()));
}

// ---------------------------------------------------------------------------------------------
// Yandex: 4XX and default, both google.rpc.Status
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn yandex_errors_are_rpc_status_under_4xx_and_default() {
    use yandex::client::AddPasswordError as E;
    let status = |code: i32, message: &str| {
        json!({"code": code, "message": message,
               "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest"}]})
    };
    let typed = |code: i32, message: &str| yandex::types::Status {
        code: Some(code),
        message: Some(message.into()),
        details: Some(vec![json!({"@type": "type.googleapis.com/google.rpc.BadRequest"})]),
    };
    let body = || yandex::types::AddDevicePasswordRequest::default();

    for (http, code, message) in [(400, 3, "invalid"), (401, 16, "unauthenticated"), (404, 5, "no device"), (429, 8, "slow down")] {
        let server = server_answering(json_response(http, "application/json", &status(code, message))).await;
        let error = yandex(&server).add_password("d", body()).send().await.expect_err("4xx");
        assert!(error.to_string().starts_with("the server answered with a 4xx status: A client error, as a google.rpc.Status"), "{error}");
        assert_eq!(api(error), E::ClientError(typed(code, message)), "HTTP {http}");
        assert_eq!(requests(&server).await.len(), 1, "POST is not retried, even on 429");
    }

    for (http, code, message) in [(500, 13, "internal"), (503, 14, "unavailable"), (501, 12, "unimplemented")] {
        let server = server_answering(json_response(http, "application/json", &status(code, message))).await;
        let error = yandex(&server).add_password("d", body()).send().await.expect_err("5xx");
        assert!(error.to_string().starts_with("the server answered with an error status: An error, as a google.rpc.Status"), "{error}");
        assert_eq!(api(error), E::Default(typed(code, message)), "HTTP {http}");
    }

    // An undocumented 2xx is not a success.
    let server = server_answering(ResponseTemplate::new(202).set_body_raw(r#"{"id":"op"}"#, "application/json")).await;
    let error = yandex(&server).add_password("d", body()).send().await.expect_err("202");
    let E::Unexpected(response) = api(error) else { panic!("202 must be Unexpected") };
    assert_eq!(response.status().as_u16(), 202);
    assert_eq!(response.body(), br#"{"id":"op"}"#);
}

// ---------------------------------------------------------------------------------------------
// Cyclos: typed errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cyclos_errors_decode_into_their_models() {
    use cyclos::client::{ChangePasswordError as E, ListUserPasswordsError as L};
    use cyclos::types;

    let server = server_answering(json_response(
        401,
        "application/json",
        &json!({"code": "login", "passwordStatus": "indefinitelyBlocked", "userStatus": "blocked",
                "missingSecondaryPassword": {"id": "7", "mode": "otp"}}),
    ))
    .await;
    let error = cyclos(&server).list_user_passwords("self").send().await.expect_err("401");
    assert_eq!(
        error.to_string(),
        "the server answered with status 401: \
         Unauthorized access. Missing or invalid credentials supplied for such operation"
    );
    assert_eq!(
        api(error),
        L::Unauthorized(types::UnauthorizedError {
            code: Some(types::UnauthorizedErrorCode::Login),
            missing_secondary_password: Some(types::PasswordType {
                id: Some("7".into()),
                mode: Some(types::PasswordModeEnum::Otp),
                ..Default::default()
            }),
            password_status: Some(types::PasswordStatusEnum::IndefinitelyBlocked),
            user_status: Some(types::UserStatusEnum::Blocked),
        })
    );

    let server = server_answering(json_response(
        403,
        "application/json",
        &json!({"code": "invalidPassword", "passwordType": {"id": "1", "internalName": "pin"}}),
    ))
    .await;
    let error = cyclos(&server).change_password("self", "login").send().await.expect_err("403");
    assert_eq!(
        error.to_string(),
        "the server answered with status 403: \
         Either permission was denied for such operation or an illegal action was attempted"
    );
    assert_eq!(
        api(error),
        E::Forbidden(types::ForbiddenError {
            code: Some(types::ForbiddenErrorCode::InvalidPassword),
            password_type: Some(types::InternalNamedEntity { id: Some("1".into()), internal_name: Some("pin".into()), name: None }),
        })
    );

    let server = server_answering(json_response(404, "application/json", &json!({"entityType": "user", "key": "nobody"}))).await;
    let error = cyclos(&server).change_password("nobody", "login").send().await.expect_err("404");
    assert_eq!(error.to_string(), "the server answered with status 404: An expected data was not found");
    assert_eq!(api(error), E::NotFound(types::NotFoundError { entity_type: Some("user".into()), key: Some("nobody".into()) }));

    let server = server_answering(json_response(
        422,
        "application/json",
        &json!({"code": "validation",
                "propertyErrors": {"newPassword": ["too short"]},
                "properties": ["newPassword"],
                "generalErrors": ["try again"]}),
    ))
    .await;
    let error = cyclos(&server).change_password("self", "login").send().await.expect_err("422");
    assert_eq!(
        error.to_string(),
        "the server answered with status 422: \
         Input error. Either a validation error or the maximum allowed items was exceeded"
    );
    assert_eq!(
        api(error),
        E::UnprocessableEntity(types::InputError {
            code: Some(types::InputErrorCode::Validation),
            property_errors: Some([("newPassword".to_owned(), vec!["too short".to_owned()])].into_iter().collect()),
            properties: Some(vec!["newPassword".into()]),
            general_errors: Some(vec!["try again".into()]),
            ..Default::default()
        })
    );

    let server = server_answering(json_response(
        500,
        "application/json",
        &json!({"exceptionType": "java.lang.IllegalStateException", "exceptionMessage": "x", "kind": "general"}),
    ))
    .await;
    let error = cyclos(&server).change_password("self", "login").send().await.expect_err("500");
    assert_eq!(error.to_string(), "the server answered with status 500: Unexpected error");
    assert_eq!(
        api(error),
        E::InternalServerError(types::ErrorModel {
            exception_message: Some("x".into()),
            exception_type: "java.lang.IllegalStateException".into(),
            kind: Some(types::ErrorKind::General),
        })
    );
}

#[tokio::test]
async fn cyclos_every_operation_maps_401_403_404_500() {
    use cyclos::client as c;
    let server = MockServer::start().await;
    for (status, body) in [
        (401, json!({"code": "loggedOut"})),
        (403, json!({"code": "permissionDenied"})),
        (404, json!({"key": "k"})),
        (500, json!({"exceptionType": "E"})),
    ] {
        server.reset().await;
        respond_all(&server, json_response(status, "application/json", &body)).await;
        let client = cyclos(&server);
        macro_rules! check {
            ($call:expr, $ty:ident) => {{
                let error = api($call.send().await.expect_err("error status"));
                let ok = match (&error, status) {
                    (c::$ty::Unauthorized(e), 401) => e.code == Some(cyclos::types::UnauthorizedErrorCode::LoggedOut),
                    (c::$ty::Forbidden(e), 403) => e.code == Some(cyclos::types::ForbiddenErrorCode::PermissionDenied),
                    (c::$ty::NotFound(e), 404) => e.key.as_deref() == Some("k"),
                    (c::$ty::InternalServerError(e), 500) => e.exception_type == "E",
                    _ => false,
                };
                assert!(ok, "{} {status}: {error:?}", stringify!($ty));
            }};
        }
        check!(client.allow_generation("u", "t"), AllowGenerationError);
        check!(client.change_generated("t"), ChangeGeneratedError);
        check!(client.change_password("u", "t"), ChangePasswordError);
        check!(client.disable_password("u", "t"), DisablePasswordError);
        check!(client.enable_password("u", "t"), EnablePasswordError);
        check!(client.generate_password("t"), GeneratePasswordError);
        check!(client.get_user_passwords_data("u", "t"), GetUserPasswordsDataError);
        check!(client.get_user_passwords_list_data("u"), GetUserPasswordsListDataError);
        check!(client.list_user_passwords("u"), ListUserPasswordsError);
        check!(client.reset_and_send_password("u", "t"), ResetAndSendPasswordError);
        check!(client.reset_generated_password("u", "t"), ResetGeneratedPasswordError);
        check!(client.unblock_password("u", "t"), UnblockPasswordError);
        assert_eq!(requests(&server).await.len(), 12, "one request each, no retries");
    }
}

// ---------------------------------------------------------------------------------------------
// Soracom
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn soracom_errors() {
    use soracom::client::{AuthError, IssuePasswordResetTokenError, VerifyPasswordResetTokenError};
    let server =
        server_answering(json_response(401, "application/json", &json!({"code": "AUM0002", "message": "Invalid email or password"}))).await;
    let error = soracom(&server).auth(soracom::types::AuthRequest::default()).send().await.expect_err("401");
    assert_eq!(error.to_string(), "the server answered with status 401: Authentication failed.");
    assert_eq!(api(error), AuthError::Unauthorized(soracom::types::ApiCallErrorMessage::new("AUM0002", "Invalid email or password")));

    let server = server_answering(ResponseTemplate::new(400).set_body_string("ignored")).await;
    let error = soracom(&server)
        .issue_password_reset_token(soracom::types::IssuePasswordResetTokenRequest::new("x"))
        .send()
        .await
        .expect_err("400");
    assert_eq!(error.to_string(), "the server answered with status 400: Invalid email address.");
    assert_eq!(api(error), IssuePasswordResetTokenError::BadRequest);

    let server = server_answering(ResponseTemplate::new(404)).await;
    let error = soracom(&server)
        .verify_password_reset_token(soracom::types::VerifyPasswordResetTokenRequest::new("p", "t"))
        .send()
        .await
        .expect_err("404");
    assert_eq!(error.to_string(), "the server answered with status 404: Token expired.");
    assert_eq!(api(error), VerifyPasswordResetTokenError::NotFound);
}

// ---------------------------------------------------------------------------------------------
// Undocumented statuses: Unexpected keeps status, headers and raw body
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn undocumented_status_lands_in_unexpected_with_status_headers_and_body() {
    let server = server_answering(
        ResponseTemplate::new(418).insert_header("X-Trace", "t-1").set_body_raw(b"I'm a teapot \xff".to_vec(), "text/plain"),
    )
    .await;
    let error = cyclos(&server).list_user_passwords("self").send().await.expect_err("418");
    assert_eq!(
        error.to_string(),
        "the server answered with a response \
         the spec does not document: unexpected status 418 I'm a teapot (text/plain, 14 bytes)"
    );
    let cyclos::client::ListUserPasswordsError::Unexpected(response) = api(error) else { panic!("418 must be Unexpected") };
    assert_eq!(response.status().as_u16(), 418);
    assert_eq!(header_text(&response, "x-trace"), Some("t-1"));
    assert_eq!(header_text(&response, "content-type"), Some("text/plain"));
    assert_eq!(response.body(), b"I'm a teapot \xff", "raw bytes are kept");
    assert_eq!(response.body_text(), "I'm a teapot \u{fffd}");

    // Empty body.
    let server = server_answering(ResponseTemplate::new(409)).await;
    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("409");
    assert_eq!(
        error.to_string(),
        "the server answered with a response \
         the spec does not document: unexpected status 409 Conflict (empty body)"
    );
    let arduino::client::DevicesV2PassGetError::Unexpected(response) = api(error) else { panic!("409 must be Unexpected") };
    assert_eq!(response.status().as_u16(), 409);
    assert!(response.body().is_empty());

    // A long body is kept whole, and displayed not at all.
    let long = "x".repeat(2000);
    let server = server_answering(ResponseTemplate::new(502).set_body_string(long.clone())).await;
    let client =
        equinix::Client::builder().base_url(server.uri()).timeout(TIMEOUT).x_auth_token("t").max_retries(0).build().expect("client");
    let error = client.find_recovery_codes().send().await.expect_err("502");
    let shown = error.to_string();
    assert_eq!(
        shown,
        "the server answered with a response the spec does not document: unexpected status 502 Bad Gateway (text/plain, 2000 bytes)"
    );
    let equinix::client::FindRecoveryCodesError::Unexpected(response) = api(error) else { panic!("502 must be Unexpected") };
    assert_eq!(response.body(), long.as_bytes());

    // Soracom and an undocumented 2xx.
    let server = server_answering(ResponseTemplate::new(201).set_body_string("{}")).await;
    let error = soracom(&server).auth(soracom::types::AuthRequest::default()).send().await.expect_err("201 is not documented");
    let soracom::client::AuthError::Unexpected(response) = api(error) else { panic!("201 must be Unexpected") };
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.body(), b"{}");
}

// ---------------------------------------------------------------------------------------------
// Undecodable bodies: Error::Decode keeps status, content type and a truncated body
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn documented_error_status_with_an_undecodable_body_is_a_decode_error() {
    // HTML where JSON is documented.
    let server = server_answering(ResponseTemplate::new(401).set_body_raw("<html>login</html>", "text/html; charset=utf-8")).await;
    let error = cyclos(&server).list_user_passwords("self").send().await.expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        error.to_string(),
        "could not decode the 401 Unauthorized response (content type text/html, 18 bytes): expected a JSON \
         response but the server sent content type text/html; \
         check that the client matches the server's API version"
    );
    let inner = decode(&error);
    assert_eq!(inner.status().as_u16(), 401);
    assert_eq!(inner.content_type(), Some("text/html"));
    assert_eq!(inner.body(), b"<html>login</html>");

    // Broken JSON under the goa content type: the whole body is kept for the accessor, none of it shown.
    let broken = format!("{{\"id\": \"{}", "z".repeat(3000));
    let server = server_answering(ResponseTemplate::new(500).set_body_raw(broken.clone(), GOA)).await;
    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("500");
    let inner = decode(&error);
    assert_eq!(inner.status().as_u16(), 500);
    assert_eq!(inner.content_type(), Some(GOA));
    assert_eq!(inner.message(), "the JSON ends too early at line 1, column 3008");
    assert_eq!(inner.body(), broken.as_bytes());
    let shown = error.to_string();
    assert_eq!(
        shown,
        "could not decode the 500 Internal Server Error response (content type application/vnd.goa.error+json, 3008 bytes): \
         the JSON ends too early at line 1, column 3008; check that the client matches the server's API version"
    );
    assert!(!format!("{error:?}").contains("zzz"));
    assert!(shown.ends_with("; check that the client matches the server's API version"));

    // A required field missing (Cyclos `Error.exceptionType`).
    let server = server_answering(json_response(500, "application/json", &json!({"kind": "general"}))).await;
    let error = cyclos(&server).unblock_password("u", "t").send().await.expect_err("500");
    let inner = decode(&error);
    assert_eq!(inner.status().as_u16(), 500);
    assert!(inner.message().contains("exceptionType"), "{}", inner.message());
    assert_eq!(inner.body(), br#"{"kind":"general"}"#);

    // An empty body where JSON is documented.
    let server = server_answering(ResponseTemplate::new(422).insert_header("content-type", "application/json")).await;
    let error = cyclos(&server).change_password("u", "t").send().await.expect_err("422");
    assert_eq!(
        error.to_string(),
        "could not decode the 422 Unprocessable Entity response (content type application/json, 0 bytes): \
         the JSON ends too early at line 1, column 0; check that the client matches the server's API version"
    );

    // Invalid UTF-8 in a documented text/plain error.
    let server = server_answering(ResponseTemplate::new(401).set_body_raw(b"bad \xff\xfe".to_vec(), "text/plain")).await;
    let error =
        arduino(&server).devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("p")).send().await.expect_err("401");
    let inner = decode(&error);
    assert_eq!(inner.status().as_u16(), 401);
    assert!(inner.message().contains("UTF-8"), "{}", inner.message());
}

#[tokio::test]
async fn success_status_with_an_undecodable_body_is_a_decode_error() {
    // Wrong type for a required field.
    let server = server_answering(json_response(200, "application/vnd.arduino.devicev2.pass+json", &json!({"set": "yes"}))).await;
    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("bad 200");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    let inner = decode(&error);
    assert_eq!(inner.content_type(), Some("application/vnd.arduino.devicev2.pass+json"));
    assert_eq!(inner.body(), br#"{"set":"yes"}"#);
    assert!(
        inner.message().starts_with("the JSON does not match the expected type: invalid type: string, expected a boolean"),
        "{}",
        inner.message()
    );
    assert!(!error.to_string().contains("yes"), "{error}");

    // Required field missing.
    let server = server_answering(json_response(200, "application/vnd.arduino.devicev2.pass+json", &json!({}))).await;
    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("bad 200");
    assert!(decode(&error).message().contains("missing field `set`"));

    // A JSON string where the generated password is expected, but as an object.
    let server = server_answering(json_response(200, "application/json", &json!({"pw": "x"}))).await;
    let error = cyclos(&server).generate_password("pin").send().await.expect_err("bad 200");
    assert_eq!(decode(&error).status().as_u16(), 200);

    // A non-JSON, non-text content type on a JSON-or-text response.
    let server = server_answering(ResponseTemplate::new(200).set_body_raw(b"\x00\x01".to_vec(), "application/octet-stream")).await;
    let error = cyclos(&server).change_generated("pin").send().await.expect_err("bad 200");
    let inner = decode(&error);
    assert_eq!(inner.content_type(), Some("application/octet-stream"));
    assert_eq!(inner.message(), "expected a JSON response but the server sent content type application/octet-stream");
}

#[tokio::test]
async fn arduino_check_401_refuses_an_undocumented_text_type() {
    let server = server_answering(ResponseTemplate::new(401).set_body_raw("<h1>401</h1>", "text/html")).await;
    let error =
        arduino(&server).devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("p")).send().await.expect_err("401");
    let inner = decode(&error);
    assert_eq!(inner.status().as_u16(), 401);
    assert_eq!(inner.content_type(), Some("text/html"));
}
