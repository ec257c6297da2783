//! The client: a builder with one setter per security scheme, one method per operation, one request
//! builder per operation (optional parameters as methods, `send`), and one error enum per operation.

use super::code::{self, Code};
use super::docs;
use super::types::{argument_type, ident, into_argument};
use super::Names;
use crate::ir::{self, MediaKind, ParamLocation, StatusMatch, TypeRef};

/// The `client.rs` module of one API.
pub fn module(api: &ir::Api, names: &Names) -> String {
    let mut code = Code::new();
    code.inner_docs(&[format!("The client for {}.", api.title.trim())]);
    if !api.operations.is_empty() {
        // Each operation decodes its response in a closure returning the `Result` its future yields;
        // clippy measures that `Result` there, as it does not for an `async fn`. Boxing every error to
        // please it would cost each failed call an allocation.
        code.line("#![allow(clippy::result_large_err)]");
        code.blank();
    }
    if api.operations.iter().any(operation_uses_types) {
        code.line("use super::types;");
    }
    if api.operations.is_empty() {
        code.line("use crate::runtime;");
    } else {
        code.line("use crate::runtime::{self, Error, ResponseValue};");
    }
    let default_base = api.servers.first().filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let (base_arg, builder_doc) = match default_base {
        Some(url) => {
            code.blank();
            code.line("/// The base URL requests go to unless [`ClientBuilder::base_url`] says otherwise: the spec's first server.");
            code.fmt(format_args!("pub const DEFAULT_BASE_URL: &str = {};", code::string(url)));
            ("Some(DEFAULT_BASE_URL)", format!("Starts configuring a client for `{url}`."))
        }
        None => ("None", "Starts configuring a client; the spec names no absolute server, so set [`ClientBuilder::base_url`].".to_owned()),
    };
    code.blank();
    code.line(CLIENT_STRUCT);
    code.blank();
    code.open("impl Client");
    code.docs(&[builder_doc]);
    code.open("pub fn builder() -> ClientBuilder");
    code.open("ClientBuilder");
    code.fmt(format_args!("core: runtime::CoreBuilder::new({base_arg}),"));
    code.close();
    code.close();
    code.blank();
    code.line("/// The base URL requests go to.");
    code.open("pub fn base_url(&self) -> &str");
    code.line("self.core.base_url()");
    code.close();
    for op in &api.operations {
        code.blank();
        client_method(&mut code, op, names);
    }
    code.close();
    code.blank();
    code.line(BUILDER_STRUCT);
    code.blank();
    code.open("impl ClientBuilder");
    for line in BUILDER_SETTERS.lines() {
        code.line(line);
    }
    for scheme in &api.security_schemes {
        let used = api.operations.iter().any(|op| op.security.iter().flatten().any(|key| *key == scheme.key));
        code.blank();
        scheme_setter(&mut code, scheme, used);
    }
    code.blank();
    code.line("/// Builds the client; fails when the base URL is missing or not an absolute `http(s)` URL.");
    code.open("pub fn build(self) -> Result<Client, runtime::BuildError>");
    code.line("Ok(Client { core: self.core.build()? })");
    code.close();
    code.close();
    for op in &api.operations {
        code.blank();
        operation_items(&mut code, op, names, api);
    }
    code.finish()
}

const CLIENT_STRUCT: &str = "/// A client for this API. Cloning it is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    core: runtime::Core,
}";

const BUILDER_STRUCT: &str = "/// Configures a [`Client`]: base URL, credentials, timeout and retries.
#[derive(Debug)]
pub struct ClientBuilder {
    core: runtime::CoreBuilder,
}";

/// The setters every client builder has, at one level of indentation less than they are written.
const BUILDER_SETTERS: &str = "/// Sends requests to `url` (for example a staging server or a local mock) instead of the default.
pub fn base_url(mut self, url: impl Into<String>) -> Self {
    self.core.base_url(url.into());
    self
}

/// Gives up on a request that has not completed within `timeout` (default 30 seconds).
pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
    self.core.timeout(timeout);
    self
}

/// Retries idempotent requests up to `retries` times (default 2) on 429, 502, 503, 504 and connection errors.
pub fn max_retries(mut self, retries: u32) -> Self {
    self.core.max_retries(retries);
    self
}

/// Retries `POST` and `PATCH` requests too (off by default: they may not be safe to repeat).
pub fn retry_post(mut self, enabled: bool) -> Self {
    self.core.retry_post(enabled);
    self
}

