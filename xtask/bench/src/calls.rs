//! Part c: the per-call overhead of the generated client (`apis::equinix`, `find_recovery_codes`) versus
//! a hand-written reqwest call that does the same request, against a local hyper server.
//!
//! The server runs on its own thread and runtime and answers `GET /user/otp/recovery-codes` that carries
//! the right `X-Auth-Token` with a fixed `RecoveryCodeList` (anything else gets 401, so a client that
//! sends a different request fails the sanity check). Both clients run on one single-threaded runtime
//! on the main thread, over one kept-alive HTTP/1.1 connection each, with the same User-Agent, so the
//! bytes on the wire are the same. After a warm-up, they take turns in blocks of calls.
//!
//! Then one call each for a 30 MiB body (thirty recovery codes of 1 MiB), with the heap counted: the
//! peak heap during the call, divided by the body's size. The decoded value itself is about the
//! body's size, so 2× is the floor for a buffered body (the body and the value side by side).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;

/// Untimed calls per client before measuring.
const WARMUP: usize = 5_000;
/// Timed calls per client.
const CALLS: usize = 50_000;
/// Calls per client in a row before the other client's turn.
const BLOCK: usize = 1_000;

const PATH: &str = "/user/otp/recovery-codes";
const TOKEN: &str = "bench-token";
/// The token for which the server answers with the big body.
const BIG_TOKEN: &str = "bench-big";
/// Codes in the big body, of `BIG_CODE` bytes each.
const BIG_CODES: usize = 30;
const BIG_CODE: usize = 1024 * 1024;
/// What the generated crate sends as User-Agent by default; the hand-written client sends it too.
const USER_AGENT: &str = "apis/0.1.0";
/// A `RecoveryCodeList` as Equinix's example shows it, with eight codes.
const BODY: &str =
    r#"{"recovery_codes":["7c4f9a2e1b","e08d3b6f52","9a1c55d7e4","3b8e0f6a21","c7d2941e5f","58a0b3c6d9","f1e7c2a804","2d96b5e0c3"]}"#;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Per-call times of one client.
#[derive(Debug, Clone)]
pub struct Timing {
    pub mean: Duration,
    pub median: Duration,
    pub p99: Duration,
}

/// The outcome of part c.
#[derive(Debug, Clone)]
pub struct Calls {
    pub calls: usize,
    pub warmup: usize,
    pub generated: Timing,
    pub hand_written: Timing,
    /// The big body's size in bytes.
    pub big_body: usize,
    /// Peak heap during one big-body call: generated client, hand-written one.
    pub big_peak: (usize, usize),
}

