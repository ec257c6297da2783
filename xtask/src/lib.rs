//! What the xtask commands and the tests share: which crates are generated from which specs, and how.

use std::path::{Path, PathBuf};

/// The command that regenerates every generated crate, named in every file header.
pub const REGENERATE_COMMAND: &str = "cargo xtask regenerate";

/// A crate made entirely by apigen.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The crate directory, relative to the workspace root.
    pub dir: &'static str,
    /// The package name.
    pub crate_name: &'static str,
    /// The directory whose `*.yaml`/`*.json` files are its specs.
    pub specs_dir: &'static str,
}

/// The client crate users depend on, from the five API specs.
pub const GENERATED: Target = Target { dir: "generated", crate_name: "apis", specs_dir: "specs" };

/// The crate made from the one-construct fixtures, so that every fixture's snapshot is also compiled.
pub const FIXTURES: Target = Target { dir: "tests/fixture-crate", crate_name: "fixture-apis", specs_dir: "tests/fixtures" };

/// Every generated crate.
pub const TARGETS: [Target; 2] = [GENERATED, FIXTURES];

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The specs of a directory, relative to the workspace root, sorted. Subdirectories are not read.
pub fn specs_in(dir: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json"))
        .filter_map(|path| path.file_name().map(|name| Path::new(dir).join(name)))
        .collect();
    specs.sort();
    Ok(specs)
}

/// Generates a target in memory, from the current directory (which must be the workspace root). Warnings are denied.
pub fn generate_in_memory(target: Target) -> Result<apigen::write::Files, String> {
    let specs = specs_in(target.specs_dir).map_err(|err| format!("error: cannot list {}: {err}\n", target.specs_dir))?;
    let paths: Vec<&Path> = specs.iter().map(PathBuf::as_path).collect();
    let options = apigen::Options { crate_name: target.crate_name.to_owned(), regenerate_command: REGENERATE_COMMAND.to_owned() };
    match apigen::generate(&paths, &options) {
        Ok(generated) if generated.warnings.is_empty() => Ok(generated.files),
        Ok(generated) => Err(format!("{}error: the specs of {} have warnings, which are denied here\n", generated.warnings, target.dir)),
        Err(diagnostics) => Err(format!("{diagnostics}")),
    }
}

/// Starts Prism (installed by `scripts/install-tools`) on a free port of 127.0.0.1 for `spec`, with
/// `--errors` so that any request that breaks the spec is answered with an error. Waits until it accepts
/// connections, at most 60 seconds. Returns the process and its base URL.
pub fn start_prism(root: &Path, spec: &Path) -> Result<(std::process::Child, String), String> {
    let prism = root.join("tools/node_modules/.bin/prism");
    if !prism.is_file() {
        return Err(format!("{} is missing; run scripts/install-tools", prism.display()));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|err| format!("cannot find a free port: {err}"))?
        .port();
    let mut child = std::process::Command::new(&prism)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
        .arg(spec)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start {}: {err}", prism.display()))?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    while std::time::Instant::now() < deadline {
        if std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_millis(200)).is_ok() {
            return Ok((child, format!("http://127.0.0.1:{port}")));
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("Prism for {} exited early with {status}", spec.display()));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    Err(format!("Prism for {} did not accept connections within 60 seconds", spec.display()))
}
