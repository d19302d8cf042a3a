//! `Cursor`: where a query or scan goes on, as a URL-safe string an API can hand out.

use std::fmt;
use std::str::FromStr;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::item::{RawItem, attribute_names};
use crate::model::{KeySchema, ScalarType};

/// Where the next page of a query or scan starts (DynamoDB's `LastEvaluatedKey`). Opaque:
/// `Display` and `FromStr` give a URL-safe string, and serde reads and writes that string, so a
/// web API can hand it to a client and take it back.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String }
/// # async fn example(db: Db, from_client: Option<String>) -> Result<(), aiodynamo::Error> {
/// let mut query = db.query(Order::partition("c1")).page_size(20);
/// if let Some(cursor) = from_client {
///     query = query.start_after(cursor); // a bad one is Error::InvalidRequest, before sending
/// }
/// let page = query.send().await?;
/// let next: Option<String> = page.cursor.map(|cursor| cursor.to_string());
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq)]
pub struct Cursor(RawItem);

/// A string that is not a cursor.
///
/// ```
/// let error = "not a cursor!".parse::<aiodynamo::Cursor>().unwrap_err();
/// assert_eq!(error.to_string(), "not a cursor: not URL-safe base64");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a cursor: {0}")]
pub struct InvalidCursor(&'static str);

/// Format version, so a cursor from another version is refused rather than misread.
const VERSION: u8 = 1;

impl Cursor {
    pub(crate) fn new(key: RawItem) -> Self {
        Cursor(key)
    }

    pub(crate) fn into_key(self) -> RawItem {
        self.0
    }

    /// Whether the cursor names exactly these key attributes, each of its type.
    pub(crate) fn check(&self, keys: &[KeySchema]) -> Result<(), String> {
        let fits = self.0.len() == keys.len()
            && keys.iter().all(|key| {
                matches!(
                    (self.0.get(key.name), key.scalar),
                    (Some(AttributeValue::S(_)), ScalarType::S)
                        | (Some(AttributeValue::N(_)), ScalarType::N)
                        | (Some(AttributeValue::B(_)), ScalarType::B)
                )
            });
        if fits {
            Ok(())
        } else {
            let names: Vec<&str> = keys.iter().map(|key| key.name).collect();
            Err(format!(
                "the cursor is not one of this table or index (its keys are {})",
                names.join(", ")
            ))
        }
    }
}

/// The key's attribute names only: its values are user data.
impl fmt::Debug for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        attribute_names(f, "Cursor", &self.0)
    }
}

/// Version, then per key attribute (by name): name length (u16), name, type (`S`, `N` or `B`),
/// value length (u32), value; in URL-safe base64 without padding.
impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut attributes: Vec<(&String, &AttributeValue)> = self.0.iter().collect();
        attributes.sort_unstable_by_key(|(name, _)| *name);
        let mut bytes = vec![VERSION];
        for (name, value) in attributes {
            let (tag, value): (u8, &[u8]) = match value {
                AttributeValue::S(text) => (b'S', text.as_bytes()),
                AttributeValue::N(number) => (b'N', number.as_bytes()),
                AttributeValue::B(blob) => (b'B', blob.as_ref()),
                // DynamoDB keys are S, N or B: nothing else reaches a cursor.
                _ => return Err(fmt::Error),
            };
            let (Ok(name_len), Ok(value_len)) =
                (u16::try_from(name.len()), u32::try_from(value.len()))
            else {
                return Err(fmt::Error);
            };
            bytes.extend_from_slice(&name_len.to_be_bytes());
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(tag);
            bytes.extend_from_slice(&value_len.to_be_bytes());
            bytes.extend_from_slice(value);
        }
        f.write_str(&URL_SAFE_NO_PAD.encode(bytes))
    }
}

impl FromStr for Cursor {
    type Err = InvalidCursor;

    fn from_str(text: &str) -> Result<Self, InvalidCursor> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| InvalidCursor("not URL-safe base64"))?;
        let mut reader = match bytes.split_first() {
            Some((&VERSION, rest)) => Reader(rest),
            _ => return Err(InvalidCursor("an unknown format")),
        };
        let mut key = RawItem::new();
        while !reader.0.is_empty() {
            let name_len = u16::from_be_bytes(reader.array()?);
            let name = reader.text(name_len.into())?;
            let [tag] = reader.array()?;
            let value_len = u32::from_be_bytes(reader.array()?);
            let value_len = usize::try_from(value_len).map_err(|_| InvalidCursor("truncated"))?;
            let value = match tag {
                b'S' => AttributeValue::S(reader.text(value_len)?),
                b'N' => AttributeValue::N(reader.text(value_len)?),
                b'B' => AttributeValue::B(Blob::new(reader.take(value_len)?)),
                _ => return Err(InvalidCursor("an unknown attribute type")),
            };
            if key.insert(name, value).is_some() {
                return Err(InvalidCursor("an attribute given twice"));
            }
        }
        if key.is_empty() {
            return Err(InvalidCursor("no key attributes"));
        }
        Ok(Cursor(key))
    }
}

/// Reads a cursor's bytes front to back.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], InvalidCursor> {
        let (taken, rest) = self
            .0
            .split_at_checked(len)
            .ok_or(InvalidCursor("truncated"))?;
        self.0 = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], InvalidCursor> {
        <[u8; N]>::try_from(self.take(N)?).map_err(|_| InvalidCursor("truncated"))
    }

    fn text(&mut self, len: usize) -> Result<String, InvalidCursor> {
        String::from_utf8(self.take(len)?.to_vec())
            .map_err(|_| InvalidCursor("text that is not UTF-8"))
    }
}

impl serde::Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
