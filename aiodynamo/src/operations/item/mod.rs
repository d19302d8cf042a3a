//! Single-item requests: get, put, delete, update, and the condition check of a transaction.

mod get;
pub mod return_values;
mod write;

pub use get::{Full, Get, Projected};
pub use return_values::{ItemReturnMode, ReturnMode, ReturnValues};
pub use write::{Check, Delete, Put, Update, Write, WriteKind};

use crate::expression::{Condition, UpdateAttr};
use crate::{Db, Model, ModelKey};

/// The single-item requests start here.
impl Db {
    /// Writes `item`, replacing any item with its key. See [`Put`].
    pub fn put<M: Model>(&self, item: &M) -> Put<M> {
        Write::new(self, crate::codec::to_item(item), Vec::new(), None)
    }

    /// Reads the item with this key. See [`Get`].
    pub fn get<K: ModelKey>(&self, key: K) -> Get<K::Model> {
        Get::new(self, key.to_item())
    }

    /// Deletes the item with this key. See [`Delete`].
    pub fn delete<K: ModelKey>(&self, key: K) -> Delete<K::Model> {
        Write::new(self, key.to_item(), Vec::new(), None)
    }

    /// Applies `actions` to the item with this key. See [`Update`].
    pub fn update<K: ModelKey>(
        &self,
        key: K,
        actions: impl IntoIterator<Item = UpdateAttr<K::Model>>,
    ) -> Update<K::Model> {
        Write::new(self, key.to_item(), actions.into_iter().collect(), None)
    }

    /// A condition on the item with this key, for a transaction. See [`Check`].
    pub fn check<K: ModelKey>(&self, key: K, condition: Condition<K::Model>) -> Check<K::Model> {
        Write::new(self, key.to_item(), Vec::new(), Some(condition))
    }
}
