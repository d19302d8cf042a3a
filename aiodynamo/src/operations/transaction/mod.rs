//! Transactions: writes applied all or none ([`WriteTransaction`]), and reads as of one moment
//! ([`GetTransaction`]).
//!
//! ```no_run
//! # use aiodynamo::prelude::*;
//! # #[table("users", hash_key = "user_id")]
//! # #[derive(serde::Serialize, serde::Deserialize)]
//! # struct User { user_id: String, name: String, logins: u64 }
//! # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
//! db.transact_write()
//!     .push(db.update(User::key("u1"), [attr!(User, logins).add(1)]))
//!     .push(db.check(User::key("u2"), attr!(User, name).exists()))
//!     .send()
//!     .await?;
//! let (u1, u2): (Option<User>, Option<User>) = db.transact_get((User::key("u1"), User::key("u2"))).send().await?;
//! # Ok(()) }
//! ```

mod get;
mod write;

pub use get::{
    GetTransaction, KeysOfModels, KeysOfOneModel, ProjectedGetTransaction, TransactGetKeys,
};
pub use write::{TransactItem, WriteTransaction};

#[doc(hidden)]
pub use get::Gets;
#[doc(hidden)]
pub use write::Entry;

use crate::Db;
use crate::error::{Error, Operation, Origin};

/// DynamoDB's limit on the items of one transaction.
const MAX_ITEMS: usize = 100;

/// The transactions start here.
impl Db {
    /// A write transaction: puts, updates, deletes and condition checks, applied all or none.
    /// See [`WriteTransaction`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// db.transact_write()
    ///     .push(db.update(User::key("u1"), [attr!(User, logins).add(1)]))
    ///     .push(db.delete(User::key("u2")).condition(attr!(User, logins).eq(0)))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn transact_write(&self) -> WriteTransaction {
        WriteTransaction::new(self)
    }

    /// Reads items of several models (a tuple of keys) or of one model (any iterable of keys)
    /// as of one moment, in the order of `keys`. See [`GetTransaction`].
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # #[table("carts", hash_key = "cart_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Cart { cart_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// let (user, cart): (Option<User>, Option<Cart>) =
    ///     db.transact_get((User::key("u1"), Cart::key("c1"))).send().await?;
    /// let users: Vec<Option<User>> = db.transact_get(vec![User::key("u1"), User::key("u2")]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn transact_get<K: TransactGetKeys<Marker>, Marker>(
        &self,
        keys: K,
    ) -> GetTransaction<K, Marker> {
        GetTransaction::new(self, keys)
    }
}

/// Each table once, in the order first named.
fn distinct(tables: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut distinct: Vec<String> = Vec::new();
    for table in tables {
        if !distinct.contains(&table) {
            distinct.push(table);
        }
    }
    distinct
}

/// The error of a transaction found invalid before sending.
fn invalid(operation: Operation, tables: &[String], message: String) -> Error {
    Error::InvalidRequest {
        origin: Origin::with_tables(operation, tables),
        message,
    }
}

/// Two items on one key of one table (DynamoDB refuses them), named by their positions: the key's
/// values are user data and stay out of the message. `target` gives an item's table and key.
fn same_key<T>(items: &[T], target: impl Fn(&T) -> (&String, &crate::RawItem)) -> Option<String> {
    // Each item's table and key identity (numbers compared by value, as DynamoDB does).
    let ids: Vec<_> = items
        .iter()
        .map(|item| {
            let (table, key) = target(item);
            let mut names: Vec<&str> = key.keys().map(String::as_str).collect();
            names.sort_unstable();
            (table, crate::item::key_id(key, &names))
        })
        .collect();
    ids.iter().enumerate().find_map(|(later, (table, id))| {
        id.as_ref()?;
        let earlier = ids[..later]
            .iter()
            .position(|other| other.0 == *table && other.1 == *id)?;
        Some(format!(
            "items {earlier} and {later} act on one item of table `{table}`: a transaction may act on each item once"
        ))
    })
}
