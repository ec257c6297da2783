//! [`RequestParts`]: what a generated method assembles before sending.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::Method;
use serde::Serialize;

use super::auth::{Place, Provider};
use super::{Core, Credential, Error, OptionalList, OptionalParam, ParamValue, Secret};

/// Everything but RFC 3986 unreserved characters is percent-encoded in a
/// path segment, so a value can never add segments, a query or a fragment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The same set for query names and values: `&`, `=`, `+`, `,` and the rest of RFC 3986's
/// delimiters are encoded, so a value can never add a pair, and a delimiter the style writes
/// (`,`) is told apart from a value's own.
const QUERY_COMPONENT: &AsciiSet = PATH_SEGMENT;

/// And for cookie values, which cannot hold `;`, `,`, spaces or quotes as they are.
const COOKIE_VALUE: &AsciiSet = PATH_SEGMENT;

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
    /// The path template's text after the last parameter written, not yet in `path`.
    rest: &'static str,
    /// Encoded `name=value` pairs.
    pub(crate) query: Vec<String>,
    /// Query credentials, kept apart so `Debug` does not show them.
    pub(crate) secret_query: Vec<(&'static str, Secret)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Payload>,
    pub(crate) auth: Option<HttpAuth>,
    /// Credentials asked of their providers before each attempt: scheme key, where it goes.
    pub(crate) provided: Vec<(&'static str, Place, Provider)>,
    pub(crate) error: Option<Error<Infallible>>,
    /// The operation's method name and path template (`/pets/{id}`), for tracing: never the path
    /// as sent, whose values may be secrets.
    pub(crate) operation: &'static str,
    pub(crate) template: String,
}

impl RequestParts {
    /// Starts a request with the given method and `Accept` header (the
    /// media types the operation documents, e.g. `"application/json,
    /// text/plain"`; empty for none).
    pub fn new(method: Method, accept: &'static str) -> Self {
        let mut request = Self {
            method,
            path: String::new(),
            rest: "",
            query: Vec::new(),
            secret_query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            auth: None,
            provided: Vec::new(),
            error: None,
            operation: "",
            template: String::new(),
        };
        if !accept.is_empty() {
            request.accept(accept);
        }
        request
    }

    /// A request with a method of its own (OpenAPI 3.2's `QUERY`, or one of `additionalOperations`);
    /// a name that is not an HTTP token fails the request when it is sent.
    pub fn with_method(name: &'static str, accept: &'static str) -> Self {
        match Method::from_bytes(name.as_bytes()) {
            Ok(method) => Self::new(method, accept),
            Err(_) => {
                let mut request = Self::new(Method::GET, accept);
                request.fail(format!("`{name}` is not an HTTP method"));
                request
            }
        }
    }

    /// Appends a path template (`/pets/{petId}/toys`): its text as is, each `{name}` filled by
    /// the `path_*` call for that parameter that follows.
    pub fn path(&mut self, template: &'static str) {
        self.finish_path();
        self.rest = template;
        self.template.push_str(template);
    }

    /// Writes the template text up to a parameter's place (`{name}`) and moves past it; a
    /// parameter the template has no place for is appended, its place added to the template.
    fn template_param(&mut self, name: &str) {
        let place = format!("{{{name}}}");
        match self.rest.find(&place) {
            Some(at) => {
                self.path.push_str(&self.rest[..at]);
                self.rest = &self.rest[at + place.len()..];
            }
            None => {
                self.finish_path();
                self.template.push_str(&place);
            }
        }
    }

    /// Writes what is left of the template after its last parameter.
    pub(crate) fn finish_path(&mut self) {
        self.path.push_str(self.rest);
        self.rest = "";
    }

    /// Appends a value as exactly one path segment.
    ///
    /// Every byte except `A-Z a-z 0-9 - . _ ~` is percent-encoded. An empty
    /// value, `.` or `..` is refused (recorded as [`Error::InvalidRequest`]):
    /// URL parsers resolve dot segments even when percent-encoded.
    pub fn path_param(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.template_param(name);
        let value = value.to_param();
        match &*value {
            "" => self.fail(format!("path parameter `{name}` is empty")),
            "." | ".." => self.fail(format!("path parameter `{name}` must not be `.` or `..`")),
            value => self.path.extend(utf8_percent_encode(value, PATH_SEGMENT)),
        }
    }

    /// Appends a value in a path `style` other than one plain segment: `Label` (`.v`) or `Matrix`
    /// (`;name=v`). Values are percent-encoded as in [`RequestParts::path_param`].
    pub fn path_scalar(&mut self, name: &'static str, style: Style, value: &(impl ParamValue + ?Sized)) {
        let shape = Shape::Scalar(value.to_param());
        self.path_shape(name, style, false, shape);
    }

    /// Appends a list in a path `style` (`Simple`: `a,b`; `Label`: `.a,b` or `.a.b`; `Matrix`:
    /// `;name=a,b` or `;name=a;name=b`), each item percent-encoded, the delimiters literal.
    pub fn path_list(&mut self, name: &'static str, style: Style, explode: bool, values: &(impl OptionalList + ?Sized)) {
        let items = values.items().unwrap_or_default().iter().map(ParamValue::to_param).collect();
        self.path_shape(name, style, explode, Shape::List(items));
    }

    /// Appends an object's properties in a path `style` (`Simple`: `k,v,k2,v2` or `k=v,k2=v2`, and
    /// the `Label` and `Matrix` forms of the same).
    pub fn path_object(&mut self, name: &'static str, style: Style, explode: bool, value: &(impl Serialize + ?Sized)) {
        if let Some(pairs) = self.object_pairs(name, value) {
            self.path_shape(name, style, explode, Shape::Object(pairs));
        }
    }

    fn path_shape(&mut self, name: &'static str, style: Style, explode: bool, shape: Shape<'_>) {
        self.template_param(name);
        let text = expand(name, style, explode, &shape, PATH_SEGMENT);
        let Some(text) = text.into_iter().next().filter(|text| !text.is_empty()) else {
            return self.fail(format!("path parameter `{name}` is empty"));
        };
        self.path.push_str(&text);
    }

    /// Adds a query parameter `name=value`; an absent value (`None`) adds nothing. The name and value
    /// are percent-encoded: everything but RFC 3986 unreserved characters.
    pub fn query(&mut self, name: &'static str, value: &(impl OptionalParam + ?Sized)) {
        if let Some(value) = value.value() {
            let shape = Shape::Scalar(value.to_param());
            self.query_shape(name, Style::Form, true, &shape);
        }
    }

    /// Adds a list in a query `style`: `Form` exploded (`name=a&name=b`) or not (`name=a,b`),
    /// `SpaceDelimited` (`name=a%20b`) or `PipeDelimited` (`name=a%7Cb`). The items are
    /// percent-encoded, so an item's own comma (`%2C`) differs from the delimiter. An absent list
    /// adds nothing; an empty one adds `name=` unless exploded.
    pub fn query_list(&mut self, name: &'static str, style: Style, explode: bool, values: &(impl OptionalList + ?Sized)) {
        if let Some(values) = values.items() {
            let shape = Shape::List(values.iter().map(ParamValue::to_param).collect());
            self.query_shape(name, style, explode, &shape);
        }
    }

    /// Adds an object's properties in a query `style`: `Form` exploded (`k=v&k2=v2`) or not
    /// (`name=k,v,k2,v2`), `DeepObject` (`name[k]=v&name[k2]=v2`, the brackets percent-encoded),
    /// `SpaceDelimited` or `PipeDelimited`. Properties that are absent (`None`) are left out; an
    /// absent object adds nothing. A property that is itself an object or a list cannot be written
    /// this way and is recorded as [`Error::InvalidRequest`].
    pub fn query_object(&mut self, name: &'static str, style: Style, explode: bool, value: &(impl Serialize + ?Sized)) {
        if let Some(pairs) = self.object_pairs(name, value) {
            if !pairs.is_empty() {
                self.query_shape(name, style, explode, &Shape::Object(pairs));
            }
        }
    }

    /// Adds a query parameter whose value is the JSON text of `value` (`name=%7B%22a%22%3A1%7D`):
    /// the fallback for what OpenAPI leaves undefined in a query, such as a list of objects. With
    /// `explode`, a list gives one pair per item. An absent value (`null`) adds nothing.
    pub fn query_json(&mut self, name: &'static str, explode: bool, value: &(impl Serialize + ?Sized)) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => return self.fail(format!("query parameter `{name}` cannot be encoded as JSON: {error}")),
        };
        let items = match value {
            serde_json::Value::Null => return,
            serde_json::Value::Array(items) if explode => items,
            other => vec![other],
        };
        for item in items {
            let text = match item {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            self.query_shape(name, Style::Form, true, &Shape::Scalar(Cow::Owned(text)));
        }
    }

    fn query_shape(&mut self, name: &'static str, style: Style, explode: bool, shape: &Shape<'_>) {
        self.query.extend(expand(name, style, explode, shape, QUERY_COMPONENT));
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

    /// Adds a header holding an object's properties: `k,v,k2,v2`, or `k=v,k2=v2` when exploded.
    pub fn header_object(&mut self, name: &'static str, explode: bool, value: &(impl Serialize + ?Sized)) {
        if let Some(pairs) = self.object_pairs(name, value) {
            if !pairs.is_empty() {
                let text = expand(name, Style::Simple, explode, &Shape::Object(pairs), CONTROLS);
                self.add_header(name, &text.concat(), false);
            }
        }
    }

    /// Adds a cookie `name=value` to the request's one `Cookie` header; the value is
    /// percent-encoded (everything but RFC 3986 unreserved characters). `None` adds nothing.
    pub fn cookie(&mut self, name: &'static str, value: &(impl OptionalParam + ?Sized)) {
        if let Some(value) = value.value() {
            let shape = Shape::Scalar(value.to_param());
            self.cookie_shape(name, true, &shape);
        }
    }

    /// Adds a list cookie: `name=a,b`, or one `name=item` cookie per item when exploded.
    pub fn cookie_list(&mut self, name: &'static str, explode: bool, values: &(impl OptionalList + ?Sized)) {
        if let Some(values) = values.items() {
            let shape = Shape::List(values.iter().map(ParamValue::to_param).collect());
            self.cookie_shape(name, explode, &shape);
        }
    }

    /// Adds an object cookie: `name=k,v,k2,v2`, or one `k=v` cookie per property when exploded.
    pub fn cookie_object(&mut self, name: &'static str, explode: bool, value: &(impl Serialize + ?Sized)) {
        if let Some(pairs) = self.object_pairs(name, value) {
            if !pairs.is_empty() {
                self.cookie_shape(name, explode, &Shape::Object(pairs));
            }
        }
    }

    fn cookie_shape(&mut self, name: &'static str, explode: bool, shape: &Shape<'_>) {
        for pair in expand(name, Style::Form, explode, shape, COOKIE_VALUE) {
            self.add_cookie(&pair, false);
        }
    }

    /// The properties of an object as name and text pairs, in the order serde writes them.
    fn object_pairs(&mut self, name: &'static str, value: &(impl Serialize + ?Sized)) -> Option<Vec<(String, String)>> {
        let encoded =
            serde_urlencoded::to_string(value).map_err(|error| format!("parameter `{name}` must be an object of single values ({error})"));
        match encoded.and_then(|text| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(&text).map_err(|error| format!("parameter `{name}`: {error}"))
        }) {
            Ok(pairs) => Some(pairs),
            Err(message) => {
                self.fail(message);
                None
            }
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

    /// The request with a JSON body, encoded as its call is awaited ([`Prepare`]).
    pub fn with_json<B: Serialize + Send>(self, content_type: &'static str, body: B) -> Prepared<impl FnOnce(&mut RequestParts) + Send> {
        self.with_body(move |request: &mut RequestParts| request.json_body(content_type, &body))
    }

    /// [`RequestParts::with_json`] for a body that may be absent: `None` sends none.
    pub fn with_optional_json<B: Serialize + Send>(
        self,
        content_type: &'static str,
        body: Option<B>,
    ) -> Prepared<impl FnOnce(&mut RequestParts) + Send> {
        self.with_body(move |request: &mut RequestParts| {
            if let Some(body) = &body {
                request.json_body(content_type, body);
            }
        })
    }

    /// The request with an `application/x-www-form-urlencoded` body ([`RequestParts::form_body`]),
    /// encoded as its call is awaited ([`Prepare`]).
    pub fn with_form<B: Serialize + Send>(
        self,
        content_type: &'static str,
        body: B,
        styles: &'static [(&'static str, Style, bool)],
    ) -> Prepared<impl FnOnce(&mut RequestParts) + Send> {
        self.with_body(move |request: &mut RequestParts| request.form_body(content_type, &body, styles))
    }

    /// The request with the step that writes its body, run as its call is awaited ([`Prepare`]).
    pub fn with_body<B: FnOnce(&mut RequestParts) + Send>(self, body: B) -> Prepared<B> {
        Prepared { request: self, body }
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    ///
    /// Each property is a field, percent-encoded as a query is, a space as `+`. A list or an object is written as
    /// `styles` says for its field (name, style, explode), else exploded `form` style: `a=1&a=2`,
    /// and an object's properties as fields of their own. What no style lays out (a list of
    /// objects, an object inside an object) is sent as its JSON text. Absent and null fields are
    /// left out.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T, styles: &[(&str, Style, bool)]) {
        let fields = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => fields,
            Ok(_) => return self.fail("the request body must be an object to be form-encoded".to_owned()),
            Err(error) => return self.fail(format!("the request body cannot be form-encoded: {error}")),
        };
        // By name, whichever way serde_json's map is built: the same bytes in every build.
        let mut fields: Vec<(String, serde_json::Value)> = fields.into_iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        let mut pieces = Vec::new();
        for (name, value) in &fields {
            let (style, explode) =
                styles.iter().find(|(field, ..)| field == name).map_or((Style::Form, true), |(_, style, explode)| (*style, *explode));
            let shape = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::Array(items) if items.iter().all(is_scalar) => Shape::List(items.iter().map(scalar_text).collect()),
                serde_json::Value::Object(object) if object.values().all(is_scalar) => {
                    Shape::Object(object.iter().map(|(key, value)| (key.clone(), scalar_text(value).into_owned())).collect())
                }
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => Shape::Scalar(Cow::Owned(value.to_string())),
                scalar => Shape::Scalar(scalar_text(scalar)),
            };
            // A space is `+` in a form, as browsers and `application/x-www-form-urlencoded` write it
            // (a `%` of the value itself is always `%25`, so no `%20` is anything but a space).
            pieces.extend(expand(name, style, explode, &shape, QUERY_COMPONENT).into_iter().map(|piece| piece.replace("%20", "+")));
        }
        self.set_body(content_type, pieces.join("&").into_bytes());
    }

    /// Sets a text body.
    pub fn text_body(&mut self, content_type: &'static str, body: &str) {
        self.set_body(content_type, body.as_bytes().to_vec());
    }

    /// Sets a binary body: bytes, or a stream sent as it is read.
    pub fn binary_body(&mut self, content_type: &'static str, body: Binary) {
        match body.inner {
            BinaryInner::Bytes(bytes) => self.set_body(content_type, bytes),
            BinaryInner::Stream(stream) => self.set_payload(content_type, Payload::Once(Once::Stream(stream))),
        }
    }

    /// Sets a `multipart/form-data` body; reqwest writes its boundary into the content type.
    #[cfg(feature = "_multipart")]
    pub fn multipart_body(&mut self, form: MultipartForm) {
        if let Some(message) = form.error {
            return self.fail(message);
        }
        self.headers.remove(CONTENT_TYPE);
        self.body = Some(Payload::Once(Once::Multipart(form.form)));
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

    fn apply(&mut self, scheme: &'static str, credential: &Credential) {
        let (place, secret) = match credential {
            Credential::Provided { place, provider } => return self.provided.push((scheme, *place, provider.clone())),
            Credential::Basic { username, password } => {
                self.auth = Some(HttpAuth::Basic { username: username.clone(), password: password.clone() });
                return;
            }
            Credential::ApiKeyHeader { name, value } => (Place::Header(name), value),
            Credential::ApiKeyQuery { name, value } => (Place::Query(name), value),
            Credential::ApiKeyCookie { name, value } => (Place::Cookie(name), value),
            Credential::Bearer(token) => (Place::Bearer, token),
        };
        if let Err(message) = apply_secret(scheme, place, secret.clone(), &mut self.headers, &mut self.secret_query, &mut self.auth) {
            self.fail(message);
        }
    }

    /// Appends `pair` to the one `Cookie` header (`a=1; b=2`); false if a header cannot hold it.
    fn add_cookie(&mut self, pair: &str, sensitive: bool) -> bool {
        append_cookie(&mut self.headers, pair, sensitive)
    }

    fn add_header(&mut self, name: &'static str, value: &str, sensitive: bool) {
        if let Err(message) = append_header(&mut self.headers, name, value, sensitive) {
            self.fail(message);
        }
    }

    fn set_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.set_payload(content_type, Payload::Bytes(body));
    }

    fn set_payload(&mut self, content_type: &'static str, body: Payload) {
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

/// A request as an operation's call takes it: its parts, and the step that writes its body as the
/// call is awaited, so that a body's encoding is compiled only for the operations a program awaits.
#[doc(hidden)]
pub trait Prepare {
    /// The step that writes the body.
    type Body: FnOnce(&mut RequestParts) + Send;
    /// The request's parts, and the step that writes its body if it has one.
    fn into_parts(self) -> (RequestParts, Option<Self::Body>);
}

impl Prepare for RequestParts {
    type Body = fn(&mut RequestParts);

    fn into_parts(self) -> (RequestParts, Option<Self::Body>) {
        (self, None)
    }
}

/// A request with the step that writes its body ([`RequestParts::with_body`]).
#[doc(hidden)]
pub struct Prepared<B> {
    request: RequestParts,
    body: B,
}

impl<B: FnOnce(&mut RequestParts) + Send> Prepare for Prepared<B> {
    type Body = B;

    fn into_parts(self) -> (RequestParts, Option<B>) {
        (self.request, Some(self.body))
    }
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestParts")
            .field("method", &self.method)
            .field("path", &format!("{}{}", self.path, self.rest))
            .field("query", &self.query)
            .field("secret_query", &self.secret_query)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("auth", &self.auth)
            .field("provided", &self.provided.iter().map(|(scheme, ..)| scheme).collect::<Vec<_>>())
            .field("error", &self.error)
            .finish()
    }
}

