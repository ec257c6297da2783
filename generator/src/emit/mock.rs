//! An API's `mock` module (behind the crate feature `mock`): a fake server for the user's tests,
//! with one method per operation that expects its request and one typed method per documented
//! response that answers it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, Names};
use crate::ir::{self, PathPart, StatusMatch};
use crate::names::Ident;

/// Methods of the generated `MockServer` besides the operations'.
const OWN_METHODS: &[&str] = &["start", "client", "server"];

/// The whole `mock.rs` of `api`.
pub(crate) fn module(api: &ir::Api, names: &Names) -> TokenStream {
    let title = api.title.trim();
    let doc = docs::inner_attrs(&[
        format!("A fake {title} server for tests, from the spec's operations and types (the crate feature `mock`)."),
        String::new(),
        "`MockServer::start()` runs one on 127.0.0.1 and `client()` gives a client builder pointed at it; each".to_owned(),
        "operation's method expects its request, and a typed method per documented response answers it.".to_owned(),
    ]);
    let uses_types = api.operations.iter().any(|op| op.responses.iter().any(|r| answer(r).is_some_and(|(_, ty, _)| ty.is_some())));
    let types_import = uses_types.then(|| quote! { use super::types; });
    let expects = api.operations.iter().map(|op| {
        let method = mock_method(op);
        let mock = op.type_name.suffixed("Mock");
        let http = &op.http_method;
        let path = path_regex(op);
        let client_method = &op.name;
        let doc = docs::text_attrs(&[format!(
            "Expects `{} {}` ([`Client::{client_method}`](super::Client::{client_method})); answer it with one of [`{mock}`]'s methods.",
            op.http_method, op.path_template
        )]);
        quote! {
            #doc
            pub fn #method(&self) -> #mock<'_> {
                #mock(self.inner.expect(#http, #path))
            }
        }
    });
    let mocks = api.operations.iter().map(|op| operation_mock(op, names));
    quote! {
        #doc

        #types_import
        use crate::runtime;

        /// A fake server for this API, on 127.0.0.1.
        #[derive(Debug)]
        pub struct MockServer {
            inner: runtime::mock::MockServer,
        }

        impl MockServer {
            /// Starts a server on a free port.
            pub async fn start() -> Self {
                Self { inner: runtime::mock::MockServer::start().await }
            }

            /// A client builder whose base URL is this server; add credentials and build it.
            pub fn client(&self) -> super::ClientBuilder {
                super::Client::builder().base_url(self.inner.uri())
            }

            /// The underlying server: its URL, the requests it received, wiremock itself.
            pub fn server(&self) -> &runtime::mock::MockServer {
                &self.inner
            }

            #(#expects)*
        }

        #(#mocks)*
    }
}

/// The `MockServer` method of an operation: its client method's name, unless `MockServer` has
/// that name of its own.
fn mock_method(op: &ir::Operation) -> Ident {
    if OWN_METHODS.contains(&op.name.as_str()) {
        crate::names::value_name(&format!("{}_call", op.name))
    } else {
        op.name.clone()
    }
}

/// The path as a regular expression: literal text escaped, each parameter one segment or more
/// characters of one (`^/devices/[^/]+/pass$`).
fn path_regex(op: &ir::Operation) -> String {
    let mut regex = String::from("^");
    for part in &op.path {
        match part {
            PathPart::Literal(text) => {
                for c in text.chars() {
                    if c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '~') {
                        regex.push(c);
                    } else {
                        regex.push('\\');
                        regex.push(c);
                    }
                }
            }
            PathPart::Param(_) => regex.push_str("[^/]+"),
        }
    }
    regex.push('$');
    regex
}

/// A status a response answers with: its own, or one its range or `default` covers.
fn status_code(status: &StatusMatch) -> u16 {
    match status {
        StatusMatch::Code(code) => *code,
        StatusMatch::Range(digit) => digit.saturating_mul(100),
        StatusMatch::Default => 500,
    }
}

/// How a response is answered: its reader, its body type, and its first media type.
fn answer(response: &ir::Response) -> Option<(ir::Read, Option<&ir::TypeRef>, String)> {
    if response.sequence.is_some() {
        return None;
    }
    let reader = response.readers.first();
    let media = reader.and_then(|r| r.media_types.first().cloned()).unwrap_or_else(|| "application/json".to_owned());
    match (&response.ty, reader.map(|r| r.read)) {
        (None, _) | (_, Some(ir::Read::Empty)) => Some((ir::Read::Empty, None, media)),
        (Some(ty), Some(read)) if reader.is_some_and(|r| r.variant.is_none()) => Some((read, Some(ty), media)),
        _ => None,
    }
}

fn operation_mock(op: &ir::Operation, names: &Names) -> TokenStream {
    let mock = op.type_name.suffixed("Mock");
    let doc =
        docs::text_attrs(&[format!("An expected `{} {}`: answer it with one of the methods below.", op.http_method, op.path_template)]);
    let answers = op.responses.iter().filter_map(|response| {
        let (read, ty, media) = answer(response)?;
        let method = crate::names::value_name(response.variant.as_str());
        if ["times", "and", "respond_with"].contains(&method.as_str()) {
            return None;
        }
        let code = status_code(&response.status);
        let status = proc_macro2::Literal::u16_unsuffixed(code);
        let described =
            response.docs.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
        let (args, body, what) = match (read, ty) {
            (ir::Read::Json, Some(ty)) => {
                let ty = names.ty(ty);
                (quote! { body: &#ty }, quote! { self.0.json(#status, #media, body).await }, format!("`body` as `{media}`"))
            }
            (ir::Read::Text { .. }, Some(_)) => {
                (quote! { body: &str }, quote! { self.0.text(#status, #media, body).await }, format!("`body` as `{media}`"))
            }
            (ir::Read::Bytes, Some(_)) => {
                (quote! { body: &[u8] }, quote! { self.0.bytes(#status, #media, body).await }, format!("`body` as `{media}`"))
            }
            _ => (quote! {}, quote! { self.0.empty(#status).await }, "no body".to_owned()),
        };
        let doc = docs::text_attrs(&[format!(
            "Answers {code} with {what}{}",
            if described.is_empty() { ".".to_owned() } else { format!(": {described}") }
        )]);
        Some(quote! {
            #doc
            pub async fn #method(self, #args) {
                #body
            }
        })
    });
    quote! {
        #doc
        #[must_use = "an expectation does nothing until it is answered"]
        #[derive(Debug)]
        pub struct #mock<'a>(runtime::mock::Expect<'a>);

        impl #mock<'_> {
            /// Requires exactly `n` such requests, checked when the server is dropped.
            pub fn times(self, n: u64) -> Self {
                Self(self.0.times(n))
            }

            /// Matches only requests `matcher` accepts too (a header, a query parameter, a body...).
            pub fn and(self, matcher: impl wiremock::Match + 'static) -> Self {
                Self(self.0.and(matcher))
            }

            /// Answers with any response.
            pub async fn respond_with(self, template: wiremock::ResponseTemplate) {
                self.0.respond_with(template).await
            }

            #(#answers)*
        }
    }
}
