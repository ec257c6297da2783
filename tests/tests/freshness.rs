//! The checked-in generated crates are exactly what the generator makes from the specs and templates now.

#[test]
fn generated_crates_match_specs_and_templates() {
    apigen_tests::enter_workspace_root();
    let mut stale = Vec::new();
    for target in xtask::TARGETS {
        let files = xtask::generate_in_memory(target).unwrap_or_else(|message| panic!("{message}"));
        let changes = apigen::write::check(std::path::Path::new(target.dir), &files)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", target.dir));
        stale.extend(changes.iter().map(|change| format!("{}: {change}", target.dir)));
    }
    assert!(stale.is_empty(), "the generated crates are stale; run `cargo xtask regenerate`:\n{}", stale.join("\n"));
}
