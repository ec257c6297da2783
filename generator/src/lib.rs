//! apigen turns OpenAPI 3.0 documents into a typed Rust client crate.
//!
//! The pipeline runs one way: [`load`] (file to document) → [`lower`] (document to [`ir`], every check)
//! → [`emit`] (IR to `quote!` tokens) → [`render`] (syn + prettyplease, file headers) → [`mod@write`] (text to disk, all or nothing).
//! [`generate`] runs the first four stages for a set of specs and returns the files in memory.

pub mod build;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod render;
pub mod write;

mod templates {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

use diag::{Diagnostic, Diagnostics, Pointer};
use std::collections::BTreeMap;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The generated crate's package name.
    pub crate_name: String,
    /// The generated crate's version (default `0.1.0`).
    pub crate_version: Option<String>,
    /// The command named in every file header as the way to regenerate.
    pub regenerate_command: String,
    /// Leave out operations with errors of their own (a bad parameter, a response `$ref` to a
    /// schema...), as warnings, instead of refusing the spec.
    pub skip_invalid: bool,
    /// Give each API a `mock` module behind the crate feature `mock`: a fake server for tests.
    pub mock: bool,
    /// Give each operation's docs an example call, compiled as a `no_run` doc test (crate mode).
    pub doc_examples: bool,
}

/// A successful generation: the crate's files and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    /// Every file, by path relative to the crate root.
    pub files: write::Files,
    /// Warnings about constructs that were skipped or approximated.
    pub warnings: Diagnostics,
    /// Every file read: the specs and the files their `$ref`s reach.
    pub inputs: Vec<std::path::PathBuf>,
    /// The runtime's optional parts the specs need (`_stream`, `_oauth2`, ...), sorted.
    pub features: Vec<&'static str>,
}

/// Loads and lowers each spec; returns the APIs, or every error of every spec.
pub fn lower_all(specs: &[&Path], skip_invalid: bool) -> Result<(Vec<ir::Api>, Diagnostics), Diagnostics> {
    lower_specs(specs, skip_invalid, false, |_| {})
}

/// [`lower_all`], showing each parsed document to `seen` once it is lowered. The document is freed
/// right after, on this thread: freed on another thread while the code is formatted, it competed
/// with formatting for the cores and for the allocator, and formatting took half as long again.
fn lower_specs(
    specs: &[&Path],
    skip_invalid: bool,
    mock: bool,
    mut seen: impl FnMut(&load::Loaded),
) -> Result<(Vec<ir::Api>, Diagnostics), Diagnostics> {
    let mut apis = Vec::new();
    let mut problems = Diagnostics::default();
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for spec in specs {
        let file = spec.display().to_string();
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let module = names::value_name(&stem);
        if let Some(first) = modules.get(module.as_str()) {
            problems.push(
                Diagnostic::error(&file, &Pointer::root(), format!("this spec and `{first}` both become the module `{module}`"))
                    .with_help("rename one of the files"),
            );
            continue;
        }
        if module == "runtime" {
            problems.push(
                Diagnostic::error(&file, &Pointer::root(), "a spec file named `runtime` would clash with the crate's runtime module")
                    .with_help("rename the file"),
            );
            continue;
        }
        modules.insert(module.to_string(), file.clone());
        let mut loaded = match load::load(spec) {
            Ok(loaded) => loaded,
            Err(errors) => {
                problems.extend(errors);
                continue;
            }
        };
        problems.extend(std::mem::take(&mut loaded.warnings));
        // Findings inside a component copied from a nested or external `$ref` point where it came from.
        match lower::lower(&loaded, &lower::Config { module, skip_invalid, mock }) {
            Ok(mut lowered) => {
                lowered.warnings.for_each_mut(|d| loaded.bundled.translate(d));
                problems.extend(lowered.warnings);
                apis.push(lowered.api);
            }
            Err(mut errors) => {
                errors.for_each_mut(|d| loaded.bundled.translate(d));
                problems.extend(errors);
            }
        }
        seen(&loaded);
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok((apis, problems))
    }
}

