//! The README's quick start for a user's own spec, run as written: its three commands (install the
//! binary, generate a crate, run the crate's first call), against a local server. `cargo install`
//! is given `--root` (a scratch directory) and `--debug` (the test's time), and both builds share
//! this workspace's target directory and lockfile, so nothing is built twice.

use std::path::{Path, PathBuf};
use std::process::Command;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC: &str = r#"openapi: 3.0.3
info:
  title: Notes API
  version: 1.0.0
servers:
  - url: https://notes.example.com/v1
paths:
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
          example: n-42
      responses:
        '200':
          description: The note.
          content:
            application/json:
              schema:
                type: object
                required: [text]
                properties:
                  text:
                    type: string
"#;

/// The shell commands of the README's "Your own spec" section.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap_or_else(|err| panic!("{err}"));
    let section = readme.split("\n## Your own spec\n").nth(1).unwrap_or_else(|| panic!("the README has a `## Your own spec` section"));
    let block = section.split("```sh\n").nth(1).and_then(|rest| rest.split("\n```").next()).unwrap_or_default();
    block.lines().map(|line| line.split(" #").next().unwrap_or(line).trim().to_owned()).filter(|line| !line.is_empty()).collect()
}

fn run(command: &str, dir: &Path, extra_path: &Path) -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace.join("target"));
    let path = format!("{}:{}", extra_path.display(), std::env::var("PATH").unwrap_or_default());
    let output = Command::new("bash")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap_or_else(|err| panic!("{command}: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "`{command}` failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_quick_start_goes_from_install_to_a_first_call() {
    let commands = readme_commands();
    let [install, generate, first_call] = commands.as_slice() else { panic!("three commands, not {commands:?}") };
    assert!(
        install.starts_with("cargo install") && generate.starts_with("apigen generate openapi.yaml") && first_call.starts_with("cargo run")
    );

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = std::env::temp_dir().join(format!("apigen-quick-start-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap_or_else(|err| panic!("{err}"));
    let bin = scratch.join("bin");

    // 1. Install, from the repository's root.
    run(&format!("{install} --root {} --debug", scratch.display()), &workspace, &bin);
    assert!(bin.join("apigen").exists());

    // 2. Generate from the user's spec, in the user's directory.
    std::fs::write(scratch.join("openapi.yaml"), SPEC).unwrap_or_else(|err| panic!("{err}"));
    run(generate, &scratch, &bin);
    let crate_dir = generate.split("--out ").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap_or_default();
    let manifest = scratch.join(crate_dir).join("Cargo.toml");
    assert!(manifest.exists(), "{generate} wrote {}", manifest.display());
    // The same versions as this workspace, so the build reuses what is built.
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join(crate_dir).join("Cargo.lock")).unwrap_or_else(|err| panic!("{err}"));

    // 3. The first call, to a local server instead of the spec's.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/n-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"text": "hello from the server"})))
        .expect(1)
        .mount(&server)
        .await;
    let command = first_call.replace("https://api.example.com", &server.uri());
    let scratch_for_run = scratch.clone();
    let bin_for_run = bin.clone();
    let printed =
        tokio::task::spawn_blocking(move || run(&command, &scratch_for_run, &bin_for_run)).await.unwrap_or_else(|err| panic!("{err}"));
    assert!(printed.contains("hello from the server"), "{printed}");
    let _ = std::fs::remove_dir_all(&scratch);
}
