//! Models: one Rust type per named schema.

use super::code::{self, Code};
use super::docs;
use super::Names;
use crate::ir::{self, Presence, TypeKind, TypeRef};

/// The `types.rs` module of one API.
pub fn module(api: &ir::Api, names: &Names) -> String {
    let mut code = Code::new();
    code.inner_docs(&[format!("Models of {}: one type per schema.", api.title)]);
    for def in &api.types {
        code.blank();
        type_def(&mut code, def, names, api);
    }
    code.finish()
}

fn type_def(code: &mut Code, def: &ir::TypeDef, names: &Names, api: &ir::Api) {
    let fallback = match def.origin.tokens().collect::<Vec<_>>().as_slice() {
        [components, schemas, key] if components == "components" && schemas == "schemas" => format!("The `{key}` schema."),
        _ => format!("The schema at `{}`.", def.origin),
    };
    let doc = docs::or(&def.docs, &fallback);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(code, &name, &doc, s, names),
        TypeKind::StringEnum(variants) => string_enum(code, &name, &doc, variants, names),
        TypeKind::OneOf(variants) => {
            one_of(code, &name, &doc, variants, names, api);
            if ir::is_scalar_kind(&api.types, &def.kind) {
                code.blank();
                one_of_param_value(code, &name, variants);
            }
        }
        TypeKind::MediaUnion(variants) => media_union(code, &name, &doc, variants, names, api),
        TypeKind::Alias(ty) => {
            code.docs(&doc);
            code.fmt(format_args!("pub type {name} = {};", names.ty(ty)));
        }
    }
}

/// The Rust type of a field, with `Option` and `Box` as its presence and recursion need.
fn field_type(field: &ir::Field, names: &Names) -> String {
    let inner = names.ty(&field.ty);
    let inner = if field.boxed { format!("{}<{inner}>", names.p("Box")) } else { inner };
    match field.presence {
        Presence::Required | Presence::Defaulted(_) => inner,
        Presence::RequiredNullable | Presence::Optional => format!("{}<{inner}>", names.p("Option")),
    }
}

fn default_fn_name(field: &ir::Field) -> String {
    ident(&format!("default_{}", field.name.trim_end_matches('_')))
}

fn field_attrs(code: &mut Code, owner: &str, field: &ir::Field, names: &Names) {
    let mut serde = Vec::new();
    if field.name != field.wire_name {
        serde.push(format!("rename = {}", code::string(&field.wire_name)));
    }
    match &field.presence {
        Presence::Required | Presence::RequiredNullable => {}
        Presence::Optional => {
            serde.push("default".to_owned());
            serde.push(format!("skip_serializing_if = {}", code::string(&names.is_none())));
        }
        Presence::Defaulted(_) => {
            serde.push(format!("default = {}", code::string(&format!("{owner}::{}", default_fn_name(field)))));
        }
    }
    if !serde.is_empty() {
        code.attr_list("serde", &serde);
    }
}

fn field_doc(field: &ir::Field) -> Vec<String> {
    docs::or(&field.docs, &format!("The `{}` property.", field.wire_name))
}

fn literal(lit: &ir::Literal, ty: &TypeRef, boxed: bool, names: &Names) -> String {
    let value = match lit {
        ir::Literal::Bool(b) => b.to_string(),
        ir::Literal::Int(i) => match ty {
            TypeRef::I32 => i32::try_from(*i).unwrap_or_default().to_string(),
            TypeRef::F32 | TypeRef::F64 => format!("{i}.0"),
            _ => i.to_string(),
        },
        ir::Literal::Float(f) => match ty {
            TypeRef::F32 => float(format!("{:?}", *f as f32), (*f as f32).is_finite()),
            _ => float(format!("{f:?}"), f.is_finite()),
        },
        ir::Literal::Str(s) => format!("{}.into()", code::string(s)),
        ir::Literal::EnumVariant(type_name, variant) => format!("{}::{}", ident(type_name), ident(variant)),
    };
    if boxed {
        format!("{}::new({value})", names.p("Box"))
    } else {
        value
    }
}

