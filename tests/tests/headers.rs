//! Documented response headers, typed: on a success (`send_with_headers`) and in error variants.

use fixture_apis::headers::client::{CreateThingError, CreateThingErrorTooManyRequestsHeaders};
use fixture_apis::headers::types::{Problem, Thing};
use fixture_apis::headers::Client;
use fixture_apis::runtime::Error;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(response).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    (server, client)
}

fn thing() -> Thing {
    Thing { name: "a".into() }
}

#[tokio::test]
async fn a_success_comes_with_its_typed_headers() {
    let created = ResponseTemplate::new(201)
        .set_body_raw(r#"{"name":"a"}"#, "application/json")
        .insert_header("Location", "/things/42")
        .insert_header("X-Rate-Limit-Remaining", "17")
        .append_header("X-Tags", "red, blue")
        .append_header("X-Tags", "green")
        .insert_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    let (_server, client) = answering(created).await;
    let (value, headers) = client.create_thing(thing()).send_with_headers().await.expect("201");
    assert_eq!(value, thing());
    assert_eq!(headers.location, "/things/42");
    assert_eq!(headers.x_rate_limit_remaining, Some(17));
    assert_eq!(headers.x_tags, Some(vec!["red".to_owned(), "blue".to_owned(), "green".to_owned()]));
    assert_eq!(headers.last_modified.map(|at| at.to_rfc3339()).as_deref(), Some("2015-10-21T07:28:00+00:00"));
    // Plain `send` does not look at them.
    assert_eq!(client.create_thing(thing()).send().await.expect("201"), thing());
}

#[tokio::test]
async fn a_missing_required_header_or_a_wrong_type_is_a_decode_error() {
    let (_server, client) = answering(ResponseTemplate::new(201).set_body_raw(r#"{"name":"a"}"#, "application/json")).await;
    let error = client.create_thing(thing()).send_with_headers().await.expect_err("no Location");
    assert!(matches!(&error, Error::Decode(e) if e.message().contains("`Location`") && e.message().contains("requires")), "{error}");
    let bad = ResponseTemplate::new(201)
        .set_body_raw(r#"{"name":"a"}"#, "application/json")
        .insert_header("Location", "/x")
        .insert_header("X-Rate-Limit-Remaining", "lots");
    let (_server, client) = answering(bad).await;
    let error = client.create_thing(thing()).send_with_headers().await.expect_err("not an integer");
    assert!(error.to_string().contains("`X-Rate-Limit-Remaining`"), "{error}");
    assert!(!error.to_string().contains("lots"), "the value is not echoed: {error}");
}

#[tokio::test]
async fn documented_errors_carry_their_headers() {
    let slow_down = ResponseTemplate::new(429)
        .set_body_raw(r#"{"detail":"wait"}"#, "application/json")
        .insert_header("Retry-After", "3")
        .insert_header("X-Rate-Limit-Remaining", "0");
    let (_server, client) = answering(slow_down).await;
    match client.create_thing(thing()).send().await {
        Err(Error::Api { error: CreateThingError::TooManyRequests(problem, headers), .. }) => {
            assert_eq!(problem, Problem { detail: Some("wait".into()) });
            assert_eq!(headers, CreateThingErrorTooManyRequestsHeaders { retry_after: 3, x_rate_limit_remaining: Some(0) });
        }
        other => panic!("expected a typed 429, got {other:?}"),
    }
    let (_server, client) = answering(ResponseTemplate::new(404).insert_header("X-Request-Id", "req-9")).await;
    match client.create_thing(thing()).send().await {
        Err(Error::Api { error: CreateThingError::NotFound(headers), .. }) => assert_eq!(headers.x_request_id.as_deref(), Some("req-9")),
        other => panic!("expected a typed 404, got {other:?}"),
    }
}

/// `getThing` and `deleteThing` document the same two rate-limit headers on their successes and on
/// the shared `NotFound` and `TooMany` responses: one struct, `RatelimitHeaders`, holds them everywhere.
#[tokio::test]
async fn responses_documenting_the_same_headers_share_one_struct() {
    use fixture_apis::headers::client::{NotFoundOrTooManyError, RatelimitHeaders};
    let server = MockServer::start().await;
    let limits =
        |status: u16| ResponseTemplate::new(status).insert_header("X-RateLimit-Limit", "100").insert_header("X-RateLimit-Remaining", "7");
    Mock::given(method("GET")).respond_with(limits(200).set_body_raw(r#"{"name":"a"}"#, "application/json")).mount(&server).await;
    Mock::given(method("DELETE")).respond_with(limits(429).set_body_raw(r#"{"detail":"wait"}"#, "application/json")).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    let expected = RatelimitHeaders { x_rate_limit_limit: 100, x_rate_limit_remaining: Some(7) };

    let (value, headers): (Thing, RatelimitHeaders) = client.get_thing("a").send_with_headers().await.expect("200");
    assert_eq!((value, headers), (thing(), expected.clone()));
    let error = client.delete_thing("a").send().await.expect_err("429");
    let Error::Api { error: NotFoundOrTooManyError::TooManyRequests(problem, headers), .. } = error else { panic!("{error:?}") };
    assert_eq!(problem.detail.as_deref(), Some("wait"));
    assert_eq!(headers, expected);
}
