//! A request body offered in media types with different schemas: the caller chooses, and each
//! choice goes out in its media type.

use fixture_apis::body_choice::client::{PostMessageBody, PostMessageForm};
use fixture_apis::body_choice::types::Message;
use fixture_apis::body_choice::Client;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn each_media_type_of_a_body_can_be_chosen() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client");
    let message = || Message { content: "hi & bye".into() };
    client.post_message(message()).send().await.expect("JSON, the preferred media type");
    client.post_message(PostMessageBody::Form(message())).send().await.expect("form");
    client.post_message(b"<message>hi</message>".to_vec()).send().await.expect("XML as bytes");
    let form = PostMessageForm { payload_json: message(), files: vec![fixture_apis::runtime::FilePart::new(&b"x"[..]).file_name("x.txt")] };
    client.post_message(form).send().await.expect("multipart");
    let requests = server.received_requests().await.unwrap_or_default();
    let seen: Vec<(String, String)> = requests
        .iter()
        .map(|r| {
            let content_type = r.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
            (content_type.split(';').next().unwrap_or_default().to_owned(), String::from_utf8_lossy(&r.body).into_owned())
        })
        .collect();
    assert_eq!(seen[0], ("application/json".to_owned(), r#"{"content":"hi & bye"}"#.to_owned()));
    assert_eq!(seen[1], ("application/x-www-form-urlencoded".to_owned(), "content=hi+%26+bye".to_owned()));
    assert_eq!(seen[2], ("application/xml".to_owned(), "<message>hi</message>".to_owned()));
    assert_eq!(seen[3].0, "multipart/form-data");
    assert!(seen[3].1.contains("name=\"payload_json\"") && seen[3].1.contains(r#"{"content":"hi & bye"}"#), "{}", seen[3].1);
    assert!(seen[3].1.contains("filename=\"x.txt\""), "{}", seen[3].1);
}
