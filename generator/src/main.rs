//! The `apigen` command line: `generate` writes a client crate, `check` only validates.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates typed Rust API clients from OpenAPI 3.0 documents.
#[derive(Parser)]
#[command(name = "apigen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a client crate: Cargo.toml, src/lib.rs, one module per spec and the runtime.
    ///
    /// Example: apigen generate specs/cyclos.yaml specs/soracom.yaml --out clients --crate-name my-clients
    Generate {
        /// The OpenAPI documents (YAML or JSON); each becomes a module named after its file.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// The crate directory to write; files under its `src/` that are no longer generated are removed.
        #[arg(long)]
        out: PathBuf,
        /// The package name of the crate.
        #[arg(long, default_value = "api-clients")]
        crate_name: String,
        /// Only report what would change; exit 1 if anything would.
        #[arg(long)]
        check: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Leave out operations with errors of their own (a bad parameter, a response `$ref` to a
        /// schema...) with a warning each, and generate the rest, instead of refusing the spec.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Validates the documents and prints every problem, without writing anything.
    ///
    /// Example: apigen check specs/*.yaml
    Check {
        /// The OpenAPI documents (YAML or JSON).
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Report operations with errors of their own as warnings, as `generate --skip-invalid` leaves them out.
        #[arg(long)]
        skip_invalid: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate { specs, out, crate_name, check, deny_warnings, skip_invalid } => {
            let paths: Vec<&std::path::Path> = specs.iter().map(PathBuf::as_path).collect();
            let shown: Vec<String> = specs.iter().map(|p| p.display().to_string()).collect();
            let options = apigen::Options {
                regenerate_command: format!("apigen generate {} --out {} --crate-name {crate_name}", shown.join(" "), out.display()),
                crate_name,
                skip_invalid,
            };
            let generated = match apigen::generate(&paths, &options) {
                Ok(generated) => generated,
                Err(diagnostics) => return fail(&diagnostics),
            };
            eprint!("{}", generated.warnings);
            skipped_summary(&generated.warnings);
            if deny_warnings && !generated.warnings.is_empty() {
                eprintln!("error: warnings are denied");
                return ExitCode::from(1);
            }
            let result = if check { apigen::write::check(&out, &generated.files) } else { apigen::write::write(&out, &generated.files) };
            match result {
                Ok(changes) if check && !changes.is_empty() => {
                    for change in &changes {
                        eprintln!("{change}");
                    }
                    eprintln!("error: {} is out of date; run without --check to update it", out.display());
                    ExitCode::from(1)
                }
                Ok(changes) => {
                    if !check {
                        eprintln!("wrote {} ({} files changed)", out.display(), changes.len());
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: cannot write {}: {err}", out.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { specs, deny_warnings, skip_invalid } => {
            let paths: Vec<&std::path::Path> = specs.iter().map(PathBuf::as_path).collect();
            match apigen::lower_all(&paths, skip_invalid) {
                Ok((_, warnings)) => {
                    eprint!("{warnings}");
                    skipped_summary(&warnings);
                    if deny_warnings && !warnings.is_empty() {
                        eprintln!("error: warnings are denied");
                        return ExitCode::from(1);
                    }
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => fail(&diagnostics),
            }
        }
    }
}

/// How many operations `--skip-invalid` left out, and why, in one line each.
fn skipped_summary(warnings: &apigen::diag::Diagnostics) {
    let skipped: Vec<String> = warnings
        .sorted()
        .into_iter()
        .filter(|w| w.message.starts_with("operation `") && w.message.contains("is left out (--skip-invalid)"))
        .map(|w| w.message)
        .collect();
    if !skipped.is_empty() {
        eprintln!("left out {} operation{} (--skip-invalid):", skipped.len(), if skipped.len() == 1 { "" } else { "s" });
        for message in skipped {
            eprintln!("  - {message}");
        }
    }
}

fn fail(diagnostics: &apigen::diag::Diagnostics) -> ExitCode {
    eprint!("{diagnostics}");
    let errors = diagnostics.sorted().iter().filter(|d| d.severity == apigen::diag::Severity::Error).count();
    eprintln!("error: {errors} problem{} found; nothing was written", if errors == 1 { "" } else { "s" });
    ExitCode::from(1)
}
