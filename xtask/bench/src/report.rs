//! The report: the machine, the three tables, and the targets, as Markdown.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::calls::Calls;
use crate::compile::{Build, Builds, Crate};
use crate::generation::{Outcome, Row};

/// Where and when the benchmark ran.
#[derive(Debug, Clone)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub memory: String,
    pub date: String,
    pub load_before: String,
    pub commit: String,
    pub rustc: String,
    pub progenitor: String,
}

impl Machine {
    /// Reads `/proc`, git, rustc and the bench's lockfile.
    pub fn probe(root: &Path) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = proc_field(&cpuinfo, "model name").unwrap_or_else(|| "unknown CPU".to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = proc_field(&meminfo, "MemTotal")
            .and_then(|kib| kib.trim_end_matches(" kB").trim().parse::<f64>().ok())
            .map_or_else(|| "unknown".to_owned(), |kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0));
        let commit = output(root, "git", &["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
        // What is measured: the generator, its templates and the generated crate.
        let measured = ["status", "--porcelain", "--", "generator", "templates", "generated"];
        let dirty = output(root, "git", &measured).is_some_and(|s| !s.is_empty());
        let lock = std::fs::read_to_string(root.join("xtask/bench/Cargo.lock")).unwrap_or_default();
        Machine {
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
            cpu_model,
            memory,
            date: utc_now(),
            load_before: load_average(),
            commit: if dirty { format!("{commit} with uncommitted changes in generator/, templates/ or generated/") } else { commit },
            rustc: output(root, "rustc", &["--version"]).unwrap_or_else(|| "rustc (unknown version)".to_owned()),
            progenitor: locked_version(&lock, "progenitor").unwrap_or_else(|| "?".to_owned()),
        }
    }
}

/// The 1-, 5- and 15-minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn proc_field(text: &str, name: &str) -> Option<String> {
    text.lines().filter_map(|line| line.split_once(':')).find(|(key, _)| key.trim() == name).map(|(_, value)| value.trim().to_owned())
}

fn output(root: &Path, program: &str, args: &[&str]) -> Option<String> {
    let output = std::process::Command::new(program).args(args).current_dir(root).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The version of `package` in a Cargo.lock.
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let mut lines = lock.lines();
    let wanted = format!("name = \"{package}\"");
    lines.find(|line| *line == wanted)?;
    let version = lines.next()?.strip_prefix("version = \"")?;
    Some(version.trim_end_matches('"').to_owned())
}

/// The date and time as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3_600, rest % 3_600 / 60)
}

/// A Markdown table whose columns are padded to line up in a terminal too.
struct Table {
    header: Vec<String>,
    /// Right-aligned columns (numbers).
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(columns: &[(&str, bool)]) -> Self {
        Table {
            header: columns.iter().map(|(name, _)| (*name).to_owned()).collect(),
            right: columns.iter().map(|(_, right)| *right).collect(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self) -> String {
        let width = |column: usize| {
            std::iter::once(&self.header)
                .chain(&self.rows)
                .map(|row| row.get(column).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
                .max(3)
        };
        let widths: Vec<usize> = (0..self.header.len()).map(width).collect();
        let line = |cells: &[String]| {
            let cells: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(column, &w)| {
                    let cell = cells.get(column).map_or("", String::as_str);
                    if self.right[column] {
                        format!("{cell:>w$}")
                    } else {
                        format!("{cell:<w$}")
                    }
                })
                .collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let rule: Vec<String> = widths
            .iter()
            .zip(&self.right)
            .map(|(&w, &right)| if right { format!("{}:", "-".repeat(w + 1)) } else { "-".repeat(w + 2) })
            .collect();
        let mut text = line(&self.header);
        text.push_str(&format!("|{}|\n", rule.join("|")));
        for row in &self.rows {
            text.push_str(&line(row));
        }
        text
    }
}

fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1_000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn us(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e6)
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} KB", bytes as f64 / 1e3)
    }
}

fn ratio(numerator: Duration, denominator: Duration) -> f64 {
    numerator.as_secs_f64() / denominator.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// A time cell, or "panicked"/"error" for a failure.
fn time_cell(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Measured { median, .. } => ms(*median),
        Outcome::Failed(message) if message.starts_with("panicked") => "panicked".to_owned(),
        Outcome::Failed(_) => "error".to_owned(),
    }
}

fn peak_cell(outcome: &Outcome) -> String {
    outcome.peak_bytes().map_or_else(|| "–".to_owned(), mb)
}

