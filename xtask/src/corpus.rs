//! `cargo xtask corpus [--quick] [DIR]`: runs apigen over a corpus of real-world specs and reports how it fares.
//!
//! 1. Builds `apigen` in release once, then runs `apigen check SPEC` on every spec of DIR (default
//!    `../shared/corpus/specs` from the workspace root) as a child process with a 60 s timeout, measuring
//!    its wall time and peak memory (the child's max RSS from `wait4`). Each spec is accepted, refused with
//!    located diagnostics (every `error:` followed by a `  --> file#pointer` or `file:line:col` line), refused
//!    without a location, panicked, timed out, or crashed.
//! 2. Generates the accepted specs, in batches of at most 1.5 MB of spec (so that one `rustc` stays within
//!    a few GB; specs whose module names collide go to different batches), into one crate directory,
//!    `target/corpus/crate`, one batch after another, copies the workspace `Cargo.lock` into it, adds an empty
//!    `[workspace]` table so that it stands alone, and runs `cargo check --offline --message-format short`
//!    with `CARGO_TARGET_DIR=target/corpus/target`. Diagnostics are attributed to specs by their path
//!    (`src/<module>/...`). Specs with errors are removed and the rest checked again, until what remains
//!    compiles; so "compiles" always means a `cargo check` of that code succeeded. Errors that no spec owns
//!    make the remaining specs be checked one by one. The crate that compiles is then linted with
//!    `cargo clippy --offline -- -D warnings`; a spec with findings is in a failure class of its own.
//! 3. Writes `docs/corpus.md` (the full run only) and prints the summary to stdout.
//!
//! Exit status: 1 if any spec panicked, timed out, crashed, was refused without a location, made the
//! generator fail, or generated code that does not compile or has rustc or clippy findings; 0 otherwise (located refusals are fine); 1 also
//! when the run itself cannot proceed (apigen does not build, the offline dependencies are missing).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// How long `apigen check` may take on one spec.
const CHECK_TIMEOUT: Duration = Duration::from_secs(60);
/// How long building apigen, generating a crate, or one `cargo check`/`cargo clippy` may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(45 * 60);
/// `--quick` keeps the specs smaller than this.
const QUICK_MAX_BYTES: u64 = 100 * 1024;
/// At most this much of each output stream of a child is kept.
const OUTPUT_CAP: usize = 32 * 1024 * 1024;
/// Table cells are cut to this many characters.
const CELL_MAX: usize = 160;
/// The package name of the generated crates.
const CRATE_NAME: &str = "corpus-check";
/// Where the generated crate is written, relative to the workspace root.
const CRATE_DIR: &str = "target/corpus/crate";

