//! Responses: the raw form a sent request comes back as, and the typed forms
//! an operation's decoding turns it into.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::{Core, DecodeError, Error, RequestParts};

/// A response as received: status, headers and the whole body. Its `Debug` leaves the body out.
pub struct RawResponse {
    /// Status code.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse").field("status", &self.status).field("body_len", &self.body.len()).finish_non_exhaustive()
    }
}

impl RawResponse {
    /// The status code as a number.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The content type's essence (`type/subtype`, without parameters).
    ///
    /// Responses returned by [`Core::execute`](super::Core::execute) have it
    /// lower-cased; [`is_json`](Self::is_json) and [`has_content_type`](Self::has_content_type)
    /// compare without regard to case either way.
    pub fn content_type(&self) -> Option<&str> {
        content_type_essence(&self.headers)
    }

    /// Whether the content type is `application/json` or `*/*+json`.
    pub fn is_json(&self) -> bool {
        self.content_type().is_some_and(is_json_type)
    }

    /// Whether the content type is one of `media_types` (compared case-insensitively, parameters ignored).
    pub fn has_content_type(&self, media_types: &[&str]) -> bool {
        self.content_type().is_some_and(|essence| media_types.iter().any(|m| m.eq_ignore_ascii_case(essence)))
    }

    /// Decodes a JSON body.
    ///
    /// A Content-Type that is present must be JSON (`application/json` or
    /// `*/*+json`); a missing one is accepted.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        if let Some(essence) = self.content_type().filter(|essence| !is_json_type(essence)) {
            let message = format!("expected a JSON response but the server sent content type {essence}");
            return Err(self.decode_error(message));
        }
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(self.with(value)),
            Err(error) => Err(self.decode_error(super::error::json_message(&error))),
        }
    }

    /// The body as UTF-8 text. A Content-Type that is present must be one of `media_types`, the
    /// text types the API documents for this response; an HTML error page is not a password.
    pub fn text<E>(self, media_types: &[&str]) -> Result<ResponseValue<String>, Error<E>> {
        if let Some(essence) = self.content_type() {
            if !media_types.iter().any(|m| m.eq_ignore_ascii_case(essence)) {
                let message = format!("expected {}, but the response is `{essence}`", media_types.join(" or "));
                return Err(self.decode_error(message));
            }
        }
        match String::from_utf8(self.body) {
            Ok(text) => Ok(ResponseValue { status: self.status, headers: self.headers, value: text }),
            Err(error) => {
                let message = format!("the body is not valid UTF-8: {}", error.utf8_error());
                Err(RawResponse { status: self.status, headers: self.headers, body: error.into_bytes() }.decode_error(message))
            }
        }
    }

    /// Decodes a documented error body as JSON into [`Error::Api`], wrapped
    /// by `f`. A body that does not decode is an [`Error::Decode`], as with
    /// [`json`](Self::json).
    pub fn json_error<T: DeserializeOwned, E>(self, f: impl FnOnce(T) -> E) -> Error<E> {
        match self.json::<T, E>() {
            Ok(value) => Error::Api { status: value.status, headers: value.headers, error: f(value.value) },
            Err(error) => error,
        }
    }

    /// Reads a documented error body as text into [`Error::Api`], wrapped by
    /// `f`. A body that is not UTF-8 is an [`Error::Decode`], as with
    /// [`text`](Self::text).
    pub fn text_error<E>(self, media_types: &[&str], f: impl FnOnce(String) -> E) -> Error<E> {
        match self.text::<E>(media_types) {
            Ok(value) => Error::Api { status: value.status, headers: value.headers, error: f(value.value) },
            Err(error) => error,
        }
    }

    /// Keeps a documented error body as bytes in [`Error::Api`], wrapped by `f`.
    pub fn bytes_error<E>(self, f: impl FnOnce(Vec<u8>) -> E) -> Error<E> {
        Error::Api { status: self.status, headers: self.headers, error: f(self.body) }
    }

    /// A documented error whose body is not read, as [`Error::Api`].
    pub fn api_error<E>(self, error: E) -> Error<E> {
        Error::Api { status: self.status, headers: self.headers, error }
    }

    /// A status the operation does not document, kept whole inside [`Error::Api`] by `f`.
    pub fn unexpected_error<E>(self, f: impl FnOnce(UnexpectedResponse) -> E) -> Error<E> {
        let (status, headers) = (self.status, self.headers.clone());
        Error::Api { status, headers, error: f(self.unexpected()) }
    }

    /// The body as bytes.
    pub fn bytes(self) -> ResponseValue<Vec<u8>> {
        ResponseValue { status: self.status, headers: self.headers, value: self.body }
    }

    /// Status and headers only; any body is ignored.
    pub fn empty(self) -> ResponseValue<()> {
        self.with(())
    }

    /// Keeps the response whole, for a status the operation does not expect.
    pub fn unexpected(self) -> UnexpectedResponse {
        UnexpectedResponse { status: self.status, headers: self.headers, body: self.body }
    }

    fn with<T>(self, value: T) -> ResponseValue<T> {
        ResponseValue { status: self.status, headers: self.headers, value }
    }

    fn decode_error<E>(self, message: String) -> Error<E> {
        Error::Decode(DecodeError::new(self.status, self.headers, message, self.body))
    }
}

