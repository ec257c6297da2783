//! Doc comments from spec text, made safe for rustdoc: no accidental doc tests, intra-doc links,
//! HTML tags or bare URLs.

use crate::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;

/// The doc lines for `docs`, or `fallback` when the spec says nothing.
pub fn or(docs: &Docs, fallback: &str) -> Vec<String> {
    let mut lines = lines(docs);
    if lines.is_empty() {
        lines.push(fallback.to_owned());
    }
    lines
}

/// `#[doc]` attributes for `docs`, or for `fallback` when the spec says nothing.
pub fn attrs(docs: &Docs, fallback: &str) -> TokenStream {
    text_attrs(&or(docs, fallback))
}

/// `#[doc]` attributes for lines that are already rustdoc-safe; prettyplease prints them as `///`.
pub fn text_attrs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    lines
        .iter()
        .map(|line| {
            let line = doc_literal(line.as_ref());
            quote! { #[doc = #line] }
        })
        .collect()
}

/// `#![doc]` attributes for the top of a module.
pub fn inner_attrs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    lines
        .iter()
        .map(|line| {
            let line = doc_literal(line.as_ref());
            quote! { #![doc = #line] }
        })
        .collect()
}

/// One doc line's literal, its text after one space: a raw string (`r"..."`, with as many `#` as it
/// takes), which is read back, by syn and by prettyplease, with one copy instead of unescaping it
/// character by character (doc text is about 40 % of a crate's bytes). A line a raw string cannot
/// hold (a carriage return) is an ordinary string literal.
fn doc_literal(line: &str) -> proc_macro2::Literal {
    if line.is_empty() {
        return proc_macro2::Literal::string("");
    }
    // The closing quote needs more `#` after it than any `"` in the text has.
    let hashes = line.match_indices('"').map(|(at, _)| line[at + 1..].bytes().take_while(|b| *b == b'#').count() + 1).max();
    let hashes = "#".repeat(hashes.unwrap_or(0));
    let raw = (!line.contains('\r') && hashes.len() < 256).then(|| format!("r{hashes}\" {line}\"{hashes}").parse().ok()).flatten();
    raw.unwrap_or_else(|| proc_macro2::Literal::string(&format!(" {line}")))
}

/// `lines` as the continuation of a list item: indented under the item's text, so a nested list or
/// a second paragraph stays part of the item.
pub fn item_lines(marker: &str, lines: &[String]) -> Vec<String> {
    let indent = " ".repeat(2);
    let mut out = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        if index == 0 {
            out.push(format!("{marker}{line}"));
        } else if line.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!("{indent}{line}"));
        }
    }
    if out.is_empty() {
        out.push(marker.trim_end().to_owned());
    }
    out
}

/// The lines of `docs`: summary, description and notes, separated by blank lines, made safe.
pub fn lines(docs: &Docs) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let summary = docs.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let description = docs.description.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(summary) = summary {
        paragraphs.push(summary.to_owned());
    }
    if let Some(description) = description {
        if Some(description) != summary {
            paragraphs.push(description.to_owned());
        }
    }
    paragraphs.extend(docs.notes.iter().cloned());
    let mut out = Vec::new();
    for paragraph in paragraphs {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(safe_lines(&paragraph));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Makes spec Markdown safe for rustdoc, line by line.
pub fn safe_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut blank_run = 0;
    // The width of the list item being continued, so its lazy continuation lines get indented.
    let mut list_indent: Option<usize> = None;
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    for raw in text.split('\n') {
        // Tabs in doc comments are a clippy finding (`tabs_in_doc_comments`); four spaces read the same.
        let detabbed;
        let raw = if raw.contains('\t') {
            detabbed = raw.replace('\t', "    ");
            detabbed.as_str()
        } else {
            raw
        };
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            // Only fences marked as Rust may be compiled by rustdoc; everything else is shown as text.
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        if trimmed.is_empty() {
            blank_run += 1;
            list_indent = None;
            if blank_run == 1 {
                out.push(String::new());
            }
            continue;
        }
        blank_run = 0;
        // Indentation would turn text into a code block (a doc test), so it is dropped; a line that
        // continues a list item is indented to the item's text, as Markdown (and clippy) expect.
        let escaped = escape_inline(trimmed);
        if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(width);
            out.push(escaped);
        } else if let Some(width) = list_indent {
            out.push(format!("{}{escaped}", " ".repeat(width)));
        } else {
            out.push(escaped);
        }
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    out
}

