//! PutItem and DeleteItem: the two writes of a whole item, each with an optional condition and
//! the old item to return.

use std::future::Future;
use std::marker::PhantomData;

use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};

use super::return_values::NoValues;
use super::{Expressions, ItemReturnMode, Prepared, Returned, sdk_error};
use crate::codec::RawItem;
use crate::error::{EncodeError, Error, Operation};
use crate::expression::{Condition, Rendered};
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
pub type Put<M, R = NoValues> = Write<ItemPut, M, R>;

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
pub type Delete<M, R = NoValues> = Write<ItemDelete, M, R>;

/// A [`Put`] or a [`Delete`] of an item of model `M`, returning what `R` says.
#[must_use = "a request does nothing until `.send().await`"]
pub struct Write<W, M, R = NoValues> {
    db: Db,
    /// The item to put, or the key to delete.
    item: Result<RawItem, EncodeError>,
    condition: Option<Condition<M>>,
    marker: PhantomData<fn() -> (W, R)>,
}

/// The request a [`Write`] sends: [`ItemPut`] or [`ItemDelete`] (sealed).
pub trait ItemWrite: sealed::Request {}
impl ItemWrite for ItemPut {}
impl ItemWrite for ItemDelete {}

mod sealed {
    use super::*;

    /// How an [`ItemWrite`](super::ItemWrite) is sent.
    pub trait Request {
        /// The operation, for errors.
        const OPERATION: Operation;
        /// Sends `request`; the attributes DynamoDB returned.
        fn send(
            db: &Db,
            request: &mut Prepared,
            return_values: ReturnValue,
            on_condition_failure: Option<ReturnValuesOnConditionCheckFailure>,
        ) -> impl Future<Output = Result<Option<RawItem>, Error>> + Send;
    }
}

/// PutItem.
pub enum ItemPut {}
/// DeleteItem.
pub enum ItemDelete {}

impl sealed::Request for ItemPut {
    const OPERATION: Operation = Operation::PutItem;
    async fn send(
        db: &Db,
        request: &mut Prepared,
        return_values: ReturnValue,
        on_condition_failure: Option<ReturnValuesOnConditionCheckFailure>,
    ) -> Result<Option<RawItem>, Error> {
        let output = db
            .client()
            .put_item()
            .table_name(&request.table)
            .set_item(Some(std::mem::take(&mut request.item)))
            .set_condition_expression(request.rendered.condition_expression.take())
            .set_expression_attribute_names(request.rendered.names())
            .set_expression_attribute_values(request.rendered.values())
            .return_values(return_values)
            .set_return_values_on_condition_check_failure(on_condition_failure)
            .send()
            .await
            .map_err(|error| sdk_error(error, request.origin()))?;
        Ok(output.attributes)
    }
}

impl sealed::Request for ItemDelete {
    const OPERATION: Operation = Operation::DeleteItem;
    async fn send(
        db: &Db,
        request: &mut Prepared,
        return_values: ReturnValue,
        on_condition_failure: Option<ReturnValuesOnConditionCheckFailure>,
    ) -> Result<Option<RawItem>, Error> {
        let output = db
            .client()
            .delete_item()
            .table_name(&request.table)
            .set_key(Some(std::mem::take(&mut request.item)))
            .set_condition_expression(request.rendered.condition_expression.take())
            .set_expression_attribute_names(request.rendered.names())
            .set_expression_attribute_values(request.rendered.values())
            .return_values(return_values)
            .set_return_values_on_condition_check_failure(on_condition_failure)
            .send()
            .await
            .map_err(|error| sdk_error(error, request.origin()))?;
        Ok(output.attributes)
    }
}

impl<W: ItemWrite, M: Model, R: ItemReturnMode<M>> Write<W, M, R> {
    pub(crate) fn new(db: &Db, item: Result<RawItem, EncodeError>) -> Write<W, M, NoValues> {
        Write {
            db: db.clone(),
            item,
            condition: None,
            marker: PhantomData,
        }
    }

    /// Applies only if `condition` holds for the item as it stands (a missing item has no
    /// attributes); otherwise fails with [`Error::ConditionalCheckFailed`].
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and(self.condition, condition);
        self
    }

    /// What `send` returns: `ReturnValues::None` (default) or `ReturnValues::AllOld` (`Option<M>`).
    pub fn return_values<R2: ItemReturnMode<M>>(self, _mode: R2) -> Write<W, M, R2> {
        Write {
            db: self.db,
            item: self.item,
            condition: self.condition,
            marker: PhantomData,
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
        self.expressions().rendered(&self.db, W::OPERATION)
    }

    /// Sends the request.
    pub async fn send(mut self) -> Result<R::Output, Error> {
        let item = std::mem::replace(&mut self.item, Ok(RawItem::new()));
        let mut request = Prepared::new(&self.db, W::OPERATION, item, self.expressions())?;
        let attributes = <W as sealed::Request>::send(
            &self.db,
            &mut request,
            R::VALUE,
            on_condition_failure(&self.condition),
        )
        .await?;
        R::output(Returned {
            attributes,
            origin: request.origin(),
            requested: Vec::new,
        })
    }
}
