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
    for file in ["Cargo.toml", "src/lib.rs", "src/yandex/mod.rs", "src/yandex/types.rs", "src/yandex/client.rs", "src/runtime/mod.rs"] {
        assert!(out.join(file).is_file(), "missing {file}");
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_else(|err| panic!("{err}"));
    assert!(manifest.contains("name = \"yandex-client\""), "{manifest}");
    let check = apigen()
        .args(["generate", "specs/yandex.yaml", "--crate-name", "yandex-client", "--check", "--out"])
        .arg(&out)
        .status()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(check.code(), Some(0));
    std::fs::write(out.join("src/yandex/types.rs"), "// edited by hand\n").unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(out.join("src/stale.rs"), "// no longer generated\n").unwrap_or_else(|err| panic!("{err}"));
    let result = apigen()
        .args(["generate", "specs/yandex.yaml", "--crate-name", "yandex-client", "--check", "--out"])
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("differs: src/yandex/types.rs"), "{stderr}");
    assert!(stderr.contains("stale:   src/stale.rs"), "{stderr}");
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
    for sub in ["generate", "check"] {
        let help = apigen().args([sub, "--help"]).output().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(help.status.code(), Some(0));
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(text.contains("Example: apigen"), "{sub} --help has no example:\n{text}");
    }
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