/// A float literal from its shortest round-trip text: always with a `.` or an exponent, so it is
/// never read as an integer.
fn float(text: String, finite: bool) -> String {
    if !finite {
        "0.0".to_owned()
    } else if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

fn structure(code: &mut Code, name: &str, doc: &[String], s: &ir::Struct, names: &Names) {
    let has_defaults = s.fields.iter().any(|f| matches!(f.presence, Presence::Defaulted(_)));
    let derive_default = s.all_optional && !has_defaults;
    let mut derives = vec!["Debug", "Clone", "PartialEq"];
    if derive_default {
        derives.push("Default");
    }
    derives.push("serde::Serialize");
    // Structs with exclusive groups implement `Deserialize` by hand, to refuse two members at once.
    if s.exclusive.is_empty() {
        derives.push("serde::Deserialize");
    }
    code.docs(doc);
    code.fmt(format_args!("#[derive({})]", derives.join(", ")));
    code.open(&format!("pub struct {name}"));
    for field in &s.fields {
        code.docs(&field_doc(field));
        field_attrs(code, name, field, names);
        code.fmt(format_args!("pub {}: {},", ident(&field.name), field_type(field, names)));
    }
    for group in &s.exclusive {
        let members: Vec<String> = group.members.iter().map(|m| format!("`{}`", m.field.wire_name)).collect();
        code.docs(&[format!("At most one of {} is set.", members.join(", "))]);
        code.attr_list("serde", &["flatten".to_owned(), "default".to_owned(), format!("skip_serializing_if = {}", code::string(&names.is_none()))]);
        code.fmt(format_args!("pub {}: {}<{}>,", ident(&group.field_name), names.p("Option"), ident(&group.enum_name)));
    }
    if let Some(ty) = &s.additional {
        code.line("/// Properties the schema does not list.");
        code.line("#[serde(flatten)]");
        code.fmt(format_args!("pub additional_properties: std::collections::BTreeMap<{}, {}>,", names.p("String"), names.ty(ty)));
    }
    code.close();

    let required: Vec<&ir::Field> = s.fields.iter().filter(|f| matches!(f.presence, Presence::Required)).collect();
    let has_constructor = !required.is_empty() && required.len() <= 6;
    if has_constructor || has_defaults {
        code.blank();
        code.open(&format!("impl {name}"));
        if has_constructor {
            constructor(code, s, &required, names);
        }
        for field in &s.fields {
            if let Presence::Defaulted(lit) = &field.presence {
                code.blank();
                code.open(&format!("fn {}() -> {}", default_fn_name(field), field_type(field, names)));
                code.line(&literal(lit, &field.ty, field.boxed, names));
                code.close();
            }
        }
        code.close();
    }

    if s.all_optional && has_defaults {
        let default = names.p("Default");
        code.blank();
        code.open(&format!("impl {default} for {name}"));
        code.open("fn default() -> Self");
        code.open("Self");
        for field in &s.fields {
            match &field.presence {
                Presence::Defaulted(_) => code.fmt(format_args!("{}: Self::{}(),", ident(&field.name), default_fn_name(field))),
                _ => code.fmt(format_args!("{}: None,", ident(&field.name))),
            }
        }
        if s.additional.is_some() {
            code.fmt(format_args!("additional_properties: {default}::default(),"));
        }
        code.close();
        code.close();
        code.close();
    }
    for group in &s.exclusive {
        code.blank();
        exclusive_enum(code, group, names);
    }
    if !s.exclusive.is_empty() {
        code.blank();
        exclusive_deserialize(code, name, s, names);
    }
}

/// `new` with the required fields as arguments, when there are a few.
fn constructor(code: &mut Code, s: &ir::Struct, required: &[&ir::Field], names: &Names) {
    let args: Vec<String> = required.iter().map(|f| format!("{}: {}", ident(&f.name), argument_type(&f.ty, names))).collect();
    code.line("/// A value with the required fields set and the others empty or at their defaults.");
    code.open_fn("pub fn new", &args, "Self");
    code.open("Self");
    let boxed = names.p("Box");
    for f in &s.fields {
        let fname = ident(&f.name);
        match &f.presence {
            Presence::Required => match (into_argument(&f.ty), f.boxed) {
                (true, true) => code.fmt(format_args!("{fname}: {boxed}::new({fname}.into()),")),
                (true, false) => code.fmt(format_args!("{fname}: {fname}.into(),")),
                (false, true) => code.fmt(format_args!("{fname}: {boxed}::new({fname}),")),
                (false, false) => code.fmt(format_args!("{fname},")),
            },
            Presence::Defaulted(_) => code.fmt(format_args!("{fname}: Self::{}(),", default_fn_name(f))),
            Presence::Optional | Presence::RequiredNullable => code.fmt(format_args!("{fname}: None,")),
        }
    }
    for group in &s.exclusive {
        code.fmt(format_args!("{}: None,", ident(&group.field_name)));
    }
    if s.additional.is_some() {
        code.fmt(format_args!("additional_properties: {}::default(),", names.p("Default")));
    }
    code.close();
    code.close();
}

/// Strings and secrets are taken as `impl Into<...>` so callers can pass `&str`.
pub(crate) fn into_argument(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Secret)
}

