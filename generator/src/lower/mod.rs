//! Stage 2, `lower`: `openapiv3` document in, plain-data `ir::Api` out.
//!
//! Every check and every diagnostic lives here. `$ref`s are resolved, inline schemas are named from their
//! position, and every name is made by `names`. Whatever comes from a mapping in the spec (properties,
//! paths, responses, media types) is put in a fixed order, so shuffling a spec's keys changes nothing.

use crate::names::Ident;

mod generic;
mod headers;
mod operations;
mod schemas;

use crate::diag::{Diagnostic, Diagnostics, Pointer};
use crate::ir;
use crate::load::Loaded;
use crate::names::{self, Scope};
use openapiv3 as oa;
use std::collections::BTreeMap;

/// What lowering needs besides the document.
#[derive(Debug, Clone)]
pub struct Config {
    /// The Rust module name for this API.
    pub module: crate::names::Ident,
    /// Operations with errors of their own are left out, their errors turned into warnings.
    pub skip_invalid: bool,
    /// The crate has test servers (`mock` modules), whose responses the user builds.
    pub mock: bool,
}

/// The result of lowering one document: the IR and the warnings found on the way.
#[derive(Debug)]
pub struct Lowered {
    /// The API.
    pub api: ir::Api,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
}

/// Lowers a loaded document. Fails with every error found, sorted by pointer.
pub fn lower(loaded: &Loaded, config: &Config) -> Result<Lowered, Diagnostics> {
    let mut lowerer = Lowerer::new(loaded);
    lowerer.skip_invalid = config.skip_invalid;
    lowerer.name_components();
    lowerer.lower_components();
    let security_schemes = lowerer.security_schemes();
    let mut operations = lowerer.operations(&security_schemes);
    let mut taken = lowerer.client_names(&mut operations);
    let mut error_sets = lowerer.error_sets(&mut operations, &mut taken);
    let header_sets = headers::header_sets(&mut operations, &mut error_sets, &mut taken);
    lowerer.box_recursive_fields();
    lowerer.check_alias_loops();
    lowerer.check_untagged();
    let servers = lowerer.servers(&security_schemes);
    let Lowerer { diags, mut types, type_scope, .. } = lowerer;
    if diags.has_errors() {
        return Err(diags);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    mark_constructors(&mut types, &operations, config.mock);
    generic::generalize(&mut types, &type_scope);
    let mut features = std::collections::BTreeSet::new();
    ir::each_type_use(&types, &operations, |ty| ir::cargo_features(ty, &mut features));
    for operation in &operations {
        let values = operation.body.iter().flat_map(|body| std::iter::once(&body.value).chain(body.alternatives.iter().map(|a| &a.value)));
        for value in values {
            match value {
                ir::BodyValue::Multipart(_) => {
                    features.insert("_multipart");
                    features.insert("_stream");
                }
                ir::BodyValue::Binary => {
                    features.insert("_stream");
                }
                ir::BodyValue::Model => {}
            }
        }
        if operation.stream.is_some() {
            features.insert("_stream");
        }
    }
    if security_schemes.iter().any(|scheme| scheme.client_credentials.is_some()) {
        features.insert("_oauth2");
    }
    let info = &loaded.doc.info;
    Ok(Lowered {
        api: ir::Api {
            module: config.module.clone(),
            spec_file: loaded.file.clone(),
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            license: spdx_license(loaded),
            mock: false,
            doc_crate: None,
            servers,
            types,
            operations,
            error_sets,
            header_sets,
            security_schemes,
            cargo_features: features.into_iter().collect(),
        },
        warnings: diags,
    })
}

/// Gives `new` to the structs a user builds: those a request takes (as a parameter, a body or a
/// part of a form), at any depth, or every one when the crate has test servers. A struct that only
/// ever arrives in responses is built by decoding; `new` would be code no caller needs.
fn mark_constructors(types: &mut [ir::TypeDef], operations: &[ir::Operation], mock: bool) {
    let index: std::collections::HashMap<&str, usize> = types.iter().enumerate().map(|(i, def)| (def.name.as_str(), i)).collect();
    let mut built = vec![mock; types.len()];
    let mut pending: Vec<usize> = Vec::new();
    let mark = |name: &names::Ident, built: &mut Vec<bool>, pending: &mut Vec<usize>| {
        if let Some(&i) = index.get(name.as_str()) {
            if !built[i] {
                built[i] = true;
                pending.push(i);
            }
        }
    };
    for op in operations {
        let mut roots: Vec<&ir::TypeRef> = op.params.iter().map(|p| &p.ty).collect();
        if let Some(body) = &op.body {
            roots.push(&body.ty);
            roots.extend(body.alternatives.iter().map(|a| &a.ty));
            let values = std::iter::once(&body.value).chain(body.alternatives.iter().map(|a| &a.value));
            for value in values {
                if let ir::BodyValue::Multipart(form) = value {
                    roots.extend(form.parts.iter().map(|part| &part.ty));
                }
            }
        }
        for ty in roots {
            ir::each_name_in(ty, &mut |name| mark(name, &mut built, &mut pending));
        }
    }
    while let Some(i) = pending.pop() {
        ir::each_use_in(&types[i].kind, |ty| ir::each_name_in(ty, &mut |name| mark(name, &mut built, &mut pending)));
    }
    for (def, built) in types.iter_mut().zip(built) {
        if let ir::TypeKind::Struct(s) = &mut def.kind {
            s.constructor = built;
        }
    }
}

/// The spec's licence as an SPDX expression: `info.license.identifier` (3.1), or a `name` written as
/// one (`MIT`, `Apache-2.0`, `MIT OR Apache-2.0`); a name like `Apache 2.0` is not one, and is left out.
fn spdx_license(loaded: &crate::load::Loaded) -> Option<String> {
    let license = loaded.raw.get("info")?.get("license")?;
    let text = license.get("identifier").or_else(|| license.get("name"))?.as_str()?.trim();
    let words: Vec<&str> = text.split(' ').collect();
    let is_id = |word: &str| {
        let word = word.trim_start_matches('(').trim_end_matches(')');
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'))
    };
    let valid =
        words.iter().enumerate().all(|(index, word)| if index % 2 == 1 { matches!(*word, "OR" | "AND" | "WITH") } else { is_id(word) });
    (valid && words.len() % 2 == 1).then(|| text.to_owned())
}

/// The state of one lowering.
pub(crate) struct Lowerer<'a> {
    /// Leave out operations with errors of their own instead of refusing the spec.
    skip_invalid: bool,
    file: &'a str,
    doc: &'a oa::OpenAPI,
    /// OpenAPI 3.2's `query` operations and `additionalOperations`.
    extra_operations: &'a [crate::load::v32::ExtraOperation],
    raw: &'a serde_json::Value,
    diags: Diagnostics,
    types: Vec<ir::TypeDef>,
    type_scope: Scope,
    /// Component schema key -> Rust type name.
    component_names: BTreeMap<String, crate::names::Ident>,
    /// Component schema keys whose type name was changed to keep it apart from the client's names.
    renamed: std::collections::BTreeSet<String>,
    /// Component keys being flattened or resolved right now, to find `$ref` loops.
    resolving: Vec<String>,
    /// The untagged unions made, with each alternative's pointer and type, checked once every type
    /// is known for alternatives that can never be chosen.
    untagged: Vec<Vec<(Pointer, ir::TypeRef)>>,
}

