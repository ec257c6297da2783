//! An OpenAPI 3.2 spec (`tests/fixtures/openapi_32.yaml`), read natively: the `QUERY` method,
//! `additionalOperations`, `in: querystring`, `components/mediaTypes`, `itemSchema` for JSON
//! lines and events, and an OAuth2 device-authorization scheme as a bearer token.

use fixture_apis::openapi_32::types::{Criteria, Filter, Flight};
use fixture_apis::openapi_32::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).device("tok-1").max_retries(0).build().expect("client")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request expected");
    requests.remove(0)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request.headers.get(name).map(|value| value.to_str().unwrap_or_default().to_owned())
}

fn flight(number: &str) -> Flight {
    Flight { number: number.into() }
}

/// The `query` operation is sent with the `QUERY` method and its body, whose media type came from
/// `components/mediaTypes`; the device-flow scheme is a bearer token.
#[tokio::test]
async fn the_query_method_sends_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("QUERY"))
        .and(path("/flights/search"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"[{"number":"DL30"}]"#, "application/json"))
        .mount(&server)
        .await;
    let criteria = Criteria { origin: "ATL".into(), cabin: None };
    let flights = client(&server).search_flights(criteria).send().await.expect("200");
    assert_eq!(flights, vec![flight("DL30")]);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "QUERY");
    assert_eq!(request.body, br#"{"origin":"ATL"}"#);
    assert_eq!(header(&request, "content-type").as_deref(), Some("application/json"));
    assert_eq!(header(&request, "authorization").as_deref(), Some("Bearer tok-1"));
}

/// An `additionalOperations` method is sent as written, with the path item's parameters.
#[tokio::test]
async fn an_additional_operation_uses_its_own_method() {
    let server = MockServer::start().await;
    Mock::given(method("COPY")).and(path("/flights/DL30")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    client(&server).copy_flight("DL30", "/flights/DL31").send().await.expect("201");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "COPY");
    assert_eq!(header(&request, "destination").as_deref(), Some("/flights/DL31"));
}

/// `in: querystring` with a form-encoded schema is the whole query string, one field per property;
/// `itemSchema` types each JSON line.
#[tokio::test]
async fn a_querystring_parameter_is_the_query_and_item_schema_types_the_lines() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/flights"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"number\":\"A1\"}\n{\"number\":\"B2\"}\n", "application/jsonl"))
        .mount(&server)
        .await;
    let filter = Filter { origin: Some("A B".into()), max_price: Some(300) };
    let mut lines = client(&server).list_flights().filter(filter).send().await.expect("200");
    let mut items = Vec::new();
    while let Some(item) = lines.next_item().await {
        items.push(item.expect("a flight"));
    }
    assert_eq!(items, vec![flight("A1"), flight("B2")]);
    assert_eq!(only_request(&server).await.url.query(), Some("max_price=300&origin=A%20B"));
}

/// For `text/event-stream`, `itemSchema` describes the event; its `data`'s `contentSchema` types
/// what each event carries.
#[tokio::test]
async fn item_schema_types_the_events_data() {
    let server = MockServer::start().await;
    let body = "event: moved\ndata: {\"number\":\"DL30\"}\n\ndata: {\"number\":\"DL31\"}\n\n";
    Mock::given(method("GET"))
        .and(path("/flights/live"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .mount(&server)
        .await;
    let mut events = client(&server).watch_flights().send().await.expect("200");
    let first = events.next_event().await.expect("an event").expect("decoded");
    assert_eq!((first.event.as_deref(), first.data), (Some("moved"), flight("DL30")));
    let second = events.next_event().await.expect("an event").expect("decoded");
    assert_eq!(second.data, flight("DL31"));
}
