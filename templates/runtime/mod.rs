//! Runtime support shared by every generated API client.
//!
//! This module is copied verbatim into each generated crate. What callers use
//! is documented here: the [`Error`] every call can fail with, the [`Call`]
//! every `send` returns, [`ResponseValue`] for status and headers, and
//! [`Secret`]. The plumbing generated code is built on (the HTTP core, the
//! request under construction, the raw response, the parameter writers) is
//! public so generated modules can reach it, but hidden from the docs: it is
//! not an API to program against and may change with any regeneration.

mod auth;
mod client;
mod error;
mod param;
mod request;
mod response;

pub use self::auth::Secret;
pub use self::client::BuildError;
pub use self::error::{DecodeError, Error};
pub use self::response::{Call, ResponseValue, UnexpectedResponse, WithMeta};

#[doc(hidden)]
pub use self::auth::Credential;
#[doc(hidden)]
pub use self::client::{Core, CoreBuilder};
#[doc(hidden)]
pub use self::param::{OptionalList, OptionalParam, ParamValue};
#[doc(hidden)]
pub use self::request::RequestParts;
#[doc(hidden)]
pub use self::response::RawResponse;

/// Implements a string enum from its table of values: `as_str`,
/// `From<&str>` (unknown values go to the catch-all variant), `Display`,
/// `ParamValue`, `Serialize` and `Deserialize`. Every string enum's impls,
/// written once.
#[doc(hidden)]
#[allow(unused_macros)] // a crate whose APIs have no string enum
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

        impl $crate::runtime::ParamValue for $name {
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
#[doc(hidden)]
#[allow(unused_imports)]
pub(crate) use string_enum;

/// Implements `Serialize` and `Deserialize` for a union chosen by a
/// discriminator property: decoding reads the property and decodes only the
/// variant it names (an unknown or missing value keeps the object as JSON in
/// the catch-all variant); encoding writes the variant's value back.
#[doc(hidden)]
#[allow(unused_macros)] // a crate whose APIs have no discriminated union
macro_rules! tagged_union {
    ($name:ident, $property:literal, $unknown:ident, $($variant:ident = [$($tag:literal),+]),* $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => {
                        $crate::runtime::serialize_tagged(serializer, $property, &[$($tag),+], value)
                    })*
                    Self::$unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.get($property).and_then(::serde_json::Value::as_str) {
                    $($(::std::option::Option::Some($tag))|+ => {
                        $crate::runtime::deserialize_tagged(value).map(Self::$variant)
                    })*
                    _ => ::std::result::Result::Ok(Self::$unknown(value)),
                }
            }
        }
    };
}
#[doc(hidden)]
#[allow(unused_imports)]
pub(crate) use tagged_union;

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

/// Decodes one variant of a tagged union from the object already read.
#[doc(hidden)]
pub fn deserialize_tagged<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}
