//! Parameters: path values percent-encoded as exactly one segment, dot segments refused, form
//! lists sent as one comma-separated value, booleans in the query, header values checked.

mod client_support;

use apis::cyclos::types::SendMediumEnum;
use apis::runtime::Error;
use client_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// (value, how it must appear in the raw path)
const PATH_CASES: &[(&str, &str)] = &[
    ("plain-id_1.2~x", "plain-id_1.2~x"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#frag", "a%23frag"),
    ("100%", "100%25"),
    ("%2e%2e", "%252e%252e"),
    ("%2F", "%252F"),
    ("a b", "a%20b"),
    ("'1234567890", "%271234567890"),
    ("../x", "..%2Fx"),
    ("x/../y", "x%2F..%2Fy"),
    ("..x", "..x"),
    ("...", "..."),
    (".hidden", ".hidden"),
    ("a\\b", "a%5Cb"),
    ("a+b&c;d,e:f@g", "a%2Bb%26c%3Bd%2Ce%3Af%40g"),
    ("é", "%C3%A9"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("emoji🔑", "emoji%F0%9F%94%91"),
    ("tab\tnl\n", "tab%09nl%0A"),
    ("[v6]{x}|^`\"<>", "%5Bv6%5D%7Bx%7D%7C%5E%60%22%3C%3E"),
];

#[tokio::test]
async fn path_values_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw(r#"{"set":true}"#, "application/vnd.arduino.devicev2.pass+json")).await;
    let client = arduino(&server);
    for (value, _) in PATH_CASES {
        client.devices_v2_pass_get(*value).send().await.unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    let all = requests(&server).await;
    assert_eq!(all.len(), PATH_CASES.len());
    for (request, (value, encoded)) in all.iter().zip(PATH_CASES) {
        assert_line(request, "GET", &format!("/v2/devices/{encoded}/pass"), None);
        let segments: Vec<_> = request.url.path_segments().expect("a path").collect();
        assert_eq!(segments.len(), 4, "{value:?} stays one segment");
    }
}

#[tokio::test]
async fn two_path_params_are_encoded_independently() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    let client = cyclos(&server);
    client.disable_password("a/b", "c d").send().await.expect("204");
    client.allow_generation("'0612345678", "..%2f").send().await.expect("204");
    client.change_generated("p?w").send().await.expect_err("204 is undocumented here");
    let all = requests(&server).await;
    let [disable, allow, change] = all.as_slice() else { panic!("expected three requests, got {all:#?}") };
    assert_line(disable, "POST", "/a%2Fb/passwords/c%20d/disable", None);
    assert_line(allow, "POST", "/%270612345678/passwords/..%252f/allow-generation", None);
    assert_line(change, "POST", "/passwords/p%3Fw/change-generated", None);
}

#[tokio::test]
async fn secret_path_params_are_encoded_too() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    equinix(&server).find_ensure_otp("12 34/56").send().await.expect("204");
    let request = single_request(&server).await;
    assert_line(&request, "POST", "/user/otp/verify/12%2034%2F56", None);
}

/// Reads one HTTP/1.1 request head from a raw socket and answers `200` with an empty body, so the
/// request line is seen exactly as the client wrote it, with no URL parsing in between.
async fn raw_request_line(base: &tokio::net::TcpListener) -> String {
    let (mut socket, _) = base.accept().await.expect("accept");
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = socket.read(&mut buffer).await.expect("read");
        assert!(read > 0, "connection closed before the request head ended");
        head.extend_from_slice(&buffer[..read]);
    }
    socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await.expect("write");
    let text = String::from_utf8(head).expect("request head is ASCII");
    text.lines().next().expect("a request line").to_owned()
}

