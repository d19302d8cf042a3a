//! DynamoDB's limits that aiodynamo checks before sending: item size, key sizes, empty keys.
//! Each failure is a message naming the attribute and the limit, never a value.

use aws_sdk_dynamodb::types::AttributeValue;

use crate::item::RawItem;
use crate::model::TableSchema;

/// The most an item can hold by DynamoDB's size rules: 400 KB.
pub(crate) const MAX_ITEM_BYTES: usize = 400 * 1024;
/// The longest partition key value (string or binary).
pub(crate) const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// The longest sort key value (string or binary).
pub(crate) const MAX_SORT_KEY_BYTES: usize = 1024;
/// The most values an `IN` comparison takes.
pub(crate) const MAX_IN_VALUES: usize = 100;

/// The size of a number as DynamoDB Local counts it: one byte per base-100 digit (pairs of
/// decimal digits aligned on the decimal point, leading and trailing zeros trimmed), one more,
/// and one more again for a negative number whose digits take less than 20 bytes. AWS documents
/// "about 1 byte per two significant digits plus 1"; `1.1` is 3 bytes (`01.10`), not 2, and
/// `-7` is 3, not 2.
fn number_size(text: &str) -> usize {
    let number = crate::codec::number::significant(text);
    if number.len == 0 {
        return 1;
    }
    let span = number.power.div_euclid(2) - number.lowest_power().div_euclid(2);
    let base_100_digits = usize::try_from(span).unwrap_or(0) + 1;
    // A negative number ends in a terminator byte unless its digits fill all 20 bytes.
    base_100_digits + 1 + usize::from(number.negative && base_100_digits < 20)
}

/// The size of a value by DynamoDB's rules ("Item sizes and formats").
pub(crate) fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(text) => text.len(),
        AttributeValue::N(text) => number_size(text),
        AttributeValue::B(bytes) => bytes.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::Ss(texts) => texts.iter().map(String::len).sum(),
        AttributeValue::Ns(numbers) => numbers.iter().map(|n| number_size(n)).sum(),
        AttributeValue::Bs(blobs) => blobs.iter().map(|blob| blob.as_ref().len()).sum(),
        AttributeValue::L(list) => 3 + list.iter().map(|v| value_size(v) + 1).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(name, v)| name.len() + value_size(v) + 1)
                .sum::<usize>()
        }
        // A type this SDK version does not know: counted as nothing, so never refused.
        _ => 0,
    }
}

/// The size of one attribute: its name and its value.
fn attribute_size(name: &str, value: &AttributeValue) -> usize {
    name.len() + value_size(value)
}

/// The size of an item by DynamoDB's rules: the sum of its attributes' names and values.
pub(crate) fn item_size(item: &RawItem) -> usize {
    item.iter()
        .map(|(name, value)| attribute_size(name, value))
        .sum()
}

/// Refuses a whole item over 400 KB, naming its largest attribute.
fn within_item_limit(item: &RawItem) -> Result<(), String> {
    let size = item_size(item);
    if size <= MAX_ITEM_BYTES {
        return Ok(());
    }
    let largest = item
        .iter()
        .map(|(name, value)| (name, attribute_size(name, value)))
        .max_by_key(|(_, size)| *size);
    let largest = match largest {
        Some((name, bytes)) => format!(" (its largest attribute, `{name}`, is {bytes})"),
        None => String::new(),
    };
    Err(format!(
        "the item is {size} bytes by DynamoDB's size rules{largest}; \
         DynamoDB stores at most {MAX_ITEM_BYTES} (400 KB)"
    ))
}

/// The key attributes of a table, to check key values by.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Keys {
    pub(crate) hash: Option<&'static str>,
    pub(crate) range: Option<&'static str>,
}

impl Keys {
    /// No key to check (a query, a scan, a transaction as a whole).
    pub(crate) const NONE: Keys = Keys {
        hash: None,
        range: None,
    };

    /// The table's keys.
    pub(crate) fn of(schema: &TableSchema) -> Keys {
        Keys {
            hash: Some(schema.hash_key.name),
            range: schema.range_key.map(|key| key.name),
        }
    }
}

/// Which key an attribute is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum KeyRole {
    Partition,
    Sort,
}