/// Appends a header; a name or value a header cannot hold is refused, the value never echoed.
fn append_header(headers: &mut HeaderMap, name: &str, value: &str, sensitive: bool) -> Result<(), String> {
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a valid header name"))?;
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        format!("the value of header `{name}` contains characters a header cannot hold (CR, LF or other control characters)")
    })?;
    value.set_sensitive(sensitive);
    headers.append(header, value);
    Ok(())
}

/// Appends `pair` to the one `Cookie` header (`a=1; b=2`) of `headers`; false if a header cannot hold it.
fn append_cookie(headers: &mut HeaderMap, pair: &str, sensitive: bool) -> bool {
    let existing = headers.get(COOKIE);
    let sensitive = sensitive || existing.is_some_and(HeaderValue::is_sensitive);
    let cookie = match existing.and_then(|value| value.to_str().ok()) {
        Some(existing) => format!("{existing}; {pair}"),
        None => pair.to_owned(),
    };
    match HeaderValue::from_str(&cookie) {
        Ok(mut value) => {
            value.set_sensitive(sensitive);
            headers.insert(COOKIE, value);
            true
        }
        Err(_) => false,
    }
}

/// Sends a secret as `place` says, on a request's headers, query credentials and HTTP
/// authentication: a configured credential when the request is assembled, a provided one on each
/// attempt.
pub(crate) fn apply_secret(
    scheme: &str,
    place: Place,
    secret: Secret,
    headers: &mut HeaderMap,
    query: &mut Vec<(&'static str, Secret)>,
    auth: &mut Option<HttpAuth>,
) -> Result<(), String> {
    match place {
        Place::Header(name) => append_header(headers, name, secret.expose(), true)?,
        Place::Query(name) => query.push((name, secret)),
        Place::Cookie(name) => {
            if !append_cookie(headers, &format!("{name}={}", secret.expose()), true) {
                return Err(format!("the credential for `{scheme}` cannot be sent in a cookie"));
            }
        }
        Place::Bearer => {
            if HeaderValue::from_str(secret.expose()).is_err() {
                return Err(format!("the bearer token for `{scheme}` contains characters a header cannot hold"));
            }
            *auth = Some(HttpAuth::Bearer(secret));
        }
    }
    Ok(())
}

/// A request body as it is sent: bytes, which a retry can send again, or a body that can be sent
/// once (a stream, a multipart form), whose request is never retried.
#[derive(Debug)]
pub(crate) enum Payload {
    Bytes(Vec<u8>),
    Once(Once),
}

/// A body that can be sent once.
pub(crate) enum Once {
    Stream(reqwest::Body),
    #[cfg(feature = "_multipart")]
    Multipart(reqwest::multipart::Form),
}

impl Once {
    pub(crate) fn apply(self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Once::Stream(body) => builder.body(body),
            #[cfg(feature = "_multipart")]
            Once::Multipart(form) => builder.multipart(form),
        }
    }
}

