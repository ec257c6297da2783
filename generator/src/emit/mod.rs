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
        file("types.rs", types::module(api, &Names::new(Scope::Types, api))),
        file("client.rs", client::module(api, &Names::new(Scope::Client, api))),
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
    /// Prelude names that a model of this API shadows in the types module (`Option`, `String`...).
    shadowed: std::collections::BTreeSet<String>,
}

/// The prelude items generated models use, and their full paths.
const PRELUDE: &[(&str, &str)] = &[
    ("Option", "std::option::Option"),
    ("Box", "std::boxed::Box"),
    ("Vec", "std::vec::Vec"),
    ("String", "std::string::String"),
    ("Result", "std::result::Result"),
    ("Default", "std::default::Default"),
    ("From", "std::convert::From"),
];

impl Names {
    fn new(scope: Scope, api: &ir::Api) -> Self {
        let shadowed = match scope {
            Scope::Types => api.types.iter().filter(|t| PRELUDE.iter().any(|(n, _)| *n == t.name)).map(|t| t.name.clone()).collect(),
            Scope::Client => Default::default(),
        };
        Names { scope, shadowed }
    }

    /// A prelude item, by its short name unless a model of this module shadows it.
    pub(crate) fn p(&self, name: &str) -> TokenStream {
        let path = match PRELUDE.iter().find(|(n, _)| *n == name) {
            Some((_, full)) if self.shadowed.contains(name) => *full,
            _ => name,
        };
        match path.parse() {
            Ok(tokens) => tokens,
            Err(err) => panic!("generator bug: prelude path {path} does not tokenize: {err}"),
        }
    }

    /// `Option::is_none` as serde's `skip_serializing_if` wants it, as a string.
    pub(crate) fn is_none(&self) -> String {
        format!("{}::is_none", self.p("Option")).replace(' ', "")
    }

    /// The Rust type for a type use.
    pub(crate) fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => self.p("String"),
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
            TypeRef::Bytes => {
                let vec = self.p("Vec");
                quote! { #vec<u8> }
            }
            TypeRef::Named(name) => {
                let name = types::ident(name);
                match self.scope {
                    Scope::Types => quote! { #name },
                    Scope::Client => quote! { types::#name },
                }
            }
            TypeRef::List(inner) => {
                let inner = self.ty(inner);
                let vec = self.p("Vec");
                quote! { #vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                let string = self.p("String");
                quote! { std::collections::BTreeMap<#string, #inner> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner);
                let option = self.p("Option");
                quote! { #option<#inner> }
            }
        }
    }
}

/// A rough size in bytes of a value of `ty`, enough to tell whether an enum's variants differ so much
/// that clippy's `large_enum_variant` would fire (a difference of 200 bytes). `depth` bounds recursion.
pub(crate) fn estimated_size(api: &ir::Api, ty: &TypeRef, depth: usize) -> usize {
    match ty {
        TypeRef::String | TypeRef::Secret | TypeRef::Bytes | TypeRef::List(_) => 24,
        TypeRef::Map(_) => 24,
        TypeRef::Bool => 1,
        TypeRef::I32 | TypeRef::F32 | TypeRef::Date => 4,
        TypeRef::I64 | TypeRef::F64 => 8,
        TypeRef::DateTime => 12,
        TypeRef::Json => 32,
        TypeRef::Nullable(inner) => estimated_size(api, inner, depth) + 8,
        TypeRef::Named(name) => {
            let Some(def) = api.types.iter().find(|t| &t.name == name) else { return 8 };
            if depth > 8 {
                return 8;
            }
            match &def.kind {
                ir::TypeKind::Struct(s) => {
                    let fields: usize = s.fields.iter().map(|f| field_size(api, f, depth)).sum();
                    let exclusive: usize = s.exclusive.iter().map(|g| 8 + g.members.iter().map(|m| field_size(api, &m.field, depth)).max().unwrap_or(0)).sum();
                    let additional = if s.additional.is_some() { 24 } else { 0 };
                    fields + exclusive + additional
                }
                ir::TypeKind::StringEnum(_) => 24,
                ir::TypeKind::OneOf(variants) | ir::TypeKind::MediaUnion(variants) => {
                    8 + variants.iter().map(|v| if v.boxed { 8 } else { estimated_size(api, &v.ty, depth + 1) }).max().unwrap_or(0)
                }
                ir::TypeKind::Alias(inner) => estimated_size(api, inner, depth + 1),
            }
        }
    }
}

fn field_size(api: &ir::Api, field: &ir::Field, depth: usize) -> usize {
    let inner = if field.boxed { 8 } else { estimated_size(api, &field.ty, depth + 1) };
    match field.presence {
        ir::Presence::Required | ir::Presence::Defaulted(_) => inner,
        ir::Presence::Optional | ir::Presence::RequiredNullable => inner + 8,
    }
}

/// `#[allow(clippy::large_enum_variant)]` for an enum whose variants (of these sizes) differ by about
/// clippy's threshold or more: boxing would cost every caller an allocation to save memory nobody keeps.
pub(crate) fn large_variant_allow(sizes: &[usize]) -> TokenStream {
    let mut sorted = sizes.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    match sorted.as_slice() {
        [largest, second, ..] if largest.saturating_sub(*second) >= 150 => quote! { #[allow(clippy::large_enum_variant)] },
        _ => quote! {},
    }
}
