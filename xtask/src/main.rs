//! Project chores, run as `cargo xtask <command>` from anywhere in the workspace.
//!
//! - `regenerate [--check]`: rebuilds `generated/` from `specs/` and `templates/` (or only reports what differs).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask regenerate [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regenerate"] => regenerate(false),
        ["regenerate", "--check"] => regenerate(true),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn regenerate(check: bool) -> ExitCode {
    let root = root();
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {err}", root.display());
        return ExitCode::from(1);
    }
    let generated = match xtask::generate_in_memory() {
        Ok(generated) => generated,
        Err(message) => {
            eprint!("{message}");
            return ExitCode::from(1);
        }
    };
    let out = Path::new(xtask::GENERATED_DIR);
    let result = if check { apigen::write::check(out, &generated) } else { apigen::write::write(out, &generated) };
    match result {
        Ok(changes) if check && !changes.is_empty() => {
            for change in &changes {
                eprintln!("{change}");
            }
            eprintln!("error: generated/ is out of date with specs/ and templates/; run `cargo xtask regenerate`");
            ExitCode::from(1)
        }
        Ok(changes) => {
            if check {
                eprintln!("generated/ is up to date");
            } else {
                eprintln!("regenerated generated/ ({} files changed)", changes.len());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot write generated/: {err}");
            ExitCode::from(1)
        }
    }
}
