//! Typed clients for HTTP APIs, generated from their OpenAPI documents.
//!
//! Each API is a module behind a cargo feature of the same name (all on by default). A module has a
//! `Client` (built with `Client::builder()`), one method per operation returning a request builder
//! (required parameters are arguments, optional ones are builder methods), typed models in `types`,
//! and one error enum per operation. `runtime` holds what every API shares.
#![deny(missing_docs)]

pub mod runtime;
