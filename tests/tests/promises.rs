//! The client's promises under faults, against local servers on 127.0.0.1: errors never show body
//! content, every error from a response has its status and headers, one deadline bounds a call,
//! credentials can be swapped on a built client (sharing its pool) or provided as they change,
//! OAuth2 client-credentials tokens are fetched, cached and refreshed by the client, and calls are
//! traced without credentials.

mod client_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apis::runtime::{Error, Secret};
use apis::{arduino, equinix, soracom, yandex};
use client_support::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Runs `test` with a bound, so a hung client fails the test instead of blocking CI.
async fn bounded<F: std::future::Future<Output = ()>>(test: F) {
    tokio::time::timeout(Duration::from_secs(30), test).await.expect("the test finished within 30 s");
}

#[tokio::test]
async fn a_decode_error_keeps_the_secrets_of_the_body_out_of_display_and_debug() {
    // Soracom's `auth` with one field of the wrong type: `operatorId` is a number, not a string.
    let body = r#"{"apiKey":"key-SECRET","token":"token-SECRET","operatorId":12345}"#;
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = soracom(&server).auth(soracom::types::AuthRequest::default()).send().await.expect_err("operatorId has the wrong type");
    let shown = format!("{error} | {error:?}");
    assert!(!shown.contains("SECRET") && !shown.contains("12345"), "{shown}");
    assert_eq!(
        error.to_string(),
        "could not decode the 200 OK response (content type application/json, 65 bytes): the JSON does not match the expected \
         type: invalid type: integer, expected a string at line 1, column 64; check that the client matches the server's API version"
    );
    let Error::Decode(decode) = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(decode.body(), body.as_bytes(), "the raw body stays reachable, explicitly");

    // An undocumented status whose body holds a secret, and a documented one with a typed body.
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(500).set_body_raw(r#"{"token":"token-SECRET"}"#, "application/json")).await;
    let error = soracom(&server).auth(soracom::types::AuthRequest::default()).send().await.expect_err("500");
    let shown = format!("{error} | {error:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("500") && shown.contains("application/json") && shown.contains("24 bytes"), "{shown}");
    let Error::Api { error: soracom::client::AuthError::Unexpected(response), .. } = &error else { panic!("{error:?}") };
    assert_eq!(response.body_text(), r#"{"token":"token-SECRET"}"#);

    let server = MockServer::start().await;
    respond_all(&server, json_response(401, "application/json", &json!({"code": "AUTH0001", "message": "password-SECRET is wrong"}))).await;
    let error = soracom(&server).auth(soracom::types::AuthRequest::default()).send().await.expect_err("401");
    let shown = format!("{error} | {error:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert_eq!(error.to_string(), "the server answered with status 401: Authentication failed.");
    let Error::Api { error: soracom::client::AuthError::Unauthorized(body), .. } = &error else { panic!("{error:?}") };
    assert_eq!(body.message, "password-SECRET is wrong", "the typed body is matched as before");
}

#[tokio::test]
async fn documented_errors_keep_their_status_and_headers() {
    let server = MockServer::start().await;
    respond_all(
        &server,
        json_response(409, "application/json", &json!({"code": 6, "message": "exists"})).insert_header("X-Request-Id", "req-409"),
    )
    .await;
    let error = yandex(&server).add_password("d", yandex::types::AddDevicePasswordRequest::default()).send().await.expect_err("409");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409), "a 409 is told apart from a 400 inside 4XX");
    assert_eq!(error.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(&b"req-409"[..]));
    match &error {
        Error::Api { status, headers, error: yandex::client::AddPasswordError::ClientError(body) } => {
            assert_eq!(status.as_u16(), 409);
            assert!(headers.contains_key("x-request-id"));
            assert_eq!(body.code, Some(6));
        }
        other => panic!("expected a documented 4XX, got {other:?}"),
    }
}

/// A server that answers 503 with `Retry-After: 5` after 900 ms: a call with a 1 s timeout
/// returns after about 1 s, with the 503, instead of sleeping 5 s and trying again.
#[tokio::test]
async fn the_timeout_bounds_the_whole_call_and_a_retry_after_past_it_stops_retrying() {
    bounded(async {
        let server = MockServer::start().await;
        respond_all(
            &server,
            ResponseTemplate::new(503).insert_header("Retry-After", "5").set_delay(Duration::from_millis(900)).set_body_string("busy"),
        )
        .await;
        let client =
            equinix::Client::builder().base_url(server.uri()).timeout(Duration::from_secs(1)).x_auth_token("t").build().expect("client");
        let started = Instant::now();
        let error = client.find_recovery_codes().send().await.expect_err("503");
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_millis(1500), "returned after {elapsed:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
        assert_eq!(requests(&server).await.len(), 1, "no retry the deadline would cut short");

        // Without Retry-After, retries go on until the deadline, and no further.
        let server = MockServer::start().await;
        respond_all(&server, ResponseTemplate::new(503).set_delay(Duration::from_millis(400))).await;
        let client = equinix::Client::builder()
            .base_url(server.uri())
            .timeout(Duration::from_millis(700))
            .max_retries(10)
            .x_auth_token("t")
            .build()
            .expect("client");
        let started = Instant::now();
        let error = client.find_recovery_codes().send().await.expect_err("timeout");
        assert!(matches!(error, Error::Timeout { after } if after == Duration::from_millis(700)), "{error:?}");
        assert!(started.elapsed() < Duration::from_millis(1100), "{:?}", started.elapsed());
    })
    .await;
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    bounded(async {
        let server = MockServer::start().await;
        let when = chrono::Utc::now() + chrono::Duration::seconds(2);
        let date = when.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(json_response(200, "application/json", &json!({"recovery_codes": ["a"]})))
            .mount(&server)
            .await;
        let started = Instant::now();
        let codes = equinix(&server).find_recovery_codes().send().await.expect("the retry succeeds");
        let elapsed = started.elapsed();
        assert_eq!(codes.recovery_codes.as_deref().map(|codes| codes.iter().map(Secret::expose).collect::<Vec<_>>()), Some(vec!["a"]));
        // The date has whole seconds: the wait is between one and two seconds.
        assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_millis(2900), "{elapsed:?}");
        assert_eq!(requests(&server).await.len(), 2);
    })
    .await;
}

/// A keep-alive HTTP/1.1 server that answers every request `200 {}` and records, per request, the
/// connection it came on and its `X-Auth-Token` header.
async fn keep_alive_server() -> (String, Arc<Mutex<Vec<(usize, String)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let seen: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
    let connections = Arc::new(AtomicUsize::new(0));
    let recorded = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let connection = connections.fetch_add(1, Ordering::SeqCst);
            let recorded = Arc::clone(&recorded);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buffer.windows(4).position(|w| w == b"\r\n\r\n").map_or(0, |at| at + 4);
                    let head = String::from_utf8_lossy(&buffer[..end]).to_string();
                    buffer.drain(..end);
                    let token = head
                        .lines()
                        .find_map(|line| line.strip_prefix("x-auth-token: ").or_else(|| line.strip_prefix("X-Auth-Token: ")))
                        .unwrap_or_default()
                        .to_owned();
                    recorded.lock().expect("lock").push((connection, token));
                    let reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
                    if stream.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{address}"), seen)
}

#[tokio::test]
async fn a_client_with_other_credentials_shares_the_connection_pool() {
    bounded(async {
        let (url, seen) = keep_alive_server().await;
        let first = equinix::Client::builder().base_url(&url).timeout(TIMEOUT).x_auth_token("token-1").build().expect("client");
        first.find_recovery_codes().send().await.expect("first call");
        let second = first.with_x_auth_token("token-2");
        second.find_recovery_codes().send().await.expect("second call");
        first.find_recovery_codes().send().await.expect("the first client keeps its token");
        let seen = seen.lock().expect("lock").clone();
        let tokens: Vec<&str> = seen.iter().map(|(_, token)| token.as_str()).collect();
        assert_eq!(tokens, ["token-1", "token-2", "token-1"]);
        assert!(seen.iter().all(|(connection, _)| *connection == 0), "one connection served both clients: {seen:?}");
        assert!(!format!("{second:?}").contains("token-2"));
    })
    .await;
}

#[tokio::test]
async fn soracom_auth_then_call_with_the_issued_key_and_token() {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "application/json", &json!({"apiKey": "key-1", "token": "token-1", "operatorId": "OP1"})))
        .await;
    let client = soracom(&server);
    let issued = client.auth(soracom::types::AuthRequest::default()).send().await.expect("auth");
    let (Some(key), Some(token)) = (issued.api_key, issued.token) else { panic!("auth returns a key and a token") };
    let authed = client.with_api_key(key).with_api_token(token);
    assert_eq!(authed.base_url(), client.base_url());
    assert!(!format!("{authed:?}").contains("key-1") && !format!("{authed:?}").contains("token-1"));
}

