//! Attribute names: serde's renaming rules, and the method that reaches an attribute by name.

use proc_macro2::{Ident, Span};

/// serde's `rename_all` rules as serde applies them to a field name: it takes fields to be
/// snake_case already (so `lowercase` leaves them as they are) and changes ASCII letters only.
pub(crate) fn rename_all(rule: &str, field: &str) -> Option<String> {
    let pascal = || {
        let mut pascal = String::with_capacity(field.len());
        let mut capitalize = true;
        for ch in field.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        pascal
    };
    Some(match rule {
        "lowercase" | "snake_case" => field.to_owned(),
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => field.to_ascii_uppercase(),
        "PascalCase" => pascal(),
        "camelCase" => {
            let mut camel = pascal();
            if let Some(first) = camel.get_mut(..1) {
                first.make_ascii_lowercase();
            }
            camel
        }
        "kebab-case" => field.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => field.to_ascii_uppercase().replace('_', "-"),
        _ => return None,
    })
}

/// The method of a generated `…Fields` struct that reaches the attribute `name`: the name itself
/// when it is an identifier (raw for keywords), else a hidden name derived from its bytes, so
/// names with spaces or dots are reachable through the string form of `attr!`.
pub(crate) fn method(name: &str, span: Span) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        return Ident::new(name, span);
    }
    let raw = format!("r#{name}");
    if syn::parse_str::<Ident>(&raw).is_ok() {
        return Ident::new_raw(name, span);
    }
    let hex: String = name.bytes().map(|byte| format!("{byte:02x}")).collect();
    Ident::new(&format!("__aiodynamo_attribute_{hex}"), span)
}

/// The key of the attribute `name` in the string form of `attr!`: a 128-bit FNV-1a hash of its
/// bytes, the const parameter of a document's attribute lookup (a `&str` cannot be one on stable).
pub(crate) fn key(name: &str) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    name.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    })
}

/// The words of an index name: split at anything but ASCII letters and digits (all an index name
/// may hold besides `_ - .`, and all an identifier made of it may), at a lower-case letter
/// or digit followed by an upper-case one (`byCustomer`), and before the last capital of a run
/// followed by a lower-case letter (`IDNumber` -> `ID`, `Number`).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (position, &ch) in chars.iter().enumerate() {
        if !ch.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if let Some(previous) = word.chars().next_back() {
            let next_lower = chars
                .get(position + 1)
                .is_some_and(|next| next.is_lowercase());
            let boundary = ch.is_uppercase()
                && (previous.is_lowercase()
                    || previous.is_numeric()
                    || (previous.is_uppercase() && next_lower));
            if boundary {
                words.push(std::mem::take(&mut word));
            }
        }
        word.push(ch);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The associated const of an index: its name in SCREAMING_SNAKE_CASE (`by_customer`,
/// `byCustomer` -> `BY_CUSTOMER`, `customer-index` -> `CUSTOMER_INDEX`). Not necessarily an
/// identifier (`1st` -> `1ST`): [`crate::valid`] checks that.
pub(crate) fn index_const(name: &str) -> String {
    words(name)
        .iter()
        .map(|word| word.to_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// The part of an index's marker type after the model's name: its name in PascalCase without a
/// last word `index` (one is appended), so `by_customer` -> `ByCustomerIndex` and
/// `customer-index` -> `CustomerIndex`.
pub(crate) fn index_marker(name: &str) -> String {
    let mut words = words(name);
    if words.len() > 1
        && words
            .last()
            .is_some_and(|word| word.eq_ignore_ascii_case("index"))
    {
        words.pop();
    }
    let mut pascal: String = words
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect();
    pascal.push_str("Index");
    pascal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_like_serde() {
        let cases = [
            ("camelCase", "login_count", "loginCount"),
            ("PascalCase", "login_count", "LoginCount"),
            ("kebab-case", "login_count", "login-count"),
            ("SCREAMING_SNAKE_CASE", "login_count", "LOGIN_COUNT"),
            ("SCREAMING-KEBAB-CASE", "login_count", "LOGIN-COUNT"),
            ("lowercase", "login_count", "login_count"),
            ("UPPERCASE", "id", "ID"),
            // serde takes fields to be snake_case and changes ASCII letters only.
            ("lowercase", "userID", "userID"),
            ("camelCase", "é_b", "éB"),
            ("PascalCase", "a__b2", "AB2"),
        ];
        for (rule, field, expected) in cases {
            assert_eq!(rename_all(rule, field).as_deref(), Some(expected), "{rule}");
        }
        assert_eq!(rename_all("Title Case", "x"), None);
    }

    #[test]
    fn methods_for_any_name() {
        assert_eq!(method("qty", Span::call_site()).to_string(), "qty");
        assert_eq!(method("type", Span::call_site()).to_string(), "r#type");
        assert_eq!(
            method("first name", Span::call_site()).to_string(),
            "__aiodynamo_attribute_6669727374206e616d65"
        );
        assert_eq!(
            method("self", Span::call_site()).to_string(),
            "__aiodynamo_attribute_73656c66"
        );
    }

    #[test]
    fn index_names() {
        let cases = [
            ("by_customer", "BY_CUSTOMER", "ByCustomerIndex"),
            ("byCustomer", "BY_CUSTOMER", "ByCustomerIndex"),
            ("ByCustomer", "BY_CUSTOMER", "ByCustomerIndex"),
            ("BY_CUSTOMER", "BY_CUSTOMER", "ByCustomerIndex"),
            ("customer-index", "CUSTOMER_INDEX", "CustomerIndex"),
            ("customer_index", "CUSTOMER_INDEX", "CustomerIndex"),
            ("customerIndex", "CUSTOMER_INDEX", "CustomerIndex"),
            ("index", "INDEX", "IndexIndex"),
            ("gsi1", "GSI1", "Gsi1Index"),
            ("GSI1", "GSI1", "Gsi1Index"),
            ("byCustomerID", "BY_CUSTOMER_ID", "ByCustomerIdIndex"),
            ("IDNumber", "ID_NUMBER", "IdNumberIndex"),
            ("orders.by-date", "ORDERS_BY_DATE", "OrdersByDateIndex"),
            ("status2Date", "STATUS2_DATE", "Status2DateIndex"),
            ("1st", "1ST", "1stIndex"),
            ("--", "", "Index"),
        ];
        for (name, constant, marker) in cases {
            assert_eq!(index_const(name), constant, "{name}");
            assert_eq!(index_marker(name), marker, "{name}");
        }
    }

    #[test]
    fn keys_are_fnv_1a_128() {
        // The published FNV-1a 128 test vectors.
        assert_eq!(key(""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(key("a"), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_ne!(key("row"), key("rwo"));
    }
}
