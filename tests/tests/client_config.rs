//! Client configuration: default and custom base URLs, timeouts, retries, user agent, and
//! transport failures.

mod client_support;

use std::time::{Duration, Instant};

use apis::runtime::Error;
use apis::{arduino, cyclos, equinix, soracom, yandex};
use client_support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The first `servers[].url` of `specs/<api>.yaml`.
fn first_server_of_spec(api: &str) -> String {
    let file = format!("{}/../specs/{api}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec is YAML");
    spec["servers"][0]["url"].as_str().expect("the spec has a first server URL").to_owned()
}

#[test]
fn base_url_defaults_to_the_first_server_of_each_spec() {
    let cases = [
        ("arduino", arduino::Client::builder().build().expect("client").base_url().to_owned()),
        ("cyclos", cyclos::Client::builder().build().expect("client").base_url().to_owned()),
        ("equinix", equinix::Client::builder().build().expect("client").base_url().to_owned()),
        ("soracom", soracom::Client::builder().build().expect("client").base_url().to_owned()),
        ("yandex", yandex::Client::builder().build().expect("client").base_url().to_owned()),
    ];
    for (api, base_url) in cases {
        assert_eq!(base_url, first_server_of_spec(api).trim_end_matches('/'), "{api}");
    }
    assert_eq!(arduino::Client::builder().build().expect("client").base_url(), "https://api2.arduino.cc/iot");
    assert_eq!(cyclos::Client::builder().build().expect("client").base_url(), "https://dev.leftcoastfs.com/api");
    assert_eq!(equinix::Client::builder().build().expect("client").base_url(), "https://api.equinix.com/metal/v1");
    assert_eq!(soracom::Client::builder().build().expect("client").base_url(), "https://api.soracom.io/v1");
    assert_eq!(yandex::Client::builder().build().expect("client").base_url(), "https://iot-devices.api.cloud.yandex.net");
    assert_eq!(arduino::client::DEFAULT_BASE_URL, "https://api2.arduino.cc/iot");
    assert_eq!(cyclos::client::DEFAULT_BASE_URL, "https://dev.leftcoastfs.com/api");
    assert_eq!(equinix::client::DEFAULT_BASE_URL, "https://api.equinix.com/metal/v1");
    assert_eq!(soracom::client::DEFAULT_BASE_URL, "https://api.soracom.io/v1");
    assert_eq!(yandex::client::DEFAULT_BASE_URL, "https://iot-devices.api.cloud.yandex.net");
}

#[tokio::test]
async fn base_url_can_be_changed_and_keeps_its_path_prefix() {
    let server = MockServer::start().await;
    Mock::given(path("/prefix/v1/user/otp/recovery-codes"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    for base in [format!("{}/prefix/v1", server.uri()), format!("{}/prefix/v1/", server.uri())] {
        let client = equinix::Client::builder().base_url(base).timeout(TIMEOUT).x_auth_token("t").build().expect("client");
        assert_eq!(client.base_url(), format!("{}/prefix/v1", server.uri()));
        client.find_recovery_codes().send().await.expect("200");
    }
    for request in requests(&server).await {
        assert_line(&request, "GET", "/prefix/v1/user/otp/recovery-codes", None);
    }
}

#[test]
fn invalid_base_urls_are_refused_by_build() {
    for (url, expected) in [
        ("not a url", "the base URL `not a url` is not a valid absolute URL: relative URL without a base"),
        ("ftp://example.com/api", "the base URL `ftp://example.com/api` must start with http:// or https:// and name a host"),
        ("http://example.com/api?x=1", "the base URL `http://example.com/api?x=1` must not have a query or fragment"),
        ("https://example.com/api#top", "the base URL `https://example.com/api#top` must not have a query or fragment"),
    ] {
        let error = cyclos::Client::builder().base_url(url).build().expect_err("refused");
        assert_eq!(error.to_string(), expected);
    }
    let error = yandex::Client::builder().user_agent("bad\nagent").build().expect_err("refused");
    assert_eq!(error.to_string(), "the user agent `bad\nagent` is not a valid header value");
}

#[tokio::test]
async fn user_agent_is_the_crate_by_default_and_can_be_changed() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204)).await;
    cyclos(&server).unblock_password("u", "t").send().await.expect("204");
    cyclos::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .session("s")
        .user_agent("my-app/2.0 (+https://example.com)")
        .build()
        .expect("client")
        .unblock_password("u", "t")
        .send()
        .await
        .expect("204");
    let all = requests(&server).await;
    let [default, custom] = all.as_slice() else { panic!("expected two requests, got {all:#?}") };
    assert_eq!(header(default, "user-agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(header(custom, "user-agent"), Some("my-app/2.0 (+https://example.com)"));
}

// ---------------------------------------------------------------------------------------------
// Timeouts and transport failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn timeout_fires_when_the_server_is_slower() {
    let server = MockServer::start().await;
    respond_all(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"set":true}"#, "application/vnd.arduino.devicev2.pass+json")
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = arduino::Client::builder().base_url(server.uri()).timeout(Duration::from_millis(300)).oauth2("t").build().expect("client");
    let started = Instant::now();
    let error = client.devices_v2_pass_get("d").send().await.expect_err("timeout");
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(elapsed >= Duration::from_millis(250) && elapsed < Duration::from_millis(2500), "{elapsed:?}");
    let shown = error.to_string();
    assert_eq!(
        shown,
        "the call did not complete within 300 ms (retries included); check that the server is reachable or raise the client's timeout"
    );
    assert_eq!(requests(&server).await.len(), 1, "a timeout is not retried");
}

#[tokio::test]
async fn a_fast_enough_server_does_not_time_out() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(204).set_delay(Duration::from_millis(100))).await;
    let client =
        equinix::Client::builder().base_url(server.uri()).timeout(Duration::from_secs(3)).x_auth_token("t").build().expect("client");
    client.receive_codes().send().await.expect("204 after 100 ms");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let client =
        cyclos::Client::builder().base_url(closed_port_url()).timeout(TIMEOUT).max_retries(0).access_client("t").build().expect("client");
    let error = client.list_user_passwords("self").send().await.expect_err("refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
    let shown = error.to_string();
    assert!(shown.starts_with("the HTTP request failed ("), "{shown}");
    assert!(shown.ends_with("); check the base URL, the network and TLS settings"), "{shown}");
}

