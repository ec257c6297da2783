//! The `apigen` command line: exit codes, all-or-nothing output, and help text.

use std::path::{Path, PathBuf};
use std::process::Command;

fn apigen() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apigen"));
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    command
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|err| panic!("{err}"));
    dir
}

/// Every file under `dir` with its content, to prove a failed run left it alone.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap_or_else(|err| panic!("{err}")) {
            let path = entry.unwrap_or_else(|err| panic!("{err}")).path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let content = std::fs::read(&path).unwrap_or_else(|err| panic!("{err}"));
                out.push((path, content));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_broken_spec_exits_1_and_writes_nothing() {
    let out = scratch("broken");
    std::fs::write(out.join("src/keep.rs"), "// a file from before\n").unwrap_or_else(|err| panic!("{err}"));
    let before = snapshot(&out);
    // A good spec and a broken one together: nothing at all may be written.
    let result = apigen()
        .args(["generate", "specs/soracom.yaml", "tests/fixtures/bad/unresolved_ref.yaml", "--out"])
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("error: `$ref:"), "{stderr}");
    assert!(stderr.contains("--> tests/fixtures/bad/unresolved_ref.yaml#/"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(snapshot(&out), before);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn generate_writes_a_crate_and_check_mode_reports_drift() {
    let out = scratch("good");
    let status = apigen()
        .args(["generate", "specs/yandex.yaml", "--crate-name", "yandex-client", "--out"])
        .arg(&out)
        .status()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(status.code(), Some(0));
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/yandex/mod.rs",
        "src/yandex/types.rs",
        "src/yandex/client.rs",
        "runtime/Cargo.toml",
        "runtime/src/lib.rs",
    ] {
        assert!(out.join(file).is_file(), "missing {file}");
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
    assert!(manifest.contains("name = \"yandex-client\""), "{manifest}");
    // The runtime is a crate of its own beside the API code, which names it `runtime`.
    assert!(manifest.contains("yandex-client-runtime = { version = \"0.1.0\", path = \"runtime\" }"), "{manifest}");
    let runtime_manifest = std::fs::read_to_string(out.join("runtime/Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
    assert!(runtime_manifest.contains("name = \"yandex-client-runtime\""), "{runtime_manifest}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap_or_else(|err| panic!("{err}"));
    assert!(lib.contains("pub use yandex_client_runtime as runtime;"), "{lib}");
    let check = apigen()
        .args(["generate", "specs/yandex.yaml", "--crate-name", "yandex-client", "--check", "--out"])
        .arg(&out)
        .status()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(check.code(), Some(0));
    std::fs::write(out.join("src/yandex/types.rs"), "// edited by hand\n").unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(out.join("src/stale.rs"), "// no longer generated\n").unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(out.join("runtime/src/stale.rs"), "// no longer generated\n").unwrap_or_else(|err| panic!("{err}"));
    let result = apigen()
        .args(["generate", "specs/yandex.yaml", "--crate-name", "yandex-client", "--check", "--out"])
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("differs: src/yandex/types.rs"), "{stderr}");
    assert!(stderr.contains("stale:   src/stale.rs"), "{stderr}");
    assert!(stderr.contains("stale:   runtime/src/stale.rs"), "{stderr}");
    let result = apigen()
        .args(["generate", "specs/yandex.yaml", "--crate-name", "yandex-client", "--out"])
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(0));
    assert!(!out.join("src/stale.rs").exists() && !out.join("runtime/src/stale.rs").exists());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn check_validates_without_writing() {
    let result = apigen().args(["check", "specs/cyclos.yaml", "specs/arduino.yaml"]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    let result = apigen().args(["check", "tests/fixtures/bad/duplicate_operation_id.yaml"]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_and_help_explains_each_subcommand() {
    let result = apigen().args(["generate"]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(2));
    let result = apigen().args(["frobnicate"]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(2));
    for sub in ["generate", "check", "completions"] {
        let help = apigen().args([sub, "--help"]).output().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(help.status.code(), Some(0));
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(text.contains("Examples:\n  apigen "), "{sub} --help has no example:\n{text}");
        // Every flag explains itself with an example.
        for flag in text.lines().filter(|line| line.trim_start().starts_with("--") && !line.contains("--help")) {
            let name = flag.split_whitespace().next().unwrap_or_default();
            let explained = text.split(name).nth(1).is_some_and(|rest| rest.lines().take(4).any(|line| line.len() > 12));
            assert!(explained, "{sub}: `{name}` is not explained:\n{text}");
        }
    }
    let help = apigen().arg("--help").output().unwrap_or_else(|err| panic!("{err}"));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("--module src/api.rs") && text.contains("apigen::build::Builder"), "{text}");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let result = apigen().args(["completions", shell]).output().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(result.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&result.stdout);
        assert!(script.contains("apigen") && script.contains("generate") && script.contains("--module"), "{shell}:\n{script}");
    }
    let result = apigen().args(["completions", "tcsh"]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn module_mode_writes_one_file_with_relative_paths_and_check_reports_drift() {
    let out = scratch("module");
    let file = out.join("api.rs");
    let file_arg = file.display().to_string();
    let result = apigen()
        .args(["generate", "specs/soracom.yaml", "specs/equinix.yaml", "--module", &file_arg])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{err}"));
    assert!(text.contains("pub mod runtime {") && text.contains("pub mod soracom {") && text.contains("pub mod equinix {"));
    assert!(!text.contains("crate::runtime") && !text.contains("$crate::"), "paths are relative, so the file can be included anywhere");
    assert!(!text.contains("feature = \""), "the runtime's optional parts are decided at generation");
    // The runtime crate's exported macros are the module's own: not exported from the including
    // crate's root, but imported by path (`runtime::string_enum!`) like the runtime's other items.
    assert!(!text.contains("#[macro_export]"), "macros stay in the module");
    assert!(text.contains("pub(crate) use {api_error, string_enum, int_enum, tagged_union};"), "macros reachable by path");
    assert!(text.contains("// The including crate depends on:") && text.contains("//   reqwest = "));
    assert!(!text.contains("-runtime"), "the runtime crate is inlined, not a dependency");
    syn::parse_file(&text).unwrap_or_else(|err| panic!("the module file parses: {err}"));
    let check = apigen().args(["generate", "specs/soracom.yaml", "specs/equinix.yaml", "--module", &file_arg, "--check"]).output();
    assert_eq!(check.map(|o| o.status.code()).ok().flatten(), Some(0));
    std::fs::write(&file, "stale").unwrap_or_else(|err| panic!("{err}"));
    let check = apigen().args(["generate", "specs/soracom.yaml", "specs/equinix.yaml", "--module", &file_arg, "--check"]).output();
    assert_eq!(check.map(|o| o.status.code()).ok().flatten(), Some(1));
    let both = apigen().args(["generate", "specs/soracom.yaml", "--module", &file_arg, "--out", "x"]).output();
    assert_eq!(both.map(|o| o.status.code()).ok().flatten(), Some(2), "--out and --module exclude each other");
}

#[test]
fn crate_mode_takes_the_version_description_and_licence_from_the_command_line_and_the_spec() {
    let out = scratch("manifest");
    let out_arg = out.display().to_string();
    let result = apigen()
        .args(["generate", "specs/soracom.yaml", "--out", &out_arg, "--crate-name", "soracom-client", "--crate-version", "2.3.4"])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
    assert!(manifest.contains("name = \"soracom-client\"\nversion = \"2.3.4\""), "{manifest}");
    assert!(
        manifest.contains("description = \"A typed client for SORACOM API (Auth), generated from its OpenAPI document.\""),
        "{manifest}"
    );
    assert!(!manifest.contains("license"), "no licence is made up where the spec gives none:\n{manifest}");
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap_or_else(|err| panic!("{err}"));
    assert!(readme.contains("soracom_client::soracom::Client::builder()"), "{readme}");

    let licensed = out.join("licensed.yaml");
    let spec = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n  license:\n    name: Apache-2.0\npaths: {}\n";
    std::fs::write(&licensed, spec).unwrap_or_else(|err| panic!("{err}"));
    let result =
        apigen().args(["generate", &licensed.display().to_string(), "--out", &out_arg]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
    assert!(manifest.contains("license = \"Apache-2.0\""), "{manifest}");
}

#[test]
fn a_missing_file_is_a_located_error() {
    let result = apigen().args(["check", "specs/does-not-exist.yaml"]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("cannot read the spec"), "{stderr}");
    assert!(stderr.contains("--> specs/does-not-exist.yaml"), "{stderr}");
}

#[test]
fn skip_invalid_leaves_out_a_broken_operation_and_generates_the_rest() {
    let spec = "tests/fixtures/partial/one_broken_operation.yaml";
    let refused = apigen().args(["check", spec]).output().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(refused.status.code(), Some(1), "{}", String::from_utf8_lossy(&refused.stderr));
    let out = scratch("skip-invalid");
    let output = apigen().args(["generate", spec, "--skip-invalid", "--out"]).arg(&out).output().unwrap_or_else(|err| panic!("{err}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("left out 1 operation (--skip-invalid):"), "{stderr}");
    assert!(
        stderr.contains(
            "operation `get_bad` is left out (--skip-invalid): `$ref: #/components/schemas/Thing` does not resolve to a response"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("warning:") && stderr.contains("one_broken_operation.yaml#/paths/~1bad/get"), "{stderr}");
    let client = std::fs::read_to_string(out.join("src/one_broken_operation/client.rs")).unwrap_or_else(|err| panic!("{err}"));
    assert!(client.contains("pub fn get_good(") && !client.contains("get_bad"), "{client}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn constructors_and_test_servers_are_emitted_only_where_a_user_needs_them() {
    let dir = scratch("constructors");
    let spec = dir.join("shop.yaml");
    std::fs::write(
        &spec,
        r##"openapi: 3.0.3
info: { title: Shop, version: "1" }
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/NewOrder" }
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order" }
components:
  schemas:
    NewOrder:
      type: object
      required: [line]
      properties:
        line: { $ref: "#/components/schemas/Line" }
        note: { type: string }
    Line:
      type: object
      required: [sku]
      properties:
        sku: { type: string }
        count: { type: integer }
    Order:
      type: object
      required: [id]
      properties:
        id: { type: string }
        note: { type: string }
"##,
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let generate = |out: &Path, mock: bool| {
        let mut command = apigen();
        command.arg("generate").arg(&spec).arg("--out").arg(out);
        if mock {
            command.arg("--mock");
        }
        let result = command.output().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
        let types = std::fs::read_to_string(out.join("src/shop/types.rs")).unwrap_or_else(|err| panic!("{err}"));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
        let runtime_manifest = std::fs::read_to_string(out.join("runtime/Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
        let runtime = std::fs::read_to_string(out.join("runtime/src/lib.rs")).unwrap_or_else(|err| panic!("{err}"));
        (types, format!("{manifest}{runtime_manifest}"), runtime)
    };
    let plain = dir.join("plain");
    let (types, manifest, runtime) = generate(&plain, false);
    // The request body and the type inside it get `new`; the response type, only ever decoded, does not.
    assert!(types.contains("impl NewOrder {\n    /// A value with the required fields set"), "{types}");
    assert!(types.contains("impl Line {\n    /// A value with the required fields set"), "{types}");
    assert!(!types.contains("impl Order {"), "{types}");
    // Undescribed properties have no made-up docs.
    assert!(!types.contains("property."), "{types}");
    // No test servers: no `mock` feature, no wiremock, no runtime support for them.
    assert!(!manifest.lines().any(|line| line.starts_with("mock = ") || line.starts_with("wiremock = { version")), "{manifest}");
    assert!(!runtime.contains("mod mock"), "{runtime}");
    assert!(!plain.join("runtime/src/mock.rs").exists());
    let mocked = dir.join("mocked");
    let (types, manifest, runtime) = generate(&mocked, true);
    // With test servers the user builds responses too.
    assert!(types.contains("impl Order {\n    /// A value with the required fields set"), "{types}");
    assert!(manifest.contains("mock = [\"dep:wiremock\"]"), "{manifest}");
    assert!(manifest.contains("mock = [\"dep:wiremock\", \"api-clients-runtime/mock\"]"), "{manifest}");
    assert!(runtime.contains("#[cfg(feature = \"mock\")]\npub mod mock;"), "{runtime}");
    assert!(mocked.join("runtime/src/mock.rs").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}