pub(crate) fn argument_type(ty: &TypeRef, names: &Names) -> String {
    let inner = names.ty(ty);
    if into_argument(ty) {
        format!("impl Into<{inner}>")
    } else {
        inner
    }
}

fn exclusive_enum(code: &mut Code, group: &ir::ExclusiveGroup, names: &Names) {
    let members: Vec<String> = group.members.iter().map(|m| format!("`{}`", m.field.wire_name)).collect();
    code.docs(&[format!("Which one of {} is set; the spec allows at most one.", members.join(", "))]);
    code.line("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]");
    code.open(&format!("pub enum {}", ident(&group.enum_name)));
    for m in &group.members {
        let ty = names.ty(&m.field.ty);
        let ty = if m.field.boxed { format!("{}<{ty}>", names.p("Box")) } else { ty };
        code.docs(&field_doc(&m.field));
        code.fmt(format_args!("#[serde(rename = {})]", code::string(&m.field.wire_name)));
        code.fmt(format_args!("{}({ty}),", ident(&m.variant)));
    }
    code.close();
}

/// Structs with exclusive groups deserialize through a private mirror with every member as an `Option`,
/// then refuse input that sets two members of one group.
fn exclusive_deserialize(code: &mut Code, name: &str, s: &ir::Struct, names: &Names) {
    code.open(&format!("impl<'de> serde::Deserialize<'de> for {name}"));
    code.open(&format!("fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> {}<Self, D::Error>", names.p("Result")));
    code.line("#[derive(serde::Deserialize)]");
    code.open("struct Wire");
    let members = s.exclusive.iter().flat_map(|g| g.members.iter()).map(|m| &m.field);
    for f in s.fields.iter().chain(members) {
        field_attrs(code, name, f, names);
        code.fmt(format_args!("{}: {},", ident(&f.name), field_type(f, names)));
    }
    if let Some(ty) = &s.additional {
        code.line("#[serde(flatten)]");
        code.fmt(format_args!("additional_properties: std::collections::BTreeMap<{}, {}>,", names.p("String"), names.ty(ty)));
    }
    code.close();
    code.line("let wire = Wire::deserialize(deserializer)?;");
    for g in &s.exclusive {
        let fname = ident(&g.field_name);
        let ename = ident(&g.enum_name);
        let checks: Vec<String> = g.members.iter().map(|m| format!("wire.{}.is_some()", ident(&m.field.name))).collect();
        let wire: Vec<String> = g.members.iter().map(|m| format!("`{}`", m.field.wire_name)).collect();
        let message = format!("{} are mutually exclusive, but more than one is set", wire.join(" and "));
        code.fmt(format_args!("let set = [{}].into_iter().filter(|set| *set).count();", checks.join(", ")));
        code.open("if set > 1");
        code.fmt(format_args!("return Err(serde::de::Error::custom({}));", code::string(&message)));
        code.close();
        code.fmt(format_args!("let mut {fname} = None;"));
        for m in &g.members {
            code.open(&format!("if let Some(value) = wire.{}", ident(&m.field.name)));
            code.fmt(format_args!("{fname} = Some({ename}::{}(value));", ident(&m.variant)));
            code.close();
        }
    }
    code.open("Ok(Self");
    for f in &s.fields {
        let fname = ident(&f.name);
        code.fmt(format_args!("{fname}: wire.{fname},"));
    }
    for g in &s.exclusive {
        code.fmt(format_args!("{},", ident(&g.field_name)));
    }
    if s.additional.is_some() {
        code.line("additional_properties: wire.additional_properties,");
    }
    code.close_with(")");
    code.close();
    code.close();
}

/// The catch-all variant: `Unknown`, unless the spec already has a value named so.
fn catch_all(variants: &[ir::EnumVariant]) -> String {
    let taken = |candidate: &str| variants.iter().any(|v| v.name == candidate);
    let name = ["Unknown", "Other", "UnknownValue", "OtherValue"].into_iter().find(|c| !taken(c)).unwrap_or("UnlistedValue");
    ident(name)
}

