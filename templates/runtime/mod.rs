//! Runtime support shared by every generated API client.
//!
//! This crate is written beside each generated crate, which depends on it and
//! re-exports it as `runtime` (a module file from a build script inlines it as
//! that module instead). What callers use is documented here: the [`Error`]
//! every call can fail with, the [`Call`] every `send` returns,
//! [`ResponseValue`] for status and headers, and [`Secret`]. The plumbing
//! generated code is built on (the HTTP core, the request under construction,
//! the raw response, the parameter writers, the macros) is public so generated
//! modules can reach it, but hidden from the docs: it is not an API to program
//! against and may change with any regeneration.

// An error that came from a response keeps its status and headers (`Error::status`,
// `Error::headers`), so `Error` is larger than clippy likes in a `Result`; boxing it would cost
// every failed call an allocation, as it would the generated code (which allows the lint too).
#![allow(clippy::result_large_err)]

mod auth;
mod client;
mod error;
mod formats;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "_oauth2")]
mod oauth;
mod param;
mod request;
mod response;
#[cfg(feature = "_stream")]
mod stream;

pub use self::auth::{Secret, SecretFuture, SecretProvider};
pub use self::client::BuildError;
pub use self::error::{DecodeError, Error};
#[cfg(feature = "_base64")]
pub use self::formats::Base64;
#[cfg(feature = "_decimal")]
pub use self::formats::Decimal;
pub use self::formats::Text;
pub use self::request::Binary;
#[cfg(feature = "_multipart")]
pub use self::request::FilePart;
#[doc(hidden)]
pub use self::response::{header, header_list, required};
pub use self::response::{Call, Decode, Decodes, ErrorSet, HeaderError, Pending, ResponseValue, UnexpectedResponse, Value, WithMeta};
#[cfg(feature = "_stream")]
pub use self::stream::{ByteStream, Event, EventStream, JsonLines};

#[doc(hidden)]
pub use self::auth::{Credential, Place, Provider};
#[doc(hidden)]
pub use self::client::{Core, CoreBuilder};
#[doc(hidden)]
#[cfg(feature = "_oauth2")]
pub use self::oauth::ClientCredentials;
#[doc(hidden)]
pub use self::param::{JsonText, OptionalList, OptionalParam, ParamValue};
#[doc(hidden)]
#[cfg(feature = "_multipart")]
pub use self::request::MultipartForm;
#[doc(hidden)]
pub use self::request::{Prepare, Prepared, RequestParts, Style};
#[doc(hidden)]
pub use self::response::RawResponse;

/// Implements `Debug` (as the `Display` text, never the typed body) and `std::error::Error` for an
/// operation's error enum.
#[doc(hidden)]
#[allow(unused_macros)] // a crate whose APIs have no operation
#[macro_export]
macro_rules! api_error {
    ($name:ident) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}({self})", ::std::stringify!($name))
            }
        }

        impl ::std::error::Error for $name {}
    };
}

/// Implements a string enum from its table of values: `as_str`,
/// `From<&str>` (unknown values go to the catch-all variant), `Display`,
/// `ParamValue`, `Serialize` and `Deserialize`. Every string enum's impls,
/// written once.
#[doc(hidden)]
#[allow(unused_macros)] // a crate whose APIs have no string enum
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unknown:ident, $($variant:ident = $wire:literal),* $(,)?) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(<Self as ::std::convert::From<&str>>::from(&value))
            }
        }
    };
}

/// Implements `Display`, `ParamValue`, `Serialize` and `Deserialize` for an
/// integer enum, through its `as_i64` and `From<i64>`.
#[doc(hidden)]
#[allow(unused_macros)] // a crate whose APIs have no integer enum
#[macro_export]
macro_rules! int_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Owned(self.as_i64().to_string())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(<Self as ::std::convert::From<i64>>::from(value))
            }
        }
    };
}