#[tokio::test]
async fn connection_errors_are_retried_for_get() {
    let client =
        cyclos::Client::builder().base_url(closed_port_url()).timeout(TIMEOUT).max_retries(2).access_client("t").build().expect("client");
    let started = Instant::now();
    let error = client.list_user_passwords("self").send().await.expect_err("refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(300), "two retries with 100 ms and 200 ms backoff: {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

/// Mounts `first` for the first `times` requests, then `then` for the rest.
async fn mount_sequence(server: &MockServer, first: ResponseTemplate, times: u64, then: ResponseTemplate) {
    Mock::given(wiremock::matchers::any()).respond_with(first).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(wiremock::matchers::any()).respond_with(then).mount(server).await;
}

#[tokio::test]
async fn get_is_retried_on_503_then_succeeds() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        ResponseTemplate::new(503),
        2,
        ResponseTemplate::new(200).set_body_raw(r#"{"set":true}"#, "application/vnd.arduino.devicev2.pass+json"),
    )
    .await;
    let started = Instant::now();
    let value = arduino(&server).devices_v2_pass_get("d").suggested_password(true).send().await.expect("succeeds on the third try");
    assert!(value.set);
    assert!(started.elapsed() >= Duration::from_millis(300), "backoff 100 ms then 200 ms: {:?}", started.elapsed());
    let all = requests(&server).await;
    assert_eq!(all.len(), 3, "two 503s and one 200");
    for request in &all {
        assert_line(request, "GET", "/v2/devices/d/pass", Some("suggested_password=true"));
        assert_eq!(header(request, "authorization"), Some("Bearer arduino-token-123"));
    }
}

#[tokio::test]
async fn get_gives_up_after_max_retries() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(503).set_body_string("busy")).await;
    let error = cyclos(&server).list_user_passwords("self").send().await.expect_err("503");
    let Error::Api { error: cyclos::client::ListUserPasswordsError::Unexpected(response), .. } = error else {
        panic!("503 is undocumented, got {error:?}")
    };
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.body(), b"busy");
    assert_eq!(requests(&server).await.len(), 3, "one try and two retries by default");
}

#[tokio::test]
async fn retry_statuses_429_502_504_and_idempotent_methods() {
    for status in [429, 502, 504] {
        let server = MockServer::start().await;
        mount_sequence(&server, ResponseTemplate::new(status).insert_header("Retry-After", "0"), 1, ResponseTemplate::new(200)).await;
        arduino(&server).devices_v2_pass_delete("d").send().await.unwrap_or_else(|e| panic!("DELETE after {status}: {e}"));
        assert_eq!(requests(&server).await.len(), 2, "DELETE retried after {status}");
    }

    // PUT is idempotent: retried, with the same body.
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_raw(r#"{"set":true}"#, "application/vnd.arduino.devicev2.pass+json"),
    )
    .await;
    arduino(&server)
        .devices_v2_pass_set("d", arduino::types::Devicev2Pass { password: Some("pw".into()) })
        .send()
        .await
        .expect("PUT retried");
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for request in &all {
        assert_line(request, "PUT", "/v2/devices/d/pass", None);
        assert_body(request, "application/json", r#"{"password":"pw"}"#);
    }

    // Other statuses are not retried.
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(500).set_body_raw("{}", "application/vnd.goa.error+json")).await;
    let error = arduino(&server).devices_v2_pass_get("d").send().await.expect_err("500");
    assert!(matches!(error, Error::Api { error: arduino::client::DevicesV2PassGetError::InternalServerError(_), .. }));
    assert_eq!(requests(&server).await.len(), 1, "500 is not retried");
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(503)).await;
    let error = cyclos(&server).disable_password("u", "login").send().await.expect_err("503");
    assert!(
        matches!(&error, Error::Api { error: cyclos::client::DisablePasswordError::Unexpected(r), .. } if r.status().as_u16() == 503),
        "{error:?}"
    );
    let error =
        arduino(&server).devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("p")).send().await.expect_err("503");
    assert!(
        matches!(&error, Error::Api { error: arduino::client::DevicesV2PassCheckError::Unexpected(r), .. } if r.status().as_u16() == 503),
        "{error:?}"
    );
    assert_eq!(requests(&server).await.len(), 2, "one request per POST");
}

