//! `db.batch_get(keys)`: items by key, of one model or of several, in the caller's order.

use crate::limits::{self, Keys};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;

use aws_sdk_dynamodb::types::KeysAndAttributes;

use super::Sending;
use crate::attribute_path::AttributePath;
use crate::error::{EncodeError, Error, Leftover, LeftoverKind, Operation, Origin};
use crate::expression::{Expressions, IntoProjection, Projection, Rendered};
use crate::index::ReadItem;
use crate::item::key_id;
use crate::item::{RawItem, StoredItem};
use crate::partial::Partial;
use crate::request::{BatchGetItem, Call, batch_get};
use crate::{Db, Model, ModelKey};

/// Keys per BatchGetItem request, DynamoDB's limit.
const KEYS_PER_REQUEST: usize = 100;

/// The keys of one model (any `IntoIterator` of its key type): `db.batch_get(vec![..])`. The
/// compiler picks it; nobody names it.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// fn batch<K: aiodynamo::BatchKeys<aiodynamo::OneModel>>(keys: K) -> K { keys }
/// let keys = batch(vec![User::key("u1")]);
/// # let _ = keys;
/// ```
pub enum OneModel {}
/// A tuple of key collections of several models: `db.batch_get((user_keys, order_keys))`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String }
/// fn batch<K: aiodynamo::BatchKeys<aiodynamo::SeveralModels>>(keys: K) -> K { keys }
/// let keys = batch((vec![User::key("u1")], [Order::key("o1")]));
/// # let _ = keys;
/// ```
pub enum SeveralModels {}

/// Keys of one model of a batch get, encoded, with where their table's items decode.
#[doc(hidden)]
pub struct KeyGroup {
    table: String,
    key_names: Vec<&'static str>,
    keys: Vec<Result<RawItem, EncodeError>>,
}

fn group<M: Model, K: ModelKey<Model = M>>(db: &Db, keys: impl IntoIterator<Item = K>) -> KeyGroup {
    let schema = M::SCHEMA;
    KeyGroup {
        table: db.table_name::<M>(),
        key_names: [
            Some(schema.hash_key.name),
            schema.range_key.map(|key| key.name),
        ]
        .into_iter()
        .flatten()
        .collect(),
        keys: keys.into_iter().map(|key| key.to_item()).collect(),
    }
}

fn decode<M, T: ReadItem<M>>(
    found: Vec<Option<RawItem>>,
    requested: &[AttributePath],
    origin: &dyn Fn() -> Origin,
) -> Result<Vec<Option<T>>, Error> {
    found
        .into_iter()
        .map(|item| {
            item.map(|item| T::read(item, requested, origin))
                .transpose()
        })
        .collect()
}

/// What `db.batch_get(..)` takes (see [`OneModel`] and [`SeveralModels`] for examples): the keys of one model (`Vec<UserKey>`, an iterator, ...) or a
/// tuple of such collections of several models; `Marker` is [`OneModel`] or [`SeveralModels`].
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
/// let users: Vec<Option<User>> = db.batch_get([User::key("u1"), User::key("u2")]).send().await?;
/// let (users, orders): (Vec<Option<User>>, Vec<Option<Order>>) = db
///     .batch_get((vec![User::key("u1")], vec![Order::key("o1")]))
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
pub trait BatchKeys<Marker> {
    /// What `send` returns: `Vec<Option<M>>`, or a tuple of them.
    type Output;
    /// The keys, grouped by model.
    #[doc(hidden)]
    fn groups(self, db: &Db) -> Vec<KeyGroup>;
    /// The items found, group by group in the keys' order, decoded.
    #[doc(hidden)]
    fn output(
        found: Vec<Vec<Option<RawItem>>>,
        origin: &dyn Fn() -> Origin,
    ) -> Result<Self::Output, Error>;
}

impl<I, K> BatchKeys<OneModel> for I
where
    I: IntoIterator<Item = K>,
    K: ModelKey,
{
    type Output = Vec<Option<K::Model>>;

    fn groups(self, db: &Db) -> Vec<KeyGroup> {
        vec![group(db, self)]
    }

    fn output(
        found: Vec<Vec<Option<RawItem>>>,
        origin: &dyn Fn() -> Origin,
    ) -> Result<Self::Output, Error> {
        decode(found.into_iter().next().unwrap_or_default(), &[], origin)
    }
}

