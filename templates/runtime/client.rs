//! [`CoreBuilder`] and [`Core`]: the settings and HTTP machinery shared by
//! every API client, and [`Core::execute`], which sends a request.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{redirect, Client, Method, StatusCode, Url};

use super::request::HttpAuth;
use super::{Credential, Error, RawResponse, RequestParts};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
const MAX_REDIRECTS: usize = 10;
const BACKOFF_BASE: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(5);

/// Settings shared by every API's client builder.
#[derive(Debug)]
pub struct CoreBuilder {
    base_url: Option<String>,
    timeout: Duration,
    max_retries: u32,
    retry_post: bool,
    user_agent: Option<String>,
    http_client: Option<Client>,
    max_response_bytes: usize,
    credentials: HashMap<&'static str, Credential>,
}

impl CoreBuilder {
    /// Starts with the API description's default server URL, if it has an
    /// absolute one.
    pub fn new(default_base_url: Option<&'static str>) -> Self {
        Self {
            base_url: default_base_url.map(str::to_owned),
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_post: false,
            user_agent: None,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            credentials: HashMap::new(),
        }
    }

    /// Sets the base URL every operation path is appended to, e.g.
    /// `https://api.example.com/v1`.
    pub fn base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// Sets the timeout for a whole request, body included (default 30 s).
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Sets how often a failed request is retried (default 2).
    pub fn max_retries(&mut self, retries: u32) {
        self.max_retries = retries;
    }

    /// Whether POST and PATCH requests are retried too (default: no, as
    /// they may not be safe to repeat).
    pub fn retry_post(&mut self, enabled: bool) {
        self.retry_post = enabled;
    }

    /// Sets the User-Agent header (default `<crate name>/<version>`).
    pub fn user_agent(&mut self, user_agent: String) {
        self.user_agent = Some(user_agent);
    }

    /// Uses the caller's HTTP client. Its timeout and redirect settings then
    /// apply instead of this builder's; the default User-Agent is not sent
    /// (one set with [`user_agent`](Self::user_agent) is).
    pub fn http_client(&mut self, client: Client) {
        self.http_client = Some(client);
    }

    /// Sets the largest response body accepted, in bytes (default 32 MiB).
    pub fn max_response_bytes(&mut self, limit: usize) {
        self.max_response_bytes = limit;
    }

    /// Configures the credential for a security scheme key.
    pub fn credential(&mut self, scheme: &'static str, credential: Credential) {
        self.credentials.insert(scheme, credential);
    }

    /// Checks the settings and builds the [`Core`].
    pub fn build(self) -> Result<Core, BuildError> {
        let Some(raw) = self.base_url else {
            return Err(BuildError::new(
                "no base URL: the API description has no absolute server URL, so call base_url(...) on the builder",
            ));
        };
        let url = Url::parse(&raw)
            .map_err(|error| BuildError::new(format!("the base URL `{raw}` is not a valid absolute URL: {error}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(BuildError::new(format!("the base URL `{raw}` must start with http:// or https:// and name a host")));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(BuildError::new(format!("the base URL `{raw}` must not have a query or fragment")));
        }
        let user_agent = match (self.user_agent, &self.http_client) {
            (Some(agent), _) => Some(
                HeaderValue::from_str(&agent)
                    .map_err(|_| BuildError::new(format!("the user agent `{agent}` is not a valid header value")))?,
            ),
            (None, Some(_)) => None,
            (None, None) => Some(HeaderValue::from_static(DEFAULT_USER_AGENT)),
        };
        let client = match self.http_client {
            Some(client) => client,
            None => {
                let origin = url.origin();
                let policy = redirect::Policy::custom(move |attempt| {
                    if attempt.url().origin() != origin {
                        attempt.stop()
                    } else if attempt.previous().len() > MAX_REDIRECTS {
                        attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
                    } else {
                        attempt.follow()
                    }
                });
                Client::builder().timeout(self.timeout).redirect(policy).build().map_err(|error| BuildError {
                    message: "the HTTP client could not be built (TLS setup failed?)".to_owned(),
                    source: Some(error),
                })?
            }
        };
        Ok(Core {
            inner: Arc::new(Inner {
                client,
                base_url: url.as_str().trim_end_matches('/').to_owned(),
                max_retries: self.max_retries,
                retry_post: self.retry_post,
                user_agent,
                max_response_bytes: self.max_response_bytes,
                credentials: self.credentials,
            }),
        })
    }
}

/// Why [`CoreBuilder::build`] failed.
#[derive(Debug)]
pub struct BuildError {
    message: String,
    source: Option<reqwest::Error>,
}

impl BuildError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|error| error as _)
    }
}

/// The configured HTTP machinery shared by an API's clients. Cheap to clone;
/// its `Debug` output shows no secrets.
#[derive(Clone, Debug)]
pub struct Core {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: Client,
    base_url: String,
    max_retries: u32,
    retry_post: bool,
    user_agent: Option<HeaderValue>,
    max_response_bytes: usize,
    credentials: HashMap<&'static str, Credential>,
}