#[tokio::test]
async fn post_is_retried_with_retry_post() {
    let server = MockServer::start().await;
    mount_sequence(&server, ResponseTemplate::new(503), 1, ResponseTemplate::new(200)).await;
    let client = arduino::Client::builder().base_url(server.uri()).timeout(TIMEOUT).oauth2("t").retry_post(true).build().expect("client");
    client
        .devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("p w"))
        .form_encoded()
        .send()
        .await
        .expect("retried POST succeeds");
    let all = requests(&server).await;
    assert_eq!(all.len(), 2, "one 503 and one 200");
    for request in &all {
        assert_line(request, "POST", "/v2/devices/d/pass", None);
        assert_body(request, "application/x-www-form-urlencoded", "password=p+w");
    }

    // retry_post(false) explicitly is the default behaviour.
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(503)).await;
    let client =
        yandex::Client::builder().base_url(server.uri()).timeout(TIMEOUT).iam_token("t").retry_post(false).build().expect("client");
    client.add_password("d", Default::default()).send().await.expect_err("503");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn max_retries_zero_disables_retries() {
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(503)).await;
    let client = arduino::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .oauth2("t")
        .max_retries(0)
        .retry_post(true)
        .build()
        .expect("client");
    let error = client.devices_v2_pass_get("d").send().await.expect_err("503");
    assert!(
        matches!(&error, Error::Api { error: arduino::client::DevicesV2PassGetError::Unexpected(r), .. } if r.status().as_u16() == 503),
        "{error:?}"
    );
    client.devices_v2_pass_check("d", arduino::types::CheckDevicesV2PassPayload::new("p")).send().await.expect_err("503");
    assert_eq!(requests(&server).await.len(), 2, "no retries at all");

    // max_retries(1): exactly one retry.
    let server = MockServer::start().await;
    respond_all(&server, ResponseTemplate::new(503)).await;
    equinix::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .x_auth_token("t")
        .max_retries(1)
        .build()
        .expect("client")
        .find_recovery_codes()
        .send()
        .await
        .expect_err("503");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
        ResponseTemplate::new(200).set_body_raw("[]", "application/json"),
    )
    .await;
    let started = Instant::now();
    cyclos(&server).list_user_passwords("self").send().await.expect("200 after waiting");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950) && elapsed < Duration::from_secs(4), "{elapsed:?}");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_client_is_cheap_to_clone_and_shares_its_settings() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = cyclos(&server);
    let clone = client.clone();
    assert_eq!(clone.base_url(), client.base_url());
    let (a, b) = tokio::join!(client.unblock_password("a", "t").send(), clone.unblock_password("b", "t").send());
    a.expect("204");
    b.expect("204");
    let mut paths: Vec<_> =
        requests(&server).await.iter().map(|r| (r.url.path().to_owned(), header(r, "access-client-token").map(str::to_owned))).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ("/a/passwords/t/unblock".to_owned(), Some(CYCLOS_ACCESS_CLIENT.to_owned())),
            ("/b/passwords/t/unblock".to_owned(), Some(CYCLOS_ACCESS_CLIENT.to_owned())),
        ]
    );
}

#[tokio::test]
async fn max_response_bytes_limits_the_body() {
    let server = MockServer::start().await;
    let body = format!("[{}]", [r#"{"status":"active"}"#; 10].join(","));
    respond_all(&server, ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;
    let limited = |limit: usize| {
        cyclos::Client::builder()
            .base_url(server.uri())
            .timeout(TIMEOUT)
            .access_client("t")
            .max_response_bytes(limit)
            .build()
            .expect("client")
    };

    let error = limited(body.len() - 1).list_user_passwords("self").send().await.expect_err("too large");
    assert!(
        matches!(&error, Error::ResponseTooLarge { status, limit, .. } if status.as_u16() == 200 && *limit == body.len() - 1),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(
        error.to_string(),
        format!(
            "the 200 OK response body is larger than the {}-byte limit; raise max_response_bytes \
             on the client builder if this is expected",
            body.len() - 1
        )
    );

    let list = limited(body.len()).list_user_passwords("self").send().await.expect("exactly at the limit");
    assert_eq!(list.len(), 10);
}