impl KeyRole {
    fn describe(self) -> (&'static str, usize) {
        match self {
            KeyRole::Partition => ("partition key", MAX_PARTITION_KEY_BYTES),
            KeyRole::Sort => ("sort key", MAX_SORT_KEY_BYTES),
        }
    }
}

/// The length and type of a string or binary value.
fn sized(value: &AttributeValue) -> Option<(usize, &'static str)> {
    match value {
        AttributeValue::S(text) => Some((text.len(), "string")),
        AttributeValue::B(bytes) => Some((bytes.as_ref().len(), "binary")),
        _ => None,
    }
}

/// Refuses an empty string or binary key value, which DynamoDB refuses in keys and in key
/// conditions alike.
pub(crate) fn non_empty_key(
    role: KeyRole,
    name: &str,
    value: &AttributeValue,
) -> Result<(), String> {
    match sized(value) {
        Some((0, type_name)) => Err(format!(
            "the {} `{name}` is an empty {type_name}; DynamoDB takes no empty key value",
            role.describe().0
        )),
        _ => Ok(()),
    }
}

/// Refuses a key value DynamoDB would: an empty string or binary, or one over the key's limit.
pub(crate) fn key_value(role: KeyRole, name: &str, value: &AttributeValue) -> Result<(), String> {
    non_empty_key(role, name, value)?;
    let (kind, limit) = role.describe();
    let Some((len, _)) = sized(value) else {
        return Ok(());
    };
    if len > limit {
        return Err(format!(
            "the {kind} `{name}` is {len} bytes; DynamoDB takes at most {limit}"
        ));
    }
    Ok(())
}

/// Checks an item (`whole`: a put's item; otherwise a key): its key values, and a whole item's
/// size.
pub(crate) fn check_item(item: &RawItem, keys: Keys, whole: bool) -> Result<(), String> {
    for (role, name) in [(KeyRole::Partition, keys.hash), (KeyRole::Sort, keys.range)] {
        if let Some(name) = name
            && let Some(value) = item.get(name)
        {
            key_value(role, name, value)?;
        }
    }
    if whole {
        within_item_limit(item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> usize {
        value_size(&AttributeValue::N(text.into()))
    }

    #[test]
    fn numbers_count_significant_digits() {
        // As DynamoDB Local counts them (`limits::the_item_size_boundary_is_dynamodb_locals`).
        let counted = [
            ("0", 1),
            ("7", 2),
            ("12", 2),
            ("123", 3),
            ("-123", 4),
            ("-7", 3),
            ("1.1", 3),
            ("10.1", 3),
            ("100", 2),
            ("0.001", 2),
            ("1.01", 3),
            ("1e-130", 2),
            ("1.5E+125", 2),
            ("-1.2345678901234567890123456789012345678", 21),
            ("1.2345678901234567890123456789012345678", 21),
            ("-12345678901234567890123456789012345678", 21),
            ("1000000", 2),
            ("0.0012", 2),
            ("12345678901234567890", 11),
            ("1.5e-7", 2),
        ];
        for (text, size) in counted {
            assert_eq!(n(text), size, "{text}");
        }
    }

    #[test]
    fn documents_count_their_overhead() {
        let list = AttributeValue::L(vec![
            AttributeValue::S("ab".into()),
            AttributeValue::Null(true),
        ]);
        assert_eq!(value_size(&list), 3 + (2 + 1) + (1 + 1));
        let map = AttributeValue::M([("k".to_owned(), AttributeValue::Bool(true))].into());
        assert_eq!(value_size(&map), 3 + 1 + 1 + 1);
        let item: RawItem = [("id".to_owned(), AttributeValue::S("abc".into()))].into();
        assert_eq!(item_size(&item), 5);
    }

    #[test]
    fn keys_are_checked_by_role() {
        let long = AttributeValue::S("x".repeat(1025));
        assert!(key_value(KeyRole::Partition, "id", &long).is_ok());
        let error = key_value(KeyRole::Sort, "at", &long).unwrap_err();
        assert!(error.contains("`at`") && error.contains("1024"), "{error}");
        let error = key_value(KeyRole::Partition, "id", &AttributeValue::S(String::new()));
        assert!(error.unwrap_err().contains("empty string"));
    }
}
