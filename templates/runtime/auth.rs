//! Secrets and the credentials a client can be configured with.

use std::fmt;

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
