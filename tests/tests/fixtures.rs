//! One snapshot per fixture spec: the models and the client it generates. The same code is compiled,
//! linted and documented as part of `tests/fixture-crate`.

use std::path::Path;

#[test]
fn fixture_snapshots() {
    apigen_tests::enter_workspace_root();
    let specs = xtask::specs_in("tests/fixtures").unwrap_or_else(|err| panic!("cannot list fixtures: {err}"));
    assert!(specs.len() >= 10, "expected the fixture specs under tests/fixtures, found {}", specs.len());
    for spec in &specs {
        let generated = apigen_tests::generate_one(spec).unwrap_or_else(|diagnostics| panic!("{}: {diagnostics}", spec.display()));
        assert!(generated.warnings.is_empty(), "{}: {}", spec.display(), generated.warnings);
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let module = apigen::names::value_name(stem);
        let mut text = String::new();
        for file in ["types.rs", "client.rs"] {
            let path = format!("src/{module}/{file}");
            let content = generated.files.get(&path).unwrap_or_else(|| panic!("{} did not generate {path}", spec.display()));
            text.push_str(&format!("==> {path}\n{content}\n"));
        }
        insta::with_settings!({ snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/fixtures"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(stem.to_owned(), text);
        });
    }
}

/// `emit` writes text, not syntax trees, so this checks what a formatter would otherwise guarantee:
/// every generated file of every fixture and every spec parses as Rust, and is laid out cleanly.
#[test]
fn generated_files_parse_and_are_tidy() {
    apigen_tests::enter_workspace_root();
    let mut specs = xtask::specs_in("tests/fixtures").unwrap_or_else(|err| panic!("cannot list fixtures: {err}"));
    specs.extend(xtask::specs_in("specs").unwrap_or_else(|err| panic!("cannot list specs: {err}")));
    for spec in &specs {
        let generated = apigen_tests::generate_one(spec).unwrap_or_else(|diagnostics| panic!("{}: {diagnostics}", spec.display()));
        for (path, text) in generated.files.iter().filter(|(path, _)| path.ends_with(".rs")) {
            let place = format!("{} -> {path}", spec.display());
            if let Err(err) = syn::parse_file(text) {
                panic!("{place}: does not parse: {err}");
            }
            assert!(!text.contains("\n\n\n"), "{place}: two blank lines in a row");
            assert!(!text.contains("{\n\n"), "{place}: a block starts with a blank line");
            assert!(!text.contains("\n\n}") && !text.contains("\n\n    }"), "{place}: a block ends with a blank line");
            for (number, line) in text.lines().enumerate() {
                assert!(!line.ends_with(' ') && !line.contains('\t'), "{place}:{}: trailing space or tab: {line:?}", number + 1);
            }
        }
    }
}