#[tokio::test]
async fn raw_request_line_has_the_encoded_segment() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let client =
        apis::arduino::Client::builder().base_url(format!("http://{address}")).timeout(TIMEOUT).oauth2("t").build().expect("client");
    let value = "../x y?z#w%é'";
    let (line, result) = tokio::join!(raw_request_line(&listener), client.devices_v2_pass_delete(value).send());
    result.expect("200");
    assert_eq!(line, "DELETE /v2/devices/..%2Fx%20y%3Fz%23w%25%C3%A9%27/pass HTTP/1.1");
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let arduino = arduino(&server);
    let cyclos = cyclos(&server);

    let error = arduino.devices_v2_pass_get("..").send().await.expect_err("..");
    assert_eq!(error.to_string(), "invalid request, nothing was sent: path parameter `id` must not be `.` or `..`");
    assert!(matches!(error, Error::InvalidRequest(ref m) if m.contains("`id`")));
    assert_eq!(error.status(), None);

    let error = arduino.devices_v2_pass_delete(".").send().await.expect_err(".");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let error = arduino.devices_v2_pass_get("").send().await.expect_err("empty");
    assert_eq!(error.to_string(), "invalid request, nothing was sent: path parameter `id` is empty");
    let error = cyclos.disable_password("..", "login").send().await.expect_err("..");
    assert!(matches!(error, Error::InvalidRequest(ref m) if m.contains("`user`")), "{error:?}");
    let error = cyclos.disable_password("u", "..").send().await.expect_err("..");
    assert!(matches!(error, Error::InvalidRequest(ref m) if m.contains("`type`")), "{error:?}");
    let error = cyclos.generate_password("..").send().await.expect_err("..");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let error = equinix(&server).find_ensure_otp("..").send().await.expect_err("..");
    assert!(matches!(error, Error::InvalidRequest(ref m) if m.contains("`otp`")), "{error:?}");
    let error = yandex(&server).add_password("..", Default::default()).send().await.expect_err("..");
    assert!(matches!(error, Error::InvalidRequest(ref m) if m.contains("`deviceId`")), "{error:?}");

    assert!(requests(&server).await.is_empty(), "nothing reached the server");
}

