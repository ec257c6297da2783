//! A fake server for tests (the crate feature `mock`): each API's `mock::MockServer` builds
//! wiremock expectations from its operations' types, on this server.

use serde::Serialize;

/// A local server on 127.0.0.1 that answers as a test tells it. wiremock checks the expectations
/// given a count ([`Expect::times`]) when it is dropped.
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        Self { server: wiremock::MockServer::start().await }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server itself, for what the typed expectations do not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Every request the server received, in order.
    pub async fn received(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// An expectation of `method` on a path matching `path` (a regular expression).
    #[doc(hidden)]
    pub fn expect(&self, method: &'static str, path: &str) -> Expect<'_> {
        let mock = wiremock::Mock::given(wiremock::matchers::method(method)).and(wiremock::matchers::path_regex(path));
        Expect { server: &self.server, mock, times: None }
    }
}

/// One expected request, answered by one of the typed methods of its operation's mock.
#[must_use = "an expectation does nothing until it is answered"]
pub struct Expect<'a> {
    server: &'a wiremock::MockServer,
    mock: wiremock::MockBuilder,
    times: Option<u64>,
}

impl std::fmt::Debug for Expect<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expect").field("times", &self.times).finish_non_exhaustive()
    }
}

impl Expect<'_> {
    /// Requires exactly `n` matching requests, checked when the server is dropped.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Matches only requests `matcher` accepts too (a header, a query parameter, a body...).
    pub fn and(mut self, matcher: impl wiremock::Match + 'static) -> Self {
        self.mock = self.mock.and(matcher);
        self
    }

    /// Answers with `template`, whatever it is.
    pub async fn respond_with(self, template: wiremock::ResponseTemplate) {
        let mock = self.mock.respond_with(template);
        let mock = match self.times {
            Some(n) => mock.expect(n),
            None => mock,
        };
        mock.mount(self.server).await;
    }

    /// Answers `status` with `body` as JSON of `media_type`.
    #[doc(hidden)]
    pub async fn json(self, status: u16, media_type: &str, body: &impl Serialize) {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.respond_with(wiremock::ResponseTemplate::new(status).set_body_raw(bytes, media_type)).await;
    }

    /// Answers `status` with `body` as text of `media_type`.
    #[doc(hidden)]
    pub async fn text(self, status: u16, media_type: &str, body: &str) {
        self.respond_with(wiremock::ResponseTemplate::new(status).set_body_raw(body.to_owned(), media_type)).await;
    }

    /// Answers `status` with `body` as bytes of `media_type`.
    #[doc(hidden)]
    pub async fn bytes(self, status: u16, media_type: &str, body: &[u8]) {
        self.respond_with(wiremock::ResponseTemplate::new(status).set_body_raw(body.to_vec(), media_type)).await;
    }

    /// Answers `status` with no body.
    #[doc(hidden)]
    pub async fn empty(self, status: u16) {
        self.respond_with(wiremock::ResponseTemplate::new(status)).await;
    }
}
