//! [`RequestParts`]: what a generated method assembles before sending.

use std::convert::Infallible;
use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::Method;
use serde::Serialize;

use super::{Core, Credential, Error, OptionalList, OptionalParam, ParamValue, Secret};

/// Everything but RFC 3986 unreserved characters is percent-encoded in a
/// path segment, so a value can never add segments, a query or a fragment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Credentials applied through reqwest's own helpers when sending.
#[derive(Clone, Debug)]
pub(crate) enum HttpAuth {
    Basic { username: String, password: Secret },
    Bearer(Secret),
}

/// The pieces of one request: method, path, query, headers, body and
/// credentials. Problems (an invalid header value, missing credentials, ...)
/// are recorded rather than returned; the first one is reported by
/// [`Core::execute`] before anything is sent.
pub struct RequestParts {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    /// Query credentials, kept apart so `Debug` does not show them.
    pub(crate) secret_query: Vec<(&'static str, Secret)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) auth: Option<HttpAuth>,
    pub(crate) error: Option<Error<Infallible>>,
}

impl RequestParts {
    /// Starts a request with the given method and `Accept` header (the
    /// media types the operation documents, e.g. `"application/json,
    /// text/plain"`; empty for none).
    pub fn new(method: Method, accept: &'static str) -> Self {
        let mut request = Self {
            method,
            path: String::new(),
            query: Vec::new(),
            secret_query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            auth: None,
            error: None,
        };
        if !accept.is_empty() {
            request.accept(accept);
        }
        request
    }

    /// Appends literal path template text as is (e.g. `/pets/`).
    pub fn path(&mut self, literal: &'static str) {
        self.path.push_str(literal);
    }

    /// Appends a value as exactly one path segment.
    ///
    /// Every byte except `A-Z a-z 0-9 - . _ ~` is percent-encoded. An empty
    /// value, `.` or `..` is refused (recorded as [`Error::InvalidRequest`]):
    /// URL parsers resolve dot segments even when percent-encoded.
    pub fn path_param(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        let value = value.to_param();
        match &*value {
            "" => self.fail(format!("path parameter `{name}` is empty")),
            "." | ".." => self.fail(format!("path parameter `{name}` must not be `.` or `..`")),
            value => self.path.extend(utf8_percent_encode(value, PATH_SEGMENT)),
        }
    }

    /// Adds a query parameter `name=value`; an absent value (`None`) adds nothing.
    pub fn query(&mut self, name: &'static str, value: &(impl OptionalParam + ?Sized)) {
        if let Some(value) = value.value() {
            self.query.push((name, value.to_param().into_owned()));
        }
    }

    /// Adds one `name=item` pair per item (`name=a&name=b`).
    pub fn query_exploded(&mut self, name: &'static str, values: &(impl OptionalList + ?Sized)) {
        for value in values.items().unwrap_or_default() {
            self.query.push((name, value.to_param().into_owned()));
        }
    }

    /// Adds one pair whose value is the items joined by commas (`name=a,b`).
    pub fn query_csv(&mut self, name: &'static str, values: &(impl OptionalList + ?Sized)) {
        if let Some(values) = values.items() {
            self.query.push((name, join(values)));
        }
    }

    /// Adds a header. A name or value a header cannot hold (CR, LF, other
    /// control characters) is refused; the value is never echoed. Non-ASCII
    /// text is sent as its UTF-8 bytes. An absent value (`None`) adds nothing.
    pub fn header(&mut self, name: &'static str, value: &(impl OptionalParam + ?Sized)) {
        if let Some(value) = value.value() {
            self.add_header(name, &value.to_param(), false);
        }
    }

    /// Adds a header whose value is the items joined by commas.
    pub fn header_csv(&mut self, name: &'static str, values: &(impl OptionalList + ?Sized)) {
        if let Some(values) = values.items() {
            self.add_header(name, &join(values), false);
        }
    }

    /// Sets the `Accept` header, e.g. `"application/json, text/plain"`.
    pub fn accept(&mut self, media_types: &'static str) {
        match HeaderValue::from_str(media_types) {
            Ok(value) => {
                self.headers.insert(ACCEPT, value);
            }
            Err(_) => self.fail(format!("`{media_types}` is not a valid Accept header value")),
        }
    }

    /// Sets a JSON body.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(content_type, bytes),
            Err(error) => self.fail(format!("the request body cannot be encoded as JSON: {error}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_urlencoded::to_string(body) {
            Ok(text) => self.set_body(content_type, text.into_bytes()),
            Err(error) => self.fail(format!("the request body cannot be form-encoded: {error}")),
        }
    }

    /// Sets a text body.
    pub fn text_body(&mut self, content_type: &'static str, body: &str) {
        self.set_body(content_type, body.as_bytes().to_vec());
    }

    /// Sets a binary body.
    pub fn bytes_body(&mut self, content_type: &'static str, body: &[u8]) {
        self.set_body(content_type, body.to_vec());
    }

