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
    /// A directory of more specs that are expected to have warnings (what they do not honour, and how it
    /// is approximated); warnings from any other spec are denied.
    pub warned_specs_dir: Option<&'static str>,
}

/// The client crate users depend on, from the five API specs.
pub const GENERATED: Target = Target { dir: "generated", crate_name: "apis", specs_dir: "specs", warned_specs_dir: None };

/// The crate made from the one-construct fixtures, so that every fixture's snapshot is also compiled.
pub const FIXTURES: Target = Target {
    dir: "tests/fixture-crate",
    crate_name: "fixture-apis",
    specs_dir: "tests/fixtures",
    warned_specs_dir: Some("tests/fixtures/warn"),
};

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
    let mut specs = specs_in(target.specs_dir).map_err(|err| format!("error: cannot list {}: {err}\n", target.specs_dir))?;
    if let Some(dir) = target.warned_specs_dir {
        specs.extend(specs_in(dir).map_err(|err| format!("error: cannot list {dir}: {err}\n"))?);
    }
    let paths: Vec<&Path> = specs.iter().map(PathBuf::as_path).collect();
    let options = apigen::Options {
        crate_version: None,
        crate_name: target.crate_name.to_owned(),
        regenerate_command: REGENERATE_COMMAND.to_owned(),
        skip_invalid: false,
        // The project's own crate carries the test servers (and tests them); the fixture crate does not.
        mock: target.crate_name == "apis",
        doc_examples: target.crate_name == "apis",
    };
    let expected = |file: &str| target.warned_specs_dir.is_some_and(|dir| Path::new(file).parent() == Some(Path::new(dir)));
    match apigen::generate(&paths, &options) {
        Ok(generated) if generated.warnings.sorted().iter().all(|warning| expected(&warning.file)) => Ok(generated.files),
        Ok(generated) => Err(format!("{}error: the specs of {} have warnings, which are denied here\n", generated.warnings, target.dir)),
        Err(diagnostics) => Err(format!("{diagnostics}")),
    }
}

/// A running Stoplight Prism mock server (installed by `scripts/install-tools`) on a free port of
/// 127.0.0.1, with `--errors` so that any request that breaks the spec is answered with an error.
/// Killed and reaped when dropped; its output is kept in log files that a failed start shows.
#[derive(Debug)]
pub struct Prism {
    child: std::process::Child,
    base_url: String,
    stdout_log: PathBuf,
    stderr_log: PathBuf,
}

/// How long Prism may take to accept connections after it is started.
const PRISM_START_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// How often a start is retried when the free port picked was taken before Prism bound it.
const PRISM_PORT_ATTEMPTS: usize = 3;

impl Prism {
    /// Starts Prism for `spec` (relative to `root`, the workspace root) with `extra_args` (for
    /// example `--dynamic`) and waits until it accepts connections.
    pub fn start(root: &Path, spec: &Path, extra_args: &[&str]) -> Result<Prism, String> {
        let binary = root.join("tools/node_modules/.bin/prism");
        if !binary.is_file() {
            return Err(format!("{} is missing; run scripts/install-tools", binary.display()));
        }
        for attempt in 1..=PRISM_PORT_ATTEMPTS {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .map_err(|err| format!("cannot find a free port: {err}"))?
                .port();
            let name = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let log = |stream: &str| std::env::temp_dir().join(format!("prism-{name}-{port}-{}.{stream}.log", std::process::id()));
            let (stdout_log, stderr_log) = (log("stdout"), log("stderr"));
            let stdout = std::fs::File::create(&stdout_log).map_err(|err| format!("cannot create {}: {err}", stdout_log.display()))?;
            let stderr = std::fs::File::create(&stderr_log).map_err(|err| format!("cannot create {}: {err}", stderr_log.display()))?;
            let child = std::process::Command::new(&binary)
                .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
                .args(extra_args)
                .arg(spec)
                .current_dir(root)
                .stdin(std::process::Stdio::null())
                .stdout(stdout)
                .stderr(stderr)
                .spawn()
                .map_err(|err| format!("cannot start {} (is `node` on the PATH?): {err}", binary.display()))?;
            // The guard exists from here on: every way out below stops the process.
            let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}"), stdout_log, stderr_log };
            match prism.wait_until_ready(port) {
                Ok(()) => return Ok(prism),
                Err(exit) if prism.logs().contains("EADDRINUSE") && attempt < PRISM_PORT_ATTEMPTS => {
                    let _ = exit; // another process took the port between our probe and Prism's bind
                }
                Err(exit) => return Err(format!("Prism for {} {exit}\n{}", spec.display(), prism.logs())),
            }
        }
        Err(format!("Prism for {} found no free port", spec.display()))
    }

    /// The base URL the mock server answers on.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Prism's output so far.
    pub fn logs(&self) -> String {
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        format!("--- Prism stderr ---\n{}\n--- Prism stdout ---\n{}", read(&self.stderr_log), read(&self.stdout_log))
    }

    /// `Ok` once Prism accepts connections while still running; `Err` saying what happened otherwise.
    fn wait_until_ready(&mut self, port: u16) -> Result<(), String> {
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = std::time::Instant::now() + PRISM_START_TIMEOUT;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("exited ({status}) before accepting connections"));
            }
            if std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_millis(200)).is_ok() {
                // The connection must have reached our process, which is still running.
                return match self.child.try_wait() {
                    Ok(Some(status)) => Err(format!("exited ({status}) before accepting connections")),
                    _ => Ok(()),
                };
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(format!("did not accept connections within {PRISM_START_TIMEOUT:?}"))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The logs of a failing test or demo stay for diagnosis.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.stdout_log);
            let _ = std::fs::remove_file(&self.stderr_log);
        }
    }
}
