//! TransactWriteItems: the single-item writes and condition checks, applied all or none.

use super::{MAX_ITEMS, distinct, invalid, same_key};
use crate::error::{Error, Operation, Origin};
use crate::item::RawItem;
use crate::operations::item::return_values::NoValues;
use crate::operations::item::{Write, WriteKind};
use crate::request::{self, Prepared, TransactWriteItems, random_token};
use crate::{Db, Model};

/// Puts, updates, deletes and condition checks applied all or none, in one request. Made by
/// [`Db::transact_write`].
///
/// Its items are the single-item builders [`Db::put`], [`Db::update`], [`Db::delete`] (with
/// their conditions, returning nothing) and [`Db::check`]. Each is encoded and checked when
/// pushed; a request that cannot be sent fails `send` before anything is sent. So do more than
/// 100 items and two items on one key (of one table).
///
/// When a condition fails, or DynamoDB cancels the transaction for another reason, nothing is
/// applied and `send` returns [`Error::TransactionCanceled`] with one
/// [`CancellationReason`](crate::CancellationReason) per item, in the order pushed.
///
/// Every `send` carries a client request token (random unless set with
/// [`client_request_token`](Self::client_request_token)), so the SDK's own retries of a request
/// whose answer was lost apply it once.
///
/// ```no_run
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, name: String, logins: u64 }
/// # #[table("carts", hash_key = "cart_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Cart { cart_id: String }
/// # async fn example(db: Db, user: User) -> Result<(), aiodynamo::Error> {
/// db.transact_write()
///     .push(db.put(&user).condition(attr!(User, user_id).not_exists()))
///     .push(db.update(User::key("u2"), [attr!(User, logins).add(1)]))
///     .push(db.delete(Cart::key("c1")))
///     .push(db.check(User::key("u3"), attr!(User, name).exists()))
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct WriteTransaction {
    db: Db,
    /// The items prepared so far, or the first that could not be.
    items: Result<Vec<Entry>, Error>,
    /// How many items were pushed (also after one failed to prepare).
    pushed: usize,
    token: Option<String>,
}

/// One prepared item of a transaction: its table and key (to refuse two items on one key) and
/// the SDK's item.
#[doc(hidden)]
pub struct Entry {
    table: String,
    key: RawItem,
    item: aws_sdk_dynamodb::types::TransactWriteItem,
}

/// A single-item write that can be an item of a [`WriteTransaction`]: a put, update or delete
/// returning nothing, or a condition check.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String, logins: u64 }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// fn removals(db: &Db, ids: &[&str]) -> Vec<impl aiodynamo::TransactItem> {
///     ids.iter().map(|id| db.delete(User::key(*id))).collect()
/// }
/// let transaction = db.transact_write().extend(removals(&db, &["u1", "u2"]));
/// assert_eq!(transaction.prepare()?.len(), 2);
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an item of a transaction",
    label = "a transaction item returns nothing: remove `.return_values(..)` or use `ReturnValues::None`",
    note = "transaction items are `db.put(..)`, `db.update(..)`, `db.delete(..)` returning `ReturnValues::None`, and `db.check(..)`: DynamoDB's TransactWriteItems returns no attributes"
)]
pub trait TransactItem {
    /// The item prepared: encoded, rendered and checked.
    #[doc(hidden)]
    fn into_entry(self) -> Result<Entry, Error>;
}

impl<W, M> TransactItem for Write<W, M, NoValues>
where
    W: WriteKind + request::TransactWrite,
    M: Model,
{
    fn into_entry(self) -> Result<Entry, Error> {
        let prepared = self.prepare()?;
        let table = prepared.table().to_owned();
        let key = key_attributes::<M>(prepared.item());
        let item = prepared.into_transact_write_item()?;
        Ok(Entry { table, key, item })
    }
}