macro_rules! tuple_keys {
    ($($keys:ident $key:ident),+) => {
        impl<$($keys, $key),+> BatchKeys<SeveralModels> for ($($keys,)+)
        where
            $($keys: IntoIterator<Item = $key>, $key: ModelKey,)+
        {
            type Output = ($(Vec<Option<$key::Model>>,)+);

            #[allow(non_snake_case)]
            fn groups(self, db: &Db) -> Vec<KeyGroup> {
                let ($($keys,)+) = self;
                vec![$(group(db, $keys)),+]
            }

            fn output(
                found: Vec<Vec<Option<RawItem>>>,
                origin: &dyn Fn() -> Origin,
            ) -> Result<Self::Output, Error> {
                let mut found = found.into_iter();
                Ok(($(decode::<$key::Model, $key::Model>(found.next().unwrap_or_default(), &[], origin)?,)+))
            }
        }
    };
}
tuple_keys!(A KA);
tuple_keys!(A KA, B KB);
tuple_keys!(A KA, B KB, C KC);
tuple_keys!(A KA, B KB, C KC, D KD);

/// Reads items by key, of one model (`Vec<Option<M>>` in the keys' order) or of several (a tuple
/// of such vectors): split into requests of 100 keys, sent [`concurrency`](Self::concurrency) at
/// a time, and the keys DynamoDB leaves unprocessed retried under the `Db`'s retry policy. Made
/// by [`Db::batch_get`].
///
/// The same key twice is [`Error::InvalidRequest`] before anything is sent; keys still unread
/// when the attempts run out are [`Error::Unprocessed`].
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let users: Vec<Option<User>> = db.batch_get([User::key("u1"), User::key("u2")]).send().await?;
/// let (users, orders) = db
///     .batch_get((vec![User::key("u1")], vec![Order::key("o1")]))
///     .consistent_read(true)
///     .send()
///     .await?;
/// let names: Vec<Option<Partial<User>>> = db
///     .batch_get([User::key("u1")])
///     .projection((attr!(User, name),))
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct BatchGet<K, Marker, P = ()> {
    db: Db,
    sending: Sending,
    keys: K,
    consistent_read: bool,
    /// `()`, or the attributes to read.
    projection: P,
    marker: PhantomData<fn() -> Marker>,
}

impl<K: BatchKeys<Marker>, Marker> BatchGet<K, Marker> {
    pub(crate) fn new(db: &Db, keys: K) -> Self {
        BatchGet {
            db: db.clone(),
            sending: Sending::new(db.retry_policy()),
            keys,
            consistent_read: false,
            projection: (),
            marker: PhantomData,
        }
    }

    /// Sends the batch: the items of every group, in the keys' order, `None` where there is no
    /// such item.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let keys = ["u1", "u2", "u3"].map(User::key);
    /// let users: Vec<Option<User>> = db.batch_get(keys).send().await?;
    /// assert_eq!(users.len(), 3); // one per key, in order
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<K::Output, Error> {
        let groups = self.keys.groups(&self.db);
        let tables: Vec<String> = groups.iter().map(|group| group.table.clone()).collect();
        let found = fetch(&self.db, &self.sending, self.consistent_read, groups, None).await?;
        K::output(found, &|| {
            Origin::with_tables(BatchGetItem::OPERATION, tables.iter().cloned())
        })
    }
}

impl<I, K, M> BatchGet<I, OneModel>
where
    I: IntoIterator<Item = K>,
    K: ModelKey<Model = M>,
    M: Model,
{
    /// Reads only these attributes (and the keys); the items become `Partial`s.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let names: Vec<Option<Partial<User>>> = db
    ///     .batch_get([User::key("u1"), User::key("u2")])
    ///     .projection([attr!(User, name).into()])
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn projection(
        self,
        paths: impl IntoProjection<M>,
    ) -> BatchGet<I, OneModel, Vec<Projection<M>>> {
        BatchGet {
            db: self.db,
            sending: self.sending,
            keys: self.keys,
            consistent_read: self.consistent_read,
            projection: paths.into_projection(),
            marker: PhantomData,
        }
    }
}

