//! The structs documented response headers are read into: one per distinct list of headers, shared
//! by every response that documents the same list (a spec that puts the same rate-limit headers on
//! every response gets one struct, not one per operation and status).

use crate::ir;
use crate::names::{self, Ident};

/// One distinct list of headers, and who documents it.
struct Pending {
    headers: Vec<ir::ResponseHeader>,
    /// The names its users would give it, in order of first use, each once.
    own_names: Vec<Ident>,
    users: Vec<String>,
}

/// Names the header structs, sets `Operation::success_headers` and the error responses'
/// `header_set`, and returns the structs sorted by name.
pub(super) fn header_sets(
    operations: &mut [ir::Operation],
    error_sets: &mut [ir::ErrorSet],
    taken: &mut std::collections::BTreeSet<String>,
) -> Vec<ir::HeaderSet> {
    let mut pending: Vec<Pending> = Vec::new();
    let mut add = |headers: Vec<ir::ResponseHeader>, own_name: Ident, user: String| -> usize {
        let index = match pending.iter().position(|p| same_headers(&p.headers, &headers)) {
            Some(index) => index,
            None => {
                pending.push(Pending { headers, own_names: Vec::new(), users: Vec::new() });
                pending.len() - 1
            }
        };
        let entry = &mut pending[index];
        if !entry.own_names.contains(&own_name) {
            entry.own_names.push(own_name);
        }
        if !entry.users.contains(&user) {
            entry.users.push(user);
        }
        index
    };
    let mut success_sets: Vec<Option<usize>> = Vec::with_capacity(operations.len());
    for op in operations.iter() {
        let set = success_headers(op).map(|(headers, component)| {
            let own_name = match component {
                Some(key) => names::type_name(key).suffixed("Headers"),
                None => op.type_name.suffixed("Headers"),
            };
            add(headers, own_name, format!("[`Client::{}`] successes", op.name))
        });
        success_sets.push(set);
    }
    let mut error_uses: Vec<(usize, usize, usize)> = Vec::new();
    for (set_index, set) in error_sets.iter().enumerate() {
        for (response_index, response) in set.responses.iter().enumerate() {
            if response.headers.is_empty() {
                continue;
            }
            let (own_name, user) = match &response.component {
                Some(key) => (names::type_name(key).suffixed("Headers"), format!("`{key}` responses")),
                None => (
                    Ident::join(&[set.name.as_str(), response.variant.as_str(), "Headers"]),
                    format!("the {} responses of [`{}`]", status_key(&response.status), set.name),
                ),
            };
            error_uses.push((set_index, response_index, add(response.headers.clone(), own_name, user)));
        }
    }

    // Apart from the types, the operations' names and the error enums.
    let chosen: Vec<Ident> = pending.iter().map(|entry| choose_name(entry, taken)).collect();
    for (op, set) in operations.iter_mut().zip(success_sets) {
        op.success_headers = set.map(|index| chosen[index].clone());
    }
    for (set_index, response_index, index) in error_uses {
        error_sets[set_index].responses[response_index].header_set = Some(chosen[index].clone());
    }
    let mut out: Vec<ir::HeaderSet> =
        pending.into_iter().zip(chosen).map(|(entry, name)| ir::HeaderSet { name, headers: entry.headers, users: entry.users }).collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The name of a header struct: its one user's name when it has one (`GetPetHeaders`,
/// `UnauthorizedHeaders`); for a list many responses share, what its headers' names start with
/// (`ratelimit-limit`, `ratelimit-remaining` give `RatelimitHeaders`), or else its first user's.
fn choose_name(entry: &Pending, taken: &mut std::collections::BTreeSet<String>) -> Ident {
    let first = entry.own_names.first().cloned().unwrap_or_else(|| Ident::fixed("ResponseHeaders"));
    let name = if entry.own_names.len() > 1 { common_prefix(&entry.headers).unwrap_or(first) } else { first };
    let mut candidate = name.clone();
    let mut number = 2;
    while taken.contains(candidate.as_str()) {
        candidate = Ident::join(&[name.as_str(), &number.to_string()]);
        number += 1;
    }
    taken.insert(candidate.to_string());
    candidate
}

/// `RatelimitHeaders` for `ratelimit-limit` and `ratelimit-remaining`: the words every header's
/// name starts with, when there are some beyond an `x-`.
fn common_prefix(headers: &[ir::ResponseHeader]) -> Option<Ident> {
    let words: Vec<Vec<String>> = headers
        .iter()
        .map(|h| h.wire_name.to_ascii_lowercase().split(['-', '_']).filter(|w| !w.is_empty()).map(str::to_owned).collect())
        .collect();
    let first = words.first()?;
    let mut common = first.len();
    for other in &words[1..] {
        common = common.min(first.iter().zip(other).take_while(|(a, b)| a == b).count());
    }
    // One header's whole name is its own prefix; several headers must share a word and keep one.
    if words.len() > 1 {
        common = common.min(first.len().saturating_sub(1));
    }
    let prefix: Vec<&str> = first[..common].iter().map(String::as_str).filter(|w| *w != "x").collect();
    if prefix.is_empty() {
        return None;
    }
    Some(names::type_name(&prefix.join("-")).suffixed("Headers"))
}

fn same_headers(a: &[ir::ResponseHeader], b: &[ir::ResponseHeader]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x.name == y.name && x.wire_name == y.wire_name && x.ty == y.ty && x.required == y.required)
}

/// The documented headers of an operation's successes, each once (by name, ignoring case): required
/// only when the one success documents it as required; and the `components/responses` key when the
/// one success with headers comes from there. `None` for a sequence (events, JSON lines) or when the
/// successes document no headers.
fn success_headers(op: &ir::Operation) -> Option<(Vec<ir::ResponseHeader>, Option<&str>)> {
    if matches!(&op.stream, Some(stream) if stream.kind != ir::StreamKind::Bytes) {
        return None;
    }
    let successes: Vec<&ir::Response> = op.responses.iter().filter(|r| r.status.is_success()).collect();
    let mut out: Vec<ir::ResponseHeader> = Vec::new();
    for response in &successes {
        for header in &response.headers {
            if !out.iter().any(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name) || h.name == header.name) {
                let mut header = header.clone();
                header.required &= successes.len() == 1;
                out.push(header);
            }
        }
    }
    let with_headers: Vec<&&ir::Response> = successes.iter().filter(|r| !r.headers.is_empty()).collect();
    let component = match with_headers.as_slice() {
        [only] if successes.len() == 1 => only.component.as_deref(),
        _ => None,
    };
    (!out.is_empty()).then_some((out, component))
}

/// A status as the spec's `responses` key writes it: `404`, `4xx`, `default`.
fn status_key(status: &ir::StatusMatch) -> String {
    match status {
        ir::StatusMatch::Code(code) => code.to_string(),
        ir::StatusMatch::Range(digit) => format!("{digit}xx"),
        ir::StatusMatch::Default => "default".to_owned(),
    }
}
