//! Part b: how long the generated code takes to build, apigen's crate versus progenitor's, for one spec.
//!
//! Both crates are written under `target/bench/compile/` as members of one throwaway workspace that
//! shares one target directory, and everything is built once (dependencies included). Then, alternating
//! between the crates, each is cleaned alone (`cargo clean -p`) and rebuilt with `cargo build` (dev
//! profile, offline), so only the crate itself is compiled in the timed build.
//!
//! The builds are timed twice over: incremental, as cargo builds workspace members and path
//! dependencies by default, and non-incremental (`CARGO_INCREMENTAL=0`), as cargo builds a dependency
//! from a registry or git, and as CI builds usually run.
//!
//! progenitor's crate is what `cargo progenitor` would write: its formatted code as `src/lib.rs` and the
//! dependencies `cargo progenitor` lists for that code (with `progenitor-client` as a dependency).
//! apigen's is what `apigen generate` writes: the API crate and, in `runtime/`, the runtime crate it
//! depends on. Both runtimes are dependencies, built before the timed builds as the others are; the
//! lines counted for apigen are both crates'.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Timed builds per crate.
const RUNS: usize = 3;

/// One timed build: wall time, and CPU time (user + system) of cargo and the rustc it ran.
#[derive(Debug, Clone, Copy)]
pub struct Build {
    pub wall: Duration,
    pub cpu: Duration,
    /// Packages cargo compiled: 1 when only the crate itself was rebuilt, as intended.
    pub compiled: usize,
}

/// One crate's build times.
#[derive(Debug, Clone)]
pub struct Crate {
    /// Which generator wrote it.
    pub generator: &'static str,
    /// The package name.
    pub name: &'static str,
    /// Lines of Rust in `src/`.
    pub lines: usize,
    /// The timed builds, or why the crate could not be generated or built.
    pub builds: Result<Vec<Build>, String>,
}

/// The outcome of part b.
#[derive(Debug, Clone)]
pub struct Builds {
    /// The spec's file name.
    pub spec: String,
    /// Whether the timed builds were incremental.
    pub incremental: bool,
    pub apigen: Crate,
    pub progenitor: Crate,
}

/// Generates both crates for `spec` under `root/target/bench/compile` and times their builds.
pub fn run(root: &Path, spec: &Path, incremental: bool) -> Builds {
    let dir = root.join("target/bench/compile");
    let label = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut apigen = Crate { generator: "apigen", name: "apigen-nexus", lines: 0, builds: Ok(Vec::new()) };
    let mut progenitor = Crate { generator: "progenitor", name: "progenitor-nexus", lines: 0, builds: Ok(Vec::new()) };
    if let Err(message) = write_apigen(&dir.join(apigen.name), spec, apigen.name) {
        apigen.builds = Err(message);
    }
    if let Err(message) = write_progenitor(&dir.join(progenitor.name), spec, progenitor.name) {
        progenitor.builds = Err(message);
    }
    let mut crates = [apigen, progenitor];
    let members: Vec<&str> = crates.iter().filter(|c| c.builds.is_ok()).map(|c| c.name).collect();
    if let Err(message) = write_workspace(&dir, &members).and_then(|()| prebuild(&dir, &members, incremental)) {
        for krate in &mut crates {
            if krate.builds.is_ok() {
                krate.builds = Err(message.clone());
            }
        }
    }
    for krate in &mut crates {
        // apigen's runtime crate (`runtime/src`) counts: it is generated with the crate.
        krate.lines = rust_lines(&dir.join(krate.name).join("src")) + rust_lines(&dir.join(krate.name).join("runtime/src"));
    }
    for run in 0..RUNS {
        // Alternate which crate goes first, so neither always builds right after the other.
        for index in [run % 2, 1 - run % 2] {
            let krate = &mut crates[index];
            let Ok(builds) = &mut krate.builds else {
                continue;
            };
            let mode = if incremental { "incremental" } else { "non-incremental" };
            eprintln!("  build: {} ({mode}, {}/{RUNS})", krate.name, run + 1);
            match timed_build(&dir, krate.name, incremental) {
                Ok(time) => builds.push(time),
                Err(message) => krate.builds = Err(message),
            }
        }
    }
    let [apigen, progenitor] = crates;
    Builds { spec: label, incremental, apigen, progenitor }
}

/// The target directory both crates share.
fn target_dir(dir: &Path) -> PathBuf {
    dir.join("target")
}

fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(dir).env("CARGO_TARGET_DIR", target_dir(dir));
    command
}

/// Runs a cargo command to completion; its stderr, or on failure the first error line of it.
fn run_cargo(dir: &Path, args: &[&str]) -> Result<String, String> {
    run_cargo_with(dir, args, None)
}

/// [`run_cargo`], with `CARGO_INCREMENTAL` set when `incremental` is given.
fn run_cargo_with(dir: &Path, args: &[&str], incremental: Option<bool>) -> Result<String, String> {
    let mut command = cargo(dir);
    if let Some(incremental) = incremental {
        command.env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" });
    }
    let output = command.args(args).output().map_err(|err| format!("cannot run cargo: {err}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        return Ok(stderr);
    }
    let first = stderr.lines().find(|line| line.starts_with("error")).unwrap_or("(no error line)");
    Err(format!("`cargo {}` failed: {first}", args.join(" ")))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
    }
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|err| format!("cannot write {}: {err}", path.display()))
}

