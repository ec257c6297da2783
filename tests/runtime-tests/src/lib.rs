//! The runtime template (`templates/runtime/`) compiled as it is, with its unit tests. Generated
//! crates get the same files without the `#[cfg(test)]` modules, so a user's crate carries only the
//! code it runs; the tests run here.

#[path = "../../../templates/runtime/mod.rs"]
pub mod runtime;
