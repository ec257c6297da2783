//! Paths and operations to client methods: parameters, bodies, responses and security requirements.

use super::schemas::SchemaRef;
use super::Lowerer;
use crate::diag::{unescape, Pointer, Severity};
use crate::ir::{self, MediaKind, TypeRef};
use crate::load::essence;
use crate::names::{self, Ident, Scope};
use openapiv3 as oa;
use std::collections::{BTreeMap, BTreeSet};

/// Names the generated request builder has of its own; a parameter may not take them.
const REQUEST_BUILDER_METHODS: &[&str] = &["send", "body", "form_encoded"];

/// Headers OpenAPI says a parameter must not set: the client sets them from the media types and security.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

const METHOD_ORDER: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self, schemes: &[ir::SecurityScheme]) -> Vec<ir::Operation> {
        let doc = self.doc;
        let mut paths: Vec<(&String, &oa::ReferenceOr<oa::PathItem>)> = doc.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        // Duplicate operationIds are an error in their own right, whatever their Rust names.
        let mut ids: BTreeMap<&str, Pointer> = BTreeMap::new();
        let mut method_scope = Scope::default();
        // `Client`'s own methods.
        method_scope.reserve(&["builder", "base_url"], "the client's own method");
        let with_methods: Vec<&str> = schemes.iter().map(|scheme| scheme.with_method.as_str()).collect();
        method_scope.reserve(&with_methods, "the client's method for another credential");
        let mut shapes: BTreeMap<String, &String> = BTreeMap::new();
        let mut out = Vec::new();
        for (path, item) in paths {
            let path_at = Pointer::root().push("paths").push(path);
            let shape: String = parse_template(path)
                .iter()
                .map(|part| match part {
                    TemplatePart::Literal(text) => text.as_str(),
                    TemplatePart::Param(_) => "{}",
                })
                .collect();
            if let Some(first) = shapes.insert(shape, path) {
                // A client does not route: each operation keeps its own path and names, and both work.
                self.warning(
                    &path_at,
                    format!("`{path}` and `{first}` are the same path with differently named parameters; both are generated as written"),
                    "OpenAPI says such paths are identical; a server may route them to one handler",
                );
            }
            let item = match item {
                oa::ReferenceOr::Item(item) => item,
                oa::ReferenceOr::Reference { .. } => {
                    self.error(&path_at, "a `$ref` path item is not supported", "write the path item inline");
                    continue;
                }
            };
            let mut methods: Vec<(&str, Pointer, &oa::Operation)> =
                item.iter().map(|(method, operation)| (method, path_at.push(method), operation)).collect();
            methods.sort_by_key(|(method, ..)| METHOD_ORDER.iter().position(|m| m == method));
            // OpenAPI 3.2's `query` and `additionalOperations` follow, in spec order.
            let extras = self.extra_operations.iter().filter(|extra| extra.path == *path);
            methods.extend(extras.map(|extra| (extra.method.as_str(), extra.pointer.clone(), &extra.operation)));
            for (method, at, operation) in methods {
                if let Some(id) = &operation.operation_id {
                    if let Some(first) = ids.get(id.as_str()) {
                        self.error(
                            &at.push("operationId"),
                            format!("duplicate operationId `{id}`: also used at {}#{first}", self.file),
                            "give every operation its own operationId",
                        );
                        continue;
                    }
                    ids.insert(id, at.push("operationId"));
                }
                let raw_name = operation.operation_id.clone().unwrap_or_else(|| synthesized_id(method, path));
                let name = self.distinct_name(&mut method_scope, names::value_name(&raw_name), &at, &raw_name, "operation");
                let (findings, errors) = (self.diags.len(), self.diags.error_count());
                let lowered = self.operation(&at, method, path, &item.parameters, operation, name.clone(), schemes);
                if self.skip_invalid && self.diags.error_count() > errors {
                    // `--skip-invalid`: this operation's own errors become warnings, and it is left out.
                    let found = self.diags.split_off(findings);
                    let first = found.iter().find(|d| d.severity == Severity::Error).map(|d| d.message.clone()).unwrap_or_default();
                    for mut diagnostic in found {
                        diagnostic.severity = Severity::Warning;
                        self.diags.push(diagnostic);
                    }
                    self.warning(
                        &at,
                        format!("operation `{name}` is left out (--skip-invalid): {first}"),
                        "fix the problems reported at this operation to generate it",
                    );
                    continue;
                }
                if let Some(op) = lowered {
                    out.push(op);
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Names every operation's request builder, error enum and success enum in the client module,
    /// apart from every type's name (a user imports both: `types::AuthRequest`, the body, and the
    /// builder of `auth` cannot both be `AuthRequest`) and from each other. Returns the names taken.
    pub(super) fn client_names(&self, operations: &mut [ir::Operation]) -> BTreeSet<String> {
        let types: BTreeSet<String> = self.types.iter().map(|ty| ty.name.to_string()).collect();
        let mut taken = types.clone();
        taken.extend(crate::lower::schemas::CLIENT_OWN_NAMES.iter().map(|name| (*name).to_owned()));
        taken.insert("ResponseValue".to_owned());
        // First the names each operation would have; an operation whose name a type has takes the next choice.
        for op in operations.iter() {
            for suffix in ["Request", "Error", "Response"] {
                taken.insert(op.type_name.suffixed(suffix).to_string());
            }
        }
        let mut pick = |op: &ir::Operation, choices: &[&str]| -> Ident {
            let first = op.type_name.suffixed(choices[0]);
            if !types.contains(first.as_str()) {
                return first;
            }
            let more = choices[1..].iter().map(|suffix| op.type_name.suffixed(suffix));
            let numbered = (2..).map(|n| op.type_name.suffixed(&format!("{}{n}", choices[0])));
            let chosen = more.chain(numbered).find(|name| !taken.contains(name.as_str())).unwrap_or(first);
            taken.insert(chosen.to_string());
            chosen
        };
        for op in operations.iter_mut() {
            op.request_name = pick(op, &["Request", "RequestBuilder"]);
            op.error_set = pick(op, &["Error", "ApiError"]);
            op.response_name = pick(op, &["Response", "Success"]);
        }
        taken
    }

    /// Gives every operation its error enum. Operations whose documented error responses are the same
    /// `components/responses` entries share one, named after them (`ErrorResponse` for `Error`); the
    /// others keep their own (`GetPetError`).
    pub(super) fn error_sets(&self, operations: &mut [ir::Operation], taken: &mut BTreeSet<String>) -> Vec<ir::ErrorSet> {
        let errors =
            |op: &ir::Operation| -> Vec<ir::Response> { op.responses.iter().filter(|r| !r.status.is_success()).cloned().collect() };
        let mut groups: Vec<(Vec<ir::Response>, Vec<usize>)> = Vec::new();
        for (index, op) in operations.iter().enumerate() {
            let key = errors(op);
            match groups.iter_mut().find(|(responses, _)| same_responses(responses, &key)) {
                Some((_, users)) => users.push(index),
                None => groups.push((key, vec![index])),
            }
        }
        let mut sets = Vec::new();
        for (responses, users) in groups {
            let components: Option<Vec<&str>> = responses.iter().map(|r| r.component.as_deref()).collect();
            let shared_name = match components {
                Some(mut keys) if users.len() > 1 && !keys.is_empty() => {
                    keys.dedup();
                    let cased: Vec<String> = keys.iter().map(|key| names::type_name(key).to_string()).collect();
                    let joined = cased.join("Or");
                    let suffix = if joined.ends_with("Error") { "Response" } else { "Error" };
                    // A name past 80 characters is not one a person would write: those operations get their own.
                    // Past three keys the name is long: each operation names it by an alias of its own.
                    let aliased = keys.len() > 3;
                    Some(Ident::join(&[&joined, suffix]))
                        .filter(|name| name.as_str().len() <= 80 && !taken.contains(name.as_str()))
                        .map(|name| (name, aliased))
                }
                _ => None,
            };
            match shared_name {
                Some((name, aliased)) => {
                    taken.insert(name.to_string());
                    for index in &users {
                        let op = &mut operations[*index];
                        if aliased {
                            op.shared_error = Some(name.clone());
                        } else {
                            op.error_set = name.clone();
                        }
                    }
                    let operations_using = users.iter().map(|index| operations[*index].name.clone()).collect();
                    sets.push(ir::ErrorSet { name, responses, operations: operations_using });
                }
                None => {
                    for index in users {
                        let op = &mut operations[index];
                        sets.push(ir::ErrorSet {
                            name: op.error_set.clone(),
                            responses: responses.clone(),
                            operations: vec![op.name.clone()],
                        });
                    }
                }
            }
        }
        sets.sort_by(|a, b| a.name.cmp(&b.name));
        sets
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        at: &Pointer,
        method: &str,
        path: &str,
        shared: &'a [oa::ReferenceOr<oa::Parameter>],
        operation: &'a oa::Operation,
        name: Ident,
        schemes: &[ir::SecurityScheme],
    ) -> Option<ir::Operation> {
        let type_name = names::type_name(&name);
        let errors_before = self.diags.has_errors();
        let template = parse_template(path);
        let mut params = self.parameters(at, shared, operation, &type_name);
        // Required first: path parameters in template order, then the other required ones in spec order.
        let template_names: Vec<&str> = template.iter().filter_map(|p| p.param()).collect();
        let mut ordered: Vec<ir::Param> = Vec::new();
        for wanted in &template_names {
            match params.iter().position(|p| p.location == ir::ParamLocation::Path && p.wire_name == *wanted) {
                Some(index) => ordered.push(params.remove(index)),
                None => self.error(
                    at,
                    format!("path template uses `{{{wanted}}}` but no path parameter is named `{wanted}`"),
                    format!("add `{{ name: {wanted}, in: path, required: true, schema: {{ type: string }} }}` to `parameters`"),
                ),
            }
        }
        for stray in params.iter().filter(|p| p.location == ir::ParamLocation::Path) {
            self.error(
                &stray.origin,
                format!("path parameter `{}` does not appear in the path template `{path}`", stray.wire_name),
                format!("add `{{{}}}` to the path, or remove the parameter", stray.wire_name),
            );
        }
        params.retain(|p| p.location != ir::ParamLocation::Path);
        let (required, optional): (Vec<_>, Vec<_>) = params.into_iter().partition(|p| p.required);
        ordered.extend(required);
        ordered.extend(optional);
        let path_parts = template
            .iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => ir::PathPart::Literal(text.clone()),
                TemplatePart::Param(wanted) => ir::PathPart::Param(
                    ordered.iter().position(|p| p.location == ir::ParamLocation::Path && &p.wire_name == wanted).unwrap_or(0),
                ),
            })
            .collect();
        let body = operation.request_body.as_ref().and_then(|body| self.body(&at.push("requestBody"), body, &type_name));
        let responses = self.responses(&at.push("responses"), &operation.responses, &type_name);
        let security = self.security(at, operation, schemes);
        if !operation.callbacks.is_empty() {
            self.warning(
                &at.push("callbacks"),
                "callbacks are requests the API makes to a server of yours; the client does not generate them",
                "serve them with your own HTTP server",
            );
        }
        if self.diags.has_errors() && !errors_before {
            return None;
        }
        let mut docs = ir::Docs { summary: operation.summary.clone(), description: operation.description.clone(), notes: Vec::new() };
        docs.notes.push(format!("`{} {path}`", method.to_ascii_uppercase()));
        let stream = stream_of(&responses);
        Some(ir::Operation {
            origin: at.clone(),
            name,
            error_set: type_name.suffixed("Error"),
            request_name: type_name.suffixed("Request"),
            response_name: type_name.suffixed("Response"),
            shared_error: None,
            success_headers: None,
            type_name,
            // The eight fixed fields are the upper-case methods; any other is sent as written.
            http_method: if METHOD_ORDER.contains(&method) { method.to_ascii_uppercase() } else { method.to_owned() },
            path_template: path.to_owned(),
            path: path_parts,
            params: ordered,
            body,
            responses,
            security,
            stream,
            docs,
            deprecated: operation.deprecated,
        })
    }

    fn parameters(
        &mut self,
        at: &Pointer,
        shared: &'a [oa::ReferenceOr<oa::Parameter>],
        operation: &'a oa::Operation,
        type_name: &str,
    ) -> Vec<ir::Param> {
        // Operation parameters override path-item parameters with the same name and location.
        let mut resolved: Vec<(Pointer, &'a oa::Parameter)> = Vec::new();
        let path_at = Pointer::from_escaped(at.as_str().rsplit_once('/').map_or("", |(head, _)| head));
        let shared_at = path_at.push("parameters");
        for (index, param) in shared.iter().enumerate() {
            if let Some(p) = self.resolve_parameter(&shared_at.push(index.to_string()), param) {
                resolved.push(p);
            }
        }
        for (index, param) in operation.parameters.iter().enumerate() {
            if let Some((origin, p)) = self.resolve_parameter(&at.push("parameters").push(index.to_string()), param) {
                let data = p.parameter_data_ref();
                resolved.retain(|(_, q)| !(q.parameter_data_ref().name == data.name && location(q) == location(p)));
                resolved.push((origin, p));
            }
        }
        let mut scope = Scope::default();
        // The request builder's own methods and fields, and the body argument.
        scope.reserve(REQUEST_BUILDER_METHODS, "the request builder's own method");
        scope.reserve(&["client_"], "the request builder's own field");
        let mut out = Vec::new();
        for (origin, param) in resolved {
            let data = param.parameter_data_ref();
            let location = location(param);
            if location == ir::ParamLocation::Header && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
                continue;
            }
            let name = self.distinct_name(&mut scope, names::value_name(&data.name), &origin, &data.name, "parameter");
            // A parameter described by `content` (one media type) is its schema's value in that
            // media type: JSON text for JSON, else the value as it is.
            let (schema, schema_at, as_json) = match &data.format {
                oa::ParameterSchemaOrContent::Schema(schema) => (SchemaRef::from(schema), origin.push("schema"), false),
                oa::ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media, oa::MediaType { schema: Some(schema), .. })) if content.len() == 1 => {
                        // Only a JSON media type itself: `*/*` says nothing about how the value is written.
                        let kind = essence(media);
                        let json = kind == "application/json" || kind == "text/json" || kind.ends_with("+json");
                        (SchemaRef::from(schema), origin.push("content").push(media).push("schema"), json)
                    }
                    _ => {
                        self.unsupported_parameter(
                            &origin,
                            data,
                            "a parameter described with `content` that is not one media type with a schema",
                        );
                        continue;
                    }
                },
            };
            let ty = self.type_of(schema, &schema_at, &format!("{type_name}{}", names::type_name(&data.name)));
            let style = match param {
                oa::Parameter::Path { style, .. } => match style {
                    oa::PathStyle::Simple => ir::ParamStyle::Simple,
                    oa::PathStyle::Label => ir::ParamStyle::Label,
                    oa::PathStyle::Matrix => ir::ParamStyle::Matrix,
                },
                oa::Parameter::Query { style, .. } => match style {
                    oa::QueryStyle::Form => ir::ParamStyle::Form,
                    oa::QueryStyle::SpaceDelimited => ir::ParamStyle::SpaceDelimited,
                    oa::QueryStyle::PipeDelimited => ir::ParamStyle::PipeDelimited,
                    oa::QueryStyle::DeepObject => ir::ParamStyle::DeepObject,
                },
                oa::Parameter::Header { .. } => ir::ParamStyle::Simple,
                oa::Parameter::Cookie { .. } => ir::ParamStyle::Form,
            };
            let shape = match self.parameter_shape(&ty) {
                _ if as_json => ir::ParamShape::Json,
                ir::ParamShape::Json if location == ir::ParamLocation::Query => {
                    self.warning(
                        &origin,
                        format!(
                            "query parameter `{}` is a list of objects or an object with nested values, which OpenAPI's \
                             styles do not define; it is sent as its JSON text, percent-encoded (one `{}=<JSON>` pair per \
                             item when exploded)",
                            data.name, data.name
                        ),
                        "describe the parameter with scalars, a list of scalars or an object of scalars",
                    );
                    ir::ParamShape::Json
                }
                ir::ParamShape::Json => {
                    self.warning(
                        &origin,
                        format!(
                            "{} `{}` is a list of objects or an object with nested values, which OpenAPI's styles do not \
                             define; it is sent as its JSON text{}",
                            location.describe(),
                            data.name,
                            if location == ir::ParamLocation::Header { "" } else { ", percent-encoded" }
                        ),
                        "describe the parameter with scalars, a list of scalars or an object of scalars",
                    );
                    ir::ParamShape::Json
                }
                shape => shape,
            };
            if style == ir::ParamStyle::DeepObject && matches!(shape, ir::ParamShape::Scalar | ir::ParamShape::List) {
                self.warning(
                    &origin,
                    format!("`style: deepObject` is defined for objects only; `{}` is sent in the form style", data.name),
                    "use `style: form` for a parameter that is not an object",
                );
            }
            let explode = data.explode.unwrap_or(style == ir::ParamStyle::Form);
            let mut docs = ir::Docs { summary: None, description: data.description.clone(), notes: Vec::new() };
            if let SchemaRef::Item(item) = schema {
                if let Some(default) = &item.schema_data.default {
                    docs.notes.push(format!("The server's default is `{default}`."));
                }
            }
            let required = data.required || location == ir::ParamLocation::Path;
            let example = self.example_at(origin.as_str());
            out.push(ir::Param {
                origin,
                example,
                name,
                wire_name: data.name.clone(),
                location,
                ty,
                required,
                explode,
                style,
                shape,
                docs,
            });
        }
        out
    }

    /// The raw object at `pointer`, through local `$ref`s.
    fn raw_object(&self, pointer: &str) -> Option<&'a serde_json::Value> {
        let raw: &'a serde_json::Value = self.raw;
        let mut value = crate::diag::lookup(raw, pointer)?;
        for _ in 0..8 {
            match value.get("$ref").and_then(serde_json::Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(target) => value = crate::diag::lookup(raw, target)?,
                None => return Some(value),
            }
        }
        None
    }

    /// The example of the parameter or media type object at `pointer`.
    fn example_at(&self, pointer: &str) -> Option<serde_json::Value> {
        self.example_of(self.raw_object(pointer)?)
    }

    /// An object's `example`, else the first of its `examples`' values, else its schema's example.
    fn example_of(&self, object: &serde_json::Value) -> Option<serde_json::Value> {
        if let Some(example) = object.get("example") {
            return Some(example.clone());
        }
        if let Some(first) = object.get("examples").and_then(serde_json::Value::as_object).and_then(|all| all.values().next()) {
            let first = match first.get("$ref").and_then(serde_json::Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(target) => crate::diag::lookup(self.raw, target)?,
                None => first,
            };
            if let Some(value) = first.get("value") {
                return Some(value.clone());
            }
        }
        let schema = object.get("schema")?;
        let schema = match schema.get("$ref").and_then(serde_json::Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(target) => crate::diag::lookup(self.raw, target)?,
            None => schema,
        };
        schema.get("example").cloned()
    }

    fn unsupported_parameter(&mut self, at: &Pointer, data: &oa::ParameterData, what: &str) {
        if data.required {
            self.error(
                at,
                format!("parameter `{}` is {what}, which is not supported", data.name),
                "describe the parameter with a scalar or an array of scalars",
            );
        } else {
            self.warning(
                at,
                format!("optional parameter `{}` is {what}, which is not supported; it is left out of the client", data.name),
                "describe the parameter with a scalar or an array of scalars",
            );
        }
    }

    /// What a parameter's value is: scalars, enums and unions of scalars; lists of them; objects
    /// (or maps) whose properties are scalars; anything else.
    fn parameter_shape(&self, ty: &TypeRef) -> ir::ParamShape {
        let scalar = |ty: &TypeRef| match ty {
            TypeRef::Nullable(inner) => crate::ir::is_scalar(&self.types, inner),
            other => crate::ir::is_scalar(&self.types, other),
        };
        match ty {
            TypeRef::Nullable(inner) => self.parameter_shape(inner),
            TypeRef::List(inner) if scalar(inner) => ir::ParamShape::List,
            TypeRef::Map(inner) if scalar(inner) => ir::ParamShape::Object,
            TypeRef::Named(name) => match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                Some(ir::TypeKind::Struct(s))
                    if s.additional.is_none() && s.exclusive.is_empty() && s.fields.iter().all(|f| scalar(&f.ty)) =>
                {
                    ir::ParamShape::Object
                }
                Some(ir::TypeKind::Alias(inner)) => self.parameter_shape(inner),
                _ if scalar(ty) => ir::ParamShape::Scalar,
                _ => ir::ParamShape::Json,
            },
            other if scalar(other) => ir::ParamShape::Scalar,
            _ => ir::ParamShape::Json,
        }
    }

    fn resolve_parameter(&mut self, at: &Pointer, param: &'a oa::ReferenceOr<oa::Parameter>) -> Option<(Pointer, &'a oa::Parameter)> {
        let doc = self.doc;
        self.resolve(at, param, "parameters", "a parameter", |key| doc.components.as_ref()?.parameters.get_key_value(key))
    }

    /// An item, or the entry of `components/<section>` its local `$ref` names, with the pointer to
    /// where it is written. A `$ref` that resolves to nothing (or to another `$ref`) is reported.
    fn resolve<T>(
        &mut self,
        at: &Pointer,
        item: &'a oa::ReferenceOr<T>,
        section: &str,
        what: &str,
        lookup: impl FnOnce(&str) -> Option<(&'a String, &'a oa::ReferenceOr<T>)>,
    ) -> Option<(Pointer, &'a T)> {
        let reference = match item {
            oa::ReferenceOr::Item(value) => return Some((at.clone(), value)),
            oa::ReferenceOr::Reference { reference } => reference,
        };
        let key = reference.strip_prefix(&format!("#/components/{section}/")).map(unescape);
        match key.and_then(|key| lookup(&key)) {
            Some((key, oa::ReferenceOr::Item(value))) => Some((Pointer::root().push("components").push(section).push(key), value)),
            _ => {
                self.error(
                    at,
                    format!("`$ref: {reference}` does not resolve to {what}"),
                    format!("point the `$ref` at an entry of `components/{section}`"),
                );
                None
            }
        }
    }

    fn body(&mut self, at: &Pointer, body: &'a oa::ReferenceOr<oa::RequestBody>, type_name: &str) -> Option<ir::Body> {
        let doc = self.doc;
        let (origin, body) =
            self.resolve(at, body, "requestBodies", "a request body", |key| doc.components.as_ref()?.request_bodies.get_key_value(key))?;
        let content_at = origin.push("content");
        let (ty, mut encodings, others) = self.media_with_others(&content_at, &body.content, &format!("{type_name}Body"), true)?;
        if encodings.is_empty() && others.is_empty() && !body.content.is_empty() {
            // Every media type was left out (each with its warning): there is nothing to send.
            self.warning(
                &origin,
                "none of this request body's media types can be sent, so the operation is generated without a body",
                "give the body a media type apigen can write (JSON, a form of an object, text, multipart or bytes)",
            );
            return None;
        }
        let docs = ir::Docs { summary: None, description: body.description.clone(), notes: Vec::new() };
        let ty = ty.unwrap_or(TypeRef::Json);
        let (kind, value, ty) = self.body_value(&content_at, body, encodings.first(), ty, type_name);
        if let (Some(first), Some(kind)) = (encodings.first_mut(), kind) {
            first.kind = kind;
        }
        // The media types with other schemas: the body is an enum of one variant per media type.
        let mut alternatives = Vec::new();
        if !others.is_empty() {
            let mut scope = Scope::default();
            let mut all: Vec<(ir::BodyEncoding, TypeRef, ir::BodyValue)> = Vec::new();
            if let Some(first) = encodings.first() {
                all.push((first.clone(), ty.clone(), value.clone()));
            }
            // A form of the preferred schema is a choice of its own too.
            if let Some(form) = encodings.iter().skip(1).find(|e| e.kind == MediaKind::Form) {
                all.push((form.clone(), ty.clone(), ir::BodyValue::Model));
            }
            for (mut encoding, other_ty) in others {
                let (kind, value, other_ty) = self.body_value(&content_at, body, Some(&encoding), other_ty, type_name);
                if let Some(kind) = kind {
                    encoding.kind = kind;
                }
                all.push((encoding, other_ty, value));
            }
            for (encoding, ty, value) in all {
                let wanted = match encoding.kind {
                    MediaKind::Json => Ident::fixed("Json"),
                    MediaKind::Form => Ident::fixed("Form"),
                    MediaKind::Multipart => Ident::fixed("Multipart"),
                    MediaKind::Text | MediaKind::Bytes => {
                        let essence = essence(&encoding.media_type);
                        let subtype = essence.rsplit('/').next().unwrap_or(&essence);
                        let subtype = subtype.trim_start_matches("x-").trim_start_matches("vnd.");
                        if subtype.chars().any(char::is_alphanumeric) {
                            names::type_name(subtype)
                        } else {
                            Ident::fixed("Bytes")
                        }
                    }
                };
                let at = content_at.push(&encoding.media_type);
                let variant = self.distinct_name(&mut scope, wanted, &at, &encoding.media_type, "request body media type");
                alternatives.push(ir::BodyAlternative { variant, encoding, ty, value });
            }
        }
        let choice = (!alternatives.is_empty()).then(|| Ident::join(&[type_name, "Body"]));
        let example = encodings.first().and_then(|first| {
            let media = self.raw_object(origin.as_str())?.get("content")?.get(&first.media_type)?;
            self.example_of(media)
        });
        Some(ir::Body { origin, example, required: body.required, ty, encodings, value, alternatives, choice, docs })
    }

    /// What the caller passes for one media type of a request body: a model, bytes, or a multipart
    /// form; with the media kind it turns out to be (a multipart body without an object schema is
    /// raw bytes) and the type.
    fn body_value(
        &mut self,
        content_at: &Pointer,
        body: &'a oa::RequestBody,
        encoding: Option<&ir::BodyEncoding>,
        ty: TypeRef,
        type_name: &str,
    ) -> (Option<MediaKind>, ir::BodyValue, TypeRef) {
        match encoding.map(|e| e.kind) {
            Some(MediaKind::Bytes) => (None, ir::BodyValue::Binary, TypeRef::Bytes),
            Some(MediaKind::Multipart) => {
                let media = encoding.map(|e| e.media_type.clone()).unwrap_or_default();
                match self.multipart(&content_at.push(&media), body.content.get(&media), &ty, type_name) {
                    Some(form) => (None, ir::BodyValue::Multipart(form), ty),
                    // Not an object: the caller's bytes go out as they are, and they must hold the boundary.
                    None => (Some(MediaKind::Bytes), ir::BodyValue::Binary, TypeRef::Bytes),
                }
            }
            _ => (None, ir::BodyValue::Model, ty),
        }
    }

    /// The parts of a `multipart/form-data` body, one per property of its object schema: scalars as
    /// text parts, binary strings as files, lists of either as repeated parts, anything else as a
    /// JSON part; each part's content type from `encoding`, else the default for its kind.
    fn multipart(&mut self, at: &Pointer, media: Option<&'a oa::MediaType>, ty: &TypeRef, type_name: &str) -> Option<ir::Multipart> {
        let fields = match ty {
            TypeRef::Named(name) => match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                Some(ir::TypeKind::Struct(s)) if s.additional.is_none() && s.exclusive.is_empty() => s.fields.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        if fields.is_empty() {
            self.warning(
                at,
                "a `multipart/form-data` body needs an object schema with properties; the body is the raw bytes you pass, \
                 sent with this content type and no `boundary`, which a server cannot parse",
                "give the multipart body an object schema with one property per part",
            );
            return None;
        }
        let parts = fields
            .into_iter()
            .map(|field| {
                let raw = self.raw_at(&field.origin);
                let binary = |schema: Option<&serde_json::Value>| {
                    schema.is_some_and(|schema| {
                        schema.get("format").and_then(|f| f.as_str()) == Some("binary")
                            // OpenAPI 3.1: a string with a media type and no encoding is raw bytes.
                            || (schema.get("contentMediaType").is_some() && schema.get("contentEncoding").is_none())
                    })
                };
                let file = binary(raw);
                let files = binary(raw.and_then(|raw| raw.get("items")));
                let (kind, default_type) = match &field.ty {
                    TypeRef::Bytes => (ir::PartKind::File, "application/octet-stream"),
                    TypeRef::String if file => (ir::PartKind::File, "application/octet-stream"),
                    TypeRef::List(item) if **item == TypeRef::Bytes || (**item == TypeRef::String && files) => {
                        (ir::PartKind::FileList, "application/octet-stream")
                    }
                    TypeRef::List(item) if crate::ir::is_scalar(&self.types, item) => (ir::PartKind::TextList, "text/plain"),
                    ty if crate::ir::is_scalar(&self.types, ty) => (ir::PartKind::Text, "text/plain"),
                    _ => (ir::PartKind::Json, "application/json"),
                };
                let content_type = media
                    .and_then(|media| media.encoding.get(&field.wire_name))
                    .and_then(|encoding| encoding.content_type.clone())
                    .map(|types| types.split(',').next().unwrap_or_default().trim().to_owned())
                    .filter(|t| !t.is_empty() && !t.contains('*'))
                    .unwrap_or_else(|| default_type.to_owned());
                ir::FormPart {
                    name: field.name.clone(),
                    wire_name: field.wire_name.clone(),
                    kind,
                    ty: field.ty.clone(),
                    required: matches!(field.presence, ir::Presence::Required | ir::Presence::RequiredNullable),
                    content_type,
                    docs: field.docs.clone(),
                }
            })
            .collect();
        Some(ir::Multipart { name: Ident::join(&[type_name, "Form"]), parts })
    }

    /// Lowers a `content` map: the type of its preferred media type, and the media types that share it.
    fn media(
        &mut self,
        at: &Pointer,
        content: &'a oa::Content,
        hint: &str,
        request: bool,
    ) -> Option<(Option<TypeRef>, Vec<ir::BodyEncoding>)> {
        self.media_with_others(at, content, hint, request).map(|(ty, encodings, _)| (ty, encodings))
    }

    /// [`Self::media`], and (for a request) the media types whose schema differs from the preferred
    /// one's: each a body the caller may send instead.
    #[allow(clippy::type_complexity)]
    fn media_with_others(
        &mut self,
        at: &Pointer,
        content: &'a oa::Content,
        hint: &str,
        request: bool,
    ) -> Option<(Option<TypeRef>, Vec<ir::BodyEncoding>, Vec<(ir::BodyEncoding, TypeRef)>)> {
        if content.is_empty() {
            return Some((None, Vec::new(), Vec::new()));
        }
        let mut others = Vec::new();
        // A binary schema (`type: string, format: binary`) is raw bytes whatever the media type says,
        // `*/*` and `application/octet-stream` alike; a wildcard with a JSON schema is JSON.
        let mut entries: Vec<(&String, &oa::MediaType, MediaKind)> = content
            .iter()
            .map(|(media, item)| {
                let kind = if is_binary(item.schema.as_ref()) { MediaKind::Bytes } else { media_kind(media) };
                (media, item, kind)
            })
            .collect();
        // JSON is preferred, then form, text and bytes; within a kind, by name. Spec order is a mapping's order.
        entries.sort_by(|a, b| (a.2, a.0).cmp(&(b.2, b.0)));
        let mut chosen: Option<TypeRef> = None;
        let mut encodings = Vec::new();
        for (media, item, kind) in entries {
            let media_at = at.push(media);
            let ty = match kind {
                MediaKind::Json | MediaKind::Form | MediaKind::Multipart => match &item.schema {
                    Some(schema) => self.type_of(SchemaRef::from(schema), &media_at.push("schema"), hint),
                    None => TypeRef::Json,
                },
                MediaKind::Text => match &chosen {
                    Some(first @ (TypeRef::String | TypeRef::Secret)) => first.clone(),
                    _ => TypeRef::String,
                },
                MediaKind::Bytes => TypeRef::Bytes,
            };
            let essence = essence(media);
            if request && essence.starts_with("multipart/") && kind != MediaKind::Multipart {
                self.warning(
                    &media_at,
                    format!("`{media}` request bodies are not built yet: the body is the raw bytes you pass, sent with this content type and no `boundary`, which a server cannot parse"),
                    "until apigen builds multipart bodies, send this request with reqwest's `multipart` support",
                );
            }
            if kind == MediaKind::Form && request && !self.is_struct(&ty) {
                self.warning(
                    &media_at,
                    format!("`{media}` needs an object schema with properties; this media type is left out"),
                    "give the form body an object schema",
                );
                continue;
            }
            let form_styles = if kind == MediaKind::Form && request { self.form_styles(&media_at) } else { Vec::new() };
            let encoding = ir::BodyEncoding { media_type: media.clone(), kind, form_styles };
            match &chosen {
                None => chosen = Some(ty),
                Some(first) if *first == ty => {}
                Some(_) if !request => {}
                Some(_) => {
                    others.push((encoding, ty));
                    continue;
                }
            }
            encodings.push(encoding);
        }
        Some((chosen, encodings, others))
    }

    /// The fields of the form body at `media_at` whose `encoding` gives a style or `explode` (read
    /// from the document, as `openapiv3` does not keep whether `explode` was given).
    fn form_styles(&self, media_at: &Pointer) -> Vec<ir::FormStyle> {
        let Some(encoding) = self.raw_at(&media_at.push("encoding")).and_then(|v| v.as_object()) else { return Vec::new() };
        encoding
            .iter()
            .filter_map(|(name, field)| {
                let style_name = field.get("style").and_then(|v| v.as_str());
                let explode = field.get("explode").and_then(|v| v.as_bool());
                if style_name.is_none() && explode.is_none() {
                    return None;
                }
                let style = match style_name {
                    Some("spaceDelimited") => ir::ParamStyle::SpaceDelimited,
                    Some("pipeDelimited") => ir::ParamStyle::PipeDelimited,
                    Some("deepObject") => ir::ParamStyle::DeepObject,
                    _ => ir::ParamStyle::Form,
                };
                // As for parameters, `explode` defaults to true for `form` only.
                let explode = explode.unwrap_or(style == ir::ParamStyle::Form);
                Some(ir::FormStyle { name: name.clone(), style, explode })
            })
            .collect()
    }

    fn is_struct(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name) if self.types.iter().any(|t| &t.name == name && matches!(t.kind, ir::TypeKind::Struct(_))))
    }

    fn responses(&mut self, at: &Pointer, responses: &'a oa::Responses, type_name: &str) -> Vec<ir::Response> {
        let doc = self.doc;
        // `openapiv3` drops keys that are not status codes; a typo there must not silently lose a response.
        if let Some(raw) = self.raw_at(at).and_then(|v| v.as_object()) {
            for key in raw.keys() {
                let valid = key == "default"
                    || key.starts_with("x-")
                    || key.parse::<u16>().is_ok_and(|code| (100..=599).contains(&code))
                    || matches!(key.as_bytes(), [b'1'..=b'5', b'X' | b'x', b'X' | b'x']);
                if !valid {
                    self.error(
                        &at.push(key),
                        format!("`{key}` is not a response status"),
                        "use a status code from 100 to 599, a range such as `4XX`, or `default`",
                    );
                }
            }
        }
        let mut listed: Vec<(ir::StatusMatch, Pointer, &'a oa::ReferenceOr<oa::Response>)> = Vec::new();
        for (status, response) in &responses.responses {
            let (matcher, key) = match status {
                oa::StatusCode::Code(code) => (ir::StatusMatch::Code(*code), code.to_string()),
                oa::StatusCode::Range(range) => (ir::StatusMatch::Range(*range), format!("{range}XX")),
            };
            listed.push((matcher, at.push(key), response));
        }
        if let Some(default) = &responses.default {
            listed.push((ir::StatusMatch::Default, at.push("default"), default));
        }
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (status, status_at, response) in listed {
            let lookup = |key: &str| doc.components.as_ref()?.responses.get_key_value(key);
            let component = match response {
                oa::ReferenceOr::Reference { reference } => reference.strip_prefix("#/components/responses/").map(unescape),
                oa::ReferenceOr::Item(_) => None,
            };
            let Some((origin, response)) = self.resolve(&status_at, response, "responses", "a response", lookup) else { continue };
            let variant = status_variant(&status);
            if let Err(diagnostic) = scope.claim(self.file, &variant, &status_at, &variant, "response") {
                self.diags.push(*diagnostic);
                continue;
            }
            let hint = format!("{type_name}{variant}");
            let sequence = self.sequence(&origin.push("content"), &response.content, &hint);
            let Some((ty, media, readers)) = self.response_media(&origin.push("content"), &response.content, &hint) else { continue };
            let docs = ir::Docs {
                summary: None,
                description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
                notes: Vec::new(),
            };
            let headers = self.response_headers(&origin.push("headers"), response, &hint);
            out.push(ir::Response { origin, status, variant, ty, media, readers, component, headers, header_set: None, sequence, docs });
        }
        out
    }

    /// A response's documented headers: scalars and lists of scalars typed, anything else kept as
    /// its text with a warning; `Content-Type` is left out, as OpenAPI says.
    fn response_headers(&mut self, at: &Pointer, response: &'a oa::Response, hint: &str) -> Vec<ir::ResponseHeader> {
        let doc = self.doc;
        let mut scope = Scope::default();
        let mut listed: Vec<(&String, &oa::ReferenceOr<oa::Header>)> = response.headers.iter().collect();
        listed.sort_by_key(|(name, _)| name.to_ascii_lowercase());
        let mut out = Vec::new();
        for (wire, header) in listed {
            if wire.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let lookup = |key: &str| doc.components.as_ref()?.headers.get_key_value(key);
            let Some((origin, header)) = self.resolve(&at.push(wire), header, "headers", "a header", lookup) else { continue };
            let ty = match &header.format {
                oa::ParameterSchemaOrContent::Schema(schema) => {
                    self.type_of(SchemaRef::from(schema), &origin.push("schema"), &format!("{hint}{}", names::type_name(wire)))
                }
                oa::ParameterSchemaOrContent::Content(_) => TypeRef::Json,
            };
            let scalar = |ty: &TypeRef| crate::ir::is_scalar(&self.types, ty) && !matches!(ty, TypeRef::Base64 | TypeRef::Text(_));
            let ty = match ty {
                TypeRef::List(item) if scalar(&item) => TypeRef::List(item),
                ty if scalar(&ty) => ty,
                _ => {
                    self.warning(
                        &origin,
                        format!("response header `{wire}` is not a scalar or a list of scalars; it is given as its text"),
                        "describe the header with a scalar schema",
                    );
                    TypeRef::String
                }
            };
            let name = self.distinct_name(&mut scope, names::value_name(wire), &origin, wire, "response header");
            let docs = ir::Docs { summary: None, description: header.description.clone(), notes: Vec::new() };
            out.push(ir::ResponseHeader { origin, name, wire_name: wire.clone(), ty, required: header.required, docs });
        }
        out
    }

    /// A response body that is a sequence of items read as they arrive: server-sent events (their
    /// `data` as text for a string schema or none, else JSON) or JSON lines (the schema of one
    /// item, or of the array they make).
    fn sequence(&mut self, at: &Pointer, content: &'a oa::Content, hint: &str) -> Option<(ir::StreamKind, TypeRef)> {
        let (media, item) = content.iter().find(|(media, _)| sequence_kind(media).is_some())?;
        let kind = sequence_kind(media)?;
        let schema_at = at.push(media).push("schema");
        let ty = match &item.schema {
            Some(schema) => self.type_of(SchemaRef::from(schema), &schema_at, &format!("{hint}Item")),
            None if kind == ir::StreamKind::JsonLines => TypeRef::Json,
            None => TypeRef::String,
        };
        Some(match (kind, ty) {
            (ir::StreamKind::JsonLines, TypeRef::List(item)) => (kind, *item),
            (ir::StreamKind::JsonLines, ty) => (kind, ty),
            (_, TypeRef::String | TypeRef::Secret) => (ir::StreamKind::TextEvents, TypeRef::String),
            (_, ty) => (ir::StreamKind::JsonEvents, ty),
        })
    }

    /// A response's content: one type when every media type decodes into it, or a union of a type per
    /// media kind (named after its parts, `GoaErrorOrText`, and shared by every response with the same
    /// parts); and the readers that decode it, chosen by content type with JSON as the fallback.
    fn response_media(
        &mut self,
        at: &Pointer,
        content: &'a oa::Content,
        hint: &str,
    ) -> Option<(Option<TypeRef>, Vec<ir::BodyEncoding>, Vec<ir::Reader>)> {
        let (first, encodings) = self.media(at, content, &format!("{hint}Body"), false)?;
        let Some(first) = first else {
            return Some((None, encodings, vec![ir::Reader { media_types: Vec::new(), read: ir::Read::Empty, variant: None }]));
        };
        // One group per way of reading: JSON (and form, read as JSON), text, bytes; each with the type
        // its media types decode into.
        let mut groups: Vec<(MediaKind, TypeRef, Vec<String>)> = Vec::new();
        for encoding in &encodings {
            let (kind, ty) = match encoding.kind {
                // A string schema served as JSON and as text is the same value either way.
                MediaKind::Text if matches!(first, TypeRef::String | TypeRef::Secret) => (MediaKind::Text, first.clone()),
                MediaKind::Text => (MediaKind::Text, TypeRef::String),
                MediaKind::Bytes | MediaKind::Multipart => (MediaKind::Bytes, TypeRef::Bytes),
                MediaKind::Json | MediaKind::Form => (MediaKind::Json, first.clone()),
            };
            match groups.iter_mut().find(|(k, _, _)| *k == kind) {
                Some((_, _, media)) => media.push(encoding.media_type.clone()),
                None => groups.push((kind, ty, vec![encoding.media_type.clone()])),
            }
        }
        if groups.is_empty() {
            groups.push((MediaKind::Json, first.clone(), Vec::new()));
        }
        let reader = |kind: MediaKind, ty: &TypeRef, media: &[String], variant: Option<Ident>| {
            let read = match (kind, ty) {
                (MediaKind::Bytes | MediaKind::Multipart, _) | (_, TypeRef::Bytes) => ir::Read::Bytes,
                (MediaKind::Text, ty) => ir::Read::Text { secret: *ty == TypeRef::Secret },
                (MediaKind::Json | MediaKind::Form, _) => ir::Read::Json,
            };
            ir::Reader { media_types: media.to_vec(), read, variant }
        };
        // The union's variants follow the media types' order (JSON first); JSON, when offered, is
        // read last: it is the fallback when no other documented type matches.
        let mut read_order: Vec<&(MediaKind, TypeRef, Vec<String>)> = groups.iter().collect();
        read_order.sort_by_key(|(kind, _, _)| *kind == MediaKind::Json);
        if groups.iter().all(|(_, ty, _)| *ty == first) {
            let readers = read_order.iter().map(|(kind, ty, media)| reader(*kind, ty, media, None)).collect();
            return Some((Some(first), encodings, readers));
        }
        let variant_of = |kind: MediaKind| {
            Ident::fixed(match kind {
                MediaKind::Json | MediaKind::Form => "Json",
                MediaKind::Text => "Text",
                MediaKind::Bytes | MediaKind::Multipart => "Bytes",
            })
        };
        let variants: Vec<ir::OneOfVariant> =
            groups.iter().map(|(kind, ty, _)| ir::OneOfVariant { name: variant_of(*kind), ty: ty.clone(), boxed: false }).collect();
        let readers = read_order.iter().map(|(kind, ty, media)| reader(*kind, ty, media, Some(variant_of(*kind)))).collect();
        // The same union anywhere else in the API is the same type.
        let existing = self.types.iter().find(|t| matches!(&t.kind, ir::TypeKind::MediaUnion(v) if *v == variants)).map(|t| t.name.clone());
        if let Some(name) = existing {
            return Some((Some(TypeRef::Named(name)), encodings, readers));
        }
        let parts: Option<Vec<String>> = variants
            .iter()
            .map(|v| match &v.ty {
                TypeRef::Named(name) => Some(name.to_string()),
                TypeRef::String | TypeRef::Secret => Some("Text".to_owned()),
                TypeRef::Bytes => Some("Bytes".to_owned()),
                _ => None,
            })
            .collect();
        let by_parts = parts.map(|parts| Ident::join(&[&parts.join("Or")])).filter(|name| !self.type_scope.contains(name.as_str()));
        let name = by_parts.unwrap_or_else(|| self.inline_name(&format!("{hint}Body")));
        if !self.claim_type(&name, at, &name) {
            return None;
        }
        let docs = ir::Docs { summary: Some("A response body whose type depends on its media type.".to_owned()), ..ir::Docs::default() };
        self.types.push(ir::TypeDef {
            origin: at.clone(),
            name: name.clone(),
            docs,
            example: None,
            kind: ir::TypeKind::MediaUnion(variants),
        });
        Some((Some(TypeRef::Named(name)), encodings, readers))
    }

    fn security(&mut self, at: &Pointer, operation: &'a oa::Operation, schemes: &[ir::SecurityScheme]) -> Vec<Vec<String>> {
        let doc = self.doc;
        let (requirements, req_at) = match &operation.security {
            Some(requirements) => (requirements, at.push("security")),
            None => match &doc.security {
                Some(requirements) => (requirements, Pointer::root().push("security")),
                None => return Vec::new(),
            },
        };
        let mut out = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut keys: Vec<String> = Vec::new();
            let mut usable = true;
            for key in requirement.keys() {
                if schemes.iter().any(|s| &s.key == key) {
                    keys.push(key.clone());
                } else if self.doc.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(key)) {
                    usable = false; // an unsupported scheme: already warned about
                } else {
                    self.error(
                        &req_at.push(index.to_string()),
                        format!("security requirement names `{key}`, which is not in `components/securitySchemes`"),
                        format!("add `{key}` to `components/securitySchemes` or fix the name"),
                    );
                    usable = false;
                }
            }
            if usable {
                keys.sort();
                out.push(keys);
            }
        }
        out
    }
}

