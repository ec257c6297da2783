//! Project chores, run as `cargo xtask <command>` from anywhere in the workspace.
//!
//! - `regenerate [--check]`: rebuilds `generated/` from `specs/` and `templates/` (or only reports what differs).
//! - `demo`: regenerates, installs the pinned tools, starts one Prism mock server per spec on 127.0.0.1 and
//!   runs `tests/examples/demo.rs`, which calls all five APIs through the generated client.
//! - `corpus [--quick] [DIR]`: runs `apigen check` on every spec of DIR (default `../shared/corpus/specs`),
//!   generates the accepted ones into one crate and compiles it; writes `docs/corpus.md` and exits 1 if any
//!   spec panicked, timed out or generated code that does not compile. `--quick` takes only the specs under
//!   100 KiB and prints the report to stdout without rewriting `docs/corpus.md`, so that CI stays fast.
//! - `bench`: runs the benchmark package `xtask/bench` (outside this workspace, so progenitor stays out of
//!   its lockfile) in release mode: apigen versus progenitor (generation time, peak heap, build time of the
//!   output) and the generated client's per-call overhead. Prints the report; see `docs/benchmarks.md`.

mod corpus;

use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask regenerate [--check] | cargo xtask demo | cargo xtask corpus [--quick] [DIR] | cargo xtask bench";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regenerate"] => regenerate(false),
        ["regenerate", "--check"] => regenerate(true),
        ["demo"] => demo(),
        ["corpus"] => corpus::run(false, None),
        ["corpus", "--quick"] => corpus::run(true, None),
        ["corpus", "--quick", dir] if !dir.starts_with('-') => corpus::run(true, Some(dir)),
        ["corpus", dir] if !dir.starts_with('-') => corpus::run(false, Some(dir)),
        ["bench"] => bench(),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn regenerate(check: bool) -> ExitCode {
    let root = xtask::workspace_root();
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {err}", root.display());
        return ExitCode::from(1);
    }
    let mut failed = false;
    for target in xtask::TARGETS {
        let generated = match xtask::generate_in_memory(target) {
            Ok(generated) => generated,
            Err(message) => {
                eprint!("{message}");
                failed = true;
                continue;
            }
        };
        let out = Path::new(target.dir);
        let result = if check { apigen::write::check(out, &generated) } else { apigen::write::write(out, &generated) };
        match result {
            Ok(changes) if check && !changes.is_empty() => {
                for change in &changes {
                    eprintln!("{}: {change}", target.dir);
                }
                eprintln!("error: {}/ is out of date with its specs and templates/; run `cargo xtask regenerate`", target.dir);
                failed = true;
            }
            Ok(_) if check => eprintln!("{}/ is up to date", target.dir),
            Ok(changes) => eprintln!("regenerated {}/ ({} files changed)", target.dir, changes.len()),
            Err(err) => {
                eprintln!("error: cannot write {}/: {err}", target.dir);
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Builds and runs `xtask/bench` from the workspace root; its exit status is ours.
fn bench() -> ExitCode {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--release", "--manifest-path", "xtask/bench/Cargo.toml"])
        .env("CARGO_TARGET_DIR", "target/bench/harness")
        .current_dir(xtask::workspace_root())
        .status();
    match status {
        Ok(status) => ExitCode::from(status.code().and_then(|code| u8::try_from(code).ok()).unwrap_or(1)),
        Err(err) => {
            eprintln!("error: cannot run cargo: {err}");
            ExitCode::from(1)
        }
    }
}

fn demo() -> ExitCode {
    let code = regenerate(false);
    if code != ExitCode::SUCCESS {
        return code;
    }
    let root = xtask::workspace_root();
    let run = |program: &str, args: &[&str]| std::process::Command::new(program).args(args).current_dir(&root).status();
    match run("bash", &["scripts/install-tools"]) {
        Ok(status) if status.success() => {}
        other => {
            eprintln!("error: scripts/install-tools failed: {other:?}");
            return ExitCode::from(1);
        }
    }
    let specs = match xtask::specs_in(xtask::GENERATED.specs_dir) {
        Ok(specs) => specs,
        Err(err) => {
            eprintln!("error: cannot list specs: {err}");
            return ExitCode::from(1);
        }
    };
    let mut servers = Vec::new();
    let mut env = Vec::new();
    for spec in &specs {
        let api = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match xtask::Prism::start(&root, spec, &[]) {
            Ok(prism) => {
                eprintln!("mock server for {} at {}", spec.display(), prism.base_url());
                env.push((format!("DEMO_{}_URL", api.to_ascii_uppercase()), prism.base_url().to_owned()));
                servers.push(prism);
            }
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        }
    }
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "apigen-tests", "--example", "demo"])
        .envs(env)
        .current_dir(&root)
        .status();
    drop(servers);
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        other => {
            eprintln!("error: the demo failed: {other:?}");
            ExitCode::from(1)
        }
    }
}
