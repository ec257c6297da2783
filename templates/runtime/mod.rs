//! Runtime support shared by every generated API client.
//!
//! This module is copied verbatim into each generated crate. Generated code
//! assembles a [`RequestParts`], hands it to [`Core::execute`], and turns the
//! [`RawResponse`] into a typed [`ResponseValue`] or an [`Error`].
//!
//! Everything public is re-exported here, so `crate::runtime::Secret`,
//! `crate::runtime::Core` and so on are the paths to use.

mod auth;
mod client;
mod error;
mod param;
mod request;
mod response;

pub use self::auth::{Credential, Secret};
pub use self::client::{BuildError, Core, CoreBuilder};
pub use self::error::{DecodeError, Error};
pub use self::param::ParamValue;
pub use self::request::RequestParts;
pub use self::response::{value_of, RawResponse, ResponseValue, UnexpectedResponse};
