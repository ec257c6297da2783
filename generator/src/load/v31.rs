//! OpenAPI 3.1 documents, normalised into the 3.0 shape the rest of the pipeline reads.
//!
//! 3.1 schemas are JSON Schema 2020-12. What has a 3.0 equivalent is rewritten in place
//! (`type: [T, "null"]` becomes `type: T, nullable: true`, `const` becomes a one-value `enum`, numeric
//! `exclusiveMinimum` becomes `minimum` plus the 3.0 flag, `examples` becomes `example`, boolean schemas
//! become `{}` and `{ not: {} }`, a `null` alternative of `anyOf`/`oneOf` makes the union nullable).
//! What only documents or validates (`$schema`, `$id`, `$comment`, `contentMediaType`, `if`/`then`/`else`,
//! `dependentRequired`...) is dropped, because a client type does not depend on it. Webhooks are
//! requests the API makes, not ones a client sends, so they are dropped too. Pointers into the document
//! stay valid: nothing is moved, only rewritten in place or removed.

use serde_json::{Map, Value};

/// Keywords with no effect on the Rust types of a client.
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
    "propertyNames",
    "minContains",
    "maxContains",
    "contains",
];

/// Rewrites a 3.1 document in place.
pub fn normalise(document: &mut Value) {
    let Some(root) = document.as_object_mut() else { return };
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    let paths = root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    // 3.1 lets an operation leave out `responses`; 3.0 requires the key.
    for item in paths.as_object_mut().into_iter().flat_map(|paths| paths.values_mut()) {
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("pathItems");
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for schema in schemas.values_mut() {
                schema_in_place(schema);
            }
        }
    }
    for key in ["paths", "components"] {
        if let Some(section) = root.get_mut(key) {
            find_schemas(section);
        }
    }
}

