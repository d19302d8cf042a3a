//! TransactGetItems: reads of several items as of one moment, typed by their keys.

use std::marker::PhantomData;

use aws_sdk_dynamodb::types::TransactGetItem;

use super::{MAX_ITEMS, distinct, invalid, same_key};
use crate::codec::from_item;
use crate::error::{Error, Operation, Origin};
use crate::expression::{IntoProjection, Projection};
use crate::item::RawItem;
use crate::partial::{Lists, Partial};
use crate::request::{GetItem, Prepared};
use crate::{Db, Model, ModelKey};

/// Reads up to 100 items, of one model or several, as of one moment, in one request (each read
/// strongly consistent). Made by [`Db::transact_get`].
///
/// A tuple of keys of different models gives a tuple of `Option`s; any iterable of keys of one
/// model gives a `Vec<Option<M>>`; both in the order of the keys, `None` where there is no item.
/// More than 100 keys, or one key twice, is [`Error::InvalidRequest`] before anything is sent; no
/// keys at all send nothing and give an empty `Vec`.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String }
/// # #[table("orders", hash_key = "order_id", range_key = "created_at")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String, created_at: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let (user, order): (Option<User>, Option<Order>) =
///     db.transact_get((User::key("u1"), Order::key("o1", 7))).send().await?;
/// let users: Vec<Option<User>> =
///     db.transact_get(["u1", "u2"].map(User::key)).send().await?;
/// let names: Vec<Option<Partial<User>>> = db
///     .transact_get(["u1", "u2"].map(User::key))
///     .projection([attr!(User, name).into()])
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct GetTransaction<K, Marker> {
    db: Db,
    keys: K,
    marker: PhantomData<fn() -> Marker>,
}

/// A [`GetTransaction`] of keys of one model reading only some attributes: made by
/// [`GetTransaction::projection`], it gives `Vec<Option<Partial<M>>>`.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let read = db
///     .transact_get([User::key("u1"), User::key("u2")])
///     .projection((attr!(User, name), attr!(User, logins)))
///     .send()
///     .await?;
/// let logins: Vec<Option<u64>> = read
///     .iter()
///     .map(|partial| partial.as_ref().map(|p| p.get(attr!(User, logins))).transpose().map(Option::flatten))
///     .collect::<Result<_, _>>()?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct ProjectedGetTransaction<I, M> {
    db: Db,
    keys: I,
    projection: Vec<Projection<M>>,
}

/// The keys a [`GetTransaction`] reads: a tuple of keys of any models (up to 8), or any
/// iterable of keys of one model. `Marker` tells the two apart; it is inferred.
///
/// ```
/// use aiodynamo::TransactGetKeys;
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # #[table("carts", hash_key = "cart_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Cart { cart_id: String }
/// fn read_both<K: TransactGetKeys<M>, M>(keys: K) -> K { keys }
/// let _tuple = read_both((User::key("u1"), Cart::key("c1")));
/// let _many = read_both(vec![User::key("u1"), User::key("u2")]);
/// ```
pub trait TransactGetKeys<Marker> {
    /// What the read gives: a tuple of `Option`s, or a `Vec` of them.
    type Output;

    /// Prepares a get per key, in order.
    #[doc(hidden)]
    fn gets(self, db: &Db, gets: &mut Gets) -> Result<(), Error>;

    /// The items read, one per key in order, decoded.
    #[doc(hidden)]
    fn decode(
        items: Vec<Option<RawItem>>,
        origin: &dyn Fn() -> Origin,
    ) -> Result<Self::Output, Error>;
}

/// Marks the [`TransactGetKeys`] of an iterable of keys of one model `K::Model`; inferred, never
/// written (see [`TransactGetKeys`] for an example).
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// // `Marker` is `KeysOfOneModel<UserKey>` here, inferred.
/// let users: Vec<Option<User>> = db.transact_get(vec![User::key("u1"), User::key("u2")]).send().await?;
/// # Ok(()) }
/// ```
pub struct KeysOfOneModel<K>(PhantomData<fn() -> K>);

/// Marks the [`TransactGetKeys`] of a tuple of keys; inferred, never written (see
/// [`TransactGetKeys`] for an example).
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String, total: u64 }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// // `Marker` is `KeysOfModels` here, inferred.
/// let (user, order) = db.transact_get((User::key("u1"), Order::key("o1"))).send().await?;
/// # Ok(()) }
/// ```
pub struct KeysOfModels;

/// A read transaction's gets as they are prepared: at most 100.
#[doc(hidden)]
#[derive(Default)]
pub struct Gets {
    items: Vec<TransactGetItem>,
    /// Each get's table and key, to refuse two reads of one item.
    targets: Vec<(String, RawItem)>,
    /// More keys than a transaction holds were given.
    too_many: bool,
}

impl Gets {
    /// Adds a prepared get; past the limit, remembers only that there were too many.
    fn push(&mut self, get: Result<Prepared<GetItem>, Error>) -> Result<(), Error> {
        if self.items.len() == MAX_ITEMS {
            self.too_many = true;
            return Ok(());
        }
        let get = get?;
        self.targets
            .push((get.table().to_owned(), get.item().clone()));
        self.items.push(get.into_transact_get_item()?);
        Ok(())
    }

