//! Streamed responses: downloads as a [`ByteStream`], server-sent events as an [`EventStream`] and JSON sequences (`application/x-ndjson`, `application/jsonl`,
//! `application/json-seq`) as a [`JsonLines`]. None of them is held in memory whole, and none is
//! bounded by the client's whole-request timeout: an idle timeout (the client's `timeout`) closes a
//! stream that goes quiet.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::json_message;
use super::response::content_type_essence;
use super::{DecodeError, Error};

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body read as it arrives: status and headers first, then the body in chunks.
///
/// Read it with [`ByteStream::chunk`], or as a `futures_core::Stream` of `Bytes`. The response
/// size limit does not apply (nothing is buffered); the client's `timeout` applies to each wait
/// for the next chunk, so a download can take as long as it needs while data keeps coming.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    idle: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    done: bool,
}

impl ByteStream {
    pub(crate) fn new(mut response: reqwest::Response, idle: Duration) -> Self {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        Self { status, headers, chunks: Box::pin(response.bytes_stream()), idle, timer: Box::pin(tokio::time::sleep(idle)), done: false }
    }

    /// The status code as a number.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The essence of the Content-Type header, if any.
    pub fn content_type(&self) -> Option<&str> {
        content_type_essence(&self.headers)
    }

    /// The next chunk of the body; `None` once the body has ended.
    ///
    /// # Errors
    /// [`Error::Transport`] if the connection fails, [`Error::Idle`] if nothing arrives within the
    /// client's timeout. The stream ends after an error.
    pub async fn chunk(&mut self) -> Option<Result<Bytes, Error<Infallible>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error<Infallible>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                let deadline = tokio::time::Instant::now() + self.idle;
                self.timer.as_mut().reset(deadline);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => {
                self.done = true;
                Poll::Ready(Some(Err(Error::Transport(error.without_url()))))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => match self.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.done = true;
                    Poll::Ready(Some(Err(Error::Idle { after: self.idle })))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).field("content_type", &self.content_type()).finish_non_exhaustive()
    }
}

/// One server-sent event, its `data` decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event` field: the event's type, if the server named one.
    pub event: Option<String>,
    /// The `id` field, if any: the last event ID.
    pub id: Option<String>,
    /// The `retry` field, if any: how long the server asks a client to wait before reconnecting.
    pub retry: Option<Duration>,
    /// The `data` lines, joined by newlines, then decoded.
    pub data: T,
}

/// Splits a byte stream into lines (LF, CRLF or CR), keeping a partial line until it ends.
struct Lines {
    bytes: ByteStream,
    pending: Vec<u8>,
    /// How much of `pending` is known to hold no line end, so a long line is not scanned again
    /// for every chunk that extends it.
    scanned: usize,
    skip_lf: bool,
    ended: bool,
}

impl Lines {
    fn new(bytes: ByteStream) -> Self {
        Self { bytes, pending: Vec::new(), scanned: 0, skip_lf: false, ended: false }
    }

