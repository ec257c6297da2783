//! Schema constructs on the wire, through the fixture crate: each decodes and encodes real JSON as the
//! spec means it.

use fixture_apis::discriminator::types::{Bike, Car, Cat, Circle, Dog, Pet, Shape, Square, Vehicle};
use serde_json::json;

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|err| panic!("does not decode: {err}"))
}

#[test]
fn a_discriminator_decides_the_variant_not_the_order_of_the_alternatives() {
    // Circle has only optional properties, so trying the alternatives in turn would take every object
    // for a circle; the discriminator says this one is a square.
    let shape: Shape = decode(json!({ "kind": "square", "radius": 1, "side": 2 }));
    assert_eq!(shape, Shape::Square(Square { kind: "square".into(), side: 2.0 }));
    let shape: Shape = decode(json!({ "kind": "circle", "radius": 1.5 }));
    assert_eq!(shape, Shape::Circle(Circle { kind: Some("circle".into()), radius: Some(1.5) }));
    // A second mapping value for the same schema.
    let shape: Shape = decode(json!({ "kind": "round", "radius": 2 }));
    assert!(matches!(shape, Shape::Circle(Circle { radius: Some(r), .. }) if r == 2.0), "{shape:?}");
}

#[test]
fn an_unknown_or_missing_tag_is_kept_as_sent_never_forced_into_a_variant() {
    let raw = json!({ "kind": "triangle", "side": 3, "angles": [60, 60, 60] });
    let shape: Shape = decode(raw.clone());
    assert_eq!(shape, Shape::Unknown(raw.clone()));
    assert_eq!(serde_json::to_value(&shape).unwrap(), raw);
    let untagged = json!({ "side": 3 });
    assert_eq!(decode::<Shape>(untagged.clone()), Shape::Unknown(untagged));
}

#[test]
fn a_known_tag_with_a_body_of_the_wrong_shape_is_a_decode_error() {
    let error = serde_json::from_value::<Shape>(json!({ "kind": "square", "radius": 1 })).unwrap_err();
    assert!(error.to_string().contains("side"), "{error}");
}

