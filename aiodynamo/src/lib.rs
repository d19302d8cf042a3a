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
//! let user: Option<User> = db
//!     .update(User::key("u1"), [attr!(User, login_count).add(1)])
//!     .condition(attr!(User, name).eq("Alice"))
//!     .return_values(ReturnValues::AllNew)
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The user guide is in the repository's `docs/` folder.

#![warn(missing_docs)]

mod client;
/// The README's and the user guide's examples, compiled (and run where they need no DynamoDB)
/// as doc tests.
#[cfg(doctest)]
mod guide {
    #[doc = include_str!("../../README.md")]
    struct Readme;
    #[doc = include_str!("../../docs/quickstart.md")]
    struct Quickstart;
    #[doc = include_str!("../../docs/models.md")]
    struct Models;
    #[doc = include_str!("../../docs/paths-updates-conditions.md")]
    struct PathsUpdatesConditions;
    #[doc = include_str!("../../docs/errors.md")]
    struct Errors;
    #[doc = include_str!("../../docs/testing.md")]
    struct Testing;
}

pub mod codec;
mod error;
pub mod expression;
#[cfg(feature = "local")]
pub mod local;
mod model;
mod operations;
mod partial;
pub mod path;

pub use aiodynamo_derive::{Document, KeyType, attr, table};
pub use client::Db;
pub use codec::{Bytes, RawItem, Timestamp, TimestampMicros, TimestampMillis, TimestampNanos};
pub use error::{AttributePath, DecodeError, EncodeError, Error, Operation, Origin};
pub use expression::{AttributeType, Condition, Projection, Rendered, UpdateAttr};
pub use model::{
    Document, GlobalIndex, IndexProjection, KeySchema, KeyType, LocalIndex, Model, ModelKey,
    ScalarType, TableSchema,
};
pub use operations::{
    CreateTable, Delete, DeleteTable, Full, Get, ItemDelete, ItemPut, ItemReturnMode, ItemWrite,
    Projected, Put, ReturnMode, ReturnValues, Update, Write, return_values,
};
pub use partial::Partial;
pub use path::Path;

/// `use aiodynamo::prelude::*;` brings the macros, `Db`, `ReturnValues`, `Error` and the traits
/// generated code and typed paths need.
pub mod prelude {
    pub use crate::{
        Db, Document, Error, KeyType, Model, ModelKey, Partial, Path, ReturnValues, UpdateAttr,
        attr, table,
    };
}

/// What generated code needs; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::{DocumentShape, HasShape, KnownShape, Shape, ShapeProbe, UnknownShape};
    pub use crate::codec::{deserializer, serializer};
    pub use crate::path::{Codec, IntoValue, KeyMember, List, Map, Member, RawPath};
    pub use aws_sdk_dynamodb::types::AttributeValue;
    pub use serde;
    pub use std::sync::OnceLock;

    use crate::{Document, EncodeError, Path, RawItem};

    /// The typed paths of model `M`'s attributes.
    pub fn root<M: crate::Model>() -> M::Fields<M> {
        M::fields(crate::path::RawPath::default())
    }

    /// `.name` on `path`: only for documents (the error names the rule at the user's segment).
    pub fn fields<M, T: Document, S>(path: &Path<M, T, S>) -> T::Fields<M> {
        path.fields()
    }

    /// `[index]` on `path`: only for lists.
    pub fn index<M, T: List, S>(
        path: &Path<M, T, S>,
        index: usize,
    ) -> Path<M, T::Element, crate::path::Element> {
        path.at(index)
    }

    /// `["key"]` on `path`: only for maps.
    pub fn entry<M, T: Map, S>(
        path: &Path<M, T, S>,
        key: &'static str,
    ) -> Path<M, T::Value, crate::path::Element> {
        path.entry(key)
    }

    /// Adds one encoded key attribute to a key item.
    pub fn key_attribute(
        item: &mut RawItem,
        name: &'static str,
        encoded: Result<Option<AttributeValue>, EncodeError>,
    ) -> Result<(), EncodeError> {
        match encoded? {
            Some(value) => {
                item.insert(name.to_owned(), value);
                Ok(())
            }
            None => Err(EncodeError::new("a key attribute: a key cannot be absent")
                .at(crate::error::Step::Name(name.into()))),
        }
    }
}
