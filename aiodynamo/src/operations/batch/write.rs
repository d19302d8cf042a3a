//! `db.batch_write()`: puts and deletes of any models, in any number.

use std::collections::{HashMap, HashSet};

use aws_sdk_dynamodb::types::WriteRequest;

use super::Sending;
use crate::error::{Error, Leftover, LeftoverKind, Operation, Origin};
use crate::item::StoredItem;
use crate::item::key_id;
use crate::request::{BatchWriteItem, Call, batch_write};
use crate::{Db, Model, ModelKey};

/// Writes per BatchWriteItem request, DynamoDB's limit.
const WRITES_PER_REQUEST: usize = 25;

/// Puts and deletes of any models, in any number: split into requests of 25, sent
/// [`concurrency`](Self::concurrency) at a time, and what DynamoDB leaves unprocessed retried
/// under the `Db`'s retry policy. Made by [`Db::batch_write`].
///
/// The same key twice (in one table) is [`Error::InvalidRequest`] before anything is sent; what
/// is still unprocessed when the attempts run out is [`Error::Unprocessed`], exactly those puts
/// and deletes. A batch write has no conditions: use a transaction for those.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String }
/// # async fn example(db: Db, users: Vec<User>) -> Result<(), aiodynamo::Error> {
/// db.batch_write()
///     .put_all(&users)
///     .delete(Order::key("o1"))
///     .concurrency(4)
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct BatchWrite {
    db: Db,
    sending: Sending,
    /// The tables written to, in first-use order; writes name them by position.
    tables: Vec<String>,
    writes: Vec<Write>,
    /// Every key written so far, by table: the same key twice is refused.
    keys: HashSet<(usize, Vec<u8>)>,
    /// The first write that could not be prepared, reported by `send`.
    invalid: Option<Error>,
}

/// One put or delete, and its table.
#[derive(Clone)]
struct Write {
    table: usize,
    request: WriteRequest,
}

impl BatchWrite {
    pub(crate) fn new(db: &Db) -> Self {
        BatchWrite {
            db: db.clone(),
            sending: Sending::new(db.retry_policy()),
            tables: Vec::new(),
            writes: Vec::new(),
            keys: HashSet::new(),
            invalid: None,
        }
    }

