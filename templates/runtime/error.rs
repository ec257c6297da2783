//! The error type returned by every generated operation.
//!
//! No error's `Display` or `Debug` shows response body content: a body may hold a password, a
//! token or an API key (a server that changes a field's type puts live credentials into a decode
//! error). Messages give the status, the content type, the length and where decoding failed; the
//! body itself is reached only through [`DecodeError::body`], [`UnexpectedResponse::body`] and the
//! typed value inside [`Error::Api`].
//!
//! [`UnexpectedResponse::body`]: super::UnexpectedResponse::body

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A response body that could not be decoded into the expected type.
///
/// Its `Display` and `Debug` show the status, content type, body length and what went wrong (for
/// JSON, the kind of problem, the expected type and the line and column), never the body: read
/// that with [`DecodeError::body`].
pub struct DecodeError {
    status: StatusCode,
    headers: HeaderMap,
    message: String,
    body: Vec<u8>,
}

impl DecodeError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, message: String, body: Vec<u8>) -> Self {
        Self { status, headers, message, body }
    }

    /// Status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The essence of the response's content type (`type/subtype`, lower case), if it has one.
    pub fn content_type(&self) -> Option<&str> {
        super::response::content_type_essence(&self.headers)
    }

    /// What went wrong, without any of the body's content.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The raw body, as received (at most the client's `max_response_bytes`). It may hold secrets:
    /// do not log it.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let content_type = self.content_type().unwrap_or("none");
        write!(
            f,
            "could not decode the {} response (content type {content_type}, {} bytes): {}",
            self.status,
            self.body.len(),
            self.message
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body_len", &self.body.len())
            .field("message", &self.message)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's typed error for documented non-success statuses. Every error that came
/// from a response has its [`status`](Error::status) and [`headers`](Error::headers).
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a documented non-success status (or one the spec does not
    /// document, as `E`'s `Unexpected` variant). Match `error` for the typed body.
    Api {
        /// Status of the response.
        status: StatusCode,
        /// Headers of the response (a request id, `Retry-After`, ...).
        headers: HeaderMap,
        /// The documented response, its body decoded.
        error: E,
    },
    /// The request was refused before sending (bad path or header value,
    /// body that cannot be encoded, ...). Nothing was sent.
    InvalidRequest(String),
    /// None of the security alternatives the operation accepts has its
    /// credentials configured. Nothing was sent.
    MissingCredentials {
        /// The accepted alternatives by scheme key, e.g. `"apiKey, or basic"`.
        alternatives: String,
    },
    /// A credential could not be had: the provider set on the builder failed, or the OAuth2
    /// token endpoint refused the client. Nothing was sent to the API.
    Credentials {
        /// The security scheme key.
        scheme: &'static str,
        /// What went wrong (never a secret).
        message: String,
    },
    /// The call did not complete within the client's timeout, retries and their waits included.
    Timeout {
        /// The timeout that passed.
        after: Duration,
    },
    /// The request failed in transit: connect, reset, TLS, redirect loop, ...
    Transport(reqwest::Error),
    /// The response body was larger than the configured limit.
    ResponseTooLarge {
        /// Status of the response.
        status: StatusCode,
        /// Headers of the response.
        headers: HeaderMap,
        /// The limit in bytes.
        limit: usize,
    },
    /// The connection closed (or failed) before the whole body arrived: the status line and
    /// headers came, the body was cut short.
    Truncated {
        /// Status of the response.
        status: StatusCode,
        /// Headers of the response.
        headers: HeaderMap,
        /// How many bytes of the body arrived.
        received: usize,
        /// How many the `Content-Length` header announced, if it did.
        expected: Option<u64>,
    },
    /// The response body could not be decoded.
    Decode(DecodeError),
    /// A streamed response (or the wait for its headers) went quiet for longer than the
    /// client's timeout; the stream is closed.
    Idle {
        /// How long nothing arrived.
        after: Duration,
    },
}

impl<E> Error<E> {
    /// The response status, for every error that came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } | Error::ResponseTooLarge { status, .. } | Error::Truncated { status, .. } => Some(*status),
            Error::Decode(error) => Some(error.status),
            _ => None,
        }
    }

    /// The response headers, for every error that came from a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. } | Error::ResponseTooLarge { headers, .. } | Error::Truncated { headers, .. } => Some(headers),
            Error::Decode(error) => Some(&error.headers),
            _ => None,
        }
    }

    /// The documented response, if the server sent one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl Error<Infallible> {
    /// Turns an error that cannot be [`Error::Api`] into any `Error<E>`.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api { error, .. } => match error {},
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::MissingCredentials { alternatives } => Error::MissingCredentials { alternatives },
            Error::Credentials { scheme, message } => Error::Credentials { scheme, message },
            Error::Timeout { after } => Error::Timeout { after },
            Error::Transport(error) => Error::Transport(error),
            Error::ResponseTooLarge { status, headers, limit } => Error::ResponseTooLarge { status, headers, limit },
            Error::Truncated { status, headers, received, expected } => Error::Truncated { status, headers, received, expected },
            Error::Decode(error) => Error::Decode(error),
            Error::Idle { after } => Error::Idle { after },
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { error, .. } => write!(f, "the server answered with {error}"),
            Error::InvalidRequest(message) => {
                write!(f, "invalid request, nothing was sent: {message}")
            }
            Error::MissingCredentials { alternatives } => write!(
                f,
                "no credentials configured for this operation, nothing was sent; \
                 configure credentials for {alternatives} on the client builder"
            ),
            Error::Credentials { scheme, message } => {
                write!(f, "no credential for `{scheme}` could be had, nothing was sent: {message}")
            }
            Error::Timeout { after } => write!(
                f,
                "the call did not complete within {} ms (retries included); check that the server is reachable \
                 or raise the client's timeout",
                after.as_millis()
            ),
            Error::Transport(error) => write!(
                f,
                "the HTTP request failed ({error}); check the base URL, the network \
                 and TLS settings"
            ),
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the {status} response body is larger than the {limit}-byte limit; \
                 raise max_response_bytes on the client builder if this is expected"
            ),
            Error::Truncated { status, received, expected, .. } => {
                write!(f, "the {status} response was cut short: the connection ended after {received} bytes of the body")?;
                match expected {
                    Some(expected) => write!(f, " of the {expected} announced"),
                    None => Ok(()),
                }
            }
            Error::Decode(error) => write!(f, "{error}; check that the client matches the server's API version"),
            Error::Idle { after } => write!(
                f,
                "the server sent nothing for {} ms, so the stream was closed; raise the client's timeout for quieter streams",
                after.as_millis()
            ),
        }
    }
}

