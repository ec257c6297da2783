//! Fixture operations on the wire, against wiremock: the exact request sent for each construct.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn formatted_parameters_and_bodies_go_out_exactly() {
    use fixture_apis::formats::types::Payment;
    let server = MockServer::start().await;
    let stored = r#"{"amount":12345678901234567.89,"day":"2024-02-29","fee":"0.10","id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","sequence":"9007199254740993","signature":"AAEC/w=="}"#;
    Mock::given(method("PUT"))
        .and(path("/payments/6f9619ff-8b86-d011-b42d-00c04fc964ff"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(stored, "application/json"))
        .mount(&server)
        .await;
    let client = fixture_apis::formats::Client::builder().base_url(server.uri()).build().expect("client");
    let payment: Payment = serde_json::from_str(stored).expect("a payment");
    let id = payment.id;
    let minimum: fixture_apis::runtime::Decimal = "100000000000000000.01".parse().expect("a decimal");
    let back = client.put_payment(id, payment.clone()).minimum(minimum).sequence(9_007_199_254_740_993_i64).send().await.expect("200");
    assert_eq!(back, payment);
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    assert_eq!(request.url.query(), Some("minimum=100000000000000000.01&sequence=9007199254740993"));
    assert_eq!(std::str::from_utf8(&request.body).expect("UTF-8"), stored);
}

#[tokio::test]
async fn a_multi_type_path_parameter_and_an_integer_enum_query_go_out_as_values() {
    use fixture_apis::scalars::types::GetTaskRef;
    use fixture_apis::scalars::types::Priority;
    let server = MockServer::start().await;
    let task = r#"{"location":[1.0,2.0],"priority":2,"version":2}"#;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(task, "application/json")).mount(&server).await;
    let client = fixture_apis::scalars::Client::builder().base_url(server.uri()).build().expect("client");
    client.get_task(GetTaskRef::Integer(42)).level(Priority::High).send().await.expect("by number");
    client.get_task(GetTaskRef::String("T-7".into())).send().await.expect("by key");
    let requests = server.received_requests().await.unwrap_or_default();
    let urls: Vec<String> = requests.iter().map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or(""))).collect();
    assert_eq!(urls, ["/tasks/42?level=3", "/tasks/T-7?"]);
}
