//! `$ref`s that are not plain `#/components/<section>/<key>`: a pointer into the middle of something
//! (`#/components/schemas/Disk/properties/filesystem`, `.../allOf/0`, `$defs`), or another file
//! (`./common.yaml#/components/schemas/Error`). Each target is copied into `components` under a key
//! of its own, once, and the `$ref` rewritten to point there, so the rest of the pipeline sees one
//! document. Refs inside an external file are resolved against that file; a loop of refs ends at
//! the copy already made. What was copied from where is kept, so diagnostics inside a copy point at
//! the place the user wrote.

use crate::diag::{Diagnostic, Diagnostics, Pointer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where a copied component came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The copy: `/components/schemas/<key>`.
    pub copy: Pointer,
    /// The file it was copied from, as diagnostics name it.
    pub file: String,
    /// Its pointer in that file.
    pub pointer: Pointer,
}

/// What bundling did: the copies made and every file read besides the spec itself.
#[derive(Debug, Clone, Default)]
pub struct Bundled {
    /// Copies and where they came from.
    pub origins: Vec<Origin>,
    /// External files read, in the order first read.
    pub files: Vec<PathBuf>,
}

impl Bundled {
    /// Points a diagnostic inside a copy at the place it was copied from.
    pub fn translate(&self, diagnostic: &mut Diagnostic) {
        let Some(pointer) = &diagnostic.pointer else { return };
        let text = pointer.as_str();
        for origin in &self.origins {
            let copy = origin.copy.as_str();
            if text == copy || text.strip_prefix(copy).is_some_and(|rest| rest.starts_with('/')) {
                let rest = &text[copy.len()..];
                diagnostic.file = origin.file.clone();
                diagnostic.pointer = Some(Pointer::from_escaped(&format!("{}{rest}", origin.pointer.as_str())));
                return;
            }
        }
    }
}

/// Keys whose values are data, not OpenAPI objects.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value")
}

/// True when some `$ref` is not a plain `#/components/<section>/<key>` of this document.
fn needs_bundling(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            let unusual = map.get("$ref").and_then(Value::as_str).is_some_and(|reference| {
                let Some(rest) = reference.strip_prefix("#/components/") else { return true };
                rest.split('/').count() != 2 || rest.contains('%')
            });
            unusual || map.iter().any(|(key, child)| (!is_data(key) || key == "default") && needs_bundling(child))
        }
        Value::Array(items) => items.iter().any(needs_bundling),
        _ => false,
    }
}

/// The section of `components` a `$ref` at `at` belongs in, from where it stands.
fn section_of(at: &[String]) -> Option<&'static str> {
    let last = at.last().map(String::as_str);
    let parent = at.len().checked_sub(2).and_then(|i| at.get(i)).map(String::as_str);
    match (parent, last) {
        (_, Some("schema" | "items" | "not" | "additionalProperties")) => Some("schemas"),
        (Some("properties" | "allOf" | "oneOf" | "anyOf" | "$defs" | "patternProperties" | "schemas" | "prefixItems"), _) => {
            Some("schemas")
        }
        (Some("parameters"), _) => Some("parameters"),
        (Some("responses"), _) => Some("responses"),
        (_, Some("requestBody")) | (Some("requestBodies"), _) => Some("requestBodies"),
        (Some("headers"), _) => Some("headers"),
        (Some("examples"), _) => Some("examples"),
        (Some("securitySchemes"), _) => Some("securitySchemes"),
        _ => None,
    }
}

/// Escapes one JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Decodes a `$ref`'s fragment (percent-encoding, then pointer tokens) into tokens.
fn fragment_tokens(fragment: &str) -> Option<Vec<String>> {
    let decoded = percent_decode(fragment)?;
    let rest = decoded.strip_prefix('/').unwrap_or(&decoded);
    if decoded.is_empty() {
        return Some(Vec::new());
    }
    if !decoded.starts_with('/') {
        return None;
    }
    Some(rest.split('/').map(crate::diag::unescape).collect())
}

fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn get<'v>(value: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(value, |node, token| match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

struct Bundler<'a> {
    /// The spec's own file, as diagnostics name it, and where it is.
    file: &'a str,
    base: Option<&'a Path>,
    /// External documents read, by path; shared, as every `$ref` into one reads from it.
    documents: BTreeMap<PathBuf, Rc<Value>>,
    /// (file, pointer) -> the component key of its copy.
    copies: BTreeMap<(String, String), (String, String)>,
    /// New components, by section.
    new: BTreeMap<&'static str, Map<String, Value>>,
    /// Keys taken in each section (existing and new).
    taken: BTreeMap<&'static str, std::collections::BTreeSet<String>>,
    bundled: Bundled,
    diags: Diagnostics,
}

