//! Schemas that are one object but for one named type are one generic struct, each schema an alias
//! of it: the same JSON on the wire, the same names in the caller's code.

use fixture_apis::generics::types::{
    Disk, DiskResultsPage, Forest, Grove, ResultsPage, Status, StatusResultsPage, TagResultsPage, User, UserResultsPage,
};
use fixture_apis::generics::Client;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn each_schema_decodes_and_encodes_as_its_own_struct_did() {
    let page: DiskResultsPage = serde_json::from_str(r#"{"items":[{"name":"a"},{"name":"b"}],"next_page":"p2"}"#).unwrap();
    assert_eq!(page.items, [Disk::new("a"), Disk::new("b")]);
    assert_eq!(page.next_page.as_deref(), Some("p2"));
    assert_eq!(serde_json::to_string(&page).unwrap(), r#"{"items":[{"name":"a"},{"name":"b"}],"next_page":"p2"}"#);

    let users: UserResultsPage = serde_json::from_value(json!({ "items": [{ "id": 7 }] })).unwrap();
    assert_eq!(users, ResultsPage { items: vec![User { id: 7 }], next_page: None });
    assert_eq!(serde_json::to_string(&users).unwrap(), r#"{"items":[{"id":7}]}"#);

    // An enum in the parameter's place keeps its unknown values.
    let statuses: StatusResultsPage = serde_json::from_value(json!({ "items": ["active", "paused"] })).unwrap();
    assert_eq!(statuses.items, [Status::Active, Status::Unknown("paused".to_owned())]);

    // The parameter in an optional field.
    let batch: fixture_apis::generics::types::UserBatch = serde_json::from_value(json!({ "label": "l" })).unwrap();
    assert_eq!(batch, fixture_apis::generics::types::Batch { label: "l".to_owned(), entries: None });
    assert_eq!(serde_json::to_string(&batch).unwrap(), r#"{"label":"l"}"#);

    // A required field is still required.
    assert!(serde_json::from_value::<DiskResultsPage>(json!({ "next_page": "p2" })).is_err());
}

#[test]
fn callers_write_the_schemas_names() {
    let literal = DiskResultsPage { items: vec![Disk::new("a")], next_page: None };
    assert_eq!(DiskResultsPage::new(vec![Disk::new("a")]), literal);
    // Same shape, other docs: a struct of its own. Two schemas holding each other: structs too.
    let _ = TagResultsPage { items: vec![Status::Gone], next_page: None };
    let _ = Forest { children: vec![Grove { children: Vec::new() }] };
}

#[tokio::test]
async fn a_generic_struct_goes_out_and_comes_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"items":[{"name":"d1"}],"next_page":null}"#, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    client.import_disks(DiskResultsPage::new(vec![Disk::new("d1")])).send().await.expect("import");
    let page = client.list_disks().send().await.expect("list");
    assert_eq!(page, DiskResultsPage::new(vec![Disk::new("d1")]));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&requests[0].body), r#"{"items":[{"name":"d1"}]}"#);
}
