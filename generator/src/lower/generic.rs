//! Schemas that are one object but for one named type (a big API's thirty-three `*ResultsPage` schemas,
//! each `{ items: [X], next_page }` with the same docs) become one generic struct, and each schema
//! an alias of it (`DiskResultsPage = ResultsPage<Disk>`): the object's derives and serde code are
//! written, and compiled, once. The wire format is the same field for field, and so are the names
//! users write (`DiskResultsPage { items, next_page }`, `DiskResultsPage::new`).

use crate::ir::{self, Field, Struct, TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;

use crate::names::{Ident, Scope};

/// A group of structs that are the same but for one named type: the index into `types` of each
/// member, with the type it puts in the parameter's place. The first member is the one the others
/// were compared with.
type Family = Vec<(usize, Ident)>;

/// Makes each family of at least two such structs one generic struct named after the words their
/// names end with (`ResultsPage`), when those words are not already a name of the module. A struct
/// with defaults, exclusive groups, other properties, boxed fields or every field optional keeps
/// its own definition (their code names the struct itself, or derives `Default`, which a parameter
/// would change), and so does any struct whose alias could refer back to itself.
pub(crate) fn generalize(types: &mut Vec<TypeDef>, scope: &Scope) {
    let index: HashMap<Ident, usize> = types.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    let Some(param) = ["T", "Item", "Inner"].into_iter().find(|p| !index.contains_key(*p)).map(Ident::fixed) else {
        return;
    };
    let mut families: Vec<Family> = Vec::new();
    // Families by their members' wire names, so that each struct is compared only with structs
    // that have the same properties.
    let mut by_properties: HashMap<String, Vec<usize>> = HashMap::new();
    for (at, def) in types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else { continue };
        if !eligible(s) {
            continue;
        }
        let mut args: Vec<&Ident> = Vec::new();
        for field in &s.fields {
            ir::each_name_in(&field.ty, &mut |name| {
                if *name != def.name && !args.contains(&name) && index.get(name).is_some_and(|&i| can_be_argument(&types[i].kind)) {
                    args.push(name);
                }
            });
        }
        let properties: Vec<&str> = s.fields.iter().map(|field| field.wire_name.as_str()).collect();
        let candidates = by_properties.entry(properties.join("\0")).or_default();
        for arg in args {
            let found = candidates.iter().copied().find(|&f| {
                let (first, first_arg) = &families[f][0];
                let first = &types[*first];
                first.docs == def.docs && matches!(&first.kind, TypeKind::Struct(a) if same_but_for(a, first_arg, s, arg, &param))
            });
            match found {
                Some(f) => families[f].push((at, arg.clone())),
                None => {
                    candidates.push(families.len());
                    families.push(vec![(at, arg.clone())]);
                }
            }
        }
    }
    // The largest families first; a struct joins one family, and no member is another's argument.
    families.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].0.cmp(&b[0].0)));
    let mut member_of = vec![false; types.len()];
    let mut argument = vec![false; types.len()];
    let mut made: Vec<(Ident, Vec<(usize, Ident)>)> = Vec::new();
    for family in &families {
        let members: Vec<(usize, Ident)> = family
            .iter()
            .filter(|(at, arg)| !member_of[*at] && !argument[*at] && index.get(arg).is_none_or(|&a| !member_of[a]))
            .filter(|(_, arg)| !family.iter().any(|(other, _)| types[*other].name == *arg))
            .cloned()
            .collect();
        // Schemas that are copies of one another (the same type in the parameter's place each
        // time) stay as they are: a generic struct with one argument would only rename them.
        if members.len() < 2 || members.iter().all(|(_, arg)| *arg == members[0].1) {
            continue;
        }
        let names: Vec<&str> = members.iter().map(|(at, _)| types[*at].name.as_str()).collect();
        let Some(name) = common_name(&names) else { continue };
        if scope.contains(name.as_str()) || index.contains_key(&name) || made.iter().any(|(other, _)| *other == name) {
            continue;
        }
        for (at, arg) in &members {
            member_of[*at] = true;
            if let Some(&a) = index.get(arg) {
                argument[a] = true;
            }
        }
        made.push((name, members));
    }
    for (name, members) in made {
        let (first, first_arg) = &members[0];
        let TypeKind::Struct(s) = &types[*first].kind else { continue };
        let fields = s.fields.iter().map(|field| Field { ty: replace(&field.ty, first_arg, &param), ..field.clone() }).collect();
        let constructor = members.iter().any(|(at, _)| matches!(&types[*at].kind, TypeKind::Struct(s) if s.constructor));
        // Undescribed schemas have docs made from where they are; the generic struct is in no one
        // place, so it says what it stands for.
        let mut docs = types[*first].docs.clone();
        if docs.summary.is_none() && docs.description.is_none() {
            let listed: Vec<String> = members.iter().take(3).map(|(at, _)| format!("`{}`", types[*at].name)).collect();
            let more = match (members.len(), listed.as_slice()) {
                (n, _) if n > 3 => format!("{} and {} more", listed.join(", "), n - 3),
                (_, [init @ .., last]) => format!("{} and {last}", init.join(", ")),
                _ => listed.join(""),
            };
            docs.description = Some(format!("The object {more} are, each with its own type as `{param}`."));
        }
        let generic = TypeDef {
            origin: types[*first].origin.clone(),
            name: name.clone(),
            docs,
            example: None,
            kind: TypeKind::Struct(Struct { fields, constructor, param: Some(param.clone()), ..s.clone() }),
        };
        for (at, arg) in &members {
            types[*at].kind = TypeKind::Alias(TypeRef::Generic(name.clone(), Box::new(TypeRef::Named(arg.clone()))));
        }
        types.push(generic);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
}