/// Rewrites every `$ref` of `root` that is not a plain component reference. `base` is the spec's
/// path, against which relative files are read; without one, a reference to another file is an error.
pub fn bundle(root: &mut Value, file: &str, base: Option<&Path>) -> Result<Bundled, Diagnostics> {
    let mut taken: BTreeMap<&'static str, std::collections::BTreeSet<String>> = BTreeMap::new();
    for section in ["schemas", "parameters", "responses", "requestBodies", "headers", "examples", "securitySchemes"] {
        let keys = root.get("components").and_then(|c| c.get(section)).and_then(Value::as_object);
        taken.insert(section, keys.map(|k| k.keys().cloned().collect()).unwrap_or_default());
    }
    let mut bundler = Bundler {
        file,
        base,
        documents: BTreeMap::new(),
        copies: BTreeMap::new(),
        new: BTreeMap::new(),
        taken,
        bundled: Bundled::default(),
        diags: Diagnostics::default(),
    };
    let path_item_refs =
        root.get("paths").and_then(Value::as_object).is_some_and(|paths| paths.values().any(|item| item.get("$ref").is_some()));
    if !path_item_refs && !needs_bundling(root) {
        return Ok(bundler.bundled);
    }
    // Targets are read from the document as it was, while the refs are rewritten in place.
    let snapshot = Rc::new(root.clone());
    let mut at = Vec::new();
    bundler.walk(root, &mut at, None, &snapshot);
    if bundler.diags.has_errors() {
        return Err(bundler.diags);
    }
    if !bundler.new.is_empty() {
        let Some(object) = root.as_object_mut() else { return Ok(bundler.bundled) };
        let components = object.entry("components").or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            for (section, entries) in std::mem::take(&mut bundler.new) {
                let target = components.entry(section).or_insert_with(|| Value::Object(Map::new()));
                if let Some(target) = target.as_object_mut() {
                    target.extend(entries);
                }
            }
        }
    }
    Ok(bundler.bundled)
}

