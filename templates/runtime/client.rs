//! [`CoreBuilder`] and [`Core`]: the settings and HTTP machinery shared by
//! every API client, and [`Core::execute`], which sends a request.
//!
//! One deadline bounds a call: the client's timeout covers every attempt, the waits between them
//! and the reading of the body. Each call is traced as a `tracing` span (`call`) with the
//! operation, method, path template, attempt, status and duration; never a credential, a
//! parameter value or the URL.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{redirect, Client, Method, StatusCode, Url};
use tracing::Instrument;

use super::request::{apply_secret, query_pair, HttpAuth, Payload};
use super::response::WithBody;
#[cfg(feature = "_stream")]
use super::ByteStream;
use super::{Call, Credential, Decodes, Error, ErrorSet, Prepare, RawResponse, RequestParts, ResponseValue};
use serde::de::DeserializeOwned;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
const MAX_REDIRECTS: usize = 10;
const BACKOFF_BASE: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(5);
/// At most this much of a body is reserved up front from its `Content-Length`.
const RESERVE_CAP: usize = 64 * 1024 * 1024;

/// Settings shared by every API's client builder.
#[derive(Debug)]
pub struct CoreBuilder {
    base_url: Option<String>,
    server: Option<&'static str>,
    server_variables: Vec<(&'static str, String)>,
    timeout: Duration,
    max_retries: u32,
    retry_post: bool,
    user_agent: Option<String>,
    default_user_agent: &'static str,
    http_client: Option<reqwest::ClientBuilder>,
    max_response_bytes: usize,
    attempt_timeout: Option<Duration>,
    credentials: HashMap<&'static str, Credential>,
    #[cfg(feature = "_oauth2")]
    client_credentials: Vec<(&'static str, super::ClientCredentials)>,
}

impl CoreBuilder {
    /// Starts with the API description's default server URL, if it has an
    /// absolute one, and the `User-Agent` sent unless one is set: the
    /// generated crate's `name/version` (its `env!("CARGO_PKG_NAME")`, which
    /// only the generated crate itself knows).
    pub fn new(default_base_url: Option<&'static str>, default_user_agent: &'static str) -> Self {
        Self {
            base_url: default_base_url.map(str::to_owned),
            server: None,
            server_variables: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_post: false,
            user_agent: None,
            default_user_agent,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            attempt_timeout: None,
            credentials: HashMap::new(),
            #[cfg(feature = "_oauth2")]
            client_credentials: Vec::new(),
        }
    }

    /// Sets the base URL every operation path is appended to, e.g.
    /// `https://api.example.com/v1`.
    pub fn base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// The spec's server as a template (`https://{region}.example.com/v1`, or a relative
    /// `/api/v2`), its variables set by [`CoreBuilder::server_variable`]. Without a base URL, an
    /// absolute server is the base URL; a relative one is joined onto the base URL given.
    pub fn server(&mut self, template: &'static str) {
        self.server = Some(template);
    }

    /// Sets a variable of the server template.
    pub fn server_variable(&mut self, name: &'static str, value: String) {
        match self.server_variables.iter_mut().find(|(known, _)| *known == name) {
            Some((_, old)) => *old = value,
            None => self.server_variables.push((name, value)),
        }
    }

    /// The base URL: the one given (with a relative server's path joined on), else the server's.
    fn resolved_base_url(&self) -> Option<String> {
        let server = self.server.map(|template| {
            let mut url = template.to_owned();
            for (name, value) in &self.server_variables {
                url = url.replace(&format!("{{{name}}}"), value);
            }
            url
        });
        let absolute = |url: &str| url.starts_with("http://") || url.starts_with("https://");
        match (&self.base_url, server) {
            (Some(base), Some(server)) if !absolute(&server) => {
                let base = base.trim_end_matches('/');
                let path = format!("/{}", server.trim_matches('/'));
                // Given the whole URL already (`https://host/api/v2`), the path is not added twice.
                Some(if base.ends_with(&path) || path == "/" { base.to_owned() } else { format!("{base}{path}") })
            }
            (Some(base), _) => Some(base.clone()),
            (None, Some(server)) if absolute(&server) => Some(server),
            (None, _) => None,
        }
    }

    /// Sets the deadline of a whole call (default 30 s): every attempt, the waits between them and
    /// the body. A retry whose wait would pass it is not made.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Bounds each attempt too (default: only the whole call is bounded). An attempt that passes it
    /// is retried like a connection error, if the call may be retried and has time left.
    pub fn attempt_timeout(&mut self, timeout: Duration) {
        self.attempt_timeout = Some(timeout);
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

    /// Builds the HTTP client from the caller's `reqwest::ClientBuilder` (for a proxy, extra root
    /// certificates, default headers...). The timeout and the redirect policy are still set here, so
    /// credentials never follow a redirect to another host.
    pub fn http_client(&mut self, builder: reqwest::ClientBuilder) {
        self.http_client = Some(builder);
    }

    /// Sets the largest response body accepted, in bytes (default 32 MiB).
    pub fn max_response_bytes(&mut self, limit: usize) {
        self.max_response_bytes = limit;
    }

    /// Configures the credential for a security scheme key.
    pub fn credential(&mut self, scheme: &'static str, credential: Credential) {
        #[cfg(feature = "_oauth2")]
        self.client_credentials.retain(|(known, _)| *known != scheme);
        self.credentials.insert(scheme, credential);
    }

    /// Fetches the scheme's bearer tokens by the OAuth2 client-credentials flow.
    #[cfg(feature = "_oauth2")]
    pub fn client_credentials(&mut self, scheme: &'static str, settings: super::ClientCredentials) {
        self.credentials.remove(scheme);
        self.client_credentials.retain(|(known, _)| *known != scheme);
        self.client_credentials.push((scheme, settings));
    }

    /// Fetches the scheme's tokens from `url` instead of the spec's token URL.
    #[cfg(feature = "_oauth2")]
    pub fn token_url(&mut self, scheme: &'static str, url: String) {
        self.client_credentials.iter_mut().filter(|(known, _)| *known == scheme).for_each(|(_, settings)| settings.token_url = url.clone());
    }

    /// Adds a parameter to the scheme's token requests (`audience`, `resource`, ...).
    #[cfg(feature = "_oauth2")]
    pub fn token_parameter(&mut self, scheme: &'static str, name: String, value: String) {
        for (_, settings) in self.client_credentials.iter_mut().filter(|(known, _)| *known == scheme) {
            settings.parameters.push((name.clone(), value.clone()));
        }
    }

    /// Checks the settings and builds the [`Core`].
    ///
    /// # Errors
    ///
    /// No base URL is known, the base URL is not an absolute `http(s)` URL
    /// (or has a query or fragment), the user agent is not a valid header
    /// value, or the HTTP client cannot be built.
    pub fn build(self) -> Result<Core, BuildError> {
        let Some(raw) = self.resolved_base_url() else {
            return Err(BuildError::new(match self.server {
                Some(server) => format!(
                    "no base URL: the API description's server `{server}` is relative, \
                     so call base_url(...) on the builder with the scheme and host it is joined onto"
                ),
                None => "no base URL: the API description has no absolute server URL, \
                         so call base_url(...) on the builder"
                    .to_owned(),
            }));
        };
        let url =
            Url::parse(&raw).map_err(|error| BuildError::new(format!("the base URL `{raw}` is not a valid absolute URL: {error}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(BuildError::new(format!("the base URL `{raw}` must start with http:// or https:// and name a host")));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(BuildError::new(format!("the base URL `{raw}` must not have a query or fragment")));
        }
        let user_agent = match self.user_agent {
            Some(agent) => HeaderValue::from_str(&agent)
                .map_err(|_| BuildError::new(format!("the user agent `{agent}` is not a valid header value")))?,
            None => HeaderValue::from_str(self.default_user_agent)
                .map_err(|_| BuildError::new(format!("the user agent `{}` is not a valid header value", self.default_user_agent)))?,
        };
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
        let client = self.http_client.unwrap_or_else(Client::builder).redirect(policy).build().map_err(|error| BuildError {
            message: "the HTTP client could not be built (TLS setup failed?)".to_owned(),
            source: Some(error),
        })?;
        #[allow(unused_mut)]
        let mut credentials = self.credentials;
        #[cfg(feature = "_oauth2")]
        for (scheme, settings) in self.client_credentials {
            let source = super::oauth::TokenSource::new(settings, client.clone());
            credentials.insert(scheme, Credential::provided(super::auth::Place::Bearer, source));
        }
        Ok(Core {
            inner: Arc::new(Inner {
                client,
                base_url: url.as_str().trim_end_matches('/').to_owned(),
                timeout: self.timeout,
                attempt_timeout: self.attempt_timeout,
                max_retries: self.max_retries,
                retry_post: self.retry_post,
                user_agent,
                max_response_bytes: self.max_response_bytes,
            }),
            credentials: Arc::new(credentials),
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
    credentials: Arc<HashMap<&'static str, Credential>>,
}

#[derive(Debug)]
struct Inner {
    client: Client,
    base_url: String,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    max_retries: u32,
    retry_post: bool,
    user_agent: HeaderValue,
    max_response_bytes: usize,
}

impl Core {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn credential(&self, scheme: &str) -> Option<&Credential> {
        self.credentials.get(scheme)
    }

    /// The same client with `credential` for `scheme`: settings and connection pool shared, the
    /// other credentials kept.
    pub fn with_credential(&self, scheme: &'static str, credential: Credential) -> Core {
        let mut credentials = HashMap::clone(&self.credentials);
        credentials.insert(scheme, credential);
        Core { inner: Arc::clone(&self.inner), credentials: Arc::new(credentials) }
    }

    /// Sends a request and reads the whole response.
    ///
    /// The URL is the base URL, then the path, then the query pairs
    /// (form-urlencoded, in the order added). A problem recorded in `request`
    /// is returned before anything is sent. Redirects to another scheme, host
    /// or port are not followed: the 3xx response is returned. Idempotent
    /// methods (and POST/PATCH if enabled) are retried on 429, 502, 503, 504
    /// and connect errors, with exponential backoff honouring Retry-After.
    ///
    /// # Errors
    ///
    /// The first problem recorded while assembling `request`
    /// ([`Error::InvalidRequest`], [`Error::MissingCredentials`]),
    /// [`Error::Timeout`], [`Error::Transport`] or
    /// [`Error::ResponseTooLarge`]. Every status, success or not, is returned
    /// as a [`RawResponse`], so this never returns [`Error::Api`].
    pub async fn execute<E>(&self, request: RequestParts) -> Result<RawResponse, Error<E>> {
        self.send(request).await.map_err(Error::widen)
    }

    /// A call of `request` whose response `decode` reads, sent when it is awaited.
    ///
    /// An operation's `send` assembles its request and returns this with its own (synchronous)
    /// decoding. The one `async` body every call shares is `send` below, boxed when a call is
    /// awaited; the request's body (its [`Prepare`] step) and the decoding are generic until then,
    /// so a crate that uses a few operations of a big API compiles the encoding and decoding of
    /// those only.
    /// `operation` is the operation's method name, for tracing.
    pub fn call<'a, T, E, R, D>(&'a self, operation: &'static str, request: R, decode: D) -> Call<'a, impl Decodes<T, E>>
    where
        R: Prepare,
        D: FnOnce(RawResponse) -> Result<ResponseValue<T>, Error<E>> + Send,
    {
        // Written out here and in `call_json` and `call_empty`, rather than shared, so that an
        // operation's call instantiates one generic function of the runtime, not two.
        let (mut request, body) = request.into_parts();
        request.operation = operation;
        Call { core: self, request, decode: WithBody { body, decode } }
    }

    /// [`Core::call`] for an operation whose one success is `status` with a JSON body; any other
    /// status is an error of `E`.
    pub fn call_json<'a, T: DeserializeOwned, E: ErrorSet>(
        &'a self,
        operation: &'static str,
        request: impl Prepare,
        status: u16,
    ) -> Call<'a, impl Decodes<T, E>> {
        let decode = move |response: RawResponse| {
            if response.status() == status {
                response.json()
            } else {
                Err(E::read(response))
            }
        };
        let (mut request, body) = request.into_parts();
        request.operation = operation;
        Call { core: self, request, decode: WithBody { body, decode } }
    }

    /// [`Core::call`] for an operation whose one success is `status` with no body; any other
    /// status is an error of `E`.
    pub fn call_empty<'a, E: ErrorSet>(
        &'a self,
        operation: &'static str,
        request: impl Prepare,
        status: u16,
    ) -> Call<'a, impl Decodes<(), E>> {
        let decode = move |response: RawResponse| {
            if response.status() == status {
                Ok(response.empty())
            } else {
                Err(E::read(response))
            }
        };
        let (mut request, body) = request.into_parts();
        request.operation = operation;
        Call { core: self, request, decode: WithBody { body, decode } }
    }

    pub(crate) async fn send(&self, request: RequestParts) -> Result<RawResponse, Error<Infallible>> {
        let (span, started, deadline) = self.start(&request);
        let sending = async {
            let response = self.respond(request, deadline, false).await?;
            self.read(response).await
        };
        let result = match tokio::time::timeout_at(deadline, sending).instrument(span.clone()).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { after: self.inner.timeout }),
        };
        finish_span(&span, started, result.as_ref().map(|response| response.status).map_err(Error::status));
        result
    }

    /// Sends a request and returns its response as soon as the headers are in: a success as a
    /// [`ByteStream`], any other status read whole and turned into an error by `error`.
    ///
    /// # Errors
    /// As [`Core::execute`], [`Error::Idle`] if the headers do not come within the timeout, and
    /// whatever `error` makes of a non-success status.
    #[cfg(feature = "_stream")]
    pub async fn stream<E>(
        &self,
        operation: &'static str,
        mut request: RequestParts,
        success: fn(u16) -> bool,
        error: impl FnOnce(RawResponse) -> Error<E>,
    ) -> Result<ByteStream, Error<E>> {
        request.operation = operation;
        let (span, started, deadline) = self.start(&request);
        let response = self.respond(request, deadline, true).instrument(span.clone()).await;
        finish_span(&span, started, response.as_ref().map(reqwest::Response::status).map_err(Error::status));
        let response = response.map_err(Error::widen)?;
        if success(response.status().as_u16()) {
            Ok(ByteStream::new(response, self.inner.timeout))
        } else {
            let read = tokio::time::timeout(self.inner.timeout, self.read(response)).await;
            let read = read.unwrap_or(Err(Error::Timeout { after: self.inner.timeout }));
            Err(error(read.map_err(Error::widen)?))
        }
    }

    /// A call begins: its span, when it started, and its deadline.
    fn start(&self, request: &RequestParts) -> (tracing::Span, Instant, tokio::time::Instant) {
        let started = Instant::now();
        (call_span(request), started, tokio::time::Instant::from_std(started) + self.inner.timeout)
    }

    /// Sends with retries until `deadline`; `streaming` leaves the body unread.
    async fn respond(
        &self,
        request: RequestParts,
        deadline: tokio::time::Instant,
        streaming: bool,
    ) -> Result<reqwest::Response, Error<Infallible>> {
        let mut request = request;
        request.finish_path();
        if let Some(error) = request.error {
            return Err(error);
        }
        let mut headers = request.headers;
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        // A streamed body can be sent once: a request with one is never retried.
        let replayable = !matches!(request.body, Some(Payload::Once(_)));
        let retryable = replayable
            && match request.method {
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE => true,
                Method::POST | Method::PATCH => self.inner.retry_post,
                // `QUERY` is safe and idempotent by definition; other extension methods may not be.
                ref other => other.as_str() == "QUERY",
            };
        let mut body = request.body;
        let mut attempt: u32 = 0;
        // A provider's secret the server refused is replaced once, whatever the method: a 401
        // means the request was not acted on.
        let mut renewed = false;
        loop {
            tracing::Span::current().record("attempt", attempt + 1);
            // Provided secrets are asked for on each attempt, so a renewed one is sent; without
            // any, the request's own credentials are sent as they are.
            let mut attempt_headers = headers.clone();
            let (mut provided_query, mut provided_auth) = (Vec::new(), None);
            let (secret_query, auth) = if request.provided.is_empty() {
                (&request.secret_query, &request.auth)
            } else {
                provided_query.clone_from(&request.secret_query);
                provided_auth.clone_from(&request.auth);
                for (scheme, place, provider) in &request.provided {
                    let secret = match tokio::time::timeout_at(deadline, provider.0.secret()).await {
                        Ok(Ok(secret)) => secret,
                        Ok(Err(message)) => return Err(Error::Credentials { scheme, message }),
                        Err(_) => return Err(Error::Timeout { after: self.inner.timeout }),
                    };
                    apply_secret(scheme, *place, secret, &mut attempt_headers, &mut provided_query, &mut provided_auth)
                        .map_err(Error::InvalidRequest)?;
                }
                (&provided_query, &provided_auth)
            };
            let url = self.url(&request.path, &request.query, secret_query)?;
            let mut builder = self.inner.client.request(request.method.clone(), url).headers(attempt_headers);
            builder = match body.take() {
                Some(Payload::Bytes(bytes)) => {
                    let builder = builder.body(bytes.clone());
                    body = Some(Payload::Bytes(bytes));
                    builder
                }
                // Sent once: `replayable` made sure there is no second attempt.
                Some(Payload::Once(once)) => once.apply(builder),
                None => builder,
            };
            builder = match auth {
                Some(HttpAuth::Basic { username, password }) => builder.basic_auth(username, Some(password.expose())),
                Some(HttpAuth::Bearer(token)) => builder.bearer_auth(token.expose()),
                None => builder,
            };
            let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
            let limit = self.inner.attempt_timeout.map_or(remaining, |attempt| attempt.min(remaining));
            // The deadline bounds the body too (see `send`); an attempt timeout bounds the headers.
            // Only an attempt timeout shorter than what is left is one a retry can follow.
            let attempt_timed_out = limit < remaining;
            // Without an attempt timeout, a buffered call's own deadline (in `send`) is the only
            // bound, and one timer per call is enough.
            let sent = if attempt_timed_out || streaming {
                match tokio::time::timeout(limit, builder.send()).await {
                    Ok(sent) => sent.map_err(map_reqwest),
                    Err(_) if attempt_timed_out => Err(Error::Timeout { after: limit }),
                    // Streaming, with no attempt timeout: the headers did not come in time.
                    Err(_) => return Err(Error::Idle { after: self.inner.timeout }),
                }
            } else {
                builder.send().await.map_err(map_reqwest)
            };
            let may_retry = retryable && attempt < self.inner.max_retries;
            let delay = match &sent {
                Ok(response) if response.status() == StatusCode::UNAUTHORIZED && !renewed && replayable => {
                    renewed = true;
                    // Every provider hears of the refusal; one fresh secret is reason to try again.
                    let renewable = request.provided.iter().fold(false, |any, (_, _, provider)| provider.0.rejected() || any);
                    renewable.then_some(Duration::ZERO)
                }
                Ok(response) if may_retry && is_retry_status(response.status()) => {
                    Some(retry_after(response.headers(), SystemTime::now()).unwrap_or_else(|| backoff(attempt)))
                }
                Err(Error::Transport(error)) if may_retry && error.is_connect() => Some(backoff(attempt)),
                Err(Error::Timeout { .. }) if may_retry && attempt_timed_out => Some(backoff(attempt)),
                _ => None,
            };
            match delay {
                // A wait that would pass the deadline is not made: the answer so far is the answer.
                Some(delay) if tokio::time::Instant::now() + delay < deadline => {
                    let status = sent.as_ref().ok().map(|response| response.status().as_u16());
                    tracing::debug!(attempt = attempt + 1, status, delay_ms = delay.as_millis() as u64, "retrying");
                    drop(sent);
                    tokio::time::sleep(delay).await;
                }
                _ => return sent,
            }
            attempt += 1;
        }
    }

    fn url(&self, path: &str, query: &[String], secret_query: &[(&'static str, super::Secret)]) -> Result<Url, Error<Infallible>> {
        let mut url = format!("{}{}", self.inner.base_url, path);
        let secret = secret_query.iter().map(|(name, value)| query_pair(name, value.expose()));
        let pairs: Vec<String> = query.iter().cloned().chain(secret).collect();
        if !pairs.is_empty() {
            url.push('?');
            url.push_str(&pairs.join("&"));
        }
        // The message leaves the URL out: the query may hold an API key.
        Url::parse(&url).map_err(|error| Error::InvalidRequest(format!("the request URL for path `{path}` is invalid: {error}")))
    }

    /// Reads the whole body into one buffer, sized from `Content-Length` when the server sends one,
    /// so a body is held once, without the copies of a growing buffer.
    async fn read(&self, mut response: reqwest::Response) -> Result<RawResponse, Error<Infallible>> {
        let status = response.status();
        let limit = self.inner.max_response_bytes;
        let mut headers = std::mem::take(response.headers_mut());
        lowercase_content_type(&mut headers);
        // reqwest reports no length for a compressed body; the header is what the server announced.
        let announced: Option<u64> = headers.get(CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.trim().parse().ok());
        if announced.is_some_and(|announced| usize::try_from(announced).map_or(true, |announced| announced > limit)) {
            return Err(Error::ResponseTooLarge { status, headers, limit });
        }
        let reserve = announced.and_then(|announced| usize::try_from(announced).ok()).unwrap_or(0).min(RESERVE_CAP);
        let mut body = Vec::with_capacity(reserve);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if chunk.len() > limit.saturating_sub(body.len()) {
                        return Err(Error::ResponseTooLarge { status, headers, limit });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(error) if error.is_timeout() => return Err(Error::Timeout { after: self.inner.timeout }),
                Err(_) => return Err(Error::Truncated { status, headers, received: body.len(), expected: announced }),
            }
        }
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

/// A Retry-After header, in seconds or as an HTTP date (a date already past waits for nothing).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = SystemTime::from(chrono::DateTime::parse_from_rfc2822(text).ok()?);
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The span a call is traced in: what was called, never with which values.
fn call_span(request: &RequestParts) -> tracing::Span {
    tracing::info_span!(
        "call",
        operation = request.operation,
        method = request.method.as_str(),
        path = request.template.as_str(),
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    )
}

fn finish_span(span: &tracing::Span, started: Instant, status: Result<StatusCode, Option<StatusCode>>) {
    if let Some(status) = status.map_or_else(|status| status, Some) {
        span.record("status", status.as_u16());
    }
    span.record("duration_ms", started.elapsed().as_millis() as u64);
}

fn map_reqwest(error: reqwest::Error) -> Error<Infallible> {
    // reqwest's message includes the URL, whose path and query may hold secrets (a one-time password
    // in a path segment, an API key in the query): errors never carry it.
    let error = error.without_url();
    if error.is_builder() {
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
    let (essence, parameters) = value.split_once(';').map_or((value, None), |(essence, parameters)| (essence, Some(parameters)));
    if !essence.bytes().any(|byte| byte.is_ascii_uppercase()) {
        return;
    }
    let normalized = match parameters {
        Some(parameters) => format!("{};{parameters}", essence.to_ascii_lowercase()),
        None => essence.to_ascii_lowercase(),
    };
    if let Ok(normalized) = HeaderValue::from_str(&normalized) {
        headers.insert(CONTENT_TYPE, normalized);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Secret, Style};
    use std::time::Instant;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    type Result<T> = std::result::Result<T, Error<Infallible>>;

    /// What a generated crate passes as its default `User-Agent`.
    const TEST_USER_AGENT: &str = "runtime-tests/0.1.0";

    fn make_core(base_url: &str, configure: impl FnOnce(&mut CoreBuilder)) -> Core {
        let mut builder = CoreBuilder::new(None, TEST_USER_AGENT);
        builder.base_url(base_url.to_owned());
        builder.timeout(Duration::from_secs(5));
        configure(&mut builder);
        builder.build().expect("core builds")
    }

    fn get(path: &'static str) -> RequestParts {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.path(path);
        parts
    }

    async fn count(server: &MockServer) -> usize {
        server.received_requests().await.map_or(0, |requests| requests.len())
    }

    #[test]
    fn build_errors_are_actionable() {
        let message = |builder: CoreBuilder| builder.build().map(|_| ()).map_err(|e| e.to_string()).err();
        assert!(message(CoreBuilder::new(None, TEST_USER_AGENT)).is_some_and(|m| m.contains("base_url(")));
        assert!(message(CoreBuilder::new(Some("/v1"), TEST_USER_AGENT)).is_some_and(|m| m.contains("`/v1`")));
        assert!(message(CoreBuilder::new(Some("ftp://example.com"), TEST_USER_AGENT)).is_some_and(|m| m.contains("http://")));
        assert!(message(CoreBuilder::new(Some("https://example.com/?a=b"), TEST_USER_AGENT)).is_some_and(|m| m.contains("query")));
        let core = CoreBuilder::new(Some("https://example.com/v1/"), TEST_USER_AGENT).build().expect("builds");
        assert_eq!(core.base_url(), "https://example.com/v1");
    }

    #[test]
    fn core_debug_hides_secrets() {
        let core = make_core("http://127.0.0.1:9", |b| {
            b.credential("basic", Credential::Basic { username: "u".into(), password: Secret::new("pw-123") });
        });
        assert!(!format!("{core:?}").contains("pw-123"));
    }

    #[test]
    fn backoff_and_retry_after() {
        let delays: Vec<_> = (0..8).map(|attempt| backoff(attempt).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(backoff(u32::MAX), BACKOFF_CAP);
        let mut headers = HeaderMap::new();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470); // Wed, 21 Oct 2015 07:27:50 GMT
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(2)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3600)), "the deadline, not a cap, bounds it");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(10)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT"));
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[tokio::test]
    async fn sends_exact_path_query_and_headers() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
        let core = make_core(&format!("{}/v1/", server.uri()), |b| {
            b.credential("apiKey", Credential::ApiKeyHeader { name: "X-Api-Key", value: "k1".into() });
            b.credential("queryKey", Credential::ApiKeyQuery { name: "key", value: "k 2".into() });
            b.credential("basic", Credential::Basic { username: "alice".into(), password: "pw".into() });
        });
        let mut parts = get("/pets/");
        parts.path_param("id", "a/b c");
        parts.path("/toys");
        parts.query_list("tag", Style::Form, true, &["x&y", "z"]);
        parts.query_list("ids", Style::Form, false, &[1, 2]);
        parts.header("X-Request-Id", "r-1");
        parts.accept("application/json");
        parts.authorize(&core, &[&["apiKey", "queryKey", "basic"]]);
        let response = core.execute::<Infallible>(parts).await?;
        assert_eq!(response.status(), 200);

        let requests = server.received_requests().await.unwrap_or_default();
        let [request] = requests.as_slice() else { panic!("expected one request, got {}", requests.len()) };
        assert_eq!(request.url.path(), "/v1/pets/a%2Fb%20c/toys");
        assert_eq!(request.url.query(), Some("tag=x%26y&tag=z&ids=1,2&key=k%202"));
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("x-request-id").as_deref(), Some("r-1"));
        assert_eq!(header("accept").as_deref(), Some("application/json"));
        assert_eq!(header("x-api-key").as_deref(), Some("k1"));
        assert_eq!(header("authorization").as_deref(), Some("Basic YWxpY2U6cHc="));
        assert_eq!(header("user-agent").as_deref(), Some(TEST_USER_AGENT));
        Ok(())
    }

    #[tokio::test]
    async fn sends_json_and_form_bodies() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
        let core = make_core(&server.uri(), |b| {
            b.credential("bearer", Credential::Bearer("tok".into()));
            b.user_agent("custom/1".into());
        });
        let mut parts = RequestParts::new(Method::POST, "");
        parts.path("/pets");
        parts.json_body("application/json", &serde_json::json!({"name": "Rex", "age": 3}));
        parts.authorize(&core, &[&["bearer"]]);
        core.execute::<Infallible>(parts).await?;
        let mut parts = RequestParts::new(Method::POST, "");
        parts.path("/login");
        parts.form_body("application/x-www-form-urlencoded", &serde_json::json!({"user": "a b", "pass": "p&q"}), &[]);
        core.execute::<Infallible>(parts).await?;

        let requests = server.received_requests().await.unwrap_or_default();
        let [json, form] = requests.as_slice() else { panic!("expected two requests") };
        assert_eq!(json.body_json::<serde_json::Value>().ok(), Some(serde_json::json!({"name": "Rex", "age": 3})));
        assert_eq!(json.headers.get("content-type").map(|v| v.as_bytes()), Some(&b"application/json"[..]));
        assert_eq!(json.headers.get("authorization").map(|v| v.as_bytes()), Some(&b"Bearer tok"[..]));
        assert_eq!(json.headers.get("user-agent").map(|v| v.as_bytes()), Some(&b"custom/1"[..]));
        assert_eq!(form.body, b"pass=p%26q&user=a+b");
        assert_eq!(form.headers.get("content-type").map(|v| v.as_bytes()), Some(&b"application/x-www-form-urlencoded"[..]));
        assert!(form.headers.get("authorization").is_none());
        Ok(())
    }

    /// An error set with no documented errors: any other status is kept whole.
    #[derive(Debug)]
    struct Unexpected(#[allow(dead_code)] crate::UnexpectedResponse);

    impl ErrorSet for Unexpected {
        fn read(response: RawResponse) -> Error<Self> {
            response.unexpected_error(Unexpected)
        }
    }

    impl fmt::Display for Unexpected {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "unexpected status {}", self.0.status())
        }
    }