/// Implements `Serialize` and `Deserialize` for a union chosen by a
/// discriminator property: decoding reads the property and decodes only the
/// variant it names (an unknown or missing value keeps the object as JSON in
/// the catch-all variant); encoding writes the variant's value back. The
/// second list, if any, holds the unit variants: objects with nothing but the tag.
#[doc(hidden)]
#[allow(unused_macros)] // a crate whose APIs have no discriminated union
#[macro_export]
macro_rules! tagged_union {
    (
        $name:ident, $property:literal, $unknown:ident,
        [$($variant:ident = [$($tag:literal),+]),* $(,)?]
        $(, [$($unit:ident = $unit_tag:literal),* $(,)?])? $(,)?
    ) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => {
                        $crate::serialize_tagged(serializer, $property, &[$($tag),+], value)
                    })*
                    $($(Self::$unit => $crate::serialize_tag(serializer, $property, $unit_tag),)*)?
                    Self::$unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let (tag, object) = $crate::read_tagged(deserializer, $property)?;
                match tag.as_deref() {
                    $($(::std::option::Option::Some($tag))|+ => {
                        $crate::decode_tagged(object).map(Self::$variant)
                    })*
                    $($(::std::option::Option::Some($unit_tag) => ::std::result::Result::Ok(Self::$unit),)*)?
                    _ => $crate::decode_tagged(object).map(Self::$unknown),
                }
            }
        }
    };
}

/// Encodes one variant of a tagged union: the value's object with
/// `property` set to the first of `tags`, unless it already holds one of them.
#[doc(hidden)]
pub fn serialize_tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    property: &str,
    tags: &[&str],
    value: &T,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut object = serde_json::to_value(value).map_err(S::Error::custom)?;
    let Some(map) = object.as_object_mut() else {
        return Err(S::Error::custom(format!("a variant of a union tagged by `{property}` must be an object")));
    };
    let current = map.get(property).and_then(serde_json::Value::as_str);
    if !current.is_some_and(|tag| tags.contains(&tag)) {
        let first = tags.first().copied().unwrap_or_default();
        map.insert(property.to_owned(), serde_json::Value::String(first.to_owned()));
    }
    serde::Serialize::serialize(&object, serializer)
}

/// Encodes a unit variant of a tagged union: an object holding only `property`, set to `tag`.
#[doc(hidden)]
pub fn serialize_tag<S: serde::Serializer>(serializer: S, property: &str, tag: &str) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(property, tag)?;
    map.end()
}

/// A tagged union's object as read: its text when serde_json reads it, so that the chosen variant is
/// decoded from the text itself (numbers keep every digit), or the value another deserializer gives.
#[doc(hidden)]
pub enum TaggedObject {
    /// The object's JSON text.
    Raw(Box<serde_json::value::RawValue>),
    /// The object, from a deserializer that is not serde_json's.
    Value(serde_json::Value),
}

struct TaggedVisitor;

impl<'de> serde::de::Visitor<'de> for TaggedVisitor {
    type Value = TaggedObject;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TaggedObject, A::Error> {
        // serde_json's raw value: one entry whose value is the object's text.
        let _token: Option<String> = map.next_key()?;
        let raw: String = map.next_value()?;
        serde_json::value::RawValue::from_string(raw).map(TaggedObject::Raw).map_err(serde::de::Error::custom)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<TaggedObject, D::Error> {
        <serde_json::Value as serde::Deserialize>::deserialize(deserializer).map(TaggedObject::Value)
    }
}

/// Reads a tagged union's object and the value of its discriminator `property`, if it is a string.
#[doc(hidden)]
pub fn read_tagged<'de, D: serde::Deserializer<'de>>(deserializer: D, property: &str) -> Result<(Option<String>, TaggedObject), D::Error> {
    let object = deserializer.deserialize_newtype_struct(formats::RAW_VALUE_TOKEN, TaggedVisitor)?;
    let tag = match &object {
        TaggedObject::Raw(raw) => {
            let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
            fields.get(property).and_then(serde_json::Value::as_str).map(str::to_owned)
        }
        TaggedObject::Value(value) => value.get(property).and_then(serde_json::Value::as_str).map(str::to_owned),
    };
    Ok((tag, object))
}

/// Decodes the variant a tag chose (or the catch-all's JSON) from the object read.
#[doc(hidden)]
pub fn decode_tagged<T: serde::de::DeserializeOwned, E: serde::de::Error>(object: TaggedObject) -> Result<T, E> {
    match object {
        TaggedObject::Raw(raw) => serde_json::from_str(raw.get()).map_err(E::custom),
        TaggedObject::Value(value) => serde_json::from_value(value).map_err(E::custom),
    }
}
