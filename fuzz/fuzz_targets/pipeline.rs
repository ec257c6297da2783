//! Arbitrary bytes as a spec, through every stage but `write`: whatever the input, apigen must either
//! produce files or diagnostics, never panic, and every file it produces must parse as Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(loaded) = apigen::load::parse("fuzz.yaml", text) else { return };
    let Ok(lowered) = apigen::lower::lower(&loaded, &apigen::lower::Config { module: "fuzz".to_owned() }) else { return };
    let header = apigen::render::Header { regenerate_command: "fuzz".to_owned() };
    for file in apigen::emit::api(&lowered.api) {
        let text = apigen::render::rust(&file, &header);
        if let Err(err) = syn::parse_file(&text) {
            panic!("{} does not parse: {err}\n{text}", file.path);
        }
    }
});
