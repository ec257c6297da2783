//! Credentials: which headers each API sends, what happens without credentials, secrets kept out
//! of `Debug` output, and redirects that must not carry credentials to another host.

mod client_support;

use apis::runtime::{Error, Secret};
use apis::{arduino, cyclos, equinix, soracom, yandex};
use client_support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers 204 to everything.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    server
}

/// A server that must receive nothing.
async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    server
}

fn cyclos_builder(server: &MockServer) -> cyclos::ClientBuilder {
    cyclos::Client::builder().base_url(server.uri()).timeout(TIMEOUT)
}

const CREDENTIAL_HEADERS: [&str; 5] = ["authorization", "access-client-token", "session-token", "cookie", "x-auth-token"];

// ---------------------------------------------------------------------------------------------
// Cyclos: three alternatives
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cyclos_access_client_only_sends_access_client_token() {
    let server = ok_server().await;
    let client = cyclos_builder(&server).access_client("ac-token-1").build().expect("client");
    client.unblock_password("u", "login").send().await.expect("204");
    let request = single_request(&server).await;
    assert_eq!(header(&request, "access-client-token"), Some("ac-token-1"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "session-token"), None);
    assert_eq!(header(&request, "cookie"), None);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn cyclos_basic_only_sends_authorization_basic() {
    let server = ok_server().await;
    let client = cyclos_builder(&server).basic("alice", "s3cr3t:pw").build().expect("client");
    client.unblock_password("u", "login").send().await.expect("204");
    let non_ascii = cyclos_builder(&server).basic("josé", Secret::new("päss")).build().expect("client");
    non_ascii.list_user_passwords("self").send().await.expect_err("204 undocumented for a GET with a body");

    let all = requests(&server).await;
    let [ascii, utf8] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    // base64("alice:s3cr3t:pw")
    assert_eq!(header(ascii, "authorization"), Some("Basic YWxpY2U6czNjcjN0OnB3"));
    // base64 of the UTF-8 bytes of "josé:päss"
    assert_eq!(header(utf8, "authorization"), Some("Basic am9zw6k6cMOkc3M="));
    for request in [ascii, utf8] {
        assert_eq!(header(request, "access-client-token"), None);
        assert_eq!(header(request, "session-token"), None);
    }
}

#[tokio::test]
async fn cyclos_session_only_sends_session_token() {
    let server = ok_server().await;
    let client = cyclos_builder(&server).session("sess-9").build().expect("client");
    client.unblock_password("u", "login").send().await.expect("204");
    let request = single_request(&server).await;
    assert_eq!(header(&request, "session-token"), Some("sess-9"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "access-client-token"), None);
}

#[tokio::test]
async fn cyclos_with_every_credential_sends_only_the_first_alternative() {
    let server = ok_server().await;
    let client = cyclos_builder(&server).session("sess-9").basic("alice", "pw").access_client("ac-token-1").build().expect("client");
    client.unblock_password("u", "login").send().await.expect("204");
    let client = cyclos_builder(&server).session("sess-9").basic("alice", "pw").build().expect("client");
    client.unblock_password("u", "login").send().await.expect("204");

    let all = requests(&server).await;
    let [all_three, basic_and_session] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_eq!(header(all_three, "access-client-token"), Some("ac-token-1"));
    assert_eq!(header(all_three, "authorization"), None);
    assert_eq!(header(all_three, "session-token"), None);
    assert_eq!(header(basic_and_session, "access-client-token"), None);
    assert_eq!(header(basic_and_session, "authorization"), Some("Basic YWxpY2U6cHc="));
    assert_eq!(header(basic_and_session, "session-token"), None);
}

#[tokio::test]
async fn cyclos_without_credentials_fails_before_sending() {
    let server = silent_server().await;
    let client = cyclos_builder(&server).build().expect("client");

    let error = client.unblock_password("u", "login").send().await.expect_err("no credentials");
    assert!(
        matches!(&error, Error::MissingCredentials { alternatives } if alternatives == "accessClient, or basic, or session"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "no credentials configured for this operation, nothing was sent; configure credentials \
         for accessClient, or basic, or session on the client builder"
    );
    assert_eq!(error.status(), None);
    // Every operation needs them.
    assert!(matches!(client.list_user_passwords("self").send().await, Err(Error::MissingCredentials { .. })));
    assert!(matches!(client.change_generated("pin").send().await, Err(Error::MissingCredentials { .. })));
    assert!(matches!(client.change_password("self", "login").body(Default::default()).send().await, Err(Error::MissingCredentials { .. })));
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

// ---------------------------------------------------------------------------------------------
// The other APIs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn soracom_auth_operations_send_no_credentials() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw("{}", "application/json")).await;
    // The spec's global security (api_key + api_token) is overridden by `security: []` on every
    // operation: a client configured with both credentials must still send no credential header.
    let client = soracom::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .user_agent("ua/1")
        .api_key("SORACOM-API-KEY")
        .api_token("SORACOM-TOKEN")
        .build()
        .expect("client");
    client.auth(soracom::types::AuthRequest::default()).send().await.expect("200");
    client.issue_password_reset_token(soracom::types::IssuePasswordResetTokenRequest::new("a@b.c")).send().await.expect("200");
    client.verify_password_reset_token(soracom::types::VerifyPasswordResetTokenRequest::new("p", "t")).send().await.expect("200");
    let all = requests(&server).await;
    assert_eq!(all.len(), 3);
    for request in &all {
        assert_eq!(header_names(request), names(&["accept", "content-length", "content-type", "host", "user-agent"]), "{request:?}");
        for name in CREDENTIAL_HEADERS.iter().chain(&["x-soracom-api-key", "x-soracom-token"]) {
            assert_eq!(header(request, name), None, "{name}");
        }
    }
}

#[tokio::test]
async fn equinix_sends_x_auth_token() {
    let server = ok_server().await;
    equinix(&server).receive_codes().send().await.expect("204");
    let request = single_request(&server).await;
    assert_eq!(header(&request, "x-auth-token"), Some(EQUINIX_TOKEN));
    assert_eq!(header(&request, "authorization"), None);

    let server = silent_server().await;
    let client = equinix::Client::builder().base_url(server.uri()).timeout(TIMEOUT).build().expect("client");
    let error = client.receive_codes().send().await.expect_err("no token");
    assert!(matches!(&error, Error::MissingCredentials { alternatives } if alternatives == "x_auth_token"), "{error:?}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn arduino_and_yandex_send_bearer_tokens() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/devices/d/pass")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    Mock::given(path("/iot-devices/v1/devices/d/passwords"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    arduino(&server).devices_v2_pass_delete("d").send().await.expect("200");
    yandex(&server).add_password("d", Default::default()).send().await.expect("200");
    let all = requests(&server).await;
    let [a, y] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_eq!(header(a, "authorization"), Some("Bearer arduino-token-123"));
    assert_eq!(header(y, "authorization"), Some("Bearer yandex-iam-token"));

    let server = silent_server().await;
    let error = arduino::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client")
        .devices_v2_pass_delete("d")
        .send()
        .await
        .expect_err("no token");
    assert!(matches!(&error, Error::MissingCredentials { alternatives } if alternatives == "oauth2"), "{error:?}");
    let error = yandex::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client")
        .add_password("d", Default::default())
        .send()
        .await
        .expect_err("no token");
    assert!(matches!(&error, Error::MissingCredentials { alternatives } if alternatives == "iamToken"), "{error:?}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn bearer_token_that_cannot_be_a_header_is_refused_without_echoing_it() {
    let server = silent_server().await;
    let client = arduino::Client::builder().base_url(server.uri()).oauth2("ZQ-SECRET\r\nX-Evil: 1").build().expect("client");
    let error = client.devices_v2_pass_delete("d").send().await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("ZQ-SECRET") && !shown.contains("Evil"), "{shown}");
    }
    assert!(requests(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Debug output never shows secrets
// ---------------------------------------------------------------------------------------------

fn assert_redacted(shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret:?} visible in {shown}");
    }
    assert!(shown.contains("***"), "no redaction marker in {shown}");
}

#[test]
fn client_and_builder_debug_hide_credentials() {
    let builder = cyclos::Client::builder()
        .base_url("http://127.0.0.1:9")
        .access_client("AC-SECRET-1")
        .basic("alice", "BASIC-SECRET-2")
        .session("SESSION-SECRET-3");
    let secrets = ["AC-SECRET-1", "BASIC-SECRET-2", "SESSION-SECRET-3"];
    assert_redacted(&format!("{builder:?}"), &secrets);
    assert_redacted(&format!("{builder:#?}"), &secrets);
    let client = builder.build().expect("client");
    assert_redacted(&format!("{client:?}"), &secrets);
    assert_redacted(&format!("{client:#?}"), &secrets);
    assert!(format!("{client:?}").contains("alice"), "the user name is not secret");

    let builder = arduino::Client::builder().oauth2("ARDUINO-SECRET");
    assert_redacted(&format!("{builder:?}"), &["ARDUINO-SECRET"]);
    assert_redacted(&format!("{:?}", builder.build().expect("client")), &["ARDUINO-SECRET"]);
    let builder = equinix::Client::builder().x_auth_token("EQUINIX-SECRET");
    assert_redacted(&format!("{builder:?}"), &["EQUINIX-SECRET"]);
    assert_redacted(&format!("{:?}", builder.build().expect("client")), &["EQUINIX-SECRET"]);
    let builder = yandex::Client::builder().iam_token("YANDEX-SECRET");
    assert_redacted(&format!("{builder:?}"), &["YANDEX-SECRET"]);
    assert_redacted(&format!("{:?}", builder.build().expect("client")), &["YANDEX-SECRET"]);
}

#[test]
fn request_builder_debug_hides_secrets() {
    let client = cyclos::Client::builder().access_client("AC-SECRET-1").build().expect("client");
    let request = client.change_generated("pin").confirmation_password("CONFIRM-SECRET");
    assert_redacted(&format!("{request:?}"), &["AC-SECRET-1", "CONFIRM-SECRET"]);
    let request = client.change_password("self", "login").body(cyclos::types::ChangePassword {
        old_password: Some(Secret::new("OLD-SECRET")),
        new_password: Some(Secret::new("NEW-SECRET")),
        ..Default::default()
    });
    assert_redacted(&format!("{request:?}"), &["OLD-SECRET", "NEW-SECRET"]);

    let equinix = equinix::Client::builder().build().expect("client");
    assert_redacted(&format!("{:?}", equinix.find_ensure_otp("OTP-987654")), &["OTP-987654"]);
    let arduino = arduino::Client::builder().build().expect("client");
    assert_redacted(
        &format!("{:?}", arduino.devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("CHECK-SECRET"))),
        &["CHECK-SECRET"],
    );
}

#[test]
fn models_with_password_fields_debug_as_stars() {
    let shown = format!(
        "{:?}",
        cyclos::types::ChangePassword {
            check_confirmation: Some(true),
            force_change: None,
            new_password: Some(Secret::new("NEW-1")),
            new_password_confirmation: Some(Secret::new("NEW-1")),
            old_password: Some(Secret::new("OLD-2")),
        }
    );
    assert_redacted(&shown, &["NEW-1", "OLD-2"]);
    assert!(shown.contains("check_confirmation: Some(true)"), "{shown}");

    assert_redacted(&format!("{:?}", arduino::types::CheckDevicesV2PassPayload::new("CHK-3")), &["CHK-3"]);
    assert_redacted(&format!("{:?}", arduino::types::Devicev2Pass { password: Some(Secret::new("SET-4")) }), &["SET-4"]);
    assert_redacted(
        &format!("{:#?}", arduino::types::ArduinoDevicev2Pass { set: false, suggested_password: Some(Secret::new("SUGGEST-5")) }),
        &["SUGGEST-5"],
    );
    assert_redacted(
        &format!("{:?}", equinix::types::RecoveryCodeList { recovery_codes: Some(vec![Secret::new("CODE-6"), Secret::new("CODE-7")]) }),
        &["CODE-6", "CODE-7"],
    );
    assert_redacted(
        &format!(
            "{:?}",
            soracom::types::AuthRequest {
                email: Some("root@example.com".into()),
                password: Some(Secret::new("ROOT-8")),
                auth_key: Some(Secret::new("KEY-9")),
                mfa_otp_code: Some(Secret::new("MFA-10")),
                ..Default::default()
            }
        ),
        &["ROOT-8", "KEY-9", "MFA-10"],
    );
    assert_redacted(
        &format!(
            "{:?}",
            soracom::types::AuthResponse {
                api_key: Some(Secret::new("APIKEY-11")),
                token: Some(Secret::new("TOKEN-12")),
                ..Default::default()
            }
        ),
        &["APIKEY-11", "TOKEN-12"],
    );
    assert_redacted(
        &format!("{:?}", soracom::types::VerifyPasswordResetTokenRequest::new("NEWPW-13", "RESET-14")),
        &["NEWPW-13", "RESET-14"],
    );
    assert_redacted(&format!("{:?}", yandex::types::AddDevicePasswordRequest { password: Some(Secret::new("DEVICE-15")) }), &["DEVICE-15"]);
    assert_eq!(format!("{:?}", Secret::new("S")), "***");
}

#[tokio::test]
async fn decoded_secrets_debug_as_stars() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"set":false,"suggested_password":"SUGGESTED-16"}"#, "application/vnd.arduino.devicev2.pass+json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_raw("GENERATED-17", "text/plain")).mount(&server).await;
    let value = arduino(&server).devices_v2_pass_get("d").suggested_password(true).send().with_meta().await.expect("200");
    assert_redacted(&format!("{value:?}"), &["SUGGESTED-16"]);
    let generated = cyclos(&server).generate_password("pin").send().with_meta().await.expect("200");
    assert_redacted(&format!("{generated:?}"), &["GENERATED-17"]);
    assert_eq!(generated.expose(), "GENERATED-17");
}

