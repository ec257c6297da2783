fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let t = std::time::Instant::now();
        let loaded = apigen::load::parse(&path, &text).unwrap();
        let parsed = t.elapsed();
        let r = std::panic::catch_unwind(|| {
            let mut g = progenitor::Generator::default();
            let tokens = g.generate_tokens(&loaded.doc).map_err(|e| e.to_string())?;
            let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
            Ok::<_, String>(prettyplease::unparse(&file).len())
        });
        println!("{path}: parse {parsed:?} progenitor {:?} {:?}", t.elapsed(), r.map_err(|_| "panic"));
    }
}
