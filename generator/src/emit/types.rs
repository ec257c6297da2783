//! Models: one Rust type per named schema.

use super::docs;
use super::{Names, Prelude};
use crate::ir::{self, Presence, TypeKind, TypeRef};
use crate::names::Ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A part of the `types.rs` module of one API: the types in `range`, and the module's docs in the
/// part that starts it.
pub fn module(api: &ir::Api, names: &Names, range: std::ops::Range<usize>) -> TokenStream {
    let doc = (range.start == 0).then(|| docs::inner_attrs(&[format!("Models of {}: one type per schema.", api.title.trim())]));
    let items = api.types.get(range).unwrap_or_default().iter().map(|def| type_def(def, names, api));
    // Collected, not interpolated: `quote!` would copy each type's top-level tokens.
    doc.into_iter().chain(items).collect()
}

fn type_def(def: &ir::TypeDef, names: &Names, api: &ir::Api) -> TokenStream {
    let fallback = match def.origin.tokens().collect::<Vec<_>>().as_slice() {
        [components, schemas, key] if components == "components" && schemas == "schemas" => format!("The `{key}` schema."),
        _ => format!("The schema at `{}`.", def.origin),
    };
    let mut lines = docs::or(&def.docs, &fallback);
    // The spec's example, as JSON a reader can compare with what the server sends.
    if let Some(text) =
        def.example.as_ref().and_then(|example| serde_json::to_string_pretty(example).ok()).filter(|text| text.lines().count() <= 30)
    {
        lines.extend([String::new(), "Example:".to_owned(), String::new(), "```json".to_owned()]);
        lines.extend(text.lines().map(str::to_owned));
        lines.push("```".to_owned());
    }
    let doc = docs::text_attrs(&lines);
    let name = &def.name;
    match &def.kind {
        TypeKind::Struct(s) => structure(name, &doc, s, names),
        TypeKind::StringEnum(variants) => string_enum(name, &doc, variants, names),
        TypeKind::IntEnum(int_enum) => integer_enum(name, &doc, int_enum, names),
        TypeKind::OneOf(variants) => {
            let param = ir::is_scalar_kind(&api.types, &def.kind).then(|| one_of_param_value(name, variants));
            let item = one_of(name, &doc, variants, names, api);
            quote! { #item #param }
        }
        TypeKind::MediaUnion(variants) => media_union(name, &doc, variants, names, api),
        TypeKind::Tagged(tagged) => tagged_union(name, &doc, tagged, names, api),
        TypeKind::Alias(ty) => {
            let ty = names.ty(ty);
            quote! { #doc pub type #name = #ty; }
        }
    }
}

/// The Rust type of a field, with `Option` and `Box` as its presence and recursion need.
fn field_type(field: &ir::Field, names: &Names) -> TokenStream {
    let inner = names.ty(&field.ty);
    let boxed = names.p(Prelude::Box);
    let option = names.p(Prelude::Option);
    let inner = if field.boxed {
        quote! { #boxed<#inner> }
    } else {
        inner
    };
    match field.presence {
        Presence::Required | Presence::Defaulted(_) => inner,
        Presence::RequiredNullable | Presence::Optional => quote! { #option<#inner> },
    }
}

fn default_fn_name(field: &ir::Field) -> Ident {
    field.name.prefixed("default_")
}

fn field_attrs(owner: &Ident, field: &ir::Field, names: &Names) -> TokenStream {
    let mut serde = Vec::new();
    if field.name != field.wire_name.as_str() {
        let wire = &field.wire_name;
        serde.push(quote! { rename = #wire });
    }
    match &field.presence {
        Presence::Required | Presence::RequiredNullable => {}
        Presence::Optional => {
            let is_none = names.is_none();
            serde.push(quote! { default, skip_serializing_if = #is_none })
        }
        Presence::Defaulted(_) => {
            let path = format!("{owner}::{}", default_fn_name(field));
            serde.push(quote! { default = #path });
        }
    }
    if serde.is_empty() {
        quote! {}
    } else {
        quote! { #[serde(#(#serde),*)] }
    }
}

/// A field's description; a property the spec does not describe has none (its name says as much as
/// a made-up sentence would).
fn field_doc(field: &ir::Field) -> TokenStream {
    docs::text_attrs(&docs::lines(&field.docs))
}

/// A default value. `lower` only keeps defaults that fit their type (an `i32` in range, a finite
/// float), so every literal here is exact.
fn literal(lit: &ir::Literal, ty: &TypeRef, boxed: bool, names: &Names) -> TokenStream {
    let value = match lit {
        ir::Literal::Bool(b) => quote! { #b },
        ir::Literal::Int(i) => match ty {
            TypeRef::F32 => {
                let v = Literal::f32_unsuffixed(*i as f32);
                quote! { #v }
            }
            TypeRef::F64 => {
                let v = Literal::f64_unsuffixed(*i as f64);
                quote! { #v }
            }
            _ => {
                let v = Literal::i64_unsuffixed(*i);
                quote! { #v }
            }
        },
        ir::Literal::Float(f) => match ty {
            TypeRef::F32 => {
                let v = Literal::f32_unsuffixed(*f as f32);
                quote! { #v }
            }
            _ => {
                let v = Literal::f64_unsuffixed(*f);
                quote! { #v }
            }
        },
        ir::Literal::Str(s) => quote! { #s.into() },
        ir::Literal::EnumVariant(type_name, variant) => quote! { #type_name::#variant },
    };
    if boxed {
        let boxed = names.p(Prelude::Box);
        quote! { #boxed::new(#value) }
    } else {
        value
    }
}

fn structure(name: &Ident, doc: &TokenStream, s: &ir::Struct, names: &Names) -> TokenStream {
    let owner = name;
    let fields = s.fields.iter().map(|field| {
        let fname = &field.name;
        let ty = field_type(field, names);
        let attrs = field_attrs(owner, field, names);
        let fdoc = field_doc(field);
        quote! { #fdoc #attrs pub #fname: #ty, }
    });
    let exclusive_fields = s.exclusive.iter().map(|group| {
        let fname = &group.field_name;
        let ename = &group.enum_name;
        let members: Vec<String> = group.members.iter().map(|m| format!("`{}`", m.field.wire_name)).collect();
        let fdoc = docs::text_attrs(&[format!("At most one of {} is set.", members.join(", "))]);
        let option = names.p(Prelude::Option);
        let is_none = names.is_none();
        quote! { #fdoc #[serde(flatten, default, skip_serializing_if = #is_none)] pub #fname: #option<#ename>, }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let ty = names.ty(ty);
        let string = names.p(Prelude::String);
        quote! {
            /// Properties the schema does not list.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<#string, #ty>,
        }
    });
    let has_defaults = s.fields.iter().any(|f| matches!(f.presence, Presence::Defaulted(_)));
    let derive_default = s.all_optional && !has_defaults;
    let default = derive_default.then(|| quote! { Default, });
    // Structs with exclusive groups implement `Deserialize` by hand, to refuse two members at once.
    let deserialize = s.exclusive.is_empty().then(|| quote! { , serde::Deserialize });
    let derives = quote! { #[derive(Debug, Clone, PartialEq, #default serde::Serialize #deserialize)] };
    // serde asks `T: Default` of a parameter used in a `#[serde(default)]` field (`Option<Vec<T>>`
    // needs no such thing), so a generic struct states the one bound decoding needs.
    let derives = match &s.param {
        Some(param) => {
            let bound = format!("{param}: serde::Deserialize<'de>");
            quote! { #derives #[serde(bound(deserialize = #bound))] }
        }
        None => derives,
    };
    let default_fns = s.fields.iter().filter_map(|field| match &field.presence {
        Presence::Defaulted(lit) => {
            let fname = default_fn_name(field);
            let ty = field_type(field, names);
            let value = literal(lit, &field.ty, field.boxed, names);
            Some(quote! { fn #fname() -> #ty { #value } })
        }
        _ => None,
    });
    let default_fns: Vec<TokenStream> = default_fns.collect();
    let constructor = constructor(s, names);
    // A generic struct (`lower` makes one only of structs without defaults, exclusive groups or
    // other properties) has its parameter after its name, in the declaration and in its `impl`.
    let generics = s.param.as_ref().map(|param| quote! { <#param> });
    let inherent = if default_fns.is_empty() && constructor.is_empty() {
        quote! {}
    } else {
        quote! { impl #generics #name #generics { #constructor #(#default_fns)* } }
    };
    let manual_default = if s.all_optional && has_defaults {
        let inits = s.fields.iter().map(|f| {
            let fname = &f.name;
            match &f.presence {
                Presence::Defaulted(_) => {
                    let dfn = default_fn_name(f);
                    quote! { #fname: Self::#dfn() }
                }
                _ => quote! { #fname: None },
            }
        });
        let default = names.p(Prelude::Default);
        let extra = s.additional.as_ref().map(|_| quote! { additional_properties: #default::default(), });
        quote! {
            impl #default for #name {
                fn default() -> Self { Self { #(#inits,)* #extra } }
            }
        }
    } else {
        quote! {}
    };
    let exclusive_items = s.exclusive.iter().map(|group| exclusive_enum(group, names));
    let exclusive_deserialize = exclusive_deserialize(name, s, names);
    quote! {
        #doc
        #derives
        pub struct #name #generics {
            #(#fields)*
            #(#exclusive_fields)*
            #additional
        }
        #inherent
        #manual_default
        #(#exclusive_items)*
        #exclusive_deserialize
    }
}

/// `new` with the required fields as arguments, when there are a few.
fn constructor(s: &ir::Struct, names: &Names) -> TokenStream {
    let required: Vec<&ir::Field> = s.fields.iter().filter(|f| matches!(f.presence, Presence::Required)).collect();
    if !s.constructor || required.is_empty() || required.len() > 6 {
        return quote! {};
    }
    let args = required.iter().map(|f| {
        let fname = &f.name;
        let ty = argument_type(&f.ty, names);
        quote! { #fname: #ty }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = &f.name;
        match &f.presence {
            Presence::Required => {
                let boxed = names.p(Prelude::Box);
                match (into_argument(&f.ty), f.boxed) {
                    (true, true) => quote! { #fname: #boxed::new(#fname.into()) },
                    (true, false) => quote! { #fname: #fname.into() },
                    (false, true) => quote! { #fname: #boxed::new(#fname) },
                    (false, false) => quote! { #fname },
                }
            }
            Presence::Defaulted(_) => {
                let dfn = default_fn_name(f);
                quote! { #fname: Self::#dfn() }
            }
            Presence::Optional | Presence::RequiredNullable => quote! { #fname: None },
        }
    });
    let exclusive = s.exclusive.iter().map(|g| {
        let fname = &g.field_name;
        quote! { #fname: None, }
    });
    let default = names.p(Prelude::Default);
    let additional = s.additional.as_ref().map(|_| quote! { additional_properties: #default::default(), });
    quote! {
        /// A value with the required fields set and the others empty or at their defaults.
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* #(#exclusive)* #additional }
        }
    }
}

/// Strings and secrets are taken as `impl Into<...>` so callers can pass `&str`.
pub(crate) fn into_argument(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Secret | TypeRef::Decimal | TypeRef::Base64 | TypeRef::Text(_))
}

pub(crate) fn argument_type(ty: &TypeRef, names: &Names) -> TokenStream {
    let inner = names.ty(ty);
    if into_argument(ty) {
        quote! { impl Into<#inner> }
    } else {
        inner
    }
}

fn exclusive_enum(group: &ir::ExclusiveGroup, names: &Names) -> TokenStream {
    let name = &group.enum_name;
    let members: Vec<String> = group.members.iter().map(|m| format!("`{}`", m.field.wire_name)).collect();
    let doc = docs::text_attrs(&[format!("Which one of {} is set; the spec allows at most one.", members.join(", "))]);
    let variants = group.members.iter().map(|m| {
        let vname = &m.variant;
        let wire = &m.field.wire_name;
        let ty = names.ty(&m.field.ty);
        let boxed = names.p(Prelude::Box);
        let ty = if m.field.boxed {
            quote! { #boxed<#ty> }
        } else {
            ty
        };
        let vdoc = field_doc(&m.field);
        quote! { #vdoc #[serde(rename = #wire)] #vname(#ty), }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum #name { #(#variants)* }
    }
}

/// Structs with exclusive groups deserialize through a private mirror with every member as an `Option`,
/// then refuse input that sets two members of one group.
fn exclusive_deserialize(name: &Ident, s: &ir::Struct, names: &Names) -> TokenStream {
    if s.exclusive.is_empty() {
        return quote! {};
    }
    let owner = name;
    let mirror_fields = s.fields.iter().map(|f| {
        let fname = &f.name;
        let ty = field_type(f, names);
        let attrs = field_attrs(owner, f, names);
        quote! { #attrs #fname: #ty, }
    });
    let member_fields = s.exclusive.iter().flat_map(|g| g.members.iter()).map(|m| {
        let fname = &m.field.name;
        let ty = field_type(&m.field, names);
        let attrs = field_attrs(owner, &m.field, names);
        quote! { #attrs #fname: #ty, }
    });
    let additional_field = s.additional.as_ref().map(|ty| {
        let ty = names.ty(ty);
        let string = names.p(Prelude::String);
        quote! { #[serde(flatten)] additional_properties: std::collections::BTreeMap<#string, #ty>, }
    });
    let groups = s.exclusive.iter().map(|g| {
        let fname = &g.field_name;
        let ename = &g.enum_name;
        let member_names: Vec<&Ident> = g.members.iter().map(|m| &m.field.name).collect();
        let wire: Vec<String> = g.members.iter().map(|m| format!("`{}`", m.field.wire_name)).collect();
        let message = format!("{} are mutually exclusive, but more than one is set", wire.join(" and "));
        let arms = g.members.iter().map(|m| {
            let member = &m.field.name;
            let variant = &m.variant;
            quote! { if let Some(value) = wire.#member { #fname = Some(#ename::#variant(value)); } }
        });
        quote! {
            let set = [#(wire.#member_names.is_some()),*].into_iter().filter(|set| *set).count();
            if set > 1 {
                return Err(serde::de::Error::custom(#message));
            }
            let mut #fname = None;
            #(#arms)*
        }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = &f.name;
        quote! { #fname: wire.#fname, }
    });
    let group_inits = s.exclusive.iter().map(|g| {
        let fname = &g.field_name;
        quote! { #fname, }
    });
    let additional_init = s.additional.as_ref().map(|_| quote! { additional_properties: wire.additional_properties, });
    let result = names.p(Prelude::Result);
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #[derive(serde::Deserialize)]
                struct Wire {
                    #(#mirror_fields)*
                    #(#member_fields)*
                    #additional_field
                }
                let wire = Wire::deserialize(deserializer)?;
                #(#groups)*
                Ok(Self { #(#inits)* #(#group_inits)* #additional_init })
            }
        }
    }
}

/// The catch-all variant: `Unknown`, unless the spec already has a value named so.
fn catch_all(variants: &[ir::EnumVariant]) -> Ident {
    crate::names::catch_all(|candidate| variants.iter().any(|v| v.name == candidate))
}

fn string_enum(name: &Ident, doc: &TokenStream, variants: &[ir::EnumVariant], names: &Names) -> TokenStream {
    let unknown = catch_all(variants);
    let string = names.p(Prelude::String);
    let decls = variants.iter().map(|v| {
        let vname = &v.name;
        let mut lines = vec![format!("`{}`", v.wire.replace('`', "'"))];
        let meaning = docs::lines(&v.docs);
        if !meaning.is_empty() {
            lines.push(String::new());
            lines.extend(meaning);
        }
        let vdoc = docs::text_attrs(&lines);
        quote! { #vdoc #vname, }
    });
    let table = variants.iter().map(|v| {
        let vname = &v.name;
        let wire = &v.wire;
        quote! { #vname = #wire }
    });
    // `as_str`, `From<&str>`, `Display`, `ParamValue` and serde's traits come from the runtime's
    // macro, which is given the table of values.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value this client does not know yet, kept as sent.
            #unknown(#string),
        }

        crate::runtime::string_enum!(#name, #unknown, #(#table),*);
    }
}

fn integer_enum(name: &Ident, doc: &TokenStream, int_enum: &ir::IntEnum, names: &Names) -> TokenStream {
    let unknown = &int_enum.unknown;
    let from = names.p(Prelude::From);
    let decls = int_enum.variants.iter().map(|v| {
        let vname = &v.name;
        let vdoc = docs::text_attrs(&[format!("`{}`", v.value)]);
        quote! { #vdoc #vname, }
    });
    // A negative value is a minus sign and the magnitude; `i64::MIN`, whose magnitude is no `i64`,
    // is written by name.
    let int = |value: i64| {
        let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
        if value < 0 {
            quote! { -#magnitude }
        } else {
            quote! { #magnitude }
        }
    };
    let to_int = int_enum.variants.iter().map(|v| {
        let vname = &v.name;
        let value = if v.value == i64::MIN {
            quote! { i64::MIN }
        } else {
            int(v.value)
        };
        quote! { Self::#vname => #value, }
    });
    let from_int = int_enum.variants.iter().map(|v| {
        let vname = &v.name;
        if v.value == i64::MIN {
            quote! { i64::MIN => Self::#vname, }
        } else {
            let value = int(v.value);
            quote! { #value => Self::#vname, }
        }
    });
    // `Display`, `ParamValue` and serde's traits come from the runtime's macro, through `as_i64`
    // and `From<i64>`.
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value this client does not know yet, kept as sent.
            #unknown(i64),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl #from<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#unknown(other),
                }
            }
        }

        crate::runtime::int_enum!(#name);
    }
}

fn variant_sizes(variants: &[ir::OneOfVariant], api: &ir::Api) -> Vec<usize> {
    variants.iter().map(|v| if v.boxed { 8 } else { super::estimated_size(api, &v.ty, 0) }).collect()
}

fn one_of(name: &Ident, doc: &TokenStream, variants: &[ir::OneOfVariant], names: &Names, api: &ir::Api) -> TokenStream {
    let allow = super::large_variant_allow(&variant_sizes(variants, api));
    let decls = variants.iter().map(|v| {
        let vname = &v.name;
        let ty = names.ty(&v.ty);
        let boxed = names.p(Prelude::Box);
        let ty = if v.boxed {
            quote! { #boxed<#ty> }
        } else {
            ty
        };
        let vdoc = docs::text_attrs(&[format!("The value is a{} {}.", article(&v.name), v.name)]);
        quote! { #vdoc #vname(#ty), }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #allow
        pub enum #name { #(#decls)* }
    }
}

/// A union of scalars can be a parameter: each variant writes itself.
fn one_of_param_value(name: &Ident, variants: &[ir::OneOfVariant]) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let vname = &v.name;
        quote! { Self::#vname(value) => value.to_param(), }
    });
    quote! {
        impl crate::runtime::ParamValue for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                match self { #(#arms)* }
            }
        }
    }
}

/// A union chosen by its discriminator: decoding reads the tag and decodes only that variant; an
/// unknown or missing tag keeps the object as JSON; encoding writes the tag back.
fn tagged_union(name: &Ident, doc: &TokenStream, tagged: &ir::Tagged, names: &Names, api: &ir::Api) -> TokenStream {
    let sizes: Vec<usize> = tagged.variants.iter().map(|v| super::tagged_variant_size(api, v, 0)).chain([32]).collect();
    let allow = super::large_variant_allow(&sizes);
    let property = &tagged.property;
    let unknown = &tagged.unknown;
    let decls = tagged.variants.iter().map(|v| {
        let vname = &v.name;
        let tags: Vec<String> = v.tags.iter().map(|t| format!("`{}`", t.replace('`', "'"))).collect();
        let mut lines = docs::lines(&v.docs);
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("`{property}` is {}.", tags.join(" or ")));
        let vdoc = docs::text_attrs(&lines);
        match &v.ty {
            Some(ty) => {
                let ty = names.ty(ty);
                let boxed = names.p(Prelude::Box);
                let ty = if v.boxed {
                    quote! { #boxed<#ty> }
                } else {
                    ty
                };
                quote! { #vdoc #vname(#ty), }
            }
            None => quote! { #vdoc #vname, },
        }
    });
    let unknown_doc = docs::text_attrs(&[format!("A `{property}` this client does not know (or none), with the object kept as sent.")]);
    let table = tagged.variants.iter().filter(|v| v.ty.is_some()).map(|v| {
        let vname = &v.name;
        let tags = &v.tags;
        quote! { #vname = [#(#tags),*] }
    });
    // A unit variant is an object with only the tag; lowering gives it exactly one.
    let units: Vec<TokenStream> = tagged
        .variants
        .iter()
        .filter(|v| v.ty.is_none())
        .map(|v| {
            let vname = &v.name;
            let tag = v.tags.first().map(String::as_str).unwrap_or_default();
            quote! { #vname = #tag }
        })
        .collect();
    let units = (!units.is_empty()).then(|| quote! { , [#(#units),*] });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #allow
        pub enum #name {
            #(#decls)*
            #unknown_doc
            #unknown(serde_json::Value),
        }

        crate::runtime::tagged_union!(#name, #property, #unknown, [#(#table),*] #units);
    }
}

fn media_union(name: &Ident, doc: &TokenStream, variants: &[ir::OneOfVariant], names: &Names, api: &ir::Api) -> TokenStream {
    let allow = super::large_variant_allow(&variant_sizes(variants, api));
    let decls = variants.iter().map(|v| {
        let vname = &v.name;
        let ty = names.ty(&v.ty);
        let what = match &v.ty {
            TypeRef::Bytes => "The body was raw bytes.",
            TypeRef::String | TypeRef::Secret => "The body was text.",
            _ => "The body was JSON.",
        };
        let what = docs::text_attrs(&[what.to_owned()]);
        quote! { #what #vname(#ty), }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #allow
        pub enum #name { #(#decls)* }
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('A' | 'E' | 'I' | 'O' | 'U') => "n",
        _ => "",
    }
}