/// A piece of a path template.
enum TemplatePart {
    Literal(String),
    Param(String),
}

impl TemplatePart {
    fn param(&self) -> Option<&str> {
        match self {
            TemplatePart::Param(name) => Some(name),
            TemplatePart::Literal(_) => None,
        }
    }
}

fn parse_template(path: &str) -> Vec<TemplatePart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            parts.push(TemplatePart::Literal(rest[..open].to_owned()));
        }
        parts.push(TemplatePart::Param(rest[open + 1..open + close].to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    parts
}

fn location(param: &oa::Parameter) -> ir::ParamLocation {
    match param {
        oa::Parameter::Query { .. } => ir::ParamLocation::Query,
        oa::Parameter::Header { .. } => ir::ParamLocation::Header,
        oa::Parameter::Path { .. } => ir::ParamLocation::Path,
        oa::Parameter::Cookie { .. } => ir::ParamLocation::Cookie,
    }
}

/// The operation name for an operation without `operationId`: method and path words (`get /pets/{id}` -> `get_pets_by_id`).
fn synthesized_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by {param}")),
            None => words.push(segment.to_owned()),
        }
    }
    words.join(" ")
}

/// How a success is streamed: the first success response that is a sequence, else the binary ones.
fn stream_of(responses: &[ir::Response]) -> Option<ir::Stream> {
    let successes = || responses.iter().filter(|r| r.status.is_success());
    if let Some((kind, item)) = successes().find_map(|r| r.sequence.clone()) {
        let statuses = successes().filter(|r| r.sequence.as_ref().is_some_and(|(k, _)| *k == kind)).map(|r| r.status.clone()).collect();
        return Some(ir::Stream { kind, item, statuses });
    }
    let binary: Vec<ir::StatusMatch> = successes().filter(|r| r.ty == Some(TypeRef::Bytes)).map(|r| r.status.clone()).collect();
    (!binary.is_empty()).then_some(ir::Stream { kind: ir::StreamKind::Bytes, item: TypeRef::Bytes, statuses: binary })
}

