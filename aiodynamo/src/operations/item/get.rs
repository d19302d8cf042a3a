//! GetItem.

use crate::limits::Keys;
use std::marker::PhantomData;

use crate::codec::from_item;
use crate::error::{EncodeError, Error, Origin};
use crate::expression::{Expressions, IntoProjection, Projection, Rendered};
use crate::item::RawItem;
use crate::partial::{Lists, Partial};
use crate::request::{Call, GetItem, Prepared};
use crate::{Db, Model};

/// Reads the whole item (`Option<M>`).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::{Full, Get};
/// let get: Get<User, Full> = db.get(User::key("u1")); // sends to `Option<User>`
/// # let _ = get;
/// ```
pub enum Full {}
/// Reads the projected attributes (`Option<Partial<M>>`).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// use aiodynamo::{Get, Projected};
/// let get: Get<User, Projected> = db.get(User::key("u1")).projection(attr!(User, name)); // `Option<Partial<User>>`
/// # let _ = get;
/// ```
pub enum Projected {}

/// Reads one item by key. Made by [`Db::get`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let user: Option<User> = db.get(User::key("u1")).consistent_read(true).send().await?;
/// let partial = db
///     .get(User::key("u1"))
///     .projection((attr!(User, name), attr!(User, logins)))
///     .send()
///     .await?;
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

impl<M> Get<M, Full> {
    pub(crate) fn new(db: &Db, key: Result<RawItem, EncodeError>) -> Self {
        Get {
            db: db.clone(),
            key,
            consistent_read: false,
            projection: None,
            read: PhantomData,
        }
    }
}

impl<M: Model, P> Get<M, P> {
    /// A strongly consistent read (twice the read capacity of the default, eventually consistent).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let fresh: Option<User> = db.get(User::key("u1")).consistent_read(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = consistent;
        self
    }

    /// Reads only these attributes (an array of `.into()`s or a tuple of typed paths); the
    /// result becomes an `Option<Partial<M>>`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let get = db.get(User::key("u1")).projection((attr!(User, name), attr!(User, logins)));
    /// assert_eq!(get.render()?.projection_expression.as_deref(), Some("#n0, #n1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn projection(self, paths: impl IntoProjection<M>) -> Get<M, Projected> {
        Get {
            db: self.db,
            key: self.key,
            consistent_read: self.consistent_read,
            projection: Some(paths.into_projection()),
            read: PhantomData,
        }
    }

    /// Encodes and renders the request and checks it, sending nothing.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let prepared = db.get(User::key("u1")).prepare()?;
    /// assert_eq!(prepared.table(), "users");
    /// let input = prepared.into_input(); // the SDK's GetItem builder
    /// assert_eq!(input.get_table_name().as_deref(), Some("users"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn prepare(self) -> Result<Prepared<GetItem>, Error> {
        let expressions = Expressions {
            projection: self.projection.as_deref(),
            ..Expressions::default()
        };
        Prepared::new(
            self.db.table_name::<M>(),
            self.key,
            Keys::of(&M::SCHEMA),
            || expressions.render(),
            self.consistent_read,
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
    /// let rendered = db.get(User::key("u1")).projection([attr!(User, name).into()]).render()?;
    /// assert_eq!(rendered.projection_expression.as_deref(), Some("#n0"));
    /// assert_eq!(rendered.names["#n0"], "name");
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn render(&self) -> Result<Rendered, Error> {
        let copy = Get::<M, P> {
            db: self.db.clone(),
            key: self.key.clone(),
            consistent_read: self.consistent_read,
            projection: self.projection.clone(),
            read: PhantomData,
        };
        copy.prepare().map(Prepared::into_expressions)
    }

    /// Sends the request: the item, if there is one.
    async fn fetch(self) -> Result<Option<RawItem>, Error> {
        let db = self.db.clone();
        self.prepare()?.send(db.client(), || origin::<M>(&db)).await
    }
}

/// A GetItem's origin, for its errors.
fn origin<M: Model>(db: &Db) -> Origin {
    Origin::new(GetItem::OPERATION, db.table_name::<M>())
}

impl<M: Model> Get<M, Full> {
    /// Sends the request: `None` when there is no such item.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// match db.get(User::key("u1")).send().await? {
    ///     Some(user) => println!("{}", user.name),
    ///     None => println!("no such user"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Option<M>, Error> {
        let db = self.db.clone();
        let item = self.fetch().await?;
        item.map(from_item)
            .transpose()
            .map_err(|source| Error::Decode {
                origin: origin::<M>(&db),
                source,
            })
    }
}

impl<M: Model> Get<M, Projected> {
    /// Sends the request: `None` when there is no such item.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let partial = db.get(User::key("u1")).projection(attr!(User, logins)).send().await?;
    /// if let Some(partial) = partial {
    ///     let logins: Option<u64> = partial.get(attr!(User, logins))?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Option<Partial<M>>, Error> {
        let requested = Projection::paths(self.projection.as_deref().unwrap_or_default());
        let db = self.db.clone();
        let item = self.fetch().await?;
        Ok(item.map(|item| Partial::new(item, requested, Lists::Projected, origin::<M>(&db))))
    }
}
