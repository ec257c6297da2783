//! The client `build.rs` generated, against a local server.

use build_script_example::api::openapi::client::GetNoteError;
use build_script_example::api::runtime::Error;
use build_script_example::{Client, Note};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_generated_client_calls_the_api() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/n-42"))
        .and(header("authorization", "Bearer t-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "n-42", "text": "hello"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/notes/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no such note"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).token("t-1").build().expect("client");
    let note: Note = client.get_note("n-42").send().await.expect("200");
    assert_eq!((note.id.as_deref(), note.text.as_str()), (Some("n-42"), "hello"));
    match client.get_note("gone").send().await {
        Err(Error::Api { status, error: GetNoteError::NotFound(problem), .. }) => {
            assert_eq!((status.as_u16(), problem.message.as_str()), (404, "no such note"));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}