/// The sequence media types: server-sent events and JSON lines.
fn sequence_kind(media: &str) -> Option<ir::StreamKind> {
    match essence(media).as_str() {
        "text/event-stream" => Some(ir::StreamKind::TextEvents),
        "application/x-ndjson" | "application/ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/json-seq" => {
            Some(ir::StreamKind::JsonLines)
        }
        _ => None,
    }
}

/// True for a schema of raw bytes: `type: string, format: binary`.
fn is_binary(schema: Option<&oa::ReferenceOr<oa::Schema>>) -> bool {
    match schema {
        Some(oa::ReferenceOr::Item(schema)) => match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::String(string)) => {
                matches!(&string.format, oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Binary))
            }
            oa::SchemaKind::Any(any) => any.typ.as_deref() == Some("string") && any.format.as_deref() == Some("binary"),
            _ => false,
        },
        _ => false,
    }
}

/// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8` is
/// `application/json`.
/// The family a media type belongs to.
pub(crate) fn media_kind(media: &str) -> MediaKind {
    let essence = essence(media);
    // By meaning, not spelling: `text/json`, `application/json; version=2` and every `+json`
    // structured syntax suffix (`application/problem+json`, `application/vnd.x+json`) are JSON.
    if essence == "application/json" || essence == "text/json" || essence.ends_with("+json") || essence == "*/*" {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else {
        MediaKind::Bytes
    }
}

/// True when two lists of error responses decode the same way into the same variants.
fn same_responses(a: &[ir::Response], b: &[ir::Response]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.status == y.status
                && x.variant == y.variant
                && x.ty == y.ty
                && x.readers == y.readers
                && x.docs == y.docs
                && x.headers == y.headers
                && x.component == y.component
        })
}