/// Sets the `User-Agent` header.
pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
    self.core.user_agent(user_agent.into());
    self
}

/// Refuses response bodies larger than `limit` bytes (default 32 MiB) with `Error::ResponseTooLarge`.
pub fn max_response_bytes(mut self, limit: usize) -> Self {
    self.core.max_response_bytes(limit);
    self
}

/// Builds the HTTP client from `builder` (for a proxy, root certificates, default headers...).
/// The timeout and the redirect policy set here still apply, so credentials never follow a
/// redirect to another host.
pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
    self.core.http_client(builder);
    self
}";

/// True when an operation's code names a model (`types::X`).
fn operation_uses_types(op: &ir::Operation) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner),
            _ => false,
        }
    }
    op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
        || op.responses.iter().any(|r| r.ty.as_ref().is_some_and(named))
}

fn scheme_setter(code: &mut Code, scheme: &ir::SecurityScheme, used: bool) {
    let key = &scheme.key;
    let secret = "impl Into<runtime::Secret>";
    let (what, args, credential) = match &scheme.kind {
        ir::SecurityKind::ApiKeyHeader(header) => (
            format!("Sends `value` in the `{header}` header to operations that accept `{key}`."),
            vec![format!("value: {secret}")],
            vec!["runtime::Credential::ApiKeyHeader {".to_owned(), format!("    name: {},", code::string(header)), "    value: value.into(),".to_owned(), "},".to_owned()],
        ),
        ir::SecurityKind::ApiKeyQuery(param) => (
            format!("Sends `value` as the `{param}` query parameter to operations that accept `{key}`."),
            vec![format!("value: {secret}")],
            vec!["runtime::Credential::ApiKeyQuery {".to_owned(), format!("    name: {},", code::string(param)), "    value: value.into(),".to_owned(), "},".to_owned()],
        ),
        ir::SecurityKind::ApiKeyCookie(cookie) => (
            format!("Sends `value` as the `{cookie}` cookie to operations that accept `{key}`."),
            vec![format!("value: {secret}")],
            vec!["runtime::Credential::ApiKeyCookie {".to_owned(), format!("    name: {},", code::string(cookie)), "    value: value.into(),".to_owned(), "},".to_owned()],
        ),
        ir::SecurityKind::Basic => (
            format!("Sends HTTP basic credentials to operations that accept `{key}`."),
            vec!["username: impl Into<String>".to_owned(), format!("password: {secret}")],
            vec!["runtime::Credential::Basic {".to_owned(), "    username: username.into(),".to_owned(), "    password: password.into(),".to_owned(), "},".to_owned()],
        ),
        ir::SecurityKind::Bearer => (
            format!("Sends `token` as `Authorization: Bearer` to operations that accept `{key}`."),
            vec![format!("token: {secret}")],
            vec!["runtime::Credential::Bearer(token.into()),".to_owned()],
        ),
    };
    let mut lines = vec![what];
    if !used {
        lines.push(String::new());
        lines.push("None of the operations in this spec asks for it; it is here because the spec declares the scheme.".to_owned());
    }
    let described = docs::lines(&scheme.docs);
    if !described.is_empty() {
        lines.push(String::new());
        lines.extend(described);
    }
    code.docs(&lines);
    let mut all_args = vec!["mut self".to_owned()];
    all_args.extend(args);
    code.open_fn(&format!("pub fn {}", ident(&scheme.name)), &all_args, "Self");
    let one_line = match credential.as_slice() {
        [only] => Some(format!("self.core.credential({}, {});", code::string(key), only.trim_end_matches(','))),
        _ => None,
    };
    if let Some(one_line) = one_line.filter(|line| code.fits(line)) {
        code.line(&one_line);
    } else {
        code.line("self.core.credential(");
        code.fmt(format_args!("    {},", code::string(key)));
        for line in credential {
            code.fmt(format_args!("    {line}"));
        }
        code.line(");");
    }
    code.line("self");
    code.close();
}

fn request_name(op: &ir::Operation) -> String {
    ident(&format!("{}Request", op.type_name))
}

fn error_name(op: &ir::Operation) -> String {
    ident(&format!("{}Error", op.type_name))
}

fn response_name(op: &ir::Operation) -> String {
    ident(&format!("{}Response", op.type_name))
}

fn is_success(status: &StatusMatch) -> bool {
    matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
}

