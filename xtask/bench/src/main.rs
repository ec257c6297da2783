//! `cargo xtask bench`: measures, in one run, apigen against progenitor and the generated client against
//! a hand-written call, and prints a Markdown report with ratios and the targets met or missed.
//!
//! - a. generation wall time and peak heap, in process, with the parse time as the floor;
//! - b. build time of the code each generates for the nexus spec;
//! - c. per-call time of the generated client versus hand-written reqwest against a local server.
//!
//! `apigen-bench [generation] [build] [calls]` runs only the parts named (all by default). The report is
//! also written to `target/bench/report.md`. Targets are reported, never asserted: the exit status is 1
//! only when a part could not be measured at all. Ratios within one run are what count; absolute numbers
//! depend on the machine and on what else runs on it.

mod alloc;
mod calls;
mod compile;
mod generation;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// The corpus specs, relative to the workspace root.
const CORPUS: &str = "../shared/corpus/specs";
/// The mid-size spec: generation and build time are compared on it.
const NEXUS: &str = "progenitor__nexus.json";
/// The ~3 MB OpenAPI 3.0 specs.
const LARGE: [&str; 2] = ["progenitor__api.github.com.json", "digitalocean__public.v2.bundled.yaml"];

const USAGE: &str = "usage: apigen-bench [generation] [build] [calls]   (normally run as `cargo xtask bench`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| !matches!(arg.as_str(), "generation" | "build" | "calls")) {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let wants = |part: &str| args.is_empty() || args.iter().any(|arg| arg == part);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {err}", root.display());
        return ExitCode::from(1);
    }
    let started = Instant::now();
    let machine = report::Machine::probe(&root);
    let mut failed = false;

    let small = match own_specs() {
        Ok(specs) => specs,
        Err(err) => {
            eprintln!("error: cannot list specs/: {err}");
            return ExitCode::from(1);
        }
    };
    let corpus = |name: &str| generation::Spec { label: name.to_owned(), path: Path::new(CORPUS).join(name) };
    let mut specs = small.clone();
    specs.push(corpus(NEXUS));
    specs.extend(LARGE.map(corpus));
    let small_labels: Vec<String> = small.iter().map(|spec| spec.label.clone()).collect();
    let large_labels: Vec<String> = LARGE.iter().map(|name| (*name).to_owned()).collect();

    let generation = wants("generation").then(|| {
        eprintln!("a. generation: apigen versus progenitor, in process");
        generation::run(&specs)
    });
    if generation.as_ref().is_some_and(|rows| rows.iter().all(|row| row.apigen.median().is_none())) {
        failed = true;
    }
    let builds = wants("build").then(|| {
        eprintln!("b. build time of the generated code for {NEXUS}");
        let spec = Path::new(CORPUS).join(NEXUS);
        vec![compile::run(&root, &spec, true), compile::run(&root, &spec, false)]
    });
    if builds.as_ref().is_some_and(|all| all.iter().any(|b| b.apigen.builds.is_err() || b.progenitor.builds.is_err())) {
        failed = true;
    }
    let calls = wants("calls").then(|| {
        eprintln!("c. per-call time: generated client versus hand-written reqwest");
        calls::run()
    });
    if calls.as_ref().is_some_and(Result::is_err) {
        failed = true;
    }

    let results = report::Results {
        machine: &machine,
        command: "cargo xtask bench",
        load_after: report::load_average(),
        total: started.elapsed(),
        small: &small_labels,
        nexus: NEXUS,
        large: &large_labels,
        generation: generation.as_deref(),
        builds: builds.as_deref(),
        calls: calls.as_ref(),
    };
    let targets = report::targets(&results);
    let text = report::render(&results, &targets);
    println!("{text}");
    let out = root.join("target/bench/report.md");
    if let Err(err) = std::fs::create_dir_all(root.join("target/bench")).and_then(|()| std::fs::write(&out, &text)) {
        eprintln!("warning: cannot write {}: {err}", out.display());
    } else {
        eprintln!("report written to {}", out.display());
    }
    let chart = report::chart(&targets, &machine.date);
    for path in [root.join("target/bench/ratios.svg"), root.join("docs/benchmarks.svg")] {
        match std::fs::write(&path, &chart) {
            Ok(()) => eprintln!("chart written to {}", path.display()),
            Err(err) => eprintln!("warning: cannot write {}: {err}", path.display()),
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The `*.yaml` specs of `specs/`, sorted.
fn own_specs() -> std::io::Result<Vec<generation::Spec>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("specs")?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| generation::Spec { label: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), path })
        .collect())
}