/// Shows what `Display` shows, field by field: for [`Error::Api`], the status and the documented
/// response's description (`E`'s `Display`), never its body.
impl<E: fmt::Display> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, error, .. } => {
                f.debug_struct("Api").field("status", status).field("error", &format_args!("{error}")).finish_non_exhaustive()
            }
            Error::InvalidRequest(message) => f.debug_tuple("InvalidRequest").field(message).finish(),
            Error::MissingCredentials { alternatives } => f.debug_struct("MissingCredentials").field("alternatives", alternatives).finish(),
            Error::Credentials { scheme, message } => {
                f.debug_struct("Credentials").field("scheme", scheme).field("message", message).finish()
            }
            Error::Timeout { after } => f.debug_struct("Timeout").field("after", after).finish(),
            Error::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Error::ResponseTooLarge { status, limit, .. } => {
                f.debug_struct("ResponseTooLarge").field("status", status).field("limit", limit).finish_non_exhaustive()
            }
            Error::Truncated { status, received, expected, .. } => f
                .debug_struct("Truncated")
                .field("status", status)
                .field("received", received)
                .field("expected", expected)
                .finish_non_exhaustive(),
            Error::Decode(error) => f.debug_tuple("Decode").field(error).finish(),
            Error::Idle { after } => f.debug_struct("Idle").field("after", after).finish(),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api { error, .. } => Some(error),
            Error::Transport(error) => Some(error),
            Error::Decode(error) => Some(error),
            _ => None,
        }
    }
}

