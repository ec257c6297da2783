//! Stage 3, `emit`: `ir::Api` in, token streams out. Uses `quote!` only and cannot fail.
//!
//! Each API becomes a module directory: `mod.rs` (docs and re-exports), `types.rs` (models) and
//! `client.rs` (the client, one request builder per operation, the error enums). Identifiers come
//! only from [`crate::names::Ident`]; spec text reaches the tokens only as string literals and doc
//! attributes. Every decision (which reader runs, which operations share an error enum) was made
//! by `lower`; this module translates.

mod client;
pub mod docs;
mod mock;
mod types;

use crate::ir::{self, TypeRef};
use crate::names::Ident;
use proc_macro2::TokenStream;
use quote::quote;

/// One Rust source file, as tokens.
#[derive(Debug, Clone)]
pub struct RustFile {
    /// The path inside the crate, `/`-separated (`src/cyclos/types.rs`).
    pub path: String,
    /// The spec file it came from, for the header.
    pub spec_file: String,
    /// The file's items.
    pub tokens: TokenStream,
    /// True when these items continue a file that an earlier part started (no header of their own).
    pub continues: bool,
}

/// How many operations one part of `client.rs` holds, and how many types one part of `types.rs`:
/// small enough that two threads taking parts as they finish share a big spec evenly, big enough
/// that a small spec is one part per file.
const OPERATIONS_PER_PART: usize = 48;
const TYPES_PER_PART: usize = 96;

/// A piece of an API's module, emitted and formatted on its own (token streams cannot cross
/// threads, so a piece is emitted where it is formatted). The big files come in several parts,
/// so the threads share them evenly; `generate` joins the parts of a file in the order of
/// [`Part::all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `client.rs` from its start: the client and its builder, with one method per operation.
    Client,
    /// `client.rs`: the request builders of the operations in this range.
    Requests(usize, usize),
    /// `client.rs`, its end: the error enums.
    Errors,
    /// `types.rs`: the types in this range (the first part also has the module's docs).
    Types(usize, usize),
    /// `mod.rs`: docs and re-exports.
    Root,
    /// `mock.rs`: the fake server for tests, when the crate is generated with one.
    Mock,
}

impl Part {
    /// Every part of `api`'s module, the parts of a file in file order.
    pub fn all(api: &ir::Api) -> Vec<Part> {
        let mut parts = vec![Part::Client];
        let ranges = |len: usize, size: usize| (0..len.div_ceil(size)).map(move |i| (i * size, ((i + 1) * size).min(len)));
        parts.extend(ranges(api.operations.len(), OPERATIONS_PER_PART).map(|(start, end)| Part::Requests(start, end)));
        parts.push(Part::Errors);
        parts.push(Part::Types(0, api.types.len().min(TYPES_PER_PART)));
        parts.extend(ranges(api.types.len(), TYPES_PER_PART).skip(1).map(|(start, end)| Part::Types(start, end)));
        parts.push(Part::Root);
        if api.mock {
            parts.push(Part::Mock);
        }
        parts
    }

    /// True for a part that continues a file another part starts.
    pub fn continues(self) -> bool {
        matches!(self, Part::Requests(..) | Part::Errors) || matches!(self, Part::Types(start, _) if start > 0)
    }
}

/// One part of an API's module.
pub fn part(api: &ir::Api, part: Part) -> RustFile {
    let (name, tokens) = match part {
        Part::Client => ("client.rs", client::module(api, &Names::new(Scope::Client, api))),
        Part::Requests(start, end) => ("client.rs", client::requests(api, &Names::new(Scope::Client, api), start..end)),
        Part::Errors => ("client.rs", client::errors(api, &Names::new(Scope::Client, api))),
        Part::Types(start, end) => ("types.rs", types::module(api, &Names::new(Scope::Types, api), start..end)),
        Part::Root => ("mod.rs", module_root(api)),
        Part::Mock => ("mock.rs", mock::module(api, &Names::new(Scope::Client, api))),
    };
    RustFile { path: format!("src/{}/{name}", api.module), spec_file: api.spec_file.clone(), tokens, continues: part.continues() }
}

/// The files of one API's module, each part on its own.
pub fn api(api: &ir::Api) -> Vec<RustFile> {
    Part::all(api).into_iter().map(|p| part(api, p)).collect()
}

pub use client::quick_start;

/// `examples/first_call.rs` of a crate whose docs have examples (see `client::first_call`).
pub fn first_call(apis: &[ir::Api]) -> Option<RustFile> {
    let krate = apis.first()?.doc_crate.clone()?;
    let tokens = client::first_call(apis, &krate)?;
    Some(RustFile { path: "examples/first_call.rs".to_owned(), spec_file: apis.first()?.spec_file.clone(), tokens, continues: false })
}