/// Generates the whole crate for `specs`, in memory.
pub fn generate(specs: &[&Path], options: &Options) -> Result<Generated, Diagnostics> {
    let mut inputs: Vec<std::path::PathBuf> = specs.iter().map(|spec| spec.to_path_buf()).collect();
    let (mut apis, warnings) = lower_specs(specs, options.skip_invalid, options.mock, |document| {
        inputs.extend(document.bundled.files.iter().cloned());
    })?;
    let doc_crate = options.doc_examples.then(|| options.crate_name.replace('-', "_"));
    for api in &mut apis {
        api.mock = options.mock;
        api.doc_crate.clone_from(&doc_crate);
    }
    let mut features: Vec<&'static str> = apis.iter().flat_map(|api| api.cargo_features.iter().copied()).collect();
    features.sort_unstable();
    features.dedup();
    let header = render::Header { regenerate_command: options.regenerate_command.clone() };
    let mut files = write::Files::new();
    for (path, text) in templates::FILES {
        let source = format!("templates/{path}");
        match *path {
            "Cargo.toml" => {
                files.insert("Cargo.toml".to_owned(), format!("{}\n{}", header.comment(&source, "#"), cargo_toml(text, options, &apis)));
                files.insert("README.md".to_owned(), readme(options, &apis));
            }
            "runtime/Cargo.toml" => {
                files.insert(
                    "runtime/Cargo.toml".to_owned(),
                    format!("{}\n{}", header.comment(&source, "#"), cargo_toml(text, options, &apis)),
                );
            }
            "lib.rs" => {
                // The template's text is kept as written; the module declarations are formatted after it.
                let modules = emit::RustFile {
                    path: "src/lib.rs".to_owned(),
                    spec_file: source.clone(),
                    tokens: emit::lib_modules(&apis, &runtime_crate(options)),
                    continues: false,
                };
                let declarations = render::rust(modules, &header).map_err(internal)?;
                let declarations = declarations.split_once("\n\n").map_or(declarations.as_str(), |(_, rest)| rest);
                files.insert(
                    "src/lib.rs".to_owned(),
                    format!("{}\n{}\n\n{declarations}", header.comment(&source, "//"), text.trim_end_matches('\n')),
                );
            }
            // The test servers' support, in a crate generated without them.
            "runtime/mock.rs" if !options.mock => {}
            other => {
                let text: std::borrow::Cow<'_, str> = match other {
                    "runtime/mod.rs" if !options.mock => text.replace("#[cfg(feature = \"mock\")]\npub mod mock;\n", "").into(),
                    _ => (*text).into(),
                };
                // The runtime is a crate of its own in `runtime/`, its `mod.rs` the crate root.
                let target = match other.strip_prefix("runtime/") {
                    Some("mod.rs") => "runtime/src/lib.rs".to_owned(),
                    Some(file) => format!("runtime/src/{file}"),
                    None => format!("src/{other}"),
                };
                let comment = if other.ends_with(".rs") { "//" } else { "#" };
                files.insert(target, format!("{}\n{}", header.comment(&source, comment), without_tests(&text)));
            }
        }
    }
    let jobs: Vec<(&ir::Api, emit::Part)> =
        apis.iter().flat_map(|api| emit::Part::all(api).into_iter().map(move |part| (api, part))).collect();
    let rendered = render::parallel(&jobs, |(api, part)| {
        let file = emit::part(api, *part);
        let path = file.path.clone();
        render::rust(file, &header).map(|text| (path, text))
    });
    for result in rendered {
        let (path, text) = result.map_err(internal)?;
        // A part of a file follows the part before it, after one blank line.
        match files.get_mut(&path) {
            Some(start) if !text.trim().is_empty() => {
                start.push('\n');
                start.push_str(&text);
            }
            Some(_) => {}
            None => {
                files.insert(path, text);
            }
        }
    }
    if let Some(file) = emit::first_call(&apis) {
        let path = file.path.clone();
        files.insert(path, render::rust(file, &header).map_err(internal)?);
    }
    Ok(Generated { files, warnings, inputs, features })
}