/// How an operation's success is typed.
enum Success<'a> {
    /// One type (or `()`), whatever documented 2xx status came.
    Single(Option<&'a TypeRef>, Vec<&'a ir::Response>),
    /// A different type per status: an enum.
    PerStatus(Vec<&'a ir::Response>),
    /// No 2xx documented; `default` describes successes too.
    Default(&'a ir::Response),
    /// Nothing documented: the raw bytes.
    Undocumented,
}

fn success(op: &ir::Operation) -> Success<'_> {
    let documented: Vec<&ir::Response> = op.responses.iter().filter(|r| is_success(&r.status)).collect();
    if documented.is_empty() {
        return match op.responses.iter().find(|r| r.status == StatusMatch::Default) {
            Some(default) => Success::Default(default),
            None => Success::Undocumented,
        };
    }
    let first = documented.first().and_then(|r| r.ty.as_ref());
    if documented.iter().all(|r| r.ty.as_ref() == first) {
        Success::Single(first, documented)
    } else {
        Success::PerStatus(documented)
    }
}

fn success_type(op: &ir::Operation, names: &Names) -> String {
    match success(op) {
        Success::Single(Some(ty), _) => names.ty(ty),
        Success::Single(None, _) => "()".to_owned(),
        Success::PerStatus(_) => response_name(op),
        Success::Default(response) => match &response.ty {
            Some(ty) => names.ty(ty),
            None => "()".to_owned(),
        },
        Success::Undocumented => "Vec<u8>".to_owned(),
    }
}

fn error_responses(op: &ir::Operation) -> Vec<&ir::Response> {
    op.responses.iter().filter(|r| !is_success(&r.status)).collect()
}

fn client_method(code: &mut Code, op: &ir::Operation, names: &Names) {
    let request = request_name(op);
    let required: Vec<&ir::Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args = vec!["&self".to_owned()];
    args.extend(required.iter().map(|p| format!("{}: {}", ident(&p.name), param_argument_type(&p.ty, names))));
    let mut inits: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            let pname = ident(&p.name);
            if p.required {
                match param_conversion(&p.ty, &pname) {
                    value if value == pname => pname,
                    value => format!("{pname}: {value}"),
                }
            } else {
                format!("{pname}: None")
            }
        })
        .collect();
    if let Some(body) = &op.body {
        if body.required {
            args.push(format!("body: {}", names.ty(&body.ty)));
            inits.push("body".to_owned());
        } else {
            inits.push("body: None".to_owned());
        }
        if form_alternative(body) {
            inits.push("form_encoded: false".to_owned());
        }
    }
    let mut lines = docs::lines(&op.docs);
    let described: Vec<&ir::Param> = required.iter().copied().filter(|p| p.docs.description.is_some()).collect();
    if !described.is_empty() || op.body.as_ref().is_some_and(|b| b.required) {
        lines.push(String::new());
        lines.push("Arguments:".to_owned());
        for p in &described {
            let text = docs::safe_lines(p.docs.description.as_deref().unwrap_or_default()).join(" ");
            lines.push(format!("- `{}`: {}", p.name, text));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let text = body.docs.description.as_deref().map(|d| docs::safe_lines(d).join(" ")).unwrap_or_else(|| "the request body.".to_owned());
            lines.push(format!("- `body`: {text}"));
        }
    }
    if op.deprecated {
        lines.push(String::new());
        lines.push("The spec marks this operation as deprecated.".to_owned());
    }
    code.docs(&lines);
    if op.deprecated {
        code.line("#[deprecated = \"the spec marks this operation as deprecated\"]");
    }
    code.open_fn(&format!("pub fn {}", ident(&op.name)), &args, &format!("{request}<'_>"));
    code.open(&request);
    code.line("client_: self,");
    for init in inits {
        code.fmt(format_args!("{init},"));
    }
    code.close();
    code.close();
}

/// The argument type of a parameter: strings and secrets as `impl Into`, lists as any iterable.
fn param_argument_type(ty: &TypeRef, names: &Names) -> String {
    match ty {
        TypeRef::List(inner) => format!("impl IntoIterator<Item = {}>", argument_type(inner, names)),
        other => argument_type(other, names),
    }
}

fn param_conversion(ty: &TypeRef, value: &str) -> String {
    match ty {
        TypeRef::List(inner) if into_argument(inner) => format!("{value}.into_iter().map(Into::into).collect()"),
        TypeRef::List(_) => format!("{value}.into_iter().collect()"),
        other if into_argument(other) => format!("{value}.into()"),
        _ => value.to_owned(),
    }
}

