//! What the xtask commands and the freshness test share: which specs make the generated crate, and how.

use std::path::{Path, PathBuf};

/// The directory of the generated crate, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated";
/// The generated crate's package name.
pub const CRATE_NAME: &str = "apis";
/// The command that regenerates it, named in every file header.
pub const REGENERATE_COMMAND: &str = "cargo xtask regenerate";

/// The specs, relative to the workspace root, sorted.
pub fn specs() -> std::io::Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir("specs")?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json"))
        .map(|path| Path::new("specs").join(path.file_name().unwrap_or_default()))
        .collect();
    specs.sort();
    Ok(specs)
}

/// Generates the crate in memory, from the current directory (the workspace root). Warnings are denied.
pub fn generate_in_memory() -> Result<apigen::write::Files, String> {
    let specs = specs().map_err(|err| format!("error: cannot list specs/: {err}\n"))?;
    let paths: Vec<&Path> = specs.iter().map(PathBuf::as_path).collect();
    let options = apigen::Options { crate_name: CRATE_NAME.to_owned(), regenerate_command: REGENERATE_COMMAND.to_owned() };
    match apigen::generate(&paths, &options) {
        Ok(generated) if generated.warnings.is_empty() => Ok(generated.files),
        Ok(generated) => Err(format!("{}error: the specs have warnings, which are denied here\n", generated.warnings)),
        Err(diagnostics) => Err(format!("{diagnostics}")),
    }
}
