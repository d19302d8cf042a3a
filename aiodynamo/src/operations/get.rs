//! GetItem.

use std::marker::PhantomData;

use super::{Expressions, Prepared, sdk_error};
use crate::codec::{RawItem, from_item};
use crate::error::{EncodeError, Error, Operation};
use crate::expression::{Projection, Rendered};
use crate::partial::{Lists, Partial};
use crate::{Db, Model};

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
        Ok(item.map(|item| Partial::new(item, requested, Lists::Projected, request.origin())))
    }
}
