//! `Rfc3339`: a UTC date-time of `chrono` or `time` stored as a fixed-width RFC 3339 string.

use std::fmt;
use std::ops::Deref;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC date-time stored as a fixed-width RFC 3339 string (S) with nanoseconds:
/// `2024-06-01T12:34:56.000000000Z`.
///
/// Every stored string has the same width and fields from the largest to the smallest, so
/// DynamoDB's string order is time order: an `Rfc3339` is a key ([`KeyType`](crate::KeyType), S),
/// a set element (SS) and works with `lt`/`between` conditions and range key conditions.
///
/// A wrapper rather than a `#[serde(with = ..)]` module because `chrono` and `time` already
/// serialize their types their own way (without a fixed width, so not sorting as time), and a
/// type of its own is what can be a key and carry the kinds a condition checks, as
/// [`Timestamp`](crate::Timestamp) does. It holds:
///
/// - `chrono::DateTime<chrono::Utc>` (feature `chrono`);
/// - `time::OffsetDateTime` (feature `time`): converted to UTC when stored, read back in UTC.
///
/// Years 0 to 9999 can be stored; a date-time outside them (or a `chrono` leap second) is an
/// encoding error. A stored string in another form is a decoding error (naming the attribute,
/// not quoting the value).
///
/// ```
/// # #[cfg(feature = "chrono")] {
/// use aiodynamo::Rfc3339;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// use chrono::{TimeZone, Utc};
///
/// let at = Rfc3339(Utc.with_ymd_and_hms(2024, 6, 1, 12, 34, 56).unwrap());
/// let stored = aiodynamo::codec::to_attribute(&at).unwrap();
/// assert_eq!(stored, Some(AttributeValue::S("2024-06-01T12:34:56.000000000Z".into())));
/// let read: Rfc3339<chrono::DateTime<Utc>> =
///     aiodynamo::codec::from_attribute(stored.unwrap()).unwrap();
/// assert_eq!(read, at);
/// # }
/// # #[cfg(feature = "time")] {
/// use time::{Date, Month, OffsetDateTime, Time, UtcOffset};
/// let oslo = OffsetDateTime::new_in_offset(
///     Date::from_calendar_date(2024, Month::June, 1).unwrap(),
///     Time::from_hms_nano(14, 34, 56, 5).unwrap(),
///     UtcOffset::from_hms(2, 0, 0).unwrap(),
/// );
/// let stored = aiodynamo::codec::to_attribute(&aiodynamo::Rfc3339(oslo)).unwrap();
/// let expected = aws_sdk_dynamodb::types::AttributeValue::S("2024-06-01T12:34:56.000000005Z".into());
/// assert_eq!(stored, Some(expected));
/// # }
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rfc3339<T>(
    /// The date-time.
    pub T,
);

impl<T: fmt::Debug> fmt::Debug for Rfc3339<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rfc3339({:?})", self.0)
    }
}

impl<T> Deref for Rfc3339<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Rfc3339<T> {
    fn from(value: T) -> Self {
        Rfc3339(value)
    }
}

/// The fields of a UTC date-time, as stored.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
}

/// The date-time types [`Rfc3339`] holds: `chrono::DateTime<Utc>`, `time::OffsetDateTime`.
/// Sealed: implemented for these only.
///
/// ```
/// # #[cfg(feature = "chrono")] {
/// use aiodynamo::{Rfc3339, codec::UtcDateTime};
/// use aws_sdk_dynamodb::types::AttributeValue;
///
/// fn stored<T: UtcDateTime>(at: T) -> Rfc3339<T> {
///     Rfc3339(at)
/// }
/// let epoch = stored(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH);
/// let expected = AttributeValue::S("1970-01-01T00:00:00.000000000Z".into());
/// assert_eq!(aiodynamo::codec::to_attribute(&epoch).unwrap(), Some(expected));
/// # }
/// ```
pub trait UtcDateTime: sealed::Sealed + Sized {
    #[doc(hidden)]
    fn to_parts(&self) -> Parts;
    #[doc(hidden)]
    fn from_parts(parts: Parts) -> Option<Self>;
}

mod sealed {
    pub trait Sealed {}
}

const FORM: &str = "an RFC 3339 date-time such as 2024-06-01T12:34:56.000000000Z";

fn format(parts: Parts) -> Result<String, &'static str> {
    if !(0..=9999).contains(&parts.year) {
        return Err("a year outside 0 to 9999 has no fixed-width RFC 3339 form");
    }
    if parts.nanosecond >= 1_000_000_000 || parts.second > 59 {
        return Err("a leap second has no RFC 3339 form that sorts as time");
    }
    let Parts {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanosecond,
    } = parts;
    Ok(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{nanosecond:09}Z"
    ))
}