    #[tokio::test]
    async fn prepared_bodies_are_encoded_as_the_call_is_awaited() -> std::result::Result<(), Error<Unexpected>> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static ENCODED: AtomicUsize = AtomicUsize::new(0);
        struct Counted(&'static str);
        impl serde::Serialize for Counted {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                ENCODED.fetch_add(1, Ordering::SeqCst);
                serde_json::json!({"name": self.0}).serialize(serializer)
            }
        }
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
        let core = make_core(&server.uri(), |_| {});
        let post = |path: &'static str| {
            let mut parts = RequestParts::new(Method::POST, "");
            parts.path(path);
            parts
        };

        let call = core.call_empty::<Unexpected>("json", post("/json").with_json("application/json", Counted("Rex")), 204);
        assert_eq!(ENCODED.load(Ordering::SeqCst), 0, "nothing is encoded before the call is awaited");
        call.await?;
        assert_eq!(ENCODED.load(Ordering::SeqCst), 1);
        let none: Option<Counted> = None;
        core.call_empty::<Unexpected>("none", post("/none").with_optional_json("application/json", none), 204).await?;
        let some = Some(Counted("Tom"));
        core.call_empty::<Unexpected>("some", post("/some").with_optional_json("application/merge-patch+json", some), 204).await?;
        let form = post("/form").with_form("application/x-www-form-urlencoded", Counted("a b&c"), &[]);
        core.call_empty::<Unexpected>("form", form, 204).await?;
        let raw = post("/raw").with_body(|request: &mut RequestParts| request.json_body("text/plain", &"hi"));
        core.call_empty::<Unexpected>("raw", raw, 204).await?;
        assert_eq!(ENCODED.load(Ordering::SeqCst), 3);

        let requests = server.received_requests().await.unwrap_or_default();
        let [json, none, some, form, raw] = requests.as_slice() else { panic!("expected five requests") };
        let content_type = |request: &wiremock::Request| request.headers.get("content-type").map(|v| v.as_bytes().to_vec());
        assert_eq!(json.body, br#"{"name":"Rex"}"#);
        assert_eq!(content_type(json).as_deref(), Some(&b"application/json"[..]));
        assert!(none.body.is_empty());
        assert_eq!(content_type(none), None, "an absent optional body sends no content type");
        assert_eq!(some.body, br#"{"name":"Tom"}"#);
        assert_eq!(content_type(some).as_deref(), Some(&b"application/merge-patch+json"[..]));
        assert_eq!(form.body, b"name=a+b%26c");
        assert_eq!(content_type(form).as_deref(), Some(&b"application/x-www-form-urlencoded"[..]));
        assert_eq!(raw.body, br#""hi""#);
        assert_eq!(content_type(raw).as_deref(), Some(&b"text/plain"[..]));
        Ok(())
    }

    #[tokio::test]
    async fn recorded_errors_are_returned_before_sending() {
        let server = MockServer::start().await;
        let core = make_core(&server.uri(), |_| {});
        let mut parts = get("/pets/");
        parts.path_param("petId", "..");
        assert!(matches!(core.execute::<Infallible>(parts).await, Err(Error::InvalidRequest(m)) if m.contains("petId")));
        let mut parts = get("/me");
        parts.authorize(&core, &[&["session"]]);
        assert!(matches!(core.execute::<Infallible>(parts).await, Err(Error::MissingCredentials { .. })));
        assert_eq!(count(&server).await, 0);
    }

    #[tokio::test]
    async fn retries_idempotent_requests_only() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(path("/busy")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
        let core = make_core(&server.uri(), |_| {});

        let started = Instant::now();
        let response = core.execute::<Infallible>(get("/busy")).await?;
        assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(count(&server).await, 3, "one try and two retries");
        assert!(started.elapsed() >= Duration::from_millis(300), "backoff of 100 ms then 200 ms");

        server.reset().await;
        Mock::given(path("/busy")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
        let mut parts = RequestParts::new(Method::POST, "");
        parts.path("/busy");
        core.execute::<Infallible>(parts).await?;
        assert_eq!(count(&server).await, 1, "POST is not retried by default");

        server.reset().await;
        Mock::given(path("/busy")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
        let retrying = make_core(&server.uri(), |b| {
            b.retry_post(true);
            b.max_retries(1);
        });
        let mut parts = RequestParts::new(Method::POST, "");
        parts.path("/busy");
        retrying.execute::<Infallible>(parts).await?;
        assert_eq!(count(&server).await, 2, "POST retried once when enabled");
        Ok(())
    }

    #[tokio::test]
    async fn honours_retry_after() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(path("/limited"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(path("/limited")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
        let core = make_core(&server.uri(), |_| {});
        let started = Instant::now();
        let response = core.execute::<Infallible>(get("/limited")).await?;
        let elapsed = started.elapsed();
        assert_eq!(response.status(), 200);
        assert_eq!(count(&server).await, 2);
        assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(4), "{elapsed:?}");
        Ok(())
    }

    #[tokio::test]
    async fn connect_errors_are_retried_and_reported_without_query() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        drop(listener);
        let core = make_core(&format!("http://{address}"), |b| {
            b.credential("queryKey", Credential::ApiKeyQuery { name: "key", value: "secret-key".into() });
        });
        let mut parts = get("/x");
        parts.authorize(&core, &[&["queryKey"]]);
        let started = Instant::now();
        let result = core.execute::<Infallible>(parts).await;
        assert!(started.elapsed() >= Duration::from_millis(300), "retried with backoff");
        match result {
            Err(error @ Error::Transport(_)) => {
                let shown = format!("{error} {error:?}");
                assert!(!shown.contains("secret-key"), "{shown}");
                assert!(std::error::Error::source(&error).is_some());
            }
            other => panic!("expected a transport error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn timeouts_map_to_timeout() {
        let server = MockServer::start().await;
        Mock::given(path("/slow")).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(1500))).mount(&server).await;
        let core = make_core(&server.uri(), |b| b.timeout(Duration::from_millis(150)));
        let started = Instant::now();
        let result = core.execute::<Infallible>(get("/slow")).await;
        assert!(matches!(result, Err(Error::Timeout { after }) if after == Duration::from_millis(150)), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(count(&server).await, 1, "timeouts are not retried");
    }

    #[tokio::test]
    async fn redirects_stay_on_the_base_host() -> Result<()> {
        let other = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&other).await;
        let server = MockServer::start().await;
        let location = format!("{}/stolen", other.uri());
        Mock::given(path("/away"))
            .respond_with(ResponseTemplate::new(302).insert_header("Location", location.as_str()))
            .mount(&server)
            .await;
        Mock::given(path("/here")).respond_with(ResponseTemplate::new(301).insert_header("Location", "/there")).mount(&server).await;
        Mock::given(path("/there")).respond_with(ResponseTemplate::new(200).set_body_string("ok")).mount(&server).await;
        let core = make_core(&server.uri(), |b| b.credential("bearer", Credential::Bearer("tok".into())));

        let mut parts = get("/away");
        parts.authorize(&core, &[&["bearer"]]);
        let response = core.execute::<Infallible>(parts).await?;
        assert_eq!(response.status(), 302);
        assert_eq!(response.headers.get("location").map(|v| v.as_bytes()), Some(location.as_bytes()));
        assert_eq!(count(&other).await, 0, "the other host received nothing");

        let mut parts = get("/here");
        parts.authorize(&core, &[&["bearer"]]);
        let response = core.execute::<Infallible>(parts).await?;
        assert_eq!((response.status(), response.body.as_slice()), (200, &b"ok"[..]));
        let requests = server.received_requests().await.unwrap_or_default();
        assert_eq!(requests.len(), 3);
        assert!(requests.iter().all(|r| r.headers.get("authorization").is_some()));
        Ok(())
    }

    #[tokio::test]
    async fn decoding_through_execute() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(path("/broken"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(format!("{{\"a\": {}", "y".repeat(3000)), "Application/JSON; charset=UTF-8"),
            )
            .mount(&server)
            .await;
        Mock::given(path("/html"))
            .respond_with(ResponseTemplate::new(502).set_body_raw("<h1>Bad gateway</h1>", "text/html"))
            .mount(&server)
            .await;
        let core = make_core(&server.uri(), |_| {});

        let response = core.execute::<Infallible>(get("/broken")).await?;
        assert_eq!(response.content_type(), Some("application/json"));
        match response.json::<serde_json::Value, Infallible>() {
            Err(error @ Error::Decode(_)) => {
                assert_eq!(error.status(), Some(StatusCode::OK));
                let Error::Decode(decode) = error else { unreachable!() };
                assert_eq!(decode.body().len(), 3006, "the whole body is kept for the accessor");
                assert_eq!(decode.message(), "invalid JSON (expected value) at line 1, column 7");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }

        let response = core.execute::<Infallible>(get("/html")).await?;
        assert!(response.has_content_type(&["text/html"]) && !response.is_json());
        match response.json::<serde_json::Value, Infallible>() {
            Err(Error::Decode(decode)) => {
                assert_eq!(decode.status(), StatusCode::BAD_GATEWAY);
                assert_eq!(decode.content_type(), Some("text/html"));
                assert!(decode.message().contains("text/html"));
                assert_eq!(decode.body(), b"<h1>Bad gateway</h1>");
                assert!(!format!("{decode} {decode:?}").contains("Bad gateway"));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        Ok(())
    }

    #[tokio::test]
    async fn response_size_is_limited() -> Result<()> {
        let server = MockServer::start().await;
        Mock::given(path("/big")).respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 100])).mount(&server).await;
        let limited = make_core(&server.uri(), |b| b.max_response_bytes(99));
        let result = limited.execute::<Infallible>(get("/big")).await;
        assert!(matches!(result, Err(Error::ResponseTooLarge { status: StatusCode::OK, limit: 99, .. })), "{result:?}");
        let exact = make_core(&server.uri(), |b| b.max_response_bytes(100));
        assert_eq!(exact.execute::<Infallible>(get("/big")).await?.body.len(), 100);
        Ok(())
    }

    #[test]
    fn execute_future_is_send() {
        fn assert_send<T: Send>(_: &T) {}
        let core = make_core("http://127.0.0.1:9", |_| {});
        let future = core.execute::<std::rc::Rc<()>>(get("/"));
        assert_send(&future);
    }
}
