//! Spec names that would clash in Rust get distinct Rust names (with a warning at generation) and keep
//! their exact names on the wire.

use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_parameter_named_after_a_builder_method_is_still_sent_by_its_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("send", "now"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = fixture_apis::param_named_send::Client::builder().base_url(server.uri()).build().expect("client");
    client.get_thing().send2("now").send().await.expect("204");
}

#[tokio::test]
async fn a_header_and_a_query_parameter_with_one_rust_name_are_both_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(header("X-Trace", "from-header"))
        .and(query_param("x_trace", "from-query"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = fixture_apis::param_name_collision::Client::builder().base_url(server.uri()).build().expect("client");
    client.get_thing().x_trace("from-header").x_trace2("from-query").send().await.expect("204");
}

#[tokio::test]
async fn paths_that_differ_only_in_parameter_names_are_two_callable_operations() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/things/a%2Fb")).respond_with(ResponseTemplate::new(204)).expect(2).mount(&server).await;
    let client = fixture_apis::equivalent_paths::Client::builder().base_url(server.uri()).build().expect("client");
    client.get_thing("a/b").send().await.expect("by id");
    client.get_thing_by_key("a/b").version(2).send().await.expect("by key");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect::<Vec<_>>(), ["", "version=2"]);
}

/// Everything a user imports together (the client module, the types, the runtime's `Error`) has
/// distinct names: with all three glob-imported, each name below means one item. A clash would be
/// an ambiguity error here, at compile time.
mod imported_together {
    #[allow(unused_imports)]
    use fixture_apis::client_names::client::*;
    #[allow(unused_imports)]
    use fixture_apis::client_names::types::*;
    #[allow(unused_imports)]
    use fixture_apis::runtime::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn types_client_items_and_the_runtime_error_are_imported_together() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/auth"))
            .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({"reason": "locked"})))
            .mount(&server)
            .await;
        let client: Client = Client::builder().base_url(server.uri()).build().expect("client");
        let request: AuthRequestBuilder<'_> = client.auth(AuthRequest::new("ann"));
        let error: Error<AuthApiError> = request.send().await.expect_err("401");
        match error {
            Error::Api { error: AuthApiError::Unauthorized(AuthError { reason }), .. } => assert_eq!(reason.as_deref(), Some("locked")),
            other => panic!("expected the documented 401, got {other:?}"),
        }
        let _: Option<ClientModel> = None;
        let _: Option<ErrorModel> = None;
        let _: Option<ListThingsSuccess> = None;
        let _: Option<ListThingsResponse> = None;
    }
}
