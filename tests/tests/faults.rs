//! Fault injection: the generated clients against a small misbehaving HTTP server of this file's
//! own.
//!
//! [`FaultServer`] is a raw tokio `TcpListener` on 127.0.0.1 that reads each request head (and
//! body, by Content-Length), records the raw request bytes, and then answers with canned raw bytes
//! or misbehaves (stays silent, drips the body, resets the connection, writes garbage). Tests
//! assert the documented `apis::runtime::Error` variant each fault yields, the exact bytes that
//! reached the wire, and that nothing is sent when a request is refused.
//!
//! Every test body runs under [`bounded`] (a `tokio::time::timeout`) and every client has a
//! timeout of a few seconds at most.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apis::equinix::client::{FindEnsureOtpError, FindRecoveryCodesError, ReceiveCodesError, RegenerateCodesError};
use apis::runtime::{Error, Secret, UnexpectedResponse};
use apis::{cyclos, equinix};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Upper bound for a whole test body.
const TEST_LIMIT: Duration = Duration::from_secs(30);
/// Client timeout for tests that do not test timeouts.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(3);
/// The runtime's default `max_response_bytes`.
const DEFAULT_LIMIT: usize = 32 * 1024 * 1024;
/// The Equinix API token configured on every Equinix client here.
const TOKEN: &str = "equinix-token-5f3a";
/// The Cyclos access client token configured on every Cyclos client here.
const ACCESS_CLIENT: &str = "cyclos-access-client-77";

// ---------------------------------------------------------------------------------------------
// The misbehaving server
// ---------------------------------------------------------------------------------------------

/// What the server does once it has read (and recorded) a request.
enum Reply {
    /// Writes these bytes, then closes the connection gracefully.
    Raw(Vec<u8>),
    /// Never answers: keeps the connection open and silent.
    Silent,
    /// Writes these bytes, waits, then resets the connection (SO_LINGER 0, so the close is a RST).
    Reset(Vec<u8>, Duration),
    /// Writes the head, then one body byte every interval, forever.
    Drip(Vec<u8>, Duration),
}

type Handler = dyn Fn(usize, &[u8]) -> Reply + Send + Sync;

/// A raw TCP HTTP/1.1 "server" on 127.0.0.1:0. Dropping it stops accepting connections.
struct FaultServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    connections: Arc<AtomicUsize>,
    accept_loop: JoinHandle<()>,
}

impl FaultServer {
    /// Starts a server answering request number `n` (0-based, over all connections) with
    /// `handler(n, raw_request)`.
    async fn start(handler: impl Fn(usize, &[u8]) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("listener address");
        let requests: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let connections: Arc<AtomicUsize> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let accept_loop = tokio::spawn({
            let requests = Arc::clone(&requests);
            let connections = Arc::clone(&connections);
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    connections.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(serve(stream, Arc::clone(&handler), Arc::clone(&requests)));
                }
            }
        });
        Self { addr, requests, connections, accept_loop }
    }

    /// A server answering every request the same way.
    async fn always(reply: impl Fn() -> Reply + Send + Sync + 'static) -> Self {
        Self::start(move |_, _| reply()).await
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every request received so far, raw (head and body).
    fn requests(&self) -> Vec<Vec<u8>> {
        self.requests.lock().expect("request log").clone()
    }

    fn request_count(&self) -> usize {
        self.requests.lock().expect("request log").len()
    }

    /// TCP connections accepted so far.
    fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The request line of request `index`, without CRLF.
    fn request_line(&self, index: usize) -> String {
        let requests = self.requests();
        let request = requests.get(index).unwrap_or_else(|| panic!("no request #{index}; got {}", requests.len()));
        request_line(request)
    }

    /// The only request received; fails if there were none or several.
    fn single_request(&self) -> Vec<u8> {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {}: {:#?}",
            requests.len(),
            requests.iter().map(|r| String::from_utf8_lossy(r).into_owned()).collect::<Vec<_>>()
        );
        requests.into_iter().next().unwrap_or_default()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Vec<u8>>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let index = {
        let mut log = log.lock().expect("request log");
        log.push(request.clone());
        log.len() - 1
    };
    match handler(index, &request) {
        Reply::Raw(bytes) => {
            // Errors are expected when the client gives up early (e.g. a too-large body).
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            let _ = stream.shutdown().await;
            // Let the client see the FIN before the socket is dropped.
            let mut sink = [0u8; 1024];
            let _ = tokio::time::timeout(Duration::from_secs(5), async {
                while let Ok(n) = stream.read(&mut sink).await {
                    if n == 0 {
                        break;
                    }
                }
            })
            .await;
        }
        Reply::Silent => tokio::time::sleep(Duration::from_secs(60)).await,
        Reply::Reset(bytes, after) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(after).await;
            stream.set_zero_linger().expect("SO_LINGER 0 on the server socket");
            drop(stream);
        }
        Reply::Drip(head, every) => {
            let _ = stream.write_all(&head).await;
            for _ in 0..600 {
                tokio::time::sleep(every).await;
                if stream.write_all(b" ").await.is_err() {
                    break;
                }
            }
        }
    }
}