    /// Sends the gets: one item per key, in order.
    async fn send(self, db: &Db) -> Result<(Vec<Option<RawItem>>, Vec<String>), Error> {
        const OPERATION: Operation = Operation::TransactGetItems;
        let tables = distinct(self.targets.iter().map(|(table, _)| table.clone()));
        if self.too_many {
            let message = format!("a transaction reads at most {MAX_ITEMS} items");
            return Err(invalid(OPERATION, &tables, message));
        }
        if let Some(message) = same_key(&self.targets, |(table, key)| (table, key)) {
            return Err(invalid(OPERATION, &tables, message));
        }
        if self.items.is_empty() {
            return Ok((Vec::new(), tables));
        }
        let prepared = Prepared::transact_get(&tables, self.items)?;
        let origin = || Origin::with_tables(OPERATION, &tables);
        let items = prepared.send(db.client(), origin).await?;
        Ok((items, tables))
    }
}

/// An item read, decoded as `M`.
fn decode<M: Model>(
    item: Option<RawItem>,
    origin: &dyn Fn() -> Origin,
) -> Result<Option<M>, Error> {
    item.map(from_item)
        .transpose()
        .map_err(|source| Error::Decode {
            origin: origin(),
            source,
        })
}

impl<I, K> TransactGetKeys<KeysOfOneModel<K>> for I
where
    I: IntoIterator<Item = K>,
    K: ModelKey,
{
    type Output = Vec<Option<K::Model>>;

    fn gets(self, db: &Db, gets: &mut Gets) -> Result<(), Error> {
        for key in self {
            gets.push(db.get(key).prepare())?;
            if gets.too_many {
                break;
            }
        }
        Ok(())
    }

    fn decode(
        items: Vec<Option<RawItem>>,
        origin: &dyn Fn() -> Origin,
    ) -> Result<Self::Output, Error> {
        items.into_iter().map(|item| decode(item, origin)).collect()
    }
}

macro_rules! tuple_keys {
    ($($key:ident $value:ident),+) => {
        impl<$($key: ModelKey),+> TransactGetKeys<KeysOfModels> for ($($key,)+) {
            type Output = ($(Option<$key::Model>,)+);

            fn gets(self, db: &Db, gets: &mut Gets) -> Result<(), Error> {
                let ($($value,)+) = self;
                $(gets.push(db.get($value).prepare())?;)+
                Ok(())
            }

            fn decode(items: Vec<Option<RawItem>>, origin: &dyn Fn() -> Origin) -> Result<Self::Output, Error> {
                let mut items = items.into_iter();
                Ok(($(decode::<$key::Model>(items.next().flatten(), origin)?,)+))
            }
        }
    };
}
tuple_keys!(A a);
tuple_keys!(A a, B b);
tuple_keys!(A a, B b, C c);
tuple_keys!(A a, B b, C c, D d);
tuple_keys!(A a, B b, C c, D d, E e);
tuple_keys!(A a, B b, C c, D d, E e, F f);
tuple_keys!(A a, B b, C c, D d, E e, F f, G g);
tuple_keys!(A a, B b, C c, D d, E e, F f, G g, H h);

impl<K: TransactGetKeys<Marker>, Marker> GetTransaction<K, Marker> {
    pub(crate) fn new(db: &Db, keys: K) -> Self {
        GetTransaction {
            db: db.clone(),
            keys,
            marker: PhantomData,
        }
    }

    /// Sends the request: one `Option` per key, in the order of the keys.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, total: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let (user, order): (Option<User>, Option<Order>) =
    ///     db.transact_get((User::key("u1"), Order::key("o1"))).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<K::Output, Error> {
        let mut gets = Gets::default();
        self.keys.gets(&self.db, &mut gets)?;
        let (items, tables) = gets.send(&self.db).await?;
        K::decode(items, &|| {
            Origin::with_tables(Operation::TransactGetItems, &tables)
        })
    }
}

impl<I, K> GetTransaction<I, KeysOfOneModel<K>>
where
    I: IntoIterator<Item = K>,
    K: ModelKey,
{
    /// Reads only these attributes (an array of `.into()`s or a tuple of typed paths): the
    /// result becomes a `Vec<Option<Partial<M>>>`.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let names: Vec<Option<Partial<User>>> = db
    ///     .transact_get(["u1", "u2"].map(User::key))
    ///     .projection(attr!(User, name))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn projection(
        self,
        paths: impl IntoProjection<K::Model>,
    ) -> ProjectedGetTransaction<I, K::Model> {
        ProjectedGetTransaction {
            db: self.db,
            keys: self.keys,
            projection: paths.into_projection(),
        }
    }
}

impl<I, K> ProjectedGetTransaction<I, K::Model>
where
    I: IntoIterator<Item = K>,
    K: ModelKey,
{
    /// Sends the request: one `Option<Partial<M>>` per key, in the order of the keys.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let read = db.transact_get([User::key("u1")]).projection(attr!(User, logins)).send().await?;
    /// if let Some(Some(user)) = read.first() {
    ///     let logins: Option<u64> = user.get(attr!(User, logins))?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Option<Partial<K::Model>>>, Error> {
        let ProjectedGetTransaction {
            db,
            keys,
            projection,
        } = self;
        let mut gets = Gets::default();
        for key in keys {
            gets.push(db.get(key).projection(projection.clone()).prepare())?;
            if gets.too_many {
                break;
            }
        }
        let requested = Projection::paths(&projection);
        let (items, tables) = gets.send(&db).await?;
        Ok(items
            .into_iter()
            .map(|item| {
                let origin = Origin::with_tables(Operation::TransactGetItems, &tables);
                item.map(|item| Partial::new(item, requested.clone(), Lists::Projected, origin))
            })
            .collect())
    }
}
