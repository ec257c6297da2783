//! Swagger 2.0 documents, converted into the OpenAPI 3.0 shape the rest of the pipeline reads.
//!
//! In two steps around bundling. [`prepare`] moves the sections that `components` replaced
//! (`definitions`, `parameters`, `responses`, `securityDefinitions`) under `components` and rewrites
//! the document's own `$ref`s to match, so the bundler sees plain component references and copies
//! only what lives in other files. [`convert`] then rewrites the objects themselves, including
//! those copied in from other files:
//!
//! - `host`, `basePath` and `schemes` become `servers`;
//! - `in: body` becomes a `requestBody` with one media type per `consumes` entry, and the
//!   `in: formData` parameters one object schema, sent as a form or (with a `type: file`, or when
//!   `consumes` says so) as `multipart/form-data`;
//! - the other parameters' `type`, `format`, `items`, `enum`, bounds and defaults move into a
//!   `schema`, and `collectionFormat` becomes `style` and `explode` (`multi` is exploded `form`);
//! - a response's `schema` becomes `content` with one media type per `produces` entry, its
//!   `headers` get schemas, and its `examples` become the media types' examples;
//! - `basic`, `apiKey` and the four `oauth2` flows become security schemes;
//! - in schemas, `x-nullable` becomes `nullable`, `type: file` a binary string, and a string
//!   `discriminator` its `propertyName`.
//!
//! Every moved object's new pointer is recorded with the pointer it had, so a diagnostic anywhere in
//! the converted document points into the 2.0 document the user wrote.

use super::bundle::Origin;
use super::essence;
use crate::diag::{Diagnostic, Pointer};
use serde_json::{Map, Value};

/// What converting did: where things moved from, and what could not be said in OpenAPI 3.0.
#[derive(Debug, Default)]
pub struct Converted {
    /// New pointers and the 2.0 pointers they came from.
    pub origins: Vec<Origin>,
    /// Findings about constructs converted with a fallback.
    pub warnings: Vec<Diagnostic>,
    file: String,
    consumes: Vec<String>,
    produces: Vec<String>,
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Keywords of a 2.0 non-body parameter (or header, or items object) that describe its value.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Step one, before bundling: `openapi` instead of `swagger`, the reusable sections under
/// `components`, and the document's own `$ref`s pointing there.
pub fn prepare(document: &mut Value, file: &str) -> Converted {
    let mut converted = Converted { file: file.to_owned(), ..Converted::default() };
    let Some(root) = document.as_object_mut() else { return converted };
    root.remove("swagger");
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    converted.consumes = strings(root.remove("consumes").as_ref());
    converted.produces = strings(root.remove("produces").as_ref());
    let mut components = Map::new();
    for (old, new) in
        [("definitions", "schemas"), ("parameters", "parameters"), ("responses", "responses"), ("securityDefinitions", "securitySchemes")]
    {
        if let Some(section) = root.remove(old) {
            converted.moved(&Pointer::root().push("components").push(new), &Pointer::root().push(old));
            components.insert(new.to_owned(), section);
        }
    }
    if !components.is_empty() {
        root.insert("components".to_owned(), Value::Object(components));
    }
    rewrite_refs(document, "");
    converted
}

/// Step two, after bundling: every 2.0 object rewritten into its 3.0 form.
pub fn convert(document: &mut Value, converted: &mut Converted) {
    let Some(root) = document.as_object_mut() else { return };
    converted.servers(root);
    // Body and form parameters are not parameters in 3.0: operations that refer to them get them inline.
    let mut shared_params = Map::new();
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(params)) = components.get_mut("parameters") {
            let keys: Vec<String> = params.keys().cloned().collect();
            for key in keys {
                let at = Pointer::root().push("components").push("parameters").push(&key);
                let Some(param) = params.get_mut(&key) else { continue };
                if matches!(location(param), Some("body" | "formData")) {
                    if let Some(param) = params.remove(&key) {
                        shared_params.insert(key, param);
                    }
                } else {
                    converted.parameter(param, &at, &at);
                }
            }
            if params.is_empty() {
                components.remove("parameters");
            }
        }
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (key, response) in responses.iter_mut() {
                let at = Pointer::root().push("components").push("responses").push(key);
                let produces = converted.produces.clone();
                converted.response(response, &at, &produces);
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            for (key, scheme) in schemes.iter_mut() {
                let at = Pointer::root().push("components").push("securitySchemes").push(key);
                converted.security_scheme(scheme, &at);
            }
        }
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(schema);
        }
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        if path.starts_with("x-") {
            continue;
        }
        let Some(item) = item.as_object_mut() else { continue };
        let item_at = Pointer::root().push("paths").push(path);
        // Path-level body and form parameters go into each operation's body.
        let mut inherited = Vec::new();
        if let Some(Value::Array(params)) = item.get_mut("parameters") {
            let old = std::mem::take(params);
            for (index, mut param) in old.into_iter().enumerate() {
                let at = item_at.push("parameters").push(index.to_string());
                let resolved = resolve_shared(&param, &shared_params);
                match resolved.as_ref().map_or_else(|| location(&param), location) {
                    Some("body" | "formData") => inherited.push((resolved.unwrap_or(param), at)),
                    _ => {
                        let new_at = item_at.push("parameters").push(params.len().to_string());
                        converted.parameter(&mut param, &at, &new_at);
                        converted.moved(&new_at, &at);
                        params.push(param);
                    }
                }
            }
            if params.is_empty() {
                item.remove("parameters");
            }
        }
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else { continue };
            let at = item_at.push(method);
            converted.operation(operation, &at, &inherited, &shared_params);
        }
    }
}

