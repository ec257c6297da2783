//! OpenAPI 3.2 documents: what 3.2 adds to 3.1, read into the shape the rest of the pipeline takes
//! (the 3.1 normalisation runs after this, for the schemas).
//!
//! - `components/mediaTypes`: a content entry that is a `$ref` to one is replaced by a copy of it
//!   (a copy's findings point at the component);
//! - `in: querystring` with a form-encoded schema is the query string written from an object: a
//!   `query` parameter in exploded `form` style, which lays the object out the same way;
//! - `itemSchema` of a sequential media type is the schema of each item: of the events' `data` for
//!   `text/event-stream` (its `contentSchema`, or text), of each line for JSON lines and sequences;
//! - `style: cookie` is written as `form`, which percent-encodes what `cookie` leaves as it is (a
//!   warning says so);
//! - the `query` method and `additionalOperations` are read by [`operations`] after the typed
//!   document, since `openapiv3` keeps only the eight methods it knows;
//! - `$self`, tag `summary`/`parent`/`kind`, `Server.name`, `deviceAuthorization` flows and
//!   `oauth2MetadataUrl` document and do not change a client (OAuth2 schemes are bearer tokens);
//!   `discriminator.defaultMapping` and `prefixEncoding`/`itemEncoding` are not honoured and are
//!   warned about where they stand.

use super::bundle::Origin;
use crate::diag::{Diagnostic, Pointer};
use serde_json::{Map, Value};

/// Marks a parameter to leave out.
const DROP: &str = "x-apigen-left-out";

/// Media types whose body is a sequence of items.
const SEQUENTIAL: &[&str] = &[
    "text/event-stream",
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/json-seq",
];

/// An operation of a method `openapiv3` has no field for: `query`, or one of `additionalOperations`.
#[derive(Debug, Clone)]
pub struct ExtraOperation {
    /// The path, as written.
    pub path: String,
    /// The method as it is sent (`QUERY`, or an `additionalOperations` key as written: method names
    /// are case-sensitive).
    pub method: String,
    /// Where the operation is.
    pub pointer: Pointer,
    /// The operation.
    pub operation: openapiv3::Operation,
}

/// Rewrites a 3.2 document in place; returns where inlined copies came from, and warnings.
pub fn normalise(document: &mut Value, file: &str) -> (Vec<Origin>, Vec<Diagnostic>) {
    let mut origins = Vec::new();
    let mut warnings = Vec::new();
    let media_types = document.pointer("/components/mediaTypes").cloned();
    if let Some(root) = document.as_object_mut() {
        root.remove("$self");
        if let Some(Value::Object(components)) = root.get_mut("components") {
            components.remove("mediaTypes");
        }
    }
    let mut walker = Walker { file, media_types: media_types.as_ref(), origins: &mut origins, warnings: &mut warnings };
    walker.walk(document, &Pointer::root(), "");
    (origins, warnings)
}