// ---------------------------------------------------------------------------------------------
// Query parameters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cyclos_fields_is_one_comma_separated_value() {
    let server = MockServer::start().await;
    Mock::given(path("/self/passwords/list-data"))
        .and(query_param("fields", "status,type.name"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(query_param("fields", "status,type.name"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(&server)
        .await;
    Mock::given(query_param("fields", "a b,c&d,-e,!f"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let client = cyclos(&server);
    let list = client.list_user_passwords("self").fields(["status", "type.name"]).send().await.expect("200");
    assert!(list.is_empty());
    client
        .get_user_passwords_data("self", "login")
        .fields(vec![String::from("a b"), "c&d".into(), "-e".into(), "!f".into()])
        .send()
        .await
        .expect("200");
    client.get_user_passwords_list_data("self").fields(["status", "type.name"]).send().await.expect("200");

    let all = requests(&server).await;
    let [list, data, list_data] = all.as_slice() else { panic!("expected three requests, got {all:#?}") };
    for request in [list, data, list_data] {
        let pairs = query_pairs(request);
        assert_eq!(pairs.len(), 1, "one `fields` pair, not one per item: {pairs:?}");
    }
    assert_eq!(query_pairs(list), [("fields".to_owned(), "status,type.name".to_owned())]);
    assert_eq!(list.url.query(), Some("fields=status,type.name"), "the delimiter is a literal comma");
    assert_eq!(query_pairs(data), [("fields".to_owned(), "a b,c&d,-e,!f".to_owned())]);
    assert_eq!(data.url.query(), Some("fields=a%20b,c%26d,-e,%21f"), "items are percent-encoded, the delimiters are not");
    assert_eq!(list_data.url.path(), "/self/passwords/list-data");
    assert_eq!(query_pairs(list_data), [("fields".to_owned(), "status,type.name".to_owned())]);
}

#[tokio::test]
async fn cyclos_without_fields_sends_no_query() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    cyclos(&server).list_user_passwords("self").send().await.expect("200");
    let request = single_request(&server).await;
    assert_line(&request, "GET", "/self/passwords", None);
}

#[tokio::test]
async fn cyclos_send_mediums_is_one_comma_separated_value_of_enum_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/u1/passwords/login/reset-and-send"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = cyclos(&server);
    client.reset_and_send_password("u1", "login").send_mediums([SendMediumEnum::Email, SendMediumEnum::Sms]).send().await.expect("204");
    client.reset_and_send_password("u1", "login").send_mediums(vec![SendMediumEnum::Sms]).send().await.expect("204");
    client
        .reset_and_send_password("u1", "login")
        .send_mediums([SendMediumEnum::Unknown("push".into()), SendMediumEnum::Email])
        .send()
        .await
        .expect("204");
    client.reset_and_send_password("u1", "login").send().await.expect("204");

    let all = requests(&server).await;
    let [both, sms, unknown, none] = all.as_slice() else { panic!("expected four requests, got {all:#?}") };
    assert_eq!(query_pairs(both), [("sendMediums".to_owned(), "email,sms".to_owned())]);
    assert!(matches!(both.url.query(), Some("sendMediums=email%2Csms" | "sendMediums=email,sms")), "{:?}", both.url.query());
    assert_eq!(sms.url.query(), Some("sendMediums=sms"));
    assert_eq!(query_pairs(unknown), [("sendMediums".to_owned(), "push,email".to_owned())]);
    assert_eq!(none.url.query(), None);
    for request in [both, sms, unknown, none] {
        assert_no_body(request);
    }
}

#[tokio::test]
async fn arduino_suggested_password_is_a_bool_query() {
    let server = MockServer::start().await;
    respond_all(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"set":false,"suggested_password":"q7Rk2vLx9Ztm4Hc1"}"#, "application/vnd.arduino.devicev2.pass+json"),
    )
    .await;
    let client = arduino(&server);
    let with = client.devices_v2_pass_get("dev-1").suggested_password(true).send().await.expect("200");
    assert_eq!(with.suggested_password.as_ref().map(|s| s.expose()), Some("q7Rk2vLx9Ztm4Hc1"));
    client.devices_v2_pass_get("dev-1").suggested_password(false).send().await.expect("200");
    client.devices_v2_pass_get("dev-1").send().await.expect("200");

    let all = requests(&server).await;
    let [yes, no, unset] = all.as_slice() else { panic!("expected three requests, got {all:#?}") };
    assert_line(yes, "GET", "/v2/devices/dev-1/pass", Some("suggested_password=true"));
    assert_line(no, "GET", "/v2/devices/dev-1/pass", Some("suggested_password=false"));
    assert_line(unset, "GET", "/v2/devices/dev-1/pass", None);
}

// ---------------------------------------------------------------------------------------------
// Header parameters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cyclos_confirmation_password_is_sent_as_a_header() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::header("confirmationPassword", "1234 5678"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("\"gen\"", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let value = cyclos(&server).change_generated("pin").confirmation_password("1234 5678").send().await.expect("200");
    assert_eq!(value.expose(), "gen");
    let request = single_request(&server).await;
    assert_eq!(header(&request, "confirmationpassword"), Some("1234 5678"));
    assert_eq!(header_names(&request), {
        let mut expected = names(&["accept", "access-client-token", "confirmationpassword", "host", "user-agent"]);
        if header(&request, "content-length").is_some() {
            expected.insert("content-length".into());
        }
        expected
    });
}

#[tokio::test]
async fn header_values_with_cr_or_lf_are_refused_without_echoing_them() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let client = cyclos(&server);
    for value in ["pw\r\nX-Injected: evil", "pw\nX-Injected: evil", "pw\rX-Injected: evil", "pw\0nul-Injected"] {
        let error = client.change_generated("pin").confirmation_password(value).send().await.expect_err("refused");
        let Error::InvalidRequest(message) = &error else { panic!("expected InvalidRequest, got {error:?}") };
        assert!(message.contains("confirmationPassword"), "{message}");
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("pw"), "{shown}");
            assert!(!shown.contains("Injected"), "{shown}");
        }
        assert_eq!(
            error.to_string(),
            "invalid request, nothing was sent: the value of header `confirmationPassword` \
             contains characters a header cannot hold (CR, LF or other control characters)"
        );
    }
    assert!(requests(&server).await.is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn non_ascii_header_values_are_sent_as_utf8_bytes() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw("\"x\"", "application/json")).await;
    cyclos(&server).change_generated("pin").confirmation_password("pässwörd\tñ").send().await.expect("200");
    let request = single_request(&server).await;
    assert_eq!(request.headers.get("confirmationpassword").map(|v| v.as_bytes()), Some("pässwörd\tñ".as_bytes()));
}
