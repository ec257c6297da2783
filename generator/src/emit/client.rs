//! The client: a builder with one setter per security scheme, one method per operation, one request
//! builder per operation (optional parameters as methods, `send`), and one error enum per operation.

use super::docs;
use super::types::{argument_type, ident, into_argument};
use super::Names;
use crate::ir::{self, MediaKind, ParamLocation, StatusMatch, TypeRef};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The `client.rs` module of one API.
pub fn module(api: &ir::Api, names: &Names) -> TokenStream {
    let doc = format!(" The client for {}.", api.title.trim());
    let default_base = api.servers.first().filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let (base_const, base_arg, builder_doc) = match default_base {
        Some(url) => (
            quote! {
                /// The base URL requests go to unless [`ClientBuilder::base_url`] says otherwise: the spec's first server.
                pub const DEFAULT_BASE_URL: &str = #url;
            },
            quote! { Some(DEFAULT_BASE_URL) },
            format!("Starts configuring a client for `{url}`."),
        ),
        None => (quote! {}, quote! { None }, "Starts configuring a client; the spec names no absolute server, so set [`ClientBuilder::base_url`].".to_owned()),
    };
    let builder_doc = docs::text_attrs(&[builder_doc]);
    let uses_types = api.operations.iter().any(operation_uses_types);
    let types_import = if uses_types { quote! { use super::types; } } else { quote! {} };
    let runtime_import = if api.operations.is_empty() {
        quote! { use crate::runtime; }
    } else {
        quote! { use crate::runtime::{self, Error, ResponseValue}; }
    };
    let methods = api.operations.iter().map(|op| client_method(op, names));
    let setters = api.security_schemes.iter().map(|scheme| {
        let used = api.operations.iter().any(|op| op.security.iter().flatten().any(|key| *key == scheme.key));
        scheme_setter(scheme, used)
    });
    let operations = api.operations.iter().map(|op| operation_items(op, names, api));
    quote! {
        #![doc = #doc]

        #types_import
        #runtime_import

        #base_const

        /// A client for this API. Cloning it is cheap and shares the connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: runtime::Core,
        }

        impl Client {
            #builder_doc
            pub fn builder() -> ClientBuilder {
                ClientBuilder { core: runtime::CoreBuilder::new(#base_arg) }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#methods)*
        }

        /// Configures a [`Client`]: base URL, credentials, timeout and retries.
        #[derive(Debug)]
        pub struct ClientBuilder {
            core: runtime::CoreBuilder,
        }

        impl ClientBuilder {
            /// Sends requests to `url` (for example a staging server or a local mock) instead of the default.
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
            }

            #(#setters)*

            /// Builds the client; fails when the base URL is missing or not an absolute `http(s)` URL.
            pub fn build(self) -> Result<Client, runtime::BuildError> {
                Ok(Client { core: self.core.build()? })
            }
        }

        #(#operations)*
    }
}

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

fn scheme_setter(scheme: &ir::SecurityScheme, used: bool) -> TokenStream {
    let name = ident(&scheme.name);
    let key = &scheme.key;
    let (what, args, credential) = match &scheme.kind {
        ir::SecurityKind::ApiKeyHeader(header) => (
            format!("Sends `value` in the `{header}` header to operations that accept `{key}`."),
            quote! { value: impl Into<runtime::Secret> },
            quote! { runtime::Credential::ApiKeyHeader { name: #header, value: value.into() } },
        ),
        ir::SecurityKind::ApiKeyQuery(param) => (
            format!("Sends `value` as the `{param}` query parameter to operations that accept `{key}`."),
            quote! { value: impl Into<runtime::Secret> },
            quote! { runtime::Credential::ApiKeyQuery { name: #param, value: value.into() } },
        ),
        ir::SecurityKind::ApiKeyCookie(cookie) => (
            format!("Sends `value` as the `{cookie}` cookie to operations that accept `{key}`."),
            quote! { value: impl Into<runtime::Secret> },
            quote! { runtime::Credential::ApiKeyCookie { name: #cookie, value: value.into() } },
        ),
        ir::SecurityKind::Basic => (
            format!("Sends HTTP basic credentials to operations that accept `{key}`."),
            quote! { username: impl Into<String>, password: impl Into<runtime::Secret> },
            quote! { runtime::Credential::Basic { username: username.into(), password: password.into() } },
        ),
        ir::SecurityKind::Bearer => (
            format!("Sends `token` as `Authorization: Bearer` to operations that accept `{key}`."),
            quote! { token: impl Into<runtime::Secret> },
            quote! { runtime::Credential::Bearer(token.into()) },
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
    let doc = docs::text_attrs(&lines);
    quote! {
        #doc
        pub fn #name(mut self, #args) -> Self {
            self.core.credential(#key, #credential);
            self
        }
    }
}

fn request_name(op: &ir::Operation) -> Ident {
    format_ident!("{}Request", op.type_name)
}

fn error_name(op: &ir::Operation) -> Ident {
    format_ident!("{}Error", op.type_name)
}

fn response_name(op: &ir::Operation) -> Ident {
    format_ident!("{}Response", op.type_name)
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

fn success_type(op: &ir::Operation, names: &Names) -> TokenStream {
    match success(op) {
        Success::Single(Some(ty), _) => names.ty(ty),
        Success::Single(None, _) => quote! { () },
        Success::PerStatus(_) => {
            let name = response_name(op);
            quote! { #name }
        }
        Success::Default(response) => match &response.ty {
            Some(ty) => names.ty(ty),
            None => quote! { () },
        },
        Success::Undocumented => quote! { Vec<u8> },
    }
}

fn error_responses(op: &ir::Operation) -> Vec<&ir::Response> {
    op.responses.iter().filter(|r| !is_success(&r.status)).collect()
}

fn client_method(op: &ir::Operation, names: &Names) -> TokenStream {
    let name = ident(&op.name);
    let request = request_name(op);
    let required: Vec<&ir::Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let pname = ident(&p.name);
            let ty = param_argument_type(&p.ty, names);
            quote! { #pname: #ty }
        })
        .collect();
    let mut inits: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let pname = ident(&p.name);
            if p.required {
                match param_conversion(&p.ty, quote! { #pname }) {
                    value if pname == value.to_string() => quote! { #pname },
                    value => quote! { #pname: #value },
                }
            } else {
                quote! { #pname: None }
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = names.ty(&body.ty);
        if body.required {
            args.push(quote! { body: #ty });
            inits.push(quote! { body });
        } else {
            inits.push(quote! { body: None });
        }
        if form_alternative(body) {
            inits.push(quote! { form_encoded: false });
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
    let doc = docs::text_attrs(&lines);
    let deprecated = if op.deprecated { quote! { #[deprecated = "the spec marks this operation as deprecated"] } } else { quote! {} };
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #request<'_> {
            #request { client_: self, #(#inits,)* }
        }
    }
}

/// The argument type of a parameter: strings and secrets as `impl Into`, lists as any iterable.
fn param_argument_type(ty: &TypeRef, names: &Names) -> TokenStream {
    match ty {
        TypeRef::List(inner) => {
            let item = argument_type(inner, names);
            quote! { impl IntoIterator<Item = #item> }
        }
        other => argument_type(other, names),
    }
}

fn param_conversion(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::List(inner) if into_argument(inner) => quote! { #value.into_iter().map(Into::into).collect() },
        TypeRef::List(_) => quote! { #value.into_iter().collect() },
        other if into_argument(other) => quote! { #value.into() },
        _ => value,
    }
}

fn form_alternative(body: &ir::Body) -> bool {
    body.encodings.first().is_some_and(|e| e.kind != MediaKind::Form) && body.encodings.iter().any(|e| e.kind == MediaKind::Form)
}

fn operation_items(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let request = request_name(op);
    let error = error_name(op);
    let method_name = &op.name;
    let request_doc = docs::text_attrs(&[format!("A `{} {}` request, made by [`Client::{method_name}`]; send it with [`{request}::send`].", op.http_method, op.path_template)]);
    let fields = op.params.iter().map(|p| {
        let pname = ident(&p.name);
        let ty = names.ty(&p.ty);
        if p.required {
            quote! { #pname: #ty, }
        } else {
            quote! { #pname: Option<#ty>, }
        }
    });
    let body_field = op.body.as_ref().map(|body| {
        let ty = names.ty(&body.ty);
        let field = if body.required { quote! { body: #ty, } } else { quote! { body: Option<#ty>, } };
        let form = if form_alternative(body) { quote! { form_encoded: bool, } } else { quote! {} };
        quote! { #field #form }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|p| optional_setter(p, names));
    let body_setters = op.body.as_ref().map(|body| body_setters(body, names));
    let success_ty = success_type(op, names);
    let send_doc = docs::text_attrs(&[format!("Sends the request. Use [`{request}::send_with_meta`] to see the status and headers too.")]);
    let build = build_request(op);
    let decode = decode_response(op, api);
    let response_enum = response_enum(op, names, api);
    let error_enum = error_enum(op, names, api);
    quote! {
        #request_doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #request<'a> {
            client_: &'a Client,
            #(#fields)*
            #body_field
        }

        impl #request<'_> {
            #(#setters)*
            #body_setters

            #send_doc
            pub async fn send(self) -> Result<#success_ty, Error<#error>> {
                self.send_with_meta().await.map(ResponseValue::into_inner)
            }

            /// Sends the request and returns the value with the response's status and headers.
            pub async fn send_with_meta(self) -> Result<ResponseValue<#success_ty>, Error<#error>> {
                #build
                let response = self.client_.core.execute(request).await?;
                #decode
            }
        }

        #response_enum
        #error_enum
    }
}

fn optional_setter(p: &ir::Param, names: &Names) -> TokenStream {
    let pname = ident(&p.name);
    let arg = param_argument_type(&p.ty, names);
    let value = param_conversion(&p.ty, quote! { value });
    let mut lines = docs::lines(&p.docs);
    if lines.is_empty() {
        lines.push(format!("Sets the `{}` {}.", p.wire_name, location_word(p.location)));
    }
    let doc = docs::text_attrs(&lines);
    quote! {
        #doc
        pub fn #pname(mut self, value: #arg) -> Self {
            self.#pname = Some(#value);
            self
        }
    }
}

fn body_setters(body: &ir::Body, names: &Names) -> TokenStream {
    let setter = if body.required {
        quote! {}
    } else {
        let ty = names.ty(&body.ty);
        let mut lines = docs::lines(&body.docs);
        if lines.is_empty() {
            lines.push("Sets the request body; without it, no body is sent.".to_owned());
        } else {
            lines.push(String::new());
            lines.push("Without it, no body is sent.".to_owned());
        }
        let doc = docs::text_attrs(&lines);
        quote! {
            #doc
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    };
    let form = if form_alternative(body) {
        let media = body.encodings.iter().find(|e| e.kind == MediaKind::Form).map(|e| e.media_type.as_str()).unwrap_or_default();
        let default = body.encodings.first().map(|e| e.media_type.as_str()).unwrap_or_default();
        let doc = docs::text_attrs(&[format!("Sends the body as `{media}` instead of `{default}`.")]);
        quote! {
            #doc
            pub fn form_encoded(mut self) -> Self {
                self.form_encoded = true;
                self
            }
        }
    } else {
        quote! {}
    };
    quote! { #setter #form }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn build_request(op: &ir::Operation) -> TokenStream {
    let method = format_ident!("{}", op.http_method);
    let path = op.path.iter().map(|part| match part {
        ir::PathPart::Literal(text) => quote! { request.path(#text); },
        ir::PathPart::Param(index) => match op.params.get(*index) {
            Some(p) => {
                let pname = ident(&p.name);
                let wire = &p.wire_name;
                quote! { request.path_param(#wire, &self.#pname); }
            }
            None => quote! {},
        },
    });
    let params = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let pname = ident(&p.name);
        let wire = &p.wire_name;
        let call = match (p.location, &p.ty, p.explode) {
            (ParamLocation::Query, TypeRef::List(_), true) => quote! { query_exploded },
            (ParamLocation::Query, TypeRef::List(_), false) => quote! { query_csv },
            (ParamLocation::Query, _, _) => quote! { query },
            (_, TypeRef::List(_), _) => quote! { header_csv },
            _ => quote! { header },
        };
        if p.required {
            quote! { request.#call(#wire, &self.#pname); }
        } else {
            quote! {
                if let Some(value) = &self.#pname {
                    request.#call(#wire, value);
                }
            }
        }
    });
    let accept: Vec<&str> = {
        let mut all: Vec<&str> = Vec::new();
        for response in &op.responses {
            for media in &response.media {
                if !all.contains(&media.media_type.as_str()) {
                    all.push(&media.media_type);
                }
            }
        }
        all
    };
    let accept = if accept.is_empty() {
        quote! {}
    } else {
        let joined = accept.join(", ");
        quote! { request.accept(#joined); }
    };
    let alternatives = op.security.iter().map(|alternative| {
        let keys = alternative.iter();
        quote! { &[#(#keys),*] }
    });
    let authorize = if op.security.is_empty() {
        quote! {}
    } else {
        quote! { request.authorize(&self.client_.core, &[#(#alternatives),*]); }
    };
    let body = op.body.as_ref().map(body_encoding);
    quote! {
        let mut request = runtime::RequestParts::new(reqwest::Method::#method);
        #(#path)*
        #(#params)*
        #accept
        #authorize
        #body
    }
}

fn body_encoding(body: &ir::Body) -> TokenStream {
    let Some(first) = body.encodings.first() else { return quote! {} };
    let encode = |encoding: &ir::BodyEncoding, value: TokenStream| {
        let media = &encoding.media_type;
        match encoding.kind {
            MediaKind::Json => quote! { request.json_body(#media, #value); },
            MediaKind::Form => quote! { request.form_body(#media, #value); },
            MediaKind::Text => quote! { request.text_body(#media, #value); },
            MediaKind::Bytes => quote! { request.bytes_body(#media, #value); },
        }
    };
    let (value, wrap): (TokenStream, fn(TokenStream) -> TokenStream) = if body.required {
        (quote! { &self.body }, |inner| inner)
    } else {
        (quote! { body }, |inner| quote! { if let Some(body) = &self.body { #inner } })
    };
    let default = encode(first, value.clone());
    let inner = match body.encodings.iter().find(|e| e.kind == MediaKind::Form).filter(|_| form_alternative(body)) {
        Some(form) => {
            let form = encode(form, value);
            quote! { if self.form_encoded { #form } else { #default } }
        }
        None => default,
    };
    wrap(inner)
}

fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote! { #code }
        }
        StatusMatch::Range(digit) => {
            let low = Literal::u16_unsuffixed(digit * 100);
            let high = Literal::u16_unsuffixed(digit * 100 + 99);
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

/// The documented media types of `kind` in a response, as a slice literal for the runtime's checks.
fn media_types(response: &ir::Response, kind: MediaKind) -> TokenStream {
    let types = response.media.iter().filter(|m| m.kind == kind).map(|m| m.media_type.as_str());
    quote! { &[#(#types),*] }
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
struct Wrap(Vec<TokenStream>);

impl Wrap {
    fn with(&self, path: TokenStream) -> Wrap {
        let mut paths = self.0.clone();
        paths.push(path);
        Wrap(paths)
    }

    /// `expr` wrapped by every constructor.
    fn apply(&self, expr: TokenStream) -> TokenStream {
        self.0.iter().fold(expr, |inner, path| quote! { #path(#inner) })
    }

    /// The wrapping as something callable: a path, or a closure when there are several.
    fn callable(&self) -> Option<TokenStream> {
        match self.0.as_slice() {
            [] => None,
            [only] => Some(only.clone()),
            _ => {
                let body = self.apply(quote! { value });
                Some(quote! { |value| #body })
            }
        }
    }
}

/// How one body is read: an expression giving `Result<ResponseValue<T>, Error<E>>` (`Fallible`) or
/// `ResponseValue<T>` (`Direct`).
enum Read {
    Fallible(TokenStream),
    Direct(TokenStream),
}

impl Read {
    /// The read as a success: `Result<ResponseValue<S>, Error<E>>`, `wrap` making the value an `S`.
    fn success(self, wrap: &Wrap) -> TokenStream {
        match (self, wrap.callable()) {
            (Read::Fallible(expr), None) => expr,
            (Read::Fallible(expr), Some(w)) => quote! { #expr.map(|value| ResponseValue::map(value, #w)) },
            (Read::Direct(expr), None) => quote! { Ok(#expr) },
            (Read::Direct(expr), Some(w)) => quote! { Ok(ResponseValue::map(#expr, #w)) },
        }
    }

    /// The read as a typed error: `Err(Error::Api(...))`, `wrap` making the value the error variant.
    /// Only direct reads (bytes) come here; JSON and text errors go through the runtime's helpers.
    fn error(self, wrap: &Wrap) -> TokenStream {
        let (Read::Direct(expr) | Read::Fallible(expr)) = self;
        let value = wrap.apply(quote! { #expr.into_inner() });
        quote! { Err(Error::Api(#value)) }
    }
}

/// Reads a body of type `ty` sent as media of `kind`.
fn read(response: &ir::Response, ty: &TypeRef, kind: MediaKind) -> Read {
    match (kind, ty) {
        (MediaKind::Bytes, _) | (_, TypeRef::Bytes) => Read::Direct(quote! { response.bytes() }),
        (MediaKind::Text, TypeRef::Secret) => {
            let texts = media_types(response, MediaKind::Text);
            Read::Fallible(quote! { response.text(#texts).map(|value| value.map(runtime::Secret::from)) })
        }
        (MediaKind::Text, _) => {
            let texts = media_types(response, MediaKind::Text);
            Read::Fallible(quote! { response.text(#texts) })
        }
        (MediaKind::Json | MediaKind::Form, _) => Read::Fallible(quote! { response.json() }),
    }
}

/// The ways a response body can be read, each with its media kind: one per union variant, or one per
/// media kind for a single type. JSON, when offered, comes last: it is the fallback when no other
/// documented content type matches.
fn readings(response: &ir::Response, ty: &TypeRef, api: &ir::Api) -> Vec<(MediaKind, Read, Option<TokenStream>)> {
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
                let vname = ident(&variant.name);
                out.push((kind, read(response, &variant.ty, kind), Some(quote! { types::#union::#vname })));
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

/// Chooses among readings by the response's content type: each but the last behind a check.
fn choose(response: &ir::Response, readings: Vec<(MediaKind, TokenStream)>) -> TokenStream {
    let count = readings.len();
    let mut checks = Vec::new();
    let mut last = quote! {};
    for (index, (kind, result)) in readings.into_iter().enumerate() {
        if index + 1 == count {
            last = result;
        } else {
            let types = media_types(response, kind);
            checks.push(quote! { if response.has_content_type(#types) { return #result; } });
        }
    }
    if checks.is_empty() {
        last
    } else {
        quote! { { #(#checks)* #last } }
    }
}

/// Decodes a success body as `Result<ResponseValue<S>, Error<E>>`, `wrap` turning the value into `S`.
fn decode_success(response: &ir::Response, wrap: &Wrap, api: &ir::Api) -> TokenStream {
    let Some(ty) = &response.ty else {
        return Read::Direct(quote! { response.empty() }).success(wrap);
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
fn decode_error(response: &ir::Response, ty: &TypeRef, variant: TokenStream, api: &ir::Api) -> TokenStream {
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
                wrap = wrap.with(quote! { runtime::Secret::from });
            }
            if let Some(path) = union_variant {
                wrap = wrap.with(path);
            }
            let wrap = wrap.with_all(&outer);
            let callable = wrap.callable().unwrap_or_default();
            let result = match kind {
                MediaKind::Json | MediaKind::Form => quote! { response.json_error(#callable) },
                MediaKind::Text => {
                    let texts = media_types(response, MediaKind::Text);
                    quote! { response.text_error(#texts, #callable) }
                }
                MediaKind::Bytes => Read::Direct(quote! { response.bytes() }).error(&wrap),
            };
            (kind, result)
        })
        .collect();
    choose(response, readings)
}

impl Wrap {
    /// This wrapping followed by `outer`'s.
    fn with_all(self, outer: &Wrap) -> Wrap {
        outer.0.iter().fold(self, |wrap, path| wrap.with(path.clone()))
    }
}

fn decode_response(op: &ir::Operation, api: &ir::Api) -> TokenStream {
    let error = error_name(op);
    let mut arms = Vec::new();
    let success = success(op);
    match &success {
        Success::Single(_, responses) => {
            for response in responses {
                let pattern = status_pattern(&response.status);
                let decode = decode_success(response, &Wrap::default(), api);
                arms.push(quote! { #pattern => #decode, });
            }
        }
        Success::PerStatus(responses) => {
            let name = response_name(op);
            for response in responses {
                let pattern = status_pattern(&response.status);
                let variant = ident(&response.variant);
                let decode = match &response.ty {
                    None => quote! { Ok(response.empty().map(|()| #name::#variant)) },
                    Some(_) => decode_success(response, &Wrap(vec![quote! { #name::#variant }]), api),
                };
                arms.push(quote! { #pattern => #decode, });
            }
        }
        Success::Default(response) => {
            let decode = decode_success(response, &Wrap::default(), api);
            arms.push(quote! { 200..=299 => #decode, });
        }
        Success::Undocumented => arms.push(quote! { 200..=299 => Ok(response.bytes()), }),
    }
    let has_success_range = matches!(&success, Success::Default(_) | Success::Undocumented);
    let errors = error_responses(op);
    let mut has_default = false;
    for response in &errors {
        if response.status == StatusMatch::Default {
            has_default = true;
            if !has_success_range {
                // A guard, not a range pattern: documented 2xx codes above would overlap a range.
                arms.push(quote! { status if (200..=299).contains(&status) => Err(Error::Api(#error::Unexpected(response.unexpected()))), });
            }
        }
        let pattern = status_pattern(&response.status);
        let variant = ident(&response.variant);
        let decode = match &response.ty {
            None => quote! { Err(Error::Api(#error::#variant)) },
            Some(ty) => decode_error(response, ty, quote! { #error::#variant }, api),
        };
        arms.push(quote! { #pattern => #decode, });
    }
    if !has_default {
        arms.push(quote! { _ => Err(Error::Api(#error::Unexpected(response.unexpected()))), });
    }
    quote! {
        match response.status() {
            #(#arms)*
        }
    }
}

fn response_enum(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let Success::PerStatus(responses) = success(op) else { return quote! {} };
    let sizes: Vec<usize> = responses.iter().map(|r| r.ty.as_ref().map_or(0, |ty| super::estimated_size(api, ty, 0))).collect();
    let allow = super::large_variant_allow(&sizes);
    let name = response_name(op);
    let doc = docs::text_attrs(&[format!("The successful responses of [`Client::{}`], one variant per documented status.", op.name)]);
    let variants = responses.iter().map(|response| status_variant(response, names));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #allow
        pub enum #name { #(#variants)* }
    }
}

/// One variant per documented status: its body type, or none, with the status and description as docs.
fn status_variant(response: &ir::Response, names: &Names) -> TokenStream {
    let variant = ident(&response.variant);
    let doc = status_doc(response);
    match &response.ty {
        Some(ty) => {
            let ty = names.ty(ty);
            quote! { #doc #variant(#ty), }
        }
        None => quote! { #doc #variant, },
    }
}

fn status_doc(response: &ir::Response) -> TokenStream {
    let status = match &response.status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(digit) => format!("Any {digit}xx status"),
        StatusMatch::Default => "Any status the spec does not list".to_owned(),
    };
    let description = response.docs.description.as_deref().map(|d| docs::safe_lines(d).join(" ")).unwrap_or_default();
    let line = if description.is_empty() { format!("{status}.") } else { format!("{status}: {description}") };
    docs::text_attrs(&[line])
}

fn error_enum(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let name = error_name(op);
    let errors = error_responses(op);
    // The catch-all holds a status, a header map and a body: about 130 bytes.
    let mut sizes: Vec<usize> = errors.iter().map(|r| r.ty.as_ref().map_or(0, |ty| super::estimated_size(api, ty, 0))).collect();
    sizes.push(130);
    let allow = super::large_variant_allow(&sizes);
    let doc = docs::text_attrs(&[format!("The documented error responses of [`Client::{}`], and a catch-all for the others.", op.name)]);
    let variants = errors.iter().map(|response| status_variant(response, names));
    let display_arms = errors.iter().map(|response| {
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
        let pattern = if response.ty.is_some() { quote! { Self::#variant(_) } } else { quote! { Self::#variant } };
        quote! { #pattern => f.write_str(#text), }
    });
    let op_name = &op.name;
    let unexpected = format!("{op_name} answered with a response the spec does not document: {{response}}");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #allow
        pub enum #name {
            #(#variants)*
            /// A status the spec does not document for this operation, kept whole.
            Unexpected(runtime::UnexpectedResponse),
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Unexpected(response) => write!(f, #unexpected),
                }
            }
        }

        impl std::error::Error for #name {}
    }
}
