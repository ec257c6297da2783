#[test]
fn x() { let _ = apis::arduino::Client::builder(); }