impl fmt::Debug for Once {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Once::Stream(_) => f.write_str("Stream"),
            #[cfg(feature = "_multipart")]
            Once::Multipart(form) => write!(f, "Multipart(boundary {})", form.boundary()),
        }
    }
}

/// A binary request body: bytes in memory, or (with a streaming API) a stream read as it is sent,
/// so a file need not sit in memory. A body from bytes is sent again when a request is retried; a
/// stream cannot be, so a request with one is never retried.
pub struct Binary {
    pub(crate) inner: BinaryInner,
}

pub(crate) enum BinaryInner {
    Bytes(Vec<u8>),
    #[cfg_attr(not(feature = "_stream"), allow(dead_code))]
    Stream(reqwest::Body),
}

#[cfg(feature = "_stream")]
impl Binary {
    /// A body read from `stream` as it is sent, e.g. `tokio_util::io::ReaderStream::new(file)`.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<bytes::Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self { inner: BinaryInner::Stream(reqwest::Body::wrap_stream(stream)) }
    }

    /// A body read from an open file as it is sent.
    pub fn file(file: tokio::fs::File) -> Self {
        Self { inner: BinaryInner::Stream(reqwest::Body::from(file)) }
    }
}

impl Binary {
    /// The body as a multipart part.
    #[cfg(feature = "_multipart")]
    pub(crate) fn into_part(self) -> reqwest::multipart::Part {
        match self.inner {
            BinaryInner::Bytes(bytes) => reqwest::multipart::Part::bytes(bytes),
            BinaryInner::Stream(stream) => reqwest::multipart::Part::stream(stream),
        }
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self { inner: BinaryInner::Bytes(bytes) }
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self { inner: BinaryInner::Bytes(bytes.to_vec()) }
    }
}

