//! Generates the Notes client from `openapi.yaml` into `OUT_DIR/apis.rs` on every change to the spec
//! or a file it refers to; a broken spec fails the build with its diagnostics.

fn main() {
    apigen::build::Builder::new().spec("openapi.yaml").run();
}
