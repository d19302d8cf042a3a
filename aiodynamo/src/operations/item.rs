//! PutItem, GetItem and DeleteItem.

use std::marker::PhantomData;

use aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure;

use super::return_values::NoValues;
use super::{ItemReturnMode, Returned, sdk_error};
use crate::codec::{RawItem, from_item, to_item};
use crate::error::{EncodeError, Error, Operation, Origin};
use crate::expression::{Condition, Projection, Rendered, render};
use crate::partial::Partial;
use crate::{Db, Model};

/// The failed-condition item is returned whenever there is a condition: it costs nothing extra.
pub(super) fn on_condition_failure<M>(
    condition: &Option<Condition<M>>,
) -> Option<ReturnValuesOnConditionCheckFailure> {
    condition
        .as_ref()
        .map(|_| ReturnValuesOnConditionCheckFailure::AllOld)
}

/// `condition(c)` twice means both must hold.
pub(super) fn and<M>(
    current: Option<Condition<M>>,
    condition: Condition<M>,
) -> Option<Condition<M>> {
    Some(match current {
        Some(current) => current & condition,
        None => condition,
    })
}

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
#[must_use = "a request does nothing until `.send().await`"]
pub struct Put<M, R = NoValues> {
    db: Db,
    item: Result<RawItem, EncodeError>,
    condition: Option<Condition<M>>,
    mode: PhantomData<fn() -> R>,
}

impl<M: Model, R: ItemReturnMode<M>> Put<M, R> {
    pub(crate) fn new(db: &Db, item: &M) -> Put<M, NoValues> {
        Put {
            db: db.clone(),
            item: to_item(item),
            condition: None,
            mode: PhantomData,
        }
    }

