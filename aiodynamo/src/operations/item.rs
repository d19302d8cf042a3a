//! PutItem, GetItem and DeleteItem.

use std::marker::PhantomData;

use aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure;

use super::return_values::NoValues;
use super::{Expressions, ItemReturnMode, Prepared, Returned, sdk_error};
use crate::codec::{RawItem, from_item, to_item};
use crate::error::{EncodeError, Error, Operation};
use crate::expression::{Condition, Projection, Rendered};
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

    fn expressions(&self) -> Expressions<'_, M> {
        Expressions {
            update: None,
            condition: self.condition.as_ref(),
            projection: None,
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        self.expressions().rendered(&self.db, Operation::PutItem)
    }

    /// Sends the request.
    pub async fn send(mut self) -> Result<R::Output, Error> {
        let item = std::mem::replace(&mut self.item, Ok(RawItem::new()));
        let expressions = self.expressions();
        let mut request = Prepared::new(&self.db, Operation::PutItem, item, expressions)?;
        let output = self
            .db
            .client()
            .put_item()
            .table_name(&request.table)
            .set_item(Some(std::mem::take(&mut request.item)))
            .set_condition_expression(request.rendered.condition_expression.take())
            .set_expression_attribute_names(request.rendered.names())
            .set_expression_attribute_values(request.rendered.values())
            .return_values(R::VALUE)
            .set_return_values_on_condition_check_failure(on_condition_failure(&self.condition))
            .send()
            .await
            .map_err(|error| sdk_error(error, request.origin()))?;
        R::output(Returned {
            attributes: output.attributes,
            origin: request.origin(),
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

    fn expressions(&self) -> Expressions<'_, M> {
        Expressions {
            update: None,
            condition: None,
            projection: self.projection.as_deref(),
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        self.expressions().rendered(&self.db, Operation::GetItem)
    }

    /// Sends the request; the item, and the request for a `Partial` of it.
    async fn fetch(mut self) -> Result<(Option<RawItem>, Prepared, Vec<Projection<M>>), Error> {
        let item = std::mem::replace(&mut self.key, Ok(RawItem::new()));
        let expressions = self.expressions();
        let mut request = Prepared::new(&self.db, Operation::GetItem, item, expressions)?;
        let output = self
            .db
            .client()
            .get_item()
            .table_name(&request.table)
            .set_key(Some(std::mem::take(&mut request.item)))
            .consistent_read(self.consistent_read)
            .set_projection_expression(request.rendered.projection_expression.take())
            .set_expression_attribute_names(request.rendered.names())
            .send()
            .await
            .map_err(|error| sdk_error(error, request.origin()))?;
        Ok((output.item, request, self.projection.unwrap_or_default()))
    }
}

impl<M: Model> Get<M, Full> {
    /// Sends the request: `None` when there is no such item.
    pub async fn send(self) -> Result<Option<M>, Error> {
        let (item, request, _) = self.fetch().await?;
        item.map(from_item)
            .transpose()
            .map_err(|source| Error::Decode {
                origin: request.origin(),
                source,
            })
    }
}

impl<M: Model> Get<M, Projected> {
    /// Sends the request: `None` when there is no such item.
    pub async fn send(self) -> Result<Option<Partial<M>>, Error> {
        let (item, request, projection) = self.fetch().await?;
        let requested = projection
            .iter()
            .map(|projection| projection.path().clone())
            .collect();
        Ok(item.map(|item| Partial::new(item, requested, request.origin())))
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

    fn expressions(&self) -> Expressions<'_, M> {
        Expressions {
            update: None,
            condition: self.condition.as_ref(),
            projection: None,
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        self.expressions().rendered(&self.db, Operation::DeleteItem)
    }

    /// Sends the request.
    pub async fn send(mut self) -> Result<R::Output, Error> {
        let item = std::mem::replace(&mut self.key, Ok(RawItem::new()));
        let expressions = self.expressions();
        let mut request = Prepared::new(&self.db, Operation::DeleteItem, item, expressions)?;
        let output = self
            .db
            .client()
            .delete_item()
            .table_name(&request.table)
            .set_key(Some(std::mem::take(&mut request.item)))
            .set_condition_expression(request.rendered.condition_expression.take())
            .set_expression_attribute_names(request.rendered.names())
            .set_expression_attribute_values(request.rendered.values())
            .return_values(R::VALUE)
            .set_return_values_on_condition_check_failure(on_condition_failure(&self.condition))
            .send()
            .await
            .map_err(|error| sdk_error(error, request.origin()))?;
        R::output(Returned {
            attributes: output.attributes,
            origin: request.origin(),
            requested: Vec::new,
        })
    }
}
