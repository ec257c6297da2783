//! Every broken spec under `tests/fixtures/bad/` is refused, with its exact diagnostics snapshotted.

use std::path::Path;

#[test]
fn broken_specs_are_refused_with_located_diagnostics() {
    apigen_tests::enter_workspace_root();
    let specs = xtask::specs_in("tests/fixtures/bad").unwrap_or_else(|err| panic!("cannot list bad fixtures: {err}"));
    assert!(specs.len() >= 15, "expected at least 15 broken specs, found {}", specs.len());
    for spec in &specs {
        let diagnostics = match apigen_tests::generate_one(spec) {
            Ok(_) => panic!("{} was accepted, but it is broken", spec.display()),
            Err(diagnostics) => diagnostics,
        };
        assert!(diagnostics.has_errors(), "{}: refused without an error", spec.display());
        let text = diagnostics.to_string();
        assert!(text.contains(&format!("--> {}", spec.display())), "{}: the diagnostics do not name the file:\n{text}", spec.display());
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        insta::with_settings!({ snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/diagnostics"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem, text);
        });
    }
}
