//! Diagnostics: what went wrong, where (file and RFC 6901 JSON pointer), and what to write instead.

use std::fmt;

/// An RFC 6901 JSON pointer into a spec document, such as `/paths/~1pets/get`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses an already escaped pointer such as `/components/schemas/Pet`.
    pub fn from_escaped(text: &str) -> Self {
        Pointer(text.to_owned())
    }

    /// This pointer with one more reference token, escaped as RFC 6901 says.
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        // Lowering makes a pointer for every node it visits, so this is written for one allocation.
        let token = token.as_ref();
        let mut text = String::with_capacity(self.0.len() + 1 + token.len());
        text.push_str(&self.0);
        text.push('/');
        if token.contains(['~', '/']) {
            for c in token.chars() {
                match c {
                    '~' => text.push_str("~0"),
                    '/' => text.push_str("~1"),
                    c => text.push(c),
                }
            }
        } else {
            text.push_str(token);
        }
        Pointer(text)
    }

    /// The escaped text of the pointer.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The last reference token, unescaped.
    pub fn last(&self) -> Option<String> {
        self.tokens().last()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be turned into code.
    Error,
    /// Something was skipped or approximated safely.
    Warning,
}

/// One located finding about a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file as the user named it.
    pub file: String,
    /// Where in the file; `None` when the finding is about the file as a whole (it could not be read).
    pub pointer: Option<Pointer>,
    /// Line and column, for syntax errors found before there is a document to point into.
    pub line_column: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(file: &str, pointer: &Pointer, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_owned(),
            pointer: Some(pointer.clone()),
            line_column: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(file: &str, pointer: &Pointer, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, pointer, message) }
    }

    /// Adds the `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (&str, Option<&Pointer>, Severity, &str) {
        (&self.file, self.pointer.as_ref(), self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        match (&self.pointer, self.line_column) {
            (_, Some((line, column))) => writeln!(f, "  --> {}:{line}:{column}", self.file)?,
            (Some(pointer), None) => writeln!(f, "  --> {}#{pointer}", self.file)?,
            (None, None) => writeln!(f, "  --> {}", self.file)?,
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

/// One JSON pointer reference token, unescaped (`~1` is `/`, `~0` is `~`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The value `pointer` (a JSON pointer, `""` or `/a/b`) names in `root`, as
/// [`serde_json::Value::pointer`] finds it, but unescaping only the tokens that hold a `~`: lowering
/// looks values up by pointer tens of thousands of times for a large spec.
pub fn lookup<'v>(root: &'v serde_json::Value, pointer: &str) -> Option<&'v serde_json::Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut value = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token: std::borrow::Cow<'_, str> = if token.contains('~') { unescape(token).into() } else { token.into() };
        value = match value {
            serde_json::Value::Object(map) => map.get(token.as_ref())?,
            serde_json::Value::Array(items) => {
                // As RFC 6901 says: decimal digits, no leading zero (`0` itself aside), no sign.
                if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) || (token.len() > 1 && token.starts_with('0')) {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(value)
}

/// All the findings of a run, kept sorted by file and pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The findings, sorted by file, pointer and severity, duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut all = self.0.clone();
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all.dedup();
        all
    }

    /// Changes every finding with `f` (to point a finding in a copied component at its origin).
    pub fn for_each_mut(&mut self, f: impl FnMut(&mut Diagnostic)) {
        self.0.iter_mut().for_each(f);
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// How many findings are errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Takes the findings from index `at` on.
    pub fn split_off(&mut self, at: usize) -> Vec<Diagnostic> {
        self.0.split_off(at.min(self.0.len()))
    }

    /// True when there are no findings.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.sorted() {
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_what_serde_json_finds() {
        let root = serde_json::json!({
            "paths": { "/pets/{id}": { "get": { "responses": { "200": { "x": [1, { "y": true }] } } } } },
            "a~b": { "c/d": 1 },
            "": { "": 2 },
        });
        let pointers = [
            "",
            "/paths",
            "/paths/~1pets~1{id}/get/responses/200",
            "/paths/~1pets~1{id}/get/responses/200/x/1/y",
            "/paths/~1pets~1{id}/get/responses/200/x/01",
            "/paths/~1pets~1{id}/get/responses/200/x/+1",
            "/paths/~1pets~1{id}/get/responses/200/x/2",
            "/a~0b/c~1d",
            "/a~b",
            "/",
            "//",
            "paths",
            "/missing/deeper",
        ];
        for pointer in pointers {
            assert_eq!(lookup(&root, pointer), root.pointer(pointer), "{pointer:?}");
        }
    }
}