impl<const N: usize> From<&[u8; N]> for Binary {
    fn from(bytes: &[u8; N]) -> Self {
        Self { inner: BinaryInner::Bytes(bytes.to_vec()) }
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Self { inner: BinaryInner::Bytes(text.into_bytes()) }
    }
}

impl From<&str> for Binary {
    fn from(text: &str) -> Self {
        Self { inner: BinaryInner::Bytes(text.as_bytes().to_vec()) }
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            BinaryInner::Bytes(bytes) => write!(f, "Binary({} bytes)", bytes.len()),
            BinaryInner::Stream(_) => f.write_str("Binary(stream)"),
        }
    }
}

/// A file in a multipart form: its content (bytes or a stream), and the file name and content type
/// its part is sent with.
#[cfg(feature = "_multipart")]
#[derive(Debug)]
pub struct FilePart {
    body: Binary,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[cfg(feature = "_multipart")]
impl FilePart {
    /// A file part with this content, no file name, and the content type the API documents for the
    /// part (`application/octet-stream` unless it says otherwise).
    pub fn new(body: impl Into<Binary>) -> Self {
        Self { body: body.into(), file_name: None, content_type: None }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type, e.g. `image/png`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

#[cfg(feature = "_multipart")]
impl<T: Into<Binary>> From<T> for FilePart {
    fn from(body: T) -> Self {
        Self::new(body)
    }
}

/// A multipart form under construction: generated code adds one part per field.
#[cfg(feature = "_multipart")]
#[derive(Debug)]
pub struct MultipartForm {
    form: reqwest::multipart::Form,
    error: Option<String>,
}

#[cfg(feature = "_multipart")]
impl MultipartForm {
    /// An empty form with a fresh boundary.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { form: reqwest::multipart::Form::new(), error: None }
    }

    /// Adds a text part; `None` adds nothing.
    pub fn text(&mut self, name: &'static str, content_type: &'static str, value: &(impl OptionalParam + ?Sized)) {
        if let Some(value) = value.value() {
            self.add(name, content_type, reqwest::multipart::Part::text(value.to_param().into_owned()), true);
        }
    }

    /// Adds one text part per item, all with the same name.
    pub fn text_list(&mut self, name: &'static str, content_type: &'static str, values: &(impl OptionalList + ?Sized)) {
        for value in values.items().unwrap_or_default() {
            self.add(name, content_type, reqwest::multipart::Part::text(value.to_param().into_owned()), true);
        }
    }

    /// Adds a part holding the JSON text of `value`; `None` (JSON `null`) adds nothing.
    pub fn json<T: Serialize + ?Sized>(&mut self, name: &'static str, content_type: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => self.add(name, content_type, reqwest::multipart::Part::text(value.to_string()), false),
            Err(error) => {
                self.error.get_or_insert(format!("part `{name}` cannot be encoded as JSON: {error}"));
            }
        }
    }

