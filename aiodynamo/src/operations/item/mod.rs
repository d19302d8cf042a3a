//! Single-item requests: get, put, delete, update, and the condition check of a transaction.

mod get;
mod idempotent;
pub mod return_values;
mod write;

pub use get::{Full, Get, Projected};
pub use idempotent::{Idempotent, ReturnsNothing};
pub use return_values::{ItemReturnMode, ReturnMode, ReturnValues};
pub use write::{Check, Delete, Put, Update, Write, WriteKind};

use aws_sdk_dynamodb::types::AttributeValue;

use crate::attribute_path::Segment;
use crate::error::EncodeError;
use crate::expression::{Condition, UpdateAttr};
use crate::item::RawItem;
use crate::model::VersionSchema;
use crate::{Db, Model, ModelKey};

/// The single-item requests start here.
impl Db {
    /// Writes `item`, replacing any item with its key. See [`Put`].
    ///
    /// For a model with a `#[version]` field, the item is stored with its version plus one, and
    /// only if the stored item's version is `item`'s (or, for version 0, if there is no item);
    /// `item` itself is not changed.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let user = User { user_id: "u1".into(), name: "Alice".into(), logins: 0 };
    /// db.put(&user).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn put<M: Model>(&self, item: &M) -> Put<M> {
        let item = crate::codec::to_item(item);
        match M::SCHEMA.version {
            None => Write::new(self, item, Vec::new(), None),
            Some(version) => match item.and_then(|item| bump_version::<M>(item, version)) {
                Ok((item, condition)) => Write::new(self, Ok(item), Vec::new(), Some(condition)),
                Err(error) => Write::new(self, Err(error), Vec::new(), None),
            },
        }
    }

    /// Reads the item with this key. See [`Get`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let user: Option<User> = db.get(User::key("u1")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn get<K: ModelKey>(&self, key: K) -> Get<K::Model> {
        Get::new(self, key.to_item())
    }

    /// Deletes the item with this key. See [`Delete`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.delete(User::key("u1")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete<K: ModelKey>(&self, key: K) -> Delete<K::Model> {
        Write::new(self, key.to_item(), Vec::new(), None)
    }

    /// Applies `actions` to the item with this key. See [`Update`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.update(User::key("u1"), [attr!(User, logins).add(1)]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn update<K: ModelKey>(
        &self,
        key: K,
        actions: impl IntoIterator<Item = UpdateAttr<K::Model>>,
    ) -> Update<K::Model> {
        let mut actions: Vec<_> = actions.into_iter().collect();
        let mut condition = None;
        if let Some(version) = K::Model::SCHEMA.version {
            actions.push(UpdateAttr::add_one(version.name.into()));
            // Adding 1 to the largest version the field holds would store one it cannot decode.
            condition = Some(
                Condition::attribute_not_exists(version.name.into())
                    | Condition::compare(
                        version.name.into(),
                        "<",
                        AttributeValue::N(version.max.to_string()),
                    ),
            );
        }
        Write::new(self, key.to_item(), actions, condition)
    }

    /// A condition on the item with this key, for a transaction. See [`Check`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.transact_write()
    ///     .push(db.check(User::key("u1"), attr!(User, name).exists()))
    ///     .push(db.update(User::key("u2"), [attr!(User, logins).add(1)]))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn check<K: ModelKey>(&self, key: K, condition: Condition<K::Model>) -> Check<K::Model> {
        Write::new(self, key.to_item(), Vec::new(), Some(condition))
    }
}

/// A versioned item as a put stores it: its version attribute plus one, and the condition that
/// the stored item has the version it read (none exists, for version 0).
fn bump_version<M: Model>(
    mut item: RawItem,
    version: VersionSchema,
) -> Result<(RawItem, Condition<M>), EncodeError> {
    let name = version.name;
    let error = |message: &str| EncodeError::new(message).at(Segment::Name(name.into()));
    let Some(AttributeValue::N(current)) = item.get(name) else {
        return Err(error(
            "the `#[version]` attribute: a version is stored as a number",
        ));
    };
    let current_value = current.parse::<i128>().ok();
    let next = current_value
        .and_then(|value| value.checked_add(1))
        .filter(|next| *next <= version.max)
        .ok_or_else(|| error("the `#[version]` attribute: its type holds no larger version"))?;
    let condition = if current_value == Some(0) {
        Condition::attribute_not_exists(M::SCHEMA.hash_key.name.into())
    } else {
        Condition::compare(name.into(), "=", AttributeValue::N(current.clone()))
    };
    item.insert(name.to_owned(), AttributeValue::N(next.to_string()));
    Ok((item, condition))
}
