//! Project chores, run as `cargo xtask <command>` from anywhere in the workspace.
//!
//! - `regenerate [--check]`: rebuilds `generated/` from `specs/` and `templates/` (or only reports what differs).

use std::path::Path;
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
