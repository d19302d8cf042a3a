//! UpdateItem.

use std::marker::PhantomData;

use super::return_values::NoValues;
use super::write::{and, on_condition_failure};
use super::{Expressions, Prepared, ReturnMode, Returned, sdk_error};
use crate::codec::RawItem;
use crate::error::{EncodeError, Error, Operation};
use crate::expression::{Condition, Rendered, UpdateAttr};
use crate::{Db, Model};

/// Changes attributes of one item, creating it when missing (DynamoDB's upsert). Made by
/// [`Db::update`].
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
/// let updated: Option<User> = db
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
#[must_use = "a request does nothing until `.send().await`"]
pub struct Update<M, R = NoValues> {
    db: Db,
    key: Result<RawItem, EncodeError>,
    actions: Vec<UpdateAttr<M>>,
    condition: Option<Condition<M>>,
    mode: PhantomData<fn() -> R>,
}

impl<M: Model, R: ReturnMode<M>> Update<M, R> {
    pub(crate) fn new(
        db: &Db,
        key: Result<RawItem, EncodeError>,
        actions: Vec<UpdateAttr<M>>,
    ) -> Update<M, NoValues> {
        Update {
            db: db.clone(),
            key,
            actions,
            condition: None,
            mode: PhantomData,
        }
    }

    /// Updates only if `condition` holds for the item as it stands.
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and(self.condition, condition);
        self
    }

    /// What `send` returns: nothing (`ReturnValues::None`, the default), the whole item
    /// (`AllOld`, `AllNew`: `Option<M>`) or the updated attributes (`UpdatedOld`, `UpdatedNew`:
    /// `Option<Partial<M>>`).
    pub fn return_values<R2: ReturnMode<M>>(self, _mode: R2) -> Update<M, R2> {
        Update {
            db: self.db,
            key: self.key,
            actions: self.actions,
            condition: self.condition,
            mode: PhantomData,
        }
    }

    fn expressions(&self) -> Expressions<'_, M> {
        Expressions {
            update: Some(&self.actions),
            condition: self.condition.as_ref(),
            projection: None,
        }
    }

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        self.expressions().rendered(&self.db, Operation::UpdateItem)
    }

    /// Sends the request.
    pub async fn send(mut self) -> Result<R::Output, Error> {
        let item = std::mem::replace(&mut self.key, Ok(RawItem::new()));
        let expressions = self.expressions();
        let mut request = Prepared::new(&self.db, Operation::UpdateItem, item, expressions)?;
        let output = self
            .db
            .client()
            .update_item()
            .table_name(&request.table)
            .set_key(Some(std::mem::take(&mut request.item)))
            .set_update_expression(request.rendered.update_expression.take())
            .set_condition_expression(request.rendered.condition_expression.take())
            .set_expression_attribute_names(request.rendered.names())
            .set_expression_attribute_values(request.rendered.values())
            .return_values(R::VALUE)
            .set_return_values_on_condition_check_failure(on_condition_failure(&self.condition))
            .send()
            .await
            .map_err(|error| sdk_error(error, request.origin()))?;
        let actions = self.actions;
        R::output(Returned {
            attributes: output.attributes,
            origin: request.origin(),
            requested: || actions.iter().map(|action| action.path().clone()).collect(),
        })
    }
}
