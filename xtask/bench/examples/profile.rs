//! A small driver for profilers: runs apigen's stages on one spec and prints each stage's time, then
//! progenitor's (from the same parsed document) and, for comparison, a plain `serde_json` parse.
//! `APIGEN_ONLY=1` skips progenitor and serde_json.
//!
//! `cargo run --release --manifest-path xtask/bench/Cargo.toml --example profile -- SPEC [RUNS]`, or
//! under `valgrind --tool=callgrind` / `perf record -g` with the built example.

use std::time::{Duration, Instant};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: profile SPEC [RUNS]")?;
    let runs: u32 = args.next().map_or(Ok(1), |runs| runs.parse()).map_err(|err| format!("RUNS: {err}"))?;
    let print = |name: &str, time: Duration| {
        println!("{name:>40}: {:8.1} ms", time.as_secs_f64() * 1e3 / f64::from(runs));
    };

    let header = apigen::render::Header { regenerate_command: "cargo xtask bench".to_owned() };
    let config = apigen::lower::Config { module: apigen::names::value_name("bench"), skip_invalid: false, mock: false };
    let mut stages = [Duration::ZERO; 6];
    for _ in 0..runs {
        let t0 = Instant::now();
        let text = std::fs::read_to_string(&path).map_err(|err| err.to_string())?;
        let t1 = Instant::now();
        let loaded = apigen::load::parse(&path, &text).map_err(|d| d.to_string())?;
        let t2 = Instant::now();
        let lowered = apigen::lower::lower(&loaded, &config).map_err(|d| d.to_string())?;
        let t3 = Instant::now();
        let files = apigen::emit::api(&lowered.api);
        let t4 = Instant::now();
        let rendered: Vec<String> = files.into_iter().map(|file| apigen::render::rust(file, &header).unwrap_or_default()).collect();
        let t5 = Instant::now();
        drop((text, loaded, lowered, rendered));
        let t6 = Instant::now();
        let times = [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5];
        for (stage, time) in stages.iter_mut().zip(times) {
            *stage += time;
        }
    }
    let names = ["read", "load::parse", "lower::lower", "emit::api", "render::rust", "drop (document, IR, tokens, text)"];
    for (name, time) in names.iter().zip(stages) {
        print(&format!("apigen {name}"), time);
    }
    // The whole of it as the bench times it: emit and render on as many threads as there are cores.
    let options = apigen::Options {
        crate_version: None,
        crate_name: "bench".to_owned(),
        regenerate_command: "cargo xtask bench".to_owned(),
        skip_invalid: false,
        mock: false,
        doc_examples: true,
    };
    let started = Instant::now();
    for _ in 0..runs {
        let generated = apigen::generate(&[std::path::Path::new(&path)], &options).map_err(|d| d.to_string())?;
        std::hint::black_box(generated);
    }
    print("apigen generate (threads, as timed in part a)", started.elapsed());
    if std::env::var_os("APIGEN_ONLY").is_some() {
        return Ok(());
    }

    let text = std::fs::read_to_string(&path).map_err(|err| err.to_string())?;
    let doc = apigen::load::parse(&path, &text).map_err(|d| d.to_string())?.doc;
    let mut stages = [Duration::ZERO; 3];
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut generator = progenitor::Generator::default();
        let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate_tokens(&doc)));
        let tokens = match generated {
            Ok(Ok(tokens)) => tokens,
            Ok(Err(err)) => return Err(format!("progenitor: {err}")),
            Err(_) => return Err("progenitor panicked".to_owned()),
        };
        let t1 = Instant::now();
        let file: syn::File = syn::parse2(tokens).map_err(|err| err.to_string())?;
        let t2 = Instant::now();
        std::hint::black_box(prettyplease::unparse(&file));
        let t3 = Instant::now();
        for (stage, time) in stages.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
            *stage += time;
        }
    }
    let names = ["generate_tokens", "syn::parse2", "prettyplease::unparse"];
    for (name, time) in names.iter().zip(stages) {
        print(&format!("progenitor {name}"), time);
    }

    if path.ends_with(".json") {
        let started = Instant::now();
        for _ in 0..runs {
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|err| err.to_string())?;
            std::hint::black_box(value);
        }
        print("serde_json::from_str::<Value>", started.elapsed());
    }
    Ok(())
}
