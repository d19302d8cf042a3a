//! Tables and secondary indexes as types: what a key condition on each takes, whether it reads
//! consistently, and what its items decode to. `#[table]` implements [`Index`] for the table
//! (`M::Table`) and for each declared index (an associated const, `ComplexOrder::BY_CUSTOMER`).

use std::marker::PhantomData;

use aws_sdk_dynamodb::types::AttributeValue;

use crate::attribute_path::AttributePath;
use crate::codec::from_item;
use crate::error::{EncodeError, Error, Origin};
use crate::item::RawItem;
use crate::model::{KeySchema, Model};

/// A table or secondary index of a model, as the types a query of it needs. Implemented by
/// `#[table]`, never by hand.
///
/// ```
/// use aiodynamo::prelude::*;
/// use aiodynamo::Index;
/// #[table("orders", hash_key = "order_id", range_key = "created_at",
///         gsi(name = "by_customer", hash_key = "customer_id"))]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, created_at: u64, customer_id: String }
///
/// fn index_name<I: Index>(_: aiodynamo::SecondaryIndex<I>) -> Option<&'static str> { I::NAME }
/// assert_eq!(index_name(Order::BY_CUSTOMER), Some("by_customer"));
/// assert_eq!(<Order as Model>::Table::NAME, None);
/// ```
pub trait Index: Send + Sync + 'static {
    /// The model whose items it holds.
    type Model: Model;
    /// The partition key's type (for a sparse index on an `Option` field, the type inside it).
    type Hash;
    /// The sort key's type, or [`NoSortKey`].
    type Range;
    /// What an item read from it decodes to: the model, or `Partial<Model>` where the index
    /// does not project every attribute.
    type Item: ReadItem<Self::Model>;
    /// The index's name; `None` for the table.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// use aiodynamo::Index;
    /// assert_eq!(<Order as Model>::Table::NAME, None);
    /// assert_eq!(OrderByStatusIndex::NAME, Some("by_status"));
    /// ```
    const NAME: Option<&'static str>;
    /// The partition key attribute.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// use aiodynamo::Index;
    /// assert_eq!(OrderTable::HASH_KEY, "customer_id");
    /// assert_eq!(OrderByStatusIndex::HASH_KEY, "status");
    /// ```
    const HASH_KEY: &'static str;
    /// The sort key attribute.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { customer_id: String, created_at: String, status: String }
    /// use aiodynamo::Index;
    /// assert_eq!(OrderTable::RANGE_KEY, Some("created_at"));
    /// assert_eq!(OrderByStatusIndex::RANGE_KEY, None);
    /// ```
    const RANGE_KEY: Option<&'static str>;

    /// A partition key value, encoded as the model stores it.
    #[doc(hidden)]
    fn encode_hash(value: Self::Hash) -> Result<AttributeValue, EncodeError>;
    /// A sort key value, encoded as the model stores it.
    #[doc(hidden)]
    fn encode_range(value: Self::Range) -> Result<AttributeValue, EncodeError>;
}

/// The sort key of a table or index that has none: the `range_*` key conditions need a
/// [`KeyType`](crate::KeyType), which this is not, so on such a table or index they do not
/// exist (the compiler says the method's bounds are not satisfied: `NoSortKey: KeyType`).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// use aiodynamo::{Index, NoSortKey};
/// fn no_sort_key<I: Index<Range = NoSortKey>>() {}
/// no_sort_key::<OrderByStatusIndex>();
/// // So `Order::BY_STATUS.partition("open").range_eq(..)` does not compile.
/// ```
#[derive(Debug, Clone, Copy)]
pub enum NoSortKey {}

/// Tables and indexes with a sort key: only on them do the `range_*` key conditions exist.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// fn sorted<I: aiodynamo::HasSortKey>() {}
/// sorted::<OrderTable>(); // `sorted::<OrderByStatusIndex>()` does not compile
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no sort key: a key condition on it is the partition key alone",
    label = "`range_*` conditions need a table or index with a sort key",
    note = "query the partition alone, or add a `filter` on the attribute"
)]
pub trait HasSortKey: Index {}

