//! Multipart forms, binary bodies, downloads, server-sent events and JSON lines, against local
//! servers on 127.0.0.1: the exact bytes received, and streams that stay open until the test
//! closes them.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use fixture_apis::runtime::{Error, FilePart};
use fixture_apis::streams::client::{ExportLinesError, UploadFileForm};
use fixture_apis::streams::{types::Meta, Client};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base: &str) -> Client {
    Client::builder().base_url(base).timeout(Duration::from_millis(800)).build().expect("client")
}

/// One parsed part: name, file name, content type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);

async fn parts(content_type: &str, body: Vec<u8>) -> Vec<Part> {
    let boundary = multer::parse_boundary(content_type).expect("a boundary in the content type");
    let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed multipart body") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.expect("the part's bytes");
        out.push((name, file_name, content_type, bytes.to_vec()));
    }
    out
}

#[tokio::test]
async fn a_multipart_form_is_sent_with_its_boundary_one_part_per_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/files")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2];
    let stream = futures_util::stream::iter([Ok::<_, Infallible>(Bytes::from_static(b"streamed ")), Ok(Bytes::from_static(b"part"))]);
    let form = UploadFileForm {
        file: FilePart::new(png.clone()).file_name("logo.png"),
        title: "Q3 report; \"final\"".into(),
        tags: vec!["a".into(), "b".into()],
        meta: Some(Meta { kind: "doc".into(), size: Some(7) }),
        attachments: vec![
            FilePart::new(&b"one"[..]).file_name("1.txt").content_type("text/plain"),
            FilePart::new(fixture_apis::runtime::Binary::stream(stream)).file_name("2.bin"),
        ],
        pages: None,
    };
    client(&server.uri()).upload_file(form).send().await.expect("201");
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let got = parts(&content_type, request.body.clone()).await;
    let text = |name: &str, value: &str| (name.to_owned(), None, None, value.as_bytes().to_vec());
    let expected: Vec<Part> = vec![
        ("attachments".into(), Some("1.txt".into()), Some("text/plain".into()), b"one".to_vec()),
        ("attachments".into(), Some("2.bin".into()), Some("application/octet-stream".into()), b"streamed part".to_vec()),
        ("file".into(), Some("logo.png".into()), Some("image/png".into()), png),
        ("meta".into(), None, Some("application/json".into()), br#"{"kind":"doc","size":7}"#.to_vec()),
        text("tags", "a"),
        text("tags", "b"),
        text("title", "Q3 report; \"final\""),
    ];
    assert_eq!(got, expected, "no `pages` part: it was left out");
}

#[tokio::test]
async fn binary_bodies_go_out_as_bytes_and_come_back_as_bytes_whatever_the_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let blob: Vec<u8> = (0..=255).collect();
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(blob.clone(), "image/webp")).mount(&server).await;
    let client = client(&server.uri());
    client.put_blob("a", blob.clone()).send().await.expect("204");
    let stream = futures_util::stream::iter((0..4u8).map(|i| Ok::<_, Infallible>(Bytes::from(vec![i; 3]))));
    client.put_blob("b", fixture_apis::runtime::Binary::stream(stream)).send().await.expect("204");
    let back = client.get_blob("a").send().await.expect("200");
    assert_eq!(back, blob, "a `*/*` binary response is bytes, not JSON");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].body, blob);
    assert_eq!(requests[0].headers.get("content-type").map(|v| v.as_bytes()), Some(&b"application/octet-stream"[..]));
    assert_eq!(requests[1].body, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
}

/// A server that answers one request with `head` and then `chunk` every 20 ms, chunked, until the
/// client goes away (or 10 s pass): a response that never ends by itself.
async fn endless(head: &'static str, first: &'static [u8], chunk: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buffer[..n]),
            }
        }
        let frame = |data: &[u8]| [format!("{:x}\r\n", data.len()).into_bytes(), data.to_vec(), b"\r\n".to_vec()].concat();
        let mut out = format!("HTTP/1.1 200 OK\r\n{head}\r\ntransfer-encoding: chunked\r\n\r\n").into_bytes();
        out.extend(frame(first));
        if socket.write_all(&out).await.is_err() {
            return;
        }
        for _ in 0..500 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            if socket.write_all(&frame(chunk)).await.is_err() {
                return;
            }
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_download_is_streamed_while_the_server_keeps_sending() {
    let base = endless("content-type: application/octet-stream", b"start", b"0123456789").await;
    let mut download = client(&base).get_blob("big").send_stream().await.expect("the headers");
    assert_eq!(download.status(), 200);
    let mut received = Vec::new();
    // Well past the 800 ms timeout in all: each wait is bounded, not the download.
    while received.len() < 5 + 10 * 60 {
        let chunk = download.chunk().await.expect("more data").expect("a chunk");
        received.extend_from_slice(&chunk);
    }
    assert!(received.starts_with(b"start0123456789"));
    drop(download);
}

