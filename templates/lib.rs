//! Typed clients for HTTP APIs, generated from their OpenAPI documents.
//!
//! Each API is a module behind a cargo feature of the same name (all on by default). A module has a
//! `Client` (built with `Client::builder()`), one method per operation returning a request builder
//! (required parameters are arguments, optional ones are builder methods) whose `send` returns a
//! [`runtime::Call`], typed models in `types`, and the error enums of the operations' documented
//! error responses. `runtime`, the crate in `runtime/` re-exported here, holds what every API shares.
