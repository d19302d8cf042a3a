//! Procedural macros of [aiodynamo](https://docs.rs/aiodynamo): `#[table]`, `#[derive(Document)]`,
//! `#[derive(KeyType)]` and `attr!`. Use them through `aiodynamo`, which re-exports them.
//!
//! Each macro parses its input into a small model (modules `ast`, `attr`), checks every rule with
//! one error accumulator (`valid`) and only then generates code (`expand`), or, when a check
//! failed, the errors with stub items (`fallback`) so one mistake gives one error. Errors carry
//! the user's spans; the macros never panic.

#![deny(missing_docs)]

mod ast;
mod attr;
mod expand;
mod fallback;
mod names;
mod path;
mod serde_attr;
mod valid;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Makes a serde struct a DynamoDB table model. See `aiodynamo::Model`.
///
/// `#[table("orders", hash_key = "order_id", range_key = "created_at", gsi(name = "by_customer",
/// hash_key = "customer_id"), lsi(name = "by_total", range_key = "total"))]`; keys may instead be
/// marked on fields with `#[hash_key]` and `#[range_key]`. `#[version]` on one integer field
/// makes puts, updates and deletes check and bump it (optimistic locking, `aiodynamo::Versioned`);
/// `#[ttl]` on one `Timestamp` (or `Option<Timestamp>`) field makes `create_table` enable Time to
/// Live on it.
///
/// For queries it generates the table and each index as a type implementing `aiodynamo::Index`
/// (`OrderTable`, `OrderByCustomerIndex`; a last word `index` of the name is dropped, so
/// `customer-index` is `OrderCustomerIndex`), `Order::partition(..)` on the table and an
/// associated const per index in SCREAMING_SNAKE_CASE (`Order::BY_CUSTOMER`).
#[proc_macro_attribute]
pub fn table(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::table(args.into(), input.into()).into()
}

/// Makes a nested serde struct a document whose attributes typed paths reach into.
#[proc_macro_derive(Document)]
pub fn derive_document(input: TokenStream) -> TokenStream {
    expand::document(input.into()).into()
}

/// Lets a unit enum be a key attribute and a set element: implements `aiodynamo::KeyType`.
///
/// A unit enum is stored as its serde variant name: `ScalarType::S`, sets SS. An enum with an
/// integer `#[repr(u8)]` (or another integer) and explicit discriminants (`Low = 1`) is stored as
/// its number: `ScalarType::N`, sets NS, and `aiodynamo::kinds::Ordered` (DynamoDB orders it by
/// its discriminants). Its serde impls must write that number: derive them with `serde_repr`
/// (`serde_repr::Serialize_repr`, `Deserialize_repr`); this derive generates nothing serde-related.
#[proc_macro_derive(KeyType)]
pub fn derive_key_type(input: TokenStream) -> TokenStream {
    expand::key_type(input.into()).into()
}

/// A typed path into a model: `attr!(ComplexOrder, basket.items[1].qty)`, `attr!(Model,
/// prices["eur"])`, or the string form `attr!(ComplexOrder, "basket.items[1].qty")`.
#[proc_macro]
pub fn attr(input: TokenStream) -> TokenStream {
    path::expand(input.into())
        .unwrap_or_else(|error| error.to_compile_error())
        .into()
}
