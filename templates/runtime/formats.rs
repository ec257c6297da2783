//! Values whose wire form is not their Rust form: `format: decimal` (every digit kept), numbers sent
//! as JSON strings (`type: string, format: int64`), `format: byte` (base64), and `format: uuid`.
//!
//! The decimal and base64 types, and `uuid`, are compiled only when an API of the crate uses them
//! (the crate features `_decimal`, `_base64` and `_uuid`, which the API features turn on).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::ParamValue;

/// The name under which serde_json hands a value's raw text to a visitor (its `RawValue`), so a
/// number can be read from its digits rather than through `f64`. Other deserializers ignore it and
/// hand the value over as usual.
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The text of a JSON value as sent when the deserializer is serde_json's, or the value itself.
enum Captured<'a> {
    Raw(Cow<'a, str>),
    Str(Cow<'a, str>),
    F64(f64),
    I64(i64),
    U64(u64),
}

struct CaptureVisitor;

impl<'de> Visitor<'de> for CaptureVisitor {
    type Value = Captured<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding one")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json's raw value: one entry whose value is the value's text.
        let _token: Option<Cow<'de, str>> = map.next_key()?;
        let raw: Cow<'de, str> = map.next_value()?;
        Ok(Captured::Raw(raw))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Captured::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Captured::Str(Cow::Borrowed(value)))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Captured::Str(Cow::Owned(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Captured::F64(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Captured::I64(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Captured::U64(value))
    }
}

/// The text of a number (or of a string holding one), exact when read by serde_json.
fn number_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, CaptureVisitor)? {
        Captured::Raw(raw) => {
            let raw = raw.trim();
            if raw.starts_with('"') {
                serde_json::from_str::<String>(raw).map_err(de::Error::custom)
            } else {
                Ok(raw.to_owned())
            }
        }
        Captured::Str(text) => Ok(text.into_owned()),
        Captured::F64(value) => Ok(value.to_string()),
        Captured::I64(value) => Ok(value.to_string()),
        Captured::U64(value) => Ok(value.to_string()),
    }
}

/// A value sent as a JSON string (`type: string` with a numeric `format` such as `int64`), read and
/// written through its `FromStr` and `Display`. A JSON number is accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Text<T>(pub T);

impl<T> Text<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Text<T> {
    fn from(value: T) -> Self {
        Text(value)
    }
}

impl<T> std::ops::Deref for Text<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: fmt::Display> fmt::Display for Text<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: fmt::Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de, T: FromStr> Deserialize<'de> for Text<T>
where
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = number_text(deserializer)?;
        // The message never repeats the value: response bodies may hold secrets.
        text.parse().map(Text).map_err(|err| de::Error::custom(format!("the text does not hold this kind of number: {err}")))
    }
}

impl<T: fmt::Display> ParamValue for Text<T> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
}

/// A decimal number (`format: decimal`) that keeps every digit both ways: read from the JSON
/// number's text rather than through `f64`, and written back as a JSON number with the same digits.
#[cfg(feature = "_decimal")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Decimal(pub rust_decimal::Decimal);

#[cfg(feature = "_decimal")]
impl Decimal {
    /// The value.
    pub fn into_inner(self) -> rust_decimal::Decimal {
        self.0
    }
}

#[cfg(feature = "_decimal")]
impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Decimal(value)
    }
}

#[cfg(feature = "_decimal")]
impl std::ops::Deref for Decimal {
    type Target = rust_decimal::Decimal;

    fn deref(&self) -> &rust_decimal::Decimal {
        &self.0
    }
}

#[cfg(feature = "_decimal")]
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(feature = "_decimal")]
impl FromStr for Decimal {
    type Err = rust_decimal::Error;

    /// Plain (`12.50`) or scientific (`1.25e1`) notation.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        rust_decimal::Decimal::from_str_exact(text).or_else(|_| rust_decimal::Decimal::from_scientific(text)).map(Decimal)
    }
}