/// A decoded response: status, headers and the typed value.
///
/// Dereferences to the value.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    /// Status code.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub value: T,
}

/// An operation's decoding: what it makes of the raw response. Every closure of that shape is one;
/// an operation's `send` returns its own inside the [`Call`], which names the value and error types.
pub trait Decode: Send {
    /// The operation's value.
    type Value;
    /// The operation's error enum (inside [`Error::Api`]).
    type Error;
    /// Finishes the request as the call is awaited, before it is sent; nothing by default.
    #[doc(hidden)]
    fn prepare(&mut self, request: &mut RequestParts) {
        let _ = request;
    }
    /// Reads the response.
    fn decode(self, response: RawResponse) -> Result<ResponseValue<Self::Value>, Error<Self::Error>>;
}

/// A decoding with the step that writes the request's body ([`Prepare`]), run as the call is
/// awaited. A body is encoded then, so that its encoding, like its decoding, is compiled only for
/// the operations a program awaits.
#[doc(hidden)]
pub struct WithBody<B, D> {
    pub(crate) body: Option<B>,
    pub(crate) decode: D,
}

impl<B, D> Decode for WithBody<B, D>
where
    B: FnOnce(&mut RequestParts) + Send,
    D: Decode,
{
    type Value = D::Value;
    type Error = D::Error;

    fn prepare(&mut self, request: &mut RequestParts) {
        self.decode.prepare(request);
        if let Some(body) = self.body.take() {
            body(request);
        }
    }

    fn decode(self, response: RawResponse) -> Result<ResponseValue<D::Value>, Error<D::Error>> {
        self.decode.decode(response)
    }
}

impl<F, T, E> Decode for F
where
    F: FnOnce(RawResponse) -> Result<ResponseValue<T>, Error<E>> + Send,
{
    type Value = T;
    type Error = E;

    fn decode(self, response: RawResponse) -> Result<ResponseValue<T>, Error<E>> {
        self(response)
    }
}

/// [`Decode`] named by its value and error types, as an operation's `send` returns it:
/// `Call<'a, impl Decodes<Pet, GetPetError>>`.
pub trait Decodes<T, E>: Decode<Value = T, Error = E> {}

impl<D, T, E> Decodes<T, E> for D where D: Decode<Value = T, Error = E> {}

/// An operation's error enum: how it reads a response that is none of the operation's successes.
#[doc(hidden)]
pub trait ErrorSet: Sized {
    /// Decodes a response that is not one of the operation's successes.
    fn read(response: RawResponse) -> Error<Self>;
}

/// The one `async` body every call shares: sending, retries and reading the body, type-erased.
type Sending<'a> = Pin<Box<dyn Future<Output = Result<RawResponse, Error<Infallible>>> + Send + 'a>>;

/// A request ready to go, as every operation's `send` returns it. Await it for the decoded value,
/// or call [`with_meta`](Call::with_meta) first to get the response's status and headers with it.
///
/// Nothing is sent until it is awaited. The request, its body and its decoding are plain data until
/// then (the body is encoded as the call is awaited), so the code that encodes, sends and decodes
/// is compiled only for the operations a program awaits.
#[must_use = "a request does nothing until it is awaited"]
pub struct Call<'a, D> {
    pub(crate) core: &'a Core,
    pub(crate) request: RequestParts,
    pub(crate) decode: D,
}

impl<'a, D: Decode> Call<'a, D> {
    /// The same call, resolving to the value with the response's status and headers
    /// ([`ResponseValue`]).
    pub fn with_meta(self) -> WithMeta<'a, D> {
        WithMeta { call: self }
    }

    fn start(mut self) -> Pending<'a, D> {
        self.decode.prepare(&mut self.request);
        Pending { sending: Box::pin(self.core.send(self.request)), decode: Some(self.decode) }
    }
}