/// Reads one request: the head up to CRLFCRLF, then Content-Length body bytes. `None` when the
/// client closed without sending anything.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = find(&buf, b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return (!buf.is_empty()).then_some(buf),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let wanted = head_end + content_length(&buf[..head_end]);
    while buf.len() < wanted {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Some(buf)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

fn request_line(request: &[u8]) -> String {
    let end = find(request, b"\r\n").unwrap_or(request.len());
    String::from_utf8_lossy(&request[..end]).into_owned()
}

/// The raw bytes of the first header `name` (case-insensitive) of a raw request.
fn raw_header(request: &[u8], name: &str) -> Option<Vec<u8>> {
    let head_end = find(request, b"\r\n\r\n").unwrap_or(request.len());
    request[..head_end].split(|&b| b == b'\n').skip(1).map(|line| line.strip_suffix(b"\r").unwrap_or(line)).find_map(|line| {
        let colon = line.iter().position(|&b| b == b':')?;
        let (key, value) = line.split_at(colon);
        key.eq_ignore_ascii_case(name.as_bytes()).then(|| value[1..].trim_ascii().to_vec())
    })
}

/// A response with Content-Length and `Connection: close`.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A response with `Transfer-Encoding: chunked` (no Content-Length).
fn chunked_response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    let mut bytes = head.into_bytes();
    for piece in body.chunks(64 * 1024) {
        bytes.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        bytes.extend_from_slice(piece);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    bytes
}

fn json_200(body: &serde_json::Value) -> Reply {
    Reply::Raw(response("200 OK", &[("Content-Type", "application/json")], body.to_string().as_bytes()))
}

fn no_content() -> Reply {
    Reply::Raw(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_vec())
}

fn service_unavailable() -> Reply {
    Reply::Raw(response("503 Service Unavailable", &[("Content-Type", "text/plain")], b"busy"))
}

// ---------------------------------------------------------------------------------------------
// Clients and helpers
// ---------------------------------------------------------------------------------------------

/// Runs a test body under [`TEST_LIMIT`].
async fn bounded(body: impl Future<Output = ()>) {
    tokio::time::timeout(TEST_LIMIT, body).await.expect("the test did not finish within its time limit");
}

fn equinix_builder(server: &FaultServer) -> equinix::ClientBuilder {
    equinix::Client::builder().base_url(server.url()).x_auth_token(TOKEN).timeout(CLIENT_TIMEOUT)
}

fn equinix(server: &FaultServer) -> equinix::Client {
    equinix_builder(server).build().expect("equinix client builds")
}

fn cyclos(server: &FaultServer) -> cyclos::Client {
    cyclos::Client::builder()
        .base_url(server.url())
        .access_client(ACCESS_CLIENT)
        .timeout(CLIENT_TIMEOUT)
        .build()
        .expect("cyclos client builds")
}

/// The error and its whole `source()` chain, joined by " <- ".
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(" <- ")
}

fn unexpected_recovery(result: Result<equinix::types::RecoveryCodeList, Error<FindRecoveryCodesError>>) -> UnexpectedResponse {
    match result {
        Err(Error::Api { error: FindRecoveryCodesError::Unexpected(response), .. }) => response,
        other => panic!("expected Error::Api {{ error: Unexpected(..), .. }}, got {other:?}"),
    }
}

/// Padding of each big recovery code.
const PAD: usize = 40;

/// `count` recovery codes of 57 bytes each (quotes and comma included), as the JSON body of a
/// `RecoveryCodeList`.
fn big_recovery_code_list(count: usize) -> Vec<u8> {
    let codes: Vec<String> = (0..count).map(|i| format!("code-{i:08}-{}", "x".repeat(PAD))).collect();
    json!({ "recovery_codes": codes }).to_string().into_bytes()
}

fn html_page() -> String {
    let mut html = String::from("<!DOCTYPE html><html><head><title>500</title></head><body>");
    for i in 0..60 {
        html.push_str(&format!("<p>Internal Server Error, line {i}</p>"));
    }
    html.push_str("</body></html>");
    html
}

// ---------------------------------------------------------------------------------------------
// Error statuses with the wrong kind of body
// ---------------------------------------------------------------------------------------------

/// `receive_codes` documents 500 with a JSON `Error` body; an HTML 500 cannot be decoded into it.
#[tokio::test]
async fn html_500_where_json_500_is_documented_is_a_decode_error() {
    bounded(async {
        let html = html_page();
        assert!(html.len() > 2048);
        let body = html.clone();
        let server = FaultServer::always(move || {
            Reply::Raw(response("500 Internal Server Error", &[("Content-Type", "text/html")], body.as_bytes()))
        })
        .await;

        let result = equinix(&server).receive_codes().send().await;

        let error = match result {
            Err(error @ Error::Decode(_)) => error,
            other => panic!("expected Error::Decode, got {other:?}"),
        };
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
        let shown = error.to_string();
        let Error::Decode(decode) = error else { unreachable!() };
        assert_eq!(decode.status().as_u16(), 500);
        assert_eq!(decode.content_type(), Some("text/html"));
        assert!(decode.message().contains("text/html"), "{}", decode.message());
        assert_eq!(decode.body(), html.as_bytes(), "the whole body stays reachable");
        assert!(shown.contains("500") && shown.contains("text/html"), "{shown}");
        assert!(!shown.contains("<!DOCTYPE") && !format!("{decode:?}").contains("<html>"), "no body content in messages: {shown}");
        assert_eq!(server.request_line(0), "POST /user/otp/sms/receive HTTP/1.1");
        assert_eq!(server.request_count(), 1, "500 is not retried");
    })
    .await;
}

