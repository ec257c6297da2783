//! The client: a builder with one setter per security scheme, one method per operation, one request
//! builder per operation (optional parameters as methods, `send`), and the error enums (one per set
//! of documented error responses, shared by the operations that have the same set).

use super::docs;
use super::types::{argument_type, into_argument};
use super::Names;
use crate::ir::{self, MediaKind, ParamLocation, ParamShape, ParamStyle, StatusMatch, TypeRef};
use crate::names::Ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A part of `client.rs`: the request builders of the operations in `range`.
pub fn requests(api: &ir::Api, names: &Names, range: std::ops::Range<usize>) -> TokenStream {
    // Collected, not interpolated: `quote!` would copy each operation's top-level tokens.
    api.operations.get(range).unwrap_or_default().iter().map(|op| operation_items(op, names, api)).collect()
}

/// The end of `client.rs`: the error enums and the structs of response headers.
pub fn errors(api: &ir::Api, names: &Names) -> TokenStream {
    let error_sets = api.error_sets.iter().map(|set| error_enum(set, names, api));
    let header_sets = api.header_sets.iter().map(|set| headers_struct(set, names));
    error_sets.chain(header_sets).collect()
}

/// The start of the `client.rs` module of one API: the client and its builder; [`requests`] and
/// [`errors`] are the rest.
pub fn module(api: &ir::Api, names: &Names) -> TokenStream {
    let doc = docs::inner_attrs(&[format!("The client for {}.", api.title.trim())]);
    let first = api.servers.first();
    let default_base = first.filter(|server| server.is_absolute() && server.variables.is_empty()).map(|server| server.url.as_str());
    let (base_const, base_arg, builder_doc) = match (default_base, first) {
        (Some(url), _) => (
            quote! {
                /// The base URL requests go to unless [`ClientBuilder::base_url`] says otherwise: the spec's first server.
                pub const DEFAULT_BASE_URL: &str = #url;
            },
            quote! { Some(DEFAULT_BASE_URL) },
            format!("Starts configuring a client for `{url}`."),
        ),
        (None, Some(server)) if server.is_absolute() => (
            quote! {},
            quote! { None },
            format!(
                "Starts configuring a client for `{}` (the spec's first server, its variables set on the builder; by default `{}`).",
                server.template, server.url
            ),
        ),
        (None, Some(server)) => (
            quote! {},
            quote! { None },
            format!(
                "Starts configuring a client; the spec's server `{}` is relative, so set [`ClientBuilder::base_url`] to the scheme and \
                 host it is joined onto (`https://example.com` gives `https://example.com{}`).",
                server.template, server.url
            ),
        ),
        (None, None) => (
            quote! {},
            quote! { None },
            "Starts configuring a client; the spec names no server, so set [`ClientBuilder::base_url`].".to_owned(),
        ),
    };
    let server_setup =
        first.filter(|server| default_base.is_none() && (!server.variables.is_empty() || !server.is_absolute())).map(|server| {
            let template = &server.template;
            let defaults = server.variables.iter().map(|variable| {
                let wire = &variable.wire_name;
                let default = &variable.default;
                quote! { core.server_variable(#wire, #default.to_owned()); }
            });
            quote! {
                core.server(#template);
                #(#defaults)*
            }
        });
    let new_core = match server_setup {
        Some(setup) => quote! {
            let mut core = runtime::CoreBuilder::new(None, USER_AGENT);
            #setup
            ClientBuilder { core }
        },
        None => quote! { ClientBuilder { core: runtime::CoreBuilder::new(#base_arg, USER_AGENT) } },
    };
    let variable_setters =
        first.map(|server| server.variables.iter().map(|variable| server_variable_setter(server, variable)).collect::<Vec<_>>());
    let variable_setters = variable_setters.unwrap_or_default();
    let variable_enums =
        first.map(|server| server.variables.iter().filter_map(server_variable_enum).collect::<Vec<_>>()).unwrap_or_default();
    let other_servers = servers_const(api);
    let builder_doc = docs::text_attrs(&[builder_doc]);
    let uses_types = api.operations.iter().any(operation_uses_types);
    let types_import = if uses_types {
        quote! { use super::types; }
    } else {
        quote! {}
    };
    // Each operation decodes its response in a closure returning the `Result` its future yields;
    // clippy measures that `Result` there, as it does not for an `async fn`. Boxing every error to
    // please it would cost each failed call an allocation.
    let allow = if api.operations.is_empty() {
        quote! {}
    } else {
        quote! { #![allow(clippy::result_large_err)] }
    };
    let method_import = api.operations.iter().any(standard_method).then(|| quote! { use reqwest::Method; });
    let call_import = (!api.operations.is_empty()).then(|| quote! { use runtime::{Call, Decodes, ErrorSet}; });
    let methods = api.operations.iter().map(|op| client_method(op, names, api));
    let with_methods = api.security_schemes.iter().map(with_credential);
    let setters = api.security_schemes.iter().map(|scheme| {
        let used = api.operations.iter().any(|op| op.security.iter().flatten().any(|key| *key == scheme.key));
        scheme_setter(scheme, used)
    });
    quote! {
        #doc
        #allow

        #types_import
        use crate::runtime;
        #method_import
        #call_import

        #base_const
        #other_servers

        /// The `User-Agent` requests send unless [`ClientBuilder::user_agent`] says otherwise: this
        /// crate's name and version (the runtime, a crate of its own, cannot know them).
        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// A client for this API. Cloning it is cheap and shares the connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: runtime::Core,
        }

        impl Client {
            #builder_doc
            pub fn builder() -> ClientBuilder {
                #new_core
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#with_methods)*

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

            /// Gives up on a call that has not completed within `timeout` (default 30 seconds): every
            /// attempt, the waits between them and the body included. A retry whose wait would pass
            /// it is not made; the call returns the answer it has.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.core.timeout(timeout);
                self
            }

            /// Bounds each attempt to `timeout` too (default: only the whole call is bounded); an
            /// attempt that passes it is retried, if the call may be and has time left.
            pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.core.attempt_timeout(timeout);
                self
            }

            /// Retries idempotent requests up to `retries` times (default 2) on 429, 502, 503, 504 and
            /// connection errors, waiting as `Retry-After` says (seconds or a date) or backing off.
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

            #(#variable_setters)*

            #(#setters)*

            /// Builds the client; fails when the base URL is missing or not an absolute `http(s)` URL.
            pub fn build(self) -> Result<Client, runtime::BuildError> {
                Ok(Client { core: self.core.build()? })
            }
        }

        #(#variable_enums)*
    }
}

/// The builder option for a variable of the default server.
fn server_variable_setter(server: &ir::Server, variable: &ir::ServerVariable) -> TokenStream {
    let name = &variable.name;
    let wire = &variable.wire_name;
    let mut lines = vec![format!(
        "Sets `{{{wire}}}` in the server URL `{}` (default `{}`); unused once [`ClientBuilder::base_url`] is set{}.",
        server.template,
        variable.default,
        if server.is_absolute() { "" } else { " to a different server" }
    )];
    if let Some(description) = &variable.description {
        lines.push(String::new());
        lines.extend(docs::safe_lines(description));
    }
    let doc = docs::text_attrs(&lines);
    match &variable.choices {
        Some((type_name, _)) => quote! {
            #doc
            pub fn #name(mut self, value: #type_name) -> Self {
                self.core.server_variable(#wire, value.as_str().to_owned());
                self
            }
        },
        None => quote! {
            #doc
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.core.server_variable(#wire, value.into());
                self
            }
        },
    }
}

/// The enum of a server variable whose values the spec lists.
fn server_variable_enum(variable: &ir::ServerVariable) -> Option<TokenStream> {
    let (type_name, variants) = variable.choices.as_ref()?;
    let doc = docs::text_attrs(&[format!("The values of the server variable `{}`.", variable.wire_name)]);
    let items = variants.iter().map(|variant| {
        let name = &variant.name;
        let default = (variant.wire == variable.default).then(|| quote! { #[default] });
        let doc = docs::text_attrs(&[format!("`{}`", variant.wire)]);
        quote! { #doc #default #name, }
    });
    let arms = variants.iter().map(|variant| {
        let name = &variant.name;
        let wire = &variant.wire;
        quote! { Self::#name => #wire, }
    });
    let derive_default = variants.iter().any(|variant| variant.wire == variable.default).then(|| quote! { Default, });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #derive_default)]
        pub enum #type_name {
            #(#items)*
        }

        impl #type_name {
            /// The value as it goes into the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}

/// The spec's servers as constants, when it lists more than one.
fn servers_const(api: &ir::Api) -> TokenStream {
    if api.servers.len() < 2 {
        return quote! {};
    }
    let mut lines =
        vec!["The servers the spec lists, variables at their defaults; pass one to [`ClientBuilder::base_url`]:".to_owned(), String::new()];
    for (index, server) in api.servers.iter().enumerate() {
        let described = server.description.as_deref().map(|d| docs::safe_lines(d).join(" ")).unwrap_or_default();
        lines.push(if described.is_empty() {
            format!("- `SERVERS[{index}]`: `{}`", server.url)
        } else {
            format!("- `SERVERS[{index}]`: `{}`, {described}", server.url)
        });
    }
    let doc = docs::text_attrs(&lines);
    let count = Literal::usize_unsuffixed(api.servers.len());
    let urls = api.servers.iter().map(|server| &server.url);
    quote! {
        #doc
        pub const SERVERS: [&str; #count] = [#(#urls),*];
    }
}

/// True when an operation's code names a model (`types::X`).
fn operation_uses_types(op: &ir::Operation) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) | TypeRef::Generic(..) => true,
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner),
            _ => false,
        }
    }
    // A multipart body is a form struct of this module: what it names is in its parts.
    let value_named = |value: &ir::BodyValue, ty: &TypeRef| match value {
        ir::BodyValue::Multipart(form) => form.parts.iter().any(|part| named(&part.ty)),
        ir::BodyValue::Binary => false,
        ir::BodyValue::Model => named(ty),
    };
    op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| value_named(&b.value, &b.ty) || b.alternatives.iter().any(|a| value_named(&a.value, &a.ty)))
        || op.responses.iter().any(|r| r.ty.as_ref().is_some_and(named))
}

/// What a scheme's credential is made of: the setter's doc line, its arguments, the credential
/// they make, and where a provided secret goes.
fn scheme_credential(scheme: &ir::SecurityScheme) -> (String, TokenStream, TokenStream, Option<TokenStream>) {
    let key = &scheme.key;
    match &scheme.kind {
        ir::SecurityKind::ApiKeyHeader(header) => (
            format!("Sends `value` in the `{header}` header to operations that accept `{key}`."),
            quote! { value: impl Into<runtime::Secret> },
            quote! { runtime::Credential::ApiKeyHeader { name: #header, value: value.into() } },
            Some(quote! { runtime::Place::Header(#header) }),
        ),
        ir::SecurityKind::ApiKeyQuery(param) => (
            format!("Sends `value` as the `{param}` query parameter to operations that accept `{key}`."),
            quote! { value: impl Into<runtime::Secret> },
            quote! { runtime::Credential::ApiKeyQuery { name: #param, value: value.into() } },
            Some(quote! { runtime::Place::Query(#param) }),
        ),
        ir::SecurityKind::ApiKeyCookie(cookie) => (
            format!("Sends `value` as the `{cookie}` cookie to operations that accept `{key}`."),
            quote! { value: impl Into<runtime::Secret> },
            quote! { runtime::Credential::ApiKeyCookie { name: #cookie, value: value.into() } },
            Some(quote! { runtime::Place::Cookie(#cookie) }),
        ),
        ir::SecurityKind::Basic => (
            format!("Sends HTTP basic credentials to operations that accept `{key}`."),
            quote! { username: impl Into<String>, password: impl Into<runtime::Secret> },
            quote! { runtime::Credential::Basic { username: username.into(), password: password.into() } },
            None,
        ),
        ir::SecurityKind::Bearer => (
            format!("Sends `token` as `Authorization: Bearer` to operations that accept `{key}`."),
            quote! { token: impl Into<runtime::Secret> },
            quote! { runtime::Credential::Bearer(token.into()) },
            Some(quote! { runtime::Place::Bearer }),
        ),
    }
}

/// The builder's setters for a scheme: the credential itself, a provider of it, and the OAuth2
/// client-credentials flow where the spec declares one.
fn scheme_setter(scheme: &ir::SecurityScheme, used: bool) -> TokenStream {
    let key = &scheme.key;
    let setter = &scheme.name;
    let (what, args, credential, place) = scheme_credential(scheme);
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
    let provider = scheme.provider_setter.as_ref().zip(place).map(|(provider_setter, place)| {
        let doc = docs::text_attrs(&[
            format!("Asks `provider` for the `{key}` credential before each attempt, for a credential that changes over time."),
            format!("It replaces a credential given to [`ClientBuilder::{setter}`]."),
        ]);
        quote! {
            #doc
            pub fn #provider_setter(mut self, provider: impl runtime::SecretProvider) -> Self {
                self.core.credential(#key, runtime::Credential::provided(#place, provider));
                self
            }
        }
    });
    let flow = scheme.client_credentials.as_ref().map(|flow| {
        let (flow_setter, url_setter, parameter_setter) = (&flow.setter, &flow.token_url_setter, &flow.parameter_setter);
        let token_url = &flow.token_url;
        let scopes = &flow.scopes;
        let scope_text = if scopes.is_empty() {
            "no scope (the spec's operations ask for none)".to_owned()
        } else {
            format!("the scopes the spec's operations ask for ({})", scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "))
        };
        let doc = docs::text_attrs(&[
            format!("Fetches `{key}` bearer tokens by OAuth2 client credentials: `client_id` and `client_secret` are sent in the form body of a token request to `{token_url}` (see [`ClientBuilder::{url_setter}`]), asking for {scope_text}."),
            String::new(),
            "The token is cached, replaced shortly before it expires and once when the API answers 401, and sent only to the API's own host.".to_owned(),
        ]);
        let url_doc = docs::text_attrs(&[format!("Fetches `{key}` tokens from `url` instead of `{token_url}`.")]);
        let parameter_doc = docs::text_attrs(&[format!("Adds `name=value` to every `{key}` token request (an `audience`, a `resource`, ...).")]);
        quote! {
            #doc
            pub fn #flow_setter(mut self, client_id: impl Into<String>, client_secret: impl Into<runtime::Secret>) -> Self {
                self.core.client_credentials(
                    #key,
                    runtime::ClientCredentials::new(client_id.into(), client_secret.into(), #token_url, &[#(#scopes),*]),
                );
                self
            }

            #url_doc
            pub fn #url_setter(mut self, url: impl Into<String>) -> Self {
                self.core.token_url(#key, url.into());
                self
            }

            #parameter_doc
            pub fn #parameter_setter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.core.token_parameter(#key, name.into(), value.into());
                self
            }
        }
    });
    quote! {
        #doc
        pub fn #setter(mut self, #args) -> Self {
            self.core.credential(#key, #credential);
            self
        }

        #provider
        #flow
    }
}

/// The client's method for the same client with another credential for a scheme.
fn with_credential(scheme: &ir::SecurityScheme) -> TokenStream {
    let key = &scheme.key;
    let method = &scheme.with_method;
    let setter = &scheme.name;
    let (_, args, credential, _) = scheme_credential(scheme);
    let doc = docs::text_attrs(&[
        format!("The same client with another `{key}` credential, as [`ClientBuilder::{setter}`] sets it: settings, other credentials and connection pool are shared."),
    ]);
    quote! {
        #doc
        pub fn #method(&self, #args) -> Self {
            Self { core: self.core.with_credential(#key, #credential) }
        }
    }
}

fn request_name(op: &ir::Operation) -> Ident {
    op.request_name.clone()
}

fn response_name(op: &ir::Operation) -> Ident {
    op.response_name.clone()
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
    let documented: Vec<&ir::Response> = op.responses.iter().filter(|r| r.status.is_success()).collect();
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

/// The example at the end of an operation's docs: a call with the spec's example values where it
/// has them (placeholders otherwise), compiled as a `no_run` doc test. `None` when the crate's
/// path is not known, or an argument cannot be written from what the spec gives.
fn example_call(op: &ir::Operation, api: &ir::Api) -> Option<Vec<String>> {
    let krate = api.doc_crate.as_deref()?;
    let call = call_lines(op)?;
    let mut lines = vec!["```no_run".to_owned()];
    lines.push(format!("# async fn example(client: {krate}::{}::Client) -> Result<(), Box<dyn std::error::Error>> {{", api.module));
    lines.extend(call);
    // Doc tests allow unused variables, so `value` needs no use of its own.
    lines.push("# Ok(()) }".to_owned());
    lines.push("```".to_owned());
    Some(lines)
}

/// `let value = client.op(args).send().await?;` as rustfmt lays it out: on one line when it fits,
/// else one call of the chain per line, and the arguments one per line only when they do not fit
/// on the operation's.
pub(crate) fn call_lines(op: &ir::Operation) -> Option<Vec<String>> {
    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        args.push(example_argument(&param.ty, param.example.as_ref(), &param.wire_name)?);
    }
    if let Some(body) = op.body.as_ref().filter(|body| body.required) {
        match body.value {
            _ if body.choice.is_some() => return None,
            ir::BodyValue::Binary => args.push("b\"...\".to_vec()".to_owned()),
            ir::BodyValue::Model => args.push(example_argument(&body.ty, body.example.as_ref(), "body")?),
            ir::BodyValue::Multipart(_) => args.push("todo!(\"the form\")".to_owned()),
        }
    }
    let one_line = format!("let value = client.{}({}).send().await?;", op.name, args.join(", "));
    if one_line.len() <= 96 {
        return Some(vec![one_line]);
    }
    let mut lines = vec!["let value = client".to_owned()];
    let call = format!("    .{}({})", op.name, args.join(", "));
    if call.len() <= 96 {
        lines.push(call);
    } else {
        lines.push(format!("    .{}(", op.name));
        lines.extend(args.iter().map(|arg| format!("        {arg},")));
        lines.push("    )".to_owned());
    }
    lines.extend(["    .send()".to_owned(), "    .await?;".to_owned()]);
    Some(lines)
}

/// The quick start for an API, as doc text (a heading and a `no_run` block whose `# ` lines are
/// hidden): build a client (with the first credential its first operation takes), make that call.
pub fn quick_start(api: &ir::Api, krate: &str) -> Vec<String> {
    let module = api.module.as_str();
    let mut lines = vec![format!("## `{module}`: {}", api.title.trim()), String::new(), "```no_run".to_owned()];
    lines.push(format!("# async fn {module}() -> Result<(), Box<dyn std::error::Error>> {{"));
    lines.push(format!("let client = {krate}::{module}::Client::builder()"));
    if api.servers.first().is_none_or(|server| !server.is_absolute()) {
        lines.push("    .base_url(\"https://api.example.com\")".to_owned());
    }
    let op = api.operations.iter().find(|op| !op.deprecated && call_lines(op).is_some());
    let key = op.and_then(|op| op.security.first()).and_then(|alternative| alternative.first());
    if let Some(scheme) = key.and_then(|key| api.security_schemes.iter().find(|scheme| &scheme.key == key)) {
        let args = if scheme.kind == ir::SecurityKind::Basic { "\"user\", \"password\"" } else { "\"secret\"" };
        lines.push(format!("    .{}({args})", scheme.name));
    }
    lines.push("    .build()?;".to_owned());
    if let Some(call) = op.and_then(call_lines) {
        lines.extend(call);
        lines.push("# let _ = value;".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

/// An argument's value in an example call: a literal for strings, numbers and booleans (the
/// spec's example, or a placeholder), the spec's example as JSON for anything else.
fn example_argument(ty: &TypeRef, example: Option<&serde_json::Value>, name: &str) -> Option<String> {
    use serde_json::Value;
    let as_json = |example: Option<&Value>| {
        let text = example?.to_string();
        (text.len() <= 240).then(|| format!("serde_json::from_value(serde_json::json!({text}))?"))
    };
    match ty {
        TypeRef::String | TypeRef::Secret => Some(format!("{:?}", example.and_then(Value::as_str).unwrap_or(name))),
        TypeRef::Bool => Some(example.and_then(Value::as_bool).unwrap_or(true).to_string()),
        TypeRef::I32 | TypeRef::I64 => Some(example.and_then(Value::as_i64).unwrap_or(1).to_string()),
        TypeRef::F32 | TypeRef::F64 => Some(format!("{:?}", example.and_then(Value::as_f64).unwrap_or(1.0))),
        TypeRef::List(inner) if matches!(**inner, TypeRef::String | TypeRef::Secret) => {
            let items: Vec<String> = match example.and_then(Value::as_array) {
                Some(items) => items.iter().map(|item| format!("{:?}", item.as_str().unwrap_or(name))).collect(),
                None => vec![format!("{name:?}")],
            };
            Some(format!("[{}]", items.join(", ")))
        }
        TypeRef::List(inner) if !super::types::into_argument(inner) => match example.map(Value::to_string) {
            Some(text) if text.len() <= 240 => Some(format!("serde_json::from_value::<Vec<_>>(serde_json::json!({text}))?")),
            _ => Some("Vec::new()".to_owned()),
        },
        TypeRef::Text(inner) if matches!(**inner, TypeRef::I32 | TypeRef::I64) => {
            Some(example.and_then(Value::as_i64).unwrap_or(1).to_string())
        }
        // Other `impl Into<..>` arguments cannot take a value of an inferred type.
        other if super::types::into_argument(other) => None,
        TypeRef::List(_) | TypeRef::Bytes => None,
        // No example: a placeholder the reader fills in.
        _ => as_json(example).or_else(|| Some(format!("todo!(\"{name}\")"))),
    }
}

fn client_method(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let method = &op.name;
    let request = request_name(op);
    let required: Vec<&ir::Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let pname = &p.name;
            let ty = param_argument_type(&p.ty, names);
            quote! { #pname: #ty }
        })
        .collect();
    let mut inits: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let pname = &p.name;
            if p.required {
                match param_conversion(&p.ty, quote! { #pname }) {
                    Some(value) => quote! { #pname: #value },
                    None => quote! { #pname },
                }
            } else {
                quote! { #pname: None }
            }
        })
        .collect();
    if let Some(body) = &op.body {
        if body.required {
            let (ty, into) = body_argument(body, names);
            args.push(quote! { body: #ty });
            inits.push(if into {
                quote! { body: body.into() }
            } else {
                quote! { body }
            });
        } else {
            inits.push(quote! { body: None });
        }
        if form_alternative(body) {
            inits.push(quote! { form_encoded: false });
        }
    }
    let mut lines = docs::lines(&op.docs);
    let described: Vec<&ir::Param> = required.iter().copied().filter(|p| p.docs.description.is_some()).collect();
    let body_described = op.body.as_ref().is_some_and(|b| b.required && b.docs.description.is_some());
    // Arguments are listed when one of them has a description to show.
    if !described.is_empty() || body_described {
        lines.push(String::new());
        lines.push("Arguments:".to_owned());
        for p in &described {
            let text = docs::safe_lines(p.docs.description.as_deref().unwrap_or_default());
            lines.extend(docs::item_lines(&format!("- `{}`: ", p.name), &text));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let text = match body.docs.description.as_deref() {
                Some(description) => docs::safe_lines(description),
                None => vec!["the request body.".to_owned()],
            };
            lines.extend(docs::item_lines("- `body`: ", &text));
        }
    }
    // A deprecated operation says so in its `#[deprecated]` attribute, which rustdoc shows.
    if let Some(example) = example_call(op, api) {
        lines.push(String::new());
        lines.extend(example);
    }
    let doc = docs::text_attrs(&lines);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated = "the spec marks this operation as deprecated"] });
    // `&self` and the arguments: clippy's limit is seven.
    let many = (args.len() + 1 > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #deprecated
        #many
        pub fn #method(&self, #(#args),*) -> #request<'_> {
            #request { client_: self, #(#inits),* }
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

/// The conversion of an argument into its stored type, if it needs one.
fn param_conversion(ty: &TypeRef, value: TokenStream) -> Option<TokenStream> {
    match ty {
        TypeRef::List(inner) if into_argument(inner) => Some(quote! { #value.into_iter().map(Into::into).collect() }),
        TypeRef::List(_) => Some(quote! { #value.into_iter().collect() }),
        other if into_argument(other) => Some(quote! { #value.into() }),
        _ => None,
    }
}

fn form_alternative(body: &ir::Body) -> bool {
    body.choice.is_none()
        && body.encodings.first().is_some_and(|e| e.kind != MediaKind::Form)
        && body.encodings.iter().any(|e| e.kind == MediaKind::Form)
}

fn operation_items(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let request = request_name(op);
    let method = &op.name;
    let doc = docs::text_attrs(&[format!(
        "A `{} {}` request, made by [`Client::{method}`]; send it with [`{request}::send`].",
        op.http_method, op.path_template
    )]);
    let fields = op.params.iter().map(|p| {
        let pname = &p.name;
        let ty = names.ty(&p.ty);
        if p.required {
            quote! { #pname: #ty, }
        } else {
            quote! { #pname: Option<#ty>, }
        }
    });
    let body_field = op.body.as_ref().map(|body| {
        let ty = body_type(body, names);
        let field = if body.required {
            quote! { body: #ty, }
        } else {
            quote! { body: Option<#ty>, }
        };
        let form = form_alternative(body).then(|| quote! { form_encoded: bool, });
        quote! { #field #form }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|p| optional_setter(p, names));
    let body_setters = op.body.as_ref().map(|body| body_setters(body, names));
    let success_ty = success_type(op, names);
    let build = build_request(op);
    let decode = decode_response(op);
    let response_enum = response_enum(op, names, api);
    let send = send_methods(op, names, &success_ty, &build, &decode);
    let form = form_struct(op, names, api);
    let error_alias = op.shared_error.as_ref().map(|shared| {
        let alias = &op.error_set;
        let doc = docs::text_attrs(&[format!("The error responses of [`Client::{method}`]: [`{shared}`], which other operations share.")]);
        quote! { #doc pub type #alias = #shared; }
    });
    let send_with_headers = op.success_headers.as_ref().map(|headers| {
        let error_set = &op.error_set;
        quote! {
            /// Sends the request: the value with the documented response headers, typed.
            pub async fn send_with_headers(self) -> Result<(#success_ty, #headers), runtime::Error<#error_set>> {
                self.send().with_meta().await?.with_headers(#headers::from_headers)
            }
        }
    });
    quote! {
        #form

        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #request<'a> {
            client_: &'a Client,
            #(#fields)*
            #body_field
        }

        impl<'a> #request<'a> {
            #(#setters)*
            #body_setters

            #send
            #send_with_headers
        }

        #error_alias

        #response_enum
    }
}

/// About how many bytes a struct of these headers takes.
fn headers_size(api: &ir::Api, headers: &[ir::ResponseHeader]) -> usize {
    headers.iter().map(|h| super::estimated_size(api, &h.ty, 0) + if h.required { 0 } else { 8 }).sum()
}

/// A struct of documented response headers, with the function that reads them.
fn headers_struct(set: &ir::HeaderSet, names: &Names) -> TokenStream {
    let name = &set.name;
    let headers = &set.headers;
    let whose = match set.users.as_slice() {
        [] => "responses".to_owned(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [first, second, rest @ ..] => format!("{first}, {second} and {} more", rest.len()),
    };
    let doc = docs::text_attrs(&[format!("The documented headers of {whose}.")]);
    let fields = headers.iter().map(|header| {
        let field = &header.name;
        let mut lines = vec![format!("`{}`.", header.wire_name)];
        let description = docs::lines(&header.docs);
        if !description.is_empty() {
            lines = vec![format!("`{}`:", header.wire_name), String::new()];
            lines.extend(description);
        }
        let doc = docs::text_attrs(&lines);
        let ty = names.ty(&header.ty);
        let ty = if header.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        quote! { #doc pub #field: #ty, }
    });
    let reads = headers.iter().map(|header| {
        let field = &header.name;
        let wire = &header.wire_name;
        let read = match &header.ty {
            TypeRef::List(_) => quote! { runtime::header_list(headers, #wire)? },
            _ => quote! { runtime::header(headers, #wire)? },
        };
        if header.required {
            quote! { #field: runtime::required(#wire, #read)?, }
        } else {
            quote! { #field: #read, }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads them from a response's headers.
            ///
            /// # Errors
            /// A required header that is missing, or a header that is not of its type.
            pub fn from_headers(headers: &reqwest::header::HeaderMap) -> Result<Self, runtime::HeaderError> {
                Ok(Self { #(#reads)* })
            }
        }
    }
}

/// `send`, and for a binary success also `send_stream`; a sequence (events, JSON lines) is only
/// ever streamed, so its `send` returns the stream.
///
/// `build` starts the request. The buffered `send` writes the body as its call is awaited
/// ([`deferred_body`]); a streaming send, which sends at once, writes it at once.
fn send_methods(op: &ir::Operation, names: &Names, success_ty: &TokenStream, build: &TokenStream, decode: &TokenStream) -> TokenStream {
    let error = &op.error_set;
    let deferred = op.body.as_ref().map(deferred_body);
    let buffered = quote! {
        /// Sends the request: await it for the value, or add `.with_meta()` for status and headers.
        pub fn send(self) -> Call<'a, impl Decodes<#success_ty, #error>> {
            #build
            #deferred
            #decode
        }
    };
    let Some(stream) = &op.stream else { return buffered };
    let now = op.body.as_ref().map(body_encoding);
    let build = quote! { #build #now };
    let statuses = stream.statuses.iter().map(status_pattern);
    let operation = op.name.as_str();
    let open = quote! {
        let bytes = self.client_.core.stream(#operation, request, |status| matches!(status, #(#statuses)|*), #error::read).await?;
    };
    match stream.kind {
        ir::StreamKind::Bytes => quote! {
            #buffered

            /// Sends the request and returns the body as it arrives, after the status and headers:
            /// a download of any size in bounded memory. The response size limit does not apply;
            /// the client's timeout bounds each wait for more data.
            pub async fn send_stream(self) -> Result<runtime::ByteStream, runtime::Error<#error>> {
                #build
                #open
                Ok(bytes)
            }
        },
        ir::StreamKind::JsonEvents | ir::StreamKind::TextEvents => {
            let item = names.ty(&stream.item);
            let wrap = if stream.kind == ir::StreamKind::TextEvents {
                quote! { text }
            } else {
                quote! { json }
            };
            quote! {
                /// Sends the request and returns the server-sent events as they arrive; the stream
                /// stays open as long as the server keeps it open, and the client's timeout bounds
                /// each wait for more data.
                pub async fn send(self) -> Result<runtime::EventStream<#item>, runtime::Error<#error>> {
                    #build
                    #open
                    Ok(runtime::EventStream::#wrap(bytes))
                }
            }
        }
        ir::StreamKind::JsonLines => {
            let item = names.ty(&stream.item);
            quote! {
                /// Sends the request and returns the items of the JSON sequence as they arrive; the
                /// client's timeout bounds each wait for more data.
                pub async fn send(self) -> Result<runtime::JsonLines<#item>, runtime::Error<#error>> {
                    #build
                    #open
                    Ok(runtime::JsonLines::new(bytes))
                }
            }
        }
    }
}

fn optional_setter(p: &ir::Param, names: &Names) -> TokenStream {
    let pname = &p.name;
    let mut lines = docs::lines(&p.docs);
    if lines.is_empty() {
        lines.push(format!("Sets the `{}` {}.", p.wire_name, p.location.describe()));
    }
    let doc = docs::text_attrs(&lines);
    let ty = param_argument_type(&p.ty, names);
    let value = param_conversion(&p.ty, quote! { value }).unwrap_or_else(|| quote! { value });
    quote! {
        #doc
        pub fn #pname(mut self, value: #ty) -> Self {
            self.#pname = Some(#value);
            self
        }
    }
}

fn body_setters(body: &ir::Body, names: &Names) -> TokenStream {
    let optional = (!body.required).then(|| {
        let mut lines = docs::lines(&body.docs);
        if lines.is_empty() {
            lines.push("Sets the request body; without it, no body is sent.".to_owned());
        } else {
            lines.push(String::new());
            lines.push("Without it, no body is sent.".to_owned());
        }
        let doc = docs::text_attrs(&lines);
        let (ty, into) = body_argument(body, names);
        let value = if into {
            quote! { body.into() }
        } else {
            quote! { body }
        };
        quote! {
            #doc
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(#value);
                self
            }
        }
    });
    let form = form_alternative(body).then(|| {
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
    });
    quote! { #optional #form }
}

/// The longest path template one `request.path(..)` call gets, so that the call fits on a line.
const PATH_TEMPLATE_WIDTH: usize = 60;

fn build_request(op: &ir::Operation) -> TokenStream {
    // `lower` writes the method in upper case, as `reqwest::Method`'s constants are named; a method
    // it has no constant for (3.2's `QUERY`, `additionalOperations`) is made from its name.
    let standard = standard_method(op);
    // The path as templates, each followed by the parameters that fill its places, in order; a
    // long path is cut after a parameter, so that each call fits on a line.
    let mut steps: Vec<TokenStream> = Vec::new();
    let mut template = String::new();
    let mut fills: Vec<TokenStream> = Vec::new();
    for part in &op.path {
        let (text, fill) = match part {
            ir::PathPart::Literal(text) => (text.clone(), None),
            ir::PathPart::Param(index) => match op.params.get(*index) {
                Some(p) => (format!("{{{}}}", p.wire_name), Some(write_param(p))),
                None => continue,
            },
        };
        if !fills.is_empty() && template.len() + text.len() > PATH_TEMPLATE_WIDTH {
            steps.push(quote! { request.path(#template); });
            steps.append(&mut fills);
            template.clear();
        }
        template.push_str(&text);
        fills.extend(fill);
    }
    if !template.is_empty() {
        steps.push(quote! { request.path(#template); });
    }
    steps.append(&mut fills);
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        steps.push(write_param(p));
    }
    let mut accept: Vec<&str> = Vec::new();
    for response in &op.responses {
        for media in &response.media {
            if !accept.contains(&media.media_type.as_str()) {
                accept.push(&media.media_type);
            }
        }
    }
    let accept = accept.join(", ");
    let new_request = if standard {
        let method = Ident::fixed(&op.http_method);
        quote! { runtime::RequestParts::new(Method::#method, #accept) }
    } else {
        let method = &op.http_method;
        quote! { runtime::RequestParts::with_method(#method, #accept) }
    };
    if !op.security.is_empty() {
        let alternatives = op.security.iter().map(|alternative| quote! { &[#(#alternative),*] });
        steps.push(quote! { request.authorize(&self.client_.core, &[#(#alternatives),*]); });
    }
    quote! {
        let mut request = #new_request;
        #(#steps)*
    }
}

/// True when `reqwest::Method` has a constant for the operation's method.
fn standard_method(op: &ir::Operation) -> bool {
    ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"].contains(&op.http_method.as_str())
}

/// The runtime writer for a parameter: its location, shape and style, as `lower` decided them.
fn write_param(p: &ir::Param) -> TokenStream {
    let pname = &p.name;
    let wire = &p.wire_name;
    let explode = p.explode;
    let style = style_tokens(p.style);
    let style = quote! { runtime::Style::#style };
    // The runtime's writers take a value or an `Option` of one; `None` sends nothing.
    let json = if p.required {
        quote! { &runtime::JsonText(&self.#pname) }
    } else {
        quote! { &self.#pname.as_ref().map(runtime::JsonText) }
    };
    match (p.location, p.shape) {
        (ParamLocation::Path, ParamShape::Json) => quote! { request.path_param(#wire, #json); },
        (ParamLocation::Header, ParamShape::Json) => quote! { request.header(#wire, #json); },
        (ParamLocation::Cookie, ParamShape::Json) => quote! { request.cookie(#wire, #json); },
        (ParamLocation::Path, ParamShape::Scalar) if p.style == ParamStyle::Simple => quote! { request.path_param(#wire, &self.#pname); },
        (ParamLocation::Path, ParamShape::Scalar) => quote! { request.path_scalar(#wire, #style, &self.#pname); },
        (ParamLocation::Path, ParamShape::List) => quote! { request.path_list(#wire, #style, #explode, &self.#pname); },
        (ParamLocation::Path, _) => quote! { request.path_object(#wire, #style, #explode, &self.#pname); },
        (ParamLocation::Query, ParamShape::Scalar) => quote! { request.query(#wire, &self.#pname); },
        (ParamLocation::Query, ParamShape::List) => quote! { request.query_list(#wire, #style, #explode, &self.#pname); },
        (ParamLocation::Query, ParamShape::Object) => quote! { request.query_object(#wire, #style, #explode, &self.#pname); },
        (ParamLocation::Query, ParamShape::Json) => quote! { request.query_json(#wire, #explode, &self.#pname); },
        (ParamLocation::Header, ParamShape::Scalar) => quote! { request.header(#wire, &self.#pname); },
        (ParamLocation::Header, ParamShape::List) => quote! { request.header_csv(#wire, &self.#pname); },
        (ParamLocation::Header, _) => quote! { request.header_object(#wire, #explode, &self.#pname); },
        (ParamLocation::Cookie, ParamShape::Scalar) => quote! { request.cookie(#wire, &self.#pname); },
        (ParamLocation::Cookie, ParamShape::List) => quote! { request.cookie_list(#wire, #explode, &self.#pname); },
        (ParamLocation::Cookie, _) => quote! { request.cookie_object(#wire, #explode, &self.#pname); },
    }
}

fn body_encoding(body: &ir::Body) -> TokenStream {
    if let Some(choice) = &body.choice {
        let arms = body.alternatives.iter().map(|alternative| {
            let variant = &alternative.variant;
            let value = match alternative.value {
                ir::BodyValue::Model => quote! { &body },
                _ => quote! { body },
            };
            let encode = encode_body(&alternative.value, &alternative.encoding, value);
            quote! { #choice::#variant(body) => { #encode } }
        });
        let bind = if body.required {
            quote! { self.body }
        } else {
            quote! { Some(body) }
        };
        return if body.required {
            quote! { match #bind { #(#arms)* } }
        } else {
            quote! { if let #bind = self.body { match body { #(#arms)* } } }
        };
    }
    let Some(first) = body.encodings.first() else { return quote! {} };
    // Bytes, streams and forms are moved into the request (`send` owns the builder); models are
    // encoded from a reference.
    let (value, bind) = match (&body.value, body.required) {
        (ir::BodyValue::Model, true) => (quote! { &self.body }, quote! { &self.body }),
        (ir::BodyValue::Model, false) => (quote! { body }, quote! { &self.body }),
        (_, true) => (quote! { self.body }, quote! { self.body }),
        (_, false) => (quote! { body }, quote! { self.body }),
    };
    let encode = |encoding: &ir::BodyEncoding| encode_body(&body.value, encoding, value.clone());
    let chosen = match body.encodings.iter().find(|e| e.kind == MediaKind::Form).filter(|_| form_alternative(body)) {
        Some(form) => {
            let form = encode(form);
            let first = encode(first);
            quote! {
                if self.form_encoded { #form } else { #first }
            }
        }
        None => encode(first),
    };
    if body.required {
        chosen
    } else {
        quote! {
            if let Some(body) = #bind { #chosen }
        }
    }
}

/// The request's body as a step its call runs when it is awaited (`with_json`, `with_form`, else `with_body` around
/// the statements [`body_encoding`] writes), so that the body's encoding is compiled only where
/// the call is awaited.
fn deferred_body(body: &ir::Body) -> TokenStream {
    let plain = body.choice.is_none() && matches!(body.value, ir::BodyValue::Model) && !form_alternative(body);
    match body.encodings.first() {
        Some(first) if plain && !matches!(first.kind, MediaKind::Form | MediaKind::Text) => {
            let media = &first.media_type;
            if body.required {
                quote! { let request = request.with_json(#media, self.body); }
            } else {
                quote! { let request = request.with_optional_json(#media, self.body); }
            }
        }
        Some(first) if plain && body.required && first.kind == MediaKind::Form => {
            let media = &first.media_type;
            let styles = form_styles(first);
            quote! { let request = request.with_form(#media, self.body, &[#(#styles),*]); }
        }
        Some(_) => {
            let statements = body_encoding(body);
            quote! { let request = request.with_body(move |request| { #statements }); }
        }
        None => quote! {},
    }
}

/// How a form body lays out its fields: name, style, explode, for each field the spec gives an encoding.
fn form_styles(encoding: &ir::BodyEncoding) -> impl Iterator<Item = TokenStream> + '_ {
    encoding.form_styles.iter().map(|field| {
        let name = &field.name;
        let style = style_tokens(field.style);
        let explode = field.explode;
        quote! { (#name, runtime::Style::#style, #explode) }
    })
}

/// The runtime's name for a style.
fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple => quote! { Simple },
        ParamStyle::Label => quote! { Label },
        ParamStyle::Matrix => quote! { Matrix },
        ParamStyle::Form => quote! { Form },
        ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
        ParamStyle::PipeDelimited => quote! { PipeDelimited },
        ParamStyle::DeepObject => quote! { DeepObject },
    }
}

/// The statements that put `value` (a reference for a model, the value itself otherwise) into the
/// request as `encoding` says.
fn encode_body(body_value: &ir::BodyValue, encoding: &ir::BodyEncoding, value: TokenStream) -> TokenStream {
    let media = &encoding.media_type;
    match (body_value, encoding.kind) {
        (ir::BodyValue::Multipart(form), _) => {
            let parts = form.parts.iter().map(|part| {
                let name = &part.name;
                let wire = &part.wire_name;
                let content_type = &part.content_type;
                match part.kind {
                    ir::PartKind::Text => quote! { form.text(#wire, #content_type, &body.#name); },
                    ir::PartKind::TextList => quote! { form.text_list(#wire, #content_type, &body.#name); },
                    ir::PartKind::Json => quote! { form.json(#wire, #content_type, &body.#name); },
                    ir::PartKind::File => quote! { form.file(#wire, #content_type, body.#name); },
                    ir::PartKind::FileList => quote! { form.files(#wire, #content_type, body.#name); },
                }
            });
            let bind = (value.to_string() != "body").then(|| quote! { let body = #value; });
            quote! {
                #bind
                let mut form = runtime::MultipartForm::new();
                #(#parts)*
                request.multipart_body(form);
            }
        }
        (ir::BodyValue::Binary, _) => quote! { request.binary_body(#media, #value); },
        (ir::BodyValue::Model, MediaKind::Form) => {
            let styles = form_styles(encoding);
            quote! { request.form_body(#media, #value, &[#(#styles),*]); }
        }
        (ir::BodyValue::Model, kind) => {
            let call = match kind {
                MediaKind::Text => quote! { text_body },
                MediaKind::Json | MediaKind::Form | MediaKind::Multipart | MediaKind::Bytes => quote! { json_body },
            };
            quote! { request.#call(#media, #value); }
        }
    }
}

/// The enum a body offered in media types with different schemas is given as, with a `From` for
/// every variant whose type no other variant has (so the plain value can be passed).
fn body_choice(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let Some(body) = &op.body else { return quote! {} };
    let Some(choice) = &body.choice else { return quote! {} };
    let method = &op.name;
    let doc = docs::text_attrs(&[format!(
        "The request body of [`Client::{method}`], in one of the media types the spec offers for it. A value \
         converts into the first variant of its type (the preferred media type first), so it can be passed as it is."
    )]);
    let types: Vec<TokenStream> = body.alternatives.iter().map(|a| value_type(&a.value, &a.ty, names)).collect();
    let sizes: Vec<usize> = body
        .alternatives
        .iter()
        .map(|alternative| match &alternative.value {
            ir::BodyValue::Model => super::estimated_size(api, &alternative.ty, 0),
            ir::BodyValue::Binary => 40,
            ir::BodyValue::Multipart(form) => form
                .parts
                .iter()
                .map(|part| match part.kind {
                    ir::PartKind::File => 88,
                    ir::PartKind::FileList | ir::PartKind::TextList => 24,
                    _ => super::estimated_size(api, &part.ty, 0) + if part.required { 0 } else { 8 },
                })
                .sum(),
        })
        .collect();
    let allow = super::large_variant_allow(&sizes);
    let variants = body.alternatives.iter().zip(&types).map(|(alternative, ty)| {
        let variant = &alternative.variant;
        let doc = docs::text_attrs(&[format!("Sent as `{}`.", alternative.encoding.media_type)]);
        quote! { #doc #variant(#ty), }
    });
    let froms = body.alternatives.iter().zip(&types).enumerate().filter_map(|(index, (alternative, ty))| {
        // The first variant of a type gets its `From`: the preferred media type wins.
        let text = ty.to_string();
        if types.iter().take(index).any(|other| other.to_string() == text) {
            return None;
        }
        let variant = &alternative.variant;
        let binary = (alternative.value == ir::BodyValue::Binary
            && body.alternatives.iter().filter(|a| a.value == ir::BodyValue::Binary).count() == 1)
            .then(|| {
                quote! {
                    impl From<Vec<u8>> for #choice {
                        fn from(value: Vec<u8>) -> Self {
                            Self::#variant(value.into())
                        }
                    }
                }
            });
        Some(quote! {
            impl From<#ty> for #choice {
                fn from(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
            #binary
        })
    });
    quote! {
        #doc
        #[derive(Debug)]
        #allow
        pub enum #choice {
            #(#variants)*
        }

        #(#froms)*
    }
}

/// The Rust type a caller passes for a body value of type `ty`.
fn value_type(value: &ir::BodyValue, ty: &TypeRef, names: &Names) -> TokenStream {
    match value {
        ir::BodyValue::Model => names.ty(ty),
        ir::BodyValue::Binary => quote! { runtime::Binary },
        ir::BodyValue::Multipart(form) => {
            let name = &form.name;
            quote! { #name }
        }
    }
}

/// The type a request builder keeps its body in.
fn body_type(body: &ir::Body, names: &Names) -> TokenStream {
    match &body.choice {
        Some(choice) => quote! { #choice },
        None => value_type(&body.value, &body.ty, names),
    }
}

/// The argument type of a body, and whether it needs `.into()`.
fn body_argument(body: &ir::Body, names: &Names) -> (TokenStream, bool) {
    if let Some(choice) = &body.choice {
        return (quote! { impl Into<#choice> }, true);
    }
    match &body.value {
        ir::BodyValue::Binary => (quote! { impl Into<runtime::Binary> }, true),
        _ => (body_type(body, names), false),
    }
}

/// The struct a multipart body is given as: one field per part.
fn form_struct(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let Some(body) = &op.body else { return quote! {} };
    let forms = std::iter::once(&body.value).chain(body.alternatives.iter().map(|a| &a.value)).filter_map(|value| match value {
        ir::BodyValue::Multipart(form) => Some(form),
        _ => None,
    });
    let mut seen: Vec<&Ident> = Vec::new();
    let mut out = Vec::new();
    for form in forms {
        if !seen.contains(&&form.name) {
            seen.push(&form.name);
            out.push(one_form_struct(op, form, names));
        }
    }
    let choice = body_choice(op, names, api);
    quote! { #(#out)* #choice }
}

fn one_form_struct(op: &ir::Operation, form: &ir::Multipart, names: &Names) -> TokenStream {
    let name = &form.name;
    let method = &op.name;
    let doc = docs::text_attrs(&[
        format!("The `multipart/form-data` body of [`Client::{method}`]: one part per field, absent fields left out."),
        String::new(),
        "Files are [`runtime::FilePart`]s: bytes or a stream, with a file name and a content type.".to_owned(),
    ]);
    let fields = form.parts.iter().map(|part| {
        let field = &part.name;
        let mut lines = docs::lines(&part.docs);
        if lines.is_empty() {
            lines.push(format!("The `{}` part.", part.wire_name));
        }
        let doc = docs::text_attrs(&lines);
        let ty = match part.kind {
            ir::PartKind::File => quote! { runtime::FilePart },
            ir::PartKind::FileList => quote! { Vec<runtime::FilePart> },
            _ => names.ty(&part.ty),
        };
        let ty = match part.kind {
            ir::PartKind::TextList | ir::PartKind::FileList => ty,
            _ if part.required => ty,
            _ => quote! { Option<#ty> },
        };
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    quote! {
        #doc
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote! { #code }
        }
        StatusMatch::Range(digit) => {
            let low = Literal::u16_unsuffixed(digit.saturating_mul(100));
            let high = Literal::u16_unsuffixed(digit.saturating_mul(100).saturating_add(99));
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

/// Constructors applied to a decoded value, innermost first (`[Union::Text, ErrorSet::Unauthorized]`).
#[derive(Clone, Default)]
struct Wrap(Vec<TokenStream>);

impl Wrap {
    fn with(mut self, path: TokenStream) -> Wrap {
        self.0.push(path);
        self
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
            _ => Some({
                let body = self.apply(quote! { value });
                quote! { |value| #body }
            }),
        }
    }
}

/// The constructors a reader's value goes through before `outer`: `Secret` for a secret text, the
/// union variant when the response type is a media union.
fn reader_wrap(reader: &ir::Reader, response: &ir::Response) -> Wrap {
    let mut wrap = Wrap::default();
    if reader.read == (ir::Read::Text { secret: true }) {
        wrap = wrap.with(quote! { runtime::Secret::from });
    }
    if let (Some(variant), Some(TypeRef::Named(union))) = (&reader.variant, &response.ty) {
        wrap = wrap.with(quote! { types::#union::#variant });
    }
    wrap
}

/// The readers of a response, each as an expression, chosen by content type: all but the last behind
/// a check of the documented media types, the last one for whatever else comes.
fn choose(readers: &[ir::Reader], mut expr: impl FnMut(&ir::Reader) -> TokenStream) -> TokenStream {
    let empty = [ir::Reader { media_types: Vec::new(), read: ir::Read::Empty, variant: None }];
    // `lower` gives every response at least one reader; an empty list reads nothing.
    let readers = if readers.is_empty() { &empty[..] } else { readers };
    let Some((last, guarded)) = readers.split_last() else { return quote! {} };
    let checks: Vec<TokenStream> = guarded
        .iter()
        .map(|reader| {
            let media = &reader.media_types;
            let value = expr(reader);
            quote! {
                if response.has_content_type(&[#(#media),*]) {
                    return #value;
                }
            }
        })
        .collect();
    let last = expr(last);
    if guarded.is_empty() {
        last
    } else {
        quote! { { #(#checks)* #last } }
    }
}

/// A success body as `Result<ResponseValue<S>, Error<E>>`, `outer` turning the value into `S`.
fn decode_success(response: &ir::Response, outer: &Wrap) -> TokenStream {
    choose(&response.readers, |reader| {
        let mut wrap = reader_wrap(reader, response);
        wrap.0.extend(outer.0.iter().cloned());
        let media = &reader.media_types;
        let (read, fallible) = match reader.read {
            ir::Read::Json => (quote! { response.json() }, true),
            ir::Read::Text { .. } => (quote! { response.text(&[#(#media),*]) }, true),
            ir::Read::Bytes => (quote! { response.bytes() }, false),
            ir::Read::Empty => (quote! { response.empty() }, false),
        };
        match (wrap.callable(), fallible, reader.read) {
            (None, true, _) => read,
            (None, false, _) => quote! { Ok(#read) },
            (Some(w), true, _) => quote! { #read.map(|value| runtime::ResponseValue::map(value, #w)) },
            // No body: the variant is a unit variant.
            (Some(w), false, ir::Read::Empty) => quote! { Ok(#read.map(|()| #w)) },
            (Some(w), false, _) => quote! { Ok(#read.map(#w)) },
        }
    })
}

fn decode_response(op: &ir::Operation) -> TokenStream {
    let operation = op.name.as_str();
    let error = &op.error_set;
    let mut arms: Vec<TokenStream> = Vec::new();
    match success(op) {
        Success::Single(_, responses) => {
            for response in responses {
                let pattern = status_pattern(&response.status);
                let value = decode_success(response, &Wrap::default());
                arms.push(quote! { #pattern => #value, });
            }
        }
        Success::PerStatus(responses) => {
            let name = response_name(op);
            for response in responses {
                let variant = &response.variant;
                let pattern = status_pattern(&response.status);
                let value = decode_success(response, &Wrap::default().with(quote! { #name::#variant }));
                arms.push(quote! { #pattern => #value, });
            }
        }
        Success::Default(response) => {
            let value = decode_success(response, &Wrap::default());
            arms.push(quote! { 200..=299 => #value, });
        }
        Success::Undocumented => arms.push(quote! { 200..=299 => Ok(response.bytes()), }),
    }
    match single_read(op) {
        Some((status, SingleRead::Json)) => quote! { self.client_.core.call_json(#operation, request, #status) },
        Some((status, SingleRead::Empty)) => quote! { self.client_.core.call_empty(#operation, request, #status) },
        None => quote! {
            let decode = |response: runtime::RawResponse| match response.status() {
                #(#arms)*
                _ => Err(#error::read(response)),
            };
            self.client_.core.call(#operation, request, decode)
        },
    }
}

/// How an operation with one success status and one reader reads it, when the runtime's shorthand
/// for that (`call_json`, `call_empty`) says it all.
enum SingleRead {
    Json,
    Empty,
}

fn single_read(op: &ir::Operation) -> Option<(proc_macro2::Literal, SingleRead)> {
    let Success::Single(_, responses) = success(op) else { return None };
    let [response] = responses.as_slice() else { return None };
    let StatusMatch::Code(code) = response.status else { return None };
    let [reader] = response.readers.as_slice() else { return None };
    if !reader_wrap(reader, response).0.is_empty() {
        return None;
    }
    let read = match reader.read {
        ir::Read::Json => SingleRead::Json,
        ir::Read::Empty => SingleRead::Empty,
        ir::Read::Text { .. } | ir::Read::Bytes => return None,
    };
    Some((proc_macro2::Literal::u16_unsuffixed(code), read))
}

fn response_enum(op: &ir::Operation, names: &Names, api: &ir::Api) -> TokenStream {
    let Success::PerStatus(responses) = success(op) else { return quote! {} };
    let sizes: Vec<usize> = responses.iter().map(|r| r.ty.as_ref().map_or(0, |ty| super::estimated_size(api, ty, 0))).collect();
    let allow = super::large_variant_allow(&sizes);
    let name = response_name(op);
    let method = &op.name;
    let doc = docs::text_attrs(&[format!("The successful responses of [`Client::{method}`], one variant per documented status.")]);
    let variants = responses.iter().map(|r| status_variant(r, names, None));
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        #allow
        pub enum #name { #(#variants)* }
    }
}

/// One variant per documented status: its body type, or none, with the status and description as docs.
fn status_variant(response: &ir::Response, names: &Names, headers: Option<Ident>) -> TokenStream {
    let status = match &response.status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(digit) => format!("Any {digit}xx status"),
        StatusMatch::Default => "Any status the spec does not list".to_owned(),
    };
    let description = response.docs.description.as_deref().map(docs::safe_lines).unwrap_or_default();
    let lines = if description.is_empty() { vec![format!("{status}.")] } else { docs::item_lines(&format!("{status}: "), &description) };
    let doc = docs::text_attrs(&lines);
    let variant = &response.variant;
    match (&response.ty, headers) {
        (Some(ty), Some(headers)) => {
            let ty = names.ty(ty);
            quote! { #doc #variant(#ty, #headers), }
        }
        (Some(ty), None) => {
            let ty = names.ty(ty);
            quote! { #doc #variant(#ty), }
        }
        (None, Some(headers)) => quote! { #doc #variant(#headers), },
        (None, None) => quote! { #doc #variant, },
    }
}

/// What an error status is called in messages: `status 404`, `a 4xx status`.
fn status_words(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("status {code}"),
        StatusMatch::Range(digit) => format!("a {digit}xx status"),
        StatusMatch::Default => "an error status".to_owned(),
    }
}

fn error_enum(set: &ir::ErrorSet, names: &Names, api: &ir::Api) -> TokenStream {
    let name = &set.name;
    // The catch-all holds a status, a header map and a body: about 130 bytes.
    let mut sizes: Vec<usize> = set
        .responses
        .iter()
        .map(|r| r.ty.as_ref().map_or(0, |ty| super::estimated_size(api, ty, 0)) + headers_size(api, &r.headers))
        .collect();
    sizes.push(130);
    let allow = super::large_variant_allow(&sizes);
    let users = match set.operations.as_slice() {
        [only] => format!("[`Client::{only}`]"),
        many => {
            let keys: Vec<String> = set.responses.iter().filter_map(|r| r.component.as_deref()).map(|key| format!("`{key}`")).collect();
            let mut keys_unique = keys.clone();
            keys_unique.dedup();
            format!("the {} operations whose error responses are {}", many.len(), keys_unique.join(" and "))
        }
    };
    let doc = docs::text_attrs(&[format!("The documented error responses of {users}, and a catch-all for the others.")]);
    let variants = set.responses.iter().map(|r| status_variant(r, names, r.header_set.clone()));
    let mut arms: Vec<TokenStream> = Vec::new();
    if set.responses.iter().any(|r| r.status == StatusMatch::Default) {
        // A success status the operation does not document is not an error the spec describes.
        arms.push(quote! { 200..=299 => response.unexpected_error(Self::Unexpected), });
    }
    for response in &set.responses {
        let pattern = status_pattern(&response.status);
        let variant = &response.variant;
        let with_headers = response.header_set.is_some();
        let value = match &response.ty {
            None if with_headers => quote! { response.api_error(Self::#variant(headers)) },
            None => quote! { response.api_error(Self::#variant) },
            Some(_) => choose(&response.readers, |reader| {
                let callable = if with_headers {
                    let value = reader_wrap(reader, response).apply(quote! { value });
                    quote! { |value| Self::#variant(#value, headers) }
                } else {
                    let wrap = reader_wrap(reader, response).with(quote! { Self::#variant });
                    wrap.callable().unwrap_or_else(|| quote! { Self::#variant })
                };
                let media = &reader.media_types;
                match reader.read {
                    ir::Read::Json => quote! { response.json_error(#callable) },
                    ir::Read::Text { .. } => quote! { response.text_error(&[#(#media),*], #callable) },
                    ir::Read::Bytes => quote! { response.bytes_error(#callable) },
                    ir::Read::Empty if with_headers => quote! { response.api_error(Self::#variant(headers)) },
                    ir::Read::Empty => quote! { response.api_error(Self::#variant) },
                }
            }),
        };
        let value = if let Some(headers) = &response.header_set {
            quote! {
                match #headers::from_headers(&response.headers) {
                    Ok(headers) => #value,
                    Err(error) => response.header_error(error),
                }
            }
        } else {
            value
        };
        arms.push(quote! { #pattern => #value, });
    }
    if !set.responses.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push(quote! { _ => response.unexpected_error(Self::Unexpected), });
    }
    let read_body = if set.responses.is_empty() {
        quote! { response.unexpected_error(Self::Unexpected) }
    } else {
        quote! { match response.status() { #(#arms)* } }
    };
    let messages = set.responses.iter().map(|response| {
        let variant = &response.variant;
        let status = status_words(&response.status);
        let description =
            response.docs.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
        let text = if description.is_empty() { status } else { format!("{status}: {description}") };
        let pattern = if response.ty.is_some() || response.header_set.is_some() {
            quote! { Self::#variant(..) }
        } else {
            quote! { Self::#variant }
        };
        quote! { #pattern => f.write_str(#text), }
    });
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        #allow
        pub enum #name {
            #(#variants)*
            /// A status the spec does not document for this operation, kept whole.
            Unexpected(runtime::UnexpectedResponse),
        }

        impl ErrorSet for #name {
            fn read(response: runtime::RawResponse) -> runtime::Error<Self> {
                #read_body
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#messages)*
                    Self::Unexpected(response) => write!(f, "a response the spec does not document: {response}"),
                }
            }
        }

        runtime::api_error!(#name);
    }
}

/// An argument of the first-call example as tokens: a literal, or the spec's example parsed from
/// its JSON text; `None` when the spec gives nothing to call with.
fn first_call_argument(ty: &TypeRef, example: Option<&serde_json::Value>) -> Option<TokenStream> {
    use proc_macro2::Literal;
    use serde_json::Value;
    match ty {
        TypeRef::String | TypeRef::Secret => example.and_then(Value::as_str).map(|text| {
            let text = Literal::string(text);
            quote! { #text }
        }),
        TypeRef::Bool => example.and_then(Value::as_bool).map(|value| {
            if value {
                quote! { true }
            } else {
                quote! { false }
            }
        }),
        TypeRef::I32 | TypeRef::I64 => example.and_then(Value::as_i64).map(|value| {
            let value = Literal::i64_unsuffixed(value);
            quote! { #value }
        }),
        other if super::types::into_argument(other) => None,
        TypeRef::List(_) | TypeRef::Bytes => None,
        _ => example.map(|example| {
            let text = Literal::string(&example.to_string());
            quote! { serde_json::from_str(#text)? }
        }),
    }
}

/// `examples/first_call.rs`: a program that makes one call, with the spec's example values, to
/// the base URL given on the command line, with the credential in `API_CREDENTIAL`. Made for the
/// first operation (of the first API) that reads without a body and whose every required
/// argument has an example; `None` when none does.
pub(crate) fn first_call(apis: &[ir::Api], krate: &str) -> Option<TokenStream> {
    // A `GET` first: a first call should read, not change anything.
    let candidates = apis.iter().flat_map(|api| api.operations.iter().map(move |op| (api, op)));
    let mut candidates: Vec<(&ir::Api, &ir::Operation)> =
        candidates.filter(|(_, op)| !op.deprecated && op.stream.is_none() && op.body.as_ref().is_none_or(|b| !b.required)).collect();
    candidates.sort_by_key(|(_, op)| op.http_method != "GET");
    let (api, op, args) = candidates.into_iter().find_map(|(api, op)| {
        let args: Option<Vec<TokenStream>> =
            op.params.iter().filter(|p| p.required).map(|p| first_call_argument(&p.ty, p.example.as_ref())).collect();
        args.map(|args| (api, op, args))
    })?;
    let krate = Ident::fixed(krate);
    let module = &api.module;
    let method = &op.name;
    let scheme = op
        .security
        .first()
        .and_then(|alternative| alternative.first())
        .and_then(|key| api.security_schemes.iter().find(|scheme| &scheme.key == key && scheme.kind != ir::SecurityKind::Basic));
    let credential = scheme.map(|scheme| {
        let setter = &scheme.name;
        quote! {
            if let Ok(secret) = std::env::var("API_CREDENTIAL") {
                builder = builder.#setter(secret);
            }
        }
    });
    let doc = docs::inner_attrs(&[
        format!("A first call to {}: `{} {}`, with the spec's example values.", api.title.trim(), op.http_method, op.path_template),
        String::new(),
        "`cargo run --example first_call -- <base URL>` (the spec's server when none is given); the".to_owned(),
        "credential, if the operation takes one, comes from the `API_CREDENTIAL` environment variable.".to_owned(),
    ]);
    Some(quote! {
        #doc

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #[allow(unused_mut)]
            let mut builder = #krate::#module::Client::builder();
            if let Some(base_url) = std::env::args().nth(1) {
                builder = builder.base_url(base_url);
            }
            #credential
            let client = builder.build()?;
            let value = client.#method(#(#args),*).send().await?;
            println!("{value:#?}");
            Ok(())
        }
    })
}
