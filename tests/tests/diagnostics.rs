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
        // The spec itself, or the file one of its `$ref`s reads, next to it.
        let dir = spec.parent().map(|d| d.display().to_string()).unwrap_or_default();
        assert!(text.contains(&format!("--> {dir}/")), "{}: the diagnostics do not name the file:\n{text}", spec.display());
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        insta::with_settings!({ snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/diagnostics"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem, text);
        });
    }
}

/// Every spec under `tests/fixtures/warn/` is accepted, with warnings at the pointers of what it
/// does not honour; the warnings are snapshotted and the code still compiles (the fixture crate
/// does not include these, so only generation is checked here).
#[test]
fn approximated_constructs_are_warned_about_where_they_stand() {
    apigen_tests::enter_workspace_root();
    let specs = xtask::specs_in("tests/fixtures/warn").unwrap_or_else(|err| panic!("cannot list warn fixtures: {err}"));
    assert!(!specs.is_empty(), "expected specs under tests/fixtures/warn");
    for spec in &specs {
        let generated =
            apigen_tests::generate_one(spec).unwrap_or_else(|diagnostics| panic!("{}: refused:\n{diagnostics}", spec.display()));
        let text = generated.warnings.to_string();
        assert!(!generated.warnings.is_empty(), "{}: no warning", spec.display());
        assert!(text.contains(&format!("--> {}#/", spec.display())), "{}: the warnings are not located:\n{text}", spec.display());
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        insta::with_settings!({ snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/warnings"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem, text);
        });
    }
}