/// Runs the corpus. `dir` is the specs directory as the user gave it (relative to the current directory).
pub fn run(quick: bool, dir: Option<&str>) -> ExitCode {
    match run_inner(quick, dir) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run_inner(quick: bool, dir: Option<&str>) -> Result<ExitCode, String> {
    let started = Instant::now();
    let root = xtask::workspace_root();
    let (specs_dir, shown_dir) = match dir {
        Some(dir) => (PathBuf::from(dir), dir.to_owned()),
        None => (root.join("../shared/corpus/specs"), "../shared/corpus/specs".to_owned()),
    };
    let specs_dir = specs_dir.canonicalize().map_err(|err| format!("cannot open the specs directory {}: {err}", specs_dir.display()))?;
    let mut command = String::from("cargo xtask corpus");
    if quick {
        command.push_str(" --quick");
    }
    if let Some(dir) = dir {
        command.push(' ');
        command.push_str(dir);
    }

    let manifest = read_manifest(&specs_dir);
    let mut specs = list_specs(&specs_dir, &manifest)?;
    let total_in_dir = specs.len();
    if quick {
        specs.retain(|spec| spec.bytes < QUICK_MAX_BYTES);
    }
    if specs.is_empty() {
        return Err(format!("no specs (*.yaml, *.yml, *.json) in {}", specs_dir.display()));
    }
    for spec in &mut specs {
        spec.version = manifest.get(&spec.file).cloned().or_else(|| sniff_version(&spec.path)).unwrap_or_else(|| "?".to_owned());
    }

    eprintln!("corpus: building apigen (release)...");
    let build =
        run_bounded(Command::new(env!("CARGO")).args(["build", "--release", "-p", "apigen"]).current_dir(&root), BUILD_TIMEOUT, true)
            .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !build.success() {
        return Err(format!("`cargo build --release -p apigen` failed ({}):\n{}", build.status, tail(&build.stderr, 40)));
    }
    let apigen = root.join("target/release/apigen");
    // Noted right after the build, so that the commit is the one built even if the tree moves on meanwhile.
    let env = Environment::collect(&root, &apigen);

    // Step 1: apigen check, one child per spec.
    let mut results: Vec<SpecResult> = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        eprint!("corpus: [{}/{}] check {} ... ", index + 1, specs.len(), spec.file);
        let outcome = run_bounded(Command::new(&apigen).arg("check").arg(&spec.path), CHECK_TIMEOUT, false)
            .map_err(|err| format!("cannot run {}: {err}", apigen.display()))?;
        let check = classify_check(&outcome);
        eprintln!("{} ({} ms, {:.1} MiB)", check.label(), outcome.wall.as_millis(), outcome.max_rss_mib());
        results.push(SpecResult {
            module: apigen::names::value_name(
                &Path::new(&spec.file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            )
            .to_string(),
            spec: spec.clone(),
            check_ms: outcome.wall.as_millis(),
            check_mib: outcome.max_rss_mib(),
            apigen_warnings: count_apigen_warnings(&outcome.stderr),
            check,
            compile: None,
            rustc_warnings: Vec::new(),
            clippy: Vec::new(),
        });
    }

    // Step 2: generate the accepted specs together and compile them.
    let accepted: Vec<usize> = results.iter().enumerate().filter(|(_, r)| matches!(r.check, Check::Accepted)).map(|(i, _)| i).collect();
    let mut crate_runs: Vec<CrateRun> = Vec::new();
    let mut clippy_available = true;
    if !accepted.is_empty() {
        let lock = std::fs::read(root.join("Cargo.lock")).map_err(|err| format!("cannot read the workspace Cargo.lock: {err}"))?;
        let ctx = CompileContext { root: root.clone(), apigen: apigen.clone(), lock };
        let mut queue: std::collections::VecDeque<Vec<usize>> = batches_without_collisions(&accepted, &results).into();
        // Every round removes a spec or splits a batch into single specs, so this is never reached; it bounds the loop anyway.
        let max_rounds = 2 * accepted.len() + 4;
        let mut rounds = 0;
        while let Some(mut remaining) = queue.pop_front() {
            while !remaining.is_empty() {
                if rounds == max_rounds {
                    for &i in &remaining {
                        results[i].compile = Some(Compile::Unknown("the round limit was reached before this spec was checked".to_owned()));
                    }
                    break;
                }
                rounds += 1;
                match compile_round(&ctx, &remaining, &mut results, &mut crate_runs, &mut clippy_available)? {
                    Round::Compiled => break,
                    Round::Removed(failed) => remaining.retain(|i| !failed.contains(i)),
                    Round::Split => {
                        for &i in remaining.iter().rev() {
                            queue.push_front(vec![i]);
                        }
                        break;
                    }
                }
            }
        }
    }

    // Step 3: the report.
    let report = Report {
        command,
        shown_dir,
        quick,
        total_in_dir,
        results: &results,
        crate_runs: &crate_runs,
        env,
        clippy_available,
        elapsed: started.elapsed(),
    };
    let summary = report.summary();
    let full = report.markdown();
    if quick {
        println!("{full}");
    } else {
        let docs = root.join("docs");
        std::fs::create_dir_all(&docs).map_err(|err| format!("cannot create {}: {err}", docs.display()))?;
        let path = docs.join("corpus.md");
        std::fs::write(&path, &full).map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        println!("{summary}");
        eprintln!("corpus: wrote {}", path.display());
    }
    let failed = results.iter().filter(|r| r.class().is_failure()).count();
    if failed > 0 {
        eprintln!(
            "corpus: {failed} spec{} failed (panic, timeout, crash, unlocated refusal, generator failure or code that does not compile)",
            plural(failed)
        );
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Specs and their versions

#[derive(Debug, Clone)]
struct Spec {
    /// The file name, which orders everything.
    file: String,
    path: PathBuf,
    bytes: u64,
    /// The `openapi` field, from the manifest or the document.
    version: String,
}

/// The specs of `dir`: every spec file in it, and every multi-file spec in a folder of it whose
/// root file `MANIFEST.tsv` names (`folder/spec/swagger.yaml`); the files its root refers to are
/// read by apigen through the `$ref`s.
fn list_specs(dir: &Path, manifest: &BTreeMap<String, String>) -> Result<Vec<Spec>, String> {
    let entries = std::fs::read_dir(dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
    let mut specs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
        let path = entry.path();
        let is_spec = path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json");
        let Ok(metadata) = std::fs::metadata(&path) else { continue };
        if !is_spec || !metadata.is_file() {
            continue;
        }
        let file = entry.file_name().to_string_lossy().into_owned();
        specs.push(Spec { file, path, bytes: metadata.len(), version: String::new() });
    }
    for file in manifest.keys().filter(|file| file.contains('/')) {
        let path = dir.join(file);
        if let Ok(metadata) = std::fs::metadata(&path) {
            if metadata.is_file() {
                specs.push(Spec { file: file.clone(), path, bytes: metadata.len(), version: String::new() });
            }
        }
    }
    specs.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(specs)
}

/// `file` → `openapi` from the `MANIFEST.tsv` beside the specs directory (or inside it), if there is one.
fn read_manifest(specs_dir: &Path) -> BTreeMap<String, String> {
    let candidates = [specs_dir.parent().map(|p| p.join("MANIFEST.tsv")), Some(specs_dir.join("MANIFEST.tsv"))];
    for path in candidates.into_iter().flatten() {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let mut lines = text.lines();
        let Some(header) = lines.next() else { continue };
        let columns: Vec<&str> = header.split('\t').collect();
        let (Some(file_col), Some(version_col)) =
            (columns.iter().position(|c| c.trim() == "file"), columns.iter().position(|c| c.trim() == "openapi"))
        else {
            continue;
        };
        let mut out = BTreeMap::new();
        for line in lines {
            let cells: Vec<&str> = line.split('\t').collect();
            if let (Some(file), Some(version)) = (cells.get(file_col), cells.get(version_col)) {
                if !file.trim().is_empty() && !version.trim().is_empty() {
                    out.insert(file.trim().to_owned(), version.trim().to_owned());
                }
            }
        }
        return out;
    }
    BTreeMap::new()
}

/// The document's `openapi` (or `swagger`) field, read from its first 64 KiB without parsing the whole file.
fn sniff_version(path: &Path) -> Option<String> {
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(64 * 1024).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    for key in ["openapi", "swagger"] {
        for quoted in [format!("\"{key}\""), format!("'{key}'"), key.to_owned()] {
            let mut from = 0;
            while let Some(found) = text[from..].find(&quoted) {
                let at = from + found;
                from = at + quoted.len();
                // A YAML key starts a line; a JSON key follows `{`, `,` or whitespace.
                let before = text[..at].chars().next_back();
                if quoted == key && !matches!(before, None | Some('\n')) {
                    continue;
                }
                let rest = text[from..].trim_start_matches([' ', '\t']);
                let Some(rest) = rest.strip_prefix(':') else { continue };
                let value: String = rest
                    .trim_start_matches([' ', '\t'])
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                    .collect();
                if !value.is_empty() {
                    return Some(value);
                }
            }
        }
    }
    None
}

/// The minor version family a spec counts under in the summary.
fn family(version: &str) -> &'static str {
    if version.starts_with("2.0") || version == "2" {
        "2.0"
    } else if version.starts_with("3.0") {
        "3.0"
    } else if version.starts_with("3.1") {
        "3.1"
    } else if version.starts_with("3.2") {
        "3.2"
    } else {
        "other"
    }
}

// ---------------------------------------------------------------------------------------------------------
// Running children with a timeout, measuring time and peak memory

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Exited(i32),
    Signaled(i32),
    TimedOut,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Exited(code) => write!(f, "exit status {code}"),
            Status::Signaled(signal) => write!(f, "killed by signal {signal}"),
            Status::TimedOut => write!(f, "timed out"),
        }
    }
}

#[derive(Debug)]
struct Outcome {
    status: Status,
    wall: Duration,
    /// The peak resident set of the child and of the descendants it waited for, in KiB.
    max_rss_kib: u64,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn success(&self) -> bool {
        self.status == Status::Exited(0)
    }

    fn max_rss_mib(&self) -> f64 {
        self.max_rss_kib as f64 / 1024.0
    }

