//! Stage 5, `write`: the only writer. Writes a whole output tree or checks it, all or nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Every file of the output, by `/`-separated path relative to the output directory.
pub type Files = BTreeMap<String, String>;

/// How a file on disk differs from what the generator would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file does not exist yet.
    Added(String),
    /// The file exists with other content.
    Changed(String),
    /// The file exists but the generator no longer makes it.
    Removed(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added(path) => write!(f, "missing: {path}"),
            Change::Changed(path) => write!(f, "differs: {path}"),
            Change::Removed(path) => write!(f, "stale:   {path}"),
        }
    }
}

/// The folders whose every file the generator makes: a file there it no longer makes is stale.
const SOURCE_DIRS: [&str; 2] = ["src", "runtime/src"];

/// Compares `files` with `dir` without writing anything. Files under `src/` or `runtime/src/` that the
/// generator no longer makes count as changes.
pub fn check(dir: &Path, files: &Files) -> std::io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (path, content) in files {
        match std::fs::read(dir.join(path)) {
            Ok(existing) if existing == content.as_bytes() => {}
            Ok(_) => changes.push(Change::Changed(path.clone())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => changes.push(Change::Added(path.clone())),
            Err(err) => return Err(err),
        }
    }
    for stale in existing_sources(dir)? {
        if !files.contains_key(&stale) {
            changes.push(Change::Removed(stale));
        }
    }
    Ok(changes)
}

/// Writes `files` under `dir` and removes stale files under `dir/src` and `dir/runtime/src`. Every file is first written beside
/// its target under a temporary name; only when all were written are they renamed into place.
pub fn write(dir: &Path, files: &Files) -> std::io::Result<Vec<Change>> {
    let changes = check(dir, files)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (path, content) in files {
            let target = dir.join(path);
            if std::fs::read(&target).is_ok_and(|existing| existing == content.as_bytes()) {
                continue;
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temporary = temporary_for(&target);
            std::fs::write(&temporary, content)?;
            staged.push((temporary, target));
        }
        Ok(())
    })();
    if let Err(err) = result {
        for (temporary, _) in &staged {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(err);
    }
    for (temporary, target) in &staged {
        std::fs::rename(temporary, target)?;
    }
    for change in &changes {
        if let Change::Removed(path) = change {
            std::fs::remove_file(dir.join(path))?;
        }
    }
    for sources in SOURCE_DIRS {
        remove_empty_dirs(&dir.join(sources))?;
    }
    Ok(changes)
}

/// Writes one file whole or not at all: beside its target under a temporary name, then renamed
/// into place; the temporary file is removed if that fails.
pub fn write_file(target: &Path, content: &str) -> std::io::Result<()> {
    let temporary = temporary_for(target);
    let result = std::fs::write(&temporary, content).and_then(|()| std::fs::rename(&temporary, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Where a file is written before it is renamed to `target`: `.<name>.apigen-tmp` beside it.
fn temporary_for(target: &Path) -> PathBuf {
    target.with_file_name(format!(".{}.apigen-tmp", target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()))
}

/// The files under `dir/src` and `dir/runtime/src`, as `/`-separated relative paths.
fn existing_sources(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    for sources in SOURCE_DIRS {
        let src = dir.join(sources);
        if src.is_dir() {
            walk(dir, &src, &mut out)?;
        }
    }
    out.sort();
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"));
        }
    }
    Ok(())
}

fn remove_empty_dirs(dir: &Path) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
            if std::fs::read_dir(&path)?.next().is_none() {
                std::fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}
