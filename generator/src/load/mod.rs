//! Stage 1, `load`: the only reader of spec files. Path in, parsed document out.
//!
//! The text is parsed as YAML (a superset of JSON) into a plain tree first, so syntax errors keep their
//! line and column and map keys that YAML reads as numbers (`200:`) become the strings OpenAPI means.
//! The tree is then read into `openapiv3` types; an error there names the JSON pointer it happened at.
//! A `.json` file is read by serde_json instead when that gives the very same tree, because it is many
//! times faster on large specs; anything else falls back to the YAML path and its diagnostics.

pub mod bundle;
pub(crate) mod v20;
pub(crate) mod v31;
pub mod v32;

use crate::diag::{Diagnostic, Diagnostics, Pointer};
use std::path::Path;

/// A spec file, read and parsed.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file as the user named it; every diagnostic names it so.
    pub file: String,
    /// The document as a plain JSON tree, for the few facts `openapiv3` does not keep (`not`, sibling keywords).
    pub raw: serde_json::Value,
    /// The typed document.
    pub doc: openapiv3::OpenAPI,
    /// The components copied in from nested or external `$ref`s, the files read for them, and (for
    /// a Swagger 2.0 spec) where each converted object was in the document as written.
    pub bundled: bundle::Bundled,
    /// OpenAPI 3.2's `query` operations and `additionalOperations`, which `doc` has no place for.
    pub extra_operations: Vec<v32::ExtraOperation>,
    /// Findings about constructs read with a fallback (a Swagger 2.0 `collectionFormat` with no
    /// OpenAPI 3 style, say), pointing into the document as written.
    pub warnings: Diagnostics,
}

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<Loaded, Diagnostics> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| Diagnostic {
        severity: crate::diag::Severity::Error,
        file: file.clone(),
        pointer: None,
        line_column: None,
        message: format!("cannot read the spec: {err}"),
        help: Some("check the path and that the file is UTF-8 text".to_owned()),
    })?;
    parse_at(&file, &text, Some(path))
}

/// Parses spec text; `file` is only used to name it in diagnostics. A `$ref` to another file is an
/// error here, as there is no directory to read it from; [`load`] reads those.
pub fn parse(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    parse_at(file, text, None)
}

/// Parses spec text read from `path` (if any), against which `$ref`s to other files are resolved.
fn parse_at(file: &str, text: &str, path: Option<&Path>) -> Result<Loaded, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_json = file.ends_with(".json");
    let mut raw = match is_json.then(|| parse_json(text)).flatten() {
        Some(raw) => raw,
        None => {
            if is_json {
                // YAML accepts what JSON does not (trailing commas, comments); a `.json` file must be JSON.
                if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
                    return Err(Diagnostics::from(Diagnostic {
                        severity: crate::diag::Severity::Error,
                        file: file.to_owned(),
                        pointer: None,
                        line_column: Some((err.line(), err.column())),
                        message: format!("the spec is not valid JSON: {}", json_message(&err)),
                        help: Some("fix the syntax at the line and column shown".to_owned()),
                    }));
                }
            }
            parse_yaml(file, text)?
        }
    };
    let version = check_header(file, &raw)?;
    let mut warnings = Diagnostics::default();
    let bundled = if version == Version::V20 {
        let mut converted = v20::prepare(&mut raw, file);
        let mut bundled = bundle::bundle(&mut raw, file, path)?;
        v20::convert(&mut raw, &mut converted);
        // Copies are looked up first; then the moves, the most specific first.
        converted.origins.sort_by_key(|origin| std::cmp::Reverse(origin.copy.as_str().len()));
        bundled.origins.extend(converted.origins);
        converted.warnings.into_iter().for_each(|warning| warnings.push(warning));
        bundled
    } else if version == Version::V32 {
        let (origins, found) = v32::normalise(&mut raw, file);
        found.into_iter().for_each(|warning| warnings.push(warning));
        let mut bundled = bundle::bundle(&mut raw, file, path)?;
        bundled.origins.extend(origins);
        bundled
    } else {
        bundle::bundle(&mut raw, file, path)?
    };
    if matches!(version, Version::V31 | Version::V32) {
        v31::normalise(&mut raw);
    }
    empty_callback_refs(&mut raw);
    let extra_operations = if version == Version::V32 {
        v32::operations(&raw, file).map_err(|errors| {
            let mut diagnostics = Diagnostics::default();
            for mut error in errors {
                bundled.translate(&mut error);
                diagnostics.push(error);
            }
            diagnostics
        })?
    } else {
        Vec::new()
    };
    let (what, help) = match version {
        Version::V20 => ("not a valid Swagger 2.0 document here", "compare this part with the Swagger 2.0 specification"),
        Version::V30 | Version::V31 => ("not a valid OpenAPI 3.0 document here", "compare this part with the OpenAPI 3.0.3 specification"),
        Version::V32 => ("not a valid OpenAPI 3.2 document here", "compare this part with the OpenAPI 3.2 specification"),
    };
    // Tracking the path costs as much again as reading the tree, so it is only done to locate an
    // error once a plain read has failed.
    if let Ok(doc) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&raw) {
        return Ok(Loaded { file: file.to_owned(), raw, doc, bundled, extra_operations, warnings });
    }
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|err| {
        let pointer = path_to_pointer(&Pointer::root(), err.path());
        let message = err.into_inner().to_string();
        let mut diagnostic = Diagnostic::error(file, &pointer, format!("{what}: {message}")).with_help(help);
        bundled.translate(&mut diagnostic);
        Diagnostics::from(diagnostic)
    })?;
    Ok(Loaded { file: file.to_owned(), raw, doc, bundled, extra_operations, warnings })
}