    /// Both streams, stderr first (cargo writes its diagnostics there).
    fn output(&self) -> String {
        format!("{}{}", self.stderr, self.stdout)
    }
}

/// Reads a stream to its end, keeping at most [`OUTPUT_CAP`] bytes.
fn drain(mut stream: impl Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 64 * 1024];
        let mut truncated = false;
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..n.min(room)]);
                    truncated |= n > room;
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let mut text = String::from_utf8_lossy(&kept).into_owned();
        if truncated {
            text.push_str("\n[output truncated]\n");
        }
        let _ = sender.send(text);
    });
    receiver
}

/// Runs `command` with its output captured, killing it (and, with `group`, everything it started) after `timeout`.
fn run_bounded(command: &mut Command, timeout: Duration, group: bool) -> std::io::Result<Outcome> {
    use std::os::unix::process::CommandExt as _;
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if group {
        command.process_group(0);
    }
    let started = Instant::now();
    let mut child = command.spawn()?;
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let pid = child.id() as libc::pid_t;
    // A helper thread waits (without reaping) for the child to end and notes when; only this thread reaps,
    // so the pid cannot be reused by another process before a timeout kill.
    let (sender, ended) = std::sync::mpsc::channel();
    std::thread::spawn(move || loop {
        // SAFETY: an all-zero `siginfo_t` is a valid value of this plain C struct.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our child, not yet reaped (WNOWAIT leaves it so); `info` is a live, writable local.
        let result = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if result == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            let _ = sender.send(Instant::now());
            return;
        }
    });
    let mut timed_out = false;
    let mut ended_at = None;
    match ended.recv_timeout(timeout) {
        Ok(at) => ended_at = Some(at),
        Err(_) => {
            timed_out = true;
            // SAFETY: plain syscalls on our unreaped child's pid (or its process group, which it leads).
            unsafe {
                if group {
                    libc::kill(-pid, libc::SIGKILL);
                }
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
    let (raw_status, usage) = loop {
        let mut raw_status: libc::c_int = 0;
        // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own unreaped child; both pointers are to live, writable locals. The child has
        // ended or was just killed, so this does not block for long.
        let reaped = unsafe { libc::wait4(pid, &mut raw_status, 0, &mut usage) };
        if reaped == pid {
            break (raw_status, usage);
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    };
    let wall = ended_at.unwrap_or_else(Instant::now).saturating_duration_since(started);
    let status = if timed_out {
        Status::TimedOut
    } else if libc::WIFEXITED(raw_status) {
        Status::Exited(libc::WEXITSTATUS(raw_status))
    } else if libc::WIFSIGNALED(raw_status) {
        Status::Signaled(libc::WTERMSIG(raw_status))
    } else {
        Status::Exited(-1)
    };
    // A grandchild may still hold a pipe open; do not wait for it forever.
    let collect = |receiver: Option<std::sync::mpsc::Receiver<String>>| {
        receiver.map(|r| r.recv_timeout(Duration::from_secs(10)).unwrap_or_default()).unwrap_or_default()
    };
    let stdout = collect(stdout);
    let stderr = collect(stderr);
    let max_rss_kib = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    Ok(Outcome { status, wall, max_rss_kib, stdout, stderr })
}

// ---------------------------------------------------------------------------------------------------------
// Step 1: classifying `apigen check`

#[derive(Debug, Clone)]
enum Check {
    Accepted,
    /// Exit 1, every error located: the first message and how many errors.
    Refused {
        first: String,
        errors: usize,
    },
    /// Exit 1 with an error that has no location (or with no error line at all).
    RefusedUnlocated(String),
    Panicked(String),
    TimedOut,
    /// Any other exit status or a signal.
    Crashed(String),
}

impl Check {
    fn label(&self) -> &'static str {
        match self {
            Check::Accepted => "accepted",
            Check::Refused { .. } => "refused",
            Check::RefusedUnlocated(_) => "refused WITHOUT LOCATION",
            Check::Panicked(_) => "PANICKED",
            Check::TimedOut => "TIMED OUT",
            Check::Crashed(_) => "CRASHED",
        }
    }
}

fn classify_check(outcome: &Outcome) -> Check {
    let stderr = &outcome.stderr;
    if outcome.status == Status::TimedOut {
        return Check::TimedOut;
    }
    if outcome.status == Status::Exited(101) || stderr.contains("panicked") {
        return Check::Panicked(panic_message(stderr));
    }
    match outcome.status {
        Status::Exited(0) => Check::Accepted,
        Status::Exited(1) => {
            let lines: Vec<&str> = stderr.lines().collect();
            let mut first = None;
            let mut errors = 0;
            for (i, line) in lines.iter().enumerate() {
                let Some(message) = line.strip_prefix("error: ") else { continue };
                if is_problem_count(message) {
                    continue;
                }
                let located = lines.get(i + 1).is_some_and(|next| is_location(next));
                if !located {
                    return Check::RefusedUnlocated(message.to_owned());
                }
                errors += 1;
                first.get_or_insert_with(|| message.to_owned());
            }
            match first {
                Some(first) => Check::Refused { first, errors },
                None => Check::RefusedUnlocated(format!("exit 1 without an error line: {}", first_line(stderr))),
            }
        }
        other => Check::Crashed(format!("{other}: {}", first_line(stderr))),
    }
}

/// apigen's closing line, `error: 3 problems found; nothing was written`.
fn is_problem_count(message: &str) -> bool {
    let mut words = message.split_whitespace();
    words.next().is_some_and(|n| n.parse::<usize>().is_ok())
        && matches!(words.next(), Some("problem" | "problems"))
        && words.next() == Some("found;")
}

/// `  --> file#/pointer` or `  --> file:line:col`.
fn is_location(line: &str) -> bool {
    let Some(place) = line.strip_prefix("  --> ") else { return false };
    if place.contains('#') {
        return true;
    }
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next().is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
    let line = parts.next().is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    column && line && parts.next().is_some_and(|file| !file.is_empty())
}

fn count_apigen_warnings(stderr: &str) -> usize {
    stderr.lines().filter(|line| line.starts_with("warning: ")).count()
}

/// `panicked at file:line:col: message`, from the lines of a Rust panic report.
fn panic_message(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    match lines.iter().position(|line| line.contains("panicked")) {
        Some(i) => {
            let head = lines[i];
            let head = head.find("panicked").map(|at| &head[at..]).unwrap_or(head);
            match lines.get(i + 1) {
                // Since Rust 1.73 the message is on the next line.
                Some(next) if head.ends_with(':') && !next.starts_with("note:") => format!("{head} {next}"),
                _ => head.to_owned(),
            }
        }
        None => format!("exit status 101: {}", first_line(stderr)),
    }
}

fn first_line(text: &str) -> String {
    text.lines().find(|line| !line.trim().is_empty()).unwrap_or("(no output)").to_owned()
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

// ---------------------------------------------------------------------------------------------------------
// Step 2: generating and compiling the accepted specs

#[derive(Debug, Clone)]
enum Compile {
    Compiles,
    /// The first error (`path:line:col: error[...]: message`) and how many errors this spec's code had.
    Errors {
        first: String,
        errors: usize,
    },
    /// `apigen generate` failed on this spec although `apigen check` accepted it.
    GenerateFailed(String),
    TimedOut,
    Unknown(String),
}

/// One diagnostic of `cargo check`/`cargo clippy`, in short format.
#[derive(Debug, Clone)]
struct Finding {
    error: bool,
    /// `path:line:col: level: message`, with the path relative to the crate.
    text: String,
    /// The message alone.
    message: String,
}

/// One `cargo` run on a generated crate, for the timings section.
#[derive(Debug, Clone)]
struct CrateRun {
    what: String,
    specs: usize,
    lines: usize,
    status: Status,
    wall: Duration,
    max_rss_mib: f64,
    /// Diagnostics outside the spec modules (runtime, lib.rs, dependencies): how many, and the first.
    outside: (usize, Option<String>),
}

enum Round {
    /// What remains compiles.
    Compiled,
    /// These specs have errors (or failed to generate); check the rest again.
    Removed(BTreeSet<usize>),
    /// The build failed with errors no spec owns; check the specs one by one.
    Split,
}

struct CompileContext {
    root: PathBuf,
    apigen: PathBuf,
    lock: Vec<u8>,
}

/// The most spec bytes generated into one crate: rustc's memory grows with the crate, and the
/// accepted corpus in one crate (57 specs, a million lines) took one `clippy-driver` past 19 GB on
/// a 24 GB machine. About 1.5 MB of spec keeps a batch's compile in a few GB; a bigger spec is a
/// batch of its own.
const BATCH_BYTES: u64 = 1_500_000;

/// Splits the accepted specs into batches of at most [`BATCH_BYTES`] of spec, in which no two specs
/// become the same module. Batches are compiled one after another into the same crate directory,
/// with one shared target directory, so the dependencies are built once.
fn batches_without_collisions(accepted: &[usize], results: &[SpecResult]) -> Vec<Vec<usize>> {
    let mut batches: Vec<(BTreeSet<String>, u64, Vec<usize>)> = Vec::new();
    for &i in accepted {
        let module = &results[i].module;
        let bytes = results[i].spec.bytes;
        let fits = |(modules, size, _): &&mut (BTreeSet<String>, u64, Vec<usize>)| {
            !modules.contains(module) && (*size == 0 || size.saturating_add(bytes) <= BATCH_BYTES)
        };
        match batches.iter_mut().find(|batch| fits(batch)) {
            Some((modules, size, members)) => {
                modules.insert(module.clone());
                *size = size.saturating_add(bytes);
                members.push(i);
            }
            None => batches.push((BTreeSet::from([module.clone()]), bytes, vec![i])),
        }
    }
    batches.into_iter().map(|(_, _, members)| members).collect()
}

fn compile_round(
    ctx: &CompileContext,
    members: &[usize],
    results: &mut [SpecResult],
    runs: &mut Vec<CrateRun>,
    clippy_available: &mut bool,
) -> Result<Round, String> {
    let corpus_dir = ctx.root.join("target/corpus");
    let crate_dir = ctx.root.join(CRATE_DIR);
    let target_dir = corpus_dir.join("target");
    let shown_dir = CRATE_DIR.to_owned();

    eprintln!("corpus: generating {} spec{} into {shown_dir}...", members.len(), plural(members.len()));
    let mut generate = Command::new(&ctx.apigen);
    generate.arg("generate");
    for &i in members {
        generate.arg(&results[i].spec.path);
    }
    generate.arg("--out").arg(&crate_dir).args(["--crate-name", CRATE_NAME]).current_dir(&ctx.root);
    let outcome = run_bounded(&mut generate, BUILD_TIMEOUT, false).map_err(|err| format!("cannot run apigen generate: {err}"))?;
    runs.push(CrateRun {
        what: "apigen generate".to_owned(),
        specs: members.len(),
        lines: 0,
        status: outcome.status,
        wall: outcome.wall,
        max_rss_mib: outcome.max_rss_mib(),
        outside: (0, None),
    });
    if !outcome.success() {
        let reason = match outcome.status {
            Status::TimedOut => "timed out".to_owned(),
            _ if outcome.status == Status::Exited(101) || outcome.stderr.contains("panicked") => panic_message(&outcome.stderr),
            status => format!("{status}: {}", first_line(&outcome.stderr)),
        };
        if members.len() == 1 {
            results[members[0]].compile = Some(Compile::GenerateFailed(reason));
            return Ok(Round::Removed(members.iter().copied().collect()));
        }
        // Find the culprits by generating each spec alone into a scratch directory (cheap next to compiling).
        eprintln!("corpus: apigen generate failed on the batch ({reason}); generating the specs one by one to find which");
        let probe_dir = corpus_dir.join("probe");
        let mut failed = BTreeSet::new();
        for &i in members {
            let mut probe = Command::new(&ctx.apigen);
            probe
                .arg("generate")
                .arg(&results[i].spec.path)
                .arg("--out")
                .arg(&probe_dir)
                .args(["--crate-name", CRATE_NAME])
                .current_dir(&ctx.root);
            let outcome = run_bounded(&mut probe, BUILD_TIMEOUT, false).map_err(|err| format!("cannot run apigen generate: {err}"))?;
            if !outcome.success() {
                let reason = match outcome.status {
                    Status::TimedOut => "apigen generate timed out".to_owned(),
                    _ if outcome.status == Status::Exited(101) || outcome.stderr.contains("panicked") => panic_message(&outcome.stderr),
                    status => format!("apigen generate: {status}: {}", first_line(&outcome.stderr)),
                };
                eprintln!("corpus:   {}: {reason}", results[i].spec.file);
                results[i].compile = Some(Compile::GenerateFailed(reason));
                failed.insert(i);
            }
        }
        let _ = std::fs::remove_dir_all(&probe_dir);
        if failed.is_empty() {
            eprintln!("corpus: every spec generates alone; compiling them one by one");
            return Ok(Round::Split);
        }
        return Ok(Round::Removed(failed));
    }

    let manifest_path = crate_dir.join("Cargo.toml");
    let mut manifest = std::fs::read_to_string(&manifest_path).map_err(|err| format!("cannot read {}: {err}", manifest_path.display()))?;
    if !manifest.lines().any(|line| line.trim() == "[workspace]") {
        manifest.push_str("\n# Added by `cargo xtask corpus`: this crate is not a member of the apigen workspace.\n[workspace]\n");
        std::fs::write(&manifest_path, manifest).map_err(|err| format!("cannot write {}: {err}", manifest_path.display()))?;
    }
    let lock_path = crate_dir.join("Cargo.lock");
    std::fs::write(&lock_path, &ctx.lock).map_err(|err| format!("cannot write {}: {err}", lock_path.display()))?;
    let lines = count_lines(&crate_dir.join("src"));

    eprintln!("corpus: cargo check in {shown_dir} ({lines} lines of Rust)...");
    let check = cargo(&crate_dir, &target_dir, &["check", "--offline", "--message-format", "short"])?;
    let output = check.output();
    if !check.success() {
        if let Some(message) = offline_problem(&output) {
            return Err(format!(
                "`cargo check --offline` cannot resolve the generated crate's dependencies: {message}\n\
                 The generated crate uses the versions of the workspace Cargo.lock; build the workspace once with network \
                 access (for example `cargo build --workspace --all-targets`) so that they are in the local registry, then rerun."
            ));
        }
    }
    let modules: BTreeMap<&str, usize> = members.iter().map(|&i| (results[i].module.as_str(), i)).collect();
    let (by_spec, unowned) = attribute(&output, &modules);
    runs.push(CrateRun {
        what: "cargo check".to_owned(),
        specs: members.len(),
        lines,
        status: check.status,
        wall: check.wall,
        max_rss_mib: check.max_rss_mib(),
        outside: (unowned.len(), unowned.first().map(|f| f.text.clone())),
    });
    for &i in members {
        results[i].rustc_warnings = by_spec.get(&i).map(|f| f.iter().filter(|f| !f.error).cloned().collect()).unwrap_or_default();
    }
    if check.status == Status::TimedOut {
        for &i in members {
            results[i].compile = Some(Compile::TimedOut);
        }
        return Ok(Round::Removed(members.iter().copied().collect()));
    }
    if check.success() {
        for &i in members {
            results[i].compile = Some(Compile::Compiles);
        }
        lint(&crate_dir, &target_dir, members, results, runs, clippy_available, lines)?;
        return Ok(Round::Compiled);
    }
    let mut failed = BTreeSet::new();
    for (&i, findings) in &by_spec {
        let errors: Vec<&Finding> = findings.iter().filter(|f| f.error).collect();
        if let Some(first) = errors.first() {
            results[i].compile = Some(Compile::Errors { first: first.text.clone(), errors: errors.len() });
            failed.insert(i);
        }
    }
    if !failed.is_empty() {
        eprintln!("corpus: {} spec{} generated code with errors; checking the rest again", failed.len(), plural(failed.len()));
        return Ok(Round::Removed(failed));
    }
    let first_unowned = unowned
        .iter()
        .find(|f| f.error)
        .map(|f| f.text.clone())
        .unwrap_or_else(|| format!("cargo check failed ({}): {}", check.status, first_error_line(&output)));
    if members.len() == 1 {
        results[members[0]].compile = Some(Compile::Errors { first: first_unowned, errors: 1 });
        return Ok(Round::Removed(members.iter().copied().collect()));
    }
    eprintln!("corpus: the build failed outside the spec modules ({first_unowned}); checking the specs one by one");
    Ok(Round::Split)
}

/// Runs clippy on a crate that compiles and records its findings per spec.
fn lint(
    crate_dir: &Path,
    target_dir: &Path,
    members: &[usize],
    results: &mut [SpecResult],
    runs: &mut Vec<CrateRun>,
    clippy_available: &mut bool,
    lines: usize,
) -> Result<(), String> {
    if !*clippy_available {
        return Ok(());
    }
    let shown_dir = CRATE_DIR;
    eprintln!("corpus: cargo clippy in {shown_dir}...");
    let clippy = cargo(crate_dir, target_dir, &["clippy", "--offline", "--message-format", "short", "--", "-D", "warnings"])?;
    let output = clippy.output();
    if !clippy.success() && output.contains("no such command") {
        eprintln!("corpus: cargo clippy is not installed; clippy findings are not recorded");
        *clippy_available = false;
        return Ok(());
    }
    let modules: BTreeMap<&str, usize> = members.iter().map(|&i| (results[i].module.as_str(), i)).collect();
    let (by_spec, unowned) = attribute(&output, &modules);
    runs.push(CrateRun {
        what: "cargo clippy".to_owned(),
        specs: members.len(),
        lines,
        status: clippy.status,
        wall: clippy.wall,
        max_rss_mib: clippy.max_rss_mib(),
        outside: (unowned.len(), unowned.first().map(|f| f.text.clone())),
    });
    for (i, findings) in by_spec {
        results[i].clippy = findings;
    }
    Ok(())
}

fn cargo(crate_dir: &Path, target_dir: &Path, args: &[&str]) -> Result<Outcome, String> {
    let mut command = Command::new(env!("CARGO"));
    command.args(args).current_dir(crate_dir).env("CARGO_TARGET_DIR", target_dir).env_remove("RUSTFLAGS").env("CARGO_TERM_COLOR", "never");
    run_bounded(&mut command, BUILD_TIMEOUT, true).map_err(|err| format!("cannot run cargo {}: {err}", args.first().copied().unwrap_or("")))
}

/// Cargo's complaint when `--offline` cannot resolve a dependency, if that is why it failed.
fn offline_problem(output: &str) -> Option<String> {
    let line = output.lines().find(|line| {
        line.starts_with("error:")
            && (line.contains("offline")
                || line.contains("failed to download")
                || line.contains("no matching package")
                || line.contains("failed to select a version"))
    })?;
    Some(line.trim_start_matches("error:").trim().to_owned())
}

fn first_error_line(output: &str) -> String {
    output.lines().find(|line| line.starts_with("error")).map(str::to_owned).unwrap_or_else(|| first_line(output))
}

/// Splits short-format diagnostics into those under `src/<module>/` (by spec index) and the rest.
fn attribute(output: &str, modules: &BTreeMap<&str, usize>) -> (BTreeMap<usize, Vec<Finding>>, Vec<Finding>) {
    let mut by_spec: BTreeMap<usize, Vec<Finding>> = BTreeMap::new();
    let mut unowned = Vec::new();
    for line in output.lines() {
        let Some((path, finding)) = parse_short(line) else { continue };
        let owner = path.strip_prefix("src/").and_then(|rest| rest.split('/').next()).and_then(|module| modules.get(module));
        match owner {
            Some(&i) => by_spec.entry(i).or_default().push(finding),
            None => unowned.push(finding),
        }
    }
    (by_spec, unowned)
}

/// `src/x/types.rs:12:5: error[E0412]: message` → (`src/x/types.rs`, finding). Lines without a location are not findings.
fn parse_short(line: &str) -> Option<(&str, Finding)> {
    let (location, rest) = line.split_once(": ")?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?;
    let line_number = parts.next()?;
    let path = parts.next()?;
    if column.is_empty()
        || !column.bytes().all(|b| b.is_ascii_digit())
        || line_number.is_empty()
        || !line_number.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (level, message) = rest.split_once(": ")?;
    let error = level.starts_with("error");
    if !error && !level.starts_with("warning") {
        return None;
    }
    Some((path, Finding { error, text: line.to_owned(), message: message.to_owned() }))
}

fn count_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    let mut visited = 0;
    while let Some(dir) = stack.pop() {
        visited += 1;
        if visited > 10_000 {
            break;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                total += std::fs::read(&path).map(|bytes| bytes.iter().filter(|&&b| b == b'\n').count()).unwrap_or(0);
            }
        }
    }
    total
}

// ---------------------------------------------------------------------------------------------------------
// Step 3: the report

#[derive(Debug, Clone)]
struct SpecResult {
    spec: Spec,
    module: String,
    check: Check,
    check_ms: u128,
    check_mib: f64,
    apigen_warnings: usize,
    compile: Option<Compile>,
    rustc_warnings: Vec<Finding>,
    clippy: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Compiles,
    ClippyFindings,
    DoesNotCompile,
    GenerateFailed,
    CompileTimedOut,
    CompileUnknown,
    Refused,
    RefusedUnlocated,
    Panicked,
    TimedOut,
    Crashed,
}

impl Class {
    const ALL: [Class; 11] = [
        Class::Compiles,
        Class::ClippyFindings,
        Class::DoesNotCompile,
        Class::GenerateFailed,
        Class::CompileTimedOut,
        Class::CompileUnknown,
        Class::Refused,
        Class::RefusedUnlocated,
        Class::Panicked,
        Class::TimedOut,
        Class::Crashed,
    ];

    fn name(self) -> &'static str {
        match self {
            Class::Compiles => "accepted, compiles",
            Class::ClippyFindings => "accepted, compiles, but with rustc or clippy findings",
            Class::DoesNotCompile => "accepted, generated but does not compile",
            Class::GenerateFailed => "accepted, but `apigen generate` failed",
            Class::CompileTimedOut => "accepted, compile timed out",
            Class::CompileUnknown => "accepted, compile not checked",
            Class::Refused => "refused with located diagnostics",
            Class::RefusedUnlocated => "refused without a location",
            Class::Panicked => "panic",
            Class::TimedOut => "timeout",
            Class::Crashed => "crashed (other exit status or signal)",
        }
    }

    fn short(self) -> &'static str {
        match self {
            Class::Compiles => "compiles",
            Class::ClippyFindings => "**clippy findings**",
            Class::DoesNotCompile => "**does not compile**",
            Class::GenerateFailed => "**generate failed**",
            Class::CompileTimedOut => "**compile timeout**",
            Class::CompileUnknown => "**not checked**",
            Class::Refused => "refused",
            Class::RefusedUnlocated => "**refused, unlocated**",
            Class::Panicked => "**panic**",
            Class::TimedOut => "**timeout**",
            Class::Crashed => "**crashed**",
        }
    }

    /// Makes the command exit 1.
    fn is_failure(self) -> bool {
        !matches!(self, Class::Compiles | Class::Refused)
    }
}