fn ratio_cell(numerator: &Outcome, denominator: &Outcome) -> String {
    match (numerator.median(), denominator.median()) {
        (Some(n), Some(d)) => format!("{:.2}×", ratio(n, d)),
        _ => "–".to_owned(),
    }
}

/// Whether a target was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    NotMeasured,
}

impl Verdict {
    fn of(met: bool) -> Self {
        if met {
            Verdict::Met
        } else {
            Verdict::Missed
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "**missed**",
            Verdict::NotMeasured => "not measured",
        }
    }
}

/// One target: what it asks, what was measured, the verdict.
#[derive(Debug, Clone)]
pub struct Target {
    pub goal: String,
    pub measured: String,
    pub verdict: Verdict,
    /// How far the measurement is from the target, as a factor: above 1 is met with that much to
    /// spare, below 1 missed by that much. For the chart.
    pub margin: Option<f64>,
}

/// What the run measured, for the report.
pub struct Results<'a> {
    pub machine: &'a Machine,
    pub command: &'a str,
    pub load_after: String,
    pub total: Duration,
    /// The five specs' labels.
    pub small: &'a [String],
    /// The nexus spec's label.
    pub nexus: &'a str,
    /// The ~3 MB specs' labels.
    pub large: &'a [String],
    pub generation: Option<&'a [Row]>,
    /// Incremental, then non-incremental.
    pub builds: Option<&'a [Builds]>,
    pub calls: Option<&'a Result<Calls, String>>,
}

/// Evaluates the targets (never asserted).
pub fn targets(results: &Results<'_>) -> Vec<Target> {
    let mut targets = Vec::new();
    if let Some(rows) = results.generation {
        generation_targets(results, rows, &mut targets);
    }
    for builds in results.builds.unwrap_or_default() {
        let goal = format!("generated crate ({}) builds in ≤ ½ of progenitor's time, {}", builds.spec, mode(builds));
        targets.push(match (median_build(&builds.apigen), median_build(&builds.progenitor)) {
            (Some(a), Some(p)) => Target {
                goal,
                measured: format!("{:.2}× ({:.1} s vs {:.1} s)", ratio(a, p), a.as_secs_f64(), p.as_secs_f64()),
                verdict: Verdict::of(ratio(a, p) <= 0.5),
                margin: Some(0.5 / ratio(a, p)),
            },
            _ => Target { goal, measured: "a build failed".to_owned(), verdict: Verdict::NotMeasured, margin: None },
        });
    }
    if let Some(calls) = results.calls {
        let goal = "generated client's per-call time ≤ 1.1× hand-written reqwest (median)".to_owned();
        targets.push(match calls {
            Ok(calls) => {
                let times = ratio(calls.generated.median, calls.hand_written.median);
                Target {
                    goal,
                    measured: format!("{times:.3}× ({} µs vs {} µs)", us(calls.generated.median), us(calls.hand_written.median)),
                    verdict: Verdict::of(times <= 1.1),
                    margin: Some(1.1 / times),
                }
            }
            Err(message) => Target { goal, measured: message.clone(), verdict: Verdict::NotMeasured, margin: None },
        });
    }
    targets
}

