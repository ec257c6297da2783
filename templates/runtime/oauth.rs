//! OAuth2 client credentials: the client fetches a token from the token endpoint with its id and
//! secret (by the `oauth2` crate), caches it, fetches a new one shortly before it expires and once
//! when the API answers 401, and sends it as `Authorization: Bearer` to the API's own host only.

use std::time::{Duration, Instant};

use oauth2::basic::{BasicClient, BasicErrorResponse};
use oauth2::{AuthType, ClientId, ClientSecret, RequestTokenError, Scope, TokenResponse, TokenUrl};

use super::auth::{SecretFuture, SecretProvider};
use super::Secret;

/// How long before its expiry a token is replaced: a tenth of its lifetime, at most a minute.
fn margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(60))
}

/// The settings of one scheme's client-credentials flow, as the builder collects them.
#[derive(Clone, Debug)]
pub struct ClientCredentials {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) token_url: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) parameters: Vec<(String, String)>,
}

impl ClientCredentials {
    /// A client's id and secret, for the spec's token URL and the scopes its operations ask for.
    pub fn new(client_id: String, client_secret: Secret, token_url: &str, scopes: &[&str]) -> Self {
        Self {
            client_id,
            client_secret,
            token_url: token_url.to_owned(),
            scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
            parameters: Vec::new(),
        }
    }
}

struct Cached {
    token: Secret,
    refresh_at: Option<Instant>,
}

/// Fetches and caches the tokens of one client-credentials flow, over the client's own connection
/// pool (whose redirect policy follows no redirect away from the API's host, so neither the
/// secret nor a token goes elsewhere).
pub(crate) struct TokenSource {
    settings: ClientCredentials,
    http: reqwest::Client,
    cache: tokio::sync::Mutex<Option<Cached>>,
}

impl TokenSource {
    pub(crate) fn new(settings: ClientCredentials, http: reqwest::Client) -> Self {
        Self { settings, http, cache: tokio::sync::Mutex::new(None) }
    }

    async fn fetch(&self) -> Result<Cached, String> {
        let settings = &self.settings;
        let token_url = TokenUrl::new(settings.token_url.clone())
            .map_err(|error| format!("the token URL `{}` is not a valid URL: {error}", settings.token_url))?;
        let client = BasicClient::new(ClientId::new(settings.client_id.clone()))
            .set_client_secret(ClientSecret::new(settings.client_secret.expose().to_owned()))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url);
        let mut request = client.exchange_client_credentials();
        for scope in &settings.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        for (name, value) in &settings.parameters {
            request = request.add_extra_param(name.clone(), value.clone());
        }
        let fetched = Instant::now();
        let response = request.request_async(&self.http).await.map_err(describe)?;
        let refresh_at = response.expires_in().map(|lifetime| fetched + lifetime.saturating_sub(margin(lifetime)));
        Ok(Cached { token: Secret::new(response.access_token().secret().clone()), refresh_at })
    }
}

impl SecretProvider for TokenSource {
    fn secret(&self) -> SecretFuture<'_> {
        Box::pin(async move {
            // One fetch at a time: calls that arrive while a token is fetched wait for it.
            let mut cache = self.cache.lock().await;
            if let Some(cached) = cache.as_ref().filter(|cached| cached.refresh_at.is_none_or(|at| Instant::now() < at)) {
                return Ok(cached.token.clone());
            }
            let fetched = self.fetch().await?;
            let token = fetched.token.clone();
            *cache = Some(fetched);
            Ok(token)
        })
    }

    fn rejected(&self) -> bool {
        // A fetch under way will bring a fresh token anyway.
        if let Ok(mut cache) = self.cache.try_lock() {
            *cache = None;
        }
        true
    }
}

/// What went wrong at the token endpoint, without the secret or the token.
fn describe<E: std::error::Error>(error: RequestTokenError<E, BasicErrorResponse>) -> String {
    match error {
        RequestTokenError::ServerResponse(response) => {
            let mut message = format!("the token endpoint refused the client: {}", response.error());
            if let Some(description) = response.error_description() {
                message.push_str(&format!(" ({description})"));
            }
            message
        }
        RequestTokenError::Request(error) => format!("the token request failed: {error}"),
        RequestTokenError::Parse(_, body) => {
            format!("the token endpoint's answer ({} bytes) is not a token response", body.len())
        }
        RequestTokenError::Other(message) => format!("the token endpoint's answer is not usable: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_replaced_before_they_expire() {
        assert_eq!(margin(Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(margin(Duration::from_secs(100)), Duration::from_secs(10));
        assert_eq!(margin(Duration::ZERO), Duration::ZERO);
    }
}