impl SpecResult {
    fn class(&self) -> Class {
        match (&self.check, &self.compile) {
            // Generated code must be warning-free and clippy-clean (`-D warnings`), like ours.
            (Check::Accepted, Some(Compile::Compiles)) if !self.clippy.is_empty() || !self.rustc_warnings.is_empty() => {
                Class::ClippyFindings
            }
            (Check::Accepted, Some(Compile::Compiles)) => Class::Compiles,
            (Check::Accepted, Some(Compile::Errors { .. })) => Class::DoesNotCompile,
            (Check::Accepted, Some(Compile::GenerateFailed(_))) => Class::GenerateFailed,
            (Check::Accepted, Some(Compile::TimedOut)) => Class::CompileTimedOut,
            (Check::Accepted, Some(Compile::Unknown(_)) | None) => Class::CompileUnknown,
            (Check::Refused { .. }, _) => Class::Refused,
            (Check::RefusedUnlocated(_), _) => Class::RefusedUnlocated,
            (Check::Panicked(_), _) => Class::Panicked,
            (Check::TimedOut, _) => Class::TimedOut,
            (Check::Crashed(_), _) => Class::Crashed,
        }
    }

    /// The first error, whatever the stage.
    fn first_error(&self) -> String {
        match (&self.check, &self.compile) {
            (Check::Refused { first, errors }, _) => format!("{first} ({errors} error{})", plural(*errors)),
            (Check::RefusedUnlocated(message) | Check::Panicked(message) | Check::Crashed(message), _) => message.clone(),
            (Check::TimedOut, _) => format!("no answer within {} s", CHECK_TIMEOUT.as_secs()),
            (Check::Accepted, Some(Compile::Errors { first, errors })) => format!("{first} ({errors} error{})", plural(*errors)),
            (Check::Accepted, Some(Compile::GenerateFailed(message) | Compile::Unknown(message))) => message.clone(),
            (Check::Accepted, Some(Compile::TimedOut)) => format!("cargo check did not finish within {} min", BUILD_TIMEOUT.as_secs() / 60),
            (Check::Accepted, Some(Compile::Compiles)) => {
                self.rustc_warnings.iter().chain(&self.clippy).next().map(|finding| finding.message.clone()).unwrap_or_default()
            }
            (Check::Accepted, None) => String::new(),
        }
    }
}