fn form_alternative(body: &ir::Body) -> bool {
    body.encodings.first().is_some_and(|e| e.kind != MediaKind::Form) && body.encodings.iter().any(|e| e.kind == MediaKind::Form)
}

fn operation_items(code: &mut Code, op: &ir::Operation, names: &Names, api: &ir::Api) {
    let request = request_name(op);
    let error = error_name(op);
    code.docs(&[format!(
        "A `{} {}` request, made by [`Client::{}`]; send it with [`{request}::send`].",
        op.http_method, op.path_template, op.name
    )]);
    code.line("#[derive(Debug)]");
    code.line("#[must_use = \"a request does nothing until `send` is awaited\"]");
    code.open(&format!("pub struct {request}<'a>"));
    code.line("client_: &'a Client,");
    for p in &op.params {
        let ty = names.ty(&p.ty);
        if p.required {
            code.fmt(format_args!("{}: {ty},", ident(&p.name)));
        } else {
            code.fmt(format_args!("{}: Option<{ty}>,", ident(&p.name)));
        }
    }
    if let Some(body) = &op.body {
        let ty = names.ty(&body.ty);
        if body.required {
            code.fmt(format_args!("body: {ty},"));
        } else {
            code.fmt(format_args!("body: Option<{ty}>,"));
        }
        if form_alternative(body) {
            code.line("form_encoded: bool,");
        }
    }
    code.close();
    code.blank();

    code.open(&format!("impl<'a> {request}<'a>"));
    for p in op.params.iter().filter(|p| !p.required) {
        optional_setter(code, p, names);
        code.blank();
    }
    if let Some(body) = &op.body {
        body_setters(code, body, names);
    }
    let success_ty = success_type(op, names);
    code.docs(&[format!("Sends the request. Use [`{request}::send_with_meta`] to see the status and headers too.")]);
    // Neither method is an `async fn`: the request is assembled here and the runtime's one generic
    // `async` body sends it, which keeps the per-operation cost of compiling the crate down.
    let future = |output: String| format!("impl std::future::Future<Output = {output}> + 'a");
    code.open_fn("pub fn send", &["self".to_owned()], &future(format!("Result<{success_ty}, Error<{error}>>")));
    code.line("runtime::value_of(self.send_with_meta())");
    code.close();
    code.blank();
    code.line("/// Sends the request and returns the value with the response's status and headers.");
    code.open_fn("pub fn send_with_meta", &["self".to_owned()], &future(format!("Result<ResponseValue<{success_ty}>, Error<{error}>>")));
    build_request(code, op);
    decode_response(code, op, api);
    code.close();
    code.close();

    response_enum(code, op, names, api);
    code.blank();
    error_enum(code, op, names, api);
}

fn optional_setter(code: &mut Code, p: &ir::Param, names: &Names) {
    let pname = ident(&p.name);
    let mut lines = docs::lines(&p.docs);
    if lines.is_empty() {
        lines.push(format!("Sets the `{}` {}.", p.wire_name, location_word(p.location)));
    }
    code.docs(&lines);
    code.open_fn(&format!("pub fn {pname}"), &["mut self".to_owned(), format!("value: {}", param_argument_type(&p.ty, names))], "Self");
    code.fmt(format_args!("self.{pname} = Some({});", param_conversion(&p.ty, "value")));
    code.line("self");
    code.close();
}