/// A runtime template without its unit tests (the `#[cfg(test)] mod tests` that ends the file): they
/// run in this project's `tests/runtime-tests`, against the template itself, and a generated crate
/// carries only the code it runs.
fn without_tests(text: &str) -> std::borrow::Cow<'_, str> {
    match text.find("\n#[cfg(test)]\nmod tests {") {
        Some(start) => std::borrow::Cow::Owned(format!("{}\n", text[..start].trim_end())),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// A generator bug reported as a diagnostic rather than a panic.
fn internal(message: String) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(Diagnostic::error("apigen", &Pointer::root(), message));
    diagnostics
}

/// The runtime crate's package name: the crate's, with `-runtime`.
pub fn runtime_package(options: &Options) -> String {
    format!("{}-runtime", options.crate_name)
}

/// The runtime crate's name in Rust paths.
fn runtime_crate(options: &Options) -> String {
    runtime_package(options).replace('-', "_")
}

/// Fills a crate manifest template (the crate's, the runtime's): the crate names and one feature per
/// API, all on by default.
fn cargo_toml(template: &str, options: &Options, apis: &[ir::Api]) -> String {
    let default: Vec<String> = apis.iter().map(|api| format!("{:?}", api.module.as_str())).collect();
    let features: Vec<String> = apis
        .iter()
        .map(|api| {
            let needs: Vec<String> = api.cargo_features.iter().map(|feature| format!("{feature:?}")).collect();
            format!("{} = [{}]", api.module, needs.join(", "))
        })
        .collect();
    let titles: Vec<String> = apis.iter().map(|api| api.title.clone()).collect();
    let description = match titles.as_slice() {
        [one] => format!("A typed client for {one}, generated from its OpenAPI document."),
        many => format!("Typed clients for {}, generated from their OpenAPI documents.", list(many)),
    };
    // The crate's licence is the spec owner's (and the user's) business: one only when every spec gives the same.
    let licenses: std::collections::BTreeSet<Option<&String>> = apis.iter().map(|api| api.license.as_ref()).collect();
    let license = match licenses.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(license)] => format!("license = {:?}\n", license),
        _ => String::new(),
    };
    // Without test servers, no `mock` feature and no wiremock.
    let template: String = if options.mock {
        template.to_owned()
    } else {
        template
            .lines()
            .filter(|line| {
                !line.starts_with("# Each API's `mock` module") && !line.starts_with("mock = ") && !line.starts_with("wiremock = { version")
            })
            .map(|line| format!("{line}\n"))
            .collect()
    };
    template
        .replace("{{runtime_name}}", &runtime_package(options))
        .replace("{{crate_name}}", &options.crate_name)
        .replace("{{version}}", options.crate_version.as_deref().unwrap_or("0.1.0"))
        .replace("{{description}}", &description.replace('\\', "\\\\").replace('"', "\\\""))
        .replace("{{license}}", &license)
        .replace("{{default_features}}", &default.join(", "))
        .replace("{{features}}", &features.join("\n"))
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The crate's README: what it is, and a quick start for each API.
fn readme(options: &Options, apis: &[ir::Api]) -> String {
    let mut text = format!("# {}\n\n", options.crate_name);
    let titles: Vec<String> = apis.iter().map(|api| format!("{} {}", api.title, api.version)).collect();
    text.push_str(&format!("Typed Rust clients for {}, generated by apigen from their OpenAPI documents.\n", list(&titles)));
    text.push_str("Each API is a module behind a cargo feature of the same name, all on by default.\n");
    text.push_str(&format!(
        "What they share (errors, the HTTP core, authentication, encodings) is the crate in `runtime/`, `{}`, \
         re-exported as `runtime`: a path dependency, compiled once and not again when the client is regenerated.\n",
        runtime_package(options)
    ));
    let krate = options.crate_name.replace('-', "_");
    for api in apis {
        text.push('\n');
        // The crate root's quick start, as a reader of the README sees it: the hidden lines left out.
        for (index, line) in emit::quick_start(api, &krate).iter().enumerate() {
            if index == 1 {
                text.push_str(&format!("\nFrom `{}`.\n", api.spec_file));
            }
            match line.as_str() {
                "```no_run" => text.push_str("```rust,ignore\n"),
                hidden if hidden.starts_with("# ") => {}
                shown => {
                    text.push_str(shown);
                    text.push('\n');
                }
            }
        }
    }
    text
}