    /// Applies the credentials of the first satisfied security alternative.
    ///
    /// `alternatives` is an OR of ANDs of security scheme keys. An empty slice
    /// sends no credentials. The first alternative whose credentials are all
    /// configured on `core` is applied. An empty inner alternative means
    /// anonymous access is allowed; it is used only when no other alternative
    /// is satisfied. Otherwise [`Error::MissingCredentials`] is recorded.
    pub fn authorize(&mut self, core: &Core, alternatives: &[&[&'static str]]) {
        let mut anonymous = false;
        for &alternative in alternatives {
            if alternative.is_empty() {
                anonymous = true;
                continue;
            }
            let credentials: Option<Vec<_>> = alternative.iter().map(|&scheme| core.credential(scheme).map(|c| (scheme, c))).collect();
            if let Some(credentials) = credentials {
                for (scheme, credential) in credentials {
                    self.apply(scheme, credential);
                }
                return;
            }
        }
        if !anonymous && !alternatives.is_empty() {
            let listed: Vec<String> = alternatives.iter().map(|alternative| alternative.join(" and ")).collect();
            self.record(Error::MissingCredentials { alternatives: listed.join(", or ") });
        }
    }

    fn apply(&mut self, scheme: &str, credential: &Credential) {
        match credential {
            Credential::ApiKeyHeader { name, value } => self.add_header(name, value.expose(), true),
            Credential::ApiKeyQuery { name, value } => {
                self.secret_query.push((name, value.clone()));
            }
            Credential::ApiKeyCookie { name, value } => {
                let mut cookie = format!("{name}={}", value.expose());
                if let Some(existing) = self.headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
                    cookie = format!("{existing}; {cookie}");
                }
                match HeaderValue::from_str(&cookie) {
                    Ok(mut value) => {
                        value.set_sensitive(true);
                        self.headers.insert(COOKIE, value);
                    }
                    Err(_) => self.fail(format!("the credential for `{scheme}` cannot be sent in a cookie")),
                }
            }
            Credential::Basic { username, password } => {
                self.auth = Some(HttpAuth::Basic { username: username.clone(), password: password.clone() });
            }
            Credential::Bearer(token) => {
                if HeaderValue::from_str(token.expose()).is_err() {
                    self.fail(format!("the bearer token for `{scheme}` contains characters a header cannot hold"));
                }
                self.auth = Some(HttpAuth::Bearer(token.clone()));
            }
        }
    }

    fn add_header(&mut self, name: &'static str, value: &str, sensitive: bool) {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(format!("`{name}` is not a valid header name"));
        };
        match HeaderValue::from_str(value) {
            Ok(mut value) => {
                value.set_sensitive(sensitive);
                self.headers.append(header, value);
            }
            Err(_) => self.fail(format!(
                "the value of header `{name}` contains characters a header cannot hold \
                 (CR, LF or other control characters)"
            )),
        }
    }

    fn set_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Some(body);
            }
            Err(_) => self.fail(format!("`{content_type}` is not a valid content type")),
        }
    }

    fn fail(&mut self, message: String) {
        self.record(Error::InvalidRequest(message));
    }

    fn record(&mut self, error: Error<Infallible>) {
        self.error.get_or_insert(error);
    }
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestParts")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("secret_query", &self.secret_query)
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("auth", &self.auth)
            .field("error", &self.error)
            .finish()
    }
}