#[tokio::test]
async fn a_provider_is_asked_before_every_attempt() {
    let server = MockServer::start().await;
    respond_all(&server, json_response(200, "application/json", &json!({"recovery_codes": []}))).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let client = equinix::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .x_auth_token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, std::convert::Infallible>(Secret::new(format!("token-{n}"))) }
        })
        .build()
        .expect("client");
    client.find_recovery_codes().send().await.expect("first");
    client.find_recovery_codes().send().await.expect("second");
    let tokens: Vec<String> = requests(&server).await.iter().filter_map(|r| header(r, "x-auth-token").map(str::to_owned)).collect();
    assert_eq!(tokens, ["token-0", "token-1"]);

    // A provider that fails: nothing is sent, and the error says which scheme.
    let server = MockServer::start().await;
    let client = equinix::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .x_auth_token_provider(|| async { Err::<Secret, _>("the vault is sealed") })
        .build()
        .expect("client");
    let error = client.find_recovery_codes().send().await.expect_err("no credential");
    assert!(matches!(&error, Error::Credentials { scheme: "x_auth_token", message } if message == "the vault is sealed"), "{error:?}");
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

/// A token endpoint that hands out `tok-1`, `tok-2`, ... and records the forms it was sent.
async fn token_server(expires_in: u64) -> (MockServer, Arc<Mutex<Vec<String>>>) {
    let server = MockServer::start().await;
    let forms: Arc<Mutex<Vec<String>>> = Arc::default();
    let recorded = Arc::clone(&forms);
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |request: &wiremock::Request| {
            let mut forms = recorded.lock().expect("lock");
            forms.push(String::from_utf8_lossy(&request.body).into_owned());
            let token = format!("tok-{}", forms.len());
            ResponseTemplate::new(200).set_body_json(json!({"access_token": token, "token_type": "bearer", "expires_in": expires_in}))
        })
        .mount(&server)
        .await;
    (server, forms)
}

