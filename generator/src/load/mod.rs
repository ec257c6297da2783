//! Stage 1, `load`: the only reader of spec files. Path in, parsed document out.
//!
//! The text is parsed as YAML (a superset of JSON) into a plain tree first, so syntax errors keep their
//! line and column and map keys that YAML reads as numbers (`200:`) become the strings OpenAPI means.
//! The tree is then read into `openapiv3` types; an error there names the JSON pointer it happened at.

mod v31;

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
    parse(&file, &text)
}

/// Parses spec text; `file` is only used to name it in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if file.ends_with(".json") {
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
    let mut raw = parse_yaml(file, text)?;
    if check_header(file, &raw)? == Version::V31 {
        v31::normalise(&mut raw);
    }
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let message = err.into_inner().to_string();
        Diagnostics::from(
            Diagnostic::error(file, &pointer, format!("not a valid OpenAPI 3.0 document here: {message}"))
                .with_help("compare this part with the OpenAPI 3.0.3 specification"),
        )
    })?;
    Ok(Loaded { file: file.to_owned(), raw, doc })
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

/// The OpenAPI versions apigen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    V31,
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
        None if object.contains_key("swagger") => diagnostics.push(
            Diagnostic::error(file, &root.push("swagger"), "this is a Swagger 2.0 document; apigen reads OpenAPI 3.0")
                .with_help("convert it to OpenAPI 3.0 first (for example with `swagger2openapi`); relabelling the version is not enough"),
        ),
        None => diagnostics.push(
            Diagnostic::error(file, &root, "the document has no `openapi` version")
                .with_help("add `openapi: 3.0.3` at the top"),
        ),
        Some(serde_json::Value::String(text)) if text.starts_with("3.0.") => {}
        Some(serde_json::Value::String(text)) if text.starts_with("3.1.") => version = Version::V31,
        Some(serde_json::Value::Number(number)) => diagnostics.push(
            Diagnostic::error(file, &root.push("openapi"), format!("`openapi` must be a version string, but YAML read `{number}` as a number"))
                .with_help("quote the full version: `openapi: \"3.0.3\"`"),
        ),
        Some(version) => {
            let shown = version.as_str().map(str::to_owned).unwrap_or_else(|| version.to_string());
            diagnostics.push(
                Diagnostic::error(file, &root.push("openapi"), format!("OpenAPI version `{shown}` is not supported"))
                    .with_help("apigen reads OpenAPI 3.0.x and 3.1.x documents; 3.2 is not supported yet"),
            )
        }
    }
    match object.get("info") {
        None => diagnostics.push(
            Diagnostic::error(file, &root, "the document has no `info`")
                .with_help("add `info: { title: My API, version: 1.0.0 }`"),
        ),
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
    if !object.contains_key("paths") && version == Version::V30 {
        diagnostics.push(
            Diagnostic::error(file, &root, "the document has no `paths`").with_help("add `paths: {}` if it has no operations"),
        );
    }
    if diagnostics.is_empty() {
        Ok(version)
    } else {
        Err(diagnostics)
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index.to_string()),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        };
    }
    pointer
}