#[cfg(feature = "_decimal")]
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // serde_json writes a raw value's text as it is: the number with every digit.
        let raw = serde_json::value::RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

#[cfg(feature = "_decimal")]
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = number_text(deserializer)?;
        // The message never repeats the value: response bodies may hold secrets.
        text.parse().map_err(|err| de::Error::custom(format!("not a decimal number: {err}")))
    }
}

#[cfg(feature = "_decimal")]
impl ParamValue for Decimal {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
}

/// Bytes sent as base64 text (`format: byte`): standard alphabet with padding when written; the
/// standard or URL-safe alphabet, padded or not, accepted when read.
#[cfg(feature = "_base64")]
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64(pub Vec<u8>);

#[cfg(feature = "_base64")]
impl Base64 {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    fn encode(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }
}

#[cfg(feature = "_base64")]
impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

#[cfg(feature = "_base64")]
impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

#[cfg(feature = "_base64")]
impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

#[cfg(feature = "_base64")]
impl std::ops::Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(feature = "_base64")]
impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

#[cfg(feature = "_base64")]
impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        use base64::Engine as _;
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text.as_bytes()).ok())
            .map(Base64)
            .ok_or_else(|| de::Error::custom("the value is not base64"))
    }
}

#[cfg(feature = "_base64")]
impl ParamValue for Base64 {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
}

#[cfg(feature = "_uuid")]
impl ParamValue for uuid::Uuid {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.hyphenated().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_strings_round_trip_and_accept_numbers() {
        let value: Text<i64> = serde_json::from_str(r#""9007199254740993""#).unwrap();
        assert_eq!(value.0, 9_007_199_254_740_993);
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""9007199254740993""#);
        let value: Text<i64> = serde_json::from_str("12").unwrap();
        assert_eq!(value.0, 12);
        let error = serde_json::from_str::<Text<i64>>(r#""twelve""#).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("number") && !error.contains("twelve"), "{error}");
        let through_value: Text<i64> = serde_json::from_value(serde_json::json!("7")).unwrap();
        assert_eq!(through_value.0, 7);
    }

    #[cfg(feature = "_decimal")]
    #[test]
    fn decimals_keep_every_digit_both_ways() {
        let value: Decimal = serde_json::from_str("12345678901234567.89").unwrap();
        assert_eq!(value.to_string(), "12345678901234567.89");
        assert_eq!(serde_json::to_string(&value).unwrap(), "12345678901234567.89");
        let quoted: Decimal = serde_json::from_str(r#""0.1""#).unwrap();
        assert_eq!(serde_json::to_string(&quoted).unwrap(), "0.1");
        let scientific: Decimal = serde_json::from_str("1.5e3").unwrap();
        assert_eq!(scientific.to_string(), "1500");
        assert!(serde_json::from_str::<Decimal>("true").is_err());
        let error = serde_json::from_str::<Decimal>(r#""1.2.3-secret""#).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("decimal") && !error.contains("secret"), "{error}");
        // Through a `Value` (a tagged union reads one) the digits survive only as far as f64's.
        let through_value: Decimal = serde_json::from_value(serde_json::json!(2.5)).unwrap();
        assert_eq!(through_value.to_string(), "2.5");
        let as_text: Text<Decimal> = serde_json::from_str(r#""12345678901234567.89""#).unwrap();
        assert_eq!(serde_json::to_string(&as_text).unwrap(), r#""12345678901234567.89""#);
    }

    #[cfg(feature = "_base64")]
    #[test]
    fn bytes_are_base64_on_the_wire() {
        let value: Base64 = serde_json::from_str(r#""AAEC/w==""#).unwrap();
        assert_eq!(value.0, [0, 1, 2, 255]);
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""AAEC/w==""#);
        let url_safe: Base64 = serde_json::from_str(r#""AAEC_w""#).unwrap();
        assert_eq!(url_safe.0, [0, 1, 2, 255]);
        assert!(serde_json::from_str::<Base64>(r#""not base64!""#).is_err());
    }
}
