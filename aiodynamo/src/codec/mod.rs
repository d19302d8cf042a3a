//! Models to and from DynamoDB items.
//!
//! The codec is a serde `Serializer`/`Deserializer` pair that builds and reads the SDK's
//! `AttributeValue`s directly (no intermediate value tree), so every serde attribute of a model
//! works as it does elsewhere. What serde cannot say, which sequences are sets, comes from the
//! model's [`Shape`]. The storage format is documented in the user guide ("Storage format").
//!
//! ```
//! use aiodynamo::codec::{from_item, to_item};
//! #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize, aiodynamo::Document)]
//! struct Point { x: i32, tags: std::collections::BTreeSet<String> }
//!
//! let point = Point { x: 3, tags: ["a".to_string()].into() };
//! let item = to_item(&point)?; // `tags` is a string set (SS), not a list
//! assert_eq!(item["tags"], aiodynamo::sdk::types::AttributeValue::Ss(vec!["a".into()]));
//! assert_eq!(from_item::<Point>(item)?, point);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bytes;
mod de;
#[cfg(feature = "rust_decimal")]
mod decimal;
mod json;
pub(crate) mod number;
#[cfg(any(feature = "chrono", feature = "time"))]
mod rfc3339;
mod ser;
mod shape;
mod timestamp;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use bytes::Bytes;
#[cfg(feature = "rust_decimal")]
pub use decimal::ExactDecimal;
pub use json::JsonString;
#[cfg(any(feature = "chrono", feature = "time"))]
#[doc(hidden)]
pub use rfc3339::Parts;
#[cfg(any(feature = "chrono", feature = "time"))]
pub use rfc3339::{Rfc3339, UtcDateTime};
pub use shape::{DocumentShape, HasShape, Shape, shape_of};
#[doc(hidden)]
pub use shape::{KnownShape, ShapeProbe, UnknownShape};
pub use timestamp::{
    Micros, Millis, Nanos, Seconds, TimeUnit, Timestamp, TimestampMicros, TimestampMillis,
    TimestampNanos,
};

use crate::error::{DecodeError, EncodeError, Error};

/// The name of the newtype struct a number written as its decimal text serializes as: the codec
/// stores the text as N (and reads N as text) instead of S.
pub(crate) const NUMBER_TEXT: &str = "$aiodynamo::NumberText";
use crate::item::{RawItem, StoredItem};

/// Encodes one value; `None` means no attribute (`None`, an empty set).
///
/// ```
/// use aiodynamo::codec::to_attribute;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// use std::collections::BTreeSet;
///
/// let roles = BTreeSet::from(["admin".to_string()]);
/// assert_eq!(to_attribute(&roles)?, Some(AttributeValue::Ss(vec!["admin".into()])));
/// assert_eq!(to_attribute(&BTreeSet::<String>::new())?, None);
/// assert_eq!(to_attribute(&7u128)?, Some(AttributeValue::N("7".into())));
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
pub fn to_attribute<T: Serialize + HasShape + ?Sized>(
    value: &T,
) -> Result<Option<AttributeValue>, EncodeError> {
    to_attribute_shaped(value, T::SHAPE)
}

/// [`to_attribute`] for a value whose shape was found elsewhere (a typed path).
#[doc(hidden)]
pub fn to_attribute_shaped<T: Serialize + ?Sized>(
    value: &T,
    shape: Shape,
) -> Result<Option<AttributeValue>, EncodeError> {
    to_attribute_at(value, shape, 0)
}

/// Encodes a value held by `nesting` levels (1 for a top-level attribute), so that a document
/// deeper than DynamoDB allows is refused here.
pub(crate) fn to_attribute_at<T: Serialize + ?Sized>(
    value: &T,
    shape: Shape,
    nesting: usize,
) -> Result<Option<AttributeValue>, EncodeError> {
    value.serialize(ser::AttributeSerializer::new(shape, nesting))
}

/// The serializer a field's own `serialize_with` function writes to, with the field's shape (as
/// the model's own serialization gives it).
#[doc(hidden)]
pub fn serializer(
    shape: Shape,
) -> impl serde::Serializer<Ok = Option<AttributeValue>, Error = EncodeError> {
    ser::AttributeSerializer::new(shape, 0)
}

/// The deserializer a field's own `deserialize_with` function reads from, with the field's shape.
#[doc(hidden)]
pub fn deserializer<'de>(
    value: Option<AttributeValue>,
    shape: Shape,
) -> impl serde::Deserializer<'de, Error = DecodeError> {
    de::AttributeDeserializer { value, shape }
}

/// Decodes one value.
///
/// ```
/// use aiodynamo::codec::from_attribute;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// let qty: u32 = from_attribute(AttributeValue::N("9".into()))?;
/// assert_eq!(qty, 9);
/// # Ok::<(), aiodynamo::DecodeError>(())
/// ```
pub fn from_attribute<T: DeserializeOwned + HasShape>(
    value: AttributeValue,
) -> Result<T, DecodeError> {
    from_attribute_shaped(Some(value), T::SHAPE)
}

