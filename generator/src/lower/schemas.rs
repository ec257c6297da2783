//! Schemas to types: component schemas become named types; inline schemas become named types when they
//! need a name (objects, enums, unions) and plain type uses otherwise.

use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{self, TypeRef};
use crate::names::{self, Ident, Scope};
use openapiv3 as oa;
use std::collections::{BTreeMap, BTreeSet};

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a oa::Schema),
}

impl<'a> From<&'a oa::ReferenceOr<oa::Schema>> for SchemaRef<'a> {
    fn from(value: &'a oa::ReferenceOr<oa::Schema>) -> Self {
        match value {
            oa::ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            oa::ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a oa::ReferenceOr<Box<oa::Schema>>> for SchemaRef<'a> {
    fn from(value: &'a oa::ReferenceOr<Box<oa::Schema>>) -> Self {
        match value {
            oa::ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            oa::ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// What a schema lowers to: a type use, or a shape that needs a name.
enum Shape {
    Use(TypeRef),
    Named(ir::TypeKind),
}

/// Properties gathered from an object schema or from the parts of an `allOf`.
#[derive(Default)]
struct Gathered<'a> {
    properties: Vec<(String, SchemaRef<'a>, Pointer)>,
    required: BTreeSet<String>,
    additional: Option<(&'a oa::AdditionalProperties, Pointer)>,
    /// Schemas whose `not` may say which properties exclude each other.
    nots: Vec<Pointer>,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// The longest name an inline schema gets from its position.
const MAX_INLINE_NAME: usize = 64;

/// Names a user imports beside the types: the client module's own types and the runtime's `Error`.
pub(crate) const CLIENT_OWN_NAMES: &[&str] = &["Client", "ClientBuilder", "Error"];

impl<'a> Lowerer<'a> {
    /// First pass: every component schema gets its Rust name, so references can be lowered in any order.
    pub(super) fn name_components(&mut self) {
        let doc = self.doc;
        let Some(components) = &doc.components else { return };
        let mut keys: Vec<&String> = components.schemas.keys().collect();
        keys.sort();
        // A user imports types with the client and the runtime's `Error`: no type takes their names.
        self.type_scope.reserve(CLIENT_OWN_NAMES, "the client module or the runtime");
        for key in keys {
            let at = component_pointer(key);
            let mut wanted = names::type_name(key);
            if CLIENT_OWN_NAMES.contains(&wanted.as_str()) {
                wanted = wanted.suffixed("Model");
                self.renamed.insert(key.clone());
            }
            let mut scope = std::mem::take(&mut self.type_scope);
            let name = self.distinct_name(&mut scope, wanted, &at, key, "schema");
            self.type_scope = scope;
            self.component_names.insert(key.clone(), name);
        }
    }

    /// Second pass: every component schema becomes a type definition.
    pub(super) fn lower_components(&mut self) {
        let doc = self.doc;
        let Some(components) = &doc.components else { return };
        let named: Vec<(String, Ident)> = self.component_names.iter().map(|(key, name)| (key.clone(), name.clone())).collect();
        for (key, name) in named {
            let at = component_pointer(&key);
            let schema = SchemaRef::from(&components.schemas[&key]);
            let mut docs = self.docs_of(schema, &at);
            if self.renamed.contains(&key) {
                let kept = names::type_name(&key);
                let other = if kept.as_str() == "Error" { "runtime::Error".to_owned() } else { format!("client::{kept}") };
                docs.notes.push(format!("The `{key}` schema, named `{name}` so that it and `{other}` can be imported together."));
            }
            let kind = match schema {
                SchemaRef::Ref(reference) => ir::TypeKind::Alias(self.reference(reference, &at)),
                SchemaRef::Item(schema) => match self.hierarchy(&key, schema, &at) {
                    // The base of an `allOf` hierarchy with a discriminator is the union of its subtypes
                    // wherever it is used; the subtypes gather its properties from the schema itself.
                    Some(tagged) => ir::TypeKind::Tagged(tagged),
                    None => {
                        self.resolving.push(key.clone());
                        let shape = self.shape(&name, schema, &at);
                        self.resolving.pop();
                        match shape {
                            Shape::Use(ty) => ir::TypeKind::Alias(ty),
                            Shape::Named(kind) => kind,
                        }
                    }
                },
            };
            let example = crate::diag::lookup(self.raw, at.as_str()).and_then(|schema| schema.get("example")).cloned();
            self.types.push(ir::TypeDef { origin: at, name, docs, example, kind });
        }
    }

    /// The type of a schema used somewhere; `hint` names it if it needs a name.
    pub(crate) fn type_of(&mut self, schema: SchemaRef<'a>, at: &Pointer, hint: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => self.reference(reference, at),
            SchemaRef::Item(item) => match self.shape(hint, item, at) {
                Shape::Use(ty) => ty,
                Shape::Named(kind) => self.define(schema, at, hint, kind),
            },
        }
    }

    /// Names an inline schema's type after `hint` and defines it.
    fn define(&mut self, schema: SchemaRef<'a>, at: &Pointer, hint: &str, kind: ir::TypeKind) -> TypeRef {
        let name = self.inline_name(hint);
        if !self.claim_type(&name, at, &name) {
            return TypeRef::Json;
        }
        let docs = self.docs_of(schema, at);
        let example = crate::diag::lookup(self.raw, at.as_str()).and_then(|schema| schema.get("example")).cloned();
        self.types.push(ir::TypeDef { origin: at.clone(), name: name.clone(), docs, example, kind });
        TypeRef::Named(name)
    }

    /// A name for an inline schema. Names made from positions are ours, not the spec's, so when one is
    /// taken (by a component schema or another inline schema) the next free `{hint}2`, `{hint}3`... is used;
    /// lowering visits schemas in a fixed order, so the choice is deterministic.
    pub(crate) fn inline_name(&self, hint: &str) -> Ident {
        // A name made from a deep position would run on (`AListItemPropertiesItem...`): it keeps its
        // start and its end, which say where the schema is used and what it is.
        let shortened;
        let hint = if hint.len() > MAX_INLINE_NAME && hint.is_ascii() {
            shortened = format!("{}{}", &hint[..24], &hint[hint.len() - 32..]);
            shortened.as_str()
        } else {
            hint
        };
        if !self.type_scope.contains(hint) {
            return Ident::join(&[hint]);
        }
        let free = (2..).map(|n| format!("{hint}{n}")).find(|candidate| !self.type_scope.contains(candidate)).unwrap_or_default();
        Ident::join(&[&free])
    }

    /// True when the schema (or the schema it references) allows `null`.
    pub(crate) fn is_nullable(&self, schema: SchemaRef<'a>) -> bool {
        match schema {
            SchemaRef::Item(item) => {
                item.schema_data.nullable
                    || matches!(&item.schema_kind, oa::SchemaKind::Type(oa::Type::String(s)) if s.enumeration.contains(&None))
                    || matches!(&item.schema_kind, oa::SchemaKind::AllOf { all_of } if all_of.len() == 1 && self.is_nullable(SchemaRef::from(&all_of[0])))
            }
            SchemaRef::Ref(reference) => self.component(reference).is_some_and(|(_, target)| match target {
                oa::ReferenceOr::Item(item) => item.schema_data.nullable,
                oa::ReferenceOr::Reference { .. } => false,
            }),
        }
    }

    /// The component a local reference points at.
    pub(crate) fn component(&self, reference: &str) -> Option<(&'a str, &'a oa::ReferenceOr<oa::Schema>)> {
        let doc = self.doc;
        let key = reference.strip_prefix(COMPONENT_PREFIX)?;
        let key = crate::diag::unescape(key);
        let (key, schema) = doc.components.as_ref()?.schemas.get_key_value(&key)?;
        Some((key.as_str(), schema))
    }

    fn reference(&mut self, reference: &str, at: &Pointer) -> TypeRef {
        match self.component(reference) {
            Some((key, _)) => match self.component_names.get(key) {
                Some(name) => TypeRef::Named(name.clone()),
                None => TypeRef::Json, // its name collided; that error is already reported
            },
            None => {
                let help = if reference.starts_with('#') {
                    "point the `$ref` at an existing entry of `components/schemas`".to_owned()
                } else {
                    "only references inside the same document (`#/components/schemas/...`) are supported; inline the schema".to_owned()
                };
                self.error(at, format!("`$ref: {reference}` does not resolve to a schema"), help);
                TypeRef::Json
            }
        }
    }

    fn shape(&mut self, name: &str, schema: &'a oa::Schema, at: &Pointer) -> Shape {
        let discriminator = schema.schema_data.discriminator.as_ref();
        match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::String(string)) => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                if values.is_empty() {
                    Shape::Use(string_type(&string.format))
                } else {
                    Shape::Named(self.string_enum(values.into_iter(), at))
                }
            }
            oa::SchemaKind::Type(oa::Type::Number(number)) if !number.enumeration.is_empty() => {
                self.warning(
                    &at.push("enum"),
                    "an `enum` of numbers that are not integers is not checked; the value is a plain number",
                    "list integers, or strings, to get an enum type",
                );
                Shape::Use(TypeRef::F64)
            }
            oa::SchemaKind::Type(oa::Type::Boolean(boolean)) if !boolean.enumeration.is_empty() => {
                self.warning(
                    &at.push("enum"),
                    "an `enum` (or `const`) of booleans is not checked; the value is a plain `bool`",
                    "drop the enum, or document the one value",
                );
                Shape::Use(TypeRef::Bool)
            }
            oa::SchemaKind::Type(oa::Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
                Shape::Named(self.int_enum(&values, enum_names(&schema.schema_data), at))
            }
            oa::SchemaKind::Type(oa::Type::Array(array))
                if schema.schema_data.extensions.contains_key(crate::load::v31::TUPLE_EXTENSION) =>
            {
                Shape::Use(self.tuple(name, schema, array.items.as_ref(), at))
            }
            oa::SchemaKind::Type(oa::Type::Number(number)) => Shape::Use(match &number.format {
                oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Float) => TypeRef::F32,
                oa::VariantOrUnknownOrEmpty::Unknown(format) if format == "decimal" => TypeRef::Decimal,
                _ => TypeRef::F64,
            }),
            oa::SchemaKind::Type(oa::Type::Integer(integer)) => Shape::Use(match &integer.format {
                oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            oa::SchemaKind::Type(oa::Type::Boolean(_)) => Shape::Use(TypeRef::Bool),
            oa::SchemaKind::Type(oa::Type::Array(array)) => Shape::Use(self.array(name, array.items.as_ref(), at)),
            oa::SchemaKind::Type(oa::Type::Object(object)) => {
                let mut gathered = Gathered::default();
                gathered.add_object(&object.properties, &object.required, object.additional_properties.as_ref(), at);
                gathered.nots.push(at.clone());
                self.object(name, gathered, at)
            }
            oa::SchemaKind::OneOf { one_of } => self.one_of(name, one_of, discriminator, &at.push("oneOf")),
            oa::SchemaKind::AnyOf { any_of } => self.one_of(name, any_of, discriminator, &at.push("anyOf")),
            oa::SchemaKind::AllOf { all_of } => self.all_of(name, all_of, &[], at),
            oa::SchemaKind::Not { .. } => {
                self.warning(
                    at,
                    "a schema that is only `not` cannot be typed; the value is kept as JSON",
                    "describe what the value is rather than what it is not",
                );
                Shape::Use(TypeRef::Json)
            }
            oa::SchemaKind::Any(any) => self.any(name, any, discriminator, at),
        }
    }

    /// A 3.1 `prefixItems` array (normalised into `items.oneOf` and an extension): a tuple of its item
    /// types when no item may follow them; otherwise a list of JSON values, with a warning.
    fn tuple(&mut self, name: &str, schema: &'a oa::Schema, items: Option<&'a oa::ReferenceOr<Box<oa::Schema>>>, at: &Pointer) -> TypeRef {
        let closed =
            schema.schema_data.extensions.get(crate::load::v31::TUPLE_EXTENSION).and_then(serde_json::Value::as_bool).unwrap_or(false);
        let alternatives = match items {
            Some(oa::ReferenceOr::Item(items)) => match &items.schema_kind {
                oa::SchemaKind::OneOf { one_of } => one_of.as_slice(),
                oa::SchemaKind::Any(any) => any.one_of.as_slice(),
                _ => &[],
            },
            _ => &[],
        };
        if !closed || alternatives.is_empty() {
            self.warning(
                at,
                "`prefixItems` with further items allowed cannot be a Rust tuple; the items are kept as JSON values",
                "add `items: false` to make it a fixed-length tuple",
            );
            return TypeRef::List(Box::new(TypeRef::Json));
        }
        let items_at = at.push("items").push("oneOf");
        let types = alternatives
            .iter()
            .enumerate()
            .map(|(index, item)| self.type_of(SchemaRef::from(item), &items_at.push(index.to_string()), &format!("{name}Item{index}")))
            .collect();
        TypeRef::Tuple(types)
    }

    /// An integer `enum` (or `const`): a Rust enum with the wire values, and a catch-all for the
    /// values this client does not know. Variant names come from `x-enum-varnames` (or
    /// `x-enumNames`) when the spec gives them, else from the values (`Value1`, `ValueMinus1`).
    fn int_enum(&mut self, values: &[i64], given: Option<&serde_json::Value>, at: &Pointer) -> ir::TypeKind {
        let given: Vec<String> = given
            .and_then(serde_json::Value::as_array)
            .map(|names| names.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect())
            .filter(|names: &Vec<String>| names.len() == values.len())
            .unwrap_or_default();
        let mut scope = Scope::default();
        let mut variants: Vec<ir::IntVariant> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if variants.iter().any(|v| v.value == *value) {
                continue;
            }
            let raw = match given.get(index) {
                Some(name) => name.clone(),
                None if *value < 0 => format!("value minus {}", value.unsigned_abs()),
                None => format!("value {value}"),
            };
            let origin = at.push("enum").push(index.to_string());
            let name = self.distinct_name(&mut scope, names::type_name(&raw), &origin, &raw, "enum value");
            variants.push(ir::IntVariant { name, value: *value });
        }
        let unknown = names::catch_all(|candidate| variants.iter().any(|v| v.name == candidate));
        ir::TypeKind::IntEnum(ir::IntEnum { variants, unknown })
    }

    fn array(&mut self, name: &str, items: Option<&'a oa::ReferenceOr<Box<oa::Schema>>>, at: &Pointer) -> TypeRef {
        let Some(items) = items else { return TypeRef::List(Box::new(TypeRef::Json)) };
        let items = SchemaRef::from(items);
        let item_at = at.push("items");
        let ty = self.type_of(items, &item_at, &format!("{name}Item"));
        if self.is_nullable(items) {
            TypeRef::List(Box::new(TypeRef::Nullable(Box::new(ty))))
        } else {
            TypeRef::List(Box::new(ty))
        }
    }

    fn string_enum<'v>(&mut self, values: impl Iterator<Item = &'v String>, at: &Pointer) -> ir::TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (index, value) in values.enumerate() {
            let mut name = names::type_name(value);
            let origin = at.push("enum").push(index.to_string());
            if variants.iter().any(|v: &ir::EnumVariant| v.wire == *value) {
                continue; // a repeated value is harmless
            }
            if scope.contains(&name) {
                // Enum values are data, not names: real APIs list `asc` beside `ASC`. The later one gets a
                // name that says how it is spelled, and a warning says so.
                let spelled = match value.chars().filter(|c| c.is_alphabetic()).collect::<String>() {
                    letters if !letters.is_empty() && letters.chars().all(char::is_lowercase) => format!("{name}Lower"),
                    letters if !letters.is_empty() && letters.chars().all(char::is_uppercase) => format!("{name}Upper"),
                    _ => format!("{name}Variant"),
                };
                let unique = std::iter::once(spelled.clone())
                    .chain((2..).map(|n| format!("{spelled}{n}")))
                    .find(|c| !scope.contains(c))
                    .unwrap_or_default();
                let unique = Ident::join(&[&unique]);
                self.warning(&origin, format!("enum value `{value}` would become the Rust variant `{name}`, which another value of this enum already has; it is named `{unique}`"), "make the values differ in more than case and punctuation if you can");
                name = unique;
            }
            match scope.claim(self.file, &name, &origin, value, "enum value") {
                Ok(()) => variants.push(ir::EnumVariant { name, wire: value.clone(), docs: ir::Docs::default() }),
                Err(diagnostic) => self.diags.push(*diagnostic),
            }
        }
        ir::TypeKind::StringEnum(variants)
    }

    fn one_of(
        &mut self,
        name: &str,
        alternatives: &'a [oa::ReferenceOr<oa::Schema>],
        discriminator: Option<&'a oa::Discriminator>,
        at: &Pointer,
    ) -> Shape {
        if let Some(discriminator) = discriminator {
            if let Some(tagged) = self.tagged(name, alternatives, discriminator, at) {
                return Shape::Named(ir::TypeKind::Tagged(tagged));
            }
        }
        if let [only] = alternatives {
            return Shape::Use(self.type_of(SchemaRef::from(only), &at.push("0"), name));
        }
        if alternatives.is_empty() {
            self.warning(at, "an empty `oneOf` cannot be typed; the value is kept as JSON", "list the alternatives");
            return Shape::Use(TypeRef::Json);
        }
        if discriminator.is_none() {
            if let Some(kind) = self.merged_string_enum(alternatives, at) {
                return Shape::Named(kind);
            }
            if let Some(tagged) = self.inferred_tag(name, alternatives, at) {
                return Shape::Named(ir::TypeKind::Tagged(tagged));
            }
        }
        let mut variants: Vec<ir::OneOfVariant> = Vec::new();
        let mut tried: Vec<(Pointer, TypeRef)> = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let alternative = SchemaRef::from(alternative);
            let ty = self.type_of(alternative, &at.push(index.to_string()), &format!("{name}Variant{index}"));
            let title = match alternative {
                SchemaRef::Item(item) => item.schema_data.title.as_deref().map(names::type_name),
                SchemaRef::Ref(_) => None,
            };
            let base = match (&ty, title) {
                (_, Some(title)) => title,
                (TypeRef::Named(type_name), None) => Ident::join(&[type_name
                    .strip_prefix(name)
                    .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                    .unwrap_or(type_name)]),
                (other, None) => Ident::fixed(kind_word(other)),
            };
            let variant_name = if variants.iter().any(|v| v.name == base) { base.suffixed(&index.to_string()) } else { base };
            tried.push((at.push(index.to_string()), ty.clone()));
            if variants.iter().any(|v| v.ty == ty) {
                continue; // the same type twice is one variant; `check_untagged` says the second is never chosen
            }
            variants.push(ir::OneOfVariant { name: variant_name, ty, boxed: false });
        }
        self.untagged.push(tried);
        Shape::Named(ir::TypeKind::OneOf(variants))
    }

    /// True when the schema at `at` only annotates: no keyword that says what the value is.
    fn annotation_only(&self, at: &Pointer) -> bool {
        const ANNOTATIONS: &[&str] = &[
            "description",
            "title",
            "xml",
            "example",
            "examples",
            "externalDocs",
            "deprecated",
            "readOnly",
            "writeOnly",
            "nullable",
            "default",
        ];
        self.raw_at(at)
            .and_then(serde_json::Value::as_object)
            .is_some_and(|object| object.keys().all(|key| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-")))
    }

    /// A `oneOf`/`anyOf` with a `discriminator`: each alternative's tags are the `mapping` values
    /// that name it, or, for a `$ref` no mapping value names, its schema's name; an inline
    /// alternative's tag is the one value its discriminator property allows (`enum` or `const`).
    /// `None` (after a warning) when some alternative has no tag: the union is then untagged.
    fn tagged(
        &mut self,
        name: &str,
        alternatives: &'a [oa::ReferenceOr<oa::Schema>],
        discriminator: &'a oa::Discriminator,
        at: &Pointer,
    ) -> Option<ir::Tagged> {
        let disc_at = Pointer::from_escaped(at.as_str().rsplit_once('/').map_or("", |(head, _)| head)).push("discriminator");
        let mapping = self.discriminator_mapping(discriminator, &disc_at);
        let property = &discriminator.property_name;
        let mut tagged = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let alt_at = at.push(index.to_string());
            let schema = SchemaRef::from(alternative);
            let tags = match schema {
                SchemaRef::Ref(reference) => match self.component(reference) {
                    Some((key, _)) => {
                        let mapped: Vec<String> =
                            mapping.iter().filter(|(_, target)| target == key).map(|(value, _)| value.clone()).collect();
                        if mapped.is_empty() {
                            vec![key.to_owned()]
                        } else {
                            mapped
                        }
                    }
                    None => Vec::new(),
                },
                SchemaRef::Item(item) => single_value(item, property),
            };
            if tags.is_empty() {
                self.warning(
                    &alt_at,
                    format!(
                        "this alternative has no value for the discriminator `{property}`; the union is decoded by trying each alternative in turn"
                    ),
                    "make the alternative a `$ref` to a named schema, list it in `discriminator.mapping`, or give its discriminator property a single `enum` value",
                );
                return None;
            }
            tagged.push((tags, schema, alt_at));
        }
        let mut variants = self.tagged_variants(name, property, tagged);
        // Mapping values naming schemas that are not alternatives still select them.
        self.add_mapped(&mut variants, &mapping, None);
        Some(ir::Tagged { property: property.clone(), unknown: catch_all_name(&variants), variants })
    }

    /// A `oneOf`/`anyOf` without a discriminator whose alternatives are all objects that require one
    /// property with a single string value, a different one in each (`type: {enum: [range_to]}`):
    /// that property tells them apart exactly as `oneOf` means, so it is the union's discriminator.
    /// Decoding then picks the alternative by the value instead of trying each in turn, which would
    /// take the first alternative whose other properties fit.
    fn inferred_tag(&mut self, name: &str, alternatives: &'a [oa::ReferenceOr<oa::Schema>], at: &Pointer) -> Option<ir::Tagged> {
        let objects: Vec<&'a oa::Schema> =
            alternatives.iter().map(|alternative| self.resolved(SchemaRef::from(alternative))).collect::<Option<_>>()?;
        let (first, _, _) = object_parts(objects.first()?)?;
        let mut candidates: Vec<&String> = first.keys().collect();
        candidates.sort();
        let property = candidates.into_iter().find(|property| {
            let mut seen = BTreeSet::new();
            objects.iter().all(|object| {
                object_parts(object).is_some_and(|(_, required, _)| required.contains(property))
                    && matches!(single_value(object, property).as_slice(), [one] if seen.insert(one.clone()))
            })
        })?;
        let tagged = alternatives
            .iter()
            .zip(&objects)
            .enumerate()
            .map(|(index, (alternative, object))| {
                (single_value(object, property), SchemaRef::from(alternative), at.push(index.to_string()))
            })
            .collect();
        let variants = self.tagged_variants(name, property, tagged);
        Some(ir::Tagged { property: property.clone(), unknown: catch_all_name(&variants), variants })
    }

    /// The variants of a tagged union from its alternatives and their tags. An inline alternative is
    /// named after its tag (`BinRange::RangeTo`, type `BinRangeRangeTo`); its object leaves out the
    /// tag property when that allows only the tag (the union writes it), and a unit variant stands
    /// for an object that holds nothing else.
    fn tagged_variants(
        &mut self,
        name: &str,
        property: &str,
        tagged: Vec<(Vec<String>, SchemaRef<'a>, Pointer)>,
    ) -> Vec<ir::TaggedVariant> {
        let mut variants: Vec<ir::TaggedVariant> = Vec::new();
        for (index, (tags, schema, alt_at)) in tagged.into_iter().enumerate() {
            let (ty, base, docs) = match (schema, tags.as_slice()) {
                (SchemaRef::Item(item), [tag]) => {
                    let base = names::type_name(tag);
                    let hint = format!("{name}{base}");
                    (self.tag_variant(item, &alt_at, &hint, property), base, self.docs_of(schema, &alt_at))
                }
                _ => {
                    let hint = match schema {
                        SchemaRef::Ref(reference) => self
                            .component(reference)
                            .map_or_else(|| format!("{name}Variant{index}"), |(key, _)| names::type_name(key).to_string()),
                        SchemaRef::Item(_) => format!("{name}Variant{index}"),
                    };
                    let ty = self.type_of(schema, &alt_at, &hint);
                    let base = match &ty {
                        TypeRef::Named(type_name) => type_name.clone(),
                        other => Ident::fixed(kind_word(other)),
                    };
                    (Some(ty), base, ir::Docs::default())
                }
            };
            let variant_name = if variants.iter().any(|v| v.name == base) { base.suffixed(&index.to_string()) } else { base };
            variants.push(ir::TaggedVariant { name: variant_name, tags, ty, docs, boxed: false });
        }
        variants
    }

    /// The type of an inline alternative of a union tagged by `property`, which allows only the
    /// alternative's tag: its object without that property, or `None` when nothing else is left.
    fn tag_variant(&mut self, item: &'a oa::Schema, at: &Pointer, hint: &str, property: &str) -> Option<TypeRef> {
        // Extra properties kept in a map would keep the tag too; such an object is left whole.
        let closed =
            |additional: Option<&oa::AdditionalProperties>| matches!(additional, None | Some(oa::AdditionalProperties::Any(false)));
        let Some((properties, required, _)) = object_parts(item).filter(|(_, _, additional)| closed(*additional)) else {
            return Some(self.type_of(SchemaRef::Item(item), at, hint));
        };
        let mut gathered = Gathered::default();
        gathered.add_object(properties.iter().filter(|(key, _)| key.as_str() != property), required, None, at);
        gathered.nots.push(at.clone());
        if gathered.properties.is_empty() {
            return None;
        }
        Some(match self.object(hint, gathered, at) {
            Shape::Use(ty) => ty,
            Shape::Named(kind) => self.define(SchemaRef::Item(item), at, hint, kind),
        })
    }

    /// A `oneOf`/`anyOf` of strings only, each an `enum` or a plain string without a format: one
    /// string enum of every listed value, whose catch-all holds the other strings a plain alternative
    /// allows. `None` when some alternative is not such a string, or none lists values.
    fn merged_string_enum(&mut self, alternatives: &'a [oa::ReferenceOr<oa::Schema>], at: &Pointer) -> Option<ir::TypeKind> {
        let mut listed: Vec<(String, ir::Docs)> = Vec::new();
        for alternative in alternatives {
            let schema = self.resolved(SchemaRef::from(alternative))?;
            let values = string_values(schema)?;
            let docs = match values.as_slice() {
                [_] => self.docs_of(SchemaRef::Item(schema), at),
                _ => ir::Docs::default(),
            };
            listed.extend(values.into_iter().map(|value| (value, docs.clone())));
        }
        if listed.is_empty() {
            return None;
        }
        let ir::TypeKind::StringEnum(mut variants) = self.string_enum(listed.iter().map(|(value, _)| value), at) else { return None };
        for variant in &mut variants {
            if let Some((_, docs)) = listed.iter().find(|(value, _)| *value == variant.wire) {
                variant.docs = docs.clone();
            }
        }
        Some(ir::TypeKind::StringEnum(variants))
    }

    /// The schema itself, or the component schema a reference names.
    fn resolved(&self, schema: SchemaRef<'a>) -> Option<&'a oa::Schema> {
        match schema {
            SchemaRef::Item(item) => Some(item),
            SchemaRef::Ref(reference) => match self.component(reference)? {
                (_, oa::ReferenceOr::Item(item)) => Some(item),
                (_, oa::ReferenceOr::Reference { .. }) => None,
            },
        }
    }

    /// Adds the mapping values no variant has yet: to the variant of the schema they name, or as a
    /// new variant for it. `skip` is a component key that is not a variant (a hierarchy's base).
    fn add_mapped(&self, variants: &mut Vec<ir::TaggedVariant>, mapping: &[(String, String)], skip: Option<&str>) {
        for (value, target) in mapping {
            if Some(target.as_str()) == skip || variants.iter().any(|v| v.tags.contains(value)) {
                continue;
            }
            let Some(type_name) = self.component_names.get(target.as_str()).cloned() else { continue };
            match variants.iter_mut().find(|v| v.ty.as_ref() == Some(&TypeRef::Named(type_name.clone()))) {
                Some(variant) => variant.tags.push(value.clone()),
                None => variants.push(ir::TaggedVariant {
                    name: type_name.clone(),
                    tags: vec![value.clone()],
                    ty: Some(TypeRef::Named(type_name)),
                    docs: ir::Docs::default(),
                    boxed: false,
                }),
            }
        }
    }

    /// `discriminator.mapping` as (value, component key) pairs, sorted by value; a target that is not
    /// a schema of this document is reported and left out.
    fn discriminator_mapping(&mut self, discriminator: &'a oa::Discriminator, at: &Pointer) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut entries: Vec<(&String, &String)> = discriminator.mapping.iter().collect();
        entries.sort();
        for (value, target) in entries {
            let key = match target.strip_prefix(COMPONENT_PREFIX) {
                Some(key) => crate::diag::unescape(key),
                None => target.clone(),
            };
            let known = self.doc.components.as_ref().is_some_and(|c| c.schemas.contains_key(&key));
            if known {
                out.push((value.clone(), key));
            } else {
                self.warning(
                    &at.push("mapping").push(value),
                    format!(
                        "the discriminator value `{value}` maps to `{target}`, which is not a schema of this document; that value decodes as unknown"
                    ),
                    "point the mapping at `#/components/schemas/<name>` or a schema name",
                );
            }
        }
        out
    }

    /// The subtypes of an `allOf` hierarchy whose base (component `key`) has a discriminator: the
    /// component schemas whose `allOf` names the base, and the schemas its mapping names. `None` when
    /// there are none: the base is then an ordinary object.
    pub(super) fn hierarchy(&mut self, key: &str, schema: &'a oa::Schema, at: &Pointer) -> Option<ir::Tagged> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(_)) => {}
            oa::SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {}
            _ => return None,
        }
        let doc = self.doc;
        let components = doc.components.as_ref()?;
        let base_ref = format!("{COMPONENT_PREFIX}{}", key.replace('~', "~0").replace('/', "~1"));
        let mut children: Vec<&String> = components
            .schemas
            .iter()
            .filter(|(_, child)| match child {
                oa::ReferenceOr::Item(child) => all_of_parts(child)
                    .iter()
                    .any(|part| matches!(part, oa::ReferenceOr::Reference { reference } if *reference == base_ref)),
                oa::ReferenceOr::Reference { .. } => false,
            })
            .map(|(child, _)| child)
            .collect();
        if children.is_empty() && discriminator.mapping.is_empty() {
            return None;
        }
        children.sort();
        let mapping = self.discriminator_mapping(discriminator, &at.push("discriminator"));
        let mut variants: Vec<ir::TaggedVariant> = Vec::new();
        for child in children {
            let Some(type_name) = self.component_names.get(child.as_str()).cloned() else { continue };
            let mapped: Vec<String> = mapping.iter().filter(|(_, target)| target == child).map(|(value, _)| value.clone()).collect();
            let tags = if mapped.is_empty() { vec![child.clone()] } else { mapped };
            variants.push(ir::TaggedVariant {
                name: type_name.clone(),
                tags,
                ty: Some(TypeRef::Named(type_name)),
                docs: ir::Docs::default(),
                boxed: false,
            });
        }
        self.add_mapped(&mut variants, &mapping, Some(key));
        if variants.is_empty() {
            return None;
        }
        Some(ir::Tagged { property: discriminator.property_name.clone(), unknown: catch_all_name(&variants), variants })
    }

    fn all_of(
        &mut self,
        name: &str,
        parts: &'a [oa::ReferenceOr<oa::Schema>],
        own: &[(String, SchemaRef<'a>, Pointer)],
        at: &Pointer,
    ) -> Shape {
        if let ([only], []) = (parts, own) {
            // `allOf: [$ref]` is how 3.0 documents attach a description or `nullable` to a reference.
            return Shape::Use(self.type_of(SchemaRef::from(only), &at.push("allOf").push("0"), name));
        }
        // Parts that only annotate (a description, `xml`, an example) add nothing to the value: with
        // one part that does, the `allOf` is that part, scalar or not.
        let parts_at = at.push("allOf");
        let meaningful: Vec<usize> = (0..parts.len()).filter(|index| !self.annotation_only(&parts_at.push(index.to_string()))).collect();
        if let ([index], []) = (meaningful.as_slice(), own) {
            if meaningful.len() < parts.len() {
                return Shape::Use(self.type_of(SchemaRef::from(&parts[*index]), &parts_at.push(index.to_string()), name));
            }
        }
        let mut gathered = Gathered::default();
        gathered.properties.extend(own.iter().cloned());
        gathered.nots.push(at.clone());
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.push("allOf").push(index.to_string());
            if !self.gather(SchemaRef::from(part), &part_at, &mut gathered) {
                return Shape::Use(TypeRef::Json);
            }
        }
        self.object(name, gathered, at)
    }

    /// Collects the properties of one `allOf` part. Returns false (after a warning) when the part is not an object.
    fn gather(&mut self, schema: SchemaRef<'a>, at: &Pointer, into: &mut Gathered<'a>) -> bool {
        match schema {
            SchemaRef::Ref(reference) => {
                let Some((key, target)) = self.component(reference) else {
                    self.reference(reference, at);
                    return false;
                };
                if self.resolving.iter().any(|k| k == key) {
                    let chain = self.resolving.join(" -> ");
                    self.error(
                        at,
                        format!("`$ref` loop: `{key}` includes itself through `allOf` ({chain} -> {key})"),
                        "break the loop: an object cannot contain all of itself",
                    );
                    return false;
                }
                self.resolving.push(key.to_owned());
                let ok = self.gather(SchemaRef::from(target), &component_pointer(key), into);
                self.resolving.pop();
                ok
            }
            SchemaRef::Item(item) => match &item.schema_kind {
                oa::SchemaKind::Type(oa::Type::Object(object)) => {
                    into.add_object(&object.properties, &object.required, object.additional_properties.as_ref(), at);
                    into.nots.push(at.clone());
                    true
                }
                oa::SchemaKind::AllOf { all_of } => all_of
                    .iter()
                    .enumerate()
                    .all(|(index, part)| self.gather(SchemaRef::from(part), &at.push("allOf").push(index.to_string()), into)),
                oa::SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && any.items.is_none() => {
                    into.add_object(&any.properties, &any.required, any.additional_properties.as_ref(), at);
                    into.nots.push(at.clone());
                    any.all_of
                        .iter()
                        .enumerate()
                        .all(|(index, part)| self.gather(SchemaRef::from(part), &at.push("allOf").push(index.to_string()), into))
                }
                _ => {
                    self.warning(
                        at,
                        "`allOf` with a part that is not an object is not supported; the value is kept as JSON",
                        "make every `allOf` part an object schema",
                    );
                    false
                }
            },
        }
    }

    fn any(&mut self, name: &str, any: &'a oa::AnySchema, discriminator: Option<&'a oa::Discriminator>, at: &Pointer) -> Shape {
        if !any.one_of.is_empty() {
            return self.one_of(name, &any.one_of, discriminator, &at.push("oneOf"));
        }
        if !any.any_of.is_empty() {
            return self.one_of(name, &any.any_of, discriminator, &at.push("anyOf"));
        }
        if !any.all_of.is_empty() {
            let mut own = Gathered::default();
            own.add_object(&any.properties, &any.required, None, at);
            return self.all_of(name, &any.all_of, &own.properties, at);
        }
        let typ = any.typ.as_deref();
        if !any.properties.is_empty() || typ == Some("object") || any.additional_properties.is_some() {
            let mut gathered = Gathered::default();
            gathered.add_object(&any.properties, &any.required, any.additional_properties.as_ref(), at);
            gathered.nots.push(at.clone());
            return self.object(name, gathered, at);
        }
        if any.items.is_some() || typ == Some("array") {
            return Shape::Use(self.array(name, any.items.as_ref(), at));
        }
        let integers: Vec<i64> = any.enumeration.iter().filter_map(serde_json::Value::as_i64).collect();
        if !integers.is_empty() && integers.len() == any.enumeration.len() && matches!(typ, None | Some("integer")) {
            return Shape::Named(self.int_enum(&integers, None, at));
        }
        let strings: Vec<String> = any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
        if !strings.is_empty()
            && (typ.is_none() || typ == Some("string"))
            && strings.len() + any.enumeration.iter().filter(|v| v.is_null()).count() == any.enumeration.len()
        {
            let owned = strings;
            return Shape::Named(self.string_enum(owned.iter(), at));
        }
        Shape::Use(match typ {
            Some("string") => any.format.as_deref().map_or(TypeRef::String, string_format),
            Some("integer") => match any.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match any.format.as_deref() {
                Some("float") => TypeRef::F32,
                Some("decimal") => TypeRef::Decimal,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            None => {
                if any.not.is_some() {
                    self.warning(
                        at,
                        "`not` cannot be typed; the value is kept as JSON",
                        "describe what the value is rather than what it is not",
                    );
                }
                TypeRef::Json
            }
            Some(other) => {
                self.error(
                    &at.push("type"),
                    format!("unknown type `{other}`"),
                    "use one of string, number, integer, boolean, array, object",
                );
                TypeRef::Json
            }
        })
    }

    fn object(&mut self, name: &str, gathered: Gathered<'a>, at: &Pointer) -> Shape {
        let additional = match gathered.additional {
            None | Some((oa::AdditionalProperties::Any(false), _)) => None,
            Some((oa::AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            Some((oa::AdditionalProperties::Schema(schema), ref ap_at)) => {
                Some(self.type_of(SchemaRef::from(schema.as_ref()), ap_at, &format!("{name}Value")))
            }
        };
        if gathered.properties.is_empty() {
            return match (additional, &gathered.additional) {
                (Some(TypeRef::Json), _) | (None, None) => Shape::Use(TypeRef::Json),
                (Some(value), _) => Shape::Use(TypeRef::Map(Box::new(value))),
                (None, Some(_)) => Shape::Named(ir::TypeKind::Struct(ir::Struct {
                    fields: Vec::new(),
                    additional: None,
                    exclusive: Vec::new(),
                    all_optional: true,
                    constructor: false,
                    param: None,
                })),
            };
        }
        let mut properties = gathered.properties;
        // Later parts of an `allOf` may repeat a property; the first description of it wins.
        let mut seen = BTreeSet::new();
        properties.retain(|(key, _, _)| seen.insert(key.clone()));
        properties.sort_by(|a, b| a.0.cmp(&b.0));
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (key, schema, prop_at) in properties {
            let field_name = self.distinct_name(&mut scope, names::value_name(&key), &prop_at, &key, "property");
            let hint = format!("{name}{}", names::type_name(&key));
            let ty = self.type_of(schema, &prop_at, &hint);
            let nullable = self.is_nullable(schema);
            // A readOnly property is the server's to send and a writeOnly one the client's, so one type
            // serves requests and responses when neither is demanded: both are optional here.
            let (read_only, write_only) = self.access(schema, &prop_at);
            let required = gathered.required.contains(&key) && !read_only && !write_only;
            let presence = match (required, nullable) {
                (true, false) => ir::Presence::Required,
                (true, true) => ir::Presence::RequiredNullable,
                (false, _) => match self.default_literal(schema, &ty, &prop_at) {
                    Some(literal) if !nullable => ir::Presence::Defaulted(literal),
                    _ => ir::Presence::Optional,
                },
            };
            let mut docs = self.field_docs(schema, &prop_at);
            let was_required = gathered.required.contains(&key);
            if read_only {
                let also = if was_required { " The spec requires it in responses." } else { "" };
                docs.notes.push(format!("Read-only: the server sends it; a request may leave it out.{also}"));
            }
            if write_only {
                let also = if was_required { " The spec requires it in requests." } else { "" };
                docs.notes.push(format!("Write-only: sent to the server, never returned.{also}"));
            }
            fields.push(ir::Field { origin: prop_at, name: field_name, wire_name: key, ty, presence, boxed: false, docs });
        }
        if additional.is_some() && scope.contains("additional_properties") {
            self.error(
                at,
                "a property named `additional_properties` clashes with the field that holds `additionalProperties`",
                "rename the property",
            );
        }
        let exclusive = self.exclusive_groups(name, &gathered.nots, &mut fields);
        let all_optional = fields.iter().all(|f| !matches!(f.presence, ir::Presence::Required)) && exclusive.is_empty();
        Shape::Named(ir::TypeKind::Struct(ir::Struct { fields, additional, exclusive, all_optional, constructor: false, param: None }))
    }

    /// Finds `not: { required: [a, b] }` beside the properties: at most one of `a`, `b` may be set.
    fn exclusive_groups(&mut self, name: &str, nots: &[Pointer], fields: &mut Vec<ir::Field>) -> Vec<ir::ExclusiveGroup> {
        let mut groups = Vec::new();
        for at in nots {
            let Some(not) = self.raw_at(at).and_then(|schema| schema.get("not")) else { continue };
            let not_at = at.push("not");
            let members: Option<Vec<&str>> = match not.as_object() {
                Some(object) if object.len() == 1 => object
                    .get("required")
                    .and_then(|required| required.as_array())
                    .and_then(|required| required.iter().map(|v| v.as_str()).collect()),
                _ => None,
            };
            let Some(members) = members.filter(|m| m.len() >= 2 && m.iter().all(|k| fields.iter().any(|f| f.wire_name == *k))) else {
                self.warning(
                    &not_at,
                    "this `not` is ignored: only `not: { required: [a, b] }` over the object's own properties is understood",
                    "remove the `not` or list two or more properties of this object",
                );
                continue;
            };
            let moved: Vec<ir::Field> = members
                .iter()
                .filter_map(|key| fields.iter().position(|f| f.wire_name == *key).map(|index| fields.remove(index)))
                .collect();
            let field_name = Ident::join(&[&moved.iter().map(|f| f.name.trim_end_matches('_')).collect::<Vec<_>>().join("_or_")]);
            let enum_name = self.inline_name(&format!("{name}{}", names::type_name(&field_name)));
            if !self.claim_type(&enum_name, &not_at, &enum_name) {
                continue;
            }
            if fields.iter().any(|f| f.name == field_name) {
                self.error(
                    &not_at,
                    format!("the field `{field_name}` made for these exclusive properties clashes with a property of the same name"),
                    "rename the property",
                );
                continue;
            }
            let members = moved
                .into_iter()
                .map(|mut field| {
                    field.presence = ir::Presence::Optional;
                    ir::ExclusiveMember { variant: names::type_name(&field.wire_name), field }
                })
                .collect();
            groups.push(ir::ExclusiveGroup { origin: not_at, field_name, enum_name, members });
        }
        groups
    }

    /// The property's `default` as a Rust literal. A default that does not fit the property's type
    /// (an integer out of range, a float `f32` cannot hold, a value the enum does not list, a value
    /// of another kind) is reported, and the field is then optional with no default filled in.
    fn default_literal(&mut self, schema: SchemaRef<'a>, ty: &TypeRef, at: &Pointer) -> Option<ir::Literal> {
        let value = match schema {
            SchemaRef::Item(item) => item.schema_data.default.as_ref()?,
            SchemaRef::Ref(_) => return None,
        };
        let literal = match (ty, value) {
            (TypeRef::Bool, serde_json::Value::Bool(b)) => Some(ir::Literal::Bool(*b)),
            (TypeRef::I32, serde_json::Value::Number(n)) => n.as_i64().filter(|v| i32::try_from(*v).is_ok()).map(ir::Literal::Int),
            (TypeRef::I64, serde_json::Value::Number(n)) => n.as_i64().map(ir::Literal::Int),
            (TypeRef::F32, serde_json::Value::Number(n)) => n.as_f64().filter(|v| (*v as f32).is_finite()).map(ir::Literal::Float),
            (TypeRef::F64, serde_json::Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()).map(ir::Literal::Float),
            (TypeRef::String | TypeRef::Secret, serde_json::Value::String(s)) => Some(ir::Literal::Str(s.clone())),
            (TypeRef::Named(type_name), serde_json::Value::String(s)) => {
                let def = self.types.iter().find(|t| t.name == *type_name)?;
                match &def.kind {
                    ir::TypeKind::StringEnum(variants) => {
                        variants.iter().find(|v| &v.wire == s).map(|v| ir::Literal::EnumVariant(type_name.clone(), v.name.clone()))
                    }
                    _ => return None,
                }
            }
            // Defaults of other types (objects, arrays, dates...) are documented, not filled in.
            (TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::String | TypeRef::Secret, _) => None,
            _ => return None,
        };
        if literal.is_none() {
            let rust = match ty {
                TypeRef::Bool => "bool",
                TypeRef::I32 => "i32",
                TypeRef::I64 => "i64",
                TypeRef::F32 => "f32",
                TypeRef::F64 => "f64",
                TypeRef::Named(_) => "the enum",
                _ => "a string",
            };
            self.warning(
                &at.push("default"),
                format!("the default `{value}` does not fit {rust}; it is not filled in, so an absent value stays `None`"),
                "give a default the property's type and format can hold",
            );
        }
        literal
    }

    /// The docs of a schema: title as summary, description, and notes on format and default.
    pub(crate) fn docs_of(&self, schema: SchemaRef<'a>, at: &Pointer) -> ir::Docs {
        match schema {
            SchemaRef::Item(item) => {
                ir::Docs { summary: item.schema_data.title.clone(), description: item.schema_data.description.clone(), notes: Vec::new() }
            }
            SchemaRef::Ref(_) => ir::Docs {
                // A description beside a `$ref` is ignored by OpenAPI 3.0 tools, but it is still the best text there is.
                description: self.raw_at(at).and_then(|v| v.get("description")).and_then(|v| v.as_str()).map(str::to_owned),
                ..ir::Docs::default()
            },
        }
    }

    /// Whether a property is `readOnly` and whether it is `writeOnly`: on its schema, beside its
    /// `$ref`, or on the schema the `$ref` names.
    fn access(&self, schema: SchemaRef<'a>, at: &Pointer) -> (bool, bool) {
        match schema {
            SchemaRef::Item(item) => (item.schema_data.read_only, item.schema_data.write_only),
            SchemaRef::Ref(reference) => {
                let beside = |key: &str| self.raw_at(at).and_then(|raw| raw.get(key)).and_then(serde_json::Value::as_bool);
                let target = match self.component(reference) {
                    Some((_, oa::ReferenceOr::Item(item))) => (item.schema_data.read_only, item.schema_data.write_only),
                    _ => (false, false),
                };
                (beside("readOnly").unwrap_or(target.0), beside("writeOnly").unwrap_or(target.1))
            }
        }
    }

    /// `wanted` if it is free in `scope`; otherwise the first of `wanted2`, `wanted3`... that is, with
    /// a warning: two spec names that become one Rust name still get two Rust names, and the wire
    /// names stay exact.
    pub(crate) fn distinct_name(&mut self, scope: &mut Scope, wanted: Ident, at: &Pointer, raw: &str, what: &str) -> Ident {
        if scope.claim(self.file, &wanted, at, raw, what).is_ok() {
            return wanted;
        }
        let free =
            (2..).map(|n| wanted.suffixed(&n.to_string())).find(|candidate| !scope.contains(candidate.as_str())).unwrap_or(wanted.clone());
        let first =
            scope.claimant(&wanted).map(|first| if first.starts_with("the ") { first } else { format!("`{first}`") }).unwrap_or_default();
        self.warning(
            at,
            format!("{what} `{raw}` would become the Rust name `{wanted}`, which {first} already has; it is named `{free}`"),
            match what {
                "property" | "parameter" => format!("the name on the wire stays `{raw}`; rename one of them if you want other Rust names"),
                _ => "rename one of them in the spec if you want other Rust names".to_owned(),
            },
        );
        let _ = scope.claim(self.file, &free, at, raw, what);
        free
    }

    fn field_docs(&self, schema: SchemaRef<'a>, at: &Pointer) -> ir::Docs {
        let mut docs = self.docs_of(schema, at);
        if let SchemaRef::Item(item) = schema {
            if let Some(default) = &item.schema_data.default {
                docs.notes.push(format!("Default: `{default}`."));
            }
            if docs.description.is_none() && docs.summary.is_none() {
                if let oa::SchemaKind::AllOf { all_of } = &item.schema_kind {
                    if let [only] = all_of.as_slice() {
                        docs = self.docs_of(SchemaRef::from(only), &at.push("allOf").push("0"));
                    }
                }
            }
        }
        docs
    }

    /// Boxes fields and variants whose type contains the type holding them, so recursive types have a size.
    pub(super) fn box_recursive_fields(&mut self) {
        let index: BTreeMap<Ident, usize> = self.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
        let edges: Vec<Vec<usize>> =
            self.types.iter().map(|t| direct_uses(&t.kind).into_iter().filter_map(|name| index.get(&name).copied()).collect()).collect();
        let component = strongly_connected(&edges);
        let same = |a: &str, b: &TypeRef| -> bool {
            let inner = match b {
                TypeRef::Named(n) => Some(n),
                TypeRef::Nullable(inner) => match inner.as_ref() {
                    TypeRef::Named(n) => Some(n),
                    _ => None,
                },
                _ => None,
            };
            match (index.get(a), inner.and_then(|n| index.get(n.as_str()))) {
                (Some(x), Some(y)) => component[*x] == component[*y],
                _ => false,
            }
        };
        for def in &mut self.types {
            let name = def.name.clone();
            match &mut def.kind {
                ir::TypeKind::Struct(s) => {
                    for field in s.fields.iter_mut().chain(s.exclusive.iter_mut().flat_map(|g| g.members.iter_mut().map(|m| &mut m.field)))
                    {
                        field.boxed = same(&name, &field.ty);
                    }
                }
                ir::TypeKind::OneOf(variants) | ir::TypeKind::MediaUnion(variants) => {
                    for variant in variants {
                        variant.boxed = same(&name, &variant.ty);
                    }
                }
                ir::TypeKind::Tagged(tagged) => {
                    for variant in &mut tagged.variants {
                        variant.boxed = variant.ty.as_ref().is_some_and(|ty| same(&name, ty));
                    }
                }
                ir::TypeKind::StringEnum(_) | ir::TypeKind::IntEnum(_) | ir::TypeKind::Alias(_) => {}
            }
        }
    }

    /// An untagged union decodes a value as its first alternative that takes it. An alternative
    /// whose every value an earlier one also takes is never chosen: that is reported at it, naming
    /// the alternative that wins, since the spec means the value to be told apart.
    pub(super) fn check_untagged(&mut self) {
        for tried in std::mem::take(&mut self.untagged) {
            for (later, (at, ty)) in tried.iter().enumerate() {
                let Some((earlier, _)) = tried[..later].iter().enumerate().find(|(_, (_, first))| self.takes_all(first, ty, 0)) else {
                    continue;
                };
                self.warning(
                    at,
                    format!(
                        "this alternative can never be decoded: every value it allows, by type (patterns and formats are not checked), also fits alternative {earlier}, which is tried first, so such a value always becomes alternative {earlier}"
                    ),
                    "add a `discriminator`, or give the alternatives a property with a different single `enum` value each",
                );
            }
        }
    }

    /// True when decoding as `first` succeeds for every value `then` decodes, as far as types tell:
    /// formats and patterns are not checked, and an open enum takes every string.
    fn takes_all(&self, first: &TypeRef, then: &TypeRef, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let first = self.unaliased(first, depth);
        let then = self.unaliased(then, depth);
        if first == then {
            return true;
        }
        let kind = |ty: &TypeRef| self.kind_of(ty);
        let any_string =
            |ty: &TypeRef| matches!(ty, TypeRef::String | TypeRef::Secret) || matches!(kind(ty), Some(ir::TypeKind::StringEnum(_)));
        let string_like = |ty: &TypeRef| {
            any_string(ty) || matches!(ty, TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Base64 | TypeRef::Text(_))
        };
        let any_integer = |ty: &TypeRef| matches!(ty, TypeRef::I64) || matches!(kind(ty), Some(ir::TypeKind::IntEnum(_)));
        let integer_like = |ty: &TypeRef| any_integer(ty) || matches!(ty, TypeRef::I32);
        match (&first, &then) {
            (TypeRef::Json, _) => true,
            (a, b) if any_string(a) => string_like(b),
            (TypeRef::F64, b) => integer_like(b) || matches!(b, TypeRef::F32),
            (a, b) if any_integer(a) => integer_like(b),
            (TypeRef::List(a), TypeRef::List(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => self.takes_all(a, b, depth + 1),
            (TypeRef::Named(_), TypeRef::Named(_)) => match (kind(&first), kind(&then)) {
                (Some(ir::TypeKind::Struct(a)), Some(ir::TypeKind::Struct(b))) => {
                    a.exclusive.is_empty() && b.exclusive.is_empty() && self.struct_takes_all(a, b, depth)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// [`takes_all`](Self::takes_all) for two objects: each property `first` requires is required
    /// by `then`, and each property both have takes what `then` holds in it.
    fn struct_takes_all(&self, first: &ir::Struct, then: &ir::Struct, depth: usize) -> bool {
        let required = |field: &ir::Field| matches!(field.presence, ir::Presence::Required | ir::Presence::RequiredNullable);
        first.fields.iter().all(|field| match then.fields.iter().find(|other| other.wire_name == field.wire_name) {
            Some(other) => (!required(field) || required(other)) && self.takes_all(&field.ty, &other.ty, depth + 1),
            None => !required(field) && then.additional.is_none(),
        })
    }

    /// The type an alias names, followed through aliases.
    fn unaliased(&self, ty: &TypeRef, depth: usize) -> TypeRef {
        let mut ty = ty.clone();
        for _ in depth..16 {
            match self.kind_of(&ty) {
                Some(ir::TypeKind::Alias(inner)) => ty = inner.clone(),
                _ => break,
            }
        }
        ty
    }

    /// The definition of a named type made so far.
    fn kind_of(&self, ty: &TypeRef) -> Option<&ir::TypeKind> {
        let TypeRef::Named(name) = ty else { return None };
        self.types.iter().find(|def| def.name == *name).map(|def| &def.kind)
    }

    /// A type alias that contains itself (`A = Vec<A>`, or `$ref` chains) cannot be written in Rust.
    pub(super) fn check_alias_loops(&mut self) {
        let aliases: BTreeMap<Ident, (TypeRef, Pointer)> = self
            .types
            .iter()
            .filter_map(|t| match &t.kind {
                ir::TypeKind::Alias(ty) => Some((t.name.clone(), (ty.clone(), t.origin.clone()))),
                _ => None,
            })
            .collect();
        let mut reported = BTreeSet::new();
        for (start, (_, origin)) in &aliases {
            let mut seen = vec![start.clone()];
            let mut frontier = vec![start.clone()];
            while let Some(current) = frontier.pop() {
                let Some((ty, _)) = aliases.get(&current) else { continue };
                for used in all_uses(ty) {
                    if &used == start {
                        if reported.insert(start.clone()) {
                            self.error(
                                origin,
                                format!(
                                    "`$ref` loop: `{start}` refers to itself ({} -> {start}) with no object in between",
                                    seen.join(" -> ")
                                ),
                                "break the loop with an object schema, or point the `$ref` at a real type",
                            );
                        }
                    } else if aliases.contains_key(&used) && !seen.contains(&used) {
                        seen.push(used.clone());
                        frontier.push(used);
                    }
                }
            }
        }
    }
}

impl<'a> Gathered<'a> {
    fn add_object(
        &mut self,
        properties: impl IntoIterator<Item = (&'a String, &'a oa::ReferenceOr<Box<oa::Schema>>)>,
        required: &[String],
        additional: Option<&'a oa::AdditionalProperties>,
        at: &Pointer,
    ) {
        for (key, schema) in properties {
            self.properties.push((key.clone(), SchemaRef::from(schema), at.push("properties").push(key)));
        }
        self.required.extend(required.iter().cloned());
        if let Some(additional) = additional {
            if self.additional.is_none() {
                self.additional = Some((additional, at.push("additionalProperties")));
            }
        }
    }
}

fn component_pointer(key: &str) -> Pointer {
    Pointer::root().push("components").push("schemas").push(key)
}

fn string_type(format: &oa::VariantOrUnknownOrEmpty<oa::StringFormat>) -> TypeRef {
    match format {
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::DateTime) => TypeRef::DateTime,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Date) => TypeRef::Date,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Password) => TypeRef::Secret,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Byte) => TypeRef::Base64,
        oa::VariantOrUnknownOrEmpty::Unknown(format) => string_format(format),
        _ => TypeRef::String,
    }
}

/// The type of a string with a format `openapiv3` does not name: numbers written as strings keep
/// their value (`int64` as a string is an `i64`), `uuid` is a UUID, `decimal` keeps every digit.
fn string_format(format: &str) -> TypeRef {
    match format {
        "uuid" => TypeRef::Uuid,
        "decimal" => TypeRef::Text(Box::new(TypeRef::Decimal)),
        "int64" | "uint64" | "long" => TypeRef::Text(Box::new(TypeRef::I64)),
        "int32" | "uint32" => TypeRef::Text(Box::new(TypeRef::I32)),
        "double" | "number" => TypeRef::Text(Box::new(TypeRef::F64)),
        "float" => TypeRef::Text(Box::new(TypeRef::F32)),
        "byte" => TypeRef::Base64,
        "date-time" => TypeRef::DateTime,
        "date" => TypeRef::Date,
        "password" => TypeRef::Secret,
        _ => TypeRef::String,
    }
}

/// The variant names an enum's `x-enum-varnames` (or `x-enumNames`) gives, if it does.
fn enum_names(data: &oa::SchemaData) -> Option<&serde_json::Value> {
    data.extensions.get("x-enum-varnames").or_else(|| data.extensions.get("x-enumNames"))
}

/// The catch-all variant of a tagged union: `Unknown`, unless a variant has that name.
fn catch_all_name(variants: &[ir::TaggedVariant]) -> Ident {
    names::catch_all(|candidate| variants.iter().any(|v| v.name == candidate))
}

/// The one value a schema allows for `property` (`enum: [x]`, or `const: x` after 3.1 normalising),
/// if it says so.
fn single_value(schema: &oa::Schema, property: &str) -> Vec<String> {
    let properties = match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(object)) => &object.properties,
        oa::SchemaKind::Any(any) => &any.properties,
        _ => return Vec::new(),
    };
    let Some(oa::ReferenceOr::Item(property)) = properties.get(property) else { return Vec::new() };
    match &property.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(string)) => match string.enumeration.as_slice() {
            [Some(only)] => vec![only.clone()],
            _ => Vec::new(),
        },
        oa::SchemaKind::Any(any) => match any.enumeration.as_slice() {
            [serde_json::Value::String(only)] => vec![only.clone()],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// An object schema's own properties.
type Properties = indexmap::IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>;

/// An object schema's own properties, required list and `additionalProperties` (not an `allOf` or
/// a union).
fn object_parts(schema: &oa::Schema) -> Option<(&Properties, &[String], Option<&oa::AdditionalProperties>)> {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(object)) => {
            Some((&object.properties, &object.required, object.additional_properties.as_ref()))
        }
        oa::SchemaKind::Any(any)
            if any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() && !any.properties.is_empty() =>
        {
            Some((&any.properties, &any.required, any.additional_properties.as_ref()))
        }
        _ => None,
    }
}

/// The values a string schema lists (none for a plain string without a format), or `None` when the
/// schema is not a string, has a format, or allows `null`.
fn string_values(schema: &oa::Schema) -> Option<Vec<String>> {
    if schema.schema_data.nullable {
        return None;
    }
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(string)) if matches!(string.format, oa::VariantOrUnknownOrEmpty::Empty) => {
            string.enumeration.iter().map(Option::clone).collect()
        }
        oa::SchemaKind::Any(any)
            if any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty()
                && any.properties.is_empty()
                && any.items.is_none()
                && any.format.is_none()
                && !any.enumeration.is_empty()
                && matches!(any.typ.as_deref(), None | Some("string")) =>
        {
            any.enumeration.iter().map(|value| value.as_str().map(str::to_owned)).collect()
        }
        _ => None,
    }
}

/// The `allOf` parts of a schema, whichever way it is written.
fn all_of_parts(schema: &oa::Schema) -> &[oa::ReferenceOr<oa::Schema>] {
    match &schema.schema_kind {
        oa::SchemaKind::AllOf { all_of } => all_of,
        oa::SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// A word for a type, to name a `oneOf` variant holding it.
fn kind_word(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String | TypeRef::Secret => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Json => "Json",
        TypeRef::Decimal => "Decimal",
        TypeRef::Uuid => "Uuid",
        TypeRef::Base64 => "Bytes",
        TypeRef::Text(inner) => kind_word(inner),
        TypeRef::Tuple(_) => "Tuple",
        TypeRef::Bytes => "Bytes",
        TypeRef::Named(_) | TypeRef::Generic(..) | TypeRef::Param(_) => "Object",
        TypeRef::List(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(_) => "Nullable",
    }
}

/// Named types a type contains by value (not behind a `Vec` or a map), which make recursion need a `Box`.
fn direct_uses(kind: &ir::TypeKind) -> Vec<Ident> {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => Some(n.clone()),
        TypeRef::Nullable(inner) => match inner.as_ref() {
            TypeRef::Named(n) => Some(n.clone()),
            _ => None,
        },
        _ => None,
    };
    match kind {
        ir::TypeKind::Struct(s) => s
            .fields
            .iter()
            .chain(s.exclusive.iter().flat_map(|g| g.members.iter().map(|m| &m.field)))
            .filter_map(|f| direct(&f.ty))
            .collect(),
        ir::TypeKind::OneOf(variants) | ir::TypeKind::MediaUnion(variants) => variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        ir::TypeKind::Tagged(tagged) => tagged.variants.iter().filter_map(|v| v.ty.as_ref().and_then(direct)).collect(),
        ir::TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Every named type a type use mentions, at any depth.
fn all_uses(ty: &TypeRef) -> Vec<Ident> {
    match ty {
        TypeRef::Named(n) => vec![n.clone()],
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => all_uses(inner),
        _ => Vec::new(),
    }
}

/// Tarjan's strongly connected components, iteratively (deep schemas must not overflow the stack).
/// Returns the component number of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(edge) {
                work.push((node, edge + 1));
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}
