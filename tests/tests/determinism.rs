//! The output is a pure function of the input: generating twice gives the same bytes, and so does the
//! same spec with every mapping's keys in another order.

use std::path::{Path, PathBuf};

fn generate(specs: &[PathBuf]) -> apigen::write::Files {
    let paths: Vec<&Path> = specs.iter().map(PathBuf::as_path).collect();
    let options = apigen::Options {
        crate_version: None,
        crate_name: "apis".to_owned(),
        regenerate_command: "cargo xtask regenerate".to_owned(),
        skip_invalid: false,
        mock: true,
        doc_examples: true,
    };
    match apigen::generate(&paths, &options) {
        Ok(generated) => generated.files,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

/// One test, because the shuffled half changes the current directory, which tests in one binary share.
#[test]
fn output_is_deterministic() {
    apigen_tests::enter_workspace_root();
    generating_twice_gives_identical_bytes();
    shuffled_keys_give_identical_output();
}

fn generating_twice_gives_identical_bytes() {
    let specs = xtask::specs_in("specs").unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(generate(&specs), generate(&specs));
}

/// Reverses the key order of every mapping, and rotates it, so no mapping keeps its order.
fn shuffle(value: serde_yaml::Value) -> serde_yaml::Value {
    match value {
        serde_yaml::Value::Mapping(mapping) => {
            let mut entries: Vec<(serde_yaml::Value, serde_yaml::Value)> = mapping.into_iter().map(|(k, v)| (k, shuffle(v))).collect();
            entries.reverse();
            if entries.len() > 2 {
                entries.rotate_left(1);
            }
            serde_yaml::Value::Mapping(entries.into_iter().collect())
        }
        serde_yaml::Value::Sequence(items) => serde_yaml::Value::Sequence(items.into_iter().map(shuffle).collect()),
        other => other,
    }
}

fn shuffled_keys_give_identical_output() {
    let mut specs = xtask::specs_in("specs").unwrap_or_else(|err| panic!("{err}"));
    specs.extend(xtask::specs_in("tests/fixtures").unwrap_or_else(|err| panic!("{err}")));
    let scratch = std::env::temp_dir().join(format!("apigen-shuffle-{}", std::process::id()));
    // Files that specs refer to (`$ref: external/common.yaml#/...`) come along as they are.
    let mut dirs = vec![std::path::PathBuf::from("tests/fixtures/external")];
    while let Some(dir) = dirs.pop() {
        for file in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if file.path().is_dir() {
                dirs.push(file.path());
                continue;
            }
            let copy = scratch.join(&dir).join(file.file_name());
            std::fs::create_dir_all(copy.parent().unwrap_or(&scratch)).unwrap_or_else(|err| panic!("{err}"));
            std::fs::copy(file.path(), &copy).unwrap_or_else(|err| panic!("{err}"));
        }
    }
    for spec in &specs {
        let text = std::fs::read_to_string(spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        // The shuffled copy keeps the relative path, so the headers that name it are the same.
        let copy = scratch.join(spec);
        std::fs::create_dir_all(copy.parent().unwrap_or(&scratch)).unwrap_or_else(|err| panic!("{err}"));
        std::fs::write(&copy, serde_yaml::to_string(&shuffle(value)).unwrap_or_else(|err| panic!("{err}")))
            .unwrap_or_else(|err| panic!("{err}"));
        let original = generate(std::slice::from_ref(spec));
        let root = std::env::current_dir().unwrap_or_else(|err| panic!("{err}"));
        std::env::set_current_dir(&scratch).unwrap_or_else(|err| panic!("{err}"));
        let shuffled = generate(std::slice::from_ref(spec));
        std::env::set_current_dir(&root).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(original.keys().collect::<Vec<_>>(), shuffled.keys().collect::<Vec<_>>(), "{}", spec.display());
        for (path, text) in &original {
            assert!(shuffled[path] == *text, "{}: {path} differs when the spec's keys are shuffled", spec.display());
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