fn body_setters(code: &mut Code, body: &ir::Body, names: &Names) {
    if !body.required {
        let mut lines = docs::lines(&body.docs);
        if lines.is_empty() {
            lines.push("Sets the request body; without it, no body is sent.".to_owned());
        } else {
            lines.push(String::new());
            lines.push("Without it, no body is sent.".to_owned());
        }
        code.docs(&lines);
        code.open_fn("pub fn body", &["mut self".to_owned(), format!("body: {}", names.ty(&body.ty))], "Self");
        code.line("self.body = Some(body);");
        code.line("self");
        code.close();
        code.blank();
    }
    if form_alternative(body) {
        let media = body.encodings.iter().find(|e| e.kind == MediaKind::Form).map(|e| e.media_type.as_str()).unwrap_or_default();
        let default = body.encodings.first().map(|e| e.media_type.as_str()).unwrap_or_default();
        code.docs(&[format!("Sends the body as `{media}` instead of `{default}`.")]);
        code.open("pub fn form_encoded(mut self) -> Self");
        code.line("self.form_encoded = true;");
        code.line("self");
        code.close();
        code.blank();
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn build_request(code: &mut Code, op: &ir::Operation) {
    code.fmt(format_args!("let mut request = runtime::RequestParts::new(reqwest::Method::{});", ident(&op.http_method)));
    for part in &op.path {
        match part {
            ir::PathPart::Literal(text) => code.fmt(format_args!("request.path({});", code::string(text))),
            ir::PathPart::Param(index) => {
                if let Some(p) = op.params.get(*index) {
                    code.fmt(format_args!("request.path_param({}, &self.{});", code::string(&p.wire_name), ident(&p.name)));
                }
            }
        }
    }
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        let pname = ident(&p.name);
        let wire = code::string(&p.wire_name);
        let call = match (p.location, &p.ty, p.explode) {
            (ParamLocation::Query, TypeRef::List(_), true) => "query_exploded",
            (ParamLocation::Query, TypeRef::List(_), false) => "query_csv",
            (ParamLocation::Query, _, _) => "query",
            (_, TypeRef::List(_), _) => "header_csv",
            _ => "header",
        };
        if p.required {
            code.fmt(format_args!("request.{call}({wire}, &self.{pname});"));
        } else {
            code.open(&format!("if let Some(value) = &self.{pname}"));
            code.fmt(format_args!("request.{call}({wire}, value);"));
            code.close();
        }
    }
    let mut accept: Vec<&str> = Vec::new();
    for response in &op.responses {
        for media in &response.media {
            if !accept.contains(&media.media_type.as_str()) {
                accept.push(&media.media_type);
            }
        }
    }
    if !accept.is_empty() {
        code.fmt(format_args!("request.accept({});", code::string(&accept.join(", "))));
    }
    if !op.security.is_empty() {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|alternative| format!("&[{}]", alternative.iter().map(|key| code::string(key)).collect::<Vec<_>>().join(", ")))
            .collect();
        code.fmt(format_args!("request.authorize(&self.client_.core, &[{}]);", alternatives.join(", ")));
    }
    if let Some(body) = &op.body {
        body_encoding(code, body);
    }
}

fn body_encoding(code: &mut Code, body: &ir::Body) {
    let Some(first) = body.encodings.first() else { return };
    let value = if body.required { "&self.body" } else { "body" };
    let encode = |code: &mut Code, encoding: &ir::BodyEncoding| {
        let call = match encoding.kind {
            MediaKind::Json => "json_body",
            MediaKind::Form => "form_body",
            MediaKind::Text => "text_body",
            MediaKind::Bytes => "bytes_body",
        };
        code.fmt(format_args!("request.{call}({}, {value});", code::string(&encoding.media_type)));
    };
    if !body.required {
        code.open("if let Some(body) = &self.body");
    }
    match body.encodings.iter().find(|e| e.kind == MediaKind::Form).filter(|_| form_alternative(body)) {
        Some(form) => {
            code.open("if self.form_encoded");
            encode(code, form);
            code.reopen("else");
            encode(code, first);
            code.close();
        }
        None => encode(code, first),
    }
    if !body.required {
        code.close();
    }
}

fn status_pattern(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(digit) => format!("{}..={}", u32::from(*digit) * 100, u32::from(*digit) * 100 + 99),
        StatusMatch::Default => "_".to_owned(),
    }
}

/// The documented media types of `kind` in a response, as a slice literal for the runtime's checks.
fn media_types(response: &ir::Response, kind: MediaKind) -> String {
    let types: Vec<String> = response.media.iter().filter(|m| m.kind == kind).map(|m| code::string(&m.media_type)).collect();
    format!("&[{}]", types.join(", "))
}

/// The variants of a response body that is a union chosen by content type, if it is one.
fn media_union<'a>(response: &ir::Response, api: &'a ir::Api) -> Option<&'a [ir::OneOfVariant]> {
    let Some(TypeRef::Named(name)) = &response.ty else { return None };
    api.types.iter().find(|t| &t.name == name).and_then(|t| match &t.kind {
        ir::TypeKind::MediaUnion(variants) => Some(variants.as_slice()),
        _ => None,
    })
}

