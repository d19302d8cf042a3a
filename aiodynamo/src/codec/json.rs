//! `JsonString`: any serde value stored as one string (S) holding its JSON.

use std::ops::{Deref, DerefMut};

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value stored as one string (S) holding its JSON, rather than as a map or list.
///
/// Useful for a value whose inside is never read or updated by path (a settings blob, an event
/// payload): one S attribute, written and read whole. Reach it with [`Deref`] or `.0`.
///
/// A stored string that is not the JSON of `T` fails to decode with an error naming the
/// attribute and saying the JSON did not parse; the stored text itself is never quoted (it is
/// user data).
///
/// ```
/// use aiodynamo::JsonString;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// use std::collections::BTreeMap;
///
/// let tags = JsonString(BTreeMap::from([("colour".to_string(), vec![1, 2])]));
/// let stored = aiodynamo::codec::to_attribute(&tags)?;
/// assert_eq!(stored, Some(AttributeValue::S(r#"{"colour":[1,2]}"#.into())));
///
/// let read: JsonString<BTreeMap<String, Vec<u8>>> =
///     aiodynamo::codec::from_attribute(stored.unwrap()).unwrap();
/// assert_eq!(read["colour"], [1, 2]); // through `Deref`
/// assert_eq!(read, tags);
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonString<T>(
    /// The value stored as JSON.
    pub T,
);

impl<T> JsonString<T> {
    /// The value inside.
    ///
    /// ```
    /// let numbers = aiodynamo::JsonString(vec![1, 2]);
    /// assert_eq!(numbers.into_inner(), vec![1, 2]);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for JsonString<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for JsonString<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for JsonString<T> {
    fn from(value: T) -> Self {
        JsonString(value)
    }
}

impl<T: Serialize> Serialize for JsonString<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // serde_json's encoding errors name the kind of problem (a map key that is not a
        // string), not the value.
        let json = serde_json::to_string(&self.0)
            .map_err(|error| S::Error::custom(format!("cannot be written as JSON: {error}")))?;
        serializer.serialize_str(&json)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for JsonString<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = String::deserialize(deserializer)?;
        serde_json::from_str(&json)
            .map(JsonString)
            .map_err(|error| {
                // serde_json's own message may quote the text (`invalid type: string "…"`): only
                // where and what kind of failure is said.
                let kind = match error.classify() {
                    serde_json::error::Category::Io => "could not be read",
                    serde_json::error::Category::Syntax => "is not valid JSON",
                    serde_json::error::Category::Data => "does not fit the expected type",
                    serde_json::error::Category::Eof => "ends early",
                };
                D::Error::custom(format!(
                    "the stored JSON did not parse: it {kind} (line {}, column {})",
                    error.line(),
                    error.column()
                ))
            })
    }
}

/// JSON is a string: DynamoDB's `size()` measures it.
impl<T> crate::kinds::HasSize for JsonString<T> {}

impl<T> crate::codec::HasShape for JsonString<T> {
    const SHAPE: crate::codec::Shape = crate::codec::Shape::Plain;
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::AttributeValue;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Secret {
        pin: u32,
    }

    #[test]
    fn a_decode_error_says_the_json_did_not_parse_without_quoting_it() {
        for stored in [
            r#"{"pin":"1234-secret"}"#,
            "{not json secret",
            r#"{"pin":1"#,
        ] {
            let error = crate::codec::from_attribute::<JsonString<Secret>>(AttributeValue::S(
                stored.into(),
            ))
            .unwrap_err();
            let message = error.to_string();
            assert!(message.contains("JSON did not parse"), "{message}");
            assert!(!message.contains("secret"), "{message}");
            assert!(!message.contains("1234"), "{message}");
        }
    }

    #[test]
    fn a_non_string_is_a_type_mismatch() {
        let error =
            crate::codec::from_attribute::<JsonString<Secret>>(AttributeValue::N("1".into()))
                .unwrap_err();
        assert_eq!(error.to_string(), "expected string (S), found number (N)");
    }
}