/// A callback given by `$ref` becomes an empty callback: `openapiv3` reads callbacks only inline, and
/// a client generates none (`lower` warns about every operation that has callbacks).
fn empty_callback_refs(raw: &mut serde_json::Value) {
    let Some(paths) = raw.get_mut("paths").and_then(serde_json::Value::as_object_mut) else { return };
    for item in paths.values_mut().filter_map(serde_json::Value::as_object_mut) {
        let mut operations: Vec<&mut serde_json::Value> = Vec::new();
        for (key, value) in item.iter_mut() {
            if key == "additionalOperations" {
                operations.extend(value.as_object_mut().into_iter().flat_map(|more| more.values_mut()));
            } else if !matches!(key.as_str(), "parameters" | "servers" | "summary" | "description" | "$ref") {
                operations.push(value);
            }
        }
        for operation in operations {
            let callbacks = operation.get_mut("callbacks").and_then(serde_json::Value::as_object_mut);
            for callback in callbacks.into_iter().flat_map(|callbacks| callbacks.values_mut()) {
                if callback.get("$ref").is_some() {
                    *callback = serde_json::Value::Object(serde_json::Map::new());
                }
            }
        }
    }
}

/// A media type without its parameters, lower case: `application/json; charset=utf-8` is
/// `application/json`.
pub(crate) fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase()
}

/// serde_json's message without the " at line L column C" it appends.
fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

/// Parses YAML (or JSON, which YAML contains) into a JSON tree with serde-saphyr, which reads what real
/// specs hold: byte-order marks, surrogate-pair escapes, numbers beyond 64 bits, merge keys; and refuses
/// duplicate keys. YAML 1.1 spellings (`y`, `on`, `0755`) stay strings, as YAML 1.2 and JSON say; the size
/// limits are raised far enough for the largest public specs.
fn parse_yaml(file: &str, text: &str) -> Result<serde_json::Value, Diagnostics> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        null_as_string: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        budget: serde_saphyr::budget! { max_nodes: 20_000_000, max_events: 40_000_000, max_depth: 1_000 },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        let message = err.to_string();
        // The message may repeat the location and quote the source; the first line is the finding.
        let message = message.lines().next().unwrap_or_default();
        let message = match message.find(" at line ") {
            Some(index) => &message[..index],
            None => message,
        };
        let message = message.strip_prefix("error: ").unwrap_or(message);
        // "line 12 column 16: unclosed bracket" — the location is printed on its own line.
        let message = match message.split_once(": ") {
            Some((location, rest)) if location.starts_with("line ") && location.contains(" column ") => rest,
            _ => message,
        };
        let message = message.split(", set DuplicateKeyPolicy").next().unwrap_or(message);
        Diagnostics::from(Diagnostic {
            severity: crate::diag::Severity::Error,
            file: file.to_owned(),
            pointer: None,
            line_column: err.location().map(|l| (l.line() as usize, l.column() as usize)),
            message: format!("the spec is not valid YAML or JSON: {message}"),
            help: Some("fix the syntax at the line and column shown".to_owned()),
        })
    })
}