struct Walker<'a> {
    file: &'a str,
    media_types: Option<&'a Value>,
    origins: &'a mut Vec<Origin>,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Walker<'_> {
    fn warn(&mut self, at: &Pointer, message: String) {
        self.warnings.push(Diagnostic::warning(self.file, at, message));
    }

    fn walk(&mut self, value: &mut Value, at: &Pointer, parent: &str) {
        match value {
            Value::Object(object) => {
                if parent == "content" {
                    self.inline_media_type(object, at);
                }
                if parent == "parameters" || object.contains_key("in") {
                    self.parameter(object, at);
                }
                if object.contains_key("itemSchema") || object.contains_key("prefixEncoding") || object.contains_key("itemEncoding") {
                    self.item_schema(object, at);
                }
                if let Some(Value::Object(discriminator)) = object.get_mut("discriminator") {
                    if discriminator.remove("defaultMapping").is_some() {
                        let message = "`discriminator.defaultMapping` is not honoured: an object whose discriminator value is missing or \
                                       unknown is kept as JSON in the union's catch-all variant"
                            .to_owned();
                        self.warn(&at.push("discriminator").push("defaultMapping"), message);
                    }
                }
                if object.get("type").and_then(Value::as_str) == Some("oauth2") {
                    if let Some(Value::Object(flows)) = object.get_mut("flows") {
                        flows.remove("deviceAuthorization");
                    }
                    object.remove("oauth2MetadataUrl");
                }
                // Examples, defaults and enum values are data (but `default` under `responses` is a response).
                for (key, child) in object.iter_mut() {
                    let data =
                        matches!(key.as_str(), "example" | "examples" | "enum" | "const") || (key == "default" && parent != "responses");
                    if !data {
                        self.walk(child, &at.push(key), key);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, &at.push(index.to_string()), parent);
                }
                items.retain(|item| item.get(DROP).is_none());
            }
            _ => {}
        }
    }

    /// A content entry that is a `$ref` to `components/mediaTypes`: a copy of its target.
    fn inline_media_type(&mut self, content: &mut Map<String, Value>, at: &Pointer) {
        for (media, entry) in content.iter_mut() {
            let Some(reference) = entry.get("$ref").and_then(Value::as_str) else { continue };
            let Some(key) = reference.strip_prefix("#/components/mediaTypes/") else { continue };
            let key = crate::diag::unescape(key);
            // A chain of `$ref`s between media type components, followed a bounded number of times.
            let mut target = self.media_types.and_then(|m| m.get(&key)).cloned();
            let mut from = Pointer::root().push("components").push("mediaTypes").push(&key);
            for _ in 0..16 {
                let next = target
                    .as_ref()
                    .and_then(|t| t.get("$ref"))
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/mediaTypes/"));
                let Some(next) = next.map(crate::diag::unescape) else { break };
                from = Pointer::root().push("components").push("mediaTypes").push(&next);
                target = self.media_types.and_then(|m| m.get(&next)).cloned();
            }
            if let Some(target) = target {
                *entry = target;
                self.origins.push(Origin { copy: at.push(media), file: self.file.to_owned(), pointer: from });
            }
        }
    }

    /// `in: querystring` as an exploded `form` query object; `style: cookie` as `form`.
    fn parameter(&mut self, param: &mut Map<String, Value>, at: &Pointer) {
        match param.get("in").and_then(Value::as_str) {
            Some("querystring") => {
                let content = param.remove("content");
                let form = content
                    .as_ref()
                    .and_then(Value::as_object)
                    .and_then(|c| c.iter().find(|(media, _)| super::essence(media) == "application/x-www-form-urlencoded"));
                match form.and_then(|(media, entry)| entry.get("schema").map(|schema| (media.clone(), schema.clone()))) {
                    Some((media, schema)) => {
                        param.insert("in".to_owned(), Value::String("query".to_owned()));
                        param.insert("style".to_owned(), Value::String("form".to_owned()));
                        param.insert("explode".to_owned(), Value::Bool(true));
                        param.insert("schema".to_owned(), schema);
                        self.origins.push(Origin {
                            copy: at.push("schema"),
                            file: self.file.to_owned(),
                            pointer: at.push("content").push(&media).push("schema"),
                        });
                    }
                    None => {
                        let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                        self.warn(
                            at,
                            format!(
                                "`in: querystring` parameter `{name}` is left out and not sent: only an \
                                 `application/x-www-form-urlencoded` query string is written"
                            ),
                        );
                        // Left out of the list it stands in, once the list has been walked.
                        param.insert(DROP.to_owned(), Value::Bool(true));
                    }
                }
            }
            Some("cookie") if param.get("style").and_then(Value::as_str) == Some("cookie") => {
                param.insert("style".to_owned(), Value::String("form".to_owned()));
                let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                self.warn(
                    &at.push("style"),
                    format!("`style: cookie` for cookie `{name}` is written as `form`: values are percent-encoded, which `cookie` style does not do"),
                );
            }
            _ => {}
        }
    }

    /// `itemSchema` as the schema of a sequential media type's items.
    fn item_schema(&mut self, media: &mut Map<String, Value>, at: &Pointer) {
        for key in ["prefixEncoding", "itemEncoding"] {
            if media.remove(key).is_some() {
                self.warn(&at.push(key), format!("`{key}` is not honoured: the parts of a sequential multipart body are not typed"));
            }
        }
        let Some(item) = media.remove("itemSchema") else { return };
        let media_type = at.as_str().rsplit('/').next().map(crate::diag::unescape).unwrap_or_default();
        let essence = super::essence(&media_type);
        if media.contains_key("schema") || !SEQUENTIAL.contains(&essence.as_str()) {
            self.warn(
                &at.push("itemSchema"),
                format!("`itemSchema` of `{media_type}` is not used: the body is read with its `schema` (items are typed for event streams and JSON lines)"),
            );
            return;
        }
        let (schema, from) = if essence == "text/event-stream" {
            // The item is the event: its `data` carries the value, as JSON when `contentSchema` says so.
            let data = item.pointer("/properties/data");
            match data.and_then(|d| d.get("contentSchema")) {
                Some(content) => (content.clone(), at.push("itemSchema").push("properties").push("data").push("contentSchema")),
                None => (Value::Object(Map::from_iter([("type".to_owned(), Value::String("string".to_owned()))])), at.push("itemSchema")),
            }
        } else {
            (item, at.push("itemSchema"))
        };
        media.insert("schema".to_owned(), schema);
        self.origins.push(Origin { copy: at.push("schema"), file: self.file.to_owned(), pointer: from });
    }
}

