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

#[tokio::test]
async fn types_from_other_files_decode_and_their_errors_are_typed() {
    use fixture_apis::external_refs::client::GetTreeError;
    use fixture_apis::external_refs::types::{ErrorModel as Problem, Tree};
    use fixture_apis::runtime::Error;
    let server = MockServer::start().await;
    let tree = r#"{"name":"root","children":[{"name":"leaf"}],"error":{"message":"partial","cause":{"message":"disk"}}}"#;
    Mock::given(method("GET"))
        .and(path("/trees/t1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(tree, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/trees/t2"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(r#"{"message":"down"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = fixture_apis::external_refs::Client::builder().base_url(server.uri()).build().expect("client");
    let got: Tree = client.get_tree("t1").send().await.expect("200");
    assert_eq!(got.children.as_ref().map(Vec::len), Some(1));
    assert_eq!(got.error.as_ref().and_then(|e| e.cause.as_ref()).map(|c| c.message.as_str()), Some("disk"));
    match client.get_tree("t2").send().await {
        Err(Error::Api { error: GetTreeError::Default(Problem { message, .. }), .. }) => assert_eq!(message, "down"),
        other => panic!("expected the documented problem, got {other:?}"),
    }
}

#[tokio::test]
async fn refs_to_nested_pointers_and_defs_resolve() {
    use fixture_apis::nested_refs::types::Disk;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/accounts/a1/disks/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"kind":"ext4"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = fixture_apis::nested_refs::Client::builder().base_url(server.uri()).build().expect("client");
    let filesystem = client.get_disk("a1", 7).send().await.expect("200");
    assert_eq!(filesystem.kind, "ext4");
    let disk: Disk = serde_json::from_str(r#"{"filesystem":{"kind":"zfs"},"size":9007199254740993,"label":"data"}"#).expect("a disk");
    assert_eq!((disk.size, disk.label.as_deref()), (9_007_199_254_740_993, Some("data")));
}