// ---------------------------------------------------------------------------------------------
// Redirects to another host are not followed
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn redirect_to_another_host_is_not_followed() {
    let other = silent_server().await;
    let server = MockServer::start().await;
    let location = format!("{}/stolen", other.uri());
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(302).insert_header("Location", location.as_str())).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(307).insert_header("Location", location.as_str())).mount(&server).await;

    let client = cyclos_builder(&server).basic("alice", "BASIC-SECRET").build().expect("client");
    let error = client.list_user_passwords("self").send().await.expect_err("302");
    let Error::Api { error: cyclos::client::ListUserPasswordsError::Unexpected(response), .. } = error else {
        panic!("the 302 is returned as is, got {error:?}")
    };
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(response.headers().get("location").map(|v| v.as_bytes()), Some(location.as_bytes()));

    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("302");
    assert!(
        matches!(&error, Error::Api { error: arduino::client::DevicesV2PassGetError::Unexpected(r), .. } if r.status().as_u16() == 302),
        "{error:?}"
    );
    let error = equinix(&server).receive_codes().send().await.expect_err("307");
    assert!(
        matches!(&error, Error::Api { error: equinix::client::ReceiveCodesError::Unexpected(r), .. } if r.status().as_u16() == 307),
        "{error:?}"
    );
    let error = cyclos(&server).change_password("self", "login").body(Default::default()).send().await.expect_err("307");
    assert!(
        matches!(&error, Error::Api { error: cyclos::client::ChangePasswordError::Unexpected(r), .. } if r.status().as_u16() == 307),
        "{error:?}"
    );

    assert_eq!(requests(&server).await.len(), 4);
    assert!(requests(&other).await.is_empty(), "the other host received nothing, so no credentials");
}

