//! PutItem, DeleteItem and UpdateItem, and a transaction's condition check: one builder for the
//! writes of one item, each with a condition and a `ReturnValues` mode.

use crate::limits::Keys;
use std::marker::PhantomData;

use aws_sdk_dynamodb::types::ReturnValue;

use super::return_values::{ItemReturnMode, NoValues, Returned};
use crate::error::{EncodeError, Error, Origin};
use crate::expression::{Condition, Expressions, Rendered, UpdateAttr};
use crate::item::RawItem;
use crate::path::IntoValue;
use crate::request::{
    ConditionCheck, DeleteItem, Prepared, PutItem, Single, Standalone, UpdateItem, sealed,
};
use crate::{Db, Model, Versioned};

/// Writes a whole item, replacing any item with the same key. Made by [`Db::put`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String }
/// # async fn example(db: Db, user: User) -> Result<(), aiodynamo::Error> {
/// // Create only: fails with Error::ConditionalCheckFailed if the user exists.
/// db.put(&user).condition(attr!(User, user_id).not_exists()).send().await?;
/// // Replace, getting the item as it was.
/// let old: Option<User> = db.put(&user).return_values(ReturnValues::AllOld).send().await?;
/// # Ok(()) }
/// ```
pub type Put<M, R = NoValues> = Write<PutItem, M, R>;

/// Deletes one item by key; deleting a missing item is not an error. Made by [`Db::delete`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// db.delete(User::key("u1")).condition(attr!(User, logins).lt(10)).send().await?;
/// let old: Option<User> = db.delete(User::key("u2")).return_values(ReturnValues::AllOld).send().await?;
/// # Ok(()) }
/// ```
pub type Delete<M, R = NoValues> = Write<DeleteItem, M, R>;

/// Changes attributes of one item, creating it when missing (DynamoDB's upsert; see
/// [`must_exist`](Write::must_exist)). Made by [`Db::update`].
///
/// Before anything is sent, an empty action list and actions on overlapping paths (`basket` and
/// `basket.items`, or one path twice) are an [`Error::InvalidRequest`] naming the paths.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # use std::collections::BTreeSet;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, email: Option<String>, login_count: u64, roles: BTreeSet<String> }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let updated: User = db
///     .update(User::key("u1"), [
///         attr!(User, name).set("Alice Smith"),
///         attr!(User, email).remove(),
///         attr!(User, login_count).add(1),
///         attr!(User, roles).delete(["admin"]),
///     ])
///     .condition(attr!(User, name).eq("Alice"))
///     .return_values(ReturnValues::AllNew)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
pub type Update<M, R = NoValues> = Write<UpdateItem, M, R>;

impl<M: Model, R: ItemReturnMode<DeleteItem, M>> Delete<M, R> {
    /// Deletes only if the stored item's `#[version]` is `version` (a condition `version = n`,
    /// added to any other); a lost race is [`Error::ConditionalCheckFailed`].
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64, #[version] version: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let delete = db.delete(User::key("u1")).if_version(3);
    /// assert_eq!(delete.render()?.condition_expression.as_deref(), Some("#n0 = :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn if_version(self, version: impl IntoValue<M::Version>) -> Self
    where
        M: Versioned,
    {
        self.condition(M::version_path().eq(version))
    }
}

/// A condition on one item, checked as part of a transaction (it cannot be sent alone). Made by
/// [`Db::check`].
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String }
/// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
/// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
/// let check = db.check(User::key("u1"), attr!(User, name).exists());
/// assert_eq!(check.render()?.condition_expression.as_deref(), Some("attribute_exists(#n0)"));
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub type Check<M> = Write<ConditionCheck, M, NoValues>;

/// A write of one item of model `M` ([`Put`], [`Delete`], [`Update`] or [`Check`]), returning
/// what `R` says.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::Write;
/// use aiodynamo::request::UpdateItem;
/// // `Update<User>` is `Write<UpdateItem, User>`: every write has the same methods.
/// let update: Write<UpdateItem, User> = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .condition(attr!(User, name).exists());
/// assert_eq!(update.render()?.condition_expression.as_deref(), Some("attribute_exists(#n1)"));
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct Write<W, M, R = NoValues> {
    db: Db,
    /// The item to put, or the key of the item to delete, update or check.
    item: Result<RawItem, EncodeError>,
    /// An update's actions (empty for the other writes).
    actions: Vec<UpdateAttr<M>>,
    condition: Option<Condition<M>>,
    marker: PhantomData<fn() -> (W, R)>,
}