    /// Adds a prepared write of model `M`; `key` is the item (a put) or key (a delete), for
    /// finding duplicates.
    fn add<M: Model>(&mut self, prepared: Result<(String, WriteRequest), Error>) {
        if self.invalid.is_some() {
            return;
        }
        let (table, request) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => {
                self.invalid = Some(error);
                return;
            }
        };
        let position = match self.tables.iter().position(|known| *known == table) {
            Some(position) => position,
            None => {
                self.tables.push(table);
                self.tables.len() - 1
            }
        };
        let item = request
            .put_request()
            .map(|put| put.item())
            .or_else(|| request.delete_request().map(|delete| delete.key()));
        let schema = M::SCHEMA;
        let id = item.and_then(|item| match schema.range_key {
            Some(range) => key_id(item, &[schema.hash_key.name, range.name]),
            None => key_id(item, &[schema.hash_key.name]),
        });
        if let Some(id) = id
            && !self.keys.insert((position, id))
        {
            self.invalid = Some(Error::InvalidRequest {
                origin: Origin::new(Operation::BatchWriteItem, self.tables[position].clone()),
                message:
                    "the same key twice in one batch: DynamoDB refuses it, so nothing was sent"
                        .into(),
            });
            return;
        }
        self.writes.push(Write {
            table: position,
            request,
        });
    }

    /// Puts `item`, replacing any item with its key. Items of a `#[version]` model are refused
    /// (`Error::InvalidRequest` at `send`): a batch write can neither check nor bump a version.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, total: u64 }
    /// # async fn example(db: Db, user: User, order: Order) -> Result<(), aiodynamo::Error> {
    /// db.batch_write().put(&user).put(&order).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn put<M: Model>(mut self, item: &M) -> Self {
        if M::SCHEMA.version.is_some() {
            self.invalid.get_or_insert_with(|| Error::InvalidRequest {
                origin: Origin::new(Operation::BatchWriteItem, self.db.table_name::<M>()),
                message: "items of a `#[version]` model are written with `put` or a transaction: \
                          a batch write can neither check nor bump their version"
                    .into(),
            });
            return self;
        }
        let prepared = self.db.put(item).prepare();
        self.add::<M>(prepared.and_then(|prepared| prepared.into_table_and_write_request()));
        self
    }

    /// Puts every item of `items`.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, users: Vec<User>) -> Result<(), aiodynamo::Error> {
    /// db.batch_write().put_all(&users).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn put_all<'a, M: Model>(mut self, items: impl IntoIterator<Item = &'a M>) -> Self {
        for item in items {
            self = self.put(item);
        }
        self
    }

    /// Deletes the item with `key` (a missing item is not an error).
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
    /// db.batch_write().delete(User::key("u1")).delete(Order::key("o1")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete<K: ModelKey>(mut self, key: K) -> Self {
        let prepared = self.db.delete(key).prepare();
        self.add::<K::Model>(prepared.and_then(|prepared| prepared.into_table_and_write_request()));
        self
    }

    /// Deletes the items with these keys.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.batch_write().delete_all(["u1", "u2"].map(User::key)).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete_all<K: ModelKey>(mut self, keys: impl IntoIterator<Item = K>) -> Self {
        for key in keys {
            self = self.delete(key);
        }
        self
    }

    /// Requests in flight at once (8 unless set).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, users: Vec<User>) -> Result<(), aiodynamo::Error> {
    /// db.batch_write().put_all(&users).concurrency(4).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.sending.concurrency = requests.max(1);
        self
    }

    /// Attempts in all for what DynamoDB leaves unprocessed, for a throttled request, and
    /// for a request that went unanswered (the `Db`'s retry policy unless set).
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, users: Vec<User>) -> Result<(), aiodynamo::Error> {
    /// match db.batch_write().put_all(&users).max_attempts(3).send().await {
    ///     Err(aiodynamo::Error::Unprocessed { leftovers, .. }) => println!("{} writes left", leftovers.len()),
    ///     other => other?,
    /// }
    /// # Ok(()) }
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.sending.policy = self.sending.policy.max_attempts(attempts);
        self
    }

    /// Writes everything: `Ok` once every put and delete is applied.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, user: User) -> Result<(), aiodynamo::Error> {
    /// db.batch_write().put(&user).delete(User::key("u0")).send().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<(), Error> {
        if let Some(invalid) = self.invalid {
            return Err(invalid);
        }
        let BatchWrite {
            db,
            sending,
            tables,
            writes,
            ..
        } = self;
        let client = db.client();
        let tables = &tables;
        let left = sending
            .rounds(writes, WRITES_PER_REQUEST, |chunk| async move {
                let mut request: HashMap<String, Vec<WriteRequest>> = HashMap::new();
                for write in chunk {
                    let table = &tables[write.table];
                    match request.get_mut(table) {
                        Some(requests) => requests.push(write.request),
                        None => {
                            request.insert(table.clone(), vec![write.request]);
                        }
                    }
                }
                let unprocessed = batch_write(client, request, tables).await?;
                Ok(unprocessed
                    .into_iter()
                    .flat_map(|(table, requests)| {
                        let position = tables.iter().position(|known| *known == table);
                        requests.into_iter().filter_map(move |request| {
                            position.map(|table| Write { table, request })
                        })
                    })
                    .collect())
            })
            .await?;
        if left.is_empty() {
            return Ok(());
        }
        let leftovers = left
            .into_iter()
            .filter_map(|write| {
                let table = tables[write.table].clone();
                let (kind, item) = match (write.request.put_request, write.request.delete_request) {
                    (Some(put), _) => (LeftoverKind::Put, put.item),
                    (None, Some(delete)) => (LeftoverKind::Delete, delete.key),
                    (None, None) => return None,
                };
                Some(Leftover {
                    table,
                    kind,
                    item: StoredItem::new(item),
                })
            })
            .collect();
        Err(Error::Unprocessed {
            origin: Origin::with_tables(BatchWriteItem::OPERATION, tables.iter().cloned()),
            leftovers,
        })
    }
}

/// Batches start here.
impl Db {
    /// Puts and deletes of any models, in any number. See [`BatchWrite`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db, users: Vec<User>) -> Result<(), aiodynamo::Error> {
    /// db.batch_write().put_all(&users).delete(User::key("u0")).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_write(&self) -> BatchWrite {
        BatchWrite::new(self)
    }
}