/// Constructors applied to a decoded value, innermost first (`[Union::Text, OpError::Unauthorized]`).
#[derive(Clone, Default)]
struct Wrap(Vec<String>);

impl Wrap {
    fn with(&self, path: String) -> Wrap {
        let mut paths = self.0.clone();
        paths.push(path);
        Wrap(paths)
    }

    /// This wrapping followed by `outer`'s.
    fn with_all(self, outer: &Wrap) -> Wrap {
        outer.0.iter().fold(self, |wrap, path| wrap.with(path.clone()))
    }

    /// `expr` wrapped by every constructor.
    fn apply(&self, expr: String) -> String {
        self.0.iter().fold(expr, |inner, path| format!("{path}({inner})"))
    }

    /// The wrapping as something callable: a path, or a closure when there are several.
    fn callable(&self) -> Option<String> {
        match self.0.as_slice() {
            [] => None,
            [only] => Some(only.clone()),
            _ => Some(format!("|value| {}", self.apply("value".to_owned()))),
        }
    }
}

/// How one body is read: an expression giving `Result<ResponseValue<T>, Error<E>>` (`Fallible`) or
/// `ResponseValue<T>` (`Direct`).
enum Read {
    Fallible(String),
    Direct(String),
}

impl Read {
    /// The read as a success: `Result<ResponseValue<S>, Error<E>>`, `wrap` making the value an `S`.
    fn success(self, wrap: &Wrap) -> String {
        match (self, wrap.callable()) {
            (Read::Fallible(expr), None) => expr,
            (Read::Fallible(expr), Some(w)) => format!("{expr}.map(|value| ResponseValue::map(value, {w}))"),
            (Read::Direct(expr), None) => format!("Ok({expr})"),
            (Read::Direct(expr), Some(w)) => format!("Ok(ResponseValue::map({expr}, {w}))"),
        }
    }

    /// The read as a typed error: `Err(Error::Api(...))`, `wrap` making the value the error variant.
    /// Only direct reads (bytes) come here; JSON and text errors go through the runtime's helpers.
    fn error(self, wrap: &Wrap) -> String {
        let (Read::Direct(expr) | Read::Fallible(expr)) = self;
        format!("Err(Error::Api({}))", wrap.apply(format!("{expr}.into_inner()")))
    }
}

/// Reads a body of type `ty` sent as media of `kind`.
fn read(response: &ir::Response, ty: &TypeRef, kind: MediaKind) -> Read {
    match (kind, ty) {
        (MediaKind::Bytes, _) | (_, TypeRef::Bytes) => Read::Direct("response.bytes()".to_owned()),
        (MediaKind::Text, TypeRef::Secret) => {
            Read::Fallible(format!("response.text({}).map(|value| value.map(runtime::Secret::from))", media_types(response, MediaKind::Text)))
        }
        (MediaKind::Text, _) => Read::Fallible(format!("response.text({})", media_types(response, MediaKind::Text))),
        (MediaKind::Json | MediaKind::Form, _) => Read::Fallible("response.json()".to_owned()),
    }
}

/// The ways a response body can be read, each with its media kind: one per union variant, or one per
/// media kind for a single type. JSON, when offered, comes last: it is the fallback when no other
/// documented content type matches.
fn readings(response: &ir::Response, ty: &TypeRef, api: &ir::Api) -> Vec<(MediaKind, Read, Option<String>)> {
    let mut out = Vec::new();
    match (media_union(response, api), ty) {
        (Some(variants), TypeRef::Named(name)) => {
            let union = ident(name);
            for variant in variants {
                let kind = match variant.name.as_str() {
                    "Text" => MediaKind::Text,
                    "Bytes" => MediaKind::Bytes,
                    _ => MediaKind::Json,
                };
                out.push((kind, read(response, &variant.ty, kind), Some(format!("types::{union}::{}", ident(&variant.name)))));
            }
        }
        _ => {
            let mut kinds: Vec<MediaKind> = response.media.iter().map(|m| if m.kind == MediaKind::Form { MediaKind::Json } else { m.kind }).collect();
            kinds.sort();
            kinds.dedup();
            if kinds.is_empty() {
                kinds.push(MediaKind::Json);
            }
            for kind in kinds {
                out.push((kind, read(response, ty, kind), None));
            }
        }
    }
    out.sort_by_key(|(kind, _, _)| *kind == MediaKind::Json);
    out
}

/// A match arm's value: an expression, after content-type checks that return early.
struct Decode {
    checks: Vec<(String, String)>,
    last: String,
}