/// The big body, made once.
fn big_body() -> &'static Bytes {
    static BODY: std::sync::OnceLock<Bytes> = std::sync::OnceLock::new();
    BODY.get_or_init(|| {
        let code = "a".repeat(BIG_CODE);
        let codes: Vec<String> = (0..BIG_CODES).map(|_| format!("\"{code}\"")).collect();
        Bytes::from(format!(r#"{{"recovery_codes":[{}]}}"#, codes.join(",")))
    })
}

/// Starts the server, checks both clients get the same answer, and times them.
pub fn run() -> Result<Calls, String> {
    let address = start_server().map_err(|err| format!("cannot start the server: {err}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the client runtime: {err}"))?;
    runtime.block_on(measure(address)).map_err(|err| err.to_string())
}

async fn measure(address: SocketAddr) -> Result<Calls, BoxError> {
    let base_url = format!("http://{address}");
    let generated = apis::equinix::Client::builder().base_url(base_url.as_str()).x_auth_token(TOKEN).build()?;
    let hand_written = HandWritten::new(&base_url)?;

    let a: Vec<String> = generated
        .find_recovery_codes()
        .send()
        .await?
        .recovery_codes
        .unwrap_or_default()
        .iter()
        .map(|code| code.expose().to_owned())
        .collect();
    let b = hand_written.find_recovery_codes().await?.recovery_codes.unwrap_or_default();
    if a != b || a.len() != 8 {
        return Err(format!("the clients disagree: {a:?} versus {b:?}").into());
    }

    eprintln!("  calls: {WARMUP} warm-up calls per client");
    for _ in 0..WARMUP {
        std::hint::black_box(generated.find_recovery_codes().send().await?);
        std::hint::black_box(hand_written.find_recovery_codes().await?);
    }
    eprintln!("  calls: {CALLS} timed calls per client, in turns of {BLOCK}");
    let mut generated_times = Vec::with_capacity(CALLS);
    let mut hand_times = Vec::with_capacity(CALLS);
    for block in 0..CALLS / BLOCK {
        // Alternate which client goes first in a pair of blocks.
        for turn in [block % 2, 1 - block % 2] {
            for _ in 0..BLOCK {
                let started = Instant::now();
                if turn == 0 {
                    std::hint::black_box(generated.find_recovery_codes().send().await?);
                    generated_times.push(started.elapsed());
                } else {
                    std::hint::black_box(hand_written.find_recovery_codes().await?);
                    hand_times.push(started.elapsed());
                }
            }
        }
    }
    let big_peak = big_calls(&base_url).await?;
    Ok(Calls {
        calls: CALLS,
        warmup: WARMUP,
        generated: timing(generated_times),
        hand_written: timing(hand_times),
        big_body: big_body().len(),
        big_peak,
    })
}

/// One big-body call per client, each with the heap counted from its start to its value's decoding.
async fn big_calls(base_url: &str) -> Result<(usize, usize), BoxError> {
    let body = big_body().len();
    let generated = apis::equinix::Client::builder().base_url(base_url).x_auth_token(BIG_TOKEN).build()?;
    let hand_written = HandWritten { token: BIG_TOKEN, ..HandWritten::new(base_url)? };
    // Warm both connections, so that neither measurement includes connecting.
    generated.find_recovery_codes().send().await?;
    hand_written.find_recovery_codes().await?;
    crate::alloc::counting(true);
    let baseline = crate::alloc::reset_peak();
    let value = generated.find_recovery_codes().send().await;
    let generated_peak = crate::alloc::peak_since(baseline);
    drop(value);
    let baseline = crate::alloc::reset_peak();
    let value = hand_written.find_recovery_codes().await;
    let hand_peak = crate::alloc::peak_since(baseline);
    crate::alloc::counting(false);
    let codes = value?.recovery_codes.unwrap_or_default();
    if codes.len() != BIG_CODES || codes.iter().map(String::len).sum::<usize>() != BIG_CODES * BIG_CODE {
        return Err(format!("the big body did not decode whole ({} codes)", codes.len()).into());
    }
    eprintln!("  calls: a {body}-byte body: peak heap {generated_peak} B generated, {hand_peak} B hand-written");
    Ok((generated_peak, hand_peak))
}

fn timing(mut times: Vec<Duration>) -> Timing {
    let mean = times.iter().sum::<Duration>() / u32::try_from(times.len().max(1)).unwrap_or(u32::MAX);
    let median = crate::generation::median(&mut times);
    let p99 = times.get(times.len() * 99 / 100).copied().unwrap_or_default();
    Timing { mean, median, p99 }
}

/// What a careful hand-written call does: build the URL, set the token and `Accept`, send, check the
/// status, read the body and deserialize it.
struct HandWritten {
    client: reqwest::Client,
    base_url: String,
    token: &'static str,
}

#[derive(Debug, Deserialize)]
struct RecoveryCodeList {
    recovery_codes: Option<Vec<String>>,
}

impl HandWritten {
    fn new(base_url: &str) -> Result<Self, BoxError> {
        let client = reqwest::Client::builder().user_agent(USER_AGENT).build()?;
        Ok(Self { client, base_url: base_url.trim_end_matches('/').to_owned(), token: TOKEN })
    }

    async fn find_recovery_codes(&self) -> Result<RecoveryCodeList, BoxError> {
        let response = self
            .client
            .get(format!("{}{PATH}", self.base_url))
            .header("X-Auth-Token", self.token)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        if status != reqwest::StatusCode::OK {
            return Err(format!("unexpected status {status}").into());
        }
        Ok(serde_json::from_slice(&body)?)
    }
}

/// Binds 127.0.0.1 on a free port and serves on a thread of its own; the thread lives as long as the process.
fn start_server() -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new().name("bench-server".to_owned()).spawn(move || {
        runtime.block_on(async move {
            let listener = match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => listener,
                Err(err) => return eprintln!("bench server: {err}"),
            };
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(respond);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
    })?;
    Ok(address)
}

async fn respond(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let big = request.headers().get("x-auth-token").is_some_and(|token| token == BIG_TOKEN);
    let authorized = big || request.headers().get("x-auth-token").is_some_and(|token| token == TOKEN);
    let found = request.method() == hyper::Method::GET && request.uri().path() == PATH;
    let (status, body) = match (authorized, found) {
        (false, _) => (StatusCode::UNAUTHORIZED, Bytes::new()),
        (true, false) => (StatusCode::NOT_FOUND, Bytes::new()),
        (true, true) if big => (StatusCode::OK, big_body().clone()),
        (true, true) => (StatusCode::OK, Bytes::from_static(BODY.as_bytes())),
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    if status == StatusCode::OK {
        response.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    }
    Ok(response)
}
