//! Items as the SDK takes and gives them, and the wrapper that keeps their values out of logs.

use std::collections::HashMap;
use std::fmt;

use aws_sdk_dynamodb::types::AttributeValue;

/// A DynamoDB item: attribute names to values, as the SDK takes and gives it.
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
    pub fn new(item: RawItem) -> Self {
        StoredItem(Box::new(item))
    }

    /// The attributes, values included.
    pub fn as_raw(&self) -> &RawItem {
        &self.0
    }

    /// The attributes, consuming the wrapper.
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