/// The `lib.rs` items: a quick start per API (when the crate's docs have examples), the runtime,
/// and one module per API, each behind its feature.
pub fn lib_modules(apis: &[ir::Api], runtime_crate: &str) -> TokenStream {
    let mut quick: Vec<String> = Vec::new();
    for api in apis {
        if let Some(krate) = &api.doc_crate {
            quick.push(String::new());
            quick.extend(client::quick_start(api, krate));
        }
    }
    let quick = if quick.is_empty() {
        quote! {}
    } else {
        let mut all = vec!["# Quick start".to_owned()];
        all.extend(quick);
        docs::inner_attrs(&all)
    };
    let runtime = Ident::fixed(runtime_crate);
    let runtime = quote! {
        /// What every API shares: the [`runtime::Error`] every call can fail with, the
        /// [`runtime::Call`] every `send` returns, [`runtime::Secret`] and the plumbing underneath.
        pub use #runtime as runtime;
    };
    let modules = apis.iter().map(|api| {
        let module = &api.module;
        let feature = api.module.as_str();
        let doc = docs::text_attrs(&[format!("{} (from `{}`).", api.title.trim(), api.spec_file)]);
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! {
        #quick

        #runtime

        #(#modules)*
    }
}

fn module_root(api: &ir::Api) -> TokenStream {
    let mut lines = vec![format!("{} {}", api.title.trim(), api.version.trim())];
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(docs::safe_lines(description));
    }
    if let Some(server) = api.servers.first() {
        lines.push(String::new());
        if server.is_absolute() {
            lines.push(format!("Default base URL: <{}>.", server.url));
        } else {
            lines.push(format!("Server: `{}`, relative: joined onto the base URL the client is given.", server.url));
        }
    }
    let docs = docs::inner_attrs(&lines);
    let mock = api.mock.then(|| {
        quote! {
            /// A fake server for tests (the crate feature `mock`).
            #[cfg(feature = "mock")]
            pub mod mock;
        }
    });
    quote! {
        #docs

        pub mod client;
        #mock
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
    shadowed: std::collections::BTreeSet<&'static str>,
}

/// The prelude items generated code names, each with its full path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Prelude {
    Option,
    Box,
    Vec,
    String,
    Result,
    Default,
    From,
}

impl Prelude {
    const ALL: [Prelude; 7] =
        [Prelude::Option, Prelude::Box, Prelude::Vec, Prelude::String, Prelude::Result, Prelude::Default, Prelude::From];

    fn short(self) -> &'static str {
        match self {
            Prelude::Option => "Option",
            Prelude::Box => "Box",
            Prelude::Vec => "Vec",
            Prelude::String => "String",
            Prelude::Result => "Result",
            Prelude::Default => "Default",
            Prelude::From => "From",
        }
    }

    fn tokens(self, full: bool) -> TokenStream {
        match (self, full) {
            (Prelude::Option, false) => quote! { Option },
            (Prelude::Option, true) => quote! { std::option::Option },
            (Prelude::Box, false) => quote! { Box },
            (Prelude::Box, true) => quote! { std::boxed::Box },
            (Prelude::Vec, false) => quote! { Vec },
            (Prelude::Vec, true) => quote! { std::vec::Vec },
            (Prelude::String, false) => quote! { String },
            (Prelude::String, true) => quote! { std::string::String },
            (Prelude::Result, false) => quote! { Result },
            (Prelude::Result, true) => quote! { std::result::Result },
            (Prelude::Default, false) => quote! { Default },
            (Prelude::Default, true) => quote! { std::default::Default },
            (Prelude::From, false) => quote! { From },
            (Prelude::From, true) => quote! { std::convert::From },
        }
    }
}

impl Names {
    fn new(scope: Scope, api: &ir::Api) -> Self {
        let shadowed = match scope {
            Scope::Types => Prelude::ALL.iter().map(|p| p.short()).filter(|short| api.types.iter().any(|t| t.name == *short)).collect(),
            Scope::Client => Default::default(),
        };
        Names { scope, shadowed }
    }

    /// A prelude item, by its short name unless a model of this module shadows it.
    pub(crate) fn p(&self, item: Prelude) -> TokenStream {
        item.tokens(self.shadowed.contains(item.short()))
    }