#[tokio::test]
async fn redirect_to_another_host_name_on_the_same_port_is_not_followed() {
    // 127.0.0.1 and localhost are different origins even on the same port.
    let server = MockServer::start().await;
    let port = server.address().port();
    Mock::given(path("/v2/devices/d/pass"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", format!("http://localhost:{port}/elsewhere").as_str()))
        .mount(&server)
        .await;
    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("301");
    assert!(
        matches!(&error, Error::Api { error: arduino::client::DevicesV2PassGetError::Unexpected(r), .. } if r.status().as_u16() == 301),
        "{error:?}"
    );
    let all = requests(&server).await;
    assert_eq!(all.len(), 1, "{all:#?}");
}

#[tokio::test]
async fn redirect_on_the_same_host_is_followed_with_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/self/passwords"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/moved/passwords"))
        .mount(&server)
        .await;
    Mock::given(path("/moved/passwords"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(&server)
        .await;
    let list = cyclos(&server).list_user_passwords("self").send().await.expect("followed");
    assert!(list.is_empty());
    let all = requests(&server).await;
    let [first, second] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_eq!(first.url.path(), "/self/passwords");
    assert_eq!(second.url.path(), "/moved/passwords");
    for request in [first, second] {
        assert_eq!(header(request, "access-client-token"), Some(CYCLOS_ACCESS_CLIENT));
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets in path parameters stay out of error messages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn transport_error_does_not_show_a_secret_path_parameter() {
    let client =
        equinix::Client::builder().base_url(closed_port_url()).timeout(TIMEOUT).max_retries(0).x_auth_token("t").build().expect("client");
    let error = client.find_ensure_otp("OTP-424242").send().await.expect_err("refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("OTP-424242"), "{shown}");
    }
}

#[tokio::test]
async fn timeout_error_does_not_show_a_secret_path_parameter() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204).set_delay(std::time::Duration::from_secs(3))).await;
    let client = equinix::Client::builder()
        .base_url(server.uri())
        .timeout(std::time::Duration::from_millis(200))
        .x_auth_token("t")
        .build()
        .expect("client");
    let error = client.find_ensure_otp("OTP-535353").send().await.expect_err("timeout");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("OTP-535353"), "{shown}");
    }
}

