//! `ReturnValues` modes as types, so that what a write returns follows from the mode chosen.
//!
//! ```no_run
//! # use aiodynamo::prelude::*;
//! # #[table("users", hash_key = "user_id")]
//! # #[derive(serde::Serialize, serde::Deserialize)]
//! # struct User { user_id: String, name: String, logins: u64 }
//! # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
//! use aiodynamo::return_values::AllOld;
//! let mode: AllOld = ReturnValues::AllOld;
//! let old: Option<User> = db.delete(User::key("u1")).return_values(mode).send().await?;
//! # Ok(()) }
//! ```

use aws_sdk_dynamodb::types::ReturnValue;

use crate::Model;
use crate::attribute_path::AttributePath;
use crate::codec::from_item;
use crate::error::{DecodeError, Error, Origin};
use crate::item::RawItem;
use crate::partial::{Lists, Partial};
use crate::request::{DeleteItem, PutItem, UpdateItem};

/// Nothing is returned (the default).
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let nothing: () = db.delete(User::key("u1")).return_values(ReturnValues::None).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct NoValues;
/// The whole item as it was before the request: `Option<M>`.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let old: Option<User> = db.delete(User::key("u1")).return_values(ReturnValues::AllOld).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AllOld;
/// The whole item as it is after the update: `M`.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let new: User = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::AllNew)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AllNew;
/// The updated attributes as they were before: `Option<Partial<M>>`.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let before = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::UpdatedOld)
///     .send()
///     .await?;
/// let logins_before: Option<u64> = before.map(|p| p.get(attr!(User, logins))).transpose()?.flatten();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct UpdatedOld;
/// The updated attributes as they are after: `Option<Partial<M>>`.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let after = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::UpdatedNew)
///     .send()
///     .await?;
/// let logins: Option<u64> = after.map(|p| p.get(attr!(User, logins))).transpose()?.flatten();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct UpdatedNew;

/// What a write returns: `ReturnValues::AllNew` and the others, each its own type.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let after: User = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::AllNew)
///     .send()
///     .await?;
/// let changed: Option<Partial<User>> = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::UpdatedNew)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ReturnValues;

#[allow(non_upper_case_globals)]
impl ReturnValues {
    /// Return nothing (the default).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, user: User) -> Result<(), aiodynamo::Error> {
    /// db.put(&user).return_values(ReturnValues::None).send().await?; // the default
    /// # Ok(()) }
    /// ```
    pub const None: NoValues = NoValues;
    /// Return the whole item as it was.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, user: User) -> Result<(), aiodynamo::Error> {
    /// let replaced: Option<User> = db.put(&user).return_values(ReturnValues::AllOld).send().await?;
    /// # Ok(()) }
    /// ```
    pub const AllOld: AllOld = AllOld;
    /// Return the whole item as it is after an update.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let user: User = db
    ///     .update(User::key("u1"), [attr!(User, name).set("Bob")])
    ///     .return_values(ReturnValues::AllNew)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub const AllNew: AllNew = AllNew;
    /// Return the updated attributes as they were.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let old: Option<Partial<User>> = db
    ///     .update(User::key("u1"), [attr!(User, name).set("Bob")])
    ///     .return_values(ReturnValues::UpdatedOld)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub const UpdatedOld: UpdatedOld = UpdatedOld;
    /// Return the updated attributes as they are after.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let new: Option<Partial<User>> = db
    ///     .update(User::key("u1"), [attr!(User, name).set("Bob")])
    ///     .return_values(ReturnValues::UpdatedNew)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub const UpdatedNew: UpdatedNew = UpdatedNew;
}

/// A `ReturnValues` mode and what it makes a write return.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// use aiodynamo::ReturnMode;
/// use aiodynamo::return_values::{AllNew, AllOld, NoValues};
/// fn returns<R: ReturnMode<User>>(_: R) -> std::any::TypeId where R::Output: 'static {
///     std::any::TypeId::of::<R::Output>()
/// }
/// assert_eq!(returns(ReturnValues::None), std::any::TypeId::of::<()>());
/// assert_eq!(returns(ReturnValues::AllOld), std::any::TypeId::of::<Option<User>>());
/// assert_eq!(returns(ReturnValues::AllNew), std::any::TypeId::of::<User>());
/// # let _: (NoValues, AllOld, AllNew) = (ReturnValues::None, ReturnValues::AllOld, ReturnValues::AllNew);
/// ```
pub trait ReturnMode<M> {
    /// The mode on the wire.
    #[doc(hidden)]
    const VALUE: ReturnValue;
    /// Whether the output is a `Partial`, which needs the paths the request named.
    #[doc(hidden)]
    const PARTIAL: bool = false;
    /// What `send` returns.
    type Output;
    /// Decodes the returned attributes.
    #[doc(hidden)]
    fn output(returned: Returned) -> Result<Self::Output, Error>;
}