/// [`from_attribute`] for a value whose shape was found elsewhere; `None` is an absent attribute.
#[doc(hidden)]
pub fn from_attribute_shaped<T: DeserializeOwned>(
    value: Option<AttributeValue>,
    shape: Shape,
) -> Result<T, DecodeError> {
    T::deserialize(de::AttributeDeserializer { value, shape })
}

/// Encodes a model (or any struct) as an item.
///
/// ```
/// # use aiodynamo::prelude::*;
/// #[table("users", hash_key = "id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { id: String, nick: Option<String> }
///
/// let item = aiodynamo::codec::to_item(&User { id: "u1".into(), nick: None })?;
/// assert_eq!(item.len(), 1); // `None` is not stored
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
pub fn to_item<T: Serialize + HasShape + ?Sized>(value: &T) -> Result<RawItem, EncodeError> {
    match to_attribute(value)? {
        Some(AttributeValue::M(item)) => Ok(item),
        Some(other) => Err(EncodeError::new(format!(
            "an item from {}: an item must be a struct or a map",
            describe(&other)
        ))),
        None => Err(EncodeError::new(
            "an item from nothing: an item must be a struct or a map",
        )),
    }
}

/// Decodes an item as a model (or any struct).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # use aws_sdk_dynamodb::types::AttributeValue;
/// #[table("users", hash_key = "id")]
/// #[derive(Debug, serde::Serialize, serde::Deserialize)]
/// struct User { id: String, logins: u64 }
///
/// let item = [("id".to_string(), AttributeValue::S("u1".into()))].into();
/// let error = aiodynamo::codec::from_item::<User>(item).unwrap_err();
/// assert_eq!(error.to_string(), "logins: missing attribute");
/// ```
pub fn from_item<T: DeserializeOwned + HasShape>(item: RawItem) -> Result<T, DecodeError> {
    from_attribute(AttributeValue::M(item))
}

/// DynamoDB's name for the type of a value, for error messages: `string (S)`.
pub(crate) fn describe(value: &AttributeValue) -> &'static str {
    match value {
        AttributeValue::S(_) => "string (S)",
        AttributeValue::N(_) => "number (N)",
        AttributeValue::B(_) => "binary (B)",
        AttributeValue::Bool(_) => "boolean (BOOL)",
        AttributeValue::Null(_) => "null (NULL)",
        AttributeValue::L(_) => "list (L)",
        AttributeValue::M(_) => "map (M)",
        AttributeValue::Ss(_) => "string set (SS)",
        AttributeValue::Ns(_) => "number set (NS)",
        AttributeValue::Bs(_) => "binary set (BS)",
        _ => "an attribute type unknown to this SDK",
    }
}

impl StoredItem {
    /// The item decoded as `M`.
    ///
    /// ```
    /// # use aiodynamo::StoredItem;
    /// # use aws_sdk_dynamodb::types::AttributeValue;
    /// #[aiodynamo::table("users", hash_key = "id")]
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct User { id: String }
    /// let item = StoredItem::new([("id".to_string(), AttributeValue::S("u1".into()))].into());
    /// assert_eq!(item.decode::<User>()?.id, "u1");
    /// # Ok::<(), aiodynamo::DecodeError>(())
    /// ```
    pub fn decode<M: DeserializeOwned + HasShape>(&self) -> Result<M, DecodeError> {
        from_item(self.as_raw().clone())
    }
}

impl Error {
    /// The item returned with a failed condition, decoded as `M`: `Ok(None)` when this is another
    /// error or DynamoDB returned no item (it did not exist).
    ///
    /// ```
    /// # use aiodynamo::{Error, Operation, Origin};
    /// # #[aiodynamo::table("users", hash_key = "id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { id: String }
    /// let error = Error::ConditionalCheckFailed {
    ///     origin: Origin::new(Operation::PutItem, "users"),
    ///     item: None,
    /// };
    /// assert!(error.old_item::<User>().unwrap().is_none());
    /// ```
    pub fn old_item<M: DeserializeOwned + HasShape>(&self) -> Result<Option<M>, DecodeError> {
        self.stored_item().map(StoredItem::decode).transpose()
    }
}

impl crate::error::CancellationReason {
    /// The item as it stood when its condition failed, decoded as `M`: `Ok(None)` when DynamoDB
    /// returned none (there was no item, or this item did not fail its condition).
    ///
    /// ```
    /// # use aiodynamo::{CancellationReason, StoredItem};
    /// # use aws_sdk_dynamodb::types::AttributeValue;
    /// #[aiodynamo::table("users", hash_key = "id")]
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct User { id: String }
    /// let item = StoredItem::new([("id".to_string(), AttributeValue::S("u1".into()))].into());
    /// let reason = CancellationReason::new(Some("ConditionalCheckFailed".into()), None, Some(item));
    /// assert_eq!(reason.item::<User>()?.map(|user| user.id).as_deref(), Some("u1"));
    /// # Ok::<(), aiodynamo::DecodeError>(())
    /// ```
    pub fn item<M: DeserializeOwned + HasShape>(&self) -> Result<Option<M>, DecodeError> {
        self.stored_item().map(StoredItem::decode).transpose()
    }
}