    /// The next complete line, or the last unterminated one when the body ends.
    fn poll_line(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, Error<Infallible>>>> {
        loop {
            if self.skip_lf && !self.pending.is_empty() {
                if self.pending[0] == b'\n' {
                    self.pending.remove(0);
                }
                self.skip_lf = false;
            }
            let unscanned = self.pending.get(self.scanned..).unwrap_or_default();
            if let Some(offset) = unscanned.iter().position(|&b| b == b'\n' || b == b'\r') {
                let mut line: Vec<u8> = self.pending.drain(..=self.scanned + offset).collect();
                self.scanned = 0;
                self.skip_lf = line.pop() == Some(b'\r');
                return Poll::Ready(Some(Ok(line)));
            }
            self.scanned = self.pending.len();
            if self.ended {
                self.scanned = 0;
                return Poll::Ready((!self.pending.is_empty()).then(|| Ok(std::mem::take(&mut self.pending))));
            }
            match Pin::new(&mut self.bytes).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => self.pending.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    self.ended = true;
                    self.pending.clear();
                    self.scanned = 0;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => self.ended = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// An item that does not decode; the item's text is left out (it may hold a secret).
fn item_error(bytes: &ByteStream, message: String) -> Error<Infallible> {
    Error::Decode(DecodeError::new(bytes.status, bytes.headers.clone(), message, Vec::new()))
}

/// A `text/event-stream` response: [`Event`]s parsed by the rules of the HTML standard (`data`
/// lines joined by newlines, `event`, `id` and `retry` fields, comment lines ignored, an event
/// dispatched at each blank line), each `data` decoded into `T`.
///
/// Read it with [`EventStream::next_event`], or as a `futures_core::Stream`. It stays open as
/// long as the server keeps it open; the client's timeout applies to each wait for more data.
pub struct EventStream<T> {
    lines: Lines,
    decode: fn(&str) -> Result<T, String>,
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
    data: Option<String>,
}

impl<T: DeserializeOwned> EventStream<T> {
    /// Events whose `data` is JSON.
    #[doc(hidden)]
    pub fn json(bytes: ByteStream) -> Self {
        Self::new(bytes, |text| serde_json::from_str(text).map_err(|error| json_message(&error)))
    }
}

impl EventStream<String> {
    /// Events whose `data` is text.
    #[doc(hidden)]
    pub fn text(bytes: ByteStream) -> Self {
        Self::new(bytes, |text| Ok(text.to_owned()))
    }
}

impl<T> EventStream<T> {
    fn new(bytes: ByteStream, decode: fn(&str) -> Result<T, String>) -> Self {
        Self { lines: Lines::new(bytes), decode, event: None, id: None, retry: None, data: None }
    }

    /// The status code as a number.
    pub fn status(&self) -> u16 {
        self.lines.bytes.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.lines.bytes.headers()
    }
}

impl<T> EventStream<T> {
    /// The next event; `None` once the server has closed the stream.
    ///
    /// # Errors
    /// An [`Error::Decode`] for an event whose data does not decode (the stream goes on), or an
    /// [`Error::Transport`] or [`Error::Idle`] (the stream ends).
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, Error<Infallible>>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn field(&mut self, line: &str) {
        let (name, value) = match line.split_once(':') {
            Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match name {
            // Data lines are joined by newlines; a lone `data:` is an empty line of data.
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
    }

    /// Ends the event being read at a blank line: nothing if it had no data.
    fn dispatch(&mut self) -> Option<Result<Event<T>, Error<Infallible>>> {
        let event = self.event.take();
        let data = self.data.take()?;
        Some(match (self.decode)(&data) {
            Ok(data) => Ok(Event { event, id: self.id.clone(), retry: self.retry, data }),
            Err(message) => Err(item_error(&self.lines.bytes, format!("an event's data: {message}"))),
        })
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, Error<Infallible>>>> {
        loop {
            let line = match self.lines.poll_line(cx) {
                Poll::Ready(Some(Ok(line))) => line,
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                // An event not ended by a blank line when the stream ends is discarded.
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            };
            let line = String::from_utf8_lossy(&line);
            if line.is_empty() {
                if let Some(event) = self.dispatch() {
                    return Poll::Ready(Some(event));
                }
            } else if !line.starts_with(':') {
                let line = line.into_owned();
                self.field(&line);
            }
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error<Infallible>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (the byte stream is boxed), so the stream may be moved.
        self.get_mut().poll_event(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("status", &self.lines.bytes.status).finish_non_exhaustive()
    }
}

/// A JSON sequence response (`application/x-ndjson`, `application/jsonl`, `application/json-seq`):
/// one item per line (or per record separator), each decoded into `T` as it arrives. Blank lines
/// are skipped.
pub struct JsonLines<T> {
    lines: Lines,
    item: PhantomData<fn() -> T>,
}

impl<T> JsonLines<T> {
    /// Items decoded as JSON.
    #[doc(hidden)]
    pub fn new(bytes: ByteStream) -> Self {
        Self { lines: Lines::new(bytes), item: PhantomData }
    }

    /// The status code as a number.
    pub fn status(&self) -> u16 {
        self.lines.bytes.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.lines.bytes.headers()
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    /// The next item; `None` once the body has ended.
    ///
    /// # Errors
    /// An [`Error::Decode`] for a line that does not decode (the stream goes on), or an
    /// [`Error::Transport`] or [`Error::Idle`] (the stream ends).
    pub async fn next_item(&mut self) -> Option<Result<T, Error<Infallible>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<Infallible>>>> {
        loop {
            let line = match self.lines.poll_line(cx) {
                Poll::Ready(Some(Ok(line))) => line,
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            };
            // `application/json-seq` starts each record with RS (0x1E).
            let text = line.strip_prefix(b"\x1e").unwrap_or(&line);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let bytes = &self.lines.bytes;
            return Poll::Ready(Some(
                serde_json::from_slice(text)
                    .map_err(|error| item_error(bytes, format!("an item of the sequence: {}", json_message(&error)))),
            ));
        }
    }
}

impl<T: DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, Error<Infallible>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines").field("status", &self.lines.bytes.status).finish_non_exhaustive()
    }
}
