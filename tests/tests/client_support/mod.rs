//! Helpers shared by the `client_*` integration tests of the generated `apis` crate.
//!
//! Every test runs an in-process wiremock server on 127.0.0.1 and points a generated client at it.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::time::Duration;

use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Client timeout used by every test that does not test timeouts: a few seconds, so a hung test
/// fails instead of blocking.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The User-Agent the generated crate sends by default (`<crate name>/<version>`).
pub const DEFAULT_USER_AGENT: &str = "apis/0.1.0";

/// Credentials used by the helpers below.
pub const ARDUINO_TOKEN: &str = "arduino-token-123";
pub const CYCLOS_ACCESS_CLIENT: &str = "cyclos-access-client-token";
pub const EQUINIX_TOKEN: &str = "equinix-x-auth-token";
pub const YANDEX_TOKEN: &str = "yandex-iam-token";

pub fn arduino(server: &MockServer) -> apis::arduino::Client {
    apis::arduino::Client::builder().base_url(server.uri()).timeout(TIMEOUT).oauth2(ARDUINO_TOKEN).build().expect("arduino client builds")
}

pub fn cyclos(server: &MockServer) -> apis::cyclos::Client {
    apis::cyclos::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .access_client(CYCLOS_ACCESS_CLIENT)
        .build()
        .expect("cyclos client builds")
}

pub fn equinix(server: &MockServer) -> apis::equinix::Client {
    apis::equinix::Client::builder()
        .base_url(server.uri())
        .timeout(TIMEOUT)
        .x_auth_token(EQUINIX_TOKEN)
        .build()
        .expect("equinix client builds")
}

pub fn soracom(server: &MockServer) -> apis::soracom::Client {
    apis::soracom::Client::builder().base_url(server.uri()).timeout(TIMEOUT).build().expect("soracom client builds")
}

pub fn yandex(server: &MockServer) -> apis::yandex::Client {
    apis::yandex::Client::builder().base_url(server.uri()).timeout(TIMEOUT).iam_token(YANDEX_TOKEN).build().expect("yandex client builds")
}

/// Answers every request with `template`.
pub async fn respond_all(server: &MockServer, template: ResponseTemplate) {
    Mock::given(wiremock::matchers::any()).respond_with(template).mount(server).await;
}

/// JSON response with the given content type.
pub fn json_response(status: u16, content_type: &str, body: &serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), content_type)
}

/// Every request the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("wiremock records requests")
}

/// The one request the server received; fails if it received none or several.
pub async fn single_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
    all.remove(0)
}

/// The value of a request header as text (the only value; fails if the header is repeated).
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert!(values.len() <= 1, "header {name} sent {} times", values.len());
    values.first().map(|value| value.to_str().expect("header value is visible ASCII"))
}

/// The names of all request headers, lower-cased.
pub fn header_names(request: &Request) -> BTreeSet<String> {
    request.headers.keys().map(|name| name.as_str().to_owned()).collect()
}

/// A set of header names, for comparison with [`header_names`].
pub fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|name| (*name).to_owned()).collect()
}

/// The decoded query pairs, in order.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
}

/// Asserts method, raw path and raw query of a request.
pub fn assert_line(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method, "method of {request:?}");
    assert_eq!(request.url.path(), path, "raw path of {request:?}");
    assert_eq!(request.url.query(), query, "raw query of {request:?}");
}

/// Asserts a request has no body and no Content-Type (a `Content-Length: 0` is allowed).
pub fn assert_no_body(request: &Request) {
    assert!(request.body.is_empty(), "unexpected body {:?}", String::from_utf8_lossy(&request.body));
    assert_eq!(header(request, "content-type"), None, "no Content-Type without a body");
    assert!(matches!(header(request, "content-length"), None | Some("0")), "Content-Length {:?}", header(request, "content-length"));
}

/// Asserts a request's body bytes and Content-Type exactly.
pub fn assert_body(request: &Request, content_type: &str, body: &str) {
    assert_eq!(header(request, "content-type"), Some(content_type), "Content-Type");
    assert_eq!(String::from_utf8_lossy(&request.body), body, "body bytes");
    let length = body.len().to_string();
    let sent = header(request, "content-length");
    // An empty body may go without Content-Length (no length and no chunking means no body).
    assert!(sent == Some(length.as_str()) || (body.is_empty() && sent.is_none()), "Content-Length {sent:?} for a body of {length} bytes");
}

/// A base URL on 127.0.0.1 where nothing listens (the port was just free).
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let address = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{address}")
}