impl<I, K, M> BatchGet<I, OneModel, Vec<Projection<M>>>
where
    I: IntoIterator<Item = K>,
    K: ModelKey<Model = M>,
    M: Model,
{
    /// Sends the batch: the projected attributes of each item, in the keys' order.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let partials = db.batch_get([User::key("u1")]).projection(attr!(User, logins)).send().await?;
    /// for partial in partials.into_iter().flatten() {
    ///     let logins: Option<u64> = partial.get(attr!(User, logins))?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Option<Partial<M>>>, Error> {
        let requested = Projection::paths(&self.projection);
        let groups = vec![group(&self.db, self.keys)];
        let table = groups[0].table.clone();
        let origin = || Origin::new(BatchGetItem::OPERATION, table.clone());
        // The keys are read too: they place each item returned.
        let mut paths = self.projection;
        for name in &groups[0].key_names {
            let key = AttributePath::from(*name);
            if !paths.iter().any(|path| *path.path() == key) {
                paths.push(Projection::from_raw(key));
            }
        }
        let expressions = Expressions {
            projection: Some(&paths),
            ..Expressions::default()
        };
        let rendered = expressions
            .render()
            .map_err(|invalid| origin().invalid(invalid))?;
        let found = fetch(
            &self.db,
            &self.sending,
            self.consistent_read,
            groups,
            Some(&rendered),
        )
        .await?;
        decode(
            found.into_iter().next().unwrap_or_default(),
            &requested,
            &origin,
        )
    }
}

impl<K, Marker, P> BatchGet<K, Marker, P> {
    /// Strongly consistent reads (twice the read capacity).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let users: Vec<Option<User>> = db.batch_get([User::key("u1")]).consistent_read(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = consistent;
        self
    }

    /// Requests in flight at once (8 unless set).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// // 1000 keys are 10 requests; at most 2 in flight at once.
    /// let keys = (0..1000).map(|n| User::key(format!("u{n}")));
    /// let users: Vec<Option<User>> = db.batch_get(keys).concurrency(2).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.sending.concurrency = requests.max(1);
        self
    }

    /// Attempts in all for keys DynamoDB leaves unprocessed, for a throttled request, and
    /// for a request that went unanswered (the `Db`'s retry policy unless set).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let users = db.batch_get([User::key("u1")]).max_attempts(10).send().await;
    /// if let Err(aiodynamo::Error::Unprocessed { leftovers, .. }) = &users {
    ///     println!("{} keys still unread", leftovers.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.sending.policy = self.sending.policy.max_attempts(attempts);
        self
    }
}

/// OneModel table of a batch get: its name, key attributes, and where each key's item goes.
struct Table {
    name: String,
    key_names: Vec<&'static str>,
    /// A key's identity to its group and position there.
    places: HashMap<Vec<u8>, (usize, usize)>,
}