/// The kinds of [`Write`]: put, delete, update and condition check (sealed).
///
/// ```
/// use aiodynamo::WriteKind;
/// use aiodynamo::request::{PutItem, DeleteItem, UpdateItem, ConditionCheck};
/// fn is_write<W: WriteKind>() {}
/// (is_write::<PutItem>(), is_write::<DeleteItem>(), is_write::<UpdateItem>(), is_write::<ConditionCheck>());
/// ```
pub trait WriteKind: Single + sealed::Sealed {
    /// Whether the request carries update actions.
    #[doc(hidden)]
    const UPDATES: bool;
    /// The operation's settings, from the return mode.
    #[doc(hidden)]
    fn settings(return_values: ReturnValue) -> Self::Settings;
}

impl WriteKind for PutItem {
    const UPDATES: bool = false;
    fn settings(return_values: ReturnValue) -> ReturnValue {
        return_values
    }
}

impl WriteKind for DeleteItem {
    const UPDATES: bool = false;
    fn settings(return_values: ReturnValue) -> ReturnValue {
        return_values
    }
}

impl WriteKind for UpdateItem {
    const UPDATES: bool = true;
    fn settings(return_values: ReturnValue) -> ReturnValue {
        return_values
    }
}

impl WriteKind for ConditionCheck {
    const UPDATES: bool = false;
    fn settings(_: ReturnValue) {}
}

impl<W, M> Write<W, M, NoValues> {
    pub(crate) fn new(
        db: &Db,
        item: Result<RawItem, EncodeError>,
        actions: Vec<UpdateAttr<M>>,
        condition: Option<Condition<M>>,
    ) -> Self {
        Write {
            db: db.clone(),
            item,
            actions,
            condition,
            marker: PhantomData,
        }
    }
}

impl<W, M, R> Write<W, M, R> {
    /// The client this write goes through.
    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    /// The same write, returning `R2`.
    pub(crate) fn returning<R2>(self) -> Write<W, M, R2> {
        Write {
            db: self.db,
            item: self.item,
            actions: self.actions,
            condition: self.condition,
            marker: PhantomData,
        }
    }
}

impl<W: WriteKind, M: Model, R: ItemReturnMode<W, M>> Write<W, M, R> {
    /// Applies only if `condition` holds for the item as it stands (a missing item has no
    /// attributes); otherwise fails with [`Error::ConditionalCheckFailed`]. Given twice, both
    /// must hold.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let put = db
    ///     .put(&User { user_id: "u1".into(), name: "Alice".into(), logins: 0 })
    ///     .condition(attr!(User, user_id).not_exists());
    /// assert_eq!(put.render()?.condition_expression.as_deref(), Some("attribute_not_exists(#n0)"));
    /// // Given twice, both must hold.
    /// let delete = db
    ///     .delete(User::key("u1"))
    ///     .condition(attr!(User, logins).lt(10))
    ///     .condition(attr!(User, name).eq("Alice"));
    /// assert_eq!(delete.render()?.condition_expression.as_deref(), Some("#n0 < :v0 AND #n1 = :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = Some(match self.condition {
            Some(current) => current & condition,
            None => condition,
        });
        self
    }

    /// What `send` returns: nothing (`ReturnValues::None`, the default), the item as it was
    /// (`AllOld`: `Option<M>`); for an update also the item after it (`AllNew`: `M`) or the
    /// updated attributes (`UpdatedOld`, `UpdatedNew`: `Option<Partial<M>>`).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let old: Option<User> = db.delete(User::key("u1")).return_values(ReturnValues::AllOld).send().await?;
    /// let new: User = db
    ///     .update(User::key("u2"), [attr!(User, logins).add(1)])
    ///     .return_values(ReturnValues::AllNew)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn return_values<R2: ItemReturnMode<W, M>>(self, _mode: R2) -> Write<W, M, R2> {
        self.returning()
    }

    /// Encodes and renders the request and checks it, sending nothing: a request that cannot
    /// be sent fails here whole.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.delete(User::key("u1")).condition(attr!(User, logins).eq(0)).prepare()?;
    /// assert_eq!(prepared.table(), "users");
    /// assert_eq!(prepared.item()["user_id"], aiodynamo::sdk::types::AttributeValue::S("u1".into()));
    /// // An invalid request fails here, before anything is sent.
    /// let empty = db.update(User::key("u1"), Vec::<UpdateAttr<User>>::new()).prepare();
    /// assert!(matches!(empty, Err(aiodynamo::Error::InvalidRequest { .. })));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn prepare(self) -> Result<Prepared<W>, Error> {
        let Write {
            db,
            item,
            actions,
            condition,
            ..
        } = self;
        let expressions = Expressions {
            update: W::UPDATES.then_some(actions),
            condition,
            ..Expressions::default()
        };
        Prepared::new(
            db.table_name::<M>(),
            item,
            Keys::of(&M::SCHEMA),
            || expressions.render(),
            W::settings(R::VALUE),
        )
    }

    /// The expressions and placeholders this request would send.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let update = db.update(User::key("u1"), [attr!(User, name).set("Bob")]);
    /// let rendered = update.render()?;
    /// assert_eq!(rendered.update_expression.as_deref(), Some("SET #n0 = :v0"));
    /// assert_eq!(rendered.names["#n0"], "name");
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn render(&self) -> Result<Rendered, Error> {
        let copy = Write::<W, M, R> {
            db: self.db.clone(),
            item: self.item.clone(),
            actions: self.actions.clone(),
            condition: self.condition.clone(),
            marker: PhantomData,
        };
        copy.prepare().map(Prepared::into_expressions)
    }
}

