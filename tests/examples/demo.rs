//! Calls all five generated APIs against mock servers and prints what it did.
//!
//! Run it with `cargo xtask demo`, which regenerates the crate, starts one Prism mock server per spec on
//! 127.0.0.1 and passes their addresses in `DEMO_<API>_URL` variables.

use apis::runtime::Error;
use std::error::Error as _;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn url(api: &str) -> Result<String> {
    let name = format!("DEMO_{}_URL", api.to_ascii_uppercase());
    std::env::var(&name).map_err(|_| format!("{name} is not set; run `cargo xtask demo`").into())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    arduino().await?;
    soracom().await?;
    cyclos().await?;
    yandex().await?;
    equinix().await?;
    println!("\nall five APIs answered as their specs say");
    Ok(())
}

async fn arduino() -> Result<()> {
    use apis::arduino::{types, Client};
    println!("== Arduino IoT Cloud (devices v2 pass), OAuth2 bearer token");
    let client = Client::builder().base_url(url("arduino")?).oauth2("demo-access-token").build()?;
    let pass = client.devices_v2_pass_get("device-42").suggested_password(true).send().await?;
    println!(
        "GET    /v2/devices/device-42/pass?suggested_password=true -> set: {}, suggested password: {:?}",
        pass.set, pass.suggested_password
    );
    let body = types::Devicev2Pass { password: Some("correct-horse-battery".into()) };
    let set = client.devices_v2_pass_set("device-42", body).form_encoded().send().await?;
    println!("PUT    /v2/devices/device-42/pass (form-encoded body) -> set: {}", set.set);
    client.devices_v2_pass_check("device-42", types::CheckDevicesV2PassPayload::new("correct-horse-battery")).send().await?;
    println!("POST   /v2/devices/device-42/pass (JSON body) -> the password matches");
    client.devices_v2_pass_delete("device-42").send().await?;
    println!("DELETE /v2/devices/device-42/pass -> removed");
    Ok(())
}

async fn soracom() -> Result<()> {
    use apis::soracom::{types, Client};
    println!("\n== Soracom (auth), no credentials needed");
    let client = Client::builder().base_url(url("soracom")?).build()?;
    let request = types::AuthRequest {
        email: Some("operator@example.com".to_owned()),
        password: Some("hunter2-hunter2".into()),
        ..types::AuthRequest::default()
    };
    println!("request body as Debug shows it: {request:?}");
    let auth = client.auth(request).send().await?;
    println!(
        "POST   /auth -> operator {:?}; the API key and token it issued print as {:?} / {:?}",
        auth.operator_id, auth.api_key, auth.token
    );
    client.issue_password_reset_token(types::IssuePasswordResetTokenRequest::new("operator@example.com")).send().await?;
    println!("POST   /auth/password_reset_token/issue -> a reset token was mailed");
    Ok(())
}

async fn cyclos() -> Result<()> {
    use apis::cyclos::Client;
    println!("\n== Cyclos (passwords), Access-Client-Token header");
    let client = Client::builder().base_url(url("cyclos")?).access_client("demo-access-client-token").build()?;
    let passwords = client.list_user_passwords("self").fields(["type", "status"]).send().await?;
    for password in &passwords {
        println!(
            "GET    /self/passwords?fields=type,status -> {:?}: {:?}",
            password.type_.as_ref().and_then(|t| t.name.as_deref()),
            password.status
        );
    }
    let data = client.get_user_passwords_data("'1234567890", "login").send().await?;
    println!(
        "GET    /'1234567890/passwords/login -> status {:?}, can change: {:?}",
        data.status,
        data.permissions.as_ref().and_then(|p| p.change)
    );
    let generated = client.change_generated("pin").send().await?;
    println!("POST   /passwords/pin/change-generated -> new password {generated:?} (secrets never print)");
    match client.unblock_password("self", "pin").send().await {
        Ok(()) => println!("POST   /self/passwords/pin/unblock -> unblocked"),
        Err(Error::Api { error, .. }) => println!("POST   /self/passwords/pin/unblock -> {error}"),
        Err(other) => return Err(other.into()),
    }
    let anonymous = Client::builder().base_url(url("cyclos")?).build()?;
    match anonymous.unblock_password("self", "pin").send().await {
        Err(error @ Error::MissingCredentials { .. }) => println!("without credentials the call is refused before sending: {error}"),
        other => return Err(format!("expected a missing-credentials error, got {other:?}").into()),
    }
    Ok(())
}

async fn yandex() -> Result<()> {
    use apis::yandex::{types, Client};
    println!("\n== Yandex Cloud IoT Core (Device.AddPassword), IAM bearer token");
    let client = Client::builder().base_url(url("yandex")?).iam_token("demo-iam-token").build()?;
    let body = types::AddDevicePasswordRequest { password: Some("a-long-device-password-123".into()) };
    let operation = client.add_password("are0device0id", body).send().await?;
    let outcome = match &operation.error_or_response {
        Some(types::OperationErrorOrResponse::Response(password)) => format!("password {:?} added", password.id),
        Some(types::OperationErrorOrResponse::Error(status)) => format!("failed: {:?}", status.message),
        None => "still running".to_owned(),
    };
    println!(
        "POST   /iot-devices/v1/devices/are0device0id/passwords -> operation {:?}, done: {:?}, {outcome}",
        operation.id, operation.done
    );
    Ok(())
}

async fn equinix() -> Result<()> {
    use apis::equinix::Client;
    println!("\n== Equinix Metal (OTPs), X-Auth-Token header");
    let client = Client::builder().base_url(url("equinix")?).x_auth_token("demo-auth-token").build()?;
    let codes = client.find_recovery_codes().send().await?;
    println!("GET    /user/otp/recovery-codes -> {} recovery codes", codes.recovery_codes.as_ref().map_or(0, Vec::len));
    client.find_ensure_otp("123456").send().await?;
    println!("POST   /user/otp/verify/123456 -> verified");
    match client.find_ensure_otp("../admin").send().await {
        Ok(()) => println!("POST   /user/otp/verify/..%2Fadmin -> the hostile value stayed one path segment"),
        Err(error) => {
            println!("POST   /user/otp/verify/..%2Fadmin -> {error}{}", error.source().map(|s| format!(" ({s})")).unwrap_or_default())
        }
    }
    Ok(())
}
