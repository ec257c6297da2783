//! The one place Rust identifiers are made from spec names, escaped, and checked for collisions.

use crate::diag::{Diagnostic, Pointer};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Words Rust reserves; an identifier equal to one of them gets a trailing `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Words for names made only of punctuation (`+`, `-`, `*`), so they still mean something.
const SYMBOLS: &[(char, &str)] = &[
    ('+', "plus"), ('-', "minus"), ('*', "star"), ('=', "eq"), ('<', "lt"), ('>', "gt"), ('.', "dot"), ('/', "slash"),
    ('@', "at"), ('$', "dollar"), ('#', "hash"), ('%', "percent"), ('&', "and"), ('!', "not"), ('~', "tilde"),
    ('_', "underscore"), (':', "colon"), ('?', "question"), ('^', "caret"), ('|', "pipe"), (',', "comma"),
];

/// Symbols that mean something inside a name (comparisons, operators), as opposed to separators.
const OPERATORS: &[char] = &['<', '>', '=', '!', '*', '|', '&', '%', '^', '?', '~'];

/// Prepares a spec name for casing: non-ASCII letters spelled out, a leading sign kept as a word,
/// names of punctuation only spelled out.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    if !raw.chars().any(|c| c.is_alphanumeric()) {
        for c in raw.chars() {
            match SYMBOLS.iter().find(|(symbol, _)| *symbol == c) {
                Some((_, word)) => {
                    out.push(' ');
                    out.push_str(word);
                }
                None => out.push_str(&format!(" u{:x}", c as u32)),
            }
        }
        if out.is_empty() {
            out.push_str("empty");
        }
        return out;
    }
    let mut chars = raw.chars().peekable();
    match chars.peek() {
        Some('-') => {
            out.push_str("minus ");
            chars.next();
        }
        Some('+') => {
            out.push_str("plus ");
            chars.next();
        }
        _ => {}
    }
    for c in chars {
        if let Some((_, word)) = SYMBOLS.iter().find(|(symbol, _)| *symbol == c && OPERATORS.contains(symbol)) {
            // `DateCreated<` and `DateCreated>` are different parameters: operators keep a word.
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        } else if c.is_ascii() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

fn escape(ident: String, digit_prefix: &str) -> String {
    let ident = if ident.starts_with(|c: char| c.is_ascii_digit()) { format!("{digit_prefix}{ident}") } else { ident };
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A type or enum variant name: `UpperCamelCase`.
pub fn type_name(raw: &str) -> String {
    escape(words(raw).to_upper_camel_case(), "N")
}

/// A field, method, argument or module name: `snake_case`.
pub fn value_name(raw: &str) -> String {
    escape(words(raw).to_snake_case(), "n")
}

/// The Rust names claimed in one scope (a module's types, a struct's fields, an enum's variants),
/// each with the spec location that claimed it, so that two claims of one name can name both places.
#[derive(Debug, Default)]
pub struct Scope {
    claimed: BTreeMap<String, (Pointer, String)>,
}

impl Scope {
    /// Claims `name`, made from spec name `raw` at `origin`. Two different origins claiming one name is an error.
    pub fn claim(&mut self, file: &str, name: &str, origin: &Pointer, raw: &str, what: &str) -> Result<(), Box<Diagnostic>> {
        match self.claimed.get(name) {
            Some((first, first_raw)) if first != origin && first_raw == raw => Err(Box::new(Diagnostic::error(
                file,
                origin,
                format!("the {what} here is named `{name}` after its position, but {file}#{first} already has that name"),
            )
            .with_help("rename the other one, or move this inline schema into `components/schemas` under another name"))),
            Some((first, first_raw)) if first != origin => Err(Box::new(Diagnostic::error(
                file,
                origin,
                format!(
                    "{what} `{raw}` and `{first_raw}` (at {file}#{first}) both become the Rust name `{name}`"
                ),
            )
            .with_help("rename one of them so that they differ in more than case and punctuation"))),
            Some(_) => Ok(()),
            None => {
                self.claimed.insert(name.to_owned(), (origin.clone(), raw.to_owned()));
                Ok(())
            }
        }
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.claimed.contains_key(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_camel_case() {
        assert_eq!(type_name("devicev2.pass"), "Devicev2Pass");
        assert_eq!(type_name("password_status"), "PasswordStatus");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("2fa"), "N2fa");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name("+"), "Plus");
        assert_eq!(type_name(""), "Empty");
    }

    #[test]
    fn values_are_snake_case_and_escaped() {
        assert_eq!(value_name("type"), "type_");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("suggestedPassword"), "suggested_password");
        assert_eq!(value_name("X-Auth-Token"), "x_auth_token");
        assert_eq!(value_name("$ref"), "ref_");
        assert_eq!(value_name("2fa"), "n2fa");
        assert_eq!(value_name("café"), "caf_ue9");
        assert_eq!(value_name("DateCreated<"), "date_created_lt");
        assert_eq!(value_name("DateCreated>="), "date_created_gt_eq");
    }
}