/// Visits every `schema` value outside `components/schemas` (parameters, headers, media types).
fn find_schemas(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key == "schema" {
                    schema_in_place(child);
                } else if key != "schemas" && key != "example" && key != "examples" {
                    find_schemas(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(find_schemas),
        _ => {}
    }
}

fn schema_in_place(schema: &mut Value) {
    match schema {
        Value::Bool(true) => *schema = Value::Object(Map::new()),
        Value::Bool(false) => {
            let mut not = Map::new();
            not.insert("not".to_owned(), Value::Object(Map::new()));
            *schema = Value::Object(not);
        }
        Value::Object(object) => object_schema(object),
        _ => {}
    }
}

fn object_schema(object: &mut Map<String, Value>) {
    for key in DROPPED {
        object.remove(*key);
    }
    if let Some(Value::Array(types)) = object.get("type").cloned() {
        let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        if non_null.len() < types.len() {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
        match non_null.as_slice() {
            [only] => {
                object.insert("type".to_owned(), only.clone());
            }
            [] => {
                object.remove("type");
            }
            several => {
                // Several types are one of several schemas, each keeping the keywords that apply to it.
                object.remove("type");
                let alternatives = several.iter().map(|typ| Value::Object(one_type(object, typ))).collect();
                object.insert("oneOf".to_owned(), Value::Array(alternatives));
            }
        }
    } else if object.get("type").and_then(Value::as_str) == Some("null") {
        object.remove("type");
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    if let Some(value) = object.remove("const") {
        object.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = object.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            object.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit) = object.get(exclusive).filter(|v| v.is_number()).cloned() {
            object.insert(bound.to_owned(), limit);
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    if let Some(Value::Object(defs)) = object.get_mut("$defs") {
        for schema in defs.values_mut() {
            schema_in_place(schema);
        }
    }
    if object.contains_key("$dynamicRef") {
        object.remove("$dynamicRef");
    }
    if let Some(Value::Array(prefix)) = object.remove("prefixItems") {
        // A tuple: 3.0 has no form for it, so its item schemas become `items.oneOf` and an
        // extension tells `lower` to make a tuple of them. Items beyond them are allowed only when
        // `items` says so; `lower` warns when it does, as a tuple cannot hold them.
        let rest = object.remove("items");
        let mut items = Map::new();
        items.insert("oneOf".to_owned(), Value::Array(prefix));
        object.insert("items".to_owned(), Value::Object(items));
        let open = !matches!(rest, None | Some(Value::Bool(false)));
        object.insert(TUPLE_EXTENSION.to_owned(), Value::Bool(!open));
    }
    if let Some(unevaluated) = object.remove("unevaluatedProperties") {
        object.entry("additionalProperties").or_insert(unevaluated);
    }
    for union in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alternatives)) = object.get_mut(union) {
            let before = alternatives.len();
            alternatives.retain(|alternative| !is_null_schema(alternative));
            if alternatives.len() < before {
                object.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        match object.get_mut(key) {
            // 3.0 takes `additionalProperties: true/false` as it is: `false` is a closed object.
            Some(Value::Bool(_)) if key == "additionalProperties" => {}
            Some(child) => schema_in_place(child),
            None => {}
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(children)) = object.get_mut(key) {
            children.iter_mut().for_each(schema_in_place);
        }
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        properties.values_mut().for_each(schema_in_place);
    }
    if let Some(Value::Object(properties)) = object.get_mut("patternProperties") {
        properties.values_mut().for_each(schema_in_place);
    }
}

/// The extension `normalise` puts on an array schema that had `prefixItems`: `true` for a closed
/// tuple (no items beyond the prefix), `false` for an open one.
pub const TUPLE_EXTENSION: &str = "x-apigen-tuple";

/// The keywords of a multi-type schema that apply to `typ`, with `type: typ`.
fn one_type(object: &Map<String, Value>, typ: &Value) -> Map<String, Value> {
    let keywords: &[&str] = match typ.as_str() {
        Some("string") => &["format", "pattern", "minLength", "maxLength", "enum"],
        Some("integer" | "number") => &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "enum"],
        Some("array") => &["items", "minItems", "maxItems", "uniqueItems"],
        Some("object") => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    };
    let mut one = Map::new();
    one.insert("type".to_owned(), typ.clone());
    for keyword in keywords {
        if let Some(value) = object.get(*keyword) {
            if *keyword == "enum" {
                // Only the values of this type.
                let wanted = |v: &Value| match typ.as_str() {
                    Some("string") => v.is_string(),
                    Some("integer") => v.is_i64() || v.is_u64(),
                    Some("number") => v.is_number(),
                    _ => false,
                };
                let values: Vec<Value> = value.as_array().into_iter().flatten().filter(|v| wanted(v)).cloned().collect();
                if !values.is_empty() {
                    one.insert("enum".to_owned(), Value::Array(values));
                }
                continue;
            }
            one.insert((*keyword).to_owned(), value.clone());
        }
    }
    one
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrites_the_3_1_forms() {
        let mut document = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": { "schemas": {
                "A": { "type": ["string", "null"], "examples": ["x"], "$schema": "s" },
                "B": { "anyOf": [{ "$ref": "#/components/schemas/A" }, { "type": "null" }] },
                "C": { "type": "integer", "exclusiveMinimum": 0, "const": 5 },
                "D": { "type": "object", "properties": { "e": true } }
            } }
        });
        normalise(&mut document);
        assert_eq!(document["paths"], json!({}));
        assert!(document.get("webhooks").is_none());
        assert_eq!(document["components"]["schemas"]["A"], json!({ "type": "string", "nullable": true, "example": "x" }));
        assert_eq!(document["components"]["schemas"]["B"], json!({ "anyOf": [{ "$ref": "#/components/schemas/A" }], "nullable": true }));
        assert_eq!(
            document["components"]["schemas"]["C"],
            json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true, "enum": [5] })
        );
        assert_eq!(document["components"]["schemas"]["D"]["properties"]["e"], json!({}));
    }
}
