//! Arbitrary bytes as a spec, through every stage but `write`: whatever the input, apigen must either
//! produce files or diagnostics, never panic, and every file it produces must parse as Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(loaded) = apigen::load::parse("fuzz.yaml", text) else { return };
    let config = apigen::lower::Config { module: apigen::names::value_name("fuzz"), skip_invalid: false };
    let Ok(lowered) = apigen::lower::lower(&loaded, &config) else { return };
    let header = apigen::render::Header { regenerate_command: "fuzz".to_owned() };
    for file in apigen::emit::api(&lowered.api) {
        let path = file.path.clone();
        // `render` parses the tokens with syn itself; what it prints must parse again.
        match apigen::render::rust(file, &header) {
            Ok(text) => {
                if let Err(err) = syn::parse_file(&text) {
                    panic!("{path} does not parse: {err}\n{text}");
                }
            }
            Err(message) => panic!("{message}"),
        }
    }
});