/// The operations of methods `openapiv3` does not read: each path item's `query` and its
/// `additionalOperations`, in path order.
pub fn operations(document: &Value, file: &str) -> Result<Vec<ExtraOperation>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return Ok(out) };
    for (path, item) in paths {
        let item_at = Pointer::root().push("paths").push(path);
        let mut found: Vec<(String, Pointer, &Value)> = Vec::new();
        if let Some(query) = item.get("query") {
            found.push(("QUERY".to_owned(), item_at.push("query"), query));
        }
        if let Some(Value::Object(additional)) = item.get("additionalOperations") {
            for (method, operation) in additional {
                let operation_at = item_at.push("additionalOperations").push(method);
                let standard = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];
                if standard.contains(&method.to_ascii_lowercase().as_str()) {
                    errors.push(
                        Diagnostic::error(
                            file,
                            &operation_at,
                            format!("`{method}` must not be in `additionalOperations`: it has its own field"),
                        )
                        .with_help(format!("move the operation to `{}`", method.to_ascii_lowercase())),
                    );
                    continue;
                }
                if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
                    errors.push(
                        Diagnostic::error(file, &operation_at, format!("`{method}` is not an HTTP method name"))
                            .with_help("an HTTP method is one token: letters, digits and `!#$%&'*+-.^_`|~`"),
                    );
                    continue;
                }
                found.push((method.clone(), operation_at, operation));
            }
        }
        for (method, pointer, value) in found {
            // 3.2 lets an operation leave out `responses`, as 3.1 does.
            let mut value = value.clone();
            if let Value::Object(operation) = &mut value {
                operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
            }
            match serde_path_to_error::deserialize::<_, openapiv3::Operation>(&value) {
                Ok(operation) => out.push(ExtraOperation { path: path.clone(), method, pointer, operation }),
                Err(err) => {
                    let at = super::path_to_pointer(&pointer, err.path());
                    errors.push(
                        Diagnostic::error(file, &at, format!("not a valid OpenAPI 3.2 operation here: {}", err.into_inner()))
                            .with_help("compare this part with the OpenAPI 3.2 specification"),
                    );
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