impl<'a> Lowerer<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        Lowerer {
            file: &loaded.file,
            doc: &loaded.doc,
            extra_operations: &loaded.extra_operations,
            raw: &loaded.raw,
            diags: Diagnostics::default(),
            types: Vec::new(),
            type_scope: Scope::default(),
            renamed: Default::default(),
            component_names: BTreeMap::new(),
            resolving: Vec::new(),
            untagged: Vec::new(),
            skip_invalid: false,
        }
    }

    fn error(&mut self, at: &Pointer, message: impl Into<String>, help: impl Into<String>) {
        self.diags.push(Diagnostic::error(self.file, at, message).with_help(help));
    }

    fn warning(&mut self, at: &Pointer, message: impl Into<String>, help: impl Into<String>) {
        self.diags.push(Diagnostic::warning(self.file, at, message).with_help(help));
    }

    /// The raw JSON at `at`, for facts `openapiv3` does not keep.
    fn raw_at(&self, at: &Pointer) -> Option<&'a serde_json::Value> {
        crate::diag::lookup(self.raw, at.as_str())
    }

    /// Claims a type name in the module's type namespace; a collision is reported and `false` returned.
    fn claim_type(&mut self, name: &str, origin: &Pointer, raw: &str) -> bool {
        match self.type_scope.claim(self.file, name, origin, raw, "type") {
            Ok(()) => true,
            Err(diagnostic) => {
                self.diags.push(*diagnostic);
                false
            }
        }
    }

    /// The servers; the first one's variables become builder options, named apart from the
    /// builder's own methods and the security schemes' setters.
    fn servers(&mut self, schemes: &[ir::SecurityScheme]) -> Vec<ir::Server> {
        let doc = self.doc;
        let mut scope = Scope::default();
        ClientBuilderMethod::reserve(&mut scope);
        let setters: Vec<&str> = schemes
            .iter()
            .flat_map(|scheme| {
                let flow = scheme.client_credentials.iter().flat_map(|flow| [&flow.setter, &flow.token_url_setter, &flow.parameter_setter]);
                std::iter::once(&scheme.name).chain(scheme.provider_setter.as_ref()).chain(flow)
            })
            .map(|name| name.as_str())
            .collect();
        scope.reserve(&setters, "a security scheme's setter");
        let mut types = Scope::default();
        types.reserve(&["Client", "ClientBuilder"], "the client's own type");
        let mut out = Vec::new();
        for (index, server) in doc.servers.iter().enumerate() {
            let at = Pointer::root().push("servers").push(index.to_string());
            let mut url = server.url.clone();
            let mut variables = Vec::new();
            let mut listed: Vec<(&String, &oa::ServerVariable)> = server.variables.iter().flatten().collect();
            listed.sort_by(|a, b| a.0.cmp(b.0));
            for (name, variable) in listed {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
                if index > 0 {
                    continue;
                }
                let origin = at.push("variables").push(name);
                let method = self.distinct_name(&mut scope, names::value_name(name), &origin, name, "server variable");
                let choices = (!variable.enumeration.is_empty()).then(|| {
                    let type_name = self.distinct_name(
                        &mut types,
                        Ident::join(&["Server", names::type_name(name).as_str()]),
                        &origin,
                        name,
                        "server variable",
                    );
                    let mut variant_scope = Scope::default();
                    let variants = variable
                        .enumeration
                        .iter()
                        .map(|value| ir::EnumVariant {
                            name: self.distinct_name(
                                &mut variant_scope,
                                names::type_name(value),
                                &origin.push("enum"),
                                value,
                                "server variable value",
                            ),
                            wire: value.clone(),
                            docs: ir::Docs::default(),
                        })
                        .collect::<Vec<_>>();
                    (type_name, variants)
                });
                if let Some((_, variants)) = &choices {
                    if !variants.iter().any(|v| v.wire == variable.default) {
                        self.warning(
                            &origin,
                            format!("the default `{}` of server variable `{name}` is not one of its `enum` values", variable.default),
                            "make the default one of the listed values",
                        );
                    }
                }
                variables.push(ir::ServerVariable {
                    origin,
                    name: method,
                    wire_name: name.clone(),
                    default: variable.default.clone(),
                    choices,
                    description: variable.description.clone(),
                });
            }
            out.push(ir::Server {
                url: url.trim_end_matches('/').to_owned(),
                template: server.url.trim_end_matches('/').to_owned(),
                description: server.description.clone(),
                variables,
            });
        }
        out
    }

    fn security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let doc = self.doc;
        let Some(components) = &doc.components else { return Vec::new() };
        let mut keys: Vec<&String> = components.security_schemes.keys().collect();
        keys.sort();
        let mut scope = Scope::default();
        ClientBuilderMethod::reserve(&mut scope);
        let mut out = Vec::new();
        for key in keys {
            let at = Pointer::root().push("components").push("securitySchemes").push(key);
            let scheme = match &components.security_schemes[key] {
                oa::ReferenceOr::Item(scheme) => scheme,
                oa::ReferenceOr::Reference { .. } => {
                    self.error(&at, "a `$ref` security scheme is not supported", "write the scheme inline");
                    continue;
                }
            };
            let mut flow = None;
            let (kind, description) = match scheme {
                oa::SecurityScheme::APIKey { location, name, description, .. } => (
                    match location {
                        oa::APIKeyLocation::Header => ir::SecurityKind::ApiKeyHeader(name.clone()),
                        oa::APIKeyLocation::Query => ir::SecurityKind::ApiKeyQuery(name.clone()),
                        oa::APIKeyLocation::Cookie => ir::SecurityKind::ApiKeyCookie(name.clone()),
                    },
                    description,
                ),
                oa::SecurityScheme::HTTP { scheme, description, .. } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (ir::SecurityKind::Basic, description),
                    "bearer" => (ir::SecurityKind::Bearer, description),
                    other => {
                        self.warning(
                            &at,
                            format!("HTTP authentication scheme `{other}` is not supported; operations that need only it are generated without credentials"),
                            "use `basic` or `bearer`, or set the header yourself",
                        );
                        continue;
                    }
                },
                oa::SecurityScheme::OAuth2 { description, flows, .. } => {
                    flow = flows.client_credentials.as_ref().map(|flow| flow.token_url.clone());
                    (ir::SecurityKind::Bearer, description)
                }
                oa::SecurityScheme::OpenIDConnect { description, .. } => (ir::SecurityKind::Bearer, description),
            };
            let name = self.distinct_name(&mut scope, names::value_name(key), &at, key, "security scheme");
            let mut derived = |lowerer: &mut Self, suffix: &str| {
                let wanted = format!("{name}_{suffix}");
                lowerer.distinct_name(&mut scope, names::value_name(&wanted), &at, key, "security scheme's setter")
            };
            let provider_setter = (kind != ir::SecurityKind::Basic).then(|| derived(self, "provider"));
            let client_credentials = flow.map(|token_url| ir::ClientCredentialsFlow {
                token_url,
                scopes: self.scopes_of(key),
                setter: derived(self, "client_credentials"),
                token_url_setter: derived(self, "token_url"),
                parameter_setter: derived(self, "token_parameter"),
            });
            out.push(ir::SecurityScheme {
                origin: at,
                key: key.clone(),
                with_method: names::value_name(&format!("with_{name}")),
                name,
                provider_setter,
                kind,
                client_credentials,
                docs: ir::Docs { summary: None, description: description.clone(), notes: Vec::new() },
            });
        }
        out
    }
}

impl Lowerer<'_> {
    /// The scopes the spec's requirements ask of scheme `key`, top-level and per operation, sorted.
    fn scopes_of(&self, key: &str) -> Vec<String> {
        let doc = self.doc;
        let operations = doc.paths.paths.values().filter_map(|item| item.as_item()).flat_map(|item| item.iter().map(|(_, op)| op));
        let requirements = doc.security.iter().flatten().chain(operations.flat_map(|op| op.security.iter().flatten()));
        let mut scopes: Vec<String> = requirements.filter_map(|requirement| requirement.get(key)).flatten().cloned().collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }
}

/// Method names the generated client builder has of its own.
pub(crate) struct ClientBuilderMethod;

impl ClientBuilderMethod {
    const RESERVED: &'static [&'static str] = &[
        "base_url",
        "build",
        "timeout",
        "attempt_timeout",
        "max_retries",
        "retry_post",
        "user_agent",
        "http_client",
        "max_response_bytes",
        "new",
    ];

    /// Claims the builder's own method names in `scope`.
    pub(crate) fn reserve(scope: &mut Scope) {
        scope.reserve(Self::RESERVED, "the client builder's own method");
    }
}