fn string_enum(code: &mut Code, name: &str, doc: &[String], variants: &[ir::EnumVariant], names: &Names) {
    let unknown = catch_all(variants);
    let result = names.p("Result");
    code.docs(doc);
    code.line("#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    code.open(&format!("pub enum {name}"));
    for v in variants {
        code.docs(&[format!("`{}`", v.wire.replace('`', "'"))]);
        code.fmt(format_args!("{},", ident(&v.name)));
    }
    code.line("/// A value this client does not know yet, kept as sent.");
    code.fmt(format_args!("{unknown}({}),", names.p("String")));
    code.close();
    code.blank();

    code.open(&format!("impl {name}"));
    code.line("/// The value as it is sent on the wire.");
    code.open("pub fn as_str(&self) -> &str");
    code.open("match self");
    for v in variants {
        code.fmt(format_args!("Self::{} => {},", ident(&v.name), code::string(&v.wire)));
    }
    code.fmt(format_args!("Self::{unknown}(value) => value,"));
    code.close();
    code.close();
    code.close();
    code.blank();

    code.open(&format!("impl {}<&str> for {name}", names.p("From")));
    code.open("fn from(value: &str) -> Self");
    code.open("match value");
    for v in variants {
        code.fmt(format_args!("{} => Self::{},", code::string(&v.wire), ident(&v.name)));
    }
    code.fmt(format_args!("other => Self::{unknown}(other.to_owned()),"));
    code.close();
    code.close();
    code.close();
    code.blank();

    code.open(&format!("impl std::fmt::Display for {name}"));
    code.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result");
    code.line("f.write_str(self.as_str())");
    code.close();
    code.close();
    code.blank();

    code.open(&format!("impl crate::runtime::ParamValue for {name}"));
    code.open("fn to_param(&self) -> std::borrow::Cow<'_, str>");
    code.line("std::borrow::Cow::Borrowed(self.as_str())");
    code.close();
    code.close();
    code.blank();

    code.open(&format!("impl serde::Serialize for {name}"));
    code.open(&format!("fn serialize<S: serde::Serializer>(&self, serializer: S) -> {result}<S::Ok, S::Error>"));
    code.line("serializer.serialize_str(self.as_str())");
    code.close();
    code.close();
    code.blank();

    code.open(&format!("impl<'de> serde::Deserialize<'de> for {name}"));
    code.open(&format!("fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> {result}<Self, D::Error>"));
    code.line("let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;");
    code.line("Ok(Self::from(value.as_ref()))");
    code.close();
    code.close();
}

fn variant_sizes(variants: &[ir::OneOfVariant], api: &ir::Api) -> Vec<usize> {
    variants.iter().map(|v| if v.boxed { 8 } else { super::estimated_size(api, &v.ty, 0) }).collect()
}

fn one_of(code: &mut Code, name: &str, doc: &[String], variants: &[ir::OneOfVariant], names: &Names, api: &ir::Api) {
    code.docs(doc);
    code.line("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]");
    code.line("#[serde(untagged)]");
    super::large_variant_allow(code, &variant_sizes(variants, api));
    code.open(&format!("pub enum {name}"));
    for v in variants {
        let ty = names.ty(&v.ty);
        let ty = if v.boxed { format!("{}<{ty}>", names.p("Box")) } else { ty };
        code.docs(&[format!("The value is a{} {}.", article(&v.name), v.name)]);
        code.fmt(format_args!("{}({ty}),", ident(&v.name)));
    }
    code.close();
}

/// A union of scalars can be a parameter: each variant writes itself.
fn one_of_param_value(code: &mut Code, name: &str, variants: &[ir::OneOfVariant]) {
    code.open(&format!("impl crate::runtime::ParamValue for {name}"));
    code.open("fn to_param(&self) -> std::borrow::Cow<'_, str>");
    code.open("match self");
    for v in variants {
        code.fmt(format_args!("Self::{}(value) => value.to_param(),", ident(&v.name)));
    }
    code.close();
    code.close();
    code.close();
}

fn media_union(code: &mut Code, name: &str, doc: &[String], variants: &[ir::OneOfVariant], names: &Names, api: &ir::Api) {
    code.docs(doc);
    code.line("#[derive(Debug, Clone, PartialEq)]");
    super::large_variant_allow(code, &variant_sizes(variants, api));
    code.open(&format!("pub enum {name}"));
    for v in variants {
        let what = match v.name.as_str() {
            "Json" => "The body was JSON.",
            "Text" => "The body was text.",
            _ => "The body was raw bytes.",
        };
        code.docs(&[what]);
        code.fmt(format_args!("{}({}),", ident(&v.name), names.ty(&v.ty)));
    }
    code.close();
}

fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('A' | 'E' | 'I' | 'O' | 'U') => "n",
        _ => "",
    }
}

/// An identifier made by `names`; raw identifiers are never needed because keywords got a trailing `_`.
/// `names` only makes valid identifiers; should one slip through, it is made valid here rather than
/// panicking, and the compile check of the output shows the odd name.
pub(crate) fn ident(name: &str) -> String {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if valid {
        name.to_owned()
    } else {
        let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        format!("N{cleaned}")
    }
}
