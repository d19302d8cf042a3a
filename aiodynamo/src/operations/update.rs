//! UpdateItem.

use std::marker::PhantomData;

use super::item::{and, on_condition_failure};
use super::return_values::NoValues;
use super::{ReturnMode, Returned, sdk_error};
use crate::codec::RawItem;
use crate::error::{EncodeError, Error, Operation, Origin};
use crate::expression::{Condition, Rendered, UpdateAttr, render};
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

    /// The expressions and placeholders this request would send.
    pub fn render(&self) -> Result<Rendered, Error> {
        let origin = || Origin::new(Operation::UpdateItem, &self.db.table_name::<M>());
        render(Some(&self.actions), self.condition.as_ref(), None)
            .map_err(|invalid| origin().invalid(invalid))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<R::Output, Error> {
        let table = self.db.table_name::<M>();
        let origin = || Origin::new(Operation::UpdateItem, &table);
        let key = self.key.map_err(|source| Error::Encode {
            origin: origin(),
            source,
        })?;
        let mut rendered = render(Some(&self.actions), self.condition.as_ref(), None)
            .map_err(|invalid| origin().invalid(invalid))?;
        let actions = self.actions;
        let output = self
            .db
            .client()
            .update_item()
            .table_name(&table)
            .set_key(Some(key))
            .set_update_expression(rendered.update_expression.take())
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
            requested: || actions.iter().map(|action| action.path().clone()).collect(),
        })
    }
}
