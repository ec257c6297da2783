//! Parameters in every OpenAPI style, on the wire: the exact path, query and headers received.

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_style_is_written_as_openapi_lays_it_out() {
    use fixture_apis::styles::types::{Filter, FilterStatus, Point, Range};
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = fixture_apis::styles::Client::builder().base_url(server.uri()).build().expect("client");
    let point = Point { x: 1.5, y: -2.0 };
    let filter = Filter { min_age: Some(18), name: Some("a b&c[d]".into()), status: Some(FilterStatus::Open) };
    client
        .find_items([3, 4, 5], ["x", "y.z"], point.clone(), "s=1; evil")
        .filter(filter)
        .range(Range { from: 1, to: None })
        .point(point.clone())
        .tags(["red", "big blue"])
        .flags(["a|b", "c"])
        .labels([("env".to_owned(), "prod,eu".to_owned())].into_iter().collect())
        .prefs(["dark", "compact"])
        .x_point(point)
        .send()
        .await
        .expect("204");
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    assert_eq!(request.url.path(), "/items/3,4,5/.x.y.z;matrix=x,1.5,y,-2.0");
    let query: Vec<&str> = request.url.query().unwrap_or_default().split('&').collect();
    assert_eq!(
        query,
        [
            "filter%5BminAge%5D=18",
            "filter%5Bname%5D=a%20b%26c%5Bd%5D",
            "filter%5Bstatus%5D=open",
            "from=1",
            "point=x,1.5,y,-2.0",
            "tags=red%20big%20blue",
            "flags=a%7Cb%7Cc",
            "env=prod%2Ceu",
        ]
    );
    let header = |name: &str| request.headers.get(name).map(|value| value.to_str().unwrap_or_default().to_owned());
    assert_eq!(header("cookie").as_deref(), Some("session=s%3D1%3B%20evil; prefs=dark,compact"));
    assert_eq!(header("x-point").as_deref(), Some("x=1.5,y=-2.0"));
}

#[tokio::test]
async fn absent_optional_parameters_send_nothing_and_fallbacks_send_json() {
    use fixture_apis::query_objects::types::Sort;
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let styles = fixture_apis::styles::Client::builder().base_url(server.uri()).build().expect("client");
    styles.find_items([1], ["a"], fixture_apis::styles::types::Point { x: 0.0, y: 0.0 }, "k").send().await.expect("204");
    let search = fixture_apis::query_objects::Client::builder().base_url(server.uri()).build().expect("client");
    search
        .search()
        .sort([Sort { field: "name".into(), desc: Some(true) }, Sort { field: "age".into(), desc: None }])
        .send()
        .await
        .expect("204");
    let nested = fixture_apis::query_objects::types::Nested { sort: Some(Sort { field: "a b".into(), desc: None }) };
    search.get_owner([Sort { field: "id".into(), desc: None }]).x_sort(nested).send().await.expect("204");
    let requests = server.received_requests().await.unwrap_or_default();
    let urls: Vec<String> = requests.iter().map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or(""))).collect();
    assert_eq!(
        urls,
        [
            "/items/1/.a;matrix=x,0.0,y,0.0?",
            "/search?sort=%7B%22desc%22%3Atrue%2C%22field%22%3A%22name%22%7D&sort=%7B%22field%22%3A%22age%22%7D",
            "/owners/%5B%7B%22field%22%3A%22id%22%7D%5D?",
        ]
    );
    assert_eq!(requests[2].headers.get("x-sort").map(|v| v.as_bytes()), Some(&br#"{"sort":{"field":"a b"}}"#[..]));
    assert_eq!(requests[0].headers.get("cookie").map(|v| v.as_bytes()), Some(&b"session=k"[..]));
}

/// A parameter described by `content`: a JSON media type sends the value's JSON text
/// (percent-encoded in a query, as it is in a header); `*/*` sends the value as it is.
#[tokio::test]
async fn content_parameters_are_written_in_their_media_type() {
    use fixture_apis::content_params::types::{GetReportFilter, GetReportXMeta};
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = fixture_apis::content_params::Client::builder().base_url(server.uri()).build().expect("client");
    let id = serde_json::from_str(r#""01020304-0506-0708-090a-0b0c0d0e0f10""#).expect("a uuid");
    client
        .get_report(id, GetReportFilter { name: Some("a b".into()) })
        .x_meta(GetReportXMeta { depth: Some(2) })
        .send()
        .await
        .expect("204");
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    assert_eq!(request.url.path(), "/reports/01020304-0506-0708-090a-0b0c0d0e0f10");
    assert_eq!(request.url.query(), Some("filter=%7B%22name%22%3A%22a%20b%22%7D"));
    assert_eq!(request.headers.get("x-meta").map(|v| v.as_bytes()), Some(&br#"{"depth":2}"#[..]));
}