fn arduino_with_client_credentials(api: &MockServer, tokens: &MockServer) -> arduino::Client {
    arduino::Client::builder()
        .base_url(api.uri())
        .timeout(TIMEOUT)
        .oauth2_client_credentials("client-7", "client-SECRET")
        .oauth2_token_url(format!("{}/oauth/token", tokens.uri()))
        .oauth2_token_parameter("audience", "https://api2.arduino.cc/iot")
        .build()
        .expect("client")
}

const PASS: &str = "application/vnd.arduino.devicev2.pass+json";

#[tokio::test]
async fn oauth2_client_credentials_are_fetched_cached_and_sent_to_the_api_only() {
    bounded(async {
        let (tokens, forms) = token_server(3600).await;
        let api = MockServer::start().await;
        Mock::given(wiremock::matchers::header("authorization", "Bearer tok-1"))
            .respond_with(json_response(200, PASS, &json!({"set": true})))
            .mount(&api)
            .await;
        let client = arduino_with_client_credentials(&api, &tokens);
        assert!(client.devices_v2_pass_get("d").send().await.expect("first call").set);
        assert!(client.devices_v2_pass_get("d").send().await.expect("second call").set);

        let forms = forms.lock().expect("lock").clone();
        assert_eq!(forms.len(), 1, "the token is cached");
        let form = url_pairs(&forms[0]);
        for expected in [
            ("grant_type", "client_credentials"),
            ("client_id", "client-7"),
            ("client_secret", "client-SECRET"),
            ("audience", "https://api2.arduino.cc/iot"),
        ] {
            assert!(form.iter().any(|(n, v)| n == expected.0 && v == expected.1), "{expected:?} in {form:?}");
        }
        let api_requests = requests(&api).await;
        assert_eq!(api_requests.len(), 2);
        for request in &api_requests {
            let text = format!("{:?} {}", request.headers, String::from_utf8_lossy(&request.body));
            assert!(!text.contains("client-SECRET"), "the client secret never goes to the API: {text}");
        }
        for request in requests(&tokens).await {
            assert!(request.headers.get("authorization").is_none_or(|v| !v.as_bytes().starts_with(b"Bearer")));
        }
    })
    .await;
}

