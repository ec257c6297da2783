//! The generated `mock` modules (feature `mock`): a typed fake server a user's tests stand up in a
//! line, expecting an operation's request and answering with one of its documented responses.

use apis::runtime::{Error, Secret};
use apis::{equinix, soracom};

#[tokio::test]
async fn a_typed_fake_server_answers_with_documented_responses() {
    let server = soracom::mock::MockServer::start().await;
    let issued = soracom::types::AuthResponse {
        api_key: Some(Secret::new("key-1")),
        token: Some(Secret::new("token-1")),
        operator_id: Some("OP1".to_owned()),
        user_name: None,
    };
    server.auth().times(1).ok(&issued).await;
    server.verify_password_reset_token().not_found().await;
    let client = server.client().build().expect("client");

    let answer = client.auth(soracom::types::AuthRequest::default()).send().await.expect("the fake answers 200");
    assert_eq!(answer, issued);
    let body = soracom::types::VerifyPasswordResetTokenRequest::new("pw", "tok");
    match client.verify_password_reset_token(body).send().await {
        Err(Error::Api { status, error: soracom::client::VerifyPasswordResetTokenError::NotFound, .. }) => {
            assert_eq!(status.as_u16(), 404);
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    let received = server.server().received().await;
    assert_eq!(received.iter().map(|r| r.url.path().to_owned()).collect::<Vec<_>>(), ["/auth", "/auth/password_reset_token/verify"]);
}

#[tokio::test]
async fn path_parameters_match_any_segment_and_matchers_narrow_an_expectation() {
    let server = equinix::mock::MockServer::start().await;
    server
        .find_recovery_codes()
        .and(wiremock::matchers::header("x-auth-token", "right"))
        .ok(&equinix::types::RecoveryCodeList { recovery_codes: Some(vec![Secret::new("c-1")]) })
        .await;
    let right = server.client().x_auth_token("right").build().expect("client");
    let codes = right.find_recovery_codes().send().await.expect("matched");
    assert_eq!(codes.recovery_codes.map(|codes| codes.len()), Some(1));
    let wrong = server.client().x_auth_token("wrong").build().expect("client");
    assert!(wrong.find_recovery_codes().send().await.is_err(), "an unmatched request gets wiremock's 404");
}