/// Reads every key of `groups` (with `projection`'s expression, if any): per group, the items
/// in the keys' order.
async fn fetch(
    db: &Db,
    sending: &Sending,
    consistent_read: bool,
    groups: Vec<KeyGroup>,
    projection: Option<&Rendered>,
) -> Result<Vec<Vec<Option<RawItem>>>, Error> {
    let mut tables: Vec<Table> = Vec::new();
    let mut pending: Vec<(usize, RawItem)> = Vec::new();
    let mut results: Vec<Vec<Option<RawItem>>> = Vec::with_capacity(groups.len());
    for (group_index, group) in groups.into_iter().enumerate() {
        let table = match tables.iter().position(|table| table.name == group.table) {
            Some(position) => position,
            None => {
                tables.push(Table {
                    name: group.table,
                    key_names: group.key_names,
                    places: HashMap::new(),
                });
                tables.len() - 1
            }
        };
        results.push(vec![None; group.keys.len()]);
        let this = &mut tables[table];
        let origin = || Origin::new(BatchGetItem::OPERATION, this.name.clone());
        for (position, key) in group.keys.into_iter().enumerate() {
            let key = key.map_err(|source| Error::Encode {
                origin: origin(),
                source,
            })?;
            let keys = Keys {
                hash: this.key_names.first().copied(),
                range: this.key_names.get(1).copied(),
            };
            if let Err(message) = limits::check_item(&key, keys, false) {
                return Err(Error::InvalidRequest {
                    origin: origin(),
                    message,
                });
            }
            let id = key_id(&key, &this.key_names);
            let duplicate =
                id.is_some_and(|id| this.places.insert(id, (group_index, position)).is_some());
            if duplicate {
                return Err(Error::InvalidRequest {
                    origin: origin(),
                    message:
                        "the same key twice in one batch: DynamoDB refuses it, so nothing was sent"
                            .into(),
                });
            }
            pending.push((table, key));
        }
    }
    let names: Vec<String> = tables.iter().map(|table| table.name.clone()).collect();
    let results = Mutex::new(results);
    let client = db.client();
    let (tables, names, results_ref) = (&tables, &names, &results);
    let left = sending
        .rounds(pending, KEYS_PER_REQUEST, |chunk| async move {
            let mut keys: Vec<Vec<RawItem>> = vec![Vec::new(); tables.len()];
            for (table, key) in chunk {
                keys[table].push(key);
            }
            let mut request = HashMap::new();
            for (table, keys) in keys
                .into_iter()
                .enumerate()
                .filter(|(_, keys)| !keys.is_empty())
            {
                let keys_and_attributes = KeysAndAttributes::builder()
                    .set_keys(Some(keys))
                    .consistent_read(consistent_read)
                    .set_projection_expression(
                        projection.and_then(|rendered| rendered.projection_expression.clone()),
                    )
                    .set_expression_attribute_names(
                        projection
                            .map(|rendered| rendered.names.clone())
                            .filter(|names| !names.is_empty()),
                    )
                    .build()
                    .map_err(|error| Error::InvalidRequest {
                        origin: Origin::new(BatchGetItem::OPERATION, names[table].clone()),
                        message: error.to_string(),
                    })?;
                request.insert(names[table].clone(), keys_and_attributes);
            }
            let gotten = batch_get(client, request, names).await?;
            place(tables, results_ref, gotten.items);
            Ok(gotten
                .unprocessed
                .into_iter()
                .flat_map(|(name, unread)| {
                    let table = names.iter().position(|known| *known == name);
                    unread
                        .keys
                        .into_iter()
                        .filter_map(move |key| table.map(|table| (table, key)))
                })
                .collect())
        })
        .await?;
    if !left.is_empty() {
        let leftovers = left
            .into_iter()
            .map(|(table, key)| Leftover {
                table: names[table].clone(),
                kind: LeftoverKind::Get,
                item: StoredItem::new(key),
            })
            .collect();
        return Err(Error::Unprocessed {
            origin: Origin::with_tables(Operation::BatchGetItem, names.iter().cloned()),
            leftovers,
        });
    }
    Ok(results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner()))
}

/// Puts each item a request returned where its key was asked for.
fn place(
    tables: &[Table],
    results: &Mutex<Vec<Vec<Option<RawItem>>>>,
    items: HashMap<String, Vec<RawItem>>,
) {
    // Placing cannot panic, so the lock is never poisoned; taking it either way is safe.
    let mut results = results
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for (name, items) in items {
        let Some(table) = tables.iter().find(|table| table.name == name) else {
            continue;
        };
        for item in items {
            let place = key_id(&item, &table.key_names).and_then(|id| table.places.get(&id));
            if let Some(&(group, position)) = place {
                results[group][position] = Some(item);
            }
        }
    }
}

/// Batch gets start here.
impl Db {
    /// Reads items by key: the keys of one model, or a tuple of key collections of several. See
    /// [`BatchGet`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let users: Vec<Option<User>> = db.batch_get(vec![User::key("u1"), User::key("u2")]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_get<K: BatchKeys<Marker>, Marker>(&self, keys: K) -> BatchGet<K, Marker> {
        BatchGet::new(self, keys)
    }
}
