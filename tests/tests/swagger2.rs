//! A Swagger 2.0 spec (`tests/fixtures/swagger2.yaml`), read by converting it to the OpenAPI 3.0
//! shape: what the generated client sends and reads, byte for byte.

use bytes::Bytes;
use fixture_apis::runtime::{Error, FilePart};
use fixture_apis::swagger2::client::{CreateThingError, NotFoundHeaders, UploadPictureForm, DEFAULT_BASE_URL, SERVERS};
use fixture_apis::swagger2::types::{Cat, Pet, Problem, RenameThingBody, Thing, ThingKind};
use fixture_apis::swagger2::Client;
use std::convert::Infallible;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    MockServer::start().await
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).key("k-1").basic("ann", "pw").max_retries(0).build().expect("client")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request expected");
    requests.remove(0)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request.headers.get(name).map(|value| value.to_str().unwrap_or_default().to_owned())
}

#[test]
fn host_base_path_and_schemes_are_the_servers() {
    assert_eq!(DEFAULT_BASE_URL, "https://127.0.0.1:9/v1");
    assert_eq!(SERVERS, ["https://127.0.0.1:9/v1", "http://127.0.0.1:9/v1"]);
}

/// `collectionFormat` as the 3.0 styles: csv (the default), multi, pipes, ssv; a path-level
/// `$ref` to a shared parameter; the global `produces`; typed response headers.
#[tokio::test]
async fn collection_formats_are_sent_as_swagger_2_lays_them_out() {
    let server = server().await;
    let things = r#"[{"name":"a","kind":"plain","note":null}]"#;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(things, "application/json").insert_header("X-Total", "1"))
        .mount(&server)
        .await;
    let (value, headers) = client(&server)
        .list_things()
        .limit(5)
        .tags(["a", "b c"])
        .ids([1, 2])
        .sort(["x", "y"])
        .words(["p", "q"])
        .x_trace(["t1", "t2"])
        .send_with_headers()
        .await
        .expect("200");
    assert_eq!(value, vec![Thing { kind: Some(ThingKind::Plain), name: "a".into(), note: None }]);
    assert_eq!(headers.x_total, Some(1));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("limit=5&tags=a,b%20c&ids=1&ids=2&sort=x%7Cy&words=p%20q"));
    assert_eq!(header(&request, "x-trace").as_deref(), Some("t1,t2"));
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("k-1"));
    assert_eq!(header(&request, "accept").as_deref(), Some("application/json"));
}

/// An `in: body` parameter (through a shared `$ref`) is the JSON request body; `basic` security is
/// HTTP basic; a shared `responses` entry keeps its schema and headers.
#[tokio::test]
async fn a_body_parameter_is_the_request_body() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(r#"{"detail":"gone"}"#, "application/json").insert_header("X-Request-Id", "r-9"),
        )
        .mount(&server)
        .await;
    let error = client(&server).create_thing(Thing::new("new")).send().await.expect_err("404");
    let Error::Api { error: CreateThingError::NotFound(problem, headers), .. } = error else { panic!("{error:?}") };
    assert_eq!(problem, Problem { detail: Some("gone".into()) });
    assert_eq!(headers, NotFoundHeaders { x_request_id: Some("r-9".into()) });
    let request = only_request(&server).await;
    assert_eq!(request.body, br#"{"name":"new"}"#);
    assert_eq!(header(&request, "content-type").as_deref(), Some("application/json"));
    assert_eq!(header(&request, "authorization").as_deref(), Some("Basic YW5uOnB3"));
}

/// `in: formData` parameters under `application/x-www-form-urlencoded`: one form body, a list as
/// `csv` (one field, comma-separated) since that is 2.0's default.
#[tokio::test]
async fn form_data_parameters_are_a_form_body() {
    let server = server().await;
    Mock::given(method("PUT")).and(path("/things/a%20b")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let body = RenameThingBody { name: "new name".into(), labels: Some(vec!["x".into(), "y,z".into()]) };
    client(&server).rename_thing("a b", body).send().await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.body, b"labels=x,y%2Cz&name=new+name");
    assert_eq!(header(&request, "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
}

/// A `type: file` form parameter makes the body `multipart/form-data`, the file a file part.
#[tokio::test]
async fn a_file_parameter_is_a_multipart_file_part() {
    let server = server().await;
    Mock::given(method("POST")).and(path("/things/7")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let form = UploadPictureForm {
        picture: FilePart::new(&b"\x89PNG"[..]).file_name("p.png").content_type("image/png"),
        caption: Some("me".into()),
    };
    client(&server).upload_picture("7", form).send().await.expect("204");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").unwrap_or_default();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let boundary = multer::parse_boundary(&content_type).expect("boundary");
    let body = request.body.clone();
    let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        parts.push((name, file_name, field.bytes().await.expect("bytes").to_vec()));
    }
    parts.sort();
    assert_eq!(
        parts,
        [("caption".to_owned(), None, b"me".to_vec()), ("picture".to_owned(), Some("p.png".to_owned()), b"\x89PNG".to_vec())]
    );
}

/// A `type: file` response schema is the raw bytes, in the operation's own `produces`.
#[tokio::test]
async fn a_file_response_is_the_bytes() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/things/7/picture"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(&b"\x89PNG\x00"[..], "image/png"))
        .mount(&server)
        .await;
    let bytes = client(&server).get_picture("7").send().await.expect("200");
    assert_eq!(bytes, b"\x89PNG\x00");
    assert_eq!(header(&only_request(&server).await, "accept").as_deref(), Some("image/png"));
}

/// `x-nullable` is `nullable`, and a string `discriminator` chooses the variant.
#[test]
fn nullable_and_discriminator_are_read() {
    let thing: Thing = serde_json::from_str(r#"{"name":"a","note":null}"#).expect("null is allowed");
    assert_eq!(thing.note, None);
    let pet: Pet = serde_json::from_str(r#"{"petType":"Cat","lives":9}"#).expect("a cat");
    assert!(matches!(&pet, Pet::Cat(Cat { lives: Some(9), .. })), "{pet:?}");
}