struct Environment {
    nproc: usize,
    memory: String,
    cpu: String,
    rustc: String,
    apigen_version: String,
    commit: String,
}

impl Environment {
    fn collect(root: &Path, apigen: &Path) -> Self {
        let output = |program: &Path, args: &[&str]| -> String {
            run_bounded(Command::new(program).args(args).current_dir(root), Duration::from_secs(30), false)
                .ok()
                .filter(Outcome::success)
                .map(|o| o.stdout.trim().to_owned())
                .unwrap_or_default()
        };
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = meminfo
            .lines()
            .find_map(|line| line.strip_prefix("MemTotal:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0))
            .unwrap_or_else(|| "unknown".to_owned());
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name").and_then(|rest| rest.split_once(':')).map(|(_, name)| name.trim().to_owned()))
            .unwrap_or_else(|| "unknown".to_owned());
        let mut commit = output(Path::new("git"), &["rev-parse", "--short", "HEAD"]);
        if commit.is_empty() {
            commit = "unknown".to_owned();
        } else if !output(Path::new("git"), &["status", "--porcelain", "--", "generator", "templates"]).is_empty() {
            commit.push_str(" + uncommitted changes in generator/ or templates/");
        }
        let rustc = std::env::var_os("RUSTC").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("rustc"));
        Environment {
            nproc: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            memory,
            cpu,
            rustc: output(&rustc, &["--version"]),
            apigen_version: output(apigen, &["--version"]),
            commit,
        }
    }
}

struct Report<'a> {
    command: String,
    shown_dir: String,
    quick: bool,
    total_in_dir: usize,
    results: &'a [SpecResult],
    crate_runs: &'a [CrateRun],
    env: Environment,
    clippy_available: bool,
    elapsed: Duration,
}