fn generation_targets(results: &Results<'_>, rows: &[Row], targets: &mut Vec<Target>) {
    let row = |label: &str| rows.iter().find(|row| row.spec.label == label);

    let goal = "the five specs/*.yaml each generate in under 50 ms".to_owned();
    let small: Vec<(&str, Option<Duration>)> =
        results.small.iter().map(|label| (label.as_str(), row(label).and_then(|row| row.apigen.median()))).collect();
    if small.is_empty() {
        targets.push(Target { goal, measured: "–".to_owned(), verdict: Verdict::NotMeasured, margin: None });
    } else if let Some((label, _)) = small.iter().find(|(_, time)| time.is_none()) {
        targets.push(Target { goal, measured: format!("{label} failed"), verdict: Verdict::Missed, margin: None });
    } else {
        let (label, slowest) =
            small.iter().filter_map(|(label, time)| time.map(|t| (*label, t))).max_by_key(|(_, t)| *t).unwrap_or_default();
        let measured = format!("slowest: {} ms ({label})", ms(slowest));
        let margin = Some(0.050 / slowest.as_secs_f64().max(1e-9));
        targets.push(Target { goal, measured, verdict: Verdict::of(slowest < Duration::from_millis(50)), margin });
    }

    let goal = format!("{}: apigen ≥ 2× faster than progenitor", results.nexus);
    targets.push(match row(results.nexus).map(|row| (&row.apigen, &row.progenitor)) {
        Some((Outcome::Measured { median: a, .. }, Outcome::Measured { median: p, .. })) => Target {
            goal,
            measured: format!("{:.2}× ({} ms vs {} ms)", ratio(*p, *a), ms(*p), ms(*a)),
            verdict: Verdict::of(ratio(*p, *a) >= 2.0),
            margin: Some(ratio(*p, *a) / 2.0),
        },
        Some((Outcome::Measured { .. }, Outcome::Failed(message))) => {
            Target { goal, measured: format!("progenitor {message}"), verdict: Verdict::NotMeasured, margin: None }
        }
        Some((Outcome::Failed(message), _)) => {
            Target { goal, measured: format!("apigen {message}"), verdict: Verdict::Missed, margin: None }
        }
        None => Target { goal, measured: "–".to_owned(), verdict: Verdict::NotMeasured, margin: None },
    });

    for label in results.large {
        let goal = format!("{label}: apigen generates in under 1 s");
        let (time, memory) = match row(label) {
            Some(Row { apigen: Outcome::Measured { median, peak_bytes }, .. }) => (
                Target {
                    goal,
                    measured: format!("{} ms", ms(*median)),
                    verdict: Verdict::of(*median < Duration::from_secs(1)),
                    margin: Some(1.0 / median.as_secs_f64().max(1e-9)),
                },
                Some(*peak_bytes),
            ),
            Some(Row { apigen: Outcome::Failed(message), .. }) => {
                (Target { goal, measured: format!("apigen {message}"), verdict: Verdict::Missed, margin: None }, None)
            }
            None => (Target { goal, measured: "–".to_owned(), verdict: Verdict::NotMeasured, margin: None }, None),
        };
        targets.push(time);
        let goal = format!("{label}: apigen peak heap under 200 MB");
        targets.push(match memory {
            Some(bytes) => Target {
                goal,
                measured: format!("{} MB", mb(bytes)),
                verdict: Verdict::of(bytes < 200_000_000),
                margin: Some(200_000_000.0 / (bytes as f64).max(1.0)),
            },
            None => Target { goal, measured: "–".to_owned(), verdict: Verdict::NotMeasured, margin: None },
        });
    }
}

