//! Generating clients from a build script, as one module file for `include!`.
//!
//! ```no_run
//! // in build.rs's `fn main`:
//! apigen::build::Builder::new().spec("openapi.yaml").run();
//! ```
//!
//! ```ignore
//! // src/lib.rs (or any module): the runtime and one module per spec.
//! include!(concat!(env!("OUT_DIR"), "/apis.rs"));
//! ```
//!
//! The file holds `pub mod runtime { .. }` and one `pub mod <spec> { .. }` per spec, whose code
//! refers to the runtime by relative paths, so it can be included anywhere. The crate features a
//! generated crate has are decided here instead: the runtime's optional parts the specs need are
//! compiled in, the others left out. The including crate depends on what the runtime uses; the file's
//! header lists those dependencies.
//!
//! [`Builder::run`] prints `cargo:rerun-if-changed` for every file read (the specs and the files
//! their `$ref`s reach), each warning as a cargo warning and each error as a cargo error naming the
//! file and JSON pointer, and ends the build script with exit status 1 when a spec is refused.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostics, Severity};
use crate::write::Files;

/// Generates the module file for a set of specs.
#[derive(Debug, Clone)]
pub struct Builder {
    specs: Vec<PathBuf>,
    file_name: String,
    out_dir: Option<PathBuf>,
    skip_invalid: bool,
    deny_warnings: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// Why [`Builder::generate`] wrote nothing.
#[derive(Debug)]
pub enum BuildError {
    /// A spec was refused (or, with [`Builder::deny_warnings`], warned about): every finding.
    Spec(Diagnostics),
    /// No spec was given, or `OUT_DIR` is not set (the builder runs outside a build script).
    Usage(String),
    /// The module file could not be written.
    Io(std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Spec(diagnostics) => write!(f, "{diagnostics}"),
            BuildError::Usage(message) => f.write_str(message),
            BuildError::Io(error) => write!(f, "cannot write the generated module: {error}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// What a successful [`Builder::generate`] did.
#[derive(Debug)]
pub struct Built {
    /// The module file written.
    pub path: PathBuf,
    /// Every file read: the specs and the files their `$ref`s reach.
    pub inputs: Vec<PathBuf>,
    /// Warnings about constructs skipped or approximated.
    pub warnings: Diagnostics,
}

impl Builder {
    /// A builder with no spec, writing `apis.rs` into `OUT_DIR`.
    pub fn new() -> Self {
        Self { specs: Vec::new(), file_name: "apis".to_owned(), out_dir: None, skip_invalid: false, deny_warnings: false }
    }

    /// Adds a spec (YAML or JSON); its module is named after the file (`openapi.yaml` gives `openapi`).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Names the module file `<name>.rs` (default `apis`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Leaves out operations with errors of their own, as warnings, instead of refusing the spec.
    pub fn skip_invalid(mut self, enabled: bool) -> Self {
        self.skip_invalid = enabled;
        self
    }

    /// Fails on warnings too.
    pub fn deny_warnings(mut self, enabled: bool) -> Self {
        self.deny_warnings = enabled;
        self
    }

    /// Generates and writes the module file; nothing is written when it fails.
    ///
    /// # Errors
    /// A spec refused, no spec or no `OUT_DIR`, or the file not writable.
    pub fn generate(&self) -> Result<Built, BuildError> {
        if self.specs.is_empty() {
            return Err(BuildError::Usage("no spec given: call .spec(\"openapi.yaml\") on the builder".to_owned()));
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| BuildError::Usage("OUT_DIR is not set: run this from a build script, or set .out_dir(...)".to_owned()))?,
        };
        let paths: Vec<&Path> = self.specs.iter().map(PathBuf::as_path).collect();
        let options = crate::Options {
            crate_name: self.file_name.clone(),
            crate_version: None,
            regenerate_command: "cargo build (the build script)".to_owned(),
            skip_invalid: self.skip_invalid,
            mock: false,
            doc_examples: false,
        };
        let generated = crate::generate(&paths, &options).map_err(BuildError::Spec)?;
        if self.deny_warnings && !generated.warnings.is_empty() {
            return Err(BuildError::Spec(generated.warnings));
        }
        let text = module_text(&generated);
        let path = out_dir.join(format!("{}.rs", self.file_name));
        crate::write::write_file(&path, &text).map_err(BuildError::Io)?;
        Ok(Built { path, inputs: generated.inputs, warnings: generated.warnings })
    }

    /// [`generate`](Self::generate) for a build script: prints what cargo needs to `out` (rerun
    /// triggers, warnings, errors) and returns whether it succeeded.
    pub fn generate_reporting(&self, out: &mut impl Write) -> bool {
        for spec in &self.specs {
            let _ = writeln!(out, "cargo:rerun-if-changed={}", spec.display());
        }
        match self.generate() {
            Ok(built) => {
                for input in built.inputs.iter().filter(|input| !self.specs.contains(input)) {
                    let _ = writeln!(out, "cargo:rerun-if-changed={}", input.display());
                }
                report(out, &built.warnings);
                true
            }
            Err(BuildError::Spec(diagnostics)) => {
                report(out, &diagnostics);
                false
            }
            Err(error) => {
                let _ = writeln!(out, "cargo::error=apigen: {}", one_line(&error.to_string()));
                false
            }
        }
    }

    /// [`generate`](Self::generate) from a build script: cargo's lines on stdout, the full
    /// diagnostics on stderr, and exit status 1 when it fails (never a panic).
    pub fn run(&self) {
        let stdout = std::io::stdout();
        let ok = self.generate_reporting(&mut stdout.lock());
        if !ok {
            std::process::exit(1);
        }
    }
}

/// Each finding as one cargo line: `cargo::error=file#/pointer: message (help)`, or a warning.
fn report(out: &mut impl Write, diagnostics: &Diagnostics) {
    for diagnostic in diagnostics.sorted() {
        let kind = if diagnostic.severity == Severity::Error { "cargo::error" } else { "cargo::warning" };
        let place = match (&diagnostic.pointer, diagnostic.line_column) {
            (Some(pointer), _) => format!("{}#{}", diagnostic.file, pointer.as_str()),
            (None, Some((line, column))) => format!("{}:{line}:{column}", diagnostic.file),
            (None, None) => diagnostic.file.clone(),
        };
        let help = diagnostic.help.as_deref().map(|help| format!(" (help: {})", one_line(help))).unwrap_or_default();
        let _ = writeln!(out, "{kind}=apigen: {place}: {}{help}", one_line(&diagnostic.message));
    }
    if !diagnostics.is_empty() {
        eprint!("{diagnostics}");
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A generation as one module file: the runtime and each API inlined as nested modules, with relative paths.
pub fn module_text(generated: &crate::Generated) -> String {
    module_file(&generated.files, &generated.features)
}

/// The crate's files as one module file: the runtime crate (`runtime/src/*`) and each `src/<api>/*`
/// inlined as nested modules, `crate::runtime` and the runtime's `$crate` written as the relative
/// `super::super::runtime` (every API file is two modules below the file's root), the runtime's
/// exported macros imported by path instead, and each `feature = "_x"` of the runtime decided here
/// (`all()` when the specs need it, `any()` when not), since the including crate has no such features.
pub(crate) fn module_file(files: &Files, features: &[&'static str]) -> String {
    let mut out = String::new();
    out.push_str("// @generated by apigen. DO NOT EDIT.\n");
    out.push_str("//\n// The including crate depends on:\n");
    // The runtime's manifest names every dependency the code uses and every feature it is built with.
    let manifest = files.get("runtime/Cargo.toml").map_or("", String::as_str);
    for dependency in dependencies(manifest, features) {
        out.push_str(&format!("//   {dependency}\n"));
    }
    let switched: Vec<&str> =
        features.iter().flat_map(|feature| feature_items(manifest, feature)).filter(|item| item.contains('/')).collect();
    if !switched.is_empty() {
        out.push_str(&format!("// with these features on: {}\n", switched.join(", ")));
    }
    out.push('\n');
    // Every feature the manifest declares is decided: on when the specs need it, off otherwise
    // (the API features and `mock`, the test servers, are never on in a module file).
    let declared: Vec<&str> = feature_names(manifest).collect();
    let decide = |text: &str| {
        let mut text = text.to_owned();
        for feature in &declared {
            let on = features.contains(feature);
            text = text.replace(&format!("feature = \"{feature}\""), if on { "all()" } else { "any()" });
        }
        text
    };
    // The runtime crate's exported macros become the module's own, named by path like its other items.
    let runtime = inline_module("runtime", files, "runtime/src", "lib.rs", &|text| {
        // One line of the root file at a time, or a whole child file.
        if text == "#[macro_export]" {
            return String::new();
        }
        decide(&text.replace("$crate::", "super::super::runtime::").replace("#[macro_export]\n", ""))
    });
    let macros: Vec<&str> = files
        .get("runtime/src/lib.rs")
        .map_or("", String::as_str)
        .split("#[macro_export]\nmacro_rules! ")
        .skip(1)
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    match runtime.strip_suffix("\n}\n") {
        Some(body) if !macros.is_empty() => {
            out.push_str(body);
            out.push_str(&format!("\n#[allow(unused_imports)]\npub(crate) use {{{}}};\n}}\n", macros.join(", ")));
        }
        _ => out.push_str(&runtime),
    }
    let apis: Vec<&str> =
        files.keys().filter_map(|path| path.strip_prefix("src/")?.strip_suffix("/mod.rs")).filter(|module| *module != "runtime").collect();
    for api in apis {
        out.push('\n');
        // Properties the spec does not describe have no docs: the including crate's `missing_docs`
        // is not for generated code to meet.
        out.push_str("#[allow(missing_docs)]\n");
        out.push_str(&inline_module(api, files, &format!("src/{api}"), "mod.rs", &|text| {
            text.replace("crate::runtime", "super::super::runtime")
        }));
    }
    out
}

/// `pub mod name { .. }` from `<dir>/<root>` (`mod.rs`, `lib.rs`), with each `mod x;` it declares
/// replaced by `<dir>/x.rs` inline.
fn inline_module(name: &str, files: &Files, dir: &str, root: &str, fix: &dyn Fn(&str) -> String) -> String {
    let root = files.get(&format!("{dir}/{root}")).map_or("", String::as_str);
    let mut body = String::new();
    for line in root.lines() {
        let declared =
            line.trim().strip_prefix("pub mod ").or_else(|| line.trim().strip_prefix("mod ")).and_then(|rest| rest.strip_suffix(';'));
        match declared.and_then(|child| files.get(&format!("{dir}/{child}.rs")).map(|text| (child, text))) {
            Some((child, text)) => {
                let visibility = if line.trim().starts_with("pub ") { "pub " } else { "" };
                body.push_str(&format!("{visibility}mod {child} {{\n{}\n}}\n", fix(text).trim_end()));
            }
            None => {
                // A line the fix empties (the runtime's `#[macro_export]`) goes.
                let fixed = fix(line);
                if fixed.is_empty() && !line.is_empty() {
                    continue;
                }
                body.push_str(&fixed);
                body.push('\n');
            }
        }
    }
    format!("pub mod {name} {{\n{}\n}}\n", body.trim_end())
}

/// The `[dependencies]` of the crate manifest the runtime needs: every one not optional, and the
/// optional ones the specs' features turn on.
fn dependencies(manifest: &str, features: &[&'static str]) -> Vec<String> {
    let wanted: Vec<&str> =
        features.iter().flat_map(|feature| feature_items(manifest, feature)).filter_map(|item| item.strip_prefix("dep:")).collect();
    section(manifest, "[dependencies]")
        .filter(|line| {
            let name = line.split('=').next().unwrap_or_default().trim();
            !line.contains("optional = true") || wanted.contains(&name)
        })
        .map(|line| line.replace("optional = true, ", "").trim().to_owned())
        .collect()
}

/// The entries of one section of the manifest (`[dependencies]`), comments and blank lines aside.
fn section<'a>(manifest: &'a str, header: &'static str) -> impl Iterator<Item = &'a str> {
    manifest
        .lines()
        .skip_while(move |line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
}

/// The features the manifest declares, `default` aside.
fn feature_names(manifest: &str) -> impl Iterator<Item = &str> {
    section(manifest, "[features]").filter_map(|line| line.split('=').next()).map(str::trim).filter(|name| *name != "default")
}

/// What a feature turns on: `dep:x` and `crate/feature` items, as the manifest lists them.
fn feature_items<'a>(manifest: &'a str, feature: &str) -> Vec<&'a str> {
    let line = section(manifest, "[features]").find(|line| line.split('=').next().map(str::trim) == Some(feature));
    line.map(|line| line.split('"').skip(1).step_by(2).collect()).unwrap_or_default()
}