    /// Adds a file part; `None` adds nothing. `content_type` is the part's documented type, used
    /// unless the file names its own.
    pub fn file(&mut self, name: &'static str, content_type: &'static str, file: impl Into<Option<FilePart>>) {
        if let Some(file) = file.into() {
            let FilePart { body, file_name, content_type: own } = file;
            let mut part = body.into_part();
            if let Some(file_name) = file_name {
                part = part.file_name(file_name);
            }
            self.add(name, own.as_deref().unwrap_or(content_type), part, false);
        }
    }

    /// Adds one file part per file, all with the same name.
    pub fn files(&mut self, name: &'static str, content_type: &'static str, files: Vec<FilePart>) {
        for file in files {
            self.file(name, content_type, file);
        }
    }

    fn add(&mut self, name: &'static str, content_type: &str, part: reqwest::multipart::Part, plain_text: bool) {
        // A text part without a content type is `text/plain` (RFC 7578), so none is written for it.
        let part = if plain_text && content_type == "text/plain" { Ok(part) } else { part.mime_str(content_type) };
        match part {
            Ok(part) => self.form = std::mem::take(&mut self.form).part(name, part),
            Err(_) => {
                self.error.get_or_insert(format!("the content type of part `{name}` is not a media type"));
            }
        }
    }
}

/// How a parameter's value is laid out: OpenAPI's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b` (path and header).
    Simple,
    /// `.a` (path).
    Label,
    /// `;name=a` (path).
    Matrix,
    /// `name=a` (query and cookie).
    Form,
    /// `name=a%20b` (query).
    SpaceDelimited,
    /// `name=a%7Cb` (query).
    PipeDelimited,
    /// `name[k]=v` (query).
    DeepObject,
}

