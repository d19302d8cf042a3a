//! # aiodynamo
//!
//! A typed, async ORM for Amazon DynamoDB. `#[table]` on a serde struct generates its key type and
//! typed attribute paths, so an update, condition or projection such as
//! `attr!(ComplexOrder, basket.items[1].qty).set(9)` is checked by the compiler.
//!
//! ```no_run
//! use aiodynamo::prelude::*;
//! use serde::{Deserialize, Serialize};
//!
//! #[table("users", hash_key = "user_id")]
//! #[derive(Debug, Clone, Serialize, Deserialize)]
//! pub struct User {
//!     pub user_id: String,
//!     pub name: String,
//!     pub login_count: u64,
//! }
//!
//! # async fn example() -> Result<(), aiodynamo::Error> {
//! let db = Db::from_env().await;
//! db.create_table::<User>().send().await?;
//! db.put(&User { user_id: "u1".into(), name: "Alice".into(), login_count: 0 }).send().await?;
//! let user: User = db
//!     .update(User::key("u1"), [attr!(User, login_count).add(1)])
//!     .condition(attr!(User, name).eq("Alice"))
//!     .return_values(ReturnValues::AllNew)
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The user guide is the [`guide`] module (the book in the repository's `docs/`).

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
/// The user guide (the book in the repository's `docs/`), one module per page.
///
/// Every Rust block of the guide is a doc test of this crate; the blocks that need DynamoDB run
/// against DynamoDB Local, which their hidden first lines start through the `local` feature. The
/// crate's dev-dependencies enable `local` for its own doc tests, so `cargo test --doc -p
/// aiodynamo` runs them with or without `--features local`. The guide is built for
/// documentation and doc tests only: a normal build of the crate does not include it.
#[cfg(any(doc, doctest))]
pub mod guide {
    #[doc = include_str!("../docs/src/introduction.md")]
    pub mod introduction {}
    #[doc = include_str!("../docs/src/quickstart.md")]
    pub mod quickstart {}
    #[doc = include_str!("../docs/src/models.md")]
    pub mod models {}
    #[doc = include_str!("../docs/src/keys-indexes.md")]
    pub mod keys_indexes {}
    #[doc = include_str!("../docs/src/paths.md")]
    pub mod paths {}
    #[doc = include_str!("../docs/src/crud.md")]
    pub mod crud {}
    #[doc = include_str!("../docs/src/updates.md")]
    pub mod updates {}
    #[doc = include_str!("../docs/src/conditions.md")]
    pub mod conditions {}
    #[doc = include_str!("../docs/src/projections.md")]
    pub mod projections {}
    #[doc = include_str!("../docs/src/query-scan.md")]
    pub mod query_scan {}
    #[doc = include_str!("../docs/src/batch.md")]
    pub mod batch {}
    #[doc = include_str!("../docs/src/transactions.md")]
    pub mod transactions {}
    #[doc = include_str!("../docs/src/versions-ttl.md")]
    pub mod versions_ttl {}
    #[doc = include_str!("../docs/src/custom-types.md")]
    pub mod custom_types {}
    #[doc = include_str!("../docs/src/storage-format.md")]
    pub mod storage_format {}
    #[doc = include_str!("../docs/src/tables.md")]
    pub mod tables {}
    #[doc = include_str!("../docs/src/errors.md")]
    pub mod errors {}
    #[doc = include_str!("../docs/src/limits.md")]
    pub mod limits {}
    #[doc = include_str!("../docs/src/observability.md")]
    pub mod observability {}
    #[doc = include_str!("../docs/src/testing.md")]
    pub mod testing {}
    #[doc = include_str!("../docs/src/performance.md")]
    pub mod performance {}
    #[doc = include_str!("../docs/src/benchmarks.md")]
    pub mod benchmarks {}
    #[doc = include_str!("../docs/src/compile-checks.md")]
    pub mod compile_checks {}
    #[doc = include_str!("../docs/src/from-aiodynamodb.md")]
    pub mod from_aiodynamodb {}
}

/// The README's tour, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct Readme;

mod attribute_path;
pub mod codec;
mod error;
pub mod expression;
mod index;
mod item;
pub mod kinds;
mod limits;
#[cfg(feature = "local")]
pub mod local;
mod model;
mod operations;
mod partial;
pub mod path;
pub mod request;

/// The AWS SDK for DynamoDB that aiodynamo is built on, for the calls it does not make itself.
pub use aws_sdk_dynamodb as sdk;

/// Derives [`Document`](trait@Document) for a nested struct, so typed paths reach into its
/// attributes.
///
/// # Example
///
/// ```
/// use aiodynamo::prelude::*;
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, Document)]
/// struct Address { city: String, zip: String }
///
/// #[table("users", hash_key = "user_id")]
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, address: Option<Address> }
///
/// // Typed paths reach into the document's attributes.
/// assert_eq!(attr!(User, address.zip).to_string(), "address.zip");
/// ```
///
/// # Details
pub use aiodynamo_derive::Document;
/// Derives [`KeyType`](trait@KeyType) for a unit enum, so it can be a key attribute or a set
/// element.
///
/// # Example
///
/// ```
/// use aiodynamo::prelude::*;
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, KeyType)]
/// enum Region { EuWest1, UsEast1 }
///
/// #[table("servers", hash_key = "region", range_key = "name")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Server { region: Region, name: String }
///
/// let key = Server::key(Region::EuWest1, "web-1").to_item()?;
/// assert_eq!(key["region"], aiodynamo::sdk::types::AttributeValue::S("EuWest1".into()));
/// assert_eq!(<Region as aiodynamo::KeyType>::SCALAR, aiodynamo::ScalarType::S);
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
///
/// # Details
pub use aiodynamo_derive::KeyType;
/// A typed path into a model, checked by the compiler: a [`Path`] for updates, conditions and
/// projections.
///
/// # Example
///
/// ```
/// use aiodynamo::prelude::*;
/// use std::collections::HashMap;
/// #[derive(serde::Serialize, serde::Deserialize, Document)]
/// struct Item { sku: String, qty: u32 }
///
/// #[table("orders", hash_key = "order_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
///
/// let qty: Path<Order, u32, _> = attr!(Order, items[1].qty);
/// let same = attr!(Order, "items[1].qty"); // the string form, checked the same way
/// assert_eq!(qty.to_string(), same.to_string());
/// let (i, currency) = (2, "eur");
/// assert_eq!(attr!(Order, items[i].sku).to_string(), "items[2].sku");
/// assert_eq!(attr!(Order, prices[currency]).to_string(), "prices.eur");
/// ```
///
/// # Details
pub use aiodynamo_derive::attr;
/// Makes a serde struct a [`Model`] stored in a DynamoDB table, with its key type, typed paths and
/// indexes.
///
/// # Example
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("orders", hash_key = "order_id", range_key = "created_at",
///         gsi(name = "by_customer", hash_key = "customer_id", range_key = "created_at"))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order {
///     order_id: String,
///     created_at: u64,
///     customer_id: String,
///     #[version]
///     version: u64,
///     #[ttl]
///     expires_at: Option<aiodynamo::Timestamp>,
/// }
///
/// let key: OrderKey = Order::key("o1", 7); // every key part required
/// let by_customer = Order::BY_CUSTOMER.partition("c1").range_gt(5u64);
/// assert_eq!(Order::SCHEMA.version.map(|version| version.name), Some("version"));
/// assert_eq!(Order::SCHEMA.ttl, Some("expires_at"));
/// # let _ = (key, by_customer);
/// ```
///
/// # Details
pub use aiodynamo_derive::table;
pub use attribute_path::{AttributePath, Segment};
pub use client::{Db, DbBuilder};
#[cfg(feature = "rust_decimal")]
pub use codec::ExactDecimal;
#[cfg(any(feature = "chrono", feature = "time"))]
pub use codec::Rfc3339;
pub use codec::{Bytes, JsonString, Timestamp, TimestampMicros, TimestampMillis, TimestampNanos};
pub use error::{
    CancellationCode, CancellationReason, DecodeError, EncodeError, Error, KeyAttribute, Leftover,
    LeftoverKind, Operation, Origin, SchemaDifference,
};
pub use expression::{
    AttributeType, Condition, IntoProjection, KeyCondition, Projection, Rendered, UpdateAttr,
};
pub use index::{ConsistentRead, HasSortKey, Index, NoSortKey, ReadItem, SecondaryIndex};
pub use item::{RawItem, StoredItem};
pub use model::{
    Document, GlobalIndex, IndexProjection, KeySchema, KeyType, LocalIndex, Model, ModelKey,
    ScalarType, TableSchema, TtlType, VersionSchema, VersionType, Versioned,
};
pub use operations::{
    BatchGet, BatchKeys, BatchWrite, Check, CreateGlobalTable, CreateTable, Cursor, Delete,
    DeleteTable, EnsureTable, Full, Get, Idempotent, IndexThroughput, IntoCursor, InvalidCursor,
    ItemReturnMode, OneModel, Page, Projected, Put, Query, Read, ReturnMode, ReturnValues,
    ReturnsNothing, Scan, SeveralModels, Update, Write, WriteKind, return_values,
};
pub use operations::{
    GetTransaction, ProjectedGetTransaction, TransactGetKeys, TransactItem, WriteTransaction,
    transaction,
};
pub use partial::Partial;
pub use path::Path;
pub use request::{Prepared, RetryPolicy};

/// `use aiodynamo::prelude::*;` brings the macros, `Db`, `ReturnValues`, `Error` and the traits
/// generated code and typed paths need.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, logins: u64 }
///
/// async fn bump(db: &Db) -> Result<u64, Error> {
///     let user: User = db
///         .update(User::key("u1"), [attr!(User, logins).add(1)])
///         .return_values(ReturnValues::AllNew)
///         .send()
///         .await?;
///     Ok(user.logins)
/// }
/// ```
pub mod prelude {
    pub use crate::{
        Db, Document, Error, KeyType, Model, ModelKey, Partial, Path, ReturnValues, UpdateAttr,
        attr, table,
    };
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
