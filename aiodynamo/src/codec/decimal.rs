//! `ExactDecimal`: a `rust_decimal::Decimal` stored as a number (N), exactly.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::Visitor;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A [`rust_decimal::Decimal`] stored as a number (N) written as its decimal text (feature
/// `rust_decimal`): never through a float, so `0.1 + 0.2` is stored, added and read as `0.3`.
///
/// A wrapper because `rust_decimal` serializes a `Decimal` as a string (S) by default, which
/// neither sorts nor adds as a number. An `ExactDecimal` is a number: `add` (DynamoDB adds
/// decimals exactly), `lt`/`between`, a key ([`KeyType`](crate::KeyType), N) and a set element
/// (NS).
///
/// ```
/// use aiodynamo::ExactDecimal;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// use rust_decimal::Decimal;
/// use std::str::FromStr;
///
/// let sum = ExactDecimal(Decimal::from_str("0.1")? + Decimal::from_str("0.2")?);
/// let stored = aiodynamo::codec::to_attribute(&sum).unwrap();
/// assert_eq!(stored, Some(AttributeValue::N("0.3".into())));
/// let read: ExactDecimal = aiodynamo::codec::from_attribute(stored.unwrap()).unwrap();
/// assert_eq!(*read, Decimal::from_str("0.3")?);
/// # Ok::<(), rust_decimal::Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExactDecimal(
    /// The decimal.
    pub Decimal,
);

impl fmt::Debug for ExactDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExactDecimal({})", self.0)
    }
}

impl Deref for ExactDecimal {
    type Target = Decimal;
    fn deref(&self) -> &Decimal {
        &self.0
    }
}

impl DerefMut for ExactDecimal {
    fn deref_mut(&mut self) -> &mut Decimal {
        &mut self.0
    }
}

impl From<Decimal> for ExactDecimal {
    fn from(value: Decimal) -> Self {
        ExactDecimal(value)
    }
}

impl From<ExactDecimal> for Decimal {
    fn from(value: ExactDecimal) -> Self {
        value.0
    }
}

impl Serialize for ExactDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // aiodynamo's codec stores the text as N; another serializer sees a string.
        serializer.serialize_newtype_struct(super::NUMBER_TEXT, &self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for ExactDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = ExactDecimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<ExactDecimal, E> {
                Decimal::from_str_exact(text)
                    .or_else(|_| Decimal::from_scientific(text))
                    .map(ExactDecimal)
                    // The stored text is user data: only why it failed is said.
                    .map_err(|_| {
                        E::custom("a number that does not fit rust_decimal::Decimal exactly")
                    })
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<ExactDecimal, D::Error> {
                deserializer.deserialize_str(self)
            }
        }
        deserializer.deserialize_newtype_struct(super::NUMBER_TEXT, Text)
    }
}

impl FromStr for ExactDecimal {
    type Err = rust_decimal::Error;
    /// Parses decimal text exactly (`"0.30"`), as [`Decimal::from_str_exact`] does.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Decimal::from_str_exact(text).map(ExactDecimal)
    }
}

impl crate::codec::HasShape for ExactDecimal {
    const SHAPE: crate::codec::Shape = crate::codec::Shape::Plain;
}

impl crate::KeyType for ExactDecimal {
    const SCALAR: crate::ScalarType = crate::ScalarType::N;
}

/// A number: `add`, ordered, a set element (NS).
impl crate::kinds::Number for ExactDecimal {}
impl crate::kinds::Addable for ExactDecimal {}
impl crate::kinds::Ordered for ExactDecimal {}
impl crate::kinds::SetElement for ExactDecimal {}

/// A bare `Decimal` where a typed path or key wants an `ExactDecimal`.
impl crate::path::IntoValue<ExactDecimal> for Decimal {
    fn into_value(self) -> ExactDecimal {
        ExactDecimal(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::AttributeValue;

    #[test]
    fn a_set_of_decimals_is_ns_and_a_string_is_refused_without_its_text() {
        let set = std::collections::BTreeSet::from([
            ExactDecimal::from_str("1.50").unwrap(),
            ExactDecimal::from_str("-2").unwrap(),
        ]);
        let Some(AttributeValue::Ns(mut numbers)) = crate::codec::to_attribute(&set).unwrap()
        else {
            panic!("expected NS");
        };
        numbers.sort();
        assert_eq!(numbers, ["-2", "1.50"]);

        let error = crate::codec::from_attribute::<ExactDecimal>(AttributeValue::S("1".into()))
            .unwrap_err();
        assert_eq!(error.to_string(), "expected number (N), found string (S)");
        let error =
            crate::codec::from_attribute::<ExactDecimal>(AttributeValue::N("1e99999".into()))
                .unwrap_err();
        assert!(!error.to_string().contains("99999"), "{error}");
        let read: ExactDecimal =
            crate::codec::from_attribute(AttributeValue::N("1.5E+2".into())).unwrap();
        assert_eq!(read, ExactDecimal::from_str("150").unwrap());
    }
}
