//! Part a: generation wall time and peak heap of apigen versus progenitor, in this process, with the
//! time to only read and parse each spec as the floor both share.
//!
//! Each tool starts from the spec file: it reads it and parses it with apigen's reader
//! (`apigen::load::parse`), so that both get the same `openapiv3::OpenAPI`. apigen then runs its whole
//! `apigen::generate`; progenitor runs `Generator::default().generate_tokens` and formats the tokens
//! the way its README's `build.rs` does (`syn::parse2` + `prettyplease::unparse`). The tools run in
//! rounds, one call each per round in a rotating order, so that background load hits all of them alike.

use std::hint::black_box;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// At least this many timed rounds per spec, after one untimed warm-up round.
const MIN_RUNS: usize = 5;
/// More rounds while a spec's rounds have taken less than this in total...
const BUDGET: Duration = Duration::from_secs(3);
/// ...up to this many.
const MAX_RUNS: usize = 201;

/// A spec to generate from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file name, as shown in the table.
    pub label: String,
    /// The path, relative to the workspace root.
    pub path: PathBuf,
}

/// How one tool fared on one spec.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Median wall time of the timed runs and the largest peak heap of all runs (bytes above the baseline).
    Measured { median: Duration, peak_bytes: usize },
    /// The first call panicked (with this message) or returned an error; it was not run again.
    Failed(String),
}

impl Outcome {
    /// The median, when measured.
    pub fn median(&self) -> Option<Duration> {
        match self {
            Outcome::Measured { median, .. } => Some(*median),
            Outcome::Failed(_) => None,
        }
    }

    /// The peak heap in bytes, when measured.
    pub fn peak_bytes(&self) -> Option<usize> {
        match self {
            Outcome::Measured { peak_bytes, .. } => Some(*peak_bytes),
            Outcome::Failed(_) => None,
        }
    }
}

/// One line of the generation table.
#[derive(Debug, Clone)]
pub struct Row {
    pub spec: Spec,
    /// The spec's size in bytes (0 when it cannot be read).
    pub bytes: u64,
    /// Timed rounds.
    pub runs: usize,
    /// Read and parse only (`apigen::load::parse`).
    pub parse: Outcome,
    /// `apigen::generate`, which reads the file itself.
    pub apigen: Outcome,
    /// Read, parse, `generate_tokens`, format.
    pub progenitor: Outcome,
}

const TOOLS: usize = 3;

/// One measured step: from the spec's path to a size (kept alive through `black_box`), or an error.
type Tool = fn(&Path) -> Result<usize, String>;

/// Measures every spec.
pub fn run(specs: &[Spec]) -> Vec<Row> {
    specs.iter().map(measure_spec).collect()
}

fn measure_spec(spec: &Spec) -> Row {
    let bytes = std::fs::metadata(&spec.path).map(|m| m.len()).unwrap_or(0);
    eprintln!("  generation: {} ({:.0} KiB)", spec.label, bytes as f64 / 1024.0);
    let tools: [Tool; TOOLS] = [parse_only, apigen, progenitor];
    let mut failed: [Option<String>; TOOLS] = Default::default();
    let mut times: [Vec<Duration>; TOOLS] = Default::default();
    let mut peaks = [0usize; TOOLS];
    let started = Instant::now();
    let mut round = 0;
    loop {
        for offset in 0..TOOLS {
            let tool = (round + offset) % TOOLS;
            if failed[tool].is_some() {
                continue;
            }
            // Round 0 is the warm-up, and the one run whose heap is counted (counting slows
            // allocation on several threads at once, so timed runs do without it).
            match call(tools[tool], &spec.path, round == 0) {
                Ok((time, peak)) => {
                    peaks[tool] = peaks[tool].max(peak);
                    // Round 0's peak counts, its time does not.
                    if round > 0 {
                        times[tool].push(time);
                    }
                }
                Err(message) => failed[tool] = Some(message),
            }
        }
        let runs = round;
        round += 1;
        let all_failed = failed.iter().all(Option::is_some);
        if all_failed || runs >= MAX_RUNS || (runs >= MIN_RUNS && started.elapsed() >= BUDGET) {
            break;
        }
    }
    let mut outcomes = (0..TOOLS).map(|tool| match failed[tool].take() {
        Some(message) => Outcome::Failed(message),
        None => Outcome::Measured { median: median(&mut times[tool]), peak_bytes: peaks[tool] },
    });
    let (Some(parse), Some(apigen), Some(progenitor)) = (outcomes.next(), outcomes.next(), outcomes.next()) else {
        unreachable!("three tools give three outcomes")
    };
    Row { spec: spec.clone(), bytes, runs: round - 1, parse, apigen, progenitor }
}

