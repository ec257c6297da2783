//! Stage 3, `emit`: `ir::Api` in, Rust source text out. Cannot fail.
//!
//! Each API becomes a module directory: `mod.rs` (docs and re-exports), `types.rs` (models) and
//! `client.rs` (the client, one request builder per operation, one error enum per operation).
//! The text is written directly, already formatted, with [`code::Code`]; see there for why.

mod client;
pub mod code;
pub mod docs;
mod types;

use crate::ir::{self, TypeRef};
use code::Code;

/// One Rust source file, as text without its header.
#[derive(Debug, Clone)]
pub struct RustFile {
    /// The path inside the crate, `/`-separated (`src/cyclos/types.rs`).
    pub path: String,
    /// The spec file it came from, for the header.
    pub spec_file: String,
    /// The file's text.
    pub text: String,
}

/// The files of one API's module.
pub fn api(api: &ir::Api) -> Vec<RustFile> {
    let dir = format!("src/{}", api.module);
    let file = |name: &str, text: String| RustFile { path: format!("{dir}/{name}"), spec_file: api.spec_file.clone(), text };
    // The two big files are independent: the client is written on a second thread when one starts.
    let client_module = || client::module(api, &Names::new(Scope::Client, api));
    let (types, client) = std::thread::scope(|scope| {
        let client = std::thread::Builder::new().name("apigen-emit".to_owned()).spawn_scoped(scope, client_module);
        let types = types::module(api, &Names::new(Scope::Types, api));
        let client = match client {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => client_module(),
        };
        (types, client)
    });
    vec![file("mod.rs", module_root(api)), file("types.rs", types), file("client.rs", client)]
}

/// The `lib.rs` items that declare one module per API, each behind its feature.
pub fn lib_modules(apis: &[ir::Api]) -> String {
    let mut code = Code::new();
    for api in apis {
        code.line("");
        code.docs(&[format!("{} (from `{}`).", api.title.trim(), api.spec_file)]);
        code.fmt(format_args!("#[cfg(feature = {})]", code::string(&api.module)));
        code.fmt(format_args!("pub mod {};", types::ident(&api.module)));
    }
    code.finish()
}

fn module_root(api: &ir::Api) -> String {
    let mut lines = vec![format!("{} {}", api.title.trim(), api.version.trim())];
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(docs::safe_lines(description));
    }
    if let Some(server) = api.servers.first() {
        lines.push(String::new());
        lines.push(format!("Default base URL: <{server}>."));
    }
    let mut code = Code::new();
    code.inner_docs(&lines);
    code.line("pub mod client;");
    code.line("pub mod types;");
    code.blank();
    code.line("pub use client::{Client, ClientBuilder};");
    code.finish()
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
    pub(crate) fn p<'a>(&self, name: &'a str) -> &'a str {
        match PRELUDE.iter().find(|(n, _)| *n == name) {
            Some((_, full)) if self.shadowed.contains(name) => full,
            _ => name,
        }
    }

    /// `Option::is_none` as serde's `skip_serializing_if` wants it.
    pub(crate) fn is_none(&self) -> String {
        format!("{}::is_none", self.p("Option"))
    }

    /// The Rust type for a type use.
    pub(crate) fn ty(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::String => self.p("String").to_owned(),
            TypeRef::Secret => match self.scope {
                Scope::Types => "crate::runtime::Secret".to_owned(),
                Scope::Client => "runtime::Secret".to_owned(),
            },
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::F32 => "f32".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
            TypeRef::Date => "chrono::NaiveDate".to_owned(),
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::Bytes => format!("{}<u8>", self.p("Vec")),
            TypeRef::Named(name) => match self.scope {
                Scope::Types => types::ident(name),
                Scope::Client => format!("types::{}", types::ident(name)),
            },
            TypeRef::List(inner) => format!("{}<{}>", self.p("Vec"), self.ty(inner)),
            TypeRef::Map(inner) => format!("std::collections::BTreeMap<{}, {}>", self.p("String"), self.ty(inner)),
            TypeRef::Nullable(inner) => format!("{}<{}>", self.p("Option"), self.ty(inner)),
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

/// Writes `#[allow(clippy::large_enum_variant)]` for an enum whose variants (of these sizes) differ by
/// about clippy's threshold or more: boxing would cost every caller an allocation to save memory
/// nobody keeps.
pub(crate) fn large_variant_allow(code: &mut Code, sizes: &[usize]) {
    let mut sorted = sizes.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    if let [largest, second, ..] = sorted.as_slice() {
        if largest.saturating_sub(*second) >= 150 {
            code.line("#[allow(clippy::large_enum_variant)]");
        }
    }
}
