//! What a Rust type allows as an attribute: numbers can be added to, sets deleted from, lists
//! appended to, strings and bytes prefixed. Pure marker traits; each names its rule when a path
//! misuses an attribute, so the compiler's message says why.
//!
//! ```
//! use aiodynamo::kinds::{Addable, List, Set};
//! fn addable<T: Addable>() {}
//! addable::<u64>();
//! addable::<std::collections::BTreeSet<String>>();
//! // `addable::<String>()` does not compile: "`add` needs a number or a set".
//! fn element<T: List>() -> std::any::TypeId where T::Element: 'static { std::any::TypeId::of::<T::Element>() }
//! assert_eq!(element::<Vec<u8>>(), std::any::TypeId::of::<u8>());
//! fn set<T: Set>() {}
//! set::<std::collections::HashSet<i64>>();
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

/// Numbers: `add`, arithmetic, and the result of `size()`.
///
/// ```
/// fn number<T: aiodynamo::kinds::Number>() {}
/// number::<u32>();
/// number::<Option<f64>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a number",
    label = "this needs a number attribute (an integer or float type)"
)]
pub trait Number {}

/// Elements a DynamoDB set can hold: strings, numbers and bytes.
///
/// ```
/// fn element<T: aiodynamo::kinds::SetElement>() {}
/// element::<String>();
/// element::<i64>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the element of a DynamoDB set",
    label = "sets hold strings (SS), numbers (NS) or bytes (BS)"
)]
pub trait SetElement {}

/// Attributes that DynamoDB's ADD accepts: numbers and sets.
///
/// ```
/// fn addable<T: aiodynamo::kinds::Addable>() {}
/// addable::<u64>();
/// addable::<std::collections::HashSet<String>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`add` needs a number or a set, and this attribute is `{Self}`",
    label = "ADD works on numbers and sets only",
    note = "to change a string or a list, use `set`, `append` or `prepend`"
)]
pub trait Addable {}

/// Sets: DELETE removes members from them.
///
/// ```
/// fn set<T: aiodynamo::kinds::Set>() {}
/// set::<std::collections::BTreeSet<String>>();
/// set::<Option<std::collections::HashSet<u32>>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`delete` needs a set, and this attribute is `{Self}`",
    label = "DELETE removes members from a set (a `BTreeSet` or `HashSet` of strings, numbers or bytes)",
    note = "to remove the attribute itself, use `remove()`"
)]
pub trait Set {}

/// Lists: indexing, `append`, `prepend`.
///
/// ```
/// fn element_of<T: aiodynamo::kinds::List>() -> &'static str { std::any::type_name::<T::Element>() }
/// assert_eq!(element_of::<Vec<u32>>(), "u32");
/// assert_eq!(element_of::<Option<Vec<String>>>(), "alloc::string::String");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list",
    label = "`[index]`, `append` and `prepend` need a list (a `Vec`) here"
)]
pub trait List {
    /// The type of an element.
    type Element;
}

/// String-keyed maps: `["key"]` entries.
///
/// ```
/// fn value_of<T: aiodynamo::kinds::Map>() -> &'static str { std::any::type_name::<T::Value>() }
/// assert_eq!(value_of::<std::collections::HashMap<String, u8>>(), "u8");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a map",
    label = "`[\"key\"]` needs a string-keyed map (`HashMap<String, _>` or `BTreeMap<String, _>`) here"
)]
pub trait Map {
    /// The type of a value.
    type Value;
}

/// Strings and bytes: `begins_with`.
///
/// ```
/// fn prefixed<T: aiodynamo::kinds::Prefixed>() {}
/// prefixed::<String>();
/// prefixed::<aiodynamo::Bytes>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`begins_with` needs a string or bytes, and this attribute is `{Self}`",
    label = "begins_with works on strings (S) and binary (B) only"
)]
pub trait Prefixed {}

/// Types DynamoDB orders: numbers, strings, bytes (`lt`, `le`, `gt`, `ge`, `between`).
/// Implement it for your own types that are stored as one of these.
///
/// ```
/// // A type stored as a number or string can be ordered.
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Cents(u64);
/// impl aiodynamo::kinds::Ordered for Cents {}
/// fn ordered<T: aiodynamo::kinds::Ordered>() {}
/// ordered::<Cents>();
/// ordered::<String>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no order in DynamoDB",
    label = "`lt`, `le`, `gt`, `ge` and `between` compare numbers, strings or bytes"
)]
pub trait Ordered {}

/// Types with a DynamoDB `size()`: strings, bytes, lists, maps and sets.
///
/// ```
/// fn sized<T: aiodynamo::kinds::HasSize>() {}
/// sized::<String>();
/// sized::<Vec<u8>>();
/// sized::<std::collections::BTreeMap<String, u8>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no size in DynamoDB",
    label = "`size()` measures strings, bytes, lists, maps and sets"
)]
pub trait HasSize {}

macro_rules! impls {
    ($($trait:ident: $($ty:ty),*;)*) => { $($(impl $trait for $ty {})*)* };
}
impls! {
    Number: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64;
    SetElement: String, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize;
    Addable: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64;
    Ordered: String, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64;
}

#[cfg(feature = "uuid")]
impls! {
    SetElement: uuid::Uuid;
    Ordered: uuid::Uuid;
}

impl Prefixed for String {}
impl HasSize for String {}

impl<T: Number> Number for Option<T> {}
impl<T: Addable> Addable for Option<T> {}
impl<T: Set> Set for Option<T> {}
impl<T: Prefixed> Prefixed for Option<T> {}
impl<T: Ordered> Ordered for Option<T> {}
impl<T: HasSize> HasSize for Option<T> {}
impl<T: List> List for Option<T> {
    type Element = T::Element;
}
impl<T: Map> Map for Option<T> {
    type Value = T::Value;
}
impl<T: List> List for Box<T> {
    type Element = T::Element;
}
impl<T: Map> Map for Box<T> {
    type Value = T::Value;
}

impl<T: SetElement, S> Set for HashSet<T, S> {}
impl<T: SetElement> Set for BTreeSet<T> {}
impl<T: SetElement, S> Addable for HashSet<T, S> {}
impl<T: SetElement> Addable for BTreeSet<T> {}
impl<T: SetElement, S> HasSize for HashSet<T, S> {}
impl<T: SetElement> HasSize for BTreeSet<T> {}
impl<T> List for Vec<T> {
    type Element = T;
}
impl<T> List for VecDeque<T> {
    type Element = T;
}
impl<T> HasSize for Vec<T> {}
impl<T> HasSize for VecDeque<T> {}
impl<V, S> Map for HashMap<String, V, S> {
    type Value = V;
}
impl<V> Map for BTreeMap<String, V> {
    type Value = V;
}
impl<V, S> HasSize for HashMap<String, V, S> {}
impl<V> HasSize for BTreeMap<String, V> {}