/// The width of a list marker at the start of `line` (`- `, `*   `, `+ `, `1. `, `12) `) with the spaces
/// after it, if there is one: continuation lines are indented to where the item's text starts.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = &line[digits..];
        if digits == 0 || digits >= 10 || !rest.starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    // One to four spaces belong to the marker; with more, the text starts one space after it.
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escapes what rustdoc would read as links, HTML or bare URLs, outside code spans.
fn escape_inline(line: &str) -> String {
    if !line.contains(['`', '[', ']', '<', '>', '\\']) && !line.contains("http") {
        // Most spec text has nothing to escape.
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        if let Some(len) = markdown_link_len(&chars[i..]) {
            out.extend(&chars[i..i + len]);
            i += len;
            continue;
        }
        if let Some(len) = url_len(&chars[i..]) {
            let url: String = chars[i..i + len].iter().collect();
            let (url, trailing) = split_trailing_punctuation(&url);
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(trailing);
            i += len;
            continue;
        }
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unclosed code span would swallow the next line's escapes; close it.
        out.push('`');
    }
    out
}

/// The length of `[text](http...)` at the start of `chars`, if that is what is there.
fn markdown_link_len(chars: &[char]) -> Option<usize> {
    if chars.first() != Some(&'[') {
        return None;
    }
    let close = chars.iter().position(|c| *c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let target_start = close + 2;
    url_len(&chars[target_start..])?;
    let end = chars[target_start..].iter().position(|c| *c == ')')?;
    let text = &chars[1..close];
    if text.iter().any(|c| matches!(c, '[' | '<' | '`')) {
        return None;
    }
    Some(target_start + end + 1)
}

fn url_len(chars: &[char]) -> Option<usize> {
    let starts = |prefix: &str| prefix.chars().enumerate().all(|(i, p)| chars.get(i) == Some(&p));
    if !(starts("http://") || starts("https://")) {
        return None;
    }
    let len =
        chars.iter().position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | '(' | '[' | ']')).unwrap_or(chars.len());
    Some(len)
}

fn split_trailing_punctuation(url: &str) -> (&str, &str) {
    let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    (trimmed, &url[trimmed.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_literals_hold_any_line() {
        for line in ["", "plain", r#"a "quote""#, "a \"# b \"## c", "back\\slash \\n", "tab\tand ünïcödé", "cr\r here", "#\"#"] {
            let tokens = text_attrs(&[line]);
            let item: syn::ItemStruct = syn::parse2(quote! { #tokens struct S; }).expect("parses");
            let syn::Meta::NameValue(meta) = &item.attrs[0].meta else { panic!("not `doc = ...`") };
            let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &meta.value else { panic!("not a string") };
            let expected = if line.is_empty() { String::new() } else { format!(" {line}") };
            assert_eq!(text.value(), expected, "{line:?}");
        }
        // Plain text is a raw string: syn reads it with one copy.
        assert!(doc_literal("a \"# b").to_string().starts_with("r##\""));
    }

    #[test]
    fn escapes_links_html_and_urls() {
        assert_eq!(escape_inline("see [Foo] and <br> at https://x.io/a."), "see \\[Foo\\] and &lt;br&gt; at <https://x.io/a>.");
        assert_eq!(escape_inline("[docs](https://x.io) `a[b]`"), "[docs](https://x.io) `a[b]`");
    }

    #[test]
    fn list_continuations_are_indented() {
        let lines = safe_lines("Timeout:\n- For ping: 5.\n- For traceroute: probe timeout.\nThe default is 2.\n\nAfter.");
        assert_eq!(lines, vec!["Timeout:", "- For ping: 5.", "- For traceroute: probe timeout.", "  The default is 2.", "", "After."]);
    }

    #[test]
    fn continuations_follow_the_width_of_the_marker() {
        let lines = safe_lines("*   First item\nwraps here.\n10)  Tenth\ngoes on.");
        assert_eq!(lines, vec!["*   First item", "    wraps here.", "10)  Tenth", "     goes on."]);
    }

    #[test]
    fn indentation_and_fences_are_neutralised() {
        let lines = safe_lines("text\n\n    indented\n```\nfn main() {}\n```");
        assert_eq!(lines, vec!["text", "", "indented", "```text", "fn main() {}", "```"]);
    }
}
