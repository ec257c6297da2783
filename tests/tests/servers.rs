//! Servers: variables as typed builder options, a relative server joined onto the given base URL,
//! the other servers as constants.

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn paths(server: &MockServer) -> Vec<String> {
    server.received_requests().await.unwrap_or_default().iter().map(|r| r.url.path().to_owned()).collect()
}

#[tokio::test]
async fn server_variables_are_builder_options_with_the_spec_defaults() {
    use fixture_apis::servers::client::{ServerRegion, SERVERS};
    use fixture_apis::servers::Client;
    let defaults = Client::builder().build().expect("the defaults make a URL");
    assert_eq!(defaults.base_url(), "http://127.0.0.1:9/eu/v1");
    assert_eq!(SERVERS, ["http://127.0.0.1:9/eu/v1", "https://sandbox.example.com/v1"]);
    assert_eq!(ServerRegion::default(), ServerRegion::Eu);

    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let port = server.address().port().to_string();
    let client = Client::builder().port(port.clone()).region(ServerRegion::UsEast).build().expect("client");
    assert_eq!(client.base_url(), format!("http://127.0.0.1:{port}/us-east/v1"));
    client.ping().send().await.expect("204");
    // A base URL given outright wins over the template.
    let direct = Client::builder().region(ServerRegion::UsEast).base_url(format!("{}/direct", server.uri())).build().expect("client");
    direct.ping().send().await.expect("204");
    assert_eq!(paths(&server).await, ["/us-east/v1/ping", "/direct/ping"]);
}

#[tokio::test]
async fn a_relative_server_is_joined_onto_the_base_url() {
    use fixture_apis::relative_server::Client;
    let error = Client::builder().build().expect_err("no host to join onto");
    assert!(error.to_string().contains("`/api/v2` is relative"), "{error}");
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    assert_eq!(client.base_url(), format!("{}/api/v2", server.uri()));
    client.ping().send().await.expect("204");
    // Given with the server's path already, it is not added twice; behind a prefix, it is kept.
    Client::builder().base_url(format!("{}/api/v2/", server.uri())).build().expect("client").ping().send().await.expect("204");
    Client::builder().base_url(format!("{}/gateway", server.uri())).build().expect("client").ping().send().await.expect("204");
    assert_eq!(paths(&server).await, ["/api/v2/ping", "/api/v2/ping", "/gateway/api/v2/ping"]);
}