impl Converted {
    fn moved(&mut self, copy: &Pointer, from: &Pointer) {
        if copy != from {
            self.origins.push(Origin { copy: copy.clone(), file: self.file.clone(), pointer: from.clone() });
        }
    }

    fn warn(&mut self, at: &Pointer, message: String) {
        self.warnings.push(Diagnostic::warning(&self.file, at, message));
    }

    /// `host`, `basePath` and `schemes` as `servers`: one per HTTP scheme, in the spec's order.
    fn servers(&mut self, root: &mut Map<String, Value>) {
        let host = root.remove("host");
        let base = root.remove("basePath");
        let schemes = root.remove("schemes");
        let base = base.as_ref().and_then(Value::as_str).unwrap_or("").trim_end_matches('/').to_owned();
        let mut urls = Vec::new();
        match host.as_ref().and_then(Value::as_str) {
            Some(host) => {
                let listed = strings(schemes.as_ref());
                let mut web: Vec<String> = listed.iter().filter(|s| matches!(s.as_str(), "http" | "https")).cloned().collect();
                if web.is_empty() {
                    if listed.is_empty() {
                        self.warn(
                            &Pointer::root().push("host"),
                            "the spec lists no `schemes`; the server is taken to be `https` (set the client's base URL to use `http`)"
                                .to_owned(),
                        );
                    } else {
                        self.warn(
                            &Pointer::root().push("schemes"),
                            format!("the spec lists no HTTP scheme (only {}); the server is taken to be `https`", listed.join(", ")),
                        );
                    }
                    web.push("https".to_owned());
                }
                urls.extend(web.iter().map(|scheme| format!("{scheme}://{host}{base}")));
                self.moved(&Pointer::root().push("servers"), &Pointer::root().push("host"));
            }
            None if !base.is_empty() => {
                urls.push(base);
                self.moved(&Pointer::root().push("servers"), &Pointer::root().push("basePath"));
            }
            None => {}
        }
        if !urls.is_empty() {
            let servers = urls.into_iter().map(|url| Value::Object(Map::from_iter([("url".to_owned(), Value::String(url))]))).collect();
            root.insert("servers".to_owned(), Value::Array(servers));
        }
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, at: &Pointer, inherited: &[(Value, Pointer)], shared: &Map<String, Value>) {
        let consumes = operation.remove("consumes").map_or_else(|| self.consumes.clone(), |c| strings(Some(&c)));
        let produces = operation.remove("produces").map_or_else(|| self.produces.clone(), |p| strings(Some(&p)));
        if operation.remove("schemes").is_some() {
            self.warn(&at.push("schemes"), "per-operation `schemes` are not kept: the operation goes to the spec's servers".to_owned());
        }
        // The body and form parameters, the operation's own replacing inherited ones of the same name.
        let mut body: Option<(Value, Pointer)> = None;
        let mut form: Vec<(Value, Pointer)> = Vec::new();
        for (param, param_at) in inherited {
            take(param.clone(), param_at.clone(), &mut body, &mut form);
        }
        if let Some(Value::Array(params)) = operation.get_mut("parameters") {
            let old = std::mem::take(params);
            for (index, mut param) in old.into_iter().enumerate() {
                let param_at = at.push("parameters").push(index.to_string());
                let resolved = resolve_shared(&param, shared);
                match resolved.as_ref().map_or_else(|| location(&param), location) {
                    Some("body" | "formData") => take(resolved.unwrap_or(param), param_at, &mut body, &mut form),
                    _ => {
                        let new_at = at.push("parameters").push(params.len().to_string());
                        self.parameter(&mut param, &param_at, &new_at);
                        self.moved(&new_at, &param_at);
                        params.push(param);
                    }
                }
            }
            if params.is_empty() {
                operation.remove("parameters");
            }
        }
        if let Some((param, param_at)) = body {
            let request_body = self.body(param, &param_at, &at.push("requestBody"), &consumes);
            operation.insert("requestBody".to_owned(), request_body);
        } else if !form.is_empty() {
            let request_body = self.form(form, &at.push("requestBody"), &consumes);
            operation.insert("requestBody".to_owned(), request_body);
        }
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                if !status.starts_with("x-") {
                    self.response(response, &at.push("responses").push(status), &produces);
                }
            }
        }
    }

    /// An `in: body` parameter as a request body.
    fn body(&mut self, param: Value, from: &Pointer, at: &Pointer, consumes: &[String]) -> Value {
        let mut param = match param {
            Value::Object(param) => param,
            _ => Map::new(),
        };
        let mut schema_value = param.remove("schema").unwrap_or_else(|| Value::Object(Map::new()));
        schema(&mut schema_value);
        let media = if consumes.is_empty() { vec!["application/json".to_owned()] } else { consumes.to_vec() };
        let mut content = Map::new();
        for media_type in &media {
            let mut entry = Map::new();
            entry.insert("schema".to_owned(), schema_value.clone());
            content.insert(media_type.clone(), Value::Object(entry));
            self.moved(&at.push("content").push(media_type).push("schema"), &from.push("schema"));
            self.moved(&at.push("content").push(media_type), from);
        }
        self.moved(at, from);
        let mut body = Map::new();
        if let Some(description) = param.remove("description") {
            body.insert("description".to_owned(), description);
        }
        body.insert("content".to_owned(), Value::Object(content));
        if let Some(required) = param.remove("required") {
            body.insert("required".to_owned(), required);
        }
        extensions(&param, &mut body);
        Value::Object(body)
    }

    /// The `in: formData` parameters as one request body: an object with a property per parameter.
    fn form(&mut self, params: Vec<(Value, Pointer)>, at: &Pointer, consumes: &[String]) -> Value {
        let has_file = params.iter().any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let mut media: Vec<String> = consumes
            .iter()
            .filter(|m| matches!(essence(m).as_str(), "multipart/form-data" | "application/x-www-form-urlencoded"))
            .cloned()
            .collect();
        if has_file {
            media.retain(|m| essence(m) == "multipart/form-data");
        }
        if media.is_empty() {
            media.push(if has_file { "multipart/form-data" } else { "application/x-www-form-urlencoded" }.to_owned());
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        let mut origins = Vec::new();
        for (param, from) in params {
            let Some(name) = param.get("name").and_then(Value::as_str).map(str::to_owned) else { continue };
            if param.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            let is_list = param.get("type").and_then(Value::as_str) == Some("array");
            let format = param.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv").to_owned();
            let format_at = if param.get("collectionFormat").is_some() { from.push("collectionFormat") } else { from.clone() };
            if is_list && format != "multi" {
                if media.iter().all(|m| essence(m) == "multipart/form-data") {
                    self.warn(
                        &format_at,
                        format!("a `{format}` list in a multipart form is sent as one part per item, not one `{format}` part"),
                    );
                } else {
                    let mut style = Map::new();
                    let (style_name, fallback) = style_of(&format, "query");
                    if let Some(message) = fallback {
                        self.warn(&format_at, message);
                    }
                    style.insert("style".to_owned(), Value::String(style_name.to_owned()));
                    style.insert("explode".to_owned(), Value::Bool(false));
                    encoding.insert(name.clone(), Value::Object(style));
                }
            }
            let mut property = value_schema(&param);
            if let Some(description) = param.get("description") {
                if let Some(object) = property.as_object_mut() {
                    object.insert("description".to_owned(), description.clone());
                }
            }
            origins.push((name.clone(), from));
            properties.insert(name, property);
        }
        let mut object = Map::new();
        object.insert("type".to_owned(), Value::String("object".to_owned()));
        object.insert("properties".to_owned(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            object.insert("required".to_owned(), Value::Array(required));
        }
        let object = Value::Object(object);
        let mut content = Map::new();
        for media_type in &media {
            let mut entry = Map::new();
            entry.insert("schema".to_owned(), object.clone());
            if !encoding.is_empty() && essence(media_type) == "application/x-www-form-urlencoded" {
                entry.insert("encoding".to_owned(), Value::Object(encoding.clone()));
            }
            content.insert(media_type.clone(), Value::Object(entry));
            for (name, from) in &origins {
                self.moved(&at.push("content").push(media_type).push("schema").push("properties").push(name), from);
            }
            if let Some((_, first)) = origins.first() {
                self.moved(&at.push("content").push(media_type), &first.clone());
            }
        }
        if let Some((_, first)) = origins.first() {
            self.moved(at, &first.clone());
        }
        let mut body = Map::new();
        body.insert("content".to_owned(), Value::Object(content));
        if any_required {
            body.insert("required".to_owned(), Value::Bool(true));
        }
        Value::Object(body)
    }

    /// A non-body parameter (at `at` in the 2.0 document, at `new_at` once converted): its value
    /// keywords in a `schema`, `collectionFormat` as a style.
    fn parameter(&mut self, param: &mut Value, at: &Pointer, new_at: &Pointer) {
        let Some(object) = param.as_object_mut() else { return };
        if object.contains_key("$ref") || object.contains_key("schema") || object.contains_key("content") {
            return;
        }
        let place = object.get("in").and_then(Value::as_str).unwrap_or("query").to_owned();
        let schema_value = value_schema(&Value::Object(object.clone()));
        let is_list = object.get("type").and_then(Value::as_str) == Some("array");
        let format = object.remove("collectionFormat");
        for keyword in VALUE_KEYWORDS {
            object.remove(*keyword);
        }
        object.insert("schema".to_owned(), schema_value);
        self.moved(&new_at.push("schema"), at);
        if is_list {
            let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
            let (style, fallback) = style_of(format, &place);
            if let Some(message) = fallback {
                self.warn(&at.push("collectionFormat"), message);
            }
            object.insert("style".to_owned(), Value::String(style.to_owned()));
            object.insert("explode".to_owned(), Value::Bool(format == "multi"));
        }
    }

    /// A response: `schema` as `content` in each produced media type, headers with schemas.
    fn response(&mut self, response: &mut Value, at: &Pointer, produces: &[String]) {
        let Some(object) = response.as_object_mut() else { return };
        if object.contains_key("$ref") || object.contains_key("content") {
            return;
        }
        let examples = object.remove("examples");
        if let Some(mut schema_value) = object.remove("schema") {
            schema(&mut schema_value);
            let media = if produces.is_empty() { vec!["application/json".to_owned()] } else { produces.to_vec() };
            let mut content = Map::new();
            for media_type in &media {
                let mut entry = Map::new();
                entry.insert("schema".to_owned(), schema_value.clone());
                if let Some(example) = examples.as_ref().and_then(|e| e.get(media_type)) {
                    entry.insert("example".to_owned(), example.clone());
                }
                content.insert(media_type.clone(), Value::Object(entry));
                self.moved(&at.push("content").push(media_type).push("schema"), &at.push("schema"));
                self.moved(&at.push("content").push(media_type), at);
            }
            object.insert("content".to_owned(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = object.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let Some(header_object) = header.as_object_mut() else { continue };
                if header_object.contains_key("$ref") || header_object.contains_key("schema") {
                    continue;
                }
                let schema_value = value_schema(&Value::Object(header_object.clone()));
                header_object.remove("collectionFormat");
                for keyword in VALUE_KEYWORDS {
                    header_object.remove(*keyword);
                }
                header_object.insert("schema".to_owned(), schema_value);
                let header_at = at.push("headers").push(name);
                self.moved(&header_at.push("schema"), &header_at);
            }
        }
        object.entry("description").or_insert_with(|| Value::String(String::new()));
    }

    /// `basic`, `apiKey` and `oauth2` (one flow each) as 3.0 security schemes.
    fn security_scheme(&mut self, scheme: &mut Value, at: &Pointer) {
        let Some(object) = scheme.as_object_mut() else { return };
        let kind = object.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
        match kind.as_str() {
            "basic" => {
                object.insert("type".to_owned(), Value::String("http".to_owned()));
                object.insert("scheme".to_owned(), Value::String("basic".to_owned()));
            }
            "oauth2" => {
                let flow = object.remove("flow");
                let mut details = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(value) = object.remove(key) {
                        details.insert(key.to_owned(), value);
                    }
                }
                details.insert("scopes".to_owned(), object.remove("scopes").unwrap_or_else(|| Value::Object(Map::new())));
                let name = match flow.as_ref().and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    other => {
                        self.warn(
                            &at.push("flow"),
                            format!("unknown oauth2 flow `{}`; the scheme is kept as a bearer token", other.unwrap_or("(none)")),
                        );
                        "clientCredentials"
                    }
                };
                object.insert("flows".to_owned(), Value::Object(Map::from_iter([(name.to_owned(), Value::Object(details))])));
                self.moved(&at.push("flows").push(name), at);
            }
            _ => {}
        }
    }
}