fn join<T: ParamValue>(values: &[T]) -> String {
    let items: Vec<_> = values.iter().map(ParamValue::to_param).collect();
    items.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::CoreBuilder;

    fn invalid_message(parts: &RequestParts) -> String {
        match &parts.error {
            Some(Error::InvalidRequest(message)) => message.clone(),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    #[test]
    fn path_param_is_one_encoded_segment() {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.path("/files/");
        parts.path_param("name", "a/b?c#d%e f'g");
        parts.path("/v/");
        parts.path_param("name", "../etc/passwd");
        parts.path("/");
        parts.path_param("name", "é..x-_.~");
        parts.path("/");
        parts.path_param("id", &42u64);
        assert!(parts.error.is_none());
        assert_eq!(parts.path, "/files/a%2Fb%3Fc%23d%25e%20f%27g/v/..%2Fetc%2Fpasswd/%C3%A9..x-_.~/42");
    }

    #[test]
    fn path_param_refuses_empty_and_dot_segments() {
        for value in ["", ".", ".."] {
            let mut parts = RequestParts::new(Method::GET, "");
            parts.path_param("petId", value);
            assert!(invalid_message(&parts).contains("petId"));
        }
        // The first recorded problem wins.
        let mut parts = RequestParts::new(Method::GET, "");
        parts.path_param("first", "");
        parts.path_param("second", "..");
        assert!(invalid_message(&parts).contains("first"));
    }

    #[test]
    fn query_csv_and_exploded() {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.query_exploded("tag", &["a", "b c"]);
        parts.query_csv("id", &[1, 2, 3]);
        parts.query("empty", "");
        parts.query_exploded("none", &Vec::<&str>::new());
        parts.query("absent", &None::<String>);
        parts.query_csv("absent_list", &None::<Vec<i32>>);
        let expected: Vec<(&str, String)> =
            vec![("tag", "a".into()), ("tag", "b c".into()), ("id", "1,2,3".into()), ("empty", String::new())];
        assert_eq!(parts.query, expected);
    }

    #[test]
    fn header_refuses_cr_lf_without_echoing_the_value() {
        for value in ["evil\r\nX-Injected: 1", "line\nbreak", "nul\0", "del\x7f"] {
            let mut parts = RequestParts::new(Method::GET, "");
            parts.header("X-Trace", value);
            let message = invalid_message(&parts);
            assert!(message.contains("X-Trace"), "{message}");
            assert!(!message.contains(value) && !message.contains("Injected"), "{message}");
        }
        let mut parts = RequestParts::new(Method::GET, "");
        parts.header("X-Trace", "ok value");
        parts.header("X-Name", "naïve");
        parts.header_csv("X-Ids", &["a", "b"]);
        parts.header("bad name", "x");
        assert!(invalid_message(&parts).contains("bad name"));
        assert_eq!(parts.headers.get("x-trace").map(HeaderValue::as_bytes), Some(&b"ok value"[..]));
        assert_eq!(parts.headers.get("x-ids").map(HeaderValue::as_bytes), Some(&b"a,b"[..]));
    }

    #[test]
    fn bodies() {
        let mut parts = RequestParts::new(Method::POST, "");
        parts.form_body("application/x-www-form-urlencoded", &[("a", "1 2"), ("b", "&")]);
        assert_eq!(parts.body.as_deref(), Some(&b"a=1+2&b=%26"[..]));
        parts.json_body("application/json", &serde_json::json!({"k": [1]}));
        assert_eq!(parts.body.as_deref(), Some(&br#"{"k":[1]}"#[..]));
        assert_eq!(parts.headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes), Some(&b"application/json"[..]));
        parts.form_body("application/x-www-form-urlencoded", &serde_json::json!({"nested": {"a": 1}}));
        assert!(invalid_message(&parts).contains("form-encoded"));
    }

    fn core() -> Core {
        let mut builder = CoreBuilder::new(Some("http://127.0.0.1:9"));
        builder.credential("apiKey", Credential::ApiKeyHeader { name: "X-Api-Key", value: "k1".into() });
        builder.credential("queryKey", Credential::ApiKeyQuery { name: "key", value: "k2".into() });
        builder.credential("session", Credential::ApiKeyCookie { name: "sid", value: "k3".into() });
        builder.credential("bearer", Credential::Bearer("tok".into()));
        match builder.build() {
            Ok(core) => core,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn authorize_picks_first_satisfied_alternative() {
        let core = core();
        let mut parts = RequestParts::new(Method::GET, "");
        parts.authorize(&core, &[&["basic"], &["apiKey", "session"], &["bearer"]]);
        assert!(parts.error.is_none());
        assert!(parts.auth.is_none(), "bearer must not be applied");
        let key = parts.headers.get("x-api-key");
        assert!(key.is_some_and(|key| key.is_sensitive() && key.as_bytes() == b"k1"));
        assert_eq!(parts.headers.get(COOKIE).map(HeaderValue::as_bytes), Some(&b"sid=k3"[..]));
        assert!(!format!("{parts:?}").contains("k1"));

        let mut parts = RequestParts::new(Method::GET, "");
        parts.authorize(&core, &[&["queryKey"]]);
        assert_eq!(parts.secret_query.first().map(|(name, value)| (*name, value.expose())), Some(("key", "k2")));
        assert!(!format!("{parts:?}").contains("k2"));
    }

    #[test]
    fn authorize_anonymous_and_missing() {
        let core = core();
        let mut parts = RequestParts::new(Method::GET, "");
        parts.authorize(&core, &[&[], &["bearer"]]);
        assert!(matches!(parts.auth, Some(HttpAuth::Bearer(_))), "a satisfied alternative beats anonymous");

        let mut parts = RequestParts::new(Method::GET, "");
        parts.authorize(&core, &[&["basic"], &[]]);
        assert!(parts.error.is_none() && parts.auth.is_none() && parts.headers.is_empty());

        let mut parts = RequestParts::new(Method::GET, "");
        parts.authorize(&core, &[]);
        assert!(parts.error.is_none() && parts.headers.is_empty());

        let mut parts = RequestParts::new(Method::GET, "");
        parts.authorize(&core, &[&["accessClient"], &["basic", "apiKey"], &["oauth"]]);
        match parts.error {
            Some(Error::MissingCredentials { alternatives }) => {
                assert_eq!(alternatives, "accessClient, or basic and apiKey, or oauth");
            }
            other => panic!("expected MissingCredentials, got {other:?}"),
        }
        assert!(parts.headers.is_empty(), "nothing of a partial alternative is applied");
    }
}
