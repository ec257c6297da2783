//! Secrets and the credentials a client can be configured with: fixed ones, ones a
//! [`SecretProvider`] supplies before each attempt, and OAuth2 client-credentials tokens the client
//! fetches and refreshes itself.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A secret string, such as a password, token or API key.
///
/// Its `Debug` output is `***`, so it never ends up in logs by accident, and
/// it has no `Display`. Call [`Secret::expose`] where the real value is
/// needed. It serializes and deserializes as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the real value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// One credential, stored on the client per security scheme key.
///
/// The `Debug` output never shows the secret parts.
#[derive(Clone, Debug)]
pub enum Credential {
    /// An API key sent in the named request header.
    ApiKeyHeader {
        /// Header name.
        name: &'static str,
        /// The key.
        value: Secret,
    },
    /// An API key sent as the named query parameter.
    ApiKeyQuery {
        /// Query parameter name.
        name: &'static str,
        /// The key.
        value: Secret,
    },
    /// An API key sent as the named cookie.
    ApiKeyCookie {
        /// Cookie name.
        name: &'static str,
        /// The key.
        value: Secret,
    },
    /// HTTP Basic authentication (`Authorization: Basic ...`).
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: Secret,
    },
    /// A bearer token (`Authorization: Bearer ...`).
    Bearer(Secret),
    /// A secret asked of a provider before each attempt, sent as `place` says.
    Provided {
        /// Where the secret goes.
        place: Place,
        /// What supplies it.
        provider: Provider,
    },
}

impl Credential {
    /// A credential whose secret `provider` supplies before each attempt.
    pub fn provided(place: Place, provider: impl SecretProvider) -> Self {
        Credential::Provided { place, provider: Provider(Arc::new(provider)) }
    }
}

/// Where a single secret is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the named request header.
    Header(&'static str),
    /// As the named query parameter.
    Query(&'static str),
    /// As the named cookie.
    Cookie(&'static str),
    /// As `Authorization: Bearer`.
    Bearer,
}

/// The future a [`SecretProvider`] returns.
pub type SecretFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, String>> + Send + 'a>>;

/// Supplies a credential that changes over time (a token another task refreshes, a key read from a
/// vault). The client asks for the secret before every attempt of every call that uses the scheme,
/// so cache inside if fetching costs.
///
/// Any `Fn() -> impl Future<Output = Result<Secret, E>>` with `E: Display` is one:
///
/// ```ignore
/// let client = Client::builder()
///     .api_token_provider(move || {
///         let tokens = tokens.clone();
///         async move { Ok::<_, std::convert::Infallible>(tokens.read().await.clone()) }
///     })
///     .build()?;
/// ```
pub trait SecretProvider: Send + Sync + 'static {
    /// The secret to send now. An error's message (never a secret) is reported as
    /// `Error::Credentials`, and nothing is sent.
    fn secret(&self) -> SecretFuture<'_>;

    /// The server answered 401 to a request that carried the secret. Return `true` if the next
    /// [`secret`](Self::secret) will be a fresh one, and the request should be sent once more.
    fn rejected(&self) -> bool {
        false
    }
}

impl<F, Fut, E> SecretProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, E>> + Send + 'static,
    E: fmt::Display,
{
    fn secret(&self) -> SecretFuture<'_> {
        let future = self();
        Box::pin(async move { future.await.map_err(|error| error.to_string()) })
    }
}

/// A shared [`SecretProvider`]; its `Debug` says only that it is one.
#[derive(Clone)]
pub struct Provider(pub(crate) Arc<dyn SecretProvider>);

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Provider")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "***");
        let credential = Credential::Basic { username: "alice".into(), password: Secret::from("hunter2") };
        let shown = format!("{credential:?}");
        assert!(shown.contains("alice"));
        assert!(!shown.contains("hunter2"));
        assert!(!format!("{:?}", Credential::Bearer("tok-123".into())).contains("tok-123"));
    }

    #[test]
    fn secret_serde_round_trip() -> Result<(), serde_json::Error> {
        let secret = Secret::from(String::from("p\"ss"));
        let json = serde_json::to_string(&secret)?;
        assert_eq!(json, r#""p\"ss""#);
        let back: Secret = serde_json::from_str(&json)?;
        assert_eq!(back, secret);
        assert_eq!(back.expose(), "p\"ss");
        Ok(())
    }
}
