//! A writer for Rust source text: lines at the current indentation, blocks, doc comments, and the
//! few places where a line is wrapped the way rustfmt would (argument lists, attribute lists).
//!
//! `emit` writes text directly instead of building token streams and formatting them: parsing our
//! own tokens back with syn and printing them with prettyplease was over half of all generation
//! time (see `docs/benchmarks.md`). Every value that reaches the text goes through [`string`] or
//! `types::ident`, so a spec can never inject code.

use std::fmt::Write as _;

/// The width rustfmt wraps at; signatures and attribute lists longer than this are split.
const MAX_WIDTH: usize = 100;

/// Rust source under construction.
#[derive(Debug, Default)]
pub struct Code {
    out: String,
    depth: usize,
}

impl Code {
    pub fn new() -> Self {
        Code { out: String::with_capacity(4096), depth: 0 }
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
    }

    fn width(&self) -> usize {
        self.depth * 4
    }

    /// One line at the current indentation.
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            self.indent();
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// One line, formatted.
    pub fn fmt(&mut self, args: std::fmt::Arguments<'_>) {
        self.indent();
        let _ = self.out.write_fmt(args);
        self.out.push('\n');
    }

    /// `head {`, then the lines after it are indented one more level.
    pub fn open(&mut self, head: &str) {
        self.indent();
        self.out.push_str(head);
        self.out.push_str(" {\n");
        self.depth += 1;
    }

    /// Closes a block with `}`.
    pub fn close(&mut self) {
        self.close_with("");
    }

    /// Closes a block with `}` followed by `tail` (`,`, `;`, `)`...).
    pub fn close_with(&mut self, tail: &str) {
        if self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push('}');
        self.out.push_str(tail);
        self.out.push('\n');
    }

    /// Closes a block and opens the next on the same line: `} else {`.
    pub fn reopen(&mut self, middle: &str) {
        self.close_with(&format!(" {middle} {{"));
        self.depth += 1;
    }

    /// One blank line between items: never two in a row, never at the start of a block.
    pub fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !self.out.ends_with("{\n") {
            self.out.push('\n');
        }
    }

    /// `///` lines; an empty line is a bare `///`.
    pub fn docs<S: AsRef<str>>(&mut self, lines: &[S]) {
        for line in lines {
            self.doc_line("///", "doc", line.as_ref());
        }
    }

    /// `//!` lines, for the top of a module.
    pub fn inner_docs<S: AsRef<str>>(&mut self, lines: &[S]) {
        for line in lines {
            self.doc_line("//!", "doc", line.as_ref());
        }
        self.blank();
    }

    fn doc_line(&mut self, marker: &str, attr: &str, line: &str) {
        self.indent();
        if line.chars().any(needs_escape) {
            // Control and bidirectional characters are not allowed (or not safe) in a comment;
            // an attribute can spell them as escapes.
            let bang = if marker == "//!" { "!" } else { "" };
            let _ = write!(self.out, "#{bang}[{attr} = {}]", string(&format!(" {line}")));
        } else if line.is_empty() {
            self.out.push_str(marker);
        } else {
            self.out.push_str(marker);
            self.out.push(' ');
            self.out.push_str(line);
        }
        self.out.push('\n');
    }

    /// A function signature and the opening brace: `head(args) -> ret {` on one line when it fits,
    /// otherwise one argument per line, as rustfmt writes it. `ret` may be empty.
    pub fn open_fn(&mut self, head: &str, args: &[String], ret: &str) {
        let arrow = if ret.is_empty() { String::new() } else { format!(" -> {ret}") };
        let joined = args.join(", ");
        if self.width() + head.len() + joined.len() + arrow.len() + 4 <= MAX_WIDTH {
            self.open(&format!("{head}({joined}){arrow}"));
            return;
        }
        self.fmt(format_args!("{head}("));
        self.depth += 1;
        for arg in args {
            self.fmt(format_args!("{arg},"));
        }
        self.depth -= 1;
        self.open(&format!("){arrow}"));
    }

    /// A match arm, `pattern => value,`, with the value in a block on its own line when too long.
    pub fn arm(&mut self, pattern: &str, value: &str) {
        if self.width() + pattern.len() + value.len() + 5 <= MAX_WIDTH {
            self.fmt(format_args!("{pattern} => {value},"));
        } else {
            self.open(&format!("{pattern} =>"));
            self.line(value);
            self.close();
        }
    }

    /// Whether `text` fits on one line at the current indentation.
    pub fn fits(&self, text: &str) -> bool {
        self.width() + text.len() <= MAX_WIDTH
    }

    /// An attribute with a list: `#[name(a, b)]`, split one item per line when too long.
    pub fn attr_list(&mut self, name: &str, items: &[String]) {
        let joined = items.join(", ");
        if self.width() + name.len() + joined.len() + 5 <= MAX_WIDTH {
            self.fmt(format_args!("#[{name}({joined})]"));
            return;
        }
        self.fmt(format_args!("#[{name}("));
        self.depth += 1;
        for (index, item) in items.iter().enumerate() {
            let comma = if index + 1 < items.len() { "," } else { "" };
            self.fmt(format_args!("{item}{comma}"));
        }
        self.depth -= 1;
        self.line(")]");
    }
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A Rust string literal for `text`: quotes, backslashes and characters a source file should not
/// hold literally are escaped. Written by hand rather than with `{:?}` so the output does not
/// depend on the Unicode tables of the toolchain that built the generator.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_a_literal_cannot_hold() {
        assert_eq!(string("a\"b\\c\nd\u{202e}é"), "\"a\\\"b\\\\c\\nd\\u{202e}é\"");
    }

    #[test]
    fn long_signatures_wrap_one_argument_per_line() {
        let mut code = Code::new();
        code.open_fn("pub fn short", &["a: u8".to_owned()], "u8");
        code.close();
        let long: Vec<String> = (0..6).map(|i| format!("argument_number_{i}: String")).collect();
        code.open_fn("pub fn long", &long, "");
        code.close();
        let text = code.finish();
        assert!(text.starts_with("pub fn short(a: u8) -> u8 {\n}\npub fn long(\n    argument_number_0: String,\n"), "{text}");
        assert!(text.ends_with("    argument_number_5: String,\n) {\n}\n"), "{text}");
    }

    #[test]
    fn doc_lines_with_control_characters_become_attributes() {
        let mut code = Code::new();
        code.docs(&["plain", "", "bell\u{7}"]);
        assert_eq!(code.finish(), "/// plain\n///\n#[doc = \" bell\\u{7}\"]\n");
    }
}