/// What serde_json says went wrong, with any value it quotes from the body left out (`invalid
/// type: string "tok-…", expected u64` becomes `invalid type: string, expected u64`), and where.
pub(crate) fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = text.rsplit_once(" at line ").map_or(text.as_str(), |(head, _)| head);
    let what = match error.classify() {
        serde_json::error::Category::Io => "the body could not be read".to_owned(),
        serde_json::error::Category::Eof => "the JSON ends too early".to_owned(),
        serde_json::error::Category::Syntax => format!("invalid JSON ({text})"),
        serde_json::error::Category::Data => format!("the JSON does not match the expected type: {}", redacted(text)),
    };
    match error.line() {
        // An error raised after the text was read (a check across fields) has no position.
        0 => what,
        line => format!("{what} at line {line}, column {}", error.column()),
    }
}

/// A serde message without the body's values: the unexpected value of `invalid type` and `invalid
/// value` is named by its kind only, an unknown variant is not quoted, and any double-quoted text
/// (serde quotes strings that way) is dropped.
fn redacted(message: &str) -> String {
    let mut message = message.to_owned();
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let kind = unexpected.split(['`', '"']).next().unwrap_or_default().trim();
            message = if expected.is_empty() { format!("{prefix}{kind}") } else { format!("{prefix}{kind}, expected {expected}") };
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let expected = rest.split_once("`, ").map_or("", |(_, expected)| expected);
        message = format!("unknown variant, {expected}");
    }
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        if c == '"' {
            if !quoted {
                out.push_str("\"…\"");
            }
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_status() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", reqwest::header::HeaderValue::from_static("text/html"));
        let decode: Error<Infallible> =
            Error::Decode(DecodeError::new(StatusCode::OK, headers, "expected JSON".into(), b"<html>secret".to_vec()));
        assert_eq!(decode.status(), Some(StatusCode::OK));
        let shown = format!("{decode} {decode:?}");
        assert!(shown.contains("200 OK") && shown.contains("text/html") && shown.contains("12 bytes"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");

        let missing: Error<String> = Error::MissingCredentials { alternatives: "basic, or session".into() };
        assert!(missing.to_string().contains("basic, or session"));
        assert_eq!(missing.status(), None);
        assert!(missing.headers().is_none());

        let large: Error<String> = Error::ResponseTooLarge { status: StatusCode::OK, headers: HeaderMap::new(), limit: 10 };
        assert!(large.to_string().contains("max_response_bytes"));
        assert!(large.headers().is_some());

        let cut: Error<String> = Error::Truncated { status: StatusCode::OK, headers: HeaderMap::new(), received: 10, expected: Some(100) };
        assert_eq!(
            cut.to_string(),
            "the 200 OK response was cut short: the connection ended after 10 bytes of the body of the 100 announced"
        );
        assert_eq!(cut.status(), Some(StatusCode::OK));

        let api: Error<String> = Error::Api { status: StatusCode::NOT_FOUND, headers: HeaderMap::new(), error: "status 404".into() };
        assert_eq!(api.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(api.api().map(String::as_str), Some("status 404"));
        assert_eq!(format!("{api:?}"), r#"Api { status: 404, error: status 404, .. }"#);
    }

    #[test]
    fn json_messages_leave_values_out() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Auth {
            #[serde(rename = "apiKey")]
            api_key: u64,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Kind {
            A,
        }
        let message = |text: &str| serde_json::from_str::<Auth>(text).map(|_| String::new()).unwrap_or_else(|e| json_message(&e));
        let shown = message(r#"{"apiKey":"key-SECRET"}"#);
        assert_eq!(shown, "the JSON does not match the expected type: invalid type: string, expected u64 at line 1, column 22");
        assert_eq!(
            message(r#"{"apiKey":-5}"#),
            "the JSON does not match the expected type: invalid value: integer, expected u64 at line 1, column 12"
        );
        assert_eq!(message("{}"), "the JSON does not match the expected type: missing field `apiKey` at line 1, column 2");
        assert_eq!(message(r#"{"apiKey": 1"#), "the JSON ends too early at line 1, column 12");
        assert!(message("{x}").starts_with("invalid JSON (key must be a string)"));
        let variant = serde_json::from_str::<Kind>(r#""tok-SECRET""#).err().map(|e| json_message(&e)).unwrap_or_default();
        assert!(!variant.contains("SECRET") && variant.contains("unknown variant, expected `A`"), "{variant}");
        assert_eq!(redacted(r#"custom "tok-1" and "tok-2" end"#), r#"custom "…" and "…" end"#);
    }
}