fn eligible(s: &Struct) -> bool {
    s.param.is_none()
        && s.additional.is_none()
        && s.exclusive.is_empty()
        && !s.all_optional
        && s.fields.iter().all(|f| !f.boxed && !matches!(f.presence, ir::Presence::Defaulted(_)))
}

/// True for a kind of type that can stand in the parameter's place without making an alias refer
/// to itself: a struct, an enum or a union of the module (an alias could lead back to the member).
fn can_be_argument(kind: &TypeKind) -> bool {
    matches!(kind, TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::OneOf(_) | TypeKind::Tagged(_))
}

/// True when `a` with `a_arg` in one place is `b` with `b_arg` there: the same fields in the same
/// order, names, wire names, presence and docs, and types equal once both arguments are the
/// parameter.
fn same_but_for(a: &Struct, a_arg: &Ident, b: &Struct, b_arg: &Ident, param: &Ident) -> bool {
    a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(x, y)| {
            x.name == y.name
                && x.wire_name == y.wire_name
                && x.presence == y.presence
                && x.boxed == y.boxed
                && x.docs == y.docs
                && replace(&x.ty, a_arg, param) == replace(&y.ty, b_arg, param)
        })
        && a.fields.iter().any(|x| replace(&x.ty, a_arg, param) != x.ty)
}

/// `ty` with the parameter in place of every use of `arg`.
fn replace(ty: &TypeRef, arg: &Ident, param: &Ident) -> TypeRef {
    ir::replaced(ty, &|part| matches!(part, TypeRef::Named(name) if name == arg).then(|| TypeRef::Param(param.clone())))
}

/// The words every name ends with (`DiskResultsPage`, `VpcResultsPage` -> `ResultsPage`), when each
/// name has words of its own before them and they are an identifier as they stand.
fn common_name(names: &[&str]) -> Option<Ident> {
    let split: Vec<Vec<&str>> = names.iter().map(|name| words(name)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let mut common = 0;
    while common < shortest && split.iter().all(|w| w[w.len() - 1 - common] == split[0][split[0].len() - 1 - common]) {
        common += 1;
    }
    if common == 0 || common == shortest {
        return None;
    }
    let first = &split[0];
    let suffix: Vec<&str> = first[first.len() - common..].to_vec();
    let text = suffix.concat();
    let name = Ident::join(&suffix);
    (name == text.as_str()).then_some(name)
}

/// An UpperCamelCase name's words: each starts at an upper-case letter.
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, c) in name.char_indices().skip(1) {
        if c.is_uppercase() {
            out.push(&name[start..index]);
            start = index;
        }
    }
    out.push(&name[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_are_whole_trailing_words() {
        assert_eq!(common_name(&["DiskResultsPage", "VpcResultsPage"]).as_deref(), Some("ResultsPage"));
        assert_eq!(common_name(&["DiskPage", "SiloPage", "IpPoolPage"]).as_deref(), Some("Page"));
        // No words of their own, or none in common: no name.
        assert_eq!(common_name(&["Page", "DiskPage"]), None);
        assert_eq!(common_name(&["DiskList", "UserPage"]), None);
        // Words, not letters: `Ranges` and `Pages` share no word.
        assert_eq!(common_name(&["DiskRanges", "UserPages"]), None);
        // A keyword as the common word would need escaping: no name.
        assert_eq!(common_name(&["MySelf", "YourSelf"]), None);
    }
}