impl Core {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn credential(&self, scheme: &str) -> Option<&Credential> {
        self.inner.credentials.get(scheme)
    }

    /// Sends a request and reads the whole response.
    ///
    /// The URL is the base URL, then the path, then the query pairs
    /// (form-urlencoded, in the order added). A problem recorded in `request`
    /// is returned before anything is sent. Redirects to another scheme, host
    /// or port are not followed: the 3xx response is returned. Idempotent
    /// methods (and POST/PATCH if enabled) are retried on 429, 502, 503, 504
    /// and connect errors, with exponential backoff honouring Retry-After.
    /// Any status is returned as a [`RawResponse`]; never [`Error::Api`].
    pub async fn execute<E>(&self, request: RequestParts) -> Result<RawResponse, Error<E>> {
        self.send(request).await.map_err(Error::widen)
    }

    async fn send(&self, request: RequestParts) -> Result<RawResponse, Error<Infallible>> {
        if let Some(error) = request.error {
            return Err(error);
        }
        let url = self.url(&request)?;
        let mut headers = request.headers;
        if let Some(agent) = &self.inner.user_agent {
            headers.insert(USER_AGENT, agent.clone());
        }
        let retryable = match request.method {
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE => true,
            Method::POST | Method::PATCH => self.inner.retry_post,
            _ => false,
        };
        let mut attempt = 0;
        loop {
            let mut builder = self.inner.client.request(request.method.clone(), url.clone()).headers(headers.clone());
            if let Some(body) = &request.body {
                builder = builder.body(body.clone());
            }
            builder = match &request.auth {
                Some(HttpAuth::Basic { username, password }) => builder.basic_auth(username, Some(password.expose())),
                Some(HttpAuth::Bearer(token)) => builder.bearer_auth(token.expose()),
                None => builder,
            };
            let may_retry = retryable && attempt < self.inner.max_retries;
            match builder.send().await {
                Ok(response) if may_retry && is_retry_status(response.status()) => {
                    let delay = retry_after(response.headers()).unwrap_or_else(|| backoff(attempt));
                    drop(response);
                    tokio::time::sleep(delay).await;
                }
                Err(error) if may_retry && error.is_connect() => tokio::time::sleep(backoff(attempt)).await,
                Ok(response) => return self.read(response).await,
                Err(error) => return Err(map_reqwest(error)),
            }
            attempt += 1;
        }
    }

    fn url(&self, request: &RequestParts) -> Result<Url, Error<Infallible>> {
        let mut url = format!("{}{}", self.inner.base_url, request.path);
        let pairs = request
            .query
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .chain(request.secret_query.iter().map(|(name, value)| (*name, value.expose())));
        let pairs: Vec<_> = pairs.collect();
        if !pairs.is_empty() {
            let query = serde_urlencoded::to_string(&pairs)
                .map_err(|error| Error::InvalidRequest(format!("the query cannot be encoded: {error}")))?;
            url.push('?');
            url.push_str(&query);
        }
        // The message leaves the URL out: the query may hold an API key.
        Url::parse(&url).map_err(|error| {
            Error::InvalidRequest(format!("the request URL for path `{}` is invalid: {error}", request.path))
        })
    }

    async fn read(&self, mut response: reqwest::Response) -> Result<RawResponse, Error<Infallible>> {
        let status = response.status();
        let limit = self.inner.max_response_bytes;
        let too_large = Error::ResponseTooLarge { status, limit };
        let announced = response.content_length().unwrap_or(0);
        if usize::try_from(announced).map_or(true, |announced| announced > limit) {
            return Err(too_large);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(map_reqwest)? {
            if chunk.len() > limit.saturating_sub(body.len()) {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        let mut headers = std::mem::take(response.headers_mut());
        lowercase_content_type(&mut headers);
        Ok(RawResponse { status, headers, body })
    }
}

fn is_retry_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// 100 ms, 200 ms, 400 ms, ... up to 5 s.
fn backoff(attempt: u32) -> Duration {
    BACKOFF_BASE.saturating_mul(2u32.saturating_pow(attempt)).min(BACKOFF_CAP)
}

/// A Retry-After header in seconds, capped at 5 s. (HTTP dates are ignored.)
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds).min(BACKOFF_CAP))
}

fn map_reqwest(mut error: reqwest::Error) -> Error<Infallible> {
    // reqwest's message includes the URL; its query may hold an API key.
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    if error.is_timeout() {
        Error::Timeout(error)
    } else if error.is_builder() {
        Error::InvalidRequest(format!("the request could not be built: {error}"))
    } else {
        Error::Transport(error)
    }
}

/// Lower-cases the content type's essence, leaving its parameters alone.
fn lowercase_content_type(headers: &mut HeaderMap) {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return;
    };
    let normalized = match value.split_once(';') {
        Some((essence, parameters)) => format!("{};{parameters}", essence.to_ascii_lowercase()),
        None => value.to_ascii_lowercase(),
    };
    if let Ok(normalized) = HeaderValue::from_str(&normalized) {
        headers.insert(CONTENT_TYPE, normalized);
    }
}
