//! The one place Rust identifiers are made from spec names, escaped, and checked for collisions.

use crate::diag::{Diagnostic, Pointer};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Words Rust reserves; an identifier equal to one of them gets a trailing `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern",
    "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// Words for names made only of punctuation (`+`, `-`, `*`), so they still mean something.
const SYMBOLS: &[(char, &str)] = &[
    ('+', "plus"),
    ('-', "minus"),
    ('*', "star"),
    ('=', "eq"),
    ('<', "lt"),
    ('>', "gt"),
    ('.', "dot"),
    ('/', "slash"),
    ('@', "at"),
    ('$', "dollar"),
    ('#', "hash"),
    ('%', "percent"),
    ('&', "and"),
    ('!', "not"),
    ('~', "tilde"),
    ('_', "underscore"),
    (':', "colon"),
    ('?', "question"),
    ('^', "caret"),
    ('|', "pipe"),
    (',', "comma"),
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
            // Letters of other scripts are transliterated (`é` is `e`, `ユ` is `yu`), so the name
            // stays readable.
            match deunicode::deunicode_char(c).filter(|ascii| ascii.chars().any(|a| a.is_ascii_alphanumeric())) {
                Some(ascii) => {
                    out.push(' ');
                    out.push_str(ascii);
                    out.push(' ');
                }
                // A mark with no ASCII rendering (the long-vowel `ー`) separates words.
                None => out.push(' '),
            }
        } else {
            out.push(' ');
        }
    }
    out
}

fn escape(ident: String, digit_prefix: &str) -> Ident {
    let ident = if ident.starts_with(|c: char| c.is_ascii_digit()) { format!("{digit_prefix}{ident}") } else { ident };
    let ident = if ident.is_empty() { format!("{digit_prefix}empty") } else { ident };
    let ident = if KEYWORDS.contains(&ident.as_str()) { format!("{ident}_") } else { ident };
    Ident::checked(ident)
}

/// A Rust identifier: made only here, so every one that reaches generated code has been cased,
/// escaped and checked. `emit` turns it into a `proc_macro2::Ident`; nothing else can.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// `text` if it is a valid, non-keyword identifier (XID rules); otherwise its characters that are
    /// not allowed become `_` and a leading one that cannot start an identifier gets `x`.
    fn checked(text: String) -> Ident {
        let text = if KEYWORDS.contains(&text.as_str()) { format!("{text}_") } else { text };
        if is_identifier(&text) {
            return Ident(text);
        }
        let mut out = String::with_capacity(text.len() + 1);
        for (index, c) in text.chars().enumerate() {
            let allowed = if index == 0 { unicode_ident::is_xid_start(c) || c == '_' } else { unicode_ident::is_xid_continue(c) };
            if index == 0 && !allowed && unicode_ident::is_xid_continue(c) {
                out.push('x');
                out.push(c);
            } else {
                out.push(if allowed { c } else { '_' });
            }
        }
        if KEYWORDS.contains(&out.as_str()) {
            out.push('_');
        }
        if !is_identifier(&out) {
            out.push_str("_x");
        }
        Ident(out)
    }

    /// A name the generator itself chose (`Unknown`, `Json`, `body`): checked like any other.
    pub fn fixed(text: &str) -> Ident {
        Ident::checked(text.to_owned())
    }

    /// This name followed by `suffix` (`GetPet` + `Request`), checked again.
    pub fn suffixed(&self, suffix: &str) -> Ident {
        Ident::checked(format!("{}{suffix}", self.0.trim_end_matches('_')))
    }

    /// `prefix` followed by this name (`default_` + `limit`), checked again.
    pub fn prefixed(&self, prefix: &str) -> Ident {
        Ident::checked(format!("{prefix}{}", self.0.trim_end_matches('_')))
    }

    /// Parts already cased by this module, joined (`Pet` + `Or` + `Text`), checked again.
    pub fn join(parts: &[&str]) -> Ident {
        Ident::checked(parts.concat())
    }

    /// The identifier's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Ident {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Ident {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl quote::ToTokens for Ident {
    // The one place a `proc_macro2::Ident` is made (`generator/clippy.toml` refuses all others).
    #[allow(clippy::disallowed_methods)]
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        // Every `Ident` passed `is_identifier` when it was made, so this cannot panic.
        tokens.extend([proc_macro2::TokenTree::Ident(proc_macro2::Ident::new(&self.0, proc_macro2::Span::call_site()))]);
    }
}

/// True for a valid Rust identifier that is not a keyword and not `_`.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return false };
    (unicode_ident::is_xid_start(first) || first == '_')
        && chars.all(unicode_ident::is_xid_continue)
        && text != "_"
        && !KEYWORDS.contains(&text)
}

/// The catch-all variant of an enum that keeps values this client does not know: `Unknown`, unless
/// `taken` says a variant of the spec's already has that name.
pub fn catch_all(taken: impl Fn(&str) -> bool) -> Ident {
    Ident::fixed(["Unknown", "Other", "UnknownValue", "OtherValue"].into_iter().find(|c| !taken(c)).unwrap_or("UnlistedValue"))
}

/// A type or enum variant name: `UpperCamelCase`.
pub fn type_name(raw: &str) -> Ident {
    escape(words(raw).to_upper_camel_case(), "N")
}

/// A field, method, argument or module name: `snake_case`.
pub fn value_name(raw: &str) -> Ident {
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
            Some((first, first_raw)) if first != origin && first_raw == raw => Err(Box::new(
                Diagnostic::error(
                    file,
                    origin,
                    format!("the {what} here is named `{name}` after its position, but {file}#{first} already has that name"),
                )
                .with_help("rename the other one, or move this inline schema into `components/schemas` under another name"),
            )),
            Some((first, first_raw)) if first != origin => Err(Box::new(
                Diagnostic::error(
                    file,
                    origin,
                    format!("{what} `{raw}` and `{first_raw}` (at {file}#{first}) both become the Rust name `{name}`"),
                )
                .with_help("rename one of them so that they differ in more than case and punctuation"),
            )),
            Some(_) => Ok(()),
            None => {
                self.claimed.insert(name.to_owned(), (origin.clone(), raw.to_owned()));
                Ok(())
            }
        }
    }

    /// Claims names the generated code has of its own (a builder's methods), so a spec name that would
    /// become one of them gets another name. `owner` says whose they are, for the warning.
    pub fn reserve(&mut self, names: &[&str], owner: &str) {
        for name in names {
            self.claimed.insert((*name).to_owned(), (Pointer::root(), owner.to_owned()));
        }
    }

    /// The spec name that claimed `name`, if one did.
    pub fn claimant(&self, name: &str) -> Option<String> {
        self.claimed.get(name).map(|(_, raw)| raw.clone())
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
    fn composed_names_are_checked_again() {
        assert_eq!(Ident::fixed("type").as_str(), "type_");
        assert_eq!(Ident::fixed("a-b").as_str(), "a_b");
        assert_eq!(Ident::fixed("1x").as_str(), "x1x");
        assert_eq!(Ident::fixed("_").as_str(), "__x");
        assert_eq!(value_name("type").suffixed("s").as_str(), "types");
        assert_eq!(Ident::join(&["Pet", "Or", "Text"]).as_str(), "PetOrText");
    }

    #[test]
    fn values_are_snake_case_and_escaped() {
        assert_eq!(value_name("type"), "type_");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("suggestedPassword"), "suggested_password");
        assert_eq!(value_name("X-Auth-Token"), "x_auth_token");
        assert_eq!(value_name("$ref"), "ref_");
        assert_eq!(value_name("2fa"), "n2fa");
        assert_eq!(value_name("café"), "caf_e");
        assert_eq!(type_name("ユーザー"), "YuZa");
        assert_eq!(value_name("DateCreated<"), "date_created_lt");
        assert_eq!(value_name("DateCreated>="), "date_created_gt_eq");
    }
}