    /// Writes only if `condition` holds for the item as it stands (an absent item has no
    /// attributes).
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and(self.condition, condition);
        self
    }

    /// What `send` returns: `ReturnValues::None` (default) or `ReturnValues::AllOld` (`Option<M>`).
    pub fn return_values<R2: ItemReturnMode<M>>(self, _mode: R2) -> Put<M, R2> {
        Put {
            db: self.db,
            item: self.item,
            condition: self.condition,
            mode: PhantomData,
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        let origin = || Origin::new(Operation::PutItem, &self.db.table_name::<M>());
        render(None, self.condition.as_ref(), None).map_err(|invalid| origin().invalid(invalid))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<R::Output, Error> {
        let table = self.db.table_name::<M>();
        let origin = || Origin::new(Operation::PutItem, &table);
        let item = self.item.map_err(|source| Error::Encode {
            origin: origin(),
            source,
        })?;
        let mut rendered = render(None, self.condition.as_ref(), None)
            .map_err(|invalid| origin().invalid(invalid))?;
        let output = self
            .db
            .client()
            .put_item()
            .table_name(&table)
            .set_item(Some(item))
            .set_condition_expression(rendered.condition_expression.take())
            .set_expression_attribute_names(rendered.names())
            .set_expression_attribute_values(rendered.values())
            .return_values(R::VALUE)
            .set_return_values_on_condition_check_failure(on_condition_failure(&self.condition))
            .send()
            .await
            .map_err(|error| sdk_error(error, origin()))?;
        R::output(Returned {
            attributes: output.attributes,
            origin: origin(),
            requested: Vec::new,
        })
    }
}

/// Reads the whole item (`Option<M>`).
pub enum Full {}
/// Reads the projected attributes (`Option<Partial<M>>`).
pub enum Projected {}

/// Reads one item by key. Made by [`Db::get`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let user: Option<User> = db.get(User::key("u1")).consistent_read(true).send().await?;
/// let partial = db.get(User::key("u1")).projection([attr!(User, name).into()]).send().await?;
/// let name: Option<String> = partial.map(|p| p.get(attr!(User, name))).transpose()?.flatten();
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct Get<M, P = Full> {
    db: Db,
    key: Result<RawItem, EncodeError>,
    consistent_read: bool,
    projection: Option<Vec<Projection<M>>>,
    read: PhantomData<fn() -> P>,
}

impl<M: Model, P> Get<M, P> {
    pub(crate) fn new(db: &Db, key: Result<RawItem, EncodeError>) -> Get<M, Full> {
        Get {
            db: db.clone(),
            key,
            consistent_read: false,
            projection: None,
            read: PhantomData,
        }
    }

    /// A strongly consistent read (twice the read capacity of the default, eventually consistent).
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = consistent;
        self
    }

    /// Reads only these attributes; the result becomes an `Option<Partial<M>>`.
    pub fn projection(self, paths: impl IntoIterator<Item = Projection<M>>) -> Get<M, Projected> {
        Get {
            db: self.db,
            key: self.key,
            consistent_read: self.consistent_read,
            projection: Some(paths.into_iter().collect()),
            read: PhantomData,
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        let origin = || Origin::new(Operation::GetItem, &self.db.table_name::<M>());
        render(None, None, self.projection.as_deref()).map_err(|invalid| origin().invalid(invalid))
    }

    async fn fetch(self) -> Result<Option<RawItem>, Error> {
        let table = self.db.table_name::<M>();
        let origin = || Origin::new(Operation::GetItem, &table);
        let key = self.key.map_err(|source| Error::Encode {
            origin: origin(),
            source,
        })?;
        let mut rendered = render(None, None, self.projection.as_deref())
            .map_err(|invalid| origin().invalid(invalid))?;
        let output = self
            .db
            .client()
            .get_item()
            .table_name(&table)
            .set_key(Some(key))
            .consistent_read(self.consistent_read)
            .set_projection_expression(rendered.projection_expression.take())
            .set_expression_attribute_names(rendered.names())
            .send()
            .await
            .map_err(|error| sdk_error(error, origin()))?;
        Ok(output.item)
    }
}

impl<M: Model> Get<M, Full> {
    /// Sends the request: `None` when there is no such item.
    pub async fn send(self) -> Result<Option<M>, Error> {
        let table = self.db.table_name::<M>();
        let item = self.fetch().await?;
        item.map(from_item)
            .transpose()
            .map_err(|source| Error::Decode {
                origin: Origin::new(Operation::GetItem, &table),
                source,
            })
    }
}

impl<M: Model> Get<M, Projected> {
    /// Sends the request: `None` when there is no such item.
    pub async fn send(self) -> Result<Option<Partial<M>>, Error> {
        let requested = self
            .projection
            .iter()
            .flatten()
            .map(|projection| projection.path().clone())
            .collect();
        let origin = Origin::new(Operation::GetItem, &self.db.table_name::<M>());
        Ok(self
            .fetch()
            .await?
            .map(|item| Partial::new(item, requested, origin)))
    }
}

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
#[must_use = "a request does nothing until `.send().await`"]
pub struct Delete<M, R = NoValues> {
    db: Db,
    key: Result<RawItem, EncodeError>,
    condition: Option<Condition<M>>,
    mode: PhantomData<fn() -> R>,
}

impl<M: Model, R: ItemReturnMode<M>> Delete<M, R> {
    pub(crate) fn new(db: &Db, key: Result<RawItem, EncodeError>) -> Delete<M, NoValues> {
        Delete {
            db: db.clone(),
            key,
            condition: None,
            mode: PhantomData,
        }
    }

    /// Deletes only if `condition` holds for the item as it stands.
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and(self.condition, condition);
        self
    }

    /// What `send` returns: `ReturnValues::None` (default) or `ReturnValues::AllOld` (`Option<M>`).
    pub fn return_values<R2: ItemReturnMode<M>>(self, _mode: R2) -> Delete<M, R2> {
        Delete {
            db: self.db,
            key: self.key,
            condition: self.condition,
            mode: PhantomData,
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        let origin = || Origin::new(Operation::DeleteItem, &self.db.table_name::<M>());
        render(None, self.condition.as_ref(), None).map_err(|invalid| origin().invalid(invalid))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<R::Output, Error> {
        let table = self.db.table_name::<M>();
        let origin = || Origin::new(Operation::DeleteItem, &table);
        let key = self.key.map_err(|source| Error::Encode {
            origin: origin(),
            source,
        })?;
        let mut rendered = render(None, self.condition.as_ref(), None)
            .map_err(|invalid| origin().invalid(invalid))?;
        let output = self
            .db
            .client()
            .delete_item()
            .table_name(&table)
            .set_key(Some(key))
            .set_condition_expression(rendered.condition_expression.take())
            .set_expression_attribute_names(rendered.names())
            .set_expression_attribute_values(rendered.values())
            .return_values(R::VALUE)
            .set_return_values_on_condition_check_failure(on_condition_failure(&self.condition))
            .send()
            .await
            .map_err(|error| sdk_error(error, origin()))?;
        R::output(Returned {
            attributes: output.attributes,
            origin: origin(),
            requested: Vec::new,
        })
    }
}