#[test]
fn encoding_writes_the_discriminator_value_back() {
    // The variant's own property is corrected when it does not name the variant...
    let shape = Shape::Square(Square { kind: "circle".into(), side: 4.0 });
    assert_eq!(serde_json::to_string(&shape).unwrap(), r#"{"kind":"square","side":4.0}"#);
    // ...written when it is absent, and kept when it is one of the variant's values.
    let shape = Shape::Circle(Circle { kind: None, radius: Some(1.0) });
    assert_eq!(serde_json::to_value(&shape).unwrap(), json!({ "kind": "circle", "radius": 1.0 }));
    let shape = Shape::Circle(Circle { kind: Some("round".into()), radius: None });
    assert_eq!(serde_json::to_value(&shape).unwrap(), json!({ "kind": "round" }));
}

#[test]
fn without_a_mapping_the_tag_is_the_schema_name() {
    let vehicle: Vehicle = decode(json!({ "type": "Bike", "gears": 21 }));
    assert_eq!(vehicle, Vehicle::Bike(Bike { type_: "Bike".into(), gears: Some(21) }));
    let vehicle: Vehicle = decode(json!({ "type": "Car", "doors": 5 }));
    assert_eq!(vehicle, Vehicle::Car(Car { type_: "Car".into(), doors: 5 }));
    assert!(matches!(decode::<Vehicle>(json!({ "type": "car", "doors": 5 })), Vehicle::Unknown(_)));
}

#[test]
fn an_all_of_hierarchy_decodes_each_subtype_with_its_own_fields() {
    let pets: Vec<Pet> = decode(json!([
        { "petType": "Cat", "name": "Tom", "huntingSkill": "lazy" },
        { "petType": "Dog", "name": "Rex", "packSize": 3 },
        { "petType": "Parrot", "name": "Polly", "words": 20 },
    ]));
    assert_eq!(pets[0], Pet::Cat(Cat { pet_type: "Cat".into(), name: "Tom".into(), hunting_skill: Some("lazy".into()) }));
    assert_eq!(pets[1], Pet::Dog(Dog { pet_type: "Dog".into(), name: "Rex".into(), pack_size: 3 }));
    assert_eq!(pets[2], Pet::Unknown(json!({ "petType": "Parrot", "name": "Polly", "words": 20 })));
    let dog = Pet::Dog(Dog { pet_type: String::new(), name: "Rex".into(), pack_size: 3 });
    assert_eq!(serde_json::to_value(&dog).unwrap(), json!({ "petType": "Dog", "name": "Rex", "packSize": 3 }));
}

#[test]
fn a_property_with_one_value_per_alternative_decides_the_variant_without_a_discriminator() {
    use fixture_apis::discriminator::types::{Range, RangeRange, RangeRangeTo};
    // `range_to` is tried first and has no `start`: trying the alternatives in turn would take this
    // `range` for a `range_to`. The `type` property says which it is.
    let range: Range = decode(json!({ "type": "range", "start": 1, "end": 2 }));
    assert_eq!(range, Range::Range(RangeRange { start: 1.0, end: 2.0 }));
    let range: Range = decode(json!({ "type": "range_to", "end": 2 }));
    assert_eq!(range, Range::RangeTo(RangeRangeTo { end: 2.0 }));
    // An alternative that holds only the tag is a unit variant.
    assert_eq!(decode::<Range>(json!({ "type": "all" })), Range::All);
    assert_eq!(serde_json::to_string(&Range::All).unwrap(), r#"{"type":"all"}"#);
    // The variant's object leaves the tag out; encoding writes it.
    let encoded = serde_json::to_string(&Range::RangeTo(RangeRangeTo { end: 3.0 })).unwrap();
    assert_eq!(encoded, r#"{"end":3.0,"type":"range_to"}"#);
    // A value no alternative has is kept, not forced into one.
    let raw = json!({ "type": "range_from", "start": 1 });
    assert_eq!(decode::<Range>(raw.clone()), Range::Unknown(raw));
    // A known tag with a body of the wrong shape is an error, not another variant.
    assert!(serde_json::from_value::<Range>(json!({ "type": "range", "end": 2 })).is_err());
}

#[test]
fn alternatives_by_reference_are_told_apart_by_their_single_valued_property() {
    use fixture_apis::discriminator::types::{Pen, PenTool, Pencil, PencilTool, Writer};
    let writers: Vec<Writer> = decode(json!([{ "tool": "pencil", "hardness": "HB" }, { "tool": "pen" }]));
    assert_eq!(writers[0], Writer::Pencil(Pencil { tool: PencilTool::Pencil, hardness: Some("HB".into()) }));
    assert_eq!(writers[1], Writer::Pen(Pen { tool: PenTool::Pen, ink: None }));
    assert_eq!(serde_json::to_string(&writers[1]).unwrap(), r#"{"tool":"pen"}"#);
}

#[test]
fn a_one_of_of_string_enums_is_one_enum_of_all_their_values() {
    use fixture_apis::discriminator::types::{Colour, SortMode};
    // Each alternative its own enum with a catch-all would take every string for the first one.
    assert_eq!(decode::<SortMode>(json!("name_descending")), SortMode::NameDescending);
    assert_eq!(decode::<SortMode>(json!("oldest")), SortMode::Oldest);
    assert_eq!(serde_json::to_string(&SortMode::NameAscending).unwrap(), r#""name_ascending""#);
    assert_eq!(decode::<SortMode>(json!("by_size")), SortMode::Unknown("by_size".into()));
    // `anyOf: [enum, string]`: the listed values, and any other string kept as sent.
    assert_eq!(decode::<Colour>(json!("green")), Colour::Green);
    assert_eq!(decode::<Colour>(json!("teal")), Colour::Unknown("teal".into()));
}

#[test]
fn read_only_and_write_only_properties_are_demanded_neither_way() {
    use fixture_apis::read_write::types::Account;
    // A response leaves the writeOnly password out, as the server must.
    let stored: Account = decode(json!({ "id": "acc-1", "name": "Ada", "created": "2024-05-01T12:30:00Z" }));
    assert_eq!(stored.id.as_deref(), Some("acc-1"));
    assert!(stored.password.is_none());
    // A request is built without the readOnly id and timestamp, and does not send them.
    let mut request = Account::new("Ada");
    request.password = Some("s3cret".into());
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({ "name": "Ada", "password": "s3cret" }));
}

#[test]
fn colliding_names_get_distinct_rust_names_and_keep_their_wire_names() {
    use fixture_apis::property_name_collision::types::Person;
    let person: Person = decode(json!({ "firstName": "camel", "first_name": "snake" }));
    assert_eq!(person.first_name.as_deref(), Some("camel"));
    assert_eq!(person.first_name2.as_deref(), Some("snake"));
    assert_eq!(serde_json::to_value(&person).unwrap(), json!({ "firstName": "camel", "first_name": "snake" }));
}

#[test]
fn formats_decode_into_their_types_and_keep_every_digit() {
    use fixture_apis::formats::types::Payment;
    let wire = r#"{"amount":12345678901234567.89,"day":"2024-02-29","fee":"0.10","history":[0.1,1e-7],"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","sequence":"9007199254740993","signature":"AAEC/w=="}"#;
    let payment: Payment = serde_json::from_str(wire).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(payment.amount.to_string(), "12345678901234567.89");
    assert_eq!(payment.fee.to_string(), "0.10");
    assert_eq!(*payment.sequence, 9_007_199_254_740_993_i64);
    assert_eq!(&payment.signature[..], &[0, 1, 2, 255]);
    assert_eq!(payment.id.to_string(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
    assert_eq!(payment.day.to_string(), "2024-02-29");
    // Every digit goes back out as it came in (`1e-7` is written in plain notation).
    let out = serde_json::to_string(&payment).unwrap();
    assert_eq!(
        out,
        r#"{"amount":12345678901234567.89,"day":"2024-02-29","fee":"0.10","history":[0.1,0.0000001],"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","sequence":"9007199254740993","signature":"AAEC/w=="}"#
    );
}

#[test]
fn a_value_of_the_wrong_shape_for_its_format_is_a_decode_error() {
    use fixture_apis::formats::types::Payment;
    let good = json!({ "amount": 1, "day": "2024-02-29", "fee": "1", "id": "6f9619ff-8b86-d011-b42d-00c04fc964ff", "sequence": "1", "signature": "" });
    assert!(serde_json::from_value::<Payment>(good.clone()).is_ok());
    for (field, bad) in [
        ("id", json!("not-a-uuid")),
        ("signature", json!("***")),
        ("sequence", json!("1.5")),
        ("fee", json!("ten")),
        ("day", json!("2024-02-30")),
    ] {
        let mut value = good.clone();
        value[field] = bad;
        assert!(serde_json::from_value::<Payment>(value).is_err(), "{field} accepted a wrong value");
    }
}

#[test]
fn integer_enums_and_consts_keep_their_values_and_unknown_ones() {
    use fixture_apis::scalars::types::{Priority, Version};
    assert_eq!(decode::<Priority>(json!(2)), Priority::Medium);
    assert_eq!(decode::<Priority>(json!(-1)), Priority::Unset);
    assert_eq!(decode::<Priority>(json!(7)), Priority::Unknown(7));
    assert_eq!(serde_json::to_value(Priority::High).unwrap(), json!(3));
    assert_eq!(serde_json::to_value(Priority::Unknown(7)).unwrap(), json!(7));
    assert!(serde_json::from_value::<Priority>(json!("2")).is_err());
    assert_eq!(decode::<Version>(json!(2)), Version::Value2);
    assert_eq!(decode::<Version>(json!(3)), Version::Unknown(3));
}

#[test]
fn closed_objects_tuples_and_multi_type_values() {
    use fixture_apis::scalars::types::{Priority, Task, TaskLabel, Version};
    let task: Task = decode(json!({ "priority": 3, "version": 2, "location": [52.5, 13.4], "label": 7 }));
    // `additionalProperties: false`: the struct has no map of other properties.
    let Task { priority, version, location, label } = task.clone();
    assert_eq!((priority, version, location), (Priority::High, Version::Value2, (52.5, 13.4)));
    assert_eq!(label, Some(TaskLabel::Integer(7)));
    assert_eq!(serde_json::to_value(&task).unwrap(), json!({ "priority": 3, "version": 2, "location": [52.5, 13.4], "label": 7 }));
    let named: Task = decode(json!({ "priority": 1, "version": 2, "location": [0, 0], "label": "home" }));
    assert_eq!(named.label, Some(TaskLabel::String("home".into())));
    assert!(serde_json::from_value::<Task>(json!({ "priority": 1, "version": 2, "location": [0, 0, 0] })).is_err());
}