/// The schema of a 2.0 parameter, header or items object: its value keywords, `type: file` as a
/// binary string, `items` converted the same way.
fn value_schema(object: &Value) -> Value {
    let mut out = Map::new();
    let Some(object) = object.as_object() else { return Value::Object(out) };
    for keyword in VALUE_KEYWORDS {
        if let Some(value) = object.get(*keyword) {
            let value = if *keyword == "items" { value_schema(value) } else { value.clone() };
            out.insert((*keyword).to_owned(), value);
        }
    }
    if object.contains_key("$ref") {
        out.insert("$ref".to_owned(), object["$ref"].clone());
    }
    let mut value = Value::Object(out);
    schema(&mut value);
    value
}

/// 2.0-only schema keywords, rewritten in place, in a schema and every schema inside it.
fn schema(value: &mut Value) {
    let Some(object) = value.as_object_mut() else { return };
    if let Some(nullable) = object.remove("x-nullable") {
        object.insert("nullable".to_owned(), nullable);
    }
    if object.get("type").and_then(Value::as_str) == Some("file") {
        object.insert("type".to_owned(), Value::String("string".to_owned()));
        object.insert("format".to_owned(), Value::String("binary".to_owned()));
    }
    if let Some(Value::String(property)) = object.get("discriminator").cloned() {
        object.insert("discriminator".to_owned(), Value::Object(Map::from_iter([("propertyName".to_owned(), Value::String(property))])));
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get_mut(key) {
            schema(child);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(children)) = object.get_mut(key) {
            children.iter_mut().for_each(schema);
        }
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        properties.values_mut().for_each(schema);
    }
}