impl Bundler<'_> {
    /// Visits `node` (at `at` in the document `source`: `None` for the spec itself), rewriting refs.
    fn walk(&mut self, node: &mut Value, at: &mut Vec<String>, source: Option<&Path>, document: &Rc<Value>) {
        match node {
            Value::Object(map) => {
                // A path item given by `$ref` (there is no `components` section for path items in
                // 3.0): its target, copied in place and walked where it came from.
                if source.is_none() && at.len() == 2 && at[0] == "paths" {
                    if let Some(Value::String(reference)) = map.get("$ref").cloned() {
                        if let Some((target_path, target_doc, tokens, mut target)) = self.resolve(&reference, at, source, document) {
                            let (file_key, pointer_text) = self.target_key(target_path.as_deref(), &tokens);
                            self.bundled.origins.push(Origin {
                                copy: Self::pointer_of(at),
                                file: file_key,
                                pointer: Pointer::from_escaped(&pointer_text),
                            });
                            let mut copy_at = tokens.clone();
                            self.walk(&mut target, &mut copy_at, target_path.as_deref(), &target_doc);
                            *node = target;
                        }
                        return;
                    }
                }
                if let Some(Value::String(reference)) = map.get("$ref").cloned() {
                    if let Some(rewritten) = self.reference(&reference, at, source, document) {
                        map.insert("$ref".to_owned(), Value::String(rewritten));
                    }
                }
                // A discriminator's mapping may name schemas in other files (`dessert: ./Dessert.yaml`):
                // each such value points at the copy, made as a `$ref` in a schema's place would make it.
                if at.last().is_some_and(|last| last == "discriminator") {
                    if let Some(Value::Object(mapping)) = map.get_mut("mapping") {
                        for (value, target) in mapping.iter_mut() {
                            let Some(reference) = target.as_str().map(str::to_owned) else { continue };
                            let file = reference.split('#').next().unwrap_or_default();
                            let is_file = [".yaml", ".yml", ".json"].iter().any(|ext| file.ends_with(ext));
                            if (!is_file && !reference.starts_with("#/")) || reference.starts_with("#/components/schemas/") {
                                continue;
                            }
                            at.extend(["mapping".to_owned(), value.clone(), "schema".to_owned()]);
                            let rewritten = self.reference(&reference, at, source, document);
                            at.truncate(at.len() - 3);
                            if let Some(rewritten) = rewritten {
                                *target = Value::String(rewritten);
                            }
                        }
                    }
                }
                let in_responses = at.last().is_some_and(|last| last == "responses");
                for (key, child) in map.iter_mut() {
                    // Examples, defaults and enum values are data: a `$ref` key in them means nothing
                    // (but `default` under `responses` is a response).
                    if is_data(key) && !(in_responses && key == "default") {
                        continue;
                    }
                    at.push(key.clone());
                    self.walk(child, at, source, document);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    at.push(index.to_string());
                    self.walk(child, at, source, document);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    /// The file a target is in, as diagnostics name it, and its escaped pointer there.
    fn target_key(&self, target_path: Option<&Path>, tokens: &[String]) -> (String, String) {
        (self.file_name(target_path), tokens.iter().map(|t| format!("/{}", escape(t))).collect())
    }

    fn pointer_of(at: &[String]) -> Pointer {
        at.iter().fold(Pointer::root(), |pointer, token| pointer.push(token))
    }

    fn file_name(&self, source: Option<&Path>) -> String {
        source.map_or_else(|| self.file.to_owned(), |path| path.display().to_string())
    }

    fn error(&mut self, source: Option<&Path>, at: &[String], message: String, help: &str) {
        let file = self.file_name(source);
        self.diags.push(Diagnostic::error(&file, &Self::pointer_of(at).push("$ref"), message).with_help(help));
    }

    /// What a `$ref` points to: the file it is in (`None` for the spec itself), that document, the
    /// target's pointer tokens and a copy of it; `None` (with an error) when it cannot be read.
    #[allow(clippy::type_complexity)]
    fn resolve(
        &mut self,
        reference: &str,
        at: &[String],
        source: Option<&Path>,
        document: &Rc<Value>,
    ) -> Option<(Option<PathBuf>, Rc<Value>, Vec<String>, Value)> {
        let (path_part, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        if path_part.starts_with("http://") || path_part.starts_with("https://") {
            self.error(
                source,
                at,
                format!("`$ref: {reference}` points to the network; apigen reads only files on disk"),
                "download the document next to the spec and refer to it by a relative path",
            );
            return None;
        }
        let Some(tokens) = fragment_tokens(fragment) else {
            self.error(source, at, format!("`$ref: {reference}` is not a JSON pointer"), "write the fragment as `#/path/to/target`");
            return None;
        };
        let (target_path, target_doc) = self.document_of(reference, path_part, at, source, document)?;
        let Some(target) = get(&target_doc, &tokens).cloned() else {
            self.error(
                source,
                at,
                format!("`$ref: {reference}` does not resolve: nothing is at that pointer"),
                "point the `$ref` at an existing place",
            );
            return None;
        };
        Some((target_path, target_doc, tokens, target))
    }

    /// The document a `$ref`'s file part names (the current one when it is empty), and its path.
    fn document_of(
        &mut self,
        reference: &str,
        path_part: &str,
        at: &[String],
        source: Option<&Path>,
        document: &Rc<Value>,
    ) -> Option<(Option<PathBuf>, Rc<Value>)> {
        if path_part.is_empty() {
            return Some((source.map(Path::to_path_buf), Rc::clone(document)));
        }
        let dir = match source.or(self.base) {
            Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
            None => {
                self.error(
                    source,
                    at,
                    format!("`$ref: {reference}` points to another file, which cannot be read for a spec given as text"),
                    "bundle the spec into one document, or load it from a file",
                );
                return None;
            }
        };
        let path = dir.join(percent_decode(path_part).unwrap_or_else(|| path_part.to_owned()));
        match self.read(&path) {
            Ok(doc) => Some((Some(path), doc)),
            Err(message) => {
                self.error(
                    source,
                    at,
                    format!("`$ref: {reference}`: {message}"),
                    "check the path, relative to the file that has the `$ref`",
                );
                None
            }
        }
    }

    /// The rewritten `$ref`, or `None` to leave it as it is.
    fn reference(&mut self, reference: &str, at: &[String], source: Option<&Path>, document: &Rc<Value>) -> Option<String> {
        let (path_part, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        let external = !path_part.is_empty();
        // A plain component reference in the spec itself stays as it is.
        let guess = fragment_tokens(fragment).unwrap_or_default();
        if !external && source.is_none() && guess.len() == 3 && guess[0] == "components" {
            return None;
        }
        let section = match (guess.as_slice(), section_of(at)) {
            ([components, section, _], _) if components == "components" => match section.as_str() {
                "schemas" => "schemas",
                "parameters" => "parameters",
                "responses" => "responses",
                "requestBodies" => "requestBodies",
                "headers" => "headers",
                "examples" => "examples",
                "securitySchemes" => "securitySchemes",
                _ => section_of(at)?,
            },
            (_, Some(section)) => section,
            (_, None) => return None,
        };
        let (target_path, target_doc, tokens, target) = self.resolve(reference, at, source, document)?;
        let (file_key, pointer_text) = self.target_key(target_path.as_deref(), &tokens);
        if let Some((_, key)) = self.copies.get(&(file_key.clone(), pointer_text.clone())) {
            return Some(format!("#/components/{section}/{}", escape(key)));
        }
        // A target in an external file that is a plain component of that file keeps its key.
        let wanted = match tokens.as_slice() {
            [components, _, key] if components == "components" => key.clone(),
            [] => target_path
                .as_ref()
                .and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Document".to_owned()),
            _ => tokens
                .iter()
                .filter(|t| {
                    !matches!(
                        t.as_str(),
                        "components"
                            | "schemas"
                            | "properties"
                            | "items"
                            | "$defs"
                            | "definitions"
                            | "parameters"
                            | "responses"
                            | "content"
                            | "schema"
                    )
                })
                .cloned()
                .collect::<Vec<_>>()
                .join("_"),
        };
        let taken = self.taken.entry(section).or_default();
        let key =
            std::iter::once(wanted.clone()).chain((2..).map(|n| format!("{wanted}{n}"))).find(|k| !taken.contains(k)).unwrap_or(wanted);
        taken.insert(key.clone());
        self.copies.insert((file_key.clone(), pointer_text.clone()), (section.to_owned(), key.clone()));
        self.bundled.origins.push(Origin {
            copy: Pointer::root().push("components").push(section).push(&key),
            file: file_key,
            pointer: Pointer::from_escaped(&pointer_text),
        });
        // Refs inside the copy are resolved against the document it came from.
        let mut copy = target;
        let mut copy_at = tokens.clone();
        self.walk(&mut copy, &mut copy_at, target_path.as_deref(), &target_doc);
        self.new.entry(section).or_default().insert(key.clone(), copy);
        Some(format!("#/components/{section}/{}", escape(&key)))
    }

    /// An external document, read once.
    fn read(&mut self, path: &Path) -> Result<Rc<Value>, String> {
        if let Some(doc) = self.documents.get(path) {
            return Ok(Rc::clone(doc));
        }
        let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        let name = path.display().to_string();
        let value = if name.ends_with(".json") {
            serde_json::from_str::<Value>(&text).map_err(|err| format!("{name} is not valid JSON: {err}"))?
        } else {
            super::parse_yaml(&name, &text).map_err(|diags| diags.to_string().trim().to_owned())?
        };
        let value = Rc::new(value);
        self.bundled.files.push(path.to_path_buf());
        self.documents.insert(path.to_path_buf(), Rc::clone(&value));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_pointers_are_copied_into_components_once() {
        let mut doc = json!({
            "paths": { "/a": { "get": { "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Disk/properties/file%20system" } } } } } } } },
            "components": { "schemas": {
                "Disk": { "type": "object", "properties": { "file system": { "type": "string" } } },
                "Other": { "properties": { "fs": { "$ref": "#/components/schemas/Disk/properties/file%20system" } } }
            } }
        });
        let bundled = bundle(&mut doc, "spec.yaml", None).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(doc["components"]["schemas"]["Disk_file system"], json!({ "type": "string" }));
        let reference = "#/components/schemas/Disk_file system";
        assert_eq!(doc["components"]["schemas"]["Other"]["properties"]["fs"]["$ref"], json!(reference));
        assert_eq!(bundled.origins.len(), 1);
        let mut diagnostic = Diagnostic::warning("spec.yaml", &Pointer::from_escaped("/components/schemas/Disk_file system/format"), "x");
        bundled.translate(&mut diagnostic);
        assert_eq!(
            diagnostic.pointer.map(|p| p.as_str().to_owned()).as_deref(),
            Some("/components/schemas/Disk/properties/file system/format")
        );
    }

    #[test]
    fn network_references_are_refused() {
        let mut doc = json!({ "components": { "schemas": { "A": { "$ref": "https://example.com/a.yaml#/B" } } } });
        let diagnostics = bundle(&mut doc, "spec.yaml", None).err().map(|d| d.to_string()).unwrap_or_default();
        assert!(diagnostics.contains("points to the network"), "{diagnostics}");
    }
}