impl<W, M, R> Write<W, M, R>
where
    W: WriteKind + Standalone<Output = Option<RawItem>>,
    M: Model,
    R: ItemReturnMode<W, M>,
{
    /// Sends the request.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.update(User::key("u1"), [attr!(User, logins).add(1)]).send().await?; // ()
    /// let old: Option<User> = db.delete(User::key("u1")).return_values(ReturnValues::AllOld).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<R::Output, Error> {
        let requested = if R::PARTIAL {
            self.actions
                .iter()
                .map(|action| action.path().clone())
                .collect()
        } else {
            Vec::new()
        };
        let db = self.db.clone();
        let origin = || Origin::new(W::OPERATION, db.table_name::<M>());
        let attributes = self.prepare()?.send(db.client(), origin).await?;
        R::output(Returned {
            attributes,
            origin: &origin,
            requested,
        })
    }
}

impl<M: Model, R: ItemReturnMode<UpdateItem, M>> Update<M, R> {
    /// Updates only if the stored item's `#[version]` is `version` (a condition `version = n`,
    /// added to any other); a lost race is [`Error::ConditionalCheckFailed`]. The update adds
    /// 1 to the version whether or not this is given.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, logins: u64, #[version] version: u64 }
    /// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
    /// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
    /// let update = db.update(User::key("u1"), [attr!(User, logins).add(1)]).if_version(3);
    /// let rendered = update.render()?;
    /// assert_eq!(rendered.update_expression.as_deref(), Some("ADD #n0 :v0, #n1 :v1"));
    /// // Besides `version = 3`: the version is below the largest a `u64` holds (or absent).
    /// assert_eq!(
    ///     rendered.condition_expression.as_deref(),
    ///     Some("(attribute_not_exists(#n1) OR #n1 < :v2) AND #n1 = :v3")
    /// );
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn if_version(self, version: impl IntoValue<M::Version>) -> Self
    where
        M: Versioned,
    {
        self.condition(M::version_path().eq(version))
    }

    /// Updates only an item that exists (adds `attribute_exists` on the hash key to the
    /// condition). Without it an update of a missing key creates an item holding just the key
    /// and the updated attributes, which may then fail to decode as `M`; use it wherever the
    /// item must have been written whole before.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
    /// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
    /// let update = db.update(User::key("u1"), [attr!(User, logins).add(1)]).must_exist();
    /// assert_eq!(update.render()?.condition_expression.as_deref(), Some("attribute_exists(#n1)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn must_exist(self) -> Self {
        self.condition(Condition::attribute_exists(M::SCHEMA.hash_key.name.into()))
    }
}