/// The 3.0 style for a 2.0 `collectionFormat` in `place`, and a warning when there is none.
fn style_of(format: &str, place: &str) -> (&'static str, Option<String>) {
    let simple = matches!(place, "path" | "header");
    match (format, simple) {
        ("csv", true) => ("simple", None),
        ("csv" | "multi", false) => ("form", None),
        ("ssv", false) => ("spaceDelimited", None),
        ("pipes", false) => ("pipeDelimited", None),
        (other, true) => {
            ("simple", Some(format!("`collectionFormat: {other}` has no OpenAPI 3 style in a {place}; the list is sent comma-separated")))
        }
        (other, false) => ("form", Some(format!("`collectionFormat: {other}` has no OpenAPI 3 style; the list is sent comma-separated"))),
    }
}

/// Adds a body or form parameter to what an operation sends; a later one of the same name replaces
/// an earlier one (an operation's own replace the path's).
fn take(param: Value, at: Pointer, body: &mut Option<(Value, Pointer)>, form: &mut Vec<(Value, Pointer)>) {
    match location(&param) {
        Some("body") => *body = Some((param, at)),
        _ => {
            let name = param.get("name").cloned();
            form.retain(|(p, _)| p.get("name") != name.as_ref());
            form.push((param, at));
        }
    }
}

/// A copy of the shared body or form parameter a `$ref` names, if that is what it names.
fn resolve_shared(param: &Value, shared: &Map<String, Value>) -> Option<Value> {
    let reference = param.get("$ref")?.as_str()?;
    let key = reference.strip_prefix("#/components/parameters/")?;
    shared.get(&crate::diag::unescape(key)).cloned()
}

fn location(param: &Value) -> Option<&str> {
    param.get("in").and_then(Value::as_str)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default()
}

fn extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (key, value) in from {
        if key.starts_with("x-") {
            to.insert(key.clone(), value.clone());
        }
    }
}

/// The document's own `$ref`s into the 2.0 sections, pointed at their places under `components`.
fn rewrite_refs(value: &mut Value, parent: &str) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                for (old, new) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = reference.strip_prefix(old) {
                        *reference = format!("{new}{rest}");
                        break;
                    }
                }
            }
            // Examples, defaults and enum values are data (but `default` under `responses` is a response).
            let in_responses = parent == "responses";
            for (key, child) in object.iter_mut() {
                let data = matches!(key.as_str(), "example" | "examples" | "enum" | "x-example") || (key == "default" && !in_responses);
                if !data {
                    rewrite_refs(child, key);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, "")),
        _ => {}
    }
}
