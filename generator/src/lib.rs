//! apigen: turns OpenAPI documents into a typed Rust client crate.