/// A bar chart of the targets' margins, on a log scale with the target at 1: what a reader would rather
/// look at than read. Written beside the report and to `docs/benchmarks.svg`.
pub fn chart(targets: &[Target], date: &str) -> String {
    let bars: Vec<(&str, f64, Verdict)> =
        targets.iter().filter_map(|t| t.margin.filter(|m| m.is_finite() && *m > 0.0).map(|m| (t.goal.as_str(), m, t.verdict))).collect();
    let (label_width, plot_width, row_height, top) = (560.0, 360.0, 26.0, 46.0);
    let width = label_width + plot_width + 90.0;
    let height = top + row_height * bars.len() as f64 + 40.0;
    // log10 scale from 1/10 to 100: the target (1) sits at a third of the plot.
    let (low, high) = (-1.0_f64, 2.0_f64);
    let x = |margin: f64| label_width + plot_width * ((margin.log10().clamp(low, high) - low) / (high - low));
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        svg,
        r#"<text x="10" y="20" font-size="14" font-weight="bold">cargo xtask bench: each target's margin ({})</text>"#,
        escape(date)
    );
    let _ = writeln!(
        svg,
        r##"<text x="10" y="36" fill="#555555">bar = how many times better than the target (log scale); right of the line is met, left of it missed</text>"##
    );
    for (index, (goal, margin, verdict)) in bars.iter().enumerate() {
        let y = top + row_height * index as f64;
        let colour = if *verdict == Verdict::Met { "#3a7d44" } else { "#b23a3a" };
        let (from, to) = (x(1.0).min(x(*margin)), x(1.0).max(x(*margin)));
        let _ = writeln!(svg, r#"<text x="10" y="{:.1}">{}</text>"#, y + 16.0, escape(&shorten(goal, 86)));
        let _ =
            writeln!(svg, r#"<rect x="{from:.1}" y="{:.1}" width="{:.1}" height="16" fill="{colour}"/>"#, y + 4.0, (to - from).max(1.0));
        let _ = writeln!(svg, r#"<text x="{:.1}" y="{:.1}">{margin:.2}×</text>"#, label_width + plot_width + 8.0, y + 16.0);
    }
    let line = x(1.0);
    let bottom = top + row_height * bars.len() as f64;
    let _ = writeln!(
        svg,
        r##"<line x1="{line:.1}" y1="{:.1}" x2="{line:.1}" y2="{bottom:.1}" stroke="#000000" stroke-width="1.5"/>"##,
        top - 4.0
    );
    for (tick, label) in [(0.1, "0.1×"), (1.0, "target"), (10.0, "10×"), (100.0, "100×")] {
        let _ = writeln!(svg, r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#555555">{label}</text>"##, x(tick), bottom + 18.0);
    }
    svg.push_str("</svg>\n");
    svg
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The median wall time of a crate's builds.
fn median_build(krate: &Crate) -> Option<Duration> {
    median_of(krate, |build| build.wall)
}

fn median_of(krate: &Crate, field: impl Fn(&Build) -> Duration) -> Option<Duration> {
    let mut times: Vec<Duration> = krate.builds.as_ref().ok()?.iter().map(field).collect();
    (!times.is_empty()).then(|| crate::generation::median(&mut times))
}

/// The whole report.
pub fn render(results: &Results<'_>, targets: &[Target]) -> String {
    let machine = results.machine;
    let mut text = String::new();
    let _ = writeln!(text, "- Command: `{}`", results.command);
    let _ = writeln!(text, "- Date: {}", machine.date);
    let _ = writeln!(text, "- Machine: {} CPUs ({}), {} memory", machine.cpus, machine.cpu_model, machine.memory);
    let _ = writeln!(text, "- Load average (1/5/15 min) before: {}; after: {}", machine.load_before, results.load_after);
    let _ = writeln!(text, "- apigen at commit {}; progenitor {}; {}", machine.commit, machine.progenitor, machine.rustc);
    let _ = writeln!(text, "- Total time: {:.0} s", results.total.as_secs_f64());
    if let Some(rows) = results.generation {
        text.push_str(&generation_section(rows));
    }
    for builds in results.builds.unwrap_or_default() {
        text.push_str(&build_section(builds));
    }
    if let Some(calls) = results.calls {
        text.push_str(&calls_section(calls));
    }
    text.push_str("\n### Targets (reported, never asserted)\n\n");
    let mut table = Table::new(&[("Target", false), ("Measured", false), ("Verdict", false)]);
    for target in targets {
        table.row(vec![target.goal.clone(), target.measured.clone(), target.verdict.label().to_owned()]);
    }
    text.push_str(&table.render());
    text
}

fn generation_section(rows: &[Row]) -> String {
    let mut text = String::from(
        "\n### a. Generation, in process (median wall time; peak heap above the baseline)\n\n\
         Parse = read the file + `apigen::load::parse` (the floor both tools share). apigen = `apigen::generate` \
         (read, parse, lower, emit, render). progenitor = read + `apigen::load::parse` + \
         `Generator::default().generate_tokens` + `syn::parse2` + `prettyplease::unparse`.\n\n",
    );
    let mut table = Table::new(&[
        ("Spec", false),
        ("Size", true),
        ("Runs", true),
        ("Parse ms", true),
        ("Parse MB", true),
        ("apigen ms", true),
        ("apigen MB", true),
        ("apigen ÷ parse", true),
        ("progenitor ms", true),
        ("progenitor MB", true),
        ("progenitor ÷ apigen", true),
    ]);
    let mut failures = Vec::new();
    for row in rows {
        table.row(vec![
            row.spec.label.clone(),
            size(row.bytes),
            row.runs.to_string(),
            time_cell(&row.parse),
            peak_cell(&row.parse),
            time_cell(&row.apigen),
            peak_cell(&row.apigen),
            ratio_cell(&row.apigen, &row.parse),
            time_cell(&row.progenitor),
            peak_cell(&row.progenitor),
            ratio_cell(&row.progenitor, &row.apigen),
        ]);
        for (tool, outcome) in [("parse", &row.parse), ("apigen", &row.apigen), ("progenitor", &row.progenitor)] {
            if let Outcome::Failed(message) = outcome {
                failures.push(format!("- {} / {tool}: {message}\n", row.spec.label));
            }
        }
    }
    text.push_str(&table.render());
    if !failures.is_empty() {
        text.push_str("\nFailures (not retried):\n\n");
        text.extend(failures);
    }
    text
}

/// How the builds were made, for headings and targets.
fn mode(builds: &Builds) -> &'static str {
    if builds.incremental {
        "incremental (cargo's default for workspace members and path dependencies)"
    } else {
        "non-incremental (`CARGO_INCREMENTAL=0`: how cargo builds a registry or git dependency)"
    }
}

fn build_section(builds: &Builds) -> String {
    let mut text = format!(
        "\n### b. Build of the generated code for {} (`cargo build`, dev profile, dependencies prebuilt), {}\n\n\
         Wall time is what the target is judged on; CPU time (user + system of cargo and rustc) is less \
         sensitive to other jobs on the machine. Packages compiled should be 1: the crate alone (apigen's \
         runtime crate, like `progenitor-client`, is a dependency built before). apigen's lines are its \
         crate's and its runtime crate's.\n\n",
        builds.spec,
        mode(builds)
    );
    let mut table = Table::new(&[
        ("Crate", false),
        ("Lines", true),
        ("Wall s, each build", true),
        ("Median wall s", true),
        ("CPU s, each build", true),
        ("Median CPU s", true),
        ("Packages compiled", true),
    ]);
    let seconds = |d: Duration| format!("{:.1}", d.as_secs_f64());
    for krate in [&builds.apigen, &builds.progenitor] {
        let name = format!("{} (`{}`)", krate.generator, krate.name);
        match &krate.builds {
            Ok(runs) => {
                let each = |field: fn(&Build) -> Duration| runs.iter().map(|b| seconds(field(b))).collect::<Vec<_>>().join(", ");
                let median = |field: fn(&Build) -> Duration| median_of(krate, field).map_or_else(|| "–".to_owned(), seconds);
                table.row(vec![
                    name,
                    krate.lines.to_string(),
                    each(|b| b.wall),
                    median(|b| b.wall),
                    each(|b| b.cpu),
                    median(|b| b.cpu),
                    runs.iter().map(|b| b.compiled.to_string()).collect::<Vec<_>>().join(", "),
                ]);
            }
            Err(message) => table.row(vec![name, krate.lines.to_string(), format!("error: {message}")]),
        }
    }
    text.push_str(&table.render());
    let wall = (median_build(&builds.apigen), median_build(&builds.progenitor));
    let cpu = (median_of(&builds.apigen, |b| b.cpu), median_of(&builds.progenitor, |b| b.cpu));
    if let ((Some(a), Some(p)), (Some(ac), Some(pc))) = (wall, cpu) {
        let _ = writeln!(text, "\napigen ÷ progenitor: {:.2}× wall, {:.2}× CPU", ratio(a, p), ratio(ac, pc));
    }
    text
}

fn calls_section(calls: &Result<Calls, String>) -> String {
    let mut text = String::from("\n### c. Per-call time against a local server (equinix `find_recovery_codes`)\n\n");
    let calls = match calls {
        Ok(calls) => calls,
        Err(message) => {
            let _ = writeln!(text, "error: {message}");
            return text;
        }
    };
    let _ = writeln!(text, "{} timed calls per client after {} warm-up calls each, in alternating blocks.\n", calls.calls, calls.warmup);
    let mut table = Table::new(&[("Client", false), ("Mean µs", true), ("Median µs", true), ("p99 µs", true)]);
    for (name, timing) in [("generated (`apis::equinix`)", &calls.generated), ("hand-written reqwest", &calls.hand_written)] {
        table.row(vec![name.to_owned(), us(timing.mean), us(timing.median), us(timing.p99)]);
    }
    let (g, h) = (&calls.generated, &calls.hand_written);
    table.row(vec![
        "generated ÷ hand-written".to_owned(),
        format!("{:.3}×", ratio(g.mean, h.mean)),
        format!("{:.3}×", ratio(g.median, h.median)),
        format!("{:.3}×", ratio(g.p99, h.p99)),
    ]);
    text.push_str(&table.render());
    let body = calls.big_body.max(1) as f64;
    let (generated, hand) = calls.big_peak;
    let _ = writeln!(
        text,
        "\nOne call with a {:.1} MiB JSON body (the decoded value is as large): peak heap {:.1} MiB generated ({:.2}× the body), \
         {:.1} MiB hand-written reqwest ({:.2}×); generated ÷ hand-written {:.2}×.",
        body / 1_048_576.0,
        generated as f64 / 1_048_576.0,
        generated as f64 / body,
        hand as f64 / 1_048_576.0,
        hand as f64 / body,
        generated as f64 / (hand.max(1) as f64),
    );
    text
}