#[tokio::test]
async fn server_sent_events_are_parsed_as_they_arrive() {
    let first: &'static [u8] = b": a comment\r\nevent: created\r\nid: 7\r\nretry: 1500\r\ndata: {\"kind\":\r\ndata: \"doc\"}\r\n\r\ndata: {\"kind\":\"x\",\"size\":1}\n\n";
    let base = endless("content-type: text/event-stream", first, b"data: {\"kind\":\"tick\"}\n\n").await;
    let mut events = client(&base).watch_events().send().await.expect("the stream");
    let one = events.next_event().await.expect("an event").expect("decoded");
    assert_eq!((one.event.as_deref(), one.id.as_deref(), one.retry), (Some("created"), Some("7"), Some(Duration::from_millis(1500))));
    assert_eq!(one.data, Meta { kind: "doc".into(), size: None }, "data lines are joined by a newline");
    let two = events.next_event().await.expect("an event").expect("decoded");
    assert_eq!((two.event, two.id.as_deref(), two.data.size), (None, Some("7"), Some(1)), "the last event id carries over");
    for _ in 0..50 {
        let tick = events.next_event().await.expect("the stream stays open").expect("decoded");
        assert_eq!(tick.data.kind, "tick");
    }
}

#[tokio::test]
async fn text_events_and_an_idle_stream() {
    let base = endless("content-type: text/event-stream", b"data: first\ndata:\ndata: third\n\n", b": keep-alive\n").await;
    let mut ticks = client(&base).watch_ticks().send().await.expect("the stream");
    let event = ticks.next_event().await.expect("an event").expect("text");
    assert_eq!(event.data, "first\n\nthird");
    // Comments keep the connection busy but are no events: the next event never comes, and the
    // stream stays open (the idle timeout is reset by every byte).
    let waited = tokio::time::timeout(Duration::from_millis(1500), ticks.next_event()).await;
    assert!(waited.is_err(), "no event, and no idle error while bytes arrive");

    // A server that sends the headers and then nothing: the idle timeout closes the stream.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a client");
        let mut buffer = [0u8; 1024];
        let _ = socket.read(&mut buffer).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = socket.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    });
    let mut quiet = client(&base).watch_ticks().send().await.expect("the headers");
    let started = std::time::Instant::now();
    let error = quiet.next_event().await.expect("an error").expect_err("idle");
    assert!(matches!(error, Error::Idle { after } if after == Duration::from_millis(800)), "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(error.to_string().contains("sent nothing for 800 ms"), "{error}");
    server.abort();
}

#[tokio::test]
async fn a_stream_whose_headers_never_come_is_idle_after_the_timeout() {
    // A server that reads the request and answers nothing, not even the headers.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a client");
        let mut buffer = [0u8; 1024];
        let _ = socket.read(&mut buffer).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    });
    let started = std::time::Instant::now();
    let error = client(&base).watch_ticks().send().await.expect_err("no headers");
    assert!(matches!(error, Error::Idle { after } if after == Duration::from_millis(800)), "{error}");
    assert!(started.elapsed() >= Duration::from_millis(800) && started.elapsed() < Duration::from_secs(3));
    server.abort();
}

#[tokio::test]
async fn json_lines_are_items_and_an_error_status_is_a_typed_error() {
    let server = MockServer::start().await;
    let body = "{\"kind\":\"a\"}\n\n{\"kind\":\"b\",\"size\":2}\r\nnot json\n{\"kind\":\"c\"}\n{\"kind\":\"d\",\"size\":\"tok-SECRET\"}";
    Mock::given(method("GET"))
        .and(path("/lines"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/x-ndjson"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/lines")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let client = client(&server.uri());
    let mut lines = client.export_lines().send().await.expect("the stream");
    let mut kinds = Vec::new();
    let mut errors = 0;
    while let Some(item) = lines.next_item().await {
        match item {
            Ok(meta) => kinds.push(meta.kind),
            Err(Error::Decode(error)) => {
                errors += 1;
                let message = error.to_string();
                assert!(!message.contains("not json") && !message.contains("SECRET"), "no body content in the message: {message}");
            }
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!((kinds, errors), (vec!["a".to_owned(), "b".to_owned(), "c".to_owned()], 2));
    let missing = client.export_lines().send().await.expect_err("404");
    assert!(matches!(missing, Error::Api { error: ExportLinesError::NotFound, .. }), "{missing:?}");
}