impl Report<'_> {
    fn families(&self) -> Vec<&'static str> {
        let present: BTreeSet<&'static str> = self.results.iter().map(|r| family(&r.spec.version)).collect();
        ["2.0", "3.0", "3.1", "3.2", "other"].into_iter().filter(|f| present.contains(f) || *f != "other").collect()
    }

    fn count(&self, class: Option<Class>, family_filter: Option<&str>) -> usize {
        self.results
            .iter()
            .filter(|r| class.is_none_or(|c| r.class() == c))
            .filter(|r| family_filter.is_none_or(|f| family(&r.spec.version) == f))
            .count()
    }

    fn pass_rate(&self, fam: &str) -> String {
        let total = self.count(None, Some(fam));
        let passed = self.count(Some(Class::Compiles), Some(fam));
        if total == 0 {
            "n/a (no specs)".to_owned()
        } else {
            format!("{:.1} % ({passed} of {total})", 100.0 * passed as f64 / total as f64)
        }
    }

    /// The counts table and pass rates, in Markdown; also what is printed to stdout.
    fn summary(&self) -> String {
        let mut out = String::new();
        let families = self.families();
        let _ = write!(out, "| Class | All |");
        for fam in &families {
            let _ = write!(out, " {fam} |");
        }
        out.push('\n');
        out.push_str("|---|---:|");
        for _ in &families {
            out.push_str("---:|");
        }
        out.push('\n');
        for class in Class::ALL {
            let all = self.count(Some(class), None);
            if all == 0
                && !matches!(
                    class,
                    Class::Compiles | Class::ClippyFindings | Class::DoesNotCompile | Class::Refused | Class::Panicked | Class::TimedOut
                )
            {
                continue;
            }
            let _ = write!(out, "| {} | {all} |", class.name());
            for fam in &families {
                let _ = write!(out, " {} |", self.count(Some(class), Some(fam)));
            }
            out.push('\n');
        }
        let _ = write!(out, "| **total** | **{}** |", self.results.len());
        for fam in &families {
            let _ = write!(out, " **{}** |", self.count(None, Some(fam)));
        }
        out.push('\n');
        out.push('\n');
        for fam in families.iter().filter(|f| **f != "other") {
            let name = if *fam == "2.0" { "Swagger 2.0" } else { &format!("OpenAPI {fam}") };
            let _ = writeln!(out, "{name} specs that generate compiling code: **{}**.", self.pass_rate(fam));
        }
        let failures: Vec<&SpecResult> = self.results.iter().filter(|r| r.class().is_failure()).collect();
        if failures.is_empty() {
            out.push_str("\nNo spec panicked, timed out, or generated code that does not compile or is not clippy-clean.\n");
        } else {
            let _ = writeln!(out, "\nFailures ({}):\n", failures.len());
            for r in failures {
                let _ = writeln!(out, "- `{}`: {} — {}", r.spec.file, r.class().name(), cell(&r.first_error(), 400));
            }
        }
        out
    }

    fn markdown(&self) -> String {
        let env = &self.env;
        let mut out = String::new();
        out.push_str("# apigen against a corpus of real-world OpenAPI documents\n\n");
        if !self.quick {
            out.push_str("<!-- Generated by `cargo xtask corpus`; do not edit. Rerun it to update. -->\n\n");
        }
        let _ = writeln!(out, "- Command: `{}`", self.command);
        let _ = writeln!(out, "- Date: {}", utc_now());
        let _ = writeln!(out, "- Machine: {} CPUs ({}), {} memory", env.nproc, env.cpu, env.memory);
        let _ = writeln!(out, "- apigen: {} at commit {}; {}", or_unknown(&env.apigen_version), env.commit, or_unknown(&env.rustc));
        let _ = write!(out, "- Specs: {} of the {} in `{}`", self.results.len(), self.total_in_dir, self.shown_dir);
        if self.quick {
            let _ = write!(out, " (`--quick`: only those under {} KiB)", QUICK_MAX_BYTES / 1024);
        }
        out.push('\n');
        let _ = writeln!(out, "- Total time: {:.1} s", self.elapsed.as_secs_f64());
        out.push_str(
            "\nEach spec is checked by `apigen check` as its own process (60 s timeout; time and peak RSS measured). \
             The accepted specs are then generated into a crate in batches of at most 1.5 MB of spec each \
             (a bigger spec alone), compiled one batch after another with `cargo check --offline` and one shared \
             target directory, so that no `rustc` needs more than a few GB; a spec \"compiles\" only once a check of its code succeeded. \
             Code that compiles but has rustc warnings or clippy (`-D warnings`) findings is a failure class of its own.\n\n",
        );
        out.push_str("## Summary\n\n");
        out.push_str(&self.summary());
        out.push_str("\n## Per spec\n\n");
        out.push_str(
            "Versions are the `openapi` field (from `MANIFEST.tsv` when it lists the file). Warnings: apigen's / rustc's / clippy's.\n\n",
        );
        out.push_str("| File | Version | Size | Class | Check ms | Peak MiB | Warnings | First error |\n");
        out.push_str("|---|---|---:|---|---:|---:|---:|---|\n");
        for r in self.results {
            let warnings = if r.compile.is_some() {
                let clippy = if self.clippy_available && matches!(r.compile, Some(Compile::Compiles)) {
                    r.clippy.len().to_string()
                } else {
                    "–".to_owned()
                };
                format!("{} / {} / {clippy}", r.apigen_warnings, r.rustc_warnings.len())
            } else {
                format!("{} / – / –", r.apigen_warnings)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.1} | {} | {} |",
                r.spec.file,
                r.spec.version,
                size(r.spec.bytes),
                r.class().short(),
                r.check_ms,
                r.check_mib,
                warnings,
                cell(&r.first_error(), CELL_MAX)
            );
        }
        out.push_str("\n## Generated crates\n\n");
        if self.crate_runs.is_empty() {
            out.push_str("No spec was accepted, so nothing was generated.\n");
        } else {
            let _ = writeln!(out, "All in `{CRATE_DIR}`, one run after the other; peak memory includes the compiler processes.\n");
            out.push_str("| Step | Specs | Lines of Rust | Result | Wall time | Peak MiB | Findings outside spec modules |\n|---|---:|---:|---|---:|---:|---|\n");
            for run in self.crate_runs {
                let lines = if run.lines == 0 { "–".to_owned() } else { run.lines.to_string() };
                let outside = match &run.outside {
                    (0, _) => "–".to_owned(),
                    (n, first) => format!("{n}: {}", cell(first.as_deref().unwrap_or(""), CELL_MAX)),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {lines} | {} | {:.1} s | {:.0} | {outside} |",
                    run.what,
                    run.specs,
                    run.status,
                    run.wall.as_secs_f64(),
                    run.max_rss_mib
                );
            }
        }
        let linted: Vec<&SpecResult> = self.results.iter().filter(|r| r.class() == Class::ClippyFindings).collect();
        if !linted.is_empty() {
            out.push_str("\n## Compiler and clippy findings in code that compiles\n\n");
            out.push_str("The most frequent messages per spec (clippy's include rustc's warnings, denied).\n\n");
            for r in linted {
                let _ = writeln!(
                    out,
                    "- `{}`: {} rustc warning{}, {} clippy finding{}",
                    r.spec.file,
                    r.rustc_warnings.len(),
                    plural(r.rustc_warnings.len()),
                    r.clippy.len(),
                    plural(r.clippy.len())
                );
                let source = if r.clippy.is_empty() { &r.rustc_warnings } else { &r.clippy };
                for (message, count) in top_messages(source, 5) {
                    let _ = writeln!(out, "  - {count} × {}", cell(&message, CELL_MAX));
                }
            }
        }
        out
    }
}

