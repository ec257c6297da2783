//! The `apigen` command line: `generate` writes a client crate, `check` only validates.

use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates typed Rust API clients from OpenAPI documents (Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2).
///
/// Each spec becomes a module with a `Client`, one method per operation and typed models. Every
/// problem is reported at its file and JSON pointer; a spec with errors writes nothing.
#[derive(Parser)]
#[command(name = "apigen", version, about, long_about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  apigen generate openapi.yaml --out my-client              a crate in my-client/
  apigen generate openapi.yaml --module src/api.rs          one module file, for `mod api;` or include!
  apigen check specs/*.yaml --deny-warnings                 validate only
  apigen completions bash > /etc/bash_completion.d/apigen   shell completions

From a build script, use the library: apigen::build::Builder::new().spec(\"openapi.yaml\").run()";

#[derive(Subcommand)]
enum Command {
    /// Writes a client: a crate (`--out DIR`) or one module file (`--module FILE`).
    ///
    /// A crate has Cargo.toml (name, version, and the description and licence from the specs' `info`),
    /// README.md, src/lib.rs, one module per spec and the runtime. A module file holds the runtime
    /// and one module per spec, with relative paths, so it can be declared (`mod api;`) or included
    /// anywhere; its header lists the dependencies the crate that holds it needs.
    #[command(after_help = "Examples:
  apigen generate specs/cyclos.yaml specs/soracom.yaml --out clients --crate-name my-clients --crate-version 1.2.0
  apigen generate openapi.yaml --module src/api.rs
  apigen generate openapi.yaml --out client --check    (exit 1 if client/ is out of date)")]
    Generate {
        /// The OpenAPI documents (YAML or JSON); each becomes a module named after its file
        /// (`specs/pet-store.yaml` gives `pet_store`). Example: `specs/*.yaml`.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Crate mode: the crate directory to write; files under its `src/` that are no longer
        /// generated are removed. Example: `--out clients`.
        #[arg(long, required_unless_present = "module", conflicts_with = "module")]
        out: Option<PathBuf>,
        /// Module mode: the one `.rs` file to write. Example: `--module src/api.rs`.
        #[arg(long)]
        module: Option<PathBuf>,
        /// Crate mode: the package name. Example: `--crate-name petstore-client`.
        #[arg(long, default_value = "api-clients")]
        crate_name: String,
        /// Crate mode: the package version (default 0.1.0). Example: `--crate-version 2.1.0`.
        #[arg(long)]
        crate_version: Option<String>,
        /// Only report what would change, and exit 1 if anything would. Example: `--check` in CI.
        #[arg(long)]
        check: bool,
        /// Treat warnings as errors: exit 1 and write nothing if there is any.
        #[arg(long)]
        deny_warnings: bool,
        /// Leave out operations with errors of their own (a bad parameter, a response `$ref` to a
        /// schema...) with a warning each, and generate the rest, instead of refusing the spec.
        #[arg(long)]
        skip_invalid: bool,
        /// Crate mode: give each API a `mock` module behind the crate feature `mock`, a fake
        /// server for tests built on wiremock. Example: `--mock`, then in a test:
        /// `let server = my_client::petstore::mock::MockServer::start().await;`.
        #[arg(long)]
        mock: bool,
    },
    /// Validates the documents and prints every problem, without writing anything.
    #[command(after_help = "Examples:
  apigen check openapi.yaml
  apigen check specs/*.yaml --deny-warnings --skip-invalid")]
    Check {
        /// The OpenAPI documents (YAML or JSON). Example: `specs/*.yaml`.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Treat warnings as errors (exit status 1).
        #[arg(long)]
        deny_warnings: bool,
        /// Report operations with errors of their own as warnings, as `generate --skip-invalid` leaves them out.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Prints a completion script for a shell.
    #[command(after_help = "Examples:
  apigen completions bash > ~/.local/share/bash-completion/completions/apigen
  apigen completions zsh > ~/.zfunc/_apigen
  apigen completions fish > ~/.config/fish/completions/apigen.fish")]
    Completions {
        /// The shell: bash, elvish, fish, powershell or zsh.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "apigen", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Generate { specs, out, module, crate_name, crate_version, check, deny_warnings, skip_invalid, mock } => {
            let paths: Vec<&std::path::Path> = specs.iter().map(PathBuf::as_path).collect();
            let shown: Vec<String> = specs.iter().map(|p| p.display().to_string()).collect();
            let target = match (&out, &module) {
                (_, Some(module)) => format!("--module {}", module.display()),
                (Some(out), None) => format!("--out {} --crate-name {crate_name}", out.display()),
                (None, None) => String::new(),
            };
            let options = apigen::Options {
                crate_version,
                regenerate_command: format!("apigen generate {} {target}", shown.join(" ")),
                crate_name,
                skip_invalid,
                mock: mock && module.is_none(),
                doc_examples: module.is_none(),
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
            if let Some(module) = module {
                return write_module(&module, &generated, check);
            }
            let Some(out) = out else {
                eprintln!("error: give --out DIR (a crate) or --module FILE (one module file)");
                return ExitCode::from(2);
            };
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

/// Module mode: the one file, written whole or not at all; with `check`, only compared.
fn write_module(path: &std::path::Path, generated: &apigen::Generated, check: bool) -> ExitCode {
    let text = apigen::build::module_text(generated);
    if check {
        return if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
            ExitCode::SUCCESS
        } else {
            eprintln!("error: {} is out of date; run without --check to update it", path.display());
            ExitCode::from(1)
        };
    }
    match apigen::write::write_file(path, &text) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", path.display());
            ExitCode::from(1)
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