impl<'a, D: Decode> IntoFuture for Call<'a, D> {
    type Output = Result<D::Value, Error<D::Error>>;
    type IntoFuture = Value<'a, D>;

    fn into_future(self) -> Self::IntoFuture {
        Value { pending: self.start() }
    }
}

impl<D> fmt::Debug for Call<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").field("request", &self.request).finish_non_exhaustive()
    }
}

/// A call that resolves to the value with the response's status and headers; made by
/// [`Call::with_meta`]. Await it.
#[must_use = "a request does nothing until it is awaited"]
pub struct WithMeta<'a, D> {
    call: Call<'a, D>,
}

impl<'a, D: Decode> IntoFuture for WithMeta<'a, D> {
    type Output = Result<ResponseValue<D::Value>, Error<D::Error>>;
    type IntoFuture = Pending<'a, D>;

    fn into_future(self) -> Self::IntoFuture {
        self.call.start()
    }
}

impl<D> fmt::Debug for WithMeta<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithMeta").field("request", &self.call.request).finish_non_exhaustive()
    }
}

/// An awaited [`WithMeta`]: the response with its status and headers, decoded.
#[must_use = "futures do nothing unless polled"]
pub struct Pending<'a, D> {
    sending: Sending<'a>,
    decode: Option<D>,
}

impl<D: Decode> Future for Pending<'_, D> {
    type Output = Result<ResponseValue<D::Value>, Error<D::Error>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the sending future is boxed), so the future is too.
        let this = Pin::into_inner(self);
        match this.sending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(error)) => Poll::Ready(Err(error.widen())),
            Poll::Ready(Ok(response)) => match this.decode.take() {
                Some(decode) => Poll::Ready(decode.decode(response)),
                None => Poll::Ready(Err(Error::InvalidRequest("the call was polled after it completed".to_owned()))),
            },
        }
    }
}

impl<D> Unpin for Pending<'_, D> {}

impl<D> fmt::Debug for Pending<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending")
    }
}

/// An awaited [`Call`]: the decoded value.
#[must_use = "futures do nothing unless polled"]
pub struct Value<'a, D> {
    pending: Pending<'a, D>,
}

impl<D: Decode> Future for Value<'_, D> {
    type Output = Result<D::Value, Error<D::Error>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut Pin::into_inner(self).pending).poll(cx).map(|result| result.map(ResponseValue::into_inner))
    }
}

impl<D> Unpin for Value<'_, D> {}

impl<D> fmt::Debug for Value<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Value")
    }
}

/// A documented response header that is missing (when required) or not of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    /// The header's name.
    pub name: &'static str,
    /// What is wrong with it (never its value, which may be a secret).
    pub message: String,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response header `{}`: {}", self.name, self.message)
    }
}

impl std::error::Error for HeaderError {}

/// The text of every `name` header of a response, joined by commas as RFC 9110 allows.
fn header_text(headers: &HeaderMap, name: &'static str) -> Result<Option<String>, HeaderError> {
    let mut values = Vec::new();
    for value in headers.get_all(name) {
        let text = value.to_str().map_err(|_| HeaderError { name, message: "the value is not visible ASCII".to_owned() })?;
        values.push(text.trim());
    }
    Ok((!values.is_empty()).then(|| values.join(", ")))
}

/// One header value decoded into `T`: as a string first (strings, string enums, dates, UUIDs), else
/// as a JSON scalar (numbers, booleans, integer enums); an HTTP date (`Wed, 21 Oct 2015 07:28:00
/// GMT`) is read as a date-time.
fn header_value<T: DeserializeOwned>(name: &'static str, text: &str) -> Result<T, HeaderError> {
    if let Ok(value) = serde_json::from_value(serde_json::Value::String(text.to_owned())) {
        return Ok(value);
    }
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    if let Ok(date) = chrono::DateTime::parse_from_rfc2822(text) {
        if let Ok(value) = serde_json::from_value(serde_json::Value::String(date.to_rfc3339())) {
            return Ok(value);
        }
    }
    Err(HeaderError { name, message: format!("the value is not a {}", std::any::type_name::<T>().rsplit("::").next().unwrap_or("value")) })
}

/// A documented header, if the response has it.
///
/// # Errors
/// A value that is not of the header's type.
pub fn header<T: DeserializeOwned>(headers: &HeaderMap, name: &'static str) -> Result<Option<T>, HeaderError> {
    header_text(headers, name)?.map(|text| header_value(name, &text)).transpose()
}

