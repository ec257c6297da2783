//! Tests of the generator as a whole, and helpers they share.
//!
//! - `tests/freshness.rs`: the checked-in crates are exactly what the generator makes now.
//! - `tests/fixtures.rs`: one snapshot per fixture spec under `fixtures/` (the fixture crate compiles them all).
//! - `tests/diagnostics.rs`: one snapshot of the exact diagnostics per broken spec under `fixtures/bad/`.
//! - `tests/determinism.rs`: the same input gives the same bytes, whatever the order of the spec's keys.

use std::path::Path;

/// Makes the workspace root the current directory, so spec paths (and the headers naming them) are relative.
pub fn enter_workspace_root() {
    let root = xtask::workspace_root();
    if let Err(err) = std::env::set_current_dir(&root) {
        panic!("cannot enter the workspace root {}: {err}", root.display());
    }
}

/// Generates one spec alone, in memory.
pub fn generate_one(spec: &Path) -> Result<apigen::Generated, apigen::diag::Diagnostics> {
    let options = apigen::Options {
        crate_version: None,
        crate_name: "fixture".to_owned(),
        regenerate_command: xtask::REGENERATE_COMMAND.to_owned(),
        skip_invalid: false,
        mock: false,
        doc_examples: false,
    };
    apigen::generate(&[spec], &options)
}

/// The README's Rust example, compiled as a doc test so it cannot drift from the generated crate.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExample;