/// `find_recovery_codes` does not document 500: the response is kept whole as `Unexpected`.
#[tokio::test]
async fn html_500_where_500_is_undocumented_is_unexpected() {
    bounded(async {
        let html = html_page();
        let body = html.clone();
        let server = FaultServer::always(move || {
            Reply::Raw(response("500 Internal Server Error", &[("Content-Type", "text/html; charset=UTF-8")], body.as_bytes()))
        })
        .await;

        let result = equinix(&server).find_recovery_codes().send().await;

        let shown = match &result {
            Err(error) => error.to_string(),
            Ok(_) => String::new(),
        };
        let unexpected = unexpected_recovery(result);
        assert_eq!(unexpected.status().as_u16(), 500);
        assert_eq!(unexpected.body(), html.as_bytes(), "the whole body is kept");
        assert_eq!(unexpected.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/html; charset=UTF-8"));
        assert!(shown.contains("500") && shown.contains("text/html") && !shown.contains("<!DOCTYPE html>"), "{shown}");
        assert_eq!(server.request_count(), 1, "500 is not retried");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Broken 200 bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn truncated_json_on_200_is_a_decode_error() {
    bounded(async {
        let cut = br#"{"recovery_codes":["abc","de"#;
        let server = FaultServer::always(|| Reply::Raw(response("200 OK", &[("Content-Type", "application/json")], cut))).await;

        let result = equinix(&server).find_recovery_codes().send().await;

        match result {
            Err(Error::Decode(decode)) => {
                assert_eq!(decode.status().as_u16(), 200);
                assert_eq!(decode.content_type(), Some("application/json"));
                assert!(decode.message().starts_with("the JSON ends too early at line 1"), "{}", decode.message());
                assert_eq!(decode.body(), cut);
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn empty_json_body_on_200_is_a_decode_error() {
    bounded(async {
        let server = FaultServer::always(|| Reply::Raw(response("200 OK", &[("Content-Type", "application/json")], b""))).await;

        let result = equinix(&server).find_recovery_codes().send().await;

        let shown = match &result {
            Err(error) => error.to_string(),
            Ok(_) => String::new(),
        };
        match result {
            Err(Error::Decode(decode)) => {
                assert_eq!(decode.status().as_u16(), 200);
                assert!(decode.body().is_empty());
                assert_eq!(decode.message(), "the JSON ends too early at line 1, column 0");
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        assert!(shown.contains("0 bytes"), "{shown}");
    })
    .await;
}

#[tokio::test]
async fn wrong_content_type_on_200_is_a_decode_error_naming_it() {
    bounded(async {
        // (Content-Type sent, essence reported)
        let cases: &[(&str, &str)] = &[
            ("text/html", "text/html"),
            ("application/xml", "application/xml"),
            ("text/html; charset=utf-8", "text/html"),
            ("Text/HTML", "text/html"),
            ("text/plain", "text/plain"),
        ];
        let sent: Vec<String> = cases.iter().map(|(sent, _)| (*sent).to_owned()).collect();
        let server = FaultServer::start(move |index, _| {
            Reply::Raw(response("200 OK", &[("Content-Type", sent[index].as_str())], br#"{"recovery_codes":["abc"]}"#))
        })
        .await;
        let client = equinix(&server);

        for (sent, essence) in cases {
            match client.find_recovery_codes().send().await {
                Err(error @ Error::Decode(_)) => {
                    let shown = error.to_string();
                    let Error::Decode(decode) = error else { unreachable!() };
                    assert_eq!(decode.status().as_u16(), 200, "{sent}");
                    assert_eq!(decode.content_type(), Some(*essence), "{sent}");
                    assert!(decode.message().contains(essence), "{sent}: {}", decode.message());
                    assert_eq!(decode.body(), br#"{"recovery_codes":["abc"]}"#);
                    assert!(!shown.contains("abc"), "{shown}");
                    assert!(shown.contains(essence), "{shown}");
                }
                other => panic!("{sent}: expected Error::Decode, got {other:?}"),
            }
        }
        assert_eq!(server.request_count(), cases.len());
    })
    .await;
}

/// The documented counterpart: no Content-Type at all is accepted, and so is `+json`.
#[tokio::test]
async fn missing_or_vendor_json_content_type_on_200_decodes() {
    bounded(async {
        let server = FaultServer::start(|index, _| {
            let headers: &[(&str, &str)] =
                if index == 0 { &[] } else { &[("Content-Type", "application/vnd.equinix+JSON; charset=utf-8")] };
            Reply::Raw(response("200 OK", headers, br#"{"recovery_codes":["abc"]}"#))
        })
        .await;
        let client = equinix(&server);
        for _ in 0..2 {
            let list = client.find_recovery_codes().send().await.expect("decodes");
            let codes = list.recovery_codes.expect("codes present");
            assert_eq!(codes.iter().map(Secret::expose).collect::<Vec<_>>(), ["abc"]);
        }
    })
    .await;
}

/// Cyclos `change_generated` answers 200 `text/plain`: bytes that are not UTF-8 are a decode error.
#[tokio::test]
async fn invalid_utf8_text_on_200_is_a_decode_error() {
    bounded(async {
        let server = FaultServer::always(|| Reply::Raw(response("200 OK", &[("Content-Type", "text/plain")], b"pw-\xff\xfe-end"))).await;

        let result = cyclos(&server).change_generated("login").send().await;

        match result {
            Err(Error::Decode(decode)) => {
                assert_eq!(decode.status().as_u16(), 200);
                assert_eq!(decode.content_type(), Some("text/plain"));
                assert!(decode.message().contains("UTF-8"), "{}", decode.message());
                assert!(decode.body().starts_with(b"pw-"));
                assert!(!format!("{decode} {decode:?}").contains("pw-"), "the generated password stays out of messages");
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        assert_eq!(server.request_line(0), "POST /passwords/login/change-generated HTTP/1.1");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Large bodies
// ---------------------------------------------------------------------------------------------

const BIG_COUNT: usize = 200_000;

fn assert_big_list(list: &equinix::types::RecoveryCodeList) {
    let codes = list.recovery_codes.as_ref().expect("codes present");
    assert_eq!(codes.len(), BIG_COUNT);
    assert_eq!(codes[0].expose(), format!("code-00000000-{}", "x".repeat(PAD)));
    assert_eq!(codes[BIG_COUNT - 1].expose(), format!("code-{:08}-{}", BIG_COUNT - 1, "x".repeat(PAD)));
}

/// A valid ~10 MB JSON body, once with Content-Length and once chunked, decodes with the default
/// 32 MiB limit.
#[tokio::test]
async fn ten_megabyte_body_decodes_with_the_default_limit() {
    bounded(async {
        let body = Arc::new(big_recovery_code_list(BIG_COUNT));
        assert!(body.len() > 10_000_000, "{} bytes", body.len());
        let served = Arc::clone(&body);
        let server = FaultServer::start(move |index, _| {
            let headers = [("Content-Type", "application/json")];
            Reply::Raw(if index == 0 { response("200 OK", &headers, &served) } else { chunked_response("200 OK", &headers, &served) })
        })
        .await;
        let client = equinix_builder(&server).timeout(Duration::from_secs(10)).build().expect("client builds");

        for framing in ["content-length", "chunked"] {
            let list = client.find_recovery_codes().send().await.unwrap_or_else(|error| panic!("{framing}: {error}"));
            assert_big_list(&list);
        }
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

/// The same ~10 MB body with `max_response_bytes` set below its size: `ResponseTooLarge`, whether
/// the size is announced (Content-Length) or only found out while reading (chunked). At exactly
/// the body size it still decodes.
#[tokio::test]
async fn ten_megabyte_body_over_a_lower_limit_is_response_too_large() {
    bounded(async {
        let body = Arc::new(big_recovery_code_list(BIG_COUNT));
        let size = body.len();
        let served = Arc::clone(&body);
        let server = FaultServer::start(move |index, _| {
            let headers = [("Content-Type", "application/json")];
            Reply::Raw(if index % 2 == 0 { response("200 OK", &headers, &served) } else { chunked_response("200 OK", &headers, &served) })
        })
        .await;
        let limit = 4 * 1024 * 1024;
        let limited = equinix_builder(&server).timeout(Duration::from_secs(10)).max_response_bytes(limit).build().expect("client builds");

        for framing in ["content-length", "chunked"] {
            let result = limited.find_recovery_codes().send().await;
            let shown = match &result {
                Err(error) => error.to_string(),
                Ok(_) => String::new(),
            };
            match result {
                Err(Error::ResponseTooLarge { status, limit: l, .. }) => {
                    assert_eq!(status.as_u16(), 200, "{framing}");
                    assert_eq!(l, limit, "{framing}");
                }
                other => panic!("{framing}: expected ResponseTooLarge, got {other:?}"),
            }
            assert!(shown.contains("max_response_bytes") && shown.contains(&limit.to_string()), "{shown}");
        }

        let exact = equinix_builder(&server).timeout(Duration::from_secs(10)).max_response_bytes(size).build().expect("client builds");
        for framing in ["content-length", "chunked"] {
            let list = exact.find_recovery_codes().send().await.unwrap_or_else(|error| panic!("{framing} at the exact limit: {error}"));
            assert_big_list(&list);
        }
        assert_eq!(server.request_count(), 4, "ResponseTooLarge is not retried");
    })
    .await;
}

/// A body over the default 32 MiB limit, announced or chunked.
#[tokio::test]
async fn body_over_the_default_limit_is_response_too_large() {
    bounded(async {
        let mut body = br#"{"recovery_codes":[""#.to_vec();
        body.resize(DEFAULT_LIMIT + 1024 * 1024, b'x');
        body.extend_from_slice(br#""]}"#);
        let body = Arc::new(body);
        let server = FaultServer::start(move |index, _| {
            let headers = [("Content-Type", "application/json")];
            Reply::Raw(if index == 0 { response("200 OK", &headers, &body) } else { chunked_response("200 OK", &headers, &body) })
        })
        .await;
        let client = equinix_builder(&server).timeout(Duration::from_secs(10)).build().expect("client builds");

        for framing in ["content-length", "chunked"] {
            match client.find_recovery_codes().send().await {
                Err(Error::ResponseTooLarge { status, limit, .. }) => {
                    assert_eq!(status.as_u16(), 200, "{framing}");
                    assert_eq!(limit, DEFAULT_LIMIT, "{framing}");
                }
                other => panic!("{framing}: expected ResponseTooLarge, got {other:?}"),
            }
        }
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Timeouts and broken connections
// ---------------------------------------------------------------------------------------------

/// A server that accepts, reads the request and never answers.
#[tokio::test]
async fn silent_server_times_out() {
    bounded(async {
        let server = FaultServer::always(|| Reply::Silent).await;
        let timeout = Duration::from_millis(300);
        let client = equinix_builder(&server).timeout(timeout).build().expect("client builds");

        let started = Instant::now();
        let result = client.find_recovery_codes().send().await;
        let elapsed = started.elapsed();

        let error = match result {
            Err(error @ Error::Timeout { .. }) => error,
            other => panic!("expected Error::Timeout, got {other:?}"),
        };
        assert!(elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(2), "timed out after {elapsed:?}");
        assert!(matches!(&error, Error::Timeout { .. }));
        let shown = error.to_string();
        assert!(shown.contains("did not complete within") && shown.contains("timeout"), "{shown}");
        assert_eq!(server.request_count(), 1, "a timeout is not retried");
    })
    .await;
}

/// The timeout covers the body: headers arrive at once, then one byte every 100 ms.
#[tokio::test]
async fn slow_body_times_out() {
    bounded(async {
        let server = FaultServer::always(|| {
            Reply::Drip(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n".to_vec(),
                Duration::from_millis(100),
            )
        })
        .await;
        let client = equinix_builder(&server).timeout(Duration::from_millis(400)).build().expect("client builds");

        let started = Instant::now();
        let result = client.find_recovery_codes().send().await;
        let elapsed = started.elapsed();

        assert!(matches!(&result, Err(Error::Timeout { .. })), "expected Error::Timeout, got {result:?}");
        assert!(elapsed < Duration::from_secs(2), "timed out after {elapsed:?}");
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

/// Headers promise 1000 bytes, a few arrive, then the connection is reset (RST). reqwest reports
/// it as a body error; the runtime maps it to `Error::Transport` (not `Decode`, which is reserved
/// for bodies that arrived whole but do not parse).
#[tokio::test]
async fn connection_reset_mid_body_is_a_truncated_body() {
    bounded(async {
        let server = FaultServer::always(|| {
            Reply::Reset(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"recovery_codes\":[\"ab".to_vec(),
                Duration::from_millis(100),
            )
        })
        .await;

        let result = equinix(&server).find_recovery_codes().send().await;

        let error = match result {
            Err(error @ Error::Truncated { .. }) => error,
            other => panic!("expected Error::Truncated, got {other:?}"),
        };
        assert!(matches!(&error, Error::Truncated { received: 22, expected: Some(1000), .. }), "{error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "the status line came, and is kept");
        assert_eq!(error.headers().and_then(|h| h.get("content-length")).map(|v| v.as_bytes()), Some(&b"1000"[..]));
        let shown = error.to_string();
        assert_eq!(shown, "the 200 OK response was cut short: the connection ended after 22 bytes of the body of the 1000 announced");
        assert!(!shown.contains("recovery") && !format!("{error:?}").contains("recovery"));
        assert_eq!(server.request_count(), 1, "a broken body is not retried");
    })
    .await;
}

/// Same, but the server closes gracefully (FIN) after a partial body.
#[tokio::test]
async fn early_eof_mid_body_is_a_truncated_body() {
    bounded(async {
        let server = FaultServer::always(|| {
            Reply::Raw(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"recovery_codes\":[\"ab".to_vec(),
            )
        })
        .await;

        let result = equinix(&server).find_recovery_codes().send().await;

        match result {
            Err(Error::Truncated { status, received: 22, expected: Some(1000), .. }) => assert_eq!(status.as_u16(), 200),
            other => panic!("expected Error::Truncated, got {other:?}"),
        }
    })
    .await;
}

/// The server reads the request and resets the connection without answering.
#[tokio::test]
async fn connection_reset_before_any_response_is_a_transport_error() {
    bounded(async {
        let server = FaultServer::always(|| Reply::Reset(Vec::new(), Duration::ZERO)).await;

        let result = equinix(&server).find_recovery_codes().send().await;

        let error = match result {
            Err(error @ Error::Transport(_)) => error,
            other => panic!("expected Error::Transport, got {other:?}"),
        };
        assert!(error.to_string().starts_with("the HTTP request failed"), "{error}");
        assert_eq!(server.request_count(), 1, "only connect errors are retried, not a reset after the request was sent");
    })
    .await;
}

/// The server answers something that is not HTTP.
#[tokio::test]
async fn non_http_response_is_a_transport_error() {
    bounded(async {
        let server = FaultServer::always(|| Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec())).await;

        let result = equinix(&server).find_recovery_codes().send().await;

        assert!(matches!(&result, Err(Error::Transport(_))), "expected Error::Transport, got {result:?}");
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

/// Connection refused is a connect error: retried, then `Transport`.
#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    bounded(async {
        // Bind and drop a listener to get a port nothing listens on.
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        drop(listener);
        let client = equinix::Client::builder()
            .base_url(format!("http://127.0.0.1:{port}"))
            .x_auth_token(TOKEN)
            .timeout(CLIENT_TIMEOUT)
            .max_retries(1)
            .build()
            .expect("client builds");

        let result = client.find_recovery_codes().send().await;

        let error = match result {
            Err(error @ Error::Transport(_)) => error,
            other => panic!("expected Error::Transport, got {other:?}"),
        };
        assert!(matches!(&error, Error::Transport(inner) if inner.is_connect()));
        assert!(error.to_string().contains("check the base URL"), "{error}");
    })
    .await;
}

/// The OTP is a `format: password` secret (`runtime::Secret`) that goes into the path. When the
/// request fails in transit, reqwest's error would name the URL, path included; the runtime drops the
/// URL from such errors, so the OTP never reaches the error's Display or Debug.
#[tokio::test]
async fn secret_path_parameter_does_not_leak_into_transport_errors() {
    bounded(async {
        let otp = "otp-s3cr3t-914203";
        let silent = FaultServer::always(|| Reply::Silent).await;
        let client = equinix_builder(&silent).timeout(Duration::from_millis(200)).build().expect("client builds");
        let result = client.find_ensure_otp(otp).send().await;
        let error = result.expect_err("times out");
        assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
        let shown = format!("{error} / {error:?} / {}", chain(&error));
        assert!(!shown.contains(otp), "the OTP is exposed: {shown}");

        let reset = FaultServer::always(|| Reply::Reset(Vec::new(), Duration::ZERO)).await;
        let result = equinix(&reset).find_ensure_otp(otp).send().await;
        let error = result.expect_err("transport error");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        let shown = format!("{error} / {error:?} / {}", chain(&error));
        assert!(!shown.contains(otp), "the OTP is exposed: {shown}");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------------

/// Server A redirects to server B (another port, so another origin). The client does not
/// follow: the 3xx comes back as `Unexpected`, and B never sees a connection, let alone the
/// X-Auth-Token.
#[tokio::test]
async fn cross_origin_redirect_is_not_followed() {
    bounded(async {
        let b = FaultServer::always(|| json_200(&json!({"recovery_codes": ["stolen"]}))).await;
        let b_port = b.port();
        let a_port_holder = Arc::new(AtomicUsize::new(0));
        let locations: Vec<(&str, String)> = vec![
            ("302 Found", format!("http://127.0.0.1:{b_port}/user/otp/recovery-codes")),
            ("301 Moved Permanently", format!("http://127.0.0.1:{b_port}/user/otp/recovery-codes")),
            ("307 Temporary Redirect", format!("//127.0.0.1:{b_port}/user/otp/recovery-codes")),
            ("308 Permanent Redirect", format!("https://127.0.0.1:{b_port}/user/otp/recovery-codes")),
            // Same port, other host name: another origin even though it is the same socket.
            ("303 See Other", String::from("http://localhost:{A}/x")),
        ];
        let served = locations.clone();
        let a_port = Arc::clone(&a_port_holder);
        let a = FaultServer::start(move |index, _| {
            let (status, location) = &served[index % served.len()];
            let location = location.replace("{A}", &a_port.load(Ordering::SeqCst).to_string());
            Reply::Raw(response(status, &[("Location", &location), ("Content-Type", "text/plain")], b"moved"))
        })
        .await;
        a_port_holder.store(usize::from(a.port()), Ordering::SeqCst);
        let client = equinix(&a);

        for (index, (status, location)) in locations.iter().enumerate() {
            let location = location.replace("{A}", &a.port().to_string());
            let unexpected = unexpected_recovery(client.find_recovery_codes().send().await);
            assert_eq!(unexpected.status().as_str(), &status[..3], "{status} -> {location}");
            assert_eq!(unexpected.headers().get("location").and_then(|v| v.to_str().ok()), Some(location.as_str()));
            assert_eq!(unexpected.body(), b"moved");
            assert_eq!(a.request_count(), index + 1, "{status} -> {location}: followed to A itself");
        }
        for request in a.requests() {
            assert_eq!(raw_header(&request, "x-auth-token").as_deref(), Some(TOKEN.as_bytes()));
        }
        assert_eq!(b.connection_count(), 0, "B must receive nothing");
        assert_eq!(b.request_count(), 0);

        // POST too: not followed, not retried.
        let result = client.regenerate_codes().send().await;
        assert!(
            matches!(&result, Err(Error::Api { error: RegenerateCodesError::Unexpected(r), .. }) if r.status().is_redirection()),
            "{result:?}"
        );
        assert_eq!(b.connection_count(), 0, "B must receive nothing");
    })
    .await;
}

/// A redirect within the same origin is followed, credentials included.
#[tokio::test]
async fn same_origin_redirect_is_followed() {
    bounded(async {
        let server = FaultServer::start(|index, _| {
            if index == 0 {
                Reply::Raw(response("302 Found", &[("Location", "/elsewhere/codes?page=2")], b""))
            } else {
                json_200(&json!({"recovery_codes": ["abc"]}))
            }
        })
        .await;

        let list = equinix(&server).find_recovery_codes().send().await.expect("redirect followed");

        assert_eq!(list.recovery_codes.map(|c| c.len()), Some(1));
        assert_eq!(server.request_line(0), "GET /user/otp/recovery-codes HTTP/1.1");
        assert_eq!(server.request_line(1), "GET /elsewhere/codes?page=2 HTTP/1.1");
        let second = &server.requests()[1];
        assert_eq!(raw_header(second, "x-auth-token").as_deref(), Some(TOKEN.as_bytes()));
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

/// GET answered 503 (with `Retry-After: 1`), 503 (no header), then 200: success after three
/// requests, all identical, the first pause honouring Retry-After.
#[tokio::test]
async fn get_is_retried_on_503_until_success() {
    bounded(async {
        let server = FaultServer::start(|index, _| match index {
            0 => Reply::Raw(response("503 Service Unavailable", &[("Retry-After", "1")], b"busy")),
            1 => service_unavailable(),
            _ => json_200(&json!({"recovery_codes": ["abc", "def"]})),
        })
        .await;

        let started = Instant::now();
        let list = equinix(&server).find_recovery_codes().send().await.expect("succeeds after retries");
        let elapsed = started.elapsed();

        assert_eq!(list.recovery_codes.map(|c| c.len()), Some(2));
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        for request in &requests {
            assert_eq!(request_line(request), "GET /user/otp/recovery-codes HTTP/1.1");
            assert_eq!(raw_header(request, "x-auth-token").as_deref(), Some(TOKEN.as_bytes()));
        }
        assert!(elapsed >= Duration::from_millis(1000), "Retry-After: 1 was honoured: {elapsed:?}");
    })
    .await;
}

/// Retries stop after `max_retries`; the last 503 is returned as `Unexpected`.
#[tokio::test]
async fn get_retries_are_bounded_by_max_retries() {
    bounded(async {
        let server = FaultServer::always(service_unavailable).await;
        let client = equinix_builder(&server).max_retries(1).build().expect("client builds");

        let unexpected = unexpected_recovery(client.find_recovery_codes().send().await);

        assert_eq!(unexpected.status().as_u16(), 503);
        assert_eq!(unexpected.body(), b"busy");
        assert_eq!(server.request_count(), 2);

        let none = equinix_builder(&server).max_retries(0).build().expect("client builds");
        let unexpected = unexpected_recovery(none.find_recovery_codes().send().await);
        assert_eq!(unexpected.status().as_u16(), 503);
        assert_eq!(server.request_count(), 3, "max_retries(0) sends once");
    })
    .await;
}

/// POST (`regenerate_codes`) is not retried on 503 by default.
#[tokio::test]
async fn post_is_not_retried_on_503() {
    bounded(async {
        let server = FaultServer::always(service_unavailable).await;

        let result = equinix(&server).regenerate_codes().send().await;

        match result {
            Err(Error::Api { error: RegenerateCodesError::Unexpected(response), .. }) => {
                assert_eq!(response.status().as_u16(), 503);
                assert_eq!(response.body(), b"busy");
            }
            other => panic!("expected Error::Api {{ error: Unexpected(503), .. }}, got {other:?}"),
        }
        assert_eq!(server.request_count(), 1, "POST must not be retried");
        assert_eq!(server.request_line(0), "POST /user/otp/recovery-codes HTTP/1.1");
    })
    .await;
}

/// With `retry_post(true)` the same POST is retried.
#[tokio::test]
async fn post_is_retried_when_enabled() {
    bounded(async {
        let server =
            FaultServer::start(|index, _| if index < 2 { service_unavailable() } else { json_200(&json!({"recovery_codes": ["new"]})) })
                .await;
        let client = equinix_builder(&server).retry_post(true).build().expect("client builds");

        let list = client.regenerate_codes().send().await.expect("succeeds after retries");

        assert_eq!(list.recovery_codes.map(|c| c.len()), Some(1));
        assert_eq!(server.request_count(), 3);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------------

/// (value, how it must appear as one path segment)
const HOSTILE_SEGMENTS: &[(&str, &str)] = &[
    ("a/../b", "a%2F..%2Fb"),
    ("../admin", "..%2Fadmin"),
    ("..%2Fadmin", "..%252Fadmin"),
    ("%2F", "%252F"),
    ("%2e%2e", "%252e%252e"),
    ("...", "..."),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#frag", "a%23frag"),
    ("a b", "a%20b"),
    ("a+b&c=d;e", "a%2Bb%26c%3Dd%3Be"),
    ("a\\..\\b", "a%5C..%5Cb"),
    ("héllo", "h%C3%A9llo"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("x\r\nInjected: 1", "x%0D%0AInjected%3A%201"),
    ("-._~", "-._~"),
];

/// Equinix `POST /user/otp/verify/{otp}`: each hostile value arrives as one encoded segment.
#[tokio::test]
async fn equinix_hostile_path_values_arrive_as_one_encoded_segment() {
    bounded(async {
        let server = FaultServer::always(no_content).await;
        let client = equinix(&server);

        for (index, (value, encoded)) in HOSTILE_SEGMENTS.iter().enumerate() {
            client.find_ensure_otp(*value).send().await.unwrap_or_else(|error| panic!("{value:?}: {error}"));
            assert_eq!(server.request_line(index), format!("POST /user/otp/verify/{encoded} HTTP/1.1"), "{value:?}");
        }
        assert_eq!(server.request_count(), HOSTILE_SEGMENTS.len());
    })
    .await;
}

/// Cyclos `GET /{user}/passwords/{type}`: both values arrive as one encoded segment each.
#[tokio::test]
async fn cyclos_hostile_path_values_arrive_as_one_encoded_segment() {
    bounded(async {
        // Not a valid PasswordStatusAndActions: the request line is what is checked here.
        let server = FaultServer::always(|| {
            Reply::Raw(response("404 Not Found", &[("Content-Type", "application/json")], br#"{"entityType":"user"}"#))
        })
        .await;
        let client = cyclos(&server);

        for (index, (value, encoded)) in HOSTILE_SEGMENTS.iter().enumerate() {
            let reversed = HOSTILE_SEGMENTS[HOSTILE_SEGMENTS.len() - 1 - index];
            let result = client.get_user_passwords_data(*value, reversed.0).send().await;
            assert!(matches!(result, Err(Error::Api { .. }) | Err(Error::Decode(_))), "{value:?}: {result:?}");
            assert_eq!(
                server.request_line(index),
                format!("GET /{encoded}/passwords/{} HTTP/1.1", reversed.1),
                "{value:?} / {:?}",
                reversed.0
            );
            let request = &server.requests()[index];
            assert_eq!(raw_header(request, "access-client-token").as_deref(), Some(ACCESS_CLIENT.as_bytes()));
            assert_eq!(raw_header(request, "injected"), None, "no header was injected");
        }
    })
    .await;
}

/// `.` and `..` (and empty values) are refused before sending.
#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    bounded(async {
        let server = FaultServer::always(no_content).await;
        let equinix = equinix(&server);
        let cyclos = cyclos(&server);

        for value in [".", "..", ""] {
            match equinix.find_ensure_otp(value).send().await {
                Err(Error::InvalidRequest(message)) => {
                    assert!(message.contains("otp"), "{value:?}: {message}");
                }
                other => panic!("{value:?}: expected InvalidRequest, got {other:?}"),
            }
            let user = cyclos.get_user_passwords_data(value, "login").send().await;
            assert!(matches!(&user, Err(Error::InvalidRequest(m)) if m.contains("user")), "{value:?}: {user:?}");
            let type_ = cyclos.get_user_passwords_data("self", value).send().await;
            assert!(matches!(&type_, Err(Error::InvalidRequest(m)) if m.contains("type")), "{value:?}: {type_:?}");
            let generated = cyclos.change_generated(value).send().await;
            assert!(matches!(&generated, Err(Error::InvalidRequest(m)) if m.contains("type")), "{value:?}: {generated:?}");
        }
        let shown = equinix.find_ensure_otp("..").send().await.map_err(|error| error.to_string());
        assert!(matches!(&shown, Err(m) if m.contains("nothing was sent")), "{shown:?}");
        assert_eq!(server.connection_count(), 0, "the server received nothing");
    })
    .await;
}

/// Header values with CR, LF or other control characters are refused before sending, and the
/// error does not echo the value. The same holds for a credential.
#[tokio::test]
async fn header_values_with_cr_or_lf_are_refused_before_sending() {
    bounded(async {
        let server = FaultServer::always(no_content).await;
        let client = cyclos(&server);

        for value in ["x\r\nInjected: 1", "x\nInjected: 1", "x\rInjected: 1", "x\0Injected", "\r\n\r\nGET /admin HTTP/1.1"] {
            let result = client.change_generated("login").confirmation_password(value).send().await;
            match result {
                Err(error @ Error::InvalidRequest(_)) => {
                    let shown = format!("{error} {error:?}");
                    assert!(shown.contains("confirmationPassword"), "{shown}");
                    assert!(!shown.contains(value), "the value is echoed: {shown}");
                    assert!(!shown.contains("Injected") && !shown.contains("/admin"), "{shown}");
                }
                other => panic!("{value:?}: expected InvalidRequest, got {other:?}"),
            }
        }

        let token = "tok\r\nInjected: 1";
        let bad_token =
            equinix::Client::builder().base_url(server.url()).x_auth_token(token).timeout(CLIENT_TIMEOUT).build().expect("client builds");
        match bad_token.find_recovery_codes().send().await {
            Err(error @ Error::InvalidRequest(_)) => {
                let shown = format!("{error} {error:?}");
                assert!(shown.contains("X-Auth-Token"), "{shown}");
                assert!(!shown.contains("tok") && !shown.contains("Injected"), "{shown}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert_eq!(server.connection_count(), 0, "the server received nothing");
    })
    .await;
}

/// A non-ASCII header value is sent as its raw UTF-8 bytes (the runtime's documented choice),
/// and the 200 `text/plain` answer decodes.
#[tokio::test]
async fn non_ascii_header_value_is_sent_as_utf8_bytes() {
    bounded(async {
        let server = FaultServer::always(|| {
            Reply::Raw(response("200 OK", &[("Content-Type", "text/plain; charset=utf-8")], "nouveau-mot-de-passe-é".as_bytes()))
        })
        .await;

        let password = cyclos(&server)
            .change_generated("login")
            .confirmation_password("pässwörd \t tab")
            .send()
            .await
            .expect("200 text/plain decodes");

        assert_eq!(password.expose(), "nouveau-mot-de-passe-é");
        let request = server.single_request();
        assert_eq!(request_line(&request), "POST /passwords/login/change-generated HTTP/1.1");
        assert_eq!(raw_header(&request, "confirmationpassword").as_deref(), Some("pässwörd \t tab".as_bytes()));
    })
    .await;
}

/// 401 with a typed JSON error on find_ensure_otp: the typed error arrives (contrast for the
/// decode failures above), and a 401 with an HTML body is a decode error, not a panic.
#[tokio::test]
async fn documented_401_typed_and_undecodable() {
    bounded(async {
        let server = FaultServer::start(|index, _| {
            if index == 0 {
                Reply::Raw(response("401 Unauthorized", &[("Content-Type", "application/json")], br#"{"error":"bad otp"}"#))
            } else {
                Reply::Raw(response("401 Unauthorized", &[("Content-Type", "text/html")], b"<h1>401</h1>"))
            }
        })
        .await;
        let client = equinix(&server);

        match client.find_ensure_otp("123456").send().await {
            Err(Error::Api { error: FindEnsureOtpError::Unauthorized(body), .. }) => {
                assert_eq!(body.error.as_deref(), Some("bad otp"));
            }
            other => panic!("expected Unauthorized, got {other:?}"),
        }
        match client.find_ensure_otp("123456").send().await {
            Err(Error::Decode(decode)) => {
                assert_eq!(decode.status().as_u16(), 401);
                assert_eq!(decode.body(), b"<h1>401</h1>");
            }
            other => panic!("expected Decode, got {other:?}"),
        }
        // receive_codes' documented 500 with a JSON body decodes to the typed error.
        let typed = FaultServer::always(|| {
            Reply::Raw(response(
                "500 Internal Server Error",
                &[("Content-Type", "application/json")],
                br#"{"errors":["sms gateway down"]}"#,
            ))
        })
        .await;
        match equinix(&typed).receive_codes().send().await {
            Err(Error::Api { error: ReceiveCodesError::InternalServerError(body), .. }) => {
                assert_eq!(body.errors, Some(vec!["sms gateway down".to_owned()]));
            }
            other => panic!("expected InternalServerError, got {other:?}"),
        }
    })
    .await;
}