/// Chooses among readings by the response's content type: each but the last behind a check.
fn choose(response: &ir::Response, readings: Vec<(MediaKind, String)>) -> Decode {
    let mut checks = Vec::new();
    let mut last = String::new();
    let count = readings.len();
    for (index, (kind, result)) in readings.into_iter().enumerate() {
        if index + 1 == count {
            last = result;
        } else {
            checks.push((media_types(response, kind), result));
        }
    }
    Decode { checks, last }
}

impl From<String> for Decode {
    fn from(last: String) -> Self {
        Decode { checks: Vec::new(), last }
    }
}

fn arm(code: &mut Code, pattern: &str, decode: Decode) {
    if decode.checks.is_empty() {
        code.arm(pattern, &decode.last);
        return;
    }
    code.open(&format!("{pattern} =>"));
    for (types, result) in decode.checks {
        code.open(&format!("if response.has_content_type({types})"));
        code.fmt(format_args!("return {result};"));
        code.close();
    }
    code.line(&decode.last);
    code.close();
}

/// Decodes a success body as `Result<ResponseValue<S>, Error<E>>`, `wrap` turning the value into `S`.
fn decode_success(response: &ir::Response, wrap: &Wrap, api: &ir::Api) -> Decode {
    let Some(ty) = &response.ty else {
        return Read::Direct("response.empty()".to_owned()).success(wrap).into();
    };
    let readings = readings(response, ty, api)
        .into_iter()
        .map(|(kind, read, variant)| {
            let wrap = match variant {
                Some(path) => Wrap(vec![path]).with_all(wrap),
                None => wrap.clone(),
            };
            (kind, read.success(&wrap))
        })
        .collect();
    choose(response, readings)
}

/// Decodes a documented error body into `Err(Error::Api(variant(body)))`, with the runtime's
/// `json_error` and `text_error`, which keep the status and body when the body does not decode.
fn decode_error(response: &ir::Response, ty: &TypeRef, variant: String, api: &ir::Api) -> Decode {
    let outer = Wrap(vec![variant]);
    let readings = readings(response, ty, api)
        .into_iter()
        .map(|(kind, _, union_variant)| {
            let value_ty = match (&union_variant, media_union(response, api)) {
                (Some(_), Some(variants)) => variants
                    .iter()
                    .find(|v| v.name == match kind { MediaKind::Text => "Text", MediaKind::Bytes => "Bytes", _ => "Json" })
                    .map_or(TypeRef::Json, |v| v.ty.clone()),
                _ => ty.clone(),
            };
            let mut wrap = Wrap::default();
            if kind == MediaKind::Text && value_ty == TypeRef::Secret {
                wrap = wrap.with("runtime::Secret::from".to_owned());
            }
            if let Some(path) = union_variant {
                wrap = wrap.with(path);
            }
            let wrap = wrap.with_all(&outer);
            let callable = wrap.callable().unwrap_or_default();
            let result = match kind {
                MediaKind::Json | MediaKind::Form => format!("response.json_error({callable})"),
                MediaKind::Text => format!("response.text_error({}, {callable})", media_types(response, MediaKind::Text)),
                MediaKind::Bytes => Read::Direct("response.bytes()".to_owned()).error(&wrap),
            };
            (kind, result)
        })
        .collect();
    choose(response, readings)
}

fn decode_response(code: &mut Code, op: &ir::Operation, api: &ir::Api) {
    let error = error_name(op);
    code.open("self.client_.core.call(request, |response| match response.status()");
    let success = success(op);
    match &success {
        Success::Single(_, responses) => {
            for response in responses {
                arm(code, &status_pattern(&response.status), decode_success(response, &Wrap::default(), api));
            }
        }
        Success::PerStatus(responses) => {
            let name = response_name(op);
            for response in responses {
                let variant = ident(&response.variant);
                let decode = match &response.ty {
                    None => format!("Ok(response.empty().map(|()| {name}::{variant}))").into(),
                    Some(_) => decode_success(response, &Wrap(vec![format!("{name}::{variant}")]), api),
                };
                arm(code, &status_pattern(&response.status), decode);
            }
        }
        Success::Default(response) => arm(code, "200..=299", decode_success(response, &Wrap::default(), api)),
        Success::Undocumented => code.line("200..=299 => Ok(response.bytes()),"),
    }
    let has_success_range = matches!(&success, Success::Default(_) | Success::Undocumented);
    let unexpected = format!("Err(Error::Api({error}::Unexpected(response.unexpected())))");
    let mut has_default = false;
    for response in error_responses(op) {
        if response.status == StatusMatch::Default {
            has_default = true;
            if !has_success_range {
                // A guard, not a range pattern: documented 2xx codes above would overlap a range.
                code.arm("status if (200..=299).contains(&status)", &unexpected);
            }
        }
        let variant = format!("{error}::{}", ident(&response.variant));
        let decode = match &response.ty {
            None => format!("Err(Error::Api({variant}))").into(),
            Some(ty) => decode_error(response, ty, variant, api),
        };
        arm(code, &status_pattern(&response.status), decode);
    }
    if !has_default {
        code.arm("_", &unexpected);
    }
    code.close_with(")");
}