/// The most frequent messages, numbers stripped so that `(9/7)` and `(8/7)` count together.
fn top_messages(findings: &[Finding], n: usize) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for finding in findings {
        let key: String = finding.message.chars().filter(|c| !c.is_ascii_digit()).collect();
        let entry = counts.entry(key).or_insert((0, finding.message.clone()));
        entry.0 += 1;
    }
    let mut all: Vec<(String, usize)> = counts.into_values().map(|(count, example)| (example, count)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(n);
    all
}

fn or_unknown(text: &str) -> &str {
    if text.is_empty() {
        "unknown"
    } else {
        text
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.2} MiB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// Text made safe for one Markdown table cell, cut to `max` characters.
fn cell(text: &str, max: usize) -> String {
    let one_line = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// The current UTC time as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let days = (seconds / 86_400) as i64;
    let (hour, minute) = ((seconds % 86_400) / 3600, (seconds % 3600) / 60);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_problem_counts() {
        assert!(is_location("  --> specs/a.yaml#/paths/~1pets"));
        assert!(is_location("  --> specs/a.yaml:3:7"));
        assert!(!is_location("  --> specs/a.yaml"));
        assert!(!is_location("   = help: x"));
        assert!(is_problem_count("1 problem found; nothing was written"));
        assert!(is_problem_count("12 problems found; nothing was written"));
        assert!(!is_problem_count("OpenAPI version `3.2.0` is not supported"));
    }

    #[test]
    fn short_diagnostics() {
        let (path, finding) =
            parse_short("src/pets/types.rs:12:5: error[E0412]: cannot find type `Foo` in this scope").unwrap_or_else(|| unreachable!());
        assert_eq!(path, "src/pets/types.rs");
        assert!(finding.error);
        assert_eq!(finding.message, "cannot find type `Foo` in this scope");
        assert!(parse_short("error: could not compile `x` (lib) due to 1 previous error").is_none());
        assert!(parse_short("warning: `x` (lib) generated 1 warning").is_none());
    }

    #[test]
    fn versions_are_sniffed() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|_| unreachable!());
        let yaml = dir.join("a.yaml");
        let json = dir.join("b.json");
        std::fs::write(&yaml, "info:\n  x: openapi\nopenapi: '3.1.0'\n").unwrap_or_else(|_| unreachable!());
        std::fs::write(&json, "{\"info\": {}, \"openapi\" : \"3.0.3\"}").unwrap_or_else(|_| unreachable!());
        assert_eq!(sniff_version(&yaml).as_deref(), Some("3.1.0"));
        assert_eq!(sniff_version(&json).as_deref(), Some("3.0.3"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn children_are_timed_and_bounded() {
        let quick = run_bounded(Command::new("sleep").arg("0.2"), Duration::from_secs(5), false).unwrap_or_else(|_| unreachable!());
        assert_eq!(quick.status, Status::Exited(0));
        assert!(quick.wall >= Duration::from_millis(200) && quick.wall < Duration::from_millis(400), "{:?}", quick.wall);
        assert!(quick.max_rss_kib > 0);
        let slow = run_bounded(Command::new("sh").args(["-c", "sleep 5; echo late"]), Duration::from_millis(300), true)
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(slow.status, Status::TimedOut);
        assert!(slow.wall < Duration::from_secs(2), "{:?}", slow.wall);
        assert!(slow.stdout.is_empty());
    }

    #[test]
    fn dates() {
        assert!(utc_now().ends_with(" UTC"));
    }
}