/// Tables and local secondary indexes, which can be read strongly consistent.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// fn consistent<I: aiodynamo::ConsistentRead>() {}
/// consistent::<OrderTable>(); // `consistent::<OrderByStatusIndex>()` does not compile: a GSI
/// ```
#[diagnostic::on_unimplemented(
    message = "a global secondary index cannot be read with `consistent_read`",
    label = "DynamoDB reads global secondary indexes eventually consistent only",
    note = "read the table, or a local secondary index, for a strongly consistent read"
)]
pub trait ConsistentRead: Index {}

/// A secondary index of a model, as the associated const `#[table]` generates for it
/// (`ComplexOrder::BY_CUSTOMER`): queries start from its [`partition`](Self::partition), scans
/// take it in `.index(..)`.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// let index: aiodynamo::SecondaryIndex<OrderByStatusIndex> = Order::BY_STATUS;
/// let by_status = db.query(index.partition("open"));
/// let scan = db.scan::<Order>().index(index);
/// # let _ = (by_status, scan);
/// ```
pub struct SecondaryIndex<I>(PhantomData<fn() -> I>);

impl<I> SecondaryIndex<I> {
    /// The handle of index `I`; used by generated code.
    #[doc(hidden)]
    pub const fn new() -> Self {
        SecondaryIndex(PhantomData)
    }
}

impl<I> Clone for SecondaryIndex<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for SecondaryIndex<I> {}

impl<I: Index> std::fmt::Debug for SecondaryIndex<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecondaryIndex({})", I::NAME.unwrap_or_default())
    }
}

/// What an item read by a query or scan decodes to: the model, or a `Partial` of it.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("orders", hash_key = "customer_id", range_key = "created_at", gsi(name = "by_status", hash_key = "status"))]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { customer_id: String, created_at: String, status: String }
/// use aiodynamo::{Index, ReadItem};
/// fn reads<M, T: ReadItem<M>>() {}
/// reads::<Order, Order>(); // a table's items are the model
/// reads::<Order, Partial<Order>>(); // projected ones a `Partial`
/// fn item_of<I: Index>() -> std::any::TypeId where I::Item: 'static { std::any::TypeId::of::<I::Item>() }
/// assert_eq!(item_of::<OrderTable>(), std::any::TypeId::of::<Order>());
/// ```
pub trait ReadItem<M>: Sized {
    /// Decodes `item`, read with a projection of `requested` (empty: every attribute); `origin`
    /// names the request for errors.
    #[doc(hidden)]
    fn read(
        item: RawItem,
        requested: &[AttributePath],
        origin: &dyn Fn() -> Origin,
    ) -> Result<Self, Error>;
}

impl<M: Model> ReadItem<M> for M {
    fn read(item: RawItem, _: &[AttributePath], origin: &dyn Fn() -> Origin) -> Result<M, Error> {
        from_item(item).map_err(|source| Error::Decode {
            origin: origin(),
            source,
        })
    }
}

/// The key attributes of an item read through `I`: the table's keys and the index's, each once.
/// DynamoDB's `LastEvaluatedKey` (and so a cursor) holds exactly these.
pub(crate) fn key_attributes<I: Index>() -> Vec<KeySchema> {
    let schema = I::Model::SCHEMA;
    let (hash, range) = match I::NAME {
        None => (None, None),
        Some(name) => {
            let global = schema
                .global_indexes
                .iter()
                .find(|index| index.name == name);
            let local = schema.local_indexes.iter().find(|index| index.name == name);
            match (global, local) {
                (Some(global), _) => (Some(global.hash_key), global.range_key),
                (None, Some(local)) => (None, Some(local.range_key)),
                (None, None) => (None, None),
            }
        }
    };
    let mut keys: Vec<KeySchema> = Vec::with_capacity(4);
    for key in [Some(schema.hash_key), schema.range_key, hash, range]
        .into_iter()
        .flatten()
    {
        if !keys.iter().any(|known| known.name == key.name) {
            keys.push(key);
        }
    }
    keys
}