    /// `Option::is_none` as serde's `skip_serializing_if` wants it: a string.
    pub(crate) fn is_none(&self) -> &'static str {
        if self.shadowed.contains("Option") {
            "std::option::Option::is_none"
        } else {
            "Option::is_none"
        }
    }

    /// The path of a named type from this module.
    pub(crate) fn named(&self, name: &Ident) -> TokenStream {
        match self.scope {
            Scope::Types => quote! { #name },
            Scope::Client => quote! { types::#name },
        }
    }

    /// An item of the runtime module, by the path that reaches it from this module.
    fn runtime(&self, item: TokenStream) -> TokenStream {
        match self.scope {
            Scope::Types => quote! { crate::runtime::#item },
            Scope::Client => quote! { runtime::#item },
        }
    }

    /// The Rust type for a type use.
    pub(crate) fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => self.p(Prelude::String),
            TypeRef::Secret => self.runtime(quote! { Secret }),
            TypeRef::Bool => quote! { bool },
            TypeRef::I32 => quote! { i32 },
            TypeRef::I64 => quote! { i64 },
            TypeRef::F32 => quote! { f32 },
            TypeRef::F64 => quote! { f64 },
            TypeRef::DateTime => quote! { chrono::DateTime<chrono::Utc> },
            TypeRef::Date => quote! { chrono::NaiveDate },
            TypeRef::Json => quote! { serde_json::Value },
            TypeRef::Decimal => self.runtime(quote! { Decimal }),
            TypeRef::Uuid => quote! { uuid::Uuid },
            TypeRef::Base64 => self.runtime(quote! { Base64 }),
            TypeRef::Text(inner) => {
                let inner = self.ty(inner);
                self.runtime(quote! { Text<#inner> })
            }
            TypeRef::Tuple(items) => {
                let items = items.iter().map(|item| self.ty(item));
                quote! { (#(#items,)*) }
            }
            TypeRef::Bytes => {
                let vec = self.p(Prelude::Vec);
                quote! { #vec<u8> }
            }
            TypeRef::Named(name) => self.named(name),
            TypeRef::Generic(name, arg) => {
                let name = self.named(name);
                let arg = self.ty(arg);
                quote! { #name<#arg> }
            }
            TypeRef::Param(param) => quote! { #param },
            TypeRef::List(inner) => {
                let inner = self.ty(inner);
                let vec = self.p(Prelude::Vec);
                quote! { #vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                let string = self.p(Prelude::String);
                quote! { std::collections::BTreeMap<#string, #inner> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner);
                let option = self.p(Prelude::Option);
                quote! { #option<#inner> }
            }
        }
    }
}

/// The estimated size of a tagged union's variant: a pointer when boxed, nothing for a unit variant.
pub(crate) fn tagged_variant_size(api: &ir::Api, variant: &ir::TaggedVariant, depth: usize) -> usize {
    match &variant.ty {
        Some(_) if variant.boxed => 8,
        Some(ty) => estimated_size(api, ty, depth),
        None => 0,
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
        TypeRef::Decimal | TypeRef::Uuid => 16,
        TypeRef::Base64 => 24,
        TypeRef::Text(inner) => estimated_size(api, inner, depth),
        TypeRef::Tuple(items) => items.iter().map(|item| estimated_size(api, item, depth + 1)).sum(),
        TypeRef::Nullable(inner) => estimated_size(api, inner, depth) + 8,
        TypeRef::Named(name) => {
            let Some(def) = api.types.iter().find(|t| t.name == *name) else { return 8 };
            if depth > 8 {
                return 8;
            }
            match &def.kind {
                ir::TypeKind::Struct(s) => {
                    let fields: usize = s.fields.iter().map(|f| field_size(api, f, depth)).sum();
                    let exclusive: usize =
                        s.exclusive.iter().map(|g| 8 + g.members.iter().map(|m| field_size(api, &m.field, depth)).max().unwrap_or(0)).sum();
                    let additional = if s.additional.is_some() { 24 } else { 0 };
                    fields + exclusive + additional
                }
                ir::TypeKind::StringEnum(_) => 24,
                ir::TypeKind::IntEnum(_) => 16,
                ir::TypeKind::OneOf(variants) | ir::TypeKind::MediaUnion(variants) => {
                    8 + variants.iter().map(|v| if v.boxed { 8 } else { estimated_size(api, &v.ty, depth + 1) }).max().unwrap_or(0)
                }
                ir::TypeKind::Tagged(tagged) => {
                    8 + tagged.variants.iter().map(|v| tagged_variant_size(api, v, depth + 1)).max().unwrap_or(0).max(32)
                }
                ir::TypeKind::Alias(inner) => estimated_size(api, inner, depth + 1),
            }
        }
        TypeRef::Generic(name, arg) => match api.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
            Some(ir::TypeKind::Struct(s)) if depth <= 8 => s
                .fields
                .iter()
                .map(|field| field_size(api, &ir::Field { ty: ir::substitute(&field.ty, arg), ..field.clone() }, depth))
                .sum(),
            _ => 8,
        },
        // Only inside a generic struct, whose size is estimated with its argument in place.
        TypeRef::Param(_) => 8,
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
