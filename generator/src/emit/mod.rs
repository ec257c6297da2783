//! Stage 3, `emit`: `ir::Api` in, token streams out. Uses `quote!` only and cannot fail.
//!
//! Each API becomes a module directory: `mod.rs` (docs and re-exports), `types.rs` (models) and
//! `client.rs` (the client, one request builder per operation, one error enum per operation).

mod client;
pub mod docs;
mod types;

use crate::ir::{self, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One Rust source file, as tokens.
#[derive(Debug, Clone)]
pub struct RustFile {
    /// The path inside the crate, `/`-separated (`src/cyclos/types.rs`).
    pub path: String,
    /// The spec file it came from, for the header.
    pub spec_file: String,
    /// The file's items.
    pub tokens: TokenStream,
}

/// The files of one API's module.
pub fn api(api: &ir::Api) -> Vec<RustFile> {
    let dir = format!("src/{}", api.module);
    let file = |name: &str, tokens: TokenStream| RustFile {
        path: format!("{dir}/{name}"),
        spec_file: api.spec_file.clone(),
        tokens,
    };
    vec![
        file("mod.rs", module_root(api)),
        file("types.rs", types::module(api, &Names::new(Scope::Types))),
        file("client.rs", client::module(api, &Names::new(Scope::Client))),
    ]
}

/// The `lib.rs` items that declare one module per API, each behind its feature.
pub fn lib_modules(apis: &[ir::Api]) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let module = format_ident!("{}", api.module);
        let feature = &api.module;
        let doc = format!(" {} (from `{}`).", api.title.trim(), api.spec_file);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! { #(#modules)* }
}

fn module_root(api: &ir::Api) -> TokenStream {
    let mut lines = vec![format!("{} {}", api.title.trim(), api.version.trim())];
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(docs::safe_lines(description));
    }
    if let Some(server) = api.servers.first() {
        lines.push(String::new());
        lines.push(format!("Default base URL: <{server}>."));
    }
    let docs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #![doc = #line] }
    });
    quote! {
        #(#docs)*

        pub mod client;
        pub mod types;

        pub use client::{Client, ClientBuilder};
    }
}

/// Which module a type is written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Types,
    Client,
}

/// Writes type uses for one module.
pub(crate) struct Names {
    scope: Scope,
}

impl Names {
    fn new(scope: Scope) -> Self {
        Names { scope }
    }

    /// The Rust type for a type use.
    pub(crate) fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => quote! { String },
            TypeRef::Secret => match self.scope {
                Scope::Types => quote! { crate::runtime::Secret },
                Scope::Client => quote! { runtime::Secret },
            },
            TypeRef::Bool => quote! { bool },
            TypeRef::I32 => quote! { i32 },
            TypeRef::I64 => quote! { i64 },
            TypeRef::F32 => quote! { f32 },
            TypeRef::F64 => quote! { f64 },
            TypeRef::DateTime => quote! { chrono::DateTime<chrono::Utc> },
            TypeRef::Date => quote! { chrono::NaiveDate },
            TypeRef::Json => quote! { serde_json::Value },
            TypeRef::Bytes => quote! { Vec<u8> },
            TypeRef::Named(name) => {
                let name = types::ident(name);
                match self.scope {
                    Scope::Types => quote! { #name },
                    Scope::Client => quote! { types::#name },
                }
            }
            TypeRef::List(inner) => {
                let inner = self.ty(inner);
                quote! { Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote! { std::collections::BTreeMap<String, #inner> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner);
                quote! { Option<#inner> }
            }
        }
    }
}
