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
    fn keys_are_fnv_1a_128() {
        // The published FNV-1a 128 test vectors.
        assert_eq!(key(""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(key("a"), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_ne!(key("row"), key("rwo"));
    }
}
