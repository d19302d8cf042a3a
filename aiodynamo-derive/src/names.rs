//! Attribute names: serde's renaming rules, and the method that reaches an attribute by name.

use proc_macro2::{Ident, Span};

/// serde's `rename_all` rules, applied to a snake_case field name.
pub(crate) fn rename_all(rule: &str, field: &str) -> Option<String> {
    let pascal = || {
        field
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            })
            .collect::<String>()
    };
    Some(match rule {
        "lowercase" => field.to_ascii_lowercase(),
        "UPPERCASE" => field.to_ascii_uppercase(),
        "PascalCase" => pascal(),
        "camelCase" => {
            let pascal = pascal();
            let mut chars = pascal.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
        "snake_case" => field.to_owned(),
        "SCREAMING_SNAKE_CASE" => field.to_ascii_uppercase(),
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
}