/// Parses exactly the stored form.
fn parse(text: &str) -> Option<Parts> {
    let bytes = text.as_bytes();
    if bytes.len() != 30 {
        return None;
    }
    for (position, separator) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (29, b'Z'),
    ] {
        if bytes[position] != separator {
            return None;
        }
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = &bytes[from..to];
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |number, digit| number * 10 + u32::from(digit - b'0'))
        })
    };
    Some(Parts {
        year: number(0, 4)? as i32,
        month: number(5, 7)? as u8,
        day: number(8, 10)? as u8,
        hour: number(11, 13)? as u8,
        minute: number(14, 16)? as u8,
        second: number(17, 19)? as u8,
        nanosecond: number(20, 29)?,
    })
}

impl<T: UtcDateTime> Serialize for Rfc3339<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = format(self.0.to_parts()).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de, T: UtcDateTime> Deserialize<'de> for Rfc3339<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text)
            .and_then(T::from_parts)
            .map(Rfc3339)
            .ok_or_else(|| D::Error::custom(format_args!("expected {FORM}")))
    }
}

/// A bare date-time where a typed path or key wants an `Rfc3339` of it:
/// `attr!(Event, at).lt(date_time)`, `Event::key(id, date_time)`.
impl<T: UtcDateTime> crate::path::IntoValue<Rfc3339<T>> for T {
    fn into_value(self) -> Rfc3339<T> {
        Rfc3339(self)
    }
}

impl<T> crate::codec::HasShape for Rfc3339<T> {
    const SHAPE: crate::codec::Shape = crate::codec::Shape::Plain;
}

/// Stored as fixed-width strings: a set element (SS), ordered as time.
impl<T: UtcDateTime> crate::kinds::SetElement for Rfc3339<T> {}
impl<T: UtcDateTime> crate::kinds::Ordered for Rfc3339<T> {}

#[cfg(feature = "chrono")]
mod chrono_impl {
    use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

    use super::{Parts, Rfc3339, UtcDateTime, sealed};

    impl sealed::Sealed for DateTime<Utc> {}
    impl UtcDateTime for DateTime<Utc> {
        fn to_parts(&self) -> Parts {
            Parts {
                year: self.year(),
                month: self.month() as u8,
                day: self.day() as u8,
                hour: self.hour() as u8,
                minute: self.minute() as u8,
                second: self.second() as u8,
                nanosecond: self.nanosecond(),
            }
        }
        fn from_parts(parts: Parts) -> Option<Self> {
            let naive = NaiveDate::from_ymd_opt(parts.year, parts.month.into(), parts.day.into())?
                .and_hms_nano_opt(
                    parts.hour.into(),
                    parts.minute.into(),
                    parts.second.into(),
                    parts.nanosecond,
                )?;
            Some(naive.and_utc())
        }
    }

    impl crate::KeyType for Rfc3339<DateTime<Utc>> {
        const SCALAR: crate::ScalarType = crate::ScalarType::S;
    }
}

#[cfg(feature = "time")]
mod time_impl {
    use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

    use super::{Parts, Rfc3339, UtcDateTime, sealed};

    impl sealed::Sealed for OffsetDateTime {}
    impl UtcDateTime for OffsetDateTime {
        fn to_parts(&self) -> Parts {
            let utc = self.to_offset(UtcOffset::UTC);
            Parts {
                year: utc.year(),
                month: utc.month() as u8,
                day: utc.day(),
                hour: utc.hour(),
                minute: utc.minute(),
                second: utc.second(),
                nanosecond: utc.nanosecond(),
            }
        }
        fn from_parts(parts: Parts) -> Option<Self> {
            let date =
                Date::from_calendar_date(parts.year, Month::try_from(parts.month).ok()?, parts.day)
                    .ok()?;
            let time =
                Time::from_hms_nano(parts.hour, parts.minute, parts.second, parts.nanosecond)
                    .ok()?;
            Some(OffsetDateTime::new_utc(date, time))
        }
    }

    impl crate::KeyType for Rfc3339<OffsetDateTime> {
        const SCALAR: crate::ScalarType = crate::ScalarType::S;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_parses_back_and_other_forms_do_not() {
        let parts = Parts {
            year: 2024,
            month: 6,
            day: 1,
            hour: 12,
            minute: 34,
            second: 56,
            nanosecond: 7,
        };
        let text = format(parts).unwrap();
        assert_eq!(text, "2024-06-01T12:34:56.000000007Z");
        assert_eq!(parse(&text), Some(parts));
        for other in [
            "2024-06-01T12:34:56Z",
            "2024-06-01T12:34:56.000000007+00:00",
            "2024-06-01 12:34:56.000000007Z",
            "+024-06-01T12:34:56.000000007Z",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
        assert!(
            format(Parts {
                year: 10_000,
                ..parts
            })
            .is_err()
        );
        assert!(format(Parts { year: -1, ..parts }).is_err());
    }
}