fn write_apigen(out: &Path, spec: &Path, name: &str) -> Result<(), String> {
    let options = apigen::Options {
        crate_version: None,
        crate_name: name.to_owned(),
        regenerate_command: "cargo xtask bench".to_owned(),
        skip_invalid: false,
        mock: false,
        doc_examples: true,
    };
    let generated = apigen::generate(&[spec], &options).map_err(|diagnostics| format!("apigen failed: {diagnostics}"))?;
    apigen::write::write(out, &generated.files).map(drop).map_err(|err| format!("cannot write {}: {err}", out.display()))
}

fn write_progenitor(out: &Path, spec: &Path, name: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|err| format!("cannot read {}: {err}", spec.display()))?;
    let loaded = apigen::load::parse(&spec.display().to_string(), &text).map_err(|diagnostics| diagnostics.to_string())?;
    let generated = std::panic::catch_unwind(|| crate::generation::progenitor_code(&loaded.doc));
    let (code, generator) = match generated {
        Ok(Ok(generated)) => generated,
        Ok(Err(message)) => return Err(format!("progenitor failed: {message}")),
        Err(_) => return Err("progenitor panicked".to_owned()),
    };
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}\n",
        dependencies(&generator).join("\n")
    );
    write(&out.join("Cargo.toml"), &manifest)?;
    write(&out.join("src/lib.rs"), &code)
}

/// What `cargo progenitor` (0.15, without `--include-client`) puts in the manifest for this code.
fn dependencies(generator: &progenitor::Generator) -> Vec<String> {
    let types = generator.get_type_space();
    let mut deps = vec![
        "bytes = \"1.9\"".to_owned(),
        "futures-core = \"0.3\"".to_owned(),
        "progenitor-client = \"0.15.1\"".to_owned(),
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }".to_owned(),
        "serde = { version = \"1.0\", features = [\"derive\"] }".to_owned(),
        "serde_urlencoded = \"0.7\"".to_owned(),
    ];
    if types.uses_regress() {
        deps.push("regress = \"0.10\"".to_owned());
    }
    if types.uses_uuid() {
        deps.push("uuid = { version = \"1.0\", features = [\"serde\", \"v4\"] }".to_owned());
    }
    if types.uses_chrono() {
        deps.push("chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }".to_owned());
    }
    if generator.uses_futures() {
        deps.push("futures = \"0.3\"".to_owned());
    }
    if generator.uses_websockets() {
        deps.push("base64 = \"0.22\"".to_owned());
        deps.push("rand = \"0.8\"".to_owned());
    }
    if types.uses_serde_json() {
        deps.push("serde_json = \"1.0\"".to_owned());
    }
    deps.sort_unstable();
    deps
}

fn write_workspace(dir: &Path, members: &[&str]) -> Result<(), String> {
    if members.is_empty() {
        return Err("no crate to build".to_owned());
    }
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "# Written by `cargo xtask bench`: the generated crates whose build times it compares.\n\
         [workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    write(&dir.join("Cargo.toml"), &manifest)
}

/// Fetches (online, once) and builds each crate once, so that the timed builds find the dependencies built.
/// Each crate is built alone (`-p`) and as incrementally as the timed builds: a `--workspace` build
/// would unify the dependencies' features across both crates, and a path dependency (apigen's runtime
/// crate) built in the other mode would be rebuilt, leaving artifacts the timed builds cannot reuse.
fn prebuild(dir: &Path, members: &[&str], incremental: bool) -> Result<(), String> {
    eprintln!("  build: fetching and building the dependencies once (in {})", target_dir(dir).display());
    if let Err(message) = run_cargo(dir, &["fetch"]) {
        eprintln!("  build: {message}; trying offline");
    }
    for member in members {
        run_cargo_with(dir, &["build", "--offline", "-p", member], Some(incremental))?;
    }
    Ok(())
}

/// Cleans the crate alone, then times its build.
fn timed_build(dir: &Path, name: &str, incremental: bool) -> Result<Build, String> {
    run_cargo(dir, &["clean", "--offline", "-p", name])?;
    let cpu_before = children_cpu_time();
    let started = Instant::now();
    let stderr = run_cargo_with(dir, &["build", "--offline", "-p", name], Some(incremental))?;
    let wall = started.elapsed();
    let compiled = stderr.lines().filter(|line| line.trim_start().starts_with("Compiling ")).count();
    Ok(Build { wall, cpu: children_cpu_time().saturating_sub(cpu_before), compiled })
}

/// User + system time of all waited-for child processes and their waited-for descendants so far. Less
/// sensitive than wall time to other jobs competing for the cores.
fn children_cpu_time() -> Duration {
    // SAFETY: `getrusage` only writes the `rusage` it is given, which is zeroed plain data.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec.max(0) as u64, (t.tv_usec.max(0) as u32) * 1_000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Lines in the `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .map(|path| {
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                std::fs::read_to_string(&path).map(|text| text.lines().count()).unwrap_or(0)
            } else {
                0
            }
        })
        .sum()
}
