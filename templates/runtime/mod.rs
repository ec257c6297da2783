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
pub(crate) use string_enum;