/// A parameter's value, as text.
fn is_scalar(value: &serde_json::Value) -> bool {
    !matches!(value, serde_json::Value::Array(_) | serde_json::Value::Object(_))
}

/// A JSON scalar as a field's text: a string as it is, a number or boolean as JSON writes it.
fn scalar_text(value: &serde_json::Value) -> Cow<'_, str> {
    match value {
        serde_json::Value::String(text) => Cow::Borrowed(text),
        serde_json::Value::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

enum Shape<'a> {
    Scalar(Cow<'a, str>),
    List(Vec<Cow<'a, str>>),
    Object(Vec<(String, String)>),
}

/// The text of a parameter in `style`, as RFC 6570 and OpenAPI's style table lay it out, each name
/// and value percent-encoded with `set` and the delimiters written as they are. Path, header and
/// matrix styles give one piece; form-like styles give one `name=value` piece per pair.
fn expand(name: &str, style: Style, explode: bool, shape: &Shape<'_>, set: &'static AsciiSet) -> Vec<String> {
    let enc = |text: &str| utf8_percent_encode(text, set).to_string();
    let pair = |key: &str, value: &str| format!("{}={}", enc(key), enc(value));
    let flat = |delimiter: &str| -> String {
        match shape {
            Shape::Scalar(value) => enc(value),
            Shape::List(items) => items.iter().map(|item| enc(item)).collect::<Vec<_>>().join(delimiter),
            Shape::Object(pairs) => pairs.iter().flat_map(|(key, value)| [enc(key), enc(value)]).collect::<Vec<_>>().join(delimiter),
        }
    };
    match style {
        Style::Simple => vec![match shape {
            Shape::Object(pairs) if explode => pairs.iter().map(|(key, value)| pair(key, value)).collect::<Vec<_>>().join(","),
            _ => flat(","),
        }],
        Style::Label => vec![match shape {
            Shape::Scalar(value) => format!(".{}", enc(value)),
            Shape::List(_) if explode => format!(".{}", flat(".")),
            Shape::Object(pairs) if explode => pairs.iter().map(|(key, value)| format!(".{}", pair(key, value))).collect(),
            _ => format!(".{}", flat(",")),
        }],
        Style::Matrix => vec![match shape {
            Shape::Scalar(value) => format!(";{}", pair(name, value)),
            Shape::List(items) if explode => items.iter().map(|item| format!(";{}", pair(name, item))).collect(),
            Shape::Object(pairs) if explode => pairs.iter().map(|(key, value)| format!(";{}", pair(key, value))).collect(),
            _ => format!(";{}={}", enc(name), flat(",")),
        }],
        Style::Form | Style::SpaceDelimited | Style::PipeDelimited => match shape {
            Shape::Scalar(value) => vec![pair(name, value)],
            Shape::List(items) if explode && style == Style::Form => items.iter().map(|item| pair(name, item)).collect(),
            Shape::Object(pairs) if explode && style == Style::Form => pairs.iter().map(|(key, value)| pair(key, value)).collect(),
            _ => {
                let delimiter = match style {
                    Style::SpaceDelimited => "%20",
                    Style::PipeDelimited => "%7C",
                    _ => ",",
                };
                vec![format!("{}={}", enc(name), flat(delimiter))]
            }
        },
        Style::DeepObject => match shape {
            Shape::Object(pairs) => pairs.iter().map(|(key, value)| format!("{}%5B{}%5D={}", enc(name), enc(key), enc(value))).collect(),
            _ => expand(name, Style::Form, explode, shape, set),
        },
    }
}

/// One encoded `name=value` query pair.
pub(crate) fn query_pair(name: &str, value: &str) -> String {
    expand(name, Style::Form, true, &Shape::Scalar(Cow::Borrowed(value)), QUERY_COMPONENT).concat()
}

fn join<T: ParamValue>(values: &[T]) -> String {
    let items: Vec<_> = values.iter().map(ParamValue::to_param).collect();
    items.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreBuilder;

    fn invalid_message(parts: &RequestParts) -> String {
        match &parts.error {
            Some(Error::InvalidRequest(message)) => message.clone(),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    #[test]
    fn a_path_template_is_filled_in_order_and_kept_for_tracing() {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.path("/orgs/{org}/repos/{repo}");
        parts.path_param("org", "a/b");
        parts.path_scalar("repo", Style::Matrix, "x y");
        parts.path("/issues/{number}/labels");
        parts.path_param("number", &7u32);
        // The debug view shows the path with the template's tail, before it is sent.
        assert!(format!("{parts:?}").contains("/orgs/a%2Fb/repos/;repo=x%20y/issues/7/labels"), "{parts:?}");
        parts.finish_path();
        assert!(parts.error.is_none());
        assert_eq!(parts.path, "/orgs/a%2Fb/repos/;repo=x%20y/issues/7/labels");
        assert_eq!(parts.template, "/orgs/{org}/repos/{repo}/issues/{number}/labels");
        // A template text that looks like a value is written as is; a parameter the template has
        // no place for is appended, its place added to the template.
        let mut parts = RequestParts::new(Method::GET, "");
        parts.path("/v1/{a}");
        parts.path_param("a", "{a}");
        parts.path_param("b", "c");
        parts.finish_path();
        assert_eq!(parts.path, "/v1/%7Ba%7Dc");
        assert_eq!(parts.template, "/v1/{a}{b}");
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
    fn query_lists_by_style() {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.query_list("tag", Style::Form, true, &["a", "b c"]);
        parts.query_list("id", Style::Form, false, &[1, 2, 3]);
        parts.query_list("comma", Style::Form, false, &["x,y", "z"]);
        parts.query_list("space", Style::SpaceDelimited, false, &["a", "b"]);
        parts.query_list("pipe", Style::PipeDelimited, false, &["a", "b|c"]);
        parts.query("empty", "");
        parts.query("amp", "a&b=c+d");
        parts.query_list("none", Style::Form, true, &Vec::<&str>::new());
        parts.query_list("empty_list", Style::Form, false, &Vec::<&str>::new());
        parts.query("absent", &None::<String>);
        parts.query_list("absent_list", Style::Form, false, &None::<Vec<i32>>);
        let expected = [
            "tag=a",
            "tag=b%20c",
            "id=1,2,3",
            "comma=x%2Cy,z",
            "space=a%20b",
            "pipe=a%7Cb%7Cc",
            "empty=",
            "amp=a%26b%3Dc%2Bd",
            "empty_list=",
        ];
        assert_eq!(parts.query, expected);
    }

    #[derive(Serialize)]
    struct Filter {
        role: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_age: Option<u32>,
        name: &'static str,
    }

    #[test]
    fn query_objects_by_style() {
        let filter = Filter { role: "admin", min_age: Some(18), name: "a b&c" };
        let mut parts = RequestParts::new(Method::GET, "");
        parts.query_object("filter", Style::DeepObject, true, &filter);
        parts.query_object("f", Style::Form, true, &filter);
        parts.query_object("f", Style::Form, false, &filter);
        parts.query_object("absent", Style::DeepObject, true, &None::<Filter>);
        parts.query_object("partial", Style::DeepObject, true, &Filter { role: "x", min_age: None, name: "y" });
        let expected = [
            "filter%5Brole%5D=admin",
            "filter%5Bmin_age%5D=18",
            "filter%5Bname%5D=a%20b%26c",
            "role=admin",
            "min_age=18",
            "name=a%20b%26c",
            "f=role,admin,min_age,18,name,a%20b%26c",
            "partial%5Brole%5D=x",
            "partial%5Bname%5D=y",
        ];
        assert_eq!(parts.query, expected);
        assert!(parts.error.is_none());
        parts.query_object("nested", Style::DeepObject, true, &serde_json::json!({"a": {"b": 1}}));
        assert!(invalid_message(&parts).contains("nested"));
    }

    #[test]
    fn query_json_fallback() {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.query_json("items", true, &serde_json::json!([{"a": 1}, {"b": "x"}]));
        parts.query_json("one", false, &serde_json::json!([{"a": 1}]));
        parts.query_json("absent", true, &None::<Vec<u8>>);
        assert_eq!(parts.query, ["items=%7B%22a%22%3A1%7D", "items=%7B%22b%22%3A%22x%22%7D", "one=%5B%7B%22a%22%3A1%7D%5D"]);
    }

    #[test]
    fn path_styles() {
        let filter = Filter { role: "admin", min_age: None, name: "a/b" };
        type Write<'a> = Box<dyn Fn(&mut RequestParts) + 'a>;
        let cases: Vec<(Write, &str)> = vec![
            (Box::new(|p| p.path_scalar("id", Style::Label, &5)), ".5"),
            (Box::new(|p| p.path_scalar("id", Style::Matrix, "a b")), ";id=a%20b"),
            (Box::new(|p| p.path_list("id", Style::Simple, false, &[3, 4, 5])), "3,4,5"),
            (Box::new(|p| p.path_list("id", Style::Simple, true, &["a,b", "c"])), "a%2Cb,c"),
            (Box::new(|p| p.path_list("id", Style::Label, false, &[3, 4])), ".3,4"),
            (Box::new(|p| p.path_list("id", Style::Label, true, &[3, 4])), ".3.4"),
            (Box::new(|p| p.path_list("id", Style::Matrix, false, &[3, 4])), ";id=3,4"),
            (Box::new(|p| p.path_list("id", Style::Matrix, true, &[3, 4])), ";id=3;id=4"),
            (Box::new(|p| p.path_object("f", Style::Simple, false, &filter)), "role,admin,name,a%2Fb"),
            (Box::new(|p| p.path_object("f", Style::Simple, true, &filter)), "role=admin,name=a%2Fb"),
            (Box::new(|p| p.path_object("f", Style::Label, false, &filter)), ".role,admin,name,a%2Fb"),
            (Box::new(|p| p.path_object("f", Style::Label, true, &filter)), ".role=admin.name=a%2Fb"),
            (Box::new(|p| p.path_object("f", Style::Matrix, false, &filter)), ";f=role,admin,name,a%2Fb"),
            (Box::new(|p| p.path_object("f", Style::Matrix, true, &filter)), ";role=admin;name=a%2Fb"),
        ];
        for (write, expected) in cases {
            let mut parts = RequestParts::new(Method::GET, "");
            write(&mut parts);
            assert!(parts.error.is_none());
            assert_eq!(parts.path, expected);
        }
        let mut parts = RequestParts::new(Method::GET, "");
        parts.path_list("ids", Style::Simple, false, &Vec::<i32>::new());
        assert!(invalid_message(&parts).contains("ids"));
    }

    #[test]
    fn cookies_share_one_header() {
        let mut parts = RequestParts::new(Method::GET, "");
        parts.cookie("session", "a b;c");
        parts.cookie_list("ids", false, &[1, 2]);
        parts.cookie_list("tag", true, &["x", "y"]);
        parts.cookie("absent", &None::<String>);
        parts.cookie_object("prefs", false, &Filter { role: "r", min_age: None, name: "n" });
        let cookie = parts.headers.get(COOKIE).map(HeaderValue::as_bytes);
        assert_eq!(cookie, Some(&b"session=a%20b%3Bc; ids=1,2; tag=x; tag=y; prefs=role,r,name,n"[..]));
        assert_eq!(parts.headers.get_all(COOKIE).iter().count(), 1);
        parts.header_object("X-Filter", true, &Filter { role: "r", min_age: Some(1), name: "n" });
        assert_eq!(parts.headers.get("x-filter").map(HeaderValue::as_bytes), Some(&b"role=r,min_age=1,name=n"[..]));
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
        let form = serde_json::json!({"b": "&", "a": "1 2", "list": [1, 2], "csv": ["x", "y,z"], "point": {"x": 1}, "deep": [{"k": 1}], "none": null});
        parts.form_body("application/x-www-form-urlencoded", &form, &[("csv", Style::Form, false)]);
        let expected = "a=1+2&b=%26&csv=x,y%2Cz&deep=%5B%7B%22k%22%3A1%7D%5D&list=1&list=2&x=1";
        assert!(matches!(&parts.body, Some(Payload::Bytes(body)) if body == expected.as_bytes()));
        parts.json_body("application/json", &serde_json::json!({"k": [1]}));
        assert!(matches!(&parts.body, Some(Payload::Bytes(body)) if body == br#"{"k":[1]}"#));
        assert_eq!(parts.headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes), Some(&b"application/json"[..]));
        parts.form_body("application/x-www-form-urlencoded", &serde_json::json!([1]), &[]);
        assert!(invalid_message(&parts).contains("form-encoded"));
    }

    fn core() -> Core {
        let mut builder = CoreBuilder::new(Some("http://127.0.0.1:9"), "runtime-tests/0");
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
