//! The library API for build scripts (`apigen::build::Builder`): one module file in `OUT_DIR`,
//! `cargo:rerun-if-changed` for every file read, diagnostics as cargo errors and warnings naming the
//! file and JSON pointer, and nothing written when a spec is refused. `examples/build-script` is a
//! crate that uses it for real.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigen-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    dir
}

#[test]
fn a_spec_with_external_refs_is_written_and_every_file_read_is_watched() {
    let out = scratch("ok");
    let spec = root().join("tests/fixtures/external_refs.yaml");
    let mut printed = Vec::new();
    let ok = apigen::build::Builder::new().spec(&spec).file_name("clients").out_dir(&out).generate_reporting(&mut printed);
    let printed = String::from_utf8_lossy(&printed);
    assert!(ok, "{printed}");
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.first().copied(), Some(format!("cargo:rerun-if-changed={}", spec.display()).as_str()));
    let watched: Vec<&str> = lines.iter().filter_map(|line| line.strip_prefix("cargo:rerun-if-changed=")).collect();
    assert!(watched.len() > 1 && watched.iter().skip(1).all(|file| file.contains("external")), "the files `$ref`s reach: {printed}");
    let text = std::fs::read_to_string(out.join("clients.rs")).unwrap_or_else(|err| panic!("{err}"));
    assert!(text.contains("pub mod runtime {") && text.contains("pub mod external_refs {"));
    syn::parse_file(&text).unwrap_or_else(|err| panic!("{err}"));
}

#[test]
fn a_broken_spec_fails_with_located_cargo_errors_and_writes_nothing() {
    let out = scratch("broken");
    let spec = root().join("tests/fixtures/bad/unknown_type.yaml");
    let mut printed = Vec::new();
    let ok = apigen::build::Builder::new().spec(&spec).out_dir(&out).generate_reporting(&mut printed);
    let printed = String::from_utf8_lossy(&printed);
    assert!(!ok);
    let expected = format!(
        "cargo::error=apigen: {}#/components/schemas/Upload/properties/content/type: unknown type `file` \
         (help: use one of string, number, integer, boolean, array, object)",
        spec.display()
    );
    assert!(printed.lines().any(|line| line == expected), "{printed}");
    assert!(std::fs::read_dir(&out).map(|entries| entries.count()).unwrap_or(0) == 0, "nothing is written");

    // Warnings are cargo warnings, and fail the build only when denied.
    let warned = root().join("tests/fixtures/warn/param_named_send.yaml");
    let mut printed = Vec::new();
    assert!(apigen::build::Builder::new().spec(&warned).out_dir(&out).generate_reporting(&mut printed));
    let text = String::from_utf8_lossy(&printed);
    assert!(text.lines().any(|line| line.starts_with("cargo::warning=apigen: ") && line.contains("param_named_send.yaml#/")), "{text}");
    let mut printed = Vec::new();
    assert!(!apigen::build::Builder::new().spec(&warned).out_dir(scratch("denied")).deny_warnings(true).generate_reporting(&mut printed));

    // No spec, or no OUT_DIR: a cargo error saying what to do.
    let mut printed = Vec::new();
    assert!(!apigen::build::Builder::new().out_dir(&out).generate_reporting(&mut printed));
    assert!(String::from_utf8_lossy(&printed).contains("cargo::error=apigen: no spec given"));
}
