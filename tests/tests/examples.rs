//! The example call at the end of an operation's docs is laid out as rustfmt would lay it out: on
//! one line when it fits, else one call of the chain per line, with the arguments on the
//! operation's line when they fit there and one per line only when they do not.

const SPEC: &str = r#"openapi: 3.0.3
info:
  title: Layout API
  version: 1.0.0
paths:
  /short/{id}:
    get:
      operationId: getShort
      parameters:
        - { name: id, in: path, required: true, schema: { type: string }, example: a }
      responses:
        '204': { description: done }
  /medium/{organization}/{project}/{instance}:
    get:
      operationId: getInstanceOfProject
      parameters:
        - { name: organization, in: path, required: true, schema: { type: string }, example: my-organization }
        - { name: project, in: path, required: true, schema: { type: string }, example: my-project }
        - { name: instance, in: path, required: true, schema: { type: string }, example: my-instance }
      responses:
        '204': { description: done }
  /long/{organization}/{project}/{instance}/{disk}:
    get:
      operationId: getDiskOfInstanceOfProject
      parameters:
        - { name: organization, in: path, required: true, schema: { type: string }, example: my-organization }
        - { name: project, in: path, required: true, schema: { type: string }, example: my-project }
        - { name: instance, in: path, required: true, schema: { type: string }, example: my-instance }
        - { name: disk, in: path, required: true, schema: { type: string }, example: my-disk-with-a-long-name }
      responses:
        '204': { description: done }
"#;

/// The example lines of `operation`'s docs in `client.rs`, without their `/// ` prefix.
fn example_of(client: &str, operation: &str) -> Vec<String> {
    let start = client.find(&format!("pub fn {operation}(")).unwrap_or_else(|| panic!("no method {operation}"));
    let docs: Vec<&str> = client[..start].lines().rev().skip(1).take_while(|line| line.trim_start().starts_with("///")).collect();
    let docs: Vec<String> =
        docs.iter().rev().map(|line| line.trim_start().trim_start_matches("///").strip_prefix(' ').unwrap_or("").to_owned()).collect();
    let from = docs.iter().position(|line| line.starts_with("let value")).unwrap_or_else(|| panic!("{operation} has no example: {docs:?}"));
    let to = docs.iter().position(|line| line == "# Ok(()) }").unwrap_or(docs.len());
    docs[from..to].to_vec()
}

#[test]
fn example_calls_are_laid_out_as_rustfmt_would() {
    let dir = std::env::temp_dir().join(format!("apigen-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    let spec = dir.join("layout.yaml");
    std::fs::write(&spec, SPEC).unwrap_or_else(|err| panic!("{err}"));
    let options = apigen::Options {
        crate_version: None,
        crate_name: "layout".to_owned(),
        regenerate_command: "cargo xtask regenerate".to_owned(),
        skip_invalid: false,
        mock: false,
        doc_examples: true,
    };
    let generated = apigen::generate(&[spec.as_path()], &options).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let _ = std::fs::remove_dir_all(&dir);
    let client = generated.files.get("src/layout/client.rs").unwrap_or_else(|| panic!("no client.rs"));

    assert_eq!(example_of(client, "get_short"), ["let value = client.get_short(\"a\").send().await?;"]);
    assert_eq!(
        example_of(client, "get_instance_of_project"),
        [
            "let value = client",
            "    .get_instance_of_project(\"my-organization\", \"my-project\", \"my-instance\")",
            "    .send()",
            "    .await?;",
        ]
    );
    assert_eq!(
        example_of(client, "get_disk_of_instance_of_project"),
        [
            "let value = client",
            "    .get_disk_of_instance_of_project(",
            "        \"my-organization\",",
            "        \"my-project\",",
            "        \"my-instance\",",
            "        \"my-disk-with-a-long-name\",",
            "    )",
            "    .send()",
            "    .await?;",
        ]
    );
}