fn response_enum(code: &mut Code, op: &ir::Operation, names: &Names, api: &ir::Api) {
    let Success::PerStatus(responses) = success(op) else { return };
    let sizes: Vec<usize> = responses.iter().map(|r| r.ty.as_ref().map_or(0, |ty| super::estimated_size(api, ty, 0))).collect();
    code.blank();
    code.docs(&[format!("The successful responses of [`Client::{}`], one variant per documented status.", op.name)]);
    code.line("#[derive(Debug, Clone, PartialEq)]");
    super::large_variant_allow(code, &sizes);
    code.open(&format!("pub enum {}", response_name(op)));
    for response in responses {
        status_variant(code, response, names);
    }
    code.close();
}

/// One variant per documented status: its body type, or none, with the status and description as docs.
fn status_variant(code: &mut Code, response: &ir::Response, names: &Names) {
    let status = match &response.status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(digit) => format!("Any {digit}xx status"),
        StatusMatch::Default => "Any status the spec does not list".to_owned(),
    };
    let description = response.docs.description.as_deref().map(|d| docs::safe_lines(d).join(" ")).unwrap_or_default();
    let line = if description.is_empty() { format!("{status}.") } else { format!("{status}: {description}") };
    code.docs(&[line]);
    let variant = ident(&response.variant);
    match &response.ty {
        Some(ty) => code.fmt(format_args!("{variant}({}),", names.ty(ty))),
        None => code.fmt(format_args!("{variant},")),
    }
}

fn error_enum(code: &mut Code, op: &ir::Operation, names: &Names, api: &ir::Api) {
    let name = error_name(op);
    let errors = error_responses(op);
    // The catch-all holds a status, a header map and a body: about 130 bytes.
    let mut sizes: Vec<usize> = errors.iter().map(|r| r.ty.as_ref().map_or(0, |ty| super::estimated_size(api, ty, 0))).collect();
    sizes.push(130);
    code.docs(&[format!("The documented error responses of [`Client::{}`], and a catch-all for the others.", op.name)]);
    code.line("#[derive(Debug, Clone, PartialEq)]");
    super::large_variant_allow(code, &sizes);
    code.open(&format!("pub enum {name}"));
    for response in &errors {
        status_variant(code, response, names);
    }
    code.line("/// A status the spec does not document for this operation, kept whole.");
    code.line("Unexpected(runtime::UnexpectedResponse),");
    code.close();
    code.blank();

    code.open(&format!("impl std::fmt::Display for {name}"));
    code.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result");
    code.open("match self");
    for response in &errors {
        let variant = ident(&response.variant);
        let status = match &response.status {
            StatusMatch::Code(code) => format!("status {code}"),
            StatusMatch::Range(digit) => format!("a {digit}xx status"),
            StatusMatch::Default => "an error status".to_owned(),
        };
        let description = response.docs.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
        let text = if description.is_empty() {
            format!("{} answered with {status}", op.name)
        } else {
            format!("{} answered with {status}: {description}", op.name)
        };
        let pattern = if response.ty.is_some() { format!("Self::{variant}(_)") } else { format!("Self::{variant}") };
        code.arm(&pattern, &format!("f.write_str({})", code::string(&text)));
    }
    let unexpected = format!("{} answered with a response the spec does not document: {{response}}", op.name);
    code.arm("Self::Unexpected(response)", &format!("write!(f, {})", code::string(&unexpected)));
    code.close();
    code.close();
    code.close();
    code.blank();
    code.fmt(format_args!("impl std::error::Error for {name} {{}}"));
}