/// The key attributes of an item of `M` (a put's item holds more than its key).
fn key_attributes<M: Model>(item: &RawItem) -> RawItem {
    let range = M::SCHEMA.range_key.map(|range| range.name);
    item.iter()
        .filter(|(name, _)| *name == M::SCHEMA.hash_key.name || Some(name.as_str()) == range)
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

/// A client request token DynamoDB accepts: 1 to 36 characters.
const TOKEN_LENGTH: std::ops::RangeInclusive<usize> = 1..=36;

impl WriteTransaction {
    pub(crate) fn new(db: &Db) -> Self {
        WriteTransaction {
            db: db.clone(),
            items: Ok(Vec::new()),
            pushed: 0,
            token: None,
        }
    }

    /// Adds an item: `db.put(..)`, `db.update(..)` or `db.delete(..)` (with its conditions,
    /// returning nothing) or `db.check(key, condition)`. It is encoded and checked now; an item
    /// that cannot be sent makes `send` fail before anything is sent.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let transaction = db
    ///     .transact_write()
    ///     .push(db.put(&User { user_id: "u1".into(), name: "Alice".into(), logins: 0 }))
    ///     .push(db.update(User::key("u2"), [attr!(User, logins).add(1)]))
    ///     .push(db.check(User::key("u3"), attr!(User, name).exists()));
    /// assert_eq!(transaction.prepare()?.len(), 3);
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn push(mut self, item: impl TransactItem) -> Self {
        self.pushed += 1;
        if self.pushed <= MAX_ITEMS
            && let Ok(items) = &mut self.items
        {
            match item.into_entry() {
                Ok(entry) => items.push(entry),
                Err(error) => self.items = Err(error),
            }
        }
        self
    }

    /// Adds many items of one kind, in order (e.g. a `Vec` of puts).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let users = [User { user_id: "u1".into() }, User { user_id: "u2".into() }];
    /// let transaction = db.transact_write().extend(users.iter().map(|user| db.put(user)));
    /// assert_eq!(transaction.prepare()?.len(), 2);
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn extend<T: TransactItem>(self, items: impl IntoIterator<Item = T>) -> Self {
        items.into_iter().fold(self, WriteTransaction::push)
    }

    /// Sets the idempotency token (1 to 36 characters): DynamoDB applies a transaction sent
    /// again with the same token within 10 minutes only once. Without it, each `send` makes a
    /// random one, which the SDK's retries of that request share.
    ///
    /// ```
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// # #[aiodynamo::table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// let transaction = db
    ///     .transact_write()
    ///     .push(db.delete(User::key("u1")))
    ///     .client_request_token("order-7-payment");
    /// assert_eq!(transaction.prepare()?.client_request_token(), "order-7-payment");
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn client_request_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Checks the transaction and gives the request, sending nothing: the first item that
    /// could not be prepared, no items, more than 100, two items on one key, or a token
    /// DynamoDB would refuse are an error here. Without a token set, a random one is made.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let same_key_twice = db
    ///     .transact_write()
    ///     .push(db.delete(User::key("u1")))
    ///     .push(db.update(User::key("u1"), [attr!(User, logins).add(1)]))
    ///     .prepare();
    /// assert!(matches!(same_key_twice, Err(aiodynamo::Error::InvalidRequest { .. })));
    /// ```
    pub fn prepare(self) -> Result<Prepared<TransactWriteItems>, Error> {
        self.prepare_with_tables().map(|(prepared, _)| prepared)
    }

    /// The request and every table it writes (for its errors).
    fn prepare_with_tables(self) -> Result<(Prepared<TransactWriteItems>, Vec<String>), Error> {
        const OPERATION: Operation = Operation::TransactWriteItems;
        let items = self.items?;
        let tables = distinct(items.iter().map(|entry| entry.table.clone()));
        if self.pushed > MAX_ITEMS {
            let message = format!(
                "a transaction holds at most {MAX_ITEMS} items; this one has {}",
                self.pushed
            );
            return Err(invalid(OPERATION, &tables, message));
        }
        if items.is_empty() {
            let message = "a transaction needs at least one item".to_owned();
            return Err(invalid(OPERATION, &tables, message));
        }
        if let Some(message) = same_key(&items, |entry| (&entry.table, &entry.key)) {
            return Err(invalid(OPERATION, &tables, message));
        }
        let token = match self.token {
            Some(token) if !TOKEN_LENGTH.contains(&token.chars().count()) => {
                let message = format!(
                    "a client request token has 1 to 36 characters; this one has {}",
                    token.chars().count()
                );
                return Err(invalid(OPERATION, &tables, message));
            }
            Some(token) => token,
            None => random_token(),
        };
        let items = items.into_iter().map(|entry| entry.item).collect();
        let prepared = Prepared::transact_write(&tables, items, token)?;
        Ok((prepared, tables))
    }

    /// Sends the transaction: every item applied, or none. A cancelled transaction is
    /// [`Error::TransactionCanceled`], with a reason per item in the order pushed.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let result = db
    ///     .transact_write()
    ///     .push(db.update(User::key("u1"), [attr!(User, logins).add(1)]))
    ///     .push(db.check(User::key("u2"), attr!(User, name).exists()))
    ///     .send()
    ///     .await;
    /// if let Err(aiodynamo::Error::TransactionCanceled { reasons, .. }) = &result {
    ///     for (position, reason) in reasons.iter().enumerate() {
    ///         println!("item {position}: {:?}", reason.code());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<(), Error> {
        let db = self.db.clone();
        let (prepared, tables) = self.prepare_with_tables()?;
        let origin = || Origin::with_tables(Operation::TransactWriteItems, &tables);
        prepared.send(db.client(), origin).await
    }
}