/// The fast path for `.json` specs: serde_json builds the tree several times faster than serde-saphyr.
/// The tree must be exactly the one `parse_yaml` would build, so this gives up (`None`) wherever the two
/// could differ or a diagnostic is due — duplicate keys (serde_json's own `Value` keeps the last), lone
/// surrogates, nesting past serde_json's limit of 128, syntax errors — and the YAML path, which owns every
/// message, takes over. Floats agree only because serde_json's `float_roundtrip` feature (see Cargo.toml)
/// rounds correctly, as serde-saphyr's `str::parse` does; without it long literals can land one bit off.
fn parse_json(text: &str) -> Option<serde_json::Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(StrictJson, &mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// Builds a `serde_json::Value` like its own `Deserialize`, but fails on a duplicate key or a value
/// serde-saphyr reads differently.
#[derive(Clone, Copy)]
struct StrictJson;

impl<'de> serde::de::DeserializeSeed<'de> for StrictJson {
    type Value = serde_json::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for StrictJson {
    type Value = serde_json::Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Number(value.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        // serde_json reads `-0` as the float -0.0 where serde-saphyr reads the integer 0, and `-0` cannot
        // be told from `-0.0` here; negative zero is rare enough to leave to the YAML path.
        if value == 0.0 && value.is_sign_negative() {
            return Err(E::custom("negative zero"));
        }
        serde_json::Number::from_f64(value).map(serde_json::Value::Number).ok_or_else(|| E::custom("not finite"))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(serde_json::Value::String(value.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(serde_json::Value::String(value))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match object.entry(key) {
                serde_json::map::Entry::Occupied(_) => return Err(serde::de::Error::custom("duplicate key")),
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(self)?);
                }
            }
        }
        Ok(serde_json::Value::Object(object))
    }
}

/// The OpenAPI versions apigen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V20,
    V30,
    V31,
    V32,
}

/// Checks what every OpenAPI document starts with, so the common mistakes get a plain message.
fn check_header(file: &str, raw: &serde_json::Value) -> Result<Version, Diagnostics> {
    let root = Pointer::root();
    let Some(object) = raw.as_object() else {
        return Err(Diagnostic::error(file, &root, "the document is not a mapping")
            .with_help("an OpenAPI document starts with `openapi: 3.0.3`, `info` and `paths`")
            .into());
    };
    let mut diagnostics = Diagnostics::default();
    let mut version = Version::V30;
    match object.get("openapi") {
        None => match object.get("swagger") {
            Some(serde_json::Value::String(text)) if text == "2.0" => version = Version::V20,
            // `swagger: 2.0` unquoted is a number to YAML; what it means is not in doubt.
            Some(serde_json::Value::Number(number)) if number.as_f64() == Some(2.0) => version = Version::V20,
            Some(other) => {
                let shown = other.as_str().map(str::to_owned).unwrap_or_else(|| other.to_string());
                diagnostics.push(
                    Diagnostic::error(file, &root.push("swagger"), format!("Swagger version `{shown}` is not supported"))
                        .with_help("apigen reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2"),
                )
            }
            None => diagnostics
                .push(Diagnostic::error(file, &root, "the document has no `openapi` version").with_help("add `openapi: 3.0.3` at the top")),
        },
        Some(serde_json::Value::String(text)) if text.starts_with("3.0.") => {}
        Some(serde_json::Value::String(text)) if text.starts_with("3.1.") => version = Version::V31,
        Some(serde_json::Value::String(text)) if text.starts_with("3.2.") => version = Version::V32,
        Some(serde_json::Value::Number(number)) => diagnostics.push(
            Diagnostic::error(
                file,
                &root.push("openapi"),
                format!("`openapi` must be a version string, but YAML read `{number}` as a number"),
            )
            .with_help("quote the full version: `openapi: \"3.0.3\"`"),
        ),
        Some(version) => {
            let shown = version.as_str().map(str::to_owned).unwrap_or_else(|| version.to_string());
            diagnostics.push(
                Diagnostic::error(file, &root.push("openapi"), format!("OpenAPI version `{shown}` is not supported"))
                    .with_help("apigen reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x documents"),
            )
        }
    }
    match object.get("info") {
        None => diagnostics
            .push(Diagnostic::error(file, &root, "the document has no `info`").with_help("add `info: { title: My API, version: 1.0.0 }`")),
        Some(info) => {
            for field in ["title", "version"] {
                if !info.get(field).is_some_and(serde_json::Value::is_string) {
                    diagnostics.push(
                        Diagnostic::error(file, &root.push("info"), format!("`info.{field}` is missing or not a string"))
                            .with_help(format!("add `{field}: ...` to `info`")),
                    );
                }
            }
        }
    }
    if !object.contains_key("paths") && matches!(version, Version::V20 | Version::V30) {
        diagnostics
            .push(Diagnostic::error(file, &root, "the document has no `paths`").with_help("add `paths: {}` if it has no operations"));
    }
    if diagnostics.is_empty() {
        Ok(version)
    } else {
        Err(diagnostics)
    }
}