/// What a write returned, with what a `Partial` of it needs: the request's origin (made only
/// when needed), and the paths it named.
#[doc(hidden)]
pub struct Returned<'a> {
    pub(crate) attributes: Option<RawItem>,
    pub(crate) origin: &'a dyn Fn() -> Origin,
    pub(crate) requested: Vec<AttributePath>,
}

impl Returned<'_> {
    /// The returned item decoded; a failure says the write was applied.
    fn whole<M: Model>(self) -> Result<Option<M>, Error> {
        let Returned {
            attributes, origin, ..
        } = self;
        attributes
            .filter(|item| !item.is_empty())
            .map(from_item)
            .transpose()
            .map_err(|source| Error::DecodeAfterWrite {
                origin: origin(),
                source,
            })
    }

    fn partial<M>(self) -> Result<Option<Partial<M>>, Error> {
        let Returned {
            attributes,
            origin,
            requested,
        } = self;
        Ok(attributes
            .filter(|item| !item.is_empty())
            .map(|item| Partial::new(item, requested, Lists::Updated, origin())))
    }
}

/// The write modes a request of kind `W` accepts: `None` and `AllOld` for put and delete,
/// all five for update.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// use aiodynamo::ItemReturnMode;
/// use aiodynamo::request::{DeleteItem, UpdateItem};
/// use aiodynamo::return_values::{AllNew, AllOld};
/// fn accepts<W, R: ItemReturnMode<W, User>>() {}
/// accepts::<DeleteItem, AllOld>();
/// accepts::<UpdateItem, AllNew>();
/// // `accepts::<DeleteItem, AllNew>()` does not compile: a delete leaves no new item.
/// ```
#[diagnostic::on_unimplemented(
    message = "this request cannot return `{Self}`",
    label = "put and delete return `ReturnValues::None` or `ReturnValues::AllOld` only",
    note = "DynamoDB's PutItem and DeleteItem return nothing or the old item; UpdateItem returns any of the five"
)]
pub trait ItemReturnMode<W, M>: ReturnMode<M> {}
impl<W, M> ItemReturnMode<W, M> for NoValues {}
impl<M: Model> ItemReturnMode<PutItem, M> for AllOld {}
impl<M: Model> ItemReturnMode<DeleteItem, M> for AllOld {}
impl<M: Model> ItemReturnMode<UpdateItem, M> for AllOld {}
impl<M: Model> ItemReturnMode<UpdateItem, M> for AllNew {}
impl<M> ItemReturnMode<UpdateItem, M> for UpdatedOld {}
impl<M> ItemReturnMode<UpdateItem, M> for UpdatedNew {}

impl<M> ReturnMode<M> for NoValues {
    const VALUE: ReturnValue = ReturnValue::None;
    type Output = ();
    fn output(_: Returned) -> Result<(), Error> {
        Ok(())
    }
}

impl<M: Model> ReturnMode<M> for AllOld {
    const VALUE: ReturnValue = ReturnValue::AllOld;
    type Output = Option<M>;
    fn output(returned: Returned) -> Result<Option<M>, Error> {
        returned.whole()
    }
}

impl<M: Model> ReturnMode<M> for AllNew {
    const VALUE: ReturnValue = ReturnValue::AllNew;
    type Output = M;
    /// An update always leaves an item, so DynamoDB always returns one here.
    fn output(returned: Returned) -> Result<M, Error> {
        let Returned {
            attributes, origin, ..
        } = returned;
        let item = attributes.ok_or_else(|| {
            DecodeError::new("DynamoDB returned no item for `ReturnValues::AllNew`")
        });
        item.and_then(from_item)
            .map_err(|source| Error::DecodeAfterWrite {
                origin: origin(),
                source,
            })
    }
}

impl<M> ReturnMode<M> for UpdatedOld {
    const VALUE: ReturnValue = ReturnValue::UpdatedOld;
    const PARTIAL: bool = true;
    type Output = Option<Partial<M>>;
    fn output(returned: Returned) -> Result<Option<Partial<M>>, Error> {
        returned.partial()
    }
}

impl<M> ReturnMode<M> for UpdatedNew {
    const VALUE: ReturnValue = ReturnValue::UpdatedNew;
    const PARTIAL: bool = true;
    type Output = Option<Partial<M>>;
    fn output(returned: Returned) -> Result<Option<Partial<M>>, Error> {
        returned.partial()
    }
}
