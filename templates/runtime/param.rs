//! How values are written into path segments, query values and header values.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::Secret;

/// A value that can be written into a path segment, query value or header
/// value. Encoding (percent-encoding, header validation) is done by
/// [`RequestParts`](super::RequestParts), not here.
pub trait ParamValue {
    /// The value as text, before any encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

/// A parameter that may be absent: a value, or an `Option` of one (`None` sends nothing).
pub trait OptionalParam {
    /// The value's type.
    type Value: ParamValue + ?Sized;
    /// The value, if there is one.
    fn value(&self) -> Option<&Self::Value>;
}

impl<T: ParamValue + ?Sized> OptionalParam for T {
    type Value = T;
    fn value(&self) -> Option<&T> {
        Some(self)
    }
}

impl<T: ParamValue> OptionalParam for Option<T> {
    type Value = T;
    fn value(&self) -> Option<&T> {
        self.as_ref()
    }
}

/// A list parameter that may be absent: a `Vec`, a slice or an array, or an `Option` of a `Vec`.
pub trait OptionalList {
    /// The items' type.
    type Item: ParamValue;
    /// The items, if there are any to send.
    fn items(&self) -> Option<&[Self::Item]>;
}

impl<T: ParamValue> OptionalList for [T] {
    type Item = T;
    fn items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T: ParamValue, const N: usize> OptionalList for [T; N] {
    type Item = T;
    fn items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T: ParamValue> OptionalList for Vec<T> {
    type Item = T;
    fn items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T: ParamValue> OptionalList for Option<Vec<T>> {
    type Item = T;
    fn items(&self) -> Option<&[T]> {
        self.as_deref()
    }
}

/// A value written as its JSON text: the fallback for parameters OpenAPI's styles cannot express
/// (a list of objects, an object with nested values).
#[derive(Debug, Clone, Copy)]
pub struct JsonText<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> ParamValue for JsonText<'_, T> {
    fn to_param(&self) -> Cow<'_, str> {
        // The generated models always serialize (string keys, no failing impls); should one not,
        // the value is sent as `null` rather than a half-written text.
        Cow::Owned(serde_json::to_string(self.0).unwrap_or_else(|_| "null".to_owned()))
    }
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

impl ParamValue for Secret {
    /// The real value: parameters are where secrets are meant to go.
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose())
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_param!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

impl ParamValue for DateTime<Utc> {
    /// RFC 3339, e.g. `2024-05-01T12:30:00Z`.
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl ParamValue for NaiveDate {
    /// `YYYY-MM-DD`.
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%d").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn values_render_as_expected() {
        assert_eq!("a b".to_param(), "a b");
        assert_eq!(String::from("x").to_param(), "x");
        assert_eq!((&&"y").to_param(), "y");
        assert_eq!(true.to_param(), "true");
        assert_eq!((-7i32).to_param(), "-7");
        assert_eq!(u64::MAX.to_param(), "18446744073709551615");
        assert_eq!(1.5f64.to_param(), "1.5");
        assert_eq!(Secret::new("s3cr3t").to_param(), "s3cr3t");
        let at = Utc.with_ymd_and_hms(2024, 5, 1, 12, 30, 0).single();
        assert_eq!(at.map(|t| t.to_param().into_owned()).as_deref(), Some("2024-05-01T12:30:00Z"));
        let day = NaiveDate::from_ymd_opt(2024, 2, 9);
        assert_eq!(day.map(|d| d.to_param().into_owned()).as_deref(), Some("2024-02-09"));
    }
}