/// A documented list header (`a, b, c`), if the response has it.
///
/// # Errors
/// An item that is not of the header's type.
pub fn header_list<T: DeserializeOwned>(headers: &HeaderMap, name: &'static str) -> Result<Option<Vec<T>>, HeaderError> {
    header_text(headers, name)?
        .map(|text| text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(|item| header_value(name, item)).collect())
        .transpose()
}

/// A header the spec requires.
///
/// # Errors
/// The header is missing.
pub fn required<T>(name: &'static str, value: Option<T>) -> Result<T, HeaderError> {
    value.ok_or_else(|| HeaderError { name, message: "the spec requires it, but the response has none".to_owned() })
}

impl RawResponse {
    /// The error for a documented header that does not read.
    pub fn header_error<E>(self, error: HeaderError) -> Error<E> {
        self.decode_error(error.to_string())
    }
}

impl<T> ResponseValue<T> {
    /// The value and the documented headers `read` takes from the response.
    ///
    /// # Errors
    /// [`Error::Decode`] when a documented header is missing or not of its type.
    #[doc(hidden)]
    pub fn with_headers<H, E>(self, read: fn(&HeaderMap) -> Result<H, HeaderError>) -> Result<(T, H), Error<E>> {
        match read(&self.headers) {
            Ok(headers) => Ok((self.value, headers)),
            Err(error) => Err(Error::Decode(DecodeError::new(self.status, self.headers, error.to_string(), Vec::new()))),
        }
    }

    /// The value, without status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Transforms the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue { status: self.status, headers: self.headers, value: f(self.value) }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A response whose status the API description does not document: kept whole.
///
/// Its `Display` and `Debug` show the status, content type and body length, never the body,
/// which may hold secrets: read that with [`body`](Self::body) or [`body_text`](Self::body_text).
#[derive(Clone, PartialEq, Eq)]
pub struct UnexpectedResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl UnexpectedResponse {
    /// Status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The essence of the content type, if the response has one.
    pub fn content_type(&self) -> Option<&str> {
        content_type_essence(&self.headers)
    }

