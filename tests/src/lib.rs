//! Tests of the generator and the generated crate.
