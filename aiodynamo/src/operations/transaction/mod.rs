//! Transactions: writes applied all or none ([`WriteTransaction`]), and reads as of one moment
//! ([`GetTransaction`]).

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
    pub fn transact_write(&self) -> WriteTransaction {
        WriteTransaction::new(self)
    }

    /// Reads items of several models (a tuple of keys) or of one model (any iterable of keys)
    /// as of one moment, in the order of `keys`. See [`GetTransaction`].
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