/// The median of `times` (zero for none).
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    match times.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => times[n / 2],
        n => (times[n / 2 - 1] + times[n / 2]) / 2,
    }
}

/// Runs `tool` once: its wall time and, when `count` is set, its peak heap (else 0); or why it
/// failed. A panic is caught and its message kept instead of printed.
fn call(tool: Tool, path: &Path, count: bool) -> Result<(Duration, usize), String> {
    let message = Arc::new(Mutex::new(None::<String>));
    let previous = std::panic::take_hook();
    let sink = Arc::clone(&message);
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let text = payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        let text = text.unwrap_or("(no message)").lines().next().unwrap_or_default().to_owned();
        let at = info.location().map(|l| format!(" at {}:{}", short_path(l.file()), l.line())).unwrap_or_default();
        if let Ok(mut slot) = sink.lock() {
            *slot = Some(format!("panicked{at}: {text}"));
        }
    }));
    crate::alloc::counting(count);
    let baseline = crate::alloc::reset_peak();
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| black_box(tool(black_box(path)))));
    let elapsed = started.elapsed();
    let peak = if count { crate::alloc::peak_since(baseline) } else { 0 };
    crate::alloc::counting(false);
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(_)) => Ok((elapsed, peak)),
        Ok(Err(message)) => Err(format!("error: {message}")),
        Err(_) => Err(message.lock().ok().and_then(|mut slot| slot.take()).unwrap_or_else(|| "panicked".to_owned())),
    }
}

/// The last three components of a source path (`progenitor-impl-0.15.1/src/method.rs`).
fn short_path(file: &str) -> String {
    let parts: Vec<&str> = file.split('/').collect();
    parts[parts.len().saturating_sub(3)..].join("/")
}

/// The first line of a message.
fn first_line(text: &str) -> String {
    text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default().trim().to_owned()
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
}

fn load(path: &Path) -> Result<apigen::load::Loaded, String> {
    let text = read(path)?;
    apigen::load::parse(&path.display().to_string(), &text).map_err(|diagnostics| first_line(&diagnostics.to_string()))
}

/// The floor: read and parse.
fn parse_only(path: &Path) -> Result<usize, String> {
    load(path).map(|loaded| loaded.doc.paths.paths.len())
}

/// apigen, end to end in memory.
fn apigen(path: &Path) -> Result<usize, String> {
    let options = apigen::Options {
        crate_version: None,
        crate_name: "bench".to_owned(),
        regenerate_command: "cargo xtask bench".to_owned(),
        skip_invalid: false,
        mock: false,
        doc_examples: true,
    };
    apigen::generate(&[path], &options)
        .map(|generated| generated.files.values().map(String::len).sum())
        .map_err(|diagnostics| first_line(&diagnostics.to_string()))
}

/// progenitor, from the same parsed document, formatted.
fn progenitor(path: &Path) -> Result<usize, String> {
    let loaded = load(path)?;
    progenitor_code(&loaded.doc).map(|(code, _)| code.len())
}

/// progenitor's formatted code for `doc`, and the generator (which knows what the code depends on).
pub fn progenitor_code(doc: &openapiv3::OpenAPI) -> Result<(String, progenitor::Generator), String> {
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(doc).map_err(|err| first_line(&err.to_string()))?;
    let file: syn::File = syn::parse2(tokens).map_err(|err| format!("progenitor's output does not parse: {err}"))?;
    Ok((prettyplease::unparse(&file), generator))
}