    /// The whole body (at most the client's `max_response_bytes`).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected status {}", self.status)?;
        match (self.body.len(), self.content_type()) {
            (0, _) => f.write_str(" (empty body)"),
            (length, Some(content_type)) => write!(f, " ({content_type}, {length} bytes)"),
            (length, None) => write!(f, " ({length} bytes)"),
        }
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl std::error::Error for UnexpectedResponse {}

/// The essence of the Content-Type header: trimmed, without parameters.
pub(crate) fn content_type_essence(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or(value).trim();
    (!essence.is_empty()).then_some(essence)
}

fn is_json_type(essence: &str) -> bool {
    let bytes = essence.as_bytes();
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("text/json")
        || (essence.contains('/') && bytes.len() >= 5 && bytes[bytes.len() - 5..].eq_ignore_ascii_case(b"+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use std::convert::Infallible;

    fn response(status: u16, content_type: Option<&'static str>, body: &[u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        RawResponse { status: StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT), headers, body: body.to_vec() }
    }

    #[test]
    fn content_type_checks() {
        let json = response(200, Some("application/problem+json; charset=utf-8"), b"{}");
        assert_eq!(json.content_type(), Some("application/problem+json"));
        assert!(json.is_json() && !json.has_content_type(&["text/plain"]));
        assert!(response(200, Some("Application/JSON"), b"").is_json());
        assert!(response(200, Some("Application/Problem+JSON"), b"").is_json());
        assert!(response(200, Some("TEXT/JSON"), b"").is_json());
        assert!(!response(200, Some("+json"), b"").is_json());
        assert!(!response(200, Some("application/jsonx"), b"").is_json());
        assert!(!response(200, Some("text/plain"), b"").is_json());
        assert!(response(200, Some("Text/Plain"), b"").has_content_type(&["text/plain"]));
        assert!(!response(200, Some("text/html"), b"").has_content_type(&["text/plain"]));
        let none = response(200, None, b"{}");
        assert!(!none.is_json() && !none.has_content_type(&["text/plain"]) && none.content_type().is_none());
    }

    #[test]
    fn json_decodes_and_reports_errors() {
        let ok = response(201, Some("application/json"), br#"{"a":1}"#).json::<serde_json::Value, Infallible>();
        let ok = ok.map(|value| (value.status, value.into_inner()));
        assert!(matches!(ok, Ok((StatusCode::CREATED, ref v)) if v["a"] == 1));

        // No content type: accepted.
        assert!(response(200, None, b"[1]").json::<Vec<u8>, Infallible>().is_ok());

        // Soracom's auth answer with one field of the wrong type: the secrets stay out of every message.
        let secret = br#"{"apiKey":"key-SECRET","token":"token-SECRET","operatorId":12345}"#;
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Auth {
            #[serde(rename = "apiKey")]
            api_key: String,
            token: String,
            #[serde(rename = "operatorId")]
            operator_id: String,
        }
        match response(200, Some("application/json"), secret).json::<Auth, Infallible>() {
            Err(Error::Decode(error)) => {
                assert_eq!(error.status(), StatusCode::OK);
                assert_eq!(error.content_type(), Some("application/json"));
                assert_eq!(
                    error.message(),
                    "the JSON does not match the expected type: invalid type: integer, expected a string at line 1, column 64"
                );
                assert_eq!(error.body(), secret, "the raw body stays reachable");
                let wrapped = Error::<Infallible>::Decode(error);
                let shown = format!("{wrapped} {wrapped:?}");
                assert!(!shown.contains("SECRET") && !shown.contains("12345"), "{shown}");
                assert!(shown.contains(&format!("{} bytes", secret.len())), "{shown}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }

        match response(200, Some("text/html; charset=utf-8"), b"<html>pw-SECRET").json::<serde_json::Value, Infallible>() {
            Err(Error::Decode(error)) => {
                assert!(error.message().contains("text/html"), "{}", error.message());
                assert!(!error.to_string().contains("SECRET"));
                assert_eq!(error.body(), b"<html>pw-SECRET");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn text_bytes_empty_unexpected() {
        let text = response(200, Some("text/plain"), "héllo".as_bytes()).text::<Infallible>(&["text/plain"]);
        assert_eq!(text.ok().map(ResponseValue::into_inner).as_deref(), Some("héllo"));
        assert!(matches!(response(200, None, &[0xff, 0xfe]).text::<Infallible>(&["text/plain"]), Err(Error::Decode(_))));
        assert_eq!(*response(200, None, b"ab").bytes(), b"ab".to_vec());
        assert_eq!(response(204, None, b"ignored").empty().status, StatusCode::NO_CONTENT);

        let unexpected = response(418, Some("text/plain"), "x".repeat(600).as_bytes()).unexpected();
        assert_eq!(unexpected.to_string(), "unexpected status 418 I'm a teapot (text/plain, 600 bytes)");
        assert_eq!(format!("{unexpected:?}"), r#"UnexpectedResponse { status: 418, content_type: Some("text/plain"), body_len: 600 }"#);
        assert_eq!(unexpected.body_text().len(), 600);
        assert_eq!(response(418, None, b"x").unexpected().to_string(), "unexpected status 418 I'm a teapot (1 bytes)");
        let text = response(200, Some("text/plain"), &[b'a', 0xff]).text::<Infallible>(&["text/plain"]);
        assert!(matches!(text, Err(Error::Decode(e)) if e.body() == [b'a', 0xff] && e.message().contains("UTF-8")));
        assert_eq!(response(500, None, b"").unexpected().to_string(), "unexpected status 500 Internal Server Error (empty body)");
    }

    #[test]
    fn typed_error_bodies() {
        let json = response(404, Some("application/json"), br#"{"code":7}"#);
        let error: Error<serde_json::Value> = json.json_error(|v: serde_json::Value| v);
        assert!(matches!(error, Error::Api { status: StatusCode::NOT_FOUND, error: v, .. } if v["code"] == 7));
        let text = response(500, Some("text/plain"), b"down");
        let error: Error<String> = text.text_error(&["text/plain"], |v| format!("E: {v}"));
        assert!(matches!(&error, Error::Api { error: v, .. } if v == "E: down"));
        assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(error.headers().is_some_and(|h| h.contains_key(CONTENT_TYPE)));
        let html = response(500, Some("text/html"), b"<p>");
        let error: Error<String> = html.json_error(|v: String| v);
        assert!(matches!(error, Error::Decode(_)));
        let bytes = response(500, Some("application/octet-stream"), b"\x00\x01");
        let error: Error<Vec<u8>> = bytes.bytes_error(|v| v);
        assert!(matches!(error, Error::Api { error: ref v, .. } if v == &[0, 1]));
        let error = response(409, None, b"").api_error("conflict");
        assert_eq!((error.status(), error.api().copied()), (Some(StatusCode::CONFLICT), Some("conflict")));
        let error = response(503, None, b"busy").unexpected_error(|r| r);
        assert!(matches!(&error, Error::Api { status, error: r, .. } if status.as_u16() == 503 && r.body() == b"busy"));
    }
}
