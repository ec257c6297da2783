//! The error type returned by every generated operation.

use std::convert::Infallible;
use std::fmt;

use reqwest::StatusCode;

/// A response body that could not be decoded into the expected type.
#[derive(Debug)]
pub struct DecodeError {
    /// Status of the response.
    pub status: StatusCode,
    /// Content type the server sent (its essence), if any.
    pub content_type: Option<String>,
    /// What went wrong.
    pub message: String,
    /// The start of the body (at most 1 KiB), for diagnosis.
    pub body: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let content_type = self.content_type.as_deref().unwrap_or("none");
        write!(f, "could not decode the {} response (content type: {content_type}): {}", self.status, self.message)?;
        if self.body.is_empty() {
            f.write_str("; the body was empty")
        } else {
            write!(f, "; body starts with: {}", self.body)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's typed error for documented non-success statuses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a documented non-success status.
    Api(E),
    /// The request was refused before sending (bad path or header value,
    /// body that cannot be encoded, ...). Nothing was sent.
    InvalidRequest(String),
    /// None of the security alternatives the operation accepts has its
    /// credentials configured. Nothing was sent.
    MissingCredentials {
        /// The accepted alternatives by scheme key, e.g. `"apiKey, or basic"`.
        alternatives: String,
    },
    /// The request did not complete within the configured timeout.
    Timeout(reqwest::Error),
    /// The request failed in transit: connect, reset, TLS, redirect loop, ...
    Transport(reqwest::Error),
    /// The response body was larger than the configured limit.
    ResponseTooLarge {
        /// Status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
    },
    /// The response body could not be decoded.
    Decode(DecodeError),
    /// A streamed response (or the wait for its headers) went quiet for longer than the
    /// client's timeout; the stream is closed.
    Idle {
        /// How long nothing arrived.
        after: std::time::Duration,
    },
}

impl<E> Error<E> {
    /// The response status, where one is known.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode(error) => Some(error.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Timeout(error) | Error::Transport(error) => error.status(),
            _ => None,
        }
    }
}

impl Error<Infallible> {
    /// Turns an error that cannot be [`Error::Api`] into any `Error<E>`.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api(never) => match never {},
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::MissingCredentials { alternatives } => Error::MissingCredentials { alternatives },
            Error::Timeout(error) => Error::Timeout(error),
            Error::Transport(error) => Error::Transport(error),
            Error::ResponseTooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
            Error::Decode(error) => Error::Decode(error),
            Error::Idle { after } => Error::Idle { after },
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "the server answered with {error}"),
            Error::InvalidRequest(message) => {
                write!(f, "invalid request, nothing was sent: {message}")
            }
            Error::MissingCredentials { alternatives } => write!(
                f,
                "no credentials configured for this operation, nothing was sent; \
                 configure credentials for {alternatives} on the client builder"
            ),
            Error::Timeout(error) => write!(
                f,
                "the request timed out ({error}); check that the server is reachable \
                 or raise the client's timeout"
            ),
            Error::Transport(error) => write!(
                f,
                "the HTTP request failed ({error}); check the base URL, the network \
                 and TLS settings"
            ),
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "the {status} response body is larger than the {limit}-byte limit; \
                 raise max_response_bytes on the client builder if this is expected"
            ),
            Error::Decode(error) => write!(f, "{error}; check that the client matches the server's API version"),
            Error::Idle { after } => write!(
                f,
                "the server sent nothing for {} ms, so the stream was closed; raise the client's timeout for quieter streams",
                after.as_millis()
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => Some(error),
            Error::Timeout(error) | Error::Transport(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_status() {
        let decode: Error<Infallible> = Error::Decode(DecodeError {
            status: StatusCode::OK,
            content_type: Some("text/html".into()),
            message: "expected JSON".into(),
            body: "<html>".into(),
        });
        assert_eq!(decode.status(), Some(StatusCode::OK));
        let shown = decode.to_string();
        assert!(shown.contains("200 OK") && shown.contains("text/html") && shown.contains("<html>"));

        let missing: Error<String> = Error::MissingCredentials { alternatives: "basic, or session".into() };
        assert!(missing.to_string().contains("basic, or session"));
        assert_eq!(missing.status(), None);

        let large: Error<String> = Error::ResponseTooLarge { status: StatusCode::OK, limit: 10 };
        assert!(large.to_string().contains("max_response_bytes"));
    }
}