#[tokio::test]
async fn oauth2_tokens_are_refreshed_before_expiry_and_once_on_a_401() {
    bounded(async {
        // A token that expires in a second is replaced before it does.
        let (tokens, forms) = token_server(1).await;
        let api = MockServer::start().await;
        respond_all(&api, json_response(200, PASS, &json!({"set": true}))).await;
        let client = arduino_with_client_credentials(&api, &tokens);
        client.devices_v2_pass_get("d").send().await.expect("first");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        client.devices_v2_pass_get("d").send().await.expect("second");
        assert_eq!(forms.lock().expect("lock").len(), 2, "a new token after expiry");
        let sent: Vec<String> = requests(&api).await.iter().filter_map(|r| header(r, "authorization").map(str::to_owned)).collect();
        assert_eq!(sent, ["Bearer tok-1", "Bearer tok-2"]);

        // The API refuses the first token: a new one is fetched and the call sent once more.
        let (tokens, forms) = token_server(3600).await;
        let api = MockServer::start().await;
        Mock::given(wiremock::matchers::header("authorization", "Bearer tok-1")).respond_with(ResponseTemplate::new(401)).mount(&api).await;
        Mock::given(wiremock::matchers::header("authorization", "Bearer tok-2"))
            .respond_with(json_response(200, PASS, &json!({"set": false})))
            .mount(&api)
            .await;
        let client = arduino_with_client_credentials(&api, &tokens);
        assert!(!client.devices_v2_pass_get("d").send().await.expect("the retry with a fresh token succeeds").set);
        assert_eq!(forms.lock().expect("lock").len(), 2);
        assert_eq!(requests(&api).await.len(), 2);

        // A token refused twice is an error: only one renewal per call.
        let (tokens, forms) = token_server(3600).await;
        let api = MockServer::start().await;
        respond_all(&api, ResponseTemplate::new(401)).await;
        let client = arduino_with_client_credentials(&api, &tokens);
        let error = client.devices_v2_pass_get("d").send().await.expect_err("401");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
        let fetched = forms.lock().expect("lock").len();
        assert_eq!((fetched, requests(&api).await.len()), (2, 2));
    })
    .await;
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_is_a_credentials_error() {
    let tokens = MockServer::start().await;
    respond_all(&tokens, json_response(401, "application/json", &json!({"error": "invalid_client", "error_description": "unknown"}))).await;
    let api = MockServer::start().await;
    let client = arduino_with_client_credentials(&api, &tokens);
    let error = client.devices_v2_pass_get("d").send().await.expect_err("no token");
    let shown = format!("{error} | {error:?}");
    assert!(matches!(&error, Error::Credentials { scheme: "oauth2", .. }), "{shown}");
    assert!(shown.contains("invalid_client") && !shown.contains("client-SECRET"), "{shown}");
    assert!(requests(&api).await.is_empty(), "nothing goes to the API without a token");
}

fn url_pairs(form: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(form.as_bytes()).map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_are_traced_without_credentials_parameters_or_urls() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    respond_all(&server, json_response(200, PASS, &json!({"set": true}))).await;
    let client = arduino::Client::builder().base_url(server.uri()).timeout(TIMEOUT).oauth2("token-SECRET").build().expect("client");
    client.devices_v2_pass_get("device-SECRET-id").send().await.expect("the retry succeeds");

    let all = String::from_utf8_lossy(&captured.0.lock().expect("lock")).into_owned();
    // What the client writes itself: the span's close and its own events (the HTTP stack below
    // logs its connections inside the span, with their addresses, at debug level).
    let text: String =
        all.lines().filter(|line| !line.contains("hyper_util::") && !line.contains("reqwest::")).collect::<Vec<_>>().join("\n");
    assert!(text.contains("operation=\"devices_v2_pass_get\"") || text.contains("operation=devices_v2_pass_get"), "{text}");
    assert!(text.contains("path=\"/v2/devices/{id}/pass\""), "{text}");
    assert!(text.contains("method=\"GET\"") || text.contains("method=GET"), "{text}");
    assert!(text.contains("attempt=2") && text.contains("status=200") && text.contains("duration_ms="), "{text}");
    assert!(text.contains("retrying"), "the retry is an event: {text}");
    assert!(!text.contains("SECRET") && !text.contains("127.0.0.1"), "no credential, parameter value or URL: {text}");
}

#[tokio::test]
async fn an_attempt_timeout_retries_a_slow_attempt_within_the_deadline() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        respond_all(&server, json_response(200, "application/json", &json!({"recovery_codes": []}))).await;
        let client = equinix::Client::builder()
            .base_url(server.uri())
            .timeout(Duration::from_secs(5))
            .attempt_timeout(Duration::from_millis(300))
            .x_auth_token("t")
            .build()
            .expect("client");
        let started = Instant::now();
        client.find_recovery_codes().send().await.expect("the second attempt answers");
        assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
        assert_eq!(requests(&server).await.len(), 2);
    })
    .await;
}