#[tokio::test]
async fn custom_http_client_does_not_forward_api_keys_to_another_host() {
    let other = MockServer::start().await;
    respond_all(&other, ResponseTemplate::new(204)).await;
    let server = MockServer::start().await;
    let location = format!("{}/stolen", other.uri());
    respond_all(&server, ResponseTemplate::new(302).insert_header("Location", location.as_str())).await;
    let http = || reqwest::Client::builder().timeout(TIMEOUT);
    let _ = equinix::Client::builder()
        .base_url(server.uri())
        .http_client(http())
        .x_auth_token("EQUINIX-KEY")
        .build()
        .expect("client")
        .find_recovery_codes()
        .send()
        .await;
    for client in [
        cyclos_builder(&server).access_client("ACCESS-CLIENT-KEY"),
        cyclos_builder(&server).session("SESSION-KEY"),
        cyclos_builder(&server).basic("alice", "BASIC-PW"),
    ] {
        let _ = client.http_client(http()).build().expect("client").list_user_passwords("self").send().await;
    }
    let leaked: Vec<_> = requests(&other)
        .await
        .iter()
        .flat_map(|r| CREDENTIAL_HEADERS.iter().filter_map(|name| header(r, name).map(|v| format!("{name}: {v}"))).collect::<Vec<_>>())
        .collect();
    assert!(leaked.is_empty(), "the other host received credentials: {leaked:?}");
}