/// The pointer, below `base`, of where `serde_path_to_error` stopped.
pub(crate) fn path_to_pointer(base: &Pointer, path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut pointer = base.clone();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index.to_string()),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        };
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree the YAML path builds, or its diagnostic.
    fn yaml(text: &str) -> Result<serde_json::Value, String> {
        parse_yaml("spec.json", text).map_err(|diagnostics| diagnostics.to_string())
    }

    #[test]
    fn the_json_fast_path_builds_the_yaml_paths_tree() {
        let documents = [
            r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {}}}}"#,
            r#"{"nested": {"a": [1, [2, [3, {}]], [], {"b": null}], "c": {"d": {"e": true, "f": false}}}}"#,
            r#"{"escapes": "\u00e9\u4e2d\ud83d\ude00 \" \\ \/ \b \f \n \r \t", "raw": "é中😀", "": "empty key"}"#,
            r##"{"strings": ["null", "true", "1", "1.0", "0755", "1_000", "y", "on", "~", "<<", "- a", "#c", "a: b"]}"##,
            "{\"<<\": {\"a\": 1}, \"b\": 2, \"separators\": \"a\u{2028}b\u{2029}c\u{85}d\u{feff}e\"}",
            r#"{"integers": [0, 1, -1, 42, 9007199254740993, 9223372036854775807, -9223372036854775808,
                18446744073709551615, 18446744073709551616, -9223372036854775809, 99999999999999999999]}"#,
            r#"{"floats": [0.0, 1.0, -1.5, 0.1, 0.30000000000000004, 3.141592653589793, 1e300, 1E-300, 1e+5,
                2.5e-324, 1e-400, 1.7976931348623157e308, 2.2250738585072011e-308, 123456789012345678901234567890.5,
                0.1000000000000000055511151231257827, 9007199254740993.0, 1.00000000000000011102230246251565404236316680908203125]}"#,
            "\t[1,\n\t\t{\"tab indented\": true}\r\n]\n",
            r#""just a string""#,
            "null",
            "12",
        ];
        for document in documents {
            let expected = yaml(document).unwrap_or_else(|err| panic!("{document}: {err}"));
            let fast = parse_json(document).unwrap_or_else(|| panic!("{document}: the fast path gave up"));
            // `==` on numbers says 0.0 == -0.0 and says nothing of the float kept; the text shows both.
            assert_eq!(fast.to_string(), expected.to_string(), "{document}");
            assert_eq!(fast, expected, "{document}");
        }
    }

    #[test]
    fn the_json_fast_path_gives_up_where_the_trees_could_differ() {
        let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let documents = [
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": {"b": [{"c": 1, "c": 1}]}}"#,
            r#"{"a": 1, "\u0061": 2}"#,
            r#"{"zero": -0}"#,
            r#"{"zero": -0.0}"#,
            r#"{"lone": "\ud800"}"#,
            r#"{"big": 1e999}"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} {"b": 2}"#,
            "",
            nested.as_str(),
        ];
        for document in documents {
            assert_eq!(parse_json(document), None, "{document}");
        }
    }

    #[test]
    fn a_duplicate_key_in_a_json_spec_keeps_its_yaml_diagnostic() {
        let text = r#"{
  "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
  "paths": {"/a": {"get": {}, "get": {}}}
}"#;
        let Err(diagnostics) = parse("spec.json", text) else { panic!("a duplicate key was accepted") };
        // The path before the fast path: serde_json's syntax check passes, serde-saphyr refuses the key.
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok());
        assert_eq!(Err(diagnostics.to_string()), yaml(text));
        assert_eq!(
            diagnostics.to_string(),
            "error: the spec is not valid YAML or JSON: duplicate mapping key: get\n  --> spec.json:3:31\n   \
             = help: fix the syntax at the line and column shown\n"
        );
    }

    #[test]
    fn a_json_spec_reads_the_same_as_its_yaml_twin() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "number", "minimum": -1.5, "maximum": 1e300, "multipleOf": 0.01, "default": 99999999999999999999
            }}}}}}}}}"#;
        let (Ok(json), Ok(yaml)) = (parse("spec.json", text), parse("spec.yaml", text)) else { panic!("did not parse") };
        assert_eq!(json.raw.to_string(), yaml.raw.to_string());
        assert_eq!(format!("{:?}", json.doc), format!("{:?}", yaml.doc));
    }
}