/// The variant name of a response: the status's reason phrase.
fn status_variant(status: &ir::StatusMatch) -> Ident {
    match status {
        ir::StatusMatch::Code(code) => match reason_phrase(*code) {
            Some(phrase) => names::type_name(phrase),
            None => Ident::join(&["Status", &code.to_string()]),
        },
        ir::StatusMatch::Range(1) => Ident::fixed("Informational"),
        ir::StatusMatch::Range(2) => Ident::fixed("Success"),
        ir::StatusMatch::Range(3) => Ident::fixed("Redirection"),
        ir::StatusMatch::Range(4) => Ident::fixed("ClientError"),
        ir::StatusMatch::Range(5) => Ident::fixed("ServerError"),
        ir::StatusMatch::Range(digit) => Ident::join(&["Status", &digit.to_string(), "xx"]),
        ir::StatusMatch::Default => Ident::fixed("Default"),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non authoritative information",
        204 => "no content",
        205 => "reset content",
        206 => "partial content",
        207 => "multi status",
        300 => "multiple choices",
        301 => "moved permanently",
        302 => "found",
        303 => "see other",
        304 => "not modified",
        307 => "temporary redirect",
        308 => "permanent redirect",
        400 => "bad request",
        401 => "unauthorized",
        402 => "payment required",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        406 => "not acceptable",
        407 => "proxy authentication required",
        408 => "request timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length required",
        412 => "precondition failed",
        413 => "payload too large",
        414 => "uri too long",
        415 => "unsupported media type",
        416 => "range not satisfiable",
        417 => "expectation failed",
        421 => "misdirected request",
        422 => "unprocessable entity",
        423 => "locked",
        424 => "failed dependency",
        425 => "too early",
        426 => "upgrade required",
        428 => "precondition required",
        429 => "too many requests",
        431 => "request header fields too large",
        451 => "unavailable for legal reasons",
        500 => "internal server error",
        501 => "not implemented",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        505 => "http version not supported",
        507 => "insufficient storage",
        511 => "network authentication required",
        _ => return None,
    })
}
