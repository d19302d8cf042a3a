//! Items as the SDK takes and gives them, and the wrapper that keeps their values out of logs.

use std::collections::HashMap;
use std::fmt;

use aws_sdk_dynamodb::types::AttributeValue;

/// A DynamoDB item: attribute names to values, as the SDK takes and gives it.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// use aiodynamo::sdk::types::AttributeValue;
/// let item: aiodynamo::RawItem = aiodynamo::codec::to_item(&User { user_id: "u1".into(), name: "Al".into(), logins: 2 })?;
/// assert_eq!(item["logins"], AttributeValue::N("2".into()));
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
pub type RawItem = HashMap<String, AttributeValue>;

/// An item DynamoDB returned with an error (the item as it stood when a condition failed).
///
/// Its values are user data, so `Debug` shows the attribute names only; read the values with
/// [`as_raw`](Self::as_raw), or decode the item with [`Error::old_item`](crate::Error::old_item).
///
/// ```
/// use aiodynamo::StoredItem;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// let item = StoredItem::new([("ssn".to_string(), AttributeValue::S("123-45-6789".into()))].into());
/// assert_eq!(format!("{item:?}"), r#"StoredItem { attributes: ["ssn"] }"#);
/// assert_eq!(item.as_raw()["ssn"], AttributeValue::S("123-45-6789".into()));
/// ```
#[derive(Clone, PartialEq)]
pub struct StoredItem(Box<RawItem>);

impl StoredItem {
    /// Wraps an item.
    ///
    /// ```
    /// use aiodynamo::StoredItem;
    /// let item = StoredItem::new(aiodynamo::RawItem::new());
    /// assert!(item.as_raw().is_empty());
    /// ```
    pub fn new(item: RawItem) -> Self {
        StoredItem(Box::new(item))
    }

    /// The attributes, values included.
    ///
    /// ```
    /// use aiodynamo::StoredItem;
    /// use aiodynamo::sdk::types::AttributeValue;
    /// let item = StoredItem::new([("n".to_string(), AttributeValue::N("1".into()))].into());
    /// assert_eq!(item.as_raw().len(), 1);
    /// ```
    pub fn as_raw(&self) -> &RawItem {
        &self.0
    }

    /// The attributes, consuming the wrapper.
    ///
    /// ```
    /// use aiodynamo::StoredItem;
    /// use aiodynamo::sdk::types::AttributeValue;
    /// let item = StoredItem::new([("n".to_string(), AttributeValue::N("1".into()))].into());
    /// let raw: aiodynamo::RawItem = item.into_raw();
    /// assert_eq!(raw["n"], AttributeValue::N("1".into()));
    /// ```
    pub fn into_raw(self) -> RawItem {
        *self.0
    }
}

impl fmt::Debug for StoredItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        attribute_names(f, "StoredItem", &self.0)
    }
}

/// `Name { attributes: [..] }` with the item's attribute names in order, never their values.
pub(crate) fn attribute_names(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    item: &RawItem,
) -> fmt::Result {
    let mut names: Vec<&str> = item.keys().map(String::as_str).collect();
    names.sort_unstable();
    f.debug_struct(name).field("attributes", &names).finish()
}

/// A key's identity within its table: its attributes in the key's order, canonically encoded
/// (for refusing a key given twice in a batch or transaction, and for placing what a
/// BatchGetItem returns, which spells a
/// number as DynamoDB stores it: `1.50` comes back `1.5`). `None` when the item lacks a key
/// attribute or it is not a string, number or binary.
pub(crate) fn key_id(item: &RawItem, keys: &[&str]) -> Option<Vec<u8>> {
    let mut id = Vec::with_capacity(32);
    for name in keys {
        let number;
        let (tag, bytes): (u8, &[u8]) = match item.get(*name)? {
            AttributeValue::S(text) => (b'S', text.as_bytes()),
            AttributeValue::N(text) => {
                number = crate::codec::number::significant(text).canonical();
                (b'N', &number)
            }
            AttributeValue::B(blob) => (b'B', blob.as_ref()),
            _ => return None,
        };
        id.push(tag);
        id.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        id.extend_from_slice(bytes);
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::types::AttributeValue;

    use super::{RawItem, key_id};

    fn item(hash: AttributeValue) -> RawItem {
        RawItem::from([("id".to_owned(), hash)])
    }

    #[test]
    fn a_number_key_is_the_same_key_however_it_is_spelled() {
        let id = |text: &str| key_id(&item(AttributeValue::N(text.into())), &["id"]);
        assert_eq!(id("1.50"), id("1.5"));
        assert_eq!(id("150"), id("1.5E2"));
        assert_ne!(id("1.5"), id("15"));
        assert_ne!(
            id("1"),
            key_id(&item(AttributeValue::S("1".into())), &["id"])
        );
    }
}
